"""Arithmetic: ``eval_arith`` and the builtins on top of it (is/2, comparisons,
succ/2, plus/3, between/3).

``eval_arith`` mirrors SWI-Prolog 9 with its default flags (``iso=false``,
``prefer_rationals=false``): ``7/2`` is ``3.5`` but ``4/2`` is ``2``; ``**``
and ``^`` on integers give integers (``2 ** -1`` is ``0.5``); ``//``
truncates, ``div`` floors, ``mod`` takes the divisor's sign, ``rem`` the
dividend's.  Integers are unbounded.  Float overflow, division by zero and
undefined results raise ``evaluation_error``.

It is the engine's hottest builtin (naive ``fib``): evaluation dispatches on
the functor through dicts and tries ``int op int`` first.  It recurses for
speed and falls back to an explicit stack for very deep expressions.
"""

from __future__ import annotations

import math
import random as _random_mod
import time

from ...errors import EvaluationError, PrologError, PrologTypeError
from ...terms import LIST, NIL, Atom, Struct, Term, Var, deref
from ._util import SLASH, domain_error, inst_error, need_int, type_error
from .registry import LAST, det, nondet

__all__ = ["eval_arith", "compare_num", "BINARY", "UNARY", "NULLARY"]

_INF = float("inf")
RNG = _random_mod.Random()   # seed with set_random(seed(S)) or RNG.seed(...)
_isinf = math.isinf
_isnan = math.isnan
_CONTEXT = Atom("context")


def _ctx(name: str, arity: int):
    return Struct(_CONTEXT, (Struct(SLASH, (Atom(name), arity)), Var()))


def _eval_error(what: str, name: str | None = None, arity: int = 2) -> PrologError:
    return EvaluationError.new(what, _ctx(name, arity) if name else None)


def _int_error(x, name: str, arity: int = 2) -> PrologError:
    return PrologTypeError.new("integer", x, _ctx(name, arity))


def _check(r: float, *inputs) -> float:
    """Raise float_overflow / undefined for an inf / nan made from finite inputs."""
    if r - r == 0.0:                      # finite
        return r
    if _isnan(r):
        if any(type(x) is float and _isnan(x) for x in inputs):
            return r
        raise _eval_error("undefined")
    if any(type(x) is float and _isinf(x) for x in inputs):
        return r
    raise _eval_error("float_overflow")


def _float(x) -> float:
    if type(x) is float:
        return x
    try:
        return float(x)
    except OverflowError:
        raise _eval_error("float_overflow") from None


# -- binary operations -----------------------------------------------------------

def _add(a, b):
    if type(a) is int and type(b) is int:
        return a + b
    a, b = _float(a), _float(b)
    return _check(a + b, a, b)


def _sub(a, b):
    if type(a) is int and type(b) is int:
        return a - b
    a, b = _float(a), _float(b)
    return _check(a - b, a, b)


def _mul(a, b):
    if type(a) is int and type(b) is int:
        return a * b
    a, b = _float(a), _float(b)
    return _check(a * b, a, b)


def _div(a, b):
    if type(a) is int and type(b) is int:
        if b == 0:
            raise _eval_error("zero_divisor", "/")
        if a % b == 0:
            return a // b
        try:
            return a / b
        except OverflowError:
            raise _eval_error("float_overflow") from None
    a, b = _float(a), _float(b)
    if b == 0.0 and not _isnan(a):
        raise _eval_error("undefined" if a == 0.0 else "zero_divisor", "/")
    return _check(a / b, a, b)


def _need_ints(a, b, name):
    if type(a) is not int:
        raise _int_error(a, name)
    if type(b) is not int:
        raise _int_error(b, name)


def _intdiv(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "//")
    if b == 0:
        raise _eval_error("zero_divisor", "//")
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _floordiv(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "div")
    if b == 0:
        raise _eval_error("zero_divisor", "div")
    return a // b


def _mod(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "mod")
    if b == 0:
        raise _eval_error("zero_divisor", "mod")
    return a % b


def _rem(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "rem")
    if b == 0:
        raise _eval_error("zero_divisor", "rem")
    r = abs(a) % abs(b)
    return -r if a < 0 else r


