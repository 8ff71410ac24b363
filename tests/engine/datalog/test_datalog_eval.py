"""Unit tests of the bottom-up evaluator: joins, dedup, strata, negation,
aggregates, arithmetic, magic sets, the closure kernel."""

import numpy as np
import pytest
from datalog_helpers import S, answers, conj, facts, rule

from neurosym.engine.datalog import (
    NotInFragment,
    StratificationError,
    ValueTable,
    evaluate,
    in_fragment,
    iter_tuples,
)
from neurosym.engine.datalog.closure import closure_pairs
from neurosym.engine.datalog.joins import Index, KeySet, pack, pack_pair, probe
from neurosym.errors import NeurosymError
from neurosym.terms import Atom, Struct, SymbolTable, Var

X, Y, Z, W, N = (Var(n) for n in "XYZWN")


def tc(left=True):
    rec = conj(S("path", X, Y), S("edge", Y, Z)) if left else conj(S("edge", X, Y), S("path", Y, Z))
    return [rule(S("path", X, Y), S("edge", X, Y)), rule(S("path", X, Z), rec)]


EDGES = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "f")]


def closure_ref(edges):
    reach = set(edges)
    while True:
        new = {(a, d) for a, b in reach for c, d in edges if b == c} - reach
        if not new:
            return reach
        reach |= new


# -- joins and dedup ---------------------------------------------------------

def test_probe_matches_nested_loop():
    rng = np.random.default_rng(1)
    left, right = rng.integers(0, 20, 50), rng.integers(0, 20, 70)
    for keys in (right, right * 1_000_003):   # CSR and sorted indexes
        li, ri = probe(Index(keys), left * (1 if keys is right else 1_000_003))
        got = sorted(zip(li.tolist(), ri.tolist(), strict=True))
        want = sorted((i, j) for i in range(50) for j in range(70) if left[i] == right[j])
        assert got == want


def test_pack_is_injective_and_pair_consistent():
    a, b = np.array([0, 1, 2, 2]), np.array([2, 1, 0, 2])
    k = pack([a, b], 3)
    assert len(set(k.tolist())) == 4
    # a domain too large for the radix falls back to ranks, same on both sides
    big = 1 << 40
    lk, rk = pack_pair([a * big, b, a], [b * big, a, b], big, 4, 4)
    assert (lk[0] == rk[0]) == (a[0] * big == b[0] * big and b[0] == a[0])
    assert len(set(lk.tolist())) == 4


@pytest.mark.parametrize("size", [10, 1 << 20])   # bitmap and sorted key sets
def test_keyset_filters_known_and_duplicates(size):
    ks = KeySet(2, size)
    keys = ks.keys([np.array([1, 1, 2, 1]), np.array([2, 2, 3, 2])], 4)
    rows = ks.filter_new(keys)
    assert sorted(keys[rows].tolist()) == sorted(set(keys.tolist()))
    again = ks.keys([np.array([1, 5]), np.array([2, 5])], 2)
    assert again[ks.filter_new(again)].tolist() == [again[1]]


def test_keyset_ascending_and_mixed_batches_match_a_python_set():
    """Batches in key order (no duplicate possible) and batches with repeats,
    in turn: every call returns one row for each key not held before."""
    rng = np.random.default_rng(3)
    ks = KeySet(2, 64)                       # 4096 keys: a bitmap
    held: set = set()
    for i in range(12):
        keys = rng.integers(0, 4096, 300)
        keys = np.unique(keys) if i % 2 == 0 else keys     # ascending, then repeats
        got = keys[ks.filter_new(keys.astype(np.int64))].tolist()
        assert sorted(got) == sorted(set(keys.tolist()) - held)
        held |= set(got)


# -- recursion ---------------------------------------------------------------

@pytest.mark.parametrize("left", [True, False])
def test_transitive_closure(left):
    prog = tc(left) + facts("edge", EDGES)
    assert answers(prog, "path", 2) == closure_ref(set(EDGES))


def test_nonlinear_closure_and_kernel_agree_with_generic():
    prog = [rule(S("path", X, Y), S("edge", X, Y)),
            rule(S("path", X, Z), S("path", X, Y), S("path", Y, Z))] + facts("edge", EDGES)
    assert answers(prog, "path", 2) == closure_ref(set(EDGES))
    # an extra harmless literal defeats the kernel: the generic fixpoint must agree
    generic = [rule(S("path", X, Y), S("edge", X, Y)),
               rule(S("path", X, Z), S("path", X, Y), S("edge", Y, Z), S("node", Z))]
    nodes = facts("node", [(c,) for c in "abcdef"])
    assert answers(generic + facts("edge", EDGES) + nodes, "path", 2) == closure_ref(set(EDGES))


