"""Serving ``:- table``d predicates from the bottom-up evaluator.

The SLD machine hands every call of a tabled predicate to
:class:`neurosym.engine.tabling.Tables`; before it starts SLG/variant tabling,
it asks the knowledge base's :class:`Server` for the call's answers.  The
server says *no* (``None``) unless the predicate's definition, and every
predicate it depends on, is in the Datalog fragment (:mod:`.ir`) and stratified;
then the call falls back to SLG tabling unchanged.  Otherwise the answers are
rows of a materialised numpy relation (:class:`Rows`), filtered by the call's
bound arguments, which the machine decodes one chunk at a time as it backtracks
into them.

* **Plans** (:meth:`Server.plan`): per predicate and store generation, the
  program of its dependency closure (stored clauses, and facts as the store's
  columnar id arrays) or the reason it is not served.  Declined: a body that calls
  a library or undefined predicate (SLD decides what happens: an existence error,
  or failure under ``unknown = fail``), a clause outside the fragment, a cycle
  through negation or aggregation.
* **Work restricted by the call**: a call with bound arguments is evaluated with
  the magic-sets rewrite or the closure kernel's BFS (:func:`.seminaive.evaluate`
  with ``query``); an open call evaluates the closure in full, and every relation
  of a full evaluation is kept, so later calls on it only filter.  After
  ``FULL_AFTER`` distinct bound calls of one predicate in a generation the server
  evaluates it in full once instead of once per call.
* **Cache**: everything is keyed on ``store.generation``; assert/retract (any
  change) recomputes on the next call, like the SLG tables.
* **Errors**: when the bottom-up run raises a Prolog error (say, arithmetic on an
  atom), the predicate is declined for this generation: SLG tabling reruns it and
  raises (or not) exactly where Prolog would.
"""

from __future__ import annotations

import numpy as np

from ...errors import NeurosymError
from ...terms import Struct, Var, deref, indicator, pred_key
from .ir import Agg, Neg, NotInFragment, Pos, compile_clauses
from .seminaive import evaluate
from .strata import build_graph, check_stratified, components
from .values import INT_BASE, INT_MIN, ValueTable

__all__ = ["Server", "Rows", "Plan", "FULL_AFTER", "CHUNK"]

FULL_AFTER = 8      # distinct bound calls of a predicate before evaluating it in full
CHUNK = 256         # rows decoded at a time while answers are iterated
_EMPTY = np.zeros(0, np.int64)


class Plan:
    """The program for one predicate: ``clauses`` (rules and non-atomic facts),
    ``facts`` (``key -> (n, arity)`` id arrays), the ``keys`` of its dependency
    closure; or the ``error`` (:class:`NotInFragment`, :class:`StratificationError`,
    a Prolog error of the bottom-up run) saying why it is not served."""

    __slots__ = ("key", "clauses", "facts", "keys", "error", "multiset")

    def __init__(self, key, clauses=(), facts=None, keys=(), error: Exception | None = None,
                 multiset: Exception | None = None) -> None:
        self.key, self.clauses, self.facts, self.keys = key, list(clauses), facts or {}, set(keys)
        self.error = error
        self.multiset = multiset     # why tabled calls are not served (materialize is fine)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def reason(self) -> str:
        return "" if self.error is None else str(self.error)


class Rows:
    """Answers of one call: ``rows`` (``(n, arity)`` external codes) already
    filtered by the call, decoded lazily.  ``free`` lists ``(position, var)``
    of the call's distinct unbound variables; :meth:`values` decodes row ``i``
    (a chunk of :data:`CHUNK` rows at a time: no Python object per row is made
    before the row is asked for)."""

    __slots__ = ("rows", "n", "free", "vars", "_dec", "_lo", "_hi", "_chunk")

    def __init__(self, rows: np.ndarray, free: list, decode) -> None:
        self.rows = rows
        self.n = len(rows)
        self.free = free
        self.vars = tuple(v for _, v in free)
        self._dec = decode
        self._lo = self._hi = 0
        self._chunk: list = []

    def __len__(self) -> int:
        return self.n

    def values(self, i: int) -> tuple:
        if not (self._lo <= i < self._hi):
            lo, hi = i, min(i + CHUNK, self.n)
            dec = self._dec
            cols = [[dec(c) for c in self.rows[lo:hi, j].tolist()] for j, _ in self.free]
            self._chunk = list(zip(*cols, strict=True)) if cols else [()] * (hi - lo)
            self._lo, self._hi = lo, hi
        return self._chunk[i - self._lo]


