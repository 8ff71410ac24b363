"""Clauses -> the evaluator's intermediate form, and the fragment check.

A rule becomes a :class:`Rule`: head arguments and a list of body literals in
source order, each argument either a variable *slot* (an ``int``, numbered in
order of first appearance) or a :class:`Const`.  Literals:

* :class:`Pos`   ``p(A1..An)``        -- a join;
* :class:`Neg`   ``\\+ p(A1..An)``     -- an anti-join; variables not bound before it
  are local to it (``\\+`` never binds, as in Prolog);
* :class:`Cmp`   ``E1 op E2``         -- arithmetic (``<`` ...) or identity (``==`` ...) test;
* :class:`Is`    ``T is E``           -- arithmetic; binds ``T`` or tests it;
* :class:`Unify` ``A = B``            -- binds a free variable or tests two bound ones;
* :class:`Agg`   ``aggregate_all(count|sum(E)|min(E)|max(E), Goal, R)`` -- ``Goal``
  becomes an auxiliary rule ``'$aggN'(Group..., Locals...) :- Goal`` whose table is
  grouped by the variables bound before the aggregate.

The fragment is checked while compiling (Prolog's left-to-right order decides what
is bound, so an accepted rule means the same here as under SWI-Prolog with
``:- table``); a rule outside it raises :class:`NotInFragment` with the reason.
"""

from __future__ import annotations

from ...errors import NeurosymError
from ...terms import COMMA, TRUE, Atom, Clause, Struct, Var, deref, indicator, pred_key
from ...terms.printer import format_term
from ..builtins.registry import BUILTINS

__all__ = [
    "Const", "Pos", "Neg", "Cmp", "Is", "Unify", "Agg", "Rule", "NotInFragment",
    "compile_clauses", "Compiled", "key_str",
]


class NotInFragment(NeurosymError):
    """The program is outside the Datalog fragment (the message says why)."""


def key_str(key) -> str:
    return indicator(key[0], key[1])


class Const:
    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Const({self.value!r})"


class Pos:
    __slots__ = ("key", "args")

    def __init__(self, key, args) -> None:
        self.key, self.args = key, tuple(args)

    def __repr__(self) -> str:
        return f"Pos({key_str(self.key)}, {self.args})"


class Neg:
    __slots__ = ("key", "args")

    def __init__(self, key, args) -> None:
        self.key, self.args = key, tuple(args)

    def __repr__(self) -> str:
        return f"Neg({key_str(self.key)}, {self.args})"


class Cmp:
    __slots__ = ("op", "lhs", "rhs")   # expressions: ('v', slot) | ('c', value) | (op, (subs))

    def __init__(self, op, lhs, rhs) -> None:
        self.op, self.lhs, self.rhs = op, lhs, rhs

    def __repr__(self) -> str:
        return f"Cmp({self.op}, {self.lhs}, {self.rhs})"


class Is:
    __slots__ = ("target", "expr")

    def __init__(self, target, expr) -> None:
        self.target, self.expr = target, expr


class Unify:
    __slots__ = ("a", "b")

    def __init__(self, a, b) -> None:
        self.a, self.b = a, b


class Agg:
    """``kind`` in count/sum/min/max; ``aux`` the key of the auxiliary relation whose
    first ``len(group)`` columns are the group slots; ``value`` an expression over aux
    columns (``('v', column)``) or ``None`` for count; ``result`` a slot or Const."""

    __slots__ = ("kind", "aux", "group", "value", "result")

    def __init__(self, kind, aux, group, value, result) -> None:
        self.kind, self.aux, self.group, self.value, self.result = kind, aux, group, value, result


class Rule:
    __slots__ = ("key", "head", "body", "nvars", "clause", "aux_label")

    def __init__(self, key, head, body, nvars, clause=None, aux_label=None) -> None:
        self.key, self.head, self.body, self.nvars = key, tuple(head), list(body), nvars
        self.clause = clause
        self.aux_label = aux_label   # for '$aggN' rules: how to name them in messages

    def __repr__(self) -> str:
        return f"Rule({key_str(self.key)}{self.head} :- {self.body})"


ARITH_CMP = {"<", ">", "=<", ">=", "=:=", "=\\="}
IDENT_CMP = {"==", "\\==", "\\="}
AGG_KINDS = {"count", "sum", "min", "max"}
_CONTROL = {(",", 2), (";", 2), ("->", 2), ("*->", 2), ("!", 0), ("call", 1), ("findall", 3),
            ("bagof", 3), ("setof", 3), ("forall", 2), ("catch", 3), ("fail", 0),
            ("false", 0), ("aggregate_all", 3), ("aggregate_all", 4), ("is", 2),
            ("\\+", 1), ("not", 1), ("=", 2)} | {(o, 2) for o in ARITH_CMP | IDENT_CMP}
