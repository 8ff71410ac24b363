"""One model, one path: after training, ``kb.query(goal, mode="soft")`` ranks
a trained relation's goals as the metrics do, each answer with the parts of
its score as its proof; scored queries with learned recursive rules end."""

from __future__ import annotations

import math

import numpy as np
import pytest

from neurosym import KnowledgeBase
from neurosym.config import Limits, SoftConfig, TrainConfig
from neurosym.learning.config import (
    BlendConfig,
    EmbeddingConfig,
    ExactConfig,
    OptimConfig,
    ProverConfig,
)
from neurosym.learning.data import CountriesInfo, Dataset
from neurosym.learning.evaluate import countries_scores, evaluate_ranking
from neurosym.learning.metrics import filtered_ranks
from neurosym.learning.result import NamedScorer

TEMPLATES = "2 #1(X, Y) :- #2(Y, X).\n2 #1(X, Y) :- #2(X, Z), #3(Z, Y).\n"
CONFIG = TrainConfig(prover=ProverConfig(dim=8, k=3),
                     embedding=EmbeddingConfig(link="kge", link_dim=8),
                     exact=ExactConfig(exact_rules=2),
                     blend=BlendConfig(link_weight=1.0, exact_weight=0.5),
                     optim=OptimConfig(epochs=1, batch_size=16, lr=0.05, seed=0))


def family() -> Dataset:
    """Three generations of a generated family: parent, child (its inverse) and
    grandparent, every seventh triple held out for test."""
    people = [f"p{i}" for i in range(21)]
    rels = ["parent", "child", "grandparent"]
    par = [(i, 2 * i + 1) for i in range(10)] + [(i, 2 * i + 2) for i in range(10)]
    triples = [(a, 0, b) for a, b in par] + [(b, 1, a) for a, b in par]
    up = dict((b, a) for a, b in par)
    triples += [(up[a], 2, b) for a, b in par if a in up]
    t = np.asarray(sorted(set(triples)), dtype=np.int64)
    test = t[::7]
    train = np.asarray([x for i, x in enumerate(t) if i % 7], dtype=np.int64)
    return Dataset("family", people, rels, train, test[:0], test, t)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    ds = family()
    kb = KnowledgeBase()
    ds.add_facts(kb.store, "train")
    out = tmp_path_factory.mktemp("ck") / "model"
    result = kb.train(TEMPLATES, CONFIG, out=out)
    return ds, kb, result, out


class Spy:
    """The scorer the metric ranks with, keeping every row it was given."""

    def __init__(self, scorer) -> None:
        self.scorer, self.rows = scorer, {}

    def score(self, s, r, o):
        return self.scorer.score(s, r, o)

    def score_objects(self, s, r):
        got = self.scorer.score_objects(s, r)
        for i, (a, b) in enumerate(zip(s.tolist(), r.tolist(), strict=True)):
            self.rows[(a, b, None)] = got[i].numpy()
        return got

    def score_subjects(self, r, o):
        got = self.scorer.score_subjects(r, o)
        for i, (b, c) in enumerate(zip(r.tolist(), o.tolist(), strict=True)):
            self.rows[(None, b, c)] = got[i].numpy()
        return got


def query_ranking(kb, ds, goal):
    """``(dataset ids, scores)`` of the answers of ``goal``, in the query's order."""
    answers = list(kb.query(goal, mode="soft", proof=False))
    ids = [ds.entity_id(a.to_python()["X"]) for a in answers]
    return np.asarray(ids), np.asarray([a.score for a in answers])


