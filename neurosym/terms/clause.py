"""Clauses and source spans."""

from __future__ import annotations

from dataclasses import dataclass

from .core import TRUE, Atom, Term, deref, functor_of

__all__ = ["Span", "Clause"]


@dataclass(frozen=True, slots=True)
class Span:
    """Where a piece of text came from: 1-based line and column, end exclusive."""

    file: str | None
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file or '<string>'}:{self.line}:{self.column}"


class Clause:
    """``head :- body`` (a fact has body ``true``), optionally weighted
    (``0.8 :: head.``).  ``var_names`` lists the source names of the clause's
    variables in order of first appearance; ``span`` is the clause's source."""

    __slots__ = ("head", "body", "weight", "span", "var_names", "id", "compiled")

    def __init__(self, head: Term, body: Term = TRUE, weight: float | None = None,
                 span: Span | None = None, var_names: tuple[str, ...] = ()) -> None:
        head = deref(head)
        if functor_of(head) is None:
            raise ValueError(f"clause head must be callable, got {head!r}")
        self.head = head
        self.body = body
        self.weight = weight
        self.span = span
        self.var_names = var_names
        self.id: int | None = None   # stable id given by the store
        self.compiled = None         # the engine's compiled form (neurosym.engine.compile)

    @property
    def key(self) -> tuple[Atom, int]:
        """``(name, arity)`` of the head."""
        return functor_of(self.head)  # type: ignore[return-value]

    @property
    def is_fact(self) -> bool:
        return self.body is TRUE

    def __repr__(self) -> str:
        w = f"{self.weight} :: " if self.weight is not None else ""
        return f"Clause({w}{self.head!r} :- {self.body!r})"
