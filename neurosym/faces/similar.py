"""The nearest-symbols table and vector files, for ``neurosym similar``,
``neurosym query --vectors`` and the REPL's ``:similar`` / ``:vectors``.

* ``format_plain`` / ``print_rich``: the hits of ``kb.similar`` as plain
  aligned columns or a rich table (rich is imported only for a terminal);
* ``vector_file_dim`` / ``load_vector_file``: the dimension of, and the
  vectors in, a word2vec text file or a ``.npy`` matrix.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from ..proof import format_score
from ..terms import Atom
from ..terms.printer import format_term

__all__ = ["format_plain", "print_rich", "vector_file_dim", "load_vector_file"]


def vector_file_dim(path: Path) -> int:
    """The dimension of the vectors in a .npy or word2vec text file."""
    if path.suffix == ".npy":
        try:
            x = np.load(path, mmap_mode="r", allow_pickle=False)
        except FileNotFoundError:
            raise
        except (ValueError, OSError, EOFError) as e:
            raise ConfigError(f"{path}: unreadable .npy file ({e})") from None
        if x.ndim != 2 or x.shape[1] < 1:
            raise ConfigError(f"{path}: expected a 2-d matrix of vectors, got shape {x.shape}")
        return int(x.shape[1])
    try:
        with path.open(encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                parts = line.split()
                if not parts:
                    continue
                if no == 1 and len(parts) == 2 and all(p.isdigit() for p in parts):
                    return int(parts[1])
                if len(parts) < 2:
                    raise ConfigError(f"{path}:{no}: expected a name and its vector's numbers")
                return len(parts) - 1
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: unreadable vector file ({e})") from None
    raise ConfigError(f"{path}: no vectors in the file")


def load_vector_file(space, path: Path, kind: str, vocabulary: bool = False) -> None:
    """Set vectors from ``path``: a .npy matrix for ``kind``'s rows, or word2vec
    text for every symbol it names (constant and/or predicate).  With
    ``vocabulary`` a name of no symbol joins the space as query vocabulary
    (``SymbolSpace.load_vectors(kind=None)``); without, it is warned about."""
    if path.suffix == ".npy":
        space.load_vectors(path, kind)
        return
    if vocabulary:
        space.load_vectors(path, None)
        return
    unknown = None
    for k in ("constant", "predicate"):
        report = space.load_vectors(path, k)
        missing = set(report.unknown)
        unknown = missing if unknown is None else unknown & missing
    if unknown:
        names = sorted(unknown)
        shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
        print(f"warning: {path}: {len(names)} name(s) are not symbols of the knowledge "
              f"base: {shown}", file=sys.stderr)


def format_plain(hits) -> str:
    """The hits as plain aligned columns with a header (one line per hit)."""
    rows = [("rank", "symbol", "kind", "score")]
    rows += [(str(i), _quoted(h.symbol), h.kind, format_score(h.score))
             for i, h in enumerate(hits, 1)]
    width = [max(len(r[c]) for r in rows) for c in range(3)]
    return "".join(f"{r[0]:>{width[0]}}  {r[1]:<{width[1]}}  {r[2]:<{width[2]}}  {r[3]}\n"
                   for r in rows)


def _quoted(name: str) -> str:
    return format_term(Atom(name), quoted=True)


def print_rich(hits, out) -> None:
    """The hits as a rich table on ``out`` (a terminal)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    t = Table(show_edge=False, header_style="bold")
    t.add_column("rank", justify="right")
    t.add_column("symbol")
    t.add_column("kind")
    t.add_column("score", justify="right")
    for i, h in enumerate(hits, 1):
        t.add_row(str(i), escape(_quoted(h.symbol)), h.kind, format_score(h.score))
    Console(file=out).print(t)
