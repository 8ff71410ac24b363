"""library(assoc): AVL trees as SWI-Prolog builds them.

An assoc is ``t`` (empty) or ``t(Key, Value, Balance, Left, Right)`` with
``Balance`` one of ``<`` (left subtree deeper), ``-`` or ``>`` (right
deeper).  ``list_to_assoc/2`` builds the same balanced shape SWI builds.  Trees are immutable terms: an insert copies the path it changes.
Keys are ordered by the standard order of terms.
"""

from __future__ import annotations

from ...terms import Atom, Struct, Term, Var, deref, make_list
from ._util import domain_error, inst_error, need_list, try_unify, type_error
from .compare import compare_terms
from .registry import det, nondet

__all__ = ["assoc_items", "assoc_insert"]

_T = Atom("t")
_LT, _EQ, _GT = Atom("<"), Atom("-"), Atom(">")
_MINUS = Atom("-")
_BAL = {_LT: 1, _EQ: 0, _GT: -1}        # left depth - right depth
_SYM = {1: _LT, 0: _EQ, -1: _GT}


def _node(k, v, b: int, left, right) -> Term:
    return Struct(_T, (k, v, _SYM[b], left, right))


def _parts(t: Term):
    t = deref(t)
    if t is _T:
        return None
    if type(t) is Struct and t.name is _T and len(t.args) == 5:
        k, v, b, left, right = t.args
        return k, v, _BAL[deref(b)], left, right
    if type(t) is Var:
        raise inst_error()
    raise type_error("assoc", t)


def _rot_right(k, v, left, right) -> Term:
    """Rebalance a node whose left subtree is two deeper than its right."""
    lk, lv, lb, ll, lr = _parts(left)
    if lb >= 0:                                   # single rotation
        return _node(lk, lv, lb - 1, ll, _node(k, v, 1 - lb, lr, right))
    mk, mv, mb, ml, mr = _parts(lr)               # double rotation
    return _node(mk, mv, 0, _node(lk, lv, 1 if mb == -1 else 0, ll, ml),
                 _node(k, v, -1 if mb == 1 else 0, mr, right))


def _rot_left(k, v, left, right) -> Term:
    """Rebalance a node whose right subtree is two deeper than its left."""
    rk, rv, rb, rl, rr = _parts(right)
    if rb <= 0:
        return _node(rk, rv, rb + 1, _node(k, v, -1 - rb, left, rl), rr)
    mk, mv, mb, ml, mr = _parts(rl)
    return _node(mk, mv, 0, _node(k, v, 1 if mb == -1 else 0, left, ml),
                 _node(rk, rv, -1 if mb == 1 else 0, mr, rr))


def assoc_insert(tree: Term, key: Term, value: Term) -> Term:
    """``tree`` with ``key`` -> ``value`` (replacing an existing key's value)."""
    # walk down, remembering the path
    path = []
    t = tree
    while True:
        p = _parts(t)
        if p is None:
            break
        k, v, b, left, right = p
        c = compare_terms(key, k)
        if c == 0:
            new = _node(k, value, b, left, right)
            for (pk, pv, pb, pl, pr, side) in reversed(path):
                new = _node(pk, pv, pb, new, pr) if side < 0 else _node(pk, pv, pb, pl, new)
            return new
        path.append((k, v, b, left, right, c))
        t = left if c < 0 else right
    new = _node(key, value, 0, _T, _T)
    grew = True
    for (k, v, b, left, right, side) in reversed(path):
        if not grew:
            new = _node(k, v, b, new, right) if side < 0 else _node(k, v, b, left, new)
            continue
        nb = b + (1 if side < 0 else -1)
        if side < 0:
            left = new
        else:
            right = new
        if nb == 0:
            new, grew = _node(k, v, 0, left, right), False
        elif nb in (1, -1):
            new, grew = _node(k, v, nb, left, right), True
        elif nb == 2:
            new, grew = _rot_right(k, v, left, right), False
        else:
            new, grew = _rot_left(k, v, left, right), False
    return new


