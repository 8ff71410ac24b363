"""Proofs of tabled answers.

A call of a ``:- table`` predicate is answered from its table (SLG, or the
bottom-up server), so the machine's proof trail holds the answer and no
clause: a proof would say ``(tabled answer)`` and stop.  :func:`explain_tables`
replaces each such step by a derivation: the first clause of the predicate
whose body, run again with the answer as its head, has a solution whose own
tabled answers can be derived in turn without using the answer itself (a
goal is never explained by a proof through itself, so left recursion and
cycles end), the body's steps as its children.

Derivations are searched depth first under a bound on the tabled answers
nested in them, 2, then 4, 8 ... (iterative deepening), so a short one is
found first.  The search is bounded: at most :data:`BUDGET` body solutions
are looked at for one proof, each body run with at most :data:`INFERENCES`
inferences, and derivations at most :data:`MAX_DEPTH` tabled answers deep; past a bound (or
when the body raises) the step stays ``(tabled answer)``.  What the bodies
print is discarded; nothing is explained while the tracer is on.
"""

from __future__ import annotations

import io

from ..errors import PrologError
from ..terms import Atom, Struct, deref, pred_key
from .compile import copy_term
from .query import Bounds, ParsedQuery, clause_source, clause_text, proof_steps

__all__ = ["explain_tables", "BUDGET", "INFERENCES", "MAX_DEPTH"]

BUDGET = 2000            # body solutions looked at, for one proof
INFERENCES = 200_000     # per body run
MAX_DEPTH = 150          # tabled answers nested in one derivation
KEEP = 20_000            # derivations (and failures) kept between the answers of a query

_EQ = Atom("=")
_AND = Atom(",")


def explain_tables(runner, steps: list) -> None:
    """Give every tabled-answer step in ``steps`` (step trees) the derivation
    of its answer, in place, where one is found within the bounds."""
    m = runner.machine
    if getattr(m, "tracing", False) or not any(_tabled(steps)):
        return
    saved = m.output
    m.output = io.StringIO()
    try:
        ex = _explainer(runner)
        for st in list(_tabled(steps)):
            ex.left = BUDGET
            ex.shallowest(st)
    finally:
        m.output = saved


def _explainer(runner) -> "_Explainer":
    """The runner's explainer, its derivations kept while the store does not
    change (the answers of one query share them), at most :data:`KEEP`."""
    gen = runner.machine.store.generation
    ex = getattr(runner, "_explainer", None)
    if ex is None or ex.generation != gen or len(ex.done) + len(ex.failed) > KEEP:
        ex = runner._explainer = _Explainer(runner)
        ex.generation = gen
    return ex


def _tabled(steps):
    """The tabled-answer steps (no children yet) of step trees, depth first."""
    stack = list(steps)
    while stack:
        st = stack.pop()
        if st.kind == "table" and not st.children:
            yield st
        stack.extend(st.children)


class _Explainer:
    def __init__(self, runner) -> None:
        self.runner = runner
        self.generation = -1
        self.left = BUDGET
        self.bound = MAX_DEPTH
        self.done: dict[str, tuple] = {}     # goal text -> (its derivation (a Step), height)
        # goal text -> the largest depth bound under which it has no derivation at all
        # (a failure that no goal on the stack caused: it holds under any stack)
        self.failed: dict[str, int] = {}
        self.cycled = False        # the search since this was cleared met a goal on its stack
        # failures that a goal on the stack may have caused, for one depth bound: a goal
        # failed once is not searched again under it (a graph search's visited set; a
        # derivation this misses is found under a larger bound or left unexplained)
        self.pruned: dict[str, int] = {}

    def shallowest(self, st) -> None:
        """Expand ``st`` with a derivation as shallow as can be found:
        depth bounds 2, 4, 8 ... up to ``MAX_DEPTH`` (iterative deepening)."""
        bound = 2
        while self.left > 0:
            self.bound = min(bound, MAX_DEPTH)
            self.pruned = {}
            if self.expand(st, ()) is not None or bound >= MAX_DEPTH:
                return
            bound *= 2

    def expand(self, st, stack: tuple) -> int | None:
        """Make ``st`` (a tabled answer) a clause step with its derivation;
        its height in tabled steps, or None when none was found."""
        found = self.derive(st.goal, stack)
        if found is None:
            return None
        step, height = found
        st.kind, st.clause, st.source, st.children = (step.kind, step.clause, step.source,
                                                      step.children)
        return height

    def derive(self, goal_text: str, stack: tuple):
        """``(step, height)``: a derivation of ``goal_text`` at most as high
        as the bound leaves room for, none through ``stack``; or None."""
        room = self.bound - len(stack)
        known = self.done.get(goal_text)
        if known is not None and known[1] <= room:
            return known
        if room <= 0 or self.left <= 0 or self.failed.get(goal_text, 0) >= room \
                or self.pruned.get(goal_text, 0) >= room:
            return None
        outer, self.cycled = self.cycled, False
        found = self._derive(goal_text, stack)
        if found is None and self.left > 0:
            memo = self.pruned if self.cycled else self.failed
            memo[goal_text] = max(memo.get(goal_text, 0), room)
        self.cycled = outer or self.cycled
        return found

    def _derive(self, goal_text: str, stack: tuple):
        runner = self.runner
        store = runner.machine.store
        try:
            goal = deref(runner.parse(goal_text).goal)
        except Exception:  # noqa: BLE001 -- a goal text that does not read back
            return None
        stack = stack + (goal_text,)
        for cl in store.clauses(pred_key(goal)):
            mapping: dict = {}
            head, body = copy_term(cl.head, mapping), copy_term(cl.body, mapping)
            q = ParsedQuery(Struct(_AND, (Struct(_EQ, (head, goal)), body)), {}, [])
            # solutions, not answers: their tabled steps are left for this search to derive
            answers = runner.solutions(q, None, True, Bounds(inferences=INFERENCES))
            try:
                for _ in answers:
                    self.left -= 1
                    kids = proof_steps(runner.machine, bindings=True)[1:]   # after head = goal
                    below = self.complete(kids, stack)
                    if below is not None:
                        from ..proof import Step
                        step = Step(goal=goal_text, kind="clause", clause=clause_text(cl),
                                    source=clause_source(cl), score=cl.weight or 1.0,
                                    children=kids)
                        known = self.done.get(goal_text)
                        if known is None or below + 1 < known[1]:
                            self.done[goal_text] = (step, below + 1)
                        return step, below + 1
                    if self.left <= 0:
                        return None
            except PrologError:          # ResourceError too: this clause explains nothing
                continue
            finally:
                answers.close()
        return None

    def complete(self, kids: list, stack: tuple) -> int | None:
        """Derive every tabled answer in ``kids``, none of them on ``stack``:
        the highest of their heights (0 when there is none), or None."""
        top = 0
        for st in list(_tabled(kids)):
            if st.goal in stack:
                self.cycled = True
                return None
            height = self.expand(st, stack)
            if height is None:
                return None
            top = max(top, height)
        return top
