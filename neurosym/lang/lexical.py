"""The NSL reader's tokens as values: quoted text with its escapes, and numbers.

Both raise :class:`SyntaxFault` (a syntax error at a position of the text)
from inside Lark's callbacks; the parser turns it into a
:class:`~neurosym.errors.ParseError` in words.
"""

from __future__ import annotations

import re

__all__ = ["SyntaxFault", "unescape", "to_int", "to_float", "decimal_int"]


class SyntaxFault(Exception):
    """A syntax error found while building terms (inside a Lark callback)."""

    def __init__(self, message: str, pos: int, width: int = 1,
                 incomplete: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.width = width
        self.incomplete = incomplete


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
                raise SyntaxFault(f"undefined escape sequence '\\{c}'", pos + m.start(), 2)
            return r
        if c == "x":
            code = int(e[1:].rstrip("\\"), 16)
        elif c in "uU":
            code = int(e[1:], 16)
        else:
            code = int(e.rstrip("\\"), 8)
        if code > 0x10FFFF:
            raise SyntaxFault("character code out of range", pos + m.start(), len(e) + 1)
        return chr(code)

    return _ESC[quote].sub(sub, body)


# -- numbers -------------------------------------------------------------------

def to_int(s: str) -> int:
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
    return decimal_int(s)


def decimal_int(s: str) -> int:
    """``int(s)`` for a decimal digit string with an optional sign, also
    beyond Python's 4300-digit limit: long strings are split in halves
    (divide and conquer, so a million digits take well under a second)."""
    if len(s) <= 4000:
        return int(s)
    if s[0] in "+-":
        v = decimal_int(s[1:])
        return -v if s[0] == "-" else v
    lo = len(s) // 2
    return decimal_int(s[:-lo]) * 10 ** lo + decimal_int(s[-lo:])


def to_float(s: str) -> float:
    if s.endswith("Inf"):
        return float("inf")
    if s.endswith("NaN"):
        return float("nan")
    return float(s)
