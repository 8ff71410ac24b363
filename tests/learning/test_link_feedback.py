"""Feedback on the trained model's answers (``neurosym.learning.link_feedback``):
after ``kb.train``, ``kb.feedback`` moves the ComplEx-N3's rows so that the
next query's score of the answer goes the way the label says, ``kb.undo``
puts the rows back bit for bit, and a declared-dynamic relation without
facts has a row to teach."""

from __future__ import annotations

import pytest
import torch

from neurosym import KnowledgeBase
from neurosym.config import TrainConfig
from neurosym.learning.config import BlendConfig, EmbeddingConfig, OptimConfig, ProverConfig
from neurosym.learning.link_feedback import is_trained_answer
from neurosym.learning.train import triples_from_store

TEMPLATES = "2 #1(X, Y) :- #2(Y, X).\n"
CONFIG = TrainConfig(prover=ProverConfig(dim=8, k=3),
                     embedding=EmbeddingConfig(link="kge", link_dim=8),
                     blend=BlendConfig(link_weight=1.0, proof_weight=0.0),
                     optim=OptimConfig(epochs=0, seed=0))

PEOPLE = [f"p{i}" for i in range(12)]
# parent/2 and its inverse child/2; likes/2 declared, with no facts
PAIRS = [(i, j) for i in range(5) for j in (2 * i + 1, 2 * i + 2)]
PROGRAM = ":- dynamic likes/2.\n" + "".join(f"parent(p{i}, p{j}).\n" for i, j in PAIRS) \
    + "".join(f"child(p{j}, p{i}).\n" for i, j in PAIRS)


def trained_kb() -> KnowledgeBase:
    kb = KnowledgeBase.from_string(PROGRAM)
    kb.train(TEMPLATES, CONFIG)
    return kb


@pytest.fixture
def kb():
    return trained_kb()


def scores(kb, goal):
    return {a.to_python()["X"]: a.score for a in kb.query(goal, mode="soft", proof=False)}


def first(kb, goal):
    return next(iter(kb.query(goal, mode="soft")))


def rows(kb):
    m = kb.training.model.link_model
    return m.entity.detach().clone(), m.relation.detach().clone()


def test_a_declared_relation_without_facts_is_a_relation():
    ents, rels, t = triples_from_store(KnowledgeBase.from_string(PROGRAM).store)
    assert rels == ["likes", "parent", "child"]
    assert not (t[:, 1] == 0).any() and len(t) == 20
    with pytest.raises(Exception, match="nothing to train on"):
        triples_from_store(KnowledgeBase.from_string(":- dynamic likes/2.").store)


def test_yes_raises_the_answer_and_undo_restores_the_rows_exactly(kb):
    before, (e0, r0) = scores(kb, "likes(p1, X)"), rows(kb)
    answer = first(kb, "likes(p1, X)")
    assert is_trained_answer(answer)
    x = answer.to_python()["X"]
    r = kb.feedback(answer, correct=True)
    assert r.after > r.before
    assert r.updated[0] == "ComplEx-N3 rows of likes"
    after = scores(kb, "likes(p1, X)")
    assert after[x] > before[x]                         # the next query reflects it
    assert max(after, key=after.get) == x
    assert [(e.fact, e.label, e.via) for e in kb.examples] == [(f"likes(p1,{x})", True, "yes")]
    assert kb.undo() is r
    e1, r1 = rows(kb)
    assert torch.equal(e0, e1) and torch.equal(r0, r1)
    assert scores(kb, "likes(p1, X)") == before
    assert kb.examples == []


def test_no_lowers_the_answer_below_the_others(kb):
    answer = first(kb, "parent(p0, X)")
    x = answer.to_python()["X"]
    r = kb.feedback(answer, correct=False, link_steps=100)
    assert r.after < r.before
    after = scores(kb, "parent(p0, X)")
    assert after[x] == r.after
    assert max(after, key=after.get) != x


