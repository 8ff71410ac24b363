"""The choicepoint stack walked outside the loop (a part of ``Machine``).

``_throw`` unwinds it to the innermost active ``catch/3`` whose catcher
unifies with the ball (closing generators, running cleanup handlers and
the tracer's Exception port on the way); ``choicepoints_left`` tells, after
an answer, whether another one may come (SWI's deterministic exit).
"""

from __future__ import annotations

from ..errors import PrologError
from .cleanup import cleanup_on_throw
from .compile import copy_term
from .control import CP_CATCH, CP_CLAUSES, CP_CLEANUP, CP_DEAD, CP_GEN, CP_TRACE
from .tracer import ABORTED
from .unify import unify as _unify

__all__ = ["Unwind"]

class Unwind:
    """The unwinding methods of ``Machine`` (see the module docstring)."""

    def _throw(self, err: PrologError, cps: list, cur):
        """Find the innermost active catch/3 whose catcher unifies with the ball."""
        ball = err.term
        trail = self.trail
        while cps:
            cp = cps.pop()
            while len(trail) > cp[1]:
                trail.pop().ref = None
            if self.proof:
                del self.ptrail[cp[2]:]
            if cp[0] == CP_GEN:
                try:
                    cp[3].close()
                except Exception:  # noqa: BLE001 -- a closing generator may not raise into us
                    pass
            elif cp[0] == CP_CLEANUP:
                cleanup_on_throw(self, cp, ball, cur)
            elif cp[0] == CP_TRACE and len(cp) == 4 and cp[3][3] and ball is not ABORTED:
                cp[3][3] = False
                self._port("exception", cp[3])
            if cp[0] != CP_CATCH:
                continue
            marker = cp[5]
            f = cur
            while f is not None and f is not marker:
                f = f[4]
            if f is None:
                continue
            m2 = len(trail)
            if _unify(cp[3], ball, trail, False):
                _, _, _, _, recovery, _, cutb, depth, pn, nxt = cp
                return (recovery, len(cps), depth, pn, nxt)
            while len(trail) > m2:
                trail.pop().ref = None
        raise err

    def choicepoints_left(self) -> bool:
        """After ``run`` yielded an answer: True when a choicepoint remains, so
        backtracking may find another answer (it may still fail); False when
        the answer was the last (SWI's deterministic exit, where its toplevel
        ends the answer with ``.`` at once).  Looks, runs nothing."""
        for cp in reversed(self._answer_cps):
            kind = cp[0]
            if kind == CP_DEAD or kind == CP_CATCH or kind == CP_CLEANUP or kind == CP_TRACE:
                continue
            if kind == CP_CLAUSES and not self._clauses_may_match(cp):
                continue
            return True
        return False

    def _clauses_may_match(self, cp, most: int = 16) -> bool:
        """Whether a clause left by a CP_CLAUSES choicepoint has a head that
        unifies with the goal as it was called (the bindings made since are
        lifted meanwhile): SWI's deeper indexing leaves no choicepoint for
        ``parent(tom, bob)`` when no other ``parent(tom, bob)`` clause exists.
        More than ``most`` clauses left: assumed to match."""
        _, mark, _, goal, _, clauses, j = cp[:7]
        if len(clauses) - j > most:
            return True
        trail = self.trail
        saved = [(v, v.ref) for v in trail[mark:]]
        for v, _ in saved:
            v.ref = None
        try:
            for cl in clauses[j:]:
                m = len(trail)
                ok = _unify(copy_term(cl.head, {}), goal, trail, False)
                while len(trail) > m:
                    trail.pop().ref = None
                if ok:
                    return True
            return False
        finally:
            for v, r in saved:
                v.ref = r
