"""The process's environment and the clock: getenv/2, setenv/2, unsetenv/1,
get_time/1, format_time/3 (SWI-Prolog's); halt/0,1 (raise ``Halt``).

format_time/3 writes a time stamp (seconds since the epoch, or a
``date(Y, M, D)`` / ``date(Y, M, D, H, Mn, S, Off, TZ, DST)`` term) in the
local time zone, with strftime-style directives: ``%Y %m %d %H %M %S %F %T
%D %R %a %A %b %B %c %e %j %y %u %w %p %I %k %l %Z %z %s %f %3f %n %t %%``.
An unknown directive is ``existence_error(format, '%Q')``, as in SWI.  The
sandbox refuses every builtin here (the environment and the clock).
"""

from __future__ import annotations

import calendar
import math
import os
import time

from ...errors import ExistenceError, Halt
from ...terms import Atom, Struct, Var, deref
from ._util import inst_error, text_of, type_error
from .io import sink_write
from .registry import det

__all__: list[str] = []

_DASH = Atom("-")
# directives the C library formats the same way everywhere (C locale)
_STRFTIME = set("aAbBcdDHIjmMpRSTuwyYZz") | {"F"}


def _env_name(t) -> str:
    t = deref(t)
    if type(t) is Var:
        raise inst_error()
    if type(t) is Struct:
        raise type_error("text", t)
    return text_of(t)


@det("halt", 0)
def bi_halt(m):
    raise Halt(0)


@det("halt", 1)
def bi_halt1(m, status):
    code = deref(status)
    if type(code) is Var:
        raise inst_error()
    if type(code) is not int:
        raise type_error("integer", code)
    raise Halt(code & 0xFF)         # the status the process gets, as from swipl


@det("getenv", 2)
def bi_getenv(m, name, value):
    v = os.environ.get(_env_name(name))
    return v is not None and m.unify(value, Atom(v))


@det("setenv", 2)
def bi_setenv(m, name, value):
    os.environ[_env_name(name)] = _env_name(value)
    return True


@det("unsetenv", 1)
def bi_unsetenv(m, name):
    os.environ.pop(_env_name(name), None)
    return True


@det("get_time", 1)
def bi_get_time(m, t):
    return m.unify(t, time.time())


def _stamp(t) -> float:
    """Seconds since the epoch of a time stamp or a date/3, date/9 term."""
    t = deref(t)
    if type(t) is Var:
        raise inst_error()
    if type(t) is int or type(t) is float:
        return float(t)
    if type(t) is Struct and t.name.name == "date" and len(t.args) in (3, 9):
        a = [deref(x) for x in t.args]
        fields = a[:6] if len(a) == 9 else a + [0, 0, 0]
        if not all(type(x) in (int, float) for x in fields):
            raise type_error("time", t)
        y, mo, d, h, mi = (int(x) for x in fields[:5])
        sec = float(fields[5])
        off = a[6] if len(a) == 9 else _DASH
        if type(off) is int:        # seconds west of UTC, as SWI's date/9
            return calendar.timegm((y, mo, d, h, mi, 0, 0, 0, 0)) + sec + off
        return time.mktime((y, mo, d, h, mi, 0, 0, 0, -1)) + sec
    raise type_error("time", t)


def _directive(c: str, stamp: float, tm) -> str:
    if c in _STRFTIME:
        return time.strftime("%Y-%m-%d" if c == "F" else "%" + c, tm)
    if c == "e":
        return f"{tm.tm_mday:2d}"
    if c == "k":
        return f"{tm.tm_hour:2d}"
    if c == "l":
        return f"{(tm.tm_hour % 12) or 12:2d}"
    if c == "s":
        return str(round(stamp))          # SWI rounds (86399.5 -> 86400)
    if c == "n":
        return "\n"
    if c == "t":
        return "\t"
    if c == "%":
        return "%"
    raise ExistenceError.new("format", Atom("%" + c))


def format_stamp(fmt: str, stamp: float) -> str:
    """``fmt`` with its directives filled in for ``stamp`` (local time)."""
    tm = time.localtime(math.floor(stamp))
    frac = stamp - math.floor(stamp)
    out = []
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c != "%" or i + 1 == n:
            out.append(c)
            i += 1
            continue
        j = i + 1
        while j < n and fmt[j].isdigit():
            j += 1
        if j < n and fmt[j] == "f":     # %f microseconds, %Nf N digits
            digits = int(fmt[i + 1:j]) if j > i + 1 else 6
            out.append(f"{int(frac * 10 ** digits):0{digits}d}")
        elif j < n and j == i + 1:
            out.append(_directive(fmt[j], stamp, tm))
        else:
            raise ExistenceError.new("format", Atom(fmt[i:j + 1]))
        i = j + 1
    return "".join(out)


@det("format_time", 3)
def bi_format_time(m, sink, fmt, stamp):
    text = format_stamp(text_of(fmt), _stamp(stamp))
    return sink_write(m, sink, text)

