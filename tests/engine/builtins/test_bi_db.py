"""assert/retract/abolish/clause with SWI-Prolog's errors."""

import pytest
from bi_support import error_of, same, solve, value

from neurosym.terms import Atom, Clause, Struct


@pytest.mark.parametrize("goal, formal", [
    ("assertz(atom_length(a, b))", "permission_error(modify, static_procedure, atom_length/2)"),
    ("assertz((foo :- 1))", "type_error(callable, 1)"),
    ("assertz((foo :- X))", "instantiation_error"),
    ("assertz(X)", "instantiation_error"),
    ("assertz((X :- true))", "instantiation_error"),
    ("assertz(1)", "type_error(callable, 1)"),
    ("asserta((foo, bar))", "permission_error(modify, static_procedure, (',')/2)"),
    ("retract(atom_length(_, _))", "permission_error(modify, static_procedure, atom_length/2)"),
    ("retractall(atom_length(_, _))",
     "permission_error(modify, static_procedure, atom_length/2)"),
    ("abolish(foo/a)", "type_error(integer, a)"),
    ("abolish(atom_length/2)", "permission_error(modify, static_procedure, atom_length/2)"),
    ("clause(atom_length(A, B), Body)",
     "permission_error(access, private_procedure, atom_length/2)"),
    ("clause(X, Body)", "instantiation_error"),
    ("assertz((call(X) :- true))", "permission_error(modify, static_procedure, call/1)"),
])
def test_errors(m, goal, formal):
    assert same(error_of(m, goal), formal)


def test_assert_and_retract(m):
    assert same(value(m, "assertz(p(1)), assertz(p(2)), asserta(p(0)), findall(X, p(X), L)",
                      "L"), "[0, 1, 2]")
    assert same(value(m, "retract(p(1)), findall(X, p(X), L)", "L"), "[0, 2]")
    assert m.store.flags((Atom("p"), 1)).dynamic


def test_retract_is_nondeterministic(m):
    solve(m, "assertz(p(1)), assertz(p(2))")
    assert same(value(m, "findall(X, retract(p(X)), L)", "L"), "[1, 2]")
    assert solve(m, "p(_)") == []


def test_retract_rule(m):
    solve(m, "assertz((q(X) :- X > 1, r(X)))")
    sol = solve(m, "retract((q(A) :- B))")[0]
    assert same(sol["B"].args[1].args[0], sol["A"])


def test_assert_copies_bindings(m):
    solve(m, "X = f(Y), assertz(s(X)), Y = 1")
    sol = solve(m, "s(Z)")[0]
    assert type(sol["Z"].args[0]).__name__ == "Var"


def test_retractall(m):
    solve(m, "assertz(p(1, a)), assertz(p(2, b)), assertz(p(3, a))")
    assert same(value(m, "retractall(p(_, a)), findall(X, p(X, _), L)", "L"), "[2]")
    assert solve(m, "retractall(undefined_thing(_))")
    assert m.store.flags((Atom("undefined_thing"), 1)).dynamic


def test_retract_missing_fails(m):
    assert solve(m, "retract(nonexistent(X))") == []


def test_static_predicates_are_protected(m):
    m.store.add(Clause(Struct(Atom("fact"), (1,))))
    assert same(error_of(m, "assertz(fact(2))"),
                "permission_error(modify, static_procedure, fact/1)")
    assert same(error_of(m, "retract(fact(1))"),
                "permission_error(modify, static_procedure, fact/1)")


def test_clause(m):
    solve(m, "assertz((q(X) :- X > 1, !, write(y))), assertz(q(0))")
    sols = solve(m, "clause(q(A), B)")
    assert len(sols) == 2
    assert same(sols[1]["B"], "true")
    assert sols[0]["B"].name is Atom(",")
    assert solve(m, "clause(undefined_pred_xyz(A), Body)") == []


def test_abolish(m):
    solve(m, "assertz(p(1))")
    assert solve(m, "abolish(p/1)")
    assert not m.store.defined((Atom("p"), 1))


def test_dynamic(m):
    assert solve(m, "dynamic(d/1), dynamic((e/1, f/2))")
    assert m.store.flags((Atom("d"), 1)).dynamic
    assert m.store.flags((Atom("f"), 2)).dynamic
    assert solve(m, "d(_)") == []


def test_asserted_variable_goal_becomes_call(m):
    solve(m, "assertz((w2(G) :- true, G))")
    c = m.store.clauses((Atom("w2"), 1))[0]
    assert c.body.args[1].name is Atom("call")


def test_assert_weighted_clause(m):
    assert solve(m, "assertz((0.8 :: wp(a)))")
    c = m.store.clauses((Atom("wp"), 1))[0]
    assert c.weight == 0.8 and solve(m, "wp(a)")
