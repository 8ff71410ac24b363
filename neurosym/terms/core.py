"""The term model: atoms, variables, compound terms, numbers and strings.

A term is one of

* ``Atom``   -- interned: one object per name, so equality is identity;
* ``Var``    -- a logic variable (a binding cell, see below);
* ``Struct`` -- a compound term ``name(arg, ...)``; immutable, cached hash;
* ``int``    -- Prolog integers are Python ints (unbounded);
* ``float``  -- Prolog floats are Python floats;
* ``str``    -- Prolog strings (double-quoted text) are Python strs.

``bool`` is never a term (``True`` is an ``int`` subclass): convert at the
edges.  Because ``1 == 1.0`` in Python but ``1 \\== 1.0`` in Prolog, always
compare terms with :func:`term_eq` (``Struct.__eq__`` does), never with
``==`` on raw numbers of unknown type.

Variables.  Stored clauses and parsed terms hold ``Var`` objects that are
never bound; the engine renames a clause (fresh ``Var`` cells) before it
binds anything.  A bound variable has ``ref`` set to the term it is bound to;
``ref is None`` means unbound.  :func:`deref` follows the chain.  The ``name``
slot is kept only for printing (``None`` for engine-made variables).
"""

from __future__ import annotations

import sys
import threading
from math import copysign
from typing import Iterable, Iterator, Union

__all__ = [
    "Atom", "Var", "Struct", "Term",
    "NIL", "LIST", "CURLY", "TRUE", "FALSE", "FAIL", "COMMA", "NECK", "EMPTY_BLOCK",
    "deref", "term_eq", "is_ground", "term_vars", "is_callable", "is_atomic",
    "is_number", "is_list", "make_list", "list_items", "iter_list",
    "indicator", "functor_of", "pred_key", "resolve", "sweep_atoms",
]


_ATOMS_LOCK = threading.RLock()
_SWEEP_MIN = 1 << 17
_SWEEP_CHARS = 1 << 26     # ... or when this many characters were interned since
_sweep = [_SWEEP_MIN, 0]    # [table size that triggers a sweep, characters since it]


class Atom:
    """An interned atom.  ``Atom("a") is Atom("a")``.

    The intern table is swept as it grows (:func:`sweep_atoms`): an atom
    that nothing but the table refers to is dropped, so a program that
    makes millions of throwaway atoms (``atom_concat/3`` in a loop) does
    not keep them all.  Atoms a knowledge base uses are held by its
    ``SymbolTable`` (their ids index embedding rows) and by its clauses,
    so they are never dropped; a dropped name made again is a new object
    that nothing can tell from the old one."""

    __slots__ = ("name", "_hash", "__weakref__")
    _table: dict[str, "Atom"] = {}

    def __new__(cls, name: str) -> "Atom":
        atom = cls._table.get(name)
        if atom is None:
            if not isinstance(name, str):
                raise TypeError(f"atom name must be str, not {type(name).__name__}")
            with _ATOMS_LOCK:        # misses only: a hit never waits
                table = cls._table
                atom = table.get(name)
                if atom is None:
                    atom = object.__new__(cls)
                    atom.name = name
                    atom._hash = hash(("atom", name))
                    table[name] = atom
                    _sweep[1] += len(name)
                    if len(table) > _sweep[0] or _sweep[1] > _SWEEP_CHARS:
                        _sweep_locked(table)
        return atom

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    def __repr__(self) -> str:
        return "NIL" if self is NIL else f"Atom({self.name!r})"

    def __reduce__(self):  # copy/deepcopy/pickle keep interning
        if self is NIL:
            return "NIL"        # the module global: ``[]`` is not ``'[]'``
        return (Atom, (self.name,))

    def __copy__(self) -> "Atom":
        return self

    def __deepcopy__(self, memo) -> "Atom":
        return self


class Var:
    """A logic variable.  ``ref`` is the bound value or ``None`` when unbound."""

    __slots__ = ("ref", "name")

    def __init__(self, name: str | None = None) -> None:
        self.ref = None
        self.name = name

    def __repr__(self) -> str:
        if self.ref is not None:
            return f"Var({self.name!r}={self.ref!r})"
        return f"Var({self.name!r})" if self.name else f"Var(_{id(self) & 0xFFFFFF:x})"


