"""portray_clause/1 and listing/0,1: clauses as SWI-Prolog lays them out.

Variables print as ``A``, ``B``, ... (``_`` when they occur once); a body
goes one goal per line, indented by four spaces, with SWI's layout of
if-then-else and disjunction::

    foo(X, Y) :-
        bar(X),
        (   X>1
        ->  Y=a
        ;   Y=b
        ).
"""

from __future__ import annotations

from ...terms import NECK, TRUE, Atom, Struct, Term, Var, deref, term_vars
from ...terms.printer import format_term, var_counts
from ._util import SLASH, type_error
from .io import out_write
from .ops import machine_ops
from .registry import det

__all__ = ["portray_clause_text"]

_COMMA, _SEMI, _ARROW, _SOFT = Atom(","), Atom(";"), Atom("->"), Atom("*->")



def _letters(n: int) -> str:
    s = chr(ord("A") + n % 26)
    return s if n < 26 else f"{s}{n // 26}"


def _var_names(t: Term, source_names: bool = False) -> dict:
    counts = var_counts(t)
    names = {}
    vs = term_vars(t)
    used = set()
    if source_names:       # listing/1 keeps the clause's own names, as SWI 9 does
        for v in vs:
            n = v.name
            if counts[v] > 1 and n and n[0].isupper() and n not in used:
                names[v] = n
                used.add(n)
    k = 0
    for v in vs:
        if v in names:
            continue
        if counts[v] > 1:
            while _letters(k) in used:
                k += 1
            names[v] = _letters(k)
            used.add(names[v])
        else:
            names[v] = "_"
    return names


def _fmt(t: Term, names: dict, priority: int = 999, ops=None) -> str:
    return format_term(t, quoted=True, var_names=names, priority=priority,
                       **({} if ops is None else {"ops": ops}))


def _is(t: Term, name: Atom) -> bool:
    return type(t) is Struct and t.name is name and len(t.args) == 2


def _conj(t: Term) -> list[Term]:
    out = []
    t = deref(t)
    while _is(t, _COMMA):
        out.append(deref(t.args[0]))
        t = deref(t.args[1])
    out.append(t)
    return out


def _goal_lines(g: Term, names: dict, indent: int, ops=None) -> list[str]:
    """Lines of one body goal at ``indent`` columns (without a trailing comma)."""
    g = deref(g)
    pad = " " * indent
    if _is(g, _SEMI) or _is(g, _ARROW) or _is(g, _SOFT):
        lines: list[str] = []
        alts = []
        t = g
        while _is(t, _SEMI):
            alts.append(deref(t.args[0]))
            t = deref(t.args[1])
        alts.append(t)
        for i, alt in enumerate(alts):
            lead = "(   " if i == 0 else ";   "
            if _is(alt, _ARROW) or _is(alt, _SOFT):
                op = "->  " if alt.name is _ARROW else "*-> "
                cond = _block(alt.args[0], names, indent + 4, ops)
                then = _block(alt.args[1], names, indent + 4, ops)
                lines.append(pad + lead + cond[0].lstrip())
                lines.extend(cond[1:])
                lines.append(pad + op + then[0].lstrip())
                lines.extend(then[1:])
            else:
                body = _block(alt, names, indent + 4, ops)
                lines.append(pad + lead + body[0].lstrip())
                lines.extend(body[1:])
        lines.append(pad + ")")
        return lines
    return [pad + _fmt(g, names, ops=ops)]


def _block(t: Term, names: dict, indent: int, ops=None) -> list[str]:
    goals = _conj(t)
    lines: list[str] = []
    for i, g in enumerate(goals):
        gl = _goal_lines(g, names, indent, ops)
        if i < len(goals) - 1:
            gl[-1] += ","
        lines.extend(gl)
    return lines


def portray_clause_text(t: Term, source_names: bool = False, ops=None,
                        weight: float | None = None) -> str:
    """``t`` as portray_clause/1 and listing/1 print it, with the operator
    table ``ops`` (default: the standard one) and ``weight`` as ``W :: ``."""
    t = deref(t)
    names = _var_names(t, source_names)
    lead = "" if weight is None else f"{weight!r} :: "
    if _is(t, NECK):
        head, body = deref(t.args[0]), deref(t.args[1])
        if body is TRUE:
            return lead + _fmt(head, names, ops=ops) + ".\n"
        lines = [lead + _fmt(head, names, 1199, ops) + " :-"] + _block(body, names, 4, ops)
        return "\n".join(lines) + ".\n"
    return lead + _fmt(t, names, ops=ops) + ".\n"


@det("portray_clause", 1)
def bi_portray_clause(m, t):
    out_write(m, portray_clause_text(t, ops=machine_ops(m)))
    return True


def _listing_keys(m, spec: Term) -> list:
    s = deref(spec)
    keys = list(m.store.predicates())
    if type(s) is Atom:
        return [k for k in keys if k[0] is s]
    if type(s) is Struct and s.name is SLASH and len(s.args) == 2:
        name, arity = deref(s.args[0]), deref(s.args[1])
        return [k for k in keys if k[0] is name and (type(arity) is Var or k[1] == arity)]
    raise type_error("predicate_indicator", s)


def _list_pred(m, key) -> None:
    store = m.store
    ops = machine_ops(m)
    out = []
    if store.flags(key).dynamic:
        out.append(f":- dynamic {_fmt(Struct(SLASH, key), {})}.\n\n")
    for c in store.clauses(key):
        body = deref(c.body)
        t = c.head if body is TRUE else Struct(NECK, (c.head, body))
        out.append(portray_clause_text(t, source_names=True, ops=ops, weight=c.weight))
    out.append("\n")
    out_write(m, "".join(out))


@det("listing", 1)
def bi_listing(m, spec):
    for key in _listing_keys(m, spec):
        _list_pred(m, key)
    return True


@det("listing", 0)
def bi_listing0(m):
    for key in list(m.store.predicates()):
        if m.store.flags(key).dynamic:
            _list_pred(m, key)
    return True



