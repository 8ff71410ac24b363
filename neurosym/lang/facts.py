"""Ground facts kept as arrays, and a program item list that holds them.

A file of 100,000 facts need not become 100,000 ``Clause`` objects before
anything asks for them.  A :class:`FactBlock` holds a run of ground facts
whose arguments are all atoms as integer arrays (ids into a string table);
the parse cache and the TSV path of the loader produce them.  A
:class:`LazyItems` is a ``Program.items`` list made of plain item lists and
fact blocks: it behaves as a (mutable) list of items and builds the clauses
of a block the first time they are iterated, while ``segments()`` lets a
store-aware consumer hand blocks to ``Store.add_block`` (no object per fact).
"""

from __future__ import annotations

import gc
from collections.abc import MutableSequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from ..terms import TRUE, Atom, Span, Struct
from ..terms.clause import Clause

if TYPE_CHECKING:
    import numpy as np

__all__ = ["FactBlock", "LazyItems", "segments", "make_span", "no_gc"]

_span_setters = tuple(Span.__dict__[f].__set__
                      for f in ("file", "line", "column", "end_line", "end_column"))


def make_span(file: str | None, line: int, column: int, end_line: int, end_column: int) -> Span:
    """``Span(...)`` without the frozen dataclass's per-field ``__setattr__``
    (2.5x faster; used when building many facts at once)."""
    sf, sl, sc, sel, sec = _span_setters
    s = object.__new__(Span)
    sf(s, file)
    sl(s, line)
    sc(s, column)
    sel(s, end_line)
    sec(s, end_column)
    return s


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector while building many acyclic objects
    (each generation-0 pass would otherwise rescan them)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class FactBlock:
    """Facts ``name(a1, ..., aN)`` in source order.

    * ``strings`` -- the string table the ids point into (may be shared);
    * ``preds``   -- ``[(name, arity), ...]``; ``pred[i]`` indexes it;
    * ``args``    -- ``(n, max arity)`` int64 ids into ``strings`` (``-1`` pads);
    * ``spans``   -- ``(n, 4)`` line, column, end line, end column, or ``None``;
    * ``file``    -- the file of the spans.
    """

    __slots__ = ("strings", "preds", "pred", "args", "spans", "file", "_clauses")

    def __init__(self, strings: list[str], preds: list[tuple[str, int]], pred: np.ndarray,
                 args: np.ndarray, spans: np.ndarray | None = None,
                 file: str | None = None) -> None:
        self.strings = strings
        self.preds = preds
        self.pred = pred
        self.args = args
        self.spans = spans
        self.file = file
        self._clauses: list[Clause] | None = None

    def __len__(self) -> int:
        return len(self.pred)

    def __repr__(self) -> str:
        return f"FactBlock({len(self)} facts, {len(self.preds)} predicates)"

    def groups(self) -> Iterator[tuple[str, int, np.ndarray, np.ndarray | None]]:
        """Per predicate, in order of first appearance: ``(name, arity,
        ids into strings (m, arity), spans (m, 4) or None)``."""
        import numpy as np
        if len(self.preds) == 1:
            name, arity = self.preds[0]
            yield name, arity, self.args[:, :arity], self.spans
            return
        # (``take`` with row numbers: much faster than boolean or fancy indexing here)
        present = np.zeros(len(self.preds), dtype=bool)
        present[self.pred] = True
        todo = np.flatnonzero(present).tolist()
        if len(todo) <= 64:         # few predicates: one scan each, no sort
            rows = [np.flatnonzero(self.pred == p) for p in todo]
            groups = sorted((int(r[0]), p, r) for p, r in zip(todo, rows, strict=True))
        else:
            order = np.argsort(self.pred, kind="stable")
            sorted_pred = self.pred.take(order)
            cuts = (np.flatnonzero(sorted_pred[1:] != sorted_pred[:-1]) + 1).tolist()
            groups = sorted((int(order[s]), int(sorted_pred[s]), order[s:e]) for s, e in
                            zip([0] + cuts, cuts + [len(order)], strict=True))
        for _, p, r in groups:       # in order of first appearance
            name, arity = self.preds[p]
            yield (name, arity, self.args.take(r, axis=0)[:, :arity],
                   self.spans.take(r, axis=0) if self.spans is not None else None)

    def clauses(self) -> list[Clause]:
        """The facts as ``Clause`` objects (built once, then cached)."""
        if self._clauses is not None:
            return self._clauses
        with no_gc():
            self._clauses = self._build()
        return self._clauses

    def _build(self) -> list[Clause]:
        import numpy as np
        n = len(self)
        out: list[Clause] = []
        if n:
            uniq, inv = np.unique(self.args, return_inverse=True)
            strings = self.strings
            atoms = [Atom(strings[i]) if i >= 0 else None for i in uniq.tolist()]
            rows = inv.reshape(self.args.shape).tolist()
            names = [(Atom(nm), ar) for nm, ar in self.preds]
            spans = self.spans.tolist() if self.spans is not None else None
            file = self.file
            new = Clause.__new__
            get = atoms.__getitem__
            for i, p in enumerate(self.pred.tolist()):
                name, arity = names[p]
                c = new(Clause)
                c.head = Struct(name, tuple(map(get, rows[i][:arity]))) if arity else name
                c.body = TRUE
                c.weight = None
                c.span = make_span(file, *spans[i]) if spans is not None else None
                c.var_names = ()
                c.id = None
                out.append(c)
        return out


class LazyItems(MutableSequence):
    """A list of program items made of item lists and :class:`FactBlock` s."""

    __slots__ = ("_segs",)

    def __init__(self, segs: list | None = None) -> None:
        self._segs: list = [s for s in (segs or []) if len(s)]

    def segments(self) -> list:
        """The parts, in order: ``list`` s of items and ``FactBlock`` s."""
        return list(self._segs)

    def _flat(self) -> list:
        if len(self._segs) == 1 and type(self._segs[0]) is list:
            return self._segs[0]
        flat: list = []
        for s in self._segs:
            flat.extend(s.clauses() if type(s) is FactBlock else s)
        self._segs = [flat]
        return flat

    def __len__(self) -> int:
        return sum(len(s) for s in self._segs)

    def __iter__(self):
        for s in self._segs:
            yield from (s.clauses() if type(s) is FactBlock else s)

    def __getitem__(self, i):
        return self._flat()[i]

    def __setitem__(self, i, value) -> None:
        self._flat()[i] = value

    def __delitem__(self, i) -> None:
        del self._flat()[i]

    def insert(self, i: int, value) -> None:
        self._flat().insert(i, value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, LazyItems)):
            return list(self) == list(other)
        return NotImplemented

    def __add__(self, other):
        return list(self) + list(other)

    def __repr__(self) -> str:
        return f"LazyItems({self._segs!r})"


def segments(items) -> list:
    """The parts of any ``Program.items``: a plain list is one segment."""
    if isinstance(items, LazyItems):
        return items.segments()
    return [items] if len(items) else []
