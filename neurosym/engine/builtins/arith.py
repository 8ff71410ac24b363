"""Arithmetic: ``eval_arith`` and the builtins on top of it (is/2, comparisons,
succ/2, plus/3, between/3).

``eval_arith`` evaluates an expression with the evaluable functors of
:mod:`.evaluable`, raising ISO errors as SWI-Prolog 9 does.  It is the
engine's hottest builtin (naive ``fib``): evaluation dispatches on the
functor through dicts and tries ``int op int`` first.  It recurses for speed
and falls back to an explicit stack for very deep expressions.
"""

from __future__ import annotations

from ...errors import PrologTypeError
from ...terms import LIST, NIL, Atom, Struct, Term, Var, deref
from ..budget import MAX_INT_BITS
from ._util import SLASH, domain_error, inst_error, need_int, type_error
from .evaluable import BINARY, NULLARY, UNARY, eval_error
from .registry import LAST, det, nondet

__all__ = ["eval_arith"]


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
                    if key == _TIMES_ID and a.bit_length() + b.bit_length() <= MAX_INT_BITS:
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
        raise eval_error("float_overflow") from None


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
