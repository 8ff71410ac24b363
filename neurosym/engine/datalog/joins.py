"""Vectorised joins and de-duplication over dense int64 ids (numpy only).

* :func:`pack` / :func:`pack_pair` turn several id columns into one int64 key per
  row (mixed radix over the domain size; columns whose product would overflow are
  rank-compressed first).
* :class:`Index` is a sorted (or CSR, when keys are dense and small) index over the
  keys of one side; :func:`probe` returns the matching ``(left_rows, right_rows)``
  of an equi-join without a Python loop.
* :class:`KeySet` remembers the packed rows of a relation: a bitmap when the key
  space is small, a sorted array otherwise; :meth:`KeySet.filter_new` drops known
  rows and duplicates among the candidates.
"""

from __future__ import annotations

import numpy as np

__all__ = ["pack", "pack_pair", "Index", "probe", "expand", "KeySet", "BITMAP_MAX"]

BITMAP_MAX = 1 << 27          # key spaces up to this size use a bitmap (1 byte per key)
_LIMIT = 1 << 62
_EMPTY = np.zeros(0, np.int64)


def _fits(sizes) -> bool:
    p = 1
    for s in sizes:
        p *= max(int(s), 1)
    return p < _LIMIT


def pack(cols: list[np.ndarray], size: int, n: int | None = None) -> np.ndarray:
    """One int64 key per row of ``cols`` (each a column of ids in ``[0, size)``)."""
    if not cols:
        return np.zeros(n or 0, np.int64)
    if len(cols) == 1:
        return np.asarray(cols[0], np.int64)
    if _fits([size] * len(cols)):
        key = cols[0].astype(np.int64, copy=True)
        for c in cols[1:]:
            key *= size
            key += c
        return key
    return _pack_ranked(cols)


def _pack_ranked(cols: list[np.ndarray]) -> np.ndarray:
    key = np.asarray(cols[0], np.int64)
    kmax = int(key.max()) + 1 if key.size else 1
    for c in cols[1:]:
        cmax = int(c.max()) + 1 if c.size else 1
        if not _fits([kmax, cmax]):
            key = np.unique(key, return_inverse=True)[1].astype(np.int64)
            kmax = int(key.max()) + 1 if key.size else 1
            if not _fits([kmax, cmax]):
                c = np.unique(c, return_inverse=True)[1].astype(np.int64)
                cmax = int(c.max()) + 1 if c.size else 1
        key = key * cmax + c
        kmax = kmax * cmax
    return key


def pack_pair(lcols, rcols, size: int, nl: int, nr: int):
    """Keys for both sides of a join, packed the same way."""
    if len(lcols) <= 1 or _fits([size] * len(lcols)):
        return pack(lcols, size, nl), pack(rcols, size, nr)
    both = _pack_ranked([np.concatenate([a, b]) for a, b in zip(lcols, rcols, strict=True)])
    return both[:nl], both[nl:]


class Index:
    """Rows of one side grouped by key: ``order`` lists row numbers by key; with
    ``offsets`` (CSR) key ``k`` owns ``order[offsets[k]:offsets[k+1]]``, otherwise
    ``sorted`` holds the keys in that order for binary search."""

    __slots__ = ("order", "offsets", "sorted", "n", "checked")

    def __init__(self, keys: np.ndarray, domain: int | None = None) -> None:
        """``domain``: keys are known to lie in ``[0, domain)`` (then a CSR index
        over the whole domain needs no bounds checks when probed)."""
        self.n = len(keys)
        self.offsets = None
        self.sorted = None
        self.checked = True
        if self.n == 0 and domain is None:
            self.order = _EMPTY
            self.sorted = _EMPTY
            return
        if domain is not None and domain <= max(4 * self.n, 1 << 20):
            top, self.checked = domain, False
        else:
            kmin = int(keys.min())
            kmax = int(keys.max())
            top = kmax + 1 if kmin >= 0 and kmax < max(4 * self.n, 1 << 16) else None
        if top is not None:
            counts = np.bincount(keys, minlength=top)
            self.offsets = np.zeros(top + 1, np.int64)
            np.cumsum(counts, out=self.offsets[1:])
            self.order = np.argsort(keys, kind="stable")
        else:
            self.order = np.argsort(keys, kind="stable")
            self.sorted = keys[self.order]

    def ranges(self, lkeys: np.ndarray):
        """``(starts, counts)`` into ``order`` for each probe key."""
        if self.offsets is not None:
            if not self.checked:
                starts = self.offsets[lkeys]
                return starts, self.offsets[1:][lkeys] - starts
            top = len(self.offsets) - 1
            ok = (lkeys >= 0) & (lkeys < top)
            k = np.where(ok, lkeys, 0)
            starts = self.offsets[k]
            counts = np.where(ok, self.offsets[1:][k] - starts, 0)
            return starts, counts
        starts = np.searchsorted(self.sorted, lkeys, "left")
        counts = np.searchsorted(self.sorted, lkeys, "right") - starts
        return starts, counts

    def contains(self, lkeys: np.ndarray) -> np.ndarray:
        return self.ranges(lkeys)[1] > 0


