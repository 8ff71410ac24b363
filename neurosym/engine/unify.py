"""Unification with a trail: a leaf module (imports only the term model).

Iterative (explicit stack), so unifying two million-element lists never
recurses.  The occurs check is off by default, as in SWI-Prolog; pass
``occurs_check=True`` to refuse bindings that would make a cyclic term.

Without it, cyclic (rational) terms can arise (``X = f(X)``), and unification
treats them as rational trees, as SWI-Prolog does.  A compound cannot hold
itself (it is built before it is bound to), so every cycle passes through a
bound variable.  Once a call has entered ``CYCLE_CHECK_AFTER`` pairs of
compounds reached through bound variables, it remembers one such pair in 64
and takes a remembered pair met again as unified (it was entered before),
so ``X = f(X), Y = f(Y), X = Y`` terminates (and succeeds).  Why it ends:
a remembered pair is never entered again, so each one remembered is new;
there are finitely many, and an endless walk would remember endlessly.
Pairs of compounds nested directly (a list built by ``numlist/3``) are never
counted, and remembering one pair in 64 keeps big acyclic unifications of
lists built by Prolog code cheap.  :func:`resolve_term` gives cyclic answers a finite form.
"""

from __future__ import annotations

import gc
from math import copysign

from ..terms import LIST, Atom, Struct, Var, deref
from ..terms.core import CYCLE_CHECK_AFTER  # pairs entered before they are remembered

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
        via = type(a) is Var or type(b) is Var     # two compounds after: a binding (cycles)
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
                if via:
                    budget -= 1
                    if budget < 0:          # maybe cyclic: see the module doc
                        if seen is None:
                            seen = {}
                        met = seen.get(id(a))
                        if met is not None and id(b) in met:
                            if not stack:
                                return True
                            a, b = stack.pop()
                            continue
                        if not budget & 63:
                            seen.setdefault(id(a), set()).add(id(b))
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


def resolve_term(t, names: dict | None = None):
    """Like :func:`_resolve_term`, with the cyclic GC paused (it would
    rescan the growing copy again and again)."""
    if not gc.isenabled():
        return _resolve_term(t, names)
    gc.disable()
    try:
        return _resolve_term(t, names)
    finally:
        gc.enable()


def _cycle_var(s: Struct, cycles: dict, names: dict | None) -> Var:
    """The unbound stand-in for a compound met again inside itself: named
    as the query variable whose value it is (``X = f(X)``), else ``_S1``,
    ``_S2``..."""
    p = cycles.get(id(s))
    if p is None:
        name = (names.get(id(s)) if names else None) or f"_S{len(cycles) + 1}"
        p = cycles[id(s)] = Var(CycleName(name))
    return p


def _resolve_term(t, names: dict | None = None):  # noqa: C901 -- one iterative walk
    """``t`` with every bound variable replaced by its value: a binding-free
    copy (unbound variables are kept).  Iterative; list spines are walked in
    a loop, so million-element lists cost one pass.

    A cyclic term (``X = f(X)``) has no binding-free copy.  Every cycle
    passes through a bound variable, so the walk keeps the compounds it
    reached through one on its current path; where it meets such a compound
    again inside itself, the copy holds an unbound variable (a
    :class:`CycleName`) named by ``names`` (``id(compound)`` -> the query
    variable whose value it is), so ``X = f(X)`` resolves to ``f(X)`` and
    the toplevel prints ``X = f(X)`` as SWI-Prolog does."""
    root = [None]
    onpath: set = set()          # ids of the compounds (reached through bindings) being copied
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
        if kind == 3:                     # leave these compounds
            onpath.difference_update(x)
            continue
        if kind == 4:                     # a list item: it lies inside only the cells
            x, spine, k = x               # met before it; leave the later ones
            while len(spine) > k:
                onpath.discard(spine.pop())
        via = type(x) is Var
        while type(x) is Var:
            r = x.ref
            if r is None:
                break
            x = r
        if type(x) is not Struct:
            box[i] = x
            continue
        if via:
            k = id(x)
            if k in onpath:
                box[i] = _cycle_var(x, cycles, names)
                continue
            onpath.add(k)
            stack.append((3, (k,), None, 0))
        if x.name is LIST and len(x.args) == 2:
            vals: list = []
            tb = [None]
            spine: list = []
            stack.append((3, spine, None, 0))
            stack.append((1, (vals, tb), box, i))
            while True:
                h = x.args[0]
                hv = deref(h) if type(h) is Var else h
                if type(hv) is Struct:    # copied later (h: with the bindings on the way)
                    vals.append(None)
                    stack.append((4, (h, spine, len(spine)), vals, len(vals) - 1))
                else:
                    vals.append(hv)
                tail = x.args[1]
                x = deref(tail) if type(tail) is Var else tail
                if type(x) is not Struct or x.name is not LIST or len(x.args) != 2:
                    x = tail              # the end of the spine, copied with its bindings
                    break
                if type(tail) is Var:     # a cell reached through a binding
                    k = id(x)
                    if k in onpath:
                        x = _cycle_var(x, cycles, names)
                        break
                    spine.append(k)
                    onpath.add(k)
            stack.append((0, x, tb, 0))
            continue
        vals = list(x.args)
        stack.append((2, (x.name, vals), box, i))
        for j, a in enumerate(vals):
            if type(a) is Var or type(a) is Struct:
                stack.append((0, a, vals, j))
    return root[0]
