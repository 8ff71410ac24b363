"""Variant tabling with completion, by iteration to a fixpoint.

A call to a tabled predicate looks up the table of its *variant* (the call
up to variable renaming).

* A complete table: its answers are returned (a choicepoint over the list).
* No table and no evaluation running: this call becomes the *leader*.  It
  evaluates its table by resolving the call against the predicate's clauses
  (not through the table) and collecting every answer, again and again,
  until a whole pass adds no answer to any table of its scope; then every
  table of the scope is complete.
* A call whose table is incomplete (being evaluated) does not recurse: it
  consumes the answers found so far (and those added while it is being
  consumed), and records that the running evaluation depends on that
  table's scope.
* A new variant called during an evaluation is evaluated at once, as a
  nested leader with its own scope.  At its fixpoint it is complete -- unless
  it read an incomplete table of an enclosing scope (it is part of a larger
  SCC): then its tables join that scope, which iterates again.  So
  ``aggregate_all(count, p(X, _), N)`` inside a tabled predicate sees ``p``'s
  complete table whenever ``p`` does not depend back on it (as in SWI).
  Nesting is bounded (``MAX_NEST``): deeper new variants join the current
  scope (answers stay right for monotone programs; only aggregation or
  negation over such tables could see partial tables).

Left-recursive and mutually recursive programs terminate with the complete
answer set whenever it is finite.
Negation of a tabled goal inside its own recursion (non-stratified
programs) is not supported (well-founded semantics is not implemented): each
call that reads an incomplete table counts on that table's scope
(``_Scope.reads``).  A ``\\+`` (or if-then-else condition) that fails, or an
all-solutions builtin (findall/aggregate_all/forall ...) that returns, after
reading an incomplete table of a scope that was already open when it began
(one that may still grow after it answers) raises
``tabling_error(not_stratified, _)`` instead of answering from a partial
table.  Reads of scopes opened inside it are fine: those complete before it
answers.  Stratified programs never see the error (a negated or aggregated
tabled goal is evaluated to completion first), unless the nesting passes
``MAX_NEST``.

Tabled predicates whose definitions (with everything they call) are in the
Datalog fragment are not evaluated here at all: ``call`` first asks the
bottom-up server (:mod:`neurosym.engine.datalog.serve`), which answers from a
materialised numpy relation, decoded lazily as the caller backtracks into it
(a :class:`~neurosym.engine.datalog.serve.Rows` in place of a table).  The
Prolog flag ``datalog`` (``true`` by default) turns that off:
``set_prolog_flag(datalog, false)`` makes every tabled call use SLG tabling.

Tables depend on the store: any change of ``store.generation`` drops every
table before the next tabled call (SWI's non-incremental tabling keeps
stale tables; we prefer fresh answers).  Answers are returned in the order
they were found.
"""

from __future__ import annotations

from ..errors import PrologError
from ..terms import Atom, Struct, Var, deref, functor_of, is_ground
from .compile import copy_term
from .control import CP_ANSWERS, OP_CLAUSES, SUCCESS
from .unify import unify, variant_key

__all__ = ["Tables", "Table", "not_stratified", "MAX_NEST"]


MAX_NEST = 40     # nested completions deeper than this join the current scope
_FALSE = Atom("false")


def not_stratified(culprit) -> PrologError:
    """A negation (``\\+``, an if-then-else condition) or an all-solutions
    builtin read a table still being evaluated: the tabled program is not
    stratified (a tabled predicate depends on itself through negation or
    aggregation), or its tabled calls nest deeper than ``MAX_NEST``.
    Its answer could be wrong, so the machine refuses, as a catchable
    ``error(tabling_error(not_stratified, Culprit), _)``."""
    formal = Struct(Atom("tabling_error"), (Atom("not_stratified"), culprit))
    return PrologError(Struct(Atom("error"), (formal, Var())),
                       "tabling: negation or aggregation over a table that is still being "
                       "evaluated (the program is not stratified, or tabled calls nest too "
                       "deeply)")


class Table:
    __slots__ = ("goal", "answers", "keys", "complete", "ground", "scope")

    def __init__(self, goal) -> None:
        self.goal = goal           # a copy of the variant call
        self.answers: list = []    # answer terms (instances of goal), in order found
        self.ground: list = []     # whether each answer may be handed out as it is
        self.keys: set = set()
        self.complete = False
        self.scope: _Scope | None = None

    def add(self, term) -> bool:
        k = variant_key(term)
        if k in self.keys:
            return False
        self.keys.add(k)
        t = copy_term(term)
        self.answers.append(t)
        # shared only when ground and flat: a compound handed out could be
        # changed by setarg/3, and the table with it
        self.ground.append(is_ground(t) and (type(t) is not Struct or not any(
            type(deref(a)) is Struct for a in t.args)))
        return True


class _Scope:
    """Tables evaluated together to a fixpoint (an over-approximated SCC)."""

    __slots__ = ("level", "tables", "dep", "grew", "reads")

    def __init__(self, level: int) -> None:
        self.level = level
        self.reads = 0             # calls that read a table of this scope while incomplete
        self.tables: list[Table] = []
        self.dep = level           # the outermost scope whose incomplete tables were read
        self.grew = False


