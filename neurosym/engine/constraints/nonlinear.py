"""Delayed non-linear equations, solved by sympy when one unknown is left.

After the store's linear equations are substituted in, an equation with a
single unknown is solved over the reals with ``sympy.solveset``: no
solution fails the branch; exactly one rational solution binds the
variable exactly (solutions outside the variable's bounds in the store
are dropped first: ``{X*X = 2, X > 0}``); exactly one irrational solution binds it (and what it determines) to a float
(``sqrt(2)`` -> ``1.4142135623730951``); several solutions (``X*X = 4``)
or none sympy can find keep the constraint delayed, as clpq does.
"""

from __future__ import annotations

from fractions import Fraction

from .feasible import bounds_of
from .linear import Lin

__all__ = ["solve_one", "lin_to_sympy"]


def _within(x, bounds) -> bool:
    """Whether the real number ``x`` meets the variable's bounds."""
    lo, los, hi, his = bounds
    try:
        if lo is not None:
            d = x - lo.numerator / __import__("sympy").Integer(lo.denominator)
            if d < 0 or (los and d == 0):
                return False
        if hi is not None:
            d = x - hi.numerator / __import__("sympy").Integer(hi.denominator)
            if d > 0 or (his and d == 0):
                return False
    except TypeError:
        return True
    return True


def lin_to_sympy(lin: Lin, mp):
    import sympy
    e = sympy.Rational(lin.const.numerator, lin.const.denominator)
    for v, a in lin.coef.items():
        e += sympy.Rational(a.numerator, a.denominator) * mp.symbol(v)
    return e


def solve_one(lhs, rhs, eqs, ineqs=()):
    import sympy

    from ...algebra import Mapping, to_sympy
    mp = Mapping()
    try:
        expr = to_sympy(lhs, mp) - to_sympy(rhs, mp)
        subs = {mp.sym[p]: lin_to_sympy(e, mp) for p, e in eqs.items() if p in mp.sym}
        if subs:
            expr = expr.subs(subs)
        expr = sympy.simplify(expr)
        free = expr.free_symbols
        if not free:
            return [] if expr == 0 else False
        if len(free) != 1:
            return None
        s = next(iter(free))
        sols = sympy.solveset(expr, s, domain=sympy.S.Reals)
    except Exception:  # noqa: BLE001 -- sympy gives up: stay delayed
        return None
    if sols is sympy.S.EmptySet:
        return False
    if not isinstance(sols, sympy.FiniteSet):
        return None
    v = mp.var[s]
    sols = [x for x in sols if _within(x, bounds_of(ineqs, v))]
    if not sols:
        return False
    if len(sols) != 1:
        return None
    val = sols[0]
    if val.is_Rational:
        q = Fraction(int(val.p), int(val.q))
        return [("=", Lin({v: Fraction(1)}, -q))]
    try:
        f = float(val)
    except (TypeError, ValueError):
        return None
    return [("=~", Lin({v: Fraction(1)}, -Fraction(f)))]
