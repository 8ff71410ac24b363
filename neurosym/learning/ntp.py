"""The trained model: scorers of triples, and the blend that ranks with them.

Every part of a trained model scores triples ``r(s, o)`` of dense ids the
same way, as a :class:`Scorer`: ``score(s, r, o) -> [B]`` and, to rank
every entity at once, ``score_objects(s, r)`` / ``score_subjects(r, o) ->
[B, n_entities]``:

* the proofs -- :class:`~neurosym.learning.prover.Prover`, the
  differentiable prover: the best proof's score, in ``[0, 1]``;
* the link predictor, a logit: :class:`EmbeddingScorer`, ComplEx /
  DistMult on the prover's own vectors (the auxiliary model of
  NTP-lambda, ``config.embedding.aux``), or with ``config.embedding.link ==
  "kge"`` a ComplEx-N3 with vectors of its own
  (:class:`~neurosym.learning.kge.KGEModel`);
* the exact rules, a logit: :class:`~neurosym.learning.exact_rules.RuleScorer`
  (``config.exact.exact_rules``), the summed weights of the rules that
  prove the triple.

:class:`Blend` ranks with them as ``config.blend`` says, and
:class:`NTPModel` holds the scorers and is itself a ``LinkScorer`` through
its blend.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import torch
from torch import nn

from .config import BlendConfig, TrainConfig
from .exact_rules import RuleScorer
from .kge import KGEModel, query_vectors, subject_query_vectors, triple_scores
from .prover import Prover
from .templates import Template

__all__ = ["NTPModel", "Blend", "EmbeddingScorer", "Scorer"]


class Scorer(Protocol):
    """What the blend combines: scores of triples, and of every entity in the
    place of the object or the subject (ids as ``int64`` tensors)."""

    def score(self, s, r, o) -> torch.Tensor: ...

    def score_objects(self, s, r) -> torch.Tensor: ...

    def score_subjects(self, r, o) -> torch.Tensor: ...


def _scores(scorer: Scorer, s, r, o) -> torch.Tensor:
    """``scorer``'s scores of triples when ``s`` and ``o`` are given, else
    ``[B, n_entities]`` over the missing one."""
    if s is not None and o is not None:
        return scorer.score(s, r, o)
    return scorer.score_objects(s, r) if s is not None else scorer.score_subjects(r, o)


class EmbeddingScorer:
    """ComplEx or DistMult (``kind``) on the prover's own vectors: the
    auxiliary link predictor (NTP-lambda), logits."""

    def __init__(self, prover: Prover, kind: str) -> None:
        self.prover, self.kind = prover, kind

    def _ids(self, x) -> torch.Tensor:
        return torch.as_tensor(x, dtype=torch.int64, device=self.prover.device)

    def score(self, s, r, o) -> torch.Tensor:
        p = self.prover
        s, r, o = self._ids(s), self._ids(r), self._ids(o)
        return triple_scores(self.kind, p.entity[s], p.relation[r], p.entity[o])

    def score_objects(self, s, r) -> torch.Tensor:
        p = self.prover
        s, r = self._ids(s), self._ids(r)
        return query_vectors(self.kind, p.entity[s], p.relation[r]) @ p.entity.T

    def score_subjects(self, r, o) -> torch.Tensor:
        p = self.prover
        r, o = self._ids(r), self._ids(o)
        return subject_query_vectors(self.kind, p.relation[r], p.entity[o]) @ p.entity.T


class Blend:
    """How a trained model ranks, from its proofs, its link predictor (or
    ``None``) and its exact rules (or ``None``), as ``config`` says.

    The link logit is the link predictor's plus ``exact_weight`` times the
    exact rules'.  With ``tie_break == "aux"`` (and a link logit):

    * ``link_weight == 0``: the proof score rounded to ``d = tie_decimals``
      decimals plus ``10**-(d+1)`` times the link probability (float64): a
      proof score higher to ``d`` decimals always ranks higher, and among
      equal ones the link predictor decides.  Under min/max many answers
      share a proof score (the same rule is the weakest step of each), so
      without this a ranking with pessimistic ties would put every one of
      them below the others;
    * ``link_weight > 0``: ``proof_weight`` times the proof score plus
      ``link_weight`` times the link probability; with ``proof_weight == 0``
      ``link_weight`` times the link logit, and no proof is searched for.

    Otherwise the proof score alone.  No gradient flows."""

    def __init__(self, proofs: Scorer, link: Scorer | None, exact: Scorer | None,
                 config: BlendConfig) -> None:
        self.proofs, self.link, self.exact, self.config = proofs, link, exact, config

    def score(self, s, r, o) -> torch.Tensor:
        return self._ranked(s, r, o)

    def score_objects(self, s, r) -> torch.Tensor:
        return self._ranked(s, r, None)

    def score_subjects(self, r, o) -> torch.Tensor:
        return self._ranked(None, r, o)

    def _ranked(self, s, r, o) -> torch.Tensor:
        c = self.config
        with torch.no_grad():
            if c.tie_break != "aux" or (self.link is None and self.exact is None):
                return _scores(self.proofs, s, r, o)
            if c.link_weight > 0 and c.proof_weight == 0:
                return c.link_weight * self._logits(s, r, o).double()
            proof, logits = _scores(self.proofs, s, r, o), self._logits(s, r, o)
            if c.link_weight > 0:
                return c.proof_weight * proof.double() + \
                    c.link_weight * torch.sigmoid(logits.double())
            return _tie_break(proof, logits, c.tie_decimals)

    def parts(self, s, r, o) -> dict[str, torch.Tensor]:
        """What :meth:`score` adds up, by name, in the same shapes: ``"proof"``
        (the best proof's score, when the ranking uses proofs), ``"link"``
        (the link predictor's logit) and ``"exact"`` (the exact rules'
        summed weights), each present when the model has that part and the
        ranking reads it; an answer's proof shows them
        (``neurosym.learning.answers``)."""
        c, out = self.config, {}
        with torch.no_grad():
            uses_link = c.tie_break == "aux" and (self.link is not None or self.exact is not None)
            if not (uses_link and c.link_weight > 0 and c.proof_weight == 0):
                out["proof"] = _scores(self.proofs, s, r, o)
            if uses_link and self.link is not None:
                out["link"] = _scores(self.link, s, r, o)
            if uses_link and self.exact is not None:
                out["exact"] = _scores(self.exact, s, r, o)
        return out

    def _logits(self, s, r, o) -> torch.Tensor:
        """The link logit: the link predictor's plus ``exact_weight`` times the
        exact rules' (either may be missing, not both)."""
        out = _scores(self.link, s, r, o) if self.link is not None else 0.0
        if self.exact is not None:
            out = out + self.config.exact_weight * _scores(self.exact, s, r, o)
        return out


def _tie_break(proof: torch.Tensor, logits: torch.Tensor, decimals: int) -> torch.Tensor:
    """Proof scores rounded to ``decimals`` decimals, ties ordered by the
    link predictor's probability (float64; see :class:`Blend`)."""
    scale = 10.0 ** decimals
    rounded = torch.round(proof.double() * scale) / scale
    return rounded + torch.sigmoid(logits.double()) / (10 * scale)


class NTPModel(nn.Module):
    """A trained model: the ``prover``, the auxiliary link predictor on its
    vectors (``aux``, ``None`` with ``config.embedding.aux == "none"``), a
    ComplEx-N3 of its own (``link_model``, with ``config.embedding.link ==
    "kge"``; trained after the prover) and the exact rules (``rule_scorer``,
    with ``config.exact.exact_rules``; set by training or loading).  A
    ``LinkScorer`` through its :attr:`blend`.

    ``mine=False`` leaves the rule copies random whatever
    ``config.prover.rule_init`` says (a checkpoint's saved ones replace them)."""

    def __init__(self, n_entities: int, n_relations: int, facts: np.ndarray,
                 templates: list[Template], relation_names: list[str],
                 config: TrainConfig | None = None, backend: str = "faiss", *,
                 mine: bool = True) -> None:
        super().__init__()
        c = self.config = config or TrainConfig()
        seed = c.optim.seed
        self.prover = Prover(n_entities, n_relations, facts, templates, relation_names,
                             c.prover, seed, backend)
        if mine and c.prover.rule_init == "mined":
            self.prover.start_from_mined_rules()
        e = c.embedding
        self.aux = EmbeddingScorer(self.prover, e.aux) if e.aux != "none" else None
        self.link_model = KGEModel(n_entities, n_relations, "complex", e.link_dim,
                                   seed=seed) if e.link == "kge" else None
        self.rule_scorer: RuleScorer | None = None

    @property
    def link(self) -> Scorer | None:
        """The link predictor that ranks: the ComplEx-N3 of its own, else the
        auxiliary one (``None`` without either)."""
        return self.link_model if self.link_model is not None else self.aux

    @property
    def blend(self) -> Blend:
        """The ranking of the scorers as they are now (``config.blend``)."""
        return Blend(self.prover, self.link, self.rule_scorer, self.config.blend)

    def score(self, s, r, o) -> torch.Tensor:
        return self.blend.score(s, r, o)

    def score_objects(self, s, r) -> torch.Tensor:
        return self.blend.score_objects(s, r)

    def score_subjects(self, r, o) -> torch.Tensor:
        return self.blend.score_subjects(r, o)
