"""Training: Countries S1 end to end, determinism, checkpoints, the KB side."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from neurosym import KnowledgeBase, datasets
from neurosym.checkpoints import (
    CheckpointError,
    model_state,
    result_from_state,
)
from neurosym.config import TrainConfig
from neurosym.errors import ConfigError, NeurosymError
from neurosym.learning.config import OptimConfig, ProverConfig
from neurosym.learning.data import load_dataset
from neurosym.learning.evaluate import evaluate_countries
from neurosym.learning.result import decode_rules
from neurosym.learning.templates import parse_templates
from neurosym.learning.train import resolve_device, train_ntp, triples_from_store

DATA = datasets.root()      # the benchmarks shipped in the package
S1_TEMPLATES = parse_templates("3 #1(X, Y) :- #1(Y, X).\n3 #1(X, Y) :- #2(X, Z), #2(Z, Y).\n")
TRANSITIVE = "locatedIn(X, Y) :- locatedIn(X, Z), locatedIn(Z, Y)."
SMALL = """
parent(ann, bob). parent(bob, cid). parent(cid, dan). parent(dan, eve).
parent(eve, fay). parent(fay, gus). parent(gus, hal).
ancestor(ann, bob). ancestor(bob, cid). ancestor(ann, cid). ancestor(bob, dan).
ancestor(cid, eve). ancestor(dan, fay). ancestor(cid, dan).
"""
SMALL_TEMPLATES = "2 #1(X, Y) :- #2(X, Z), #3(Z, Y).\n1 #1(X, Y) :- #2(X, Y).\n"
SMALL_CONFIG = TrainConfig(prover=ProverConfig(dim=8, k=3),
                           optim=OptimConfig(epochs=2, batch_size=4, lr=0.05))


@pytest.fixture(scope="module")
def countries():
    ds = load_dataset("countries_s1", DATA)
    cfg = TrainConfig(optim=OptimConfig(epochs=2, lr=0.03, seed=0))
    res = train_ntp(ds.train, ds.entities, ds.relations, S1_TEMPLATES, cfg,
                    dev=lambda m: evaluate_countries(m, ds, "dev"), dev_metric="AUC-PR")
    return ds, res


def test_countries_s1_is_learned_with_the_transitivity_rule(countries):
    ds, res = countries
    auc = evaluate_countries(res.model, ds, "test")
    assert auc >= 0.9                      # chance is about 0.2 (one region in five)
    rules = {r.text: r.confidence for r in res.rules()}
    assert rules.get(TRANSITIVE, 0) >= 0.5
    assert [h.epoch for h in res.history] == [1, 2]
    assert all(h.dev is not None for h in res.history)
    assert res.history[-1].loss < res.history[0].loss


def test_rules_print_as_weighted_nsl_that_the_kb_reads(countries):
    _, res = countries
    rules = decode_rules(res.model)
    assert rules == sorted(rules, key=lambda r: -r.confidence)
    kb = KnowledgeBase()
    for r in rules:
        assert r.nsl.startswith(f"{max(r.confidence, 0.01):.2f} :: ")
        kb.add(r.nsl)
    assert len(kb.store) == len(rules)


def small_kb() -> KnowledgeBase:
    return KnowledgeBase.from_string(SMALL)


def test_triples_from_store_numbers_in_order_of_appearance():
    ents, rels, t = triples_from_store(small_kb().store)
    assert rels == ["parent", "ancestor"]
    assert ents[:3] == ["ann", "bob", "cid"]
    assert t.shape == (14, 3) and t[0].tolist() == [0, 0, 1]
    with pytest.raises(ConfigError, match="no ground binary facts"):
        triples_from_store(KnowledgeBase.from_string("p(a).").store)


def test_training_is_deterministic_for_a_seed():
    ents, rels, t = triples_from_store(small_kb().store)
    tpl = parse_templates(SMALL_TEMPLATES)
    a = train_ntp(t, ents, rels, tpl, SMALL_CONFIG)
    b = train_ntp(t, ents, rels, tpl, SMALL_CONFIG)
    c = train_ntp(t, ents, rels, tpl, SMALL_CONFIG.updated(seed=1))
    for name in ("entity", "relation", "rule_params"):
        assert torch.equal(getattr(a.model.prover, name), getattr(b.model.prover, name))
    assert not torch.equal(a.model.prover.entity, c.model.prover.entity)
    assert [h.loss for h in a.history] == [h.loss for h in b.history]


def test_checkpoint_round_trip_and_kb_load(tmp_path):
    kb = small_kb()
    res = kb.train(SMALL_TEMPLATES, SMALL_CONFIG, out=tmp_path / "ck")
    back = KnowledgeBase.load(tmp_path / "ck").trained()
    for name in ("entity", "relation", "rule_params", "facts"):
        assert torch.equal(getattr(res.model.prover, name), getattr(back.model.prover, name))
    assert back.entities == res.entities and back.relations == res.relations
    assert [r.text for r in back.rules()] == [r.text for r in res.rules()]
    s, r, o = torch.tensor([0, 1]), torch.tensor([1, 1]), torch.tensor([3, 4])
    assert torch.equal(res.model.score(s, r, o), back.model.score(s, r, o))
    assert (tmp_path / "ck" / "rules.nsl").read_text().count("::") == len(res.rules())
    # each predicate's rules together, so the file consults without warnings
    heads = [line.split("::")[1].split("(")[0].strip()
             for line in (tmp_path / "ck" / "rules.nsl").read_text().splitlines()]
    assert heads == sorted(heads, key=heads.index) and len(set(heads)) > 1
    kb3 = small_kb()
    kb3.consult(tmp_path / "ck" / "rules.nsl")
    assert kb3.warnings == []
    # the checkpoint is a saved knowledge base with the learned vectors
    kb2 = KnowledgeBase.load(tmp_path / "ck")
    assert kb2.count("parent(X, Y)") == 7
    assert "ntp" in kb2.models
    assert np.allclose(kb2.space.vector("bob").numpy(),
                       res.model.prover.entity[res.entities.index("bob")].detach().numpy())


def test_a_tampered_checkpoint_is_refused(tmp_path):
    res = small_kb().train(SMALL_TEMPLATES, SMALL_CONFIG, out=tmp_path / "ck")
    assert res.model is not None
    (weights,) = (tmp_path / "ck" / "models").glob("*.pt")
    blob = bytearray(weights.read_bytes())
    blob[-20] ^= 0xFF
    weights.write_bytes(bytes(blob))
    with pytest.raises(NeurosymError, match="checksum|corrupt|changed"):
        KnowledgeBase.load(tmp_path / "ck").trained()


def test_a_mismatched_state_is_refused():
    res = small_kb().train(SMALL_TEMPLATES, SMALL_CONFIG)
    state = model_state(res)
    assert result_from_state(dict(state)).entities == res.entities
    bad = dict(state, entity=state["entity"][:-1])
    with pytest.raises(CheckpointError, match="entity has shape"):
        result_from_state(bad)
    bad = dict(state, facts=state["facts"] + 100)
    with pytest.raises(CheckpointError, match="facts do not match"):
        result_from_state(bad)
    bad = dict(state, meta=torch.tensor([1, 2, 3], dtype=torch.uint8))
    with pytest.raises(CheckpointError, match="malformed metadata"):
        result_from_state(bad)
    with pytest.raises(CheckpointError, match="expected the tensors"):
        result_from_state({"entity": state["entity"]})


def test_a_directory_without_a_prover_is_refused(tmp_path):
    small_kb().save(tmp_path / "plain")
    with pytest.raises(CheckpointError, match="no trained prover"):
        KnowledgeBase.load(tmp_path / "plain").trained()


def test_kb_train_sets_the_space_and_can_add_the_rules():
    kb = small_kb()
    res = kb.train(SMALL_TEMPLATES, SMALL_CONFIG, add_rules=True, min_confidence=0.0)
    assert kb.space.dim == 8
    i = res.relations.index("ancestor")
    assert np.allclose(kb.space.vector("ancestor", "predicate").numpy(),
                       res.model.prover.relation[i].detach().numpy())
    assert len(kb.store) == 14 + len(res.rules())
    assert kb.training is res


def test_cuda_is_an_error_when_missing(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ConfigError, match="CUDA is not available"):
        resolve_device("cuda")
    with pytest.raises(ConfigError, match="device"):
        resolve_device("tpu")
    assert resolve_device("cpu").type == "cpu"


def test_complex_aux_needs_an_even_dim():
    ents, rels, t = triples_from_store(small_kb().store)
    with pytest.raises(ConfigError, match="even dim"):
        train_ntp(t, ents, rels, parse_templates(SMALL_TEMPLATES),
                  TrainConfig().updated(dim=7, aux="complex"))


def test_train_link_scorer_uses_the_preset_and_ranks_by_name():
    from neurosym.learning.evaluate import evaluate
    from neurosym.learning.presets import preset
    from neurosym.learning.result import NamedScorer
    from neurosym.learning.train import train_link_scorer
    ds = load_dataset("countries_s1", DATA)
    templates, config = preset("S1", seed=3, epochs=2)
    assert config.optim.seed == 3 and config.optim.lr == 0.03 and len(templates) == 2
    scorer = train_link_scorer(ds, seed=0, epochs=2)
    assert scorer.train_seconds > 0 and scorer.result.config.optim.epochs == 2
    assert evaluate(scorer, ds).auc_pr >= 0.9
    # the same model over a reversed vocabulary: open-goal scores follow the names
    rev_e, rev_r = ds.entities[::-1], ds.relations[::-1]
    other = NamedScorer(scorer.result, rev_e + ["unseen"], rev_r)
    s, r = torch.tensor([0, 5]), torch.tensor([1, 1])
    mine = scorer.score_objects(s, r)
    n = len(ds.entities)
    theirs = other.score_objects(torch.tensor([n - 1, n - 6]), torch.tensor([0, 0]))
    assert torch.equal(theirs[:, :n].flip(1), mine) and (theirs[:, n] == 0).all()
    subj = other.score_subjects(torch.tensor([0]), torch.tensor([n - 1]))
    assert torch.equal(subj[:, :n].flip(1), scorer.score_subjects(r[:1], s[:1]))
    with pytest.raises(ConfigError, match="unknown dataset"):
        preset("wordnet")


def test_pretraining_fits_the_link_predictor_before_any_proof():
    ds = load_dataset("nations", DATA)
    t = parse_templates("1 #1(X, Y) :- #2(Y, X).")
    cold = train_ntp(ds.train, ds.entities, ds.relations, t,
                     TrainConfig().updated(epochs=0, dim=16))
    warm = train_ntp(ds.train, ds.entities, ds.relations, t,
                     TrainConfig().updated(epochs=0, dim=16, pretrain_epochs=20))
    # the proofs untouched
    assert torch.equal(cold.model.prover.rule_params, warm.model.prover.rule_params)
    tr = torch.as_tensor(ds.train)
    g = torch.Generator().manual_seed(0)
    fake = tr[torch.randperm(len(tr), generator=g)][:, 2]
    with torch.no_grad():
        def margin(m):
            true = m.aux.score(tr[:, 0], tr[:, 1], tr[:, 2])
            return float((true - m.aux.score(tr[:, 0], tr[:, 1], fake)).mean())
        assert margin(warm.model) > margin(cold.model) + 1.0


def test_rules_nsl_keeps_each_predicates_rules_together():
    from neurosym.learning.report import rules_nsl
    from neurosym.learning.result import LearnedRule

    def rule(conf, text):
        return LearnedRule(confidence=conf, text=text, template=0, instance=0,
                           predicates={}, scores={})
    text = rules_nsl([rule(0.9, "p(X, Y) :- q(Y, X)."), rule(0.8, "q(X, Y) :- p(Y, X)."),
                      rule(0.7, "p(X, Y) :- q(X, Y).")])
    assert text == ("0.90 :: p(X, Y) :- q(Y, X).\n0.70 :: p(X, Y) :- q(X, Y).\n"
                    "0.80 :: q(X, Y) :- p(Y, X).\n")
    kb = KnowledgeBase.from_string("q(a, b).")
    kb.load_string(text)
    assert kb.warnings == []


LINK_CONFIG = SMALL_CONFIG.updated(link="kge", link_dim=4, link_weight=2.0)


def test_a_link_predictor_of_its_own_ranks_with_the_proofs(tmp_path):
    from neurosym.learning.kge import KGEConfig, train_kge
    kb = small_kb()
    res = kb.train(SMALL_TEMPLATES, LINK_CONFIG, out=tmp_path / "ck")
    m = res.model
    ents, rels, t = triples_from_store(small_kb().store)
    plain = train_ntp(t, ents, rels, parse_templates(SMALL_TEMPLATES), SMALL_CONFIG)
    # the prover trains as without it; the link predictor is the ComplEx-N3 of
    # the same facts and seed (neurosym.learning.kge)
    for name in ("entity", "relation", "rule_params"):
        assert torch.equal(getattr(m.prover, name), getattr(plain.model.prover, name))
    kge, _ = train_kge(config=KGEConfig(dim=4, seed=0), train=t, n_entities=len(ents),
                       n_relations=len(rels))
    assert torch.equal(m.link_model.entity, kge.entity)
    s, r = torch.arange(len(ents)), torch.full((len(ents),), rels.index("ancestor"))
    o = torch.roll(s, 1)
    with torch.no_grad():
        proof = m.prover.prove(s, r, o).double()
        want = proof + 2.0 * torch.sigmoid(kge.score(s, r, o).double())
        assert torch.allclose(m.score(s, r, o), want)
        both = (m.score_objects(s, r), m.score_subjects(r, o))
        config, m.config = m.config, m.config.updated(tie_break="none")
        proofs = (m.score_objects(s, r), m.score_subjects(r, o))
        m.config = config
        assert torch.allclose(both[0] - proofs[0],
                              2.0 * torch.sigmoid(kge.score_objects(s, r).double()))
        assert torch.allclose(both[1] - proofs[1],
                              2.0 * torch.sigmoid(kge.score_subjects(r, o).double()))
    # the checkpoint keeps it, and refuses a state without it
    back = KnowledgeBase.load(tmp_path / "ck").trained()
    assert torch.equal(back.model.score(s, r, o), m.score(s, r, o))
    state = model_state(res)
    del state["link_entity"]
    with pytest.raises(CheckpointError, match="link predictor"):
        result_from_state(state)
    with pytest.raises(CheckpointError, match="link predictor"):
        result_from_state(dict(model_state(plain), link_entity=state["entity"],
                               link_relation=state["relation"]))


def test_relation_negatives_enter_the_loss():
    ents, rels, t = triples_from_store(small_kb().store)
    tpl = parse_templates(SMALL_TEMPLATES)
    base = train_ntp(t, ents, rels, tpl, SMALL_CONFIG)
    more = train_ntp(t, ents, rels, tpl, SMALL_CONFIG.updated(corrupt_relations=1))
    # the first batch's subject/object negatives are the same; the loss is not
    assert base.history[0].loss != more.history[0].loss
    assert not torch.equal(base.model.prover.rule_params, more.model.prover.rule_params)


def test_config_groups_and_fields_replaced_by_name():
    nested = TrainConfig(prover=ProverConfig(dim=8, k=3),
                         optim=OptimConfig(epochs=2, batch_size=4, lr=0.05))
    assert nested == TrainConfig().updated(dim=8, k=3, epochs=2, batch_size=4, lr=0.05)
    assert SMALL_CONFIG.updated(seed=1).optim.seed == 1 and SMALL_CONFIG.optim.seed == 0
    with pytest.raises(ConfigError, match="colour: no such training setting"):
        TrainConfig().updated(colour="red")
    with pytest.raises(ConfigError, match="dim: "):
        TrainConfig().updated(dim=0)
    with pytest.raises(ValueError, match="Extra inputs"):
        TrainConfig.model_validate({"epochs": 2})          # the fields live in their groups


def test_a_state_of_the_flat_config_format_is_refused():
    import json
    state = model_state(small_kb().train(SMALL_TEMPLATES, SMALL_CONFIG))
    meta = json.loads(bytes(state["meta"].tolist()))
    meta["version"] = 1
    state["meta"] = torch.tensor(list(json.dumps(meta).encode()), dtype=torch.uint8)
    with pytest.raises(CheckpointError, match="older neurosym.*train the model again"):
        result_from_state(state)


def test_a_rule_that_decodes_to_a_tautology_is_not_listed():
    tautology = parse_templates("1 #1(X, Y) :- #1(X, Y).\n")[0]
    assert tautology.is_tautology()
    chain = parse_templates("1 #1(X, Y) :- #2(X, Z), #2(Z, Y).\n")[0]
    assert not chain.is_tautology({"#1": "p", "#2": "p"})
    swap = parse_templates("1 #1(X, Y) :- #2(Y, X).\n")[0]
    assert swap.is_tautology({"#1": "p"}) is False and not swap.is_tautology({"#1": "p", "#2": "p"})
    res = small_kb().train("2 #1(X, Y) :- #2(X, Y).\n1 #1(X, Y) :- #1(X, Y).\n", SMALL_CONFIG)
    texts = [r.text for r in res.rules()]
    assert texts                                  # the identity copies decode to something
    for text in texts:
        head, body = text.rstrip(".").split(" :- ")
        assert head not in re.findall(r"\w+\([^)]*\)", body), text
