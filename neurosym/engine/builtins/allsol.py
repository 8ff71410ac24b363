"""All-solutions predicates: findall/3,4, bagof/3, setof/3 (with ``^``),
aggregate_all/3, forall/2.

Each runs its goal as a sub-query with ``m.solve_iter`` and copies the
template per solution (bindings resolved, fresh variables).
"""

from __future__ import annotations

from functools import cmp_to_key, partial

from ...terms import NIL, Atom, Struct, Term, Var, deref, make_list, term_vars
from ..metacall import AGGREGATE_ALL, FINDALL, FORALL
from ._util import domain_error, inst_error, need_callable, try_unify
from .arith import eval_arith
from .compare import compare_terms
from .registry import det, nondet
from .terms import copy_term

__all__ = ["solutions", "strip_carets", "dedup_sorted", "bagof_solutions"]

_CARET = Atom("^")
_DASH = Atom("-")
_COLON = Atom(":")


def solutions(m, template: Term, goal: Term) -> list[Term]:
    """Copies of ``template`` for every solution of ``goal``, in order."""
    out = []
    gen = m.solve_iter(goal)
    try:
        for _ in gen:
            out.append(copy_term(template))
    finally:
        gen.close()
    return out


def dedup_sorted(items: list[Term]) -> list[Term]:
    """Sort in the standard order and drop duplicates (``sort/2``)."""
    items = sorted(items, key=cmp_to_key(compare_terms))
    out: list[Term] = []
    for x in items:
        if not out or compare_terms(out[-1], x) != 0:
            out.append(x)
    return out


@det("findall", 3)
def bi_findall(m, template, goal, result):
    g = need_callable(goal, FINDALL)
    return m.unify(result, make_list(solutions(m, template, g)))


@det("findall", 4)
def bi_findall4(m, template, goal, result, tail):
    g = need_callable(goal, FINDALL)
    return m.unify(result, make_list(solutions(m, template, g), tail))


@det("forall", 2)
def bi_forall(m, cond, action):
    need_callable(cond, FORALL)
    # traced, the action is as deep as the condition (not below its last call)
    at = (m.tracer.depth + 1,) if getattr(m, "tracing", False) else ()
    gen = m.solve_iter(cond, *at)
    try:
        for _ in gen:
            need_callable(action, FORALL)       # as SWI: forall(fail, 1) succeeds
            inner = m.solve_iter(action, *at)
            try:
                ok = False
                for _ in inner:
                    ok = True
                    break
            finally:
                inner.close()
            if not ok:
                return False
    finally:
        gen.close()
    return True


# -- bagof / setof -----------------------------------------------------------------

def strip_carets(goal: Term) -> tuple[Term, list[Term]]:
    """``V1^V2^G`` -> ``(G, [V1, V2])`` (also through ``Module:G``)."""
    bound: list[Term] = []
    g = deref(goal)
    while type(g) is Struct and len(g.args) == 2 and g.name in (_CARET, _COLON):
        if g.name is _CARET:
            bound.append(g.args[0])
        g = deref(g.args[1])
    return g, bound


def _free_witness(template: Term, goal: Term) -> tuple[Term, Term]:
    inner, bound = strip_carets(goal)
    exclude = {id(v) for v in term_vars(Struct(_DASH, (template, make_list(bound))))}
    free = [v for v in term_vars(inner) if id(v) not in exclude]
    return inner, make_list(free)


def _bag_groups(m, template, goal):
    g = need_callable(goal, FINDALL)
    inner, witness = _free_witness(template, g)
    need_callable(inner, FINDALL)
    if witness is NIL:
        items = solutions(m, template, inner)
        if items:
            yield None, items
        return
    pairs = solutions(m, Struct(_DASH, (witness, template)), inner)
    if not pairs:
        return
    pairs.sort(key=cmp_to_key(lambda a, b: compare_terms(a.args[0], b.args[0])))
    groups: list[tuple[Term, list[Term]]] = []
    for p in pairs:
        w = p.args[0]
        if groups and _variant(groups[-1][0], w):
            groups[-1][1].append(p)
        else:
            groups.append((w, [p]))
    for w, members in groups:
        yield (witness, w, members), None


def _variant(a: Term, b: Term) -> bool:
    """Are ``a`` and ``b`` equal up to renaming of variables?"""
    ma: dict = {}
    mb: dict = {}
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        x, y = deref(x), deref(y)
        tx, ty = type(x), type(y)
        if tx is Var and ty is Var:
            if ma.setdefault(id(x), id(y)) != id(y) or mb.setdefault(id(y), id(x)) != id(x):
                return False
            continue
        if tx is not ty:
            return False
        if tx is Struct:
            if x.name is not y.name or len(x.args) != len(y.args):
                return False
            stack.extend(zip(x.args, y.args, strict=True))
        elif compare_terms(x, y) != 0:
            return False
    return True


def bagof_solutions(m, template, goal, result, is_set: bool):
    """bagof/3 (setof/3 when ``is_set``): a generator, one solution per group."""
    for grp, items in _bag_groups(m, template, goal):
        if grp is None:
            if is_set:
                items = dedup_sorted(items)
            if m.unify(result, make_list(items)):
                yield True
            return
        witness, w, members = grp
        pairs = [(witness, p.args[0]) for p in members]
        templates = [p.args[1] for p in members]
        if is_set:
            templates = dedup_sorted(templates)
        # one try: a group whose bag does not match leaves no witness bound
        if try_unify(m, *pairs, (result, make_list(templates))):
            yield True