def _min(a, b):
    c = _cmp(a, b)
    if c == 0:   # SWI: equal values give the float (min(1, 1.0) and min(1.0, 1) are 1.0)
        return a if type(a) is float else b
    return a if c < 0 else b


def _max(a, b):
    c = _cmp(a, b)
    if c == 0:
        return a if type(a) is float else b
    return a if c > 0 else b


def _cmp(a, b) -> int:
    if type(a) is float and _isnan(a):
        return 1 if not (type(b) is float and _isnan(b)) else 0
    if type(b) is float and _isnan(b):
        return -1
    return (a > b) - (a < b)


def _pow(a, b, name="**"):
    if type(a) is int and type(b) is int:
        if b >= 0:
            return a ** b
        if a == 0:
            raise _eval_error("zero_divisor", name)
        if a == 1:
            return 1
        if a == -1:
            return 1 if b % 2 == 0 else -1
        try:
            return a ** b        # float
        except OverflowError:
            raise _eval_error("float_overflow") from None
    if b == 0 or (type(a) is int and a == 1):    # SWI: X ** 0 and 1 ** X are the integer 1
        return 1
    if type(a) is int and a == 0 and b > 0:      # ... and 0 ** 2.0 is the integer 0
        return 0
    a, b = _float(a), _float(b)
    if a == 0.0 and b < 0:
        raise _eval_error("zero_divisor", name)
    try:
        r = math.pow(a, b)
    except ValueError:
        raise _eval_error("undefined") from None
    except OverflowError:
        raise _eval_error("float_overflow") from None
    return _check(r, a, b)


def _caret(a, b):
    return _pow(a, b, "^")


def _shr(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, ">>")
    return a >> b if b >= 0 else a << -b


def _shl(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "<<")
    return a << b if b >= 0 else a >> -b


def _and(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "/\\")
    return a & b


def _or(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "\\/")
    return a | b


def _xor(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "xor")
    return a ^ b


def _gcd(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "gcd")
    return math.gcd(a, b)


def _lcm(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "lcm")
    return abs(math.lcm(a, b))


def _atan2(a, b):
    return math.atan2(_float(a), _float(b))      # SWI: atan2(0, 0) is 0.0


def _copysign(a, b):
    if type(a) is int:     # SWI keeps an integer magnitude: copysign(2, -0.0) is -2
        return -abs(a) if math.copysign(1.0, _float(b)) < 0 else abs(a)
    return math.copysign(a, _float(b))


def _log2args(b, x):
    b, x = _float(b), _float(x)
    if b <= 0.0 or x <= 0.0:
        raise _eval_error("undefined")
    try:
        return math.log(x) / math.log(b)
    except ZeroDivisionError:
        raise _eval_error("zero_divisor", "log") from None


def _nexttoward(a, b):
    return math.nextafter(_float(a), _float(b))


BINARY = {
    Atom("+"): _add, Atom("-"): _sub, Atom("*"): _mul, Atom("/"): _div,
    Atom("//"): _intdiv, Atom("div"): _floordiv, Atom("mod"): _mod, Atom("rem"): _rem,
    Atom("min"): _min, Atom("max"): _max, Atom("**"): _pow, Atom("^"): _caret,
    Atom(">>"): _shr, Atom("<<"): _shl, Atom("/\\"): _and, Atom("\\/"): _or,
    Atom("xor"): _xor, Atom("gcd"): _gcd, Atom("lcm"): _lcm, Atom("atan2"): _atan2,
    Atom("atan"): _atan2, Atom("copysign"): _copysign, Atom("log"): _log2args,
    Atom("nexttoward"): _nexttoward,
}


# -- unary operations ------------------------------------------------------------

def _neg(a):
    return -a


def _pos(a):
    return a


def _abs(a):
    return abs(a)


def _sign(a):
    if type(a) is int:
        return (a > 0) - (a < 0)
    if _isnan(a):
        return a
    return 1.0 if a > 0 else (-1.0 if a < 0 else 0.0)