EVALUABLE = {("+", 2), ("-", 2), ("*", 2), ("/", 2), ("//", 2), ("mod", 2), ("rem", 2),
             ("min", 2), ("max", 2), ("-", 1), ("+", 1), ("abs", 1), ("sign", 1),
             ("**", 2), ("^", 2), (">>", 2), ("<<", 2), ("/\\", 2), ("\\/", 2),
             ("xor", 2), ("\\", 1), ("div", 2), ("truncate", 1), ("integer", 1),
             ("float", 1), ("sqrt", 1), ("gcd", 2), ("msb", 1)}


_SIDE_EFFECTS = {("write", 1), ("print", 1), ("writeln", 1), ("nl", 0), ("format", 1),
                 ("format", 2), ("assert", 1), ("asserta", 1), ("assertz", 1),
                 ("retract", 1), ("between", 3), ("member", 2), ("length", 2),
                 ("atom", 1), ("number", 1), ("integer", 1), ("var", 1), ("nonvar", 1),
                 ("functor", 3), ("arg", 3), ("copy_term", 2), ("succ", 2), ("plus", 3),
                 ("tab", 1), ("halt", 0), ("throw", 1), ("once", 1), ("ignore", 1)}


def _is_builtin(name: str, n: int) -> bool:
    return (name, n) in _CONTROL or (name, n) in _SIDE_EFFECTS or (Atom(name), n) in BUILTINS


def _is_const(t) -> bool:
    return type(t) in (Atom, int, float, str)


def _conjuncts(body) -> list:
    out, stack = [], [body]
    while stack:
        g = deref(stack.pop())
        if type(g) is Struct and g.name is COMMA and len(g.args) == 2:
            stack.append(g.args[1])
            stack.append(g.args[0])
        elif g is not TRUE:
            out.append(g)
    return out


def _term_vars(t, out: list) -> list:
    stack = [t]
    while stack:
        x = deref(stack.pop())
        if type(x) is Var:
            if all(x is not y for y in out):
                out.append(x)
        elif type(x) is Struct:
            stack.extend(reversed(x.args))
    return out


class Compiled:
    """The compiled program: ``rules`` (aux rules included) and ground ``facts``
    found among the clauses (``key -> list of value tuples``)."""

    __slots__ = ("rules", "facts", "aux")

    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.facts: dict = {}
        self.aux = 0