class Struct:
    """A compound term ``name(args...)``.  ``name`` is an :class:`Atom`."""

    __slots__ = ("name", "args", "_hash")

    def __init__(self, name: Atom, args: tuple) -> None:
        self.name = name
        self.args = args
        self._hash = None

    @property
    def arity(self) -> int:
        return len(self.args)

    @property
    def key(self) -> tuple[Atom, int]:
        """The predicate key ``(name, arity)`` used by the store."""
        return (self.name, len(self.args))

    def __hash__(self) -> int:
        h = self._hash
        if h is None:
            h = hash((self.name, len(self.args)) + tuple(_hash_arg(a) for a in self.args))
            self._hash = h
        return h

    def __eq__(self, other: object) -> bool:
        return self is other or (type(other) is Struct and term_eq(self, other))

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __repr__(self) -> str:
        return f"Struct({self.name.name!r}, {self.args!r})"


def _hash_arg(a):
    t = type(a)
    if t is float:
        return hash(("f", a))
    if t is Var:
        a = deref(a)
        if type(a) is Var:
            return id(a)
        return _hash_arg(a)
    return hash(a)


Term = Union[Atom, Var, Struct, int, float, str]

def _reserved(name: str) -> Atom:
    """A constant that is an ``Atom`` instance (so clause keys, ``is`` checks and
    symbol tables treat it as one) but is not the interned atom of that name:
    SWI-Prolog 7's ``[]`` is a reserved constant, ``[] \\== '[]'``."""
    atom = object.__new__(Atom)
    atom.name = name
    atom._hash = hash(("reserved", name))
    return atom


NIL = _reserved("[]")       # the empty list; ``Atom("[]")`` is the quoted atom ``'[]'``
LIST = Atom("[|]")          # SWI-Prolog 7's list constructor
CURLY = Atom("{}")
TRUE = Atom("true")
FALSE = Atom("false")
FAIL = Atom("fail")
COMMA = Atom(",")
NECK = Atom(":-")
EMPTY_BLOCK = CURLY


def sweep_atoms() -> int:
    """Drop the interned atoms that nothing refers to but the intern table
    (atom garbage collection); returns how many were dropped.  Runs by
    itself when the table has doubled since the last sweep, or when 64M
    characters of new atoms were made (long atoms: ``sub_atom/5``)."""
    with _ATOMS_LOCK:
        return _sweep_locked(Atom._table)


def _sweep_locked(table: dict) -> int:
    # refcount 2: the table's reference and getrefcount's argument.  A hit
    # (table.get) may take an atom between the look and the pop: it is then
    # put back, and no miss can have made a second one meanwhile (misses
    # hold the lock), so ``Atom(n) is Atom(n)`` always holds.
    getrc = sys.getrefcount
    dropped = 0
    for name in [n for n in list(table) if getrc(table.get(n)) <= 2]:
        atom = table.pop(name, None)
        if atom is None:
            continue
        if getrc(atom) > 2:
            table[name] = atom
        else:
            dropped += 1
        del atom
    _sweep[0] = max(_SWEEP_MIN, 2 * len(table))
    _sweep[1] = 0
    return dropped


def deref(t: Term) -> Term:
    """Follow variable bindings to the term a variable stands for."""
    while type(t) is Var:
        r = t.ref
        if r is None:
            return t
        t = r
    return t


def resolve(t: Term) -> Term:
    """Return ``t`` with every bound variable replaced by its value
    (a fresh, binding-free copy; unbound variables are kept as they are)."""
    t = deref(t)
    if type(t) is not Struct:
        return t
    # iterative post-order rebuild
    stack: list = [(t, 0, [])]
    while True:
        node, i, done = stack[-1]
        if i < len(node.args):
            stack[-1] = (node, i + 1, done)
            a = deref(node.args[i])
            if type(a) is Struct:
                stack.append((a, 0, []))
            else:
                done.append(a)
            continue
        stack.pop()
        built = Struct(node.name, tuple(done))
        if not stack:
            return built
        stack[-1][2].append(built)


CYCLE_CHECK_AFTER = 4096    # compound pairs compared before pairs are remembered


