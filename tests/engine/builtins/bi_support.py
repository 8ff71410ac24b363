"""Support for the builtin tests. A test double for the machine: enough of ``m`` (see registry.py) to run builtins
in isolation -- a trail-based ``unify``, ``undo``, ``write``, ``globals``,
``flags``, a real ``Store`` and a tiny ``solve_iter`` (conjunction,
disjunction, true/fail, builtins and the store's clauses; no cut)."""

from __future__ import annotations

import io

import neurosym.engine.builtins  # noqa: F401 -- registers the builtins
from neurosym.engine.builtins.registry import BUILTINS
from neurosym.engine.builtins.terms import copy_term
from neurosym.errors import ExistenceError
from neurosym.store.store import Store
from neurosym.terms import (
    LIST,
    NIL,
    Atom,
    Clause,
    Struct,
    Var,
    deref,
    make_list,
    resolve,
    term_eq,
)
from neurosym.terms.operators import DEFAULT_OPERATORS

COMMA, SEMI, TRUE, FAIL, CALL = Atom(","), Atom(";"), Atom("true"), Atom("fail"), Atom("call")


class FakeMachine:
    def __init__(self) -> None:
        self.trail: list[Var] = []
        self.output = io.StringIO()
        self.globals: dict = {}
        self.flags: dict = {"occurs_check": Atom("false")}
        self.store = Store()
        self.library = None
        self.ops = DEFAULT_OPERATORS.copy()
        self.inferences = 0

    # -- protocol --------------------------------------------------------------
    def unify(self, a, b) -> bool:
        stack = [(a, b)]
        while stack:
            x, y = stack.pop()
            x, y = deref(x), deref(y)
            if x is y:
                continue
            if type(x) is Var:
                x.ref = y
                self.trail.append(x)
                continue
            if type(y) is Var:
                y.ref = x
                self.trail.append(y)
                continue
            if type(x) is Struct and type(y) is Struct:
                if x.name is not y.name or len(x.args) != len(y.args):
                    return False
                stack.extend(zip(x.args, y.args, strict=True))
                continue
            if not term_eq(x, y):
                return False
        return True

    def undo(self, mark: int) -> None:
        while len(self.trail) > mark:
            self.trail.pop().ref = None

    def write(self, text: str) -> None:
        self.output.write(text)

    def solve_iter(self, goal):
        mark = len(self.trail)
        try:
            yield from self._solve(goal)
        finally:
            self.undo(mark)

    # -- a tiny solver -----------------------------------------------------------
    def _solve(self, goal):
        g = deref(goal)
        if type(g) is Var:
            from neurosym.errors import InstantiationError
            raise InstantiationError.new()
        if g is TRUE:
            yield True
            return
        if g is FAIL:
            return
        if type(g) is Struct and g.name is CALL:
            inner = deref(g.args[0])
            extra = g.args[1:]
            if extra:
                inner = (Struct(inner.name, inner.args + extra) if type(inner) is Struct
                         else Struct(inner, extra))
            yield from self._solve(inner)
            return
        if type(g) is Struct and g.name is COMMA and len(g.args) == 2:
            for _ in self._solve(g.args[0]):
                yield from self._solve(g.args[1])
            return
        if type(g) is Struct and g.name is SEMI and len(g.args) == 2:
            mark = len(self.trail)
            yield from self._solve(g.args[0])
            self.undo(mark)
            yield from self._solve(g.args[1])
            return
        key = (g, 0) if type(g) is Atom else (g.name, len(g.args))
        b = BUILTINS.get(key)
        args = () if type(g) is Atom else g.args
        if b is not None:
            mark = len(self.trail)
            if b.nondet:
                for _ in b.fn(self, *args):
                    yield True
                    self.undo(mark)
            elif b.fn(self, *args):
                yield True
            self.undo(mark)
            return
        if not self.store.defined(key):
            raise ExistenceError.new("procedure", Struct(Atom("/"), key))
        for clause in self.store.clauses(key):
            mapping: dict = {}
            h, body = copy_term(clause.head, mapping), copy_term(clause.body, mapping)
            mark = len(self.trail)
            if self.unify(g, h):
                yield from self._solve(body)
            self.undo(mark)


def call(m, name: str, *args):
    """Run builtin ``name/len(args)``: a det builtin's bool, or a nondet one's list of
    solutions (each the resolved args)."""
    b = BUILTINS[(Atom(name), len(args))]
    if not b.nondet:
        return b.fn(m, *args)
    out = []
    mark = len(m.trail)
    for _ in b.fn(m, *args):
        out.append(tuple(resolve(a) for a in args))
        m.undo(mark)
    return out


def plist(*items, tail=NIL):
    return make_list(items, tail)


def s(name: str, *args):
    return Struct(Atom(name), tuple(args))


def add_facts(m, name: str, *rows):
    for row in rows:
        m.store.add(Clause(Struct(Atom(name), tuple(row))))


__all__ = ["FakeMachine", "call", "plist", "s", "add_facts", "LIST"]


# -- running goals written as text ---------------------------------------------

def parse(text: str):
    from neurosym.lang.parser import parse_term
    return parse_term(text)


def t(text: str):
    """The term written in ``text``."""
    return parse(text)[0]


def solve(m, text: str) -> list[dict]:
    """All solutions of the goal ``text`` (bindings of its named variables, resolved)."""
    goal, names = parse(text)
    out = []
    gen = m.solve_iter(goal)
    try:
        for _ in gen:
            out.append({k: resolve(v) for k, v in names.items()})
    finally:
        gen.close()
    return out


def first(m, text: str) -> dict | None:
    sols = solve(m, text)
    return sols[0] if sols else None


def value(m, text: str, var: str = "X"):
    """The first solution's value of ``var``."""
    sol = first(m, text)
    assert sol is not None, f"{text} failed"
    return sol[var]


def error_of(m, text: str):
    """The formal term of the error ``text`` raises (AssertionError if none)."""
    from neurosym.errors import PrologError
    try:
        solve(m, text)
    except PrologError as e:
        return resolve(e.formal)
    raise AssertionError(f"{text} raised no error")


def same(a, b) -> bool:
    return term_eq(a, t(b) if isinstance(b, str) else b)
