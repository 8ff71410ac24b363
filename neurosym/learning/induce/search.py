"""The search: smallest program first.

Bodies are generated level by level (one literal more each level,
:func:`.space.refine`) and tested in batches (:class:`.coverage.Tester`).
Coverage prunes the refinement, as in top-down ILP: a body that covers no
positive example has no useful specialisation, and a clause that covers no
negative one is better than any specialisation of it.  Each tested clause
goes to one of three pools, by size (its literals, head included):

* *useful* -- a non-recursive clause that covers positives and at most
  ``noise`` negatives, and is not dominated (another clause, no larger,
  covers at least its positives and at most its negatives);
* *base* -- any non-recursive clause within ``noise`` negatives (the
  non-recursive part of a recursive program may cover no example at all);
* *recursive* -- a clause that calls the target; with ``noise=0`` one whose
  call, read over the positive examples, already derives a negative example
  is dropped: the least model of a correct program holds every positive, so
  the clause would derive that negative there too.

For each program size ``s = 2, 3, ...`` it tries the programs of useful
clauses (their coverage is the union of the clauses': bit operations, no
evaluation), then, when recursion is allowed, base + recursive programs,
generate-and-test: each evaluated to its fixpoint bottom-up, in batches.
A program that covers a negative is remembered, and every larger program
containing its clauses skipped (it would cover that negative too).
"""

from __future__ import annotations

import time
from itertools import combinations, islice, product

from .coverage import Tester
from .space import Space, is_clause, redundant, refine

__all__ = ["Search", "Found"]


class Found:
    """A program (list of bodies) with its coverage bits."""

    __slots__ = ("bodies", "bits", "errors")

    def __init__(self, bodies, bits: int, errors: int) -> None:
        self.bodies, self.bits, self.errors = bodies, bits, errors