class _RuleCompiler:
    def __init__(self, prog: Compiled, clause) -> None:
        self.prog = prog
        self.clause = clause
        self.slots: dict[int, int] = {}
        self.bound: set[int] = set()

    def where(self) -> str:
        c = self.clause
        span = getattr(c, "span", None)
        return f" (clause for {key_str(c.key)}{' at ' + str(span) if span else ''})"

    def fail(self, msg: str):
        raise NotInFragment(msg + self.where())

    def slot(self, v: Var) -> int:
        s = self.slots.get(id(v))
        if s is None:
            s = self.slots[id(v)] = len(self.slots)
        return s

    def arg(self, t):
        t = deref(t)
        if type(t) is Var:
            return self.slot(t)
        if _is_const(t):
            return Const(t)
        self.fail(f"compound argument {_show(t)} (function symbols are outside the Datalog fragment)")

    def simple(self, t):
        a = self.arg(t)
        return ("v", a) if type(a) is int else ("c", a.value)

    def is_bound(self, t) -> bool:
        t = deref(t)
        return type(t) is not Var or id(t) in self.bound

    def bind_vars(self, t) -> None:
        for v in _term_vars(t, []):
            self.bound.add(id(v))
            self.slot(v)

    def expr(self, t):
        t = deref(t)
        if type(t) is Var:
            if id(t) not in self.bound:
                self.fail(f"variable {t.name or '_'} is not bound before arithmetic uses it")
            return ("v", self.slot(t))
        if type(t) in (int, float):
            return ("c", t)
        if type(t) is Struct and (t.name.name, len(t.args)) in EVALUABLE:
            return (t.name.name, tuple(self.expr(a) for a in t.args))
        if type(t) is Atom and t.name in ("pi", "e", "inf", "nan", "max_tagged_integer"):
            return (t.name, ())
        self.fail(f"{_show(t)} is not an arithmetic expression of the fragment")

    def atom_args(self, g, what: str) -> list:
        if type(g) is Atom:
            return []
        return [self.arg(a) for a in g.args]

    def literal(self, g, out: list) -> None:
        if type(g) is Var:
            self.fail("a variable as a goal (call/1) is outside the fragment")
        if type(g) not in (Atom, Struct):
            self.fail(f"{_show(g)} is not callable")
        name = g.name.name if type(g) is Struct else g.name
        n = len(g.args) if type(g) is Struct else 0
        if (name in ("\\+", "not")) and n == 1:
            inner = deref(g.args[0])
            if type(inner) not in (Atom, Struct) or self._special(inner):
                self.fail(f"negation of {_show(inner)}: only \\+ of a plain atom is in the fragment")
            args = self.atom_args(inner, "negation")
            out.append(Neg(pred_key(inner), args))
            return
        if n == 2 and name in ARITH_CMP:
            out.append(Cmp(name, self.expr(g.args[0]), self.expr(g.args[1])))
            return
        if n == 2 and name in IDENT_CMP:
            for a in g.args:
                if not self.is_bound(a):
                    self.fail(f"{name}/2 on a variable not bound before it")
            out.append(Cmp(name, self.simple(g.args[0]), self.simple(g.args[1])))
            return
        if n == 2 and name == "=":
            a, b = self.arg(g.args[0]), self.arg(g.args[1])
            if not (self.is_bound(g.args[0]) or self.is_bound(g.args[1])):
                self.fail("=/2 between two unbound variables")
            out.append(Unify(a, b))
            self.bind_vars(g)
            return
        if n == 2 and name == "is":
            e = self.expr(g.args[1])
            t = self.arg(g.args[0])
            out.append(Is(t, e))
            self.bind_vars(g.args[0])
            return
        if name == "aggregate_all" and n == 3:
            out.append(self.aggregate(g))
            return
        if _is_builtin(name, n):
            self.fail(f"{name}/{n} is outside the Datalog fragment")
        out.append(Pos(pred_key(g), self.atom_args(g, "literal")))
        self.bind_vars(g)

    @staticmethod
    def _special(g) -> bool:
        name = g.name.name if type(g) is Struct else g.name
        n = len(g.args) if type(g) is Struct else 0
        return _is_builtin(name, n)

    def aggregate(self, g) -> Agg:
        spec, goal, res = (deref(a) for a in g.args)
        if type(spec) is Atom and spec.name == "count":
            kind, vexpr = "count", None
        elif type(spec) is Struct and len(spec.args) == 1 and spec.name.name in AGG_KINDS - {"count"}:
            kind, vexpr = spec.name.name, spec.args[0]
        else:
            self.fail(f"aggregate_all/3 with {_show(spec)}: only count, sum(E), min(E), max(E)")
        gvars = _term_vars(goal, [])
        group = [v for v in gvars if id(v) in self.bound]
        local = [v for v in gvars if id(v) not in self.bound]
        if vexpr is not None:
            for v in _term_vars(vexpr, []):
                if all(v is not w for w in gvars):
                    self.fail("the aggregated expression uses a variable that the goal does not")
        prog = self.prog
        prog.aux += 1
        aux_name = Atom(f"$agg{prog.aux}")
        head_vars = group + local
        head = Struct(aux_name, tuple(head_vars)) if head_vars else aux_name
        sub = _RuleCompiler(prog, Clause(head, goal))
        rule = sub.compile()
        rule.aux_label = f"aggregate_all({kind}, ...)"
        prog.rules.append(rule)
        value = None
        if vexpr is not None:
            pos_c = _RuleCompiler(prog, self.clause)
            for i, v in enumerate(head_vars):
                pos_c.slots[id(v)] = i
                pos_c.bound.add(id(v))
            value = pos_c.expr(vexpr)
        gslots = [self.slot(v) for v in group]
        result = self.arg(res)
        self.bind_vars(res)
        return Agg(kind, (aux_name, len(head_vars)), gslots, value, result)

    def compile(self) -> Rule:
        c = self.clause
        head = deref(c.head)
        if type(head) is Struct:
            hargs = list(head.args)
            for a in hargs:
                a = deref(a)
                if not (type(a) is Var or _is_const(a)):
                    self.fail(f"compound {_show(a)} in the head (function symbols are outside the fragment)")
        else:
            hargs = []
        body = []
        for g in _conjuncts(c.body):
            self.literal(g, body)
        head_args = []
        for a in hargs:
            a = deref(a)
            if type(a) is Var and id(a) not in self.bound:
                self.fail(f"head variable {a.name or '_'} is not bound by the body (not range-restricted)")
            head_args.append(self.arg(a))
        return Rule(c.key, head_args, body, len(self.slots), c)


def _show(t) -> str:
    return format_term(t, quoted=True)


def compile_clauses(clauses) -> Compiled:
    """Compile clauses; ground facts go to ``facts``, rules to ``rules``.
    Raises :class:`NotInFragment`."""
    prog = Compiled()
    for c in clauses:
        if getattr(c, "weight", None) is not None:
            raise NotInFragment(f"weighted clause for {key_str(c.key)} (the evaluator is exact)")
        head = deref(c.head)
        if c.body is TRUE or deref(c.body) is TRUE:
            args = tuple(deref(a) for a in head.args) if type(head) is Struct else ()
            if all(_is_const(a) for a in args):
                prog.facts.setdefault(c.key, []).append(args)
                continue
        prog.rules.append(_RuleCompiler(prog, c).compile())
    return prog
