"""Term output: write/1, print/1, writeln/1, writeq/1, write_canonical/1,
write_term/2, nl/0, tab/1, put_char/1 (and their stream forms), plus the
helpers with_output_to/2 and format/3 use to capture output (``sink_write``:
a stream alias or a sink ``atom(A)``, ``string(S)``, ``codes(C)`` ...).

Terms are printed by ``neurosym.terms.printer`` with the machine's operators.
"""

from __future__ import annotations

import io as _io
import re
import secrets
import sys

from ...errors import ExistenceError
from ...terms import LIST, NIL, Atom, Struct, Term, Var, deref, list_items, make_list, printer
from .. import budget
from ._util import (
    domain_error,
    inst_error,
    need_int,
    need_list,
    text_of,
    to_chars,
    to_codes,
    type_error,
    write_raw,
)
from .arith import eval_arith
from .ops import machine_ops
from .registry import det

__all__ = ["term_to_text", "stream_write", "sink_write", "out_write", "out_column", "print_text"]

_USER_OUTPUT = Atom("user_output")
_USER_ERROR = Atom("user_error")
_TRUE = Atom("true")


def term_to_text(m, t: Term, quoted: bool = False, ignore_ops: bool = False,
                 max_depth: int | None = None, canonical: bool = False,
                 numbervars: bool = True, spacing: str = "standard") -> str:
    if canonical:
        return printer.write_canonical(t)
    return printer.format_term(t, quoted=quoted, ignore_ops=ignore_ops, max_depth=max_depth,
                               ops=machine_ops(m), numbervars=numbervars, spacing=spacing)


# -- the column of the output streams (for format/2's column stops) ---------------
#
# m.globals[_COLUMNS] maps an alias (user_output, user_error) to (stream object,
# trail, column after the last text a builtin wrote there).  A different object
# under the alias (m.output replaced, with_output_to/2) starts at column 0, and
# so does a new top-level query (each run installs its own trail list), as
# SWI's toplevel starts every query on a fresh line.

_COLUMNS = "$columns"


def _stream_obj(m, alias: Atom):
    if alias is _USER_ERROR:
        return sys.stderr
    return getattr(m, "output", None)


def out_column(m, alias: Atom = _USER_OUTPUT) -> int:
    """The column the stream ``alias`` is at (0 right after a newline)."""
    rec = m.globals.get(_COLUMNS, {}).get(alias)
    if rec is None or rec[0] is not _stream_obj(m, alias) or rec[1] is not m.trail:
        return 0
    return rec[2]


def _advance(col: int, text: str) -> int:
    nl = text.rfind("\n")
    if nl >= 0:
        col, text = 0, text[nl + 1:]
    for ch in text:
        col = (col | 7) + 1 if ch == "\t" else col + 1
    return col


def out_write(m, text: str, alias: Atom = _USER_OUTPUT) -> None:
    """Write ``text`` to ``alias`` (current output by default), keeping its column."""
    if not text:
        return
    col = _advance(out_column(m, alias), text)
    if alias is _USER_ERROR:
        try:
            sys.stderr.write(text)
        except UnicodeEncodeError:
            write_raw(sys.stderr, text)
    else:
        m.write(text)
    m.globals.setdefault(_COLUMNS, {})[alias] = (_stream_obj(m, alias), m.trail, col)


# -- print/1 and ~p: the user's portray/1 hook -------------------------------------

_PORTRAY_KEY = (Atom("portray"), 1)
_VAR_F = Atom("$VAR")


def _portray_text(m, t: Term) -> str | None:
    """The output of ``portray(t)`` when it succeeds, else ``None``."""
    saved = getattr(m, "output", None)
    buf = _io.StringIO()
    m.output = buf
    gen = m.solve_iter(Struct(_PORTRAY_KEY[0], (t,)))
    try:
        ok = next(gen, None) is not None
    finally:
        gen.close()
        m.output = saved
    return buf.getvalue() if ok else None


def print_text(m, t: Term, **opts) -> str:
    """``print/1``: writeq-style text where every subterm (not variables, not
    the ``[]`` ending a list) is first offered to the user's ``portray/1``;
    the output of a portray call that succeeds replaces that subterm."""
    opts.setdefault("quoted", True)
    store = getattr(m, "store", None)
    if store is None or not store.count(_PORTRAY_KEY):
        return term_to_text(m, t, **opts)
    token = "nslportray" + secrets.token_hex(6)
    texts: dict[str, str] = {}
    results: list[Term] = []
    # frames: (0, term) visit; (1, functor, n) rebuild a compound from n results;
    # (2, n, has_tail) rebuild a list of n items (+ a visited tail)
    stack: list = [(0, t)]
    while stack:
        fr = stack.pop()
        if fr[0] == 1:
            n = fr[2]
            args = tuple(results[len(results) - n:])
            del results[len(results) - n:]
            results.append(Struct(fr[1], args))
            continue
        if fr[0] == 2:
            n, has_tail = fr[1], fr[2]
            tail = results.pop() if has_tail else NIL
            items = results[len(results) - n:]
            del results[len(results) - n:]
            for it in reversed(items):
                tail = Struct(LIST, (it, tail))
            results.append(tail)
            continue
        x = deref(fr[1])
        if type(x) is Var:
            results.append(x)
            continue
        text = _portray_text(m, x)
        if text is not None:
            name = f"{token}x{len(texts)}"
            texts[name] = text
            results.append(Atom(name))
            continue
        if type(x) is not Struct or (x.name is _VAR_F and len(x.args) == 1):
            results.append(x)
        elif x.name is LIST and len(x.args) == 2:
            items = []
            while type(x) is Struct and x.name is LIST and len(x.args) == 2:
                items.append(x.args[0])
                x = deref(x.args[1])
            has_tail = x is not NIL
            stack.append((2, len(items), has_tail))
            if has_tail:
                stack.append((0, x))
            stack.extend((0, it) for it in reversed(items))
        else:
            stack.append((1, x.name, len(x.args)))
            stack.extend((0, a) for a in reversed(x.args))
    out = term_to_text(m, results[0], **opts)
    if texts:
        out = re.sub(token + r"x[0-9]+", lambda mo: texts[mo.group(0)], out)
    return out


