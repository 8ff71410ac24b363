"""Testing hypotheses with the bottom-up Datalog evaluator.

Every test is one call of :func:`neurosym.engine.datalog.evaluate` on a batch
of candidates at once, each candidate under a head predicate of its own
(``'#c0'``, ``'#c1'``...), over the background knowledge materialised once
(:class:`Background`) and the examples as a relation ``'#ex'``:

* a clause ``p(X..) :- Body`` is tested as ``'#cI'(X..) :- '#ex'(X..), Body``:
  its rows are exactly the examples it covers, and the examples bind the head
  variables first, so a body that does not yet hold every head variable (a
  prefix, during refinement) has a coverage too;
* in a recursive body the call of ``p`` reads the positive examples
  (``'#pos'``): an upper bound that lets a recursive clause be rejected
  before any program is built around it (:mod:`.search`);
* a program is tested under ``'#pJ'`` (its clauses renamed), evaluated to its
  fixpoint, and read through ``'#qJ'(X..) :- '#ex'(X..), '#pJ'(X..)``.

Coverage is an ``int`` bit set: bit ``i`` for the ``i``-th positive example,
bit ``P + j`` for the ``j``-th negative one.
"""

from __future__ import annotations

import numpy as np

from ...engine.datalog import ValueTable, evaluate
from ...terms import COMMA, Atom, Clause, Struct, Var

__all__ = ["Examples", "Tester"]

EX, POS = Atom("#ex"), Atom("#pos")


class Examples:
    """Encoded examples: ``pos`` / ``neg`` ``(n, arity)`` arrays of codes."""

    __slots__ = ("pos", "neg", "n_pos", "n_neg", "rows", "index", "pos_mask", "neg_mask")

    def __init__(self, pos: np.ndarray, neg: np.ndarray) -> None:
        self.pos, self.neg = pos, neg
        self.n_pos, self.n_neg = len(pos), len(neg)
        self.rows = np.concatenate([pos, neg])
        self.index = {tuple(r): i for i, r in enumerate(self.rows.tolist())}
        self.pos_mask = (1 << self.n_pos) - 1
        self.neg_mask = ((1 << self.n_neg) - 1) << self.n_pos

    def bits(self, rows: np.ndarray) -> int:
        out = 0
        for r in rows.tolist():
            out |= 1 << self.index[tuple(r)]
        return out

    def count(self, bits: int) -> tuple[int, int]:
        """``(positives, negatives)`` in ``bits``."""
        return (bits & self.pos_mask).bit_count(), (bits & self.neg_mask).bit_count()


