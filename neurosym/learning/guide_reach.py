"""How far a step's new constants are from the open goals' constants.

A look-ahead of the learned step scorer (``guide_model``): the facts of the
store, read as an undirected graph over their atom arguments (``r(a, b)``
links ``a`` and ``b``), and for a candidate step, the fewest facts between a
constant the step binds (one not in the goal) and a constant of the goals
still open.  A step that moves a proof towards the people the rest of it
speaks of is then told from one that moves away, which the vectors of a
story's people (seeded, never trained) cannot say.  Distances past ``CAP``
are "far"; the graph is rebuilt when the store changes (its ``generation``),
and searches from the same open constants are cached.
"""

from __future__ import annotations

from ..terms import TRUE, Atom, Struct, deref

__all__ = ["Reach", "CAP"]

CAP = 8                  # distances past this are "far"
_CACHE = 256             # open-goal constant sets remembered per store generation


def atoms_of(term, out: set) -> set:
    """The atoms inside ``term`` (bindings followed), added to ``out``."""
    stack = [term]
    while stack:
        t = deref(stack.pop())
        if type(t) is Atom:
            out.add(t)
        elif type(t) is Struct:
            stack.extend(t.args)
    return out


class Reach:
    """Distances over the facts of ``store`` (see the module docstring)."""

    def __init__(self, store) -> None:
        self.store = store
        self._gen = None
        self._near: dict = {}
        self._dist: dict = {}

    def _graph(self) -> None:
        gen = self.store.generation
        if gen == self._gen:
            return
        self._gen, self._dist = gen, {}
        near: dict = {}
        for key in self.store.predicates():
            if key[1] < 2:
                continue
            for cl in self.store.clauses(key):
                if cl.body is not TRUE:
                    continue
                args = [a for a in cl.head.args if type(a) is Atom]
                for i, a in enumerate(args):
                    for b in args[i + 1:]:
                        if a is not b:
                            near.setdefault(a, set()).add(b)
                            near.setdefault(b, set()).add(a)
        self._near = near

    def distances(self, targets: frozenset) -> dict:
        """Atom -> the fewest facts to one of ``targets`` (at most ``CAP``)."""
        self._graph()
        got = self._dist.get(targets)
        if got is None:
            if len(self._dist) >= _CACHE:
                self._dist.clear()
            got = {t: 0 for t in targets if t in self._near}
            frontier = list(got)
            for d in range(1, CAP + 1):
                nxt = []
                for a in frontier:
                    for b in self._near.get(a, ()):
                        if b not in got:
                            got[b] = d
                            nxt.append(b)
                frontier = nxt
            self._dist[targets] = got
        return got

    def step(self, goal_atoms: set, dist: dict, batch) -> int | None:
        """The fewest facts from a constant the step binds (not one of the
        goal's) to the open goals' constants; None if it binds none, or none
        within ``CAP``."""
        best = None
        for _, value in batch:
            for a in atoms_of(value, set()):
                if a in goal_atoms:
                    continue
                d = dist.get(a)
                if d is not None and (best is None or d < best):
                    best = d
        return best
