"""Type tests: var/1, atom/1, is_list/1 ... (must_be/2 and is_of_type/2 are in ``types``)."""

from __future__ import annotations

from ...terms import NIL, Atom, Struct, Var, deref, is_ground, list_items
from .registry import det

__all__: list[str] = []


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
