"""The semi-naive fixpoint and the public entry points.

``evaluate(clauses, facts, symbols, query=None)`` compiles the clauses
(:mod:`.ir`), orders the predicates' components dependencies first
(:mod:`.strata`; a cycle through ``\\+`` or ``aggregate_all/3`` raises
:class:`StratificationError`), and runs each component to its fixpoint.  A
rule body is evaluated left to right over a *binding table* (one id column per
live variable): a positive literal is a vectorised equi-join (:mod:`.joins`), a
negation an anti-join, comparisons and ``is/2`` are column operations.  In a
recursive component every rule is run once per recursive body literal, that
literal reading the last round's delta, earlier ones the stable rows and later
ones the full relation (Scallop's stable / recent / to-add).

With ``query`` (a term with some constant arguments) the program is first
rewritten with magic sets (:mod:`.magic`) so only facts relevant to the query
are derived; the result then holds the query's relation only.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np

from ...errors import NeurosymError
from ...terms import Atom, Struct, SymbolTable, Var, deref, pred_key
from .body import Ctx, Prepared, const_args, run_rule
from .closure import closure_pairs, match_closure, reachable
from .ir import Cmp, Const, NotInFragment, Pos, compile_clauses
from .magic import adornment, magic_rewrite
from .relation import Relation
from .strata import build_graph, check_stratified, components
from .values import Domain, ValueTable

__all__ = ["evaluate", "in_fragment", "iter_tuples", "Result", "program_from_store"]


class Result(dict):
    """``{(name, arity): (n, arity) int64 array}`` in the external encoding
    (:mod:`.values`); ``values`` decodes codes that are not atoms or small ints."""

    def __init__(self, data, values: ValueTable) -> None:
        super().__init__(data)
        self.values = values


def in_fragment(clauses) -> tuple[bool, str]:
    """Whether :func:`evaluate` accepts ``clauses``, and why not."""
    try:
        prog = compile_clauses(clauses)
        g = build_graph(prog.rules)
        check_stratified(g, components(g))
    except NeurosymError as e:   # NotInFragment, StratificationError
        return False, str(e)
    return True, ""


def iter_tuples(array: np.ndarray, symbols) -> Iterator[tuple]:
    """Decode rows of an answer array into tuples of terms, lazily."""
    dec = symbols.decode if isinstance(symbols, ValueTable) else ValueTable(symbols).decode
    for row in array:
        yield tuple(dec(c) for c in row.tolist())


def program_from_store(store, keys=None) -> tuple[list, dict]:
    """``(clauses, facts)`` for :func:`evaluate` from a store (``neurosym.store.Store``):
    a predicate whose clauses are all atom-only ground facts comes as its
    ``columns`` array (no clause objects are built); any other predicate comes as
    its clauses (rules, and facts with numbers or strings)."""
    clauses: list = []
    facts: dict = {}
    for key in (keys if keys is not None else store.predicates()):
        cols = store.columns(key)
        if store.columns_complete(key) and len(cols) == store.count(key):
            facts[key] = cols
        else:
            clauses.extend(store.clauses(key))
    return clauses, facts


# ---------------------------------------------------------------------------
# the fixpoint

def _run_component(ctx: Ctx, comp_keys, preps_by_head, tick=None) -> None:
    comp = set(comp_keys)
    preps = [p for k in comp_keys for p in preps_by_head.get(k, ())]
    if len(comp_keys) == 1 and _closure_kernel(ctx, comp_keys[0], preps):
        return
    rec = [(p, [i for i, lit in enumerate(p.rule.body) if type(lit) is Pos and lit.key in comp])
           for p in preps]
    work = 0
    for p, pos in rec:
        if not pos:
            work += run_rule(ctx, p, {})
            ctx.sync()
    for k in comp:
        ctx.rels[k].commit()
        ctx.rels[k].n_stable = 0          # round one: every row is new
    rec = [(p, pos) for p, pos in rec if pos]
    while rec:
        for p, pos in rec:
            for i in pos:
                parts = {j: "stable" for j in pos if j < i}
                parts[i] = "delta"
                work += run_rule(ctx, p, parts)
                ctx.sync()
        grown = 0
        for k in comp:
            grown += ctx.rels[k].commit()
        if tick is not None:
            tick(grown + work)      # derived facts and join steps, not rounds
        work = 0
        if not grown:
            break


def _closure_kernel(ctx: Ctx, key, preps) -> bool:
    e = match_closure(key, [p.rule for p in preps])
    rel = ctx.rels[key]
    if e is None or rel.n or rel.pending or rel.pending_keys:
        return False
    pairs = closure_pairs(ctx.rels[e].part("full"))
    if pairs is None:
        return False
    rel.set_unique(pairs)
    return True


def _closure_query(rules, fact_keys, qkey, query):
    """``(e, bound_position)`` when ``query`` asks a transitive closure of a
    stored relation ``e`` with exactly one constant argument."""
    if qkey[1] != 2 or qkey in fact_keys:
        return None
    own = [r for r in rules if r.key == qkey]
    e = match_closure(qkey, own)
    if e is None or any(r.key == e for r in rules):
        return None
    kinds = [type(deref(a)) is Var for a in query.args]
    if kinds == [False, True]:
        return e, 0
    if kinds == [True, False]:
        return e, 1
    return None


def _intern_consts(prog, symbols: SymbolTable) -> None:
    def const(v):
        if type(v) is Atom:
            symbols.intern(v)
    for rows in prog.facts.values():
        for row in rows:
            for v in row:
                const(v)
    for r in prog.rules:
        for a in r.head:
            if type(a) is Const:
                const(a.value)
        for lit in r.body:
            for a in const_args(lit):
                const(a.value)
            if type(lit) is Cmp:
                for e in (lit.lhs, lit.rhs):
                    if e[0] == "c":
                        const(e[1])


def evaluate(clauses, facts: dict | None = None, symbols: SymbolTable | None = None,
             query=None, values: ValueTable | None = None, tick=None) -> Result:
    """Evaluate a Datalog program bottom-up (see the module docstring).

    ``facts`` maps ``(Atom, arity)`` to ``(n, arity)`` int64 arrays in the external
    encoding of :mod:`.values` (atoms: symbol ids).  Returns every relation (facts
    included), or with ``query`` only the query's relation, restricted to the
    query's constants.  Raises :class:`NotInFragment` or
    :class:`StratificationError`.  ``tick(n)``, when given, is called after each
    round of a recursive component with the number of new rows plus the join
    steps its rule runs took (``body.run_rule``); the machine counts them as
    inferences and checks its time and inference limits there."""

    if values is None:
        values = ValueTable(symbols if symbols is not None else SymbolTable())
    symbols = values.symbols
    facts = facts or {}
    prog = compile_clauses(clauses)
    _intern_consts(prog, symbols)
    qkey = None
    if query is not None:
        query = deref(query)
        qkey = pred_key(query)
        _intern_query_args(query, symbols)
    fact_keys = set(facts) | set(prog.facts)
    graph = build_graph(prog.rules, extra_nodes=sorted(fact_keys, key=str))
    check_stratified(graph, components(graph))

    rules, seeds, answer_key = prog.rules, {}, qkey
    edb_alias: dict = {}
    tcq = _closure_query(prog.rules, fact_keys, qkey, query) if query is not None else None
    if tcq is not None:
        rules = []
    elif query is not None:
        ad = adornment(query)
        if "b" in ad and qkey in {r.key for r in rules}:
            rules, seeds, answer_key, edb_alias = magic_rewrite(prog.rules, fact_keys, query, ad)
            graph = build_graph(rules, extra_nodes=sorted(fact_keys, key=str))
    comps = components(graph)
    if query is not None:
        check_stratified(graph, comps)

    needed = _needed(graph, answer_key) if answer_key is not None else None
    if tcq is not None:
        needed = {tcq[0]}
    domain = Domain(values)
    if tcq is not None:
        rows = _closure_rows(domain, facts, prog.facts, query, *tcq)
        return Result({qkey: domain.to_external(rows)}, values)
    ctx = Ctx(domain, {})
    for k in graph.nodes:
        ctx.rels[k] = Relation(k, k[1], ctx.size)
    for k in list(seeds) + list(answer_key and [answer_key] or []):
        ctx.rels.setdefault(k, Relation(k, k[1], ctx.size))
    for k in fact_keys:
        _load(ctx, k, k, facts, prog.facts, needed)
    for alias, src in edb_alias.items():
        _load(ctx, alias, src, facts, prog.facts, needed)
    for k, rows in seeds.items():
        ctx.rels[k].add(np.array([[domain.dense_of_value(v) for v in row] for row in rows],
                                 np.int64).reshape(-1, k[1]).T)
    ctx.sync()
    for r in ctx.rels.values():
        r.commit()

    _run_rules(ctx, rules, comps, needed, tick)
    if query is None:
        out = {k: domain.to_external(r.rows()) for k, r in ctx.rels.items()
               if not k[0].name.startswith("$")}
        return Result(out, values)
    rows = ctx.rels[answer_key].rows() if answer_key in ctx.rels else np.zeros((0, qkey[1]), np.int64)
    rows = _filter_query(rows, query, domain)
    return Result({qkey: domain.to_external(rows)}, values)


def _run_rules(ctx: Ctx, rules, comps, needed, tick) -> None:
    """Run the (needed) rules to a fixpoint, component by component in
    ``comps``' order."""
    preps: dict = {}
    for r in rules:
        if needed is None or r.key in needed:
            preps.setdefault(r.key, []).append(Prepared(r, ctx.domain))
    ctx.sync()
    for comp in comps:
        if needed is not None and not any(k in needed for k in comp):
            continue
        if any(k in preps for k in comp):
            _run_component(ctx, comp, preps, tick)


