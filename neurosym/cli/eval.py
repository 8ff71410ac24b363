"""``neurosym eval``: evaluate a model on a link-prediction data set.

    neurosym eval --dataset nations --model complex --seeds 3
    neurosym eval --dataset countries_s1 --dataset countries_s2 --epochs 20
    neurosym eval --dataset kinship --model ntp --checkpoint DIR
    neurosym eval mydata/

A data set is a benchmark's name (``neurosym datasets list``) or a folder of
``train``/``dev``/``test`` files.  For a folder, ``neurosym eval DIR``
evaluates the model that ``neurosym train DIR`` saved in ``DIR/model`` and
names the preset it was trained with; ``--model complex`` or ``distmult``
trains and evaluates that baseline instead.

Countries S1-S3 report AUC-PR (x 100) over the pooled test countries x
regions; Nations and Kinship report filtered MRR and Hits@1/3/10 over both
directions, ties counted pessimistically.  Every number is the mean ± sample
standard deviation over the seeds, with the mean training time.  The
benchmarks' data directory comes from ``--data``, else ``$NEUROSYM_DATA``,
else the copies shipped in the package.  A progress bar on stderr shows the
training runs and the triples ranked (``--quiet``: none).

``--model ntp --checkpoint DIR`` evaluates a trained neural-prover
checkpoint (``neurosym train --out DIR``) through :func:`load_scorer`.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from pydantic import BaseModel, Field

from ..errors import ConfigError
from ..kb import KnowledgeBase
from ..learning.data import builtin_name, load_dataset
from ..learning.evaluate import evaluate

__all__ = ["EvalRun", "EvalSummary", "EvalBar", "run_kge", "run_ntp_checkpoint", "load_scorer",
           "metrics_dict", "summarize", "format_table", "register"]


class EvalRun(BaseModel):
    """One trained model evaluated on one dataset (``preset``: the training
    preset of an NTP checkpoint, when known)."""

    dataset: str
    model: str
    seed: int | None
    metrics: dict[str, float]
    train_seconds: float
    preset: str | None = None


class EvalSummary(BaseModel):
    """Mean and sample standard deviation (0 for one run) of each metric over runs."""

    dataset: str
    model: str
    runs: int
    mean: dict[str, float]
    std: dict[str, float]
    train_seconds: float
    per_run: list[EvalRun] = Field(default_factory=list)
    preset: str | None = None


def metrics_dict(m) -> dict[str, float]:
    """The numbers of a ``RankingMetrics`` or ``CountriesMetrics`` by name."""
    if hasattr(m, "auc_pr"):
        return {"auc_pr": m.auc_pr}
    return {"mrr": m.mrr, "hits_at_1": m.hits_at_1, "hits_at_3": m.hits_at_3,
            "hits_at_10": m.hits_at_10}


def run_kge(dataset, config, seeds: list[int], split: str = "test",
            on_run=None, progress=None) -> list[EvalRun]:
    """Train ``config`` (a ``KGEConfig``) once per seed on ``dataset`` and
    evaluate (``progress``: an :class:`EvalBar` or ``None``)."""
    from ..learning.kge import train_kge
    runs = []
    for seed in seeds:
        if progress is not None:
            progress.stage(f"{dataset.name}: training {config.model} seed {seed}")
        model, stats = train_kge(dataset, config.model_copy(update={"seed": seed}))
        on = progress.stage(f"{dataset.name}: ranking {split}") if progress else None
        run = EvalRun(dataset=dataset.name, model=config.model, seed=seed,
                      metrics=metrics_dict(evaluate(model, dataset, split, on_progress=on)),
                      train_seconds=stats.seconds)
        runs.append(run)
        if on_run is not None:
            on_run(run)
    return runs


def load_scorer(path: Path, dataset):
    """The trained model saved in directory ``path`` (a checkpoint of
    ``neurosym train``) as a ``LinkScorer`` over ``dataset``'s ids, names
    matched (imports torch)."""
    from ..learning.result import NamedScorer
    result = KnowledgeBase.load(path).trained()
    return NamedScorer(result, dataset.entities, dataset.relations)


def run_ntp_checkpoint(dataset, checkpoint: str | Path, split: str = "test",
                       progress=None) -> EvalRun:
    """Evaluate the model saved in ``checkpoint`` on ``dataset``; its preset
    from the ``train.json`` beside it, if any."""
    from ..learning.select import TrainReport
    path = Path(checkpoint)
    if not path.exists():
        raise ConfigError(f"checkpoint not found: {path}")
    if progress is not None:
        progress.stage(f"{dataset.name}: loading {path}")
    scorer = load_scorer(path, dataset)
    preset, seconds = None, float(getattr(scorer, "train_seconds", float("nan")))
    if (path / TrainReport.FILE).is_file():
        from pydantic import ValidationError
        try:
            report = TrainReport.model_validate_json((path / TrainReport.FILE).read_text())
        except ValidationError as e:
            raise ConfigError(f"{path / TrainReport.FILE}: not a training report "
                              f"({e.errors()[0]['msg']})") from None
        preset, seconds = report.preset, report.seconds
    on = progress.stage(f"{dataset.name}: ranking {split}") if progress else None
    return EvalRun(dataset=dataset.name, model="ntp", seed=None, preset=preset,
                   metrics=metrics_dict(evaluate(scorer, dataset, split, on_progress=on,
                                                 batch_size=64)),
                   train_seconds=seconds)


def summarize(runs: list[EvalRun]) -> EvalSummary:
    if not runs:
        raise ValueError("no runs to summarize")
    keys = list(runs[0].metrics)
    mean, std = {}, {}
    for k in keys:
        xs = [r.metrics[k] for r in runs]
        mu = sum(xs) / len(xs)
        mean[k] = mu
        std[k] = math.sqrt(sum((x - mu) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0.0
    secs = sum(r.train_seconds for r in runs) / len(runs)
    return EvalSummary(dataset=runs[0].dataset, model=runs[0].model, runs=len(runs), mean=mean,
                       std=std, train_seconds=secs, per_run=runs, preset=runs[0].preset)


def fmt_metric(key: str, mean: float, std: float | None = None) -> str:
    """AUC-PR as a percentage (``99.37``), the rest as ``.786``."""
    if key == "auc_pr":
        s = f"{100 * mean:.2f}"
        return s if std is None else f"{s} ± {100 * std:.2f}"
    s = f"{mean:.3f}".lstrip("0") if mean < 1 else f"{mean:.3f}"
    return s if std is None else f"{s} ± {std:.3f}".replace("± 0.", "± .")


def format_table(summaries: list[EvalSummary]) -> str:
    """One line per summary: AUC-PR for Countries, MRR and Hits otherwise (the
    headline metric with ± std when there are several runs)."""
    head = ["dataset", "model", "runs", "AUC-PR / MRR", "H@1", "H@3", "H@10", "train s"]
    rows = [head]
    for s in summaries:
        m = s.mean
        sd = s.std if s.runs > 1 else dict.fromkeys(m)     # no "± 0" for a single run
        if "auc_pr" in m:
            main, hits = fmt_metric("auc_pr", m["auc_pr"], sd["auc_pr"]), ["", "", ""]
        else:
            main = fmt_metric("mrr", m["mrr"], sd["mrr"])
            hits = [fmt_metric(k, m[k]) for k in ("hits_at_1", "hits_at_3", "hits_at_10")]
        secs = "n/a" if math.isnan(s.train_seconds) else f"{s.train_seconds:.1f}"
        model = f"{s.model} ({s.preset})" if s.preset else s.model
        rows.append([s.dataset, model, str(s.runs), main, *hits, secs])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)


def register(sub) -> None:
    p = sub.add_parser("eval", help="evaluate a model on a link-prediction data set",
                       description=__doc__.split("\n\n")[0],
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("datasets", nargs="*", metavar="DIR",
                   help="a folder of train/dev/test files (or a benchmark's name)")
    p.add_argument("--dataset", action="append", default=[], metavar="NAME",
                   help="countries_s1, countries_s2, countries_s3, nations, kinship, or a "
                        "folder (repeat for several)")
    p.add_argument("--data", metavar="DIR",
                   help="benchmark data directory (default: $NEUROSYM_DATA, else the copies "
                        "shipped in the package)")
    p.add_argument("--model", choices=["complex", "distmult", "ntp"],
                   help="complex (the default for a benchmark), distmult, or ntp (a "
                        "checkpoint of neurosym train: the default for a folder)")
    p.add_argument("--checkpoint", metavar="DIR",
                   help="trained NTP checkpoint (default for a folder: DIR/model)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--seeds", type=int, default=3, help="number of seeds (default 3)")
    p.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    p.add_argument("--split", choices=["test", "dev"], default="test")
    p.add_argument("--dim", type=int, help="rank (default 200)")
    p.add_argument("--epochs", type=int, help="epochs (default 50)")
    p.add_argument("--batch-size", type=int, help="batch size (default 1000)")
    p.add_argument("--lr", type=float, help="Adagrad learning rate (default 0.1)")
    p.add_argument("--reg", type=float, help="N3 weight (default 5e-3)")
    p.add_argument("--device", help="torch device (default cpu)")
    p.add_argument("--threads", type=int, help="CPU threads while training (default 1)")
    p.add_argument("--json", action="store_true", help="print the summaries as JSON")
    p.set_defaults(func=run)


def _checkpoint(args, name: str) -> str | None:
    """The checkpoint to evaluate on data set ``name``: ``--checkpoint``, or a
    folder's ``DIR/model``; ``None`` for a baseline (``--model complex``)."""
    folder = builtin_name(name) is None
    model = args.model or ("ntp" if folder or args.checkpoint else "complex")
    if model != "ntp":
        if args.checkpoint:
            raise ConfigError("--checkpoint is only for --model ntp")
        return None
    if args.checkpoint:
        return args.checkpoint
    if folder and (Path(name) / "model").is_dir():
        return str(Path(name) / "model")
    if folder:
        raise ConfigError(f"no trained model in {Path(name) / 'model'}: run `neurosym train "
                          f"{name}` first, or pass --checkpoint DIR, or --model complex for a "
                          "ComplEx baseline")
    raise ConfigError("--model ntp needs --checkpoint DIR (a model saved by neurosym train)")


