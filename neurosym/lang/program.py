"""What the parser produces for a source text: a ``Program``.

A program is the file's items in source order -- clauses, directives
(``:- goal.``) and queries (``?- goal.``) -- plus the warnings found while
reading it.  Directives are not run here: the loader (store / knowledge
base) interprets them in order, because order matters (``:- dynamic p/1``
before the clauses of ``p/1``; ``:- include(...)`` splices another file in).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SourceError
from ..terms import Clause, Span, Term

__all__ = ["Directive", "Query", "Program", "Item"]


@dataclass(slots=True)
class Directive:
    goal: Term
    span: Span | None = None
    var_names: tuple[str, ...] = ()


@dataclass(slots=True)
class Query:
    goal: Term
    span: Span | None = None
    # source variable names -> the Var objects in ``goal``, in order of first appearance
    variables: dict = field(default_factory=dict)


Item = Clause | Directive | Query


@dataclass(slots=True)
class Program:
    items: list = field(default_factory=list)          # list[Item], in source order
    warnings: list[SourceError] = field(default_factory=list)
    file: str | None = None
    # syntax errors of a partial load (``load_file(..., partial=True)``): the
    # bad clauses were left out, the rest is in ``items``
    errors: list[SourceError] = field(default_factory=list)

    @property
    def clauses(self) -> list[Clause]:
        return [i for i in self.items if isinstance(i, Clause)]

    @property
    def directives(self) -> list[Directive]:
        return [i for i in self.items if isinstance(i, Directive)]

    @property
    def queries(self) -> list[Query]:
        return [i for i in self.items if isinstance(i, Query)]
