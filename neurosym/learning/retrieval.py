"""Greedy NTP's fact retrieval: the k nearest facts of a batch of goals.

A goal ``p(a, b)`` with some slots bound (predicate, subject, object) is
looked up by the concatenated vectors of its bound slots in an index
(``neurosym.bridge.backends``: FAISS by default) over the same slots of every
fact.  The indexes hold a snapshot of the vectors, taken by
:meth:`FactRetriever.rebuild` (every ``rebuild_every`` training batches);
the prover scores the facts found with the live vectors, so gradients flow.
"""

from __future__ import annotations

import numpy as np
import torch

from ..bridge.backends import make_index
from ..bridge.config import BridgeConfig

__all__ = ["FactRetriever", "NO_FACT"]

NO_FACT = -1        # padding row: fewer facts than asked for


class FactRetriever:
    """k nearest facts of goals, by the bound slots (Greedy NTP).

    ``facts``: ``int64 [F, 3]`` rows ``(s, r, o)``.  One index per pattern
    of bound slots (``(0, 1, 2)``: predicate, subject, object); built from
    a snapshot of the vectors on first use after ``rebuild()``."""

    def __init__(self, facts: np.ndarray, dim: int, backend: str = "faiss") -> None:
        self.facts = np.asarray(facts, dtype=np.int64).reshape(-1, 3)
        self.config = BridgeConfig(dim=dim, backend=backend, index="flat")
        self._indexes: dict[tuple, object] = {}
        self._snap: tuple[np.ndarray, np.ndarray] | None = None
        self.builds = 0

    def rebuild(self, entity: torch.Tensor, relation: torch.Tensor) -> None:
        """Take a new snapshot of the vectors; indexes are rebuilt on next use."""
        self._snap = (entity.detach().to("cpu", torch.float32).numpy().copy(),
                      relation.detach().to("cpu", torch.float32).numpy().copy())
        self._indexes = {}

    def _slot(self, slot: int, rows: np.ndarray) -> np.ndarray:
        ent, rel = self._snap
        f = self.facts[rows]
        return rel[f[:, 1]] if slot == 0 else ent[f[:, 0 if slot == 1 else 2]]

    def search(self, slots: tuple[int, ...], queries: np.ndarray, k: int) -> np.ndarray:
        """``int64 [m, k]`` fact rows nearest to ``queries`` (``[m, len(slots)*dim]``),
        ``-1`` padding when there are fewer facts."""
        if self._snap is None:
            raise RuntimeError("FactRetriever.search before rebuild")
        n = len(self.facts)
        m = len(queries)
        out = np.full((m, k), NO_FACT, dtype=np.int64)
        if n == 0 or m == 0:
            return out
        idx = self._indexes.get(slots)
        if idx is None:
            every = np.arange(n)
            x = np.concatenate([self._slot(s, every) for s in slots], axis=1)
            idx = make_index(self.config, x.shape[1], n)
            idx.build(np.ascontiguousarray(x, dtype=np.float32))
            self._indexes[slots] = idx
            self.builds += 1
        q = np.ascontiguousarray(queries, dtype=np.float32)
        # many goals repeat (one rule copy's sub-goal for every candidate answer):
        # search each distinct query vector once
        keys = q.view(np.dtype((np.void, q.dtype.itemsize * q.shape[1]))).ravel()
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        _, rows = idx.search(q[first], k)
        out[:, :rows.shape[1]] = rows[inverse.ravel()]
        return out
