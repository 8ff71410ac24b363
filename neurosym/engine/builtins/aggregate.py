"""library(aggregate)'s bagof-style aggregate/3 and aggregate/4, as SWI-Prolog's.

``aggregate(Template, Goal, Result)`` is ``bagof/3`` over a pattern made
from the template, then the aggregation of each bag: it groups by the free
variables of ``Goal`` (those not in ``Template`` nor bound by ``V^``), one
answer per group, and fails when ``Goal`` has no solution.
``aggregate(Template, Discriminator, Goal, Result)`` is ``setof/3`` over
``Discriminator-Pattern``: solutions equal on both count once.

Templates (SWI's ``templ_to_pattern/5``): ``count``, ``sum(E)``,
``max(E)``, ``min(E)``, ``max(E, W)``, ``min(E, W)``, ``bag(X)``,
``set(X)``, and a compound of those (``r(count, sum(E))`` gives
``r(N, S)``).  ``E`` that is not a variable is evaluated per solution
(``X is E``), as are both ``max/2`` and ``min/2`` expressions.
"""

from __future__ import annotations

from ...terms import Atom, Struct, Term, Var, deref, list_items, make_list
from ._util import domain_error, inst_error
from .allsol import bagof_solutions, dedup_sorted, strip_carets
from .arith import eval_arith
from .registry import nondet

__all__: list[str] = []

_COUNT = Atom("count")
_DASH, _COMMA, _CARET, _IS, _PLUS = Atom("-"), Atom(","), Atom("^"), Atom("is"), Atom("+")
_ONE_ARG = {"sum", "max", "min", "bag", "set"}


class _NoTemplate(Exception):
    """A compound template whose argument is no aggregation: aggregate fails (SWI)."""


def _simple(t: Term, posts: list, evaluated: list):
    """``(pattern, op)`` of a simple template, or None; appends the goals
    that evaluate its expression to ``posts`` and their inputs to ``evaluated``."""
    if t is _COUNT:
        return 1, "count"
    if type(t) is not Struct:
        return None
    name, args = t.name.name, t.args
    if len(args) == 1 and name in _ONE_ARG:
        e = deref(args[0])
        if name in ("bag", "set") or type(e) is Var:
            return e, name
        x = Var()
        posts.append(Struct(_IS, (x, e)))
        evaluated.append(e)
        return x, name
    if len(args) == 2 and name in ("max", "min"):
        x = Var()
        posts.append(Struct(_IS, (x, args[0])))
        evaluated.append(args[0])
        return Struct(_DASH, (x, args[1])), name + "_witness"
    return None


def _template(template: Term):
    """``(pattern, post_goals, evaluated, op)``; op is a name or, for a
    compound template, ``(functor, [op ...])``."""
    t = deref(template)
    if type(t) is Var:
        raise inst_error()
    posts: list = []
    evaluated: list = []
    simple = _simple(t, posts, evaluated)
    if simple is not None:
        return simple[0], posts, evaluated, simple[1]
    if type(t) is not Struct:
        raise domain_error("aggregate_template", t)
    patterns, ops = [], []
    for a in t.args:
        s = _simple(deref(a), posts, evaluated)
        if s is None:
            raise _NoTemplate
        patterns.append(s[0])
        ops.append(s[1])
    return Struct(t.name, tuple(patterns)), posts, evaluated, (t.name, ops)


def _extreme(values: list, op: str):
    """max/min of ``values`` (evaluated); the first of equals wins."""
    best = None
    for v in values:
        n = eval_arith(v)
        if best is None or (n > best if op == "max" else n < best):
            best = n
    return best


def _extreme_witness(pairs: list, op: str) -> Term:
    best = witness = None
    for p in pairs:
        n = eval_arith(p.args[0])
        if best is None or (n > best if op == "max" else n < best):
            best, witness = n, p.args[1]
    return Struct(Atom(op), (best, witness))


def _aggregate(values: list, op) -> Term:
    if type(op) is tuple:
        functor, ops = op
        return Struct(functor, tuple(_aggregate([deref(v).args[i] for v in values], o)
                                     for i, o in enumerate(ops)))
    if op == "count":
        return len(values)
    if op == "sum":
        total = 0
        for v in values:
            total = eval_arith(Struct(_PLUS, (total, v)))
        return total
    if op in ("max", "min"):
        return _extreme(values, op)
    if op in ("max_witness", "min_witness"):
        return _extreme_witness([deref(v) for v in values], op[:3])
    if op == "bag":
        return make_list(values)
    return make_list(dedup_sorted(values))      # set


def _run(m, template, discriminator, goal, result):
    try:
        pattern, posts, evaluated, op = _template(template)
    except _NoTemplate:
        return
    g, bound = strip_carets(goal)
    for p in posts:
        g = Struct(_COMMA, (g, p))
    bound += evaluated      # the expressions' variables are not grouped on
    if bound:
        g = Struct(_CARET, (make_list(bound), g))
    bag = Var()
    if discriminator is None:
        sols = bagof_solutions(m, pattern, g, bag, False)
    else:
        sols = bagof_solutions(m, Struct(_DASH, (discriminator, pattern)), g, bag, True)
    mark = len(m.trail)
    for _ in sols:
        items, _tail = list_items(bag)
        if discriminator is not None:
            items = [deref(p).args[1] for p in items]
        if m.unify(result, _aggregate(items, op)):
            yield True
        else:               # the group's bindings go before the next group's
            m.undo(mark)


@nondet("aggregate", 3)
def bi_aggregate(m, template, goal, result):
    yield from _run(m, template, None, goal, result)


@nondet("aggregate", 4)
def bi_aggregate4(m, template, discriminator, goal, result):
    yield from _run(m, template, discriminator, goal, result)



def aggregate_all_compound(m, template, goal, result) -> bool:
    """aggregate_all/3 with a compound of templates (``r(count, sum(X))``,
    ``count-max(X)``): one findall, each argument aggregated; fails when a
    ``max``/``min`` has no solution to take, as SWI's does."""
    from .allsol import solutions

    try:
        pattern, posts, _evaluated, op = _template(template)
    except _NoTemplate:
        bad = next(a for a in deref(template).args if _simple(deref(a), [], []) is None)
        raise domain_error("aggregate_template", deref(bad)) from None
    g = goal
    for p in posts:
        g = Struct(_COMMA, (g, p))
    items = solutions(m, pattern, g)
    if not items and any(o in ("max", "min", "max_witness", "min_witness") for o in op[1]):
        return False
    return m.unify(result, _aggregate(items, op))
