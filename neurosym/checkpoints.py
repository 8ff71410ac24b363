"""Trained models and knowledge bases: applying a training result to a
knowledge base, checkpoints.

A checkpoint is a saved knowledge base (``kb.save(DIR)``, ``neurosym/persist/``)
so that ``KnowledgeBase.load(DIR)`` restores it: its program (the training
facts, and the learned rules when they were added), its space (the learned
vectors, by symbol name) and ``kb.models["ntp"]``, the trained model's state
as plain tensors (:func:`model_state`): ``entity``, ``relation``,
``rule_params``, ``facts`` (the prover), ``link_entity``, ``link_relation``
(a ComplEx-N3 of its own), ``exact_bodies``, ``exact_weight`` (exact rules)
and ``meta`` (UTF-8 JSON as a ``uint8`` tensor: format, version, config,
entity and relation names, templates, history).  The persistence layer
reads model files with ``torch.load(..., weights_only=True)`` and checks
them against their SHA-256: loading never runs code, and a file changed
after saving is refused.  Beside them the directory holds ``rules.nsl``
(the decoded rules, weighted; the exact rules as comments).

:func:`result_from_models` reads the trained model of a loaded knowledge base
back as a :class:`~neurosym.learning.result.TrainResult`; a missing or
mismatched state raises :class:`CheckpointError` saying what and why.  A
state of format version 1 (a flat ``TrainConfig``, before its groups) is
refused: train the model again.

This module sits below ``kb.py`` and takes a knowledge base's parts (its
machine, ``Vectors``, loader and models), never the knowledge base;
``KnowledgeBase.train``, ``apply_training`` and ``trained`` call it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import torch
from pydantic import ValidationError

from .bridge.config import BridgeConfig
from .bridge.io import atomic_write
from .errors import CheckpointError, ConfigError, NeurosymError
from .learning.config import TrainConfig
from .learning.exact_rules import RuleScorer
from .learning.ntp import NTPModel
from .learning.report import exact_rules_nsl, rules_nsl
from .learning.result import EpochStats, LearnedRule, TrainResult, decode_rules
from .learning.templates import parse_templates
from .learning.train import resolve_device
from .persist import save_kb

__all__ = ["CheckpointError", "apply_training", "save_checkpoint", "result_from_models",
           "model_state", "result_from_state", "FORMAT", "VERSION", "MODEL_NAME"]

FORMAT = "neurosym-ntp"
VERSION = 2           # 1: a flat TrainConfig
MODEL_NAME = "ntp"
_TENSORS = ("entity", "relation", "rule_params", "facts", "meta")
_PROVER = ("entity", "relation", "rule_params")                  # and facts
_LINK = {"link_entity": "entity", "link_relation": "relation"}   # link == "kge"
_EXACT = ("exact_bodies", "exact_weight")                        # exact_rules > 0


def apply_training(result: TrainResult, *, vectors, loader=None, add_rules: bool = True,
                   min_confidence: float = 0.5) -> list[LearnedRule]:
    """Give a knowledge base's ``vectors`` the learned ones (its space is
    replaced by one of the trained dimension: symbols it has that training
    did not see keep fresh random vectors) and, with ``add_rules``, load the
    decoded rules of at least ``min_confidence`` as weighted clauses through
    its ``loader``.  Returns the rules added."""
    c = result.config.prover
    vectors.assign(BridgeConfig(dim=c.dim, mu=c.mu))
    result.put_vectors(vectors.space)
    added = []
    if add_rules:
        for r in result.rules(min_confidence):
            loader.load_string(r.nsl)
            added.append(r)
    return added


def save_checkpoint(result: TrainResult, path: str | os.PathLike, *, machine, vectors,
                    models: dict, examples: list | None = None) -> Path:
    """Save ``result`` with a knowledge base's parts (its ``machine``, with the
    store, its ``vectors``, ``models`` and labelled ``examples``) in directory
    ``path`` (the space set to the learned vectors first when it has none of
    the trained dimension), and ``rules.nsl`` beside it."""
    if not vectors.built or vectors.space.dim != result.config.prover.dim:
        apply_training(result, vectors=vectors, add_rules=False)
    models[MODEL_NAME] = model_state(result)
    save_kb(path, machine=machine, vectors=vectors, models=models, examples=examples)
    root = Path(path)
    text = rules_nsl(decode_rules(result.model)) + exact_rules_nsl(result)
    atomic_write(root / "rules.nsl", text.encode("utf-8"))
    return root


def result_from_models(models: dict, device: str = "cpu",
                       where: str = "<knowledge base>") -> TrainResult:
    """The trained model saved in a knowledge base's ``models`` (``"ntp"``:
    a checkpoint opened by ``KnowledgeBase.load(DIR)``), on ``device``;
    ``where`` (the directory it was opened from) names it in errors."""
    state = models.get(MODEL_NAME)
    if state is None:
        raise CheckpointError(f"{where}: the saved knowledge base has no trained prover "
                              f"(no models/{MODEL_NAME}.pt)")
    return result_from_state(state, f"{where}/models/{MODEL_NAME}.pt", device)


def model_state(result: TrainResult) -> dict[str, torch.Tensor]:
    """The prover's state as plain tensors (for ``kb.models``)."""
    m = result.model
    meta = {
        "format": FORMAT, "version": VERSION,
        "config": m.config.model_dump(mode="json"),
        "entities": result.entities, "relations": result.relations,
        "templates": [str(t) for t in m.prover.templates],
        "history": [h.model_dump(mode="json") for h in result.history],
        "dev_metric": result.dev_metric, "seconds": result.seconds,
        "best_epoch": result.best_epoch,
    }
    state = {k: getattr(m.prover, k).detach().to("cpu").clone().contiguous()
             for k in (*_PROVER, "facts")}
    if m.link_model is not None:
        for key, name in _LINK.items():
            state[key] = getattr(m.link_model, name).detach().to("cpu").clone().contiguous()
    if m.rule_scorer is not None:
        state["exact_bodies"] = _bodies_tensor(m.rule_scorer.bodies)
        state["exact_weight"] = m.rule_scorer.weight.detach().to("cpu").clone().contiguous()
    state["meta"] = torch.frombuffer(bytearray(json.dumps(meta).encode("utf-8")),
                                     dtype=torch.uint8).clone()
    return state


