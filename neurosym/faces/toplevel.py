"""The toplevel: one input at a time, answered as SWI-Prolog's toplevel does.

``Toplevel.handle(text)`` takes one complete input -- a goal ending in ``.``
or a ``:command`` line -- and writes what SWI-Prolog would::

    X = tom ;          <- waits for a key when interactive
    X = bob.

``true.`` / ``false.`` for answers without bindings / no answer; errors in
one or two lines (the caret under syntax errors); the session always goes on.

After an answer the machine says whether a choicepoint is left
(``Machine.choicepoints_left``): if not, the answer ends in ``.`` at once,
as in SWI; else the toplevel waits, and the next answer is searched for (and
what it prints appears) only when the user asks for it.  A goal that leaves
a choicepoint and has no more answers ends with ``false.`` after ``;``, as
in SWI.  In soft mode (``:soft on``) answers come from the scored prover,
each after a ``% score S`` line.
``Ctrl-C`` while a goal runs prints ``% Execution Aborted``.

The toplevel does not read keys or lines itself: ``ask`` (a callable
returning one key, or ``None`` for "print every answer", the pipe mode) is
given by the face that drives it (``neurosym.faces.terminal`` or the pipe
loop in ``neurosym.cli.repl``).
"""

from __future__ import annotations

import contextlib
import re
import sys
import warnings
from typing import Callable

from ..config import Limits
from ..engine.query import ParsedQuery
from ..engine.tracer import ABORTED
from ..errors import (
    Halt,
    IncompleteInput,
    NeurosymError,
    NoVectorsWarning,
    ParseError,
    PrologError,
    ResourceError,
    render_os_error,
)
from ..kb import KnowledgeBase
from ..lang import diagnostics as diag
from ..lang.parser import parse_program, parse_query
from ..proof import format_score
from ..terms import Atom, Struct, deref, term_vars
from ..terms.printer import VarNames, format_term
from .answers import PRINT_OPTIONS, WRITE_OPTIONS, answer_max_depth, format_answer
from .commands import run_command
from .dwim import YES_KEYS, corrected, corrections, unknown_atoms_note, unseen_atoms
from .loading import loading_goal

__all__ = ["Toplevel", "input_complete", "InputGate", "NEXT_KEYS", "STOP_KEYS"]

NEXT_KEYS = frozenset(";nr \t")
STOP_KEYS = frozenset("\r\n.c")
ABORT_KEYS = frozenset("a")
HELP_KEYS = frozenset("h?")
WRITE_KEYS = {"w": "write", "p": "print"}    # the answer again, whole / abbreviated

_HALT = Atom("halt")
_NECK = Atom(":-")

ACTIONS_HELP = """\
Actions:
; (n,r,space,TAB): redo    . (c,RET):  stop
a:               abort      h (?):     help
w:               write      p:         print
"""


def input_complete(text: str, ops=None) -> bool:
    """True when ``text`` is a whole input: a ``:command`` line (``:add``
    needs its clause's final ``.``), a goal that ends in ``.``, or a text
    with a syntax error that more lines cannot mend.  False asks for another
    line (SWI's ``|    `` continuation)."""
    s = text.strip()
    if not s:
        return True
    if s.startswith(":") and not s.startswith(":-"):
        word = s.split(None, 1)[0]
        if word != ":add":
            return True
        s = s[len(word):].strip()
        if not s:
            return True
    try:
        parse_query(s, require_end=True, ops=ops)
    except IncompleteInput as e:
        # inside a quote or a comment the '.' does not end the goal; else a
        # final end token '.' does (SWI reads up to it, then parses)
        return "unterminated" not in e.message and _ends_with_end_token(s)
    except ParseError:
        return True
    return True


class InputGate:
    """``input_complete`` for a text that grows a line at a time (the REPL's
    continuation lines), in linear time overall: while the text ends inside
    a quote or a block comment, a new line that does not hold its closing
    character cannot complete it, so it is not parsed again (re-parsing the
    whole text at every one of n lines cost O(n^2)).  ``parses`` counts the
    parses made."""

    def __init__(self) -> None:
        self.text = ""
        self.closer: str | None = None    # what closes the open quote/comment
        self.parses = 0

    def complete(self, text: str, ops=None) -> bool:
        prev = self.text
        if self.closer is not None and text.startswith(prev) \
                and self.closer not in text[len(prev) - len(self.closer) + 1:]:
            self.text = text
            return False
        self.parses += 1
        done = input_complete(text, ops)
        self.text = "" if done else text
        self.closer = None if done else _open_closer(text)
        return done


