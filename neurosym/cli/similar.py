"""``neurosym similar FILE... SYMBOL``: the symbols nearest to SYMBOL.

Loads the source files, gives every symbol a vector (``kb.space``), and
prints the ``-k`` nearest symbols of SYMBOL's kind with their similarity
scores, best first, SYMBOL itself included: a table (rich when stdout is a
terminal, plain aligned columns otherwise).

The vectors are those of a saved knowledge base given as the first FILE
(``neurosym train --out DIR``: the learned ones), else random (seeded by
``--seed``, dimension ``--dim``; a note on stderr says they mean nothing)
unless ``--vectors FILE`` gives them: a word2vec-style text file (``name v1 ...
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

from ..bridge import BridgeConfig
from ..errors import ConfigError
from ..faces.similar import format_plain, load_vector_file, print_rich, vector_file_dim
from .args import at_least
from .sources import open_sources

__all__ = ["register", "run", "RANDOM_NOTE"]

RANDOM_NOTE = ("% the vectors are random (seeded by --seed): the neighbours say nothing "
               "about the symbols; give --vectors FILE or a trained model (a saved "
               "knowledge base directory, neurosym train --out)")


def register(sub) -> None:
    p = sub.add_parser(
        "similar", help="list the symbols nearest to a symbol in vector space",
        description="Load FILE... and print the K symbols nearest to SYMBOL (itself "
                    "included) with their similarity scores. The vectors are a saved knowledge "
                    "base's (the first FILE, a directory), else random (seeded) unless "
                    "--vectors gives them (.npy or word2vec text). "
                    "Exit status: 0 on success, 2 on error.")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="source files (.nsl, .pl, .tsv); the first may be a saved knowledge "
                        "base (a directory: kb.save, neurosym train --out) with its vectors")
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
    from ..bridge import SymbolSpace  # torch: only when this command runs
    kb = open_sources(args.files)
    if args.seed < 0:
        raise ConfigError(f"--seed must be non-negative, got {args.seed}")
    trained = kb.vectors.built and kb.space.coverage().real > 0
    if args.vectors or not trained:
        dim = vector_file_dim(Path(args.vectors)) if args.vectors else args.dim
        kb.space = SymbolSpace.from_store(kb.store, BridgeConfig(dim=dim, seed=args.seed))
    if args.vectors:
        load_vector_file(kb.space, Path(args.vectors), args.kind or "constant")
    hits = kb.similar(args.symbol, k=args.k, kind=args.kind)
    if not (args.vectors or trained):
        print(RANDOM_NOTE, file=sys.stderr)
    out = sys.stdout
    if out.isatty():
        print_rich(hits, out)
    else:
        out.write(format_plain(hits))
    return 0
