"""Argument indexes for the clause store.

An :class:`ArgIndex` maps the *index key* of one head argument to the list of
clauses that may match a goal whose argument at that position has that key.
Clauses whose argument there is a variable may match anything: they sit in
every bucket (in clause order) and in ``var``, which is what a key absent
from the index returns.  This is SWI-Prolog's scheme; the first argument is
indexed on first use, any other argument just in time, when a goal binds it.

Index keys (``index_key``):

* an atom is its own key;
* an integer is its own key (``bool`` is never a term);
* a float is ``("f", x)`` (``-0.0`` and ``0.0`` share a key, all NaNs share
  one: the index may return a few clauses too many, never one too few);
* a string is ``("s", text)``;
* a compound is ``(name, arity)`` (its principal functor);
* an unbound variable has no key (``None``).

Buckets hand out tuples (cached until the bucket changes), so a running
query that iterates one sees a frozen snapshot (the logical update view).
"""

from __future__ import annotations

from typing import Iterable

from ..terms import Atom, Struct, Var, deref
from ..terms.clause import Clause

__all__ = ["ArgIndex", "index_key"]


def index_key(t) -> object | None:
    """The index key of a term (see the module docstring); ``None`` for a variable."""
    t = deref(t)
    tt = type(t)
    if tt is Atom or tt is int:
        return t
    if tt is Struct:
        return (t.name, len(t.args))
    if tt is Var:
        return None
    if tt is float:
        return ("f", t if t == t else "nan")
    if tt is str:
        return ("s", t)
    return ("?", repr(t))   # not a term; keep it indexable rather than crash


class ArgIndex:
    """The index of argument ``pos`` (0-based) of one predicate's clauses."""

    __slots__ = ("pos", "buckets", "var", "_cache", "_var_tuple")

    def __init__(self, pos: int, clauses: Iterable[Clause] = ()) -> None:
        self.pos = pos
        self.buckets: dict[object, list[Clause]] = {}
        self.var: list[Clause] = []
        self._cache: dict[object, tuple[Clause, ...]] = {}
        self._var_tuple: tuple[Clause, ...] | None = ()
        for c in clauses:
            self.add(c)

    def _key(self, clause: Clause) -> object | None:
        return index_key(clause.head.args[self.pos])

    def add(self, clause: Clause, front: bool = False) -> None:
        """Add ``clause`` at the end (or at the front) of the clause order."""
        key = self._key(clause)
        if key is None:
            if front:
                self.var.insert(0, clause)
                for b in self.buckets.values():
                    b.insert(0, clause)
            else:
                self.var.append(clause)
                for b in self.buckets.values():
                    b.append(clause)
            self._cache.clear()
            self._var_tuple = None
            return
        bucket = self.buckets.get(key)
        if bucket is None:
            self.buckets[key] = [clause, *self.var] if front else [*self.var, clause]
        elif front:
            bucket.insert(0, clause)
        else:
            bucket.append(clause)
        self._cache.pop(key, None)

    def remove(self, clause: Clause) -> None:
        key = self._key(clause)
        if key is None:
            _remove_identical(self.var, clause)
            for b in self.buckets.values():
                _remove_identical(b, clause)
            self._cache.clear()
            self._var_tuple = None
            return
        bucket = self.buckets[key]
        _remove_identical(bucket, clause)
        if len(bucket) == len(self.var):   # only variable clauses left
            del self.buckets[key]
        self._cache.pop(key, None)

    def get(self, key: object) -> tuple[Clause, ...]:
        """The clauses that may match a goal whose argument has ``key``, in order."""
        t = self._cache.get(key)
        if t is not None:
            return t
        bucket = self.buckets.get(key)
        if bucket is None:
            t = self._var_tuple
            if t is None:
                t = self._var_tuple = tuple(self.var)
            return t
        t = self._cache[key] = tuple(bucket)
        return t

    def __len__(self) -> int:   # number of distinct keys
        return len(self.buckets)


def _remove_identical(seq: list, item: object) -> None:
    # Clause has no __eq__, so list.remove compares by identity (at C speed)
    seq.remove(item)
