"""Type tests and must_be/2."""

import pytest
from bi_support import error_of, same, solve


@pytest.mark.parametrize("goal, ok", [
    ("var(X)", True), ("var(a)", False), ("nonvar(f(X))", True), ("atom(a)", True),
    ("atom([])", False), ("atom(\"a\")", False), ("atom(1)", False), ("number(1.0)", True),
    ("integer(1)", True), ("integer(1.0)", False), ("float(1.0)", True), ("atomic(\"s\")", True),
    ("atomic(f(x))", False), ("compound(f(x))", True), ("compound([a])", True),
    ("compound(a)", False), ("callable(a)", True), ("callable(f(x))", True),
    ("callable(1)", False), ("is_list([a,b])", True), ("is_list([a|_])", False),
    ("is_list([])", True), ("string(\"s\")", True), ("string(s)", False),
    ("ground(f(a, b))", True), ("ground(f(a, _))", False), ("is_dict(a)", False),
    ("X = 1, integer(X)", True), ("text(a)", True), ("text(\"a\")", True), ("text(1)", False),
])
def test_type_tests(m, goal, ok):
    assert bool(solve(m, goal)) is ok


@pytest.mark.parametrize("goal, formal", [
    ("must_be(positive_integer, 0)", "type_error(positive_integer, 0)"),
    ("must_be(nonneg, -1)", "type_error(nonneg, -1)"),
    ("must_be(oneof([a,b]), c)", "type_error(oneof([a,b]), c)"),
    ("must_be(boolean, 1)", "type_error(boolean, 1)"),
    ("must_be(list, [a|_])", "instantiation_error"),
    ("must_be(list, foo)", "type_error(list, foo)"),
    ("must_be(integer, _)", "instantiation_error"),
    ("must_be(foo, 1)", "existence_error(type, foo)"),
])
def test_must_be_errors(m, goal, formal):
    assert same(error_of(m, goal), formal)


def test_must_be_ok(m):
    assert solve(m, "must_be(integer, 3)")
    assert solve(m, "must_be(list(integer), [1, 2])")
    assert solve(m, "must_be(between(1, 3), 2)")
    assert solve(m, "is_of_type(atom, a)")
    assert not solve(m, "is_of_type(atom, 1)")
