"""List builtins best done in Python: length/2, msort/2, sort/2, sort/4,
predsort/3, keysort/2, sum_list/2, max_list/2, min_list/2, max_member/2,
min_member/2, list_to_set/2, numlist/3, flatten/2.

The rest of library(lists) (append/3, member/2, nth0/3 ...) is in
``prelude.nsl``, where SWI's choicepoint order comes for free.
"""

from __future__ import annotations

from functools import cmp_to_key

from ...errors import ExistenceError
from ...terms import (
    LIST,
    NIL,
    Atom,
    Struct,
    Term,
    Var,
    deref,
    is_ground,
    list_items,
    make_list,
    resolve,
    term_eq,
)
from ..budget import checked_list
from ._util import domain_error, inst_error, need_int, need_list, opt_int, type_error
from .arith import eval_arith
from .compare import compare_terms
from .registry import LAST, det, nondet

__all__ = ["sort_terms"]

_MINUS = Atom("-")
_ORDERS = {Atom("@<"): (False, True), Atom("@=<"): (False, False),
           Atom("@>"): (True, True), Atom("@>="): (True, False)}


@nondet("length", 2)
def bi_length(m, lst, n):
    items, tail = list_items(lst)
    nv = opt_int(n)
    k = len(items)
    if tail is NIL:
        if m.unify(n, k):
            yield LAST
        return
    if type(tail) is not Var:
        raise type_error("list", deref(lst))
    if nv is not None:
        if nv < 0:
            raise domain_error("not_less_than_zero", nv)
        if nv >= k and m.unify(tail, checked_list(None, nv - k)):
            yield LAST
        return
    nvar = deref(n)
    if nvar is tail:           # length(L, L): no list is its own length
        return
    i = k
    while True:
        if m.unify(tail, checked_list(None, i - k)) and m.unify(nvar, i):
            yield True
        i += 1


def sort_terms(items: list[Term], dedup: bool = True, reverse: bool = False,
               key_arg: int = 0) -> list[Term]:
    """Standard-order sort (stable), optionally on argument ``key_arg`` and without duplicates."""
    if key_arg:
        def key_of(t):
            return deref(t).args[key_arg - 1]
        cmp = cmp_to_key(lambda a, b: compare_terms(key_of(a), key_of(b)))
    else:
        key_of = None
        cmp = cmp_to_key(compare_terms)
    out = sorted(items, key=cmp, reverse=reverse)
    if reverse and not dedup:
        # sorted(reverse=True) keeps stability in the reversed sense; SWI keeps input order
        out = _stable_desc(items, key_of)
    if not dedup:
        return out
    res: list[Term] = []
    for x in out:
        if res:
            a = key_of(res[-1]) if key_of else res[-1]
            b = key_of(x) if key_of else x
            if compare_terms(a, b) == 0:
                continue
        res.append(x)
    return res


def _stable_desc(items, key_of):
    idx = list(range(len(items)))

    def cmp(i, j):
        a = key_of(items[i]) if key_of else items[i]
        b = key_of(items[j]) if key_of else items[j]
        return -compare_terms(a, b) or (i - j)
    idx.sort(key=cmp_to_key(cmp))
    return [items[i] for i in idx]


@det("msort", 2)
def bi_msort(m, lst, out):
    return m.unify(out, make_list(sort_terms(need_list(lst), dedup=False)))


@det("sort", 2)
def bi_sort(m, lst, out):
    return m.unify(out, make_list(sort_terms(need_list(lst))))


@det("sort", 4)
def bi_sort4(m, key, order, lst, out):
    k = need_int(key)
    if k < 0:
        raise domain_error("not_less_than_zero", k)
    o = deref(order)
    if type(o) is Var:
        raise inst_error()
    if o not in _ORDERS:
        raise domain_error("order", o)
    items = need_list(lst)
    if k:
        for t in items:
            t = deref(t)
            if type(t) is Var:
                raise inst_error()
            if type(t) is not Struct:
                raise type_error("compound", t)
            if len(t.args) < k:
                raise ExistenceError.make(Struct(Atom("existence_error"),
                                                 (Atom("argument"), k, t)))
    reverse, dedup = _ORDERS[o]
    return m.unify(out, make_list(sort_terms(items, dedup=dedup, reverse=reverse, key_arg=k)))


@det("keysort", 2)
def bi_keysort(m, lst, out):
    items = need_list(lst)
    for t in items:
        t = deref(t)
        if type(t) is Var:
            raise inst_error()
        if type(t) is not Struct or t.name is not _MINUS or len(t.args) != 2:
            raise type_error("pair", t)
    _, tail = list_items(out)
    if tail is not NIL and type(tail) is not Var:
        raise type_error("list", deref(out))
    return m.unify(out, make_list(sort_terms(items, dedup=False, key_arg=1)))


