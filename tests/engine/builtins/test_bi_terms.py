"""functor/3, arg/3, =../2, copy_term/2, term_variables/2, \\=/2 and friends."""

import pytest
from bi_support import error_of, first, same, solve, value

from neurosym.terms import Atom, Var


@pytest.mark.parametrize("goal, formal", [
    ("functor(T, 1, 2)", "type_error(atom, 1)"),
    ("functor(T, f(a), 1)", "type_error(atomic, f(a))"),
    ("functor(T, foo, -1)", "domain_error(not_less_than_zero, -1)"),
    ("functor(T, N, 2)", "instantiation_error"),
    ("functor(T, foo, a)", "type_error(integer, a)"),
    ("arg(a, f(a), X)", "type_error(integer, a)"),
    ("arg(1, a, X)", "type_error(compound, a)"),
    ("arg(X, T, a)", "instantiation_error"),
    ("T =.. [1, a]", "type_error(atom, 1)"),
    ("T =.. [f(a), b]", "type_error(atom, f(a))"),
    ("T =.. L", "instantiation_error"),
    ("T =.. [foo|_]", "instantiation_error"),
    ("T =.. []", "domain_error(non_empty_list, [])"),
    ("f(a) =.. foo", "type_error(list, foo)"),
    ("X =.. [a, b|c]", "type_error(list, [a, b|c])"),
])
def test_errors(m, goal, formal):
    assert same(error_of(m, goal), formal)


def test_functor(m):
    sol = first(m, "functor(foo(a, b), N, A)")
    assert sol["N"] is Atom("foo") and sol["A"] == 2
    assert same(value(m, "functor(X, foo, 0)"), "foo")
    assert value(m, 'functor(X, "s", 0)') == "s"
    got = value(m, "functor(X, f, 3)")
    assert got.name is Atom("f") and all(type(a) is Var for a in got.args)
    assert value(m, "functor([a], N, _)", "N") is Atom("[|]")


def test_arg(m):
    assert [(s["N"], s["X"]) for s in solve(m, "arg(N, f(a, b), X)")] == \
        [(1, Atom("a")), (2, Atom("b"))]
    assert solve(m, "arg(0, f(a), X)") == []
    assert value(m, "arg(2, f(a, b), X)") is Atom("b")


def test_univ(m):
    assert same(value(m, "f(a, b) =.. X"), "[f, a, b]")
    assert same(value(m, "X =.. [foo, 1]"), "foo(1)")
    assert same(value(m, "X =.. [foo]"), "foo")
    assert value(m, "X =.. [1]") == 1
    assert same(value(m, "1 =.. X"), "[1]")


def test_copy_term(m):
    got = value(m, "copy_term(f(X1, Y1, X1), X)")
    a, b, c = got.args
    assert a is c and a is not b and type(a) is Var
    sol = first(m, "Z = g(Q), copy_term(Z, C)")
    assert sol["C"].args[0] is not sol["Q"]


def test_term_variables(m):
    sol = first(m, "term_variables(f(X, g(Y, X), _Z), L)")
    assert same(sol["L"].args[0], sol["X"])
    assert value(m, "term_variables(f(A, B, A), X), length(X, N)", "N") == 2
    assert value(m, "term_variables(f(A, B), X, T), T = [], length(X, N)", "N") == 2


def test_unification_builtins(m):
    assert solve(m, "a \\= b")
    assert not solve(m, "f(X) \\= f(a)")
    assert not solve(m, "unify_with_occurs_check(X, f(X))")
    assert solve(m, "unify_with_occurs_check(X, f(Y))")
    assert solve(m, "subsumes_term(f(_), f(a))")
    assert not solve(m, "subsumes_term(f(a), f(_))")
    assert not solve(m, "subsumes_term(f(X, X), f(Y, Z))")
    assert solve(m, "X = f(Y), Y = 1, X == f(1)")


def test_numbervars(m):
    sol = first(m, "T = f(X, Y), numbervars(T, 0, E)")
    assert sol["E"] == 2
    assert same(sol["T"], "f('$VAR'(0), '$VAR'(1))")


def test_compound_name_arity(m):
    sol = first(m, "compound_name_arity(f(a), N, A)")
    assert sol["N"] is Atom("f") and sol["A"] == 1
    assert same(value(m, "compound_name_arguments(X, g, [1, 2])"), "g(1, 2)")
    assert same(error_of(m, "compound_name_arity(a, N, A)"), "type_error(compound, a)")