def run(args: argparse.Namespace) -> int:
    if args.seeds < 1:
        raise ConfigError("--seeds must be at least 1")
    names = [*args.datasets, *args.dataset]
    if not names:
        raise ConfigError("eval: give a data set: a folder (neurosym eval DIR) or --dataset NAME")
    datasets = [load_dataset(name, args.data) for name in names]
    plan = [(name, _checkpoint(args, name)) for name in names]
    config = _kge_config(args) if any(c is None for _, c in plan) else None
    seeds = list(range(args.seed, args.seed + args.seeds))
    summaries = []
    with EvalBar(args.quiet) as bar:
        for d, (_, checkpoint) in zip(datasets, plan, strict=True):
            if checkpoint is not None:
                runs = [run_ntp_checkpoint(d, checkpoint, args.split, bar.active)]
            else:
                runs = run_kge(d, config, seeds, args.split, progress=bar.active)
            summaries.append(summarize(runs))
    if args.json:
        print(json.dumps([s.model_dump() for s in summaries], indent=2))
    else:
        print(format_table(summaries))
    return 0


def _kge_config(args):
    from pydantic import ValidationError

    from ..learning.kge import KGEConfig
    fields = {"model": args.model or "complex", "dim": args.dim, "epochs": args.epochs,
              "batch_size": args.batch_size, "lr": args.lr, "reg": args.reg,
              "device": args.device, "threads": args.threads}
    if args.device and args.device.startswith("cuda"):
        import torch
        if not torch.cuda.is_available():
            raise ConfigError(f"--device {args.device}: CUDA is not available")
    try:
        return KGEConfig(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as e:
        err = e.errors()[0]
        raise ConfigError(f"--{str(err['loc'][0]).replace('_', '-')}: {err['msg']}") from None


class EvalBar:
    """The progress bar of ``neurosym eval`` on stderr: one line per stage
    (a training run, the ranking of a split, with the triples ranked);
    ``active`` is ``None`` with ``quiet``."""

    def __init__(self, quiet: bool) -> None:
        self.quiet, self.progress, self.task = quiet, None, None

    @property
    def active(self) -> "EvalBar | None":
        return None if self.quiet else self

    def __enter__(self) -> "EvalBar":
        if not self.quiet:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                     MofNCompleteColumn(), TimeElapsedColumn(),
                                     console=Console(stderr=True))
            self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            if self.task is not None:
                self._finish()
            self.progress.__exit__(*exc)

    def _finish(self) -> None:
        t = self.progress.tasks[self.task]
        if t.total is None:
            self.progress.update(self.task, total=1, completed=1)

    def stage(self, description: str):
        """Start a line; returns the ``on_progress(done, total)`` that moves it."""
        if self.task is not None:
            self._finish()
        self.task = self.progress.add_task(description, total=None)
        task = self.task

        def on_progress(done: int, total: int) -> None:
            self.progress.update(task, completed=done, total=total)
        return on_progress
