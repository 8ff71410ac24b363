"""``neurosym train`` on a data set: a benchmark (``--dataset NAME``) or a
folder of ``train``/``dev``/``test`` files (``neurosym train DIR``).

The preset is the benchmark's own, or for a folder ``auto``
(``neurosym.learning.select``); ``--config`` and the flags change its
settings.  It prints how the preset was chosen, the epoch kept with its dev
score, the test metrics and the rules; the model, ``curve.png`` and
``train.json`` (a :class:`~neurosym.learning.select.TrainReport`) go to
``--out``, for a folder ``DIR/model`` by default.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..learning.data import builtin_name, load_dataset
from ..learning.templates import as_templates

__all__ = ["run_dataset", "metrics_line", "selection_line"]


def metrics_line(m) -> str:
    """``% test MRR .. H@1 ..`` (or AUC-PR) of an evaluation's metrics."""
    if hasattr(m, "auc_pr"):
        return f"% {m.split} AUC-PR {100 * m.auc_pr:.2f}"
    return (f"% {m.split} MRR {m.mrr:.3f} H@1 {m.hits_at_1:.3f} H@3 {m.hits_at_3:.3f} "
            f"H@10 {m.hits_at_10:.3f}")


def selection_line(sel) -> str:
    """``% preset auto: chose kinship by dev MRR (kinship .91 4.2 s, ...)``."""
    if sel.budget is None:
        return f"% preset {sel.chosen}"
    tried = ", ".join(f"{c.preset} {'-' if c.dev is None else f'{c.dev:.4f}'} in "
                      f"{c.seconds:.1f} s{_cut(c)}" for c in sel.candidates)
    text = (f"% preset auto: chose {sel.chosen} by dev {sel.metric} ({tried}; time budget "
            f"{sel.budget:g} s")
    if sel.untried:
        text += f", not tried: {', '.join(sel.untried)}"
    return text + ")"


def _cut(c) -> str:
    """`` (N epochs: out of time)`` when the time budget stopped a recipe."""
    return f" ({c.epochs_run} epoch{'s' if c.epochs_run != 1 else ''}: out of time)" \
        if c.out_of_time else ""


def run_dataset(args) -> int:
    from ..bridge.io import atomic_write
    from ..learning.evaluate import evaluate
    from ..learning.select import TrainReport, train_dataset
    from ..learning.train import resolve_device
    from .eval import metrics_dict
    from .train import TrainBar, _check_plot, _overrides, print_result, print_rules, save
    if args.dev:
        raise ConfigError("train: --dev FILE is for a FILE of facts; a data set has its own "
                          "dev split")
    name = args.dataset if args.dataset is not None else args.file
    dataset = load_dataset(name, args.data)
    builtin = builtin_name(str(name))        # a benchmark's name (load_dataset's choice too)
    preset_name = args.preset or builtin or "auto"
    overrides = _overrides(args)
    from ..learning.config import TrainConfig
    resolve_device(TrainConfig().updated(**overrides).optim.device)
    if args.out is None and builtin is None:
        args.out = str(Path(str(name)) / "model")
    _check_plot(args)
    templates = as_templates(args.templates) if args.templates else None
    metric = "AUC-PR" if dataset.countries is not None else "MRR"
    print(f"% {dataset!r}")
    for note in dataset.notes:               # a TSV's first line read as a header (or not)
        print(f"% warning: {note}")
    if args.quiet:
        result, sel = train_dataset(dataset, preset_name, budget=args.time_budget,
                                    overrides=overrides, templates=templates)
    else:
        with TrainBar(metric) as bar:
            def on_start(recipe, i, n):
                bar.start(f"{recipe} ({i + 1}/{n})" if n > 1 else f"training {recipe}")
            result, sel = train_dataset(dataset, preset_name, budget=args.time_budget,
                                        overrides=overrides, templates=templates,
                                        on_start=on_start, on_batch=bar.on_batch,
                                        on_epoch=bar.on_epoch)
    print(selection_line(sel))
    print_result(result, result.config.optim.epochs)
    m = evaluate(result.model, dataset, "test")
    print(metrics_line(m))
    print_rules(result, args.min_confidence)
    if args.out:
        save(result, args.out, None, args.no_plot)
        report = TrainReport(dataset=dataset.name,
                             path=str(dataset.path) if dataset.path is not None else None,
                             preset=sel.chosen, selection=sel, best_epoch=result.best_epoch,
                             dev_metric=metric, dev=result.best_dev, test=metrics_dict(m),
                             seconds=sum(c.seconds for c in sel.candidates))
        atomic_write(Path(args.out) / TrainReport.FILE, report.model_dump_json(indent=2) + "\n")
        print(f"% saved to {args.out}")
    return 0
