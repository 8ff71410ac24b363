"""FactIndex: k nearest facts over the bound slots, against a brute-force reference."""

from __future__ import annotations

import math

import numpy as np
import pytest

from neurosym import KnowledgeBase, datasets
from neurosym.bridge import BridgeConfig, BridgeError, FactIndex, SymbolSpace, UnknownSymbolError
from neurosym.lang.parser import parse_term
from neurosym.store import Store, load_tsv
from neurosym.terms import Atom

DATA = datasets.root()      # the benchmarks shipped in the package
COUNTRIES = DATA / "countries" / "countries_S1.tsv"


def random_store(seed=0, n_const=40, n_facts=150):
    rng = np.random.default_rng(seed)
    st = Store()
    st.symbols.intern_many([f"c{i}" for i in range(n_const)])
    for name in ["r", "s", "t"]:
        st.add_facts(name, 2, rng.integers(0, n_const, (n_facts, 2)))
    st.add_facts("u", 1, rng.integers(0, n_const, (30, 1)))
    st.add_facts("w", 3, rng.integers(0, n_const, (20, 3)))
    return st


def reference(space, store, pred, args, scope, k):
    """Every candidate fact with its distance over the bound slots and its score."""
    arity = len(args)
    mu = space.width()
    out = []
    for key in store.predicates():
        if key[1] != arity or (scope == "predicate" and key[0] is not Atom(pred)):
            continue
        for row, ids in enumerate(store.columns(key).tolist()):
            d2, score = 0.0, 1.0
            pairs = [(a, ids[i]) for i, a in enumerate(args) if a is not None]
            slots = [(space.vector(a, "constant"), space.symbols[j]) for a, j in pairs]
            vecs = [(u.numpy(), space.vector(s, "constant").numpy()) for u, s in slots]
            if scope == "arity":
                vecs.append((space.vector(pred, "predicate").numpy(),
                             space.vector(key[0], "predicate").numpy()))
            for u, v in vecs:
                d = float(np.linalg.norm(u.astype(np.float64) - v))
                d2 += d * d
                score = min(score, math.exp(-d / (2 * mu * mu)))
            out.append((math.sqrt(d2), key[0], row, score))
    out.sort(key=lambda t: t[0])
    return out


@pytest.mark.parametrize("scope", ["predicate", "arity"])
def test_search_matches_brute_force(backend, scope):
    st = random_store()
    sp = SymbolSpace.from_store(st, BridgeConfig(dim=6, backend=backend))
    fi = FactIndex(sp, st)
    rng = np.random.default_rng(1)
    goals = [("r", ["c1", None]), ("s", [None, "c7"]), ("t", ["c3", "c9"]),
             ("u", ["c5"]), ("w", ["c2", None, "c4"]), ("w", [None, "c8", None])]
    goals += [("r", [f"c{rng.integers(40)}", f"c{rng.integers(40)}"]) for _ in range(4)]
    for pred, args in goals:
        hits = fi.search((pred, args), 7, scope=scope)
        ref = reference(sp, st, pred, args, scope, 7)
        assert len(hits) == 7
        assert np.allclose([h.distance for h in hits], [r[0] for r in ref[:7]], atol=1e-4)
        by_fact = {(r[1], r[2]): r for r in ref}
        for h in hits:
            r = by_fact[(h.predicate, h.row)]
            assert h.distance == pytest.approx(r[0], abs=1e-4)
            assert h.score == pytest.approx(r[3], rel=1e-5)
            assert list(st.columns(h.key)[h.row]) == [st.symbols.id_of(a) for a in h.args]
            if scope == "predicate":
                assert h.predicate is Atom(pred)


def test_bound_arguments_only_take_part(backend):
    st = random_store()
    sp = SymbolSpace.from_store(st, BridgeConfig(dim=6, backend=backend))
    fi = FactIndex(sp, st)
    hits = fi.search(parse_term("r(c1, X)")[0], 200)
    exact = [h for h in hits if h.args[0] is Atom("c1")]
    n = int((st.columns((Atom("r"), 2))[:, 0] == st.symbols.id_of("c1")).sum())
    assert n > 0 and len(exact) == n
    assert all(h.distance == pytest.approx(0, abs=1e-3) and h.score == pytest.approx(1, abs=1e-3)
               for h in hits[:n])                       # exact matches come first
    assert {h.args[0] for h in hits[:n]} == {Atom("c1")}
    free = fi.search(parse_term("r(X, Y)")[0], 3)        # nothing bound: clause order, score 1
    assert [h.row for h in free] == [0, 1, 2] and all(h.score == 1.0 for h in free)


def test_arity_scope_finds_other_predicates():
    kb = KnowledgeBase.from_string("grandpaOf(abe, homer). grandfatherOf(abe, bart).")
    sp = SymbolSpace.from_store(kb.store, BridgeConfig(dim=4, backend="numpy"))
    sp.set_vectors(["grandpaOf", "grandfatherOf"], np.array([[1, 0, 0, 0], [1, .1, 0, 0]]),
                   "predicate")
    fi = FactIndex(sp, kb.store)
    only = fi.search(parse_term("grandpaOf(abe, X)")[0], 5)
    assert [h.predicate.name for h in only] == ["grandpaOf"]
    both = fi.search(parse_term("grandpaOf(abe, X)")[0], 5, scope="arity")
    assert [h.predicate.name for h in both] == ["grandpaOf", "grandfatherOf"]
    assert both[1].score == pytest.approx(math.exp(-0.1 / (2 * sp.width() ** 2)), rel=1e-5)
    assert both[1].term() == parse_term("grandfatherOf(abe, bart)")[0]