# -- streams ---------------------------------------------------------------------

def stream_write(m, stream: Term, text: str) -> None:
    s = deref(stream)
    if type(s) is Var:
        raise inst_error()
    if s is _USER_OUTPUT or s is _USER_ERROR:
        out_write(m, text, s)
    elif type(s) is Atom:
        raise ExistenceError.new("stream", s)
    else:
        raise domain_error("stream_or_alias", s)


_SINKS = {"atom": Atom, "string": str}


def sink_write(m, sink: Term, text: str) -> bool:
    """Write ``text`` to a stream, or unify it with a sink ``atom(A)``,
    ``string(S)``, ``codes(C)``, ``codes(C, T)``, ``chars(C)``, ``chars(C, T)``."""
    s = deref(sink)
    if type(s) is Var:
        raise inst_error()
    if type(s) is Struct:
        name = s.name.name
        if len(s.args) == 1 and name in _SINKS:
            return m.unify(s.args[0], _SINKS[name](text))
        if name == "codes" and len(s.args) in (1, 2):
            tail = s.args[1] if len(s.args) == 2 else NIL
            return m.unify(s.args[0], _with_tail(to_codes(text), tail))
        if name == "chars" and len(s.args) in (1, 2):
            tail = s.args[1] if len(s.args) == 2 else NIL
            return m.unify(s.args[0], _with_tail(to_chars(text), tail))
        raise type_error("output", s)
    stream_write(m, s, text)
    return True


def _with_tail(lst: Term, tail: Term) -> Term:
    if tail is NIL:
        return lst
    items, _ = list_items(lst)
    return make_list(items, tail)


def _write_opts(opts: Term) -> dict:
    out = {"quoted": False, "ignore_ops": False, "max_depth": None, "portray": False,
           "numbervars": None, "spacing": "standard"}
    for o in need_list(opts):
        o = deref(o)
        if type(o) is Var:
            raise inst_error()
        if type(o) is not Struct or len(o.args) != 1:
            raise domain_error("write_option", o)
        name = o.name.name
        v = deref(o.args[0])
        if name in ("quoted", "ignore_ops", "portray"):
            out[name] = v is _TRUE
        elif name == "max_depth":
            out["max_depth"] = need_int(v) or None
        elif name == "numbervars":
            out["numbervars"] = v is _TRUE
        elif name == "spacing":
            if v is not Atom("standard") and v is not Atom("next_argument"):
                raise domain_error("spacing", v)
            out["spacing"] = v.name
        # other options are accepted and ignored
    if out["numbervars"] is None:     # SWI: off for write_term/2, unless portray(true)
        out["numbervars"] = out["portray"]
    return out


def _write_term_text(m, t: Term, opts: Term) -> str:
    o = _write_opts(opts)
    if o.pop("portray"):
        return print_text(m, t, **o)
    return term_to_text(m, t, **o)


def _tab(write, n: Term) -> bool:
    """tab/1,2: ``n`` spaces, written in blocks (the clock checked between
    them), so ``tab(10^10)`` neither builds a 10 GB string nor outruns the
    time limit."""
    v = eval_arith(n)
    if type(v) is not int:
        raise type_error("integer_expression", v)
    while v > 0:
        k = min(v, 1 << 16)
        write(" " * k)
        v -= k
        if v:
            budget.check_time()
    return True


def _char(c: Term) -> str:
    c = deref(c)
    if type(c) is Var:
        raise inst_error()
    if type(c) is not Atom or len(c.name) != 1:
        raise type_error("character", c)
    return c.name


def _output(name: str, arity: int, text) -> None:
    """Register ``name/arity``, writing ``text(m, *Args)`` to the current
    output, and ``name/arity+1``, writing it to the stream given first."""
    def to_output(m, *args):
        out_write(m, text(m, *args))
        return True

    def to_stream(m, s, *args):
        stream_write(m, s, text(m, *args))
        return True

    det(name, arity)(to_output)
    det(name, arity + 1)(to_stream)


_output("write", 1, term_to_text)
_output("print", 1, print_text)
_output("writeln", 1, lambda m, t: term_to_text(m, t) + "\n")
_output("writeq", 1, lambda m, t: term_to_text(m, t, quoted=True))
_output("write_canonical", 1, lambda m, t: term_to_text(m, t, canonical=True))
_output("write_term", 2, _write_term_text)
_output("nl", 0, lambda m: "\n")
det("tab", 1)(lambda m, n: _tab(lambda text: out_write(m, text), n))
det("tab", 2)(lambda m, s, n: _tab(lambda text: stream_write(m, s, text), n))
_output("put_char", 1, lambda m, c: _char(c))


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
    return sink_write(m, sink, text_of(text))

