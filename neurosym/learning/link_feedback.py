"""Feedback on an answer of the trained model: steps on the link predictor's rows.

After ``kb.train`` a soft query on a trained relation ranks with the trained
model (:mod:`neurosym.learning.answers`), and its answers' proofs say so
(their root step is the ``"trained model"``).  ``kb.feedback(answer,
correct=...)`` on such an answer calls :func:`link_feedback`: the answer
``r(s, o)`` is labelled, and ``FeedbackConfig.link_steps`` Adam steps (rate
``link_lr``) move the rows of the link predictor the score came from, the
model's ComplEx-N3 of its own (``EmbeddingConfig.link == "kge"``):

* the relation's rows (``r``, and its reciprocal ``r⁻¹`` when the model has
  reciprocal relations): the score of ``r(s, o)`` is linear in them;
* with ``link_entities`` also the rows of the entities the labels name (at
  ``link_entity_scale`` times the rate), their training facts replayed
  beside them (``link_replay`` of the facts that name those entities, at
  most, chosen with a fixed seed) so that what the entities took part in
  before is kept.  Off by default: an entity's row serves every relation it
  is in, and on Nations and Kinship moving it lowered the taught relation's
  MRR (``docs/interactive.md``; also with only 16 facts per entity replayed
  and an L2 pull toward the rows' values before feedback, Kinship's MRR at
  32 yes/no labels fell from 0.45 to 0.09);
* when a ``no``'s object lies outside the relation's range (the objects of
  its training facts and right labels; only a relation with training facts
  has one), the range's entity rows too, and the loss adds ``link_range``
  times ``-log`` of the range's share of the answer's probability for the
  ``no``'s subject and ``link_range_subjects`` other entities (a fixed
  seed): a ``no`` on an answer of the wrong kind moves the next answers of
  every subject toward the kinds of objects the relation's facts have.

The loss is the model's own (1-vs-all cross-entropy over the entities, in
both directions, plus its N3 regulariser) on the relation's labels: this
answer's and the earlier ones in ``kb.examples`` (a ``yes`` or a taught
fact is a positive, a ``no`` or an unteached fact a negative, whose
probability among the ``N`` entities is pushed down to ``1/N``, no further:
``max(0, log(N p))``; pushed further, the ``no`` labels alone of an untrained
relation sharpened its ranking at random, below a random ranking's MRR on
Kinship), with up
to ``link_replay`` of the relation's own training facts (not labelled ones)
replayed as positives, so that a relation with facts keeps them.  Each
update fits the rows to every label of the relation given so far, so a
label counts as much at the eighth update as at the first.

The rows are written back in place (the next query ranks with them) and
into ``kb.models["ntp"]`` too, the model's saved state (so ``kb.save`` keeps
them); the old rows go into the :class:`~neurosym.examples.Undo`
record, so ``kb.undo()`` puts them back bit for bit.  A model without a
ComplEx-N3 of its own (the auxiliary link predictor on the prover's vectors,
which its proofs also read) has nothing to update: the answer is labelled
only.
"""

from __future__ import annotations

import math
import time

import torch

from ..errors import ConfigError
from ..lang.parser import parse_term
from ..proof import Answer
from ..terms import deref
from ..terms.printer import format_term
from .answers import TrainedGoal, TrainedRanker
from .feedback import FeedbackConfig, _Adam
from .kge import KGEConfig, n3_penalty, query_vectors, subject_query_vectors

__all__ = ["is_trained_answer", "trained_fact", "link_feedback"]

_REG = KGEConfig().reg   # the N3 weight the link predictor was trained with (train.py: defaults)
_SEED = 0            # the replayed facts' choice


def is_trained_answer(answer: Answer) -> bool:
    """Whether ``answer`` was scored by the trained model (its proof's root
    step is the ``"trained model"``, :mod:`neurosym.learning.answers`)."""
    p = answer.proof
    return p is not None and len(p.steps) == 1 and p.steps[0].kind == "learned" \
        and p.steps[0].clause == "trained model"


class _Link:
    """The ranking ComplEx-N3's rows: ``kind``, the entity and relation
    tensors, the reciprocal offset (``None`` without), and the keys of the
    same tensors in a saved model state (``kb.models["ntp"]``)."""

    keys = ("link_entity", "link_relation")

    def __init__(self, m) -> None:
        self.kind, self.entity, self.relation = m.kind, m.entity, m.relation
        self.inverse = m.n_relations if m.reciprocal else None