class PairMemo:
    """What a walk over two terms at once (``==``, ``compare/3``) keeps to
    end on cyclic terms.  A compound cannot hold itself (it is built before
    anything is bound to it), so every cycle passes through a bound
    variable; the walk calls :meth:`met` for each pair of compounds it
    reaches through one.  Past ``CYCLE_CHECK_AFTER`` such pairs the memo
    remembers them, and a pair met again is taken as equal (rational trees,
    as ``engine.unify`` does); there are finitely many, so the walk ends."""

    __slots__ = ("left", "seen")

    def __init__(self) -> None:
        self.left = CYCLE_CHECK_AFTER
        self.seen: set = set()

    def met(self, x: "Struct", y: "Struct") -> bool:
        """Count the pair ``(x, y)``; True when it was entered before."""
        self.left -= 1
        if self.left >= 0:
            return False
        return seen_pair(self.seen, x, y)


def seen_pair(seen: set, x: "Struct", y: "Struct") -> bool:
    """Remember the pair of compounds ``(x, y)``; True if it was there."""
    pair = (id(x), id(y))
    if pair in seen:
        return True
    seen.add(pair)
    return False


def term_eq(a: Term, b: Term) -> bool:
    """Structural identity (Prolog's ``==``), following bindings; ends on
    cyclic terms (rational trees, see :class:`PairMemo`)."""
    stack = [(a, b)]
    memo = None
    while stack:
        x, y = stack.pop()
        via = type(x) is Var or type(y) is Var      # two compounds after: a binding
        x = deref(x)
        y = deref(y)
        if x is y:
            continue
        tx = type(x)
        if tx is not type(y):
            return False
        if tx is Struct:
            if x.name is not y.name or len(x.args) != len(y.args):
                return False
            if via:
                if memo is None:
                    memo = PairMemo()
                if memo.met(x, y):
                    continue
            stack.extend(zip(x.args, y.args, strict=True))
        elif tx is Atom or tx is Var:
            return False
        elif x != y:
            # floats: nan == nan structurally in Prolog's standard order
            if not (tx is float and x != x and y != y):
                return False
        elif tx is float and x == 0.0 and copysign(1.0, x) != copysign(1.0, y):
            return False        # -0.0 and 0.0 are different terms (as in SWI)
    return True


def _walk(t: Term) -> Iterator[Term]:
    stack = [t]
    while stack:
        x = deref(stack.pop())
        yield x
        if type(x) is Struct:
            stack.extend(reversed(x.args))


def is_ground(t: Term) -> bool:
    return not any(type(x) is Var for x in _walk(t))


def term_vars(t: Term) -> list[Var]:
    """Unbound variables of ``t`` in depth-first, left-to-right order, once each."""
    seen: set[int] = set()
    out: list[Var] = []
    for x in _walk(t):
        if type(x) is Var and id(x) not in seen:
            seen.add(id(x))
            out.append(x)
    return out


def is_callable(t: Term) -> bool:
    t = deref(t)
    return type(t) is Struct or (type(t) is Atom and t is not NIL)


def is_atomic(t: Term) -> bool:
    t = deref(t)
    return type(t) in (Atom, int, float, str)


def is_number(t: Term) -> bool:
    return type(deref(t)) in (int, float)


def make_list(items: Iterable[Term], tail: Term = NIL) -> Term:
    out = tail
    for x in reversed(list(items)):
        out = Struct(LIST, (x, out))
    return out


def list_items(t: Term) -> tuple[list[Term], Term]:
    """Split a (partial) list into its items and its tail (``NIL`` for a proper list)."""
    items: list[Term] = []
    t = deref(t)
    while type(t) is Struct and t.name is LIST and len(t.args) == 2:
        items.append(t.args[0])
        t = deref(t.args[1])
    return items, t


def iter_list(t: Term) -> Iterator[Term]:
    t = deref(t)
    while type(t) is Struct and t.name is LIST and len(t.args) == 2:
        yield t.args[0]
        t = deref(t.args[1])


def is_list(t: Term) -> bool:
    return list_items(t)[1] is NIL


def functor_of(t: Term) -> tuple[Atom, int] | None:
    """``(name, arity)`` of a callable term, or ``None``."""
    t = deref(t)
    if type(t) is Struct:
        return (t.name, len(t.args))
    if type(t) is Atom:
        return (t, 0)
    return None


def pred_key(t: Atom | Struct) -> tuple[Atom, int]:
    """The predicate key ``(name, arity)`` of a dereferenced callable term
    (``(t, 0)`` for an atom): what the store and the engine index by."""
    return (t.name, len(t.args)) if type(t) is Struct else (t, 0)


def indicator(name: Atom | str, arity: int) -> str:
    """``name/arity`` as text, e.g. ``parent/2``."""
    n = name.name if isinstance(name, Atom) else name
    return f"{n}/{arity}"