def assoc_items(tree: Term) -> list[tuple[Term, Term]]:
    """In-order (key, value) pairs."""
    out = []
    stack = []
    t = tree
    while True:
        p = _parts(t)
        while p is not None:
            stack.append(p)
            t = p[3]
            p = _parts(t)
        if not stack:
            return out
        k, v, _, _, right = stack.pop()
        out.append((k, v))
        t = right


@det("empty_assoc", 1)
def bi_empty_assoc(m, a):
    return m.unify(a, _T)


@det("put_assoc", 4)
def bi_put_assoc(m, key, a0, value, a):
    return m.unify(a, assoc_insert(a0, key, value))


@det("get_assoc", 3)
def bi_get_assoc(m, key, a, value):
    t = a
    while True:
        p = _parts(t)
        if p is None:
            return False
        k, v, _, left, right = p
        c = compare_terms(key, k)
        if c == 0:
            return m.unify(value, v)
        t = left if c < 0 else right


def _pairs(lst: Term) -> list[tuple[Term, Term]]:
    out = []
    for x in need_list(lst):
        x = deref(x)
        if type(x) is Var:
            raise inst_error()
        if type(x) is not Struct or x.name is not _MINUS or len(x.args) != 2:
            raise type_error("pair", x)
        out.append((x.args[0], x.args[1]))
    return out


def _build(pairs: list, lo: int, hi: int) -> tuple[Term, int]:
    """Balanced tree of sorted ``pairs[lo:hi]`` and its height (SWI's shape:
    the right half gets the smaller share)."""
    n = hi - lo
    if n == 0:
        return _T, 0
    right_n = (n - 1) // 2
    mid = hi - right_n - 1
    left, hl = _build(pairs, lo, mid)
    right, hr = _build(pairs, mid + 1, hi)
    k, v = pairs[mid]
    return _node(k, v, hl - hr, left, right), 1 + max(hl, hr)


def _sorted_unique(m, lst: Term, pairs: list) -> list:
    from functools import cmp_to_key

    pairs = sorted(pairs, key=cmp_to_key(lambda a, b: compare_terms(
        Struct(_MINUS, a), Struct(_MINUS, b))))
    for (k1, _), (k2, _) in zip(pairs, pairs[1:], strict=False):
        if compare_terms(k1, k2) == 0:
            raise domain_error("unique_key_pairs", deref(lst))
    return pairs


@det("list_to_assoc", 2)
def bi_list_to_assoc(m, lst, a):
    pairs = _sorted_unique(m, lst, _pairs(lst))
    return m.unify(a, _build(pairs, 0, len(pairs))[0])


@det("ord_list_to_assoc", 2)
def bi_ord_list_to_assoc(m, lst, a):
    pairs = _pairs(lst)
    return m.unify(a, _build(pairs, 0, len(pairs))[0])


@det("assoc_to_list", 2)
def bi_assoc_to_list(m, a, lst):
    return m.unify(lst, make_list([Struct(_MINUS, kv) for kv in assoc_items(a)]))


@det("assoc_to_keys", 2)
def bi_assoc_to_keys(m, a, lst):
    return m.unify(lst, make_list([k for k, _ in assoc_items(a)]))


@det("assoc_to_values", 2)
def bi_assoc_to_values(m, a, lst):
    return m.unify(lst, make_list([v for _, v in assoc_items(a)]))


@det("max_assoc", 3)
def bi_max_assoc(m, a, k, v):
    items = assoc_items(a)
    return bool(items) and try_unify(m, (k, items[-1][0]), (v, items[-1][1]))


@det("min_assoc", 3)
def bi_min_assoc(m, a, k, v):
    items = assoc_items(a)
    return bool(items) and try_unify(m, (k, items[0][0]), (v, items[0][1]))


@nondet("gen_assoc", 3)
def bi_gen_assoc(m, k, a, v):
    for key, val in assoc_items(a):
        if try_unify(m, (k, key), (v, val)):
            yield True

