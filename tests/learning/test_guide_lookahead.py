"""The step scorer's look-ahead features, and reading a guide saved before
the second look-ahead step (checkpoint version 2) as it was trained."""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")

from neurosym import KnowledgeBase  # noqa: E402
from neurosym.errors import CheckpointError  # noqa: E402
from neurosym.learning.guide_model import N_NUMERIC, N_NUMERIC_V2, support  # noqa: E402
from neurosym.learning.guide_state import guide_state, scorer_from_state  # noqa: E402
from neurosym.learning.selfplay import GuideConfig, new_scorer  # noqa: E402
from neurosym.reasoning.guide import StepScorer  # noqa: E402
from neurosym.terms.printer import format_term  # noqa: E402

# ``kin(R, x, y)``: neither relation holds as a fact between x and y, both
# have one rule; only p's rule starts from a relation x has (``a(x, m)``)
TWO_RELATIONS = """
kin(p, X, Y) :- p(X, Y).
kin(q, X, Y) :- q(X, Y).
p(X, Y) :- a(X, Z), b(Z, Y).
q(X, Y) :- c(X, Z), b(Z, Y).
a(x, m). b(m, y). c(u, v).
"""


class Recorder(StepScorer):
    """A neutral scorer that keeps each choice's candidates' look-ahead."""

    batch = 256                       # a whole choice at once

    def __init__(self, store) -> None:
        self.store, self.seen = store, []

    def rate(self, position, cands):
        self.seen.append((format_term(position.goal), [support(self.store, c) for c in cands]))
        return [1.0] * len(cands), [1.0] * len(cands)


def test_the_second_look_ahead_step_tells_apart_what_the_first_cannot():
    kb = KnowledgeBase.from_string(TWO_RELATIONS)
    rec = Recorder(kb.store)
    answers = list(kb.query("kin(R, x, y)", mode="guided", scorer=rec))
    assert [a.to_python()["R"] for a in answers] == ["p"]
    goal, (p, q) = rec.seen[0]
    assert goal.startswith("kin(")
    # (facts, rules, deep, tried): no fact and one rule for either relation;
    # p's rule reads a fact of x for its first goal, q's does not
    assert p == (0, 1, 1, 1) and q == (0, 1, 0, 1)
    # a fact step has no look-ahead
    assert any(c == (-1, -1, -1, 0) for _, cs in rec.seen for c in cs)


def test_the_scorer_reads_the_second_step_as_its_last_two_features():
    kb = KnowledgeBase.from_string(TWO_RELATIONS)
    scorer = new_scorer(kb.vectors, kb.store, GuideConfig(hidden=8, seed=1, symbols=False))
    scorer.record = []
    list(kb.query("kin(R, x, y)", mode="guided", scorer=scorer))
    top = scorer.record[0].numeric[0]              # [candidates, features]
    assert top.shape == (2, N_NUMERIC)
    assert torch.equal(top[0, :N_NUMERIC_V2], top[1, :N_NUMERIC_V2])
    assert top[0, -1] == 1.0 and top[1, -1] == 0.0     # the share of rules that read a fact
    assert top[0, -2] > 0 and top[1, -2] == 0.0


def _meta(state) -> dict:
    return json.loads(bytes(state["meta"].tolist()).decode("utf-8"))


def _with_meta(state, meta) -> dict:
    return dict(state, meta=torch.tensor(list(json.dumps(meta).encode()), dtype=torch.uint8))


def _priors(kb, scorer) -> list:
    out = []

    def walk(steps):
        for s in steps:
            out.append(s.prior)
            walk(s.children)
    for a in kb.query("kin(R, x, Y)", mode="guided", scorer=scorer):
        walk(a.proof.steps)
    return out


def test_a_version_2_guide_is_read_with_its_ten_features_and_stays_so(tmp_path):
    kb = KnowledgeBase.from_string(TWO_RELATIONS + "kin(r, x, y).\n")
    config = GuideConfig(hidden=8, seed=1)
    scorer = new_scorer(kb.vectors, kb.store, config)
    g = torch.Generator().manual_seed(5)
    with torch.no_grad():                       # ratings that differ between candidates
        for p in scorer.net.parameters():
            p.copy_(torch.randn(p.shape, generator=g))
        scorer.net.mix[0].weight[:, -2:] = 0.0  # the second step unread ...
    state = guide_state(scorer, config, [])
    # ... as a version-2 file: the mixing layer ten features wide, no "numeric"
    old = {k: v for k, v in state.items() if k != "meta"}
    old["mix.0.weight"] = old["mix.0.weight"][:, :-2].clone()
    meta = _meta(state)
    meta["version"] = 2
    del meta["numeric"]
    old = _with_meta(old, meta)

    read, _, _ = scorer_from_state(old, kb.vectors, kb.store)
    assert read.net.n_numeric == N_NUMERIC_V2
    assert _priors(kb, read) == pytest.approx(_priors(kb, scorer), abs=1e-6)
    assert min(_priors(kb, read)) < 1.0

    # saved again (as version 3), it is still read with ten features
    again, _, _ = scorer_from_state(guide_state(read, config, []), kb.vectors, kb.store)
    assert again.net.n_numeric == N_NUMERIC_V2
    assert _priors(kb, again) == _priors(kb, read)

    # a version-2 file whose layer is twelve wide, a version-3 one that names
    # a width this neurosym does not build: refused, saying what differs
    with pytest.raises(CheckpointError, match="mix.0.weight"):
        scorer_from_state(_with_meta(state, meta), kb.vectors, kb.store)
    bad = dict(_meta(state), numeric=11)
    with pytest.raises(CheckpointError, match="numeric"):
        scorer_from_state(_with_meta(state, bad), kb.vectors, kb.store)
    bad = dict(_meta(state), version=1)
    with pytest.raises(CheckpointError, match="version 1"):
        scorer_from_state(_with_meta(state, bad), kb.vectors, kb.store)
