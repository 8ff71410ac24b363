"""The exact engine: an iterative SLD machine.

State of one run (``Machine._run``):

* the *continuation* ``fr``: a linked list of frames
  ``(goal, cut_barrier, depth, proof_parent, next)``; ``None`` is success;
* the *choicepoint stack* ``cps``: tuples ``(kind, trail_mark, proof_mark, ...)``;
* the *trail* (shared by nested runs): variables bound since the start, so
  backtracking resets them.

No Python recursion happens per inference: a call pushes frames, a failure
pops a choicepoint.  A predicate of up to ``dispatch.SMALL_PRED`` clauses is
dispatched through its first-argument switch (:mod:`.switch`): when one
clause is left, its generated code (:mod:`.codegen`) resolves the call in
one Python call and no choicepoint is pushed; otherwise the clauses left are
tried in order below (``calling``).  A cut to barrier ``B`` truncates ``cps`` to ``B``.
Control constructs (``,`` ``;`` ``->`` ``*->`` ``\\+`` ``call/N`` ``catch/3``
``throw/1`` ...) are implemented here; other builtins come from
``BUILTINS``; then user predicates of the store, then library predicates (the
prelude), else ``existence_error``.

The kinds of choicepoints, the internal goals (Python tuples ``(opcode,
data)``, never Prolog terms, so user code cannot forge them) and the control
table are defined in :mod:`.control`, shared with tabling.

``Machine`` is this module's loop and run state; its other methods live in
mixins, one module each: :mod:`.dispatch` (what a goal calls: the dispatch
table, candidates, unknown procedures), :mod:`.resolution` (helpers of the
loop and the generic resolution step), :mod:`.unwind` (exceptions to
``catch/3``; whether an answer left choicepoints) and :mod:`.ports` (the
tracer's ports).
"""

from __future__ import annotations

import gc
import sys
import time

from ..errors import (
    InstantiationError,
    PrologError,
    PrologTypeError,
    ResourceError,
)
from ..terms import Atom, Struct, Var, deref, pred_key
from ..terms.operators import DEFAULT_OPERATORS
from . import budget
from .budget import LimitHit as _LimitHit
from .builtins._util import write_raw
from .builtins.registry import BUILTINS, LAST, Builtin  # importing the package registers them
from .cleanup import (
    cleanup_cut,
    cleanup_on_close,
    cleanup_on_fail,
    enter_cleanup,
    guard_cleanup,
    leave_cleanup,
)
from .compile import compile_clause, copy_term
from .control import (
    ARROW,
    C_BODYCALL,
    C_CALL,
    C_CATCH,
    C_CLEANUP,
    C_CONJ,
    C_CUT,
    C_DISJ,
    C_FAIL,
    C_ITE,
    C_MODULE,
    C_NOT,
    C_REPEAT,
    C_SOFTITE,
    C_THROW,
    C_TRUE,
    COMMA,
    CONTROL,
    CP_ALT,
    CP_ANSWERS,
    CP_CATCH,
    CP_CLAUSES,
    CP_CLEANUP,
    CP_DEAD,
    CP_GEN,
    CP_NOT,
    CP_TRACE,
    FAIL,
    NOT,
    OP_CALL,
    OP_CATCHEXIT,
    OP_CLAUSES,
    OP_CLEANUP,
    OP_CUT,
    OP_CUTFAIL,
    OP_GUARD,
    OP_SOFT,
    OP_TEXIT,
    SEMI,
    SOFT,
    SUCCESS,
    TRACED_CONTROL,
    TRUE,
    control_keys,
)
from .dispatch import _BIG, _TABLED, _UNKNOWN, Dispatch
from .metacall import (
    CALLS,
    CATCH,
    CLEANUP,
    META,
    NOT_PRED,
    SETUP,
    TOP,
    add_args,
    check_body,
    context,
    meta_goal,
    owned,
)
from .ports import Ports
from .resolution import _NOT_IND, Resolution, _ind, _key0, _next_tick
from .switch import _ARITY, MULTI, Pred
from .tabling import Tables, not_stratified
from .tracer import UNTRACED, TCall, Traced, Tracer
from .unify import unify as _unify
from .unwind import Unwind

__all__ = ["Machine", "control_keys"]

