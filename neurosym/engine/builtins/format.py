"""format/1,2,3: SWI-Prolog's format directives, column stops and sinks;
print_message/2 (a small subset of SWI's message system).

Directives: ``~w ~p ~q ~a ~d ~D ~s ~e ~f ~g ~n ~c ~r ~R ~i ~* ~` ~t ~| ~+ ~~``
with numeric arguments (``~2d``, ``~8|``, ``~*c``).  Text between column
stops is padded at its ``~t`` fill points (left-aligned when there are none).
format/3 writes to a stream alias (``user_output``, ``user_error``) or a sink
``atom(A)``, ``string(S)``, ``codes(C)``, ``codes(C, T)``, ``chars(C)``,
``chars(C, T)``.  Output is assembled first and written once; column stops
count from the column the stream is at (``out_column``).  On a format error
the text made so far is written before the error is raised, as SWI does
(text after a pending ``~t`` fill point is dropped).
"""

from __future__ import annotations

import decimal
import sys

from ...errors import ExistenceError, PrologError
from ...terms import NIL, Atom, Struct, Term, Var, deref, list_items
from ...terms.printer import format_int
from ..budget import check_text
from ._util import format_float, inst_error, text_of
from .arith import eval_arith
from .io import out_column, out_write, print_text, sink_write, term_to_text
from .messages import error_message
from .registry import det

__all__ = ["format_to_text", "format_text"]


def _format_error(msg: str) -> PrologError:
    return PrologError.make(Struct(Atom("format"), (Atom(msg),)))


def _arg_type_error(directive: str, arg: Term) -> PrologError:
    return PrologError.make(Struct(Atom("format_argument_type"), (Atom(directive), arg)))


