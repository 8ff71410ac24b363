"""Property tests: indexes return exactly what a full scan would, in order."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from neurosym.store import Store, index_key
from neurosym.terms import Atom, Clause, Struct, SymbolTable, Var

ARITY = 3
P = Atom("p")
NAMES = ["a", "b", "c"]
ARGS = st.sampled_from(
    [Atom("a"), Atom("b"), Atom("c"), 1, 2, 1.0, "a",
     Struct(Atom("f"), (Atom("a"),)), Struct(Atom("f"), (Atom("b"), Atom("c"))), None])


def term(x):
    return Var("X") if x is None else x


def clause_of(args):
    return Clause(Struct(P, tuple(term(x) for x in args)))


def scan(clauses, goal, pos):
    k = index_key(goal.args[pos])
    return [c for c in clauses if index_key(c.head.args[pos]) in (None, k)]


def check_candidates(store, model, goal):
    got = list(store.candidates(goal))
    bound = [i for i, x in enumerate(goal.args) if index_key(x) is not None]
    if not bound:
        assert got == model
        return
    assert any(got == scan(model, goal, pos) for pos in bound), (goal, got)
    # never misses a clause compatible on every bound argument
    ids = {id(c) for c in got}
    for c in model:
        if all(index_key(c.head.args[i]) in (None, index_key(goal.args[i])) for i in bound):
            assert id(c) in ids


class StoreMachine(RuleBasedStateMachine):
    @initialize()
    def setup(self):
        self.store = Store(SymbolTable(NAMES))
        self.model: list[Clause] = []
        self.snapshots: list[tuple[tuple, list]] = []

    def _sync_pending(self):
        # the model must hold the store's objects once facts are materialised
        self.model = list(self.store.clauses((P, ARITY)))

    @rule(args=st.tuples(ARGS, ARGS, ARGS), front=st.booleans())
    def assert_clause(self, args, front):
        self._sync_pending()
        cl = self.store.add(clause_of(args), front=front)
        if front:
            self.model.insert(0, cl)
        else:
            self.model.append(cl)

    @rule(rows=st.lists(st.tuples(*[st.integers(0, 2)] * ARITY), min_size=1, max_size=6))
    def add_facts(self, rows):
        self.store.add_facts("p", ARITY, np.array(rows))
        self._sync_pending()
        assert [tuple(a.name for a in c.head.args) for c in self.model[-len(rows):]] == [
            tuple(NAMES[i] for i in r) for r in rows]

    @precondition(lambda self: self.model)
    @rule(i=st.integers(0, 1000))
    def retract(self, i):
        self._sync_pending()
        cl = self.model.pop(i % len(self.model))
        assert self.store.retract(cl)
        assert not self.store.retract(cl)

    @rule(args=st.tuples(ARGS, ARGS, ARGS))
    def query(self, args):
        self._sync_pending()
        goal = Struct(P, tuple(term(x) for x in args))
        check_candidates(self.store, self.model, goal)
        self.snapshots.append((self.store.candidates(goal), list(self.store.candidates(goal))))

    @invariant()
    def snapshots_frozen_and_full_list_matches(self):
        for snap, copy in self.snapshots:
            assert list(snap) == copy
        assert self.store.count((P, ARITY)) == len(self.model)


StoreMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=30,
                                          deadline=None)
TestStoreMachine = StoreMachine.TestCase


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.tuples(ARGS, ARGS, ARGS), st.booleans()), max_size=40),
       st.lists(st.tuples(ARGS, ARGS, ARGS), min_size=1, max_size=10))
def test_index_equals_scan_after_random_asserts(ops, goals):
    store = Store()
    model = []
    for args, front in ops:
        cl = store.add(clause_of(args), front=front)
        model.insert(0, cl) if front else model.append(cl)
    for g in goals:
        check_candidates(store, model, Struct(P, tuple(term(x) for x in g)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 2)] * 2), max_size=30))
def test_columns_match_clauses(rows):
    store = Store(SymbolTable(NAMES))
    store.add_facts("q", 2, np.array(rows, dtype=np.int64).reshape(len(rows), 2))
    cols = store.columns((Atom("q"), 2))
    assert cols.tolist() == [list(r) for r in rows]
    cl = store.clauses((Atom("q"), 2))
    assert [[store.symbols.id_of(x) for x in c.head.args] for c in cl] == cols.tolist()
    assert store.distinct_count((Atom("q"), 2)) == len(set(rows))
