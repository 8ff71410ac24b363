"""The symbol table: atoms <-> dense integer ids.

Each knowledge base owns one ``SymbolTable``.  Ids are dense (0, 1, 2, ...) in
order of first use, so they index the store's columnar fact arrays and, later,
the rows of the embedding matrix in the bridge.  Atoms themselves are interned
process-wide (``Atom("a") is Atom("a")``); the table only numbers them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from .core import Atom

if TYPE_CHECKING:
    import numpy as np

__all__ = ["SymbolTable"]


class SymbolTable:
    __slots__ = ("_atoms", "_ids")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._atoms: list[Atom] = []
        self._ids: dict[Atom, int] = {}
        for n in names:
            self.intern(n)

    def intern(self, atom: Atom | str) -> int:
        """The id of ``atom``, giving it the next id if it has none yet."""
        if type(atom) is str:
            atom = Atom(atom)
        i = self._ids.get(atom)
        if i is None:
            i = len(self._atoms)
            self._atoms.append(atom)
            self._ids[atom] = i
        return i

    def intern_many(self, names: Iterable[str]) -> np.ndarray:
        """Ids for many names at once (an ``int64`` array)."""
        import numpy as np
        intern = self.intern
        return np.fromiter((intern(n) for n in names), dtype=np.int64)

    def id_of(self, atom: Atom | str) -> int | None:
        """The id of ``atom`` or ``None`` if it was never interned."""
        if type(atom) is str:
            atom = Atom(atom)
        return self._ids.get(atom)

    def __getitem__(self, i: int) -> Atom:
        return self._atoms[i]

    def __contains__(self, atom: object) -> bool:
        if type(atom) is str:
            atom = Atom(atom)
        return atom in self._ids

    def __len__(self) -> int:
        return len(self._atoms)

    def __iter__(self) -> Iterator[Atom]:
        return iter(self._atoms)

    def names(self) -> list[str]:
        return [a.name for a in self._atoms]

    def __repr__(self) -> str:
        return f"SymbolTable({len(self)} symbols)"
