"""Unification with a trail: a leaf module (imports only the term model).

Iterative (explicit stack), so unifying two million-element lists never
recurses.  The occurs check is off by default, as in SWI-Prolog; pass
``occurs_check=True`` to refuse bindings that would make a cyclic term.
"""

from __future__ import annotations

import gc
from math import copysign

from ..terms import LIST, Atom, Struct, Var

__all__ = ["unify", "occurs_in", "variant_key", "resolve_term"]


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


def _resolve_term(t):
    """``t`` with every bound variable replaced by its value: a binding-free
    copy (unbound variables are kept).  Iterative; list spines are walked in
    a loop, so million-element lists cost one pass."""
    root = [None]
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
        while type(x) is Var:
            r = x.ref
            if r is None:
                break
            x = r
        if type(x) is not Struct:
            box[i] = x
            continue
        if x.name is LIST and len(x.args) == 2:
            vals: list = []
            tb = [None]
            stack.append((1, (vals, tb), box, i))
            while type(x) is Struct and x.name is LIST and len(x.args) == 2:
                h = x.args[0]
                while type(h) is Var:
                    r = h.ref
                    if r is None:
                        break
                    h = r
                vals.append(h)
                if type(h) is Struct:
                    stack.append((0, h, vals, len(vals) - 1))
                x = x.args[1]
                while type(x) is Var:
                    r = x.ref
                    if r is None:
                        break
                    x = r
            stack.append((0, x, tb, 0))
            continue
        vals = list(x.args)
        stack.append((2, (x.name, vals), box, i))
        for j, a in enumerate(vals):
            if type(a) is Var or type(a) is Struct:
                stack.append((0, a, vals, j))
    return root[0]
