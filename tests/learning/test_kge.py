"""ComplEx-N3 / DistMult: score functions by hand, training, determinism."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch

from neurosym import datasets
from neurosym.learning.data import load_dataset
from neurosym.learning.evaluate import evaluate_countries, evaluate_ranking
from neurosym.learning.kge import (
    KGEConfig,
    KGEModel,
    n3_penalty,
    query_vectors,
    subject_query_vectors,
    train_kge,
    triple_scores,
)

DATA = datasets.root()      # the benchmarks shipped in the package

SMALL = KGEConfig(dim=32, epochs=8, batch_size=200)


def c(*zs):
    """Complex numbers as a real vector: real parts, then imaginary parts."""
    return torch.tensor([[z.real for z in zs] + [z.imag for z in zs]], dtype=torch.float64)


def test_complex_score_by_hand():
    s, r, o = 1 + 2j, 3 + 1j, 2 - 1j
    expected = (s * r * o.conjugate()).real          # -5
    assert expected == -5
    assert triple_scores("complex", c(s), c(r), c(o)).item() == pytest.approx(-5)
    # the subject query vector scores s by a dot product with it
    q = subject_query_vectors("complex", c(r), c(o))
    assert (q * c(s)).sum().item() == pytest.approx(-5)
    # two complex dimensions add up
    s2, r2, o2 = 1j, 2 + 0j, 1 + 1j
    both = (s * r * o.conjugate() + s2 * r2 * o2.conjugate()).real
    assert triple_scores("complex", c(s, s2), c(r, r2), c(o, o2)).item() == pytest.approx(both)


def test_distmult_score_by_hand():
    s, r, o = torch.tensor([[1.0, 2.0]]), torch.tensor([[3.0, -1.0]]), torch.tensor([[2.0, 5.0]])
    assert triple_scores("distmult", s, r, o).item() == pytest.approx(1 * 3 * 2 - 2 * 5)
    assert torch.equal(query_vectors("distmult", s, r), subject_query_vectors("distmult", r, s))


def test_n3_penalty_by_hand():
    # a complex number 3 + 4i has modulus 5: 125; two rows -> divided by 2
    x = c(3 + 4j).repeat(2, 1)
    assert n3_penalty("complex", x).item() == pytest.approx(125.0)
    y = torch.tensor([[1.0, -2.0]])
    assert n3_penalty("distmult", y, y).item() == pytest.approx(2 * (1 + 8))


@pytest.mark.parametrize("kind", ["complex", "distmult"])
@pytest.mark.parametrize("reciprocal", [True, False])
def test_all_entity_scores_agree_with_score(kind, reciprocal):
    m = KGEModel(7, 3, kind, dim=4, reciprocal=reciprocal, init_scale=1.0, seed=3)
    s, r, o = torch.tensor([0, 5]), torch.tensor([1, 2]), torch.tensor([6, 2])
    objs = m.score_objects(s, r)
    assert objs.shape == (2, 7)
    for e in range(7):
        assert torch.allclose(objs[:, e], m.score(s, r, torch.full_like(s, e)))
    subs = m.score_subjects(r, o)
    for e in range(7):
        if reciprocal:   # the inverse relation scores subjects as objects
            want = m.score(o, r + 3, torch.full_like(o, e))
        else:
            want = m.score(torch.full_like(o, e), r, o)
        assert torch.allclose(subs[:, e], want, atol=1e-6)


def test_training_on_nations_beats_chance_by_far():
    d = load_dataset("nations", DATA)
    model, stats = train_kge(d, SMALL)
    assert stats.epochs == 8 and len(stats.losses) == 8
    assert stats.losses[-1] < stats.losses[0]
    m = evaluate_ranking(model, d)
    assert m.mrr > 0.6           # random ranking over 14 entities: about 0.3
    assert m.hits_at_10 > 0.95


def test_training_on_countries_s1_finds_the_regions():
    d = load_dataset("countries_s1", DATA)
    model, _ = train_kge(d, SMALL.model_copy(update={"epochs": 20}))
    assert evaluate_countries(model, d) > 0.9      # constant scores: about 0.15


def test_training_is_deterministic_under_a_seed():
    d = load_dataset("nations", DATA)
    cfg = SMALL.model_copy(update={"epochs": 2})
    a, sa = train_kge(d, cfg)
    b, sb = train_kge(d, cfg)
    assert torch.equal(a.entity, b.entity) and torch.equal(a.relation, b.relation)
    assert sa.losses == sb.losses
    other, _ = train_kge(d, cfg.model_copy(update={"seed": 1}))
    assert not torch.equal(a.entity, other.entity)


def test_training_from_raw_triples_and_distmult_without_reciprocals():
    train = np.array([[0, 0, 1], [1, 0, 2], [2, 1, 0]])
    cfg = KGEConfig(model="distmult", dim=8, epochs=3, reciprocal=False)
    model, stats = train_kge(train=train, n_entities=3, n_relations=2, config=cfg)
    assert model.relation.shape == (2, 8) and stats.steps == 3
    cfg = cfg.model_copy(update={"model": "complex", "reciprocal": True})
    model, _ = train_kge(train=train, n_entities=3, n_relations=2, config=cfg)
    assert model.relation.shape == (4, 16)
    with pytest.raises(ValueError):
        train_kge(train=train, config=cfg)


def test_thread_count_is_restored():
    before = torch.get_num_threads()
    train_kge(train=np.array([[0, 0, 1]]), n_entities=2, n_relations=1,
              config=KGEConfig(dim=2, epochs=1, threads=1))
    assert torch.get_num_threads() == before


def test_data_metrics_and_evaluate_do_not_import_torch():
    code = ("import sys\nimport neurosym.learning, neurosym.learning.data, neurosym.learning.metrics\n"
            "import neurosym.learning.evaluate, neurosym.cli.eval\n"
            "print('torch' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr
