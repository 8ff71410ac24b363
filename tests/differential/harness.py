"""Run the same programs and queries on SWI-Prolog and on neurosym.

Programs live in ``programs/*.pl``.  Each query is a comment line of the
program::

    % query: Goal.          answers compared as a sequence (order matters)
    % query(set): Goal.     answers compared as a set (sorted list of answer
                            texts) -- used for tabled predicates, whose
                            answers come in table order, which differs
                            between engines

The queries of a program run in file order against one loaded program, so a
query sees the database changes of the queries before it (assert/retract).

For every query both engines produce a :class:`Outcome`:

* ``solutions`` -- each answer as the ``write_canonical`` text of the list
  ``[Name=Value, ...]`` of the query's named variables (names as SWI-Prolog
  reports them, ``_``-prefixed names left out), at most ``MAX_SOLUTIONS``;
* ``status`` -- ``end`` (no more answers), ``cap`` (``MAX_SOLUTIONS``
  reached; the goal is not asked for more), ``error``, ``timeout``; the
  harness adds ``crash`` (neurosym raised a Python exception that is not
  one of its own errors), ``neurosym_error`` (a neurosym error that is not
  a Prolog error, e.g. the query text did not parse) and SWI's driver
  ``syntax_error`` (a bad query text: the corpus is broken);
* ``error`` -- the uncaught ball: ``error(Formal)`` for ``error(Formal, _)``
  (the context differs between engines and is not compared; so does the
  message of a syntax error, compared as ``syntax_error(_)``), otherwise
  ``throw(Ball)``;
* ``output`` -- everything the query wrote to current output.

SWI-Prolog runs as one ``swipl`` process per program (``driver.pl``);
neurosym runs in this process through ``neurosym.KnowledgeBase``.
"""

from __future__ import annotations

import io
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
DRIVER = HERE / "driver.pl"

MAX_SOLUTIONS = 50           # answers compared per query
SWIPL_TIME_LIMIT = 20        # seconds per query (call_with_time_limit/2)
NEUROSYM_TIME_LIMIT = 90     # seconds per query (SIGALRM); a safety net, not a timing test
SWIPL_PROCESS_LIMIT = 120    # seconds per swipl process

SWIPL_MISSING = (
    "swipl (SWI-Prolog) is not on PATH: the differential tests need it. "
    "Install it, e.g. `apt-get install swi-prolog-nox`."
)

_QUERY_LINE = re.compile(r"^%\s*query(?:\((?P<flags>[a-z_,\s]*)\))?:\s*(?P<goal>\S.*?)\s*$")
_FLAGS = {"set"}


@dataclass(frozen=True)
class Query:
    index: int
    text: str            # the goal text with its final '.'
    line: int            # 1-based line of the query comment
    flags: frozenset[str] = frozenset()

    @property
    def goal(self) -> str:
        """The goal text without its final '.'."""
        return self.text[:-1].rstrip()

    @property
    def as_set(self) -> bool:
        return "set" in self.flags


@dataclass(frozen=True)
class Program:
    path: Path
    queries: tuple[Query, ...]

    def __repr__(self) -> str:
        return f"Program({self.path.name}, {len(self.queries)} queries)"

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


@dataclass
class Outcome:
    solutions: list[str] = field(default_factory=list)
    status: str = "end"
    error: str | None = None
    output: str = ""
    names: list[str] = field(default_factory=list)

    def comparable(self, as_set: bool) -> dict:
        sols = sorted(self.solutions) if as_set else list(self.solutions)
        return {"status": self.status, "error": self.error,
                "solutions": sols, "output": self.output}


@dataclass
class SwiplRun:
    load_messages: list[dict]
    outcomes: list[Outcome]
    stderr: str = ""
    failure: str | None = None      # the process failed as a whole

    def __repr__(self) -> str:
        return f"SwiplRun({len(self.outcomes)} outcomes, failure={self.failure!r})"


def _clip(text: str, width: int = 1500) -> str:
    return text if len(text) <= width else text[:width] + f"... ({len(text)} chars)"


