"""Diagnostics for NSL source: syntax errors in words, and warnings.

* Syntax errors: :func:`syntax_error` builds a :class:`~neurosym.errors.ParseError`
  with file, line, column, the source line and a caret width.  Lark's raw
  failures are turned into messages a Prolog user knows ("unbalanced '('",
  "unexpected ')'", "missing '.' at end of clause", "unterminated quoted
  atom", "illegal start of term") with the help of a small scanner
  (:class:`ClauseScan`) that knows quotes, comments and brackets, so Lark's
  terminal names never reach the user.
* Recovery: :func:`clause_bounds` finds the clause around an error (from the
  end of the previous clause to the next ``.`` followed by layout, ``%`` or
  the end of the text) so the parser can report it and go on.
* Warnings (SWI-Prolog's wording): singleton variables in a clause, and
  clauses of one predicate that are not together in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ..errors import IncompleteInput, ParseError, SourceWarning
from ..terms import Atom, Clause, Struct, deref, indicator
from .program import Directive

__all__ = [
    "line_col", "source_line", "syntax_error", "ClauseScan", "clause_bounds",
    "describe_token_error", "describe_char_error", "discontiguous_warnings",
    "singleton_warning", "skip_layout",
]

_LAYOUT = re.compile(r"(?:\s+|%[^\n]*|/\*[\s\S]*?\*/)*")

_SCAN = re.compile(r"""
    (?P<q>'(?:[^'\\]|\\(?:x[0-9a-fA-F]+\\|[0-7]+\\|[\s\S])|'')*')
  | (?P<dq>"(?:[^"\\]|\\(?:x[0-9a-fA-F]+\\|[0-7]+\\|[\s\S])|"")*")
  | (?P<bq>`(?:[^`\\]|\\(?:x[0-9a-fA-F]+\\|[0-7]+\\|[\s\S])|``)*`)
  | (?P<uq>['"`])
  | (?P<lc>%[^\n]*)
  | (?P<bc>/\*[\s\S]*?\*/)
  | (?P<ubc>/\*)
  | (?P<cc>0'(?:\\x[0-9a-fA-F]+\\|\\[0-7]+\\|\\[^\n]|''|[^\\\n]))
  | (?P<end>\.(?=\s|%|$))
  | (?P<sym>[+\-*/\\^<>=~:.?@#&$]+)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<word>\w+)
  | (?P<ws>\s+)
  | (?P<other>[\s\S])
""", re.VERBOSE)

_QUOTE_WORDS = {"'": "quoted atom", '"': "string", "`": "back-quoted string"}
_CLOSE_OF = {"(": ")", "[": "]", "{": "}"}


def skip_layout(text: str, pos: int) -> int:
    """The first position at or after ``pos`` that is not white space or a comment."""
    return _LAYOUT.match(text, pos).end()


_NEWLINE = re.compile("\n")
_lines: list = [None, None]     # the long text last asked about, its newline offsets


def line_col(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of character offset ``pos``.  For a long
    text the newline offsets are found once and searched, so reporting
    thousands of errors in one file costs linear time, not quadratic."""
    if len(text) < 4096:
        line = text.count("\n", 0, pos) + 1
        return line, pos - (text.rfind("\n", 0, pos) + 1) + 1
    cached, nls = _lines
    if cached is not text:
        nls = [m.start() for m in _NEWLINE.finditer(text)]
        _lines[:] = [text, nls]
    k = bisect_left(nls, pos)            # newlines before pos
    return k + 1, pos - (nls[k - 1] + 1 if k else 0) + 1


def source_line(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return (text[start:] if end < 0 else text[start:end]).rstrip("\r")


def syntax_error(text: str, file: str | None, pos: int, message: str, width: int = 1,
                 incomplete: bool = False, hint: str | None = None) -> ParseError:
    """A ParseError at character offset ``pos`` of ``text``."""
    pos = max(0, min(pos, len(text)))
    line, col = line_col(text, pos)
    src = source_line(text, pos)
    if "\n" in text[pos:pos + width]:
        width = max(1, text.index("\n", pos) - pos)
    cls = IncompleteInput if incomplete else ParseError
    return cls(message, file=file, line=line, column=col, source_line=src,
               width=max(1, width), hint=hint)


@dataclass
class ClauseScan:
    """What the scanner saw between a clause's start and a position in it."""

    start: int                      # start of the clause (after the previous end)
    end: int                        # just after the clause's '.', or len(text)
    open: list = field(default_factory=list)   # unclosed brackets: (char, pos)
    unterminated: tuple | None = None           # (what, pos) of an open quote/comment
    stray_close: tuple | None = None            # (char, pos) of a ')' with nothing open


def clause_bounds(text: str, lo: int, pos: int) -> ClauseScan:
    """Scan from ``lo`` (a clause boundary) to find the clause that holds ``pos``.

    Bracket state is tracked from the start of that clause up to ``pos``."""
    n = len(text)
    start = lo
    i = lo
    opened: list = []
    stray = None
    unterminated = None
    match = _SCAN.match
    while i < n:
        m = match(text, i)
        kind = m.lastgroup
        j = m.end()
        if kind == "end":
            if i >= pos:
                return ClauseScan(start, j, opened, unterminated, stray)
            start = j
            opened = []
            stray = None
        elif kind == "uq" or kind == "ubc":
            if i <= pos or unterminated is None:
                what = "block comment" if kind == "ubc" else _QUOTE_WORDS[m.group()]
                unterminated = (what, i)
            # an open quote or comment runs to the end of the text
            return ClauseScan(start, n, opened, unterminated, stray)
        elif i < pos:
            if kind == "open":
                opened.append((m.group(), i))
            elif kind == "close":
                c = m.group()
                if opened and _CLOSE_OF[opened[-1][0]] == c:
                    opened.pop()
                elif stray is None:
                    stray = (c, i)
        i = j
    return ClauseScan(start, n, opened, unterminated, stray)


def _prev_char(text: str, pos: int, floor: int) -> str:
    """The last non-blank character before ``pos`` (not before ``floor``)."""
    j = pos - 1
    while j >= floor and text[j].isspace():
        j -= 1
    return text[j] if j >= floor else ""


def _end_of_previous(text: str, pos: int, floor: int) -> int:
    j = pos - 1
    while j >= floor and text[j].isspace():
        j -= 1
    return j + 1


_TOKEN_WORDS = {"RPAR": ")", "RSQB": "]", "RBRACE": "}", "COMMA": ",", "BAR": "|",
                "END": "."}


def describe_token_error(text: str, scan: ClauseScan, tok_type: str, tok_value: str,
                         pos: int, at_eof: bool) -> tuple[str, int, int, bool]:
    """(message, position, width, incomplete) for an unexpected token."""
    if scan.unterminated is not None:
        what, p = scan.unterminated
        return f"unterminated {what}", p, 1, True
    if tok_type == "$END" or at_eof:
        if scan.open:
            c, p = scan.open[-1]
            return f"unbalanced '{c}'", p, 1, True
        end = _end_of_previous(text, len(text), scan.start)
        return "missing '.' at end of clause", max(end - 1, scan.start), 1, True
    value = _TOKEN_WORDS.get(tok_type, tok_value)
    prev = _prev_char(text, pos, scan.start)
    if tok_type == "END":
        if scan.open:
            c, p = scan.open[-1]
            return f"unbalanced '{c}'", p, 1, False
        return "unexpected end of clause", pos, 1, False
    if tok_type in ("RPAR", "RSQB", "RBRACE"):
        if scan.open and _CLOSE_OF[scan.open[-1][0]] == value and prev in "(,[|{":
            return "illegal start of term", pos, 1, False
        if scan.open and _CLOSE_OF[scan.open[-1][0]] != value:
            c, _p = scan.open[-1]
            return f"unexpected '{value}' (unbalanced '{c}')", pos, 1, False
        return f"unexpected '{value}'", pos, 1, False
    if tok_type in ("COMMA", "BAR") and prev in "(,[|{":
        return "illegal start of term", pos, 1, False
    return f"unexpected '{value}'", pos, max(1, len(tok_value)), False


def describe_char_error(text: str, scan: ClauseScan, pos: int) -> tuple[str, int, int, bool]:
    """(message, position, width, incomplete) for a character no token starts with."""
    if scan.unterminated is not None:
        what, p = scan.unterminated
        return f"unterminated {what}", p, 1, True
    c = text[pos] if pos < len(text) else ""
    if c in _QUOTE_WORDS:
        return f"unterminated {_QUOTE_WORDS[c]}", pos, 1, True
    if c == "":
        return "missing '.' at end of clause", pos, 1, True
    return f"illegal character {c!r}", pos, 1, False


# -- warnings ----------------------------------------------------------------

def singleton_warning(text: str, file: str | None, names: list[str], pos: int,
                      message: str = "Singleton variables") -> SourceWarning:
    """SWI-Prolog's ``Singleton variables: [X,Y]`` at the first one's position."""
    line, col = line_col(text, pos)
    return SourceWarning(f"{message}: [{','.join(names)}]", file=file, line=line,
                         column=col, source_line=source_line(text, pos),
                         width=len(names[0]))


def _declared(items, name: str) -> set:
    """Predicate keys named in ``:- name p/1, q/2.`` directives."""
    out: set = set()
    for it in items:
        if type(it) is not Directive:
            continue
        g = deref(it.goal)
        if type(g) is Struct and g.name.name == name and len(g.args) == 1:
            stack = [g.args[0]]
            while stack:
                s = deref(stack.pop())
                if type(s) is Struct and s.name.name in (",", "/") and len(s.args) == 2:
                    if s.name.name == ",":
                        stack.extend(s.args)
                        continue
                    n, a = deref(s.args[0]), deref(s.args[1])
                    if type(n) is Atom and type(a) is int:
                        out.add((n, a))
                elif type(s) is Struct and s.name.name == "[|]":
                    stack.extend(s.args)
    return out


def discontiguous_warnings(items, text: str, file: str | None) -> list[SourceWarning]:
    """SWI-Prolog's ``Clauses of p/1 are not together in the source-file``, once
    per predicate, at the first clause that comes after another predicate's."""
    exempt = _declared(items, "discontiguous")
    seen: dict = {}
    warned: set = set()
    out: list[SourceWarning] = []
    last = None
    for it in items:
        if type(it) is not Clause:
            continue
        key = it.key
        if key != last:
            if key in seen and key not in warned and key not in exempt:
                warned.add(key)
                ind = indicator(*key)
                sp = it.span
                earlier = seen[key]
                w = SourceWarning(
                    f"Clauses of {ind} are not together in the source-file",
                    file=file, line=sp.line if sp else 0, column=sp.column if sp else 0,
                    source_line=_line_of(text, sp.line) if sp else None,
                    width=len(key[0].name) if sp else 1,
                    hint=(f"  Earlier definition at {file or '<string>'}:{earlier}\n"
                          f"  Use :- discontiguous {ind}. to suppress this message"),
                )
                out.append(w)
            seen.setdefault(key, it.span.line if it.span else 0)
            last = key
    return out


def _line_of(text: str, line: int) -> str:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]
