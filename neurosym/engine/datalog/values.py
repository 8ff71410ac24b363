"""How constants are numbered in fact arrays, and inside one evaluation.

External encoding (fact arrays handed to and returned by :func:`evaluate`):

* an atom is its id in the knowledge base's :class:`SymbolTable` (``0 <= code < 2**61``);
* an integer ``n`` with ``-2**61 <= n < 2**61`` is ``INT_BASE + n`` (``INT_BASE = 2**62``),
  so small integers need no table and decode with one subtraction;
* anything else (strings, floats, big integers) is a negative code handed out by a
  :class:`ValueTable` (``-1, -2, ...``), which the caller keeps to decode them.

Internal encoding (inside one evaluation): every code is mapped to a *dense* id:
atoms keep their symbol id, every other value gets ``n_symbols + k`` in order of first
use.  Dense ids keep packed join keys small (``D**arity`` fits in ``int64``) and let a
bitmap replace hashing; arithmetic gathers actual values through a table.
"""

from __future__ import annotations

import math

import numpy as np

from ...terms import Atom, SymbolTable

__all__ = ["INT_BASE", "INT_MIN", "INT_MAX", "ValueTable", "encode", "decode"]

INT_BASE = 1 << 62
INT_MIN = -(1 << 61)
INT_MAX = (1 << 61) - 1


def _key(v):
    # 1 and 1.0 are different Prolog terms: the type is part of the key
    # (and -0.0 is not 0.0, which Python's == conflates)
    if type(v) is float and v == 0.0:
        return ("float0", math.copysign(1.0, v))
    return (type(v).__name__, v)


class ValueTable:
    """External codes for a knowledge base: atoms via ``symbols``, small ints tagged,
    other constants (strings, floats, big ints) in a side table with negative codes."""

    __slots__ = ("symbols", "_others", "_codes")

    def __init__(self, symbols: SymbolTable) -> None:
        self.symbols = symbols
        self._others: list = []
        self._codes: dict = {}

    def encode(self, v) -> int:
        t = type(v)
        if t is Atom:
            return self.symbols.intern(v)
        if t is int and INT_MIN <= v <= INT_MAX:
            return INT_BASE + v
        if t in (int, float, str):
            k = _key(v)
            c = self._codes.get(k)
            if c is None:
                self._others.append(v)
                c = -len(self._others)
                self._codes[k] = c
            return c
        raise TypeError(f"not a Datalog constant: {v!r}")

    def decode(self, code: int):
        code = int(code)
        if code >= INT_MIN + INT_BASE:
            return code - INT_BASE
        if code >= 0:
            return self.symbols[code]
        return self._others[-code - 1]


def encode(v, symbols: SymbolTable) -> int:
    """External code of an atom or small integer (no side table needed)."""
    if type(v) is Atom:
        return symbols.intern(v)
    if type(v) is int and INT_MIN <= v <= INT_MAX:
        return INT_BASE + v
    raise TypeError(f"needs a ValueTable: {v!r}")


def decode(code: int, symbols: SymbolTable | ValueTable):
    if isinstance(symbols, ValueTable):
        return symbols.decode(code)
    code = int(code)
    if code >= INT_MIN + INT_BASE:
        return code - INT_BASE
    if code < 0:
        raise ValueError(f"code {code} needs the ValueTable that made it")
    return symbols[code]


class Domain:
    """Dense ids for one evaluation (see the module docstring)."""

    __slots__ = ("values", "n_atoms", "extra", "_extra_ids", "version", "_int_cache")

    def __init__(self, values: ValueTable) -> None:
        self.values = values
        self.n_atoms = len(values.symbols)
        self.extra: list = []              # python values of dense ids n_atoms + k
        self._extra_ids: dict = {}         # _key(value) -> dense id
        self.version = 0
        self._int_cache = None

    @property
    def size(self) -> int:
        return self.n_atoms + len(self.extra)

    def dense_of_value(self, v) -> int:
        if type(v) is Atom:
            i = self.values.symbols.id_of(v)
            if i is None or i >= self.n_atoms:
                raise ValueError(f"atom {v!r} was not interned before the evaluation")
            return i
        k = _key(v)
        d = self._extra_ids.get(k)
        if d is None:
            d = self.n_atoms + len(self.extra)
            self.extra.append(v)
            self._extra_ids[k] = d
            self.version += 1
            self._int_cache = None
        return d

    def value_of_dense(self, d: int):
        d = int(d)
        if d < self.n_atoms:
            return self.values.symbols[d]
        return self.extra[d - self.n_atoms]

    # -- arrays ------------------------------------------------------------
    def to_dense(self, arr: np.ndarray) -> np.ndarray:
        arr = np.asarray(arr, dtype=np.int64)
        if arr.size == 0:
            return arr.copy()
        if arr.min() >= 0 and arr.max() < self.n_atoms:
            return arr.copy()
        out = arr.copy()
        odd = (arr < 0) | (arr >= self.n_atoms)
        codes, inv = np.unique(arr[odd], return_inverse=True)
        dec = self.values.decode
        mapped = np.fromiter((self.dense_of_value(dec(c)) for c in codes), np.int64, len(codes))
        out[odd] = mapped[inv]
        return out

    def to_external(self, arr: np.ndarray) -> np.ndarray:
        if arr.size == 0 or not self.extra:
            return arr
        out = arr.copy()
        odd = arr >= self.n_atoms
        if odd.any():
            enc = self.values.encode
            table = np.fromiter((enc(v) for v in self.extra), np.int64, len(self.extra))
            out[odd] = table[arr[odd] - self.n_atoms]
        return out

    def int_view(self):
        """``(is_int, ival)`` arrays over extra ids: whether each extra value is a
        small int and its value (for vectorised arithmetic)."""
        if self._int_cache is None:
            n = len(self.extra)
            is_int = np.fromiter((type(v) is int and INT_MIN <= v <= INT_MAX
                                  for v in self.extra), bool, n)
            ival = np.fromiter((v if (type(v) is int and INT_MIN <= v <= INT_MAX) else 0
                                for v in self.extra), np.int64, n)
            self._int_cache = (is_int, ival)
        return self._int_cache

    def ints_to_dense(self, vals: np.ndarray) -> np.ndarray:
        """Dense ids of int64 values, giving new ids to unseen ones."""
        if vals.size == 0:
            return vals.astype(np.int64)
        u, inv = np.unique(vals, return_inverse=True)
        ids = np.fromiter((self.dense_of_value(int(x)) for x in u), np.int64, len(u))
        return ids[inv]
