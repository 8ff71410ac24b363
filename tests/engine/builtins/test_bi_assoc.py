"""library(assoc): AVL trees stay balanced and sorted."""

import random

from bi_support import error_of, same, solve, value
from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym.engine.builtins.assoc import _parts, assoc_insert, assoc_items
from neurosym.terms import Atom, deref

T = Atom("t")


def _check(tree) -> int:
    """Height of a valid AVL tree (asserts the balance marks are right)."""
    p = _parts(tree)
    if p is None:
        return 0
    _, _, b, left, right = p
    hl, hr = _check(left), _check(right)
    assert hl - hr == b
    return 1 + max(hl, hr)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-50, 50)))
def test_insert_keeps_avl_invariants(keys):
    t = T
    for k in keys:
        t = assoc_insert(t, k, k * 2)
    _check(t)
    items = assoc_items(t)
    assert [k for k, _ in items] == sorted(set(keys))
    assert all(v == k * 2 for k, v in items)


def test_sorted_inserts_stay_logarithmic():
    t = T
    for k in range(2000):
        t = assoc_insert(t, k, k)
    assert _check(t) <= 16


def test_builtins(m):
    assert value(m, "list_to_assoc([a-1, b-2, c-3], A), get_assoc(b, A, X)") == 2
    assert solve(m, "list_to_assoc([a-1], A), get_assoc(z, A, X)") == []
    assert same(value(m, "list_to_assoc([b-2, a-1], A), assoc_to_list(A, X)"), "[a-1, b-2]")
    assert same(value(m, "empty_assoc(E), put_assoc(k, E, v, A), put_assoc(k, A, w, B), "
                         "assoc_to_list(B, X)"), "[k-w]")
    assert same(value(m, "list_to_assoc([b-2, a-1], A), assoc_to_keys(A, X)"), "[a, b]")
    assert same(value(m, "list_to_assoc([b-2, a-1], A), assoc_to_values(A, X)"), "[1, 2]")
    assert value(m, "list_to_assoc([b-2, a-1, c-0], A), max_assoc(A, X, _)") is Atom("c")
    assert value(m, "list_to_assoc([b-2, a-1, c-0], A), min_assoc(A, X, _)") is Atom("a")
    assert len(solve(m, "list_to_assoc([b-2, a-1], A), gen_assoc(K, A, V)")) == 2


def test_errors(m):
    assert same(error_of(m, "list_to_assoc([a-1, a-2], A)"),
                "domain_error(unique_key_pairs, [a-1, a-2])")
    assert same(error_of(m, "list_to_assoc([a], A)"), "type_error(pair, a)")


def test_shuffled_inserts_shape():
    keys = list(range(300))
    random.Random(3).shuffle(keys)
    t = T
    for k in keys:
        t = assoc_insert(t, k, None)
    assert deref(t).name is T and _check(t) <= 11