def test_labels_add_up_and_teach_the_relation(kb):
    """Each update fits every label of the relation so far: likes/2 taught
    as parent/2 on three pairs ranks a parent's child first for the others."""
    for s, o in (("p1", "p3"), ("p2", "p6"), ("p3", "p8")):
        answer = next(a for a in kb.query(f"likes({s}, X)", mode="soft")
                      if a.to_python()["X"] == o)
        kb.feedback(answer, correct=True)
    assert len(kb.examples) == 3
    for s, kids in (("p0", {"p1", "p2"}), ("p4", {"p9", "p10"})):
        sc = scores(kb, f"likes({s}, X)")
        assert max(sc, key=sc.get) in kids


def test_feedback_is_deterministic_and_moves_entities_only_when_asked():
    a, b = trained_kb(), trained_kb()
    for kb in (a, b):
        kb.feedback(first(kb, "likes(p4, X)"), correct=True, link_entities=True)
        kb.feedback(first(kb, "likes(p6, X)"), correct=False, link_entities=True)
    assert all(torch.equal(x, y) for x, y in zip(rows(a), rows(b), strict=True))
    c = trained_kb()
    (e0, r0), likes = rows(c), c.training.relations.index("likes")
    answer = first(c, "likes(p4, X)")
    o4 = answer.to_python()["X"]
    r = c.feedback(answer, correct=True)
    e1, r1 = rows(c)
    assert torch.equal(e1, e0)                  # by default only the relation's rows move
    moved = (r1 != r0).any(dim=1).nonzero()[:, 0].tolist()
    assert moved == [likes, likes + len(c.training.relations)]      # r and its reciprocal
    assert r.updated == ["ComplEx-N3 rows of likes"] and r.after > r.before
    answer = first(c, "likes(p1, X)")
    x = answer.to_python()["X"]
    r = c.feedback(answer, correct=True, link_entities=True)
    ents = c.training.entities
    named = sorted({"p1", "p4", x, o4}, key=ents.index)       # the entities of both labels
    assert r.updated == ["ComplEx-N3 rows of likes", f"ComplEx-N3 rows of {', '.join(named)}"]
    changed = (rows(c)[0] != e1).any(dim=1).nonzero()[:, 0].tolist()
    assert {ents[i] for i in changed} <= set(named) and changed


def test_a_checkpoint_keeps_what_feedback_taught(tmp_path):
    kb = KnowledgeBase.from_string(PROGRAM)
    kb.train(TEMPLATES, CONFIG, out=tmp_path / "ck")
    opened = KnowledgeBase.load(tmp_path / "ck")
    answer = first(opened, "likes(p1, X)")
    r = opened.feedback(answer, correct=True)
    taught = scores(opened, "likes(p1, X)")
    opened.save(tmp_path / "taught")
    again = KnowledgeBase.load(tmp_path / "taught")
    assert scores(again, "likes(p1, X)") == pytest.approx(taught)
    opened.undo()
    x = answer.to_python()["X"]
    assert scores(opened, "likes(p1, X)")[x] == pytest.approx(r.before)


def test_yes_at_the_prompt_moves_the_trained_answer(kb):
    import io

    from neurosym.faces.toplevel import Toplevel
    out, err = io.StringIO(), io.StringIO()
    top = Toplevel(kb, out=out, err=err)
    top.handle(":soft on top_k=1")
    top.handle("likes(p1, X).")
    x = top.last_answer.to_python()["X"]
    before = top.last_answer.score
    top.handle(":yes")
    line = out.getvalue().splitlines()[-1]
    assert line.startswith(f"% yes: score {before:.4f} -> ")
    assert line.endswith(" (ComplEx-N3 rows of likes)")
    assert scores(kb, "likes(p1, X)")[x] > before
    top.handle(":undo")
    assert scores(kb, "likes(p1, X)")[x] == before
    assert err.getvalue() == ""


