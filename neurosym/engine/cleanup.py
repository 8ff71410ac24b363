"""setup_call_cleanup/3, setup_call_catcher_cleanup/4, call_cleanup/2.

The machine runs them with one choicepoint kind and two internal goals
(see :mod:`.control`):

* ``setup_call_catcher_cleanup(S, G, Catcher, C)`` runs ``S`` as ``once/1``,
  then ``(OP_GUARD, (G, Catcher, C))`` checks that ``C`` is callable and
  pushes a ``CP_CLEANUP`` choicepoint below ``G``'s; ``G`` runs with its own
  cut barrier above it, followed by ``(OP_CLEANUP, b)``;
* the cleanup runs once, when ``G`` is finished, with ``Catcher`` unified
  with how it finished (SWI-Prolog's catchers):

  - ``exit``: ``(OP_CLEANUP, b)`` is reached with nothing above the
    choicepoint (``G`` left no choicepoint);
  - ``fail``: backtracking reaches the ``CP_CLEANUP`` choicepoint;
  - ``!``: a cut removes it (``once/1``, ``->``, ``\\+``), or the query is
    closed while ``G`` may still give answers;
  - ``exception(E)``: ``E`` is raised inside ``G``; ``external_exception(E)``:
    raised after ``G`` exited, while its choicepoints were left.

  For exit, fail and cut the cleanup runs as the goal
  ``(Catcher = How -> (call(C) -> true ; true) ; true)`` in the current
  bindings, so its bindings (and the catcher's) stay, as in SWI; an error it
  raises propagates.  For exceptions (and a closed query) it runs as a
  sub-query, and its errors are dropped: the first exception wins.

``Machine.cleanups`` counts the ``CP_CLEANUP`` choicepoints alive, so a cut
looks for them only while there are some.
"""

from __future__ import annotations

from ..errors import InstantiationError, PrologError, PrologTypeError
from ..terms import Atom, Struct, Var, deref
from .control import ARROW, CP_CLEANUP, FAIL, OP_CLEANUP, OP_CUT, OP_GUARD, SEMI, TRUE
from .metacall import CLEANUP, context

__all__ = ["enter_cleanup", "guard_cleanup", "leave_cleanup", "cleanup_cut", "cleanup_on_fail",
           "cleanup_on_throw", "cleanup_on_close"]

_EQ, _CALL = Atom("="), Atom("call")
EXIT, CUT, FAIL_TAG = Atom("exit"), Atom("!"), Atom("fail")
_EXC, _EXT = Atom("exception"), Atom("external_exception")


def enter_cleanup(args, ncps: int, cutb: int, depth: int, pn, nxt):
    """The frames of a call of the family (``args`` by arity): setup as
    once/1, then the guard.  The machine checks the setup's body."""
    n = len(args)
    if n == 2:
        setup, goal, catcher, cleanup = TRUE, args[0], Var(), args[1]
    elif n == 3:
        setup, goal, catcher, cleanup = args[0], args[1], Var(), args[2]
    else:
        setup, goal, catcher, cleanup = args
    after = ((OP_GUARD, (goal, catcher, cleanup)), cutb, depth, pn, nxt)
    return (setup, ncps, depth, pn, ((OP_CUT, ncps), cutb, depth, pn, after))


def guard_cleanup(m, data, cps: list, mark: int, plen: int, depth: int, pn, nxt):
    """After the setup: push the cleanup choicepoint, then run the goal (the
    machine checks its body next: the cleanup runs for that error)."""
    goal, catcher, cleanup = data
    c = deref(cleanup)
    if type(c) is Var:
        raise InstantiationError.new(context(CLEANUP))
    if type(c) is not Atom and type(c) is not Struct:
        raise PrologTypeError.new("callable", c, context(CLEANUP))
    b = len(cps)
    exit_frame = ((OP_CLEANUP, b), b, depth, pn, nxt)
    cps.append((CP_CLEANUP, mark, plen, catcher, cleanup, depth, pn, exit_frame))
    m.cleanups += 1
    return (goal, b + 1, depth, pn, exit_frame)


def _goal(cp, how):
    """``(Catcher = How -> (call(C) -> true ; true) ; true)``."""
    run = Struct(SEMI, (Struct(ARROW, (Struct(_CALL, (cp[4],)), TRUE)), TRUE))
    return Struct(SEMI, (Struct(ARROW, (Struct(_EQ, (cp[3], how)), run)), TRUE))


def leave_cleanup(m, b: int, cps: list, nxt):
    """``(OP_CLEANUP, b)``: the goal exited; deterministically when its
    choicepoint is the last one: then the cleanup runs (catcher ``exit``)."""
    if len(cps) == b + 1 and cps[b][0] == CP_CLEANUP:
        cp = cps.pop()
        m.cleanups -= 1
        return (_goal(cp, EXIT), b, cp[5], cp[6], nxt)
    return nxt


def cleanup_cut(m, cps: list, b: int, nxt):
    """Cut ``cps`` to ``b``; the cleanups of the choicepoints removed run
    first (innermost first), then ``nxt``."""
    removed = [cp for cp in cps[b:] if cp[0] == CP_CLEANUP]
    del cps[b:]
    fr = nxt
    for cp in removed:          # the outermost is pushed first: it runs last
        m.cleanups -= 1
        fr = (_goal(cp, CUT), b, cp[5], cp[6], fr)
    return fr


def cleanup_on_fail(m, cp):
    """Backtracking reached the choicepoint: the cleanup runs, then fail."""
    m.cleanups -= 1
    return (_goal(cp, FAIL_TAG), 0, cp[5], cp[6], (FAIL, 0, cp[5], cp[6], None))


def _now(m, cp, how) -> None:
    try:
        for _ in m.solve_iter(_goal(cp, how)):
            break
    except PrologError:
        pass                    # the exception being handled wins


def cleanup_on_throw(m, cp, ball, cur) -> None:
    """An exception removed the choicepoint; ``cur`` is the frame that raised."""
    m.cleanups -= 1
    f, exit_frame = cur, cp[7]
    while f is not None and f is not exit_frame:
        f = f[4]
    _now(m, cp, Struct(_EXC if f is not None else _EXT, (ball,)))


def cleanup_on_close(m, cps: list) -> None:
    """The run is closed after an answer: its cleanups run (catcher ``!``)."""
    for cp in reversed(cps):
        if cp[0] == CP_CLEANUP:
            m.cleanups -= 1
            _now(m, cp, CUT)
