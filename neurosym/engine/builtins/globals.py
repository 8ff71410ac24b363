"""Global variables: nb_setval/2, nb_getval/2, b_setval/2, b_getval/2, nb_current/2.

``nb_setval`` stores a copy (later bindings do not reach it); ``b_setval``
stores the term itself and is undone on backtracking: it is a one-solution
generator that puts the old value back when the machine backtracks into it
(a cut only closes it, keeping the new value).
"""

from __future__ import annotations

from ...errors import ExistenceError
from ...terms import Atom, Var, deref
from ._util import inst_error, try_unify, type_error
from .registry import det, nondet
from .terms import copy_term

__all__: list[str] = []

_MISSING = object()


def _key(k) -> str:
    k = deref(k)
    if type(k) is Var:
        raise inst_error()
    if type(k) is not Atom:
        raise type_error("atom", k)
    return k.name


def _store(m) -> dict:
    g = m.globals
    vals = g.get("$gvars")
    if vals is None:
        vals = g["$gvars"] = {}
    return vals


@det("nb_setval", 2)
def bi_nb_setval(m, k, v):
    _store(m)[_key(k)] = copy_term(v)
    return True


@det("nb_getval", 2)
def bi_nb_getval(m, k, v):
    key = _key(k)
    vals = _store(m)
    if key not in vals:
        raise ExistenceError.new("variable", Atom(key))
    return m.unify(v, vals[key])


@det("b_getval", 2)
def bi_b_getval(m, k, v):
    return bi_nb_getval(m, k, v)


@nondet("nb_current", 2)
def bi_nb_current(m, k, v):
    vals = _store(m)
    kk = deref(k)
    if type(kk) is Atom:
        if kk.name in vals and m.unify(v, vals[kk.name]):
            yield True
        return
    for name, val in list(vals.items()):
        if try_unify(m, (kk, Atom(name)), (v, val)):
            yield True


@nondet("b_setval", 2)
def bi_b_setval(m, k, v):
    key = _key(k)
    vals = _store(m)
    old = vals.get(key, _MISSING)
    vals[key] = deref(v)
    yield True
    # resumed: the machine is backtracking over b_setval/2 -- restore
    if old is _MISSING:
        vals.pop(key, None)
    else:
        vals[key] = old
