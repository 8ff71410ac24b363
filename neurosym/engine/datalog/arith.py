"""Arithmetic for ``is/2``, comparisons and aggregates, on columns of dense ids.

Values are gathered from the evaluation's :class:`Domain`.  When every operand is
a small integer the work stays in int64 numpy (overflow is detected and the row
set recomputed exactly); otherwise rows are evaluated one by one with Python
numbers and SWI-Prolog's rules (``/`` on integers gives an integer when exact,
``//`` truncates toward zero, ``mod`` takes the divisor's sign).
"""

from __future__ import annotations

import math

import numpy as np

from ...errors import EvaluationError, InstantiationError, PrologTypeError
from ...terms import Atom, Struct
from .values import INT_MAX, INT_MIN

__all__ = ["eval_expr", "compare", "to_dense"]

_SMALL = INT_MAX


def _type_error_evaluable(v):
    if type(v) is Atom:
        culprit = Struct(Atom("/"), (v, 0))
    else:
        culprit = v
    return PrologTypeError.new("evaluable", culprit)


_ZERO_DIVISORS = frozenset(("//", "mod", "rem", "div", "/"))
_INT_ONLY = frozenset(("//", "mod", "rem", "div", ">>", "<<", "/\\", "\\/", "xor", "gcd", "msb",
                       "\\"))


def _py(op: str, a):   # a: tuple of python numbers
    if op in _ZERO_DIVISORS and a[1] == 0 and type(a[1]) is int:
        if op != "/" or type(a[0]) is int:
            raise EvaluationError.new("zero_divisor")
    if op in _INT_ONLY:
        for x in a:
            if type(x) is not int:
                raise PrologTypeError.new("integer", x)
    fn = _PY.get(op)
    if fn is None:
        raise PrologTypeError.new("evaluable", Struct(Atom("/"), (Atom(op), len(a))))
    return fn(a)


def _div(a):
    x, y = a
    if type(x) is int and type(y) is int:
        return x // y if x % y == 0 else x / y
    if y == 0:
        raise EvaluationError.new("zero_divisor")
    return x / y


def _intdiv(a):
    q = abs(a[0]) // abs(a[1])
    return q if (a[0] >= 0) == (a[1] >= 0) else -q


def _sign(a):
    x = a[0]
    return (x > 0) - (x < 0) if type(x) is int else math.copysign(1.0, x) if x else 0.0


def _pow(a):
    if type(a[0]) is int and type(a[1]) is int:
        return a[0] ** a[1] if a[1] >= 0 else _caret(a)
    return float(a[0]) ** a[1]


def _caret(a):
    x, y = a
    if type(x) is int and type(y) is int:
        if y < 0:
            if x in (1, -1):
                return x ** y if x == 1 or y % 2 else 1
            if x == 0:
                raise EvaluationError.new("zero_divisor")
            raise PrologTypeError.new("float", x)
        return x ** y
    return float(x) ** y


def _integer(a):
    x = a[0]
    return x if type(x) is int else int(math.floor(x + 0.5))


def _truncate(a):
    x = a[0]
    return x if type(x) is int else int(x)


_PY = {
    "+": lambda a: a[0] + a[1] if len(a) == 2 else a[0],
    "-": lambda a: a[0] - a[1] if len(a) == 2 else -a[0],
    "*": lambda a: a[0] * a[1],
    "/": _div,
    "//": _intdiv,
    "div": lambda a: a[0] // a[1],
    "mod": lambda a: a[0] % a[1],
    "rem": lambda a: a[0] - a[1] * _intdiv(a),
    "min": lambda a: a[1] if a[1] < a[0] else a[0],
    "max": lambda a: a[1] if a[1] > a[0] else a[0],
    "abs": lambda a: abs(a[0]),
    "sign": _sign,
    "**": _pow,
    "^": _caret,
    ">>": lambda a: a[0] >> a[1],
    "<<": lambda a: a[0] << a[1],
    "/\\": lambda a: a[0] & a[1],
    "\\/": lambda a: a[0] | a[1],
    "xor": lambda a: a[0] ^ a[1],
    "\\": lambda a: ~a[0],
    "gcd": lambda a: math.gcd(a[0], a[1]),
    "msb": lambda a: a[0].bit_length() - 1,
    "truncate": _truncate,
    "integer": _integer,
    "float": lambda a: float(a[0]),
    "sqrt": lambda a: math.sqrt(a[0]),
    "pi": lambda a: math.pi,
    "e": lambda a: math.e,
    "inf": lambda a: math.inf,
    "nan": lambda a: math.nan,
    "max_tagged_integer": lambda a: (1 << 60) - 1,
}


