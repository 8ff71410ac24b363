"""``neurosym train``: learn vectors and rules from a knowledge base.

    neurosym train family.nsl --templates rules.nlt --epochs 20 --out model/
    neurosym train --dataset countries_s1 \\
        --templates countries.nlt --epochs 10 --lr 0.03 --out s1/

Trains the differentiable prover (``neurosym.learning.ntp``) on the ground
binary facts of FILE (``.nsl``, ``.pl``, ``.tsv``; loaded strictly: a
syntax error stops it) or of a benchmark's training split (``--dataset``),
shows a progress bar with the loss and the running dev metric (the
benchmark's own on its dev split, or filtered MRR on the facts of ``--dev
FILE``), prints the decoded rules, and with ``--out DIR``
saves a checkpoint there (a saved knowledge base that
``KnowledgeBase.load(DIR)`` opens, with ``rules.nsl``) and the learning curve
``DIR/curve.png`` (needs matplotlib; ``--no-plot`` skips it).  CPU by
default; ``--device cuda`` when asked for (an error if CUDA is missing).
Launched with ``torchrun --nproc_per_node=N -m neurosym train ...`` it trains
data-parallel over the N processes (``torch.distributed``, gloo:
``neurosym.learning.distributed``); the first process prints and saves, and
the model is the one a single process trains.

    neurosym train family.nsl --guide --rounds 3 --budget 500 --out guided/

A folder of ``train``/``dev``/``test`` files the package does not know
(TSV with or without a header, CSV with named columns, NSL facts:
``docs/learning.md``) trains the same way as a benchmark:

    neurosym train mydata/ --time-budget 120
    neurosym eval mydata/

``--preset auto`` (the default for a folder) trains each built-in recipe
(Kinship's, Nations', Countries S3's) while the time budget
(``--time-budget SECONDS``, default 300) lasts (no epoch starts past it)
and keeps the one with the best dev score; ``--preset NAME`` takes one.  The running dev metric is the
whole model's ranking (the one the test reports); the epoch with the best
dev score is kept (``--last-epoch``: the last one) and ``--patience N``
stops after N epochs without a better one.  The model goes to ``--out``
(for a folder, ``DIR/model`` by default) with ``train.json``: the
recipes tried, their dev scores, the chosen one and the test metrics.
``--config FILE`` (``.toml`` or ``.json``, by group or by setting name:
``[optim] epochs = 5`` or ``epochs = 5``) sets any training setting; the
flags override it.

With ``--guide`` it trains the step scorer of the scored search instead
(``kb.train_guide``, ``docs/guide.md``) by self-play on FILE's facts of the
predicates that have rules (FILE, or DIR: a knowledge base that ``--out`` or
``kb.save`` saved, opened as ``neurosym query DIR`` opens it, its trained
model kept): a progress bar per round, then the curve as a
table (round, budget, proved/queries, mean expansions, loss, seconds); with
``--out DIR`` the knowledge base is saved there with the scorer
(``KnowledgeBase.load(DIR).guide``).  Its options: those of the group
"the step scorer (--guide)" below and the ones both trainings take (listed
first); the rule learner's are refused with ``--guide``, the step scorer's
without it (``TrainOptions``).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import TrainConfig
from ..errors import ConfigError
from ..kb import KnowledgeBase
from ..learning.config import read_settings
from ..learning.data import Dataset
from ..learning.evaluate import evaluate
from ..learning.templates import as_templates
from ..terms import Atom
from .args import Option, at_least, recording

__all__ = ["register", "TrainOptions"]


@dataclass(frozen=True)
class TrainOptions:
    """The options of ``neurosym train`` by kind, as ``register`` defines them
    (``args.train_options``): ``both`` trainings take, the rule learner's
    (``ntp``, refused with ``--guide``) and the step scorer's (``guide``,
    ``--guide`` itself among them; refused without it)."""

    both: tuple[Option, ...]
    ntp: tuple[Option, ...]
    guide: tuple[Option, ...]


def register(sub) -> None:
    p = sub.add_parser("train", help="learn vectors and rules from facts and rule templates",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", nargs="?", metavar="FILE|DIR",
                   help="facts to train on (.nsl, .pl, .tsv), or a folder of train/dev/test "
                        "files; with --guide, a program or a saved knowledge base's folder")
    both: list[Option] = []
    ntp: list[Option] = []
    guide: list[Option] = []
    add = recording(p, both)
    add("--epochs", type=at_least(0))
    add("--lr", type=float)
    add("--seed", type=at_least(0))
    add("--device", help="cpu (default) or cuda")
    add("--out", metavar="DIR", help="save the checkpoint, rules.nsl and curve.png here")
    add("--quiet", action="store_true", help="no progress bar")
    add = recording(p.add_argument_group("the rule learner (not with --guide)"), ntp)
    add("--templates", metavar="FILE",
        help="rule templates (NSL or NTP .nlt: '3 #1(X, Y) :- #2(X, Z), #2(Z, Y).'); "
             "with --dataset, the data set's preset templates and settings when "
             "left out")
    add("--dataset", metavar="NAME",
        help="train on a benchmark instead of FILE (countries_s1..s3, nations, "
             "kinship; `neurosym datasets list`) or on a folder")
    add("--data", metavar="DIR",
        help="benchmark data directory (default: $NEUROSYM_DATA, else the copies "
             "shipped in the package)")
    add("--preset", metavar="NAME",
        help="auto (try the built-in recipes, keep the best on dev; the default "
             "for a folder) or a benchmark's name (its default)")
    add("--time-budget", type=float, metavar="SECONDS", default=300.0,
        help="--preset auto: start another recipe, or another epoch, only within "
             "this many seconds of the first (default 300)")
    add("--dev", metavar="FILE", help="held-out facts for the running dev MRR")
    add("--no-plot", action="store_true", help="do not write curve.png")
    add("--config", metavar="FILE",
        help='training settings: a .toml or .json file, or JSON text, by group '
             '({"optim": {"epochs": 5}}) or by name ({"epochs": 5}); over the '
             'preset, under the flags')
    add("--dim", type=at_least(2))
    add("--batch-size", type=at_least(1))
    add("--depth", type=at_least(0))
    add("-k", type=at_least(1), help="nearest facts per sub-goal")
    add("--negatives", type=at_least(0))
    add("--aux", choices=["none", "complex", "distmult"])
    add("--link", choices=["aux", "kge"],
        help="the link predictor that ranks with the proofs: the prover's own "
             "vectors (aux) or a ComplEx-N3 of its own (kge)")
    add("--exact-rules", type=at_least(0), metavar="N",
        help="per relation, N mined chain rules proved exactly, with learned weights")
    add("--link-weight", type=float, metavar="W",
        help="the link predictor's weight in an answer's score (0: it only breaks "
             "ties)")
    add("--proof-weight", type=float, metavar="W", help="the proof score's weight")
    add("--exact-weight", type=float, metavar="W", help="the exact rules' weight")
    add("--patience", type=at_least(1), metavar="N",
        help="stop after N epochs without a better dev score")
    add("--last-epoch", action="store_true",
        help="keep the last epoch, not the best one on dev")
    add("--min-confidence", type=float, metavar="C",
        help="print (and save) only rules at least this confident")
    add = recording(p.add_argument_group("the step scorer (--guide)"), guide)
    add("--guide", action="store_true",
        help="train the step scorer of the scored search by self-play instead "
             "(kb.train_guide; docs/guide.md)")
    add("--rounds", type=at_least(1), help="self-play rounds (default 3)")
    add("--budget", type=at_least(1), help="expansions per query in round 0 (default 2000)")
    add("--queries", type=at_least(1),
        help="facts taken as training queries, at most (default 200)")
    add("--max-depth", type=at_least(1), help="depth bound of the searches")
    add("--open", action="store_true",
        help="ask each fact r(a, b) as the open query r(a, X), X == b, so the "
             "scorer learns to put the right answer first")
    add("--blind", action="store_true",
        help="the scorer reads no predicate or per-clause vectors, only the "
             "numeric features (GuideConfig.symbols=False)")
    add("--alternatives", type=at_least(0), metavar="N",
        help="search N expansions past the first proof and train on the "
             "shortest proof found (default 0)")
    add("--mode", choices=["guided", "soft", "declared"],
        help="the searches self-play runs (default guided; soft: the soft query's)")
    add("--top-k", type=at_least(0), metavar="K",
        help="search each query as the query top_k=K would, to its end, and train "
             "on every answer's proof (0: every answer; with --open, r(a, X) alone)")
    add("--loop-check", action="store_true",
        help="the searches drop a ground goal equal to one of its ancestors "
             "(SoftConfig.loop_check)")
    add("--parallel", type=at_least(1), metavar="N",
        help="training queries searched in lock step, their choices rated in "
             "one forward pass (default 32; 1: one after the other)")
    p.set_defaults(func=run, train_options=TrainOptions(tuple(both), tuple(ntp), tuple(guide)))


_FLAGS = ("epochs", "dim", "lr", "batch_size", "depth", "k", "negatives", "aux", "seed",
          "device", "link", "exact_rules", "link_weight", "proof_weight", "exact_weight",
          "patience")


def _overrides(args) -> dict:
    """The settings of ``--config`` with the flags given on top, checked
    (an unknown name or a bad value is an error naming it)."""
    out = read_settings(args.config) if args.config else {}
    out.update({k: getattr(args, k) for k in _FLAGS if getattr(args, k) is not None})
    if args.last_epoch:
        out["keep_best"] = False
    try:
        TrainConfig().updated(**out)
    except ConfigError as e:
        where = f"{args.config}: " if args.config and not args.config.lstrip().startswith("{") \
            else ""
        raise ConfigError(f"{where}bad training setting {e}") from None
    return out


def _config(args, preset=None):
    """The ``TrainConfig``: the ``preset`` one (or the defaults) with
    ``--config`` and the flags on top."""
    return (preset or TrainConfig()).updated(**_overrides(args))


def _dev_from_file(path, entities, relations, train):
    """A ``Dataset`` whose dev split is ``path``'s facts, for the running MRR."""
    from ..learning.train import triples_from_store
    e2, r2, t2 = triples_from_store(KnowledgeBase.from_file(path, partial=False).store)
    ent = {n: i for i, n in enumerate(entities)}
    rel = {n: i for i, n in enumerate(relations)}
    rows = []
    for s, r, o in t2.tolist():
        names = (e2[s], r2[r], e2[o])
        if names[0] not in ent or names[2] not in ent or names[1] not in rel:
            raise ConfigError(f"{path}: dev fact {names[1]}({names[0]}, {names[2]}) names a "
                              "symbol that is not in the training facts")
        rows.append((ent[names[0]], rel[names[1]], ent[names[2]]))
    dev = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
    known = np.unique(np.concatenate([train, dev]), axis=0)
    return Dataset("dev", list(entities), list(relations), train, dev, dev[:0], known)


