"""Exact feasibility of linear inequalities over the rationals.

Each inequality is ``(lin, strict)`` meaning ``lin < 0`` (strict) or
``lin =< 0``.  :func:`feasible` eliminates variables one at a time
(Fourier-Motzkin, with strictness carried: a combination is strict when
either side is), exact in ``Fraction``s; it is exponential in the worst
case, fine for the small inequality sets of knowledge bases.  Redundant
rows (the same normalised row) are merged, keeping the stricter.
"""

from __future__ import annotations

from ...errors import ResourceError
from .linear import Lin

__all__ = ["feasible", "bounds_of"]

MAX_ROWS = 20000


def _norm(lin: Lin, strict: bool):
    """Scale so the first (by id) coefficient is +-1: equal rows compare equal."""
    if not lin.coef:
        return lin, strict
    v0 = min(lin.coef, key=id)
    k = abs(lin.coef[v0])
    return lin.scale(1 / k), strict


def feasible(rows) -> bool:
    """True when some rational point satisfies every row."""
    cur: dict = {}
    for lin, strict in rows:
        if not lin.coef:
            if lin.const > 0 or (strict and lin.const == 0):
                return False
            continue
        ln, s = _norm(lin, strict)
        k = ln.key()
        prev = cur.get(k)
        cur[k] = (ln, s or (prev[1] if prev else False))
    while cur:
        # eliminate the variable that makes the fewest new rows
        counts: dict = {}
        for ln, _ in cur.values():
            for v, a in ln.coef.items():
                p, n = counts.get(v, (0, 0))
                counts[v] = (p + 1, n) if a > 0 else (p, n + 1)
        v = min(counts, key=lambda x: counts[x][0] * counts[x][1] - sum(counts[x]))
        pos, neg, rest = [], [], {}
        for k, (ln, s) in cur.items():
            a = ln.coef.get(v)
            if a is None:
                rest[k] = (ln, s)
            elif a > 0:
                pos.append((ln, s))
            else:
                neg.append((ln, s))
        for lp, sp in pos:
            ap = lp.coef[v]
            for lneg, sn in neg:
                an = -lneg.coef[v]
                comb = lp.scale(an).add(lneg, ap)    # v cancels
                comb.coef.pop(v, None)
                s = sp or sn
                if not comb.coef:
                    if comb.const > 0 or (s and comb.const == 0):
                        return False
                    continue
                ln, s = _norm(comb, s)
                k = ln.key()
                prev = rest.get(k)
                rest[k] = (ln, s or (prev[1] if prev else False))
        if len(rest) > MAX_ROWS:
            raise ResourceError.new("memory")
        cur = rest
    return True


def bounds_of(rows, v):
    """Single-variable rows on ``v``: (lower, lower_strict, upper, upper_strict)
    from rows mentioning only ``v`` (None when unbounded)."""
    lo = hi = None
    los = his = False
    for lin, strict in rows:
        if len(lin.coef) != 1 or v not in lin.coef:
            continue
        a = lin.coef[v]
        b = -lin.const / a          # a*v + c < 0  ->  v < -c/a (a>0)  or v > -c/a (a<0)
        if a > 0:
            if hi is None or b < hi or (b == hi and strict):
                hi, his = b, strict if (hi is None or b < hi) else (his or strict)
        else:
            if lo is None or b > lo or (b == lo and strict):
                lo, los = b, strict if (lo is None or b > lo) else (los or strict)
    return lo, los, hi, his


