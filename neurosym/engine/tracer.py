"""The debugger's ports, as SWI-Prolog's tracer shows them.

A goal called while tracing is a box with four ports (Byrd's model)::

       Call: (11) app(_1, _2, [1])
       Exit: (11) app([], [1], [1])
       Redo: (11) app(_1, _2, [1])
       Fail: (11) app(_1, _2, [1])
       Exception: (12) atom_length(_3, _4)

``(11)`` is the goal's depth (the query's goals are at depth 11, as at
SWI's toplevel; a clause body one deeper than its head).  Lines go to
standard error.

How the machine runs it (``Machine``; nothing of this runs while tracing is
off, the dispatch table then holding the plain entries):

* while tracing, the dispatch table maps every predicate but the control
  constructs (``true``/``fail``/``false`` are traced, as SWI does) to a
  ``Traced`` entry; calling it runs ``Machine._trace_call``: the Call port,
  then a ``CP_TRACE`` choicepoint under the goal (backtracking to it is the
  Fail port), the goal itself (a ``TCall`` frame: the plain entry) and an
  ``OP_TEXIT`` frame after it (the Exit port);
* at Exit, a goal that left no choicepoint drops its ``CP_TRACE`` (no Redo
  or Fail port later, as in SWI); otherwise a second ``CP_TRACE`` above its
  choicepoints is the Redo port;
* an exception unwinding through a goal's ``CP_TRACE`` is its Exception port.

Interaction: ``Tracer.ask`` (a callable returning one key, set by the REPL
on a terminal) is asked after each port shown, ``? `` prompting; ``None``
prints every port without asking (SWI's ``leash(-all)``), which is how the
CLI, the API and pipes trace.  The keys: creep (``c``, Enter, space), skip
(``s``: the goal's inner ports are hidden), leap (``l``: run on to the next
spy point), fail (``f``: the goal fails now), abort (``a``: the query ends,
``% Execution Aborted``), nodebug (``n``), help (``h``, ``?``).

Modes: ``off``, ``creep`` (every port shown), ``leap`` (debug mode: only
the ports of spy points, whose Call switches to creep where it asks; where
nothing asks -- ``leash(-all)``, the API -- it leaps on and, as SWI, shows
the spy points' Call, Exit, Fail and Exception ports but not Redo).
``spy/1`` puts the machine in debug mode.
"""

from __future__ import annotations

import sys

from ..errors import PrologError
from ..terms import Atom, Var, deref
from ..terms.printer import format_term

__all__ = ["Tracer", "Traced", "TCall", "DEPTH0", "ABORTED", "HELP", "UNTRACED"]

DEPTH0 = 11          # the depth of a query's goals, as SWI's toplevel shows them
ABORTED = Atom("$aborted")
MAX_DEPTH = 10       # SWI's debugger_write_options: max_depth(10)
MAX_NAMES = 100_000  # variable names kept before starting over

# the debugger's own predicates run unseen (SWI: they are "notrace")
UNTRACED = frozenset({("trace", 0), ("notrace", 0), ("debug", 0), ("nodebug", 0),
                      ("spy", 1), ("nospy", 1), ("nospyall", 0), ("debugging", 0),
                      ("leash", 1)})

PORTS = {"call": "Call", "exit": "Exit", "redo": "Redo", "fail": "Fail",
         "exception": "Exception"}

KEYS = {"c": "creep", "\r": "creep", "\n": "creep", " ": "creep",
        "s": "skip", "l": "leap", "f": "fail", "a": "abort", "n": "nodebug"}

HELP = """\
Options:
+:                  spy        -:              no spy
a:                  abort      c (ret, space): creep
f:                  fail       h (?):          help
l:                  leap       n:              no debug
s:                  skip
"""


class Traced:
    """A dispatch entry while tracing: the plain entry and the indicator."""

    __slots__ = ("inner", "key")

    def __init__(self, inner, key: tuple) -> None:
        self.inner = inner
        self.key = key


class TCall:
    """The goal of a frame that calls ``goal`` by its plain entry ``ent``
    (after its Call port)."""

    __slots__ = ("goal", "ent")

    def __init__(self, goal, ent) -> None:
        self.goal = goal
        self.ent = ent


class _Names(dict):
    """``_1``, ``_2`` ... for unbound variables, the same on every line."""

    def get(self, v, default=None):
        n = dict.get(self, v)
        if n is None:
            if len(self) >= MAX_NAMES:
                self.clear()
            n = self[v] = f"_{len(self) + 1}"
        return n