def run(args) -> int:
    if args.guide:
        from .train_guide import run_guide
        return run_guide(args)
    from .train_guide import refuse_guide_options
    refuse_guide_options(args)
    from ..learning.distributed import finish, init_from_env
    distributed = init_from_env()  # under torchrun: data-parallel over its processes (gloo)
    try:
        rc = _run_ntp(args)
    finally:
        finish()
    if distributed:
        # Everything is written and the process group is gone; leave without the
        # interpreter's teardown, in which gloo's C++ threads now and then abort
        # the process ("terminate called without an active exception", SIGABRT).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(rc)
    return rc


def _check_plot(args) -> None:
    if args.out and not args.no_plot:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise ConfigError("saving curve.png needs matplotlib, which is not installed: "
                              "pip install 'neurosym-engine[plot]' (or pass --no-plot)") from None


def _run_ntp(args) -> int:
    from ..learning.distributed import world
    from ..learning.train import resolve_device, triples_from_store
    rank, size = world()
    if rank:
        args.quiet = True
    if args.min_confidence is None:
        args.min_confidence = 0.0
    if (args.file is None) == (args.dataset is None):
        raise ConfigError("train: give a FILE of facts, a folder, or --dataset NAME (one of "
                          "them)")
    if args.dataset is not None or Path(args.file).is_dir():
        if size > 1:
            raise ConfigError("train: data-parallel training (torchrun) takes a FILE of facts "
                              "with --templates; a data set trains in one process")
        from .train_data import run_dataset
        return run_dataset(args)
    if args.preset is not None:
        raise ConfigError("train: --preset is for a data set (a folder or --dataset NAME); "
                          "a FILE of facts trains with --templates")
    if args.templates is None:
        raise ConfigError("train: --templates FILE is needed to train on a FILE of facts: "
                          "rule templates, in a file or as text, e.g. --templates "
                          "'2 #1(X, Y) :- #2(X, Z), #3(Z, Y).' (docs/learning.md); a folder "
                          "of train/dev/test files trains without them (--preset auto)")
    config = _config(args)
    resolve_device(config.optim.device)
    _check_plot(args)
    templates = as_templates(args.templates)
    kb = KnowledgeBase.from_file(args.file, partial=False)
    entities, relations, triples = triples_from_store(kb.store)
    dev, metric = None, None
    if args.dev:
        ds = _dev_from_file(args.dev, entities, relations, triples)
        metric = "MRR"

        def dev(model, ds=ds):
            return evaluate(model, ds, "dev").mrr
    result = _train_with_progress(triples, entities, relations, templates, config, dev, metric,
                                  args.quiet)
    if rank:                 # every process holds the same model: the first one reports
        return 0
    print_result(result, config.optim.epochs)
    print_rules(result, args.min_confidence)
    if args.out:
        save(result, args.out, kb, args.no_plot)
    return 0


