"""Destructive assignment: setarg/3 (undone on backtracking) and nb_setarg/3
(kept: it stores a copy of the value, as SWI's ``duplicate_term/2``).

Changing a compound in place is safe because no compound that a program can
reach is shared with the program itself: a compiled clause makes its
compound terms afresh on each call (:mod:`..compile`, as SWI builds clause
terms on its stack), a table hands out copies of compound answers, and
assert, findall/3 and nb_setval/2 store and return copies.  (As in SWI,
copy_term/2 and unification share: ``B = A, setarg(1, A, x)`` changes ``B``.)

The undo of setarg/3 is a trail entry (:class:`ArgUndo`) that the machine
resets like a variable binding: backtracking sets ``entry.ref = None`` on
every trail entry it pops, which puts the old argument back.
"""

from __future__ import annotations

from ...errors import RepresentationError
from ...terms import NIL, Atom, Struct, Var, deref
from ..compile import copy_term
from ._util import domain_error, inst_error, need_int, type_error
from .registry import det

__all__ = ["ArgUndo"]

_SIZE_T = 1 << 64       # SWI's index is a size_t


class ArgUndo:
    """A trail entry: argument ``i`` of ``term`` was ``old`` before setarg/3
    made it ``new``.  It reads as bound (``ref`` is the new value) and
    ``entry.ref = None`` undoes it; ``entry.ref = <the value read>`` redoes
    it (the tracer lifts a goal's bindings with the trail this way, then
    puts them back)."""

    __slots__ = ("term", "i", "old", "new")

    def __init__(self, term: Struct, i: int, old, new) -> None:
        self.term = term
        self.i = i
        self.old = old
        self.new = new

    @property
    def ref(self):
        return self.new

    @ref.setter
    def ref(self, value) -> None:
        _put(self.term, self.i, self.old if value is None else self.new)

    def __repr__(self) -> str:
        return f"ArgUndo({self.term!r}, {self.i}, {self.old!r} -> {self.new!r})"


def _put(term: Struct, i: int, value) -> None:
    args = term.args
    term.args = args[:i] + (value,) + args[i + 1:]
    term._hash = None       # the cached hash was of the old arguments


def _target(n, t) -> tuple[Struct, int] | None:
    """The compound and 0-based index that ``setarg(N, T, _)`` changes, None
    when it fails (index 0 or past the arity, an atom); SWI's errors and their
    order: the index first, then the term."""
    n = need_int(n)
    if n < 0:
        raise domain_error("not_less_than_zero", n)
    if n >= _SIZE_T:
        raise RepresentationError.new("size_t")
    t = deref(t)
    if n == 0:
        return None
    if type(t) is Struct:
        return (t, n - 1) if n <= len(t.args) else None
    if type(t) is Var:
        raise inst_error()
    if type(t) is Atom and t is not NIL:        # an atom is name/0: no argument N
        return None
    raise type_error("compound", t)


def _setarg(m, n, t, value, backtrackable: bool) -> bool:
    target = _target(n, t)
    if target is None:
        return False
    term, i = target
    if backtrackable:
        old, new = term.args[i], deref(value)
        _put(term, i, new)
        m.trail.append(ArgUndo(term, i, old, new))
    else:
        _put(term, i, copy_term(value))
    return True


@det("setarg", 3)
def bi_setarg(m, n, t, value):
    return _setarg(m, n, t, value, True)


@det("nb_setarg", 3)
def bi_nb_setarg(m, n, t, value):
    return _setarg(m, n, t, value, False)
