"""The scored prover's entry point: ``kb.query(goal, mode="soft" | "exact" | "declared")``.

It takes the parts it reasons with: the machine (store, operators, limits)
and the ``Vectors`` holder (the space and the soft fact index).

``scored_answers`` builds the ``SoftConfig`` (``threshold``, ``k`` and
``aggregation`` given directly override the config's), picks the scoring,
makes sure the knowledge base's space exists with the configured seed (soft
modes only: an exact scored query loads neither torch nor faiss) and runs
``search.ScoredSearch``.
"""

from __future__ import annotations

from typing import Iterator

from ..errors import ConfigError
from ..proof import Answer
from .config import SoftConfig
from .resolve import impure_reason
from .scoring import Scoring, get_scoring
from .search import ScoredSearch

__all__ = ["scored_answers", "MODES", "soft_config"]

MODES = ("exact", "soft", "declared", "guided")


def soft_config(config: SoftConfig | dict | None = None, **overrides) -> SoftConfig:
    """A ``SoftConfig`` from a config (or a dict of its fields) and overrides
    (``None`` values are ignored); the fields set stay those given, so a
    default that depends on the knowledge base (``max_depth``) can tell."""
    if config is None:
        config = SoftConfig()
    elif isinstance(config, dict):
        config = SoftConfig(**config)
    elif not isinstance(config, SoftConfig):
        raise TypeError(f"soft config must be a SoftConfig or a dict, not {type(config).__name__}")
    upd = {k: v for k, v in overrides.items() if v is not None}
    return SoftConfig(**{**config.model_dump(exclude_unset=True), **upd}) if upd else config


def scored_answers(machine, vectors, goal, varmap: dict, names: list, *, mode: str = "soft",
                   top_k: int | None = None, threshold: float | None = None,
                   k: int | None = None, aggregation: str | Scoring | None = None,
                   config: SoftConfig | dict | None = None, scorer=None, proof: bool = False,
                   limits=None, limit: int | None = None,
                   prune: float | None = None, max_expansions: int | None = None,
                   exclude=(), lockstep: bool = False) -> Iterator[Answer]:
    """Answers of ``goal`` by the scored prover, best first (see ``docs/soft.md``).

    ``mode="guided"``: a pure Horn query (no cut, no side effects) proved
    with exact steps only, best first under the step scorer ``scorer``; run
    to the end it gives exactly the answers Prolog gives, one per proof
    (``docs/guide.md``).  ``prune``: drop steps whose value is below it;
    ``max_expansions``: end the search after that many choices (the
    answers' ``truncated`` says so); ``exclude``: clauses the query may not
    use (self-play masks a fact from its own proof); ``lockstep``: the
    search yields its ratings to a driver (``ScoredSearch``)."""
    if mode not in MODES:
        raise ConfigError(f"unknown query mode {mode!r} (expected one of: {', '.join(MODES)})")
    if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 0):
        raise ConfigError(f"top_k must be a non-negative integer, got {top_k!r}")
    scoring = aggregation if isinstance(aggregation, Scoring) else None
    cfg = soft_config(config, threshold=threshold, k=k,
                      aggregation=None if scoring is not None else aggregation)
    if scoring is None:
        scoring = get_scoring(cfg.aggregation)
    if mode == "guided":
        why = impure_reason(goal, machine.store)
        if why is not None:
            raise ConfigError(f"mode='guided' takes a pure Horn query: {why}")
    elif mode != "exact":
        vectors.ensure_seed(cfg.seed)
    if prune is not None and not 0 <= prune <= 1:
        raise ConfigError(f"prune must be between 0 and 1, got {prune!r}")
    if max_expansions is not None and (isinstance(max_expansions, bool)
                                       or not isinstance(max_expansions, int)
                                       or max_expansions < 1):
        raise ConfigError(f"max_expansions must be a positive integer, got {max_expansions!r}")
    if limit is not None:
        top_k = limit if top_k is None else min(top_k, limit)
    search = ScoredSearch(machine, vectors, goal, varmap, names,
                          mode="exact" if mode == "guided" else mode, scoring=scoring,
                          config=cfg, scorer=scorer, proof=proof, limits=limits, top_k=top_k,
                          distinct=mode != "guided", prune=prune,
                          max_expansions=max_expansions, exclude=exclude, lockstep=lockstep)
    return search.answers()
