"""What an induction returns: pydantic models, JSON-serialisable."""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["InducedClause", "InduceResult"]


class InducedClause(BaseModel):
    """One learned clause: ``text`` (NSL, ends in ``.``), whether it is
    ``recursive``, and the examples it derives in one step from the
    program's least model (for a non-recursive clause: the examples it
    covers on its own)."""

    text: str
    recursive: bool = False
    pos_covered: int
    neg_covered: int


class InduceResult(BaseModel):
    """The program found for ``target`` (``"name/arity"``), smallest first.

    ``solved``: a program within ``noise`` misclassified examples was found
    (``clauses`` is empty otherwise; ``reason`` says why: the space was
    exhausted, or the time ran out).  ``tp``/``fn``/``tn``/``fp`` count the
    program's coverage of the examples; ``size`` is its number of literals,
    heads included (Popper's measure); ``candidates`` the hypotheses tested
    (clause bodies and whole programs); ``seconds`` the wall time;
    ``added``: whether the clauses were added to the knowledge base."""

    target: str
    solved: bool
    clauses: list[InducedClause] = []
    tp: int = 0
    fn: int = 0
    tn: int = 0
    fp: int = 0
    size: int = 0
    candidates: int = 0
    seconds: float = 0.0
    added: bool = False
    reason: str = ""

    @property
    def rules(self) -> list[str]:
        """The clauses as NSL text."""
        return [c.text for c in self.clauses]

    @property
    def program(self) -> str:
        return "\n".join(self.rules)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def summary(self) -> str:
        """Popper's closing line, with the time."""
        return (f"Precision:{self.precision:.2f} Recall:{self.recall:.2f} TP:{self.tp} "
                f"FN:{self.fn} TN:{self.tn} FP:{self.fp} Size:{self.size} "
                f"Time:{self.seconds:.2f}s")

    def __str__(self) -> str:
        if not self.solved:
            return f"NO SOLUTION for {self.target} ({self.reason})"
        return f"{self.program}\n{self.summary()}"
