"""Compiling the evaluator's rules (:mod:`.ir`) to SQL, one ``SELECT`` per rule
and choice of parts, for the SQL backends (:mod:`.sqlrun`, :mod:`.duck`,
:mod:`.spark`).

A relation ``p/n`` is a table of ``n`` ``BIGINT`` columns ``c0 .. c{n-1}`` holding
external codes (:mod:`.values`): an atom is its symbol id in the store, a small
integer ``k`` is ``INT_BASE + k``, other constants are negative side-table codes;
so tables are integer columns and equality of codes is equality of terms.  A
0-ary relation has one column ``c0`` (one row: true).  Each relation has three
names, chosen by :class:`Names`: the *stable* rows, the *delta* of the last
round, and the *full* view of both (as :mod:`.seminaive` reads them).

A rule body becomes one ``SELECT DISTINCT`` over its positive literals (a join
per literal; constants and variables bound earlier are ``WHERE`` equalities), in
source order:

* ``\\+ p(...)``: ``NOT EXISTS`` over ``p``'s full rows (free variables are local);
* ``==``, ``\\==``, ``\\=``: code (in)equality;
* arithmetic (``is/2`` and ``<`` ...): on integers only -- a code is checked to be
  an integer and shifted to its value (``HUGEINT``; Spark: ``DECIMAL(38, 0)``,
  the :class:`Dialect`), results shifted back after a
  range check.  The operators SQL computes exactly as SWI-Prolog does on integers:
  ``+ - * // mod rem min max abs sign`` and ``/`` when exact.  Anything else is
  :class:`SqlUnsupported` at compile time; a non-integer value at run time is an
  error raised by the engine (``error()``), never a silent result;
* ``aggregate_all(count|sum(E)|min(E)|max(E), G, R)``: a ``LATERAL`` aggregate of
  the auxiliary relation grouped by the bound variables (``count`` and ``sum``
  of nothing are 0; ``min``/``max`` of nothing fail).
"""

from __future__ import annotations

from ...errors import EvaluationError
from .ir import Agg, Cmp, Const, Is, Neg, NotInFragment, Pos, Unify, key_str
from .values import INT_BASE, INT_MAX, INT_MIN, ValueTable

__all__ = ["SqlUnsupported", "Names", "rule_sql", "Dialect", "DUCKDB", "SPARK", "engine_error",
           "TYPE_ERROR", "RANGE_ERROR", "ZERO_ERROR"]

TYPE_ERROR = "neurosym: integer arithmetic expected"
RANGE_ERROR = "neurosym: integer result out of range"
ZERO_ERROR = "neurosym: zero_divisor"

_CMP = {"<": "<", ">": ">", "=<": "<=", ">=": ">=", "=:=": "=", "=\\=": "<>"}
_LO = INT_BASE + INT_MIN


class SqlUnsupported(NotInFragment):
    """In the Datalog fragment, but not computed by the SQL backends (the
    message says what, and that ``backend="numpy"`` computes it)."""


def engine_error(e: Exception) -> Exception | None:
    """The error to raise for an engine's exception ``e`` when it is one of
    ours (raised inside the engine by the checks the SQL carries): a zero
    divisor as Prolog's ``evaluation_error``, a non-integer or out-of-range
    value (or the engine's own integer overflow) as :class:`SqlUnsupported`;
    ``None`` for any other."""
    msg = str(e)
    if ZERO_ERROR in msg:
        return EvaluationError.new("zero_divisor")
    if any(m in msg for m in (TYPE_ERROR, RANGE_ERROR, "Out of Range", "ARITHMETIC_OVERFLOW")):
        return SqlUnsupported(
            "arithmetic on a value that is not an integer, or an integer result out of "
            "range: the SQL backends compute integer arithmetic only; backend='numpy' "
            "computes it")
    return None


class Dialect:
    """What differs between the SQL engines: the exact integer type of
    intermediate values, the function that raises an error, integer division."""

    __slots__ = ("name", "big", "raise_fn", "intdiv")

    def __init__(self, name: str, big: str, raise_fn: str, intdiv: str) -> None:
        self.name, self.big, self.raise_fn, self.intdiv = name, big, raise_fn, intdiv

    def error(self, msg: str) -> str:
        return f"{self.raise_fn}('{msg}')"