def _open_closer(text: str) -> str | None:
    """The closing characters of the quote or block comment that ``text``
    ends inside, or None."""
    scan = diag.clause_bounds(text, 0, len(text))
    if scan.unterminated is None:
        return None
    opener = text[scan.unterminated[1]]
    return "*/" if opener == "/" else opener


_SYMBOL_CHARS = frozenset("+-*/\\^<>=~:.?@#&$")
_TRAILING_COMMENT = re.compile(r"%[^'\"`\n]*$")


def _end(text: str) -> str:
    """The full stop after an answer: `` .`` when the text ends in a symbol
    character (``X = +``), where ``.`` would be read as part of the atom."""
    return " ." if text and text[-1] in _SYMBOL_CHARS else "."


def _ends_with_end_token(s: str) -> bool:
    s = _TRAILING_COMMENT.sub("", s).rstrip()
    return s.endswith(".") and (len(s) == 1 or s[-2] not in _SYMBOL_CHARS)


def split_goals(text: str, ops=None) -> list[str]:
    """Several goals typed (or pasted) on one line, ``X = 1. Y = 2.``, one
    by one as SWI reads them; one goal, or text that does not split into
    whole clauses, stays as it is (its syntax error is reported)."""
    try:
        parse_query(text, ops=ops)
        return [text]
    except ParseError:
        pass
    try:
        items = parse_program(text, ops=ops).items
    except NeurosymError:
        return [text]
    spans = [getattr(i, "span", None) for i in items]
    if len(items) < 2 or any(sp is None for sp in spans):
        return [text]
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + col - 1

    return [text[offset(sp.line, sp.column):offset(sp.end_line, sp.end_column)]
            for sp in spans]


