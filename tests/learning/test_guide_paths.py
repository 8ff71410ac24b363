"""The trained step scorer on every soft path: the symbolic proofs of a
trained model's answers (``kb.train`` then ``kb.train_guide``), self-play at
the trained depth, and real soft matches rated by the learned scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from neurosym import KnowledgeBase  # noqa: E402
from neurosym.config import BridgeConfig, TrainConfig  # noqa: E402
from neurosym.learning.config import OptimConfig, ProverConfig  # noqa: E402
from neurosym.learning.selfplay import GuideConfig  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FAST = dict(rounds=1, budget=60, epochs=5, hidden=16, seed=0)


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    n = torch.get_num_threads()           # tiny batches: one thread is faster here
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


def steps(proof):
    """Every step of ``proof``, depth first."""
    out, stack = [], list(proof.steps)
    while stack:
        s = stack.pop()
        out.append(s)
        stack.extend(s.children)
    return out


@pytest.fixture(scope="module")
def paths():
    """A chain of edges and some of its paths, trained with a recursive rule
    template and its decoded rules added (as ``kb.train`` leaves it)."""
    chain = " ".join(f"edge(n{i}, n{i + 1})." for i in range(8))
    known = " ".join(f"path(n{i}, n{j})." for i in range(8) for j in range(i + 1, 9)
                     if (i * 7 + j) % 3)
    kb = KnowledgeBase.from_string(chain + " " + known)
    config = TrainConfig(prover=ProverConfig(dim=8),
                         optim=OptimConfig(epochs=5, batch_size=8, seed=0))
    kb.train("1 #1(X, Y) :- #1(X, Z), #2(Z, Y).\n1 #1(X, Y) :- #2(X, Y).", config,
             add_rules=True, min_confidence=0.0)
    return kb


def test_self_play_on_a_trained_kb_searches_at_the_trained_depth(paths):
    depth = paths._trained_ranker().depth
    assert paths.train_guide(**FAST).config.max_depth == depth      # as kb.query's default
    assert paths.train_guide(max_depth=depth + 2, **FAST).config.max_depth == depth + 2
    given = GuideConfig(max_depth=None, **FAST)                     # set, to none: kept
    assert paths.train_guide(config=given).config.max_depth is None


def test_a_trained_answers_symbolic_proof_is_rated_by_the_guide(paths):
    paths.train_guide(**FAST)
    goal = "path(n2, X)"
    guided = list(paths.query(goal, mode="soft", top_k=5))
    neutral = list(paths.query(goal, mode="soft", top_k=5, scorer="neutral"))
    # the model ranks: the guide changes no answer and no score
    assert [(a.to_python(), a.score) for a in guided] == \
        [(a.to_python(), a.score) for a in neutral]
    traced = [s for a in guided for s in steps(a.proof)
              if s.kind != "learned" and s.prior is not None]
    assert traced, "the prover's proofs show the guide's priors and values"
    assert all(0 < s.prior <= 1 and 0 <= s.value <= 1 for s in traced)
    assert all(s.prior is None for a in neutral for s in steps(a.proof))
    assert "(prior " in guided[0].proof.render()
    with pytest.raises(Exception, match="prune must be between 0 and 1"):
        paths.query(goal, mode="soft", prune=2.0)


@pytest.fixture(scope="module")
def soft_family():
    kb = KnowledgeBase.from_file(ROOT / "kb/soft_family.nsl")
    kb.space = BridgeConfig(dim=4, seed=0)
    kb.space.load_vectors(ROOT / "kb/soft_family.vec", kind=None)
    return kb


def test_the_learned_scorer_rates_real_soft_matches(soft_family, tmp_path):
    """``grandpaOf`` is in no clause: its answers come by the soft match
    ``grandpaOf ~ grandfatherOf``, and the trained scorer rates that step."""
    kb = soft_family
    result = kb.train_guide(["grandpaOf(abe, X)", "grandpaOf(homer, X)"], mode="soft",
                            top_k=0, **{**FAST, "rounds": 2, "budget": 200})
    assert result.history[0].proved >= 1
    kb.save(tmp_path / "guided")
    back = KnowledgeBase.load(tmp_path / "guided")
    assert back.guide is not None
    got = list(back.query("grandpaOf(abe, X)", mode="soft"))
    assert sorted(a.to_python()["X"] for a in got) == ["bart", "lisa", "maggie"]
    for a in got:
        (top,) = a.proof.steps
        assert top.kind == "soft"
        assert [(m.this, m.other) for m in top.matches] == [("grandpaOf", "grandfatherOf")]
        assert top.prior is not None and 0 < top.prior <= 1
        assert top.value is not None and 0 <= top.value <= 1
        assert all(s.prior is not None for s in steps(a.proof))
    # the saved scorer rates as the trained one did; the neutral scorer rates nothing
    here = list(kb.query("grandpaOf(abe, X)", mode="soft"))
    assert [(a.score, [(s.prior, s.value) for s in steps(a.proof)]) for a in here] == \
        [(a.score, [(s.prior, s.value) for s in steps(a.proof)]) for a in got]
    neutral = list(back.query("grandpaOf(abe, X)", mode="soft", scorer="neutral"))
    assert [(a.to_python(), a.score) for a in neutral] == [(a.to_python(), a.score) for a in got]
    assert all(s.prior is None for a in neutral for s in steps(a.proof))
