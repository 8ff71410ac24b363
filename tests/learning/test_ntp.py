"""The differentiable prover: kernel semantics, masking, rules, negatives."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from neurosym.config import TrainConfig
from neurosym.errors import ConfigError
from neurosym.learning.evaluate import LinkScorer
from neurosym.learning.ntp import NTPModel
from neurosym.learning.retrieval import FactRetriever
from neurosym.learning.templates import parse_templates
from neurosym.learning.train import corrupt, corrupt_relations

# entities a b c d; relations r (0), q (1)
FACTS = np.array([[0, 0, 1], [1, 0, 2], [2, 1, 3]])
TRANS = parse_templates("1 #1(X, Y) :- #2(X, Z), #2(Z, Y).")


def model(templates=TRANS, **kw) -> NTPModel:
    cfg = TrainConfig().updated(dim=8, k=3, aux="none", **kw)
    m = NTPModel(4, 2, FACTS, templates, ["r", "q"], cfg)
    with torch.no_grad():     # well-separated vectors: unrelated symbols score ~0
        m.prover.entity.copy_(torch.eye(4, 8) * 20)
        m.prover.relation.copy_(torch.eye(8)[4:6] * 20)
    m.prover.rebuild_index()
    return m


def point_placeholders_at(m: NTPModel, rel: int, offset: float = 0.0) -> None:
    """Every placeholder of ``m`` becomes relation ``rel``'s vector (plus ``offset``)."""
    with torch.no_grad():
        if m.config.prover.rules == "attention":  # one logit per relation: all weight on ``rel``
            logits = torch.full_like(m.prover.rule_params, -50.0)
            logits[:, rel] = 50.0
            m.prover.rule_params.copy_(logits)
            m.prover.relation[rel] += offset
        else:
            p = m.prover
            p.rule_params.copy_(p.relation[rel].expand(len(p.rule_params), -1) + offset)
    m.prover.rebuild_index()


MODES = pytest.mark.parametrize("rules", ["attention", "free"])


def ids(*xs):
    return [torch.tensor(x) for x in zip(*xs, strict=True)]


def test_it_is_a_link_scorer():
    assert isinstance(model(), LinkScorer)


def test_a_fact_proves_itself_with_score_one_and_other_triples_score_near_zero():
    m = model(depth=0)
    s = m.score(*ids((0, 0, 1), (0, 0, 2), (2, 1, 3), (0, 1, 1))).tolist()
    assert s[0] == pytest.approx(1.0, abs=1e-4) and s[2] == pytest.approx(1.0, abs=1e-4)
    assert s[1] < 1e-3 and s[3] < 1e-3


def test_the_kernel_is_rbf_on_the_plain_l2_distance():
    m = model(depth=0, mu=1.0)
    with torch.no_grad():
        entity = m.prover.entity
        entity[1] = entity[0] + torch.tensor([0.3, 0.4] + [0.0] * 6)   # |u - v| = 0.5
    m.prover.rebuild_index()
    # r(a, a): nearest fact r(a, b), whose object differs by 0.5 -> exp(-0.5 / 2)
    got = float(m.score(*ids((0, 0, 0)))[0])
    assert got == pytest.approx(np.exp(-0.5 / 2), rel=1e-4)


@MODES
def test_a_rule_proves_what_no_fact_does_and_depth_limits_it(rules):
    m = model(depth=1, rules=rules)
    point_placeholders_at(m, 0)       # the rule copy's placeholders are both ``r``
    # r(a, c) follows from r(a, b), r(b, c)
    assert float(m.score(*ids((0, 0, 2)))[0]) == pytest.approx(1.0, abs=1e-4)
    assert float(m.prover.prove(*ids((0, 0, 2)), depth=0).detach()[0]) < 1e-3


def test_the_training_fact_is_masked_from_its_own_proof():
    m = model(depth=0)
    m.prover.mask_facts = True
    q = ids((0, 0, 1))
    prove = m.prover.prove
    assert float(prove(*q, excl=torch.tensor([0])).detach()[0]) < 1e-3      # r(a, b) hidden
    assert float(prove(*q, excl=torch.tensor([1])).detach()[0]) == pytest.approx(1.0, abs=1e-4)
    m.prover.mask_facts = False
    assert float(prove(*q, excl=torch.tensor([0])).detach()[0]) == pytest.approx(1.0, abs=1e-4)
    # score() (evaluation) never masks
    m.prover.mask_facts = True
    assert float(m.score(*q)[0]) == pytest.approx(1.0, abs=1e-4)