class Tester:
    """Tests bodies and programs of a :class:`~.space.Space` against
    ``examples`` over ``background`` (``{(Atom, arity): rows}`` in the
    external encoding of ``values``).  ``tested`` counts the hypotheses."""

    def __init__(self, space, background: dict, values: ValueTable, examples: Examples,
                 batch: int = 64) -> None:
        self.space, self.values, self.examples = space, values, examples
        self.batch = batch
        self.tested = 0
        a = space.arity
        self.facts = dict(background)
        self.facts[(EX, a)] = examples.rows
        self.facts[(POS, a)] = examples.pos

    # -- building clauses ------------------------------------------------------
    def _lit(self, p: int, args, vs, target_as: Atom):
        name, k = self.space.preds[p]
        if p == self.space.target:
            name = target_as
        return Struct(name, tuple(vs[v] for v in args)) if k else name

    def clause(self, head: Atom, body, target_as: Atom, guard: bool) -> Clause:
        """``head(X..) :- ['#ex'(X..),] body`` as a clause over fresh variables."""
        a = self.space.arity
        vs = self._vars()
        hv = tuple(vs[:a])
        lits = [Struct(EX, hv)] if guard else []
        lits += [self._lit(p, args, vs, target_as) for p, args in body]
        return Clause(Struct(head, hv), self._conj(lits))

    def _facts_for(self, used) -> dict:
        """The relations the bodies' predicate indices ``used`` (a list per
        candidate) read, and the examples."""
        keys = {self.space.preds[p] for ps in used for p in ps}
        return {k: v for k, v in self.facts.items() if k in keys or k[0] in (EX, POS)}

    # -- tests -------------------------------------------------------------------
    def bodies(self, bodies: list, stop=None) -> list[int]:
        """Coverage of ``p(X..) :- body`` for each body (recursive calls read
        the positive examples), in batches; when ``stop()`` turns true the
        bodies left are given coverage 0."""
        a = self.space.arity
        out: list[int] = []
        for lo in range(0, len(bodies), self.batch):
            if stop is not None and stop():
                return out + [0] * (len(bodies) - len(out))
            chunk = bodies[lo:lo + self.batch]
            heads = [Atom(f"#c{i}") for i in range(len(chunk))]
            clauses = [self.clause(h, b, POS, True) for h, b in zip(heads, chunk, strict=True)]
            res = evaluate(clauses, self._facts_for([[p for p, _ in b] for b in chunk]),
                           values=self.values)
            self.tested += len(chunk)
            out.extend(self.examples.bits(res.get((h, a), _EMPTY)) for h in heads)
        return out

    def refinements(self, items: list, stop=None) -> list[int]:
        """Coverage of ``parent + (literal,)`` for each ``(parent, literal)``
        in ``items``, sharing each parent's body: a batch evaluates every
        parent once, as ``'#bI'(Vars) :- '#ex'(X..), Parent`` (its rows: the
        examples the parent covers, with its bindings), and each child as one
        join, ``'#cJ'(X..) :- '#bI'(Vars), Literal``."""
        a = self.space.arity
        out: list[int] = []
        for lo in range(0, len(items), self.batch):
            if stop is not None and stop():
                return out + [0] * (len(items) - len(out))
            chunk = items[lo:lo + self.batch]
            aux: dict = {}
            clauses = []
            heads = []
            for j, (parent, lit) in enumerate(chunk):
                if parent not in aux:
                    pvars = tuple(sorted(set(range(a)).union(*(set(x) for _, x in parent))))
                    name = Atom(f"#b{len(aux)}")
                    aux[parent] = (name, pvars)
                    vs = self._vars()
                    clauses.append(Clause(Struct(name, tuple(vs[v] for v in pvars)),
                                          self._conj([Struct(EX, tuple(vs[:a]))] +
                                                     [self._lit(p, x, vs, POS) for p, x in parent])))
                name, pvars = aux[parent]
                vs = self._vars()
                h = Atom(f"#c{j}")
                heads.append(h)
                clauses.append(Clause(Struct(h, tuple(vs[:a])),
                                      self._conj([Struct(name, tuple(vs[v] for v in pvars)),
                                                  self._lit(lit[0], lit[1], vs, POS)])))
            used = [[p for p, _ in parent] + [lit[0]] for parent, lit in chunk]
            res = evaluate(clauses, self._facts_for(used), values=self.values)
            self.tested += len(chunk)
            out.extend(self.examples.bits(res.get((h, a), _EMPTY)) for h in heads)
        return out

    def _vars(self) -> list:
        return [Var(chr(65 + i) if i < 26 else f"V{i}") for i in range(self.space.max_vars)]

    @staticmethod
    def _conj(lits):
        conj = lits[-1]
        for lit in reversed(lits[:-1]):
            conj = Struct(COMMA, (lit, conj))
        return conj

    def programs(self, programs: list) -> list[int]:
        """Coverage of each program (a list of bodies), evaluated to its fixpoint."""
        a = self.space.arity
        out: list[int] = []
        for lo in range(0, len(programs), self.batch):
            chunk = programs[lo:lo + self.batch]
            clauses, queries = [], []
            for j, prog in enumerate(chunk):
                pj, qj = Atom(f"#p{j}"), Atom(f"#q{j}")
                clauses.extend(self.clause(pj, b, pj, False) for b in prog)
                clauses.append(self._query(qj, pj))
                queries.append(qj)
            used = [[p for b in prog for p, _ in b] for prog in chunk]
            res = evaluate(clauses, self._facts_for(used), values=self.values)
            self.tested += len(chunk)
            out.extend(self.examples.bits(res.get((q, a), _EMPTY)) for q in queries)
        return out

    def _query(self, qj: Atom, pj: Atom) -> Clause:
        a = self.space.arity
        hv = tuple(Var(chr(65 + i)) for i in range(a))
        return Clause(Struct(qj, hv), Struct(COMMA, (Struct(EX, hv), Struct(pj, hv))))

    def in_program(self, program: list) -> list[int]:
        """For each clause of ``program``: the examples it derives in one step
        from the program's least model (its share of the program's coverage)."""
        a = self.space.arity
        model = Atom("#m")
        clauses = [self.clause(model, b, model, False) for b in program]
        heads = [Atom(f"#c{i}") for i in range(len(program))]
        clauses += [self.clause(h, b, model, True) for h, b in zip(heads, program, strict=True)]
        res = evaluate(clauses, self._facts_for([[p for b in program for p, _ in b]]),
                       values=self.values)
        return [self.examples.bits(res.get((h, a), _EMPTY)) for h in heads]


_EMPTY = np.zeros((0, 0), np.int64)
