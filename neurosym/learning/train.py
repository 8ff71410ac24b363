"""Training the prover's vectors and rules; reading the learned rules.

:func:`train_ntp` fits an :class:`~neurosym.learning.ntp.NTPModel` to a set of
triples: every batch of training facts (each masked out of its own proof)
is scored against ``negatives`` corrupted copies, with the binary
cross-entropy of the proof scores plus, when ``config.aux`` is set, the
ComplEx / DistMult cross-entropy on the same vectors (NTP-lambda).  Adam,
seeded: the initial vectors, the shuffles and the corruptions come from
``torch`` generators seeded with ``config.seed``, training runs on
``config.threads`` threads, so the same config gives the same numbers.  A
corrupted triple that is a training fact is left out of the loss.

:func:`decode_rules` reads each rule copy as NSL: every placeholder becomes
its nearest relation, with the kernel score as the confidence; a rule's
confidence is the minimum over its placeholders (min along a proof).

Checkpoints, the learning curve and the knowledge-base side live in
:mod:`neurosym.learning.ntp_io`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch
from pydantic import BaseModel

from ..errors import ConfigError
from .config import TrainConfig
from .ntp import NTPModel
from .templates import Template

__all__ = ["train_ntp", "decode_rules", "LearnedRule", "ExactRule", "ExactProof",
           "EpochStats", "TrainResult",
           "triples_from_kb", "resolve_device", "NamedScorer", "load_scorer",
           "train_link_scorer", "corrupt", "corrupt_relations"]


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

    @property
    def config(self) -> TrainConfig:
        return self.model.config

    def rules(self, min_confidence: float = 0.0) -> list[LearnedRule]:
        return [r for r in decode_rules(self.model) if r.confidence >= min_confidence]

    def exact_rules(self) -> list[ExactRule]:
        """The weighted exact rules (``config.exact_rules``), heaviest first;
        empty without them."""
        rs = self.model.rule_scorer
        if rs is None:
            return []
        return [ExactRule(weight=w, text=t) for w, t in rs.rules(self.relations)]

    def explain(self, subject: str, relation: str, obj: str) -> list[ExactProof]:
        """The exact rules that prove ``relation(subject, obj)`` from the
        training facts, heaviest first, each with the facts of one grounding
        (empty without ``config.exact_rules``)."""
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


def resolve_device(device: str) -> torch.device:
    """``"cpu"``, ``"cuda"``, ``"cuda:1"`` ...; an error if CUDA is asked for and missing."""
    try:
        d = torch.device(device)
    except (RuntimeError, ValueError):
        raise ConfigError(f"unknown device {device!r} (use 'cpu' or 'cuda')") from None
    if d.type == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device 'cuda' was asked for, but CUDA is not available here "
                          "(torch.cuda.is_available() is False)")
    if d.type not in ("cpu", "cuda"):
        raise ConfigError(f"unsupported device {device!r} (use 'cpu' or 'cuda')")
    return d


def triples_from_kb(kb) -> tuple[list[str], list[str], np.ndarray]:
    """``(entities, relations, triples)`` of a knowledge base's ground binary
    facts of atoms, numbered in order of first appearance."""
    store, syms = kb.store, kb.symbols
    rel_ids, parts = [], []
    for key in store.predicates():
        if key[1] != 2:
            continue
        cols = store.columns(key)
        if len(cols):
            rel_ids.append(syms.id_of(key[0]))
            parts.append(cols)
    if not parts:
        raise ConfigError("nothing to train on: the knowledge base has no ground binary facts")
    rows = np.concatenate([np.stack([c[:, 0], np.full(len(c), i), c[:, 1]], 1)
                           for i, c in enumerate(parts)])
    flat = rows[:, [0, 2]].ravel()
    _, first = np.unique(flat, return_index=True)
    ent_syms = flat[np.sort(first)]
    dense = np.full(int(ent_syms.max()) + 1, -1, dtype=np.int64)
    dense[ent_syms] = np.arange(len(ent_syms))
    triples = np.stack([dense[rows[:, 0]], rows[:, 1], dense[rows[:, 2]]], 1)
    _, first = np.unique(triples, axis=0, return_index=True)
    triples = triples[np.sort(first)]
    return ([syms[int(i)].name for i in ent_syms], [syms[int(i)].name for i in rel_ids],
            triples.astype(np.int64))


def _bce(p: torch.Tensor, y: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    p = p.clamp(1e-6, 1 - 1e-6)
    loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))
    return (loss * w).sum() / w.sum().clamp_min(1)


def _aux_loss(model: NTPModel, batch, pos, y, w) -> torch.Tensor:
    """The auxiliary link-prediction loss on the model's vectors (see
    ``TrainConfig.aux_objective``)."""
    from .kge import n3_penalty, query_vectors, subject_query_vectors
    c = model.config
    if c.aux_objective == "bce":
        logits = model.aux_logits(batch[:, 0], batch[:, 1], batch[:, 2])
        return torch.nn.functional.binary_cross_entropy_with_logits(
            logits, y, weight=w, reduction="sum") / w.sum().clamp_min(1)
    es, er, eo = model.entity[pos[:, 0]], model.relation[pos[:, 1]], model.entity[pos[:, 2]]
    ce = torch.nn.functional.cross_entropy
    loss = ce(query_vectors(c.aux, es, er) @ model.entity.T, pos[:, 2]) \
        + ce(subject_query_vectors(c.aux, er, eo) @ model.entity.T, pos[:, 0])
    if c.aux_n3:
        loss = loss + c.aux_n3 * n3_penalty(c.aux, es, er, eo)
    return loss


def _pretrain(model: NTPModel, facts: torch.Tensor, config: TrainConfig,
              g: torch.Generator) -> None:
    """``config.pretrain_epochs`` epochs of the auxiliary loss alone (no proofs:
    fast), so that the prover starts from vectors that already predict links."""
    if not config.pretrain_epochs or config.aux == "none":
        return
    params = [model.entity, model.relation]
    opt = torch.optim.Adam(params, lr=config.lr)
    n = len(facts)
    model.train()
    for _ in range(config.pretrain_epochs):
        perm = torch.randperm(n, generator=g).to(facts.device)
        for i in range(0, n, config.batch_size):
            pos = facts[perm[i:i + config.batch_size]]
            if model.config.aux_objective == "bce":
                neg = corrupt(pos, config.negatives, model.n_entities, config.corrupt, g)
                batch = torch.cat([pos, neg])
                y = torch.cat([torch.ones(len(pos)), torch.zeros(len(neg))]).to(facts.device)
            else:
                batch, y = pos, torch.ones(len(pos), device=facts.device)
            loss = _aux_loss(model, batch, pos, y, torch.ones_like(y))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()


def train_ntp(triples: np.ndarray, entities: list[str], relations: list[str],
              templates: list[Template], config: TrainConfig | None = None, *,
              dev: Callable[[NTPModel], float] | None = None, dev_metric: str | None = None,
              on_batch: Callable[[int, int, float], None] | None = None,
              on_epoch: Callable[[EpochStats], None] | None = None,
              backend: str = "faiss") -> TrainResult:
    """Train on ``triples`` (``int64 [n, 3]`` of dense ids ``(s, r, o)``).

    ``dev(model) -> float``: the running dev metric, computed after each
    epoch; ``on_batch(step, steps, loss)`` and ``on_epoch(stats)`` report
    progress."""
    config = config or TrainConfig()
    if config.aux == "complex" and config.dim % 2:
        raise ConfigError(f"the ComplEx auxiliary loss needs an even dim, not {config.dim}")
    device = resolve_device(config.device)
    threads = torch.get_num_threads()
    if config.threads is not None:
        torch.set_num_threads(config.threads)
    try:
        return _train(np.asarray(triples, dtype=np.int64).reshape(-1, 3), entities, relations,
                      templates, config, device, dev, dev_metric, on_batch, on_epoch, backend)
    finally:
        torch.set_num_threads(threads)


def _train(triples, entities, relations, templates, config: TrainConfig, device, dev,
           dev_metric, on_batch, on_epoch, backend) -> TrainResult:
    start = time.perf_counter()
    torch.manual_seed(config.seed)
    model = NTPModel(len(entities), len(relations), triples, templates, relations, config,
                     backend).to(device)
    model.facts = model.facts.to(device)
    n_ent = len(entities)
    known = np.unique((triples[:, 0] * len(relations) + triples[:, 1]) * n_ent + triples[:, 2])
    facts = torch.as_tensor(triples, device=device)
    opt = torch.optim.Adam([p for name, p in model.named_parameters()
                            if not name.startswith("link_model.")], lr=config.lr)
    g = torch.Generator().manual_seed(config.seed + 1)
    n = len(triples)
    per_epoch = (n + config.batch_size - 1) // config.batch_size
    steps_total = per_epoch * config.epochs
    result = TrainResult(model, list(entities), list(relations), dev_metric=dev_metric)
    _pretrain(model, facts, config, g)
    step = 0
    for epoch in range(config.epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=g)
        total, count = 0.0, 0
        model.train()
        for i in range(0, n, config.batch_size):
            if step % config.rebuild_every == 0:
                model.rebuild_index()
            idx = perm[i:i + config.batch_size].to(device)
            pos = facts[idx]
            neg = corrupt(pos, config.negatives, n_ent, config.corrupt, g)
            if config.corrupt_relations:
                neg = torch.cat([neg, corrupt_relations(pos, config.corrupt_relations,
                                                        len(relations), g)])
            neg_keys = ((neg[:, 0] * len(relations) + neg[:, 1]) * n_ent + neg[:, 2]).cpu().numpy()
            neg_ok = torch.as_tensor(~np.isin(neg_keys, known), dtype=torch.float32,
                                     device=device)
            batch = torch.cat([pos, neg])
            y = torch.cat([torch.ones(len(pos), device=device),
                           torch.zeros(len(neg), device=device)])
            w = torch.cat([torch.ones(len(pos), device=device), neg_ok])
            excl = torch.cat([idx, torch.full((len(neg),), -1, device=device,
                                              dtype=torch.int64)])
            model.mask_facts = config.mask
            scores = model.prove(batch[:, 0], batch[:, 1], batch[:, 2], excl)
            loss = _bce(scores, y, w)
            if config.aux != "none" and config.aux_weight > 0:
                loss = loss + config.aux_weight * _aux_loss(model, batch, pos, y, w)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            total += float(loss.detach()) * len(pos)
            count += len(pos)
            if on_batch is not None:
                on_batch(step, steps_total, float(loss.detach()))
        model.mask_facts = False
        model.eval()
        model.rebuild_index()
        dev_value = None
        if dev is not None:
            with torch.no_grad():
                dev_value = float(dev(model))
        stats = EpochStats(epoch=epoch + 1, loss=total / max(count, 1), dev=dev_value,
                           seconds=time.perf_counter() - t0)
        result.history.append(stats)
        if on_epoch is not None:
            on_epoch(stats)
    model.mask_facts = False
    model.eval()
    model.rebuild_index()
    if model.link_model is not None:
        _train_link(model, triples, config)
    if config.exact_rules:
        _train_exact(model, triples, config)
    result.seconds = time.perf_counter() - start
    return result


def _train_link(model: NTPModel, triples: np.ndarray, config: TrainConfig) -> None:
    """``config.link == "kge"``: train the link predictor of its own, a
    ComplEx-N3 (``neurosym.learning.kge``, its defaults but rank ``link_dim``),
    on the same facts and seed."""
    from .kge import KGEConfig, train_kge
    kc = KGEConfig(dim=config.link_dim, seed=config.seed, device=str(model.device),
                   threads=config.threads)
    kge, _ = train_kge(config=kc, train=triples, n_entities=model.n_entities,
                       n_relations=model.n_relations)
    model.link_model.load_state_dict(kge.state_dict())
    model.link_model.eval()


def _train_exact(model: NTPModel, triples: np.ndarray, config: TrainConfig) -> None:
    """``config.exact_rules > 0``: mine that many chain rules per relation
    from the templates and learn their weights (``neurosym.learning.exact_rules``)."""
    from .exact_rules import RuleScorer, mine_bodies
    bodies = mine_bodies(model.templates, triples, model.n_entities, model.relation_names,
                         config.exact_rules)
    scorer = RuleScorer(bodies, triples, model.n_entities).to(model.device)
    scorer.fit(triples)
    scorer.eval()
    model.rule_scorer = scorer


def decode_rules(model: NTPModel) -> list[LearnedRule]:
    """Every rule copy with each placeholder read as its nearest relation,
    best first; copies that decode to the same rule are listed once (the
    most confident)."""
    rel = model.relation.detach().cpu()
    names = model.relation_names
    best: dict[str, LearnedRule] = {}
    for rule in model.rules:
        t = model.templates[rule.template]
        chosen, scores = {}, {}
        for p, vec in model.rule_vectors(rule).items():
            sims = model._k(vec.cpu()[None, :], rel)
            j = int(torch.argmax(sims))
            chosen[p], scores[p] = names[j], float(sims[j])
        conf = min(scores.values(), default=1.0)
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


def load_scorer(path, dataset) -> NamedScorer:
    """The checkpoint in directory ``path`` as a ``LinkScorer`` over
    ``dataset``'s ids (used by ``neurosym eval --model ntp --checkpoint``)."""
    from .ntp_io import load_checkpoint
    return NamedScorer(load_checkpoint(path), dataset.entities, dataset.relations)


