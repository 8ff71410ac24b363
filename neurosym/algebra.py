"""NSL arithmetic terms <-> sympy expressions (imports sympy: load lazily).

The mapping (both ways):

=========================  ==============================
NSL                        sympy
=========================  ==============================
integer ``3``              ``Integer(3)``
``N rdiv D``, ``N/D``      ``Rational(N, D)`` (ints)
float ``2.5``              ``Float(2.5)``
variable ``X``             a ``Symbol`` (kept per call)
atom ``x``                 ``Symbol('x')``
``pi``, ``e``              ``pi``, ``E``
``A+B A-B A*B A/B -A``     ``Add Mul Pow(B, -1)``
``A^B``, ``A**B``          ``Pow(A, B)``
``sqrt(A)``                ``sqrt(A)`` (``A^(1 rdiv 2)``)
``exp log sin cos tan``    same names (``log(B, X)``:
``asin acos atan sinh``    log base B)
``cosh tanh abs``
``A = B``, ``A =:= B``     ``Eq(A, B)``
``A < B`` ...              ``Lt(A, B)`` ...
=========================  ==============================

Anything else is ``type_error(evaluable, Name/Arity)``.  sympy's own
failures become ``evaluation_error(undefined)``.
"""

from __future__ import annotations

import sympy

from .errors import EvaluationError, PrologTypeError
from .terms import Atom, Struct, Var, deref

RDIV = Atom("rdiv")     # the same atom as the constraint solver's rational

__all__ = ["Mapping", "to_sympy", "from_sympy", "sympy_error", "residual_sympy"]

_A = Atom
_FUN1 = {n: getattr(sympy, n) for n in ("sqrt", "exp", "log", "sin", "cos", "tan", "asin",
                                         "acos", "atan", "sinh", "cosh", "tanh")}
_FUN1["abs"] = sympy.Abs
_REL = {"=": sympy.Eq, "=:=": sympy.Eq, "<": sympy.Lt, ">": sympy.Gt, "=<": sympy.Le,
        ">=": sympy.Ge, "=\\=": sympy.Ne}
_REL_BACK = {sympy.Equality: "=", sympy.StrictLessThan: "<", sympy.StrictGreaterThan: ">",
             sympy.LessThan: "=<", sympy.GreaterThan: ">=", sympy.Unequality: "=\\="}
_NAMES_BACK = {v: k for k, v in _FUN1.items()}


class Mapping:
    """Var <-> Symbol for one conversion (a symbol per variable cell)."""

    __slots__ = ("sym", "var", "names")

    def __init__(self, names: dict | None = None) -> None:
        self.sym: dict = {}      # Var -> Symbol
        self.var: dict = {}      # Symbol -> Var
        self.names = names or {}   # Var -> preferred name

    def symbol(self, v: Var):
        s = self.sym.get(v)
        if s is None:
            name = self.names.get(v) or f"_G{len(self.sym)}"
            s = sympy.Symbol(name, real=True)
            self.sym[v] = s
            self.var[s] = v
        return s


def sympy_error(e: Exception):
    """A sympy/Python failure as an ISO error."""
    if isinstance(e, ZeroDivisionError):
        return EvaluationError.new("zero_divisor")
    return EvaluationError.new("undefined")


def to_sympy(t, mp: Mapping):
    """An NSL term as a sympy expression (or relation)."""
    t = deref(t)
    tt = type(t)
    if tt is int:
        return sympy.Integer(t)
    if tt is float:
        return sympy.Float(t)
    if tt is Var:
        return mp.symbol(t)
    if tt is Atom:
        if t.name == "pi":
            return sympy.pi
        if t.name == "e":
            return sympy.E
        if t.name == "inf":
            return sympy.oo
        return sympy.Symbol(t.name, real=True)
    if tt is not Struct:
        raise PrologTypeError.new("evaluable", t)
    name, args = t.name.name, t.args
    n = len(args)
    if n == 2 and t.name is RDIV:
        a, b = deref(args[0]), deref(args[1])
        if type(a) is int and type(b) is int:
            if b == 0:
                raise EvaluationError.new("zero_divisor")
            return sympy.Rational(a, b)
    xs = [to_sympy(a, mp) for a in args]
    if n == 2:
        a, b = xs
        if name == "+":
            return a + b
        if name == "-":
            return a - b
        if name == "*":
            return a * b
        if name in ("/", "rdiv"):
            if b == 0:
                raise EvaluationError.new("zero_divisor")
            return a / b
        if name in ("^", "**"):
            return a ** b
        if name == "log":
            return sympy.log(b, a)
        if name in ("min", "max"):
            return (sympy.Min if name == "min" else sympy.Max)(a, b)
        if name in _REL:
            return _REL[name](a, b, evaluate=False)
    if n == 1:
        if name == "-":
            return -xs[0]
        if name == "+":
            return xs[0]
        f = _FUN1.get(name)
        if f is not None:
            return f(xs[0])
    raise PrologTypeError.new("evaluable", Struct(_A("/"), (t.name, n)))


