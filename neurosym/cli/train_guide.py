"""``neurosym train FILE --guide``: train the step scorer by self-play.

Loads FILE into a ``KnowledgeBase`` (or opens DIR, a knowledge base that
``kb.save`` or ``neurosym train --out`` saved, as ``neurosym query DIR``
does: ``sources.open_sources``), runs ``kb.train_guide`` with the
``GuideConfig`` fields given as options, shows a progress bar per round
(``--quiet``: none), prints the curve as a table and with ``--out DIR``
saves the knowledge base with the scorer (``KnowledgeBase.load(DIR).guide``
reads it back).  The options of the differentiable prover's training are
refused with ``--guide``, and the step scorer's without it.
"""

from __future__ import annotations

import sys
import warnings

from pydantic import ValidationError

from ..errors import ConfigError, NoVectorsWarning
from ..faces.guide import format_plain, print_rich, summary
from .sources import open_sources

__all__ = ["run_guide", "refuse_guide_options"]

# The option lists are the parser's (``train.register`` records them by kind
# as it defines them: ``args.train_options``); none is restated here.


def _guide_options(args) -> list:
    """The step scorer's own options (not ``--guide`` itself)."""
    return [o for o in args.train_options.guide if o.dest != "guide"]


def refuse_guide_options(args) -> None:
    """Without ``--guide``: the step scorer's own options are an error."""
    given = [o.flag for o in _guide_options(args) if o.given(args)]
    if given:
        raise ConfigError(f"train: {', '.join(given)} only make{'s' if len(given) == 1 else ''}"
                          " sense with --guide (training the step scorer)")


def _config(args):
    """The ``GuideConfig`` of the options (``queries`` is its field here: the
    number of facts taken as queries, passed in the config since
    ``kb.train_guide``'s own ``queries`` argument is a list of goals)."""
    kinds = args.train_options
    takes = [*_guide_options(args), *kinds.both]
    given = [o.flag for o in kinds.ntp if o.given(args)]
    if given:
        raise ConfigError(f"train --guide: {', '.join(given)} "
                          f"{'is an option' if len(given) == 1 else 'are options'} of the "
                          f"rule learner's training, not the step scorer's (--guide takes "
                          f"{', '.join(o.flag for o in takes)})")
    if args.file is None:
        raise ConfigError("train --guide: give a FILE (a program with facts and rules) or "
                          "a DIR that kb.save or neurosym train --out saved")
    from ..learning.selfplay import GuideConfig  # torch
    # an option named as a GuideConfig field sets it
    flags = {o.dest: o.flag for o in takes if o.dest in GuideConfig.model_fields}
    fields = {d: getattr(args, d) for d in flags if getattr(args, d) is not None}
    if getattr(args, "blind", False):
        fields["symbols"] = False
    try:
        return GuideConfig(**fields)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ())) or "config"
        raise ConfigError(f"train --guide: bad {flags.get(where, where)}: "
                          f"{first.get('msg')}") from None


def run_guide(args) -> int:
    from ..learning.train import resolve_device  # torch
    config = _config(args)
    resolve_device(config.device)
    kb = open_sources([args.file], partial=False)   # a source FILE or a saved KB's DIR
    if config.mode != "guided":     # the note stands for the API's NoVectorsWarning
        print(f"% {kb.space.coverage().note()}", file=sys.stderr)
        warnings.filterwarnings("ignore", category=NoVectorsWarning)
    result = _train_with_progress(kb, config, args.quiet)
    out = sys.stdout
    hist = result.history
    print(f"% trained the step scorer: {summary(hist)}", file=out)
    if out.isatty():
        print_rich(hist, out)
    else:
        out.write(format_plain(hist))
    if args.out:
        kb.save(args.out)
        print(f"% saved to {args.out}", file=out)
    return 0


def _train_with_progress(kb, config, quiet: bool):
    if quiet:
        return kb.train_guide(config=config)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    total = config.rounds + 1          # the last pass measures
    with Progress(TextColumn("self-play"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("proved {task.fields[proved]}"),
                  TextColumn("expansions {task.fields[expansions]}"),
                  TextColumn("loss {task.fields[loss]}"), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("guide", total=total, proved="-", expansions="-", loss="-")

        def on_round(row):
            measuring = row.round == config.rounds      # trains nothing: no loss, as the table
            bar.update(task, completed=row.round + 1, proved=f"{row.proved}/{row.queries}",
                       expansions=f"{row.mean_expansions:.1f}",
                       loss="-" if measuring else f"{row.loss:.4f}")
        return kb.train_guide(config=config, progress=on_round)