def _intern_query_args(query, symbols: SymbolTable) -> None:
    """Intern the query's atoms; its arguments must be constants or variables."""
    for a in (query.args if type(query) is Struct else ()):
        a = deref(a)
        if type(a) is Atom:
            symbols.intern(a)
        elif type(a) not in (Var, int, float, str):
            raise NotInFragment(f"query argument {a!r} is not a constant or a variable")


def _closure_rows(domain: Domain, facts: dict, prog_facts: dict, query, e, pos: int):
    """The answers of a transitive-closure query over edge relation ``e``
    (``pos``: the bound argument): a BFS over the edges as they are (no
    relation, no de-duplication)."""
    parts = [np.zeros((0, 2), np.int64)]
    if e in facts:
        parts.append(domain.to_dense(np.asarray(facts[e], np.int64).reshape(-1, 2)))
    if prog_facts.get(e):
        parts.append(np.array([[domain.dense_of_value(v) for v in row] for row in prog_facts[e]],
                              np.int64).reshape(-1, 2))
    edges = np.ascontiguousarray(np.concatenate(parts).T)
    start = domain.dense_of_value(deref(query.args[pos]))
    ends = reachable(edges, start, max(domain.size, start + 1), forward=(pos == 0))
    fixed = np.full(len(ends), start, np.int64)
    return np.stack([fixed, ends] if pos == 0 else [ends, fixed], axis=1)