def test_the_soft_query_ranks_as_the_metric(trained):
    ds, kb, result, _ = trained
    spy = Spy(NamedScorer(result, ds.entities, ds.relations))
    metric = evaluate_ranking(spy, ds, "test")
    filt = ds.filters()
    ranks = []
    for t in ds.test:
        s, r, o = (int(x) for x in t)
        rel, subj, obj = ds.relations[r], ds.entities[s], ds.entities[o]
        for key, goal, target, mask in (
                ((s, r, None), f"{rel}({subj}, X)", o, filt.object_mask(t[None])[0]),
                ((None, r, o), f"{rel}(X, {obj})", s, filt.subject_mask(t[None])[0])):
            row = spy.rows[key]
            ids, scores = query_ranking(kb, ds, goal)
            # every entity, each with the score the metric ranked it by (one row
            # here, a batch there: float32 sums may differ in the last bits), best first
            assert sorted(ids.tolist()) == list(range(ds.n_entities))
            assert np.allclose(scores, row[ids], rtol=1e-6, atol=0)
            assert np.all(np.diff(scores) <= 0)
            # the held-out answer's filtered rank, read off the query's answers
            before = [e for e in ids[:int(np.flatnonzero(ids == target)[0])] if not mask[e]]
            tied = [e for e in ids if e != target and not mask[e] and row[e] == row[target]]
            rank = 1 + len(set(before) | set(tied))
            assert rank == filtered_ranks(row[None], np.array([target]), mask[None])[0]
            ranks.append(rank)
    assert metric.mrr == pytest.approx(float(np.mean(1.0 / np.asarray(ranks))), abs=1e-12)
    assert metric.n == len(ds.test) and len(ranks) == 2 * len(ds.test)


def test_the_countries_protocol_pools_the_query_answers(trained):
    ds, kb, result, _ = trained
    regions = np.asarray([0, 1, 2])
    held = np.asarray([3, 4, 5, 6])
    gold = {3: 1, 4: 1, 5: 2, 6: 2}          # their parents: p1 and p2
    ds = Dataset(ds.name, ds.entities, ds.relations, ds.train, ds.dev, ds.test, ds.known,
                 countries=CountriesInfo(located_in=1, regions=regions, subregions=regions[:0],
                                         test_countries=held, dev_countries=held, gold=gold))
    scores, labels = countries_scores(NamedScorer(result, ds.entities, ds.relations), ds)
    for i, c in enumerate(held):
        answers = {a.to_python()["X"]: a.score
                   for a in kb.query(f"child({ds.entities[c]}, X)", mode="soft", proof=False)}
        assert np.allclose([answers[ds.entities[g]] for g in regions], scores[i],
                           rtol=1e-6, atol=0)
        assert labels[i].tolist() == [int(g == gold[int(c)]) for g in regions]


def test_each_answer_proves_its_score_with_the_parts(trained):
    ds, kb, result, _ = trained
    seen_rule = False
    for a in kb.query("grandparent(p0, X)", mode="soft", top_k=6):
        (root,) = a.proof.steps
        assert root.kind == "learned" and root.score == a.score
        parts = {s.clause.split(" ")[0] + " " + s.clause.split(" ")[1]: s for s in root.children
                 if s.kind == "learned"}
        link = parts["link predictor"]
        logit = float(link.clause.rsplit(" ", 1)[1])
        rules = [s for s in root.children if s.clause and s.clause.startswith("exact rule")]
        exact = sum(s.score for s in rules)
        prover = parts["the prover's"].score
        # proof_weight 1 x the prover + link_weight 1 x sigmoid(link + exact_weight x rules)
        want = prover + 1 / (1 + math.exp(-(logit + 0.5 * exact)))
        assert a.score == pytest.approx(want, rel=1e-5)
        for rule in rules:            # each rule's grounding is facts of the knowledge base
            seen_rule = True
            assert rule.children
            for f in rule.children:
                assert kb.ask(f.goal)
        if kb.ask(root.goal):           # a stored fact is in its own proof
            assert any(s.kind == "clause" and s.goal == root.goal for s in root.children)
    assert seen_rule


def test_a_loaded_checkpoint_ranks_the_same(trained):
    ds, kb, _, out = trained
    back = KnowledgeBase.load(out)
    for goal in ("parent(p1, X)", "child(X, p0)", "grandparent(p0, p3)"):
        got = [(a.to_python(), a.score) for a in back.query(goal, mode="soft", proof=False)]
        assert got == [(a.to_python(), a.score)
                       for a in kb.query(goal, mode="soft", proof=False)]
    assert len(got) == 1 and got[0][0] == {}


