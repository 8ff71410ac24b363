"""Columnar ground facts: chunks of symbol-id rows and their lazy materialisation.

``Store.add_facts`` keeps bulk-loaded facts as :class:`FactChunk` objects --
an ``(n, arity)`` ``int64`` array of symbol ids, the id of the chunk's first
clause (the chunk owns the ``n`` consecutive clause ids from there) and,
optionally, the facts' source spans.  No Python object is made per fact
until a query needs the clauses; then :func:`materialize` builds them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lang.facts import make_span, no_gc
from ..terms import TRUE, Atom, Struct
from ..terms.clause import Clause
from ..terms.symbols import SymbolTable

if TYPE_CHECKING:
    import numpy as np

__all__ = ["FactChunk", "materialize", "fact_row"]


class FactChunk:
    __slots__ = ("ids", "first_id", "spans", "file")

    def __init__(self, ids: np.ndarray, first_id: int, spans: np.ndarray | None = None,
                 file: str | None = None) -> None:
        self.ids = ids            # (n, arity) int64 symbol ids
        self.first_id = first_id  # clause ids first_id .. first_id + n - 1
        self.spans = spans        # (n, 4) ints: line, column, end_line, end_column
        self.file = file

    def __len__(self) -> int:
        return len(self.ids)


def materialize(name: Atom, chunk: FactChunk, symbols: SymbolTable) -> list[Clause]:
    """The chunk's facts as ``Clause`` objects (ids and spans set)."""
    with no_gc():
        return _materialize(name, chunk, symbols)


def _materialize(name: Atom, chunk: FactChunk, symbols: SymbolTable) -> list[Clause]:
    import numpy as np
    n, arity = chunk.ids.shape
    new = Clause.__new__
    out: list[Clause] = []
    append = out.append
    if n == 0:
        return out
    if arity == 0:
        heads = [name] * n
    else:
        uniq, inv = np.unique(chunk.ids, return_inverse=True)
        atoms = [symbols[i] for i in uniq.tolist()]
        rows = inv.reshape(n, arity).tolist()
        get = atoms.__getitem__
        heads = [Struct(name, tuple(map(get, r))) for r in rows]
    spans = chunk.spans.tolist() if chunk.spans is not None else None
    file = chunk.file
    cid = chunk.first_id
    for i, head in enumerate(heads):
        c = new(Clause)
        c.head = head
        c.body = TRUE
        c.weight = None
        c.span = make_span(file, *spans[i]) if spans is not None else None
        c.var_names = ()
        c.id = cid + i
        append(c)
    return out


def fact_row(clause: Clause, symbols: SymbolTable) -> list[int] | None:
    """The symbol-id row of a fact whose arguments are all atoms, else ``None``."""
    if clause.body is not TRUE:
        return None
    head = clause.head
    if type(head) is Atom:
        return []
    row = []
    for a in head.args:
        if type(a) is not Atom:
            return None
        row.append(symbols.intern(a))
    return row