def print_result(result, epochs: int) -> None:
    """``% trained ...``: epochs, time, final loss, the epoch kept and its dev score."""
    last = result.history[-1] if result.history else None
    metric = result.dev_metric
    text = f"% trained {len(result.history)} epochs in {result.seconds:.1f} s"
    if len(result.history) < epochs:
        text += f" (of {epochs}: stopped early)"
    if last:
        text += f", final loss {last.loss:.4f}"
    if result.best_epoch is not None:
        text += f", kept epoch {result.best_epoch}: dev {metric} {result.best_dev:.4f}"
    elif last and last.dev is not None:
        text += f", dev {metric} {last.dev:.4f}"
    print(text)


def print_rules(result, min_confidence: float) -> None:
    from ..learning.report import exact_rules_nsl
    for r in result.rules(min_confidence):
        print(r.nsl)
    print(exact_rules_nsl(result, limit=10), end="")


def save(result, out, kb, no_plot: bool) -> None:
    """The checkpoint (a saved knowledge base: ``kb``'s, or one of the
    training facts) and ``curve.png`` in ``out``."""
    from ..checkpoints import save_checkpoint
    from ..learning.report import save_curve
    host = kb if kb is not None else _facts_kb(result)
    save_checkpoint(result, out, machine=host.machine, vectors=host.vectors,
                    models=host.models)
    if not no_plot:
        save_curve(result, f"{out}/curve.png")


