"""The NSL term builder: Lark's inline transformer for ``grammars/nsl.lark``.

:class:`Builder`'s rule methods build terms and program items as Lark
reduces (no parse tree is built).  The grammar reads each term as a flat
sequence of primaries and names; :meth:`Builder._resolve` turns that
sequence into a term with the operator table, the way a Prolog reader does
(priorities, associativity, prefix operators that are also atoms, ``-1``
versus ``- 1``).  It works with explicit stacks, so long operator chains (a
body of 100,000 goals) never recurse.

A read clause becomes an item (:mod:`.program`): a clause (possibly
weighted, ``0.8 :: p(a).``), a directive, a query, or a rule template
(``3 #1(X,Y) :- ...`` is read as ``:- template(3, Rule)``).  ``:- op(...)``
directives change the table the rest of the text is read with.
"""

from __future__ import annotations

import re

from lark import Token, Transformer

from ..terms import CURLY, LIST, NECK, NIL, TRUE, Atom, Clause, Span, Struct, Var, deref
from ..terms.operators import DEFAULT_OPERATORS, OperatorTable, op_directive_names
from ..terms.printer import format_term
from . import diagnostics as diag
from .lexical import SyntaxFault, to_float, to_int, unescape
from .program import Directive, Query

__all__ = ["Builder", "TEMPLATE", "QUERY_NECK", "is_placeholder", "op_directive_defs"]

QUERY_NECK = Atom("?-")
WEIGHT_OP = Atom("::")
TEMPLATE = Atom("template")      # ``3 #1(X,Y) :- ...`` is read as ``:- template(3, Rule)``
_PLACEHOLDER = re.compile(r"#\d+")
_NAMES = frozenset(("NAME", "SYM", "SOLO"))         # names that may be operators
_SEPS = frozenset(("COMMA", "BAR"))
_NUMBERS = frozenset(("INT", "FLOAT"))
_ATOM_GET = Atom._table.get     # interned atoms by name (Atom() itself on a miss)
_SPECIAL_HEADS = frozenset((NECK, QUERY_NECK, WEIGHT_OP, Atom("-->")))
_OP = Atom("op")
_COMMA = Atom(",")
_LAYOUT_MATCH = diag._LAYOUT.match


def is_placeholder(name: Atom) -> bool:
    """``'#1'``, ``'#2'``, ...: predicate placeholders of rule templates."""
    return _PLACEHOLDER.fullmatch(name.name) is not None


class _Kids:
    """What an inlined helper rule reduces to: only its children matter."""

    __slots__ = ("children",)

    def __init__(self, data, children, meta) -> None:
        self.children = children


