"""The step scorer's self-play curve as a table, for ``neurosym train
--guide`` and the REPL's ``:guide``.

``curve_rows`` gives the cells (one row per ``GuideRound``: round, budget,
proved/queries, mean expansions, loss, seconds); ``format_plain`` lays them
out as aligned columns, ``print_rich`` as a rich table (rich is imported
only for a terminal).
"""

from __future__ import annotations

__all__ = ["HEADER", "curve_rows", "format_plain", "print_rich", "summary"]

HEADER = ("round", "budget", "proved", "mean expansions", "loss", "seconds")


def curve_rows(history) -> list[tuple[str, ...]]:
    """The cells of the curve, one tuple per round; the last row is the
    measuring pass, which trains nothing: its loss is ``-``."""
    last = len(history) - 1
    return [(str(h.round), str(h.budget), f"{h.proved}/{h.queries}",
             f"{h.mean_expansions:.1f}", "-" if i == last else f"{h.loss:.4f}",
             f"{h.seconds:.1f}")
            for i, h in enumerate(history)]


def format_plain(history) -> str:
    """The curve as plain right-aligned columns under a header."""
    rows = [HEADER, *curve_rows(history)]
    width = [max(len(r[c]) for r in rows) for c in range(len(HEADER))]
    return "".join("  ".join(c.rjust(w) for c, w in zip(r, width, strict=True)) + "\n"
                   for r in rows)


def print_rich(history, out) -> None:
    """The curve as a rich table on ``out`` (a terminal)."""
    from rich.console import Console
    from rich.table import Table
    t = Table(show_edge=False, header_style="bold")
    for name in HEADER:
        t.add_column(name, justify="right")
    for row in curve_rows(history):
        t.add_row(*row)
    Console(file=out, highlight=False).print(t)
    out.flush()


def summary(history) -> str:
    """One line on the curve: rounds, queries, and what the last pass proved."""
    rounds, last = len(history) - 1, history[-1]
    seconds = sum(h.seconds for h in history)
    return (f"{rounds} round{'s' if rounds != 1 else ''} on {last.queries} "
            f"quer{'ies' if last.queries != 1 else 'y'} in {seconds:.1f} s; last pass proved "
            f"{last.proved}/{last.queries}, mean expansions {last.mean_expansions:.1f}")