@MODES
def test_masking_reaches_the_facts_inside_a_rule_proof(rules):
    m = model(depth=1, rules=rules)
    point_placeholders_at(m, 0)
    m.prover.mask_facts = True
    # r(a, c) through r(a, b), r(b, c): hiding r(b, c) (row 1) breaks the proof
    assert float(m.prover.prove(*ids((0, 0, 2)), excl=torch.tensor([1])).detach()[0]) < 1e-3


def test_gradients_reach_every_vector_in_the_best_proof():
    m = model(depth=1, rules="free")
    point_placeholders_at(m, 0, offset=0.1)
    m.prover.prove(*ids((0, 0, 2))).sum().backward()
    assert m.prover.rule_params.grad.abs().sum() > 0
    assert m.prover.relation.grad.abs().sum() > 0


def test_attention_placeholders_are_mixes_of_the_relations_and_learn_which():
    m = model(depth=1)
    assert m.prover.rule_params.shape == (2, 2)            # one logit per relation
    with torch.no_grad():
        m.prover.rule_params.copy_(torch.tensor([[1.0, 0.0], [0.0, 3.0]]))
    w = torch.softmax(m.prover.rule_params.detach(), dim=1)
    assert torch.allclose(m.prover.placeholder_vectors().detach(), w @ m.prover.relation.detach())
    # the gradient of a proof reaches the weakest step's logits of every relation
    with torch.no_grad():
        m.prover.relation.copy_(torch.eye(8)[4:6])        # near enough to pass gradient
    m.prover.rebuild_index()
    m.prover.prove(*ids((0, 0, 2))).sum().backward()
    assert (m.prover.rule_params.grad.abs() > 1e-6).all(dim=1).any()


def test_templates_must_be_binary_and_name_known_predicates():
    with pytest.raises(ConfigError, match="binary"):
        model(parse_templates("1 #1(X, Y) :- #2(X, Z, Y)."))
    with pytest.raises(ConfigError, match="nope/2"):
        model(parse_templates("1 #1(X, Y) :- nope(X, Y)."))


def test_copies_get_their_own_placeholder_vectors():
    m = model(parse_templates("3 #1(X, Y) :- #2(X, Z), #2(Z, Y).\nr(X, Y) :- #1(Y, X).\n"
                              "r(X, Y) :- #1(Y, X)."))
    assert m.prover.rule_params.shape == (3 * 2 + 2 * 1, 2)   # a logit per relation
    free = model(parse_templates("3 #1(X, Y) :- #2(X, Z), #2(Z, Y)."), rules="free")
    assert free.prover.rule_params.shape == (3 * 2, 8)                # a vector of its own
    assert len(m.prover.rules) == 5
    assert m.prover.rules[3].head[0] == ("rel", 0)


def test_retriever_finds_the_nearest_facts_by_the_bound_slots():
    m = model()
    r = FactRetriever(FACTS, 8)
    r.rebuild(m.prover.entity, m.prover.relation)
    q = torch.cat([m.prover.relation[0], m.prover.entity[1]]).detach()[None, :].numpy()  # r(b, _)
    rows = r.search((0, 1), q, 2)
    assert rows[0, 0] == 1
    assert r.search((0, 1, 2), q[:, :0].repeat(0, 0), 3).shape == (0, 3)


def test_corruption_changes_only_the_chosen_side():
    pos = torch.tensor([[0, 0, 1], [1, 0, 2], [2, 1, 3]])
    g = torch.Generator().manual_seed(0)
    sub = corrupt(pos, 4, 50, "subject", g)
    assert sub.shape == (12, 3)
    assert (sub[:, 1:] == pos.repeat_interleave(4, 0)[:, 1:]).all()
    obj = corrupt(pos, 4, 50, "object", g)
    assert (obj[:, :2] == pos.repeat_interleave(4, 0)[:, :2]).all()
    both = corrupt(pos, 2, 50, "both", g)
    rep = pos.repeat_interleave(2, 0)
    assert (both[0::2, 1:] == rep[0::2, 1:]).all() and (both[1::2, :2] == rep[1::2, :2]).all()
    one = corrupt(pos, 1, 50, "both", torch.Generator().manual_seed(3))
    kept_s = (one[:, 0] == pos[:, 0])
    kept_o = (one[:, 2] == pos[:, 2])
    assert (kept_s | kept_o).all()


