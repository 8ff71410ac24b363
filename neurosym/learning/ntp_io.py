"""Checkpoints of trained provers, the learning curve, and the knowledge-base side.

A checkpoint is a saved knowledge base (``kb.save(DIR)``, ``neurosym/persist.py``)
so that ``KnowledgeBase.load(DIR)`` restores it: its program (the training
facts, and the learned rules when they were added), its space (the learned
vectors, by symbol name) and ``kb.models["ntp"]``, the prover's state as
plain tensors (:func:`model_state`): ``entity``, ``relation``,
``rule_params``, ``facts`` and ``meta`` (UTF-8 JSON as a ``uint8`` tensor:
format, version, config, entity and relation names, templates, history).
Model files are read with ``torch.load(..., weights_only=True)`` and checked
against their SHA-256 by the loader: loading never runs code, and a file
changed after saving is refused.  Beside them the directory holds
``rules.nsl`` (the decoded rules, weighted) and ``curve.png``
(:func:`save_curve`, matplotlib).

:func:`load_checkpoint` reads the directory back as a :class:`TrainResult`;
a missing, tampered or mismatched checkpoint raises :class:`CheckpointError`
(or the loader's ``KBFileError``) saying which file and why.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import numpy as np
import torch
from pydantic import ValidationError

from ..bridge.config import BridgeConfig
from ..errors import ConfigError, NeurosymError
from ..files import atomic_write
from .config import TrainConfig
from .ntp import NTPModel
from .templates import parse_templates
from .train import EpochStats, TrainResult, decode_rules

__all__ = ["CheckpointError", "save_checkpoint", "load_checkpoint", "save_curve", "rules_nsl",
           "exact_rules_nsl",
           "apply_to_kb", "model_state", "result_from_state", "train_kb", "FORMAT", "VERSION",
           "MODEL_NAME"]

FORMAT = "neurosym-ntp"
VERSION = 1
MODEL_NAME = "ntp"
_TENSORS = ("entity", "relation", "rule_params", "facts", "meta")
_LINK = {"link_entity": "entity", "link_relation": "relation"}   # config.link == "kge"
_EXACT = ("exact_bodies", "exact_weight")                        # config.exact_rules > 0


class CheckpointError(NeurosymError):
    """A checkpoint that cannot be read: missing, tampered with or mismatched."""


def model_state(result: TrainResult) -> dict[str, torch.Tensor]:
    """The prover's state as plain tensors (for ``kb.models``)."""
    m = result.model
    meta = {
        "format": FORMAT, "version": VERSION,
        "config": m.config.model_dump(mode="json"),
        "entities": result.entities, "relations": result.relations,
        "templates": [str(t) for t in m.templates],
        "history": [h.model_dump(mode="json") for h in result.history],
        "dev_metric": result.dev_metric, "seconds": result.seconds,
    }
    state = {k: getattr(m, k).detach().to("cpu").clone().contiguous()
             for k in ("entity", "relation", "rule_params", "facts")}
    if m.link_model is not None:
        for key, name in _LINK.items():
            state[key] = getattr(m.link_model, name).detach().to("cpu").clone().contiguous()
    if m.rule_scorer is not None:
        state["exact_bodies"] = _bodies_tensor(m.rule_scorer.bodies)
        state["exact_weight"] = m.rule_scorer.weight.detach().to("cpu").clone().contiguous()
    state["meta"] = torch.frombuffer(bytearray(json.dumps(meta).encode("utf-8")),
                                     dtype=torch.uint8).clone()
    return state


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


