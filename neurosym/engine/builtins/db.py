"""The dynamic database: assert/1, asserta/1, assertz/1, retract/1,
retractall/1, abolish/1,2, clause/2, dynamic/1.

Clauses are copied (bindings resolved, fresh variables) before they are
stored.  As in SWI-Prolog, asserting to an unknown predicate makes it
dynamic; changing a builtin, a control construct or a static (consulted,
not ``dynamic``) user predicate raises
``permission_error(modify, static_procedure, Name/Arity)``; ``clause/2`` on
a builtin raises ``permission_error(access, private_procedure, Name/Arity)``.
"""

from __future__ import annotations

from ...errors import PermissionError_
from ...terms import COMMA, NECK, NIL, TRUE, Atom, Clause, Struct, Term, Var, deref, pred_key
from ..control import CONTROL
from ._util import (
    SLASH,
    domain_error,
    inst_error,
    need_atom,
    need_callable,
    need_int,
    try_unify,
    type_error,
)
from .registry import BUILTINS, LAST, det, nondet
from .terms import copy_term, unifiable_now

__all__ = ["split_clause"]

_BAR = Atom("|")
_BODY_CONTROL = {Atom(","), Atom(";"), Atom("->"), Atom("*->"), _BAR}


def _is_protected(key) -> bool:
    """Builtins and control constructs (and ``'|'/2``) are never modifiable."""
    return key in BUILTINS or key in CONTROL or key == (_BAR, 2)


def _ind(key) -> Term:
    return Struct(SLASH, (key[0], key[1]))


def _check_body(body: Term) -> None:
    """Instantiation/type errors for a clause body, as SWI raises them."""
    b = deref(body)
    if type(b) is Var:
        raise inst_error()
    stack = [b]
    while stack:
        g = deref(stack.pop())
        if type(g) is Var:
            continue          # becomes call(G)
        if type(g) is Struct and g.name in _BODY_CONTROL and len(g.args) == 2:
            stack.extend(g.args)
            continue
        if type(g) is not Atom and type(g) is not Struct:
            raise type_error("callable", b)


def split_clause(t: Term) -> tuple[Term, Term]:
    """``(Head, Body)`` of a clause term, with SWI's checks."""
    t = deref(t)
    if type(t) is Var:
        raise inst_error()
    if type(t) is Struct and t.name is NECK and len(t.args) == 2:
        head, body = t.args[0], deref(t.args[1])
    else:
        head, body = t, TRUE
    return need_callable(head), body


def _check_modifiable(key) -> None:
    """Builtins and control constructs cannot be changed."""
    if _is_protected(key):
        raise PermissionError_.new("modify", "static_procedure", _ind(key))


def _check_modify(m, key) -> None:
    """The clauses of ``key`` may change: it is not protected, and dynamic
    when defined."""
    _check_modifiable(key)
    store = m.store
    if store.defined(key) and not store.flags(key).dynamic:
        raise PermissionError_.new("modify", "static_procedure", _ind(key))


_WEIGHT = Atom("::")


def _assert(m, t, front: bool) -> bool:
    t = deref(t)
    weight = None
    if type(t) is Struct and t.name is _WEIGHT and len(t.args) == 2:
        w = deref(t.args[0])
        if type(w) in (int, float):          # a weighted clause: 0.8 :: p(a)
            weight = float(w)
            t = t.args[1]
    head, body = split_clause(t)
    key = pred_key(head)
    _check_body(body)
    _check_modify(m, key)
    mapping: dict = {}
    h = copy_term(head, mapping)
    b = copy_term(body, mapping)
    b = _wrap_vars(b)
    store = m.store
    if not store.flags(key).dynamic:
        store.declare(key, dynamic=True)
    store.add(Clause(h, b, weight=weight), front=front)
    return True


_CALL = Atom("call")


