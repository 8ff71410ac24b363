"""Unification with a trail: a leaf module (imports only the term model).

Iterative (explicit stack), so unifying two million-element lists never
recurses.  The occurs check is off by default, as in SWI-Prolog; pass
``occurs_check=True`` to refuse bindings that would make a cyclic term.

Without it, cyclic (rational) terms can arise (``X = f(X)``), and unification
treats them as rational trees, as SWI-Prolog does: once a call has descended
into ``CYCLE_CHECK_AFTER`` compound pairs it remembers the pairs it has
entered and takes a pair met again as unified, so ``X = f(X), Y = f(Y),
X = Y`` terminates (and succeeds).  A cyclic term has finitely many distinct
compound nodes (every cycle passes through a bound variable), so the set of
pairs is finite.  :func:`resolve_term` gives cyclic answers a finite form.
"""

from __future__ import annotations

import gc
from math import copysign

from ..terms import LIST, Atom, Struct, Var
from ..terms.core import CYCLE_CHECK_AFTER, seen_pair  # pairs entered before they are remembered

__all__ = ["unify", "occurs_in", "variant_key", "resolve_term", "CycleName",
           "CYCLE_CHECK_AFTER"]


def occurs_in(v: Var, t) -> bool:
    stack = [t]
    while stack:
        x = stack.pop()
        while type(x) is Var:
            if x is v:
                return True
            r = x.ref
            if r is None:
                break
            x = r
        if type(x) is Struct:
            stack.extend(x.args)
    return False


def unify(a, b, trail: list, occurs_check: bool = False) -> bool:
    """Unify ``a`` and ``b``, appending every variable it binds to ``trail``.
    On failure some bindings may remain: the caller undoes to its mark."""
    stack = None
    budget = CYCLE_CHECK_AFTER
    seen = None
    while True:
        while type(a) is Var:
            r = a.ref
            if r is None:
                break
            a = r
        while type(b) is Var:
            r = b.ref
            if r is None:
                break
            b = r
        if a is not b:
            ta = type(a)
            tb = type(b)
            if ta is Var:
                if occurs_check and tb is Struct and occurs_in(a, b):
                    return False
                a.ref = b
                trail.append(a)
            elif tb is Var:
                if occurs_check and ta is Struct and occurs_in(b, a):
                    return False
                b.ref = a
                trail.append(b)
            elif ta is Struct:
                if tb is not Struct or a.name is not b.name:
                    return False
                aa = a.args
                ba = b.args
                n = len(aa)
                if n != len(ba):
                    return False
                if stack is None:
                    stack = []
                budget -= 1
                if budget < 0:              # maybe cyclic: remember the pairs entered
                    if seen is None:
                        seen = set()
                    if seen_pair(seen, a, b):
                        if not stack:
                            return True
                        a, b = stack.pop()
                        continue
                # push all but the first pair; continue with the first
                for i in range(n - 1, 0, -1):
                    stack.append((aa[i], ba[i]))
                a = aa[0]
                b = ba[0]
                continue
            elif ta is not tb or ta is Atom or a != b:
                if not (ta is float and tb is float and a != a and b != b):
                    return False
            elif ta is float and a == 0.0 and copysign(1.0, a) != copysign(1.0, b):
                return False        # -0.0 and 0.0 are different terms (as in SWI)
        if not stack:
            return True
        a, b = stack.pop()


def variant_key(t):
    """A hashable key equal for variant terms (same up to variable renaming)."""
    out = []
    seen: dict = {}
    stack = [t]
    while stack:
        x = stack.pop()
        while type(x) is Var:
            r = x.ref
            if r is None:
                break
            x = r
        tx = type(x)
        if tx is Var:
            n = seen.get(id(x))
            if n is None:
                n = seen[id(x)] = len(seen)
            out.append(("$VAR", n))
        elif tx is Struct:
            out.append((x.name, len(x.args)))
            stack.extend(reversed(x.args))
        elif tx is float:
            # ±0.0 compare equal in Python but are different terms
            out.append(("f", x) if x else ("f0", copysign(1.0, x)))
        else:
            out.append(x if tx is not int else ("i", x))
    return tuple(out)


