"""The constraint store of one proof branch.

``m.cstore`` (a :class:`CStore`, made by the first ``{}/1`` of a run) holds
an immutable :class:`State`:

* ``eqs``    -- linear equations in solved form, ``pivot = Lin`` over
  parameters (no pivot occurs on a right-hand side);
* ``ineqs``  -- ``(Lin, strict)``: ``Lin < 0`` / ``Lin =< 0`` over parameters;
* ``neqs``   -- ``Lin =\\= 0``;
* ``nonlin`` -- delayed non-linear constraints, kept as their NSL terms
  ``(op, Lhs, Rhs)``: bindings show through them, and each post or wake
  retries them (linear now? sympy can solve a one-variable equation?).

Every change installs a new State and pushes an undo entry on the machine's
trail; backtracking pops it (``entry.ref = None``) and puts the old State
back, so restoration is exact and costs nothing unless constraints are used.
Determined variables are bound with ``m.unify`` (trailed like any binding).

Bindings made by ordinary unification are seen by :meth:`CStore.wake`, which
the machine calls before each goal when the trail grew since the store last
looked (``seen``): a bound store variable is posted as an equation (a
number), an alias (a variable) or a ``type_error(rational, Value)``.
The pivot of a new equation is its most recently ranked variable (ranked as
first seen, right side before left: ``{X+Y=10}`` gives ``Y = 10-X`` and
``{F = 9/5*C+32}`` gives ``F = 32+9 rdiv 5*C``, as clpq prints them); a
bound variable is pivoted first.
"""

from __future__ import annotations

from fractions import Fraction

from ...errors import PrologTypeError
from ...terms import Atom, Struct, Var, deref, term_vars
from .feasible import bounds_of, feasible
from .linear import Lin, NonLinear, number_term, to_fraction, to_lin
from .nonlinear import solve_one

__all__ = ["State", "CStore", "post", "holder", "EMPTY"]

_ONE = Fraction(1)
_M1 = Fraction(-1)


class State:
    __slots__ = ("eqs", "ineqs", "neqs", "nonlin", "vars")

    def __init__(self, eqs, ineqs, neqs, nonlin) -> None:
        self.eqs = eqs            # dict Var -> Lin (never mutated once built)
        self.ineqs = ineqs        # tuple[(Lin, bool)]
        self.neqs = neqs          # tuple[Lin]
        self.nonlin = nonlin      # tuple[(op, lhs, rhs)]
        vs: set = set()
        for p, e in eqs.items():
            vs.add(p)
            vs.update(e.coef)
        for lin, _ in ineqs:
            vs.update(lin.coef)
        for lin in neqs:
            vs.update(lin.coef)
        if nonlin:
            for c in nonlin:
                vs.update(term_vars(Struct(_PAIR, c[1:])))
        self.vars = vs

    def empty(self) -> bool:
        return not (self.eqs or self.ineqs or self.neqs or self.nonlin)

    def signature(self) -> tuple:
        """A value that two equal states share (for tests)."""
        return (tuple(sorted((id(p), e.key()) for p, e in self.eqs.items())),
                tuple(sorted((lin.key(), s) for lin, s in self.ineqs)),
                tuple(sorted(lin.key() for lin in self.neqs)),
                tuple(id(c) for c in self.nonlin))


_PAIR = Atom("-")
EMPTY = State({}, (), (), ())


class _Undo:
    """A trail entry: ``ref = None`` puts the old value back (backtracking);
    setting a value re-installs it (code that lifts and re-applies trail
    entries, like the machine's clause look-ahead)."""

    __slots__ = ("h", "old", "new", "field")

    def __init__(self, h, field: str, old, new) -> None:
        self.h, self.field, self.old, self.new = h, field, old, new

    @property
    def ref(self):
        return self.new

    @ref.setter
    def ref(self, value) -> None:
        setattr(self.h, self.field, self.old if value is None else value)


class CStore:
    """The per-run holder; ``state`` changes only through trailed entries."""

    __slots__ = ("state", "seen", "order", "__weakref__")

    def __init__(self) -> None:
        self.state = EMPTY
        self.seen = 0
        self.order: dict = {}      # Var -> creation rank (pivot choice)

    def set_state(self, m, new: State) -> None:
        if new is self.state:
            return
        m.trail.append(_Undo(self, "state", self.state, new))
        self.state = new

    def mark_seen(self, m) -> None:
        trail = m.trail
        old = self.seen
        trail.append(_Undo(self, "seen", old, len(trail) + 1))
        self.seen = len(trail)

    def rank(self, v: Var) -> int:
        r = self.order.get(v)
        if r is None:
            r = self.order[v] = len(self.order)
        return r

    def wake(self, m) -> bool:
        """Bindings since ``seen`` that touch store variables: post them."""
        trail = m.trail
        vs = self.state.vars
        pending = []
        if vs:
            for i in range(self.seen, len(trail)):
                v = trail[i]
                if type(v) is Var and v in vs:
                    val = deref(v)
                    if type(val) is Var:
                        pending.append(("=", Lin({v: _ONE, val: _M1})))
                    else:
                        q = to_fraction(val)
                        if q is None:
                            raise PrologTypeError.new("rational", val)
                        pending.append(("=", Lin({v: _ONE}, -q)))
        if pending and not _solve(self, m, pending):
            return False
        self.mark_seen(m)
        return True


def holder(m) -> CStore:
    h = getattr(m, "cstore", None)
    if h is None:
        h = CStore()
        h.seen = len(m.trail)
        m.cstore = h
    return h


