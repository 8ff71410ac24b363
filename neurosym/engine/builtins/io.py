"""Term output: write/1, print/1, writeln/1, writeq/1, write_canonical/1,
write_term/2, nl/0, tab/1, put_char/1 (and their stream forms), plus the
helpers with_output_to/2 and format/3 use to capture output.

Terms are printed by ``neurosym.lang.printer``; until it is importable a
small canonical printer (no operators) stands in.
"""

from __future__ import annotations

import io as _io
import re
import sys

from ...terms import LIST, NIL, Atom, Struct, Term, Var, deref
from ._util import domain_error, format_float, inst_error, need_int, text_of, type_error
from .registry import det

__all__ = ["term_to_text", "stream_write"]

_USER_OUTPUT = Atom("user_output")
_USER_ERROR = Atom("user_error")
_TRUE = Atom("true")


def term_to_text(m, t: Term, quoted: bool = False, ignore_ops: bool = False,
                 max_depth: int | None = None, canonical: bool = False) -> str:
    try:
        from ...lang import printer
    except ImportError:
        return _fallback(t, quoted or canonical)
    if canonical:
        return printer.write_canonical(t)
    return printer.format_term(t, quoted=quoted, ignore_ops=ignore_ops, max_depth=max_depth)


# -- fallback printer (used only while neurosym.lang.printer is missing) ----------

_SOLO = re.compile(r"[a-z][a-zA-Z0-9_]*\Z")
_SYMBOL = re.compile(r"[+\-*/\\^<>=~:.?@#&$]+\Z")


def _atom_text(a: Atom, quoted: bool) -> str:
    s = a.name
    if not quoted or _SOLO.match(s) or _SYMBOL.match(s) or s in ("[]", "!", ";", "{}", ","):
        return s if s != "," or not quoted else "','"
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def _fallback(t: Term, quoted: bool) -> str:
    out: list[str] = []
    stack: list = [t]
    while stack:
        x = stack.pop()
        if type(x) is str and x.startswith("\x00"):
            out.append(x[1:])
            continue
        x = deref(x)
        tx = type(x)
        if tx is Var:
            out.append(f"_G{id(x) & 0xFFFFFF:x}")
        elif tx is int:
            out.append(str(x))
        elif tx is float:
            out.append(format_float(x))
        elif tx is str:
            out.append('"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"' if quoted else x)
        elif tx is Atom:
            out.append(_atom_text(x, quoted))
        elif x.name is LIST and len(x.args) == 2:
            items = []
            while type(x) is Struct and x.name is LIST and len(x.args) == 2:
                items.append(x.args[0])
                x = deref(x.args[1])
            parts: list = ["\x00["]
            for i, it in enumerate(items):
                if i:
                    parts.append("\x00,")
                parts.append(it)
            if x is not NIL:
                parts.append("\x00|")
                parts.append(x)
            parts.append("\x00]")
            stack.extend(reversed(parts))
        else:
            parts = ["\x00" + _atom_text(x.name, quoted) + "("]
            for i, a in enumerate(x.args):
                if i:
                    parts.append("\x00,")
                parts.append(a)
            parts.append("\x00)")
            stack.extend(reversed(parts))
    return "".join(out)


# -- streams ---------------------------------------------------------------------

def stream_write(m, stream: Term, text: str) -> None:
    s = deref(stream)
    if type(s) is Var:
        raise inst_error()
    if s is _USER_OUTPUT:
        m.write(text)
    elif s is _USER_ERROR:
        sys.stderr.write(text)
    elif type(s) is Atom:
        from ...errors import ExistenceError
        raise ExistenceError.new("stream", s)
    else:
        raise domain_error("stream_or_alias", s)


def _write_opts(opts: Term) -> dict:
    from ._util import need_list
    out = {"quoted": False, "ignore_ops": False, "max_depth": None}
    for o in need_list(opts):
        o = deref(o)
        if type(o) is Var:
            raise inst_error()
        if type(o) is not Struct or len(o.args) != 1:
            raise domain_error("write_option", o)
        name = o.name.name
        v = deref(o.args[0])
        if name in ("quoted", "ignore_ops"):
            out[name] = v is _TRUE
        elif name == "max_depth":
            out["max_depth"] = need_int(v) or None
        # other options (portray, numbervars, spacing ...) are accepted and ignored
    return out


@det("write", 1)
def bi_write(m, t):
    m.write(term_to_text(m, t))
    return True


@det("write", 2)
def bi_write2(m, s, t):
    stream_write(m, s, term_to_text(m, t))
    return True


