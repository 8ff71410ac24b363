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


def _self_call(comp: Compiled, own) -> bool:
    """Whether ``comp``'s body is one call of its own predicate ``own``."""
    if own is None or len(comp.body) != 1:
        return False
    goal = comp.body[0]
    return type(goal) is Tmpl and goal.name is own[0] and len(goal.args) == own[1]


def _emit_clause(g: _Gen, comp: Compiled, ind: int, first: str | None = None,
                 own=None) -> None:
    """The code of one clause at indent ``ind``: unify the head with ``a``,
    return the continuation (or False).  ``first``: a local holding the
    first argument already dereferenced.  ``own``: ``(name, arity)`` of the
    predicate when the code is in the switch's loop: a body that is one call
    of the predicate itself is then resolved by the loop (last call), within
    ``lim`` inferences and below depth ``maxd``."""
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
    if _self_call(comp, own):
        goal = comp.body[0]
        parts = [g.build(x, ind) for x in goal.args]
        inner = ", ".join(parts) + ("," if len(parts) == 1 else "")
        g.emit(ind, "if k < lim and d1 < maxd:")
        g.emit(ind + 1, "k += 1")
        g.emit(ind + 1, f"a = ({inner})")
        g.emit(ind + 1, "d1 += 1")
        g.emit(ind + 1, "continue")
        dk = g.const((goal.name.name, len(goal.args)))
        g.emit(ind, f"return ((OP_CALL, {dk}, {g.const(goal.name)}, ({inner})), b, d1, pn, nxt)")
        return
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


def _function(g: _Gen, name: str, extra: dict | None = None, params: str = ""):
    src = (f"def {name}(a, trail, oc, b, d1, pn, nxt{params}):\n" + "\n".join(g.lines)
           + "\n")
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
    one-clause selection in line::

        fn(a, trail, oc, b, d1, pn, nxt, lim, maxd, box)
            -> continuation | False | ``multi``

    ``multi``: more than one clause may match, the machine resolves the call
    itself.  Where such a clause's body is one call of the predicate itself
    (``app([H|T], L, [H|R]) :- app(T, L, R)``), the switch loops instead of
    pushing the call (last-call resolution in place) while fewer than
    ``lim`` calls were resolved and the depth stays below ``maxd``; it puts
    the number of calls it resolved so in ``box[0]`` (the machine counts
    them as inferences).

    ``plan``: ``(name, arity, all, structs, atoms, ints, strs, other)`` where
    each selection is ``None`` (no clause), a compiled clause (the only one)
    or ``multi``; ``structs`` maps a name to a selection or to a dict arity ->
    selection; ``atoms``/``ints``/``strs`` map a value to a selection."""
    name, arity, sel_all, structs, atoms, ints, strs, other = plan
    sels = [sel_all, other, *atoms.values(), *ints.values(), *strs.values()]
    for v in structs.values():
        sels.extend(v.values() if type(v) is dict else (v,))
    own = (name, arity)
    if not any(type(sel) is Compiled and _self_call(sel, own) for sel in sels):
        own = None
    g = _Gen()
    ind = 3 if own else 1
    if own:
        g.emit(1, "k = 0")
        g.emit(1, "try:")
        g.emit(2, "while True:")

    def branch(sel, i):
        if sel is None:
            g.emit(i, "return False")
        elif sel is multi:
            if own:     # the call the loop reached is the machine's to resolve
                g.emit(i, "if k:")
                g.emit(i + 1, "k -= 1")
                g.emit(i + 1, f"return ((OP_CALL, {g.const((name.name, arity))}, "
                              f"{g.const(name)}, a), b, d1 - 1, pn, nxt)")
            g.emit(i, "return MULTI")
        else:
            _emit_clause(g, sel, i, "s0" if arity else None, own)

    if arity == 0:
        branch(sel_all, ind)
    else:
        g.emit(ind, "s0 = a[0]")
        g.emit(ind, "while type(s0) is Var:")
        g.emit(ind + 1, "r = s0.ref")
        g.emit(ind + 1, "if r is None:")
        g.emit(ind + 2, "break")
        g.emit(ind + 1, "s0 = r")
        g.emit(ind, "t0 = type(s0)")
        if structs:
            g.emit(ind, "if t0 is Struct:")
            g.emit(ind + 1, "n0 = s0.name")
            for fname, sel in structs.items():
                g.emit(ind + 1, f"if n0 is {g.const(fname)}:")
                if type(sel) is dict:
                    g.emit(ind + 2, "m0 = len(s0.args)")
                    for n, sel2 in sel.items():
                        g.emit(ind + 2, f"if m0 == {int(n)}:")
                        branch(sel2, ind + 3)
                    branch(other, ind + 2)
                else:
                    branch(sel, ind + 2)
            branch(other, ind + 1)
        for ty, table in (("Atom", atoms), ("int", ints), ("str", strs)):
            if table:
                g.emit(ind, f"if t0 is {ty}:")
                op = "is" if ty == "Atom" else "=="
                for value, sel in table.items():
                    g.emit(ind + 1, f"if s0 {op} {g.const(value)}:")
                    branch(sel, ind + 2)
                branch(other, ind + 1)
        # unbound, a float or a value of another kind: every clause
        g.emit(ind, "if t0 is Var or (t0 is not Struct and t0 is not Atom and t0 is not int "
                    "and t0 is not str):")
        branch(sel_all, ind + 1)
        branch(other, ind)
    if own:
        g.emit(1, "finally:")
        g.emit(2, "box[0] = k")
    return _function(g, "_switch", {"MULTI": multi, "Atom": Atom}, ", lim, maxd, box")
