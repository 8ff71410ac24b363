"""findall/3,4, bagof/3, setof/3, aggregate_all/3,4, forall/2."""

import pytest
from bi_support import add_facts, error_of, same, solve, value

from neurosym.terms import Atom


@pytest.fixture
def fm(m):
    add_facts(m, "p", (1, Atom("a")), (2, Atom("b")), (3, Atom("a")), (1, Atom("c")))
    add_facts(m, "age", (Atom("peter"), 7), (Atom("ann"), 11), (Atom("pat"), 8),
              (Atom("tom"), 5), (Atom("mike"), 11))
    return m


def test_findall(fm):
    assert same(value(fm, "findall(X, p(X, _), L)", "L"), "[1, 2, 3, 1]")
    assert same(value(fm, "findall(X, p(X, z), L)", "L"), "[]")
    assert same(value(fm, "findall(X-Y, between(1, 2, X), L)", "L").args[0].args[0], "1")
    assert same(value(fm, "findall(X, between(1, 2, X), L, [end])", "L"), "[1, 2, end]")


def test_findall_errors(fm):
    assert same(error_of(fm, "findall(X, G, L)"), "instantiation_error")
    assert same(error_of(fm, "findall(X, 1, L)"), "type_error(callable, 1)")
    assert solve(fm, "findall(X, true, foo)") == []      # SWI 9 fails, raises nothing


def test_findall_copies(fm):
    sol = solve(fm, "findall(Y, (Y = f(Z)), [A])")[0]
    assert sol["A"].args[0] is not sol["Z"]


def test_bagof_groups_by_free_variables(fm):
    sols = solve(fm, "bagof(X, p(X, Y), L)")
    assert [(s["Y"].name, [x for x in _items(s["L"])]) for s in sols] == \
        [("a", [1, 3]), ("b", [2]), ("c", [1])]


def _items(t):
    from neurosym.terms import list_items
    return list_items(t)[0]


def test_bagof_caret(fm):
    sols = solve(fm, "bagof(X, Y^p(X, Y), L)")
    assert len(sols) == 1 and _items(sols[0]["L"]) == [1, 2, 3, 1]


def test_bagof_fails_when_empty(fm):
    assert solve(fm, "bagof(X, p(X, z), L)") == []
    assert solve(fm, "setof(X, p(X, z), L)") == []


def test_setof(fm):
    assert _items(value(fm, "setof(X, Y^p(X, Y), L)", "L")) == [1, 2, 3]
    sols = solve(fm, "setof(N-A, age(N, A), L)")
    assert len(sols) == 1
    sols = solve(fm, "setof(N, age(N, A), L)")
    assert [(s["A"], [a.name for a in _items(s["L"])]) for s in sols] == \
        [(5, ["tom"]), (7, ["peter"]), (8, ["pat"]), (11, ["ann", "mike"])]


def test_setof_nested_carets(fm):
    assert _items(value(fm, "setof(Y, X^p(X, Y), L)", "L")) == [Atom("a"), Atom("b"), Atom("c")]


@pytest.mark.parametrize("goal, expected", [
    ("aggregate_all(count, p(_, _), X)", "4"),
    ("aggregate_all(count, p(_, z), X)", "0"),
    ("aggregate_all(sum(A), age(_, A), X)", "42"),
    ("aggregate_all(max(A), age(_, A), X)", "11"),
    ("aggregate_all(min(A), age(_, A), X)", "5"),
    ("aggregate_all(max(A, N), age(N, A), X)", "max(11, ann)"),
    ("aggregate_all(min(A, N), age(N, A), X)", "min(5, tom)"),
    ("aggregate_all(bag(N), p(N, _), X)", "[1, 2, 3, 1]"),
    ("aggregate_all(set(N), p(N, _), X)", "[1, 2, 3]"),
    ("aggregate_all(sum(A), p(A, z), X)", "0"),
    ("aggregate_all(count, Y, p(_, Y), X)", "3"),
])
def test_aggregate_all(fm, goal, expected):
    assert same(value(fm, goal), expected)


def test_aggregate_all_max_empty_fails(fm):
    assert solve(fm, "aggregate_all(max(A), p(A, z), X)") == []


def test_aggregate_all_bad_spec(fm):
    assert same(error_of(fm, "aggregate_all(foo, true, X)"), "domain_error(aggregate_template, foo)")


def test_forall(fm):
    assert solve(fm, "forall(age(_, A), A > 3)")
    assert not solve(fm, "forall(age(_, A), A > 5)")
    assert solve(fm, "forall(fail, fail)")
