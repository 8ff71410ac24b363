"""Linear expressions over exact rationals, and NSL terms <-> numbers.

A :class:`Lin` is ``const + sum(coef[v] * v)`` with ``Fraction``
coefficients keyed by ``Var`` cells (identity hash).  :func:`to_lin` reads
an NSL arithmetic term (``+ - * /``, unary ``-``, integers, floats,
``rdiv(N, D)``) and raises :class:`NonLinear` for anything else (``X*Y``,
``X^2``, ``sin(X)``): such constraints go to the delayed, sympy-backed part
of the store.  Floats are read as the rational of their shortest decimal
text (``0.1`` is ``1/10``), as clpq's rationalisation does.

Rationals leave the store as integers when integral, else as
``N rdiv D`` (``rdiv/2`` is an operator, so ``X = 1 rdiv 3`` reads back).
"""

from __future__ import annotations

from fractions import Fraction

from ...errors import EvaluationError, PrologTypeError
from ...terms import Atom, Struct, Var, deref

__all__ = ["Lin", "NonLinear", "to_lin", "to_fraction", "number_term", "RDIV"]

RDIV = Atom("rdiv")
_PLUS, _MINUS, _TIMES, _DIV = Atom("+"), Atom("-"), Atom("*"), Atom("/")


class NonLinear(Exception):
    """The term is not a linear expression (the caller hands it to sympy)."""


class Lin:
    """``const + sum(coef[v] * v)``; treat as immutable once built."""

    __slots__ = ("coef", "const")

    def __init__(self, coef: dict | None = None, const: Fraction = Fraction(0)) -> None:
        self.coef = coef if coef is not None else {}
        self.const = const

    @staticmethod
    def var(v: Var) -> Lin:
        return Lin({v: Fraction(1)})

    def is_const(self) -> bool:
        return not self.coef

    def add(self, other: Lin, k: Fraction = Fraction(1)) -> Lin:
        c = dict(self.coef)
        for v, a in other.coef.items():
            s = c.get(v, 0) + k * a
            if s:
                c[v] = s
            else:
                c.pop(v, None)
        return Lin(c, self.const + k * other.const)

    def scale(self, k: Fraction) -> Lin:
        if not k:
            return Lin()
        return Lin({v: a * k for v, a in self.coef.items()}, self.const * k)

    def subst(self, v: Var, e: Lin) -> Lin:
        """Replace ``v`` by ``e``."""
        a = self.coef.get(v)
        if a is None:
            return self
        c = dict(self.coef)
        del c[v]
        return Lin(c, self.const).add(e, a)

    def key(self) -> tuple:
        return (self.const, tuple(sorted((id(v), a) for v, a in self.coef.items())))

    def __eq__(self, other) -> bool:
        return isinstance(other, Lin) and self.const == other.const and self.coef == other.coef

    def __hash__(self) -> int:
        return hash(self.key())

    def __repr__(self) -> str:
        parts = [str(self.const)] + [f"{a}*{v!r}" for v, a in self.coef.items()]
        return "Lin(" + " + ".join(parts) + ")"


def to_fraction(t) -> Fraction | None:
    """A number term (int, float, ``rdiv(N, D)``) as a Fraction, else None."""
    t = deref(t)
    tt = type(t)
    if tt is int:
        return Fraction(t)
    if tt is float:
        if t != t or t in (float("inf"), float("-inf")):
            raise PrologTypeError.new("rational", t)
        return Fraction(repr(t))
    if tt is Struct and t.name is RDIV and len(t.args) == 2:
        n, d = deref(t.args[0]), deref(t.args[1])
        if type(n) is int and type(d) is int and d != 0:
            return Fraction(n, d)
    return None


def number_term(q: Fraction):
    """A Fraction as an NSL term: an int when integral, else ``N rdiv D``."""
    if q.denominator == 1:
        return int(q.numerator)
    return Struct(RDIV, (int(q.numerator), int(q.denominator)))


def to_lin(t, inexact: list | None = None) -> Lin:
    """An NSL arithmetic term as a :class:`Lin` (iterative post-order walk).

    Raises :class:`NonLinear` for a non-linear term, ``type_error(rational,
    T)`` for an atom or string where a number belongs.  A variable bound to
    a float (an approximate solution) appends True to ``inexact``: what the
    constraint determines is then bound to floats too."""
    # stack of (term, state); results on `out`
    out: list = []
    stack: list = [(t, False)]
    while stack:
        x, done = stack.pop()
        if not done:
            if type(x) is Var:
                x = deref(x)
                if type(x) is Var:
                    out.append(Lin.var(x))
                    continue
                if type(x) is float and inexact is not None:
                    inexact.append(True)
            q = to_fraction(x)
            if q is not None:
                out.append(Lin({}, q))
                continue
            if type(x) is Struct:
                n = len(x.args)
                if (n == 2 and x.name in (_PLUS, _MINUS, _TIMES, _DIV)) or (
                        n == 1 and x.name in (_PLUS, _MINUS)):
                    stack.append((x, True))
                    for a in reversed(x.args):
                        stack.append((a, False))
                    continue
                raise NonLinear
            if type(x) is Atom and x.name in ("pi", "e", "inf", "nan"):
                raise NonLinear
            raise PrologTypeError.new("rational", x)
        name, n = x.name, len(x.args)
        if n == 1:
            a = out.pop()
            out.append(a if name is _PLUS else a.scale(Fraction(-1)))
            continue
        b = out.pop()
        a = out.pop()
        if name is _PLUS:
            out.append(a.add(b))
        elif name is _MINUS:
            out.append(a.add(b, Fraction(-1)))
        elif name is _TIMES:
            if a.is_const():
                out.append(b.scale(a.const))
            elif b.is_const():
                out.append(a.scale(b.const))
            else:
                raise NonLinear
        else:
            if not b.is_const():
                raise NonLinear
            if b.const == 0:
                raise EvaluationError.new("zero_divisor")
            out.append(a.scale(1 / b.const))
    return out[0]