def _to_int(f: float, how) -> int | float:
    if f - f != 0.0:        # inf / nan: SWI returns them unchanged
        return f
    return how(f)


def _round_half_away(f: float) -> int:
    r = math.floor(f)
    if f - r >= 0.5:
        r += 1
    return int(r)


def _integer(a):
    if type(a) is int:
        return a
    if a - a != 0.0:
        return a
    return _round_half_away(a) if a >= 0 else -_round_half_away(-a)


def _truncate(a):
    return a if type(a) is int else _to_int(a, math.trunc)


def _floor(a):
    return a if type(a) is int else _to_int(a, math.floor)


def _ceiling(a):
    return a if type(a) is int else _to_int(a, math.ceil)


def _fip(a):
    return a if type(a) is int else math.modf(a)[1]      # keeps the sign: -0.5 -> -0.0


def _ffp(a):
    if type(a) is int:
        return 0
    return math.modf(a)[0] if a - a == 0.0 else _eval_undefined()


def _eval_undefined():
    raise _eval_error("undefined")


def _float_fn(fn, domain=None):
    def f(a):
        x = _float(a)
        if domain is not None and not domain(x):
            raise _eval_error("undefined")
        try:
            r = fn(x)
        except (ValueError, ZeroDivisionError):
            raise _eval_error("undefined") from None
        except OverflowError:
            raise _eval_error("float_overflow") from None
        return _check(r, x)
    return f


def _log(a):
    x = _float(a)
    if x <= 0.0:
        raise _eval_error("undefined")
    return math.log(x)


def _sqrt(a):
    x = _float(a)
    if x < 0.0:
        raise _eval_error("undefined")
    return math.sqrt(x)


def _bitnot(a):
    if type(a) is not int:
        raise _int_error(a, "\\", 1)
    return ~a


def _msb(a):
    if type(a) is not int:
        raise _int_error(a, "msb", 1)
    if a < 1:
        raise domain_error("not_less_than_one", a)
    return a.bit_length() - 1


def _lsb(a):
    if type(a) is not int:
        raise _int_error(a, "lsb", 1)
    if a < 1:
        raise domain_error("not_less_than_one", a)
    return (a & -a).bit_length() - 1


def _popcount(a):
    if type(a) is not int:
        raise _int_error(a, "popcount", 1)
    return bin(a).count("1")


def _random(a):
    if type(a) is not int:
        raise _int_error(a, "random", 1)
    if a < 1:
        raise domain_error("not_less_than_one", a)
    return RNG.randrange(a)


def _float1(a):
    return _float(a)


UNARY = {
    Atom("-"): _neg, Atom("+"): _pos, Atom("abs"): _abs, Atom("sign"): _sign,
    Atom("integer"): _integer, Atom("truncate"): _truncate,
    Atom("floor"): _floor, Atom("ceiling"): _ceiling,
    Atom("round"): lambda a: a if type(a) is int else _to_int(
        a, lambda f: _round_half_away(f) if f >= 0 else -_round_half_away(-f)),
    Atom("float"): _float1, Atom("float_integer_part"): _fip,
    Atom("float_fractional_part"): _ffp, Atom("sqrt"): _sqrt,
    Atom("sin"): _float_fn(math.sin), Atom("cos"): _float_fn(math.cos),
    Atom("tan"): _float_fn(math.tan), Atom("asin"): _float_fn(math.asin, lambda x: -1 <= x <= 1),
    Atom("acos"): _float_fn(math.acos, lambda x: -1 <= x <= 1), Atom("atan"): _float_fn(math.atan),
    Atom("sinh"): _float_fn(math.sinh), Atom("cosh"): _float_fn(math.cosh),
    Atom("tanh"): _float_fn(math.tanh), Atom("asinh"): _float_fn(math.asinh),
    Atom("acosh"): _float_fn(math.acosh, lambda x: x >= 1),
    Atom("atanh"): _float_fn(math.atanh, lambda x: -1 < x < 1),
    Atom("exp"): _float_fn(math.exp), Atom("log"): _log,
    Atom("log2"): _float_fn(math.log2, lambda x: x > 0),
    Atom("\\"): _bitnot, Atom("msb"): _msb, Atom("lsb"): _lsb, Atom("popcount"): _popcount,
    Atom("random"): _random,
}

