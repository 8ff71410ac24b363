"""Clause code generation: the machine's fast path.

Each compiled clause (``compile.Compiled``) whose templates are shallow gets
a Python function, generated once from its templates::

    fn(a, trail, oc, b, d1, pn, nxt) -> continuation | False

``a`` is the goal's argument tuple.  The function unifies the head with
``a`` in straight-line code (a clause variable's first occurrence simply
names the goal's argument; nothing of the head is built unless a goal
variable must be bound to it), and on success returns the continuation with
the body goals pushed (frames ``(goal, b, d1, pn, next)``), else ``False``
(bindings made so far are on the trail; the machine undoes them).  A body
goal that is a call (not a control construct) is pushed as
``(OP_CALL, key, name, args)`` (see :mod:`.control`): the machine makes the
term only where it keeps one.  Compounds and variables are made in line;
the machine runs this code only with the occurs check off.  Clauses of one
shape share one compiled code object (their constants are globals of each
function), so asserting many similar clauses compiles once.

The generic template walker in ``machine`` stays the reference (proof mode
and deep clauses use it); a property test checks that both agree.
"""

from __future__ import annotations

import math

from ..terms import Atom, Struct, Var
from .control import CONTROL, OP_CALL
from .templates import Compiled, Slot, Tmpl
from .unify import unify

__all__ = ["generate", "generate_switch", "MAX_CODEGEN_DEPTH"]

MAX_CODEGEN_DEPTH = 12


class _Gen:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.consts: dict = {}
        self.defined: set[int] = set()
        self.tmp = 0

    def const(self, value) -> str:
        for name, v in self.consts.items():
            if v is value:
                return name
        name = f"K{len(self.consts)}"
        self.consts[name] = value
        return name

    def fresh(self) -> str:
        self.tmp += 1
        return f"x{self.tmp}"

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    # an expression building template t; emits Var() creation for new slots
    def build(self, t, indent: int) -> str:
        tt = type(t)
        if tt is Slot:
            if t.i not in self.defined:
                self.defined.add(t.i)
                self.emit(indent, f"v{t.i} = Var()")
            return f"v{t.i}"
        if tt is Tmpl:
            parts = [self.build(x, indent) for x in t.args]
            inner = ", ".join(parts) + ("," if len(parts) == 1 else "")
            # Struct(name, args) without the Python frame of Struct.__init__
            # (a quarter of the cost of making one); the same slots are set
            s = self.fresh()
            self.emit(indent, f"{s} = new(Struct); {s}.name = {self.const(t.name)}; "
                              f"{s}.args = ({inner}); {s}._hash = None")
            return s
        return self.const(t)

    def unify_var(self, v: str, expr: str, indent: int) -> None:
        """``unify(v, expr)`` with the common cases inline: either side
        unbound is bound to the other, as :func:`unify` binds (generated
        code runs only with the occurs check off)."""
        p, q = self.fresh(), self.fresh()
        for x, e in ((p, v), (q, expr)):
            self.emit(indent, f"{x} = {e}")
            self.emit(indent, f"while type({x}) is Var:")
            self.emit(indent + 1, f"r = {x}.ref")
            self.emit(indent + 1, "if r is None:")
            self.emit(indent + 2, "break")
            self.emit(indent + 1, f"{x} = r")
        self.emit(indent, f"if {p} is not {q}:")
        self.emit(indent + 1, f"if type({p}) is Var:")
        self.emit(indent + 2, f"{p}.ref = {q}")
        self.emit(indent + 2, f"trail.append({p})")
        self.emit(indent + 1, f"elif type({q}) is Var:")
        self.emit(indent + 2, f"{q}.ref = {p}")
        self.emit(indent + 2, f"trail.append({q})")
        self.emit(indent + 1, f"elif not unify({p}, {q}, trail, oc): return False")

    def unify_arg(self, t, expr: str, indent: int) -> None:
        tt = type(t)
        if tt is Slot:
            if t.i not in self.defined:
                self.defined.add(t.i)
                self.emit(indent, f"v{t.i} = {expr}")
            else:
                self.unify_var(f"v{t.i}", expr, indent)
            return
        if tt is Struct:
            self.emit(indent, f"if not unify({self.const(t)}, {expr}, trail, oc): return False")
            return
        if expr.isidentifier():     # a local of ours: walk it in place
            x = expr
        else:
            x = self.fresh()
            self.emit(indent, f"{x} = {expr}")
        self.emit(indent, f"while type({x}) is Var:")
        self.emit(indent + 1, f"r = {x}.ref")
        self.emit(indent + 1, "if r is None:")
        before = set(self.defined)
        value = self.build(t, indent + 2)
        self.emit(indent + 2, f"{x}.ref = {value}")
        self.emit(indent + 2, f"trail.append({x})")
        self.emit(indent + 2, "break")
        self.emit(indent + 1, f"{x} = r")
        self.emit(indent, "else:")
        after_bind = self.defined
        self.defined = before
        if tt is Atom:
            self.emit(indent + 1, f"if {x} is not {self.const(t)}: return False")
        elif tt is Tmpl:
            self.emit(indent + 1, f"if type({x}) is not Struct or {x}.name is not "
                                  f"{self.const(t.name)}: return False")
            # unpack the arguments (another arity: ValueError, no match); a
            # variable met here first simply names its argument
            subs = []
            for sub in t.args:
                if type(sub) is Slot and sub.i not in self.defined:
                    self.defined.add(sub.i)
                    subs.append(f"v{sub.i}")
                else:
                    subs.append(self.fresh())
            self.emit(indent + 1, "try:")
            self.emit(indent + 2, ", ".join(subs) + ("," if len(subs) == 1 else "") + f" = {x}.args")
            self.emit(indent + 1, "except ValueError:")
            self.emit(indent + 2, "return False")
            for sub, name in zip(t.args, subs, strict=True):
                if name[0] == "x":
                    self.unify_arg(sub, name, indent + 1)
        elif tt is float and t != t:      # NaN unifies with NaN (as in unify())
            self.emit(indent + 1, f"if type({x}) is not float or {x} == {x}: return False")
        elif tt is float and t == 0.0:    # -0.0 and 0.0 differ (as in SWI)
            self.emit(indent + 1, f"if type({x}) is not float or {x} != 0.0 or "
                                  f"copysign(1.0, {x}) != {math.copysign(1.0, t)!r}: return False")
        else:
            ty = type(t).__name__
            self.emit(indent + 1, f"if type({x}) is not {ty} or {x} != {self.const(t)}: return False")
        # both branches define the same slots (the template's)
        assert self.defined == after_bind, (self.defined, after_bind)