def test_other_goals_are_the_scored_provers(trained):
    ds, kb, _, _ = trained
    # a conjunction, an open relation, a constant the model never saw, and trained=False
    for goal, soft in (("parent(p0, X), parent(X, Y)", None), ("parent(X, Y)", None),
                       ("parent(nobody, X)", None), ("parent(p0, X)", {"trained": False})):
        answers = list(kb.query(goal, mode="soft", soft=soft, top_k=3))
        assert all(s.kind != "learned" for a in answers for s in a.proof.steps)
    facts = {a.to_python()["X"] for a in kb.query("parent(p0, X)")}
    assert facts and facts <= {a.to_python()["X"] for a in
                               kb.query("parent(p0, X)", mode="soft", soft={"trained": False})}
    assert list(kb.query("parent(p0, X)", mode="soft", top_k=0)) == []
    assert len(list(kb.query("parent(p0, X)", mode="soft", top_k=4))) == 4


def test_a_no_answer_query_with_learned_recursive_rules_ends():
    chain = " ".join(f"edge(n{i}, n{i + 1})." for i in range(8))
    paths = " ".join(f"path(n{i}, n{j})." for i in range(8) for j in range(i + 1, 9)
                     if (i * 7 + j) % 3)
    kb = KnowledgeBase.from_string(chain + " " + paths)
    config = TrainConfig(prover=ProverConfig(dim=8),
                         optim=OptimConfig(epochs=5, batch_size=8, seed=0))
    result = kb.train("1 #1(X, Y) :- #1(X, Z), #2(Z, Y).\n1 #1(X, Y) :- #2(X, Y).", config,
                      add_rules=True, min_confidence=0.0)
    recursive = [r for r in result.rules() if r.text.startswith("path(X, Y) :- path(")]
    assert recursive and recursive[0].confidence > 0
    # n8 starts no path: the prover's search ends, with no answer and not at a budget
    for goal, soft in (("path(n8, X)", {"trained": False}), ("path(n8, X), edge(X, _)", None)):
        answers = kb.query(goal, mode="soft", soft=soft, limits=Limits(time=30))
        assert list(answers) == [] and not answers.truncated
    # the answers it has are found within the trained depth, and max_depth set by hand holds
    got = {a.to_python()["X"] for a in kb.query("path(n6, X)", mode="soft",
                                                soft={"trained": False})}
    assert got == {"n7", "n8"}
    shallow = kb.query("path(n6, X), edge(X, Y)", mode="soft", soft=SoftConfig(max_depth=1))
    assert [a.to_python()["X"] for a in shallow] == ["n7"]


def test_a_model_trained_without_out_is_saved_by_save(tmp_path):
    """``kb.save`` keeps what ``kb.train`` learned in the session (no ``out=``),
    and the feedback on its answers after it: the loaded KB ranks the same."""
    ds = family()
    kb = KnowledgeBase()
    ds.add_facts(kb.store, "train")
    kb.train(TEMPLATES, CONFIG)

    def ranked(k):
        return [(a.to_python(), a.score) for a in k.query("parent(p1, X)", mode="soft",
                                                          proof=False, top_k=4)]
    kb.save(tmp_path / "trained")
    assert ranked(KnowledgeBase.load(tmp_path / "trained")) == ranked(kb)
    before = ranked(kb)
    kb.feedback(list(kb.query("parent(p1, X)", mode="soft", top_k=2))[1], False)
    assert ranked(kb) != before
    kb.save(tmp_path / "taught")
    back = KnowledgeBase.load(tmp_path / "taught")
    assert ranked(back) == ranked(kb) and back.examples == kb.examples
    kb.train(TEMPLATES, CONFIG, out=tmp_path / "again")     # a checkpoint keeps the labels
    assert KnowledgeBase.load(tmp_path / "again").examples == kb.examples != []


def test_train_without_apply_leaves_the_kb_as_it_was():
    """``apply=False`` trains only: the KB's soft ranking and ``models`` stay."""
    ds = family()
    kb = KnowledgeBase()
    ds.add_facts(kb.store, "train")

    def ranked():
        return [(a.to_python(), a.score) for a in kb.query("parent(p1, X)", mode="soft",
                                                          proof=False, top_k=4)]
    before = ranked()
    result = kb.train(TEMPLATES, CONFIG, apply=False)
    assert kb.models == {} and ranked() == before and result.history
    kb.apply_training(result, add_rules=False)
    assert "ntp" in kb.models and ranked() != before
