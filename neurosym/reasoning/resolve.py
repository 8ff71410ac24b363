"""The steps of the scored prover: which clauses a goal may resolve with, and
at what score (exact, weighted and soft unification).

``Resolver.candidates(goal, trail)`` is a generator of :class:`Cand`: each
one a clause the goal unifies with, the bindings the unification made (as
``(var, value)`` pairs, already undone when the candidate is yielded), the
clause's body (renamed), the raw parts of the step's score and its soft
matches.  In order:

1. exact unification with the goal's own clauses (score: the clause weight);
2. when the goal's predicate may be soft: the same arguments against the
   clauses of the ``k`` predicates nearest to it (same arity, similarity at
   least ``threshold``): a predicate match ``p ~ q``;
3. when it may be soft and some argument is a bound atom: the ``k`` ground
   facts nearest to the goal (``FactIndex``, bound slots only) of the
   predicate and of those near predicates, where some bound atom differs
   from the fact's (each such pair a constant match, at least
   ``threshold``), and the other clauses (rules, facts with non-atom
   arguments) whose head differs from the goal only in top-level atoms that
   are similar enough.

Only real vectors take part (given, learned, or query vocabulary:
``SymbolSpace.real``); a symbol whose row still holds its seeded random
vector never matches softly.  A goal's predicate need not be defined: in a
soft mode, an unknown predicate with a vector goes straight to step 2 (and
an unknown atom with a vector matches in step 3), while one without a vector
raises the existence error as in exact mode.  The kernel is
``SoftConfig.kernel``/``mu`` or the space's (``space.width()``: calibrated
from the real vectors unless ``BridgeConfig.mu`` is set).

The space (torch, faiss) is only touched in step 2 and 3, so exact scored
queries never load them.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from ..bridge.kernels import similarity
from ..engine.builtins.registry import BUILTINS
from ..engine.compile import copy_term
from ..engine.machine import CONTROL
from ..engine.unify import unify
from ..errors import NoVectorsWarning
from ..store.columnar import fact_row
from ..terms import TRUE, Atom, Struct, Var, deref, term_vars
from ..terms.clause import Clause

__all__ = ["Cand", "Resolver", "SoftMatch", "has_cut", "reaches_constraints", "impure_reason"]

_COMMA, _SEMI, _ARROW, _SOFTARROW, _CUT = Atom(","), Atom(";"), Atom("->"), Atom("*->"), Atom("!")


@dataclass(frozen=True, slots=True)
class SoftMatch:
    """One soft match of a step: the goal's symbol, the clause's, the kind, the similarity."""

    kind: str          # "predicate" or "constant"
    this: Atom
    other: Atom
    score: float


@dataclass(slots=True)
class Cand:
    """A candidate step for a goal (what the scorer hook rates)."""

    goal: object                  # the goal term
    clause: Clause | None         # the clause resolved with
    key: tuple                    # the clause's predicate (name, arity)
    body: object                  # the renamed body (``true`` for facts)
    batch: tuple                  # (var, value) bindings of the unification
    parts: tuple                  # raw score parts: similarities and the clause weight
    matches: tuple                # SoftMatch, empty for an exact step
    score: float = 1.0            # the step's score (set by the search)
    depth: int = 0                # the goal's depth
    names: tuple = ()             # (source name, renamed variable) of the clause (proofs)


def has_cut(body) -> bool:
    """True if ``body`` cuts its clause: a ``!`` reached through ``,``, ``;``
    and the branches of if-then-else (a cut inside ``\\+``, ``call/N``,
    ``findall/3`` ... is local and does not count)."""
    stack = [body]
    while stack:
        g = deref(stack.pop())
        if g is _CUT:
            return True
        if type(g) is Struct and len(g.args) == 2:
            if g.name is _COMMA or g.name is _SEMI:
                stack.extend(g.args)
            elif g.name is _ARROW or g.name is _SOFTARROW:
                stack.append(g.args[1])
    return False


_CURLY = Atom("{}")


def _reached(goal, store):
    """Every subterm of ``goal`` and of the clause bodies of the user
    predicates it reaches (each predicate's clauses once), dereferenced."""
    seen: set = set()
    stack = [goal]
    while stack:
        t = deref(stack.pop())
        yield t
        tt = type(t)
        if tt is Struct:
            stack.extend(t.args)
            key = (t.name, len(t.args))
        elif tt is Atom:
            key = (t, 0)
        else:
            continue
        if key in seen:
            continue
        seen.add(key)
        if store.defined(key) and not store.columns_complete(key):
            stack.extend(c.body for c in store.clauses(key) if c.body is not TRUE)


def reaches_constraints(goal, store) -> bool:
    """True if ``goal`` may post constraints (``{}/1``, ``docs/constraints.md``):
    a ``{}/1`` term in the goal or in the clause bodies of the user predicates
    it reaches (an over-approximation: every subterm counts).  Constraints
    live in one run of the exact machine, so such a query runs there whole."""
    return any(type(t) is Struct and t.name is _CURLY and len(t.args) == 1
               for t in _reached(goal, store))


# builtins that act on the world or the database: a guided query refuses them,
# since the best-first order would run them in another order than Prolog's
_IMPURE = frozenset((
    "assert", "asserta", "assertz", "retract", "retractall", "abolish", "write", "print",
    "writeln", "writeq", "write_canonical", "write_term", "nl", "tab", "put_char", "format",
    "nb_setval", "b_setval", "nb_getval", "b_getval", "set_prolog_flag", "op", "read",
    "read_term", "halt", "consult", "see", "seen", "tell", "told", "flush_output",
    "print_message", "with_output_to", "setarg", "nb_setarg", "ensure_loaded", "use_module",
    "initialization", "set_random", "random", "random_between", "random_member", "sleep",
    "shell", "getenv", "setenv",
))
_IMPURE0 = frozenset(("nl", "halt", "told", "seen", "flush_output"))


def impure_reason(goal, store) -> str | None:
    """Why ``goal`` is not a pure Horn query over ``store`` (a cut, a builtin
    with side effects or a constraint, in the goal or a clause body it
    reaches), or None when it is one.  An over-approximation: every subterm
    counts."""
    for t in _reached(goal, store):
        if t is _CUT:
            return "it reaches a cut (!)"
        if type(t) is Struct:
            if t.name.name in _IMPURE:
                return f"it reaches {t.name.name}/{len(t.args)}, which has side effects"
            if t.name is _CURLY and len(t.args) == 1:
                return "it posts constraints ({}/1)"
        elif type(t) is Atom and t.name in _IMPURE0:
            return f"it reaches {t.name}/0, which has side effects"
    return None


class Resolver:
    """Candidate steps of goals against one store, for one query."""

    def __init__(self, machine, vectors, scoring, mode: str, config, proof: bool,
                 exclude=()) -> None:
        self.vectors = vectors
        self.store = machine.store
        self.machine = machine
        self.scoring = scoring
        self.mode = mode            # "exact", "soft" (every user predicate), "declared"
        self.config = config
        self.threshold = config.threshold
        self.k = config.k
        self.proof = proof
        self.exclude = frozenset(id(c) for c in exclude)   # clauses a query may not use
        self._fixed = set(BUILTINS) | set(CONTROL)
        self._opaque: dict = {}
        self._opaque_gen = -1
        self._near_preds: dict = {}
        self._preds: dict = {}      # arity -> names soft predicate matches may reach
        self._qvecs: dict = {}      # (symbol, kind) -> real vector of a goal's symbol
        self._sims: dict = {}
        self._space = None
        self._facts = None

    # -- what runs where ----------------------------------------------------------
    def resolvable(self, key) -> bool:
        """True if the search resolves goals of ``key`` itself (else the exact
        machine runs them): a user predicate, not tabled, whose clauses do not cut."""
        if key in self._fixed:
            return False
        store = self.store
        if not store.defined(key):
            return False
        if key in self.machine.tabled or store.flags(key).table:
            return False
        if self._opaque_gen != store.generation:
            self._opaque = {}
            self._opaque_gen = store.generation
        op = self._opaque.get(key)
        if op is None:
            op = self._opaque[key] = any(has_cut(c.body) for c in store.clauses(key))
        return not op

    def soft_for(self, key) -> bool:
        """True if goals of ``key`` may soft-unify in this query."""
        if self.mode == "exact" or key in self._fixed:
            return False
        if self.mode == "soft":
            return True
        return self.store.flags(key).soft

    def soft_only(self, key) -> bool:
        """A predicate the store does not define whose name has a vector (given,
        learned, or query vocabulary): its goals match similar predicates."""
        return (self.soft_for(key) and not self.store.defined(key)
                and self.query_vector(key[0], "predicate") is not None)

    # -- the space (loaded on first soft step) ---------------------------------------
    def space(self):
        if self._space is None:
            self._space = space = self.vectors.space
            cov = space.coverage()
            if cov.real == 0:
                warnings.warn(cov.note(), NoVectorsWarning, stacklevel=2)
        return self._space

    def fact_index(self):
        if self._facts is None:
            self._facts = self.vectors.fact_index()
        return self._facts

    def _kernel(self) -> tuple[str, float]:
        space = self.space()
        return (self.config.kernel or space.config.kernel,
                self.config.mu or space.width())

    def query_vector(self, symbol: Atom, kind: str):
        """The real vector of a goal's symbol as ``kind``: its own row of that
        kind when given or learned, else its row of the other kind (a word of
        the query vocabulary, or a name used as the other kind); ``None``
        when it has none.  Seeded random vectors never count."""
        key = (symbol, kind)
        if key not in self._qvecs:
            space = self.space()
            v = None
            for k in (kind, "constant" if kind == "predicate" else "predicate"):
                if space.has_vector(symbol, k):
                    v = space.vector(symbol, k).numpy()
                    break
            self._qvecs[key] = v
        return self._qvecs[key]

    def similarity(self, a: Atom, b: Atom, kind: str) -> float:
        """The kernel score of a goal's symbol ``a`` and a clause's ``b`` of
        ``kind`` (0.0 unless both have real vectors: ``b`` its own)."""
        key = (a, b, kind)
        s = self._sims.get(key)
        if s is None:
            space = self.space()
            u = self.query_vector(a, kind)
            if u is None or not space.has_vector(b, kind):
                s = 0.0
            else:
                kernel, mu = self._kernel()
                s = float(similarity(u, space.vector(b, kind).numpy(), kernel, mu))
            self._sims[key] = s
        return s

    def _targets(self, arity: int) -> list[Atom]:
        """The names of the predicates of ``arity`` that a soft predicate match
        may reach: defined, not builtins, with a real vector."""
        got = self._preds.get(arity)
        if got is None:
            space = self.space()
            got = self._preds[arity] = [
                name for name, n in self.store.predicates()
                if n == arity and (name, n) not in self._fixed
                and space.has_vector(name, "predicate")]
        return got

    def near_predicates(self, name: Atom, arity: int) -> list[tuple[Atom, float]]:
        """The predicates of this arity nearest to ``name`` (itself left out), at
        least ``threshold`` similar, best first, at most ``k``; both need real
        vectors (an exact comparison with each such predicate)."""
        key = (name, arity)
        got = self._near_preds.get(key)
        if got is None:
            got = []
            u = self.query_vector(name, "predicate")
            targets = [q for q in self._targets(arity) if q is not name]
            if u is not None and targets:
                space = self.space()
                kernel, mu = self._kernel()
                rows = [space.row(q, "predicate") for q in targets]
                v = space.vectors("predicate").detach().numpy()[rows]
                scores = similarity(u[None, :], v, kernel, mu)
                for j in sorted(range(len(targets)), key=lambda j: -scores[j]):
                    s = float(scores[j])
                    if s < self.threshold or s <= 0 or len(got) == self.k:
                        break
                    got.append((targets[j], s))
                    self._sims[(name, targets[j], "predicate")] = s
            self._near_preds[key] = got
        return got

    # -- candidates ---------------------------------------------------------------------
    def candidates(self, goal, trail: list, soft: bool = True):
        """Candidate steps of ``goal`` (a user predicate's goal), lazily;
        ``soft=False``: exact ones only."""
        goal = deref(goal)
        if type(goal) is Struct:
            name, args = goal.name, goal.args
        else:
            name, args = goal, ()
        key = (name, len(args))
        excl = self.exclude
        if self.resolvable(key):
            for cl in self.store.candidates(goal):
                if excl and id(cl) in excl:
                    continue
                c = self._exact(goal, goal, cl, trail, ())
                if c is not None:
                    yield c
        if not soft or not self.soft_for(key):
            return
        near = self.near_predicates(name, len(args))
        for q, s in near:
            if not self.resolvable((q, len(args))):
                continue
            gq = Struct(q, args) if args else q
            m = (SoftMatch("predicate", name, q, s),)
            for cl in self.store.candidates(gq):
                c = self._exact(goal, gq, cl, trail, m)
                if c is not None:
                    yield c
        if not args:
            return
        bound = [deref(a) for a in args]
        if not any(type(a) is Atom for a in bound):
            return
        preds = [(name, 1.0)] + near
        atoms_only = all(type(a) is Atom or type(a) is Var for a in bound)
        for q, s in preds:
            qkey = (q, len(args))
            if not self.resolvable(qkey):
                continue
            pm = (SoftMatch("predicate", name, q, s),) if q is not name else ()
            if atoms_only:
                yield from self._soft_facts(goal, q, s, pm, bound, trail)
            yield from self._soft_rules(goal, qkey, s, pm, bound, trail)

    def _exact(self, goal, target, cl: Clause, trail: list, matches: tuple):
        w = 1.0 if cl.weight is None else float(cl.weight)
        mapping: dict = {}
        head = copy_term(cl.head, mapping)
        body = copy_term(cl.body, mapping) if cl.body is not TRUE else TRUE
        mark = len(trail)
        ok = unify(head, target, trail)
        batch = tuple((v, v.ref) for v in trail[mark:])
        _undo(trail, mark)
        if not ok:
            return None
        parts = tuple(m.score for m in matches) + (w,)
        return Cand(goal, cl, cl.key, body, batch, parts, matches,
                    names=_names(cl, mapping) if self.proof else ())

    def _soft_facts(self, goal, q: Atom, s: float, pm: tuple, bound: list, trail: list):
        arity = len(bound)
        parts = [None] + [self._slot(a) for a in bound]
        pid = self.store.symbols.id_of(q)
        hits = self.fact_index().search_vectors(arity, parts, k=self.k, predicate=pid)
        thr = self.threshold
        for hit in hits:
            diffs = [(a, b) for a, b in zip(bound, hit.args, strict=True)
                     if type(a) is Atom and a is not b]
            if not diffs:
                continue                      # an exact match: step 1 or 2 had it
            cm = []
            for a, b in diffs:
                sim = self.similarity(a, b, "constant")
                if sim < thr or sim <= 0:
                    break
                cm.append(SoftMatch("constant", a, b, sim))
            else:
                mark = len(trail)
                ok = True
                for a, b in zip(goal.args, hit.args, strict=True):
                    if type(deref(a)) is Var and not unify(a, b, trail):
                        ok = False
                        break
                batch = tuple((v, v.ref) for v in trail[mark:])
                _undo(trail, mark)
                if not ok:
                    continue
                matches = pm + tuple(cm)
                parts = tuple(m.score for m in matches) + (hit.weight,)
                cl = self._fact_clause(hit.term(), (q, arity))
                yield Cand(goal, cl, (q, arity), TRUE, batch, parts, matches)

    def _slot(self, a):
        """The vector a bound argument searches the fact index with: its real
        vector, else its seeded row (for retrieval only: an equal atom lies at
        distance 0, and ``similarity`` turns every other down); ``None``
        (a free slot) for a variable or an atom without a row."""
        if type(a) is not Atom:
            return None
        v = self.query_vector(a, "constant")
        if v is None and self.space().has(a, "constant"):
            v = self.space().vector(a, "constant").numpy()
        return v

    def _fact_clause(self, fact, key) -> Clause | None:
        for cl in self.store.candidates(fact):
            if cl.body is TRUE and _same_ground(cl.head, fact):
                return cl
        return None

    def _soft_rules(self, goal, qkey, s: float, pm: tuple, bound: list, trail: list):
        """Clauses outside the fact index whose head differs from the goal only
        in similar top-level atoms."""
        thr = self.threshold
        symbols = self.store.symbols
        for cl in self.store.clauses(qkey):
            if cl.body is TRUE and fact_row(cl, symbols) is not None:
                continue                      # in the fact index (``_soft_facts``)
            mapping: dict = {}
            head = copy_term(cl.head, mapping)
            cm = []
            for a, h in zip(bound, head.args, strict=True):
                h = deref(h)
                if type(a) is Atom and type(h) is Atom and a is not h:
                    sim = self.similarity(a, h, "constant")
                    if sim < thr or sim <= 0:
                        break
                    cm.append(SoftMatch("constant", a, h, sim))
            else:
                if not cm:
                    continue
                body = copy_term(cl.body, mapping) if cl.body is not TRUE else TRUE
                mark = len(trail)
                ok = True
                for a, h in zip(goal.args, head.args, strict=True):
                    da, dh = deref(a), deref(h)
                    if type(da) is Atom and type(dh) is Atom:
                        continue
                    if not unify(a, h, trail):
                        ok = False
                        break
                batch = tuple((v, v.ref) for v in trail[mark:])
                _undo(trail, mark)
                if not ok:
                    continue
                matches = pm + tuple(cm)
                w = 1.0 if cl.weight is None else float(cl.weight)
                parts = tuple(m.score for m in matches) + (w,)
                yield Cand(goal, cl, qkey, body, batch, parts, matches,
                           names=_names(cl, mapping) if self.proof else ())


def _names(cl: Clause, mapping: dict) -> tuple:
    """``(name, renamed var)`` for the named variables of a clause."""
    out = []
    for v in term_vars(cl.head) + (term_vars(cl.body) if cl.body is not TRUE else []):
        nv = mapping.get(id(v))
        if nv is not None and v.name and not v.name.startswith("_"):
            out.append((v.name, nv))
    return tuple(dict(out).items())


def _undo(trail: list, mark: int) -> None:
    while len(trail) > mark:
        trail.pop().ref = None


def _same_ground(a, b) -> bool:
    a, b = deref(a), deref(b)
    if type(a) is Atom or type(b) is Atom:
        return a is b
    return (type(a) is Struct and type(b) is Struct and a.name is b.name
            and len(a.args) == len(b.args)
            and all(deref(x) is deref(y) for x, y in zip(a.args, b.args, strict=True)))