def _depth(t) -> int:
    best = 0
    stack = [(t, 1)]
    while stack:
        x, d = stack.pop()
        if type(x) is Tmpl:
            best = max(best, d)
            stack.extend((a, d + 1) for a in x.args)
    return best


# compiled code by source text: clauses of one shape (``c(1)``, ``c(2)``...,
# whose constants the source names K0, K1...) share one code object, so
# asserting clause after clause compiles once
_CODE: dict = {}


def _too_deep(comp: Compiled) -> bool:
    return comp.deep or any(_depth(p) > MAX_CODEGEN_DEPTH
                            for p in list(comp.head) + list(comp.body))


def _emit_clause(g: _Gen, comp: Compiled, ind: int, first: str | None = None) -> None:
    """The code of one clause at indent ``ind``: unify the head with ``a``,
    return the continuation (or False).  ``first``: a local holding the
    first argument already dereferenced."""
    g.defined = set()
    if comp.head:
        # unpack the goal's arguments; a variable whose first occurrence is a
        # whole argument simply names it
        names = []
        for i, t in enumerate(comp.head):
            if type(t) is Slot and t.i not in g.defined:
                g.defined.add(t.i)
                names.append(f"v{t.i}")
            else:
                names.append(f"a{i}")
        g.emit(ind, ", ".join(names) + ("," if len(names) == 1 else "") + " = a")
        if first is not None and names[0] == "a0":
            g.emit(ind, f"a0 = {first}")
        for i, t in enumerate(comp.head):
            if names[i] == f"a{i}":
                g.unify_arg(t, f"a{i}", ind)
    g.emit(ind, "fr = nxt")
    for goal in reversed(comp.body):
        if type(goal) is Tmpl and (goal.name, len(goal.args)) not in CONTROL:
            # a call: the machine makes the term only where it needs it
            parts = [g.build(x, ind) for x in goal.args]
            inner = ", ".join(parts) + ("," if len(parts) == 1 else "")
            dk = g.const((goal.name.name, len(goal.args)))
            g.emit(ind, f"fr = ((OP_CALL, {dk}, {g.const(goal.name)}, ({inner})), b, d1, pn, fr)")
            continue
        expr = g.build(goal, ind)
        g.emit(ind, f"fr = ({expr}, b, d1, pn, fr)")
    g.emit(ind, "return fr")