def describe_difference(query: Query, expected: Outcome, got: Outcome) -> str:
    """A readable account of how ``got`` (neurosym) differs from ``expected``."""
    want, have = expected.comparable(query.as_set), got.comparable(query.as_set)
    lines = [f"?- {query.text}   (line {query.line}; answers compared "
             f"{'as a set' if query.as_set else 'in order'}, first {MAX_SOLUTIONS})"]
    for key in ("status", "error", "output"):
        if want[key] != have[key]:
            lines.append(f"  {key}: swipl {_clip(repr(want[key]))}")
            lines.append(f"  {' ' * len(key)}  neurosym {_clip(repr(have[key]))}")
    ws, hs = want["solutions"], have["solutions"]
    if ws != hs:
        lines.append(f"  answers: swipl {len(ws)}, neurosym {len(hs)}")
        for i in range(max(len(ws), len(hs))):
            w = ws[i] if i < len(ws) else "(none)"
            h = hs[i] if i < len(hs) else "(none)"
            if w != h:
                lines.append(f"  first difference at answer {i + 1}:")
                lines.append(f"    swipl    {_clip(w)}")
                lines.append(f"    neurosym {_clip(h)}")
                break
    return "\n".join(lines)


# ---------------------------------------------------------------- programs

def parse_queries(text: str) -> tuple[Query, ...]:
    queries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        m = _QUERY_LINE.match(line)
        if not m:
            continue
        flags = frozenset(f.strip() for f in (m.group("flags") or "").split(",") if f.strip())
        unknown = flags - _FLAGS
        if unknown:
            raise ValueError(f"line {lineno}: unknown query flag(s) {sorted(unknown)}")
        goal = m.group("goal")
        if not goal.endswith("."):
            raise ValueError(f"line {lineno}: query must end with '.': {goal!r}")
        queries.append(Query(len(queries), goal, lineno, flags))
    return tuple(queries)


def load_programs() -> list[Program]:
    return [Program(p, parse_queries(p.read_text(encoding="utf-8")))
            for p in sorted(PROGRAMS.glob("*.pl"))]


# ---------------------------------------------------------------- SWI-Prolog

def swipl_path() -> str | None:
    return shutil.which("swipl")


def _fields(text: str):
    """The fields ``Length:Text`` written by ``driver.pl``, in order."""
    i = 0
    while i < len(text):
        j = text.index(":", i)
        n = int(text[i:j])
        yield text[j + 1:j + 1 + n]
        i = j + 1 + n


def _read_results(text: str) -> tuple[list[dict], list[Outcome]]:
    fields = _fields(text)

    def items(per: int = 1) -> list:
        n = int(next(fields))
        return [next(fields) if per == 1 else tuple(next(fields) for _ in range(per))
                for _ in range(n)]

    load: list[dict] = []
    outcomes: list[Outcome] = []
    for tag in fields:
        if tag == "load":
            load = [{"kind": k, "text": t} for k, t in items(2)]
        elif tag == "query":
            status, error, output = next(fields), next(fields), next(fields)
            names, sols = items(), items()
            outcomes.append(Outcome(sols, status, error or None, output, names))
        else:
            raise ValueError(f"unexpected record {tag!r} from driver.pl")
    return load, outcomes


def run_swipl(program: Program) -> SwiplRun:
    exe = swipl_path()
    if exe is None:
        raise RuntimeError(SWIPL_MISSING)
    stdin = "".join(q.text + "\n" for q in program.queries)
    with tempfile.TemporaryDirectory(prefix="nsdiff-") as tmp:
        results = Path(tmp) / "results.txt"
        try:
            proc = subprocess.run(
                [exe, "-q", "--no-packs", str(DRIVER), "--", str(program.path),
                 str(MAX_SOLUTIONS), str(SWIPL_TIME_LIMIT), str(results)],
                input=stdin, capture_output=True, text=True, encoding="utf-8",
                errors="replace", timeout=SWIPL_PROCESS_LIMIT, cwd=str(program.path.parent))
        except subprocess.TimeoutExpired:
            return SwiplRun([], [], failure=f"swipl ran past {SWIPL_PROCESS_LIMIT}s")
        text = results.read_text(encoding="utf-8") if results.exists() else ""
    try:
        load, outcomes = _read_results(text)
    except (ValueError, StopIteration) as exc:
        return SwiplRun([], [], proc.stderr, f"unreadable driver output ({exc}); "
                        f"stderr:\n{proc.stderr[-2000:]}")
    failure = None
    if len(outcomes) != len(program.queries):
        failure = (f"swipl answered {len(outcomes)} of {len(program.queries)} queries "
                   f"(exit {proc.returncode}); stderr:\n{proc.stderr[-2000:]}")
    return SwiplRun(load, outcomes, proc.stderr, failure)


