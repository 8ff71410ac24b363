"""library(debug)'s assertion/1, as SWI-Prolog 9 raises it; the debugger's
predicates (trace/0, notrace/0, debug/0, nodebug/0, spy/1, nospy/1,
debugging/0, leash/1: the ports are shown by ``engine/tracer.py``).

``assertion(G)`` runs ``G`` once, keeping no bindings; when it fails or
raises ``E``, it writes ``ERROR: Assertion failed: user:G`` to stderr (without
SWI's backtrace) and raises ``error(assertion_error(Reason, user:G), _)``,
``Reason`` being ``fail`` or ``E``.  Limits (``resource_error``) pass through.
"""

from __future__ import annotations

import sys

from ...errors import (
    DomainError,
    ExistenceError,
    InstantiationError,
    PrologError,
    PrologTypeError,
)
from ...terms import Atom, Struct, Var, deref, list_items
from ..tracer import spec_keys
from .io import term_to_text
from .registry import det

__all__: list[str] = []

_USER_COLON = (Atom(":"), Atom("user"))


@det("assertion", 1)
def bi_assertion(m, goal):
    g = deref(goal)
    reason = Atom("fail")
    try:
        gen = m.solve_iter(g)
        try:
            for _ in gen:
                return True
        finally:
            gen.close()
    except PrologError as e:
        f = e.formal
        if type(f) is Struct and f.name.name == "resource_error":
            raise
        reason = e.term
    culprit = Struct(_USER_COLON[0], (_USER_COLON[1], g))
    sys.stderr.write(f"ERROR: Assertion failed: {term_to_text(m, culprit, quoted=True)}\n")
    raise PrologError.make(Struct(Atom("assertion_error"), (reason, culprit)))


# -- the debugger -------------------------------------------------------------

def _say(m, text: str) -> None:
    m.tracer.write(text + "\n")


@det("trace", 0)
def bi_trace(m):
    m.set_trace_mode("creep")
    return True


@det("notrace", 0)
def bi_notrace(m):
    m.set_trace_mode("leap" if m.tracer.spies else "off")
    return True


@det("debug", 0)
def bi_debug(m):
    if not m.tracer.active:
        m.set_trace_mode("leap")
    return True


@det("nodebug", 0)
def bi_nodebug(m):
    m.set_trace_mode("off")
    return True


def _order(key) -> tuple:
    return (key[0].name, key[1])


def _defined_arities(m, name: Atom) -> list[int]:
    return sorted({k[1] for k in m.callable_keys() if k[0] is name})


def _indicator(m, name: Atom, arity: int) -> str:
    return term_to_text(m, Struct(Atom("/"), (name, arity)), quoted=True)


@det("spy", 1)
def bi_spy(m, spec):
    t = m.tracer
    for name, arity in spec_keys(spec):
        arities = [arity] if arity is not None else _defined_arities(m, name)
        if not arities:
            raise ExistenceError.new("procedure", deref(spec))
        for a in arities:
            t.spies.add((name, a))
            _say(m, f"% Spy point on {_indicator(m, name, a)}")
    if not t.active:
        m.set_trace_mode("leap")
    return True


@det("nospy", 1)
def bi_nospy(m, spec):
    t = m.tracer
    for name, arity in spec_keys(spec):
        gone = sorted((k for k in t.spies if k[0] is name and arity in (None, k[1])), key=_order)
        for k in gone:
            t.spies.discard(k)
            _say(m, f"% Spy point removed from {_indicator(m, *k)}")
    if not t.spies and t.mode == "leap":
        m.set_trace_mode("off")
    return True


@det("nospyall", 0)
def bi_nospyall(m):
    for k in sorted(m.tracer.spies, key=_order):
        _say(m, f"% Spy point removed from {_indicator(m, *k)}")
    m.tracer.spies.clear()
    if m.tracer.mode == "leap":
        m.set_trace_mode("off")
    return True


@det("debugging", 0)
def bi_debugging(m):
    t = m.tracer
    if not t.active:
        _say(m, "% Debug mode is off")
    else:
        _say(m, "% Trace mode is on" if t.mode == "creep" else "% Debug mode is on")
    if t.spies:
        _say(m, "% Spy points (see spy/1) on:")
        for k in sorted(t.spies, key=_order):
            _say(m, f"%         {_indicator(m, *k)}")
    return True


_LEASH = {"all": True, "full": True, "half": True, "loose": True, "none": False,
          "off": False}


@det("leash", 1)
def bi_leash(m, spec):
    """``leash(-all)``: ports are shown without asking (as from a pipe);
    ``leash(+all)`` (or ``all``, ``half``...): the REPL asks again."""
    s = deref(spec)
    if type(s) is Var:
        raise InstantiationError.new()
    items = list_items(s)[0] if type(s) is Struct and s.name.name == "[|]" else [s]
    for it in items:
        it = deref(it)
        on = True
        if type(it) is Struct and len(it.args) == 1 and it.name.name in "+-":
            on = it.name.name == "+"
            it = deref(it.args[0])
        if type(it) is not Atom:
            raise PrologTypeError.new("atom", it)
        if it.name in _LEASH:
            m.tracer.leashed = on and _LEASH[it.name]
        elif it.name not in ("call", "exit", "redo", "fail", "exception", "unify"):
            raise DomainError.new("leash_mode", it)
        else:
            m.tracer.leashed = on
    return True