def _load(ctx: Ctx, k, src, facts: dict, prog_facts: dict, needed) -> None:
    """Add the facts of ``src`` (given arrays, then the program's facts) to
    relation ``k`` when it is needed."""
    rel = ctx.rels.get(k)
    if rel is None or (needed is not None and k not in needed):
        return
    domain = ctx.domain
    if src in facts:
        arr = np.asarray(facts[src], np.int64).reshape(-1, k[1])
        rel.add(domain.to_dense(arr).T)
    for row in prog_facts.get(src, ()):
        rel.add(np.array([[domain.dense_of_value(v)] for v in row], np.int64).reshape(k[1], 1))


def _needed(graph, key) -> set:
    seen = {key}
    stack = [key]
    while stack:
        k = stack.pop()
        for d, _ in graph.edges.get(k, ()):
            if d not in seen:
                seen.add(d)
                stack.append(d)
    return seen


def _filter_query(rows: np.ndarray, query, domain) -> np.ndarray:
    if type(query) is not Struct:
        return rows
    mask = np.ones(len(rows), bool)
    first: dict = {}
    for j, a in enumerate(query.args):
        a = deref(a)
        if type(a) is Var:
            if id(a) in first:
                mask &= rows[:, j] == rows[:, first[id(a)]]
            else:
                first[id(a)] = j
        else:
            mask &= rows[:, j] == domain.dense_of_value(a)
    return rows[mask]