DUCKDB = Dialect("duckdb", "HUGEINT", "error", "//")
SPARK = Dialect("spark", "DECIMAL(38, 0)", "raise_error", "div")


class Names:
    """SQL names of relations: ``p{i}_s`` (stable), ``p{i}_d`` (delta), ``p{i}``
    (the full view), ``p{i}_n`` (candidates of a round)."""

    def __init__(self) -> None:
        self.ids: dict = {}
        self.override: dict = {}       # (key, part) -> name (a CTE's own name)

    def base(self, key) -> str:
        i = self.ids.get(key)
        if i is None:
            i = self.ids[key] = len(self.ids)
        return f"p{i}"

    def part(self, key, which: str) -> str:
        b = self.base(key)
        if (key, which) in self.override:
            return self.override[(key, which)]
        return {"full": b, "stable": b + "_s", "delta": b + "_d", "new": b + "_n"}[which]


def ncols(arity: int) -> int:
    return max(arity, 1)


class _Body:
    def __init__(self, rule, names: Names, values: ValueTable, parts: dict,
                 dialect: Dialect) -> None:
        self.rule, self.names, self.values, self.parts = rule, names, values, parts
        self.d = dialect
        self.froms: list[str] = []
        self.where: list[str] = []
        self.expr: dict[int, str] = {}     # slot -> SQL expression of its code

    def fail(self, what: str):
        c = self.rule.clause
        span = getattr(c, "span", None) if c is not None else None
        where = f" (clause for {key_str(self.rule.key)}{' at ' + str(span) if span else ''})"
        raise SqlUnsupported(f"{what} is not computed by the SQL backends; "
                             f"backend='numpy' computes it{where}")

    def code(self, v) -> str:
        try:
            return str(self.values.encode(v))
        except TypeError:
            self.fail(f"the constant {v!r}")

    def val(self, a) -> str:
        """Code of a slot (bound) or a Const."""
        return self.code(a.value) if type(a) is Const else self.expr[a]

    # -- arithmetic ------------------------------------------------------------
    def num(self, e) -> str:
        """A HUGEINT value expression for an IR arithmetic expression."""
        kind = e[0]
        if kind == "v":
            c = self.expr[e[1]]
            return (f"(CASE WHEN {c} >= {_LO} THEN CAST({c} AS {self.d.big}) - {INT_BASE} "
                    f"ELSE {self.d.error(TYPE_ERROR)} END)")
        if kind == "c":
            v = e[1]
            if type(v) is not int or not INT_MIN <= v <= INT_MAX:
                self.fail(f"arithmetic on {v!r}")
            return f"CAST({v} AS {self.d.big})"
        a = [self.num(s) for s in e[1]]
        if kind in ("+", "-", "*") and len(a) == 2:
            return f"({a[0]} {kind} {a[1]})"
        if kind == "-" and len(a) == 1:
            return f"(- {a[0]})"
        if kind == "+" and len(a) == 1:
            return a[0]
        if kind in ("min", "max") and len(a) == 2:
            return f"{'least' if kind == 'min' else 'greatest'}({a[0]}, {a[1]})"
        if kind == "abs" and len(a) == 1:
            return f"abs({a[0]})"
        if kind == "sign" and len(a) == 1:
            return f"(CASE WHEN {a[0]} > 0 THEN 1 WHEN {a[0]} < 0 THEN -1 ELSE 0 END)"
        if kind in ("//", "rem", "mod", "/") and len(a) == 2:
            x, y = a
            d = f"(CASE WHEN {y} = 0 THEN {self.d.error(ZERO_ERROR)} ELSE {y} END)"
            if kind == "//":
                return f"({x} {self.d.intdiv} {d})"
            if kind == "rem":
                return f"({x} % {d})"
            if kind == "mod":
                return f"((({x} % {d}) + {d}) % {d})"
            return (f"(CASE WHEN {x} % {d} = 0 THEN {x} {self.d.intdiv} {d} "
                    f"ELSE {self.d.error(TYPE_ERROR)} END)")
        self.fail(f"the arithmetic function {kind}/{len(a)}")

    def encode_num(self, v: str) -> str:
        return (f"CAST((CASE WHEN {v} BETWEEN {INT_MIN} AND {INT_MAX} THEN {v} + {INT_BASE} "
                f"ELSE {self.d.error(RANGE_ERROR)} END) AS BIGINT)")

    def bind_or_test(self, target, code: str) -> None:
        if type(target) is int and target not in self.expr:
            self.expr[target] = code
        else:
            self.where.append(f"{self.val(target)} = {code}")

    # -- literals --------------------------------------------------------------
    def literal(self, i: int, lit) -> None:
        t = type(lit)
        if t is Pos:
            alias = f"t{i}"
            self.froms.append(f"{self.names.part(lit.key, self.parts.get(i, 'full'))} AS {alias}")
            for j, a in enumerate(lit.args):
                col = f"{alias}.c{j}"
                if type(a) is Const or a in self.expr:
                    self.where.append(f"{col} = {self.val(a)}")
                else:
                    self.expr[a] = col
        elif t is Neg:
            alias = f"n{i}"
            conds, local = [], {}
            for j, a in enumerate(lit.args):
                col = f"{alias}.c{j}"
                if type(a) is Const or a in self.expr:
                    conds.append(f"{col} = {self.val(a)}")
                elif a in local:
                    conds.append(f"{col} = {local[a]}")
                else:
                    local[a] = col
            cond = " AND ".join(conds) or "TRUE"
            self.where.append(f"NOT EXISTS (SELECT 1 FROM {self.names.part(lit.key, 'full')} "
                              f"AS {alias} WHERE {cond})")
        elif t is Cmp:
            if lit.op in ("==", "\\==", "\\="):
                a, b = (self.val(x[1] if x[0] == "v" else Const(x[1])) for x in (lit.lhs, lit.rhs))
                self.where.append(f"{a} {'=' if lit.op == '==' else '<>'} {b}")
            else:
                self.where.append(f"{self.num(lit.lhs)} {_CMP[lit.op]} {self.num(lit.rhs)}")
        elif t is Is:
            self.bind_or_test(lit.target, self.encode_num(self.num(lit.expr)))
        elif t is Unify:
            a, b = lit.a, lit.b
            if type(a) is int and a not in self.expr:
                self.expr[a] = self.val(b)
            else:
                self.bind_or_test(b, self.val(a))
        elif t is Agg:
            self.aggregate(i, lit)

    def aggregate(self, i: int, lit: Agg) -> None:
        alias, g = f"a{i}", f"g{i}"
        conds = [f"{alias}.c{j} = {self.expr[s]}" for j, s in enumerate(lit.group)]
        if lit.kind == "count":
            value = "count(*)"
        else:
            inner = _Body(self.rule, self.names, self.values, {}, self.d)
            inner.expr = {j: f"{alias}.c{j}" for j in range(lit.aux[1])}
            value = f"{lit.kind}({inner.num(lit.value)})"
        self.froms.append(f"LATERAL (SELECT {value} AS v FROM {self.names.part(lit.aux, 'full')} "
                          f"AS {alias} WHERE {' AND '.join(conds) or 'TRUE'}) AS {g}")
        v = f"{g}.v"
        if lit.kind == "sum":
            v = f"coalesce({v}, 0)"
        elif lit.kind in ("min", "max"):
            self.where.append(f"{v} IS NOT NULL")
        self.bind_or_test(lit.result, self.encode_num(f"CAST({v} AS {self.d.big})"))

    def select(self) -> str:
        for i, lit in enumerate(self.rule.body):
            self.literal(i, lit)
        head = [self.val(a) for a in self.rule.head] or ["0"]
        cols = ", ".join(f"{h} AS c{j}" for j, h in enumerate(head))
        froms = ", ".join(["(SELECT 1) AS one"] + self.froms)
        where = f" WHERE {' AND '.join(self.where)}" if self.where else ""
        return f"SELECT DISTINCT {cols} FROM {froms}{where}"


def rule_sql(rule, names: Names, values: ValueTable, parts: dict | None = None,
             dialect: Dialect = DUCKDB) -> str:
    """The ``SELECT`` of ``rule``'s head rows; ``parts`` maps body positions to
    ``'stable'`` / ``'delta'`` (others read the full relation).  Raises
    :class:`SqlUnsupported`."""
    return _Body(rule, names, values, parts or {}, dialect).select()