def _function(g: _Gen, name: str, extra: dict | None = None):
    src = f"def {name}(a, trail, oc, b, d1, pn, nxt):\n" + "\n".join(g.lines) + "\n"
    ns = {"Struct": Struct, "Var": Var, "unify": unify, "copysign": math.copysign,
          "OP_CALL": OP_CALL, "new": object.__new__}
    if extra:
        ns.update(extra)
    ns.update(g.consts)
    code = _CODE.get(src)
    if code is None:
        try:
            code = compile(src, "<clause>", "exec")
        except (SyntaxError, RecursionError, MemoryError):   # pragma: no cover
            return None
        if len(_CODE) >= 4096:
            _CODE.clear()
        _CODE[src] = code
    exec(code, ns)   # noqa: S102 -- our own generated code
    fn = ns[name]
    fn.source = src
    return fn


def generate(comp: Compiled):
    """The generated function for ``comp``, or None when it is too deep."""
    if _too_deep(comp):
        return None
    g = _Gen()
    _emit_clause(g, comp, 1)
    return _function(g, "_clause")


def generate_switch(plan, multi):
    """A predicate's first-argument switch with the clause of each
    one-clause selection in line: ``fn(a, trail, oc, b, d1, pn, nxt)`` ->
    continuation | False | ``multi`` (more than one clause may match: the
    machine resolves the call itself).

    ``plan``: ``(arity, all, structs, atoms, ints, strs, other)`` where each
    selection is ``None`` (no clause), a compiled clause (the only one) or
    ``multi``; ``structs`` maps a name to a selection or to a dict arity ->
    selection; ``atoms``/``ints``/``strs`` map a value to a selection."""
    arity, sel_all, structs, atoms, ints, strs, other = plan
    g = _Gen()

    def branch(sel, ind):
        if sel is None:
            g.emit(ind, "return False")
        elif sel is multi:
            g.emit(ind, "return MULTI")
        else:
            _emit_clause(g, sel, ind, "s0")

    if arity == 0:
        branch(sel_all, 1)
        return _function(g, "_switch", {"MULTI": multi, "Atom": Atom})
    g.emit(1, "s0 = a[0]")
    g.emit(1, "while type(s0) is Var:")
    g.emit(2, "r = s0.ref")
    g.emit(2, "if r is None:")
    branch(sel_all, 3)
    g.emit(2, "s0 = r")
    g.emit(1, "t0 = type(s0)")
    if structs:
        g.emit(1, "if t0 is Struct:")
        g.emit(2, "n0 = s0.name")
        for name, sel in structs.items():
            g.emit(2, f"if n0 is {g.const(name)}:")
            if type(sel) is dict:
                g.emit(3, "m0 = len(s0.args)")
                for n, sel2 in sel.items():
                    g.emit(3, f"if m0 == {int(n)}:")
                    branch(sel2, 4)
                branch(other, 3)
            else:
                branch(sel, 3)
        branch(other, 2)
    for ty, table in (("Atom", atoms), ("int", ints), ("str", strs)):
        if table:
            g.emit(1, f"if t0 is {ty}:")
            op = "is" if ty == "Atom" else "=="
            for value, sel in table.items():
                g.emit(2, f"if s0 {op} {g.const(value)}:")
                branch(sel, 3)
            branch(other, 2)
    g.emit(1, "if t0 is float:")      # floats (and other values) select every clause
    branch(sel_all, 2)
    g.emit(1, "if t0 is Struct or t0 is Atom or t0 is int or t0 is str:")
    branch(other, 2)
    branch(sel_all, 1)
    return _function(g, "_switch", {"MULTI": multi, "Atom": Atom})
