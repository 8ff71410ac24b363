"""Few-shot rule induction (``kb.induce``, ``neurosym induce``; ``docs/induce.md``).

From a handful of positive and negative examples of a predicate, search the
smallest program (one or more clauses, recursion allowed) that covers the
positives and none of the negatives over the background knowledge, testing
each hypothesis with the bottom-up Datalog evaluator.  One module per stage:
``space`` (the hypotheses and their pruning), ``coverage`` (testing them,
in batches, with ``engine.datalog.evaluate``), ``search`` (smallest program
first, recursive programs by generate-and-test), ``task`` (the bias, the
examples, :func:`induce`), ``result`` (pydantic results), ``popper``
(Popper's task folders).
"""

from .result import InducedClause, InduceResult
from .task import Bias, induce

__all__ = ["Bias", "induce", "InduceResult", "InducedClause"]
