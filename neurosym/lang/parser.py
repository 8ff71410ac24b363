"""The NSL parser: source text -> terms, clauses, directives and queries.

Lark (LALR, contextual lexer) reads the text with ``grammars/nsl.lark`` and
calls :class:`_Builder`'s rule methods as it reduces (an inline transformer:
no parse tree is built).  The grammar reads each term as a flat sequence of
primaries and names; :meth:`_Builder._resolve` turns that sequence into a
term with the operator table, the way a Prolog reader does (priorities,
associativity, prefix operators that are also atoms, ``-1`` versus ``- 1``).
It works with explicit stacks, so long operator chains (a body of 100,000
goals) never recurse.

Errors: the parser reports every bad clause of a file.  After an error it
finds the end of the clause (``.`` followed by layout, ``%`` or the end of
the text), records a :class:`~neurosym.errors.ParseError` in words (see
:mod:`.diagnostics`) and goes on from there.  Text that ends inside a clause
raises :class:`~neurosym.errors.IncompleteInput` (the REPL reads another
line).
"""

from __future__ import annotations

import re
import threading

from lark import Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from ..errors import ParseError
from ..terms import CURLY, LIST, NECK, NIL, TRUE, Atom, Clause, Span, Struct, Var, deref
from ..terms.operators import DEFAULT_OPERATORS, OperatorTable, op_directive_names
from . import diagnostics as diag
from .grammar import build_parser
from .program import Directive, Program, Query

__all__ = ["parse_program", "parse_term", "parse_query", "unescape", "TEMPLATE",
           "is_placeholder", "op_directive_defs"]

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


class _Syntax(Exception):
    """A syntax error found while building terms (inside a Lark callback)."""

    def __init__(self, message: str, pos: int, width: int = 1,
                 incomplete: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.width = width
        self.incomplete = incomplete


def is_placeholder(name: Atom) -> bool:
    """``'#1'``, ``'#2'``, ...: predicate placeholders of rule templates."""
    return _PLACEHOLDER.fullmatch(name.name) is not None


# -- escapes -------------------------------------------------------------------

_SIMPLE_ESC = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f",
               "v": "\v", "e": "\x1b", "s": " ", "z": "", "\\": "\\", "'": "'",
               '"': '"', "`": "`", "\n": ""}
_ESC = {q: re.compile(r"\\(x[0-9a-fA-F]+\\?|[0-7]+\\?|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])|"
                      + re.escape(q * 2)) for q in "'\"`"}


def unescape(body: str, quote: str = "'", pos: int = 0) -> str:
    """The text of a quoted item without its quotes: ``\\n``, ``\\xHH\\``,
    ``\\NNN\\`` (octal), ``\\uXXXX``, ``''`` (a doubled quote), and a
    backslash-newline continuation."""
    if "\\" not in body and quote not in body:
        return body

    def sub(m: re.Match) -> str:
        e = m.group(1)
        if e is None:
            return quote
        c = e[0]
        if len(e) == 1:
            r = _SIMPLE_ESC.get(c)
            if r is None:
                raise _Syntax(f"undefined escape sequence '\\{c}'", pos + m.start(), 2)
            return r
        if c == "x":
            code = int(e[1:].rstrip("\\"), 16)
        elif c in "uU":
            code = int(e[1:], 16)
        else:
            code = int(e.rstrip("\\"), 8)
        if code > 0x10FFFF:
            raise _Syntax("character code out of range", pos + m.start(), len(e) + 1)
        return chr(code)

    return _ESC[quote].sub(sub, body)


# -- numbers -------------------------------------------------------------------

def _to_int(s: str) -> int:
    if len(s) > 1 and s[0] == "0":
        c = s[1]
        if c == "'":
            rest = s[2:]
            if rest in ("'", "''"):
                return 39
            if rest[0] == "\\":
                return ord(unescape(rest, "'"))
            return ord(rest)
        if c == "x":
            return int(s[2:], 16)
        if c == "o":
            return int(s[2:], 8)
        if c == "b":
            return int(s[2:], 2)
    if len(s) > 4000:      # Python refuses int() of very long digit strings
        return _big_int(s)
    return int(s)


