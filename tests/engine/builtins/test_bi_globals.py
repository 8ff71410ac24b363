"""Global variables."""

from bi_support import error_of, same, solve, value


def test_nb_setval_copies(m):
    sol = solve(m, "nb_setval(k, f(Y)), Y = 1, nb_getval(k, V)")[0]
    assert type(sol["V"].args[0]).__name__ == "Var"


def test_errors(m):
    assert same(error_of(m, "nb_getval(nokey, V)"), "existence_error(variable, nokey)")
    assert same(error_of(m, "nb_setval(1, a)"), "type_error(atom, 1)")
    assert same(error_of(m, "nb_setval(K, a)"), "instantiation_error")
    assert same(error_of(m, "b_getval(nokey, V)"), "existence_error(variable, nokey)")


def test_b_setval_is_undone_on_backtracking(m):
    assert solve(m, "nb_setval(k, 0), (b_setval(k, 1), fail ; true), nb_getval(k, 0)")
    assert value(m, "b_setval(k2, 5), b_getval(k2, X)") == 5


def test_nb_current(m):
    solve(m, "nb_setval(a1, 1), nb_setval(a2, 2)")
    assert value(m, "nb_current(a2, X)") == 2
    assert len(solve(m, "nb_current(K, V)")) == 2
