"""Training on a data set with a chosen or an automatically chosen preset.

:func:`train_dataset` trains the prover on a :class:`~neurosym.learning.data.Dataset`
with a preset's templates and settings (``neurosym.learning.presets``),
``overrides`` on top, the running dev metric (the dataset's own protocol on
its dev split: the whole model's ranking) and the best epoch kept.

``preset="auto"`` tries the built-in recipes (:data:`RECIPES`, in this order:
Kinship's ComplEx-N3 with weighted exact rules, Nations' proofs with a
ComplEx-N3 of their own, the Countries S3 chains) and keeps the model with
the best dev score.  ``budget`` seconds bound the search: a recipe is only
started while less than ``budget`` seconds have passed since the first
one started, and no epoch starts past the budget (the first recipe trains
one epoch at least; each keeps its best epoch so far), so the search takes
about ``budget`` plus one epoch (and one recipe's link predictor and exact
rules, trained before its first epoch) at most.  The
:class:`Selection` says what was tried, what it scored and what was chosen.
"""

from __future__ import annotations

import time
from typing import Callable, ClassVar

from pydantic import BaseModel

from ..errors import ConfigError
from .data import Dataset, builtin_name
from .evaluate import evaluate
from .presets import TEMPLATES, preset
from .result import EpochStats, TrainResult
from .templates import Template

__all__ = ["RECIPES", "Candidate", "Selection", "TrainReport", "train_dataset", "dev_metric_name"]

RECIPES = ("kinship", "nations", "countries_s3")


class Candidate(BaseModel):
    """One recipe tried: its dev score (of the epoch kept) and training time."""

    preset: str
    dev: float | None
    best_epoch: int | None
    epochs_run: int
    seconds: float
    out_of_time: bool = False     # the time budget ended it before its last epoch


class Selection(BaseModel):
    """How the preset was chosen: ``chosen`` among ``candidates`` by ``metric``
    on the dev split, within ``budget`` seconds (``None``: one preset given)."""

    dataset: str
    metric: str
    chosen: str
    budget: float | None
    candidates: list[Candidate]
    untried: list[str] = []


def dev_metric_name(dataset: Dataset) -> str:
    return "AUC-PR" if dataset.countries is not None else "MRR"


def _dev(dataset: Dataset) -> Callable:
    def dev(model) -> float:
        m = evaluate(model, dataset, "dev")
        return m.auc_pr if hasattr(m, "auc_pr") else m.mrr
    return dev


def train_dataset(dataset: Dataset, preset_name: str = "auto", *, budget: float = 300.0,
                  overrides: dict | None = None, templates: list[Template] | None = None,
                  on_start: Callable[[str, int, int], None] | None = None,
                  on_batch: Callable[[int, int, float], None] | None = None,
                  on_epoch: Callable[[EpochStats], None] | None = None
                  ) -> tuple[TrainResult, Selection]:
    """Train on ``dataset`` with ``preset_name`` (a benchmark's name, or
    ``"auto"``: see the module doc); ``overrides`` (``{"epochs": 2}``) replace
    settings of every recipe, ``templates`` its templates.  ``on_start(preset,
    i, n)`` is called as each recipe starts; ``on_batch`` / ``on_epoch`` as
    for ``train_ntp``.  Returns the kept model and the :class:`Selection`."""
    from .train import train_ntp
    overrides = overrides or {}
    if preset_name == "auto":
        names = list(RECIPES)
    else:
        key = builtin_name(preset_name)
        if key is None:
            raise ConfigError(f"no preset {preset_name!r} (there are: auto, "
                              f"{', '.join(TEMPLATES)})")
        names = [key]
    if budget <= 0:
        raise ConfigError(f"the time budget must be positive, not {budget}")
    metric = dev_metric_name(dataset)
    if not len(dataset.dev):
        raise ConfigError(f"{dataset.name}: the dev split is empty; model selection needs it")
    start = time.perf_counter()
    best: tuple[float, TrainResult, str] | None = None
    tried: list[Candidate] = []
    for i, name in enumerate(names):
        if i and time.perf_counter() - start >= budget:
            break
        tpl, config = preset(name, **overrides)
        if templates is not None:
            tpl = templates
        if on_start is not None:
            on_start(name, i, len(names))
        result = train_ntp(dataset.train, dataset.entities, dataset.relations, tpl, config,
                           dev=_dev(dataset), dev_metric=metric, on_batch=on_batch,
                           on_epoch=on_epoch,
                           deadline=start + budget if preset_name == "auto" else None)
        score = result.best_dev
        tried.append(Candidate(preset=name, dev=score, best_epoch=result.best_epoch,
                               epochs_run=len(result.history), seconds=result.seconds,
                               out_of_time=result.out_of_time))
        value = float("-inf") if score is None else score
        if best is None or value > best[0]:
            best = (value, result, name)
    assert best is not None
    sel = Selection(dataset=dataset.name, metric=metric, chosen=best[2],
                    budget=budget if preset_name == "auto" else None, candidates=tried,
                    untried=names[len(tried):])
    return best[1], sel


class TrainReport(BaseModel):
    """What ``neurosym train`` on a data set writes beside the model
    (``train.json``) and ``neurosym eval`` reads back: the data set, the preset
    and how it was chosen, the epoch kept, the test metrics."""

    dataset: str
    path: str | None
    preset: str
    selection: Selection
    best_epoch: int | None
    dev_metric: str
    dev: float | None
    test: dict[str, float]
    seconds: float

    FILE: ClassVar[str] = "train.json"
