"""The sym_* builtins: NSL terms in, NSL terms out, through sympy."""

from __future__ import annotations

import pytest

from neurosym.errors import PrologError
from neurosym.kb import KnowledgeBase
from neurosym.terms.printer import format_term


def one(q: str, var: str) -> str:
    kb = KnowledgeBase()
    return format_term(next(kb.query(q))[var])


@pytest.mark.parametrize("q,var,text", [
    ("sym_simplify(sin(x)^2 + cos(x)^2, S)", "S", "1"),
    ("sym_simplify((x^2 - 1)/(x - 1), S)", "S", "x+1"),
    ("sym_expand((x+1)^2, E)", "E", "x^2+2*x+1"),
    ("sym_factor(x^2 - 1, F)", "F", "(x-1)*(x+1)"),
    ("sym_diff(x^3 + 2*x, x, D)", "D", "3*x^2+2"),
    ("sym_diff(sin(x)*exp(x), x, D)", "D", "exp(x)*sin(x)+exp(x)*cos(x)"),
    ("sym_integrate(2*x, x, I)", "I", "x^2"),
    ("sym_integrate(cos(x), x, I)", "I", "sin(x)"),
    ("sym_solve(x^2 - 4 = 0, x, S)", "S", "[-2,2]"),
    ("sym_solve(2*x + 1, x, S)", "S", "[-1 rdiv 2]"),
    ("sym_solve(x^2 = 2, x, S)", "S", "[-sqrt(2),sqrt(2)]"),
    ("sym_subs(x^2 + y, [x = 3], R)", "R", "y+9"),
    ("sym_subs(x + y, [x = 1 rdiv 2, y = 1 rdiv 3], R)", "R", "5 rdiv 6"),
    ("sym_simplify(2*pi/4, S)", "S", "pi/2"),
    ("sym_simplify(log(e), S)", "S", "1"),
    ("sym_simplify(sqrt(8), S)", "S", "2*sqrt(2)"),
])
def test_sym_builtins(q, var, text):
    assert one(q, var) == text


def test_variables_stand_for_symbols_and_come_back_as_themselves():
    kb = KnowledgeBase()
    a = next(kb.query("sym_diff(X^2, X, D), X = 3, V is D"))
    assert a["V"] == 6
    a = next(kb.query("sym_solve(X^2 - 9 = 0, X, [S|_])"))
    assert a["S"] == -3


def test_errors_are_iso_errors():
    kb = KnowledgeBase()
    with pytest.raises(PrologError, match="Type error: `evaluable' expected, found `foo/1'"):
        list(kb.query("sym_simplify(foo(x), S)"))
    with pytest.raises(PrologError, match="zero_divisor"):
        list(kb.query("sym_simplify(1/0, S)"))
    with pytest.raises(PrologError, match="Type error: `variable' expected, found `3'"):
        list(kb.query("sym_diff(x^2, 3, D)"))
    with pytest.raises(PrologError, match="Type error: `list' expected"):
        list(kb.query("sym_subs(x, foo, R)"))
    assert list(kb.query("catch(sym_simplify(bar(1, 2), _), error(type_error(T, _), _), true)"))[0]["T"]
