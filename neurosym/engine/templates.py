"""Clause templates: what a compiled clause is made of.

A compiled clause (:class:`Compiled`, made by :mod:`.compile`) replaces the
clause's variables by *slots* (:class:`Slot`: indices into a per-call frame
list) and its compounds, ground or not, by :class:`Tmpl` (made afresh per
call, so setarg/3 never changes a clause).  :func:`build` makes the term of a template under a frame.  Both
the machine's template walker and the generated code (:mod:`.codegen`) read
these.
"""

from __future__ import annotations

from ..terms import Atom, Struct, Var
from .unify import unify

__all__ = ["Slot", "Tmpl", "Compiled", "first_arg_key", "build", "unify_template"]


class Slot:
    """A clause variable: index ``i`` into the call's frame."""

    __slots__ = ("i",)

    def __init__(self, i: int) -> None:
        self.i = i

    def __repr__(self) -> str:
        return f"Slot({self.i})"


class Tmpl:
    """A compound of a clause, with slots for its variables (if any)."""

    __slots__ = ("name", "args")

    def __init__(self, name: Atom, args: tuple) -> None:
        self.name = name
        self.args = args

    def __repr__(self) -> str:
        return f"Tmpl({self.name.name!r}, {self.args!r})"


class Compiled:
    __slots__ = ("clause", "nvars", "head", "body", "key1", "names", "deep", "fn", "term_body")

    def __init__(self, clause, nvars, head, body, key1, names, deep, term_body=None) -> None:
        self.clause = clause
        self.nvars = nvars
        self.head = head      # tuple of argument templates
        self.body = body      # tuple of goal templates (flattened conjunction), () for facts
        self.key1 = key1      # first-argument key, None when the first argument is a variable
        self.names = names    # source names of the slots (None for anonymous)
        self.deep = deep
        self.fn = None        # the generated fast-path function (see codegen)
        # the clause body as a term, its meta-calls naming the clause's predicate
        # (metacall.owned): renamed by ``Resolution._generic``
        self.term_body = term_body


def first_arg_key(t):
    """Index key of a (dereferenced) first argument, None for a variable."""
    tt = type(t)
    if tt is Struct:
        return (t.name, len(t.args))
    if tt is Var:
        return None
    if tt is float:
        return ("f", t)
    return t


def build(t, frame: list):
    """The term for template ``t`` under ``frame`` (fresh variables for unset slots)."""
    tt = type(t)
    if tt is Slot:
        v = frame[t.i]
        if v is None:
            v = frame[t.i] = Var()
        return v
    if tt is Tmpl:
        return Struct(t.name, tuple([build(x, frame) for x in t.args]))
    return t


def unify_template(t, a, frame, trail, oc):
    """Unify head template ``t`` with goal argument ``a``, filling ``frame``
    (the machine's template walker; the generated code does the same)."""
    tt = type(t)
    if tt is Slot:
        v = frame[t.i]
        if v is None:
            frame[t.i] = a
            return True
        return unify(v, a, trail, oc)
    while type(a) is Var:
        r = a.ref
        if r is None:
            if tt is Tmpl:
                a.ref = build(t, frame)
            else:
                a.ref = t
            trail.append(a)
            return True
        a = r
    if tt is Tmpl:
        if type(a) is not Struct or a.name is not t.name:
            return False
        targs = t.args
        aargs = a.args
        if len(aargs) != len(targs):
            return False
        for i in range(len(targs)):
            if not unify_template(targs[i], aargs[i], frame, trail, oc):
                return False
        return True
    if tt is Atom:
        return a is t
    if tt is Struct:
        return unify(t, a, trail, oc)
    if type(a) is not tt:
        return False
    return a == t or (tt is float and a != a and t != t)
