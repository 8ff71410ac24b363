"""The standard order of terms: ``compare_terms`` and compare/3, ==, \\==, @<, ...

Var < Number < String < Atom < Compound -- what SWI-Prolog 9 does (its manual
says Atom < String, its ``compare/3`` puts strings first); ``[]`` comes before
every other atom.  Numbers compare by value; when
equal, a float comes before an int (``1.0 @< 1``).  Atoms and strings compare
by character codes.  Compounds compare by arity, then name, then arguments
left to right.  Variables compare by age (creation order, approximated by
address).  The walk is iterative, so long lists compare without recursion.
"""

from __future__ import annotations

import math
from functools import cmp_to_key

from ...terms import NIL, Atom, Struct, Term, Var, deref, term_eq
from ...terms.core import PairMemo
from ._util import domain_error, type_error
from .registry import det

__all__ = ["compare_terms", "term_key", "ORDER_LT", "ORDER_EQ", "ORDER_GT"]

ORDER_LT = Atom("<")
ORDER_EQ = Atom("=")
ORDER_GT = Atom(">")

_RANK = {Var: 0, float: 1, int: 1, str: 2, Atom: 3, Struct: 5}


def _cmp_num(a, b) -> int:
    if a != a or b != b:          # NaN: order NaN before every other number, like SWI
        an, bn = a != a, b != b
        if an and bn:
            return 0
        return -1 if an else 1
    if a < b:
        return -1
    if a > b:
        return 1
    ta, tb = type(a), type(b)
    if ta is tb:
        if ta is float and a == 0.0:      # -0.0 @< 0.0, as in SWI
            sa, sb = math.copysign(1.0, a), math.copysign(1.0, b)
            return 0 if sa == sb else (-1 if sa < sb else 1)
        return 0
    return -1 if ta is float else 1


def compare_terms(a: Term, b: Term) -> int:
    """-1, 0 or 1 as ``a`` is before, identical to, or after ``b`` in the
    standard order.  Ends on cyclic terms (see ``terms.core.PairMemo``)."""
    stack = [(a, b)]
    pop = stack.pop
    memo = None
    while stack:
        x, y = pop()
        via = type(x) is Var or type(y) is Var      # two compounds after: a binding
        x = deref(x)
        y = deref(y)
        if x is y:
            continue
        tx, ty = type(x), type(y)
        rx, ry = _RANK[tx], _RANK[ty]
        if rx != ry:
            return -1 if rx < ry else 1
        if rx == 1:
            c = _cmp_num(x, y)
            if c:
                return c
        elif tx is Struct:
            nx, ny = len(x.args), len(y.args)
            if nx != ny:
                return -1 if nx < ny else 1
            if x.name is not y.name:
                return -1 if x.name.name < y.name.name else 1
            if via:
                if memo is None:
                    memo = PairMemo()
                if memo.met(x, y):
                    continue
            stack.extend(zip(reversed(x.args), reversed(y.args), strict=True))
        elif tx is Atom:
            if x is NIL or y is NIL:
                return -1 if x is NIL else 1
            return -1 if x.name < y.name else 1
        elif tx is str:
            if x != y:
                return -1 if x < y else 1
        else:   # two distinct variables
            return -1 if id(x) < id(y) else 1
    return 0


term_key = cmp_to_key(compare_terms)


@det("compare", 3)
def bi_compare(m, order, a, b):
    o = deref(order)
    if type(o) is not Var:
        if type(o) is not Atom:
            raise type_error("atom", o)
        if o not in (ORDER_LT, ORDER_EQ, ORDER_GT):
            raise domain_error("order", o)
    c = compare_terms(a, b)
    return m.unify(o, ORDER_LT if c < 0 else ORDER_GT if c > 0 else ORDER_EQ)


@det("==", 2)
def bi_identical(m, a, b):
    # term_eq says -0.0 == 0.0 (Python's float ==); SWI tells them apart
    return term_eq(a, b) and compare_terms(a, b) == 0


@det("\\==", 2)
def bi_not_identical(m, a, b):
    return not (term_eq(a, b) and compare_terms(a, b) == 0)


@det("@<", 2)
def bi_before(m, a, b):
    return compare_terms(a, b) < 0


@det("@>", 2)
def bi_after(m, a, b):
    return compare_terms(a, b) > 0


@det("@=<", 2)
def bi_not_after(m, a, b):
    return compare_terms(a, b) <= 0


@det("@>=", 2)
def bi_not_before(m, a, b):
    return compare_terms(a, b) >= 0


def is_variant(a: Term, b: Term) -> bool:
    """``a =@= b``: equal up to a consistent one-to-one renaming of variables
    (iterative, so long lists need no recursion)."""
    fwd: dict[int, Var] = {}
    back: dict[int, Var] = {}
    stack = [(a, b)]
    pop = stack.pop
    while stack:
        x, y = pop()
        x = deref(x)
        y = deref(y)
        tx, ty = type(x), type(y)
        if tx is Var or ty is Var:
            if tx is not ty:
                return False
            fx, by = fwd.get(id(x)), back.get(id(y))
            if fx is None and by is None:
                fwd[id(x)] = y
                back[id(y)] = x
            elif fx is not y or by is not x:
                return False
            continue
        if x is y:
            continue
        if tx is Struct:
            if ty is not Struct or x.name is not y.name or len(x.args) != len(y.args):
                return False
            stack.extend(zip(reversed(x.args), reversed(y.args), strict=True))
        elif tx is not ty or _RANK[tx] == 1 and _cmp_num(x, y) or _RANK[tx] != 1 and x != y:
            return False
    return True


@det("=@=", 2)
def bi_variant(m, a, b):
    return is_variant(a, b)


@det("\\=@=", 2)
def bi_not_variant(m, a, b):
    return not is_variant(a, b)