def _big_int(s: str) -> int:
    out = 0
    for i in range(0, len(s), 4000):
        chunk = s[i:i + 4000]
        out = out * 10 ** len(chunk) + int(chunk)
    return out


def _to_float(s: str) -> float:
    if s.endswith("Inf"):
        return float("inf")
    if s.endswith("NaN"):
        return float("nan")
    return float(s)


class _Kids:
    """What an inlined helper rule reduces to: only its children matter."""

    __slots__ = ("children",)

    def __init__(self, data, children, meta) -> None:
        self.children = children


# -- the builder -----------------------------------------------------------------

class _Builder(Transformer):
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
        return _to_int(tok)

    def _float(self, tok: Token):
        return _to_float(tok)

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
            x = c[0]
            if type(x) is tuple:
                return x[0]
            t = x.type
            if t in _SEPS:
                raise _Syntax("illegal start of term", x.start_pos)
            return self.conv[t](x)
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
        """The term of a single-item argument."""
        if type(x) is tuple:
            return x[0]
        t = x.type
        if t in _SEPS:
            raise _Syntax("illegal start of term", x.start_pos)
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
                    raise _Syntax("illegal start of term", x.start_pos)
                args.append(self._one(c[seg]) if j == seg + 1 else self._resolve(c[seg:j]))
                seg = j + 1
        if seg == n:
            raise _Syntax("illegal start of term", diag.skip_layout(self.text, c[-1].end_pos))
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
                    terms.append(x[0])
                    pris.append(0)
                    want = False
                    i += 1
                    continue
                t = x.type
                if t in _NAMES:
                    nxt = c[i + 1] if i + 1 < n else None
                    if (x == "-" and nxt is not None and type(nxt) is Token
                            and nxt.type in _NUMBERS and nxt.start_pos == x.end_pos):
                        terms.append(-conv[nxt.type](nxt))
                        pris.append(0)
                        want = False
                        i += 2
                        continue
                    op = prefix.get(x)
                    if op is not None and nxt is not None and self._starts_operand(nxt):
                        stack.append((op, True, x))
                        i += 1
                        continue
                    terms.append(Atom(str(x)))
                    pris.append(0)
                    want = False
                    i += 1
                    continue
                if t in _SEPS:
                    raise _Syntax("illegal start of term", x.start_pos)
                terms.append(conv[t](x))
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
                p = op.priority
                while stack and stack[-1][0].right_max < p:
                    self._reduce(stack, terms, pris)
                if pris[-1] > op.left_max:
                    raise _Syntax("operator priority clash", f.start_pos, len(f) - 1)
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
                    p = pop.priority
                    while stack and stack[-1][0].right_max < p:
                        self._reduce(stack, terms, pris)
                    if pris[-1] > pop.left_max:
                        raise _Syntax("operator priority clash", x.start_pos, len(x))
                    terms[-1] = Struct(_ATOM_GET(pop.name) or Atom(pop.name), (terms[-1],))
                    pris[-1] = p
                    i += 1
                    continue
                if op is None:
                    raise _Syntax("operator expected", x.start_pos, len(x))
                p = op.priority
                while stack and stack[-1][0].right_max < p:
                    self._reduce(stack, terms, pris)
                if pris[-1] > op.left_max:
                    raise _Syntax("operator priority clash", x.start_pos, len(x))
                stack.append((op, False, x))
                want = True
                i += 1
                continue
            raise self._operator_expected(x)
        if want:
            op, _pre, tok = stack[-1]
            at = diag.skip_layout(self.text, tok.end_pos)
            nxt = self.text[at:at + 1]
            msg = "unexpected end of clause" if nxt in (".", "") else "illegal start of term"
            raise _Syntax(msg, at, 1, at >= len(self.text))
        while stack:
            self._reduce(stack, terms, pris)
        return terms[0]

    def _reduce(self, stack, terms, pris) -> None:
        op, pre, tok = stack.pop()
        name = _ATOM_GET(op.name) or Atom(op.name)
        if pre:
            if pris[-1] > op.right_max:
                raise _Syntax("operator priority clash", tok.start_pos, len(tok))
            terms[-1] = Struct(name, (terms[-1],))
            pris[-1] = op.priority
            return
        if pris[-1] > op.right_max:
            raise _Syntax("operator priority clash", tok.start_pos, len(tok))
        right = terms.pop()
        pris.pop()
        terms[-1] = Struct(name, (terms[-1], right))
        pris[-1] = op.priority

    def _operator_expected(self, x) -> _Syntax:
        tok = x[1] if type(x) is tuple else x
        pos = tok.start_pos
        prev = diag._end_of_previous(self.text, pos, self.prev_end)
        if "\n" in self.text[prev:pos]:
            return _Syntax("missing '.' at end of clause", max(prev - 1, 0))
        return _Syntax("operator expected", pos, len(tok) if type(x) is Token else 1)

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
                and t.name.name[0] != "#"):
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
        if count is not None or _is_template(t):
            n = _to_int(count) if count is not None else 1
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
                raise _Syntax("a clause can have only one weight", self._start_pos())
            weight = self._weight(head.args[0], span)
            head = head.args[1]
        head = deref(head)
        if type(head) is not Atom and type(head) is not Struct:
            from ..terms.printer import format_term
            raise _Syntax("clause head must be an atom or a compound term, not "
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
            from ..terms.printer import format_term
            raise _Syntax("the weight of a weighted clause must be a number in [0, 1], not "
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


def _is_template(t) -> bool:
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


# -- driving Lark, with recovery ------------------------------------------------

_lock = threading.Lock()
_state: dict = {}
_BLANK = re.compile(r"[^\n]")
_LAYOUT_MATCH = diag._LAYOUT.match


def _parser():
    p = _state.get("parser")
    if p is None:
        b = _Builder()
        p = _state["parser"] = build_parser(b)
        _state["builder"] = b
    return p, _state["builder"]


def _window(text: str, lo: int, hi: int) -> str:
    """``text[lo:hi]`` at its place: what comes before is blanked (newlines kept),
    so Lark's lines, columns and offsets are those of ``text``."""
    if lo == 0 and hi == len(text):
        return text
    return _BLANK.sub(" ", text[:lo]) + text[lo:hi]


def _describe(e: Exception, text: str, lo: int, hi: int):
    """(error position, message, width, incomplete) for any failure."""
    if isinstance(e, _Syntax):
        scan = diag.clause_bounds(text, lo, e.pos)
        if scan.unterminated is not None and scan.unterminated[1] <= e.pos:
            what, p = scan.unterminated
            return p, f"unterminated {what}", 1, hi == len(text)
        return e.pos, e.message, e.width, e.incomplete and hi == len(text)
    if isinstance(e, UnexpectedCharacters):
        pos = e.pos_in_stream
        scan = diag.clause_bounds(text, lo, pos)
        msg, p, w, inc = diag.describe_char_error(text, scan, pos)
        return p, msg, w, inc
    assert isinstance(e, UnexpectedToken)
    tok = e.token
    at_eof = tok.type == "$END"
    pos = hi if at_eof else tok.start_pos
    scan = diag.clause_bounds(text, lo, pos)
    msg, p, w, inc = diag.describe_token_error(text, scan, tok.type, str(tok), pos,
                                               at_eof)
    return p, msg, w, inc and hi == len(text)


def _run(text: str, file: str | None, start: str, b: _Builder, parser, errors: list,
         lo: int, hi: int, depth: int = 0):
    """Parse ``text[lo:hi]`` (clause boundaries), recording errors and going on."""
    result = None
    while lo < hi:
        b.prev_end = lo
        b.clear_vars()
        try:
            result = parser.parse(_window(text, lo, hi), start=start)
            return result
        except (_Syntax, UnexpectedInput) as e:
            done = max(lo, b.prev_end)
            pos, msg, width, incomplete = _describe(e, text, done, hi)
            scan = diag.clause_bounds(text, done, pos)
            if scan.start > done and start == "start" and depth < 2 and scan.start < hi:
                # clauses Lark read but had not reduced yet (it needs a lookahead)
                _run(text, file, start, b, parser, errors, done, scan.start, depth + 1)
            errors.append(diag.syntax_error(text, file, pos, msg, width, incomplete))
            if start != "start" or scan.end <= lo:
                return None
            lo = min(scan.end, hi)
    return result


def _raise(errors: list, program: Program | None = None) -> None:
    """Raise the first error, carrying all of them (and, for a file, the
    :class:`Program` of its good clauses as ``.program``, so a loader can do
    what SWI-Prolog does: report the errors and load the rest)."""
    first = errors[0]
    if len(errors) > 1:
        first = ParseError(first.message, file=first.file, line=first.line,
                           column=first.column, source_line=first.source_line,
                           width=first.width, errors=errors)
    first.program = program
    raise first


def parse_program(text: str, file: str | None = None,
                  ops: OperatorTable | None = None) -> Program:
    """Parse a whole source text into a :class:`Program` (items in source order).

    ``ops``: the operator table to start from (default: the standard one);
    it is not changed -- the file's ``:- op(...)`` directives apply to a copy
    while the file is read (running them changes the KB's table).

    Raises :class:`ParseError` listing every bad clause, or
    :class:`IncompleteInput` when the text ends in the middle of a clause."""
    if text.startswith("\ufeff"):          # a byte-order mark: blank it, keep offsets
        text = " " + text[1:]
    if text.startswith("#!"):               # a script's #! line, as SWI-Prolog skips it
        nl = text.find("\n")
        text = " " * (len(text) if nl < 0 else nl) + ("" if nl < 0 else text[nl:])
    with _lock:
        parser, b = _parser()
        b.begin(text, file, DEFAULT_OPERATORS if ops is None else ops.copy())
        errors: list = []
        try:
            _run(text, file, "start", b, parser, errors, 0, len(text))
            items, warnings = b.items, b.warnings
        finally:
            b.begin("", None)
    warnings.extend(diag.discontiguous_warnings(items, text, file))
    warnings.sort(key=lambda w: (w.line, w.column))
    program = Program(items=items, warnings=warnings, file=file)
    if errors:
        _raise(errors, program)
    return program


def parse_term(text: str, file: str | None = None,
               ops: OperatorTable | None = None) -> tuple:
    """One term; the final ``.`` is optional.  Returns ``(term, {name: Var})``,
    the variables in order of first appearance.  ``ops``: the operator table
    (default: the standard one)."""
    with _lock:
        parser, b = _parser()
        b.begin(text, file, DEFAULT_OPERATORS if ops is None else ops)
        errors: list = []
        try:
            term = _run(text, file, "term_only", b, parser, errors, 0, len(text))
            varmap = b.ordered_varmap()
        finally:
            b.begin("", None)
    if errors:
        _raise(errors)
    if term is None and not errors:
        raise diag.syntax_error(text, file, len(text), "unexpected end of input",
                                incomplete=True)
    return term, varmap


def parse_query(text: str, *, require_end: bool = False,
                ops: OperatorTable | None = None) -> Query:
    """A query such as ``?- parent(X, bob).``; ``?-`` and the final ``.`` are
    optional.  With ``require_end=True`` a missing final ``.`` raises
    :class:`IncompleteInput` (the REPL then reads another line, as SWI-Prolog's
    toplevel does)."""
    stripped = text.rstrip()
    if require_end and not (stripped.endswith(".") and not stripped.endswith("..")):
        # let the parser find real errors first; a clean text just needs its '.'
        parse_term(text, ops=ops)
        raise diag.syntax_error(text, None, len(stripped), "missing '.' at end of query",
                                incomplete=True)
    term, varmap = parse_term(text, ops=ops)
    term = deref(term)
    if type(term) is Struct and term.name is QUERY_NECK and len(term.args) == 1:
        term = term.args[0]
    line, col = 1, 1
    span = Span(None, line, col, *diag.line_col(text, len(stripped)))
    return Query(term, span, dict(varmap))