NULLARY = {
    Atom("pi"): lambda: math.pi, Atom("e"): lambda: math.e, Atom("inf"): lambda: _INF,
    Atom("infinite"): lambda: _INF, Atom("nan"): lambda: math.nan,
    Atom("epsilon"): lambda: 2.220446049250313e-16,
    Atom("random"): lambda: RNG.random(), Atom("random_float"): lambda: RNG.random(),
    Atom("cputime"): lambda: time.process_time(), Atom("realtime"): lambda: int(time.time()),
}


# -- evaluation ------------------------------------------------------------------

def _eval_leaf(t):
    """Evaluate a non-Struct, non-number term (atoms, strings, variables)."""
    tt = type(t)
    if tt is Var:
        raise inst_error()
    if tt is Atom:
        fn = NULLARY.get(t)
        if fn is not None:
            return fn()
        if t is NIL:
            raise type_error("evaluable", t)
        raise type_error("evaluable", Struct(SLASH, (t, 0)))
    if tt is str:
        if len(t) == 1:
            return ord(t)
        raise type_error("evaluable", t) if not t else _one_char_error(t)
    raise type_error("evaluable", t)


def _one_char_error(t):
    return PrologTypeError.new("[]", t)


def _eval_list_item(x):
    """``[X]`` evaluates X; a one-char atom there is its code (``X is [x]`` gives 120)."""
    x = deref(x)
    if type(x) is Atom and len(x.name) == 1:
        return ord(x.name)
    return eval_arith(x)


_BIN_ID = {id(k): v for k, v in BINARY.items()}   # id(): no Python-level Atom.__hash__
_UN_ID = {id(k): v for k, v in UNARY.items()}
_PLUS_ID, _MINUS_ID, _TIMES_ID = id(Atom("+")), id(Atom("-")), id(Atom("*"))
_LIST_ID = id(LIST)


def _eval(t):
    tt = type(t)
    if tt is int or tt is float:
        return t
    if tt is Var:
        t = deref(t)
        tt = type(t)
        if tt is int or tt is float:
            return t
    if tt is Struct:
        args = t.args
        key = id(t.name)
        if len(args) == 2:
            fn = _BIN_ID.get(key)
            if fn is not None:
                # SWI's order: plain arguments (atoms, variables, strings) are
                # checked left to right first, then compound ones evaluated
                # right to left -- it decides which error a bad expression raises
                a = args[0]
                while type(a) is Var:            # inline deref
                    r = a.ref
                    if r is None:
                        break
                    a = r
                b = args[1]
                while type(b) is Var:
                    r = b.ref
                    if r is None:
                        break
                    b = r
                ta = type(a)
                if ta is not int and ta is not float and ta is not Struct:
                    a = _eval_leaf(a)
                tb = type(b)
                if tb is not int and tb is not float:
                    b = _eval(b) if tb is Struct else _eval_leaf(b)
                if ta is Struct:
                    a = _eval(a)
                if type(a) is int and type(b) is int:    # the common case, inline
                    if key == _PLUS_ID:
                        return a + b
                    if key == _MINUS_ID:
                        return a - b
                    if key == _TIMES_ID:
                        return a * b
                return fn(a, b)
            if key == _LIST_ID:
                if deref(args[1]) is NIL:
                    return _eval_list_item(args[0])
                raise _one_char_error(t)
        elif len(args) == 1:
            fn = _UN_ID.get(key)
            if fn is not None:
                return fn(_eval(args[0]))
        raise type_error("evaluable", Struct(SLASH, (t.name, len(args))))
    return _eval_leaf(t)


