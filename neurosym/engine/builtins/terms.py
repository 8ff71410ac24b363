"""Term construction and inspection: =/2, \\=/2, functor/3, arg/3, =../2,
copy_term/2, term_variables/2,3, unify_with_occurs_check/2, subsumes_term/2,
numbervars/3, duplicate_term/2.

``unifiable_now(a, b)`` decides unifiability without binding anything (a
local substitution), which \\=/2 and subsumes_term/2 need.
"""

from __future__ import annotations

from ...terms import (
    LIST,
    NIL,
    Atom,
    Struct,
    Term,
    Var,
    deref,
    list_items,
    make_list,
    term_eq,
    term_vars,
)
from ..compile import copy_term  # the machine's: one implementation
from ._util import domain_error, inst_error, need_int, try_unify, type_error
from .registry import det, nondet

__all__ = ["copy_term", "unifiable_now", "occurs_in"]

_VAR_F = Atom("$VAR")


def _walk(t: Term, subst: dict) -> Term:
    while True:
        t = deref(t)
        if type(t) is Var and t in subst:
            t = subst[t]
        else:
            return t


def occurs_in(v: Var, t: Term, subst: dict | None = None) -> bool:
    stack = [t]
    while stack:
        x = deref(stack.pop())
        if subst is not None:
            x = _walk(x, subst)
        if x is v:
            return True
        if type(x) is Struct:
            stack.extend(x.args)
    return False


def unifiable_now(a: Term, b: Term, occurs_check: bool = False,
                  subst: dict | None = None, frozen: set | None = None) -> bool:
    """Would ``a = b`` succeed?  Binds nothing.  Variables in ``frozen`` may not be bound."""
    if subst is None:
        subst = {}
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        x = _walk(x, subst)
        y = _walk(y, subst)
        if x is y:
            continue
        tx, ty = type(x), type(y)
        if tx is Var or ty is Var:
            if tx is not Var or (frozen is not None and x in frozen):
                x, y = y, x
                tx, ty = ty, tx
            if tx is not Var or (frozen is not None and x in frozen):
                return False
            if occurs_check and occurs_in(x, y, subst):
                return False
            subst[x] = y
            continue
        if tx is Struct:
            if ty is not Struct or x.name is not y.name or len(x.args) != len(y.args):
                return False
            stack.extend(zip(x.args, y.args, strict=True))
        elif tx is not ty or tx is Atom or x != y:
            if not (tx is ty is float and x != x and y != y):
                return False
        elif tx is float and x == 0.0 and str(x) != str(y):    # -0.0 and 0.0 differ
            return False
    return True


@det("=", 2)
def bi_unify(m, a, b):
    return m.unify(a, b)


@det("\\=", 2)
def bi_not_unify(m, a, b):
    return not unifiable_now(a, b)


@det("unify_with_occurs_check", 2)
def bi_unify_oc(m, a, b):
    if not unifiable_now(a, b, occurs_check=True):
        return False
    return m.unify(a, b)


@det("subsumes_term", 2)
def bi_subsumes_term(m, general, specific):
    frozen = set(term_vars(specific))
    subst: dict = {}
    if not unifiable_now(general, specific, subst=subst, frozen=frozen):
        return False
    # the specific term's variables must be untouched
    return all(v not in subst for v in frozen)


@det("functor", 3)
def bi_functor(m, t, name, arity):
    t = deref(t)
    if type(t) is Struct:
        return try_unify(m, (name, t.name), (arity, len(t.args)))
    if type(t) is not Var:
        return try_unify(m, (name, t), (arity, 0))
    n = deref(name)
    a = deref(arity)
    if type(n) is Var or type(a) is Var:
        raise inst_error()
    if type(a) is not int:
        raise type_error("integer", a)
    if a < 0:
        raise domain_error("not_less_than_zero", a)
    if type(n) is Struct:
        raise type_error("atomic", n)
    if a == 0:
        return m.unify(t, n)
    if type(n) is not Atom:
        raise type_error("atom", n)
    return m.unify(t, Struct(n, tuple(Var() for _ in range(a))))