def _wrap_vars(body: Term) -> Term:
    """Body variables at goal positions become ``call(V)`` (as the compiler does)."""
    b = deref(body)
    if type(b) is Var:
        return Struct(_CALL, (b,))
    if type(b) is Struct and b.name in _BODY_CONTROL and len(b.args) == 2:
        # rebuild iteratively along the right spine (long conjunctions)
        spine = []
        while type(b) is Struct and b.name in _BODY_CONTROL and len(b.args) == 2:
            spine.append((b.name, _wrap_vars(b.args[0])))
            b = deref(b.args[1])
        out = _wrap_vars(b) if not (type(b) is Struct and b.name in _BODY_CONTROL) else b
        for name, left in reversed(spine):
            out = Struct(name, (left, out))
        return out
    return b


@det("assert", 1)
def bi_assert(m, t):
    return _assert(m, t, False)


@det("assertz", 1)
def bi_assertz(m, t):
    return _assert(m, t, False)


@det("asserta", 1)
def bi_asserta(m, t):
    return _assert(m, t, True)


def _renamed(clause: Clause) -> tuple[Term, Term]:
    mapping: dict = {}
    return copy_term(clause.head, mapping), copy_term(clause.body, mapping)


def _clauses_for(m, key):
    store = m.store
    if store.defined(key):
        return store.clauses(key), store
    lib = getattr(m, "library", None)
    if lib is not None and lib.defined(key):
        return lib.clauses(key), lib
    return (), store


@nondet("retract", 1)
def bi_retract(m, t):
    head, body = split_clause(t)
    key = pred_key(head)
    _check_modify(m, key)
    store = m.store
    if not store.defined(key):
        return
    snap = store.clauses(key)
    last = len(snap) - 1
    for i, clause in enumerate(snap):
        h, b = _renamed(clause)
        if try_unify(m, (head, h), (body, b)) and store.retract(clause):
            yield LAST if i == last else True


@det("retractall", 1)
def bi_retractall(m, t):
    head = need_callable(t)
    key = pred_key(head)
    _check_modify(m, key)
    store = m.store
    if not store.defined(key):
        store.declare(key, dynamic=True)
        return True
    for clause in store.clauses(key):
        if unifiable_now(head, clause.head):
            store.retract(clause)
    return True


def _pred_indicator(t) -> tuple[Atom, int]:
    t = deref(t)
    if type(t) is Var:
        raise inst_error()
    if type(t) is not Struct or t.name is not SLASH or len(t.args) != 2:
        raise type_error("predicate_indicator", t)
    name = need_atom(t.args[0])
    arity = need_int(t.args[1])
    if arity < 0:
        raise domain_error("not_less_than_zero", arity)
    return (name, arity)


@det("abolish", 1)
def bi_abolish(m, pi):
    key = _pred_indicator(pi)
    _check_modifiable(key)
    m.store.abolish(key)
    return True


@det("abolish", 2)
def bi_abolish2(m, name, arity):
    return bi_abolish(m, Struct(SLASH, (name, arity)))


@nondet("clause", 2)
def bi_clause(m, head, body):
    h = need_callable(head)
    b = deref(body)
    key = pred_key(h)
    if _is_protected(key):
        raise PermissionError_.new("access", "private_procedure", _ind(key))
    if type(b) is not Var and type(b) is not Atom and type(b) is not Struct:
        return          # a body that is not callable: no clause has it (SWI 9 fails)
    clauses, _ = _clauses_for(m, key)
    last = len(clauses) - 1
    for i, clause in enumerate(clauses):
        ch, cb = _renamed(clause)
        if try_unify(m, (h, ch), (b, cb)):
            yield LAST if i == last else True


def _declare_dynamic(m, spec) -> None:
    stack = [spec]
    while stack:
        s = deref(stack.pop())
        if type(s) is Struct and s.name in (COMMA, Atom("[|]")) and len(s.args) == 2:
            stack.append(s.args[1])
            stack.append(s.args[0])
            continue
        if s is NIL:
            continue
        key = _pred_indicator(s)
        _check_modifiable(key)
        m.store.declare(key, dynamic=True)


@det("dynamic", 1)
def bi_dynamic(m, spec):
    _declare_dynamic(m, spec)
    return True
