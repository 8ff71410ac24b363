"""Meta-calls and the context of their errors, as SWI-Prolog names it.

SWI compiles a clause body, control constructs and all, into its
predicate's code: a variable goal there (``p(G) :- G.``, ``q(G) :- \\+ G.``,
``r(G) :- call(G).``) is called from that predicate's frame, and an
instantiation or type error names it (``context(p/1, _)``).  A goal
meta-called as a control construct (``call((fail ; X))``,
``catch((X, true), E, true)``, a query) is compiled into a temporary clause
of ``system:'<meta-call>'/1``, whose variable goals name that; a variable
given to a meta-predicate itself names the predicate (``call/1``,
``catch/3``, ``not/1``, ``'$bags':findall_loop/4``...).

Here a variable goal, or a ``call/N``, among a body's control constructs
becomes ``'$call'(Owner, G, Extra...)`` (:func:`owned`; ``Owner`` a small
int, :func:`indicator`): the clause compiler
does it with the clause's predicate as ``Owner``, a meta-call entry with
``'<meta-call>'/1`` (:func:`meta_goal`).  The machine runs ``'$call'/N`` as
``call/N`` (a cut inside is local) and names ``Owner`` when the goal is
unbound or not callable (:func:`add_args`).  Only body goals and meta-call
entries pay for it; no other call does.
"""

from __future__ import annotations

import threading

from ..errors import InstantiationError, PrologTypeError
from ..terms import Atom, Struct, Var, deref
from .control import ARROW, CALL, COMMA, NOT, SEMI, SOFT

__all__ = ["BODYCALL", "META", "CALLS", "indicator", "context", "add_args", "check_body", "owned",
           "meta_goal", "clause_owner", "CATCH", "NOT_PRED", "TOP", "FINDALL", "FORALL",
           "AGGREGATE_ALL", "SETUP", "CLEANUP"]

BODYCALL = Atom("$call")
_SLASH, _COLON, _CONTEXT = Atom("/"), Atom(":"), Atom("context")
_BODY_OPS = {(COMMA, 2), (SEMI, 2), (ARROW, 2), (SOFT, 2), (NOT, 1)}
MAX_CALL = 8        # call/1..8 are control constructs (control.py)


# An owner is a small int (the goal '$call'(Owner, G) is then made without
# building the indicator): ``context`` makes its term, on the error path only.
_OWNERS: list = []
_OWNER_IDS: dict = {}
_LOCK = threading.Lock()


def indicator(name: str, arity: int, module: str | None = None) -> int:
    """The owner ``Name/Arity``, or ``Module:Name/Arity``."""
    key = (module, name, arity)
    i = _OWNER_IDS.get(key)
    if i is None:
        with _LOCK:
            i = _OWNER_IDS.get(key)
            if i is None:
                i = len(_OWNERS)
                _OWNERS.append(key)
                _OWNER_IDS[key] = i
    return i


def context(owner):
    """``context(Owner, _)``; an unbound context for ``None``."""
    if type(owner) is not int or not 0 <= owner < len(_OWNERS):
        return None         # no owner, or a '$call' that user code made
    module, name, arity = _OWNERS[owner]
    ind = Struct(_SLASH, (Atom(name), arity))
    if module is not None:
        ind = Struct(_COLON, (Atom(module), ind))
    return Struct(_CONTEXT, (ind, Var()))


META = indicator("<meta-call>", 1, "system")
FINDALL = indicator("findall_loop", 4, "$bags")       # findall/3,4, bagof/3, setof/3
FORALL = indicator("forall", 2, "$apply")
AGGREGATE_ALL = indicator("aggregate_all", 3, "aggregate")
SETUP = indicator("sig_atomic", 1, "system")           # setup_call_cleanup/3's setup
CLEANUP = indicator("setup_call_catcher_cleanup", 4, "system")
CATCH = indicator("catch", 3, "system")
NOT_PRED = indicator("not", 1, "system")
TOP = CATCH          # a query runs as SWI's -g runs it: inside catch/3
CALLS = {n: indicator("call", n, "system") for n in range(1, MAX_CALL + 1)}

# library predicates (prelude.nsl) whose clauses call a goal: SWI's names
_LIBRARY_OWNERS = {
    ("once", 1): indicator("once", 1, "system"),
    ("ignore", 1): indicator("ignore", 1, "system"),
    ("$include", 3): indicator("include_", 3, "apply"),
    ("$exclude", 3): indicator("exclude_", 3, "apply"),
    ("$partition", 4): indicator("partition_", 4, "apply"),
    **{("$maplist", n): indicator("maplist_", n, "apply") for n in range(2, 8)},
    **{("$foldl", n): indicator("foldl_", n, "apply") for n in range(4, 8)},
}


