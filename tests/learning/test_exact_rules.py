"""Exact rules with learned weights (neurosym.learning.exact_rules, ``exact_rules``)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from neurosym import KnowledgeBase
from neurosym.checkpoints import (
    CheckpointError,
    model_state,
    result_from_state,
)
from neurosym.config import TrainConfig
from neurosym.errors import ConfigError
from neurosym.learning import exact_rules
from neurosym.learning.exact_rules import RuleScorer, mine_bodies
from neurosym.learning.templates import parse_templates

# entities 0..6; relations: parent (0), grandparent (1), child (2), noise (3)
REL = ["parent", "grandparent", "child", "noise"]
ENT = [f"p{i}" for i in range(7)]
PARENT = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6)]
CHAIN = "1 #1(X, Y) :- #2(X, Z), #3(Z, Y).\n1 #1(X, Y) :- #2(Y, X).\n1 #1(X, Y) :- #2(X, Y).\n"


def facts(held_out=((4, 1, 6),)) -> np.ndarray:
    rows = [(a, 0, b) for a, b in PARENT] + [(b, 2, a) for a, b in PARENT]
    rows += [(a, 1, c) for (a, _), (_, c) in zip(PARENT[:-1], PARENT[1:], strict=True)]
    rows += [(0, 3, 5), (5, 3, 2), (3, 3, 1)]
    return np.asarray([r for r in rows if r not in held_out], dtype=np.int64)


def bodies_of(f, per_head=3):
    return mine_bodies(parse_templates(CHAIN), f, len(ENT), REL, per_head)


def test_bodies_are_mined_per_head_best_first():
    b = bodies_of(facts())
    # grandparent's best body is the chain of two parents; child's is parent reversed
    assert b[1][0] == ((0, False), (0, False))
    assert b[2][0] == ((0, True),)
    assert b[0][0] == ((2, True),)
    # a body that restates its head is never one of its rules
    assert all(body != ((r, False),) for r, rb in enumerate(b) for body in rb)
    assert all(len(rb) <= 3 for rb in b)


def test_longer_chains_are_not_used_they_could_prove_a_fact_from_itself():
    f = facts()
    # grandparent(X, Y) :- grandparent(X, Z), parent(Z, W), child(W, Y) proves
    # grandparent(s, o) from itself: Z = o, and W any child of o
    (three,) = parse_templates("1 #1(X, Y) :- #2(X, Z), #3(Z, W), #4(W, Y).")
    assert mine_bodies([three], f, len(ENT), REL, 3) == [[], [], [], []]


def test_a_triple_scores_the_weights_of_the_rules_that_prove_it():
    f = facts()
    sc = RuleScorer(bodies_of(f), f, len(ENT))
    with torch.no_grad():
        sc.weight.copy_(torch.arange(sc.weight.numel(), dtype=torch.float32).view_as(sc.weight))
    adj = np.zeros((4, 7, 7), bool)
    adj[f[:, 1], f[:, 0], f[:, 2]] = True

    def holds(body, s, o):               # by brute force over the chain
        ends = {s}
        for rel, rev in body:
            ends = {b for a in ends for b in range(7) if (adj[rel, b, a] if rev else adj[rel, a, b])}
        return o in ends
    s, r, o = np.meshgrid(range(7), range(4), range(7), indexing="ij")
    s, r, o = (torch.as_tensor(x.ravel()) for x in (s, r, o))
    w = sc.weight.detach()
    want = torch.tensor([sum(float(w[ri, k]) for k, body in enumerate(sc.bodies[ri])
                             if holds(body, si, oi))
                         for si, ri, oi in zip(s.tolist(), r.tolist(), o.tolist(), strict=True)])
    with torch.no_grad():
        assert torch.allclose(sc.score(s, r, o), want)
        assert torch.allclose(sc.score_objects(s, r)[torch.arange(len(o)), o], want)
        assert torch.allclose(sc.score_subjects(r, o)[torch.arange(len(s)), s], want)
    fired = torch.tensor([any(holds(body, si, oi) for body in sc.bodies[ri])
                          for si, ri, oi in zip(s.tolist(), r.tolist(), o.tolist(), strict=True)])
    assert torch.equal(sc.proves(s, r, o), fired) and 0 < int(fired.sum()) < len(fired)


def test_training_weights_the_rule_that_predicts_the_held_out_fact():
    f = facts()                            # grandparent(p4, p6) is held out
    sc = RuleScorer(bodies_of(f), f, len(ENT))
    losses = sc.fit(f, steps=200)
    assert losses[-1] < losses[0]
    chain = sc.bodies[1].index(((0, False), (0, False)))
    w = sc.weight.detach()
    assert float(w[1, chain]) == float(w[1].max()) > 0
    with torch.no_grad():
        objects = sc.score_objects(torch.tensor([4]), torch.tensor([1]))[0]
    assert int(objects.argmax()) == 6
    # deterministic: zero start, full batch
    again = RuleScorer(bodies_of(f), f, len(ENT))
    again.fit(f, steps=200)
    assert torch.equal(again.weight, sc.weight)


def test_explain_lists_the_proving_rules_with_their_facts():
    f = facts()
    sc = RuleScorer(bodies_of(f), f, len(ENT))
    sc.fit(f, steps=100)
    proofs = sc.explain(4, 1, 6, ENT, REL)
    assert proofs and proofs[0][1] == "grandparent(X, Y) :- parent(X, Z), parent(Z, Y)."
    assert proofs[0][2] == ["parent(p4, p5)", "parent(p5, p6)"]
    assert [w for w, _, _ in proofs] == sorted((w for w, _, _ in proofs), reverse=True)
    facts_text = {f"{REL[r]}({ENT[a]}, {ENT[b]})" for a, r, b in f}
    assert all(x in facts_text for _, _, fs in proofs for x in fs)
    assert sc.explain(6, 1, 0, ENT, REL) == []          # nothing proves it


def test_rule_text_writes_reversed_steps_and_quotes_names():
    f = facts()
    sc = RuleScorer([[((1, True), (0, False))], [], [], []], f, len(ENT))
    assert sc.rule_text(0, 0, ["Parent", "grand parent", "c", "n"]) == \
        "'Parent'(X, Y) :- 'grand parent'(Z, X), 'Parent'(Z, Y)."


def test_too_many_dense_features_is_a_config_error(monkeypatch):
    monkeypatch.setattr(exact_rules, "_MAX_CELLS", 100)
    f = facts()
    with pytest.raises(ConfigError, match="dense feature cells"):
        RuleScorer(bodies_of(f), f, len(ENT), sparse=False)


# -- in the trained model -----------------------------------------------------------

def family_kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.load_string("".join(f"{REL[r]}({ENT[a]}, {ENT[b]}).\n" for a, r, b in facts()))
    return kb


CONFIG = TrainConfig().updated(dim=8, epochs=1, batch_size=8, k=3, lr=0.05, exact_rules=3,
                               exact_weight=0.5, link_weight=1.0, proof_weight=0.25)


def test_the_model_ranks_with_the_exact_rules_and_checkpoints_them(tmp_path):
    kb = family_kb()
    res = kb.train(CHAIN, CONFIG, out=tmp_path / "ck")
    m = res.model
    assert m.rule_scorer is not None
    rules = res.exact_rules()
    assert [r.weight for r in rules] == sorted((r.weight for r in rules), reverse=True)
    assert "grandparent(X, Y) :- parent(X, Z), parent(Z, Y)." in {r.text for r in rules}
    proofs = res.explain("p4", "grandparent", "p6")
    assert proofs[0].facts == ["parent(p4, p5)", "parent(p5, p6)"]
    with pytest.raises(ConfigError, match="not a relation"):
        res.explain("p4", "cousin", "p6")
    s = torch.arange(7)
    r = torch.full((7,), res.relations.index("grandparent"))
    o = torch.roll(s, -2)
    with torch.no_grad():
        ids = [res.entities.index(e) for e in ENT]
        s, o = torch.tensor(ids)[s], torch.tensor(ids)[o]
        aux = m.aux.score(s, r, o).double()
        ex = m.rule_scorer.score(s, r, o).double()
        proof = m.prover.prove(s, r, o).double()
        want = 0.25 * proof + torch.sigmoid(aux + 0.5 * ex)
        assert torch.allclose(m.score(s, r, o), want)
        # proof_weight 0: the link logit alone
        m.config = m.config.updated(proof_weight=0.0)
        assert torch.allclose(m.score(s, r, o), aux + 0.5 * ex)
        objs = m.score_objects(s, r)
        assert torch.allclose(objs[torch.arange(7), o], aux + 0.5 * ex)
        # ... and the proofs it leaves out are not searched for
        def no_search(*a, **k):
            raise AssertionError("searched for proofs")
        m.prover.prove, m.prover._goal_vec = no_search, no_search
        assert torch.allclose(m.score(s, r, o), aux + 0.5 * ex)
        subjects = m.score_subjects(r, o)
        assert torch.allclose(subjects[torch.arange(7), s], aux + 0.5 * ex)
        del m.prover.prove, m.prover._goal_vec
        m.config = CONFIG
    back = KnowledgeBase.load(tmp_path / "ck").trained()
    assert back.model.rule_scorer.bodies == m.rule_scorer.bodies
    assert torch.equal(back.model.score(s, r, o), m.score(s, r, o))
    state = model_state(res)
    del state["exact_weight"]
    with pytest.raises(CheckpointError, match="exact rules"):
        result_from_state(state)
    state = model_state(res)
    state["exact_bodies"][0, 0, 0, 0] = 99
    with pytest.raises(CheckpointError, match="names no relation"):
        result_from_state(state)
    state = model_state(res)
    state["exact_weight"] = state["exact_weight"][:, :1]
    with pytest.raises(CheckpointError, match="exact_weight has shape"):
        result_from_state(state)


# -- sparse features: the same rules, scores and weights past the dense limit -------

def random_graph(seed: int, n: int = 30, n_rel: int = 4, m: int = 120) -> np.ndarray:
    rng = np.random.default_rng(seed)
    f = np.stack([rng.integers(0, n, m), rng.integers(0, n_rel, m), rng.integers(0, n, m)], 1)
    r0, r1 = f[f[:, 1] == 0], f[f[:, 1] == 1]
    comp = [(a, 3, c) for a, _, b in r0 for b2, _, c in r1 if b == b2]   # r3 = r0 . r1
    return np.unique(np.concatenate([f, np.asarray(comp, np.int64).reshape(-1, 3)]), axis=0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sparse_features_give_the_dense_rules_scores_and_weights(seed):
    import scipy  # noqa: F401  (the dev extra installs it)
    f, n, rel = random_graph(seed), 30, [f"r{i}" for i in range(4)]
    tpls = parse_templates(CHAIN)
    bodies = mine_bodies(tpls, f, n, rel, 3, sparse=False)
    assert mine_bodies(tpls, f, n, rel, 3, sparse=True) == bodies
    assert sum(map(len, bodies)) > 4
    dense, sparse = RuleScorer(bodies, f, n, sparse=False), RuleScorer(bodies, f, n, sparse=True)
    assert not hasattr(sparse, "features")
    ld, ls = dense.fit(f, steps=30), sparse.fit(f, steps=30)
    assert np.allclose(ld, ls, rtol=1e-4, atol=1e-5) and ls[-1] < ls[0]
    assert torch.allclose(dense.weight, sparse.weight, atol=1e-4)
    s, r, o = (torch.as_tensor(x.ravel()) for x in np.meshgrid(range(n), range(4), range(n),
                                                                indexing="ij"))
    with torch.no_grad():
        assert torch.allclose(dense.score(s, r, o), sparse.score(s, r, o), atol=1e-4)
        assert torch.equal(dense.proves(s, r, o), sparse.proves(s, r, o))
        q = torch.arange(0, len(s), 7)
        assert torch.allclose(dense.score_objects(s[q], r[q]), sparse.score_objects(s[q], r[q]),
                              atol=1e-4)
        assert torch.allclose(dense.score_subjects(r[q], o[q]),
                              sparse.score_subjects(r[q], o[q]), atol=1e-4)
    fired = [(a, b, c) for a, b, c in f if dense.proves([a], [b], [c])[0]]
    assert fired
    ents = [f"e{i}" for i in range(n)]
    for a, b, c in fired[:10]:
        got, want = sparse.explain(a, b, c, ents, rel), dense.explain(a, b, c, ents, rel)
        assert sorted(x[1:] for x in got) == sorted(x[1:] for x in want)
        assert np.allclose(sorted(x[0] for x in got), sorted(x[0] for x in want), atol=1e-4)


def test_past_the_dense_limit_the_features_are_sparse(monkeypatch):
    import scipy  # noqa: F401
    f = facts()
    want = RuleScorer(bodies_of(f), f, len(ENT))
    want.fit(f, steps=50)
    monkeypatch.setattr(exact_rules, "_MAX_CELLS", 100)
    from neurosym.learning import mining
    monkeypatch.setattr(mining, "_MAX_CELLS", 100)      # mining goes sparse too
    sc = RuleScorer(bodies_of(f), f, len(ENT))
    assert sc._sparse is not None
    sc.fit(f, steps=50)
    assert torch.allclose(sc.weight, want.weight, atol=1e-4)
    got, proofs = sc.explain(4, 1, 6, ENT, REL), want.explain(4, 1, 6, ENT, REL)
    assert proofs and [x[1:] for x in got] == [x[1:] for x in proofs]
