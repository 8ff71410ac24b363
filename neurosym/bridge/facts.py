"""The fact index: the k nearest ground facts of a goal (Greedy NTP).

Every ground fact ``p(a1, ..., an)`` of the store whose arguments are atoms
(``store.columns``) is seen as the slots ``[p; a1; ...; an]`` of its symbols'
vectors (slot 0 the predicate's row, slots ``1..n`` the constants' rows).  A
goal binds some of the slots: its predicate always, and the arguments that
are atoms; the variables are free.  ``search`` returns the facts nearest to
the goal by the L2 distance over the *bound slots only*: the free slots take
no part in it.

This is done with one index per *pattern* -- (arity, bound argument
positions, scope) -- over the concatenated vectors of the bound slots of the
facts, built lazily on first use and cached until the store or the vectors
change (``store.generation``, ``space.generation``).  Two scopes:

* ``scope="predicate"`` (default): only the facts of the goal's predicate,
  the predicate slot matching exactly; the arguments match softly;
* ``scope="arity"``: the facts of every predicate of the goal's arity, the
  predicate slot taking part in the distance too (so ``grandpaOf(X, Y)``
  finds ``grandfatherOf`` facts), as Greedy NTP does.

Each hit carries the fact (predicate, arguments, its row in
``store.columns(key)``, its weight), the distance, and its ``score``: the
minimum over the bound slots of the kernel of goal and fact vectors -- the
score of unifying the goal with that fact in the scored-proof semantics
(exact slots score 1).  Hits come in order of distance (the retrieval
heuristic), not of score.  Under the cosine kernel each slot vector is
normalised to unit length first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..terms import Atom, Struct, Var, deref
from .backends import IndexBackend, make_index
from .errors import BridgeError

__all__ = ["FactIndex", "FactHit", "FactBatch"]


@dataclass(frozen=True, slots=True)
class FactHit:
    """One retrieved fact."""

    predicate: Atom
    args: tuple[Atom, ...]
    row: int            # row in store.columns((predicate, arity))
    weight: float       # the fact's weight (1.0 unless ``w :: fact``)
    distance: float     # L2 distance over the bound slots
    score: float        # min over bound slots of the kernel (1.0 if none is soft)

    @property
    def key(self) -> tuple[Atom, int]:
        return (self.predicate, len(self.args))

    def term(self):
        return Struct(self.predicate, self.args) if self.args else self.predicate


class _Facts:
    """All ground atom facts of one arity: predicate ids, argument ids, rows."""

    __slots__ = ("pred", "args", "row", "weight")

    def __init__(self, pred, args, row, weight) -> None:
        self.pred, self.args, self.row, self.weight = pred, args, row, weight


class FactIndex:
    """k-nearest ground facts of a goal; see the module docstring."""

    def __init__(self, space, store) -> None:
        if store.symbols is not space.symbols:
            raise BridgeError("the store has another symbol table than the space")
        self.space = space
        self.store = store
        self._key: tuple[int, int] | None = None
        self._facts: dict[int, _Facts] = {}
        self._indexes: dict[tuple, tuple[IndexBackend | None, np.ndarray]] = {}

    # -- caches ------------------------------------------------------------------
    def _refresh(self) -> None:
        store, space = self.store, self.space
        if self._key is not None and self._key[0] == store.generation \
                and self._key[1] == space.generation:
            return
        if self._key is None or self._key[0] != store.generation:
            space.sync(store)
            self._facts = {}
        self._indexes = {}
        self._key = (store.generation, space.generation)

    def _table(self, arity: int) -> _Facts:
        f = self._facts.get(arity)
        if f is None:
            preds, args, rows, weights = [], [], [], []
            for key in self.store.predicates():
                if key[1] != arity:
                    continue
                cols = self.store.columns(key)
                if not len(cols):
                    continue
                preds.append(np.full(len(cols), self.space.symbols.id_of(key[0]), np.int64))
                args.append(cols)
                rows.append(np.arange(len(cols), dtype=np.int64))
                weights.append(self.store.fact_weights(key))
            if preds:
                f = _Facts(np.concatenate(preds), np.concatenate(args), np.concatenate(rows),
                           np.concatenate(weights))
            else:
                f = _Facts(np.empty(0, np.int64), np.empty((0, arity), np.int64),
                           np.empty(0, np.int64), np.empty(0, np.float64))
            self._facts[arity] = f
        return f

    def _slot_vectors(self, f: _Facts, slot: int, sel: np.ndarray) -> np.ndarray:
        space = self.space
        if slot == 0:
            kind, ids = "predicate", f.pred[sel]
        else:
            kind, ids = "constant", f.args[sel, slot - 1]
        rows = space.rows(ids, kind)
        return space.prepare(space.vectors(kind).detach().numpy()[rows])

    def _pattern(self, arity: int, slots: tuple[int, ...], pred: int | None):
        key = (arity, slots, pred)
        hit = self._indexes.get(key)
        if hit is None:
            f = self._table(arity)
            sel = np.flatnonzero(f.pred == pred) if pred is not None else np.arange(len(f.pred))
            dim = self.space.dim * len(slots)
            index = None
            if slots:               # no bound slot: no distance, no index
                index = make_index(self.space.config, dim, len(sel))
                index.build(np.concatenate([self._slot_vectors(f, s, sel) for s in slots],
                                           axis=1))
            hit = (index, sel)
            self._indexes[key] = hit
        return hit

    # -- search --------------------------------------------------------------------
    def search(self, goal, k: int = 5, scope: str = "predicate") -> list[FactHit]:
        """The ``k`` facts nearest to ``goal``: a term (``p(a, X)``; atoms
        bound, variables free) or a pair ``(predicate, args)`` with ``None``
        for a free argument."""
        pred, args = _goal_parts(goal)
        space = self.space
        self._refresh()
        if scope not in ("predicate", "arity"):
            raise BridgeError(f"unknown scope {scope!r} (expected 'predicate' or 'arity')")
        parts: list[np.ndarray | None] = []
        if scope == "arity":
            parts.append(space.vector(pred, "predicate").numpy())
        else:
            parts.append(None)
        for a in args:
            parts.append(None if a is None else space.vector(a, "constant").numpy())
        pid = space.symbols.id_of(pred) if scope == "predicate" else None
        if scope == "predicate" and pid is None:
            return []
        return self.search_vectors(len(args), parts, k, predicate=pid)

    def search_vectors(self, arity: int, parts: Sequence[np.ndarray | None], k: int = 5,
                       predicate: int | None = None) -> list[FactHit]:
        """The vector-level search: ``parts`` has ``arity + 1`` entries (slot 0
        the predicate), each a vector or ``None`` (free); ``predicate`` (a
        symbol id) restricts the search to that predicate's facts."""
        if len(parts) != arity + 1:
            raise BridgeError(f"expected {arity + 1} slots, got {len(parts)}")
        self._refresh()
        space = self.space
        slots = tuple(i for i, p in enumerate(parts) if p is not None)
        index, sel = self._pattern(arity, slots, predicate)
        f = self._table(arity)
        if not len(sel) or k <= 0:
            return []
        if slots:
            q = np.concatenate([space.prepare(np.asarray(parts[s], np.float32)[None, :])
                                for s in slots], axis=1)
            dist, idx = index.search(q, k)
            dist, idx = dist[0], idx[0]
            keep = idx >= 0
            dist, idx = dist[keep], idx[keep]
        else:
            idx = np.arange(min(k, len(sel)))
            dist = np.zeros(len(idx), dtype=np.float32)
        facts = sel[idx]
        scores = np.ones(len(facts))
        for s in slots:
            fv = self._slot_vectors(f, s, facts)
            g = space.prepare(np.asarray(parts[s], np.float32)[None, :])
            d = np.sqrt(((fv.astype(np.float64) - g) ** 2).sum(axis=1))
            scores = np.minimum(scores, space.score_of_distance(d))
        syms = space.symbols
        out = []
        for j, fi in enumerate(facts.tolist()):
            out.append(FactHit(syms[int(f.pred[fi])], tuple(syms[int(a)] for a in f.args[fi]),
                               int(f.row[fi]), float(f.weight[fi]), float(dist[j]),
                               float(scores[j])))
        return out

    def search_batch(self, arity: int, slots: Sequence[int], queries, k: int = 5,
                     predicate: int | None = None) -> "FactBatch":
        """Many goals of one pattern at once (for batched provers): ``slots``
        are the bound slot numbers (0 the predicate, ``1..arity`` arguments),
        ``queries`` an ``(m, len(slots) * dim)`` matrix of the goals' bound
        slot vectors concatenated in slot order.  Returns arrays (see
        :class:`FactBatch`), ``-1`` where fewer than ``k`` facts were found."""
        self._refresh()
        slots = tuple(sorted(set(int(s) for s in slots)))
        if not slots or slots[0] < 0 or slots[-1] > arity:
            raise BridgeError(f"slots must be a non-empty subset of 0..{arity}, got {slots}")
        space = self.space
        q = np.asarray(queries, dtype=np.float32)
        if q.ndim != 2 or q.shape[1] != len(slots) * space.dim:
            raise BridgeError(f"expected an (m, {len(slots) * space.dim}) query matrix, "
                              f"got shape {q.shape}")
        if space.config.kernel == "cosine":
            q = np.concatenate([space.prepare(p) for p in np.split(q, len(slots), axis=1)], 1)
        index, sel = self._pattern(arity, slots, predicate)
        f = self._table(arity)
        dist, idx = index.search(q, k)
        ok = idx >= 0
        facts = np.where(ok, sel[np.maximum(idx, 0)] if len(sel) else 0, 0)
        pred = np.where(ok, f.pred[facts] if len(sel) else -1, -1)
        args = np.where(ok[..., None], f.args[facts] if len(sel) else -1, -1)
        row = np.where(ok, f.row[facts] if len(sel) else -1, -1)
        return FactBatch(dist, pred, args, row)


