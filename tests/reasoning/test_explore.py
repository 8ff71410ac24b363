"""``SoftConfig.explore``: PUCT-style exploration in the scored search.

Off by default (the search is unchanged); on, a branch that has had many
more expansions than an open sibling is discounted, so a low-prior sibling
gets its turn.  It changes the order of the search only: the answers, and
their score order, stay what they are without it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from neurosym import KnowledgeBase
from neurosym.bridge import BridgeConfig
from neurosym.config import Limits, SoftConfig
from neurosym.errors import NeurosymError
from neurosym.reasoning.guide import StepScorer
from neurosym.reasoning.resolve import impure_reason
from neurosym.terms.printer import write_canonical

KB = Path(__file__).resolve().parents[2] / "kb"
LIMITS = Limits(inferences=20_000, time=10)
pytestmark = pytest.mark.filterwarnings("ignore::neurosym.errors.NoVectorsWarning")


def dead_end_kb(length: int) -> KnowledgeBase:
    """``reach(a)``: the only proof goes through ``link(a, b)``; ``link(a, d0)``
    starts a chain of ``length`` more links that ends nowhere."""
    chain = " ".join(f"link(d{i}, d{i + 1})." for i in range(length))
    return KnowledgeBase.from_string(f"""
        link(a, d0). {chain}
        link(a, b). goal(b).
        reach(X) :- goal(X).
        reach(X) :- link(X, Y), reach(Y).
    """)


class Misled(StepScorer):
    """A scorer that is wrong: the step to ``b`` (the proof) gets a low prior."""

    batch = 16

    def rate(self, position, cands):
        priors = [0.05 if c.batch and str(c.batch[-1][1]) == "b" else 1.0 for c in cands]
        return priors, [1.0] * len(cands)


def _first(kb, goal, **kw):
    answers = kb.query(goal, mode="guided", limit=1, **kw)
    first = next(answers)
    return first, answers.expansions


def _run(kb, goal, **kw):
    answers = kb.query(goal, proof=True, **kw)
    got = [(a.to_python(), a.score, a.proof) for a in answers]
    return got, answers.expansions, answers.steps


def test_explore_is_off_by_default_and_must_not_be_negative():
    assert SoftConfig().explore == 0
    for bad in (-0.5, float("nan"), float("inf")):
        with pytest.raises(ValidationError, match="explore"):
            SoftConfig(explore=bad)
    kb = dead_end_kb(2)
    with pytest.raises(ValidationError, match="explore"):
        list(kb.query("reach(a)", mode="guided", soft={"explore": -1}))


@pytest.mark.parametrize("scorer", [None, Misled()], ids=["neutral", "misled"])
@pytest.mark.parametrize("mode", ["guided", "soft", "exact"])
def test_explore_zero_is_the_default_search(mode, scorer):
    kb = dead_end_kb(6)
    for goal in ("reach(a)", "reach(X)", "link(X, Y)"):
        plain = _run(kb, goal, mode=mode, scorer=scorer)
        zero = _run(kb, goal, mode=mode, scorer=scorer, soft={"explore": 0.0})
        assert zero == plain, goal


def test_exploration_reaches_a_low_prior_proof_past_a_long_dead_end():
    length = 40
    kb = dead_end_kb(length)
    first, plain = _first(kb, "reach(a)", scorer=Misled())
    # without exploration the misled search walks the whole dead end first:
    # one expansion of link/2 for each of its links at least
    assert first.to_python() == {} and plain > length
    _, explored = _first(kb, "reach(a)", scorer=Misled(), soft={"explore": 1.0})
    assert explored < plain
    # the detour it allows is bounded by the visits, not by the dead end's length
    _, longer = _first(dead_end_kb(2 * length), "reach(a)", scorer=Misled(),
                       soft={"explore": 1.0})
    assert longer == explored
    # a larger constant gives the low-prior sibling its turn sooner
    _, more = _first(kb, "reach(a)", scorer=Misled(), soft={"explore": 4.0})
    assert more <= explored


def _canon(answers) -> Counter:
    return Counter(tuple(sorted((k, write_canonical(v)) for k, v in a.bindings.items()))
                   for a in answers)


@pytest.mark.parametrize("explore", [0.5, 2.0])
def test_guided_to_the_end_gives_the_exact_answers_with_exploration(explore):
    kb = KnowledgeBase.from_string("""
        0.9 :: edge(a, b). edge(b, c). 0.7 :: edge(a, c). edge(c, d). 0.8 :: edge(b, d).
        edge(d, e). 0.6 :: edge(a, e).
        path(X, Y) :- edge(X, Y).
        path(X, Y) :- edge(X, Z), path(Z, Y).
    """)
    for goal in ("path(a, X)", "path(X, e)", "path(X, Y)"):
        exact = list(kb.query(goal))
        for scorer in (None, Misled()):
            got = list(kb.query(goal, mode="guided", scorer=scorer, soft={"explore": explore}))
            assert _canon(got) == _canon(exact), goal
            plain = list(kb.query(goal, mode="guided", scorer=scorer))
            assert sorted(a.score for a in got) == sorted(a.score for a in plain)
            scores = [a.score for a in got]
            assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("path", sorted(KB.glob("*.nsl")), ids=lambda p: p.name)
def test_guided_with_exploration_gives_the_exact_answers_on_every_kb_file(path):
    kb = KnowledgeBase.from_file(path, warn=lambda _text: None)
    for name, arity in kb.store.predicates():
        goal = f"{name.name}({', '.join(f'A{i}' for i in range(arity))})" if arity else name.name
        if impure_reason(kb.runner.parse(goal).goal, kb.store) is not None:
            continue
        try:
            exact = list(kb.query(goal, limits=LIMITS, limit=101))
        except NeurosymError:
            continue
        if len(exact) > 100:
            continue
        got = list(kb.query(goal, mode="guided", limits=LIMITS, soft={"explore": 1.0}))
        assert _canon(got) == _canon(exact), goal


def test_soft_answers_and_their_order_do_not_change_with_exploration():
    kb = KnowledgeBase.from_string("""
        grandpaOf(clancy, patty). grandfatherOf(abe, bart). grandfatherOf(abe, lisa).
        fatherOf(homer, bart). fatherOf(homer, lisa).
        elder(X, Y) :- grandpaOf(X, Y).
        elder(X, Y) :- fatherOf(X, Y).
    """)
    kb.space = BridgeConfig(dim=4, seed=0, backend="numpy")
    vecs = {"grandpaOf": [1.0, 0, 0, 0], "grandfatherOf": [0.95, 0.1, 0, 0],
            "fatherOf": [0, 1, 0, 0]}
    kb.space.set_vectors(list(vecs), np.array(list(vecs.values())), kind="predicate")
    for goal in ("elder(X, Y)", "grandpaOf(X, Y)"):
        for kw in ({}, {"top_k": 2}, {"scorer": Misled()}):
            plain = [(a.to_python(), a.score) for a in kb.query(goal, mode="soft", **kw)]
            assert plain
            for c in (0.5, 3.0):
                got = [(a.to_python(), a.score)
                       for a in kb.query(goal, mode="soft", soft={"explore": c}, **kw)]
                assert got == plain, (goal, kw, c)
