"""Type tests (var/1, atom/1, is_list/1 ...) and must_be/2, is_of_type/2."""

from __future__ import annotations

from ...errors import ExistenceError, PrologError
from ...terms import NIL, Atom, Struct, Var, deref, is_ground, list_items
from ._util import domain_error, inst_error, type_error
from .registry import det

__all__ = ["has_type"]


@det("var", 1)
def bi_var(m, x):
    return type(deref(x)) is Var


@det("nonvar", 1)
def bi_nonvar(m, x):
    return type(deref(x)) is not Var


@det("atom", 1)
def bi_atom(m, x):
    t = deref(x)
    return type(t) is Atom and t is not NIL       # SWI-7: ``[]`` is not an atom


@det("number", 1)
def bi_number(m, x):
    t = type(deref(x))
    return t is int or t is float


@det("integer", 1)
def bi_integer(m, x):
    return type(deref(x)) is int


@det("float", 1)
def bi_float(m, x):
    return type(deref(x)) is float


@det("atomic", 1)
def bi_atomic(m, x):
    t = type(deref(x))
    return t is not Var and t is not Struct


@det("compound", 1)
def bi_compound(m, x):
    return type(deref(x)) is Struct


@det("callable", 1)
def bi_callable(m, x):
    t = deref(x)
    return (type(t) is Atom and t is not NIL) or type(t) is Struct


@det("is_list", 1)
def bi_is_list(m, x):
    return list_items(x)[1] is NIL


@det("string", 1)
def bi_string(m, x):
    return type(deref(x)) is str


@det("text", 1)
def bi_text(m, x):
    t = type(deref(x))
    return t is Atom or t is str


@det("ground", 1)
def bi_ground(m, x):
    return is_ground(x)


@det("is_dict", 1)
def bi_is_dict(m, x):
    return False


@det("is_assoc", 1)
def bi_is_assoc(m, x):
    t = deref(x)
    return t is Atom("t") or (type(t) is Struct and t.name.name == "t" and len(t.args) == 5)


@det("blob", 2)
def bi_blob(m, x, kind):
    t = deref(x)
    if t is NIL:
        return m.unify(kind, Atom("reserved_symbol"))
    if type(t) is Atom:
        return m.unify(kind, Atom("text"))
    return False


# -- must_be/2 (library(error)) --------------------------------------------------

def _is_list_items(t) -> bool:
    tail = list_items(t)[1]
    return tail is NIL or type(tail) is Var


_SIMPLE = {
    "integer": lambda t: type(t) is int,
    "atom": lambda t: type(t) is Atom and t is not NIL,
    "atomic": lambda t: type(t) not in (Var, Struct),
    "callable": lambda t: type(t) is Struct or (type(t) is Atom and t is not NIL),
    "var": lambda t: type(t) is Var,
    "float": lambda t: type(t) is float,
    "number": lambda t: type(t) in (int, float),
    "compound": lambda t: type(t) is Struct,
    "string": lambda t: type(t) is str,
    "text": lambda t: type(t) in (Atom, str, int, float) or _is_text_list(t),
    "boolean": lambda t: t is Atom("true") or t is Atom("false"),
    "list": lambda t: list_items(t)[1] is NIL,
    "proper_list": lambda t: list_items(t)[1] is NIL,
    "list_items_list": _is_list_items,
    "ground": is_ground,
    "any": lambda t: True,
    "nonneg": lambda t: type(t) is int and t >= 0,
    "positive_integer": lambda t: type(t) is int and t > 0,
    "negative_integer": lambda t: type(t) is int and t < 0,
    "char": lambda t: type(t) is Atom and len(t.name) == 1,
    "code": lambda t: type(t) is int and 0 <= t <= 0x10FFFF,
    "chars": lambda t: _all_items(t, lambda x: type(x) is Atom and len(x.name) == 1),
    "codes": lambda t: _all_items(t, lambda x: type(x) is int and 0 <= x <= 0x10FFFF),
}


def _all_items(t, pred) -> bool:
    items, tail = list_items(t)
    return tail is NIL and all(pred(deref(x)) for x in items)


def _is_text_list(t) -> bool:
    return _SIMPLE["chars"](t) or _SIMPLE["codes"](t)


def has_type(kind, t) -> bool:
    """``is_of_type(Kind, T)`` as library(error) defines it."""
    t = deref(t)
    kind = deref(kind)
    if type(kind) is Atom:
        fn = _SIMPLE.get(kind.name)
        if fn is not None:
            return bool(fn(t))
    if type(kind) is Struct:
        name = kind.name.name
        if name == "oneof" and len(kind.args) == 1:
            return any(deref(x) is t for x in list_items(kind.args[0])[0])
        if name == "between" and len(kind.args) == 2:
            lo, hi = deref(kind.args[0]), deref(kind.args[1])
            if type(lo) is int and type(hi) is int:
                return type(t) is int and lo <= t <= hi
            return type(t) in (int, float) and lo <= t <= hi
        if name == "list" and len(kind.args) == 1:
            items, tail = list_items(t)
            return tail is NIL and all(has_type(kind.args[0], x) for x in items)
    raise domain_error("type", kind)


@det("is_of_type", 2)
def bi_is_of_type(m, kind, x):
    return has_type(kind, x)


@det("must_be", 2)
def bi_must_be(m, kind, x):
    """SWI 9's must_be/2: instantiation_error when unbound, else type_error(Type, X)."""
    t = deref(x)
    k = deref(kind)
    try:
        ok = has_type(k, t)
    except PrologError:
        raise ExistenceError.new("type", k) from None
    if ok:
        return True
    kname = k.name if type(k) is Atom else k.name.name
    if kname == "var":
        raise PrologError.make(Struct(Atom("uninstantiation_error"), (t,)))
    if type(t) is Var or (kname in ("list", "proper_list") and type(list_items(t)[1]) is Var):
        raise inst_error()
    if type(k) is Atom:
        raise type_error(kname, t)
    raise PrologError.from_term(_type_error_term(k, t))


def _type_error_term(kind, culprit):
    return Struct(Atom("error"), (Struct(Atom("type_error"), (kind, culprit)), Var()))