class Search:
    """One induction.  ``run()`` returns a :class:`Found` or ``None`` (the
    space is exhausted, or ``timeout`` seconds passed: ``timed_out``)."""

    def __init__(self, space: Space, tester: Tester, max_clauses: int, noise: int,
                 timeout: float | None) -> None:
        self.space, self.tester = space, tester
        self.ex = tester.examples
        self.max_clauses, self.noise = max_clauses, noise
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.timed_out = False
        # bodies by length: without a call of the target (with their coverage),
        # and with one (grown separately, and only as long as programs need them)
        self.plain_levels: list = [[((), self.ex.pos_mask | self.ex.neg_mask)]]
        self.rec_levels: list = [[]]
        self.seen: set = set()
        self.useful: dict[int, list] = {}      # size -> [(body, bits)]
        self.base: dict[int, list] = {}        # size -> [body]
        self.rec: dict[int, list] = {}         # size -> [body]
        self._useful_cov: list = []            # (size, bits) of every useful clause
        self.bad: set = set()                  # frozensets of bodies covering a negative

    # -- levels --------------------------------------------------------------
    def _closed(self, body, bits) -> bool:
        """A clause that covers no negative: better than any specialisation."""
        return self.ex.count(bits)[1] == 0 and is_clause(self.space, body)

    def _grow_plain(self) -> None:
        """Generate and test the non-recursive bodies one literal longer."""
        sp, ex, noise = self.space, self.ex, self.noise
        keys: list = []
        items: list = []
        for body, bits in self.plain_levels[-1]:
            if ex.count(bits)[0] > 0 and not self._closed(body, bits):
                for key, lit in refine(sp, body, self.seen, recursive=False, origin=True):
                    keys.append(key)
                    items.append((body, lit))
        size = len(self.plain_levels) + 1
        level = list(zip(keys, self.tester.refinements(items, self._out_of_time), strict=True))
        self.plain_levels.append(level)
        for b, bits in level:
            if not is_clause(sp, b) or redundant(sp, b):
                continue
            pos, neg = ex.count(bits)
            if neg <= noise:
                self.base.setdefault(size, []).append(b)
                if pos > neg and not self._dominated(size, bits):
                    self.useful.setdefault(size, []).append((b, bits))
                    self._useful_cov.append((size, bits))

    def _grow_recursive(self) -> None:
        """Generate the recursive bodies one literal longer: from the plain
        bodies (adding a call of the target) and from the recursive ones."""
        sp = self.space
        k = len(self.rec_levels)
        new: list = []
        for body, bits in self.plain_levels[k - 1]:
            if not self._closed(body, bits):
                new.extend(refine(sp, body, self.seen, plain=False))
        for body in self.rec_levels[k - 1]:
            new.extend(refine(sp, body, self.seen, plain=False))
        self.rec_levels.append(new)
        cands = [b for b in new if is_clause(sp, b) and not redundant(sp, b)]
        if self.noise == 0:      # drop those whose call over the positives derives a negative
            cands = [b for b, bits in zip(cands, self.tester.bodies(cands, self._out_of_time),
                                          strict=True) if self.ex.count(bits)[1] == 0]
        self.rec.setdefault(k + 1, []).extend(cands)

    def _dominated(self, size: int, bits: int) -> bool:
        pm, nm = self.ex.pos_mask, self.ex.neg_mask
        p, n = bits & pm, bits & nm
        for s, other in self._useful_cov:
            if s <= size and (p & ~other) == 0 and (other & nm & ~n) == 0:
                return True
        return False

    # -- programs --------------------------------------------------------------
    def _errors(self, bits: int) -> int:
        pos, neg = self.ex.count(bits)
        return (self.ex.n_pos - pos) + neg

    def _plain_programs(self, s: int):
        for k in range(1, self.max_clauses + 1):
            for sizes in _partitions(s, k):
                for n, prog in enumerate(_choose(self.useful, sizes)):
                    if n % 4096 == 4095 and self._out_of_time():
                        return None
                    bits = 0
                    for _, b in prog:
                        bits |= b
                    if self._errors(bits) <= self.noise and _irredundant(prog, self.ex.pos_mask):
                        return Found([b for b, _ in prog], bits, self._errors(bits))
        return None

    def _recursive_candidates(self, s: int):
        """Base + recursive programs of size ``s``, lazily (so that what the
        batches before learned prunes the ones after)."""
        for k in range(2, self.max_clauses + 1):
            for nb in range(1, k):
                for bsizes in _partitions_upto(s, nb):
                    for rsizes in _partitions(s - sum(bsizes), k - nb):
                        for bs in _choose(self.base, bsizes):
                            for rs in _choose(self.rec, rsizes):
                                prog = list(bs) + list(rs)
                                if k == 2 or not self._contains_bad(prog):
                                    yield prog

    def _recursive_programs(self, s: int):
        cands = self._recursive_candidates(s)
        while True:
            if self._out_of_time():
                return None
            chunk = list(islice(cands, self.tester.batch))
            if not chunk:
                return None
            best = None
            for prog, bits in zip(chunk, self.tester.programs(chunk), strict=True):
                err = self._errors(bits)
                if self.ex.count(bits)[1] > self.noise:
                    self.bad.add(frozenset(prog))
                if err <= self.noise and (best is None or err < best.errors):
                    best = Found(prog, bits, err)
            if best is not None:
                return best

    def _contains_bad(self, prog) -> bool:
        """Whether some of the program's clauses already made a program that
        covers too many negatives (a larger program covers them too)."""
        return any(frozenset(sub) in self.bad
                   for r in range(2, len(prog)) for sub in combinations(prog, r))

    def _out_of_time(self) -> bool:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.timed_out = True
        return self.timed_out

    def run(self) -> Found | None:
        sp = self.space
        biggest = self.max_clauses * (1 + sp.max_body)
        for s in range(2, biggest + 1):
            while len(self.plain_levels) <= min(s - 1, sp.max_body) and self.plain_levels[-1]:
                self._grow_plain()
                if self._out_of_time():
                    return None
            # a recursive clause shares the program with a base clause (2 literals or more)
            while sp.target is not None and len(self.rec_levels) <= min(s - 3, sp.max_body):
                self._grow_recursive()
                if self._out_of_time():
                    return None
            found = self._plain_programs(s)
            if found is None and sp.target is not None:
                found = self._recursive_programs(s)
            if found is not None or self._out_of_time():
                return found
        return None


def _partitions(s: int, k: int, lo: int = 2):
    """Non-decreasing ``k``-tuples of clause sizes (each at least ``lo``) summing to ``s``."""
    if k == 0:
        if s == 0:
            yield ()
        return
    for first in range(lo, s // k + 1):
        for rest in _partitions(s - first, k - 1, first):
            yield (first,) + rest


def _partitions_upto(s: int, k: int):
    """Non-decreasing ``k``-tuples of sizes (at least 2 each) summing to less than ``s``."""
    for total in range(2 * k, s):
        yield from _partitions(total, k)


def _choose(pools: dict, sizes: tuple):
    """Every choice of distinct entries of ``pools[size]`` for ``sizes``."""
    groups = {}
    for z in sizes:
        groups[z] = groups.get(z, 0) + 1
    parts = [list(combinations(pools.get(z, ()), m)) for z, m in sorted(groups.items())]
    for pick in product(*parts):
        yield [c for grp in pick for c in grp]


def _irredundant(prog, pos_mask: int) -> bool:
    """Every clause covers a positive example that the others do not."""
    if len(prog) == 1:
        return True
    for i, (_, b) in enumerate(prog):
        others = 0
        for j, (_, c) in enumerate(prog):
            if j != i:
                others |= c
        if (b & pos_mask & ~others) == 0:
            return False
    return True

