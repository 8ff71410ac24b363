"""Index backends: k-nearest-neighbour search over rows of a float32 matrix.

A small registry maps a name to a backend class:

* ``"numpy"`` -- brute force in float64 NumPy, exact, no dependency: the
  reference every other backend is tested against;
* ``"faiss"`` -- FAISS: ``IndexFlatL2`` (exact), ``IndexHNSWFlat`` or
  ``IndexIVFFlat`` (approximate).  FAISS is imported only when such an index
  is made; if it cannot be imported, or an index type is not available, a
  :class:`BackendUnavailableError` says so -- no silent swap to NumPy.

Every backend implements the same contract (``tests/bridge/test_backends.py``
runs one suite over all registered backends): ``build(vectors)`` replaces
the contents, ``add(vectors)`` appends rows (ids continue from ``len``),
``search(queries, k)`` returns ``(distances, ids)``, both ``(m, min(k, len))``,
distances being the plain (unsquared) L2 distances in non-decreasing order
and ids row numbers; an approximate index may return id ``-1`` (distance
``inf``) where it found fewer than ``k`` rows.

FAISS runs a search of fewer than 8 queries on one OpenMP thread (thread
start-up cost 10x the search itself for single queries on a 2-core machine);
the thread count is a process-wide FAISS setting, restored after the search.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from .config import BridgeConfig
from .errors import BackendUnavailableError

__all__ = ["IndexBackend", "NumpyIndex", "FaissIndex", "register_backend", "get_backend",
           "backend_names", "make_index", "import_faiss"]

_REGISTRY: dict[str, type["IndexBackend"]] = {}
_FEW_QUERIES = 8


def register_backend(cls: type["IndexBackend"]) -> type["IndexBackend"]:
    """Register a backend class under ``cls.name`` (usable as a decorator)."""
    _REGISTRY[cls.name] = cls
    return cls


def backend_names() -> list[str]:
    return sorted(_REGISTRY)


def get_backend(backend: "str | type[IndexBackend]") -> type["IndexBackend"]:
    """The backend class for a name (or the class itself)."""
    if isinstance(backend, type) and issubclass(backend, IndexBackend):
        return backend
    cls = _REGISTRY.get(backend) if isinstance(backend, str) else None
    if cls is None:
        raise BackendUnavailableError(
            f"unknown index backend {backend!r} (known: {', '.join(backend_names())})")
    return cls


def make_index(config: BridgeConfig, dim: int, n: int) -> "IndexBackend":
    """An empty index for ``n`` rows of dimension ``dim`` as ``config`` asks."""
    cls = get_backend(config.backend)
    kind = config.index_type(n, backend_exact_only=cls.index_types == frozenset({"flat"}))
    return cls(dim, kind, config)


def _as_matrix(x: np.ndarray, dim: int) -> np.ndarray:
    x = np.ascontiguousarray(x, dtype=np.float32)
    if x.ndim != 2 or x.shape[1] != dim:
        raise ValueError(f"expected an (n, {dim}) matrix, got shape {x.shape}")
    return x


class IndexBackend(ABC):
    """Base class and contract of an index backend."""

    name: ClassVar[str] = ""
    index_types: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, dim: int, index_type: str = "flat",
                 config: BridgeConfig | None = None) -> None:
        if index_type not in self.index_types:
            raise BackendUnavailableError(
                f"index type {index_type!r} is not available in the {self.name!r} backend "
                f"(available: {', '.join(sorted(self.index_types))})")
        self.dim = dim
        self.index_type = index_type
        self.config = config or BridgeConfig(dim=dim)

    @property
    def exact(self) -> bool:
        return self.index_type == "flat"

    @abstractmethod
    def build(self, vectors: np.ndarray) -> None:
        """Index ``vectors`` (replacing what was indexed)."""

    @abstractmethod
    def add(self, vectors: np.ndarray) -> None:
        """Append ``vectors`` to the index."""

    @abstractmethod
    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """``(distances, ids)`` of the ``k`` nearest rows for each query."""

    @abstractmethod
    def __len__(self) -> int:
        """How many rows are indexed."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.index_type}, dim={self.dim}, n={len(self)})"