def _decoder(values: ValueTable):
    syms = values.symbols
    others = values._others
    lo = INT_MIN + INT_BASE

    def dec(code: int):
        if code >= lo:
            return code - INT_BASE
        if code >= 0:
            return syms[code]
        return others[-code - 1]
    return dec


def _body_keys(rules) -> set:
    out = set()
    for r in rules:
        for lit in r.body:
            if type(lit) in (Pos, Neg):
                out.add(lit.key)
            elif type(lit) is Agg:
                out.add(lit.aux)
    return out


class Server:
    """Bottom-up answers for the tabled predicates of one store (see the module
    docstring).  ``library``: the store of library predicates (calls to them are
    not served)."""

    def __init__(self, store, library=None) -> None:
        self.store = store
        self.library = library
        self.values = ValueTable(store.symbols)
        self._dec = _decoder(self.values)
        self.generation = None
        self._plans: dict = {}
        self._full: dict = {}         # key -> (n, arity) rows of a complete evaluation
        self._calls: dict = {}        # call pattern -> rows
        self._bound: dict = {}        # key -> distinct bound calls evaluated
        self.evaluations = 0          # bottom-up runs (tests and benchmarks read it)

    # -- cache ---------------------------------------------------------------
    def _sync(self) -> None:
        gen = self.store.generation
        if gen != self.generation:
            self.generation = gen
            self._plans.clear()
            self._full.clear()
            self._calls.clear()
            self._bound.clear()

    # -- plans ---------------------------------------------------------------
    def plan(self, key) -> Plan:
        """The program serving ``key`` (``plan.ok``), or why it is not served."""
        self._sync()
        p = self._plans.get(key)
        if p is None:
            p = self._plans[key] = self._make_plan(key)
        return p

    def _make_plan(self, key) -> Plan:
        store = self.store
        clauses: list = []
        facts: dict = {}
        seen = {key}
        todo = [key]
        while todo:
            k = todo.pop()
            if k[0].name.startswith("$agg"):
                continue
            if not store.defined(k):
                lib = self.library
                where = "a library predicate" if lib is not None and lib.defined(k) else "undefined"
                return Plan(key, error=NotInFragment(
                    f"{indicator(k[0], k[1])} is {where} (called by {indicator(key[0], key[1])})"))
            cols = store.columns(k)
            if store.columns_complete(k) and len(cols) == store.count(k):
                facts[k] = cols
                continue
            own = list(store.clauses(k))
            try:
                deps = _body_keys(compile_clauses(own).rules)
            except NeurosymError as e:
                return Plan(key, error=e)
            clauses.extend(own)
            for d in deps:
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        try:
            prog = compile_clauses(clauses)
            g = build_graph(prog.rules, extra_nodes=sorted(facts, key=str))
            check_stratified(g, components(g))
        except NeurosymError as e:
            return Plan(key, error=e)
        return Plan(key, clauses, facts, seen, multiset=self._check_counts(prog, facts))

    def _check_counts(self, prog, facts) -> NotInFragment | None:
        """``aggregate_all(count|sum, G, R)`` counts G's solutions *with*
        multiplicity under SLD; bottom-up counts distinct bindings.  They agree
        when every relation G calls yields a set: a tabled predicate, or facts
        without duplicates.  Tabled calls of anything else are left to SLG
        (``materialize`` keeps set semantics, as if everything were tabled)."""
        store = self.store
        kinds = {}
        for r in prog.rules:
            for lit in r.body:
                if type(lit) is Agg and lit.kind in ("count", "sum"):
                    kinds[lit.aux] = lit.kind
        for r in prog.rules:
            if r.key not in kinds:
                continue
            for lit in r.body:
                if type(lit) is not Pos or lit.key[0].name.startswith("$agg"):
                    continue
                k = lit.key
                if store.flags(k).table:
                    continue
                if k in facts and store.distinct_count(k) == store.count(k):
                    continue
                return NotInFragment(
                    f"aggregate_all({kinds[r.key]}, ...) over {indicator(k[0], k[1])}, which is "
                    f"neither tabled nor a set of facts (Prolog counts each of its solutions)")
        return None

    # -- answers ---------------------------------------------------------------
    def answers(self, goal, tick=None) -> Rows | None:
        """The answers of the call ``goal`` (a tabled predicate's call) as
        :class:`Rows`, or ``None`` when it is not served."""
        goal = deref(goal)
        key = pred_key(goal)
        plan = self.plan(key)
        if not plan.ok or plan.multiset is not None:
            return None
        args = [deref(a) for a in goal.args] if type(goal) is Struct else []
        pattern = []
        free: list = []
        first: dict = {}
        bound = False
        for j, a in enumerate(args):
            ta = type(a)
            if ta is Var:
                n = first.get(id(a))
                if n is None:
                    first[id(a)] = n = len(first)
                    free.append((j, a))
                pattern.append(("$VAR", n))
            elif ta is Struct:
                return Rows(np.zeros((0, len(args)), np.int64), free, self._dec)   # never a constant
            else:
                bound = True
                pattern.append(_const_key(a))
        pattern = (key, tuple(pattern))
        rows = self._calls.get(pattern)
        if rows is None:
            try:
                rows = self._rows(plan, goal, args, bound, tick)
            except NeurosymError as e:     # a Prolog error of the run (SLG redoes it)
                self._plans[key] = Plan(key, error=e)
                return None
            self._calls[pattern] = rows
        return Rows(rows, free, self._dec)

    def _rows(self, plan: Plan, goal, args, bound: bool, tick) -> np.ndarray:
        key = plan.key
        full = self._full.get(key)
        if full is None and bound:
            nb = self._bound.get(key, 0)
            if nb < FULL_AFTER:
                self._bound[key] = nb + 1
                return self._evaluate(plan, goal, tick)[key]
        if full is None:
            res = self._evaluate(plan, None, tick)
            for k in plan.keys:
                if k in res:
                    self._full[k] = res[k]
            full = self._full.setdefault(key, np.zeros((0, key[1]), np.int64))
        return self._filter(full, args)

    def _evaluate(self, plan: Plan, query, tick):
        self.evaluations += 1
        return evaluate(plan.clauses, plan.facts, self.store.symbols, query=query,
                        values=self.values, tick=tick)

    def full(self, key, tick=None) -> np.ndarray | None:
        """All rows of ``key`` (external codes), or ``None`` if not served."""
        plan = self.plan(key)
        if not plan.ok:
            return None
        if key not in self._full:
            try:
                self._rows(plan, None, [], False, tick)
            except NeurosymError as e:     # a Prolog error of the run (SLG redoes it)
                self._plans[key] = Plan(key, error=e)
                return None
        return self._full[key]

    def _filter(self, rows: np.ndarray, args) -> np.ndarray:
        if not args or not len(rows):
            return rows
        mask = None
        first: dict = {}
        enc = self.values.encode
        for j, a in enumerate(args):
            if type(a) is Var:
                f = first.get(id(a))
                if f is None:
                    first[id(a)] = j
                    continue
                m = rows[:, j] == rows[:, f]
            else:
                m = rows[:, j] == enc(a)
            mask = m if mask is None else mask & m
        return rows if mask is None else rows[mask]

    def decode(self, code: int):
        return self._dec(int(code))


def _const_key(a):
    t = type(a)
    if t is float:
        return ("f", a) if a else ("f0", np.copysign(1.0, a))
    if t is int:
        return ("i", a)
    if t is str:
        return ("s", a)
    return a

