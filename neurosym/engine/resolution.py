"""Helpers of the machine's loop: goals, keys, and the generic resolution step.

``_key0`` (a goal's first-argument key), ``_next_tick`` (when the loop
next looks at its limits), and the methods ``_next_candidate``
(first-argument filtering of a clause list) and ``_generic`` (a resolution
step by the template walker or by renaming, where the generated clause code
does not apply).
"""

from __future__ import annotations

from ..terms import Atom, Struct, Var
from .compile import compiled_of, copy_term
from .control import TRUE
from .templates import build, first_arg_key, unify_template
from .unify import unify as _unify

__all__ = ["Resolution"]

SLASH = Atom("/")


def _key0(args):
    """First-argument index key of a goal's arguments (None: unbound/none)."""
    if not args:
        return None
    a = args[0]
    while type(a) is Var:
        r = a.ref
        if r is None:
            return None
        a = r
    return first_arg_key(a)


def _next_tick(inf: int, maxinf: int) -> int:
    """The inference count at which the machine next looks at its limits:
    the next multiple of 1024 (the time limit), or past the inference limit."""
    return min((inf | 1023) + 1, maxinf + 1)


def _ind(key):
    return Struct(SLASH, (key[0], key[1]))


_NOT_IND = Struct(SLASH, (Atom("\\+"), 1))


class Resolution:
    """The resolution helpers of ``Machine`` (see the module docstring)."""

    @staticmethod
    def _next_candidate(clauses, i, k) -> int:
        """Index of the next clause whose first argument may match key ``k``
        (the goal's first-argument key before unification), else len."""
        n = len(clauses)
        if k is None:
            return i
        while i < n:
            comp = compiled_of(clauses[i])
            k2 = comp.key1
            if k2 is None or k2 == k and type(k2) is type(k):
                return i
            i += 1
        return n

    def _generic(self, comp, goal, args, b, depth, pn, nxt, oc):
        """Resolve with ``comp`` by the template walker (proof mode), or by
        renaming the clause (deep clauses; occurs check on, so every binding
        goes through ``unify``): the continuation, or False when the head
        does not match."""
        trail = self.trail
        if comp.deep or oc:
            cl = comp.clause
            mapping: dict = {}
            head = copy_term(cl.head, mapping)
            if not _unify(head, goal, trail, oc):
                return False
            body = copy_term(comp.term_body, mapping)
            frame = None
            goals = () if body is TRUE else (body,)
        else:
            frame = [None] * comp.nvars
            for t, a in zip(comp.head, args, strict=False):
                if not unify_template(t, a, frame, trail, oc):
                    return False
            goals = [build(g, frame) for g in comp.body]
        if self.proof:
            self.ptrail.append((pn, goal, comp, frame))
            pn = len(self.ptrail) - 1
        fr = nxt
        k = len(goals)
        while k:
            k -= 1
            fr = (goals[k], b, depth + 1, pn, fr)
        return fr
