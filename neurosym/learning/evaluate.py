"""Evaluating any link scorer on the benchmark splits.

The contract every model plugs into is :class:`LinkScorer`: it scores
triples given as dense ids of a :class:`~neurosym.learning.data.Dataset`
(entity ids ``0 .. n_entities-1``, relation ids ``0 .. n_relations-1``),
higher meaning more plausible.  Only ``score`` is required; a scorer that
can score every entity at once for a query also defines ``score_objects``
and/or ``score_subjects``, which the evaluation then uses (otherwise it
broadcasts through ``score``).  The evaluation passes CPU ``int64`` tensors
and runs under ``torch.no_grad()``; a scorer on another device moves its
inputs itself.  It may return a torch tensor or a numpy array.

* :func:`evaluate_ranking` -- filtered MRR and Hits@1/3/10 over both
  directions (Nations, Kinship, or any dataset), ties counted pessimistically
  (see :mod:`neurosym.learning.metrics`);
* :func:`evaluate_countries` -- AUC-PR over the pooled test countries x
  regions scores (the Countries S1--S3 protocol);
* :func:`goal_scores` -- the scores both rank with, of goals with one open
  place (``r(s, X)``, ``r(X, o)``): the same function answers
  ``kb.query(goal, mode="soft")`` after training.
* :func:`evaluate` -- whichever of the two the dataset calls for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np
from pydantic import BaseModel, ConfigDict

from .metrics import average_precision, filtered_ranks, ranking_metrics

if TYPE_CHECKING:  # pragma: no cover
    import torch

    from .data import Dataset

__all__ = [
    "LinkScorer", "RankingMetrics", "CountriesMetrics", "evaluate_ranking",
    "evaluate_countries", "countries_scores", "evaluate", "score_objects", "score_subjects",
    "goal_scores",
]


@runtime_checkable
class LinkScorer(Protocol):
    """Anything that scores triples ``(s, r, o)`` of dense dataset ids.

    ``score(s, r, o)``: three ``int64`` tensors of shape ``[B]``; returns the
    ``[B]`` scores (higher = more plausible; any real scale: logits,
    probabilities, proof scores).

    Optional, used when present (checked with ``hasattr``):

    * ``score_objects(s, r) -> [B, n_entities]``: the score of ``(s, r, e)``
      for every entity ``e``;
    * ``score_subjects(r, o) -> [B, n_entities]``: the score of ``(e, r, o)``
      for every entity ``e``.
    """

    def score(self, s: "torch.Tensor", r: "torch.Tensor", o: "torch.Tensor") -> "torch.Tensor":
        ...


class RankingMetrics(BaseModel):
    """Filtered link-prediction metrics over both directions of every triple
    of a split (``n`` triples, so ``2n`` rankings).  ``mrr``, ``hits_at_k``
    in ``[0, 1]``; ``ties="pessimistic"``: a candidate scoring exactly as the
    true entity is counted above it."""

    model_config = ConfigDict(frozen=True)

    split: str
    n: int
    mrr: float
    hits_at_1: float
    hits_at_3: float
    hits_at_10: float
    mean_rank: float
    ties: str = "pessimistic"


class CountriesMetrics(BaseModel):
    """The Countries protocol's result: AUC-PR (average precision, in ``[0, 1]``)
    over ``n_countries x n_regions`` pooled scores."""

    model_config = ConfigDict(frozen=True)

    split: str
    auc_pr: float
    n_countries: int
    n_regions: int
    ties: str = "pessimistic"


# -- scoring helpers ---------------------------------------------------------------

def _np(x: Any) -> np.ndarray:
    if hasattr(x, "detach"):
        x = x.detach().to("cpu")
        if x.dtype.is_floating_point and x.dtype != _torch().float64:
            x = x.double()
        x = x.numpy()
    return np.asarray(x, dtype=np.float64)


def _torch():
    import torch
    return torch


def score_objects(scorer: LinkScorer, s: "torch.Tensor", r: "torch.Tensor",
                  n_entities: int, chunk: int = 65536) -> np.ndarray:
    """``[B, n_entities]`` scores of ``(s, r, e)`` for every entity ``e``
    (the scorer's ``score_objects`` when it has one, else ``score`` broadcast)."""
    if hasattr(scorer, "score_objects"):
        return _check(_np(scorer.score_objects(s, r)), len(s), n_entities, "score_objects")
    torch = _torch()
    ent = torch.arange(n_entities, dtype=torch.int64)
    return _broadcast(scorer, s.repeat_interleave(n_entities), r.repeat_interleave(n_entities),
                      ent.repeat(len(s)), len(s), n_entities, chunk)


def score_subjects(scorer: LinkScorer, r: "torch.Tensor", o: "torch.Tensor",
                   n_entities: int, chunk: int = 65536) -> np.ndarray:
    """``[B, n_entities]`` scores of ``(e, r, o)`` for every entity ``e``."""
    if hasattr(scorer, "score_subjects"):
        return _check(_np(scorer.score_subjects(r, o)), len(r), n_entities, "score_subjects")
    torch = _torch()
    ent = torch.arange(n_entities, dtype=torch.int64)
    return _broadcast(scorer, ent.repeat(len(r)), r.repeat_interleave(n_entities),
                      o.repeat_interleave(n_entities), len(r), n_entities, chunk)


def goal_scores(scorer: LinkScorer, s: "torch.Tensor | None", r: "torch.Tensor",
                o: "torch.Tensor | None", n_entities: int) -> np.ndarray:
    """The one path from a trained model to a ranking: the ``[B,
    n_entities]`` scores of goals ``r(s, X)`` (``o`` is ``None``) or
    ``r(X, o)`` (``s`` is ``None``), every entity in the open place.
    ``kb.query(goal, mode="soft")`` answers a trained relation's goal with
    it (``neurosym.learning.answers``) and the metrics below rank with it,
    so a reported number is the query's ranking."""
    if (s is None) == (o is None):
        raise ValueError("goal_scores takes goals with exactly one open place")
    if s is None:
        return score_subjects(scorer, r, o, n_entities)
    return score_objects(scorer, s, r, n_entities)


def _broadcast(scorer, s, r, o, b: int, n: int, chunk: int) -> np.ndarray:
    parts = [_np(scorer.score(s[i:i + chunk], r[i:i + chunk], o[i:i + chunk]))
             for i in range(0, len(s), chunk)]
    flat = np.concatenate(parts) if parts else np.zeros(0)
    if flat.shape != (b * n,):
        raise ValueError(f"score() returned shape {flat.shape}, expected ({b * n},)")
    return flat.reshape(b, n)


def _check(a: np.ndarray, b: int, n: int, what: str) -> np.ndarray:
    if a.shape != (b, n):
        raise ValueError(f"{what}() returned shape {a.shape}, expected ({b}, {n})")
    return a


# -- ranking -----------------------------------------------------------------------

def evaluate_ranking(scorer: LinkScorer, dataset: "Dataset", split: str = "test",
                     batch_size: int = 512, on_progress=None) -> RankingMetrics:
    """Filtered MRR / Hits@1,3,10 of ``scorer`` on ``dataset``'s ``split``.

    For every triple ``(s, r, o)`` of the split, ``o`` is ranked among all
    entities for ``(s, r, ?)`` and ``s`` among all entities for ``(?, r, o)``;
    every other entity forming a known triple (train + dev + test, i.e.
    ``dataset.known``) is removed from the candidates first.  Ties with the
    true entity count against it (pessimistic).  Metrics average the ``2n``
    ranks.  ``on_progress(done, total)``, if given, is called after each
    batch with the triples ranked so far."""
    torch = _torch()
    triples = dataset.split(split)
    n_ent = dataset.n_entities
    filt = dataset.filters()
    ranks: list[np.ndarray] = []
    with torch.no_grad():
        for i in range(0, len(triples), batch_size):
            t = triples[i:i + batch_size]
            s, r, o = (torch.as_tensor(t[:, j], dtype=torch.int64) for j in range(3))
            sc = goal_scores(scorer, s, r, None, n_ent)         # r(s, X)
            ranks.append(filtered_ranks(sc, t[:, 2], filt.object_mask(t)))
            sc = goal_scores(scorer, None, r, o, n_ent)         # r(X, o)
            ranks.append(filtered_ranks(sc, t[:, 0], filt.subject_mask(t)))
            if on_progress is not None:
                on_progress(i + len(t), len(triples))
    all_ranks = np.concatenate(ranks) if ranks else np.zeros(0, dtype=np.int64)
    m = ranking_metrics(all_ranks)
    return RankingMetrics(split=split, n=len(triples), **m)


# -- Countries ---------------------------------------------------------------------

def countries_scores(scorer: LinkScorer, dataset: "Dataset",
                     split: str = "test") -> tuple[np.ndarray, np.ndarray]:
    """``(scores, labels)``, both ``[n_countries, n_regions]``: for every
    held-out country ``c`` of ``split`` the answers of ``locatedIn(c, X)``
    (:func:`goal_scores`, as ``kb.query`` ranks them) at the regions, and 1
    where the region is ``c``'s gold region."""
    info = dataset.countries
    if info is None:
        raise ValueError(f"{dataset.name} is not a Countries dataset")
    torch = _torch()
    countries = info.countries(split)
    regions = info.regions
    c = torch.as_tensor(countries, dtype=torch.int64)
    r = torch.full_like(c, info.located_in)
    with torch.no_grad():
        sc = goal_scores(scorer, c, r, None, dataset.n_entities)[:, regions]
    gold = info.gold_region(countries)
    labels = (regions[None, :] == gold[:, None]).astype(np.int64)
    return sc, labels


def evaluate_countries(scorer: LinkScorer, dataset: "Dataset", split: str = "test") -> float:
    """AUC-PR (average precision, in ``[0, 1]``; papers print it x 100) of the
    pooled ``locatedIn(country, region)`` scores: 24 test countries x 5
    regions, one positive per country.  Ties are pessimistic."""
    scores, labels = countries_scores(scorer, dataset, split)
    return average_precision(scores.ravel(), labels.ravel())


def evaluate(scorer: LinkScorer, dataset: "Dataset", split: str = "test",
             on_progress=None, batch_size: int = 512) -> RankingMetrics | CountriesMetrics:
    """The dataset's own protocol: AUC-PR for Countries, ranking otherwise
    (``on_progress(done, total)`` as for :func:`evaluate_ranking`)."""
    if dataset.countries is not None:
        scores, labels = countries_scores(scorer, dataset, split)
        if on_progress is not None:
            on_progress(len(scores), len(scores))
        return CountriesMetrics(split=split, auc_pr=average_precision(scores.ravel(), labels.ravel()),
                                n_countries=scores.shape[0], n_regions=scores.shape[1])
    return evaluate_ranking(scorer, dataset, split, batch_size, on_progress)
