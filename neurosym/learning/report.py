"""What training reports besides the model: the learned rules as NSL text
and the learning curve (``neurosym train`` prints the one and saves both
beside its checkpoint)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np

from ..bridge.io import atomic_write
from ..errors import ConfigError
from .result import LearnedRule, TrainResult

__all__ = ["rules_nsl", "exact_rules_nsl", "save_curve"]


def rules_nsl(rules: list[LearnedRule]) -> str:
    """Decoded rules as an NSL file: each predicate's clauses together (so
    consulting it gives no discontiguous warnings), most confident first,
    the predicates in the order of their best rule."""
    groups: dict[str, list[str]] = {}
    for r in rules:
        groups.setdefault(r.text.split("(", 1)[0], []).append(r.nsl)
    return "".join(f"{line}\n" for lines in groups.values() for line in lines)


def exact_rules_nsl(result: TrainResult, limit: int | None = None) -> str:
    """The exact rules (``exact_rules``) as NSL comments, heaviest
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


def save_curve(result: TrainResult, path: str | os.PathLike) -> Path:
    """Plot the loss (and the dev metric, if any) per epoch to a PNG file.
    Needs matplotlib (``pip install 'neurosym-engine[plot]'``)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ConfigError("saving the learning curve needs matplotlib, which is not "
                          "installed: pip install 'neurosym-engine[plot]' (or pass --no-plot)") from None
    fig = curve_figure(result, plt)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    p = Path(path)
    atomic_write(p, buf.getvalue())
    return p


def curve_figure(result: TrainResult, plt):
    """The learning curve as a matplotlib figure: a title, the loss from 0 on
    the left axis, the dev metric (a rate) on a right axis from 0 to 1, and
    the kept epoch marked when the best one on dev was kept."""
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
        ax2.set_ylim(0.0, 1.0)
    losses = [h.loss for h in result.history if h.loss == h.loss]
    if losses:
        ax.set_ylim(0.0, max(losses) * 1.05 or 1.0)
    best = getattr(result, "best_epoch", None)
    if best is not None:
        ax.axvline(best, color="grey", linestyle=":", label=f"kept (epoch {best})")
        ax.legend(loc="upper right", fontsize="small")
    ax.set_title(f"training: loss{' and dev ' + result.dev_metric if result.dev_metric else ''}"
                 " per epoch")
    fig.tight_layout()
    return fig