def test_corruption_is_seeded():
    pos = torch.tensor([[0, 0, 1]] * 20)
    a = corrupt(pos, 3, 1000, "both", torch.Generator().manual_seed(7))
    b = corrupt(pos, 3, 1000, "both", torch.Generator().manual_seed(7))
    c = corrupt(pos, 3, 1000, "both", torch.Generator().manual_seed(8))
    assert torch.equal(a, b) and not torch.equal(a, c)
    with pytest.raises(ConfigError):
        corrupt(pos, 1, 10, "middle", torch.Generator())


def test_relation_corruption_picks_another_relation():
    pos = torch.tensor([[0, 0, 1], [1, 2, 2], [2, 4, 3]] * 20)
    neg = corrupt_relations(pos, 3, 5, torch.Generator().manual_seed(0))
    rep = pos.repeat_interleave(3, 0)
    assert neg.shape == (180, 3)
    assert (neg[:, [0, 2]] == rep[:, [0, 2]]).all() and (neg[:, 1] != rep[:, 1]).all()
    assert set(neg[:, 1].tolist()) == {0, 1, 2, 3, 4}
    again = corrupt_relations(pos, 3, 5, torch.Generator().manual_seed(0))
    assert torch.equal(neg, again)
    assert corrupt_relations(pos, 3, 1, torch.Generator()).shape == (0, 3)


def test_depth_two_nests_rule_applications():
    chain = np.array([[0, 0, 1], [1, 0, 2], [2, 0, 3]])        # r(a, b), r(b, c), r(c, d)
    m = NTPModel(4, 2, chain, TRANS, ["r", "q"], TrainConfig().updated(dim=8, k=3, aux="none"))
    with torch.no_grad():
        m.prover.entity.copy_(torch.eye(4, 8) * 20)
        m.prover.relation.copy_(torch.eye(8)[4:6] * 20)
    point_placeholders_at(m, 0)
    q = ids((0, 0, 3))                                           # r(a, d): three hops
    assert float(m.prover.prove(*q, depth=1).detach()[0]) < 1e-3
    assert float(m.prover.prove(*q, depth=2).detach()[0]) == pytest.approx(1.0, abs=1e-4)


def test_ties_in_the_proof_score_are_broken_by_the_link_predictor_and_nothing_else():
    cfg = TrainConfig().updated(dim=8, k=3, aux="complex", depth=0)
    m = NTPModel(4, 2, FACTS, TRANS, ["r", "q"], cfg)
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():     # separated, plus noise so that ComplEx tells them apart
        m.prover.entity.copy_(torch.eye(4, 8) * 20 + torch.randn(4, 8, generator=g))
        m.prover.relation.copy_(torch.eye(8)[4:6] * 20 + torch.randn(2, 8, generator=g))
    m.prover.rebuild_index()
    # r(a, c) and r(a, d) have no proof: both prove ~0.0; r(a, b) is a fact
    q = ids((0, 0, 1), (0, 0, 2), (0, 0, 3))
    proof = m.prover.prove(*q).detach()
    assert float(proof[1]) < 1e-6 and float(proof[2]) < 1e-6 and proof[0] > 0.99
    for logits in ([0.0, 1.0, -1.0], [0.0, -1.0, 1.0], [-5.0, 5.0, 4.0]):
        m.aux.score = lambda s, r, o, x=logits: torch.tensor(x)     # a stand-in predictor
        aux = torch.sigmoid(torch.tensor(logits))
        got = m.score(*q)
        assert got.dtype == torch.float64
        assert (got[1] > got[2]) == (aux[1] > aux[2])           # the tie: the link predictor
        assert got[0] > got[1] and got[0] > got[2]               # a better proof always wins
        assert float(got.max() - proof.double().max()) < 1e-4   # still the proof's scale
    m.config.blend.tie_break = "none"
    assert torch.equal(m.score(*q), proof)