def _num(x):
    if x.is_Integer:
        return int(x)
    if x.is_Rational:
        return Struct(RDIV, (int(x.p), int(x.q)))
    return float(x)


def from_sympy(x, mp: Mapping):
    """A sympy expression (or relation) as an NSL term."""
    S = sympy
    if isinstance(x, S.logic.boolalg.BooleanTrue):
        return _A("true")
    if isinstance(x, S.logic.boolalg.BooleanFalse):
        return _A("false")
    if isinstance(x, S.core.relational.Relational):
        op = _REL_BACK[type(x)]
        return Struct(_A(op), (from_sympy(x.lhs, mp), from_sympy(x.rhs, mp)))
    if x.is_Number:
        if x is S.oo:
            return _A("inf")
        if x is S.nan:
            raise EvaluationError.new("undefined")
        return _num(x)
    if x.is_Symbol:
        v = mp.var.get(x)
        return v if v is not None else _A(x.name)
    if x is S.pi:
        return _A("pi")
    if x is S.E:
        return _A("e")
    if x.is_Add:
        terms = x.as_ordered_terms()
        out = from_sympy(terms[0], mp)
        for t in terms[1:]:
            c, rest = t.as_coeff_Mul()
            if c.is_Number and c < 0:
                out = Struct(_A("-"), (out, from_sympy(-t, mp)))
            else:
                out = Struct(_A("+"), (out, from_sympy(t, mp)))
        return out
    if x.is_Mul:
        c, rest = x.as_coeff_Mul()
        if c.is_Number and c < 0:
            return Struct(_A("-"), (from_sympy(-x, mp),))
        num, den = x.as_numer_denom()
        if den != 1 and not (c.is_Rational and not c.is_Integer and rest.is_Symbol):
            return Struct(_A("/"), (from_sympy(num, mp), from_sympy(den, mp)))
        factors = x.as_ordered_factors()
        out = from_sympy(factors[0], mp)
        for f in factors[1:]:
            out = Struct(_A("*"), (out, from_sympy(f, mp)))
        return out
    if x.is_Pow:
        b, ex = x.args
        if ex == S.Rational(1, 2):
            return Struct(_A("sqrt"), (from_sympy(b, mp),))
        if ex.is_Number and ex < 0:
            return Struct(_A("/"), (1, from_sympy(b ** -ex, mp)))
        return Struct(_A("^"), (from_sympy(b, mp), from_sympy(ex, mp)))
    if isinstance(x, S.exp):
        return Struct(_A("exp"), (from_sympy(x.args[0], mp),))
    if isinstance(x, S.Abs):
        return Struct(_A("abs"), (from_sympy(x.args[0], mp),))
    if isinstance(x, S.Function):
        name = _NAMES_BACK.get(x.func, type(x).__name__.lower())
        return Struct(_A(name), tuple(from_sympy(a, mp) for a in x.args))
    raise EvaluationError.new("undefined")


def residual_sympy(bindings: dict, residuals: list) -> list:
    """Residual goals (``{A, B}`` terms) as sympy relations; an unbound query
    variable becomes the Symbol of its name, others ``_G0``, ``_G1`` ..."""
    names = {}
    for k, v in bindings.items():
        d = deref(v)
        if type(d) is Var and d not in names:
            names[d] = k
    mp = Mapping(names)
    out = []
    for r in residuals:
        r = deref(r)
        body = r.args[0] if type(r) is Struct and r.name is _A("{}") else r
        stack = [body]
        while stack:
            x = deref(stack.pop())
            if type(x) is Struct and x.name is _A(",") and len(x.args) == 2:
                stack.append(x.args[1])
                stack.append(x.args[0])
            else:
                out.append(to_sympy(x, mp))
    return out