def _facts_kb(result):
    """A knowledge base holding the training facts of ``result`` (the
    checkpoint of a benchmark run)."""
    kb = KnowledgeBase()
    f = result.model.prover.facts.cpu().numpy()
    ent = kb.symbols.intern_many(result.entities)
    for r, name in enumerate(result.relations):
        rows = f[f[:, 1] == r]
        if len(rows):
            kb.store.add_facts(Atom(name), 2, np.stack([ent[rows[:, 0]], ent[rows[:, 2]]], 1))
    return kb


def _train_with_progress(triples, entities, relations, templates, config, dev, metric,
                         quiet: bool):
    from ..learning.train import train_ntp
    if quiet:
        return train_ntp(triples, entities, relations, templates, config, dev=dev,
                         dev_metric=metric)
    with TrainBar(metric) as bar:
        bar.start()
        return train_ntp(triples, entities, relations, templates, config, dev=dev,
                         dev_metric=metric, on_batch=bar.on_batch, on_epoch=bar.on_epoch)


class TrainBar:
    """The progress bar of training on stderr: steps, loss, the running dev
    metric; :meth:`start` begins another run (a recipe of ``--preset auto``)."""

    def __init__(self, metric: str | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )
        self.metric, self.dev, self.task = metric, "-", None
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn("loss {task.fields[loss]}"),
                                 TextColumn("dev {task.fields[dev]}"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=False)

    def __enter__(self) -> "TrainBar":
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def start(self, description: str = "training") -> None:
        """A new line of the bar, for another training run."""
        self.dev = "-"
        self.task = self.progress.add_task(description, total=None, loss="-", dev="-")

    def on_batch(self, step, steps, loss) -> None:
        self.progress.update(self.task, completed=step, total=steps, loss=f"{loss:.4f}",
                             dev=self.dev)

    def on_epoch(self, stats) -> None:
        if stats.dev is not None:
            self.dev = f"{self.metric} {stats.dev:.4f}"
        self.progress.update(self.task, dev=self.dev)