def test_index_follows_the_store_and_the_vectors():
    kb = KnowledgeBase.from_string("p(a, b). p(c, d).")
    sp = SymbolSpace.from_store(kb.store, BridgeConfig(dim=4, backend="numpy"))
    fi = FactIndex(sp, kb.store)
    assert len(fi.search(("p", [None, None]), 10)) == 2
    kb.add("p(e, f).")
    hits = fi.search(("p", ["e", None]), 1)                # new fact and symbols picked up
    assert hits[0].args == (Atom("e"), Atom("f")) and sp.has("e")
    sp.set_vectors(["a", "c", "e"], np.array([[9, 9, 9, 9], [0, 0, 0, 0], [5, 5, 5, 5]]))
    assert fi.search(("p", ["a", None]), 1)[0].args[0] is Atom("a")
    sp.set_vectors(["c"], np.array([[9, 9, 9, 8.9]]))
    assert [h.args[0].name for h in fi.search(("p", ["a", None]), 2)] == ["a", "c"]


def test_weights_and_errors():
    kb = KnowledgeBase.from_string("0.25 :: p(a, b). p(a, c). p(x, 3).")
    sp = SymbolSpace.from_store(kb.store, BridgeConfig(dim=4, backend="numpy"))
    fi = FactIndex(sp, kb.store)
    hits = fi.search(("p", ["a", None]), 5)
    assert sorted(h.weight for h in hits) == [0.25, 1.0]     # p(x, 3) has no vectors
    with pytest.raises(BridgeError, match="neither an atom nor a variable"):
        fi.search(parse_term("p(a, 3)")[0], 1)
    with pytest.raises(UnknownSymbolError):
        fi.search(("p", ["zzz", None]), 1)
    with pytest.raises(BridgeError, match="unknown scope"):
        fi.search(("p", ["a", None]), 1, scope="all")
    assert fi.search(("nope", ["a", None]), 3) == []
    with pytest.raises(BridgeError, match="another symbol table"):
        FactIndex(sp, Store())


def test_countries_space_and_fact_index(backend):
    st = Store()
    n = load_tsv(COUNTRIES, st)
    sp = SymbolSpace.from_store(st, BridgeConfig(dim=16, backend=backend, seed=1))
    assert sp.count("predicate") == 2 and set(sp.names("predicate")) == {"locatedIn",
                                                                          "neighborOf"}
    assert sp.count("constant") == len(st.symbols) - 2
    fi = FactIndex(sp, st)
    hits = fi.search(("locatedIn", ["spain", None]), 5)
    truth = {st.symbols[int(j)].name for i, j in st.columns((Atom("locatedIn"), 2)).tolist()
             if st.symbols[i].name == "spain"}
    assert {h.args[1].name for h in hits if h.args[0].name == "spain"} == truth
    assert hits[0].score == pytest.approx(1.0, abs=1e-3)
    assert fi.search(("neighborOf", ["france", "spain"]), 1)[0].args == (Atom("france"),
                                                                         Atom("spain"))
    total = sum(len(st.columns(k)) for k in st.predicates())
    assert total == n
    assert len(fi.search(("locatedIn", [None, "europe"]), 10000, scope="arity")) == total


@pytest.mark.parametrize("scope_pred", [True, False])
def test_batched_search_agrees_with_single_searches(backend, scope_pred):
    st = random_store()
    sp = SymbolSpace.from_store(st, BridgeConfig(dim=6, backend=backend))
    fi = FactIndex(sp, st)
    names = ["c1", "c5", "c9", "c20"]
    q = np.stack([sp.vector(n).numpy() for n in names])
    pid = st.symbols.id_of("r") if scope_pred else None
    slots = (2,) if scope_pred else (0, 2)
    if not scope_pred:
        q = np.concatenate([np.tile(sp.vector("r", "predicate").numpy(), (4, 1)), q], axis=1)
    batch = fi.search_batch(2, slots, q, 6, predicate=pid)
    assert batch.distances.shape == batch.rows.shape == (4, 6)
    assert batch.args.shape == (4, 6, 2)
    for m, name in enumerate(names):
        goal = ("r", [None, name])
        hits = fi.search(goal, 6, scope="predicate" if scope_pred else "arity")
        assert np.allclose(batch.distances[m], [h.distance for h in hits], atol=1e-4)
        for j in range(6):                      # each hit is a real fact at that distance
            key = (st.symbols[int(batch.predicates[m, j])], 2)
            assert scope_pred is False or key[0] is Atom("r")
            fact = st.columns(key)[batch.rows[m, j]]
            assert fact.tolist() == batch.args[m, j].tolist()
            d = np.linalg.norm(sp.vector(st.symbols[int(fact[1])]).numpy() - sp.vector(name).numpy())
            if not scope_pred:
                d = np.hypot(d, np.linalg.norm(sp.vector(key[0], "predicate").numpy()
                                               - sp.vector("r", "predicate").numpy()))
            assert batch.distances[m, j] == pytest.approx(d, abs=1e-4)
    with pytest.raises(BridgeError, match="subset of 0..2"):
        fi.search_batch(2, (3,), q, 1)
    with pytest.raises(BridgeError, match="query matrix"):
        fi.search_batch(2, slots, q[:, :3], 1)