_NORM = {"<": (1, True), "=<": (1, False), ">": (-1, True), ">=": (-1, False)}


def post(m, op: str, lhs, rhs) -> bool:
    """Add ``lhs op rhs`` to the store; False when the store becomes inconsistent."""
    h = holder(m)
    if h.seen != len(m.trail) and not h.wake(m):
        return False
    inexact: list = []
    try:
        lin = to_lin(Struct(_PAIR, (lhs, rhs)), inexact)
    except NonLinear:
        st = h.state
        h.set_state(m, State(st.eqs, st.ineqs, st.neqs, st.nonlin + ((op, lhs, rhs),)))
        ok = _solve(h, m, [])
    else:
        _rank_rhs_first(h, lhs, rhs)
        ok = _solve(h, m, [("=~" if inexact and op in ("=", "=:=") else op, lin)])
    if ok:
        h.mark_seen(m)
    return ok


def _rank_rhs_first(h: CStore, lhs, rhs) -> None:
    """Rank new variables: the right side's first, so ``{F = 9/5*C + 32}``
    keeps ``F`` as the pivot (``F = 32+9 rdiv 5*C``), as clpq does."""
    for v in term_vars(rhs):
        h.rank(v)
    for v in term_vars(lhs):
        h.rank(v)


def _subst_all(lin: Lin, eqs: dict) -> Lin:
    for v in [v for v in lin.coef if v in eqs]:
        lin = lin.subst(v, eqs[v])
    return lin


def _solve(h: CStore, m, pending: list) -> bool:  # noqa: C901 -- one propagation loop
    st = h.state
    eqs = dict(st.eqs)
    ineqs = list(st.ineqs)
    neqs = list(st.neqs)
    nonlin = list(st.nonlin)
    inexact = False
    while True:
        while pending:
            op, lin = pending.pop()
            lin = _subst_all(lin, eqs)
            if op == "=~":          # a float solution of a non-linear equation
                inexact = True
                op = "="
            if op in ("=", "=:="):
                if not lin.coef:
                    if lin.const != 0:
                        return False
                    continue
                piv, expr = _pivot(h, lin)
                for p in list(eqs):
                    if piv in eqs[p].coef:
                        eqs[p] = eqs[p].subst(piv, expr)
                eqs[piv] = expr
                ineqs = [(x.subst(piv, expr), s) for x, s in ineqs]
                neqs = [x.subst(piv, expr) for x in neqs]
            elif op == "=\\=":
                neqs.append(lin)
            else:
                sign, strict = _NORM[op]
                ineqs.append((lin if sign == 1 else lin.scale(_M1), strict))
        # constants, feasibility
        if any(not x.coef and (x.const > 0 or (s and x.const == 0)) for x, s in ineqs):
            return False
        ineqs = [(x, s) for x, s in ineqs if x.coef]
        if any(not x.coef and x.const == 0 for x in neqs):
            return False
        neqs = [x for x in neqs if x.coef]
        if ineqs and not feasible(ineqs):
            return False
        # implied equalities from a variable's bounds (X >= 2, X =< 2)
        for v in {v for x, _ in ineqs if len(x.coef) == 1 for v in x.coef}:
            lo, los, hi, his = bounds_of(ineqs, v)
            if lo is not None and lo == hi and not los and not his:
                pending.append(("=", Lin({v: _ONE}, -lo)))
        # delayed non-linear constraints
        still = []
        for c in nonlin:
            r = _retry_nonlinear(h, c, eqs, ineqs)
            if r is None:
                still.append(c)
            elif r is False:
                return False
            else:
                pending.extend(r)
        nonlin = still
        if not pending:
            break
    # determined or bound pivots leave the store
    binds = []
    for p in list(eqs):
        e = eqs[p]
        d = deref(p)
        if type(d) is not Var or d is not p:
            del eqs[p]
        elif not e.coef:
            del eqs[p]
            binds.append((p, e.const))
    h.set_state(m, State(eqs, tuple(ineqs), tuple(neqs), tuple(nonlin)))
    for v, q in binds:
        if not m.unify(v, float(q) if inexact else number_term(q)):
            return False
    if binds:
        # the bindings may wake delayed goals of their own
        vs = h.state.vars
        if any(v in vs for v, _ in binds):
            return _solve(h, m, [])
    return True


def _pivot(h: CStore, lin: Lin) -> tuple:
    """The variable an equation ``lin = 0`` is solved for (a bound one first,
    else the highest ranked) and what it equals."""
    bound = [v for v in lin.coef if type(deref(v)) is not Var or deref(v) is not v]
    piv = bound[0] if bound else max(lin.coef, key=h.rank)
    a = lin.coef[piv]
    return piv, Lin({v: -c / a for v, c in lin.coef.items() if v is not piv}, -lin.const / a)


def _retry_nonlinear(h: CStore, c, eqs, ineqs):
    """None: still delayed; False: inconsistent; else a list of linear posts."""
    op, lhs, rhs = c
    inexact: list = []
    try:
        lin = to_lin(Struct(_PAIR, (lhs, rhs)), inexact)
    except NonLinear:
        pass
    else:
        _rank_rhs_first(h, lhs, rhs)
        return [("=~" if inexact and op in ("=", "=:=") else op, lin)]
    if op not in ("=", "=:="):
        return None
    return solve_one(lhs, rhs, eqs, ineqs)