class Builder(Transformer):
    """Lark's inline transformer: builds terms and program items as Lark reduces."""

    __visit_tokens__ = False

    def __init__(self, ops: OperatorTable = DEFAULT_OPERATORS) -> None:
        super().__init__()
        self.set_ops(ops)
        self.conv = {
            "NAME": self._atom, "SYM": self._atom, "SOLO": self._atom, "PH": self._atom,
            "QATOM": self._qatom, "VAR": self._var, "INT": self._int, "FLOAT": self._float,
            "STRING": self._string, "BACKQ": self._backq,
        }
        self.begin("", None)

    def set_ops(self, ops: OperatorTable) -> None:
        """Read with ``ops`` (a file's ``:- op(...)`` directives change it)."""
        self.ops = ops
        self.prefix = ops.prefix
        self.infix = ops.infix
        self.postfix = ops.postfix

    # per-parse / per-clause state
    def begin(self, text: str, file: str | None,
              ops: OperatorTable = DEFAULT_OPERATORS) -> None:
        self.set_ops(ops)
        self.text = text
        self.file = file
        self.items: list = []
        self.warnings: list = []
        self.prev_end = 0
        self.clear_vars()

    def clear_vars(self) -> None:
        self.varmap: dict[str, Var] = {}
        self.var_first: dict[str, Token] = {}
        self.var_multi: set[str] = set()

    # Lark calls this for the helper rules of ``x+`` / ``x*``; their children
    # are spliced into the parent, so a bare holder is all that is needed
    __default__ = _Kids

    # -- tokens -> terms
    def _atom(self, tok: Token):
        name = str(tok)     # a plain str: Token's own __eq__ is slow in dict lookups
        return _ATOM_GET(name) or Atom(name)

    def _qatom(self, tok: Token):
        return Atom(unescape(tok[1:-1], "'", tok.start_pos + 1))

    def _string(self, tok: Token):
        return unescape(tok[1:-1], '"', tok.start_pos + 1)

    def _backq(self, tok: Token):
        s = unescape(tok[1:-1], "`", tok.start_pos + 1)
        out = NIL
        for ch in reversed(s):
            out = Struct(LIST, (ord(ch), out))
        return out

    def _int(self, tok: Token):
        return to_int(tok)

    def _float(self, tok: Token):
        v = to_float(tok)
        if v - v != 0.0 and v == v and not tok.endswith("Inf"):     # 1.0e400: SWI refuses it
            raise SyntaxFault("float_overflow", tok.start_pos, len(tok))
        return v

    def _var(self, tok: Token):
        name = str(tok)
        if name == "_":
            return Var("_")
        v = self.varmap.get(name)
        if v is None:
            v = self.varmap[name] = Var(name)
            self.var_first[name] = tok
        else:
            self.var_multi.add(name)
            if tok.start_pos < self.var_first[name].start_pos:
                # terms are built inside out: keep the leftmost occurrence
                self.var_first[name] = tok
        return v

    # -- rules
    def start(self, children):
        return None

    def expr(self, c):
        if len(c) == 1:
            return self._one(c[0])
        return self._resolve(c)

    elem = expr

    def term_only(self, c):
        return c[0]

    def compound(self, c):
        f = c[0]
        name = f[:-1]
        quoted = name[0] == "'"
        if quoted:
            name = unescape(name[1:-1], "'", f.start_pos + 1)
        else:
            name = str(name)
        n = len(c)
        if n == 2 or (n == 4 and type(c[2]) is Token and c[2].type == "COMMA"):
            # the common shapes f(A) and f(A, B), each argument a single item
            args = [self._one(c[k]) for k in range(1, n, 2)]
        else:
            args = self._split_args(c)
        term = Struct(_ATOM_GET(name) or Atom(name), tuple(args))
        if not quoted and name in self.infix:
            # ``a-(b, c)``: the reader may need it as an operator and a bracketed term
            return (term, f, c[1:])
        return (term, f)

    def _one(self, x):
        """The term of a single item (an expression, an argument)."""
        if type(x) is tuple:
            return x[0]
        t = x.type
        if t in _SEPS:
            raise SyntaxFault("illegal start of term", x.start_pos)
        return self.conv[t](x)

    def _split_args(self, c) -> list:
        """Split the argument items of ``f(...)`` at its top-level commas."""
        args = []
        seg = 1
        n = len(c)
        for j in range(1, n):
            x = c[j]
            if type(x) is Token and x.type == "COMMA":
                if j == seg:
                    raise SyntaxFault("illegal start of term", x.start_pos)
                args.append(self._one(c[seg]) if j == seg + 1 else self._resolve(c[seg:j]))
                seg = j + 1
        if seg == n:
            raise SyntaxFault("illegal start of term", diag.skip_layout(self.text, c[-1].end_pos))
        args.append(self._one(c[seg]) if n == seg + 1 else self._resolve(c[seg:]))
        return args

    def list(self, c):
        lsq = c[0]
        n = len(c)
        if n == 1:
            return (NIL, lsq)
        if n >= 4 and type(c[-2]) is Token:
            out = c[-1]
            elems = c[1:-2]
        else:
            out = NIL
            elems = c[1:]
        for x in reversed(elems):
            out = Struct(LIST, (x, out))
        return (out, lsq)

    def curly(self, c):
        if len(c) == 1:
            return (CURLY, c[0])
        return (Struct(CURLY, (c[1],)), c[0])

    def paren(self, c):
        return (c[1], c[0])

    def clause(self, c):
        end = c[-1]
        term = c[-2]
        count = c[0] if len(c) == 3 else None
        try:
            self._emit(term, end, count)
        finally:
            if self.var_first:
                self.clear_vars()
        self.prev_end = end.end_pos

    # -- operator resolution
    def _starts_operand(self, x) -> bool:
        if type(x) is tuple:
            return True
        t = x.type
        if t in _SEPS:
            return False
        if t in _NAMES:
            return not (x in self.infix and x not in self.prefix)
        return True

    def _resolve(self, c):
        """Resolve a flat sequence of primaries and names with the operator table."""
        prefix, infix, conv = self.prefix, self.infix, self.conv
        terms: list = []
        pris: list = []
        stack: list = []           # pending operators: (Op, is_prefix, token)
        want = True                # expecting an operand
        i = 0
        n = len(c)
        while i < n:
            x = c[i]
            if want:
                if type(x) is tuple:
                    term = x[0]
                elif x.type in _NAMES:
                    nxt = c[i + 1] if i + 1 < n else None
                    if (x == "-" and nxt is not None and type(nxt) is Token
                            and nxt.type in _NUMBERS and nxt.start_pos == x.end_pos):
                        term = -conv[nxt.type](nxt)     # a negative number
                        i += 1
                    else:
                        op = prefix.get(x)
                        if op is not None and nxt is not None and self._starts_operand(nxt):
                            stack.append((op, True, x))
                            i += 1
                            continue
                        term = Atom(str(x))
                elif x.type in _SEPS:
                    raise SyntaxFault("illegal start of term", x.start_pos)
                else:
                    term = conv[x.type](x)
                terms.append(term)
                pris.append(0)
                want = False
                i += 1
                continue
            # expecting an infix operator
            if type(x) is tuple and len(x) == 3:
                # ``a-(b,c)``: the name before '(' is an infix operator here
                f = x[1]
                op = infix[f[:-1]]
                inner = self._resolve(x[2]) if len(x[2]) > 1 else self.expr(x[2])
                self._reduce_before(op, stack, terms, pris, f.start_pos, len(f) - 1)
                stack.append((op, False, f))
                terms.append(inner)
                pris.append(0)
                i += 1
                continue
            if type(x) is Token and (x.type in _NAMES or x.type in _SEPS):
                op = infix.get(x)
                pop = self.postfix.get(x) if self.postfix else None
                if pop is not None and (op is None or i + 1 >= n
                                        or not self._starts_operand(c[i + 1])):
                    # a postfix operator: ``task is_done``
                    self._reduce_before(pop, stack, terms, pris, x.start_pos, len(x))
                    terms[-1] = Struct(_ATOM_GET(pop.name) or Atom(pop.name), (terms[-1],))
                    pris[-1] = pop.priority
                    i += 1
                    continue
                if op is None:
                    raise SyntaxFault("operator expected", x.start_pos, len(x))
                self._reduce_before(op, stack, terms, pris, x.start_pos, len(x))
                stack.append((op, False, x))
                want = True
                i += 1
                continue
            raise self._operator_expected(x)
        if want:
            raise self._missing_operand(stack[-1][2])
        while stack:
            self._reduce(stack, terms, pris)
        return terms[0]

    def _reduce_before(self, op, stack, terms, pris, pos: int, width: int) -> None:
        """Reduce the pending operators that bind tighter than the infix or
        postfix ``op`` (at ``pos``), whose left operand is then ``terms[-1]``."""
        p = op.priority
        while stack and stack[-1][0].right_max < p:
            self._reduce(stack, terms, pris)
        if pris[-1] > op.left_max:
            raise SyntaxFault("operator priority clash", pos, width)

    def _missing_operand(self, tok: Token) -> SyntaxFault:
        """The text ends after the operator ``tok``."""
        at = diag.skip_layout(self.text, tok.end_pos)
        nxt = self.text[at:at + 1]
        msg = "unexpected end of clause" if nxt in (".", "") else "illegal start of term"
        return SyntaxFault(msg, at, 1, at >= len(self.text))

    def _reduce(self, stack, terms, pris) -> None:
        op, pre, tok = stack.pop()
        name = _ATOM_GET(op.name) or Atom(op.name)
        if pre:
            if pris[-1] > op.right_max:
                raise SyntaxFault("operator priority clash", tok.start_pos, len(tok))
            terms[-1] = Struct(name, (terms[-1],))
            pris[-1] = op.priority
            return
        if pris[-1] > op.right_max:
            raise SyntaxFault("operator priority clash", tok.start_pos, len(tok))
        right = terms.pop()
        pris.pop()
        terms[-1] = Struct(name, (terms[-1], right))
        pris[-1] = op.priority

    def _operator_expected(self, x) -> SyntaxFault:
        tok = x[1] if type(x) is tuple else x
        pos = tok.start_pos
        prev = diag._end_of_previous(self.text, pos, self.prev_end)
        if "\n" in self.text[prev:pos]:
            return SyntaxFault("missing '.' at end of clause", max(prev - 1, 0))
        return SyntaxFault("operator expected", pos, len(tok) if type(x) is Token else 1)

    # -- items
    def _span(self, end: Token) -> Span:
        text = self.text
        e = end.start_pos
        start = _LAYOUT_MATCH(text, self.prev_end).end()
        if start > e:
            start = e
        if text.find("\n", start, e) < 0:       # the usual one-line clause
            return Span(self.file, end.line, end.column - (e - start), end.line,
                        end.column + 1)
        line = end.line - text.count("\n", start, e)
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        return Span(self.file, line, col, end.line, end.column + 1)

    def _emit(self, term, end: Token, count) -> None:
        span = self._span(end)
        varmap = self.ordered_varmap()
        names = tuple(varmap)
        t = term
        is_query = type(t) is Struct and t.name is QUERY_NECK and len(t.args) == 1
        if self.var_first and not is_query:    # SWI warns of none in ?- queries
            self._singletons()
        if (count is None and type(t) is Struct and t.name not in _SPECIAL_HEADS
                and not t.name.name.startswith("#")):
            # fast path: a plain fact
            self.items.append(Clause(t, TRUE, None, span, names))
            return
        if type(t) is Struct:
            name, arity = t.name, len(t.args)
            if arity == 1 and name is NECK:
                self.items.append(Directive(t.args[0], span, names))
                self._op_directive(t.args[0])
                return
            if is_query:
                self.items.append(Query(t.args[0], span, varmap))
                return
        if count is not None or is_template(t):
            n = to_int(count) if count is not None else 1
            self.items.append(Directive(Struct(TEMPLATE, (n, t)), span, names))
            return
        weight = None
        if type(t) is Struct and t.name is WEIGHT_OP and len(t.args) == 2:
            weight = self._weight(t.args[0], span)
            t = t.args[1]
        if type(t) is Struct and t.name is NECK and len(t.args) == 2:
            head, body = t.args
        else:
            head, body = t, TRUE
        if type(head) is Struct and head.name is WEIGHT_OP and len(head.args) == 2:
            if weight is not None:
                raise SyntaxFault("a clause can have only one weight", self._start_pos())
            weight = self._weight(head.args[0], span)
            head = head.args[1]
        head = deref(head)
        if type(head) is not Atom and type(head) is not Struct:
            raise SyntaxFault("clause head must be an atom or a compound term, not "
                          + format_term(head, quoted=True), self._start_pos())
        self.items.append(Clause(head, body, weight, span, names))

    def ordered_varmap(self) -> dict:
        """The clause's named variables in order of first appearance (Lark
        builds a compound's arguments before the terms to its left)."""
        first = self.var_first
        vm = self.varmap
        if len(vm) < 2:
            return vm           # clear_vars() starts a new dict for the next clause
        order = sorted(vm, key=lambda k: first[k].start_pos)
        return {k: vm[k] for k in order}

    def _op_directive(self, goal) -> None:
        """Apply ``:- op(P, T, Names)`` to the table the rest of the file is
        read with, as SWI-Prolog's reader does."""
        defs = op_directive_defs(goal)
        if defs:
            if self.ops is DEFAULT_OPERATORS:   # never change the shared default
                self.set_ops(self.ops.copy())
            for p, t, name in defs:
                self.ops.add(p, t, name)

    def _start_pos(self) -> int:
        return diag.skip_layout(self.text, self.prev_end)

    def _weight(self, w, span) -> float:
        w = deref(w)
        if type(w) not in (int, float) or not 0 <= w <= 1:
            raise SyntaxFault("the weight of a weighted clause must be a number in [0, 1], not "
                          + format_term(w, quoted=True), self._start_pos())
        return float(w)

    def _singletons(self) -> None:
        first = self.var_first
        multi = self.var_multi
        order = sorted(first, key=lambda k: first[k].start_pos) if len(first) > 1 else first
        single = [n for n in order if n not in multi and not n.startswith("_")]
        if single:
            self.warnings.append(diag.singleton_warning(
                self.text, self.file, single, first[single[0]].start_pos))
        marked = [n for n in order if n in multi and n.startswith("_")]
        if marked:
            self.warnings.append(diag.singleton_warning(
                self.text, self.file, marked, first[marked[0]].start_pos,
                "Singleton-marked variables appearing more than once"))