nondet("bagof", 3)(partial(bagof_solutions, is_set=False))
nondet("setof", 3)(partial(bagof_solutions, is_set=True))


# -- aggregate_all/3 ---------------------------------------------------------------

_COUNT = Atom("count")


def _num_cmp(a, b) -> int:
    return (a > b) - (a < b)


# clauses from which a count is made on the fact columns: below, running the
# goal is cheaper than importing numpy (~0.17 s) and building the columns, and
# a plain query stays free of numpy (tests/cli/test_startup.py)
COUNT_ON_COLUMNS = 10_000


def fact_count(m, goal) -> int | None:
    """The solutions of ``goal`` counted on the store's fact columns
    (``Store.count_matching``) when its predicate is a large table, unless
    the tracer watches calls or constraints are about; None: run it."""
    if getattr(m, "tracing", False) or getattr(m, "cstore", None) is not None:
        return None
    g = deref(goal)
    if type(g) is not Struct or m.store.count((g.name, len(g.args))) < COUNT_ON_COLUMNS:
        return None
    return m.store.count_matching(g)


@det("aggregate_all", 3)
def bi_aggregate_all(m, spec, goal, result):
    s = deref(spec)
    if type(s) is Var:
        raise inst_error()
    # as SWI: bag/set collect with findall/3, the others in aggregate_all/3
    bag = type(s) is Struct and s.name.name in ("bag", "set") and len(s.args) == 1
    g = need_callable(goal, FINDALL if bag else AGGREGATE_ALL)
    if s is _COUNT:
        tables = getattr(m, "tables", None)
        n = tables.count_served(g) if tables is not None else None
        if n is not None:   # a tabled goal served bottom-up: its row count
            return m.unify(result, n)
        n = fact_count(m, g)
        if n is not None:   # a call of a table of facts: counted on its columns
            return m.unify(result, n)
        n = 0
        gen = m.solve_iter(g)
        try:
            for _ in gen:
                n += 1
        finally:
            gen.close()
        return m.unify(result, n)
    if type(s) is not Struct:
        raise _domain(s)
    name, args = s.name.name, s.args
    if name == "count" and len(args) == 1:
        return m.unify(result, len(solutions(m, args[0], g)))
    if name == "sum" and len(args) == 1:
        total = 0
        for x in solutions(m, args[0], g):
            total = eval_arith(Struct(Atom("+"), (total, x)))
        return m.unify(result, total)
    if name in ("max", "min") and len(args) == 1:
        vals = [eval_arith(x) for x in solutions(m, args[0], g)]
        if not vals:
            return False
        best = vals[0]
        for v in vals[1:]:
            c = _num_cmp(v, best)
            if (c > 0) if name == "max" else (c < 0):
                best = v
        return m.unify(result, best)
    if name in ("max", "min") and len(args) == 2:
        sols = solutions(m, Struct(_DASH, (args[0], args[1])), g)
        if not sols:
            return False
        best_v = eval_arith(sols[0].args[0])
        best_w = sols[0].args[1]
        for p in sols[1:]:
            v = eval_arith(p.args[0])
            c = _num_cmp(v, best_v)
            if (c > 0) if name == "max" else (c < 0):
                best_v, best_w = v, p.args[1]
        return m.unify(result, Struct(Atom(name), (best_v, best_w)))
    if name == "bag" and len(args) == 1:
        return m.unify(result, make_list(solutions(m, args[0], g)))
    if name == "set" and len(args) == 1:
        return m.unify(result, make_list(dedup_sorted(solutions(m, args[0], g))))
    from .aggregate import aggregate_all_compound  # it imports this module
    return aggregate_all_compound(m, s, g, result)


def _domain(s):
    return domain_error("aggregate_template", s)


@det("aggregate_all", 4)
def bi_aggregate_all4(m, spec, discriminator, goal, result):
    """aggregate_all(count/sum/..., Discriminator, Goal, Result): solutions are
    made distinct on ``Discriminator`` first."""
    g = need_callable(goal)
    s = deref(spec)
    tmpl = s.args[0] if type(s) is Struct else NIL
    pairs = solutions(m, Struct(_DASH, (discriminator, tmpl)), g)
    vals = [p.args[1] for p in dedup_sorted(pairs)]
    return _aggregate_values(m, s, vals, result)


def _aggregate_values(m, s, vals, result):
    if s is _COUNT:
        return m.unify(result, len(vals))
    name = s.name.name
    if name == "sum":
        total = 0
        for v in vals:
            total = eval_arith(Struct(Atom("+"), (total, v)))
        return m.unify(result, total)
    if name in ("max", "min"):
        if not vals:
            return False
        nums = [eval_arith(v) for v in vals]
        return m.unify(result, max(nums) if name == "max" else min(nums))
    if name == "bag":
        return m.unify(result, make_list(vals))
    if name == "set":
        return m.unify(result, make_list(dedup_sorted(vals)))
    if name == "count":
        return m.unify(result, len(vals))
    raise _domain(s)