class CycleName(str):
    """The name of a variable that stands for a cycle in a resolved term
    (see :func:`resolve_term`); the answer printer writes it as it is."""

    __slots__ = ()


def resolve_term(t):
    """Like :func:`_resolve_term`, with the cyclic GC paused (it would
    rescan the growing copy again and again)."""
    if not gc.isenabled():
        return _resolve_term(t)
    gc.disable()
    try:
        return _resolve_term(t)
    finally:
        gc.enable()


def _cycle_var(v: Var, cycles: dict) -> Var:
    """The unbound stand-in for a bound variable met inside its own value:
    named as the variable (``X = f(X)``), or ``_S1``, ``_S2``... when it has
    no name."""
    p = cycles.get(id(v))
    if p is None:
        name = v.name or f"_S{len(cycles) + 1}"
        p = cycles[id(v)] = Var(CycleName(name))
    return p


def _resolve_term(t):  # noqa: C901 -- one iterative walk
    """``t`` with every bound variable replaced by its value: a binding-free
    copy (unbound variables are kept).  Iterative; list spines are walked in
    a loop, so million-element lists cost one pass.

    A cyclic term (``X = f(X)``) has no binding-free copy: where a bound
    variable is met inside its own value, the copy holds an unbound variable
    of the same name (a :class:`CycleName`), so ``X = f(X)`` resolves to
    ``f(X)`` and the toplevel prints ``X = f(X)`` as SWI-Prolog does."""
    root = [None]
    onpath: set = set()          # ids of the bound variables being resolved
    cycles: dict = {}
    stack = [(0, t, root, 0)]
    while stack:
        kind, x, box, i = stack.pop()
        if kind == 1:                     # rebuild a list from its items and tail
            vals, tb = x
            out = tb[0]
            for v in reversed(vals):
                out = Struct(LIST, (v, out))
            box[i] = out
            continue
        if kind == 2:                     # rebuild a compound
            box[i] = Struct(x[0], tuple(x[1]))
            continue
        if kind == 3:                     # leave the values of these variables
            onpath.difference_update(x)
            continue
        if kind == 4:                     # back to a list item: leave the later tails
            while len(x) > i:
                onpath.discard(x.pop())
            continue
        passed = None
        while type(x) is Var:
            r = x.ref
            if r is None:
                break
            if type(r) is Struct or type(r) is Var:
                if id(x) in onpath:
                    x = _cycle_var(x, cycles)
                    break
                if passed is None:
                    passed = []
                passed.append(id(x))
            x = r
        if type(x) is not Struct:
            box[i] = x
            continue
        if passed is not None:
            onpath.update(passed)
            stack.append((3, passed, None, 0))
        if x.name is LIST and len(x.args) == 2:
            vals: list = []
            tb = [None]
            spine: list = []
            stack.append((3, spine, None, 0))
            stack.append((1, (vals, tb), box, i))
            while True:
                h = x.args[0]
                if type(h) is Var or type(h) is Struct:
                    vals.append(None)
                    stack.append((0, h, vals, len(vals) - 1))
                    # the item lies inside only the tails met before it
                    stack.append((4, spine, None, len(spine)))
                else:
                    vals.append(h)
                x = x.args[1]
                while type(x) is Var:
                    r = x.ref
                    if r is None:
                        break
                    if id(x) in onpath:
                        x = _cycle_var(x, cycles)
                        break
                    spine.append(id(x))
                    onpath.add(id(x))
                    x = r
                if type(x) is not Struct or x.name is not LIST or len(x.args) != 2:
                    break
            stack.append((0, x, tb, 0))
            continue
        vals = list(x.args)
        stack.append((2, (x.name, vals), box, i))
        for j, a in enumerate(vals):
            if type(a) is Var or type(a) is Struct:
                stack.append((0, a, vals, j))
    return root[0]
