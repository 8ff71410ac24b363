"""Labelled examples: what a person said about facts, kept with the knowledge base.

Each :class:`Example` is a ground fact (canonical text, no final full stop)
with its label: ``True`` for a fact that holds, ``False`` for one that does
not.  ``via`` says how it was given: ``yes`` / ``no`` (feedback on an answer,
``kb.feedback``, ``:yes`` / ``:no``), ``teach`` / ``unteach`` (``kb.teach``,
``kb.unteach``).  ``kb.examples`` keeps them in order; ``kb.save`` writes
them (``examples.json``) and ``KnowledgeBase.load`` reads them back; few-shot
induction (``:learn p/N``) takes the positives and negatives of ``p/N``.

Each update (``kb.feedback``, ``kb.teach``, ``kb.unteach``) returns a
:class:`FeedbackResult` and keeps an :class:`Undo` record of what it
replaced; ``kb.undo()`` pops the last one and calls its ``restore``.  This
module is torch-free (teaching a fact needs no vectors); the gradient steps
of feedback live in ``neurosym.learning.feedback``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Example", "VIA", "FeedbackResult", "Undo"]

VIA = ("yes", "no", "teach", "unteach")


class Example(BaseModel):
    """One labelled ground fact (see the module docstring)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fact: str
    label: bool
    via: Literal["yes", "no", "teach", "unteach"]


class FeedbackResult(BaseModel):
    """What one update (feedback, teach, unteach) did."""

    facts: list[str]                    # the labelled facts (the answer's goals)
    label: bool
    via: str                            # yes, no, teach, unteach
    before: float | None = None         # the proof's score before the update
    after: float | None = None          # and after
    updated: list[str] = Field(default_factory=list)   # what changed, in words
    seconds: float = 0.0

    def render(self) -> str:
        """One line, as the REPL prints it (the time is in ``seconds``)."""
        what = ", ".join(self.updated) if self.updated else "nothing to update"
        if self.before is None:
            return f"% {self.via}: {', '.join(self.facts)} ({what})"
        return f"% {self.via}: score {self.before:.4f} -> {self.after:.4f} ({what})"


class Undo:
    """What an update replaced, to put back (``kb.undo``)."""

    __slots__ = ("result", "examples", "rows", "tensors", "weights", "added", "removed", "guide")

    def __init__(self, result: FeedbackResult, examples: int) -> None:
        self.result = result
        self.examples = examples              # len(kb.examples) before the update
        self.rows: list = []                  # (kind, row index tensor, old values)
        self.tensors: list = []               # (tensor, row index tensor, old rows): a model's
        self.weights: list = []               # (clause, old weight)
        self.added: list = []                 # clauses the update added
        self.removed: list = []               # (clause, position) it took out
        self.guide = None                     # (scorer, old net state, old models entry)

    def restore(self, store, vectors, models: dict) -> None:
        """Put back what the update replaced (the newest change last in, first out)."""
        if self.tensors:
            import torch  # only an update of a trained model has tensors to put back
            with torch.no_grad():
                for tensor, rows, old in reversed(self.tensors):
                    tensor[rows] = old
        if self.rows:
            space = vectors.space
            import torch  # only an update of vectors has rows to put back
            with torch.no_grad():
                for kind, rows, old in reversed(self.rows):
                    space.vectors(kind)[rows] = old
                    space.mark_changed(kind)
        for cl, w in reversed(self.weights):
            store.reweight(cl, w)
        for cl in reversed(self.added):
            store.retract(cl)
        for cl, pos in reversed(self.removed):
            store.restore(cl, pos)
        if self.guide is not None:
            scorer, state, entry = self.guide
            scorer.net.load_state_dict(state)
            if entry is None:
                models.pop("guide", None)
            else:
                models["guide"] = entry
