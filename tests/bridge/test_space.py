"""SymbolSpace: rows per kind, seeded growth, nearest/decode/encode/similarity."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from neurosym import KnowledgeBase
from neurosym.bridge import BridgeConfig, BridgeError, SymbolSpace, UnknownSymbolError
from neurosym.store import Store
from neurosym.terms import Atom, Struct, Var

PROGRAM = """
parent(tom, bob). parent(bob, ann). parent(ann, joe). likes(bob, pizza).
p(p). grand(X, Z) :- parent(X, Y), parent(Y, Z).
"""


def kb_space(backend="numpy", **cfg):
    kb = KnowledgeBase.from_string(PROGRAM)
    return kb, SymbolSpace.from_store(kb.store, BridgeConfig(dim=8, backend=backend, **cfg))


def brute_nearest(space, q, kind, k):
    x = space.numpy(kind).astype(np.float64)
    d = np.sqrt(((x - np.asarray(q, np.float64)) ** 2).sum(1))
    order = np.argsort(d, kind="stable")[:k]
    return [(space.symbol(int(r), kind), math.exp(-d[r] / (2 * space.width() ** 2)))
            for r in order]


def test_kinds_are_kept_apart():
    kb, sp = kb_space()
    assert set(sp.names("predicate")) == {"parent", "likes", "p", "grand"}
    assert set(sp.names("constant")) == {"tom", "bob", "ann", "joe", "pizza", "p"}
    # `p` is both: two independent rows
    assert sp.has("p", "constant") and sp.has("p", "predicate")
    assert not torch.equal(sp.vector("p", "constant"), sp.vector("p", "predicate"))
    assert not sp.has("parent", "constant")
    assert sp.kind_of("parent") == "predicate" and sp.kind_of("p") == "constant"
    assert sp.symbols is kb.symbols


def test_same_seed_same_numbers_other_seed_other_numbers():
    _, a = kb_space(seed=3)
    _, b = kb_space(seed=3)
    _, c = kb_space(seed=4)
    for kind in ("constant", "predicate"):
        assert torch.equal(a.vectors(kind), b.vectors(kind))
        assert not torch.equal(a.vectors(kind), c.vectors(kind))
    # default init: N(0, 1/dim), so norms are about 1
    norms = a.vectors("constant").norm(dim=1)
    assert 0.3 < float(norms.mean()) < 2.0


def test_growth_in_steps_gives_the_same_rows_as_at_once():
    st1, st2 = Store(), Store()
    rows = np.arange(0, 6000).reshape(-1, 2) % 5000
    st1.symbols.intern_many([f"c{i}" for i in range(5000)])
    st2.symbols.intern_many([f"c{i}" for i in range(5000)])
    st1.add_facts("r", 2, rows)
    once = SymbolSpace.from_store(st1, BridgeConfig(dim=4))
    grown = SymbolSpace(st2.symbols, BridgeConfig(dim=4))
    for s in range(0, len(rows), 700):
        st2.add_facts("r", 2, rows[s:s + 700])
        grown.sync(st2)
    assert once.names() == grown.names()
    assert torch.equal(once.vectors(), grown.vectors())


def test_sync_adds_rows_for_new_symbols_only():
    kb, sp = kb_space()
    n, g = sp.count("constant"), sp.generation
    assert sp.sync(kb.store) == 0 and sp.generation == g
    kb.add("parent(joe, zoe).")
    kb.add("sibling(ann, amy).")
    assert sp.sync(kb.store) == 3
    assert sp.count("constant") == n + 2 and sp.has("sibling", "predicate")
    assert sp.generation > g


def test_store_with_another_symbol_table_is_refused():
    _, sp = kb_space()
    with pytest.raises(BridgeError, match="another symbol table"):
        sp.sync(Store())


def test_nearest_and_decode_match_brute_force(backend):
    kb, sp = kb_space(backend)
    rng = np.random.default_rng(0)
    for _ in range(5):
        q = rng.standard_normal(8).astype(np.float32) * 0.3
        got = sp.nearest(q, 4, kind="constant")
        ref = brute_nearest(sp, q, "constant", 4)
        assert [s for s, _ in got] == [s for s, _ in ref]
        assert np.allclose([x for _, x in got], [x for _, x in ref], atol=1e-5)
        assert sp.decode(q) == got[0][:1] + (pytest.approx(got[0][1]),)
    for name in ["tom", "pizza", "p"]:
        sym, score = sp.decode(sp.vector(name, "constant"))
        assert sym is Atom(name) and score == pytest.approx(1.0, abs=1e-3)
    assert sp.decode(sp.vector("likes"), "predicate")[0] is Atom("likes")


def test_nearest_of_a_symbol(backend):
    _, sp = kb_space(backend)
    hits = sp.nearest("bob", 3)
    assert hits[0][0] is Atom("bob") and hits[0][1] == pytest.approx(1.0, abs=1e-3)
    others = sp.nearest("bob", 3, include_self=False)
    assert Atom("bob") not in [s for s, _ in others] and len(others) == 3
    assert [s for s, _ in others] == [s for s, _ in sp.nearest("bob", 4)[1:]]
    assert {s for s, _ in sp.nearest("parent", 10)} == {Atom(n) for n in
                                                          ["parent", "likes", "p", "grand"]}
    assert len(sp.nearest("bob", 100)) == sp.count("constant")


def test_search_is_batched_nearest(backend):
    _, sp = kb_space(backend)
    q = sp.vectors("constant")[:3]
    scores, ids = sp.search(q, 2)
    assert scores.shape == ids.shape == (3, 2)
    assert ids[:, 0].tolist() == sp.symbol_ids()[:3].tolist()
    assert (scores[:, 0] >= scores[:, 1]).all()


def test_similarity_is_the_ntp_rbf_kernel_on_plain_l2():
    _, sp = kb_space(mu=0.5)
    u, v = sp.vector("tom"), sp.vector("ann")
    d = float(torch.linalg.norm(u - v))
    assert sp.similarity("tom", "ann") == pytest.approx(math.exp(-d / (2 * 0.25)), rel=1e-6)
    assert sp.similarity("tom", "tom") == pytest.approx(1.0)
    assert sp.similarity(u.numpy(), "ann") == pytest.approx(sp.similarity("tom", "ann"))


def test_cosine_option(backend):
    _, sp = kb_space(backend, kernel="cosine")
    u, v = sp.vector("tom"), sp.vector("ann")
    cos = float(u @ v / (u.norm() * v.norm()))
    assert sp.similarity("tom", "ann") == pytest.approx(cos, abs=1e-6)
    hits = sp.nearest(u * 7.0, 3)                  # scale does not matter under cosine
    assert hits[0][0] is Atom("tom") and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    x = sp.numpy()
    cosines = x @ u.numpy() / (np.linalg.norm(x, axis=1) * float(u.norm()))
    assert [s for s, _ in hits] == [sp.symbol(int(r)) for r in np.argsort(-cosines)[:3]]
    assert np.allclose([c for _, c in hits], np.sort(cosines)[::-1][:3], atol=1e-5)


def test_encode_atoms_and_ground_facts():
    _, sp = kb_space()
    assert torch.equal(sp.encode(Atom("tom")), sp.vector("tom", "constant"))
    assert torch.equal(sp.encode("likes", kind="predicate"), sp.vector("likes", "predicate"))
    fact = Struct(Atom("parent"), (Atom("tom"), Atom("bob")))
    v = sp.encode(fact)
    assert v.shape == (24,)
    assert torch.equal(v, torch.cat([sp.vector("parent", "predicate"), sp.vector("tom"),
                                     sp.vector("bob")]))
    # p(p): the predicate row, then the constant row
    pp = sp.encode(Struct(Atom("p"), (Atom("p"),)))
    assert torch.equal(pp[:8], sp.vector("p", "predicate"))
    assert torch.equal(pp[8:], sp.vector("p", "constant"))
    with pytest.raises(BridgeError, match="variable, not an atom"):
        sp.encode(Struct(Atom("parent"), (Atom("tom"), Var())))
    with pytest.raises(BridgeError, match="int, not an atom"):
        sp.encode(Struct(Atom("parent"), (Atom("tom"), 3)))
    with pytest.raises(UnknownSymbolError, match="no predicate vector for symbol 'nope'"):
        sp.encode(Struct(Atom("nope"), (Atom("tom"),)))


def test_unknown_symbols_and_bad_inputs():
    _, sp = kb_space()
    with pytest.raises(UnknownSymbolError, match="'zed'"):
        sp.nearest("zed")
    with pytest.raises(UnknownSymbolError):
        sp.vector("parent", "constant")
    with pytest.raises(KeyError):                  # also a KeyError
        sp.row("zed")
    with pytest.raises(BridgeError, match="dimension 8"):
        sp.nearest(np.zeros(5))
    with pytest.raises(BridgeError, match="unknown kind"):
        sp.count("relation")
    with pytest.raises(BridgeError, match="finite"):
        sp.set_vectors(["tom"], np.full((1, 8), np.nan))


def test_set_vectors_reports_unknown_names():
    _, sp = kb_space()
    vals = np.arange(24, dtype=np.float32).reshape(3, 8)
    rep = sp.set_vectors(["tom", "nobody", Atom("ann")], vals)
    assert rep.set == 2 and rep.unknown == ["nobody"] and rep.added == 0
    assert rep.not_covered == sp.count("constant") - 2
    assert sp.vector("tom").tolist() == vals[0].tolist()
    assert sp.vector("ann").tolist() == vals[2].tolist()
    rep = sp.set_vectors(["nobody"], vals[1:2], add_unknown=True)
    assert rep.added == 1 and rep.unknown == [] and sp.vector("nobody").tolist() == vals[1].tolist()
    with pytest.raises(BridgeError, match=r"\(2, 8\)"):
        sp.set_vectors(["tom", "ann"], vals)


def test_set_matrix_and_decode_follow_new_vectors(backend):
    _, sp = kb_space(backend)
    x = np.eye(8, dtype=np.float32)[:sp.count("constant")] * 3
    sp.set_matrix(x)
    assert sp.decode(x[2] + 0.1)[0] is sp.symbol(2)
    with pytest.raises(BridgeError):
        sp.set_matrix(x[:2])


def test_index_is_reused_extended_or_rebuilt_by_generation(backend):
    kb, sp = kb_space(backend)
    idx = sp.index("constant")
    assert sp.index("constant") is idx                 # nothing changed: same index
    kb.add("parent(joe, zoe).")
    sp.sync(kb.store)
    assert sp.index("constant") is idx and len(idx) == sp.count()   # appended in place
    assert sp.decode(sp.vector("zoe"))[0] is Atom("zoe")
    sp.set_vectors(["zoe"], np.ones((1, 8)))
    idx2 = sp.index("constant")
    assert idx2 is not idx                             # vectors changed: rebuilt
    assert sp.decode(np.ones(8))[0] is Atom("zoe")
    assert sp.index("predicate") is sp.index("predicate")


def test_in_place_edits_of_the_tensor_are_seen(backend):
    _, sp = kb_space(backend)
    g = sp.generation
    before = sp.index()
    with torch.no_grad():
        sp.vectors()[sp.row("ann")] = 5.0              # e.g. an optimiser step
    assert sp.generation > g
    assert sp.index() is not before
    assert sp.decode(np.full(8, 5.0))[0] is Atom("ann")
    g = sp.generation
    sp.mark_changed("constant")
    assert sp.generation > g


def test_add_explicit_symbols_in_given_order():
    sp = SymbolSpace(config=BridgeConfig(dim=4))
    rows = sp.add(["x", "y", "x", "z"], "constant")
    assert rows == [0, 1, 0, 2] and sp.names() == ["x", "y", "z"]
    assert sp.count("predicate") == 0
    with pytest.raises(BridgeError, match="no constant rows"):
        SymbolSpace(config=BridgeConfig(dim=4)).decode(np.zeros(4))


def test_auto_index_turns_approximate_when_the_space_grows():
    sp = SymbolSpace(config=BridgeConfig(dim=8, approx_threshold=300))
    sp.add([f"s{i}" for i in range(299)])
    assert sp.index().index_type == "flat"
    sp.add(["s299", "s300"])
    idx = sp.index()
    assert idx.index_type == "hnsw" and len(idx) == 301
    assert sp.decode(sp.vector("s300"))[0] is Atom("s300")
    numpy_sp = SymbolSpace(config=BridgeConfig(dim=8, approx_threshold=1, backend="numpy"))
    numpy_sp.add(["a", "b"])
    assert numpy_sp.index().index_type == "flat"


def test_missing_faiss_is_reported_not_swapped(monkeypatch):
    import sys

    from neurosym.bridge import BackendUnavailableError
    from neurosym.errors import ConfigError

    _, sp = kb_space("faiss")
    monkeypatch.setitem(sys.modules, "faiss", None)
    with pytest.raises(BackendUnavailableError, match="faiss") as e:
        sp.nearest("bob")
    assert isinstance(e.value, ConfigError)
    monkeypatch.undo()
    assert sp.nearest("bob", 1)[0][0] is Atom("bob")      # works again once faiss is back


def test_set_vectors_refuses_a_name_twice():
    _, sp = kb_space()
    with pytest.raises(BridgeError, match="twice"):
        sp.set_vectors(["tom", Atom("tom")], np.zeros((2, 8)))


# -- real vectors, coverage, the calibrated width, query vocabulary -------------------

def simpsons_space(**cfg):
    kb = KnowledgeBase.from_string("fatherOf(abe, homer). fatherOf(homer, bart).\n"
                                   "likes(bart, skating). grandpaOf(abe, bart).")
    return kb, SymbolSpace.from_store(kb.store, BridgeConfig(dim=4, backend="numpy", **cfg))


def test_real_rows_are_the_given_or_changed_ones():
    kb, sp = simpsons_space()
    assert not sp.real("constant").any() and not sp.real("predicate").any()
    assert sp.coverage().real == 0 and "none of the" in sp.coverage().note()
    assert sp.width() == pytest.approx(1 / math.sqrt(2))        # nothing to calibrate from
    sp.set_vectors(["abe", "homer"], np.array([[1.0, 0, 0, 0], [0, 2.0, 0, 0]]))
    assert sp.has_vector("abe") and not sp.has_vector("bart")
    with torch.no_grad():                    # learned in place, as an optimiser step does
        sp.vectors("predicate")[sp.row("fatherOf", "predicate")] += 0.5
    assert sp.has_vector("fatherOf", "predicate") and not sp.has_vector("likes", "predicate")
    cov = sp.coverage()
    assert (cov.real, cov.real_constants, cov.real_predicates) == (3, 2, 1)
    assert cov.note().startswith("3 of ") and "only they take part in soft matches" in cov.note()


def test_the_width_is_calibrated_from_real_vectors_unless_mu_is_set():
    kb, sp = simpsons_space()
    sp.set_vectors(["abe", "homer", "bart"], np.array([[0.0, 0, 0, 0], [3, 0, 0, 0],
                                                       [0, 4, 0, 0]]))
    assert sp.width() == pytest.approx(math.sqrt(4 / (2 * math.log(4))))   # median distance 4
    assert sp.similarity("abe", "bart") == pytest.approx(0.25)
    sp.set_vectors(["abe", "homer", "bart"], 10 * np.array([[0.0, 0, 0, 0], [3, 0, 0, 0],
                                                            [0, 4, 0, 0]]))
    assert sp.similarity("abe", "bart") == pytest.approx(0.25)           # scale-free
    _, fixed = simpsons_space(mu=0.5)
    fixed.set_vectors(["abe", "bart"], np.array([[0.0, 0, 0, 0], [0, 4, 0, 0]]))
    assert fixed.width() == 0.5 and fixed.similarity("abe", "bart") == pytest.approx(math.exp(-8))


def test_a_word2vec_file_for_every_kind_with_query_vocabulary(tmp_path):
    kb, sp = simpsons_space()
    f = tmp_path / "w.vec"
    f.write_text("grandpaOf 1 0 0 0\nabe 0 1 0 0\nabraham 0 1 0.1 0\nfatherOf 0 0 1 0\n")
    report = sp.load_vectors(f, kind=None)
    assert report.kind == "any" and report.vocabulary == ["abraham"] and report.set == 4
    assert sp.has_vector("abraham") and not sp.has("abraham", "predicate")
    assert sp.has_vector("grandpaOf", "predicate") and sp.has_vector("abe")
    np.testing.assert_allclose(sp.vector("abraham").numpy(), [0, 1, 0.1, 0])
    with pytest.raises(Exception, match="no names"):
        sp.load_vectors(tmp_path / "m.npy", kind=None)


def test_real_rows_kept_up_to_date_equal_a_full_comparison():
    kb = KnowledgeBase.from_string("".join(f"p(a{i}, b{i}).\n" for i in range(5000)))
    sp = SymbolSpace.from_store(kb.store, BridgeConfig(dim=4, backend="numpy"))
    assert not sp.real("constant").any()
    rows = [5, 4100, 9999]                                # rows in three seeding blocks
    sp.set_vectors([sp.symbol(r) for r in rows], np.ones((3, 4)))
    start = sp.vectors("constant")[7000].clone()            # a row set to its own start
    sp.set_vectors([sp.symbol(7000)], start[None, :].numpy())
    kb.add("p(zz, yy).")
    sp.sync(kb.store)                                       # appended rows start seeded
    with torch.no_grad():
        sp.vectors("constant")[3] += 1                      # learned in place
    kept = sp.real("constant").copy()
    fresh = SymbolSpace.from_store(kb.store, BridgeConfig(dim=4, backend="numpy"))
    fresh.set_matrix(sp.numpy("constant"), "constant")      # compared row by row
    assert (kept == fresh.real("constant")).all()
    assert sorted(np.flatnonzero(kept).tolist()) == [3, 5, 4100, 9999]