@register_backend
class NumpyIndex(IndexBackend):
    """Exact brute force (float64 arithmetic); ties broken by the smaller id."""

    name = "numpy"
    index_types = frozenset({"flat"})

    def __init__(self, dim: int, index_type: str = "flat",
                 config: BridgeConfig | None = None) -> None:
        super().__init__(dim, index_type, config)
        self._x = np.empty((0, dim), dtype=np.float64)
        self._sq = np.empty(0, dtype=np.float64)

    def build(self, vectors: np.ndarray) -> None:
        self._x = _as_matrix(vectors, self.dim).astype(np.float64)
        self._sq = np.einsum("ij,ij->i", self._x, self._x)

    def add(self, vectors: np.ndarray) -> None:
        x = _as_matrix(vectors, self.dim).astype(np.float64)
        self._x = np.concatenate([self._x, x])
        self._sq = np.concatenate([self._sq, np.einsum("ij,ij->i", x, x)])

    def __len__(self) -> int:
        return len(self._x)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        q = _as_matrix(queries, self.dim).astype(np.float64)
        n = len(self._x)
        k = max(0, min(int(k), n))
        dist = np.empty((len(q), k), dtype=np.float32)
        ids = np.empty((len(q), k), dtype=np.int64)
        if k == 0 or len(q) == 0:
            return dist, ids
        step = max(1, (1 << 22) // max(n, 1))
        for s in range(0, len(q), step):
            qq = q[s:s + step]
            d2 = (np.einsum("ij,ij->i", qq, qq)[:, None] - 2.0 * (qq @ self._x.T)
                  + self._sq[None, :])
            np.maximum(d2, 0.0, out=d2)
            if k < n:
                part = np.argpartition(d2, k - 1, axis=1)[:, :k]
                # keep every row tied with the k-th distance, so ties go to the smaller id
                kth = np.take_along_axis(d2, part, axis=1).max(axis=1, keepdims=True)
                for r in range(len(qq)):
                    cand = np.flatnonzero(d2[r] <= kth[r])
                    order = np.lexsort((cand, d2[r, cand]))[:k]
                    ids[s + r] = cand[order]
            else:
                ar = np.arange(n)
                for r in range(len(qq)):
                    ids[s + r] = np.lexsort((ar, d2[r]))
            dist[s:s + len(qq)] = np.sqrt(np.take_along_axis(d2, ids[s:s + len(qq)], axis=1))
        return dist, ids


def import_faiss():
    """``faiss``, or a :class:`BackendUnavailableError` saying why it is not there."""
    try:
        import faiss  # noqa: PLC0415 -- lazy on purpose: the exact layers never load it
    except ImportError as e:  # pragma: no branch
        raise BackendUnavailableError(
            f"the 'faiss' index backend needs the faiss package, which cannot be imported "
            f"({e}); install faiss-cpu or configure backend='numpy'") from e
    return faiss


@register_backend
class FaissIndex(IndexBackend):
    """FAISS: ``flat`` (``IndexFlatL2``), ``hnsw`` (``IndexHNSWFlat``), ``ivf`` (``IndexIVFFlat``)."""

    name = "faiss"
    index_types = frozenset({"flat", "hnsw", "ivf"})

    def __init__(self, dim: int, index_type: str = "flat",
                 config: BridgeConfig | None = None) -> None:
        super().__init__(dim, index_type, config)
        self._faiss = import_faiss()
        needed = {"flat": "IndexFlatL2", "hnsw": "IndexHNSWFlat", "ivf": "IndexIVFFlat"}[index_type]
        if not hasattr(self._faiss, needed):
            raise BackendUnavailableError(
                f"this faiss build has no {needed} (index type {index_type!r})")
        self._index = self._new(0)

    def _new(self, n: int):
        faiss, c = self._faiss, self.config
        if self.index_type == "flat":
            return faiss.IndexFlatL2(self.dim)
        if self.index_type == "hnsw":
            index = faiss.IndexHNSWFlat(self.dim, c.hnsw_m)
            index.hnsw.efConstruction = c.hnsw_ef_construction
            index.hnsw.efSearch = c.hnsw_ef_search
            return index
        # default: about 4*sqrt(n) lists, and at least 39 training points per list
        nlist = c.ivf_nlist or min(int(4 * np.sqrt(max(n, 1))), n // 39)
        nlist = max(1, min(nlist, n)) if n else 1
        quantizer = faiss.IndexFlatL2(self.dim)
        index = faiss.IndexIVFFlat(quantizer, self.dim, nlist)
        self._quantizer = quantizer           # keep the quantizer alive with the index
        index.nprobe = min(c.ivf_nprobe, nlist)
        return index

    def build(self, vectors: np.ndarray) -> None:
        x = _as_matrix(vectors, self.dim)
        self._index = self._new(len(x))
        if self.index_type == "ivf" and len(x):
            self._index.train(x)
        if len(x):
            self._index.add(x)

    def add(self, vectors: np.ndarray) -> None:
        x = _as_matrix(vectors, self.dim)
        if not len(x):
            return
        if not self._index.is_trained:      # an IVF index trains on its first rows
            self.build(x)
            return
        self._index.add(x)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        q = _as_matrix(queries, self.dim)
        k = max(0, min(int(k), len(self)))
        if k == 0 or len(q) == 0:
            return np.empty((len(q), k), dtype=np.float32), np.empty((len(q), k), dtype=np.int64)
        if len(q) < _FEW_QUERIES:
            # OpenMP's start-up costs more than it saves on a handful of queries
            # (measured: 10x slower single queries on 2 cores); run them on one thread
            faiss = self._faiss
            threads = faiss.omp_get_max_threads()
            faiss.omp_set_num_threads(1)
            try:
                d2, ids = self._index.search(q, k)
            finally:
                faiss.omp_set_num_threads(threads)
        else:
            d2, ids = self._index.search(q, k)
        dist = np.sqrt(np.maximum(d2, 0.0)).astype(np.float32)
        dist[ids < 0] = np.inf
        return dist, ids.astype(np.int64)