def _group3(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return ",".join(reversed(out))


def _fmt_d(v: int, n: int | None, group: bool) -> str:
    neg = v < 0
    s = format_int(abs(v))
    frac = ""
    if n:
        check_text(n)
        s = s.rjust(n + 1, "0")
        s, frac = s[:-n], s[-n:]
    if group:
        s = _group3(s)
    return ("-" if neg else "") + s + ("." + frac if frac else "")


def _fmt_float(v, kind: str, n: int | None) -> str:
    digits = 6 if n is None else check_text(n)
    if type(v) is int and kind == "f":
        return format_int(v) + ("." + "0" * digits if digits else "")
    try:
        x = float(v)
    except OverflowError:       # an integer beyond the floats: SWI writes its digits
        return format(decimal.Decimal(v), f".{digits}{kind}")
    if x != x or x in (float("inf"), float("-inf")):
        return format_float(x)
    return f"{x:.{digits}{kind}}"


def _radix(v: int, base: int, upper: bool) -> str:
    if not 2 <= base <= 36:
        raise _format_error("radix must be in 2..36")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if upper:
        digits = digits.upper()
    neg = v < 0
    v = abs(v)
    out = []
    while True:
        v, r = divmod(v, base)
        out.append(digits[r])
        if not v:
            break
    return ("-" if neg else "") + "".join(reversed(out))


class _Out:
    """Output with column stops: ``seg`` is the text since the last stop."""

    __slots__ = ("done", "seg", "fills", "seg_col")

    def __init__(self, col: int = 0) -> None:
        self.done: list[str] = []
        self.seg: list[str] = []
        self.fills: list[tuple[int, str]] = []   # (index into seg, fill char)
        self.seg_col = col

    def emit(self, text: str) -> None:
        self.seg.append(text)

    def fill(self, ch: str) -> None:
        self.fills.append((len(self.seg), ch))

    def column(self) -> int:
        text = "".join(self.seg)
        nl = text.rfind("\n")
        if nl >= 0:
            return len(text) - nl - 1
        return self.seg_col + len(text)

    def stop(self, target: int) -> None:
        text_parts = self.seg
        cur = self.column()
        pad = target - cur
        if pad > 0:
            check_text(pad)
            fills = self.fills or [(len(text_parts), " ")]
            k = len(fills)
            base, extra = divmod(pad, k)
            inserts = []
            for i, (pos, ch) in enumerate(fills):
                amount = base + (1 if i >= k - extra else 0)
                inserts.append((pos, ch * amount))
            for pos, s in reversed(inserts):
                text_parts.insert(pos, s)
        self.done.append("".join(text_parts))
        self.seg = []
        self.fills = []
        self.seg_col = target     # SWI counts from the stop even when the text overran it

    def text(self) -> str:
        return "".join(self.done) + "".join(self.seg)

    def partial(self) -> str:
        """What SWI has written when an error stops it: a pending segment up to its first fill."""
        seg = self.seg[:self.fills[0][0]] if self.fills else self.seg
        return "".join(self.done) + "".join(seg)


def format_text(m, fmt: str, args: list[Term], col: int = 0,
                partial: list[str] | None = None) -> str:
    """Run format directives over ``args``; returns the text.  On an error the
    text made so far is appended to ``partial`` (when given) before raising."""
    out = _Out(col)
    try:
        return _run_format(m, fmt, args, out)
    except PrologError:
        if partial is not None:
            partial.append(out.partial())
        raise


class _Args:
    """The arguments of a format call, consumed in order."""

    __slots__ = ("items", "used")

    def __init__(self, items: list[Term]) -> None:
        self.items = items
        self.used = 0

    def next(self) -> Term:
        if self.used >= len(self.items):
            raise _format_error("not enough arguments")
        a = self.items[self.used]
        self.used += 1
        return a


def _run_format(m, fmt: str, args: list[Term], out: _Out) -> str:
    a = _Args(args)
    i = 0
    n = len(fmt)
    while i < n:
        if fmt[i] != "~":
            j = fmt.find("~", i)
            j = n if j < 0 else j
            out.emit(fmt[i:j])
            i = j
            continue
        num, i = _numeric_arg(fmt, i + 1, a)
        _directive(m, fmt[i], num, a, out)
        i += 1
    if a.used < len(args):
        raise _format_error("too many arguments")
    return out.text()


def _numeric_arg(fmt: str, i: int, a: _Args) -> tuple[int | None, int]:
    """The numeric argument of the directive at ``fmt[i:]`` (``*`` takes the
    next argument, a backquote the code of the character after it, else
    digits; None when absent) and the index of the directive's letter."""
    n = len(fmt)
    if i >= n:
        raise _format_error("truncated format specification")
    num: int | None = None
    c = fmt[i]
    if c == "*":
        x = deref(a.next())
        if type(x) is not int or x < 0:
            raise _format_error("no or negative integer for `*' argument")
        num = x
        i += 1
    elif c == "`":
        if i + 1 >= n:
            raise _format_error("truncated format specification")
        num = ord(fmt[i + 1])
        i += 2
    else:
        j = i
        while j < n and fmt[j].isdigit():
            j += 1
        if j > i:
            num = int(fmt[i:j])
            i = j
    if i >= n:
        raise _format_error("truncated format specification")
    return num, i


def _directive(m, d: str, num: int | None, a: _Args, out: _Out) -> None:
    """Run directive ``~d`` (numeric argument ``num``) on the next arguments."""
    if d == "w":
        out.emit(term_to_text(m, a.next()))
    elif d == "p":
        out.emit(print_text(m, a.next()))
    elif d == "q":
        out.emit(term_to_text(m, a.next(), quoted=True))
    elif d == "a":
        x = deref(a.next())
        if type(x) is Var:
            raise inst_error()
        if type(x) is Struct or x is NIL:
            raise _arg_type_error("a", x)
        out.emit(text_of(x))
    elif d == "d" or d == "D":
        v = eval_arith(deref(a.next()))
        if type(v) is not int:
            raise _arg_type_error(d, v)
        out.emit(_fmt_d(v, num, d == "D"))
    elif d in "efg":
        v = eval_arith(deref(a.next()))
        out.emit(_fmt_float(v, d, num))
    elif d == "n":
        out.emit("\n" * (1 if num is None else check_text(num)))
    elif d == "c":
        x = deref(a.next())
        if type(x) is Var:
            raise inst_error()
        if type(x) is not int or x < 0:
            raise _arg_type_error("c", x)
        out.emit(chr(x) * (1 if num is None else check_text(num)))
    elif d == "r" or d == "R":
        v = eval_arith(deref(a.next()))
        if type(v) is not int:
            raise _arg_type_error(d, v)
        out.emit(_radix(v, 8 if num is None else num, d == "R"))
    elif d == "s":
        x = deref(a.next())
        if type(x) is Var:
            raise inst_error()
        try:
            out.emit(text_of(x))
        except PrologError:
            raise _arg_type_error("s", x) from None
    elif d == "i":
        a.next()
    elif d == "~":
        out.emit("~")
    elif d == "t":
        out.fill(chr(num) if num is not None else " ")   # ~`ct and ~Nt: fill char
    elif d == "|":
        out.stop(out.column() if num is None else num)
    elif d == "+":
        out.stop(out.seg_col + (8 if num is None else num))
    else:
        raise ExistenceError.new("format_character", Atom(d))


def _args_list(args: Term) -> list[Term]:
    a = deref(args)
    items, tail = list_items(a)
    if tail is NIL:
        return items
    return [a]


def format_to_text(m, fmt: Term, args: Term, col: int = 0,
                   partial: list[str] | None = None) -> str:
    f = deref(fmt)
    if type(f) is Var:
        raise inst_error()
    return format_text(m, text_of(f), _args_list(args), col, partial)


def _format_out(m, alias: Atom, fmt: Term, args: Term) -> bool:
    """format/2,3 to a stream: column stops start at its column; an error
    writes the text made so far, then raises."""
    partial: list[str] = []
    try:
        text = format_to_text(m, fmt, args, out_column(m, alias), partial)
    except PrologError:
        if partial:
            out_write(m, partial[0], alias)
        raise
    out_write(m, text, alias)
    return True


_USER_OUTPUT = Atom("user_output")
_USER_ERROR = Atom("user_error")


@det("format", 1)
def bi_format1(m, fmt):
    return _format_out(m, _USER_OUTPUT, fmt, NIL)


@det("format", 2)
def bi_format2(m, fmt, args):
    return _format_out(m, _USER_OUTPUT, fmt, args)


@det("format", 3)
def bi_format3(m, sink, fmt, args):
    s = deref(sink)
    if s is _USER_OUTPUT or s is _USER_ERROR:
        return _format_out(m, s, fmt, args)
    text = format_to_text(m, fmt, args)
    return sink_write(m, sink, text)


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
    t = deref(msg)
    if type(t) is Struct and t.name.name == "error" and len(t.args) == 2:
        text = error_message(t)
    elif type(t) is Struct and t.name.name == "format" and len(t.args) == 2:
        text = format_to_text(m, t.args[0], t.args[1])
    else:
        text = "Unknown message: " + term_to_text(m, t, quoted=True)
    prefix = {"error": "ERROR: ", "warning": "Warning: "}.get(kname, "")
    sys.stderr.write(prefix + text + "\n")
    return True

