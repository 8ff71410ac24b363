"""A relation under semi-naive evaluation: column-major rows of dense ids that
only grow, split into *stable* rows (``[:n_stable]``) and the *delta* of the last
round (``[n_stable:n]``); *full* is both.  Candidates gathered during a round are
committed at its end (de-duplicated against the rows held and among themselves)."""

from __future__ import annotations

import numpy as np

from .joins import Index, KeySet, _fits, _pack_ranked

__all__ = ["Relation"]


class Relation:
    __slots__ = ("key", "arity", "buf", "n", "n_stable", "keyset", "pending", "pending_keys",
                 "pending_cols", "_index_cache", "_size", "_packable")

    def __init__(self, key, arity: int, size: int) -> None:
        self.key = key
        self.arity = arity
        self.buf = np.zeros((arity, 16), np.int64)
        self.n = 0
        self.n_stable = 0
        self._size = size
        self._packable = arity >= 1 and _fits([size] * arity)
        self.keyset = KeySet(arity, size)
        self.pending: list[np.ndarray] = []
        self.pending_keys: list[np.ndarray] = []   # candidates as packed keys
        self.pending_cols: list[list] = []         # ... and as the columns packed
        self._index_cache: dict = {}

    # -- parts -------------------------------------------------------------
    def part(self, which: str) -> np.ndarray:
        if which == "full":
            return self.buf[:, :self.n]
        if which == "delta":
            return self.buf[:, self.n_stable:self.n]
        return self.buf[:, :self.n_stable]

    def rows(self) -> np.ndarray:
        """``(n, arity)`` array of all rows (a column-major view)."""
        return self.buf[:, :self.n].T

    def index(self, which: str, positions: tuple, keyfn, size: int, domain=None) -> Index:
        """A cached index of ``part(which)`` on the key ``keyfn(part)`` (packed
        for domain size ``size``)."""
        tag = (which, positions)
        stamp = (self.n, self.n_stable, size)
        hit = self._index_cache.get(tag)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        idx = Index(keyfn(self.part(which)), domain)
        self._index_cache[tag] = (stamp, idx)
        return idx

    def cached_index(self, which: str, positions: tuple, size: int) -> Index | None:
        """The index :meth:`index` would return, if it is already built."""
        hit = self._index_cache.get((which, positions))
        if hit is not None and hit[0] == (self.n, self.n_stable, size):
            return hit[1]
        return None

    # -- growth --------------------------------------------------------------
    def add(self, cols: np.ndarray) -> None:
        """Queue candidate rows ``(arity, m)`` for the next commit."""
        if cols.shape[1]:
            self.pending.append(cols)

    @property
    def packable(self) -> bool:
        """Rows pack into one int64 by radix ``size`` (keys decode back to rows)."""
        return self._packable

    def add_head(self, cols: list, n: int) -> None:
        """Queue ``n`` candidate rows given as columns (arrays or scalar ids)."""
        if n == 0:
            return
        if self.packable:
            size = self._size
            key = None
            for c in cols:
                if key is None:
                    key = np.full(n, c, np.int64) if type(c) is int else c.astype(np.int64, copy=True)
                else:
                    key *= size
                    key += c
            self.pending_keys.append(key)
            self.pending_cols.append(cols)
        else:
            self.pending.append(np.stack([np.full(n, c, np.int64) if type(c) is int else c
                                          for c in cols]) if cols else np.zeros((0, n), np.int64))

    def _decode(self, keys: np.ndarray, size: int) -> np.ndarray:
        out = np.empty((self.arity, keys.size), np.int64)
        if size & (size - 1) == 0:          # a power of two (always, see body.Ctx)
            shift, mask = size.bit_length() - 1, size - 1
            for i in range(self.arity - 1, 0, -1):
                np.bitwise_and(keys >> (shift * (self.arity - 1 - i)), mask, out=out[i])
            np.right_shift(keys, shift * (self.arity - 1), out=out[0])
            return out
        k = keys
        for i in range(self.arity - 1, 0, -1):
            k, out[i] = np.divmod(k, size)
        out[0] = k
        return out

    def set_unique(self, cols: np.ndarray) -> None:
        """Take rows known to be distinct (a kernel's output) as the whole
        relation, skipping de-duplication."""
        self.buf = np.ascontiguousarray(cols, np.int64)
        self.n = self.buf.shape[1]
        self.n_stable = 0
        self.pending = []
        self.pending_keys = []
        self.pending_cols = []
        self._index_cache.clear()
        self.keyset = None      # built from the rows if anything is added later

    def _ensure_keyset(self) -> None:
        if self.keyset is None:
            self.keyset = KeySet(self.arity, self._size)
            if self.n:
                keys = self.keyset.keys(list(self.part("full")), self.n)
                if keys is not None:
                    self.keyset.add_unique(keys)

    def resize_domain(self, size: int) -> None:
        """The domain grew: keys packed with the old size are stale."""
        if size == self._size:
            return
        for k in self.pending_keys:
            self.pending.append(self._decode(k, self._size))
        self.pending_keys = []
        self.pending_cols = []
        self._size = size
        self._packable = self.arity >= 1 and _fits([size] * self.arity)
        self.keyset = None          # rebuilt from the rows at the next commit
        self._index_cache.clear()

    def commit(self) -> int:
        """Make the queued candidates that are new the delta; return how many."""
        self.n_stable = self.n
        if not self.pending and not self.pending_keys:
            return 0
        self._ensure_keyset()
        if self.packable:
            parts = self.pending_keys + [self.keyset.keys(list(c), c.shape[1]) for c in self.pending]
            given = self.pending_cols[0] if len(parts) == 1 and self.pending_cols else None
            self.pending, self.pending_keys, self.pending_cols = [], [], []
            keys = parts[0] if len(parts) == 1 else np.concatenate(parts)
            rows = self.keyset.filter_new(keys)
            if rows.size == 0:
                return 0
            if given is not None:       # one batch: its columns, not the keys decoded
                return self._append_cols(given, None if rows.size == keys.size else rows,
                                         rows.size)
            new = self._decode(keys if rows.size == keys.size else keys[rows], self._size)
        else:
            cand = self.pending[0] if len(self.pending) == 1 else np.concatenate(self.pending, axis=1)
            self.pending = []
            m = cand.shape[1]
            keys = self.keyset.keys(list(cand), m)
            if keys is not None:
                rows = self.keyset.filter_new(keys)
            else:   # too wide to pack: rank the rows held together with the candidates
                both = np.concatenate([self.part("full"), cand], axis=1)
                k = _pack_ranked(list(both))
                _, first = np.unique(k, return_index=True)
                rows = first[first >= self.n] - self.n
            if rows.size == 0:
                return 0
            new = cand[:, rows]
        need = self._grow(new.shape[1])
        self.buf[:, self.n:need] = new
        self.n = need
        return new.shape[1]

    def _grow(self, m: int) -> int:
        """Room for ``m`` more rows; the new row count."""
        need = self.n + m
        if need > self.buf.shape[1]:
            cap = max(need, 2 * self.buf.shape[1])
            nb = np.empty((self.arity, cap), np.int64)
            nb[:, :self.n] = self.buf[:, :self.n]
            self.buf = nb
        return need

    def _append_cols(self, cols: list, rows: np.ndarray | None, m: int) -> int:
        """Append ``m`` candidate rows of ``cols`` (arrays, or scalar ids for a
        constant column): those numbered ``rows``, or all when None."""
        need = self._grow(m)
        for i, c in enumerate(cols):
            self.buf[i, self.n:need] = c if type(c) is int or rows is None else c[rows]
        self.n = need
        return m
