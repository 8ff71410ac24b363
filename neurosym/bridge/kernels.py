"""Similarity kernels: scores in (0, 1] (RBF) or [-1, 1] (cosine).

``rbf`` is the Neural Theorem Provers' kernel ``exp(-|u - v|_2 / (2 mu^2))``
on the plain, unsquared L2 distance.  ``cosine`` is ``u.v / (|u| |v|)``.
The NumPy versions take distances or vectors; the torch versions
(``rbf_torch``, ``cosine_torch``) are differentiable and broadcast over
leading dimensions, for the scored prover and training.
"""

from __future__ import annotations

import numpy as np

__all__ = ["rbf_from_distance", "rbf", "cosine", "similarity", "rbf_torch", "cosine_torch",
           "similarity_torch"]


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
