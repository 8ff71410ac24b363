"""``kb.train(..., entailed=True)``: the facts the rules entail join the
training data (sampled with the seed when capped); without it they do not."""

from __future__ import annotations

import pytest

from neurosym import KnowledgeBase
from neurosym.config import TrainConfig
from neurosym.errors import ConfigError
from neurosym.learning.config import OptimConfig, ProverConfig
from neurosym.learning.train import entailed_triples

PROG = """
parent(ann, bob). parent(ann, cid). parent(bob, dan). parent(cid, eve).
parent(cid, fay). likes(dan, tea).
sibling(X, Y) :- parent(P, X), parent(P, Y), X \\== Y.
cousin(X, Y) :- parent(P, X), sibling(P, Q), parent(Q, Y).
"""
CONFIG = TrainConfig(prover=ProverConfig(dim=4), optim=OptimConfig(epochs=1, seed=0))


def test_entailed_facts_join_the_training_data():
    kb = KnowledgeBase.from_string(PROG)
    plain = kb.train("1 #1(X, Y) :- #2(Y, X).", CONFIG)
    assert plain.relations == ["parent", "likes"]
    kb = KnowledgeBase.from_string(PROG)
    more = kb.train("1 #1(X, Y) :- #2(Y, X).", CONFIG, entailed=True)
    assert more.relations == ["parent", "likes", "sibling", "cousin"]
    assert more.entities == plain.entities                 # no new symbols here
    assert kb.space.untrained("predicate") is False
    # the store is not changed: the entailed facts are training data only
    assert kb.count("sibling(X, Y)") == 4 and len(kb.store) == len(
        KnowledgeBase.from_string(PROG).store)


def test_a_cap_samples_with_the_seed():
    kb = KnowledgeBase.from_string(PROG)
    every = entailed_triples(kb.materialize(skip_outside=True), 100, 0)
    assert sorted(every) == sorted(
        [("bob", "sibling", "cid"), ("cid", "sibling", "bob"), ("eve", "sibling", "fay"),
         ("fay", "sibling", "eve"), ("dan", "cousin", "eve"), ("dan", "cousin", "fay"),
         ("eve", "cousin", "dan"), ("fay", "cousin", "dan")])
    three = entailed_triples(kb.materialize(skip_outside=True), 3, 7)
    assert len(three) == 3 and set(three) <= set(every)
    assert three == entailed_triples(kb.materialize(skip_outside=True), 3, 7)
    assert [t for t in every if t in three] == three         # kept in their order


@pytest.mark.parametrize("bad", [0, -1, "yes", 1.5])
def test_bad_entailed_is_an_error(bad):
    with pytest.raises(ConfigError, match="entailed"):
        KnowledgeBase.from_string(PROG).train("1 #1(X, Y) :- #2(Y, X).", CONFIG, entailed=bad)