def _labels(ranker: TrainedRanker, r: int, examples, ops) -> list[tuple[int, int, int, bool]]:
    """``(s, r, o, label)`` of the labelled facts of relation ``r`` in
    ``examples`` whose entities the model knows, each fact once (its last label)."""
    out: dict[tuple[int, int, int], bool] = {}
    for ex in examples:
        tg = ranker.goal(deref(parse_term(ex.fact, ops=ops)[0]))
        if tg is not None and tg.r == r and tg.var is None:
            key = (tg.s, tg.r, tg.o)
            out.pop(key, None)
            out[key] = ex.label
    return [(*k, v) for k, v in out.items()]


def trained_fact(ranker: TrainedRanker, fact) -> bool:
    """Whether ``fact`` (a term) is a ground fact of a trained relation over
    the model's entities: one :func:`link_feedback` can label."""
    tg = ranker.goal(fact)
    return tg is not None and tg.var is None


def link_feedback(ranker: TrainedRanker, fact, correct: bool, examples, *, ops,
                  config: FeedbackConfig, undo, models: dict) -> None:
    """Label ``fact`` (a term: the trained answer's, or a taught one)
    ``correct`` and step the link predictor's rows toward every label of its
    relation (``examples``: the knowledge base's earlier ones); fills
    ``undo`` and ``undo.result``."""
    started = time.perf_counter()
    result = undo.result
    tg = ranker.goal(fact)
    if tg is None or tg.var is not None:
        raise ConfigError(f"feedback: {format_term(fact, quoted=True)} is not a fact of a "
                          f"trained relation (ask the query again)")
    model = ranker.model
    result.before = _score(ranker, tg)
    if model.link_model is None:
        result.after = result.before
        result.seconds = time.perf_counter() - started
        return
    link = _Link(model.link_model)
    labels = [x for x in _labels(ranker, tg.r, examples, ops) if x[:3] != (tg.s, tg.r, tg.o)]
    labels.append((tg.s, tg.r, tg.o, bool(correct)))
    rel_rows = [tg.r] + ([tg.r + link.inverse] if link.inverse is not None else [])
    ent_rows = sorted({e for s, _, o, _ in labels for e in (s, o)}) if config.link_entities \
        else []
    rng = _range(model, tg.r, labels) if config.link_range else None
    if rng is not None:     # the range's rows move too, toward the subjects asked
        ent_rows = sorted(set(ent_rows) | set(rng.tolist()))
    replay = _replay(model, tg.r, ent_rows, config.link_replay, labels)
    subjects = _subjects(link, labels, rng, config.link_range_subjects)
    new_rel, new_ent = _fit(link, labels, rel_rows, ent_rows, replay, config, rng, subjects)
    with torch.no_grad():
        states = models.get("ntp")
        for key, tensor, rows, new in ((link.keys[1], link.relation, rel_rows, new_rel),
                                       (link.keys[0], link.entity, ent_rows, new_ent)):
            if not rows:
                continue
            idx = torch.as_tensor(rows, device=tensor.device)
            targets = [tensor]
            if states is not None and key in states and states[key] is not tensor:
                targets.append(states[key])
            for t in targets:
                undo.tensors.append((t, idx.to(t.device), t[idx.to(t.device)].clone()))
                t[idx.to(t.device)] = new.to(t.device, t.dtype)
    ents, rels = ranker.result.entities, ranker.result.relations
    result.updated.append(f"ComplEx-N3 rows of {rels[tg.r]}")
    if ent_rows:
        result.updated.append(f"ComplEx-N3 rows of {', '.join(ents[e] for e in ent_rows)}")
    result.after = _score(ranker, tg)
    result.seconds = time.perf_counter() - started


def _score(ranker: TrainedRanker, tg: TrainedGoal) -> float:
    return float(ranker.row(TrainedGoal(tg.s, tg.r, tg.o, None))[1][0])


def _range(model, r: int, labels) -> torch.Tensor | None:
    """R's range, when a ``no`` says it: the objects of R's training facts and
    of its right labels, if R has training facts and a wrong label's object is
    none of them; else ``None``."""
    facts = model.prover.facts.cpu()
    objs = set(facts[facts[:, 1] == r][:, 2].tolist())
    if not objs:
        return None
    objs |= {o for _, _, o, y in labels if y}
    if all(y or o in objs for _, _, o, y in labels):
        return None
    return torch.as_tensor(sorted(objs), dtype=torch.int64)


def _subjects(link: _Link, labels, rng, n: int) -> torch.Tensor:
    """The subjects whose answers the range term moves into R's range: those of
    the wrong labels outside it and ``n`` of the entities more (a fixed seed)."""
    if rng is None:
        return torch.zeros(0, dtype=torch.int64)
    inside = set(rng.tolist())
    wrong = [s for s, _, o, y in labels if not y and o not in inside]
    g = torch.Generator().manual_seed(_SEED)
    more = torch.randperm(link.entity.shape[0], generator=g)[:n]
    return torch.unique(torch.cat([torch.as_tensor(wrong, dtype=torch.int64), more]))