def result_from_state(state, where: str = "checkpoint", device: str = "cpu") -> TrainResult:
    """A :class:`TrainResult` from :func:`model_state`'s tensors, every shape checked."""
    def fail(why: str) -> CheckpointError:
        return CheckpointError(f"{where}: {why}")
    if not isinstance(state, dict) or set(state) - set(_LINK) - set(_EXACT) != set(_TENSORS) \
            or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise fail(f"expected the tensors {list(_TENSORS)} (and {list(_LINK)}, "
                   f"{list(_EXACT)})")
    meta = _meta(state["meta"], fail)
    try:
        config = TrainConfig.model_validate(meta["config"])
        entities, relations = list(meta["entities"]), list(meta["relations"])
        templates = parse_templates("\n".join(meta["templates"]), where)
        history = [EpochStats.model_validate(h) for h in meta.get("history", [])]
    except (KeyError, TypeError, ValueError, ValidationError, NeurosymError) as e:
        raise fail(f"malformed metadata ({type(e).__name__}: {e})") from None
    facts = state["facts"]
    if facts.dtype != torch.int64 or facts.ndim != 2 or facts.shape[1] != 3 or (len(facts) and (
            int(facts[:, [0, 2]].min()) < 0 or int(facts[:, [0, 2]].max()) >= len(entities)
            or int(facts[:, 1].min()) < 0 or int(facts[:, 1].max()) >= len(relations))):
        raise fail("facts do not match the entities and relations")
    try:        # the saved rule_params replace any start, so do not mine again
        model = NTPModel(len(entities), len(relations), facts.numpy(), templates, relations,
                         config, mine=False)
    except ConfigError as e:
        raise fail(str(e)) from None
    for k, want in _parts(model, state, fail):
        got = state[k]
        if got.dtype != torch.float32 or got.shape != want.shape:
            raise fail(f"{k} has shape {tuple(got.shape)} {got.dtype}; the metadata implies "
                       f"{tuple(want.shape)} float32")
        if not torch.isfinite(got).all():
            raise fail(f"{k} holds NaN or infinite values")
        with torch.no_grad():
            want.copy_(got)
    model = model.to(resolve_device(device))
    model.eval()
    model.prover.rebuild_index()
    best = meta.get("best_epoch")
    if best is not None and (not isinstance(best, int) or not 1 <= best <= len(history)):
        raise fail(f"malformed metadata (best_epoch {best!r} is not an epoch of the history)")
    return TrainResult(model, entities, relations, history, float(meta.get("seconds", 0.0)),
                       meta.get("dev_metric"), best)


