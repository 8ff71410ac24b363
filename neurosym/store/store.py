"""The symbolic store: clauses by predicate, argument indexes, columnar facts.

Clauses are kept per predicate key ``(Atom name, arity)`` in clause order.

* **Snapshots** -- ``clauses(key)`` and ``candidates(goal)`` return tuples
  that are cached until the predicate (or the index bucket) changes, so a
  running query iterates a frozen view: it sees neither later asserts nor
  later retracts (ISO's logical update view, as in SWI-Prolog).  Taking a
  snapshot is O(1) while nothing changes; the first one after a change
  copies the list once.
* **Indexes** -- the first argument is indexed on the first ``candidates``
  call that binds it; any other argument just in time, when a goal binds it
  and the first argument does not narrow the clauses to a handful.  Of the
  bound arguments the store picks the one whose bucket is smallest.  Indexes
  are kept up to date by every assert and retract (see ``index``).
* **Columnar facts** -- ``add_facts`` stores bulk facts as id arrays
  (``columnar.FactChunk``) without making a Python object per fact; the
  clauses are built the first time a query (or a retract/assert on that
  predicate) needs them.  ``columns(key)`` returns the predicate's ground
  facts whose arguments are all atoms as an ``(n, arity)`` ``int64`` array of
  symbol ids, in clause order.  Facts with any other argument (numbers,
  strings, compounds, variables) and rules are *not* in it;
  ``columns_complete(key)`` says whether the array is the whole predicate.
  Weighted facts (``0.8 :: p(a).``) are in it; ``fact_weights(key)`` gives
  their weights (1.0 for unweighted facts) aligned with the rows.
* **Duplicates** are kept, as in SWI-Prolog; ``distinct_count(key)`` counts
  the distinct ground facts.
* **Symbols** -- adding a ground fact interns its predicate name and every
  atom in it in ``symbols``, so the ids index the bridge's embedding rows.
* **Generation** -- ``generation`` changes on every update (assert, retract,
  declaration); caches (tables, FAISS indexes) key on it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..terms import TRUE, Atom, Struct, Term, Var, deref
from ..terms.clause import Clause
from ..terms.symbols import SymbolTable
from .columnar import FactChunk, fact_row, materialize
from .index import ArgIndex, index_key

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Store", "PredFlags", "Key"]

Key = tuple[Atom, int]

# Below this many candidates from the first-argument index, other bound
# arguments are not consulted (and no index is built for them).
JIT_THRESHOLD = 8


@dataclass(frozen=True, slots=True)
class PredFlags:
    """Declared properties of a predicate."""

    dynamic: bool = False
    discontiguous: bool = False
    table: bool = False
    soft: bool = False
    library: bool = False


_NO_FLAGS = PredFlags()


class _Pred:
    __slots__ = ("key", "clauses", "snap", "indexes", "pending", "flags", "version",
                 "cols", "cols_version")

    def __init__(self, key: Key) -> None:
        self.key = key
        self.clauses: list[Clause] = []
        self.snap: tuple[Clause, ...] | None = ()
        self.indexes: dict[int, ArgIndex] = {}
        self.pending: list[FactChunk] = []     # after ``clauses`` in clause order
        self.flags = _NO_FLAGS
        self.version = 0
        self.cols: tuple | None = None
        self.cols_version = -1

    def count(self) -> int:
        return len(self.clauses) + sum(len(c) for c in self.pending)

    def changed(self) -> None:
        self.snap = None
        self.version += 1


class Store:
    """Clauses by predicate key, with indexes and columnar ground facts."""

    def __init__(self, symbols: SymbolTable | None = None) -> None:
        self.symbols = symbols if symbols is not None else SymbolTable()
        self.generation = 0
        self._preds: dict[Key, _Pred] = {}
        self._next_id = 0

    # -- predicates ---------------------------------------------------------
    def _pred(self, key: Key) -> _Pred:
        p = self._preds.get(key)
        if p is None:
            p = self._preds[key] = _Pred(key)
        return p

    def predicates(self) -> list[Key]:
        """The keys of the defined predicates, in order of first definition."""
        return [k for k, p in self._preds.items() if p.clauses or p.pending or p.flags.dynamic]

    def defined(self, key: Key) -> bool:
        """True if the predicate has clauses or is declared dynamic."""
        p = self._preds.get(key)
        return p is not None and bool(p.clauses or p.pending or p.flags.dynamic)

    def declare(self, key: Key, **flags: bool) -> PredFlags:
        """Set flags (``dynamic=True``, ``table=True`` ...) of a predicate."""
        p = self._pred(key)
        try:
            p.flags = dataclasses.replace(p.flags, **flags)
        except TypeError:
            bad = sorted(set(flags) - {f.name for f in dataclasses.fields(PredFlags)})
            raise TypeError(f"unknown predicate flag(s): {', '.join(bad)}") from None
        self.generation += 1
        return p.flags

    def flags(self, key: Key) -> PredFlags:
        p = self._preds.get(key)
        return p.flags if p is not None else _NO_FLAGS

    def count(self, key: Key) -> int:
        """Number of clauses of the predicate (without building any)."""
        p = self._preds.get(key)
        return p.count() if p is not None else 0

    def __len__(self) -> int:
        return sum(p.count() for p in self._preds.values())

    # -- adding -------------------------------------------------------------
    def add(self, clause: Clause, front: bool = False) -> Clause:
        """assertz (or asserta with ``front=True``); returns the stored clause
        with its ``id`` set.  A clause that already belongs to a store is
        copied first, so ids stay stable."""
        if clause.id is not None:
            c = Clause.__new__(Clause)
            c.head, c.body, c.weight = clause.head, clause.body, clause.weight
            c.span, c.var_names = clause.span, clause.var_names
            clause = c
        p = self._pred(clause.key)
        if p.pending:
            self._materialize(p)
        clause.id = self._next_id
        self._next_id += 1
        if clause.body is TRUE:
            _intern_ground(clause.head, self.symbols)
        if front:
            p.clauses.insert(0, clause)
        else:
            p.clauses.append(clause)
        for idx in p.indexes.values():
            idx.add(clause, front)
        p.changed()
        self.generation += 1
        return clause

    def add_facts(self, name: str | Atom, arity: int, ids: np.ndarray, *,
                  spans: np.ndarray | None = None, file: str | None = None) -> int:
        """Bulk assertz of ground atom facts ``name(a1, ..., aN)`` given as an
        ``(n, arity)`` array of symbol ids (``spans``: optional ``(n, 4)``
        line, column, end line, end column).  Returns the number added."""
        import numpy as np
        atom = name if type(name) is Atom else Atom(name)
        ids = np.asarray(ids, dtype=np.int64)
        if ids.ndim == 1 and arity == 0:
            ids = ids.reshape(-1, 0)
        if ids.ndim != 2 or ids.shape[1] != arity:
            raise ValueError(f"facts of {atom.name}/{arity} need an (n, {arity}) id array, "
                             f"got shape {ids.shape}")
        n = len(ids)
        if n == 0:
            return 0
        if ids.size and (ids.min() < 0 or ids.max() >= len(self.symbols)):
            raise ValueError("symbol id out of range of the store's symbol table")
        if spans is not None:
            spans = np.asarray(spans, dtype=np.int64)
            if spans.shape != (n, 4):
                raise ValueError(f"spans must have shape ({n}, 4), got {spans.shape}")
        self.symbols.intern(atom)
        p = self._pred((atom, arity))
        p.pending.append(FactChunk(ids, self._next_id, spans, file))
        self._next_id += n
        p.changed()
        self.generation += 1
        return n

    def add_block(self, block) -> int:
        """Bulk assertz of a ``neurosym.lang.facts.FactBlock`` (a run of atom
        facts from the parse cache or a triple file); returns the count."""
        import numpy as np
        mark = np.zeros(len(block.strings) + 1, dtype=bool)
        mark[block.args] = True            # -1 (padding) marks the extra last slot
        used = np.flatnonzero(mark[:-1])
        gmap = np.full(len(block.strings), -1, dtype=np.int64)
        strings = block.strings
        gmap[used] = self.symbols.intern_many(strings[i] for i in used.tolist())
        total = 0
        for name, arity, local, spans in block.groups():
            total += self.add_facts(name, arity, gmap.take(local), spans=spans, file=block.file)
        return total

    def _materialize(self, p: _Pred) -> None:
        name = p.key[0]
        for chunk in p.pending:
            built = materialize(name, chunk, self.symbols)
            p.clauses.extend(built)
            for idx in p.indexes.values():
                for c in built:
                    idx.add(c)
        p.pending.clear()
        p.snap = None   # same clauses, new objects: version unchanged

    # -- reading ------------------------------------------------------------
    def clauses(self, key: Key) -> Sequence[Clause]:
        """A snapshot (tuple) of the predicate's clauses in order."""
        p = self._preds.get(key)
        if p is None:
            return ()
        if p.pending:
            self._materialize(p)
        s = p.snap
        if s is None:
            s = p.snap = tuple(p.clauses)
        return s

    def candidates(self, goal: Term) -> Sequence[Clause]:
        """The clauses whose head may match ``goal``, in order (a snapshot)."""
        goal = deref(goal)
        if type(goal) is not Struct:
            return self.clauses((goal, 0)) if type(goal) is Atom else ()
        args = goal.args
        p = self._preds.get((goal.name, len(args)))
        if p is None:
            return ()
        if p.pending:
            self._materialize(p)
        if not p.clauses:
            return ()
        best = None
        k = index_key(args[0])
        if k is not None:
            best = self._index(p, 0).get(k)
            if len(best) <= JIT_THRESHOLD:
                return best
        for pos in range(1, len(args)):
            k = index_key(args[pos])
            if k is None:
                continue
            got = self._index(p, pos).get(k)
            if best is None or len(got) < len(best):
                best = got
                if not got:
                    break
        if best is None:
            return self.clauses(p.key)
        return best

    def _index(self, p: _Pred, pos: int) -> ArgIndex:
        idx = p.indexes.get(pos)
        if idx is None:
            idx = p.indexes[pos] = ArgIndex(pos, p.clauses)
        return idx

    def clause(self, clause_id: int) -> Clause | None:
        """The stored clause with this id, or ``None`` (linear scan)."""
        for p in self._preds.values():
            for ch in p.pending:
                if ch.first_id <= clause_id < ch.first_id + len(ch):
                    self._materialize(p)
                    break
            for c in p.clauses:
                if c.id == clause_id:
                    return c
        return None

    # -- removing -----------------------------------------------------------
    def retract(self, clause: Clause) -> bool:
        """Remove that clause object; False if it is not (any more) in the store."""
        p = self._preds.get(clause.key)
        if p is None:
            return False
        if p.pending:
            self._materialize(p)
        try:
            i = p.clauses.index(clause)   # Clause has no __eq__: identity
        except ValueError:
            return False
        del p.clauses[i]
        for idx in p.indexes.values():
            idx.remove(clause)
        p.changed()
        self.generation += 1
        return True

    def position(self, clause: Clause) -> int | None:
        """Where that clause object is in its predicate's clause order (None:
        not in the store)."""
        p = self._preds.get(clause.key)
        if p is None:
            return None
        if p.pending:
            self._materialize(p)
        try:
            return p.clauses.index(clause)
        except ValueError:
            return None

    def restore(self, clause: Clause, position: int) -> None:
        """Put back a clause object taken out by ``retract``, at ``position``
        of its predicate's clause order, keeping its ``id`` (what an undo
        does: the store is as it was before the retract)."""
        p = self._pred(clause.key)
        if p.pending:
            self._materialize(p)
        p.clauses.insert(position, clause)
        p.indexes = {}                     # rebuilt on the next lookup, in order
        p.changed()
        self.generation += 1

    def reweight(self, clause: Clause, weight: float | None) -> None:
        """Set the weight of a stored clause (``None``: unweighted); caches
        keyed on the predicate (columnar weights, snapshots) are dropped."""
        clause.weight = weight
        p = self._preds.get(clause.key)
        if p is not None:
            p.changed()
        self.generation += 1

    def retract_all(self, key: Key) -> None:
        """Remove every clause of the predicate.  As in SWI-Prolog, an
        undefined predicate becomes a dynamic one."""
        p = self._pred(key)
        if not (p.clauses or p.pending or p.flags.dynamic):
            p.flags = dataclasses.replace(p.flags, dynamic=True)
        p.clauses = []
        p.pending = []
        p.indexes = {}
        p.changed()
        self.generation += 1

    def abolish(self, key: Key) -> None:
        """Forget the predicate: its clauses and its flags."""
        if self._preds.pop(key, None) is not None:
            self.generation += 1

    # -- columnar view ------------------------------------------------------
    def _cols(self, p: _Pred) -> tuple[np.ndarray, np.ndarray, bool]:
        import numpy as np
        if p.cols is not None and p.cols_version == p.version:
            return p.cols
        arity = p.key[1]
        rows: list[list[int]] = []
        weights: list[float] = []
        complete = True
        symbols = self.symbols
        for c in p.clauses:
            r = fact_row(c, symbols)
            if r is None:
                complete = False
                continue
            rows.append(r)
            weights.append(1.0 if c.weight is None else float(c.weight))
        parts = [np.array(rows, dtype=np.int64).reshape(len(rows), arity)]
        parts += [ch.ids for ch in p.pending]
        cols = np.concatenate(parts) if len(parts) > 1 else parts[0]
        w = np.ones(len(cols), dtype=np.float64)
        w[:len(weights)] = weights
        p.cols = (cols, w, complete)
        p.cols_version = p.version
        return p.cols

    def columns(self, key: Key) -> np.ndarray:
        """``(n, arity)`` int64 symbol ids of the ground facts whose arguments
        are all atoms, in clause order (other clauses are left out)."""
        import numpy as np
        p = self._preds.get(key)
        if p is None:
            return np.empty((0, key[1]), dtype=np.int64)
        return self._cols(p)[0]

    def fact_weights(self, key: Key) -> np.ndarray:
        """Weights aligned with ``columns(key)`` (1.0 for unweighted facts)."""
        import numpy as np
        p = self._preds.get(key)
        if p is None:
            return np.empty(0, dtype=np.float64)
        return self._cols(p)[1]

    def count_matching(self, goal: Term) -> int | None:
        """How many clauses match ``goal`` (each a solution of it), counted on
        the fact columns, when every clause of its predicate is a ground fact
        of atoms and each argument of ``goal`` is an atom or an unbound
        variable (a variable twice: equal columns); else None (ask the
        machine)."""
        goal = deref(goal)
        if type(goal) is not Struct:
            return None
        p = self._preds.get((goal.name, len(goal.args)))
        if p is None:
            return None
        cols, _, complete = self._cols(p)
        if not complete:
            return None
        mask, first = None, {}
        for i, a in enumerate(goal.args):
            a = deref(a)
            if type(a) is Var:
                j = first.setdefault(id(a), i)
                if j == i:
                    continue
                cond = cols[:, i] == cols[:, j]
            elif type(a) is Atom:
                sid = self.symbols.id_of(a)
                if sid is None:
                    return 0
                cond = cols[:, i] == sid
            else:
                return None
            mask = cond if mask is None else mask & cond
        return len(cols) if mask is None else int(mask.sum())

    def columns_complete(self, key: Key) -> bool:
        """True if ``columns(key)`` holds every clause of the predicate."""
        p = self._preds.get(key)
        return p is None or self._cols(p)[2]

    def distinct_count(self, key: Key) -> int:
        """Number of distinct ground facts of the predicate (duplicates are
        stored, as in SWI-Prolog, but counted once here)."""
        import numpy as np
        p = self._preds.get(key)
        if p is None:
            return 0
        cols, _, complete = self._cols(p)
        n = len(np.unique(cols, axis=0)) if len(cols) and key[1] else min(len(cols), 1)
        if not complete:
            other = set()
            for c in p.clauses:
                if c.body is TRUE and fact_row(c, self.symbols) is None and _ground(c.head):
                    other.add(c.head)
            n += len(other)
        return n


def _ground(t: Term) -> bool:
    stack = [t]
    while stack:
        x = stack.pop()
        tx = type(x)
        if tx is Struct:
            stack.extend(x.args)
        elif tx is Var:
            if x.ref is None:
                return False
            stack.append(x.ref)
    return True


def _intern_ground(head: Term, symbols: SymbolTable) -> None:
    """Intern the predicate name and every atom of a ground head."""
    if type(head) is Atom:
        symbols.intern(head)
        return
    atoms = [head.name]
    stack = list(reversed(head.args))      # left to right: ids in order of first use
    while stack:
        x = stack.pop()
        tx = type(x)
        if tx is Atom:
            atoms.append(x)
        elif tx is Struct:
            atoms.append(x.name)
            stack.extend(reversed(x.args))
        elif tx is Var:
            if x.ref is None:
                return          # not ground: nothing interned
            stack.append(x.ref)
    intern = symbols.intern
    for a in atoms:
        intern(a)