def _leaf(ids: np.ndarray, domain):
    """int64 values if all ids are small ints, else an object array of values."""
    n_atoms = domain.n_atoms
    if ids.size and int(ids.min()) >= n_atoms:
        is_int, ival = domain.int_view()
        k = ids - n_atoms
        if is_int[k].all():
            return ival[k]
    if ids.size and int(ids.min()) < n_atoms:
        raise _type_error_evaluable(domain.value_of_dense(int(ids[ids < n_atoms][0])))
    out = np.empty(ids.size, object)
    vals = domain.extra
    for i, d in enumerate(ids.tolist()):
        v = vals[d - n_atoms]
        if type(v) is str:
            if len(v) == 1:   # SWI evaluates one-char strings to their code
                v = ord(v)
            else:
                raise PrologTypeError.new("evaluable", v)
        out[i] = v
    return out


_FAST = {"+", "-", "*", "//", "mod", "min", "max", "abs", "sign", "rem"}


def _fast(op: str, a: list[np.ndarray]):
    """int64 result, or None if this op/overflow needs the exact path."""
    if op not in _FAST:
        return None
    if op == "*":
        ma = int(np.abs(a[0]).max(initial=0))
        mb = int(np.abs(a[1]).max(initial=0))
        if ma * mb > _SMALL:
            return None
        return a[0] * a[1]
    if op == "+":
        r = a[0] + a[1] if len(a) == 2 else a[0]
    elif op == "-":
        r = a[0] - a[1] if len(a) == 2 else -a[0]
    elif op == "min":
        r = np.minimum(a[0], a[1])
    elif op == "max":
        r = np.maximum(a[0], a[1])
    elif op == "abs":
        r = np.abs(a[0])
    elif op == "sign":
        r = np.sign(a[0])
    else:
        if (a[1] == 0).any():
            raise EvaluationError.new("zero_divisor")
        if op == "mod":
            r = np.mod(a[0], a[1])
        else:
            q = np.abs(a[0]) // np.abs(a[1])
            q = np.where((a[0] >= 0) == (a[1] >= 0), q, -q)
            r = q if op == "//" else a[0] - a[1] * q
    if r.size and (int(r.max()) > INT_MAX or int(r.min()) < INT_MIN):
        return None
    return r


def eval_expr(expr, cols: dict, n: int, domain):
    """Evaluate an IR expression over ``n`` rows: an int64 array or an object array."""
    kind = expr[0]
    if kind == "v":
        ids = cols.get(expr[1])
        if ids is None:
            raise InstantiationError.new()
        return _leaf(ids, domain)
    if kind == "c":
        v = expr[1]
        if type(v) is int and INT_MIN <= v <= INT_MAX:
            return np.full(n, v, np.int64)
        if type(v) is Atom:
            raise _type_error_evaluable(v)
        out = np.empty(n, object)
        out[:] = [v] * n
        return out
    subs = [eval_expr(e, cols, n, domain) for e in expr[1]]
    if not subs:
        v = _py(kind, ())
        out = np.empty(n, object)
        out[:] = [v] * n
        return out
    if all(s.dtype == np.int64 for s in subs):
        r = _fast(kind, subs)
        if r is not None:
            return r
    lists = [s.tolist() for s in subs]
    out = np.empty(n, object)
    out[:] = [_py(kind, t) for t in zip(*lists, strict=True)]
    return _narrow(out)


def _narrow(arr: np.ndarray) -> np.ndarray:
    if arr.dtype == object and all(type(v) is int and INT_MIN <= v <= INT_MAX for v in arr):
        return arr.astype(np.int64)
    return arr


_CMP = {"<": np.less, ">": np.greater, "=<": np.less_equal, ">=": np.greater_equal,
        "=:=": np.equal, "=\\=": np.not_equal}


def compare(op: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype == np.int64 and b.dtype == np.int64:
        return _CMP[op](a, b)
    return np.fromiter((bool(_CMP[op](x, y)) for x, y in zip(a.tolist(), b.tolist(), strict=True)),
                       bool, len(a))


def to_dense(vals: np.ndarray, domain) -> np.ndarray:
    """Dense ids of computed values (int64 or object array)."""
    if vals.dtype == np.int64:
        return domain.ints_to_dense(vals)
    return np.fromiter((domain.dense_of_value(v) for v in vals.tolist()), np.int64, len(vals))