def test_closure_kernel_random_graphs():
    rng = np.random.default_rng(7)
    for _ in range(20):
        e = rng.integers(0, 12, (2, 25))
        got = set(map(tuple, closure_pairs(e).T.tolist()))
        assert got == closure_ref(set(map(tuple, e.T.tolist())))


def test_same_generation_and_facts_plus_rules():
    par = [("b", "a"), ("c", "a"), ("d", "b"), ("e", "c"), ("f", "c")]
    prog = [rule(S("sg", X, X), S("person", X)),
            rule(S("sg", X, Y), S("par", X, Z), S("sg", Z, W), S("par", Y, W))]
    prog += facts("par", par) + facts("person", [(p,) for p in "abcdef"])
    got = answers(prog, "sg", 2)
    assert ("d", "e") in got and ("e", "f") in got and ("b", "c") in got
    assert ("a", "b") not in got
    # a predicate with facts and rules keeps both
    prog2 = facts("p", [("x",)]) + [rule(S("p", X), S("q", X))] + facts("q", [("y",)])
    assert answers(prog2, "p", 1) == {("x",), ("y",)}


# -- negation, strata --------------------------------------------------------

def test_stratified_negation():
    prog = tc() + facts("edge", EDGES) + facts("node", [(c,) for c in "abcdef"])
    prog.append(rule(S("unreach", X, Y), S("node", X), S("node", Y), Struct(Atom("\\+"), (S("path", X, Y),))))
    got = answers(prog, "unreach", 2)
    nodes = "abcdef"
    want = {(x, y) for x in nodes for y in nodes} - closure_ref(set(EDGES))
    assert got == want


def test_negation_with_local_variable():
    prog = facts("edge", EDGES) + facts("node", [(c,) for c in "abcdef"])
    prog.append(rule(S("sink", X), S("node", X), Struct(Atom("\\+"), (S("edge", X, Var("_")),))))
    assert answers(prog, "sink", 1) == {("d",), ("f",)}


def test_unstratifiable_names_the_cycle():
    prog = [rule(S("p", X), S("d", X), Struct(Atom("\\+"), (S("q", X),))),
            rule(S("q", X), S("d", X), Struct(Atom("\\+"), (S("p", X),)))] + facts("d", [("a",)])
    with pytest.raises(StratificationError) as ei:
        evaluate(prog, {}, SymbolTable())
    assert isinstance(ei.value, NeurosymError)
    msg = str(ei.value)
    assert "p/1 -> \\+ q/1 -> \\+ p/1" in msg or "q/1 -> \\+ p/1 -> \\+ q/1" in msg
    ok, reason = in_fragment(prog)
    assert not ok and "cycle" in reason


def test_cycle_through_aggregate():
    prog = [rule(S("p", X, N), S("d", X), S("aggregate_all", Atom("count"), S("p", Y, Var("_")), N))]
    with pytest.raises(StratificationError, match="aggregate_all\\(count, p/2\\)"):
        evaluate(prog + facts("d", [("a",)]), {}, SymbolTable())


# -- arithmetic, comparisons, aggregates ----------------------------------------