def _eval_iter(t):
    """The same as ``_eval`` with an explicit stack (for very deep expressions)."""
    stack: list = [(t, False)]
    vals: list = []
    while stack:
        node, expanded = stack.pop()
        if expanded:
            if len(node.args) == 2:
                a = vals.pop()
                b = vals.pop()
                vals.append(BINARY[node.name](a, b))
            else:
                vals.append(UNARY[node.name](vals.pop()))
            continue
        node = deref(node)
        tt = type(node)
        if tt is int or tt is float:
            vals.append(node)
        elif tt is Struct:
            n = len(node.args)
            if n == 2 and node.name in BINARY:
                for x in node.args:                     # plain arguments first, as _eval
                    x = deref(x)
                    if type(x) is Var or type(x) is Atom:
                        _eval_leaf(x)
                stack.append((node, True))
                stack.append((node.args[0], False))     # right argument first, as SWI
                stack.append((node.args[1], False))
            elif n == 2 and node.name is LIST:
                if deref(node.args[1]) is not NIL:
                    raise _one_char_error(node)
                vals.append(_eval_list_item(node.args[0]))
            elif n == 1 and node.name in UNARY:
                stack.append((node, True))
                stack.append((node.args[0], False))
            else:
                raise type_error("evaluable", Struct(SLASH, (node.name, n)))
        else:
            vals.append(_eval_leaf(node))
    return vals[0]


def eval_arith(t: Term):
    """Evaluate an arithmetic expression; raises ISO errors as SWI-Prolog does."""
    try:
        return _eval(t)
    except RecursionError:
        return _eval_iter(t)
    except OverflowError:
        raise _eval_error("float_overflow") from None


def compare_num(a, b) -> int:
    """Compare two numbers by value (-1, 0, 1); ints and floats compare exactly."""
    return (a > b) - (a < b)


# -- builtins --------------------------------------------------------------------

@det("is", 2)
def bi_is(m, result, expr):
    return m.unify(result, eval_arith(expr))


@det("=:=", 2)
def bi_num_eq(m, a, b):
    return eval_arith(a) == eval_arith(b)


@det("=\\=", 2)
def bi_num_ne(m, a, b):
    return eval_arith(a) != eval_arith(b)


@det("<", 2)
def bi_lt(m, a, b):
    return eval_arith(a) < eval_arith(b)


@det(">", 2)
def bi_gt(m, a, b):
    return eval_arith(a) > eval_arith(b)


@det("=<", 2)
def bi_le(m, a, b):
    return eval_arith(a) <= eval_arith(b)


@det(">=", 2)
def bi_ge(m, a, b):
    return eval_arith(a) >= eval_arith(b)


@det("succ", 2)
def bi_succ(m, x, y):
    x = deref(x)
    y = deref(y)
    if type(x) is int:
        if x < 0:
            raise domain_error("not_less_than_zero", x)
        if type(y) is not Var and type(y) is not int:
            raise type_error("integer", y)
        return m.unify(y, x + 1)
    if type(x) is not Var:
        raise type_error("integer", x)
    if type(y) is Var:
        raise inst_error()
    if type(y) is not int:
        raise type_error("integer", y)
    if y < 0:
        raise domain_error("not_less_than_zero", y)
    if y == 0:
        return False
    return m.unify(x, y - 1)


@det("plus", 3)
def bi_plus(m, x, y, z):
    x, y, z = deref(x), deref(y), deref(z)
    for t in (x, y, z):
        if type(t) is not Var and type(t) is not int:
            raise type_error("integer", t)
    if type(x) is int and type(y) is int:
        return m.unify(z, x + y)
    if type(x) is int and type(z) is int:
        return m.unify(y, z - x)
    if type(y) is int and type(z) is int:
        return m.unify(x, z - y)
    raise inst_error()


_INF_ATOMS = (Atom("inf"), Atom("infinite"))


@nondet("between", 3)
def bi_between(m, lo, hi, x):
    low = need_int(lo)
    h = deref(hi)
    if type(h) is Atom and h in _INF_ATOMS:
        high = None
    else:
        high = need_int(h)
    xv = deref(x)
    if type(xv) is int:
        if xv >= low and (high is None or xv <= high):
            yield LAST
        return
    if type(xv) is not Var:
        raise type_error("integer", xv)
    i = low
    while high is None or i <= high:
        if m.unify(xv, i):
            yield LAST if i == high else True
        i += 1