SWITCH_AFTER = 8   # calls of a small predicate before its switch is generated

_CONTROL_NAMES = {COMMA, SEMI, ARROW, SOFT, NOT}
# \+ G as the whole query: the success after G failed, never a traced ``true``
_TRUE_UNSEEN = TCall(TRUE, C_TRUE)


class Machine(Dispatch, Resolution, Unwind, Ports):
    """One engine over a store.  Builtins see it as ``m`` (see
    ``neurosym/engine/builtins/registry.py`` for what they may use)."""

    def __init__(self, store, library=None, output=None, flags: dict | None = None,
                 ops=None, builtins: dict | None = None) -> None:
        self.builtins = BUILTINS if builtins is None else builtins   # sandbox.py: another table
        self.store = store
        self.ops = ops if ops is not None else DEFAULT_OPERATORS.copy()   # op/3 changes it
        self.library = library
        self.library_extra: frozenset = frozenset()   # libraries added by use_module (loader)
        self.output = output
        self.input = None          # read/1's stream (None: sys.stdin); builtins/read.py
        self.read_buffer = ""      # the input read past the last term
        self.flags: dict = {"occurs_check": Atom("false"), "unknown": Atom("error"),
                            "double_quotes": Atom("string"),
                            "datalog": TRUE}   # tabling: serve the Datalog fragment bottom-up
        if flags:
            self.flags.update(flags)
        self.globals: dict = {}
        self.trail: list = []
        self.tabled: set = set()
        self.inferences = 0
        self.max_inferences = sys.maxsize
        self.max_depth = sys.maxsize
        self.deadline: float | None = None
        self.proof = False
        self.ptrail: list = []
        self.cstore = None     # the run's constraint store ({}/1: engine/constraints)
        self._answer_cps: list = []   # the choicepoints at the last answer (choicepoints_left)
        self.cleanups = 0      # CP_CLEANUP choicepoints alive (cleanup.py)
        self._static: dict = {}
        for k, v in CONTROL.items():
            self._static[(k[0].name, k[1])] = v
        for k, v in self.builtins.items():
            self._static.setdefault((k[0].name, k[1]), v)
        self._disp: dict = dict(self._static)
        self._cgen = -1
        # the debugger (tracer.py): while it is active the dispatch table
        # holds only the untraced control constructs, the rest is Traced
        self.tracer = Tracer()
        self.tracing = False
        self._untraced = {(k[0].name, k[1]): v for k, v in CONTROL.items()
                          if k not in TRACED_CONTROL}
        self._untraced.update((k, self._static[k]) for k in UNTRACED if k in self._static)
        self.tables = Tables(self)

    # -- the builtin protocol ---------------------------------------------
    def unify(self, a, b) -> bool:
        return _unify(a, b, self.trail, self.flags.get("occurs_check") is TRUE)

    def write(self, text: str) -> None:
        out = self.output
        if out is None:
            out = sys.stdout
        try:
            out.write(text)
        except UnicodeEncodeError:
            write_raw(out, text)

    def solve_iter(self, goal, depth: int | None = None):
        """Solutions of ``goal`` sharing the current bindings; bindings made
        are undone when the generator ends or is closed.  ``depth``: its
        depth (default: 0, or one below the last traced call)."""
        trail = self.trail
        mark = len(trail)
        if depth is None:
            depth = self.tracer.depth + 1 if self.tracing else 0    # nested in a traced builtin
        try:
            yield from self._run(goal, depth)
        finally:
            while len(trail) > mark:
                trail.pop().ref = None

    def undo(self, mark: int) -> None:
        trail = self.trail
        while len(trail) > mark:
            trail.pop().ref = None

    # -- limits -----------------------------------------------------------
    def set_limits(self, limits) -> None:
        self.inferences = 0
        self.max_inferences = sys.maxsize
        self.max_depth = sys.maxsize
        self.deadline = None
        if limits is not None:
            if limits.inferences is not None:
                self.max_inferences = limits.inferences
            if limits.depth is not None:
                self.max_depth = limits.depth
            if limits.time is not None:
                self.deadline = time.monotonic() + limits.time

    def _limit(self, which: str):
        raise _LimitHit(ResourceError.new(which))

    def _tick(self) -> None:
        """Called every 1024 inferences and when over the inference limit."""
        if self.inferences > self.max_inferences:
            self._limit("inferences")
        if self.deadline is not None and time.monotonic() > self.deadline:
            self._limit("time")







    # -- a run ------------------------------------------------------------
    def run(self, goal):
        """Top-level run (a generator yielding once per solution); bindings
        stay in place between yields.  Limit errors surface as ResourceError.

        Each run has its own trail (and proof trail), and its own limits and
        inference count (those ``set_limits`` set when it began), installed
        whenever it resumes: two open queries on one machine can be advanced
        in turn without undoing each other's bindings or limits."""
        trail: list = []
        ptrail: list = []
        self.trail = trail
        self.ptrail = ptrail
        self.cstore = cst = None
        limits = (self.max_inferences, self.max_depth, self.deadline, self.proof)
        inf = self.inferences
        gen = self._run(goal, 0, top=True)
        gc_was = gc.isenabled()
        try:
            while True:
                self.trail = trail
                self.ptrail = ptrail
                self.cstore = cst
                self.max_inferences, self.max_depth, self.deadline, self.proof = limits
                self.inferences = inf
                # the cyclic GC is paused while the machine runs: it allocates
                # millions of short-lived acyclic tuples that refcounting
                # frees, and the collector's passes would cost a third of the time
                if gc_was:
                    gc.disable()
                try:
                    with budget.running(self.deadline):
                        next(gen)
                except StopIteration:
                    return
                finally:
                    cst = self.cstore
                    inf = self.inferences
                    if gc_was:
                        gc.enable()
                yield True
        except _LimitHit as e:
            raise e.err from None
        finally:
            gen.close()

    # -- the machine ------------------------------------------------------
    def _run(self, goal, depth0: int = 0, top: bool = False):  # noqa: C901 -- the machine's one loop
        trail = self.trail
        base = len(trail)
        cps: list = []
        store = self.store
        if store.generation != self._cgen:
            self._refresh()
        disp = self._disp
        oc = self.flags.get("occurs_check") is TRUE
        proof = self.proof
        ptrail = self.ptrail
        tables = self.tables
        tstack = tables.stack       # the scopes being evaluated (tabling)
        cs = self.cstore            # constraint store: woken when the trail grew
        # a query runs as inside catch/3; a builtin's sub-query as '<meta-call>'/1
        # (the builtin checked its goal, naming itself)
        goal = meta_goal(goal, TOP if top else META)
        fr = (self._trace_top(goal) if top else goal, 0, depth0, -1, None)
        fail = False
        # a call of a user predicate sets ``calling`` and the resolution state
        # (clauses, i, k0, mark, plen0; goal, args, nxt, depth, pn) and leaves
        # forward execution; the clauses are tried where the backtracker
        # resumes a CP_CLAUSES choicepoint, from the same state
        calling = False
        cur = fr
        # the inference counter lives in a local; self.inferences is synced
        # around everything that may run a nested machine (builtins, tables)
        inf = self.inferences
        maxinf = self.max_inferences
        maxdepth = self.max_depth
        tick_at = _next_tick(inf, maxinf)   # the next inference count to look at the limits
        fast = not proof and not oc   # generated clause code applies
        box = [0]     # the generated switches' count of the calls they resolved
        while True:
            try:
                if fail or calling:
                    # ---- backtrack, or resolve a call -------------------
                    fr = None
                    while True:
                        if calling:
                            calling = False
                            fail = True     # when no clause matches: backtrack
                        else:
                            if fail:
                                # a backtrack counts as an inference, so failure-driven
                                # loops (repeat, fail) still meet the limits
                                fail = False
                                inf += 1
                                if inf >= tick_at:
                                    self.inferences = inf
                                    self._tick()
                                    tick_at = _next_tick(inf, maxinf)
                            if not cps:
                                while len(trail) > base:
                                    trail.pop().ref = None
                                self.inferences = inf
                                return
                            cp = cps[-1]
                            mark = cp[1]
                            while len(trail) > mark:
                                trail.pop().ref = None
                            if proof:
                                del ptrail[cp[2]:]
                            kind = cp[0]
                            if kind == CP_CLAUSES:
                                cps.pop()
                                _, mark, plen0, goal, args, clauses, i, nxt, depth, pn, k0 = cp
                            elif kind == CP_ALT:
                                cps.pop()
                                fr = cp[3]
                                break
                            elif kind == CP_NOT:
                                cps.pop()
                                if cp[4] and tables.reads_below(cp[4]) != cp[5]:
                                    # the failed goal read an incomplete table: its
                                    # failure may not be final
                                    raise not_stratified(_NOT_IND)
                                fr = cp[3]
                                break
                            elif kind == CP_GEN:
                                cur = cp[4]
                                self.inferences = inf
                                tl = len(tstack)
                                if tl:
                                    snap = tables.reads_below(tl)
                                try:
                                    last = next(cp[3]) is LAST
                                    cs = self.cstore
                                except StopIteration:
                                    cps.pop()
                                    inf = self.inferences
                                    if store.generation != self._cgen:
                                        self._refresh()
                                    continue
                                except PrologError:
                                    cps.pop()
                                    raise
                                inf = self.inferences
                                if last:      # the builtin's last solution: no choicepoint left
                                    cps.pop()
                                if tl and tables.reads_below(tl) != snap:
                                    if not last:
                                        cps.pop()
                                    cp[3].close()
                                    raise not_stratified(_ind(pred_key(cp[7])))
                                if proof:
                                    ptrail.append((cp[6], cp[7], None, None))
                                if store.generation != self._cgen:
                                    self._refresh()
                                fr = cp[4]
                                if fr is None:
                                    fr = SUCCESS
                                break
                            elif kind == CP_ANSWERS:
                                cps.pop()
                                fr = tables.retry(cp, cps)
                                if fr is not None:
                                    break
                                continue
                            elif kind == CP_CLEANUP:    # its goal failed
                                cps.pop()
                                fr = cleanup_on_fail(self, cp)
                                break
                            else:   # CP_CATCH, CP_DEAD, CP_TRACE: fail through
                                cps.pop()
                                if kind == CP_TRACE:    # a Redo or Fail port
                                    self._trace_back(cp, cps)
                                continue
                        # ---- the first of clauses[i:] whose head unifies --------
                        n = len(clauses)
                        while i < n:
                            cl = clauses[i]
                            i += 1
                            try:
                                comp = cl.compiled
                            except AttributeError:
                                comp = None
                            if comp is None:
                                comp = cl.compiled = compile_clause(cl)
                            if k0 is not None:
                                k1 = comp.key1
                                if k1 is not None and (k1 != k0 or type(k1) is not type(k0)):
                                    continue
                            b = len(cps)
                            fn = comp.fn
                            if fn is not None and not proof and not oc:
                                r = fn(args, trail, oc, b, depth + 1, pn, nxt)
                            else:
                                r = self._generic(comp, goal, args, b, depth, pn, nxt, oc)
                            if r is False:
                                while len(trail) > mark:
                                    trail.pop().ref = None
                                continue
                            if i < n:
                                j = self._next_candidate(clauses, i, k0)
                                if j < n:
                                    cps.append((CP_CLAUSES, mark, plen0, goal, args, clauses,
                                                j, nxt, depth, pn, k0))
                            fr = SUCCESS if r is None else r
                            break
                        if fr is not None:
                            break
                    fail = False
                    if fr is SUCCESS:
                        fr = None           # an answer (below)
                # ---- forward execution ----------------------------------
                while fr is not None:
                    if cs is not None and len(trail) != cs.seen:
                        # bindings since the constraint store last looked
                        self.inferences = inf
                        if not cs.wake(self):
                            fail = True
                            break
                    cur = fr
                    goal, cutb, depth, pn, nxt = fr
                    tg = type(goal)
                    if tg is tuple and goal[0] == OP_CALL:
                        # a body goal of generated code: the term is made only
                        # where it is needed
                        args = goal[3]
                        ent = disp.get(goal[1])
                    elif tg is Struct:
                        args = goal.args
                        ent = disp.get((goal.name.name, len(args)))
                    elif tg is Atom:
                        args = ()
                        ent = disp.get((goal.name, 0))
                    elif tg is tuple:
                        op = goal[0]
                        if op == OP_CUT:
                            if self.cleanups:
                                fr = cleanup_cut(self, cps, goal[1], nxt)
                                continue
                            del cps[goal[1]:]
                            fr = nxt
                        elif op == OP_CUTFAIL:
                            if self.cleanups:
                                fr = cleanup_cut(self, cps, goal[1], (FAIL, 0, depth, pn, None))
                                continue
                            del cps[goal[1]:]
                            fail = True
                            break
                        elif op == OP_SOFT:
                            b = goal[1]
                            cps[b] = (CP_DEAD, cps[b][1], cps[b][2])
                            fr = nxt
                        elif op == OP_CATCHEXIT:
                            b = goal[1]
                            if len(cps) == b + 1:
                                cps.pop()
                            fr = nxt
                        elif op == OP_CLEANUP:
                            fr = leave_cleanup(self, goal[1], cps, nxt)
                        elif op == OP_GUARD:
                            fr = guard_cleanup(self, goal[1], cps, len(trail), len(ptrail),
                                               depth, pn, nxt)
                            fr = (meta_goal(fr[0], CLEANUP),) + fr[1:]
                        elif op == OP_TEXIT:
                            fr = self._trace_exit(goal[1], cps, depth, pn, nxt)
                        elif op == OP_CLAUSES:
                            # the goal's own clauses, bypassing its table
                            goal = goal[1]
                            clauses = self._own_clauses(goal)
                            if not clauses:
                                fail = True
                                break
                            args = goal.args if type(goal) is Struct else ()
                            i = 0
                            k0 = _key0(args)
                            mark = len(trail)
                            plen0 = len(ptrail)
                            calling = True
                            break
                        else:
                            raise AssertionError(f"bad internal goal {goal!r}")
                        continue
                    elif tg is Var:
                        g = deref(goal)
                        if type(g) is Var:     # a variable goal of a meta-call
                            raise InstantiationError.new(context(META))
                        fr = (g, cutb, depth, pn, nxt)
                        continue
                    elif tg is TCall:       # a traced goal after its Call port
                        ent = goal.ent
                        goal = goal.goal
                        args = goal.args if type(goal) is Struct else ()
                    else:
                        raise PrologTypeError.new("callable", goal)

                    te = type(ent)
                    if te is Pred:
                        # ---- a small user predicate: first-argument switch ----
                        inf += 1
                        if inf >= tick_at:
                            self.inferences = inf
                            self._tick()
                            tick_at = _next_tick(inf, maxinf)
                        if depth >= maxdepth:
                            self._limit("depth")
                        code = ent.code
                        if code is not None and fast and tg is not TCall:
                            # (a traced call runs clause by clause: the switch's
                            # last-call loop would skip the recursive calls' ports)
                            # the generated switch: the clause of a one-clause
                            # selection runs in line, no choicepoint
                            r = code(args, trail, oc, len(cps), depth + 1, pn, nxt,
                                     tick_at - inf - 1 if cs is None else 0, maxdepth, box)
                            if box[0]:      # calls the switch resolved in its loop
                                inf += box[0]
                                box[0] = 0
                            if r is not MULTI:
                                if r is False:
                                    fail = True
                                    break
                                fr = r
                                continue
                        else:
                            ent.calls += 1
                            if ent.calls == SWITCH_AFTER:
                                ent.make_code()
                        if args:
                            a0 = args[0]
                            while type(a0) is Var:
                                r = a0.ref
                                if r is None:
                                    break
                                a0 = r
                            ta = type(a0)
                            if ta is Struct:
                                sel = ent.structs.get(id(a0.name), ent.other)
                                if sel is _ARITY:
                                    sel = ent.by_arity.get((id(a0.name), len(a0.args)), ent.other)
                            elif ta is Atom:
                                sel = ent.atoms.get(id(a0), ent.other)
                            elif ta is Var:
                                sel = ent.all
                            elif ta is int or ta is str:
                                sel = ent.consts.get(a0, ent.other)
                            else:
                                sel = ent.all
                        else:
                            sel = ent.all
                        clauses, fn = sel
                        if fn is not None and fast:
                            # one candidate with generated code: no choicepoint
                            fr = fn(args, trail, oc, len(cps), depth + 1, pn, nxt)
                            if fr is False:
                                fail = True
                                break
                            continue
                        if not clauses:
                            fail = True
                            break
                        if type(goal) is tuple:
                            goal = Struct(goal[2], args)
                        i = 0
                        k0 = None       # the selection is filtered already
                        mark = len(trail)
                        plen0 = len(ptrail)
                        calling = True
                        break

                    if te is not Builtin and type(goal) is tuple:    # OP_CALL, not through the switch
                        goal = Struct(goal[2], args)
                    if ent is None:
                        ent = self._dispatch(goal)
                        te = type(ent)
                        if te is Pred:      # now cached: run the frame through the switch
                            fr = cur
                            continue
                    if te is int:
                        c = ent
                        if c == C_TRUE:
                            fr = nxt
                        elif c == C_CUT:
                            if self.cleanups:
                                fr = cleanup_cut(self, cps, cutb, nxt)
                                continue
                            del cps[cutb:]
                            fr = nxt
                        elif c == C_CONJ:
                            fr = (args[0], cutb, depth, pn, (args[1], cutb, depth, pn, nxt))
                        elif c == C_FAIL:
                            fail = True
                            break
                        elif c == C_DISJ:
                            left = deref(args[0])
                            if type(left) is Struct and len(left.args) == 2 and (
                                    left.name is ARROW or left.name is SOFT):
                                b = len(cps)
                                tl = len(tstack)
                                cps.append((CP_NOT, len(trail), len(ptrail),
                                            (args[1], cutb, depth, pn, nxt), tl,
                                            tables.reads_below(tl) if tl else 0))
                                op = OP_CUT if left.name is ARROW else OP_SOFT
                                fr = (left.args[0], b + 1, depth, pn,
                                      ((op, b), cutb, depth, pn,
                                       (left.args[1], cutb, depth, pn, nxt)))
                            else:
                                cps.append((CP_ALT, len(trail), len(ptrail),
                                            (args[1], cutb, depth, pn, nxt)))
                                fr = (left, cutb, depth, pn, nxt)
                        elif c == C_ITE or c == C_SOFTITE:
                            b = len(cps)
                            if c == C_ITE:
                                fr = (args[0], b, depth, pn,
                                      ((OP_CUT, b), cutb, depth, pn, (args[1], cutb, depth, pn, nxt)))
                            else:
                                fr = (args[0], b, depth, pn, (args[1], cutb, depth, pn, nxt))
                        elif c == C_NOT:
                            if goal.name is NOT:
                                check_body(args[0], META)
                                g = args[0]
                            else:           # not/1: a predicate in SWI
                                g = meta_goal(args[0], NOT_PRED)
                            b = len(cps)
                            tl = len(tstack)
                            cps.append((CP_NOT, len(trail), len(ptrail),
                                        nxt if nxt is not None else (_TRUE_UNSEEN, 0, depth, pn, None),
                                        tl, tables.reads_below(tl) if tl else 0))
                            # the frame after OP_CUTFAIL is never run: it links the
                            # goal to the enclosing catch/3 (_throw looks for it)
                            fr = (g, b + 1, depth, pn, ((OP_CUTFAIL, b), cutb, depth, pn, nxt))
                        elif c == C_CALL or c == C_BODYCALL:
                            if c == C_CALL:     # errors name system:call/N
                                owner = None
                                g = add_args(args[0], args[1:])
                            else:               # '$call'(Owner, G, Extra...): name Owner
                                owner = args[0]
                                g = add_args(args[1], args[2:], owner)
                            if type(g) is Struct and g.name in _CONTROL_NAMES:
                                check_body(g, owner if owner is not None
                                           else CALLS[len(args)])
                                g = owned(g, META)
                            fr = (g, len(cps), depth, pn, nxt)
                        elif c == C_CATCH:
                            b = len(cps)
                            marker = ((OP_CATCHEXIT, b), cutb, depth, pn, nxt)
                            cps.append((CP_CATCH, len(trail), len(ptrail), args[1], args[2],
                                        marker, cutb, depth, pn, nxt))
                            fr = cur = (args[0], b + 1, depth, pn, marker)
                            # inside the catch: its error is caught
                            fr = cur = (meta_goal(args[0], CATCH), b + 1, depth, pn, marker)
                        elif c == C_CLEANUP:
                            fr = enter_cleanup(args, len(cps), cutb, depth, pn, nxt)
                            fr = (meta_goal(fr[0], SETUP),) + fr[1:]
                        elif c == C_MODULE:
                            fr = (args[1], cutb, depth, pn, nxt)
                        elif c == C_REPEAT:
                            cps.append((CP_ALT, len(trail), len(ptrail), fr))
                            fr = nxt
                        elif c == C_THROW:
                            ball = deref(args[0])
                            if type(ball) is Var:
                                raise InstantiationError.new()
                            raise PrologError.from_term(copy_term(ball))
                        continue

                    # ---- inference ---------------------------------------
                    inf += 1
                    if inf >= tick_at:
                        self.inferences = inf
                        self._tick()
                        tick_at = _next_tick(inf, maxinf)

                    if te is Builtin:
                        if proof:
                            ptrail.append((pn, goal, None, None))
                        self.inferences = inf
                        tl = len(tstack)
                        if tl:
                            snap = tables.reads_below(tl)
                        if ent.nondet:
                            if type(goal) is tuple:     # OP_CALL: CP_GEN keeps the goal
                                goal = Struct(goal[2], args)
                            mark = len(trail)
                            plen = len(ptrail)
                            gen = ent.fn(self, *args)
                            try:
                                last = next(gen) is LAST
                            except StopIteration:
                                fail = True
                            else:
                                if not last:
                                    cps.append((CP_GEN, mark, plen - 1 if proof else 0, gen,
                                                nxt, depth, pn, goal))
                                fr = nxt
                        elif ent.fn(self, *args):
                            fr = nxt
                        else:
                            fail = True
                        inf = self.inferences
                        cs = self.cstore
                        if tl and tables.reads_below(tl) != snap:
                            # findall/aggregate_all/forall... over an incomplete table
                            raise not_stratified(_ind((Atom(ent.name), ent.arity)))
                        if store.generation != self._cgen:     # the builtin changed the store
                            self._refresh()
                        if fail:
                            break
                        continue

                    if te is not tuple:
                        if ent is _TABLED:
                            self.inferences = inf
                            fr = tables.call(goal, cps, nxt, depth, pn)
                            inf = self.inferences
                            if store.generation != self._cgen:
                                self._refresh()
                            if fr is None:
                                fail = True
                                break
                            if fr is SUCCESS:
                                fr = None
                            continue
                        if ent is _BIG:
                            ent = self._candidates(goal)
                        elif ent is _UNKNOWN:
                            self._unknown(goal)
                            fail = True
                            break
                        elif te is Traced:
                            self.inferences = inf
                            fr = self._trace_call(ent, goal, cutb, depth, pn, nxt, cps)
                            continue

                    # ---- user predicate: its clauses, in order -----------
                    if depth >= maxdepth:
                        self._limit("depth")
                    clauses = ent
                    i = 0
                    if args:
                        k0 = args[0]
                        while type(k0) is Var:
                            r = k0.ref
                            if r is None:
                                k0 = None
                                break
                            k0 = r
                        else:
                            tk = type(k0)
                            if tk is Struct:
                                k0 = (k0.name, len(k0.args))
                            elif tk is float:
                                k0 = ("f", k0)
                    else:
                        k0 = None
                    mark = len(trail)
                    plen0 = len(ptrail)
                    calling = True
                    break
                if not fail and not calling:
                    # ---- an answer ------------------------------------------
                    if cs is not None and len(trail) != cs.seen and not cs.wake(self):
                        fail = True
                        continue
                    self.inferences = inf
                    self._answer_cps = cps
                    try:
                        yield True
                    except GeneratorExit:   # closed: the cleanups still pending run
                        if self.cleanups:
                            cleanup_on_close(self, cps)
                        raise
                    inf = self.inferences
                    if store.generation != self._cgen:    # changed while suspended
                        self._refresh()
                    fail = True
            except (PrologError, MemoryError) as e:
                if type(e) is MemoryError:      # a builtin's allocation failed
                    e = ResourceError.new("memory")
                if self.inferences > inf:
                    inf = self.inferences
                if store.generation != self._cgen:
                    self._refresh()
                fr = self._throw(e, cps, cur)
