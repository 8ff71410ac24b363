"""Link-prediction metrics (numpy only).

Ranking (Nations, Kinship: NTP / GNTP / CTP protocol)
    For a query ``(s, r, ?)`` with true answer ``o`` the rank of ``o`` is
    ``1 + #{e : score(e) > score(o)} + #{e != o : score(e) == score(o)}``
    over the candidates that are not *filtered*: an entity ``e != o`` such
    that ``(s, r, e)`` is a known true triple (train + dev + test) is removed
    first.  **Ties are counted pessimistically**: every other candidate
    scoring exactly the true entity's score is ranked above it, so a model
    that gives all entities the same score gets the worst rank, never the
    best.  A NaN score counts as ``-inf`` (a NaN true score thus ties with,
    and ranks below, every other NaN/``-inf`` candidate).
    MRR is the mean of ``1 / rank``, Hits@k the fraction of ranks ``<= k``;
    the evaluation averages over both directions (object and subject
    queries) of every test triple.

AUC-PR (Countries protocol)
    Average precision of pooled scores against binary labels, the quantity
    that ``sklearn.metrics.average_precision_score`` computes (and that the
    GNTP / CTP code reports x 100):
    ``AP = sum_n (R_n - R_{n-1}) P_n`` over decreasing thresholds.
    ``ties="pessimistic"`` (default) orders tied scores negatives first, so
    each positive's precision counts every tied negative above it;
    ``ties="grouped"`` treats a run of tied scores as one threshold, exactly
    as sklearn does.  The two agree when no positive ties with a negative.
"""

from __future__ import annotations

import numpy as np

__all__ = ["filtered_ranks", "ranking_metrics", "hits_at", "average_precision"]


def filtered_ranks(scores: np.ndarray, targets: np.ndarray,
                   filter_mask: np.ndarray | None = None) -> np.ndarray:
    """Pessimistic filtered ranks (1-based, ``int64 [B]``).

    ``scores``: ``[B, n]`` candidate scores; ``targets``: ``[B]`` index of the
    true candidate of each row; ``filter_mask``: optional ``[B, n]`` bool,
    True for a candidate to remove (other known answers).  The true candidate
    is never removed, even if the mask marks it."""
    sc = np.array(scores, dtype=np.float64)          # a copy: NaN is replaced below
    if sc.ndim != 2:
        raise ValueError(f"scores must be [B, n], got shape {sc.shape}")
    b, n = sc.shape
    targets = np.asarray(targets, dtype=np.int64)
    if targets.shape != (b,):
        raise ValueError(f"targets must have shape ({b},), got {targets.shape}")
    if b and (targets.min() < 0 or targets.max() >= n):
        raise ValueError("target index out of range")
    sc[np.isnan(sc)] = -np.inf
    rows = np.arange(b)
    true = sc[rows, targets][:, None]
    keep = np.ones((b, n), dtype=bool) if filter_mask is None else ~np.asarray(filter_mask, bool)
    if keep.shape != (b, n):
        raise ValueError(f"filter_mask must have shape ({b}, {n}), got {keep.shape}")
    keep[rows, targets] = False                       # the target is not its own competitor
    above = ((sc > true) & keep).sum(axis=1)
    tied = ((sc == true) & keep).sum(axis=1)
    return (1 + above + tied).astype(np.int64)


def hits_at(ranks: np.ndarray, k: int) -> float:
    ranks = np.asarray(ranks)
    return float((ranks <= k).mean()) if len(ranks) else 0.0


def ranking_metrics(ranks: np.ndarray) -> dict[str, float]:
    """``mrr``, ``hits_at_1``, ``hits_at_3``, ``hits_at_10``, ``mean_rank`` of ``ranks``."""
    ranks = np.asarray(ranks, dtype=np.float64)
    if not len(ranks):
        return {"mrr": 0.0, "hits_at_1": 0.0, "hits_at_3": 0.0, "hits_at_10": 0.0,
                "mean_rank": 0.0}
    return {
        "mrr": float((1.0 / ranks).mean()),
        "hits_at_1": hits_at(ranks, 1),
        "hits_at_3": hits_at(ranks, 3),
        "hits_at_10": hits_at(ranks, 10),
        "mean_rank": float(ranks.mean()),
    }


def average_precision(scores: np.ndarray, labels: np.ndarray, ties: str = "pessimistic") -> float:
    """Average precision (area under the precision-recall curve as sklearn
    defines it) of ``scores`` for binary ``labels``; NaN scores count as
    ``-inf``.  Raises ``ValueError`` if there is no positive label."""
    sc = np.array(scores, dtype=np.float64).ravel()
    y = np.asarray(labels).ravel()
    if sc.shape != y.shape:
        raise ValueError(f"scores {sc.shape} and labels {y.shape} differ in shape")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    y = y.astype(bool)
    n_pos = int(y.sum())
    if n_pos == 0:
        raise ValueError("average precision needs at least one positive label")
    sc[np.isnan(sc)] = -np.inf
    if ties == "pessimistic":
        # descending score; among equal scores negatives (False) first
        order = np.lexsort((y, -sc))
        ys = y[order]
        tp = np.cumsum(ys)
        precision_at_pos = tp[ys] / (np.flatnonzero(ys) + 1)
        return float(precision_at_pos.sum() / n_pos)
    if ties == "grouped":
        order = np.argsort(-sc, kind="stable")
        s_sorted, ys = sc[order], y[order]
        last = np.r_[np.flatnonzero(s_sorted[1:] != s_sorted[:-1]), len(ys) - 1]   # tie runs' ends
        tp = np.cumsum(ys)[last]
        fp = (last + 1) - tp
        precision = tp / (tp + fp)
        recall = tp / n_pos
        prev = np.r_[0.0, recall[:-1]]
        return float(((recall - prev) * precision).sum())
    raise ValueError(f"ties must be 'pessimistic' or 'grouped', not {ties!r}")