class Tracer:
    """The debugger's state on one machine: mode, spy points, the prompt."""

    def __init__(self) -> None:
        self.mode = "off"                 # off | creep | leap
        self.spies: set = set()           # (name, arity), or (name, None): every arity
        self.ask = None                   # one key from the terminal; None: never ask
        self.leashed = True               # leash/1: False never asks (leash(-all))
        self.err = None                   # where ports go (None: sys.stderr)
        self.skip_depth: int | None = None
        self.depth = 0                    # the depth of the last Call (nested runs)
        self.top = DEPTH0                 # the depth shown for depth 0 (ports._trace_top)
        self.names = _Names()

    @property
    def active(self) -> bool:
        """Whether calls go through the ports (trace or debug mode)."""
        return self.mode != "off"

    def spied(self, key) -> bool:
        name, arity = key
        return (name, arity) in self.spies or (name, None) in self.spies

    # -- output -------------------------------------------------------------
    def write(self, text: str) -> None:
        err = self.err if self.err is not None else sys.stderr
        err.write(text)
        err.flush()

    def goal_text(self, goal, ops) -> str:
        return format_term(goal, quoted=True, var_names=self.names, max_depth=MAX_DEPTH,
                           ops=ops, spacing="next_argument")

    # -- ports --------------------------------------------------------------
    def port(self, port: str, goal, depth: int, key, ops) -> str:
        """Show ``port`` of ``goal`` (if the mode shows it) and return the
        action: ``creep`` (go on), ``fail``, ``skip`` (at Call only);
        ``abort`` raises ``'$aborted'``."""
        if self.mode == "off":
            return "creep"
        if self.mode == "leap":
            if not self.spied(key):
                return "creep"
            if self.ask is not None and self.leashed:
                self.mode = "creep"
            elif port == "redo":
                # nothing asks (SWI's leash(-all)): leap on, showing the spy
                # point's ports but its Redo, as SWI's debug mode does
                return "creep"
        if self.skip_depth is not None:
            if depth > self.skip_depth:
                return "creep"
            self.skip_depth = None
        line = f"   {PORTS[port]}: ({depth + self.top}) {self.goal_text(goal, ops)}"
        if self.ask is None or not self.leashed:
            self.write(line + "\n")
            return "creep"
        while True:
            self.write(line + " ? ")
            try:
                key_in = self.ask()
            except (EOFError, KeyboardInterrupt):
                key_in = "a"
            if key_in in ("h", "?"):
                self.write("\n" + HELP)
                continue
            action = KEYS.get(key_in or "a")
            if action is None:
                self.write("\nUnknown option (h for help)\n")
                continue
            if action == "fail" and port not in ("call", "exit"):
                action = "creep"
            self.write(action + "\n")
            break
        if action == "abort":
            self.mode = "off" if not self.spies else "leap"
            raise PrologError.from_term(ABORTED)
        if action == "leap":
            self.mode = "leap"
            return "creep"
        if action == "nodebug":
            self.mode = "off"
            return "creep"
        if action == "skip":
            if port in ("call", "redo"):
                self.skip_depth = depth
            return "creep"
        return action


def unbound_since(trail: list, mark: int, fn):
    """``fn()`` with the bindings trailed since ``mark`` lifted (the goal as
    it was called: SWI's Redo and Fail ports show it so)."""
    saved = [(v, v.ref) for v in trail[mark:]]
    for v, _ in saved:
        v.ref = None
    try:
        return fn()
    finally:
        for v, r in saved:
            v.ref = r


def spec_keys(spec) -> list:
    """The keys of a spy/nospy argument: ``Name`` or ``Name/Arity`` (or a
    list of them)."""
    from ..errors import InstantiationError, PrologTypeError
    from ..terms import LIST, NIL, Struct, list_items
    s = deref(spec)
    if type(s) is Var:
        raise InstantiationError.new()
    if type(s) is Struct and s.name is LIST and len(s.args) == 2 or s is NIL:
        items, _ = list_items(s)
        return [k for it in items for k in spec_keys(it)]
    if type(s) is Atom:
        return [(s, None)]
    if type(s) is Struct and s.name.name == "/" and len(s.args) == 2:
        name, arity = deref(s.args[0]), deref(s.args[1])
        if type(name) is Var or type(arity) is Var:
            raise InstantiationError.new()
        if type(name) is Atom and type(arity) is int and arity >= 0:
            return [(name, arity)]
    raise PrologTypeError.new("predicate_indicator", s)