def train_link_scorer(dataset, seed: int = 0, **overrides) -> NamedScorer:
    """Train the prover on a benchmark ``dataset`` (``neurosym.learning.data``)
    with its preset templates and settings (``neurosym.learning.presets``),
    ``seed`` and any config ``overrides``; the result is a ``LinkScorer`` over
    the dataset's ids with ``train_seconds`` and ``result`` (history, rules).
    ``benchmarks/link_prediction.py`` calls it for its NTP column."""
    from .presets import preset
    templates, config = preset(dataset.name, seed=seed, **overrides)
    result = train_ntp(dataset.train, dataset.entities, dataset.relations, templates, config)
    return NamedScorer(result, dataset.entities, dataset.relations)


def corrupt(pos: torch.Tensor, n: int, n_entities: int, mode: str,
            generator: torch.Generator) -> torch.Tensor:
    """``n`` corrupted copies of each ``(s, r, o)`` row of ``pos`` (``[B*n, 3]``,
    copy ``j`` of row ``i`` at ``i*n + j``): a random entity replaces the
    subject (``mode="subject"``), the object (``"object"``), or, for
    ``"both"``, the subject in even copies and the object in odd ones (with
    ``n == 1``, a coin flip per row)."""
    b = len(pos)
    out = pos.repeat_interleave(n, dim=0).clone()
    if not len(out):
        return out
    rnd = torch.randint(0, n_entities, (b * n,), generator=generator)
    if mode == "subject":
        side = torch.zeros(b * n, dtype=torch.bool)
    elif mode == "object":
        side = torch.ones(b * n, dtype=torch.bool)
    elif mode == "both":
        if n == 1:
            side = torch.randint(0, 2, (b,), generator=generator).bool()
        else:
            side = (torch.arange(b * n) % n) % 2 == 1
    else:
        raise ConfigError(f"corrupt must be 'subject', 'object' or 'both', not {mode!r}")
    rnd = rnd.to(out.device)
    side = side.to(out.device)
    out[:, 0] = torch.where(side, out[:, 0], rnd)
    out[:, 2] = torch.where(side, rnd, out[:, 2])
    return out


def corrupt_relations(pos: torch.Tensor, n: int, n_relations: int,
                      generator: torch.Generator) -> torch.Tensor:
    """``n`` copies of each ``(s, r, o)`` row of ``pos`` with ``r`` replaced by
    a random *other* relation (``[B*n, 3]``, copy ``j`` of row ``i`` at
    ``i*n + j``): the negatives that teach the prover not to prove ``r(s, o)``
    from a fact ``r'(s, o)`` of a similar relation."""
    out = pos.repeat_interleave(n, dim=0).clone()
    if not len(out) or n_relations < 2:
        return out[:0]
    shift = torch.randint(1, n_relations, (len(out),), generator=generator).to(out.device)
    out[:, 1] = (out[:, 1] + shift) % n_relations
    return out