def run_swipl_all(programs: list[Program], workers: int = 4) -> dict[str, SwiplRun]:
    if swipl_path() is None:
        raise RuntimeError(SWIPL_MISSING)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = list(pool.map(run_swipl, programs))
    return {p.name: r for p, r in zip(programs, runs, strict=True)}


# ---------------------------------------------------------------- neurosym

class _Timeout(BaseException):
    """Raised by SIGALRM; a BaseException so the engine cannot swallow it."""


def _on_alarm(signum, frame):
    raise _Timeout()


def _canonical(term) -> str:
    from neurosym.terms.printer import write_canonical
    return write_canonical(term)


def _bindings_term(bindings: dict, names: list[str]):
    from neurosym.terms import Atom, Struct, make_list
    eq = Atom("=")
    missing = Atom("$missing_binding")
    return make_list([Struct(eq, (Atom(n), bindings.get(n, missing))) for n in names])


def _ball_text(ball) -> str:
    from neurosym.terms import Atom, Struct, Var, deref
    ball = deref(ball)
    if type(ball) is Struct and ball.name.name == "error" and len(ball.args) == 2:
        formal = deref(ball.args[0])
        if type(formal) is Struct and formal.name.name == "syntax_error" and len(formal.args) == 1:
            formal = Struct(formal.name, (Var(),))      # the message is implementation defined
        return _canonical(Struct(ball.name, (formal,)))
    return _canonical(Struct(Atom("throw"), (ball,)))


def _crash(exc: BaseException) -> str:
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
    return f"{type(exc).__name__}: {exc}{where}"


@dataclass
class NeurosymRun:
    failure: str | None              # loading failed: every query fails with this
    outcomes: list[Outcome]
    warnings: list[str]              # what neurosym warned about while loading


@contextmanager
def _time_limit(seconds: float):
    """Raise ``_Timeout`` in the running code after ``seconds`` (SIGALRM; only
    in the main thread -- elsewhere there is no limit)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run_neurosym(program: Program, names: list[list[str]]) -> NeurosymRun:
    """Load ``program`` into a fresh ``KnowledgeBase`` and run its queries in
    order.  ``names[i]`` are the variable names SWI-Prolog reported for
    query ``i`` (the order of the binding list)."""
    from neurosym import KnowledgeBase
    from neurosym.errors import PrologError

    out = io.StringIO()
    warnings: list[str] = []
    try:
        with _time_limit(NEUROSYM_TIME_LIMIT):
            kb = KnowledgeBase.from_string(program.text, file=program.path.name, output=out,
                                           warn=warnings.append)
    except _Timeout:
        return NeurosymRun(f"loading ran past {NEUROSYM_TIME_LIMIT}s", [], warnings)
    except Exception as exc:  # noqa: BLE001 -- reported as the test failure
        render = getattr(exc, "render", None)
        return NeurosymRun(f"load failed: {render() if render else _crash(exc)}", [], warnings)
    outcomes = [_run_query(kb, out, q, qnames, PrologError)
                for q, qnames in zip(program.queries, names, strict=False)]
    return NeurosymRun(None, outcomes, warnings)


def _run_query(kb, out: io.StringIO, q: Query, names: list[str], prolog_error) -> Outcome:
    from neurosym.errors import NeurosymError

    start = len(out.getvalue())
    res = Outcome(names=list(names))
    it = None
    try:
        with _time_limit(NEUROSYM_TIME_LIMIT):
            try:
                it = iter(kb.query(q.goal, limit=None))
                for ans in it:
                    res.solutions.append(_canonical(_bindings_term(ans.bindings, names)))
                    if len(res.solutions) >= MAX_SOLUTIONS:
                        res.status = "cap"
                        break
            finally:
                close = getattr(it, "close", None)
                if close is not None:
                    close()
    except _Timeout:
        res.status = "timeout"
    except prolog_error as exc:
        res.status = "error"
        try:
            res.error = _ball_text(exc.term)
        except Exception as exc2:  # noqa: BLE001
            res.status, res.error = "crash", "printing the ball: " + _crash(exc2)
    except NeurosymError as exc:       # not a Prolog error: e.g. the query did not parse
        res.status, res.error = "neurosym_error", f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 -- a Python exception is an engine bug
        res.status, res.error = "crash", _crash(exc)
    res.output = out.getvalue()[start:]
    return res
