"""Prolog flags: set_prolog_flag/2, current_prolog_flag/2.

``m.flags`` holds the flags a program may change (and saves with a
knowledge base); the read-only ones are constants here.  Values are
checked as SWI-Prolog checks them: a read-only flag is
``permission_error(modify, flag, F)``, a boolean flag takes ``true`` or
``false`` (``on``/``off`` stored as those, else ``type_error(bool, V)``), a
flag of a fixed set of atoms takes one of them (``type_error(atom, V)``, ``domain_error(F, V)``).  A flag
no one knows is created, as SWI does.
"""

from __future__ import annotations

from ...errors import PermissionError_
from ...terms import Atom, Struct, Var, deref, make_list
from ._util import domain_error, inst_error, need_atom, try_unify, type_error
from .registry import det, nondet

__all__ = ["READ_ONLY", "ANSWER_WRITE_OPTIONS"]

READ_ONLY: dict[str, Atom] = {
    "bounded": Atom("false"),
    "max_arity": Atom("unbounded"),
    "integer_rounding_function": Atom("toward_zero"),
}

_BOOLEAN = {"datalog", "debug"}
# SWI-Prolog's default: answers abbreviated at depth 10 (docs/repl.md)
ANSWER_WRITE_OPTIONS = make_list([Struct(Atom("quoted"), (Atom("true"),)),
                                  Struct(Atom("portray"), (Atom("true"),)),
                                  Struct(Atom("max_depth"), (10,)),
                                  Struct(Atom("spacing"), (Atom("next_argument"),))])
_DEFAULTS = {"debug": Atom("false"),     # flags the machine does not set itself
             "answer_write_options": ANSWER_WRITE_OPTIONS}
_TRUE, _FALSE = Atom("true"), Atom("false")
_ON, _OFF = Atom("on"), Atom("off")
_CHOICES = {
    "occurs_check": ("true", "false", "error"),
    "unknown": ("error", "fail", "warning"),
    "double_quotes": ("codes", "chars", "atom", "string"),
}


def _flag_value(v):
    if type(v) is bool:
        return Atom("true" if v else "false")
    if type(v) is str:
        return Atom(v)
    return v


@det("set_prolog_flag", 2)
def bi_set_prolog_flag(m, name, value):
    n = need_atom(name).name
    v = deref(value)
    if type(v) is Var:
        raise inst_error()
    if n in READ_ONLY:
        raise PermissionError_.new("modify", "flag", Atom(n))
    if n in _BOOLEAN and v is not _TRUE and v is not _FALSE:
        if v is _ON or v is _OFF:           # SWI-Prolog takes on/off for a boolean
            v = _TRUE if v is _ON else _FALSE
        else:
            raise type_error("bool", v)
    choices = _CHOICES.get(n)
    if choices is not None:
        if type(v) is not Atom:
            raise type_error("atom", v)
        if v.name not in choices:
            raise domain_error(n, v)
    m.flags[n] = v
    return True


@nondet("current_prolog_flag", 2)
def bi_current_prolog_flag(m, name, value):
    n = deref(name)
    if type(n) is Atom:
        k = n.name
        v = READ_ONLY.get(k)
        if v is None:
            v = _flag_value(m.flags[k]) if k in m.flags else _DEFAULTS.get(k)
        if v is not None and m.unify(value, v):
            yield True
        return
    if type(n) is not Var:
        raise type_error("atom", n)
    pairs = [*READ_ONLY.items(), *((k, v) for k, v in _DEFAULTS.items() if k not in m.flags),
             *((k, _flag_value(v)) for k, v in m.flags.items())]
    for k, v in pairs:
        if try_unify(m, (n, Atom(str(k))), (value, v)):
            yield True
