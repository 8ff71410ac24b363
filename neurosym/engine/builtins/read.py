"""read/1, read_term/2, read_term/3: terms from standard input, as SWI-Prolog
reads them; read_line_to_string/2 and read_line_to_codes/2
(library(readutil)): its lines (without the newline; ``end_of_file`` at the
end of input).

The machine's input is ``m.input`` (a text stream; None: ``sys.stdin``,
looked up at each read).  A term is read up to its end token (``.``
followed by layout, ``%`` or the end of input), a line at a time; what
follows it on the line is kept in ``m.read_buffer`` for the next read.  At
the end of input (only layout and comments left) the term is
``end_of_file``.  A syntax error raises ``syntax_error(Message)``; the text
up to the end token is consumed, so the next read goes on after it.

Options of read_term: ``variable_names(Vs)`` (``['X'=_A, ...]``, ``_``
left out), ``variables(Vs)``, ``singletons(Vs)`` (named variables that occur
once, ``_``-prefixed and anonymous ones included, as SWI reports them); other options are
accepted and ignored, as SWI does.  The stream of read_term/3 is
``user_input`` (the only input stream).
"""

from __future__ import annotations

import re
import sys

from ...errors import ExistenceError, PrologError
from ...lang.diagnostics import clause_bounds
from ...terms import NIL, Atom, Struct, Var, deref, list_items, make_list
from ...terms.printer import var_counts
from ._util import inst_error, type_error
from .atoms import parse_text_term
from .registry import det

__all__: list[str] = []

_EOF = Atom("end_of_file")
_EQ = Atom("=")
_USER_INPUT = Atom("user_input")
_LAYOUT = re.compile(r"\s+|%[^\n]*|/\*[\s\S]*?\*/")


def _only_layout(text: str) -> bool:
    return not _LAYOUT.sub("", text).strip()


def read_text(m) -> str | None:
    """The text of the next term of the input, with its end token; None at
    the end of input."""
    buf = getattr(m, "read_buffer", "")
    stream = m.input if getattr(m, "input", None) is not None else sys.stdin
    out = m.output if m.output is not None else sys.stdout
    out.flush()
    while True:
        scan = clause_bounds(buf, 0, 0)
        if scan.unterminated is None and scan.end <= len(buf) and buf[:scan.end].rstrip() \
                .endswith(".") and not _only_layout(buf[:scan.end][:-1]):
            m.read_buffer = buf[scan.end:]
            return buf[:scan.end]
        line = stream.readline()
        if not line:
            m.read_buffer = ""
            return None if _only_layout(buf) else buf
        buf += line


def _read(m, term, options) -> bool:
    opts = _options(options)
    text = read_text(m)
    if text is None:
        t, names = _EOF, {}
    else:
        t, names = parse_text_term(text, m.ops)
    for name, arg in opts:
        if name == "variable_names":
            val = make_list([Struct(_EQ, (Atom(k), v)) for k, v in names.items() if k != "_"])
        elif name == "variables":
            val = make_list(list(var_counts(t)))
        elif name == "singletons":
            by_var = {deref(v): k for k, v in names.items()}
            val = make_list([Struct(_EQ, (Atom(by_var.get(v, "_")), v))
                             for v, n in var_counts(t).items() if n == 1])
        else:
            continue
        if not m.unify(arg, val):
            return False
    return m.unify(term, t)


def _options(options) -> list:
    o = deref(options)
    items, tail = list_items(o)
    if type(tail) is Var:
        raise inst_error()
    if tail is not NIL:
        raise type_error("list", o)
    out = []
    for it in items:
        it = deref(it)
        if type(it) is Var:
            raise inst_error()
        if type(it) is Struct and len(it.args) == 1:
            out.append((it.name.name, it.args[0]))
    return out


def _user_input(stream) -> None:
    s = deref(stream)
    if type(s) is Var:
        raise inst_error()
    if s is not _USER_INPUT:
        if type(s) is Atom:
            raise ExistenceError.new("stream", s)
        raise PrologError.make(Struct(Atom("domain_error"), (Atom("stream_or_alias"), s)))


@det("read", 1)
def bi_read(m, term):
    return _read(m, term, NIL)


@det("read_term", 2)
def bi_read_term(m, term, options):
    return _read(m, term, options)


@det("read", 2)
def bi_read2(m, stream, term):
    _user_input(stream)
    return _read(m, term, NIL)


@det("read_term", 3)
def bi_read_term3(m, stream, term, options):
    _user_input(stream)
    return _read(m, term, options)


# -- library(readutil): lines of standard input -----------------------------------

def read_line(m) -> str | None:
    """The next line of the input without its newline (what a read/1 left
    of its line first); None at the end of input."""
    buf = getattr(m, "read_buffer", "")
    if "\n" not in buf:
        stream = m.input if getattr(m, "input", None) is not None else sys.stdin
        out = m.output if m.output is not None else sys.stdout
        out.flush()
        buf += stream.readline()
    if not buf:
        m.read_buffer = ""
        return None
    line, nl, rest = buf.partition("\n")
    m.read_buffer = rest
    return line.removesuffix("\r") if nl else line


@det("read_line_to_string", 2)
def bi_read_line_to_string(m, stream, string):
    _user_input(stream)
    line = read_line(m)
    return m.unify(string, _EOF if line is None else line)


@det("read_line_to_codes", 2)
def bi_read_line_to_codes(m, stream, codes):
    _user_input(stream)
    line = read_line(m)
    return m.unify(codes, _EOF if line is None else make_list([ord(c) for c in line]))