@nondet("arg", 3)
def bi_arg(m, n, t, a):
    t = deref(t)
    nn = deref(n)
    if type(t) is Var:
        raise inst_error()
    if type(t) is not Struct:
        raise type_error("compound", t)
    if type(nn) is int:
        if nn < 0:
            raise domain_error("not_less_than_zero", nn)
        if 1 <= nn <= len(t.args) and m.unify(a, t.args[nn - 1]):
            yield True
        return
    if type(nn) is not Var:
        raise type_error("integer", nn)
    for i, x in enumerate(t.args, 1):
        if try_unify(m, (nn, i), (a, x)):
            yield True


@det("=..", 2)
def bi_univ(m, t, lst):
    t = deref(t)
    if type(t) is not Var:
        _, tail = list_items(lst)
        if tail is not NIL and type(tail) is not Var:
            raise type_error("list", deref(lst))
    if type(t) is Struct:
        return m.unify(lst, make_list((t.name,) + t.args))
    if type(t) is not Var:
        return m.unify(lst, Struct(LIST, (t, NIL)))
    items, tail = list_items(lst)
    if type(tail) is Var:
        raise inst_error()
    if tail is not NIL:
        raise type_error("list", deref(lst))
    if not items:
        raise domain_error("non_empty_list", NIL)
    head = deref(items[0])
    if type(head) is Var:
        raise inst_error()
    if len(items) == 1:
        if type(head) is Struct:
            raise type_error("atomic", head)
        return m.unify(t, head)
    if type(head) is not Atom:
        raise type_error("atom", head)      # SWI-Prolog 9, for a compound too
    return m.unify(t, Struct(head, tuple(items[1:])))


@det("compound_name_arity", 3)
def bi_compound_name_arity(m, t, name, arity):
    t = deref(t)
    if type(t) is Struct:
        return m.unify(name, t.name) and m.unify(arity, len(t.args))
    if type(t) is not Var:
        raise type_error("compound", t)
    n = deref(name)
    a = need_int(arity)
    if type(n) is Var:
        raise inst_error()
    if type(n) is not Atom:
        raise type_error("atom", n)
    return m.unify(t, Struct(n, tuple(Var() for _ in range(a))))


@det("compound_name_arguments", 3)
def bi_compound_name_arguments(m, t, name, args):
    t = deref(t)
    if type(t) is Struct:
        return m.unify(name, t.name) and m.unify(args, make_list(t.args))
    if type(t) is not Var:
        raise type_error("compound", t)
    n = deref(name)
    if type(n) is Var:
        raise inst_error()
    if type(n) is not Atom:
        raise type_error("atom", n)
    items, tail = list_items(args)
    if tail is not NIL:
        raise inst_error() if type(tail) is Var else type_error("list", deref(args))
    return m.unify(t, Struct(n, tuple(items)))


@det("copy_term", 2)
def bi_copy_term(m, t, c):
    return m.unify(c, copy_term(t, share=True))     # ground subterms shared, as SWI


@det("duplicate_term", 2)
def bi_duplicate_term(m, t, c):
    return m.unify(c, copy_term(t))


@det("term_variables", 2)
def bi_term_variables(m, t, vs):
    return m.unify(vs, make_list(term_vars(t)))


@det("term_variables", 3)
def bi_term_variables3(m, t, vs, tail):
    return m.unify(vs, make_list(term_vars(t), tail))


@det("numbervars", 3)
def bi_numbervars(m, t, start, end):
    n = need_int(start)
    for v in term_vars(t):
        if not m.unify(v, Struct(_VAR_F, (n,))):
            return False
        n += 1
    return m.unify(end, n)


@det("cyclic_term", 1)
def bi_cyclic_term(m, t):
    return False


@det("acyclic_term", 1)
def bi_acyclic_term(m, t):
    return True


@det("?=", 2)
def bi_can_compare(m, a, b):
    return term_eq(a, b) or not unifiable_now(a, b)