_CALL = Atom("call")
_LT, _EQ, _GT = Atom("<"), Atom("="), Atom(">")


class _PredsortFail(Exception):
    pass


def _call_order(m, pred, a, b):
    o = Var()
    gen = m.solve_iter(Struct(_CALL, (pred, o, a, b)))
    try:
        for _ in gen:
            r = deref(o)
            if r is _LT or r is _EQ or r is _GT:
                return r
            raise domain_error("order", r)
    finally:
        gen.close()
    raise _PredsortFail()


def _predsort(m, pred, items: list[Term]) -> list[Term]:
    """Merge sort as library(sort)'s predsort/3: '=' drops the second element."""
    runs = [[x] for x in items]
    while len(runs) > 1:
        merged = []
        for i in range(0, len(runs) - 1, 2):
            a, b = runs[i], runs[i + 1]
            out = []
            ia = ib = 0
            while ia < len(a) and ib < len(b):
                r = _call_order(m, pred, a[ia], b[ib])
                if r is _LT:
                    out.append(a[ia])
                    ia += 1
                elif r is _GT:
                    out.append(b[ib])
                    ib += 1
                else:
                    out.append(a[ia])
                    ia += 1
                    ib += 1
            out.extend(a[ia:])
            out.extend(b[ib:])
            merged.append(out)
        if len(runs) % 2:
            merged.append(runs[-1])
        runs = merged
    return runs[0] if runs else []


@det("predsort", 3)
def bi_predsort(m, pred, lst, out):
    items = need_list(lst)
    try:
        result = _predsort(m, pred, items)
    except _PredsortFail:
        return False
    return m.unify(out, make_list(result))


@det("sum_list", 2)
def bi_sum_list(m, lst, s):
    total = 0
    plus = Atom("+")
    for x in need_list(lst):
        total = eval_arith(Struct(plus, (total, x)))
    return m.unify(s, total)


@det("sumlist", 2)
def bi_sumlist(m, lst, s):
    return bi_sum_list(m, lst, s)


def _fold_arith(lst, fn: str):
    items = need_list(lst)
    if not items:
        return None
    acc = eval_arith(items[0])
    f = Atom(fn)
    for x in items[1:]:
        acc = eval_arith(Struct(f, (acc, x)))
    return acc


@det("max_list", 2)
def bi_max_list(m, lst, r):
    v = _fold_arith(lst, "max")
    return v is not None and m.unify(r, v)


@det("min_list", 2)
def bi_min_list(m, lst, r):
    v = _fold_arith(lst, "min")
    return v is not None and m.unify(r, v)


def _member_extreme(m, r, lst, sign: int):
    items = need_list(lst)
    if not items:
        return False
    best = items[0]
    for x in items[1:]:
        c = compare_terms(x, best)
        if c * sign > 0:
            best = x
    return m.unify(r, best)


@det("max_member", 2)
def bi_max_member(m, r, lst):
    return _member_extreme(m, r, lst, 1)


@det("min_member", 2)
def bi_min_member(m, r, lst):
    return _member_extreme(m, r, lst, -1)


@det("list_to_set", 2)
def bi_list_to_set(m, lst, out):
    items = need_list(lst)
    res: list[Term] = []
    seen: set = set()          # ground items, by a key that tells 1 from 1.0
    open_items: list[Term] = []
    for x in items:
        x = deref(x)
        if is_ground(x):
            key = _ground_key(x)
            if key in seen:
                continue
            seen.add(key)
        else:
            if any(term_eq(x, y) for y in open_items):
                continue
            open_items.append(x)
        res.append(x)
    return m.unify(out, make_list(res))


def _ground_key(x: Term):
    t = type(x)
    if t is Struct:
        return resolve(x)          # structural hash and ==, ints and floats kept apart
    return (t.__name__, x) if t is not float or x == x else ("nan",)


@det("numlist", 3)
def bi_numlist(m, lo, hi, out):
    a, b = need_int(lo), need_int(hi)
    if a > b:
        return False
    return m.unify(out, checked_list(range(a, b + 1), b - a + 1))


@det("flatten", 2)
def bi_flatten(m, lst, out):
    res: list[Term] = []
    stack = [lst]
    while stack:
        t = deref(stack.pop())
        if t is NIL:
            continue
        if type(t) is Struct and t.name is LIST and len(t.args) == 2:
            stack.append(t.args[1])
            stack.append(t.args[0])
        else:
            res.append(t)
    return m.unify(out, make_list(res))