def _replay(model, r: int, ent_rows: list[int], n: int, labels) -> torch.Tensor:
    """Training facts replayed beside the labels (``[m, 3]``): at most ``n``
    of relation ``r`` and at most ``n`` that name one of ``ent_rows``, each
    chosen with a fixed seed; none that is labelled."""
    facts = model.prover.facts.cpu()
    if not n or not len(facts):
        return facts[:0]
    labelled = {x[:3] for x in labels}
    facts = facts[torch.as_tensor([tuple(f) not in labelled for f in facts.tolist()])]
    picks = [facts[facts[:, 1] == r]]
    if ent_rows:
        on = torch.as_tensor(ent_rows)
        picks.append(facts[torch.isin(facts[:, 0], on) | torch.isin(facts[:, 2], on)])
    out = []
    for mine in picks:
        if len(mine) > n:
            g = torch.Generator().manual_seed(_SEED)
            mine = mine[torch.randperm(len(mine), generator=g)[:n].sort().values]
        out.append(mine)
    return torch.unique(torch.cat(out), dim=0)


def _fit(link: _Link, labels, rel_rows: list[int], ent_rows: list[int], replay: torch.Tensor,
         config: FeedbackConfig, rng, subjects) -> tuple[torch.Tensor, torch.Tensor]:
    """``link_steps`` Adam steps on the rows, returns their new values."""
    E0, R0 = link.entity.detach().cpu(), link.relation.detach().cpu()
    rel = R0[rel_rows].clone().requires_grad_(True)
    ent = E0[ent_rows].clone().requires_grad_(True)
    leaves = [rel] + ([ent] if ent_rows else [])
    t = torch.as_tensor([x[:3] for x in labels], dtype=torch.int64)
    y = torch.as_tensor([x[3] for x in labels])
    ridx = torch.as_tensor(ent_rows, dtype=torch.int64)
    opts = [_Adam([rel], config.link_lr)]
    if ent_rows:
        opts.append(_Adam([ent], config.link_lr * config.link_entity_scale))
    for _ in range(config.link_steps):
        for x in leaves:
            x.grad = None
        E = E0.index_put((ridx,), ent) if ent_rows else E0
        R = R0.index_put((torch.as_tensor(rel_rows),), rel)
        loss = _loss(link, E, R, t, y)
        if rng is not None:
            loss = loss + config.link_range * _range_loss(link, E, R, subjects, rel_rows[0], rng)
        if len(replay):
            loss = loss + _loss(link, E, R, replay, torch.ones(len(replay), dtype=torch.bool))
        loss.backward()
        for opt in opts:
            opt.step()
    return rel.detach(), ent.detach()


def _range_loss(link: _Link, E, R, subjects: torch.Tensor, r: int,
                rng: torch.Tensor) -> torch.Tensor:
    """``-log`` of the probability that R's answer of each of ``subjects`` is
    in R's range (``rng``), their mean."""
    logits = query_vectors(link.kind, E[subjects], R[r].expand(len(subjects), -1)) @ E.T
    return -torch.logsumexp(torch.log_softmax(logits, -1)[:, rng], -1).mean()


def _loss(link: _Link, E, R, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The model's loss on triples ``t`` labelled ``y``: 1-vs-all
    cross-entropy for the positives, ``max(0, log(N p))`` for the negatives
    (``N`` entities), both directions, plus N3 on the factors."""
    s, r, o = t[:, 0], t[:, 1], t[:, 2]
    es, er, eo = E[s], R[r], E[o]
    sides = [(query_vectors(link.kind, es, er) @ E.T, o)]
    if link.inverse is not None:
        eri = R[r + link.inverse]
        sides.append((query_vectors(link.kind, eo, eri) @ E.T, s))
    else:
        sides.append((subject_query_vectors(link.kind, er, eo) @ E.T, s))
    loss = torch.zeros(())
    n = len(t)
    for logits, target in sides:
        logp = torch.log_softmax(logits, -1).gather(1, target[:, None])[:, 0]
        pos = -logp[y]
        neg = torch.relu(logp[~y] + math.log(logits.shape[1]))     # down to p = 1/N
        loss = loss + (pos.sum() + neg.sum()) / n
    factors = [es, er, eo] + ([eri] if link.inverse is not None else [])
    return loss + _REG * n3_penalty(link.kind, *factors)

