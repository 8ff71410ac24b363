"""The operator table shared by the parser and the printer.

This is SWI-Prolog 9's default table (``current_op/3``) plus neurosym's own
operators: ``::`` (weighted clauses, ``0.8 :: p(a).``) and ``soft`` (the
``:- soft p/2.`` directive).  SWI's ``$`` (1, fx) and ``.`` (100, yfx, dicts)
are left out: neurosym has no dicts, and ``$`` as an operator only gets in
the way of atoms such as ``'$x'``.

An operator is described by its *priority* (1..1200) and *type*: ``xfx``,
``xfy``, ``yfx`` (infix), ``fy``, ``fx`` (prefix) or ``xf``, ``yf``
(postfix, none by default).  ``x`` means an argument of strictly lower
priority, ``y`` one of lower or equal priority.  A name may be both a prefix
and an infix operator (``-``, ``+``, ``:-``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Op", "OperatorTable", "DEFAULT_OPERATORS", "STANDARD_OPS", "SYMBOL_CHARS",
           "OP_TYPES", "op_directive_names"]

# characters that make up symbolic atoms such as ``=..`` and ``:-``
SYMBOL_CHARS = frozenset("+-*/\\^<>=~:.?@#&$")


@dataclass(frozen=True, slots=True)
class Op:
    """One operator definition: ``op(priority, type, name)``."""

    priority: int
    type: str
    name: str

    @property
    def left_max(self) -> int:
        """The highest priority allowed for the left argument (infix/postfix)."""
        return self.priority if self.type[0] == "y" else self.priority - 1

    @property
    def right_max(self) -> int:
        """The highest priority allowed for the right argument (infix/prefix)."""
        return self.priority if self.type[-1] == "y" else self.priority - 1


# (priority, type, names) -- SWI-Prolog 9.0.4 ``current_op/3`` plus neurosym's.
STANDARD_OPS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1200, "xfx", (":-", "-->", "=>")),
    (1200, "fx", (":-", "?-")),
    (1150, "fx", ("dynamic", "discontiguous", "initialization", "meta_predicate",
                  "module_transparent", "multifile", "public", "thread_local",
                  "thread_initialization", "volatile", "table", "soft")),
    (1105, "xfy", ("|",)),
    (1100, "xfy", (";",)),
    (1050, "xfy", ("->", "*->")),
    (1000, "xfy", (",",)),
    (1000, "xfx", ("::",)),        # neurosym: weighted clauses ``W :: Head``
    (990, "xfx", (":=",)),
    (900, "fy", ("\\+",)),
    (700, "xfx", ("=", "\\=", "==", "\\==", "@<", "@>", "@=<", "@>=", "=..", "is",
                  "=:=", "=\\=", "<", ">", "=<", ">=", ">:<", ":<", "as", "=@=",
                  "\\=@=")),
    (600, "xfy", (":",)),
    (500, "yfx", ("+", "-", "/\\", "\\/")),
    (400, "yfx", ("*", "/", "//", "mod", "rem", "<<", ">>", "div", "rdiv",
                  "xor")),
    (200, "xfx", ("**",)),
    (200, "xfy", ("^",)),
    (200, "fy", ("-", "+", "\\")),
)


class OperatorTable:
    """Operators by name, split by kind (prefix / infix / postfix)."""

    __slots__ = ("prefix", "infix", "postfix")

    def __init__(self, ops=STANDARD_OPS) -> None:
        self.prefix: dict[str, Op] = {}
        self.infix: dict[str, Op] = {}
        self.postfix: dict[str, Op] = {}
        for priority, type_, names in ops:
            for name in names:
                self.add(priority, type_, name)

    def add(self, priority: int, type_: str, name: str) -> None:
        """``op(Priority, Type, Name)``; priority 0 removes the definition."""
        if type_ in ("fx", "fy"):
            kind = self.prefix
        elif type_ in ("xfx", "xfy", "yfx"):
            kind = self.infix
        elif type_ in ("xf", "yf"):
            kind = self.postfix
        else:
            raise ValueError(f"unknown operator type {type_!r}")
        if priority == 0:
            kind.pop(name, None)
        else:
            if not 0 < priority <= 1200:
                raise ValueError(f"operator priority must be 0..1200, got {priority}")
            kind[name] = Op(priority, type_, name)

    def copy(self) -> "OperatorTable":
        """An independent table with the same definitions (a KB's own table)."""
        t = OperatorTable(())
        t.prefix.update(self.prefix)
        t.infix.update(self.infix)
        t.postfix.update(self.postfix)
        return t

    def __eq__(self, other) -> bool:
        if not isinstance(other, OperatorTable):
            return NotImplemented
        return (self.prefix == other.prefix and self.infix == other.infix
                and self.postfix == other.postfix)

    __hash__ = None  # mutable

    def key(self) -> str:
        """A stable text naming every definition (for cache keys)."""
        return ";".join(f"{o.priority},{o.type},{o.name}" for o in self.ops())

    def is_op(self, name: str) -> bool:
        return name in self.infix or name in self.prefix or name in self.postfix

    def ops(self) -> list[Op]:
        """Every definition, highest priority first (as a manual lists them)."""
        out = [*self.prefix.values(), *self.infix.values(), *self.postfix.values()]
        return sorted(out, key=lambda o: (-o.priority, o.type, o.name))


DEFAULT_OPERATORS = OperatorTable()

OP_TYPES = frozenset(("xfx", "xfy", "yfx", "fy", "fx", "xf", "yf"))


def op_directive_names(priority, type_, names) -> list[str] | None:
    """The names an ``op(Priority, Type, Names)`` directive may apply to, or
    None when it is not a valid definition (the parser then leaves it to the
    ``op/3`` builtin, which reports the error when the directive runs).
    ``priority``/``type_`` are a Python int and a type name; ``names`` the
    list of atom names."""
    if type(priority) is not int or not 0 <= priority <= 1200 or type_ not in OP_TYPES:
        return None
    out = []
    for n in names:
        if n == "|":
            if type_ not in ("xfx", "xfy", "yfx") or (0 < priority < 1001):
                return None
        elif n == ",":
            return None
        out.append(n)
    return out
