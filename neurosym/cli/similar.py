"""``neurosym similar FILE... SYMBOL``: the symbols nearest to SYMBOL.

Loads the source files, gives every symbol a vector (``kb.space``), and
prints the ``-k`` nearest symbols of SYMBOL's kind with their similarity
scores, best first, SYMBOL itself included: a table (rich when stdout is a
terminal, plain aligned columns otherwise).

Vectors are random (seeded by ``--seed``, dimension ``--dim``) unless
``--vectors FILE`` gives them: a word2vec-style text file (``name v1 ...
vd`` per line, optional ``count dim`` header; every name sets the vector of
the constant and/or predicate of that name) or a ``.npy`` matrix whose rows
are the rows of one kind (``--kind``, default constant) in row order.  The
dimension is taken from the file.  ``SYMBOL`` may be a predicate indicator
(``parent/2``).

Exit status: 0 on success, 2 on an error (printed in one or two lines).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .args import at_least

__all__ = ["register", "run", "format_plain"]


def register(sub) -> None:
    p = sub.add_parser(
        "similar", help="list the symbols nearest to a symbol in vector space",
        description="Load FILE... and print the K symbols nearest to SYMBOL (itself "
                    "included) with their similarity scores. Vectors are random (seeded) "
                    "unless --vectors gives them (.npy or word2vec text). "
                    "Exit status: 0 on success, 2 on error.")
    p.add_argument("files", nargs="+", metavar="FILE", help="source files (.nsl, .pl, .tsv)")
    p.add_argument("symbol", metavar="SYMBOL", help="a constant or predicate name (or name/arity)")
    p.add_argument("-k", type=at_least(1), default=5, metavar="K",
                   help="how many symbols to list (default 5)")
    p.add_argument("--kind", choices=["constant", "predicate"],
                   help="which vectors to search (default: the symbol's own kind, "
                        "constant first)")
    p.add_argument("--vectors", metavar="FILE", help="vectors: .npy matrix or word2vec text")
    p.add_argument("--dim", type=at_least(1), default=32, metavar="D",
                   help="dimension of random vectors (default 32; ignored with --vectors)")
    p.add_argument("--seed", type=at_least(0), default=0, metavar="N",
                   help="seed of random vectors (default 0)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..bridge import BridgeConfig, SymbolSpace
    from ..kb import KnowledgeBase

    kb = KnowledgeBase()
    for f in args.files:
        kb.consult(f)
    if args.seed < 0:
        raise _error(f"--seed must be non-negative, got {args.seed}")
    dim = _file_dim(Path(args.vectors)) if args.vectors else args.dim
    kb.space = SymbolSpace.from_store(kb.store, BridgeConfig(dim=dim, seed=args.seed))
    if args.vectors:
        _load(kb.space, Path(args.vectors), args.kind or "constant")
    hits = kb.similar(args.symbol, k=args.k, kind=args.kind)
    out = sys.stdout
    if out.isatty():
        _print_rich(hits, out)
    else:
        out.write(format_plain(hits))
    return 0


def _error(message: str):
    from ..errors import ConfigError
    return ConfigError(message)


def _file_dim(path: Path) -> int:
    """The dimension of the vectors in a .npy or word2vec text file."""
    import numpy as np
    if path.suffix == ".npy":
        try:
            x = np.load(path, mmap_mode="r", allow_pickle=False)
        except FileNotFoundError:
            raise
        except (ValueError, OSError, EOFError) as e:
            raise _error(f"{path}: unreadable .npy file ({e})") from None
        if x.ndim != 2 or x.shape[1] < 1:
            raise _error(f"{path}: expected a 2-d matrix of vectors, got shape {x.shape}")
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
                    raise _error(f"{path}:{no}: expected a name and its vector's numbers")
                return len(parts) - 1
    except UnicodeDecodeError as e:
        raise _error(f"{path}: unreadable vector file ({e})") from None
    raise _error(f"{path}: no vectors in the file")


def _load(space, path: Path, kind: str) -> None:
    """Set vectors from ``path``: a .npy matrix for ``kind``'s rows, or word2vec
    text for every symbol it names (constant and/or predicate)."""
    if path.suffix == ".npy":
        space.load_vectors(path, kind)
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
    rows += [(str(i), _quoted(h.symbol), h.kind, f"{h.score:.4f}")
             for i, h in enumerate(hits, 1)]
    width = [max(len(r[c]) for r in rows) for c in range(3)]
    return "".join(f"{r[0]:>{width[0]}}  {r[1]:<{width[1]}}  {r[2]:<{width[2]}}  {r[3]}\n"
                   for r in rows)


def _quoted(name: str) -> str:
    from ..terms import Atom
    from ..terms.printer import format_term
    return format_term(Atom(name), quoted=True)


def _print_rich(hits, out) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    t = Table(show_edge=False, header_style="bold")
    t.add_column("rank", justify="right")
    t.add_column("symbol")
    t.add_column("kind")
    t.add_column("score", justify="right")
    for i, h in enumerate(hits, 1):
        t.add_row(str(i), escape(_quoted(h.symbol)), h.kind, f"{h.score:.4f}")
    Console(file=out).print(t)
