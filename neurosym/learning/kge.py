"""Knowledge-graph embedding baselines: ComplEx-N3 (and DistMult).

The modern baseline a user would train instead of a neural prover (Lacroix,
Usunier & Obozinski 2018, "Canonical tensor decomposition for knowledge base
completion"): ComplEx with **reciprocal relations** (for each training triple
``(s, r, o)`` also ``(o, r⁻¹, s)``, relation id ``r + n_relations``), trained
**1-vs-all** with cross-entropy over every entity as the object, an **N3**
(nuclear 3-norm) regulariser on the factors of the batch, **Adagrad**.
Defaults: rank 200 (ComplEx: 200 complex = 400 real numbers per vector),
50 epochs.  Training is seeded: the initial vectors and the per-epoch shuffle
come from ``torch.Generator``\\ s seeded with ``config.seed``, and training
runs on ``config.threads`` CPU threads (1 by default: on a shared 2-core
machine more threads are slower, and a fixed count keeps float sums in the
same order), so two runs with the same config give identical parameters.
Under ``torchrun`` (a ``torch.distributed`` process group, :mod:`.distributed`)
the batches are split over the processes and the gradients summed: the same
parameters as one process, up to the order of float sums.

The score functions are exposed for reuse (e.g. as an auxiliary loss on
another model's vectors): :func:`query_vectors` combines subject and relation
vectors into a query that scores a candidate object ``o`` by a dot product,
:func:`subject_query_vectors` does the same for candidate subjects without
reciprocal relations, :func:`triple_scores` scores aligned rows and
:func:`n3_penalty` is the regulariser.  Vectors are plain real tensors; for
ComplEx the first half of the last dimension is the real part and the second
half the imaginary part.

A trained :class:`KGEModel` is a :class:`~neurosym.learning.evaluate.LinkScorer`.
"""

from __future__ import annotations

import time
from typing import Callable, Literal

import numpy as np
import torch
from pydantic import BaseModel, ConfigDict, Field
from torch import nn

from .distributed import share, sum_gradients, sum_value, world

__all__ = ["KGEConfig", "KGEModel", "KGETrainStats", "train_kge", "query_vectors",
           "subject_query_vectors", "triple_scores", "n3_penalty"]

Kind = Literal["complex", "distmult"]


class KGEConfig(BaseModel):
    """Hyper-parameters of :func:`train_kge` (defaults: ComplEx-N3 as in the issue)."""

    model_config = ConfigDict(extra="forbid")

    model: Kind = "complex"
    dim: int = Field(200, ge=1, description="rank: complex (ComplEx) or real (DistMult) dimension")
    epochs: int = Field(50, ge=0)
    batch_size: int = Field(1000, ge=1)
    lr: float = Field(0.1, gt=0)
    reg: float = Field(5e-3, ge=0, description="N3 weight")
    init_scale: float = Field(1e-3, gt=0)
    reciprocal: bool = True
    seed: int = 0
    device: str = "cpu"
    threads: int | None = Field(1, ge=1, description="torch CPU threads while training "
                                "(None: torch's default); fixed for reproducibility")


class KGETrainStats(BaseModel):
    """What a training run measured."""

    seconds: float
    epochs: int
    steps: int
    final_loss: float
    losses: list[float] = Field(default_factory=list, description="mean loss per epoch")


# -- score functions on vectors ------------------------------------------------------