class Tables:
    """The tables of one machine."""

    def __init__(self, machine) -> None:
        self.m = machine
        self.tables: dict = {}
        self.generation = None
        self.stack: list[_Scope] = []
        self._server = None

    # -- the bottom-up server (Datalog fragment) ------------------------------
    @property
    def server(self):
        """The :class:`~neurosym.engine.datalog.serve.Server` of this machine's store."""
        if self._server is None:
            from .datalog.serve import Server  # numpy: loaded when a tabled call needs it
            self._server = Server(self.m.store, self.m.library)
        return self._server

    def _tick(self, n: int) -> None:
        m = self.m
        m.inferences += n
        m._tick()

    def served(self, goal):
        """Bottom-up answers (``Rows``) for a call of a tabled predicate, or
        None when the ``datalog`` flag is off or the predicate is not in the
        fragment."""
        if self.m.flags.get("datalog") is _FALSE:
            return None
        return self.server.answers(goal, self._tick)

    def count_served(self, goal) -> int | None:
        """The number of answers of ``goal`` when it is a call of a tabled
        predicate served bottom-up (``aggregate_all(count, ...)`` counts
        without decoding a row), else None."""
        g = deref(goal)
        key = functor_of(g)
        if key is None:
            return None
        m = self.m
        if not (key in m.tabled or m.store.flags(key).table):
            return None
        rows = self.served(g)
        return None if rows is None else rows.n

    def reads_below(self, level: int) -> int:
        """How many incomplete-table reads the scopes under ``level`` saw."""
        n = 0
        for sc in self.stack[:level]:
            n += sc.reads
        return n

    def call(self, goal, cps, nxt, depth, pn):
        m = self.m
        rows = self.served(goal)
        if rows is not None:
            return self._retry_rows(
                (CP_ANSWERS, len(m.trail), len(m.ptrail), goal, rows, 0, nxt, depth, pn, rows),
                cps)
        stack = self.stack
        store_gen = m.store.generation
        if not stack and store_gen != self.generation:
            self.tables.clear()
            self.generation = store_gen
        vk = variant_key(goal)
        t = self.tables.get(vk)
        if t is not None and not t.complete and t.scope is None:
            t = None    # left over from an evaluation that raised: evaluate afresh
        if t is None:
            t = Table(copy_term(goal))
            self.tables[vk] = t
            if len(stack) >= MAX_NEST:
                cur = stack[-1]
                t.scope = cur
                cur.tables.append(t)
                cur.grew = True
            else:
                self._lead(t, depth)
        elif not t.complete:
            cur = stack[-1]
            if t.scope is not cur and t.scope.level < cur.dep:
                cur.dep = t.scope.level
        if not t.complete:
            t.scope.reads += 1       # answers so far only (see the module doc)
        cp = (CP_ANSWERS, len(m.trail), len(m.ptrail), goal, t.answers, 0, nxt, depth, pn, t)
        return self.retry(cp, cps)

    def _lead(self, t: Table, depth: int) -> None:
        """Evaluate ``t`` (and the tables that join its scope) to a fixpoint;
        complete them, or hand them to the enclosing scope when they read
        one of its incomplete tables."""
        m = self.m
        scope = _Scope(len(self.stack))
        scope.tables.append(t)
        t.scope = scope
        self.stack.append(scope)
        ok = False
        plen = len(m.ptrail)     # the evaluation's own steps are no part of the caller's proof
        try:
            while True:
                changed = False
                scope.grew = False
                i = 0
                while i < len(scope.tables):
                    tb = scope.tables[i]
                    i += 1
                    g = copy_term(tb.goal)
                    for _ in m.solve_iter((OP_CLAUSES, g), depth):
                        if tb.add(g):
                            changed = True
                if not changed and not scope.grew:
                    break
            ok = True
        finally:
            del m.ptrail[plen:]
            self.stack.pop()
            if not ok:
                for tb in scope.tables:
                    tb.scope = None
                    self.tables.pop(variant_key(tb.goal), None)
            elif scope.dep < scope.level:
                parent = self.stack[-1]
                for tb in scope.tables:
                    tb.scope = parent
                    parent.tables.append(tb)
                parent.grew = True
                if scope.dep < parent.dep:
                    parent.dep = scope.dep
            else:
                for tb in scope.tables:
                    tb.complete = True
                    tb.scope = None

    def _retry_rows(self, cp, cps):
        """Next answer of a bottom-up served call: bind the call's free
        variables to the values of row ``cp[5]`` (decoded a chunk at a time)."""
        rows = cp[4]
        i = cp[5]
        if i >= rows.n:
            return None
        if not (rows._lo <= i < rows._hi):
            rows.values(i)
        vals = rows._chunk[i - rows._lo]
        m = self.m
        trail = m.trail
        for v, x in zip(rows.vars, vals, strict=True):
            v.ref = x
            trail.append(v)
        nxt = cp[6]
        if i + 1 < rows.n:
            cps.append((cp[0], cp[1], cp[2], cp[3], rows, i + 1, nxt, cp[7], cp[8], rows))
        if m.proof:
            m.ptrail.append((cp[8], cp[3], None, None))
        return SUCCESS if nxt is None else nxt

    def retry(self, cp, cps):
        if type(cp[9]) is not Table:
            return self._retry_rows(cp, cps)
        _, mark, plen, goal, answers, i, nxt, depth, pn, t = cp
        m = self.m
        trail = m.trail
        oc = False
        while i < len(answers):
            ans = answers[i]
            if not t.ground[i]:
                ans = copy_term(ans)
            i += 1
            if unify(goal, ans, trail, oc):
                if i < len(answers) or not t.complete:
                    cps.append((cp[0], mark, plen, goal, answers, i, nxt, depth, pn, t))
                if m.proof:
                    m.ptrail.append((pn, goal, None, None))
                return SUCCESS if nxt is None else nxt
            while len(trail) > mark:
                trail.pop().ref = None
        return None
