"""DCG translation: ``dcg_translate_rule/2`` and ``dcg_transform`` (for the loader).

``H --> B`` becomes ``H(S0, S) :- B'`` where the body is threaded with
difference lists, as SWI-Prolog translates it:

* ``[a, b]`` -> ``S0 = [a, b|S]``; ``[]`` and ``"text"`` likewise (a string is
  its code list); ``{G}`` -> ``G, S0 = S``; ``!`` -> ``!, S0 = S``;
* ``(A, B)``, ``(A ; B)``, ``(A | B)``, ``(A -> B)``, ``\\+ A`` keep their shape;
* ``call(G, X...)`` -> ``call(G, X..., S0, S)``; a variable ``V`` -> ``phrase(V, S0, S)``;
* any other callable ``T`` -> ``T`` with ``S0, S`` appended.

``H, PB --> B`` (pushback) threads ``PB`` back onto the output.
"""

from __future__ import annotations

from ...terms import COMMA, LIST, NECK, NIL, Atom, Struct, Term, Var, deref, list_items, make_list
from ._util import inst_error, type_error
from .registry import det

__all__ = ["dcg_transform", "dcg_body"]

_ARROW_DCG = Atom("-->")
_SEMI, _BAR, _IF, _NOT = Atom(";"), Atom("|"), Atom("->"), Atom("\\+")
_CALL, _PHRASE, _EQ, _CUT = Atom("call"), Atom("phrase"), Atom("="), Atom("!")
_CURLY = Atom("{}")


def _eq(a: Term, b: Term) -> Term:
    return Struct(_EQ, (a, b))


def _conj(a: Term, b: Term) -> Term:
    return Struct(COMMA, (a, b))


def _terminals(items: list[Term], s0: Term, s: Term) -> Term:
    return _eq(s0, make_list(items, s))


def dcg_body(b: Term, s0: Term, s: Term) -> Term:
    """The translation of DCG body ``b`` from list ``s0`` to rest ``s``."""
    b = deref(b)
    if type(b) is Var:
        return Struct(_PHRASE, (b, s0, s))
    if b is NIL:
        return _eq(s0, s)
    if type(b) is str:
        return _terminals([ord(c) for c in b], s0, s)
    if b is _CUT:
        return _conj(_CUT, _eq(s0, s))
    if type(b) is Struct:
        name, args = b.name, b.args
        if name is LIST and len(args) == 2:
            items, tail = list_items(b)
            if tail is not NIL:
                raise type_error("list", b)
            return _terminals(items, s0, s)
        if len(args) == 2 and name is COMMA:
            mid = Var()
            return _conj(dcg_body(args[0], s0, mid), dcg_body(args[1], mid, s))
        if len(args) == 2 and (name is _SEMI or name is _BAR):
            return Struct(_SEMI, (dcg_body(args[0], s0, s), dcg_body(args[1], s0, s)))
        if len(args) == 2 and name is _IF:
            mid = Var()
            return Struct(_IF, (dcg_body(args[0], s0, mid), dcg_body(args[1], mid, s)))
        if len(args) == 1 and name is _NOT:
            return _conj(Struct(_NOT, (dcg_body(args[0], s0, Var()),)), _eq(s0, s))
        if len(args) == 1 and name is _CURLY:
            return _conj(args[0], _eq(s0, s))
        if name is _CALL:
            return Struct(_CALL, args + (s0, s))
        return Struct(name, args + (s0, s))
    if type(b) is Atom:
        return Struct(b, (s0, s))
    raise type_error("callable", b)


def dcg_transform(rule: Term) -> Term:
    """``H --> B`` as the clause term ``H' :- B'``."""
    r = deref(rule)
    if not (type(r) is Struct and r.name is _ARROW_DCG and len(r.args) == 2):
        raise type_error("dcg_rule", r)
    head, body = deref(r.args[0]), r.args[1]
    pushback = None
    if type(head) is Struct and head.name is COMMA and len(head.args) == 2:
        head, pushback = deref(head.args[0]), head.args[1]
    if type(head) is Var:
        raise inst_error()
    s0, s = Var("S0"), Var("S")
    if type(head) is Atom:
        new_head = Struct(head, (s0, s))
    elif type(head) is Struct:
        new_head = Struct(head.name, head.args + (s0, s))
    else:
        raise type_error("callable", head)
    if pushback is None:
        new_body = dcg_body(body, s0, s)
    else:
        mid = Var()
        new_body = _conj(dcg_body(body, s0, mid), dcg_body(pushback, s, mid))
    return Struct(NECK, (new_head, new_body))


@det("dcg_translate_rule", 2)
def bi_dcg_translate_rule(m, rule, clause):
    return m.unify(clause, dcg_transform(rule))
