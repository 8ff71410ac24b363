"""Operators: op/3 and current_op/3.

Each machine has its own operator table (``m.ops``, a copy of the standard
one; a knowledge base hands its machine ``kb.ops``).  ``op/3`` changes it;
the parser reads later queries, ``kb.add`` text and ``term_to_atom/2`` ...
with it, and the printer writes with it.

Errors are SWI-Prolog's: ``op(1201, xfx, a)`` raises
``domain_error(operator_priority, 1201)``, a bad type
``domain_error(operator_specifier, T)``, ``op(_, _, ',')``
``permission_error(modify, operator, ',')`` and ``'|'`` other than as an
infix operator of priority 1001 or more ``permission_error(create,
operator, '|')``.
"""

from __future__ import annotations

from ...errors import PermissionError_
from ...terms import LIST, NIL, Atom, Struct, Term, Var, deref
from ...terms.operators import OP_TYPES, OperatorTable
from ._util import domain_error, inst_error, type_error
from .registry import det, nondet

__all__ = ["machine_ops"]

_INFIX = frozenset(("xfx", "xfy", "yfx"))


def machine_ops(m) -> OperatorTable:
    """The operator table of machine ``m`` (``m.ops``)."""
    return m.ops


def _names(t: Term) -> list[str]:
    """The operator names of op/3's third argument (an atom or a list of atoms)."""
    t = deref(t)
    if type(t) is Var:
        raise inst_error()
    if type(t) is Atom and t is not NIL:
        return [t.name]
    out: list[str] = []
    cur = t
    while True:
        if type(cur) is Var:
            raise inst_error()
        if cur is NIL:
            return out
        if type(cur) is not Struct or cur.name is not LIST or len(cur.args) != 2:
            raise type_error("list", cur)
        a = deref(cur.args[0])
        if type(a) is Var:
            raise inst_error()
        if type(a) is not Atom:
            raise type_error("atom", a)
        out.append(a.name)
        cur = deref(cur.args[1])


@det("op", 3)
def bi_op(m, p, t, n) -> bool:
    p, t = deref(p), deref(t)
    if type(p) is Var or type(t) is Var:
        raise inst_error()
    if type(p) is not int or isinstance(p, bool):
        raise type_error("integer", p)
    if not 0 <= p <= 1200:
        raise domain_error("operator_priority", p)
    if type(t) is not Atom:
        raise type_error("atom", t)
    if t.name not in OP_TYPES:
        raise domain_error("operator_specifier", t)
    names = _names(n)
    for name in names:
        if name == ",":
            raise PermissionError_.new("modify", "operator", Atom(","))
        if name == "|" and (t.name not in _INFIX or 0 < p < 1001):
            raise PermissionError_.new("create", "operator", Atom("|"))
    ops = machine_ops(m)
    for name in names:
        ops.add(p, t.name, name)
    return True


@nondet("current_op", 3)
def bi_current_op(m, p, t, n):
    pv, tv, nv = deref(p), deref(t), deref(n)
    if type(pv) is not Var:
        if type(pv) is not int or isinstance(pv, bool):
            raise type_error("integer", pv)
        if not 0 <= pv <= 1200:
            raise domain_error("operator_priority", pv)
    if type(tv) is not Var:
        if type(tv) is not Atom:
            raise type_error("atom", tv)
        if tv.name not in OP_TYPES:
            raise domain_error("operator_specifier", tv)
    if type(nv) is not Var and type(nv) is not Atom:
        raise type_error("atom", nv)
    ops = machine_ops(m)
    if type(nv) is Atom:
        name = nv.name
        found = [d[name] for d in (ops.prefix, ops.infix, ops.postfix) if name in d]
    else:
        found = ops.ops()
    for op in found:
        if type(pv) is int and op.priority != pv:
            continue
        if type(tv) is Atom and op.type != tv.name:
            continue
        if m.unify(p, op.priority) and m.unify(t, Atom(op.type)) and m.unify(n, Atom(op.name)):
            yield