def _meta(t: torch.Tensor, fail) -> dict:
    """The metadata of a state: JSON of this format and version."""
    if t.dtype != torch.uint8 or t.ndim != 1:
        raise fail("malformed metadata tensor")
    try:
        meta = json.loads(bytes(t.tolist()).decode("utf-8"))
    except ValueError as e:
        raise fail(f"malformed metadata ({type(e).__name__}: {e})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise fail(f"malformed metadata (not a {FORMAT} state)")
    if meta.get("version") == 1:
        raise fail("saved by an older neurosym, whose training settings were one flat "
                   "TrainConfig: train the model again")
    if meta.get("version") != VERSION:
        raise fail(f"unsupported format version {meta.get('version')!r} (this neurosym "
                   f"reads version {VERSION})")
    return meta


def _parts(model: NTPModel, state: dict, fail) -> list[tuple[str, torch.Tensor]]:
    """``(state key, the model's tensor it fills)`` for every float tensor of
    the state, after checking that the optional ones match the config (the
    exact rules' scorer is built from the saved bodies here)."""
    config = model.config
    pairs = [(k, getattr(model.prover, k)) for k in _PROVER]
    has_link = model.link_model is not None
    if set(_LINK) & set(state) != (set(_LINK) if has_link else set()):
        raise fail(f"the link predictor's tensors {list(_LINK)} do not match "
                   f"link={config.embedding.link!r}")
    if has_link:
        pairs += [(k, getattr(model.link_model, name)) for k, name in _LINK.items()]
    n_exact = config.exact.exact_rules
    if set(_EXACT) & set(state) != (set(_EXACT) if n_exact else set()):
        raise fail(f"the exact rules' tensors {list(_EXACT)} do not match "
                   f"exact_rules={n_exact}")
    if n_exact:
        p = model.prover
        try:
            bodies = _bodies_from(state["exact_bodies"], p.n_relations)
            model.rule_scorer = RuleScorer(bodies, p.facts.numpy(), p.n_entities)
        except (ValueError, ConfigError) as e:
            raise fail(str(e)) from None
        pairs.append(("exact_weight", model.rule_scorer.weight))
    return pairs


def _bodies_tensor(bodies) -> torch.Tensor:
    """Rule bodies as ``int64 [relations, rules, steps, 2]`` of ``(relation,
    reversed)``, padded with -1."""
    width = max((len(b) for b in bodies), default=0)
    steps = max((len(x) for b in bodies for x in b), default=0)
    t = torch.full((len(bodies), width, steps, 2), -1, dtype=torch.int64)
    for r, rb in enumerate(bodies):
        for k, body in enumerate(rb):
            for i, (rel, rev) in enumerate(body):
                t[r, k, i, 0], t[r, k, i, 1] = rel, int(rev)
    return t


def _bodies_from(t: torch.Tensor, n_relations: int):
    """:func:`_bodies_tensor`'s bodies back, every entry checked."""
    if t.dtype != torch.int64 or t.ndim != 4 or t.shape[0] != n_relations or t.shape[3] != 2:
        raise ValueError(f"exact_bodies has shape {tuple(t.shape)} {t.dtype}; expected "
                         f"int64 [{n_relations}, rules, steps, 2]")
    bodies = []
    for r in range(n_relations):
        rb = []
        for k in range(t.shape[1]):
            steps = [(int(a), int(b)) for a, b in t[r, k].tolist() if (a, b) != (-1, -1)]
            if not steps:
                continue
            if any(not 0 <= a < n_relations or b not in (0, 1) for a, b in steps):
                raise ValueError(f"exact_bodies[{r}, {k}] names no relation")
            rb.append(tuple((a, bool(b)) for a, b in steps))
        bodies.append(rb)
    return bodies
