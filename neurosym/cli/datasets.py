"""``neurosym datasets list``: the benchmarks shipped in the package.

    neurosym datasets list

One line per data set: its name (what ``--dataset`` and ``load_dataset``
take), its size (entities, relations, train/dev/test triples), where it
comes from and the licence files shipped beside it (in
``neurosym/datasets/FOLDER/``, with a README on provenance and format).
A folder of your own ``train``/``dev``/``test`` files needs no listing:
``neurosym train DIR``, ``neurosym eval DIR``.
"""

from __future__ import annotations

import argparse

__all__ = ["register", "table"]


def register(sub) -> None:
    p = sub.add_parser("datasets", help="list the benchmarks shipped in the package",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=["list"], help="list: name, size, source and licence")
    p.set_defaults(func=run)


def table() -> str:
    """The listing: a header and one row per shipped data set."""
    from ..datasets import BUILTIN, folder
    from ..learning.data import load_dataset
    rows = [["name", "entities", "relations", "train/dev/test", "source", "licence"]]
    for name, b in BUILTIN.items():
        d = load_dataset(name, folder(name))
        rows.append([name, str(d.n_entities), str(d.n_relations),
                     f"{len(d.train)}/{len(d.dev)}/{len(d.test)}", b.source, b.licence])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)


def run(args) -> int:
    from ..datasets import root
    print(table())
    print(f"% files, READMEs and licence texts (LICENSE.*.txt) in {root()}/FOLDER/")
    return 0