def op_directive_defs(goal) -> list[tuple[int, str, str]]:
    """The ``(priority, type, name)`` definitions of a directive ``op(P, T,
    Names)`` (or a conjunction of them) that the reader applies as it reads a
    file.  An invalid one gives none: it is left to the ``op/3`` builtin,
    which reports the error when the directive runs."""
    out: list = []
    stack = [goal]
    while stack:
        g = deref(stack.pop())
        if type(g) is not Struct:
            continue
        if g.name is _COMMA and len(g.args) == 2:
            stack.append(g.args[1])
            stack.append(g.args[0])
            continue
        if g.name is not _OP or len(g.args) != 3:
            continue
        p, t, ns = (deref(a) for a in g.args)
        if type(t) is not Atom:
            continue
        names: list | None = []
        if type(ns) is Atom and ns is not NIL:
            names.append(ns.name)
        else:
            while type(ns) is Struct and ns.name is LIST and len(ns.args) == 2:
                a = deref(ns.args[0])
                if type(a) is not Atom:
                    names = None
                    break
                names.append(a.name)
                ns = deref(ns.args[1])
            if names is None or ns is not NIL:
                continue
        ok = op_directive_names(p, t.name, names)
        if ok is not None:
            out.extend((p, t.name, name) for name in ok)
    return out


def is_template(t) -> bool:
    """A clause whose head or a body goal has a placeholder functor (``#1``)."""
    head, body = (t.args if type(t) is Struct and t.name is NECK and len(t.args) == 2
                  else (t, None))
    stack = [head] if body is None else [head, body]
    while stack:
        g = deref(stack.pop())
        if type(g) is Struct:
            if g.name.name in (",", ";", "->", "\\+") and g is not head:
                stack.extend(g.args)
            elif _PLACEHOLDER.fullmatch(g.name.name):
                return True
        elif type(g) is Atom and _PLACEHOLDER.fullmatch(g.name):
            return True
    return False