@dataclass(frozen=True, slots=True)
class FactBatch:
    """Results of ``FactIndex.search_batch``: ``distances`` ``(m, k')``,
    ``predicates`` (symbol ids) ``(m, k')``, ``args`` (symbol ids)
    ``(m, k', arity)``, ``rows`` (in ``store.columns(key)``) ``(m, k')``."""

    distances: np.ndarray
    predicates: np.ndarray
    args: np.ndarray
    rows: np.ndarray


def _goal_parts(goal) -> tuple[Atom, list[Atom | None]]:
    if isinstance(goal, tuple) and len(goal) == 2:
        pred, args = goal
        pred = Atom(pred) if isinstance(pred, str) else pred
        out = []
        for a in args:
            out.append(None if a is None else (Atom(a) if isinstance(a, str) else a))
            if out[-1] is not None and type(out[-1]) is not Atom:
                raise BridgeError(f"fact search: argument {a!r} is not an atom")
        return pred, out
    goal = deref(goal)
    if type(goal) is Atom:
        return goal, []
    if type(goal) is not Struct:
        raise BridgeError(f"fact search: {goal!r} is not a callable term")
    out = []
    for a in goal.args:
        a = deref(a)
        if type(a) is Var:
            out.append(None)
        elif type(a) is Atom:
            out.append(a)
        else:
            raise BridgeError(f"fact search: argument {a!r} is neither an atom nor a "
                              "variable (only atoms have vectors)")
    return goal.name, out