@det("print", 1)
def bi_print(m, t):
    m.write(term_to_text(m, t, quoted=True))
    return True


@det("print", 2)
def bi_print2(m, s, t):
    stream_write(m, s, term_to_text(m, t, quoted=True))
    return True


@det("writeln", 1)
def bi_writeln(m, t):
    m.write(term_to_text(m, t) + "\n")
    return True


@det("writeln", 2)
def bi_writeln2(m, s, t):
    stream_write(m, s, term_to_text(m, t) + "\n")
    return True


@det("writeq", 1)
def bi_writeq(m, t):
    m.write(term_to_text(m, t, quoted=True))
    return True


@det("writeq", 2)
def bi_writeq2(m, s, t):
    stream_write(m, s, term_to_text(m, t, quoted=True))
    return True


@det("write_canonical", 1)
def bi_write_canonical(m, t):
    m.write(term_to_text(m, t, canonical=True))
    return True


@det("write_canonical", 2)
def bi_write_canonical2(m, s, t):
    stream_write(m, s, term_to_text(m, t, canonical=True))
    return True


@det("write_term", 2)
def bi_write_term(m, t, opts):
    m.write(term_to_text(m, t, **_write_opts(opts)))
    return True


@det("write_term", 3)
def bi_write_term3(m, s, t, opts):
    stream_write(m, s, term_to_text(m, t, **_write_opts(opts)))
    return True


@det("nl", 0)
def bi_nl(m):
    m.write("\n")
    return True


@det("nl", 1)
def bi_nl1(m, s):
    stream_write(m, s, "\n")
    return True


def _tab_text(n: Term) -> str:
    from .arith import eval_arith
    v = eval_arith(n)
    if type(v) is not int:
        raise type_error("integer_expression", v)
    return " " * max(0, v)


@det("tab", 1)
def bi_tab(m, n):
    m.write(_tab_text(n))
    return True


@det("tab", 2)
def bi_tab2(m, s, n):
    stream_write(m, s, _tab_text(n))
    return True


def _char(c: Term) -> str:
    c = deref(c)
    if type(c) is Var:
        raise inst_error()
    if type(c) is not Atom or len(c.name) != 1:
        raise type_error("character", c)
    return c.name


@det("put_char", 1)
def bi_put_char(m, c):
    m.write(_char(c))
    return True


@det("put_char", 2)
def bi_put_char2(m, s, c):
    stream_write(m, s, _char(c))
    return True


@det("flush_output", 0)
def bi_flush_output(m):
    out = getattr(m, "output", None) or sys.stdout
    flush = getattr(out, "flush", None)
    if flush is not None:
        flush()
    return True


@det("flush_output", 1)
def bi_flush_output1(m, s):
    return bi_flush_output(m)


# -- output capture (used by with_output_to/2 in the prelude) ----------------------

_CAPTURES = "$output_captures"


@det("$push_output", 0)
def bi_push_output(m):
    stack = m.globals.setdefault(_CAPTURES, [])
    stack.append(getattr(m, "output", None))
    m.output = _io.StringIO()
    return True


@det("$pop_output", 1)
def bi_pop_output(m, text):
    buf = m.output
    stack = m.globals.get(_CAPTURES) or [None]
    m.output = stack.pop()
    captured = buf.getvalue() if isinstance(buf, _io.StringIO) else ""
    return m.unify(text, captured)


@det("$output_to_sink", 2)
def bi_output_to_sink(m, sink, text):
    from .format import _sink_write
    return _sink_write(m, sink, text_of(text))


# -- print_message/2 (a small subset of SWI's message system) ----------------------

_SILENT = {"silent", "informational", "debug", "banner", "help"}


@det("print_message", 2)
def bi_print_message(m, kind, msg):
    k = deref(kind)
    if type(k) is Var:
        raise inst_error()
    kname = k.name if type(k) is Atom else ""
    if kname in _SILENT:
        return True
    from ...errors import PrologError
    t = deref(msg)
    if type(t) is Struct and t.name.name == "error" and len(t.args) == 2:
        text = str(PrologError.from_term(t))
    elif type(t) is Struct and t.name.name == "format" and len(t.args) == 2:
        from .format import format_to_text
        text = format_to_text(m, t.args[0], t.args[1])
    else:
        text = "Unknown message: " + term_to_text(m, t, quoted=True)
    prefix = {"error": "ERROR: ", "warning": "Warning: "}.get(kname, "")
    sys.stderr.write(prefix + text + "\n")
    return True
