"""Feedback on answers (``kb.feedback``, ``teach``, ``unteach``, ``undo``):
the next query's score moves the way the label says, ``undo`` puts back
exactly what was there, and a taught session saves and opens again."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from neurosym import KnowledgeBase
from neurosym.bridge import BridgeConfig
from neurosym.errors import ConfigError
from neurosym.examples import Example
from neurosym.persist import KBFileError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kb():
    kb = KnowledgeBase.from_file(ROOT / "kb/soft_family.nsl")
    kb.space = BridgeConfig(dim=4, seed=0)
    kb.space.load_vectors(ROOT / "kb/soft_family.vec", kind=None)
    return kb


def soft(kb, goal="grandpaOf(abe, X)"):
    return {a.to_python()["X"]: a.score for a in kb.query(goal, mode="soft")}


def first(kb, goal="grandpaOf(abe, X)"):
    return next(iter(kb.query(goal, mode="soft")))


def test_no_lowers_the_soft_score_and_undo_restores_it_bit_for_bit(kb):
    before = soft(kb)
    vecs = {k: kb.space.numpy(k) for k in ("constant", "predicate")}
    r = kb.feedback(first(kb), correct=False)
    assert r.after < r.before
    assert "vector of grandpaOf" in r.updated and "vector of grandfatherOf" in r.updated
    after = soft(kb)
    assert after.keys() == before.keys()
    assert all(after[x] < before[x] for x in before)          # the next query reflects it
    assert kb.examples == [Example(fact="grandpaOf(abe,bart)", label=False, via="no")]
    undone = kb.undo()
    assert undone is r
    for k, v in vecs.items():
        assert np.array_equal(kb.space.numpy(k), v)
    assert soft(kb) == before
    assert kb.examples == []
    assert kb.undo() is None


def test_yes_raises_the_score(kb):
    kb.feedback(first(kb), correct=False)
    low = soft(kb)["bart"]
    r = kb.feedback(first(kb), correct=True)
    assert r.after > r.before
    assert soft(kb)["bart"] > low
    assert [e.label for e in kb.examples] == [False, True]


def test_no_lowers_the_weight_of_the_rule_used_and_undo_unweights_it(kb):
    a = next(a for a in kb.query("parentOf(X, bart)", mode="soft") if a.to_python()["X"] == "marge")
    rule = next(c for c in kb.store.clauses(kb.store.predicates()[2]) if "motherOf" in str(c))
    assert rule.weight is None
    r = kb.feedback(a, correct=False)
    assert rule.weight is not None and rule.weight < 1
    assert r.updated == [f"weight of parentOf(X,Y) :- motherOf(X,Y): 1 -> {rule.weight:g}"]
    scores = soft(kb, "parentOf(X, bart)")
    assert scores["marge"] == rule.weight < scores["homer"] == 1.0
    kb.undo()
    assert rule.weight is None
    assert soft(kb, "parentOf(X, bart)") == {"homer": 1.0, "marge": 1.0}


def test_weighted_facts_move_and_unweighted_facts_do_not():
    wet = KnowledgeBase.from_string("0.5 :: rain.\n0.6 :: sprinkler.\nwet :- rain.\n"
                                    "wet :- sprinkler.\nground.\n")
    [a] = wet.query("wet", mode="exact")
    wet.feedback(a, correct=False, steps=3)
    weights = {str(c.head): c.weight for k in wet.store.predicates() for c in wet.store.clauses(k)}
    assert weights["Atom('sprinkler')"] < 0.6 and weights["Atom('rain')"] == 0.5
    [g] = wet.query("ground", mode="exact")
    r = wet.feedback(g, correct=False)
    assert r.updated == [] and r.before is None      # data: nothing learnable in its proof
    assert wet.examples[-1] == Example(fact="ground", label=False, via="no")


def test_teach_and_unteach_change_the_program_and_undo_puts_it_back(kb):
    key = next(k for k in kb.store.predicates() if k[0].name == "motherOf")
    order = [c.id for c in kb.store.clauses(key)]
    kb.teach("grandpaOf(abe, maggie)")
    assert soft(kb)["maggie"] == 1.0
    kb.unteach("motherOf(marge, bart).")
    assert [c.id for c in kb.store.clauses(key)] == [order[0], order[2], order[3]]
    assert kb.labelled("grandpaOf/2") == (["grandpaOf(abe,maggie)"], [])
    assert kb.labelled("motherOf/2") == ([], ["motherOf(marge,bart)"])
    kb.undo()
    assert [c.id for c in kb.store.clauses(key)] == order       # same clauses, same place
    kb.undo()
    assert soft(kb)["maggie"] < 1.0
    assert kb.examples == []


@pytest.mark.parametrize("bad", ["parent(X, bob)", "p :- q", "42"])
def test_teach_takes_ground_facts_only(kb, bad):
    with pytest.raises(ConfigError):
        kb.teach(bad)
    assert kb.examples == []


def test_feedback_needs_a_proof(kb):
    a = next(iter(kb.query("fatherOf(abe, X)")))          # a Prolog answer: no proof
    with pytest.raises(ConfigError, match="proof"):
        kb.feedback(a, correct=False)


def test_the_step_scorer_learns_and_undo_restores_it():
    kb = KnowledgeBase.from_string("""
    parent(tom, bob). parent(tom, liz). parent(bob, ann). parent(bob, pat).
    parent(pat, jim). parent(liz, joe). parent(joe, kim).
    anc(X, Y) :- parent(X, Y).
    anc(X, Y) :- parent(X, Z), anc(Z, Y).
    anc(tom, ann). anc(bob, jim). anc(tom, kim).
    """)
    kb.train_guide(rounds=1, budget=100, epochs=3, seed=0)
    state = {k: v.clone() for k, v in kb.guide.net.state_dict().items()}
    saved = kb.models["guide"]
    step = first(kb, "anc(tom, joe)").proof.steps[0]
    r = kb.feedback(first(kb, "anc(tom, joe)"), correct=False)
    assert "step scorer" in r.updated
    again = first(kb, "anc(tom, joe)").proof.steps[0]
    assert again.clause.endswith(step.clause)       # the same rule, now weighted
    assert again.value < step.value
    assert kb.models["guide"] is not saved
    kb.undo()
    assert all(kb.guide.net.state_dict()[k].equal(v) for k, v in state.items())
    assert kb.models["guide"] is saved


def test_a_taught_session_saves_and_opens_again(kb, tmp_path):
    kb.feedback(first(kb), correct=False)
    kb.feedback(next(a for a in kb.query("parentOf(X, bart)", mode="soft")
                     if a.to_python()["X"] == "marge"), correct=False)
    kb.teach("grandpaOf(abe, maggie)")
    kb.unteach("motherOf(marge, lisa)")
    scores = soft(kb), soft(kb, "parentOf(X, Y)")
    kb.save(tmp_path / "s")
    back = KnowledgeBase.load(tmp_path / "s")
    assert back.examples == kb.examples and len(back.examples) == 4
    assert (soft(back), soft(back, "parentOf(X, Y)")) == scores
    assert back.labelled("motherOf/2") == ([], ["motherOf(marge,lisa)"])


def test_tampered_examples_do_not_open(kb, tmp_path):
    kb.teach("grandpaOf(abe, maggie)")
    kb.save(tmp_path / "s")
    f = tmp_path / "s" / "examples.json"
    data = json.loads(f.read_text())
    data[0]["label"] = False
    f.write_text(json.dumps(data))
    with pytest.raises(KBFileError, match="examples"):
        KnowledgeBase.load(tmp_path / "s")


def test_a_kb_without_examples_saves_no_examples_file(kb, tmp_path):
    kb.save(tmp_path / "s")
    assert not (tmp_path / "s" / "examples.json").exists()
    assert KnowledgeBase.load(tmp_path / "s").examples == []


def test_a_new_space_ends_the_undo_history(kb):
    kb.feedback(first(kb), correct=False)
    kb.space = BridgeConfig(dim=4, seed=1)
    assert kb.undo() is None
    assert len(kb.examples) == 1          # the label stays: only the history ended


def test_a_query_word_is_updated_where_the_query_read_it(kb):
    # grandpaOf names no predicate: its vector is a constant row (query vocabulary)
    space = kb.space
    assert not space.has("grandpaOf", "predicate")
    a = first(kb)
    assert [m.other for s in a.proof.steps for m in s.matches] == ["grandfatherOf"]
    word = space.vector("grandpaOf", "constant")
    pred = space.vector("grandfatherOf", "predicate")
    r = kb.feedback(a, correct=False)
    assert r.before == pytest.approx(a.score, abs=1e-6)   # the score the query printed
    assert not space.vector("grandpaOf", "constant").equal(word)
    assert not space.vector("grandfatherOf", "predicate").equal(pred)
    assert space.has_vector("grandpaOf", "constant")      # still real: it keeps matching
    assert space.has_vector("grandfatherOf", "predicate")
    kb.undo()
    assert space.vector("grandpaOf", "constant").equal(word)
    assert space.vector("grandfatherOf", "predicate").equal(pred)


def test_a_seeded_row_stays_seeded(kb):
    # taught, grandpaOf becomes a predicate with a seeded (not real) row; its soft
    # matches still read its real constant row, and feedback writes that one
    kb.teach("grandpaOf(abe, maggie)")
    space = kb.space
    assert space.has("grandpaOf", "predicate") and not space.has_vector("grandpaOf", "predicate")
    seeded = space.vector("grandpaOf", "predicate")
    word = space.vector("grandpaOf", "constant")
    bart = next(a for a in kb.query("grandpaOf(abe, X)", mode="soft")
                if a.to_python()["X"] == "bart")
    before = soft(kb)["bart"]
    r = kb.feedback(bart, correct=False)
    assert "vector of grandpaOf" in r.updated
    assert space.vector("grandpaOf", "predicate").equal(seeded)
    assert not space.has_vector("grandpaOf", "predicate")
    assert not space.vector("grandpaOf", "constant").equal(word)
    assert space.has_vector("grandpaOf", "constant")
    assert soft(kb)["bart"] < before
    kb.undo()
    assert space.vector("grandpaOf", "constant").equal(word)
    assert soft(kb)["bart"] == before