def result_from_state(state, where: str = "checkpoint", device: str = "cpu") -> TrainResult:
    """A :class:`TrainResult` from :func:`model_state`'s tensors, every shape checked."""
    def fail(why: str) -> CheckpointError:
        return CheckpointError(f"{where}: {why}")
    if not isinstance(state, dict) or set(state) - set(_LINK) - set(_EXACT) != set(_TENSORS) \
            or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise fail(f"expected the tensors {list(_TENSORS)} (and {list(_LINK)}, "
                   f"{list(_EXACT)})")
    if state["meta"].dtype != torch.uint8 or state["meta"].ndim != 1:
        raise fail("malformed metadata tensor")
    try:
        meta = json.loads(bytes(state["meta"].tolist()).decode("utf-8"))
        if meta.get("format") != FORMAT or meta.get("version") != VERSION:
            raise ValueError(f"not a {FORMAT} v{VERSION} state")
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
                         config.model_copy(update={"rule_init": "random"}))
    except ConfigError as e:
        raise fail(str(e)) from None
    model.config = config
    has_link = model.link_model is not None
    if set(_LINK) & set(state) != (set(_LINK) if has_link else set()):
        raise fail(f"the link predictor's tensors {list(_LINK)} do not match "
                   f"config.link={config.link!r}")
    pairs = [(k, getattr(model, k)) for k in ("entity", "relation", "rule_params")]
    if has_link:
        pairs += [(k, getattr(model.link_model, name)) for k, name in _LINK.items()]
    if set(_EXACT) & set(state) != (set(_EXACT) if config.exact_rules else set()):
        raise fail(f"the exact rules' tensors {list(_EXACT)} do not match "
                   f"config.exact_rules={config.exact_rules}")
    if config.exact_rules:
        from .exact_rules import RuleScorer
        try:
            bodies = _bodies_from(state["exact_bodies"], len(relations))
            model.rule_scorer = RuleScorer(bodies, facts.numpy(), len(entities))
        except (ValueError, ConfigError) as e:
            raise fail(str(e)) from None
        pairs.append(("exact_weight", model.rule_scorer.weight))
    for k, want in pairs:
        got = state[k]
        if got.dtype != torch.float32 or got.shape != want.shape:
            raise fail(f"{k} has shape {tuple(got.shape)} {got.dtype}; the metadata implies "
                       f"{tuple(want.shape)} float32")
        if not torch.isfinite(got).all():
            raise fail(f"{k} holds NaN or infinite values")
        with torch.no_grad():
            want.copy_(got)
    from .train import resolve_device
    model = model.to(resolve_device(device))
    model.facts = model.facts.to(model.device)
    model.eval()
    model.rebuild_index()
    return TrainResult(model, entities, relations, history, float(meta.get("seconds", 0.0)),
                       meta.get("dev_metric"))


def _facts_kb(result: TrainResult):
    from ..kb import KnowledgeBase
    from ..terms import Atom
    kb = KnowledgeBase()
    f = result.model.facts.cpu().numpy()
    ent = kb.symbols.intern_many(result.entities)
    for r, name in enumerate(result.relations):
        rows = f[f[:, 1] == r]
        if len(rows):
            kb.store.add_facts(Atom(name), 2, np.stack([ent[rows[:, 0]], ent[rows[:, 2]]], 1))
    return kb


def save_checkpoint(result: TrainResult, path: str | os.PathLike, kb=None) -> Path:
    """Save ``result`` as a knowledge base in directory ``path``: ``kb`` (its
    space set to the learned vectors when it has none of the trained
    dimension), or a new one holding the training facts."""
    if kb is None:
        kb = _facts_kb(result)
        apply_to_kb(kb, result, add_rules=False)
    elif not kb.vectors.built or kb.space.dim != result.config.dim:
        apply_to_kb(kb, result, add_rules=False)
    kb.models[MODEL_NAME] = model_state(result)
    kb.save(path)
    root = Path(path)
    text = rules_nsl(decode_rules(result.model)) + exact_rules_nsl(result)
    atomic_write(root / "rules.nsl", text.encode("utf-8"))
    return root


def exact_rules_nsl(result: TrainResult, limit: int | None = None) -> str:
    """The exact rules (``config.exact_rules``) as NSL comments, heaviest
    first: their weights are log-linear, not clause weights in (0, 1], so
    consulting the file leaves them out.  ``limit``: at most that many."""
    rules = result.exact_rules()
    if not rules:
        return ""
    shown = rules if limit is None else rules[:limit]
    more = len(rules) - len(shown)
    return ("% exact rules with log-linear weights (a triple scores the sum of the "
            "weights of those that prove it):\n"
            + "".join(f"% {r}\n" for r in shown)
            + (f"% ... {more} more\n" if more else ""))


def rules_nsl(rules) -> str:
    """Decoded rules as an NSL file: each predicate's clauses together (so
    consulting it gives no discontiguous warnings), most confident first,
    the predicates in the order of their best rule."""
    groups: dict[str, list[str]] = {}
    for r in rules:
        groups.setdefault(r.text.split("(", 1)[0], []).append(r.nsl)
    return "".join(f"{line}\n" for lines in groups.values() for line in lines)


