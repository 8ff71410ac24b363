"""The evaluable functors of arithmetic: ``BINARY``, ``UNARY`` and ``NULLARY``
map a functor's name to the Python function computing it, as SWI-Prolog 9
does with its default flags (``iso=false``, ``prefer_rationals=false``):
``7/2`` is ``3.5`` but ``4/2`` is ``2``; ``**`` and ``^`` on integers give
integers (``2 ** -1`` is ``0.5``); ``//`` truncates, ``div`` floors, ``mod``
takes the divisor's sign, ``rem`` the dividend's.  Integers are unbounded.
Float overflow, division by zero and undefined results raise
``evaluation_error``; an integer result beyond ``budget.MAX_INT_BITS`` bits
raises ``resource_error(memory)`` before it is computed.  :mod:`.arith` evaluates expressions with them.
"""

from __future__ import annotations

import math
import random as _random_mod
import time

from ...errors import EvaluationError, PrologError, PrologTypeError
from ...terms import Atom, Struct, Var
from ..budget import MAX_INT_BITS, check_int_bits, check_time
from ._util import SLASH, domain_error

__all__ = ["BINARY", "UNARY", "NULLARY", "RNG", "eval_error"]

_INF = float("inf")
RNG = _random_mod.Random()   # seed with set_random(seed(S)) or RNG.seed(...)
_isinf = math.isinf
_isnan = math.isnan
_CONTEXT = Atom("context")


def _ctx(name: str, arity: int):
    return Struct(_CONTEXT, (Struct(SLASH, (Atom(name), arity)), Var()))


def eval_error(what: str, name: str | None = None, arity: int = 2) -> PrologError:
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
        raise eval_error("undefined")
    if any(type(x) is float and _isinf(x) for x in inputs):
        return r
    raise eval_error("float_overflow")


def _float(x) -> float:
    if type(x) is float:
        return x
    try:
        return float(x)
    except OverflowError:
        raise eval_error("float_overflow") from None


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
        if a.bit_length() + b.bit_length() > MAX_INT_BITS:
            check_int_bits(a.bit_length() + b.bit_length() - 1)
        return a * b
    a, b = _float(a), _float(b)
    return _check(a * b, a, b)


def _div(a, b):
    if type(a) is int and type(b) is int:
        if b == 0:
            raise eval_error("zero_divisor", "/")
        if a % b == 0:
            return a // b
        try:
            return a / b
        except OverflowError:
            raise eval_error("float_overflow") from None
    a, b = _float(a), _float(b)
    if b == 0.0:            # SWI: 0/0.0 and nan/0 are undefined, 1/0.0 divides by zero
        raise eval_error("undefined" if a == 0.0 or _isnan(a) else "zero_divisor", "/")
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
        raise eval_error("zero_divisor", "//")
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _floordiv(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "div")
    if b == 0:
        raise eval_error("zero_divisor", "div")
    return a // b


def _mod(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "mod")
    if b == 0:
        raise eval_error("zero_divisor", "mod")
    return a % b


def _rem(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "rem")
    if b == 0:
        raise eval_error("zero_divisor", "rem")
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
            return _int_pow(a, b)
        if a == 0:
            raise eval_error("zero_divisor", name)
        if a == 1:
            return 1
        if a == -1:
            return 1 if b % 2 == 0 else -1
        try:
            return a ** b        # float
        except OverflowError:
            raise eval_error("float_overflow") from None
    if b == 0 or (type(a) is int and a == 1):    # SWI: X ** 0 and 1 ** X are the integer 1
        return 1
    if type(a) is int and a == 0 and b > 0:      # ... and 0 ** 2.0 is the integer 0
        return 0
    a, b = _float(a), _float(b)
    if a == 0.0 and b < 0:
        raise eval_error("zero_divisor", name)
    try:
        r = math.pow(a, b)
    except ValueError:
        raise eval_error("undefined") from None
    except OverflowError:
        raise eval_error("float_overflow") from None
    return _check(r, a, b)


def _int_pow(a: int, b: int) -> int:
    """``a ** b`` for integers, ``b >= 0``: refused past ``MAX_INT_BITS``;
    a big one is computed by squaring with the clock checked between steps."""
    if a in (0, 1, -1) or b < 2:
        return a ** b
    bits = b * math.log2(abs(a))
    check_int_bits(int(bits))
    if bits < (1 << 20):
        return a ** b
    m = abs(a)
    if m & (m - 1) == 0:                        # a power of two: a shift
        r = 1 << ((m.bit_length() - 1) * b)
    else:
        r, base = 1, m
        while True:
            if b & 1:
                r *= base
            b >>= 1
            if not b:
                break
            check_time()
            base *= base
            check_time()
    return -r if a < 0 and b & 1 else r


def _caret(a, b):
    return _pow(a, b, "^")


def _shr(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, ">>")
    return a >> b if b >= 0 else _lshift(a, -b)


def _shl(a, b):
    if type(a) is not int or type(b) is not int:
        _need_ints(a, b, "<<")
    return _lshift(a, b) if b >= 0 else a >> -b


def _lshift(a: int, b: int) -> int:
    if a and b > 64:
        check_int_bits(a.bit_length() + b)
    return a << b


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
        raise eval_error("undefined")
    try:
        return math.log(x) / math.log(b)
    except ZeroDivisionError:
        raise eval_error("zero_divisor", "log") from None


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
    raise eval_error("undefined")


def _float_fn(fn, domain=None):
    def f(a):
        x = _float(a)
        if domain is not None and not domain(x):
            raise eval_error("undefined")
        try:
            r = fn(x)
        except (ValueError, ZeroDivisionError):
            raise eval_error("undefined") from None
        except OverflowError:
            raise eval_error("float_overflow") from None
        return _check(r, x)
    return f


def _log(a):
    x = _float(a)
    if x <= 0.0:
        raise eval_error("undefined")
    return math.log(x)


def _sqrt(a):
    x = _float(a)
    if x < 0.0:
        raise eval_error("undefined")
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
