"""Similarity kernels: scores in (0, 1] (RBF) or [-1, 1] (cosine).

``rbf`` is the Neural Theorem Provers' kernel ``exp(-|u - v|_2 / (2 mu^2))``
on the plain, unsquared L2 distance.  ``cosine`` is ``u.v / (|u| |v|)``.
``calibrated_width`` picks ``mu`` from the vectors themselves, so that the
RBF scores do not depend on the vectors' scale (see its docstring).
The NumPy versions take distances or vectors; the torch versions
(``rbf_torch``, ``cosine_torch``) are differentiable and broadcast over
leading dimensions, for the scored prover and training.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["rbf_from_distance", "rbf", "cosine", "similarity", "rbf_torch", "cosine_torch",
           "similarity_torch", "calibrated_width", "DEFAULT_MU", "CALIBRATION_SAMPLE"]

DEFAULT_MU = 1 / math.sqrt(2)      # exp(-|u - v|_2): the width when nothing calibrates it
CALIBRATION_SAMPLE = 1024          # at most this many vectors are compared pairwise


def rbf_from_distance(dist: np.ndarray | float, mu: float) -> np.ndarray:
    """The RBF score of a plain L2 distance (or an array of them)."""
    return np.exp(-np.asarray(dist, dtype=np.float64) / (2.0 * mu * mu))


def rbf(u: np.ndarray, v: np.ndarray, mu: float) -> np.ndarray:
    """RBF scores of ``u`` and ``v`` along their last axis (broadcasting)."""
    u = np.asarray(u, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    return rbf_from_distance(np.sqrt(((u - v) ** 2).sum(axis=-1)), mu)


def cosine(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Cosine similarity along the last axis (0 where a vector is zero)."""
    u = np.asarray(u, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    den = np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1)
    num = (u * v).sum(axis=-1)
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def calibrated_width(vectors: np.ndarray, sample: int = CALIBRATION_SAMPLE,
                     seed: int = 0) -> float | None:
    """The RBF width ``mu`` at which two vectors at the median pairwise
    distance ``D`` of ``vectors`` score 1/4: ``2 mu^2 = D / ln 4``, so the
    kernel is ``4 ** (-|u - v| / D)`` -- a pair half as far apart as a
    typical pair scores 1/2 (the default threshold), a pair at a tenth of it
    0.87.  Multiplying every vector by ``c`` multiplies ``D`` and ``2 mu^2``
    by ``c``: the scores do not change (scale-free).  At most ``sample``
    vectors (a fixed-seed choice) are compared; ``None`` when fewer than two
    distinct vectors are given."""
    x = np.asarray(vectors, dtype=np.float64)
    if x.ndim != 2 or len(x) < 2:
        return None
    if len(x) > sample:
        pick = np.random.default_rng(seed).choice(len(x), size=sample, replace=False)
        x = x[np.sort(pick)]
    sq = (x * x).sum(axis=1)
    d2 = sq[:, None] + sq[None, :] - 2.0 * (x @ x.T)
    d = np.sqrt(np.maximum(d2[np.triu_indices(len(x), k=1)], 0.0))
    d = d[d > 1e-9 * max(1.0, float(np.sqrt(sq.max())))]
    if not len(d):
        return None
    return math.sqrt(float(np.median(d)) / (2.0 * math.log(4.0)))


def similarity(u, v, kernel: str, mu: float) -> np.ndarray:
    if kernel == "rbf":
        return rbf(u, v, mu)
    if kernel == "cosine":
        return cosine(u, v)
    raise ValueError(f"unknown kernel {kernel!r}")


def rbf_torch(u, v, mu: float):
    """Differentiable RBF along the last axis (a small epsilon keeps the
    gradient of the distance finite at ``u == v``)."""
    import torch  # noqa: PLC0415
    d = torch.sqrt(((u - v) ** 2).sum(dim=-1) + 1e-12)
    return torch.exp(-d / (2.0 * mu * mu))


def cosine_torch(u, v):
    import torch  # noqa: PLC0415
    return torch.nn.functional.cosine_similarity(u, v, dim=-1, eps=1e-12)


def similarity_torch(u, v, kernel: str, mu: float):
    if kernel == "rbf":
        return rbf_torch(u, v, mu)
    if kernel == "cosine":
        return cosine_torch(u, v)
    raise ValueError(f"unknown kernel {kernel!r}")
