"""``kb.space`` and ``kb.similar``: nearest symbols of a knowledge base."""

from __future__ import annotations

import math

import numpy as np
import pytest

from neurosym import KnowledgeBase
from neurosym.bridge import BridgeConfig, BridgeError, SymbolSpace, UnknownSymbolError
from neurosym.bridge.similar import SimilarHit, did_you_mean

SRC = """
capital(paris, france). capital(rome, italy). capital(berlin, germany).
city(paris). city(rome). city(berlin). city(madrid).
p(p).
"""


def make_kb(backend: str = "faiss", dim: int = 4) -> KnowledgeBase:
    kb = KnowledgeBase.from_string(SRC)
    kb.space = BridgeConfig(dim=dim, seed=3, backend=backend)
    return kb


def test_the_symbol_itself_comes_first_with_score_one(backend):
    kb = make_kb(backend, dim=16)
    for name in ["paris", "rome", "france", "madrid"]:
        hits = kb.similar(name, k=3)
        assert isinstance(hits[0], SimilarHit)
        assert hits[0].symbol == name and hits[0].kind == "constant"
        assert hits[0].score == pytest.approx(1.0)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        assert len({h.symbol for h in hits}) == 3


def test_given_vectors_order_the_results(backend):
    kb = make_kb(backend)
    space = kb.space
    far = np.full((space.count("constant"), 4), 10.0) + np.arange(space.count("constant"))[:, None]
    space.set_matrix(far, "constant")                 # every other constant far away
    names = ["paris", "rome", "berlin", "madrid", "france"]
    vecs = np.array([[0, 0, 0, 0], [0.1, 0, 0, 0], [0.5, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0]])
    space.set_vectors(names, vecs, kind="constant")
    hits = kb.similar("paris", k=4)
    assert [h.symbol for h in hits] == ["paris", "rome", "berlin", "madrid"]
    # the default kernel is exp(-|u - v| / (2 mu^2)) on the plain L2 distance, mu
    # calibrated from the given vectors (space.width())
    w = 2 * space.width() ** 2
    assert [h.score for h in hits] == pytest.approx([1.0, math.exp(-0.1 / w), math.exp(-0.5 / w),
                                                     math.exp(-2.0 / w)], rel=1e-5)
    assert [h.symbol for h in kb.similar("madrid", k=2)] == ["madrid", "paris"]


def test_k_bounds_the_answer(backend):
    kb = make_kb(backend)
    n = kb.space.count("constant")
    assert len(kb.similar("rome", k=1)) == 1
    assert len(kb.similar("rome")) == 5                     # the default k
    assert len(kb.similar("rome", k=n + 10)) == n            # no more than there are
    for bad in [0, -1, 2.0, True]:
        with pytest.raises(BridgeError, match="k must be a positive integer"):
            kb.similar("rome", k=bad)


def test_kinds_are_kept_apart():
    kb = make_kb()
    # p is both a predicate and a constant: the constant row by default
    assert {h.kind for h in kb.similar("p", k=20)} == {"constant"}
    preds = kb.similar("p", k=20, kind="predicate")
    assert preds[0].symbol == "p" and {h.kind for h in preds} == {"predicate"}
    assert {h.symbol for h in preds} == {"p", "capital", "city"}
    # a predicate-only name is found as a predicate without saying so
    (hit,) = kb.similar("capital", k=1)
    assert (hit.symbol, hit.kind, hit.score) == ("capital", "predicate", pytest.approx(1.0))
    assert kb.similar("capital/2", k=1)[0].symbol == "capital"
    with pytest.raises(UnknownSymbolError, match="no predicate vector for symbol 'paris'"):
        kb.similar("paris", kind="predicate")
    with pytest.raises(BridgeError, match="unknown kind"):
        kb.similar("paris", kind="verb")


def test_unknown_symbol_says_did_you_mean():
    kb = make_kb()
    with pytest.raises(UnknownSymbolError) as e:
        kb.similar("pariss")
    assert str(e.value) == ("no constant or predicate vector for symbol 'pariss'; "
                            "did you mean 'paris'?")
    assert e.value.suggestions == ["paris"]
    assert e.value.render().startswith("error: no constant")
    with pytest.raises(UnknownSymbolError) as e:
        kb.similar("capitol")
    assert "did you mean 'capital'" in str(e.value)
    with pytest.raises(UnknownSymbolError) as e:
        kb.similar("zzzzzz")
    assert "did you mean" not in str(e.value) and e.value.suggestions == []


def test_did_you_mean_picks_close_names_best_first():
    assert did_you_mean("grandpa", ["grandma", "grandpaOf", "uncle"]) == ["grandpaOf", "grandma"]
    assert did_you_mean("x", ["grandma"]) == []


def test_the_space_is_built_lazily_and_grows_with_the_store():
    kb = KnowledgeBase.from_string("likes(bart, skating).")
    space = kb.space
    assert kb.space is space                        # one space, reused
    assert space.symbols is kb.symbols
    assert space.has("bart") and space.has("likes", "predicate")
    space.set_vectors(["bart"], np.ones((1, space.dim)))
    kb.add("likes(lisa, music). sings(lisa).")
    assert kb.space is space
    assert space.has("lisa") and space.has("music") and space.has("sings", "predicate")
    assert np.allclose(space.vector("bart").numpy(), 1.0)       # old vectors are kept
    assert kb.similar("lisa", k=1)[0].symbol == "lisa"


def test_assigning_a_space_or_a_config():
    kb = KnowledgeBase.from_string("a(b).")
    kb.space = BridgeConfig(dim=6, backend="numpy")
    assert kb.space.dim == 6 and kb.space.config.backend == "numpy"
    mine = SymbolSpace(kb.symbols, BridgeConfig(dim=3, backend="numpy"))
    kb.space = mine
    assert kb.space is mine and mine.has("b")                   # synced on first use
    with pytest.raises(BridgeError, match="another symbol table"):
        kb.space = SymbolSpace(config=BridgeConfig(dim=3))
    with pytest.raises(TypeError):
        kb.space = "nope"


def test_a_saved_space_attaches_to_another_kb(tmp_path):
    kb = make_kb("numpy")
    kb.space.set_vectors(["paris", "rome"], np.array([[1.0, 0, 0, 0], [0.9, 0, 0, 0]]))
    kb.space.save(tmp_path / "s")
    other = KnowledgeBase.from_string(SRC)
    other.space = SymbolSpace.load(tmp_path / "s", symbols=other.symbols)
    assert [h.symbol for h in other.similar("paris", k=2)] == ["paris", "rome"]


def test_the_space_is_built_only_when_asked_for():
    import subprocess
    import sys
    code = ("import sys\nfrom neurosym import KnowledgeBase\n"
            "kb = KnowledgeBase.from_string('a(b). a(c).')\n"
            "assert kb.count('a(X)') == 2\n"
            "print('torch' in sys.modules, 'faiss' in sys.modules)\n"
            "print(kb.similar('b', k=1)[0].symbol)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False", "b"], out.stderr