def test_arithmetic_and_comparisons():
    prog = facts("n", [(i,) for i in range(-3, 6)])
    prog.append(rule(S("sq", X, Y), S("n", X), S(">=", X, 0), S("is", Y, S("*", X, X))))
    prog.append(rule(S("dv", X, Y), S("n", X), S("=\\=", X, 0), S("is", Y, S("//", -7, X))))
    prog.append(rule(S("md", X, Y), S("n", X), S("<", X, 0), S("is", Y, S("mod", 7, X))))
    prog.append(rule(S("half", X, Y), S("n", X), S(">", X, 0), S("is", Y, S("/", X, 2))))
    prog.append(rule(S("big", Y), S("n", X), S("=:=", X, 5), S("is", Y, S("**", X, 40))))
    assert answers(prog, "sq", 2) == {(i, i * i) for i in range(6)}
    assert answers(prog, "dv", 2) == {(i, int(-7 / i)) for i in range(-3, 6) if i}  # truncating
    assert answers(prog, "md", 2) == {(i, 7 % i) for i in range(-3, 0)}
    assert answers(prog, "half", 2) == {(i, i // 2 if i % 2 == 0 else i / 2) for i in range(1, 6)}
    assert answers(prog, "big", 1) == {(5 ** 40,)}


def test_counting_recursion_with_arithmetic():
    prog = [rule(S("nat", 0)), rule(S("nat", Y), S("nat", X), S("<", X, 300), S("is", Y, S("+", X, 1)))]
    assert answers(prog, "nat", 1) == {(i,) for i in range(301)}


def test_identity_and_unify():
    prog = facts("e", [("a", "a"), ("a", "b"), ("b", 1)])
    prog.append(rule(S("same", X), S("e", X, Y), S("==", X, Y)))
    prog.append(rule(S("diff", X, Y), S("e", X, Y), S("\\==", X, Y)))
    prog.append(rule(S("tag", X, Z), S("e", X, Y), S("=", Z, "t")))
    assert answers(prog, "same", 1) == {("a",)}
    assert answers(prog, "diff", 2) == {("a", "b"), ("b", 1)}
    assert answers(prog, "tag", 2) == {("a", "t"), ("b", "t")}


def test_aggregates():
    prog = facts("edge", EDGES) + facts("node", [(c,) for c in "abcdef"])
    prog += facts("w", [("a", 3), ("a", 5), ("b", 2)])
    prog.append(rule(S("deg", X, N), S("node", X), S("aggregate_all", Atom("count"), S("edge", X, Y), N)))
    prog.append(rule(S("tot", X, N), S("node", X), S("aggregate_all", S("sum", Y), S("w", X, Y), N)))
    prog.append(rule(S("top", X, N), S("node", X), S("aggregate_all", S("max", Y), S("w", X, Y), N)))
    prog.append(rule(S("low", N), S("aggregate_all", S("min", S("*", Y, 10)), S("w", X, Y), N)))
    prog.append(rule(S("all", N), S("aggregate_all", Atom("count"), S("edge", X, Y), N)))
    assert answers(prog, "deg", 2) == {("a", 1), ("b", 1), ("c", 2), ("d", 0), ("e", 1), ("f", 0)}
    assert answers(prog, "tot", 2) == {("a", 8), ("b", 2), ("c", 0), ("d", 0), ("e", 0), ("f", 0)}
    assert answers(prog, "top", 2) == {("a", 5), ("b", 2)}   # max fails on no solutions
    assert answers(prog, "low", 1) == {(20,)}
    assert answers(prog, "all", 1) == {(5,)}


# -- fragment ---------------------------------------------------------------

@pytest.mark.parametrize("clause, why", [
    (rule(S("p", X), S("q", Y)), "range-restricted"),
    (rule(S("p", S("f", X)), S("q", X)), "compound"),
    (rule(S("p", X), S("q", X), S(";", S("r", X), S("s", X))), ";/2"),
    (rule(S("p", X), S("<", X, 3), S("q", X)), "not bound"),
    (rule(S("p", X), S("q", X), S("write", X)), "write/1"),
])
def test_outside_fragment(clause, why):
    ok, reason = in_fragment([clause])
    assert not ok and why in reason
    with pytest.raises(NotInFragment):
        evaluate([clause], {}, SymbolTable())


# -- magic sets, queries, arrays ---------------------------------------------

@pytest.mark.parametrize("left", [True, False])
def test_magic_equals_full_then_filter(left):
    rng = np.random.default_rng(3)
    edges = {(f"n{a}", f"n{b}") for a, b in rng.integers(0, 15, (30, 2)).tolist()}
    extra = [rule(S("twohop", X, Z), S("path", X, Y), S("path", Y, Z), S("\\==", X, Z))]
    prog = tc(left) + extra + facts("edge", sorted(edges))
    for name in ("path", "twohop"):
        full = answers(prog, name, 2)
        for c in ("n0", "n3"):
            assert answers(prog, name, 2, query=S(name, c, X)) == {r for r in full if r[0] == c}
            assert answers(prog, name, 2, query=S(name, X, c)) == {r for r in full if r[1] == c}
        assert answers(prog, name, 2, query=S(name, X, X)) == {r for r in full if r[0] == r[1]}


def test_query_returns_only_the_query_relation_and_streams():
    sym = SymbolTable()
    res = evaluate(tc() + facts("edge", EDGES), {}, sym, query=S("path", "a", X))
    assert list(res) == [(Atom("path"), 2)]
    it = iter_tuples(res[(Atom("path"), 2)], sym)
    assert next(it)[0] is Atom("a")


def test_fact_arrays_and_int_encoding():
    sym = SymbolTable(["a", "b", "c"])
    vt = ValueTable(sym)
    e = np.array([[0, 1], [1, 2]], np.int64)
    w = np.array([[0, vt.encode(10)], [1, vt.encode("text")]], np.int64)
    prog = tc() + [rule(S("wt", X, Y), S("w", X, Y))]
    res = evaluate(prog, {(Atom("edge"), 2): e, (Atom("w"), 2): w}, values=vt)
    assert sorted(map(tuple, res[(Atom("path"), 2)].tolist())) == [(0, 1), (0, 2), (1, 2)]
    got = set(iter_tuples(res[(Atom("wt"), 2)], vt))
    assert got == {(Atom("a"), 10), (Atom("b"), "text")}


def test_keyset_switches_from_sorted_to_bitmap():
    ks = KeySet(2, 4096)                    # 16M key space: starts as a sorted array
    first = np.array([5, 7, 5], np.int64)
    assert sorted(first[ks.filter_new(first)].tolist()) == [5, 7]
    assert ks.bitmap is None
    big = np.arange(600_000, dtype=np.int64)
    new = big[ks.filter_new(big)]
    assert ks.bitmap is not None             # dense enough now
    assert len(new) == 600_000 - 2 and 5 not in new.tolist() and 4 in new.tolist()
    again = np.array([4, 600_001, 600_001], np.int64)
    assert again[ks.filter_new(again)].tolist() == [600_001]


def test_wide_relations_over_a_large_domain():
    # 7,000 symbols: 5 packed columns overflow int64, so keys are rank-compressed
    sym = SymbolTable([f"s{i}" for i in range(7000)])
    rng = np.random.default_rng(5)
    r = rng.integers(0, 7000, (400, 5))
    r = np.vstack([r, r[:50]])               # duplicates
    s = np.vstack([r[:100, :3], rng.integers(0, 7000, (100, 3))])
    A, B, C, D, E = (Var(n) for n in "ABCDE")
    prog = [rule(S("q", A, B, C, D, E), S("r", A, B, C, D, E), S("s", A, B, C))]
    res = evaluate(prog, {(Atom("r"), 5): r, (Atom("s"), 3): s}, sym)
    got = set(map(tuple, res[(Atom("q"), 5)].tolist()))
    sset = set(map(tuple, s.tolist()))
    assert got == {tuple(x) for x in r.tolist() if tuple(x[:3]) in sset}
    assert len(res[(Atom("r"), 5)]) == len(set(map(tuple, r.tolist())))


def test_program_from_store():
    from neurosym.engine.datalog import program_from_store
    from neurosym.store import Store

    st = Store()
    for a, b in EDGES:
        st.add(rule(S("edge", a, b)))
    st.add(rule(S("w", "a", 3)))
    for c in tc():
        st.add(c)
    clauses, fact_arrays = program_from_store(st)
    assert set(fact_arrays) == {(Atom("edge"), 2)}        # atom-only facts come as arrays
    res = evaluate(clauses, fact_arrays, st.symbols)
    got = {tuple(a.name for a in row) for row in iter_tuples(res[(Atom("path"), 2)], st.symbols)}
    assert got == closure_ref(set(EDGES))
    assert list(iter_tuples(res[(Atom("w"), 2)], st.symbols)) == [(Atom("a"), 3)]


@pytest.mark.parametrize("left", [True, False])
def test_kernel_and_generic_fixpoint_agree(left, monkeypatch):
    from neurosym.engine.datalog import closure
    rng = np.random.default_rng(11)
    edges = sorted({(f"n{a}", f"n{b}") for a, b in rng.integers(0, 40, (90, 2)).tolist()})
    prog = tc(left) + facts("edge", edges)
    with_kernel = answers(prog, "path", 2)
    monkeypatch.setattr(closure, "ENABLED", False)
    assert answers(prog, "path", 2) == with_kernel == closure_ref(set(edges))
    assert answers(prog, "path", 2, query=S("path", "n3", X)) == {r for r in with_kernel if r[0] == "n3"}


def test_arithmetic_errors_are_prolog_errors():
    from neurosym.errors import EvaluationError, PrologTypeError
    bad = facts("q", [("a",)]) + [rule(S("p", Y), S("q", X), S("is", Y, S("+", X, 1)))]
    with pytest.raises(PrologTypeError) as ei:
        evaluate(bad, {}, SymbolTable())
    assert "evaluable" in repr(ei.value.term)
    zero = facts("q", [(0,)]) + [rule(S("p", Y), S("q", X), S("is", Y, S("//", 1, X)))]
    with pytest.raises(EvaluationError):
        evaluate(zero, {}, SymbolTable())


def test_ternary_and_unary_heads_round_trip_through_packed_keys():
    prog = facts("edge", EDGES) + [
        rule(S("t", X, Y, Z), S("edge", X, Y), S("edge", Y, Z)),
        rule(S("u", Z), S("edge", X, Z)),
        rule(S("c", "k", X, 7), S("edge", X, Y))]
    assert answers(prog, "t", 3) == {(a, b, d) for a, b in EDGES for c, d in EDGES if b == c}
    assert answers(prog, "u", 1) == {(b,) for _, b in EDGES}
    assert answers(prog, "c", 3) == {("k", a, 7) for a, _ in EDGES}
