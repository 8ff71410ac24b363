"""How the machine finds what a goal calls (a part of ``Machine``).

The dispatch table maps ``(name, arity)`` to a control code, a ``Builtin``,
a small predicate's first-argument switch (``switch.Pred``), or one of the
markers ``_BIG`` (the store's indexes pick the candidates), ``_TABLED`` and
``_UNKNOWN``; it is rebuilt when the store's generation changes.  Also the
candidates of a big predicate, an unknown procedure (the ``unknown`` flag),
and the keys every goal may call.
"""

from __future__ import annotations

import sys

from ..errors import ExistenceError
from ..terms import Atom, Struct, pred_key
from .control import CONTROL, FAIL
from .switch import pred_of
from .tracer import Traced

__all__ = ["Dispatch", "SMALL_PRED"]

SMALL_PRED = 8     # predicates up to this many clauses skip the store's indexes

_WARNING = Atom("warning")


class Dispatch:
    """The clause-lookup methods of ``Machine`` (see the module docstring)."""

    def _refresh(self) -> None:
        """Forget cached clause lists (the store changed).  The dict is
        refreshed in place: every run (nested ones too) holds it as a local."""
        disp = self._disp
        disp.clear()
        disp.update(self._untraced if self.tracing else self._static)
        self._cgen = self.store.generation

    def set_trace_mode(self, mode: str) -> None:
        """Switch the debugger to ``off``, ``creep`` or ``leap`` (tracer.py);
        the dispatch table is rebuilt before the next call."""
        self.tracer.mode = mode
        self.tracer.skip_depth = None
        self.tracing = self.tracer.active
        self._cgen = -1

    def invalidate(self) -> None:
        """Call after declaring tables or changing the library."""
        self._cgen = -1

    def _dispatch(self, goal):
        """The dispatch entry for ``goal``'s predicate (cached): a control
        code, a Builtin, a clause snapshot (small predicates; the machine
        filters on the first argument itself), ``_BIG`` (the store's indexes
        pick candidates), ``_TABLED`` or ``_UNKNOWN``."""
        if self.store.generation != self._cgen:
            self._refresh()
        if type(goal) is Struct:
            name, n = goal.name, len(goal.args)
        else:
            name, n = goal, 0
        dk = (name.name, n)
        ent = self._disp.get(dk)
        if ent is not None:
            return ent
        key = (name, n)
        ent = self._static.get(dk)      # tracing: builtins are not in the table
        store = self.store
        if ent is not None:
            pass
        elif key in self.tabled or store.flags(key).table:
            ent = _TABLED
        else:
            src = store if store.defined(key) else None
            if src is None:
                lib = self.library
                if lib is not None and lib.defined(key):
                    src = lib
            if src is None:
                # not cached: a later assert defines it
                return Traced(_UNKNOWN, key) if self.tracing else _UNKNOWN
            snap = src.clauses(key)
            ent = pred_of(snap) if len(snap) <= SMALL_PRED else _BIG
        if self.tracing:
            ent = Traced(ent, key)
        self._disp[dk] = ent
        return ent

    def _candidates(self, goal):
        """Indexed candidates for a big predicate's ``goal``."""
        key = pred_key(goal)
        store = self.store
        if store.defined(key):
            return store.candidates(goal)
        return self.library.candidates(goal)

    def _unknown(self, goal) -> None:
        """A call of an undefined predicate: existence_error (with the nearest
        known predicates), unless the ``unknown`` flag is ``fail`` (then the
        call fails) or ``warning`` (it fails with a warning on stderr, as SWI)."""
        flag = self.flags.get("unknown")
        if flag is FAIL:
            return
        err = ExistenceError.procedure(pred_key(goal), self.callable_keys)
        if flag is _WARNING:
            err.known = None
            sys.stderr.write(f"Warning: {err}\n")
            return
        raise err

    def callable_keys(self) -> list:
        """The keys of every predicate a goal may call: control constructs,
        builtins, the store's and the library's predicates."""
        lib = self.library
        return [*CONTROL, *self.builtins, *self.store.predicates(),
                *(lib.predicates() if lib is not None else ())]

    def _own_clauses(self, goal):
        """The candidate clauses of ``goal`` in the store or the library,
        bypassing tabling (``OP_CLAUSES``); none when it is not defined and
        the ``unknown`` flag is ``fail``."""
        key = pred_key(goal)
        src = self.store if self.store.defined(key) else self.library
        if src is None or not src.defined(key):
            self._unknown(goal)
            return ()
        return src.candidates(goal)


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


_BIG = _Marker("big")


_TABLED = _Marker("tabled")


_UNKNOWN = _Marker("unknown")
