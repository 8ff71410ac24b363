"""The machine's vocabulary, shared with tabling and the builtins.

* ``CONTROL``: the control constructs the machine runs itself
  (``,`` ``;`` ``->`` ``*->`` ``\\+`` ``call/N`` ``catch/3`` ``throw/1``,
  ``setup_call_cleanup/3`` and its kin ...),
  predicate key -> code (``C_*``); the db builtins refuse to redefine them.
* Choicepoints: tuples ``(kind, trail_mark, proof_mark, ...)``; ``CP_*``
  below gives each kind's layout.  Tabling pushes ``CP_ANSWERS`` ones (and
  resumes them in :meth:`~neurosym.engine.tabling.Tables.retry`).
* Internal goals: Python tuples ``(opcode, data)``, never Prolog terms, so
  user code cannot forge them.  Tabling runs ``(OP_CLAUSES, goal)`` to
  resolve a tabled goal against its clauses, bypassing its table.
  Generated clause code (:mod:`.codegen`) pushes a body goal as
  ``(OP_CALL, dispatch_key, name, args)``: the machine builds the term
  ``name(args...)`` only where it needs one (not for a call it resolves
  through the first-argument switch, nor for a deterministic builtin).
* ``SUCCESS``: what a step returns instead of a continuation when the
  continuation is empty (``None`` there means failure).
"""

from __future__ import annotations

from ..terms import Atom, Struct

__all__ = ["CONTROL", "control_keys", "SUCCESS",
           "CP_CLAUSES", "CP_ALT", "CP_GEN", "CP_CATCH", "CP_NOT", "CP_DEAD", "CP_ANSWERS",
           "CP_CLEANUP", "OP_CUT", "OP_CUTFAIL", "OP_SOFT", "OP_CATCHEXIT", "OP_CLAUSES",
           "OP_GUARD", "OP_CLEANUP", "CP_TRACE", "OP_TEXIT", "TRACED_CONTROL", "OP_CALL",
           "goal_term"]

# choicepoint kinds
CP_CLAUSES = 0   # (0, mark, plen, goal, args, clauses, j, nxt, depth, pn, key0)
CP_ALT = 1       # (1, mark, plen, frame)
CP_GEN = 2       # (2, mark, plen, gen, nxt, depth, pn, goal)
CP_CATCH = 3     # (3, mark, plen, catcher, recovery, marker, cutb, depth, pn, nxt)
CP_NOT = 4       # (4, mark, plen, frame, tlevel, reads) -- \+ / else: continue with frame
CP_DEAD = 5      # (5, mark, plen)                 -- disabled by a soft cut
CP_ANSWERS = 6   # (6, mark, plen, goal, answers, i, nxt, depth, pn, table)
CP_CLEANUP = 7   # (7, mark, plen, catcher, cleanup, depth, pn, exit_frame) -- cleanup.py
CP_TRACE = 8     # (8, mark, plen, box) Fail port / (8, mark, plen, box, 0) Redo port -- tracer.py

# internal goal opcodes
OP_CUT = 0        # cut to barrier B
OP_CUTFAIL = 1    # cut to B, then fail (\+ G after G succeeded)
OP_SOFT = 2       # disable the else-choicepoint at B (*->)
OP_CATCHEXIT = 3  # leaving catch/3's goal: drop its choicepoint when deterministic
OP_CLAUSES = 4    # resolve the goal against its clauses only (tabling)
OP_GUARD = 5      # setup_call_cleanup: the setup is done, push CP_CLEANUP, run the goal
OP_CLEANUP = 6    # leaving its goal: run the cleanup when deterministic
OP_TEXIT = 7      # a traced goal's Exit port (tracer.py)
OP_CALL = 8       # (OP_CALL, (name str, arity), name, args): a body goal of generated code


def goal_term(goal):
    """The Prolog term of a frame's goal: an ``OP_CALL`` goal made into its
    term, any other goal as it is."""
    if type(goal) is tuple and goal[0] == OP_CALL:
        return Struct(goal[2], goal[3])
    return goal

_A = Atom
COMMA, SEMI, ARROW, SOFT = _A(","), _A(";"), _A("->"), _A("*->")
NOT, CALL = _A("\\+"), _A("call")
TRUE, FAIL = _A("true"), _A("fail")

# control construct codes
(C_TRUE, C_FAIL, C_CUT, C_CONJ, C_DISJ, C_ITE, C_SOFTITE, C_NOT, C_CALL, C_CATCH,
 C_THROW, C_REPEAT, C_MODULE, C_CLEANUP, C_BODYCALL) = range(15)

CONTROL: dict = {
    (TRUE, 0): C_TRUE, (FAIL, 0): C_FAIL, (_A("false"), 0): C_FAIL, (_A("!"), 0): C_CUT,
    (COMMA, 2): C_CONJ, (SEMI, 2): C_DISJ, (ARROW, 2): C_ITE, (SOFT, 2): C_SOFTITE,
    (NOT, 1): C_NOT, (_A("not"), 1): C_NOT, (_A("catch"), 3): C_CATCH,
    (_A("throw"), 1): C_THROW,
    (_A("repeat"), 0): C_REPEAT,
    (_A(":"), 2): C_MODULE,      # Module:Goal -- one module: the qualifier is ignored
    (_A("setup_call_cleanup"), 3): C_CLEANUP,
    (_A("setup_call_catcher_cleanup"), 4): C_CLEANUP,
    (_A("call_cleanup"), 2): C_CLEANUP,
}
for _n in range(1, 9):
    CONTROL[(CALL, _n)] = C_CALL
    # '$call'(Owner, G, Extra...): call/N whose errors name Owner (metacall.py)
    CONTROL[(_A("$call"), _n + 1)] = C_BODYCALL

# control constructs that the tracer shows as goals (as SWI does)
TRACED_CONTROL = frozenset({(TRUE, 0), (FAIL, 0), (_A("false"), 0)})


def control_keys() -> set:
    """Predicate keys the machine implements itself."""
    return set(CONTROL)


class _Success:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<success>"


SUCCESS = _Success()
