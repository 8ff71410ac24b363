"""The tracer's ports as the machine shows them (a part of ``Machine``).

A traced call pushes a ``CP_TRACE`` choicepoint holding its box
``[goal, depth, call trail mark, active, key]``: the Call port when it is
called, Exit when it succeeds (a Redo choicepoint when it left
alternatives), Fail or Redo when backtracking reaches it.  The debugger
itself (modes, keys, what a port prints) is :mod:`.tracer`.
"""

from __future__ import annotations

from ..terms import Atom, Struct, deref
from .control import CP_CATCH, CP_CLEANUP, CP_DEAD, CP_TRACE, OP_CUTFAIL, OP_TEXIT
from .tracer import DEPTH0, TCall, Traced, unbound_since

__all__ = ["Ports"]

_FAIL_THROUGH = (CP_DEAD, CP_CATCH, CP_CLEANUP)


class Ports:
    """The tracer-port methods of ``Machine`` (see the module docstring)."""

    def _trace_call(self, ent, goal, cutb, depth, pn, nxt, cps):
        """The Call port of ``goal``; the frames that run it and show its Exit."""
        t = self.tracer
        t.depth = depth
        box = [goal, depth, len(self.trail), True, ent.key]   # active: not exited
        b = len(cps)
        cps.append((CP_TRACE, len(self.trail), len(self.ptrail), box))
        if self._port("call", box) == "fail":
            return ((OP_CUTFAIL, b + 1), cutb, depth, pn, None)
        if not self.tracing:          # n (nodebug) at the port
            return (TCall(goal, ent.inner), cutb, depth, pn, nxt)
        return (TCall(goal, ent.inner), cutb, depth, pn,
                ((OP_TEXIT, (b, box)), cutb, depth, pn, nxt))

    def _trace_exit(self, data, cps, depth, pn, nxt):
        """The Exit port; a goal that left choicepoints gets a Redo port."""
        b, box = data
        box[3] = False
        if self._port("exit", box) == "fail":
            box[3] = True
            return ((OP_CUTFAIL, b + 1), 0, depth, pn, None)
        if len(cps) == b + 1 and cps[b][0] == CP_TRACE:
            cps.pop()                   # deterministic: no Redo or Fail port
        else:
            cps.append((CP_TRACE, len(self.trail), len(self.ptrail), box, 0))
        return nxt

    def _trace_back(self, cp, cps) -> None:
        """Backtracking through a traced goal's choicepoint: the Fail port
        (its Fail choicepoint, the goal active), or its Redo choicepoint (the
        goal is active again).  Then, when the choicepoint to be resumed next
        is an alternative (a clause, a disjunction...), the Redo port of the
        innermost goal that owns it, as SWI shows it."""
        box = cp[3]
        if len(cp) == 5:
            box[3] = True
        elif box[3]:
            box[3] = False
            self._port("fail", box)
        j = len(cps) - 1
        while j >= 0 and cps[j][0] in _FAIL_THROUGH:
            j -= 1
        if j < 0 or cps[j][0] == CP_TRACE:
            return
        while j >= 0 and (cps[j][0] != CP_TRACE or len(cps[j]) == 5):
            j -= 1
        if j >= 0:
            owner = cps[j][3]
            owner[3] = True
            unbound_since(self.trail, owner[2], lambda: self._port("redo", owner))

    def _port(self, port: str, box: list) -> str:
        """Show a port of the goal of ``box`` ([goal, depth, call trail mark,
        active, key]); the tracer's action.  A key that switched the
        debugger off (``n``, ``a``) takes effect at once."""
        t = self.tracer
        try:
            return t.port(port, box[0], box[1], box[4], self.ops)
        finally:
            if t.active != self.tracing:
                self.set_trace_mode(t.mode)

    def _trace_top(self, goal):
        """The query's goal, run as SWI-Prolog's toplevel runs it: a program's
        predicate has its ports at depth 10 (``Tracer.top``); a control
        construct's goals are at 11, and so are those a builtin or a library
        predicate calls (``once/1``, ``findall/3``), whose own ports are not
        shown while tracing."""
        t = self.tracer
        g = deref(goal)
        tg = type(g)
        if tg is not Struct and tg is not Atom:
            t.top = DEPTH0
            return goal
        key = (g.name, len(g.args)) if tg is Struct else (g, 0)
        ent = self._static.get((key[0].name, key[1]))
        lib = self.library
        if ent is None and (self.store.defined(key) or lib is None or not lib.defined(key)):
            t.top = DEPTH0 - 1
            return goal
        if ent is None:         # a library predicate: its clauses' goals at 11
            t.top = DEPTH0 - 1
            if not self.tracing:
                return goal
            ent = self._dispatch(g)
            return TCall(g, ent.inner if type(ent) is Traced else ent)
        t.top = DEPTH0
        if not self.tracing or type(ent) is int:
            return goal
        t.depth = -1            # the goals a builtin calls are at depth 0: 11
        return TCall(g, ent)