@pytest.mark.parametrize("depth", [0, 1])
def test_open_goal_scores_agree_with_ground_scores_on_exact_proofs(depth):
    # r(a, b), r(b, c), q(c, d); the transitivity rule over r
    m = model(depth=depth)
    point_placeholders_at(m, 0)
    objects = m.score_objects(torch.tensor([0, 1, 2]), torch.tensor([0, 0, 1]))
    subjects = m.score_subjects(torch.tensor([0, 0, 1]), torch.tensor([1, 2, 3]))
    assert objects.shape == subjects.shape == (3, 4)
    for i, (s, r) in enumerate([(0, 0), (1, 0), (2, 1)]):
        ground = m.score(torch.full((4,), s), torch.full((4,), r), torch.arange(4))
        assert torch.allclose(objects[i], ground, atol=1e-4)
    for i, (r, o) in enumerate([(0, 1), (0, 2), (1, 3)]):
        ground = m.score(torch.arange(4), torch.full((4,), r), torch.full((4,), o))
        assert torch.allclose(subjects[i], ground, atol=1e-4)
    # r(a, c) is proven by the rule only, so only at depth 1
    assert (objects[0, 2] > 0.99) == (depth == 1)
    assert (subjects[1, 0] > 0.99) == (depth == 1)


def test_open_goals_branch_on_k_open_facts():
    star = np.array([[0, 0, o] for o in range(1, 8)])            # r(a, b) ... r(a, h)
    cfg = TrainConfig().updated(dim=16, k=2, aux="none", depth=0, k_open=2)
    m = NTPModel(8, 1, star, TRANS, ["r"], cfg)
    with torch.no_grad():
        m.prover.entity.copy_(torch.eye(8, 16) * 20)
        m.prover.relation.copy_(torch.eye(16)[8:9] * 20)
    m.prover.rebuild_index()
    assert int((m.score_objects(torch.tensor([0]), torch.tensor([0])) > 0.99).sum()) == 2
    m.config.prover.k_open = 7
    assert int((m.score_objects(torch.tensor([0]), torch.tensor([0])) > 0.99).sum()) == 7


def test_k_rules_tries_only_the_copies_whose_heads_match_best():
    two = parse_templates("2 #1(X, Y) :- #2(X, Z), #2(Z, Y).")
    m = model(two, depth=1, rules="free")
    r, q = m.prover.relation.detach()
    with torch.no_grad():     # copy 0: head exactly r, body q (no proof); copy 1: head
        m.prover.rule_params.copy_(torch.stack([r, q, r + 0.1, r]))  # near r, body r (a proof)
    m.prover.rebuild_index()
    goal = ids((0, 0, 2))                                       # r(a, c) via r(a, b), r(b, c)
    everything = float(m.score(*goal)[0])
    assert everything > 0.5
    m.config.prover.k_rules = 1                                 # copy 0 only
    assert float(m.score(*goal)[0]) < 1e-3
    m.config.prover.k_rules = 2
    assert float(m.score(*goal)[0]) == pytest.approx(everything)


def test_tie_decimals_sets_how_close_two_proofs_must_be_to_tie():
    m = NTPModel(4, 2, FACTS, TRANS, ["r", "q"], TrainConfig().updated(dim=8, k=3))
    m.prover.prove = lambda s, r, o: torch.tensor([0.91, 0.93, 0.40])    # stand-in proofs
    m.aux.score = lambda s, r, o: torch.tensor([3.0, -3.0, 9.0])         # and predictor
    q = ids((0, 0, 1), (0, 0, 2), (0, 0, 3))
    m.config.blend.tie_decimals = 2      # 0.91 < 0.93: the proofs decide
    got = m.score(*q)
    assert got[1] > got[0] > got[2]
    m.config.blend.tie_decimals = 1      # both 0.9: the link predictor decides
    got = m.score(*q)
    assert got[0] > got[1] > got[2]      # and 0.4 stays below, whatever it predicts
    m.config.blend.tie_decimals = 0      # 0.91, 0.93 round to 1, 0.4 to 0
    got = m.score(*q)
    assert got[0] > got[1] > got[2]


@pytest.mark.parametrize("aggregation", ["min", "product", "boolean"])
def test_the_prover_combines_steps_with_the_scoring_it_is_given(aggregation):
    m = model(depth=1, rules="free", aggregation=aggregation)
    point_placeholders_at(m, 0, offset=0.1)     # the rule's predicates near r, not on it
    p = m.prover
    r = p.relation[0].detach()
    k = float(p.kernel(r, r + 0.1))
    # r(a, c): the head, r(a, b) and r(b, c) each unify at k (no fact proves it)
    want = {"min": k, "product": k ** 3, "boolean": 1.0}[aggregation]
    assert 0.5 < k < 0.9
    assert float(m.score(*ids((0, 0, 2)))[0]) == pytest.approx(want, rel=1e-4)
