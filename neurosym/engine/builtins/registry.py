"""The builtin registry and the protocol builtins follow.

A builtin is a Python function registered under ``(name, arity)``:

* ``@det("atom_length", 2)`` -- ``fn(m, a, b) -> bool``: succeed (True) or
  fail (False) once.  Bindings are made with ``m.unify`` (which trails them);
  a failing builtin may leave partial bindings, the machine undoes them.
* ``@nondet("between", 3)`` -- ``fn(m, a, b, c)`` is a generator that yields
  once per solution, with that solution's bindings in place.  Before it
  resumes the generator, the machine undoes the bindings made since the call,
  so each solution starts from the call's state.  Returning ends it.
  A generator that knows a solution is its last may yield ``LAST`` instead
  of ``True``: the machine then keeps no choicepoint for it (SWI's
  deterministic exit, so the toplevel ends that answer with ``.``); it is
  closed without being resumed, so it must not undo bindings on close.

Arguments arrive as they are in the goal (not dereferenced): call
``deref`` first.  Errors are raised as ``PrologError`` subclasses built with
their ``new`` helpers (``PrologTypeError.new("integer", culprit)``); the
machine turns them into catchable balls for ``catch/3``.

What a builtin may use of the machine ``m``:

* ``m.unify(a, b) -> bool``    unify with trailing (occurs check per flag);
* ``m.solve_iter(goal)``       run ``goal`` as a sub-query sharing the
  current bindings; a generator that yields once per solution (bindings in
  place).  After it is exhausted or closed, its bindings are undone.  Cut
  inside ``goal`` is local to it.  Used by findall/forall/aggregate_all.
* ``m.trail``                  the current run's trail: a list of the ``Var``
  cells bound since the run began, in binding order.  ``mark = len(m.trail)``
  takes a mark; only read its length (the machine installs a fresh list per
  top-level run, so read ``m.trail`` again after a nested run, never keep it);
* ``m.undo(mark)``             unbind every variable trailed since ``mark``
  (retract/clause try each candidate clause this way: unify, test, undo);
* ``m.store``                  the clause store (assert/retract/listing).  A
  change bumps ``store.generation``; the machine then drops its cached clause
  lists and tables before its next call (also after a nested ``solve_iter``
  that changed the store), so a builtin needs nothing else;
* ``m.library``                the read-only store of the prelude's predicates
  (may be None);
* ``m.write(text)``            write to the current output; ``m.output`` is that
  stream (a text file object, None for ``sys.stdout``), which a builtin may
  swap and restore (``with_output_to/2``);
* ``m.globals``                dict for ``nb_setval``/``b_setval``;
* ``m.flags``                  Prolog flags (``occurs_check``, ``double_quotes``...);
* ``m.ops``                    the operator table (``op/3`` changes it; the parser
  and printer read it);
* ``m.inferences``             the inference count of the current query (read only).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from types import FunctionType
from typing import Callable

from ...terms import Atom

__all__ = ["Builtin", "BUILTINS", "det", "nondet", "lookup", "LAST"]


class _Last:
    """What a nondeterministic builtin yields for its last solution."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "LAST"


LAST = _Last()


@dataclass(frozen=True, slots=True)
class Builtin:
    name: str
    arity: int
    fn: Callable
    nondet: bool

    @property
    def indicator(self) -> str:
        return f"{self.name}/{self.arity}"


BUILTINS: dict[tuple[Atom, int], Builtin] = {}


def _register(name: str, arity: int, is_nondet: bool):
    def deco(fn: Callable) -> Callable:
        key = (Atom(name), arity)
        if key in BUILTINS:
            raise ValueError(f"builtin {name}/{arity} registered twice")
        BUILTINS[key] = Builtin(name, arity, _own_code(fn, f"{name}/{arity}"), is_nondet)
        return fn
    return deco


_SEEN_CODES: set = set()


def _own_code(fn: Callable, label: str) -> Callable:
    """``fn``, or a copy of it with a code object of its own when another
    builtin has ``fn``'s code already (``atom_length/2`` and
    ``string_length/2`` share a function), so that an error's context can
    name the builtin from its frame (``messages.builtin_context``); the copy
    runs the same code at the same speed."""
    if isinstance(fn, partial):
        return partial(_own_code(fn.func, label), *fn.args, **fn.keywords)
    code = getattr(fn, "__code__", None)
    if code is None:
        return fn
    if code not in _SEEN_CODES:
        _SEEN_CODES.add(code)
        return fn
    copy = FunctionType(code.replace(co_name=f"{code.co_name}<{label}>"), fn.__globals__,
                        fn.__name__, fn.__defaults__, fn.__closure__)
    copy.__kwdefaults__ = fn.__kwdefaults__
    copy.__dict__.update(fn.__dict__)
    _SEEN_CODES.add(copy.__code__)
    return copy


def det(name: str, arity: int):
    """Register a deterministic builtin ``fn(m, *args) -> bool``."""
    return _register(name, arity, False)


def nondet(name: str, arity: int):
    """Register a nondeterministic builtin: a generator ``fn(m, *args)``."""
    return _register(name, arity, True)


def lookup(name: Atom, arity: int) -> Builtin | None:
    return BUILTINS.get((name, arity))
