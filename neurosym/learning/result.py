"""A training run's result, and what can be read from it.

:class:`TrainResult` holds the trained :class:`~neurosym.learning.ntp.NTPModel`
with its vocabulary and history.  :func:`decode_rules` reads each rule copy
as NSL: every placeholder becomes its nearest relation, with the kernel
score as the confidence; a rule's confidence combines its placeholders'
with the prover's scoring (the minimum, by default: a proof through the
rule can score no more).  :class:`NamedScorer` ranks with the model over
another vocabulary (a data set's ids), matching names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from pydantic import BaseModel

from ..errors import ConfigError
from .config import TrainConfig
from .ntp import NTPModel

__all__ = ["TrainResult", "EpochStats", "LearnedRule", "ExactRule", "ExactProof",
           "decode_rules", "NamedScorer"]


class LearnedRule(BaseModel):
    """A decoded rule: ``text`` (NSL, no weight) and its ``confidence``."""

    confidence: float
    text: str
    template: int
    instance: int                       # which copy of the template
    predicates: dict[str, str]          # placeholder -> nearest relation
    scores: dict[str, float]            # placeholder -> its kernel score

    @property
    def nsl(self) -> str:
        """``0.98 :: head :- body.``: a weighted clause the knowledge base reads."""
        return f"{max(self.confidence, 0.01):.2f} :: {self.text}"

    def __str__(self) -> str:
        return self.nsl


class ExactRule(BaseModel):
    """An exact rule with its learned log-linear ``weight`` (``exact_rules``)."""

    weight: float
    text: str

    def __str__(self) -> str:
        return f"{self.weight:+.2f}  {self.text}"


class ExactProof(BaseModel):
    """An exact rule that proves a triple, and the facts of one grounding."""

    weight: float
    rule: str
    facts: list[str]


class EpochStats(BaseModel):
    epoch: int
    loss: float
    dev: float | None = None
    seconds: float


@dataclass
class TrainResult:
    """A trained model with its vocabulary, history and decoded rules."""

    model: NTPModel
    entities: list[str]
    relations: list[str]
    history: list[EpochStats] = field(default_factory=list)
    seconds: float = 0.0
    dev_metric: str | None = None
    best_epoch: int | None = None       # the epoch kept (best on dev), None without dev
    out_of_time: bool = False           # train_ntp's deadline ended it before its last epoch

    @property
    def best_dev(self) -> float | None:
        """The dev score of the epoch kept (``None`` without a dev metric)."""
        if self.best_epoch is None:
            return None
        return self.history[self.best_epoch - 1].dev

    @property
    def config(self) -> TrainConfig:
        return self.model.config

    def rules(self, min_confidence: float = 0.0) -> list[LearnedRule]:
        """The decoded rules (:func:`decode_rules`) of at least ``min_confidence``."""
        return [r for r in decode_rules(self.model) if r.confidence >= min_confidence]

    def put_vectors(self, space) -> None:
        """Give ``space`` (a ``SymbolSpace`` of the trained dimension) the
        learned vectors by name: the entities' as constants, the relations'
        as predicates (names it lacks are added)."""
        p = self.model.prover
        space.set_vectors(self.entities, p.entity.detach().cpu(), "constant", add_unknown=True)
        space.set_vectors(self.relations, p.relation.detach().cpu(), "predicate",
                          add_unknown=True)

    def exact_rules(self) -> list[ExactRule]:
        """The weighted exact rules (``config.exact.exact_rules``), heaviest first;
        empty without them."""
        rs = self.model.rule_scorer
        if rs is None:
            return []
        return [ExactRule(weight=w, text=t) for w, t in rs.rules(self.relations)]

    def explain(self, subject: str, relation: str, obj: str) -> list[ExactProof]:
        """The exact rules that prove ``relation(subject, obj)`` from the
        training facts, heaviest first, each with the facts of one grounding
        (empty without ``config.exact.exact_rules``)."""
        rs = self.model.rule_scorer
        if rs is None:
            return []
        try:
            s, o = self.entities.index(subject), self.entities.index(obj)
            r = self.relations.index(relation)
        except ValueError:
            raise ConfigError(f"{relation}({subject}, {obj}): not a relation and entities "
                              "the model was trained on") from None
        return [ExactProof(weight=w, rule=t, facts=f)
                for w, t, f in rs.explain(s, r, o, self.entities, self.relations)]


def decode_rules(model: NTPModel) -> list[LearnedRule]:
    """Every rule copy with each placeholder read as its nearest relation,
    best first; copies that decode to the same rule are listed once (the
    most confident).  A copy that decodes to a tautology (its head in its
    body, ``r(X, Y) :- r(X, Y)``) is left out: it proves nothing."""
    prover = model.prover
    rel = prover.relation.detach().cpu()
    names = prover.relation_names
    best: dict[str, LearnedRule] = {}
    for rule in prover.rules:
        t = prover.templates[rule.template]
        chosen, scores = {}, {}
        for p, vec in prover.rule_vectors(rule).items():
            sims = prover.kernel(vec.cpu()[None, :], rel)
            j = int(torch.argmax(sims))
            chosen[p], scores[p] = names[j], float(sims[j])
        if t.is_tautology(chosen):
            continue
        conf = prover.scoring.combine(scores.values())
        lr = LearnedRule(confidence=conf, text=t.text(chosen), template=rule.template,
                         instance=rule.copy, predicates=chosen, scores=scores)
        old = best.get(lr.text)
        if old is None or lr.confidence > old.confidence:
            best[lr.text] = lr
    return sorted(best.values(), key=lambda r: (-r.confidence, r.template, r.instance))


class NamedScorer:
    """A trained model as a ``LinkScorer`` over another vocabulary (a
    dataset's dense ids), matched by name; triples with a name the model
    never saw score 0."""

    def __init__(self, result: TrainResult, entities: list[str], relations: list[str]) -> None:
        self.result = result
        self.model = result.model
        self.train_seconds = result.seconds
        e = {n: i for i, n in enumerate(result.entities)}
        r = {n: i for i, n in enumerate(result.relations)}
        self._ent = torch.as_tensor([e.get(n, -1) for n in entities], dtype=torch.int64)
        self._rel = torch.as_tensor([r.get(n, -1) for n in relations], dtype=torch.int64)

    def score(self, s, r, o) -> torch.Tensor:
        s = self._ent[torch.as_tensor(s, dtype=torch.int64)]
        r = self._rel[torch.as_tensor(r, dtype=torch.int64)]
        o = self._ent[torch.as_tensor(o, dtype=torch.int64)]
        ok = (s >= 0) & (r >= 0) & (o >= 0)
        out = torch.zeros(len(s), dtype=torch.float64)     # float64: keep tie-breaks
        if bool(ok.any()):
            with torch.no_grad():
                out[ok] = self.model.score(s[ok], r[ok], o[ok]).double().cpu()
        return out

    def score_objects(self, s, r) -> torch.Tensor:
        return self._all(torch.as_tensor(s, dtype=torch.int64),
                         torch.as_tensor(r, dtype=torch.int64), None)

    def score_subjects(self, r, o) -> torch.Tensor:
        return self._all(None, torch.as_tensor(r, dtype=torch.int64),
                         torch.as_tensor(o, dtype=torch.int64))

    def _all(self, s, r, o) -> torch.Tensor:
        """``[B, n_entities]`` over this vocabulary: the model's open-goal scores,
        its columns reordered by name (an entity it never saw scores 0)."""
        bound = s if s is not None else o
        r = self._rel[r]
        b = self._ent[bound]
        ok = (r >= 0) & (b >= 0)
        out = torch.zeros(len(r), len(self._ent), dtype=torch.float64)
        known = self._ent >= 0
        if bool(ok.any()):
            with torch.no_grad():
                if s is not None:
                    got = self.model.score_objects(b[ok], r[ok])
                else:
                    got = self.model.score_subjects(r[ok], b[ok])
            rows = torch.nonzero(ok).squeeze(1)
            out[rows[:, None], torch.nonzero(known).squeeze(1)[None, :]] = \
                got.double().cpu()[:, self._ent[known]]
        return out