def expand(starts: np.ndarray, counts: np.ndarray, order: np.ndarray):
    """Left row numbers and right row numbers of all matches."""
    if counts.size == 0:
        return _EMPTY, _EMPTY
    if int(counts.max()) <= 1:           # at most one match per probe: no expansion
        li = np.flatnonzero(counts)
        return li, order[starts[li]]
    excl = np.cumsum(counts)
    total = int(excl[-1])
    li = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    excl -= counts
    excl -= starts
    pos = np.arange(total, dtype=np.int64)
    pos -= np.repeat(excl, counts)
    return li, order[pos]


def probe(index: Index, lkeys: np.ndarray):
    starts, counts = index.ranges(lkeys)
    return expand(starts, counts, index.order)


class KeySet:
    """Which packed rows a relation holds (see module docstring)."""

    __slots__ = ("arity", "size", "space", "_bitmap", "sorted", "_owner")

    def __init__(self, arity: int, size: int) -> None:
        self.arity = arity
        self.size = size
        space = 1
        for _ in range(arity):
            space *= max(size, 1)
        self.space = space if space <= BITMAP_MAX else None
        self._bitmap = None
        self.sorted = _EMPTY
        self._owner = None

    @property
    def bitmap(self):
        return self._bitmap

    def _use_bitmap(self, incoming: int) -> bool:
        """Switch to a bitmap once the key space is small, or dense enough for the
        rows held (so a few rows of a wide relation never cost a huge bitmap)."""
        if self._bitmap is not None:
            return True
        if self.space is None:
            return False
        if self.space <= (1 << 22) or self.space <= 64 * (self.sorted.size + incoming):
            self._bitmap = np.zeros(self.space, np.bool_)
            self._bitmap[self.sorted] = True
            self.sorted = _EMPTY
            return True
        return False

    def add_unique(self, keys: np.ndarray) -> None:
        """Add keys known to be distinct and new."""
        if self._use_bitmap(keys.size):
            self._bitmap[keys] = True
        else:
            self.sorted = np.sort(np.concatenate([self.sorted, keys]))

    def keys(self, cols: list[np.ndarray], n: int) -> np.ndarray:
        if self.space is not None or _fits([self.size] * self.arity):
            return pack(cols, self.size, n)
        return None   # too wide: the caller falls back to row-wise unique

    def filter_new(self, keys: np.ndarray) -> np.ndarray:
        """Row numbers (into ``keys``) of keys not yet held, one row per key;
        adds them."""
        if keys.size == 0:
            return _EMPTY
        if self._use_bitmap(keys.size):
            fresh = np.flatnonzero(~self._bitmap[keys])
            if fresh.size == 0:
                return fresh
            fk = keys[fresh] if fresh.size < keys.size else keys
            if _ascending(fk):              # no key twice (rules often derive in key order)
                self._bitmap[fk] = True
                return fresh
            if self.space > (1 << 25):    # no scratch array that large: sort
                _, first = np.unique(fk, return_index=True)
                rows = fresh[first]
            else:
                # one winner per key without sorting: every candidate writes its
                # number into a scratch slot for its key; those reading their own win
                if self._owner is None:
                    self._owner = np.empty(self.space, np.int32 if self.space < (1 << 31) else np.int64)
                ticket = np.arange(fk.size, dtype=self._owner.dtype)
                self._owner[fk] = ticket
                rows = fresh[self._owner[fk] == ticket]
            self._bitmap[keys[rows]] = True
            return rows
        u, first = np.unique(keys, return_index=True)
        if self.sorted.size:
            pos = np.searchsorted(self.sorted, u)
            pos[pos >= self.sorted.size] = 0
            known = self.sorted[pos] == u
            u, first = u[~known], first[~known]
        if u.size:
            merged = np.concatenate([self.sorted, u])
            merged.sort(kind="stable")
            self.sorted = merged
        return first


def _ascending(keys: np.ndarray) -> bool:
    """Whether ``keys`` strictly increase (then none occurs twice): one pass,
    where the scratch-slot de-duplication costs a random write and read per key."""
    return keys.size < 2 or bool((keys[1:] > keys[:-1]).all())
