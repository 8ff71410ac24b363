"""``neurosym train``: learn vectors and rules from a knowledge base.

    neurosym train family.nsl --templates rules.nlt --epochs 20 --out model/
    neurosym train --dataset countries_s1 --data ../shared/data \\
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

With ``--guide`` it trains the step scorer of the scored search instead
(``kb.train_guide``, ``docs/guide.md``) by self-play on FILE's facts of the
predicates that have rules: a progress bar per round, then the curve as a
table (round, budget, proved/queries, mean expansions, loss, seconds); with
``--out DIR`` the knowledge base is saved there with the scorer
(``KnowledgeBase.load(DIR).guide``).  Its options: ``--rounds``,
``--budget``, ``--queries``, ``--max-depth``, ``--epochs``, ``--lr``,
``--seed``, ``--device``, ``--out``, ``--quiet``.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from pydantic import ValidationError

from ..config import TrainConfig
from ..errors import ConfigError
from ..kb import KnowledgeBase
from ..learning.data import Dataset, load_dataset
from ..learning.evaluate import evaluate
from ..learning.presets import preset
from ..learning.templates import as_templates
from ..terms import Atom
from .args import at_least

__all__ = ["register"]


def register(sub) -> None:
    p = sub.add_parser("train", help="learn vectors and rules from facts and rule templates",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", nargs="?", metavar="FILE", help="facts to train on (.nsl, .pl, .tsv)")
    p.add_argument("--templates", metavar="FILE",
                   help="rule templates (NSL or NTP .nlt: '3 #1(X, Y) :- #2(X, Z), #2(Z, Y).'); "
                        "with --dataset, the data set's preset templates and settings when "
                        "left out")
    p.add_argument("--dataset", metavar="NAME",
                   help="train on a benchmark instead of FILE (countries_s1..s3, nations, kinship)")
    p.add_argument("--data", metavar="DIR", help="benchmark data directory ($NEUROSYM_DATA)")
    p.add_argument("--dev", metavar="FILE", help="held-out facts for the running dev MRR")
    p.add_argument("--out", metavar="DIR", help="save the checkpoint, rules.nsl and curve.png here")
    p.add_argument("--no-plot", action="store_true", help="do not write curve.png")
    p.add_argument("--config", metavar="JSON",
                   help='a TrainConfig as JSON, by group ({"optim": {"epochs": 5}}); flags '
                        'override it')
    p.add_argument("--epochs", type=at_least(0))
    p.add_argument("--dim", type=at_least(2))
    p.add_argument("--lr", type=float)
    p.add_argument("--batch-size", type=at_least(1))
    p.add_argument("--depth", type=at_least(0))
    p.add_argument("-k", type=at_least(1), help="nearest facts per sub-goal")
    p.add_argument("--negatives", type=at_least(0))
    p.add_argument("--aux", choices=["none", "complex", "distmult"])
    p.add_argument("--seed", type=at_least(0))
    p.add_argument("--device", help="cpu (default) or cuda")
    p.add_argument("--min-confidence", type=float, metavar="C",
                   help="print (and save) only rules at least this confident")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    g = p.add_argument_group("the step scorer (--guide)")
    g.add_argument("--guide", action="store_true",
                   help="train the step scorer of the scored search by self-play instead "
                        "(kb.train_guide; docs/guide.md)")
    g.add_argument("--rounds", type=at_least(1), help="self-play rounds (default 3)")
    g.add_argument("--budget", type=at_least(1),
                   help="expansions per query in round 0 (default 2000)")
    g.add_argument("--queries", type=at_least(1),
                   help="facts taken as training queries, at most (default 200)")
    g.add_argument("--max-depth", type=at_least(1), help="depth bound of the searches")
    g.add_argument("--open", action="store_true",
                   help="ask each fact r(a, b) as the open query r(a, X), X == b, so the "
                        "scorer learns to put the right answer first")
    p.set_defaults(func=run)


_FLAGS = ("epochs", "dim", "lr", "batch_size", "depth", "k", "negatives", "aux", "seed",
          "device")


def _config(args, preset=None):
    """The ``TrainConfig``: ``--config`` JSON, else the ``preset`` one (or the
    defaults), with the flags given on top."""
    try:
        base = TrainConfig.model_validate_json(args.config) if args.config \
            else (preset or TrainConfig())
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ())) or "config"
        raise ConfigError(f"bad training setting {where}: {first.get('msg')}") from None
    return base.updated(**{k: getattr(args, k) for k in _FLAGS if getattr(args, k) is not None})


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
    init_from_env()          # under torchrun: data-parallel over its processes (gloo)
    try:
        return _run_ntp(args)
    finally:
        finish()


def _run_ntp(args) -> int:
    from ..checkpoints import save_checkpoint
    from ..learning.distributed import world
    from ..learning.report import exact_rules_nsl, save_curve
    from ..learning.train import resolve_device, triples_from_store
    rank = world()[0]
    if rank:
        args.quiet = True
    if args.min_confidence is None:
        args.min_confidence = 0.0
    if (args.file is None) == (args.dataset is None):
        raise ConfigError("train: give a FILE of facts or --dataset NAME (one of them)")
    templates, preset_config = None, None
    if args.templates is None:
        if args.dataset is None:
            raise ConfigError("train: --templates FILE is needed to train on a FILE of facts")
        templates, preset_config = preset(args.dataset)
    config = _config(args, preset_config)
    resolve_device(config.optim.device)
    if args.out and not args.no_plot:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise ConfigError("saving curve.png needs matplotlib, which is not installed: "
                              "pip install 'neurosym[plot]' (or pass --no-plot)") from None
    if templates is None:
        templates = as_templates(args.templates)
    dataset, kb = None, None
    if args.dataset:
        dataset = load_dataset(args.dataset, args.data)
        entities, relations, triples = dataset.entities, dataset.relations, dataset.train
    else:
        kb = KnowledgeBase.from_file(args.file, partial=False)
        entities, relations, triples = triples_from_store(kb.store)
    dev, metric = None, None
    if dataset is not None or args.dev:
        ds = dataset if dataset is not None else _dev_from_file(args.dev, entities, relations,
                                                                triples)
        metric = "AUC-PR" if ds.countries is not None else "MRR"

        def dev(model, ds=ds):
            m = evaluate(model, ds, "dev")
            return m.auc_pr if hasattr(m, "auc_pr") else m.mrr
    result = _train_with_progress(triples, entities, relations, templates, config, dev, metric,
                                  args.quiet)
    if rank:                 # every process holds the same model: the first one reports
        return 0
    out = sys.stdout
    last = result.history[-1] if result.history else None
    print(f"% trained {config.optim.epochs} epochs in {result.seconds:.1f} s"
          + (f", final loss {last.loss:.4f}" if last else "")
          + (f", dev {metric} {last.dev:.4f}" if last and last.dev is not None else ""), file=out)
    if dataset is not None:
        m = evaluate(result.model, dataset, "test")
        if hasattr(m, "auc_pr"):
            print(f"% test AUC-PR {100 * m.auc_pr:.2f}", file=out)
        else:
            print(f"% test MRR {m.mrr:.3f} H@1 {m.hits_at_1:.3f} H@3 {m.hits_at_3:.3f} "
                  f"H@10 {m.hits_at_10:.3f}", file=out)
    for r in result.rules(args.min_confidence):
        print(r.nsl, file=out)
    print(exact_rules_nsl(result, limit=10), end="", file=out)
    if args.out:
        host = kb if kb is not None else _facts_kb(result)
        save_checkpoint(result, args.out, machine=host.machine, vectors=host.vectors,
                        models=host.models)
        if not args.no_plot:
            save_curve(result, f"{args.out}/curve.png")
        print(f"% saved to {args.out}", file=out)
    return 0


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
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    console = Console(stderr=True)
    state = {"dev": "-"}
    with Progress(TextColumn("training"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("loss {task.fields[loss]}"),
                  TextColumn("dev {task.fields[dev]}"), TimeElapsedColumn(),
                  console=console, transient=False) as bar:
        task = bar.add_task("train", total=None, loss="-", dev="-")

        def on_batch(step, steps, loss):
            bar.update(task, completed=step, total=steps, loss=f"{loss:.4f}", dev=state["dev"])

        def on_epoch(stats):
            if stats.dev is not None:
                state["dev"] = f"{metric} {stats.dev:.4f}"
            bar.update(task, dev=state["dev"])
        return train_ntp(triples, entities, relations, templates, config, dev=dev,
                         dev_metric=metric, on_batch=on_batch, on_epoch=on_epoch)