def clause_owner(key: tuple, library: bool):
    """The context naming a clause's predicate ``key``: ``p/1`` for the
    program's, SWI's own name for a library predicate."""
    name, arity = key[0].name, key[1]
    if library:
        own = _LIBRARY_OWNERS.get((name, arity))
        if own is not None:
            return own
        return indicator(name, arity, "system")
    return indicator(name, arity)


def add_args(g, extra: tuple, owner=None):
    """The goal of ``call(G, Extra...)``; an instantiation or type error
    names ``owner`` (default: ``system:call/N``)."""
    g = deref(g)
    if type(g) is Atom:
        return Struct(g, extra) if extra else g
    if type(g) is Struct:
        if g.name is _COLON and len(g.args) == 2:
            return add_args(_unqualified(g, extra, owner), extra, owner)
        return Struct(g.name, g.args + extra) if extra else g
    if owner is None:
        owner = CALLS.get(len(extra) + 1)
    if type(g) is Var:
        raise InstantiationError.new(context(owner))
    raise PrologTypeError.new("callable", g, context(owner))


def _unqualified(g, extra, owner):
    """``G`` of ``Module:G`` (one module: the qualifier is only checked)."""
    m = deref(g.args[0])
    if type(m) is Atom:
        return g.args[1]
    if owner is None:
        owner = CALLS.get(len(extra) + 1)
    if type(m) is Var:
        raise InstantiationError.new(context(owner))
    raise PrologTypeError.new("atom", m, context(owner))


def check_body(goal, owner=None) -> None:
    """Raise type_error(callable, Goal) when a control-construct leaf of
    ``goal`` is not callable (``call((fail, 1))``), as SWI does before
    running a goal; the error names ``owner``."""
    stack = [goal]
    while stack:
        g = deref(stack.pop())
        tg = type(g)
        if tg is Struct:
            if (g.name, len(g.args)) in _BODY_OPS:
                stack.extend(g.args)
        elif tg is not Atom and tg is not Var and tg is not tuple:
            from .compile import copy_term  # (compile imports this module)
            raise PrologTypeError.new("callable", copy_term(goal), context(owner))


def _leaf(a, owner):
    """A leaf of a control construct, ``'$call'(owner, ...)`` where it is a
    variable or a ``call/N``; None where it stays."""
    ta = type(a)
    if ta is Var:
        return Struct(BODYCALL, (owner, a))
    if ta is Struct and a.name is CALL and len(a.args) <= MAX_CALL:
        return Struct(BODYCALL, (owner, *a.args))
    if ta is Struct and a.name is _COLON and len(a.args) == 2:     # Module:G
        return Struct(BODYCALL, (owner, a))
    return None


def owned(goal, owner):
    """``goal`` with each variable and ``call/N`` among its control
    constructs made ``'$call'(owner, ...)``; ``goal`` itself when it has
    none.  Iterative: a long conjunction does not recurse."""
    g = deref(goal)
    if type(g) is not Struct or (g.name, len(g.args)) not in _BODY_OPS:
        w = _leaf(g, owner)
        return g if w is None else w
    stack = [(g, 0, [], False)]
    while True:
        node, i, done, changed = stack[-1]
        if i < len(node.args):
            a = deref(node.args[i])
            if type(a) is Struct and (a.name, len(a.args)) in _BODY_OPS:
                stack[-1] = (node, i + 1, done, changed)
                stack.append((a, 0, [], False))
                continue
            w = _leaf(a, owner)
            if w is not None:
                a, changed = w, True
            done.append(a)
            stack[-1] = (node, i + 1, done, changed)
            continue
        stack.pop()
        built = Struct(node.name, tuple(done)) if changed else node
        if not stack:
            return built
        parent, j, pdone, pchanged = stack[-1]
        pdone.append(built)
        stack[-1] = (parent, j, pdone, pchanged or changed)


def meta_goal(goal, owner):
    """The goal to run for ``goal`` meta-called by ``owner`` (``catch/3``, a
    query): an error naming ``owner`` when it is unbound or not callable; a
    control construct checked and its variable goals owned by
    ``'<meta-call>'/1``."""
    g = deref(goal)
    tg = type(g)
    if tg is Struct:
        if (g.name, len(g.args)) in _BODY_OPS:
            check_body(g, owner)
            return owned(g, META)
        if g.name is _COLON and len(g.args) == 2:       # Module:G
            return meta_goal(_unqualified(g, (), owner or META), owner)
        return g
    if tg is Atom or tg is tuple:
        return g
    if tg is Var:
        raise InstantiationError.new(context(owner))
    raise PrologTypeError.new("callable", g, context(owner))
