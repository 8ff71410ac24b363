"""Loading triple files (``head<TAB>relation<TAB>tail``, read by
:func:`neurosym.lang.triples.read_tsv`) into a store.

Each triple becomes the fact ``relation(head, tail)``; names are taken
verbatim as atoms.  Each distinct name is interned once and the store gets
one id array per relation (``Store.add_facts``): no Python object per
triple.  A file with a bad line adds nothing.
"""

from __future__ import annotations

import os

from ..lang.triples import Triples, read_tsv
from .store import Store

__all__ = ["load_tsv", "add_triples"]


def load_tsv(path: str | os.PathLike, store: Store, relation_first: bool = False) -> int:
    """Add ``rel(head, tail)`` for every triple of the file; returns the count."""
    t = read_tsv(path, relation_first)
    return add_triples(store, t)


def add_triples(store: Store, t: Triples) -> int:
    import numpy as np
    if not len(t.ids):
        return 0
    gids = store.symbols.intern_many(t.names)
    ids = gids[t.ids]
    rel = ids[:, 1]
    order = np.argsort(rel, kind="stable")
    rel_sorted = rel[order]
    cuts = np.flatnonzero(np.diff(rel_sorted)) + 1
    starts = np.concatenate(([0], cuts))
    ends = np.concatenate((cuts, [len(order)]))
    pairs = ids[:, [0, 2]]
    # relations in order of first appearance (predicate order follows the file)
    firsts = [(int(order[s:e].min()), s, e) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    symbols = store.symbols
    total = 0
    for _, s, e in sorted(firsts):
        rows = order[s:e]
        total += store.add_facts(symbols[int(rel_sorted[s])], 2, pairs[rows])
    return total
