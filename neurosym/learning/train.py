"""Training the prover's vectors and rules.

:func:`train_ntp` fits an :class:`~neurosym.learning.ntp.NTPModel` to a set of
triples: every batch of training facts (each masked out of its own proof)
is scored against ``negatives`` corrupted copies, with the binary
cross-entropy of the proof scores plus, when ``config.embedding.aux`` is
set, the ComplEx / DistMult cross-entropy on the same vectors (NTP-lambda).
Adam, seeded: the initial vectors, the shuffles and the corruptions come
from ``torch`` generators seeded with ``config.optim.seed``, training runs
on ``config.optim.threads`` threads, so the same config gives the same
numbers.  A corrupted triple that is a training fact is left out of the
loss.  The link predictor of its own (``link="kge"``) and the exact rules
(``exact_rules``), if the config has them, do not depend on the prover: they
are trained first, so that the running dev metric (``dev``, after each
epoch) ranks with the whole model, as the test will.  With a dev metric the
prover of the best epoch is kept (``optim.keep_best``; ``result.best_epoch``)
and ``optim.patience`` epochs without a better score end training.

:func:`train_store` trains on a knowledge base's store (``kb.train``), and
:func:`train_link_scorer` on a benchmark with its preset.  The result is a
:class:`~neurosym.learning.result.TrainResult`.
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np
import torch

from ..errors import ConfigError
from ..terms import Atom
from .config import TrainConfig
from .distributed import share, sum_gradients, sum_value, world
from .exact_rules import RuleScorer, mine_bodies
from .kge import KGEConfig, n3_penalty, query_vectors, subject_query_vectors, train_kge
from .ntp import NTPModel
from .presets import preset
from .result import EpochStats, NamedScorer, TrainResult
from .templates import Template, as_templates

__all__ = ["train_ntp", "train_store", "train_link_scorer", "triples_from_store",
           "resolve_device", "corrupt", "corrupt_relations"]


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


def triples_from_store(store) -> tuple[list[str], list[str], np.ndarray]:
    """``(entities, relations, triples)`` of the ground binary facts of atoms
    in ``store`` (a knowledge base's ``kb.store``), numbered in order of first
    appearance.  A binary predicate declared dynamic and without clauses is a
    relation too (with no triples): the model gets a row for it, which
    feedback (``neurosym.learning.link_feedback``) can teach."""
    syms = store.symbols
    rel_names, parts = [], []
    for key in store.predicates():
        if key[1] != 2:
            continue
        cols = store.columns(key)
        if len(cols) or (store.flags(key).dynamic and not store.count(key)):
            rel_names.append(key[0].name)
            parts.append(cols.reshape(-1, 2))
    if not any(len(c) for c in parts):
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
    return [syms[int(i)].name for i in ent_syms], rel_names, triples.astype(np.int64)


def _bce(p: torch.Tensor, y: torch.Tensor, w: torch.Tensor, total=None) -> torch.Tensor:
    """Weighted BCE, normalised by ``total`` (the whole batch's weight, when
    these rows are a process's share of it) or by these rows' weight."""
    p = p.clamp(1e-6, 1 - 1e-6)
    loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))
    return (loss * w).sum() / (w.sum().clamp_min(1) if total is None else total)


def _aux_loss(model: NTPModel, batch, pos, y, w, total=None, n_pos=None) -> torch.Tensor:
    """The auxiliary link-prediction loss on the prover's vectors (see
    ``EmbeddingConfig.aux_objective``); ``total`` and ``n_pos``: the whole
    batch's weight and positives when these rows are a share of it."""
    e, p = model.config.embedding, model.prover
    if e.aux_objective == "bce":
        logits = model.aux.score(batch[:, 0], batch[:, 1], batch[:, 2])
        return torch.nn.functional.binary_cross_entropy_with_logits(
            logits, y, weight=w, reduction="sum") / (w.sum().clamp_min(1) if total is None
                                                    else total)
    es, er, eo = p.entity[pos[:, 0]], p.relation[pos[:, 1]], p.entity[pos[:, 2]]
    ce = torch.nn.functional.cross_entropy
    if n_pos is None:
        loss = ce(query_vectors(e.aux, es, er) @ p.entity.T, pos[:, 2]) \
            + ce(subject_query_vectors(e.aux, er, eo) @ p.entity.T, pos[:, 0])
        if e.aux_n3:
            loss = loss + e.aux_n3 * n3_penalty(e.aux, es, er, eo)
        return loss
    loss = (ce(query_vectors(e.aux, es, er) @ p.entity.T, pos[:, 2], reduction="sum")
            + ce(subject_query_vectors(e.aux, er, eo) @ p.entity.T, pos[:, 0],
                 reduction="sum")) / n_pos
    if e.aux_n3 and len(pos):
        loss = loss + e.aux_n3 * n3_penalty(e.aux, es, er, eo) * (len(pos) / n_pos)
    return loss


def _pretrain(model: NTPModel, facts: torch.Tensor, g: torch.Generator) -> None:
    """``pretrain_epochs`` epochs of the auxiliary loss alone (no proofs:
    fast), so that the prover starts from vectors that already predict links."""
    c = model.config
    o = c.optim
    if not o.pretrain_epochs or c.embedding.aux == "none":
        return
    opt = torch.optim.Adam([model.prover.entity, model.prover.relation], lr=o.lr)
    n = len(facts)
    model.train()
    for _ in range(o.pretrain_epochs):
        perm = torch.randperm(n, generator=g).to(facts.device)
        for i in range(0, n, o.batch_size):
            pos = facts[perm[i:i + o.batch_size]]
            if c.embedding.aux_objective == "bce":
                neg = corrupt(pos, c.examples.negatives, model.prover.n_entities,
                              c.examples.corrupt, g)
                batch = torch.cat([pos, neg])
                y = torch.cat([torch.ones(len(pos)), torch.zeros(len(neg))]).to(facts.device)
            else:
                batch, y = pos, torch.ones(len(pos), device=facts.device)
            opt.zero_grad(set_to_none=True)
            if world()[1] > 1:     # this process's share; gradients summed over all
                sb, sp = share(len(batch)), share(len(pos))
                loss = _aux_loss(model, batch[sb], pos[sp], y[sb], torch.ones_like(y[sb]),
                                 total=float(len(y)), n_pos=len(pos))
                loss = loss if len(batch[sb]) else loss + _zero(model)
                loss.backward()
                sum_gradients([model.prover.entity, model.prover.relation])
            else:
                loss = _aux_loss(model, batch, pos, y, torch.ones_like(y))
                loss.backward()
            opt.step()


def train_ntp(triples: np.ndarray, entities: list[str], relations: list[str],
              templates: list[Template], config: TrainConfig | None = None, *,
              dev: Callable[[NTPModel], float] | None = None, dev_metric: str | None = None,
              on_batch: Callable[[int, int, float], None] | None = None,
              on_epoch: Callable[[EpochStats], None] | None = None,
              backend: str = "faiss", deadline: float | None = None) -> TrainResult:
    """Train on ``triples`` (``int64 [n, 3]`` of dense ids ``(s, r, o)``).

    ``dev(model) -> float``: the running dev metric, computed after each
    epoch; ``on_batch(step, steps, loss)`` and ``on_epoch(stats)`` report
    progress; ``deadline`` (a ``time.perf_counter()`` value): no epoch after
    the first starts past it (the best epoch so far is kept)."""
    config = config or TrainConfig()
    triples = np.asarray(triples, dtype=np.int64).reshape(-1, 3)
    dim = config.prover.dim
    if config.embedding.aux == "complex" and dim % 2:
        raise ConfigError(f"the ComplEx auxiliary loss needs an even dim, not {dim}")
    device = resolve_device(config.optim.device)
    threads = torch.get_num_threads()
    if config.optim.threads is not None:
        torch.set_num_threads(config.optim.threads)
    try:
        start = time.perf_counter()
        torch.manual_seed(config.optim.seed)
        model = NTPModel(len(entities), len(relations), triples, templates, relations, config,
                         backend).to(device)
        result = TrainResult(model, list(entities), list(relations), dev_metric=dev_metric)
        _fit(result, triples, dev, on_batch, on_epoch, deadline)
        result.seconds = time.perf_counter() - start
        return result
    finally:
        torch.set_num_threads(threads)


def _fit(result: TrainResult, triples: np.ndarray, dev, on_batch, on_epoch,
         deadline: float | None = None) -> None:
    """Train ``result.model`` on ``triples``: the link predictor and the exact
    rules, then the prover epoch by epoch (its history into ``result``),
    keeping the best epoch on ``dev``, until ``deadline`` (``train_ntp``)."""
    model = result.model
    prover, o = model.prover, model.config.optim
    if model.link_model is not None:
        _train_link(model, triples)
    if model.config.exact.exact_rules:
        _train_exact(model, triples)
    facts = torch.as_tensor(triples, device=prover.device)
    batches = _Batches(triples, len(result.relations), prover.n_entities, model.config)
    opt = torch.optim.Adam(prover.parameters(), lr=o.lr)
    g = torch.Generator().manual_seed(o.seed + 1)
    _pretrain(model, facts, g)
    steps_total = (len(triples) + o.batch_size - 1) // o.batch_size * o.epochs
    step, best, since = 0, None, 0
    for epoch in range(o.epochs):
        # every process stops at the same epoch (each may see the clock pass at another)
        if epoch and deadline is not None and \
                sum_value(float(time.perf_counter() >= deadline)) > 0:
            result.out_of_time = True
            break
        t0 = time.perf_counter()
        loss, step = _epoch(model, facts, batches, opt, g, step, steps_total, on_batch)
        dev_value = None
        if dev is not None:
            with torch.no_grad():
                dev_value = float(dev(model))
        stats = EpochStats(epoch=epoch + 1, loss=loss, dev=dev_value,
                           seconds=time.perf_counter() - t0)
        result.history.append(stats)
        if on_epoch is not None:
            on_epoch(stats)
        if dev_value is None:
            continue
        if best is None or dev_value > best[0]:
            state = {k: v.detach().clone() for k, v in prover.state_dict().items()} \
                if o.keep_best else None
            best, since = (dev_value, epoch + 1, state), 0
        else:
            since += 1
            if o.patience is not None and since >= o.patience:
                break
    prover.mask_facts = False
    model.eval()
    if best is not None:
        result.best_epoch = best[1] if o.keep_best else len(result.history)
        if o.keep_best and best[1] != len(result.history):
            prover.load_state_dict(best[2])
    prover.rebuild_index()


def _epoch(model: NTPModel, facts: torch.Tensor, batches: "_Batches", opt, g: torch.Generator,
           step: int, steps_total: int, on_batch) -> tuple[float, int]:
    """One epoch over the shuffled training facts: ``(mean loss, steps so far)``."""
    prover, c = model.prover, model.config
    n, size = len(facts), c.optim.batch_size
    perm = torch.randperm(n, generator=g)
    total, count = 0.0, 0
    model.train()
    for i in range(0, n, size):
        if step % c.prover.rebuild_every == 0:
            prover.rebuild_index()
        idx = perm[i:i + size].to(prover.device)
        pos = facts[idx]
        batch, y, w, excl = batches.examples(pos, idx, g)
        prover.mask_facts = c.examples.mask
        opt.zero_grad(set_to_none=True)
        if world()[1] > 1:         # this process's share; gradients summed over all
            loss = _share_loss(model, batch, pos, y, w, excl)
            loss.backward()
            sum_gradients(prover.parameters())
            value = sum_value(float(loss.detach()))
        else:
            loss = _bce(prover.prove(batch[:, 0], batch[:, 1], batch[:, 2], excl), y, w)
            e = c.embedding
            if e.aux != "none" and e.aux_weight > 0:
                loss = loss + e.aux_weight * _aux_loss(model, batch, pos, y, w)
            loss.backward()
            value = float(loss.detach())
        opt.step()
        step += 1
        total += value * len(pos)
        count += len(pos)
        if on_batch is not None:
            on_batch(step, steps_total, value)
    prover.mask_facts = False
    model.eval()
    prover.rebuild_index()
    return total / max(count, 1), step


def _zero(model: NTPModel) -> torch.Tensor:
    """0, with every prover parameter in the graph (so that an empty share's
    backward runs)."""
    return sum(p.sum() for p in model.prover.parameters()) * 0.0


def _share_loss(model: NTPModel, batch, pos, y, w, excl) -> torch.Tensor:
    """This process's share of a batch's loss (:mod:`.distributed`), normalised
    by the whole batch: the shares' sum is the one-process loss."""
    prover, e = model.prover, model.config.embedding
    sb, sp = share(len(batch)), share(len(pos))
    total = w.sum().clamp_min(1)
    b = batch[sb]
    loss = _bce(prover.prove(b[:, 0], b[:, 1], b[:, 2], excl[sb]), y[sb], w[sb], total) \
        if len(b) else _zero(model)
    if e.aux != "none" and e.aux_weight > 0:
        loss = loss + e.aux_weight * _aux_loss(model, b, pos[sp], y[sb], w[sb], total, len(pos))
    return loss


class _Batches:
    """The examples of a batch of training facts: the facts and their
    corruptions, a corruption that is a training fact weighted 0."""

    def __init__(self, triples: np.ndarray, n_relations: int, n_entities: int,
                 config: TrainConfig) -> None:
        self.n_relations, self.n_entities = n_relations, n_entities
        self.config = config.examples
        self.known = np.unique(self._keys(triples))

    def _keys(self, t) -> np.ndarray:
        return (t[:, 0] * self.n_relations + t[:, 1]) * self.n_entities + t[:, 2]

    def examples(self, pos: torch.Tensor, idx: torch.Tensor, g: torch.Generator):
        """``(batch, labels, weights, excluded fact rows)`` for the facts ``pos``
        (rows ``idx`` of the training facts)."""
        c, dev = self.config, pos.device
        neg = corrupt(pos, c.negatives, self.n_entities, c.corrupt, g)
        if c.corrupt_relations:
            neg = torch.cat([neg, corrupt_relations(pos, c.corrupt_relations,
                                                    self.n_relations, g)])
        neg_ok = torch.as_tensor(~np.isin(self._keys(neg).cpu().numpy(), self.known),
                                 dtype=torch.float32, device=dev)
        batch = torch.cat([pos, neg])
        y = torch.cat([torch.ones(len(pos), device=dev), torch.zeros(len(neg), device=dev)])
        w = torch.cat([torch.ones(len(pos), device=dev), neg_ok])
        excl = torch.cat([idx, torch.full((len(neg),), -1, device=dev, dtype=torch.int64)])
        return batch, y, w, excl


def _train_link(model: NTPModel, triples: np.ndarray) -> None:
    """``link="kge"``: train the link predictor of its own, a ComplEx-N3
    (``neurosym.learning.kge``, its defaults but rank ``link_dim``), on the
    same facts and seed."""
    c = model.config
    kc = KGEConfig(dim=c.embedding.link_dim, seed=c.optim.seed, device=str(model.prover.device),
                   threads=c.optim.threads)
    kge, _ = train_kge(config=kc, train=triples, n_entities=model.prover.n_entities,
                       n_relations=model.prover.n_relations)
    model.link_model.load_state_dict(kge.state_dict())
    model.link_model.eval()


def _train_exact(model: NTPModel, triples: np.ndarray) -> None:
    """``exact_rules > 0``: mine that many chain rules per relation from the
    templates and learn their weights (``neurosym.learning.exact_rules``)."""
    p = model.prover
    bodies = mine_bodies(p.templates, triples, p.n_entities, p.relation_names,
                         model.config.exact.exact_rules)
    scorer = RuleScorer(bodies, triples, p.n_entities).to(p.device)
    scorer.fit(triples)
    scorer.eval()
    model.rule_scorer = scorer


def train_store(store, templates, config: TrainConfig | None = None, extra=None,
                **kw) -> TrainResult:
    """Train on the ground binary facts of ``store`` (``kb.train`` passes
    ``kb.store``) with rule ``templates`` (a file, NSL text or ``Template``
    list); ``extra``: more ``(subject, relation, object)`` name triples to
    train on (``kb.train(entailed=True)``: what the rules entail); ``kw`` as
    for :func:`train_ntp` (``dev``, ``on_batch`` ...)."""
    tpl = as_templates(templates)
    entities, relations, triples = triples_from_store(store)
    if extra:
        entities, relations, triples = with_triples(entities, relations, triples, extra)
    return train_ntp(triples, entities, relations, tpl, config, **kw)


def with_triples(entities: list[str], relations: list[str], triples: np.ndarray,
                 extra) -> tuple[list[str], list[str], np.ndarray]:
    """``(entities, relations, triples)`` with the name triples ``extra``
    added after them (new names numbered after the old ones, duplicates once)."""
    ents = {n: i for i, n in enumerate(entities)}
    rels = {n: i for i, n in enumerate(relations)}
    rows = []
    for s_, r_, o_ in extra:
        rows.append((ents.setdefault(s_, len(ents)), rels.setdefault(r_, len(rels)),
                     ents.setdefault(o_, len(ents))))
    both = np.concatenate([triples, np.asarray(rows, dtype=np.int64).reshape(-1, 3)])
    _, first = np.unique(both, axis=0, return_index=True)
    return list(ents), list(rels), both[np.sort(first)]


def entailed_triples(materialized, cap: int, seed: int) -> list[tuple[str, str, str]]:
    """The binary facts of atoms in ``materialized`` (``kb.materialize``'s
    result) as name triples; at most ``cap``, sampled with ``seed`` when there
    are more (kept in their order)."""
    out = []
    for pred in materialized:
        facts = materialized[pred]
        name, arity = facts.key
        if arity != 2:
            continue
        for a, b in facts.tuples():
            if type(a) is Atom and type(b) is Atom:
                out.append((a.name, name.name, b.name))
    if len(out) > cap:
        keep = np.sort(np.random.default_rng(seed).choice(len(out), cap, replace=False))
        out = [out[i] for i in keep]
    return out


def train_link_scorer(dataset, seed: int = 0, **overrides) -> NamedScorer:
    """Train the prover on a benchmark ``dataset`` (``neurosym.learning.data``)
    with its preset templates and settings (``neurosym.learning.presets``),
    ``seed`` and any config ``overrides`` (``epochs=2``); the result is a
    ``LinkScorer`` over the dataset's ids with ``train_seconds`` and
    ``result`` (history, rules).  ``benchmarks/link_prediction.py`` calls it
    for its NTP column."""
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
