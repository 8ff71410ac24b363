"""The tracer's ports against SWI-Prolog's: for every ``% trace: Goal.``
line of ``traces/*.pl``, SWI-Prolog (``leash(-all)``, at its toplevel)
and neurosym (the API, ports written without asking) trace
``trace, (Goal, fail ; true)``; the port lines must agree, variables
renamed in order of first appearance (``_4116`` and ``_1`` are both
``_A``) and depth numbers as printed.

The programs keep to goals that both systems run as calls: SWI compiles
some body goals away (``X = f(Y)`` in a clause body, ``\\+``'s inner
redo), and neurosym's ``true`` in a body likewise, so those differ.
"""

from __future__ import annotations

import io
import re
import subprocess
from itertools import zip_longest
from pathlib import Path

import pytest

from .harness import SWIPL_MISSING, Query, _run_query, load_programs, swipl_path

HERE = Path(__file__).resolve().parent
TRACES = sorted((HERE / "traces").glob("*.pl"))
_TRACE_LINE = re.compile(r"^%\s*(?P<how>trace|spy\([^)]*\)):\s*(?P<goal>\S.*?)\.\s*$")
_VAR = re.compile(r"\b_[A-Z]?\d+\b")
_SEP = "@@@ "


def _goals(path: Path) -> list[str]:
    """The goals to trace: ``% trace: G.`` traces ``G`` from its start;
    ``% spy(Spec): G.`` runs ``G`` in debug mode with a spy point on ``Spec``."""
    return [m.group("goal") if m.group("how") == "trace" else f"{m.group('how')}: {m.group('goal')}"
            for line in path.read_text().splitlines() if (m := _TRACE_LINE.match(line))]


CASES = [(p, g) for p in TRACES for g in _goals(p)]


def normalize(text: str) -> list[str]:
    """The port lines, variables renamed ``_A``, ``_B`` ... by first appearance."""
    names: dict[str, str] = {}

    def rename(m: re.Match) -> str:
        v = m.group(0)
        if v not in names:
            names[v] = f"_V{len(names)}"
        return names[v]

    return [_VAR.sub(rename, line.rstrip()) for line in text.splitlines() if line.strip()]


def _steps(goal: str) -> list[str]:
    """The toplevel queries that trace ``goal`` (a ``spy(Spec): G`` one in
    debug mode), leaving the debugger off."""
    if goal.startswith("spy("):
        spy, _, g = goal.partition(": ")
        return [spy, "debug", f"({g}, fail ; true)", "nodebug", "nospyall"]
    return [f"trace, ({goal}, fail ; true), notrace", "nodebug"]


def swipl_traces(path: Path) -> dict[str, str]:
    """The standard error of SWI tracing each goal of ``path``."""
    goals = _goals(path)
    lines = ["leash(-all)."]
    for i, g in enumerate(goals):
        lines += [f'format(user_error, "{_SEP}{i}~n", []).'] + [q + "." for q in _steps(g)]
    lines.append("halt.")
    proc = subprocess.run([swipl_path(), "-q", "--no-packs", str(path)],
                          input="\n".join(lines) + "\n", capture_output=True, text=True,
                          timeout=60, cwd=str(path.parent))
    parts = proc.stderr.split(_SEP)[1:]
    out = {}
    for part in parts:
        i, _, body = part.partition("\n")
        out[goals[int(i)]] = body
    return out


def neurosym_trace(path: Path, goal: str) -> str:
    from neurosym import KnowledgeBase

    kb = KnowledgeBase.from_string(path.read_text(), file=path.name, output=io.StringIO())
    err = io.StringIO()
    kb.machine.tracer.err = err
    for q in _steps(goal):
        list(kb.query(q, limit=None))
    # SWI -q leaves out its "% Spy point on ..." messages
    return "".join(line for line in err.getvalue().splitlines(keepends=True)
                   if not line.startswith("% "))


@pytest.fixture(scope="module")
def swipl_runs():
    if swipl_path() is None:
        pytest.fail(SWIPL_MISSING, pytrace=False)
    return {p.name: swipl_traces(p) for p in TRACES}


def test_corpus():
    assert len(CASES) >= 10


@pytest.mark.swipl
@pytest.mark.parametrize("path,goal", CASES, ids=[f"{p.stem}:{g}" for p, g in CASES])
def test_same_ports_as_swipl(path, goal, swipl_runs):
    want = normalize(swipl_runs[path.name][goal])
    got = normalize(neurosym_trace(path, goal))
    assert want, f"swipl printed no ports for {goal}"
    assert got == want, "\n".join(
        ["ports differ (swipl | neurosym):"]
        + [f"{w:<50} | {g}" for w, g in zip_longest(want, got, fillvalue="")])


# -- tracing changes no answer ---------------------------------------------------
# The corpus's programs on control (cut, catch, cleanup, negation, all-solutions,
# tabling): every query answers the same with the tracer on (its ports written
# to a buffer) as with it off.
_CONTROL = ("cut_", "catch", "cleanup", "negation", "control_", "bagof", "tabling_",
            "classic_family", "classic_queens", "errors_propagation")
CORPUS = [p for p in load_programs() if p.name.startswith(_CONTROL)]


def _answers(program, traced: bool) -> list:
    from neurosym import KnowledgeBase
    from neurosym.errors import PrologError

    out = io.StringIO()
    kb = KnowledgeBase.from_string(program.text, file=program.path.name, output=out,
                                   warn=lambda w: None)
    kb.machine.tracer.err = err = io.StringIO()
    got = []
    for q in program.queries:
        goal = f"trace, ({q.goal}), notrace" if traced else q.goal
        names = sorted(set(re.findall(r"\b[A-Z]\w*", q.goal)))
        o = _run_query(kb, out, Query(q.index, goal + ".", q.line, q.flags), names, PrologError)
        kb.machine.set_trace_mode("off")
        got.append((q.text, o.status, o.error, o.solutions))
    assert not traced or err.getvalue()
    return got


def test_corpus_for_tracing():
    assert len(CORPUS) >= 10


@pytest.mark.parametrize("program", CORPUS, ids=[p.name for p in CORPUS])
def test_tracing_changes_no_answer(program):
    assert _answers(program, True) == _answers(program, False)