class Toplevel:
    """The toplevel's state: the knowledge base, loaded files, limits and
    the last query (for ``:why``).

    ``out``/``err``: text streams (default ``sys.stdout``/``sys.stderr``,
    looked up at each write); ``ask``: reads one key after an answer (see
    the module doc); ``rich``: pretty output (proof trees, tables) for a
    terminal, plain text otherwise.
    """

    def __init__(self, kb=None, *, out=None, err=None, ask: Callable[[], str] | None = None,
                 rich: bool = False) -> None:
        self.kb = kb if kb is not None else KnowledgeBase()
        # ``:soft on`` and ``:vectors`` print how many symbols have vectors instead
        warnings.filterwarnings("ignore", category=NoVectorsWarning)
        self._out = out
        self._err = err
        self.ask = ask
        self.rich = rich
        self.files: list[str] = []
        self.limits = Limits()
        self.last_query: str | None = None
        self.last_index = 0          # which answer of last_query was shown last
        self.last_answer = None      # that answer (the Answer), for :yes / :no
        self.halted: int | None = None
        self.at_line_start = True
        self.soft = False              # :soft on -- queries run the scored prover
        self.soft_options: dict = {}   # top_k, threshold ... for kb.query(mode="soft")
        self.guide_on = True           # :guide off -- scored queries use the neutral scorer

    def soft_query(self) -> dict:
        """The keywords of ``kb.query`` for a goal in soft mode: the mode and
        ``:soft``'s options, and ``scorer="neutral"`` after ``:guide off``."""
        kw = {"mode": "soft", **self.soft_options}
        if not self.guide_on:
            kw["scorer"] = "neutral"
        return kw

    @property
    def mode_prefix(self) -> str:
        """``[trace] `` or ``[debug] `` before the prompt, as SWI shows the
        debugger's mode; empty when it is off."""
        mode = self.kb.machine.tracer.mode
        return {"creep": "[trace] ", "leap": "[debug] "}.get(mode, "")

    @property
    def ops(self):
        """The knowledge base's operator table (``op/3`` changes it)."""
        return getattr(self.kb, "ops", None)

    # -- output -----------------------------------------------------------
    @property
    def out(self):
        return self._out if self._out is not None else sys.stdout

    @property
    def err(self):
        return self._err if self._err is not None else sys.stderr

    def write(self, text: str) -> None:
        if text:
            self.out.write(text)
            self.out.flush()
            self.at_line_start = text.endswith("\n")

    def fresh_line(self) -> None:
        """Start a new line unless at one (after ``write(hi)``, as SWI does)."""
        if not self.at_line_start:
            self.write("\n")

    def error(self, text: str) -> None:
        self.out.flush()
        self.err.write(text.rstrip("\n") + "\n")
        self.err.flush()

    def show_error(self, e: BaseException) -> None:
        if isinstance(e, PrologError) and e.term is ABORTED:     # the tracer's abort
            self.error("% Execution Aborted")
        elif isinstance(e, NeurosymError):
            self.error(e.render())
        elif isinstance(e, OSError):
            self.error(render_os_error(e))
        elif isinstance(e, ValueError):
            self.error(f"error: {e}")
        else:
            self.error(f"internal error: {type(e).__name__}: {e}")

    # -- one input --------------------------------------------------------
    def handle(self, text: str) -> None:
        """Run one complete input; never raises (but ``halt`` sets ``halted``)."""
        s = text.strip()
        if not s:
            return
        try:
            if s.startswith(":") and not s.startswith(":-"):
                run_command(self, s)
            else:
                for goal in split_goals(s, self.ops):
                    if self.halted is not None:
                        break
                    self.run_query(goal)
        except Halt as h:               # halt/0,1 called by the goal
            self.halted = h.code
        except KeyboardInterrupt:
            self.write("\n")          # after the terminal's ^C
            self.error("% Execution Aborted")
        except (NeurosymError, OSError, ValueError) as e:
            self.show_error(e)
        except RecursionError:
            self.show_error(ResourceError.new("stack"))
        except MemoryError:
            self.show_error(ResourceError.new("memory"))
        except Exception as e:  # noqa: BLE001 -- nothing typed may end the session
            self.error(f"internal error: {type(e).__name__}: {e}")

    def parse(self, text: str):
        """The goal and its named variables (in order of first appearance)."""
        q = self.kb.runner.parse(text)
        goal, varmap = q.goal, q.varmap
        order = {id(v): i for i, v in enumerate(term_vars(goal))}
        names = sorted(varmap, key=lambda n: order.get(id(deref(varmap[n])), len(order)))
        return goal, {n: varmap[n] for n in names}

    def run_query(self, text: str) -> int:
        """Answer a goal; returns how many answers were shown."""
        goal, varmap = self.parse(text)
        g = deref(goal)
        if g is _HALT:
            self.halted = 0
            return 0
        if type(g) is Struct and g.name is _HALT and len(g.args) == 1:
            code = deref(g.args[0])
            self.halted = code if type(code) is int else 0
            return 0
        if loading_goal(self, g):       # consult/1, [F], make ... (faces.loading)
            return 1
        if type(g) is Struct and g.name is _NECK and len(g.args) == 1:
            loader = self.kb.loader
            saved, loader.limits = loader.limits, self.limits     # --time holds here too
            try:
                with self.goal_output():       # ':- Directive.' runs as in a file
                    self.kb.add(text if text.rstrip().endswith(".") else text + ".")
            finally:
                loader.limits = saved
            return 0
        tracer = self.kb.machine.tracer     # the tracer asks at its ports as we do
        tracer.ask = self.ask
        tracer.err = self._err
        if self.ask is not None:
            goal, text = self._correct(goal, varmap, text)
        self.last_query = text
        self.last_index = 0
        self.last_answer = None
        return self._answer_loop(goal, varmap)

    def _correct(self, goal, varmap, text: str):
        """SWI's DWIM: ``Correct to: "parent(X,Y)"?`` for each call of an
        unknown predicate with one close name (``faces.dwim``); the goal and
        its text after the answers."""
        fixes = corrections(self.kb.machine, goal)
        if not fixes:
            return goal, text
        names = VarNames({deref(v): k for k, v in varmap.items()})     # others: _A, _B ...
        accepted = {}
        for key, (_, fixed) in fixes.items():
            shown = format_term(fixed, quoted=True, var_names=names, ops=self.ops)
            self.fresh_line()
            self.write(f'Correct to: "{shown}"? ')
            try:
                yes = self.ask() in YES_KEYS
            except EOFError:
                yes = False
            self.write("yes\n" if yes else "no\n")
            if yes:
                accepted[key] = fixes[key]
        if not accepted:
            return goal, text
        goal = corrected(goal, accepted)
        return goal, format_term(goal, quoted=True, var_names=names, ops=self.ops)

    def _answer_loop(self, goal, varmap) -> int:
        """Show the answers one at a time.  After each the machine says whether
        a choicepoint is left: if not, the answer ends with ``.`` at once (as
        SWI's toplevel does); else the toplevel waits for a key.  The next
        answer is searched for only when asked for, so what it prints comes
        after the ``;``.  In soft mode each answer comes after its ``% score``
        line, and a bounded look ahead of the scored prover
        (``ScoredAnswers.more``) stands in for the choicepoint test."""
        kb = self.kb
        if self.soft:
            gen = kb.query(goal, limits=self.limits, **self.soft_query())

            def last() -> bool:
                with self.goal_output():
                    return gen.more() is False
        else:
            q = ParsedQuery(goal, varmap, [n for n in varmap if not n.startswith("_")])
            gen = kb.runner.answers(q, None, False, self.limits)

            def last() -> bool:
                return not kb.machine.choicepoints_left()
        unseen = unseen_atoms(kb.store, goal)       # before it runs (it may intern them)
        n = 0
        try:
            while True:
                with self.goal_output():
                    a = next(gen, None)
                if a is None:
                    self.fresh_line()
                    self.write("false.\n")
                    note = None if n else unknown_atoms_note(kb.store, unseen)
                    if note:
                        self.error(note)
                    break
                n += 1
                self.last_index = n
                self.last_answer = a
                text = self.answer_text(a, varmap)
                self.fresh_line()
                if self.soft:
                    self.write(f"% score {format_score(a.score)}\n")
                if last():
                    self.write(text + _end(text) + "\n")
                    break
                self.write(text + " ")
                if not self._next_wanted(lambda a=a: self.answer_text(a, varmap)):
                    break
        finally:
            gen.close()
        budget = self.soft_options.get("max_expansions")
        if self.soft and getattr(gen, "truncated", False):      # as neurosym query says it
            self.error(f"% the search ended at its budget of {budget} expansions: answers "
                       "it did not reach may exist")
        return n

    def answer_text(self, a, varmap) -> str:
        """An answer's text, abbreviated as the ``answer_write_options``
        flag says (``max_depth(10)`` by default, as in SWI)."""
        return format_answer(a.bindings, varmap, self.ops, a.residuals,
                             max_depth=answer_max_depth(self.kb.machine.flags))

    def _next_wanted(self, again: Callable[[], str] = lambda: "") -> bool:
        """Ask for the key after an answer and end its line; True for ``;``.
        ``w`` / ``p`` set ``answer_write_options`` to write the answer whole
        / abbreviated (as SWI's keys do) and show it again (``again()``)."""
        action = self._action()
        while action in ("write", "print"):
            flags = self.kb.machine.flags
            flags["answer_write_options"] = WRITE_OPTIONS if action == "write" else PRINT_OPTIONS
            self.write(f"[{action}]\n")
            self.write(again() + " ")
            action = self._action()
        if action == "stop":
            self.write(".\n")     # after the space: 'X = + .' reads back
            return False
        if action == "abort":
            self.write("\n")
            self.error("% Execution Aborted")
            return False
        self.write(";\n")
        return True

    def _action(self) -> str:
        """What the user wants after an answer: ``next``, ``stop`` or ``abort``."""
        if self.ask is None:
            return "next"
        while True:
            try:
                key = self.ask()
            except (KeyboardInterrupt, EOFError):
                return "stop"
            if not key or key in STOP_KEYS or key == "\x04":
                return "stop"
            if key in NEXT_KEYS:
                return "next"
            if key in ABORT_KEYS:
                return "abort"
            if key in WRITE_KEYS:
                return WRITE_KEYS[key]
            if key in HELP_KEYS:
                self.write("\n" + ACTIONS_HELP + "\nAction? ")
                continue
            shown = key if key.isprintable() else repr(key)
            self.write(f"Unknown action: {shown} (h for help)\nAction? ")

    # -- helpers for commands ---------------------------------------------
    @contextlib.contextmanager
    def goal_output(self):
        """What goals print goes to ``out`` (and moves the column) meanwhile."""
        m = self.kb.machine
        saved = m.output
        m.output = _Tracked(self)
        try:
            yield
        finally:
            m.output = saved

    def set_limits(self, **kw) -> None:
        data = self.limits.model_dump()
        data.update(kw)
        self.limits = Limits(**data)


class _Tracked:
    """The goal's output stream: the toplevel's, noting the column."""

    __slots__ = ("top",)

    def __init__(self, top: Toplevel) -> None:
        self.top = top

    def write(self, text: str) -> int:
        self.top.write(text)
        return len(text)

    def flush(self) -> None:
        self.top.out.flush()