def load_checkpoint(path: str | os.PathLike, device: str = "cpu") -> TrainResult:
    """Read a checkpoint written by :func:`save_checkpoint` (or any saved
    knowledge base with a trained prover in ``kb.models["ntp"]``)."""
    from ..kb import KnowledgeBase
    kb = KnowledgeBase.load(path)
    state = kb.models.get(MODEL_NAME)
    if state is None:
        raise CheckpointError(f"{path}: the saved knowledge base has no trained prover "
                              f"(no models/{MODEL_NAME}.pt)")
    return result_from_state(state, f"{path}/models/{MODEL_NAME}.pt", device)


def save_curve(result: TrainResult, path: str | os.PathLike) -> Path:
    """Plot the loss (and the dev metric, if any) per epoch to a PNG file.
    Needs matplotlib (``pip install 'neurosym[plot]'``)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ConfigError("saving the learning curve needs matplotlib, which is not "
                          "installed: pip install 'neurosym[plot]' (or pass --no-plot)") from None
    epochs = [h.epoch for h in result.history]
    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
    ax.plot(epochs, [h.loss for h in result.history], "o-", color="tab:blue", label="loss")
    ax.set_xlabel("epoch")
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("training loss", color="tab:blue")
    dev = [h.dev for h in result.history]
    if any(d is not None for d in dev):
        ax2 = ax.twinx()
        ax2.plot(epochs, [np.nan if d is None else d for d in dev], "s-", color="tab:orange")
        ax2.set_ylabel(f"dev {result.dev_metric or 'metric'}", color="tab:orange")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    p = Path(path)
    atomic_write(p, buf.getvalue())
    return p


def learned_space(result: TrainResult, seed: int = 0):
    """The learned vectors as a ``SymbolSpace`` (own symbol table): entity
    rows as constants, relation rows as predicates."""
    from ..bridge import SymbolSpace
    c = result.config
    space = SymbolSpace(config=BridgeConfig(dim=c.dim, mu=c.mu, seed=seed))
    m = result.model
    space.set_vectors(result.entities, m.entity.detach().cpu(), "constant", add_unknown=True)
    space.set_vectors(result.relations, m.relation.detach().cpu(), "predicate",
                      add_unknown=True)
    return space


def apply_to_kb(kb, result: TrainResult, *, add_rules: bool = True,
                min_confidence: float = 0.5) -> list:
    """Give ``kb`` the learned vectors (its space is replaced by one of the
    trained dimension: symbols it has that training did not see keep fresh
    random vectors) and, with ``add_rules``, the decoded rules of at least
    ``min_confidence`` as weighted clauses.  Returns the rules added."""
    c = result.config
    kb.space = BridgeConfig(dim=c.dim, mu=c.mu)
    space = kb.space
    m = result.model
    space.set_vectors(result.entities, m.entity.detach().cpu(), "constant", add_unknown=True)
    space.set_vectors(result.relations, m.relation.detach().cpu(), "predicate",
                      add_unknown=True)
    added = []
    if add_rules:
        for r in result.rules(min_confidence):
            kb.add(r.nsl)
            added.append(r)
    return added


def as_templates(templates) -> list:
    """Templates from a file path, NSL text (anything with ``:-``) or a list."""
    from .templates import Template, load_templates
    if isinstance(templates, (list, tuple)):
        if not all(isinstance(t, Template) for t in templates):
            raise ConfigError("templates: expected Template objects")
        return list(templates)
    if isinstance(templates, str) and ":-" in templates:
        return parse_templates(templates)
    if isinstance(templates, (str, os.PathLike)):
        return load_templates(templates)
    raise ConfigError(f"templates must be a file, NSL text or a list, not "
                      f"{type(templates).__name__}")


def train_kb(kb, templates, config: TrainConfig | None = None, *, dev=None,
             out: str | os.PathLike | None = None, apply: bool = True,
             add_rules: bool = False, min_confidence: float = 0.5, **callbacks) -> TrainResult:
    """``kb.train``: train on the knowledge base's ground binary facts; with
    ``apply``, give ``kb`` the learned vectors (and, with ``add_rules``, the
    rules of at least ``min_confidence``); with ``out``, save a checkpoint."""
    from .train import train_ntp, triples_from_kb
    tpl = as_templates(templates)
    entities, relations, triples = triples_from_kb(kb)
    result = train_ntp(triples, entities, relations, tpl, config, dev=dev, **callbacks)
    if apply:
        apply_to_kb(kb, result, add_rules=add_rules, min_confidence=min_confidence)
    if out is not None:
        save_checkpoint(result, out, kb)
    kb.training = result
    return result
