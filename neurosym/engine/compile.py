"""Clause compilation: each stored clause is compiled once into templates.

A compiled clause replaces the clause's variables by *slots* (indices into a
per-call frame list).  Head unification walks the head templates against the
goal's arguments and fills the frame: the first occurrence of a slot simply
aliases the goal's argument, so nothing of the head is copied unless it is
bound to a goal variable.  Body goals are built from their templates only
after the head matched.  Every compound of a clause is a template, ground
or not, made afresh on each call (as SWI builds clause terms on its stack):
setarg/3 may change a term a call got, and must never change the clause.
Only a body goal whose arguments are constants is kept as it is (the goal
term is never a binding).

A clause whose templates nest deeper than ``MAX_TEMPLATE_DEPTH`` (an asserted
long list, say) is marked ``deep``; the machine renames it with the iterative
:func:`copy_term` instead, so nothing here recurses without bound.
"""

from __future__ import annotations

import os

from ..terms import COMMA, TRUE, Clause, Struct, Var, deref
from .codegen import generate
from .metacall import clause_owner, owned
from .templates import Compiled, Slot, Tmpl, first_arg_key

__all__ = ["compile_clause", "compiled_of", "copy_term", "MAX_TEMPLATE_DEPTH"]

MAX_TEMPLATE_DEPTH = 200


def _flatten_body(body) -> list:
    out = []
    stack = [body]
    while stack:
        g = deref(stack.pop())
        if type(g) is Struct and g.name is COMMA and len(g.args) == 2:
            stack.append(g.args[1])
            stack.append(g.args[0])
        elif g is TRUE:
            continue
        else:
            out.append(g)
    return out


def _templ(t, slots: dict, names: list, depth_box: list, goal: bool = False):
    """Template for term ``t``: iterative post-order.  ``goal``: ``t`` is a
    body goal (kept as it is when its arguments are constants)."""
    t = deref(t)
    if type(t) is Var:
        return _slot(t, slots, names)
    if type(t) is not Struct:
        return t
    # iterative rebuild, tracking depth
    stack = [(t, 0, [], 1)]
    while True:
        node, i, done, d = stack[-1]
        if d > depth_box[0]:
            depth_box[0] = d
        if i < len(node.args):
            stack[-1] = (node, i + 1, done, d)
            a = deref(node.args[i])
            if type(a) is Struct:
                stack.append((a, 0, [], d + 1))
            elif type(a) is Var:
                done.append(_slot(a, slots, names))
            else:
                done.append(a)
            continue
        stack.pop()
        if not stack and goal and all(type(x) is not Slot and type(x) is not Tmpl for x in done):
            # a body goal of constants: the goal term is never a binding
            built = node if all(x is y for x, y in zip(done, node.args, strict=False)) else Struct(node.name, tuple(done))
        else:
            # a compound that may become a binding is made afresh per call,
            # ground or not (as SWI builds clause terms on its stack):
            # setarg/3 may change it, and must not change the clause
            built = Tmpl(node.name, tuple(done))
        if not stack:
            return built
        stack[-1][2].append(built)


_ENGINE_DIR = os.path.dirname(os.path.abspath(__file__))


def _owner(clause: Clause):
    """The predicate an error of the clause's meta-calls names (metacall.py)."""
    span = clause.span
    library = span is not None and span.file is not None and span.file.startswith(_ENGINE_DIR)
    return clause_owner(clause.key, library)


def _slot(v: Var, slots: dict, names: list) -> Slot:
    s = slots.get(id(v))
    if s is None:
        s = Slot(len(names))
        slots[id(v)] = s
        names.append(v.name)
    return s


def compile_clause(clause: Clause) -> Compiled:
    slots: dict = {}
    names: list = []
    depth = [0]
    head = deref(clause.head)
    hargs = tuple(_templ(a, slots, names, depth) for a in head.args) if type(head) is Struct else ()
    # a variable goal X, or call(X...), among the body's control constructs
    # is '$call'(Owner, X...): call/N (a cut inside it is local), whose errors
    # name the clause's predicate
    owner = _owner(clause)
    body = tuple(_templ(owned(g, owner), slots, names, depth, True)
                 for g in _flatten_body(clause.body))
    key1 = None
    if hargs:
        a0 = hargs[0]
        if type(a0) is Tmpl:
            key1 = (a0.name, len(a0.args))
        elif type(a0) is not Slot:
            key1 = first_arg_key(a0)
    comp = Compiled(clause, len(names), hargs, body, key1, tuple(names),
                    depth[0] > MAX_TEMPLATE_DEPTH, owned(clause.body, owner))
    comp.fn = generate(comp)
    return comp


def compiled_of(clause: Clause) -> Compiled:
    """The clause's compiled form, compiling it on first use."""
    try:
        comp = clause.compiled
    except AttributeError:   # a Clause made with __new__ (store copies)
        comp = None
    if comp is None:
        comp = clause.compiled = compile_clause(clause)
    return comp


def copy_term(t, mapping: dict | None = None, share: bool = False):
    """A copy of ``t`` (bindings followed) with fresh variables; iterative.
    ``mapping`` (id(old var) -> new var) is shared across calls when given.
    ``share``: a ground compound is not copied (SWI's copy_term/2: setarg/3
    on one then changes the other), else every compound is new (SWI's
    duplicate_term/2)."""
    if mapping is None:
        mapping = {}
    t = deref(t)
    if type(t) is Var:
        nv = mapping.get(id(t))
        if nv is None:
            nv = mapping[id(t)] = Var()
        return nv
    if type(t) is not Struct:
        return t
    stack = [(t, 0, [])]
    while True:
        node, i, done = stack[-1]
        if i < len(node.args):
            stack[-1] = (node, i + 1, done)
            a = deref(node.args[i])
            ta = type(a)
            if ta is Struct:
                stack.append((a, 0, []))
            elif ta is Var:
                nv = mapping.get(id(a))
                if nv is None:
                    nv = mapping[id(a)] = Var()
                done.append(nv)
            else:
                done.append(a)
            continue
        stack.pop()
        if share and all(x is deref(y) for x, y in zip(done, node.args, strict=True)):
            built = node
        else:
            built = Struct(node.name, tuple(done))
        if not stack:
            return built
        stack[-1][2].append(built)