def _halves(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    h = x.shape[-1] // 2
    return x[..., :h], x[..., h:]


def query_vectors(kind: Kind, s: torch.Tensor, r: torch.Tensor) -> torch.Tensor:
    """``q`` such that ``score(s, r, o) = q · o`` (ComplEx: ``Re<s, r, conj(o)>``)."""
    if kind == "distmult":
        return s * r
    a, b = _halves(s)
    c, d = _halves(r)
    return torch.cat((a * c - b * d, a * d + b * c), dim=-1)


def subject_query_vectors(kind: Kind, r: torch.Tensor, o: torch.Tensor) -> torch.Tensor:
    """``q`` such that ``score(e, r, o) = q · e`` (no reciprocal relation)."""
    if kind == "distmult":
        return r * o
    c, d = _halves(r)
    e, f = _halves(o)
    return torch.cat((c * e + d * f, c * f - d * e), dim=-1)


def triple_scores(kind: Kind, s: torch.Tensor, r: torch.Tensor, o: torch.Tensor) -> torch.Tensor:
    """Scores of aligned rows ``[B, width] x 3 -> [B]``."""
    return (query_vectors(kind, s, r) * o).sum(-1)


def _moduli(kind: Kind, x: torch.Tensor) -> torch.Tensor:
    if kind == "distmult":
        return x.abs()
    a, b = _halves(x)
    return torch.sqrt(a * a + b * b)


def n3_penalty(kind: Kind, *factors: torch.Tensor) -> torch.Tensor:
    """N3: ``sum |x|^3`` over the factors (moduli for complex vectors), divided
    by the batch size (the first dimension of the first factor)."""
    total = sum((_moduli(kind, f) ** 3).sum() for f in factors)
    return total / factors[0].shape[0]


# -- the model ---------------------------------------------------------------------------

class KGEModel(nn.Module):
    """Entity and relation tables plus the ComplEx / DistMult score.

    ``entity``: ``[n_entities, width]``, ``relation``: ``[n_relations (x2 when
    reciprocal), width]`` (``nn.Parameter``\\ s); ``width = 2 * dim`` for
    ComplEx.  ``score`` / ``score_objects`` / ``score_subjects`` take dense
    dataset ids (the ``LinkScorer`` protocol)."""

    def __init__(self, n_entities: int, n_relations: int, kind: Kind = "complex", dim: int = 200,
                 reciprocal: bool = True, init_scale: float = 1e-3, seed: int = 0) -> None:
        super().__init__()
        self.kind, self.dim, self.reciprocal = kind, dim, reciprocal
        self.n_entities, self.n_relations = n_entities, n_relations
        width = 2 * dim if kind == "complex" else dim
        g = torch.Generator().manual_seed(seed)
        n_rel = 2 * n_relations if reciprocal else n_relations
        self.entity = nn.Parameter(torch.randn(n_entities, width, generator=g) * init_scale)
        self.relation = nn.Parameter(torch.randn(n_rel, width, generator=g) * init_scale)

    @property
    def device(self) -> torch.device:
        return self.entity.device

    def _ids(self, x) -> torch.Tensor:
        return torch.as_tensor(x, dtype=torch.int64, device=self.device)

    def score(self, s, r, o) -> torch.Tensor:
        s, r, o = self._ids(s), self._ids(r), self._ids(o)
        return triple_scores(self.kind, self.entity[s], self.relation[r], self.entity[o])

    def score_objects(self, s, r) -> torch.Tensor:
        s, r = self._ids(s), self._ids(r)
        return query_vectors(self.kind, self.entity[s], self.relation[r]) @ self.entity.T

    def score_subjects(self, r, o) -> torch.Tensor:
        r, o = self._ids(r), self._ids(o)
        if self.reciprocal:
            return self.score_objects(o, r + self.n_relations)
        return subject_query_vectors(self.kind, self.relation[r], self.entity[o]) @ self.entity.T

    def loss(self, batch: torch.Tensor, reg: float, total: int | None = None) -> torch.Tensor:
        """1-vs-all cross-entropy (+ N3) of a ``[B, 3]`` batch of training rows.
        With reciprocal relations the rows already include the inverses and
        only objects are predicted; without, both directions are.  ``total``:
        the rows are a share of a batch of ``total`` rows (data-parallel
        training, :mod:`.distributed`) and the loss is normalised by it."""
        if total is not None:
            return self._share_loss(batch, reg, total)
        s, r, o = batch[:, 0], batch[:, 1], batch[:, 2]
        es, er, eo = self.entity[s], self.relation[r], self.entity[o]
        ce = nn.functional.cross_entropy
        logits = query_vectors(self.kind, es, er) @ self.entity.T
        loss = ce(logits, o)
        if not self.reciprocal:
            logits = subject_query_vectors(self.kind, er, eo) @ self.entity.T
            loss = loss + ce(logits, s)
        if reg:
            loss = loss + reg * n3_penalty(self.kind, es, er, eo)
        return loss

    def _share_loss(self, batch: torch.Tensor, reg: float, total: int) -> torch.Tensor:
        if not len(batch):       # an empty share: no gradient, but every parameter in the graph
            return sum(p.sum() for p in self.parameters()) * 0.0
        s, r, o = batch[:, 0], batch[:, 1], batch[:, 2]
        es, er, eo = self.entity[s], self.relation[r], self.entity[o]
        ce = nn.functional.cross_entropy
        logits = query_vectors(self.kind, es, er) @ self.entity.T
        loss = ce(logits, o, reduction="sum") / total
        if not self.reciprocal:
            logits = subject_query_vectors(self.kind, er, eo) @ self.entity.T
            loss = loss + ce(logits, s, reduction="sum") / total
        if reg:
            loss = loss + reg * n3_penalty(self.kind, es, er, eo) * (len(batch) / total)
        return loss


def training_rows(train: np.ndarray, n_relations: int, reciprocal: bool) -> np.ndarray:
    """The rows trained on: ``train`` plus ``(o, r + n_relations, s)`` when reciprocal."""
    train = np.asarray(train, dtype=np.int64).reshape(-1, 3)
    if not reciprocal:
        return train
    inv = np.stack([train[:, 2], train[:, 1] + n_relations, train[:, 0]], axis=1)
    return np.concatenate([train, inv])


def train_kge(dataset=None, config: KGEConfig | None = None, *, train: np.ndarray | None = None,
              n_entities: int | None = None, n_relations: int | None = None,
              on_epoch: Callable[[int, float], None] | None = None
              ) -> tuple[KGEModel, KGETrainStats]:
    """Train a KGE model on ``dataset.train`` (or on ``train`` triples of
    dense ids with the given vocabulary sizes).  ``on_epoch(epoch, loss)`` is
    called after each epoch.  Returns the model (in eval mode) and stats."""
    config = config or KGEConfig()
    if dataset is not None:
        train = dataset.train
        n_entities, n_relations = dataset.n_entities, dataset.n_relations
    if train is None or n_entities is None or n_relations is None:
        raise ValueError("train_kge needs a dataset, or train, n_entities and n_relations")
    threads = torch.get_num_threads()
    if config.threads is not None:
        torch.set_num_threads(config.threads)
    try:
        return _train(config, train, n_entities, n_relations, on_epoch)
    finally:
        torch.set_num_threads(threads)


def _train(config: KGEConfig, train, n_entities: int, n_relations: int, on_epoch):
    start = time.perf_counter()
    model = KGEModel(n_entities, n_relations, config.model, config.dim, config.reciprocal,
                     config.init_scale, config.seed).to(config.device)
    rows = torch.as_tensor(training_rows(train, n_relations, config.reciprocal),
                           device=config.device)
    opt = torch.optim.Adagrad(model.parameters(), lr=config.lr)
    g = torch.Generator().manual_seed(config.seed + 1)
    steps, losses = 0, []
    model.train()
    parallel = world()[1] > 1
    for epoch in range(config.epochs):
        perm = torch.randperm(len(rows), generator=g).to(config.device)
        total, n = 0.0, 0
        for i in range(0, len(rows), config.batch_size):
            batch = rows[perm[i:i + config.batch_size]]
            opt.zero_grad(set_to_none=True)
            if parallel:     # this process's share; gradients summed over all of them
                loss = model.loss(batch[share(len(batch))], config.reg, total=len(batch))
                loss.backward()
                sum_gradients(model.parameters())
                value = sum_value(float(loss.detach()))
            else:
                loss = model.loss(batch, config.reg)
                loss.backward()
                value = float(loss.detach())
            opt.step()
            steps += 1
            total += value * len(batch)
            n += len(batch)
        losses.append(total / max(n, 1))
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    model.eval()
    stats = KGETrainStats(seconds=time.perf_counter() - start, epochs=config.epochs, steps=steps,
                          final_loss=losses[-1] if losses else float("nan"), losses=losses)
    return model, stats
