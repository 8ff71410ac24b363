"""Kernels: NumPy and torch agree; the torch ones are differentiable."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from neurosym.bridge.kernels import (
    calibrated_width,
    cosine,
    cosine_torch,
    rbf,
    rbf_from_distance,
    rbf_torch,
    similarity,
    similarity_torch,
)


def test_rbf_is_exp_of_minus_plain_l2_over_2_mu_squared():
    u, v = np.array([0.0, 3.0]), np.array([4.0, 0.0])      # |u - v| = 5
    assert rbf(u, v, 2.0) == pytest.approx(math.exp(-5 / 8))
    assert rbf_from_distance(5.0, 2.0) == pytest.approx(math.exp(-5 / 8))
    assert rbf(u, u, 0.1) == 1.0


def test_cosine_and_zero_vectors():
    assert cosine(np.array([1.0, 0]), np.array([2.0, 0])) == pytest.approx(1.0)
    assert cosine(np.array([1.0, 0]), np.array([0.0, 3])) == pytest.approx(0.0)
    assert cosine(np.zeros(2), np.array([1.0, 0])) == 0.0
    with pytest.raises(ValueError, match="unknown kernel"):
        similarity(np.zeros(2), np.zeros(2), "dot", 1.0)


@pytest.mark.parametrize("kernel", ["rbf", "cosine"])
def test_torch_matches_numpy_and_has_gradients(kernel):
    rng = np.random.default_rng(0)
    u, v = rng.standard_normal((3, 4, 5)), rng.standard_normal((4, 5))   # broadcasting
    tu = torch.tensor(u, requires_grad=True)
    out = similarity_torch(tu, torch.tensor(v), kernel, 0.7)
    assert out.shape == (3, 4)
    assert np.allclose(out.detach().numpy(), similarity(u, v, kernel, 0.7), atol=1e-6)
    out.sum().backward()
    assert tu.grad is not None and torch.isfinite(tu.grad).all()
    same = torch.ones(5, requires_grad=True)
    k = rbf_torch(same, torch.ones(5), 1.0) if kernel == "rbf" else \
        cosine_torch(same, torch.ones(5))
    k.backward()
    assert k.item() == pytest.approx(1.0) and torch.isfinite(same.grad).all()


# -- the calibrated RBF width ---------------------------------------------------------

def test_calibrated_width_scores_the_median_pair_one_quarter():
    x = np.array([[0.0, 0], [3, 0], [0, 4], [3, 4]])    # distances 3, 4, 5, 5, 4, 3
    mu = calibrated_width(x)
    assert rbf_from_distance(4.0, mu) == pytest.approx(0.25)      # the median distance
    assert rbf_from_distance(2.0, mu) == pytest.approx(0.5)       # half of it


@pytest.mark.parametrize("scale", [0.1, 10.0, 100.0])
def test_calibrated_scores_do_not_depend_on_the_scale(scale):
    x = np.random.default_rng(3).standard_normal((40, 6)) * 7
    u, v = x[0], x[1]
    base = rbf(u, v, calibrated_width(x))
    assert rbf(u * scale, v * scale, calibrated_width(x * scale)) == pytest.approx(base)


def test_calibrated_width_needs_two_distinct_vectors_and_samples_large_sets():
    assert calibrated_width(np.zeros((0, 3))) is None
    assert calibrated_width(np.ones((1, 3))) is None
    assert calibrated_width(np.ones((5, 3))) is None          # all equal: no distance
    big = np.random.default_rng(0).standard_normal((3000, 4))
    assert calibrated_width(big, sample=500) == calibrated_width(big, sample=500)
    assert calibrated_width(big, sample=500) == pytest.approx(calibrated_width(big), rel=0.05)
