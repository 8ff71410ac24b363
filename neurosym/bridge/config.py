"""``BridgeConfig``: every tunable of the thought-vector bridge (pydantic).

Importing this module imports neither torch nor faiss, so the exact layers
and ``neurosym.config`` may re-export it freely.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["BridgeConfig", "KINDS", "Kind"]

Kind = Literal["constant", "predicate"]
KINDS: tuple[str, str] = ("constant", "predicate")


class BridgeConfig(BaseModel):
    """Configuration of a :class:`~neurosym.bridge.SymbolSpace` and its indexes.

    * ``dim``        -- dimension of every symbol vector;
    * ``seed``       -- seed of the initial vectors (same seed, same numbers);
    * ``init_std``   -- standard deviation of the normal initialisation
      (``None``: ``1/sqrt(dim)``, so vectors have norm about 1);
    * ``backend``    -- index backend by name (``"faiss"`` or ``"numpy"``, see
      ``neurosym.bridge.backends``); a missing backend is an error, never a swap;
    * ``index``      -- ``"flat"`` (exact), ``"hnsw"`` or ``"ivf"``
      (approximate), or ``"auto"``: exact below ``approx_threshold`` rows and
      HNSW from there (the numpy backend is always exact under ``"auto"``);
    * ``hnsw_m``, ``hnsw_ef_construction``, ``hnsw_ef_search`` -- HNSW knobs.
      ``efSearch=384`` (was 64) gives recall@10 of about 0.97 on 10^5 random
      dim-64 vectors (0.74 at 64, 0.95 at 256), where ``auto`` turns to HNSW;
      on 10^6 random vectors about 0.8 (0.92 at 1024): random vectors are
      the hard case (``benchmarks/bridge.py``);
    * ``ivf_nlist`` (``None``: about ``4*sqrt(n)``, at most ``n/39``), ``ivf_nprobe`` -- IVF knobs;
    * ``kernel``     -- ``"rbf"``: the NTP kernel ``exp(-|u-v|_2 / (2 mu^2))``
      on the plain (unsquared) L2 distance; ``"cosine"``: cosine similarity;
    * ``mu``         -- the RBF width; ``None`` (the default): calibrated from the
      symbols that have real vectors (given or learned, ``SymbolSpace.width``):
      two symbols at the median distance of those score 1/4, whatever the
      vectors' scale (``kernels.calibrated_width``); with fewer than two such
      symbols, ``1/sqrt(2)`` (the kernel ``exp(-|u-v|_2)``).
    """

    model_config = ConfigDict(extra="forbid")

    dim: int = Field(default=32, ge=1, le=65536)
    seed: int = Field(default=0, ge=0)
    init_std: float | None = Field(default=None, gt=0)
    backend: str = "faiss"
    index: Literal["auto", "flat", "hnsw", "ivf"] = "auto"
    approx_threshold: int = Field(default=100_000, ge=1)
    hnsw_m: int = Field(default=32, ge=2)
    hnsw_ef_construction: int = Field(default=80, ge=1)
    hnsw_ef_search: int = Field(default=384, ge=1)
    ivf_nlist: int | None = Field(default=None, ge=1)
    ivf_nprobe: int = Field(default=16, ge=1)
    kernel: Literal["rbf", "cosine"] = "rbf"
    mu: float | None = Field(default=None, gt=0)

    @property
    def std(self) -> float:
        return self.init_std if self.init_std is not None else 1.0 / math.sqrt(self.dim)

    def index_type(self, n: int, backend_exact_only: bool = False) -> str:
        """The index type to use for ``n`` rows."""
        if self.index != "auto":
            return self.index
        if backend_exact_only or n < self.approx_threshold:
            return "flat"
        return "hnsw"
