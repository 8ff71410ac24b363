"""Residual constraints of an answer, as clpq prints them.

:func:`residual_goals` projects the store on the answer's variables and
returns goals such as ``{Y=10-X}``: one ``{}`` block with the linear
inequalities (``X>3``; several variables: the newest on the left), the
equations (``Pivot = Const + c1*V1 + ...``, constant first, clpq's order)
and disequations, then one ``{}`` per delayed non-linear constraint
(``{-6+Y*X=0}``, written ``Lhs - Rhs = 0`` as clpq does).

Projection: equations that only define a variable outside the answer are
dropped; a variable outside the answer that links answer variables is
eliminated by pivoting (``X = 2*T, Y = 3*T`` gives ``Y = 3 rdiv 2*X``).
"""

from __future__ import annotations

from fractions import Fraction

from ...terms import Atom, Struct, Var, deref, term_vars
from ..unify import resolve_term
from .linear import Lin, number_term

__all__ = ["residual_goals", "residual_terms", "lin_term"]

_A = Atom
_CURLY, _COMMA = _A("{}"), _A(",")


def _coef_term(a: Fraction, v):
    if a == 1:
        return v
    return Struct(_A("*"), (number_term(a), v))


def lin_term(lin: Lin, rank):
    """``Const + c1*V1 + ...`` as an NSL term (constant first, then by rank)."""
    items = sorted(lin.coef.items(), key=lambda kv: rank(kv[0]))
    out = None
    if lin.const != 0:
        out = number_term(lin.const)
    for v, a in items:
        if out is None:
            if a == -1:
                out = Struct(_A("-"), (v,))
            else:
                out = _coef_term(a, v)
        elif a < 0:
            out = Struct(_A("-"), (out, _coef_term(-a, v)))
        else:
            out = Struct(_A("+"), (out, _coef_term(a, v)))
    return out if out is not None else 0


def _rel(lin: Lin, op: str, rank):
    """``lin op 0`` as ``V op' Rhs`` with the newest variable V on the left."""
    v = max(lin.coef, key=rank)
    a = lin.coef[v]
    rest = Lin({w: -c / a for w, c in lin.coef.items() if w is not v}, -lin.const / a)
    if a < 0:
        op = {"<": ">", "=<": ">=", ">": "<", ">=": "=<"}.get(op, op)
    return Struct(_A(op), (v, lin_term(rest, rank)))


def _project(eqs: dict, keep: set, others: set) -> dict:
    """Eliminate parameters outside ``keep`` (and not used by ``others``)."""
    eqs = dict(eqs)
    changed = True
    while changed:
        changed = False
        for p, e in list(eqs.items()):
            if p not in keep:
                continue
            hidden = [v for v in e.coef if v not in keep and v not in others]
            if not hidden:
                continue
            t = hidden[0]
            a = e.coef[t]
            # p = e  ->  t = (p - (e - a t)) / a
            expr = Lin({w: -c / a for w, c in e.coef.items() if w is not t}, -e.const / a)
            expr.coef[p] = expr.coef.get(p, 0) + 1 / a
            del eqs[p]
            for q in list(eqs):
                if t in eqs[q].coef:
                    eqs[q] = eqs[q].subst(t, expr)
            changed = True
            break
    return {p: e for p, e in eqs.items() if p in keep}


def residual_goals(m, terms) -> list:
    """Residual ``{...}`` goals about the variables of ``terms`` (empty when
    the run posted no constraints)."""
    h = getattr(m, "cstore", None)
    if h is None or h.state.empty():
        return []
    st = h.state
    keep: set = set()
    for t in terms:
        for v in term_vars(t):
            keep.add(v)
    # variables reachable from the answer through inequalities / non-linear
    others: set = set()
    for lin, _ in st.ineqs:
        others.update(lin.coef)
    for lin in st.neqs:
        others.update(lin.coef)
    nl_vars = []
    for c in st.nonlin:
        vs = term_vars(Struct(_A("-"), c[1:]))
        nl_vars.append(vs)
        others.update(vs)
    rank = h.rank
    eqs = _project(st.eqs, keep | others, set())
    # drop what does not touch the answer (transitively)
    reach = set(keep)
    groups = [set(e.coef) | {p} for p, e in eqs.items()]
    groups += [set(lin.coef) for lin, _ in st.ineqs] + [set(lin.coef) for lin in st.neqs]
    groups += [set(vs) for vs in nl_vars]
    grew = True
    while grew:
        grew = False
        for g in groups:
            if g & reach and not g <= reach:
                reach |= g
                grew = True
    lin_goals = []
    bounds = []
    for lin, strict in st.ineqs:
        if set(lin.coef) & reach:
            g = _rel(lin, "<" if strict else "=<", rank)
            # a variable's lower bound before its upper bound, as clpq lists them
            bounds.append(((rank(g.args[0]), g.name.name in ("<", "=<")), g))
    lin_goals += [g for _, g in sorted(bounds, key=lambda kg: kg[0])]
    for p, e in sorted(eqs.items(), key=lambda kv: rank(kv[0])):
        if p in reach:
            lin_goals.append(Struct(_A("="), (p, lin_term(e, rank))))
    for lin in st.neqs:
        if set(lin.coef) & reach:
            lin_goals.append(_rel(lin, "=\\=", rank))
    out = []
    if lin_goals:
        conj = lin_goals[-1]
        for g in reversed(lin_goals[:-1]):
            conj = Struct(_COMMA, (g, conj))
        out.append(Struct(_CURLY, (conj,)))
    for c, vs in zip(st.nonlin, nl_vars, strict=True):
        if set(vs) & reach and any(type(deref(v)) is Var for v in vs):
            op = "=" if c[0] == "=:=" else c[0]
            lhs = Struct(_A("-"), (c[1], c[2])) if deref(c[2]) != 0 else c[1]
            out.append(Struct(_CURLY, (Struct(_A(op), (lhs, 0)),)))
    return out


def residual_terms(m, bindings: dict) -> list:
    """``residual_goals`` about an answer's bindings, as binding-free copies."""
    return [resolve_term(g) for g in residual_goals(m, list(bindings.values()))]
