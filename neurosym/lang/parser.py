"""The NSL parser: source text -> terms, clauses, directives and queries.

Lark (LALR, contextual lexer) reads the text with ``grammars/nsl.lark`` and
calls the rule methods of :class:`~.builder.Builder` as it reduces (an
inline transformer: no parse tree is built); the builder turns each flat
sequence of primaries and names into a term with the operator table.

Errors: the parser reports every bad clause of a file.  After an error it
finds the end of the clause (``.`` followed by layout, ``%`` or the end of
the text), records a :class:`~neurosym.errors.ParseError` in words (see
:mod:`.diagnostics`) and goes on from there.  Text that ends inside a clause
raises :class:`~neurosym.errors.IncompleteInput` (the REPL reads another
line).
"""

from __future__ import annotations

import threading

from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import LexerState, LexerThread, LineCounter
from lark.utils import TextSlice

from ..errors import ParseError
from ..terms import Span, Struct, deref
from ..terms.operators import DEFAULT_OPERATORS, OperatorTable
from . import diagnostics as diag
from .builder import QUERY_NECK, TEMPLATE, Builder, is_placeholder, op_directive_defs
from .grammar import build_parser
from .lexical import SyntaxFault
from .program import Program, Query

__all__ = ["parse_program", "parse_term", "parse_query", "TEMPLATE", "is_placeholder",
           "op_directive_defs"]


_lock = threading.Lock()
_state: dict = {}


def _parser():
    p = _state.get("parser")
    if p is None:
        b = Builder()
        p = _state["parser"] = build_parser(b)
        _state["builder"] = b
    return p, _state["builder"]


class _Cursor:
    """Where Lark starts reading: ``text[lo:hi]`` in place (a ``TextSlice``,
    no copy) with a line counter set to ``lo``'s line and column, so tokens
    carry the offsets and lines of ``text``.  The line is advanced from the
    previous start, so restarting after each of n errors costs O(n) in all
    (blanking or re-counting the text before ``lo`` cost O(n^2))."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.chars = 0          # characters the line count has walked (a work count)

    def stream(self, lexer, lo: int, hi: int) -> LexerThread:
        text = self.text
        if lo < self.pos:
            self.pos, self.line = 0, 1
        self.line += text.count("\n", self.pos, lo)
        self.chars += lo - self.pos
        self.pos = lo
        lc = LineCounter("\n")
        lc.char_pos = lo
        lc.line = self.line
        lc.line_start_pos = text.rfind("\n", 0, lo) + 1
        lc.column = lo - lc.line_start_pos + 1
        return LexerThread(lexer, LexerState(TextSlice(text, lo, hi), lc))


def _parse(parser, cursor: _Cursor, lo: int, hi: int, start: str):
    """Lark's ``parser.parse`` of ``text[lo:hi]`` in place (see ``_Cursor``)."""
    if lo == 0 and hi == len(cursor.text):
        return parser.parse(cursor.text, start=start)
    front = parser.parser
    return front.parser.parse(cursor.stream(front.lexer, lo, hi), start)


def _describe(e: Exception, text: str, lo: int, hi: int):
    """(error position, message, width, incomplete) for any failure."""
    if isinstance(e, SyntaxFault):
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


def _run(text: str, file: str | None, start: str, b: Builder, parser, errors: list,
         lo: int, hi: int, depth: int = 0, cursor: _Cursor | None = None):
    """Parse ``text[lo:hi]`` (clause boundaries), recording errors and going on."""
    result = None
    if cursor is None:
        cursor = _Cursor(text)
    while lo < hi:
        b.prev_end = lo
        b.clear_vars()
        try:
            result = _parse(parser, cursor, lo, hi, start)
            return result
        except (SyntaxFault, UnexpectedInput) as e:
            done = max(lo, b.prev_end)
            pos, msg, width, incomplete = _describe(e, text, done, hi)
            scan = diag.clause_bounds(text, done, pos)
            if scan.start > done and start == "start" and depth < 2 and scan.start < hi:
                # clauses Lark read but had not reduced yet (it needs a lookahead)
                _run(text, file, start, b, parser, errors, done, scan.start, depth + 1, cursor)
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