def test_teach_and_unteach_of_a_trained_relation_move_the_model(kb):
    before, (e0, r0) = scores(kb, "likes(p1, X)"), rows(kb)
    r = kb.teach("likes(p1, p3)")
    assert r.updated == ["fact added", "ComplEx-N3 rows of likes"] and r.after > r.before
    assert scores(kb, "likes(p1, X)")["p3"] == r.after > before["p3"]
    kb.undo()
    assert torch.equal(rows(kb)[0], e0) and torch.equal(rows(kb)[1], r0)
    assert kb.count("likes(p1, p3)") == 0
    low = kb.unteach("parent(p0, p1)")
    assert low.updated == ["fact removed", "ComplEx-N3 rows of parent"]
    assert low.after < low.before
    assert kb.teach("likes(p1, nobody)").updated == ["fact added"]   # not the model's entity


def test_a_trained_answer_the_model_does_not_know_is_refused(kb):
    """An answer of another model (a relation this one was not trained on)
    is refused with a clear error, not labelled without a step."""
    other = KnowledgeBase.from_string("knows(p0, p1).\nknows(p1, p2).\n")
    other.train(TEMPLATES, CONFIG)
    answer = first(other, "knows(p0, X)")
    assert is_trained_answer(answer)
    with pytest.raises(Exception, match="not a fact of a trained relation"):
        kb.feedback(answer, correct=True)
    assert len(kb.examples) == 0


# in/2 has facts only from places s0..s5 to regions r0, r1 (its range); people
# p0..p11 have neighbours but no in/2 fact: their best answers are not regions
RANGED = "".join(f"near(p{i}, p{(i + 1) % 12}).\nnear(p{(i + 1) % 12}, p{i}).\n"
                 for i in range(12)) \
    + "".join(f"near(s{i}, s{(i + 1) % 6}).\n" for i in range(6)) \
    + "".join(f"in(s{i}, r{i % 2}).\n" for i in range(6))


def range_rank(kb, s):
    """The rank (0: first) of the best region among the answers of in(s, X)."""
    sc = scores(kb, f"in({s}, X)")
    order = sorted(sc, key=sc.get, reverse=True)
    return min(order.index(r) for r in ("r0", "r1"))


def test_a_no_outside_the_range_moves_the_next_answers_into_it():
    """A no on an answer that is no object of the relation's facts (its range)
    moves the answers of the labelled subject and of the others toward the
    range: the relation's rows and the range's entity rows move; undo puts
    them back exactly."""
    kb = KnowledgeBase.from_string(RANGED)
    kb.train(TEMPLATES, CONFIG)
    (e0, r0), others = rows(kb), ("p7", "p9")
    before = {s: range_rank(kb, s) for s in ("p3", *others)}
    answer = first(kb, "in(p3, X)")
    assert answer.to_python()["X"] not in ("r0", "r1")
    r = kb.feedback(answer, correct=False)
    assert r.after < r.before
    assert r.updated == ["ComplEx-N3 rows of in", "ComplEx-N3 rows of r0, r1"]
    after = {s: range_rank(kb, s) for s in ("p3", *others)}
    assert after["p3"] == 0 < before["p3"]
    assert all(after[s] < before[s] for s in others)
    ents = kb.training.entities
    moved = (rows(kb)[0] != e0).any(dim=1).nonzero()[:, 0].tolist()
    assert {ents[i] for i in moved} == {"r0", "r1"}
    kb.undo()
    assert torch.equal(rows(kb)[0], e0) and torch.equal(rows(kb)[1], r0)
    assert {s: range_rank(kb, s) for s in ("p3", *others)} == before
    plain = KnowledgeBase.from_string(RANGED)
    plain.train(TEMPLATES, CONFIG)
    r = plain.feedback(first(plain, "in(p3, X)"), correct=False, link_range=0)
    assert r.updated == ["ComplEx-N3 rows of in"] and torch.equal(rows(plain)[0], e0)
