"""The step-scorer interface: what guides the scored search.

A *position* is a partial proof at the moment a goal needs a choice: the
goal, the goals still open after it, its depth and the score so far.  A
*move* is one candidate step for the goal (a clause, a fact, a soft match:
``resolve.Cand``).  A :class:`StepScorer` rates the candidates of one
position together:

* ``priors`` -- one number in ``(0, 1]`` per candidate (the policy): how
  promising the step is among its siblings;
* ``values`` -- one number in ``[0, 1]`` per candidate (the value): the
  chance that the position after the step completes into a proof.

The search expands nodes in order of ``score * policy * value``: the score
is exact (min or product of the steps so far), ``policy`` the product of
the priors of the steps on the path (a step the scorer liked less costs
every node below it), ``value`` the last step's.  An answer is still given
out only when no open node can beat its *score*, so a scorer changes which
proofs are found first, never the order of the answers nor which answers
there are -- unless ``prune`` drops children whose value is below it (then
the search is no longer complete; ``docs/guide.md`` says which settings
keep the top-k exact).

Every search runs with a scorer: :class:`NeutralScorer` (priors and values
all 1: Prolog's order among equal scores) is the default, and a callable
``hook(candidate) -> estimate`` is wrapped as a :class:`HookScorer`.
"""

from __future__ import annotations

from typing import Callable, Iterator, Sequence

from ..terms import resolve

__all__ = ["Position", "StepScorer", "NeutralScorer", "HookScorer", "as_step_scorer"]


class Position:
    """The partial proof a choice is made in (bindings installed while a
    scorer looks at it).  ``goal``: the goal to resolve; ``cont``: the goals
    after it (a linked list of ``(goal, depth, parent step, next)`` cells);
    ``depth``: the goal's depth; ``score``: the partial proof's score;
    ``nsoft``: the soft steps taken so far; ``path``: the sibling indices
    from the root (a child's path is this one plus its index)."""

    __slots__ = ("goal", "cont", "depth", "score", "nsoft", "path")

    def __init__(self, goal, cont, depth: int, score: float, nsoft: int,
                 path: tuple = ()) -> None:
        self.goal, self.cont, self.depth, self.score, self.nsoft = goal, cont, depth, score, nsoft
        self.path = path

    def open_goals(self, limit: int | None = None) -> Iterator:
        """The goals still open after ``goal`` (resolved terms), nearest first."""
        cell, n = self.cont, 0
        while cell is not None and (limit is None or n < limit):
            g = cell[0]
            if type(g) is not tuple:                 # ("$delegate", goal) cells are skipped
                yield resolve(g)
                n += 1
            cell = cell[3]


class StepScorer:
    """Rates the candidate steps of one position (see the module docstring).

    ``batch``: how many candidates of a choice are drawn and rated together
    (1: one at a time, as Prolog tries clauses).  ``neutral``: True when
    every prior and value is 1, so the search may order by score alone."""

    batch: int = 1
    neutral: bool = False

    def rate(self, position: Position, cands: Sequence) -> tuple[Sequence[float],
                                                                   Sequence[float]]:
        raise NotImplementedError

    def prepare(self, position: Position, cands: Sequence):
        """What :meth:`rate_many` needs to rate this position later, read
        while its bindings are installed (a lock-step search,
        ``ScoredSearch(lockstep=True)``).  By default the rating itself."""
        return self.rate(position, cands)

    def rate_many(self, requests: Sequence) -> list:
        """The ``(priors, values)`` of many prepared positions, in order
        (a learned scorer rates them all in one forward pass)."""
        return list(requests)


class NeutralScorer(StepScorer):
    """Every step and position alike: the search is best-first by score, with
    Prolog's order among equal scores."""

    neutral = True

    def rate(self, position, cands):
        ones = [1.0] * len(cands)
        return ones, ones


class HookScorer(StepScorer):
    """A callable ``hook(candidate) -> estimate in (0, 1]`` as the prior of
    each candidate (values 1).  The candidate's ``score`` (the step's own
    score) and ``depth`` are set when the hook sees it."""

    def __init__(self, hook: Callable) -> None:
        self.hook = hook

    def rate(self, position, cands):
        return [float(self.hook(c)) for c in cands], [1.0] * len(cands)


def as_step_scorer(scorer) -> StepScorer:
    """``None`` -> the neutral scorer; a ``StepScorer`` as it is; a callable
    -> a ``HookScorer``."""
    if scorer is None:
        return NeutralScorer()
    if isinstance(scorer, StepScorer):
        return scorer
    if callable(scorer):
        return HookScorer(scorer)
    raise TypeError(f"a scorer is a StepScorer or a callable, not {type(scorer).__name__}")
