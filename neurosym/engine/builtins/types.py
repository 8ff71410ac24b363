"""library(error)'s must_be/2 and is_of_type/2, as SWI-Prolog 9 has them.

``has_type(Type, X)`` is SWI's ``has_type/2``: a type no one knows is not
had (``is_of_type/2`` fails).  ``must_be/2`` raises what SWI's ``is_not/2``
raises when the value is not of the type:

* an unknown type: ``existence_error(type, T)`` (before looking at X);
* ``var``: ``uninstantiation_error(X)``; ``cyclic``:
  ``domain_error(cyclic_term, X)``;
* ``list``, ``list(Of)``, ``chars``, ``codes``: a partial list is an
  instantiation error, another non-list ``type_error(list, X)``
  (``list(Of)``, ``list(char)``, ``list(code)``); in a list, the first
  element not of type ``Of`` raises as ``must_be(Of, Elem)`` would;
* ``ground`` and ``oneof(L)``: a value that is not ground is an instantiation
  error;
* otherwise an unbound value is an instantiation error, any other
  ``type_error(Type, X)`` (``positive_integer``, ``between(L, H)`` and
  ``oneof(L)`` included, as in SWI 9).
"""

from __future__ import annotations

from ...errors import ExistenceError, PrologError
from ...terms import NIL, Atom, Struct, Var, deref, is_ground, list_items
from ..unify import unify
from ._util import inst_error
from .registry import det

__all__ = ["has_type"]

_TRUE, _FALSE = Atom("true"), Atom("false")
_DASH = Atom("-")
_ENCODINGS = {"octet", "ascii", "iso_latin_1", "text", "utf8", "unicode_be", "unicode_le",
              "utf16be", "utf16le", "wchar_t"}


def _char(t) -> bool:
    return type(t) is Atom and len(t.name) == 1


def _code(t) -> bool:
    return type(t) is int and 0 <= t <= 0x10FFFF


def _all(t, pred) -> bool:
    items, tail = list_items(t)
    return tail is NIL and all(pred(deref(x)) for x in items)


def _text(t) -> bool:
    return (type(t) is Atom and t is not NIL) or type(t) is str or t is NIL or \
        (type(t) is Struct and (_all(t, _char) or _all(t, _code)))


_SIMPLE = {
    "any": lambda t: True,
    "atom": lambda t: type(t) is Atom and t is not NIL,
    "symbol": lambda t: type(t) is Atom and t is not NIL,
    "atomic": lambda t: type(t) is not Var and type(t) is not Struct,
    "constant": lambda t: type(t) is not Var and type(t) is not Struct,
    "boolean": lambda t: t is _TRUE or t is _FALSE,
    "callable": lambda t: type(t) is Struct or (type(t) is Atom and t is not NIL),
    "char": _char,
    "code": _code,
    "chars": lambda t: _all(t, _char),
    "codes": lambda t: _all(t, _code),
    "text": _text,
    "compound": lambda t: type(t) is Struct,
    "float": lambda t: type(t) is float,
    "ground": is_ground,
    "cyclic": lambda t: False,          # terms here are acyclic
    "acyclic": lambda t: True,
    "integer": lambda t: type(t) is int,
    "rational": lambda t: type(t) is int,
    "nonneg": lambda t: type(t) is int and t >= 0,
    "positive_integer": lambda t: type(t) is int and t >= 1,
    "negative_integer": lambda t: type(t) is int and t <= -1,
    "nonvar": lambda t: type(t) is not Var,
    "number": lambda t: type(t) is int or type(t) is float,
    "pair": lambda t: type(t) is Struct and t.name is _DASH and len(t.args) == 2,
    "proper_list": lambda t: list_items(t)[1] is NIL,
    "list": lambda t: list_items(t)[1] is NIL,
    "list_or_partial_list": lambda t: list_items(t)[1] is NIL or type(list_items(t)[1]) is Var,
    "var": lambda t: type(t) is Var,
    "string": lambda t: type(t) is str,
    "encoding": lambda t: type(t) is Atom and t.name in _ENCODINGS,
    "dict": lambda t: False,
    "type": lambda t: is_ground(t) and _known(t),
}


def _known(kind) -> bool:
    """Is ``kind`` a type library(error) defines?"""
    if type(kind) is Atom:
        return kind.name in _SIMPLE
    if type(kind) is Struct:
        n, k = kind.name.name, len(kind.args)
        return (n, k) in (("oneof", 1), ("between", 2), ("list", 1))
    return False


def _unifiable(a, b) -> bool:
    """``\\+ \\+ a = b``."""
    trail: list = []
    try:
        return unify(a, b, trail, False)
    finally:
        for v in trail:
            v.ref = None


def _between(t, lo, hi) -> bool:
    if type(lo) is int and type(hi) is int:
        return type(t) is int and lo <= t <= hi
    return (type(t) is int or type(t) is float) and lo <= t <= hi


def has_type(kind, t) -> bool:
    """``is_of_type(Kind, T)``: SWI's ``has_type/2`` (False for an unknown type)."""
    kind, t = deref(kind), deref(t)
    if type(kind) is Var:
        raise inst_error()
    if type(kind) is Atom:
        fn = _SIMPLE.get(kind.name)
        return fn is not None and bool(fn(t))
    if type(kind) is not Struct:
        return False
    name, args = kind.name.name, kind.args
    if name == "oneof" and len(args) == 1:
        return is_ground(t) and any(_unifiable(x, t) for x in list_items(args[0])[0])
    if name == "between" and len(args) == 2:
        return _between(t, deref(args[0]), deref(args[1]))
    if name == "list" and len(args) == 1:
        items, tail = list_items(t)
        return tail is NIL and all(has_type(args[0], x) for x in items)
    return False


def _not_list(kind, t, shown):
    """The error for ``t`` that is no list, for a type of lists."""
    tail = list_items(t)[1]
    if type(tail) is Var:
        return inst_error()
    return PrologError.make(Struct(Atom("type_error"), (shown, t)))


def _is_not(kind, t):
    """The error ``must_be(kind, t)`` raises, ``t`` not being of ``kind``."""
    if not _known(kind):
        return ExistenceError.new("type", kind)
    name = kind.name if type(kind) is Atom else kind.name.name
    if name == "var":
        return PrologError.make(Struct(Atom("uninstantiation_error"), (t,)))
    if type(t) is Var:
        return inst_error()
    if name == "cyclic":
        return PrologError.make(Struct(Atom("domain_error"), (Atom("cyclic_term"), t)))
    if name in ("chars", "codes"):
        kind = Struct(Atom("list"), (Atom(name[:-1]),))
        name = "list"
    if type(kind) is Struct and name == "list":
        items, tail = list_items(t)
        if tail is not NIL:
            return _not_list(kind, t, kind)
        of = kind.args[0]
        for x in items:
            if not has_type(of, x):
                return _is_not(deref(of), deref(x))
    if name == "list" or name == "list_or_partial_list":
        return _not_list(kind, t, Atom("list"))
    if (name == "ground" or name == "oneof") and not is_ground(t):
        return inst_error()
    return PrologError.make(Struct(Atom("type_error"), (kind, t)))


@det("is_of_type", 2)
def bi_is_of_type(m, kind, x):
    return has_type(kind, x)


@det("must_be", 2)
def bi_must_be(m, kind, x):
    k = deref(kind)
    if type(k) is Var:
        raise inst_error()
    if has_type(k, x):
        return True
    raise _is_not(k, deref(x))

