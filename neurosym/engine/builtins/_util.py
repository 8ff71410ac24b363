"""Shared helpers for builtins: argument checks, text conversion, numbers as text.

Every check raises the ISO error SWI-Prolog raises for the same argument, so
builtins read as a list of checks followed by the work.
"""

from __future__ import annotations

import re

from ...errors import (
    DomainError,
    InstantiationError,
    PrologTypeError,
    RepresentationError,
    SyntaxErrorTerm,
)
from ...lang.lexical import decimal_int
from ...terms import LIST, NIL, Atom, Struct, Term, Var, deref, list_items
from ...terms.printer import format_int
from ..budget import checked_list
from ..metacall import context

__all__ = [
    "inst_error", "type_error", "domain_error", "need_int", "need_atom", "need_list",
    "need_number", "need_callable",
    "opt_int", "text_of", "format_float", "number_text", "parse_number",
    "to_codes", "to_chars", "codes_text", "chars_text",
    "number_syntax_error", "try_unify", "SLASH", "write_raw",
]

SLASH = Atom("/")


def inst_error():
    return InstantiationError.new()


def type_error(kind: str, culprit: Term):
    return PrologTypeError.new(kind, culprit)


def domain_error(kind: str, culprit: Term):
    return DomainError.new(kind, culprit)



# -- argument checks ---------------------------------------------------------

def need_int(t: Term) -> int:
    t = deref(t)
    if type(t) is int:
        return t
    if type(t) is Var:
        raise inst_error()
    raise type_error("integer", t)


def opt_int(t: Term) -> int | None:
    """``None`` when unbound, the int when bound, type_error(integer) otherwise."""
    t = deref(t)
    if type(t) is Var:
        return None
    if type(t) is int:
        return t
    raise type_error("integer", t)



def need_atom(t: Term) -> Atom:
    t = deref(t)
    if type(t) is Atom:
        return t
    if type(t) is Var:
        raise inst_error()
    raise type_error("atom", t)


def need_number(t: Term) -> int | float:
    t = deref(t)
    if type(t) is Var:
        raise inst_error()
    if type(t) not in (int, float):
        raise type_error("number", t)
    return t


def need_callable(t: Term, owner=None) -> Term:
    """The callable term ``t`` (dereferenced), else an instantiation or type
    error; ``owner``: the predicate it names (``metacall.context``), for a
    goal that a meta-predicate calls."""
    t = deref(t)
    if type(t) is Var:
        raise InstantiationError.new(context(owner))
    if type(t) is not Atom and type(t) is not Struct:
        raise PrologTypeError.new("callable", t, context(owner))
    return t




def need_list(t: Term) -> list[Term]:
    """Items of a proper list; instantiation_error for a partial one, type_error(list) else."""
    items, tail = list_items(t)
    if tail is NIL:
        return items
    if type(tail) is Var:
        raise inst_error()
    raise type_error("list", deref(t))


# -- numbers as text -----------------------------------------------------------

def format_float(f: float) -> str:
    """SWI-Prolog's shortest round-trip float text (``1.0e+15``, ``1.5e-7``, ``0.1``)."""
    if f != f:
        return "1.5NaN"
    if f in (float("inf"), float("-inf")):
        return "1.0Inf" if f > 0 else "-1.0Inf"
    r = repr(f)
    sign = ""
    if r[0] == "-":
        sign, r = "-", r[1:]
    if "e" in r:
        mant, exp = r.split("e")
        exp_i = int(exp)
    else:
        mant, exp_i = r, 0
    if "." in mant:
        ip, fp = mant.split(".")
    else:
        ip, fp = mant, ""
    digits = (ip + fp).lstrip("0")
    lead_zeros = len(ip + fp) - len((ip + fp).lstrip("0"))
    decpt = len(ip) + exp_i - lead_zeros
    digits = digits.rstrip("0")
    if not digits:          # zero
        return sign + "0.0"
    nd = len(digits)
    if decpt <= 0:
        if decpt <= -4:
            return f"{sign}{digits[0]}.{digits[1:] or '0'}e{decpt - 1}"
        return f"{sign}0.{'0' * -decpt}{digits}"
    if nd > decpt:
        return f"{sign}{digits[:decpt]}.{digits[decpt:]}"
    if decpt > 15:
        return f"{sign}{digits[0]}.{digits[1:] or '0'}e+{decpt - 1}"
    return f"{sign}{digits}{'0' * (decpt - nd)}.0"


def number_text(n) -> str:
    if type(n) is float:
        return format_float(n)
    return format_int(n)


_INT_RE = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*\Z")
_FLOAT_RE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)\Z")
_SPECIAL_RE = re.compile(r"([+-]?)([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)(Inf|NaN)\Z")
_RADIX_RE = re.compile(r"([+-]?)0([xob])([0-9a-fA-F]+)\Z")
_BASE_RE = re.compile(r"([+-]?)([0-9]+)'([0-9a-zA-Z]+)\Z")
_CHAR_RE = re.compile(r"([+-]?)0'(.+)\Z", re.S)
_ESCAPES = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11, "0": 0,
            "\\": 92, "'": 39, '"': 34, "`": 96, "e": 27, "s": 32}


def parse_number(text: str, allow_leading_ws: bool = True) -> int | float | None:
    """Prolog number syntax (``12``, ``-3``, ``1.5e3``, ``0x1F``, ``0'a``, ``16'FF``,
    ``1.0Inf``); ``None`` when ``text`` is not a number; a float too large
    (``1.0e400``) raises ``syntax_error(float_overflow)``."""
    s = text.lstrip() if allow_leading_ws else text
    if not s:
        return None
    if _INT_RE.match(s):
        return decimal_int(s.replace("_", ""))
    if _FLOAT_RE.match(s):
        v = float(s)
        if v - v != 0.0 and v == v and not s.endswith("Inf"):
            raise SyntaxErrorTerm.new("float_overflow")    # 1.0e400 (SWI)
        return v
    m = _RADIX_RE.match(s)
    if m:
        base = {"x": 16, "o": 8, "b": 2}[m.group(2)]
        try:
            v = int(m.group(3), base)
        except ValueError:
            return None
        return -v if m.group(1) == "-" else v
    m = _CHAR_RE.match(s)
    if m:
        body = m.group(2)
        if len(body) == 1:
            v = ord(body)
        elif body == "''":
            v = 39
        elif body[0] == "\\" and len(body) == 2 and body[1] in _ESCAPES:
            v = _ESCAPES[body[1]]
        else:
            return None
        return -v if m.group(1) == "-" else v
    m = _BASE_RE.match(s)
    if m:
        base = int(m.group(2))
        if 2 <= base <= 36:
            try:
                v = int(m.group(3), base)
            except ValueError:
                return None
            return -v if m.group(1) == "-" else v
        return None
    m = _SPECIAL_RE.match(s)
    if m:
        if m.group(3) == "NaN":
            return float("nan")
        return float("-inf") if m.group(1) == "-" else float("inf")
    return None


def number_syntax_error():
    return SyntaxErrorTerm.new("illegal_number")


# -- text ------------------------------------------------------------------------



def _code_char(c: Term) -> str:
    c = deref(c)
    if type(c) is Var:
        raise inst_error()
    if type(c) is not int:
        raise type_error("integer", c)
    if not 0 <= c <= 0x10FFFF:
        raise RepresentationError.new("character_code")
    return chr(c)


def text_of(t: Term, what: str = "text", lists: bool = True) -> str:
    """The text of an atom, string, number, code list or char list (SWI's CVT_ALL).
    Unbound -> instantiation_error; anything else -> type_error(``what``)."""
    t = deref(t)
    tt = type(t)
    if tt is Atom and t is not NIL:     # SWI-7: ``[]`` is the empty text, not "[]"
        return t.name
    if tt is str:
        return t
    if tt is int:
        return format_int(t)
    if tt is float:
        return format_float(t)
    if tt is Var:
        raise inst_error()
    if lists and (t is NIL or (tt is Struct and t.name is LIST and len(t.args) == 2)):
        if t is NIL:
            return ""
        items, tail = list_items(t)
        if tail is not NIL:
            if type(tail) is Var:
                raise inst_error()
            raise type_error(what, t)
        out = []
        for x in items:
            x = deref(x)
            if type(x) is int and 0 <= x <= 0x10FFFF:
                out.append(chr(x))
            elif type(x) is Atom and len(x.name) == 1:
                out.append(x.name)
            elif type(x) is Var:
                raise inst_error()
            else:
                raise type_error(what, t)
        return "".join(out)
    raise type_error(what, t)



_LONG = 1 << 16     # a text this long is listed with the clock checked (budget)


def to_codes(text: str) -> Term:
    if len(text) > _LONG:
        return checked_list(list(map(ord, text)), len(text))
    out: Term = NIL
    for ch in reversed(text):
        out = Struct(LIST, (ord(ch), out))
    return out


def to_chars(text: str) -> Term:
    if len(text) > _LONG:
        atoms = {c: Atom(c) for c in set(text)}
        return checked_list([atoms[c] for c in text], len(text))
    out: Term = NIL
    for ch in reversed(text):
        out = Struct(LIST, (Atom(ch), out))
    return out


def map_list(t: Term, convert) -> list | None:
    """``convert`` applied to each element of a proper list; ``None`` when the
    list is partial or has an unbound element; ``type_error(list, T)`` when
    it is not a list at all."""
    items, tail = list_items(t)
    if type(tail) is Var:
        return None
    if tail is not NIL:
        raise type_error("list", deref(t))
    out = []
    for x in items:
        x = deref(x)
        if type(x) is Var:
            return None
        out.append(convert(x))
    return out


def _char_of(x) -> str:
    if type(x) is Atom and len(x.name) == 1:
        return x.name
    raise type_error("character", x)


def codes_text(t: Term) -> str | None:
    """Text of a proper code list, ``None`` when it is partial (has unbound parts)."""
    out = map_list(t, _code_char)
    return None if out is None else "".join(out)


def chars_text(t: Term) -> str | None:
    """Text of a proper char list, ``None`` when it is partial."""
    out = map_list(t, _char_of)
    return None if out is None else "".join(out)





def try_unify(m, *pairs) -> bool:
    """Unify each ``(a, b)`` pair; on failure undo what was bound, so a
    nondeterministic builtin can try its next candidate from a clean state.
    (Uses the machine's ``trail`` and ``undo``.)"""
    mark = len(m.trail)
    unify = m.unify
    for a, b in pairs:
        if not unify(a, b):
            m.undo(mark)
            return False
    return True


def write_raw(out, text: str) -> None:
    """Write text that the stream's encoding refuses (a lone surrogate such
    as ``\ud800``): its bytes as SWI-Prolog writes them (UTF-8 with the
    surrogate's own three bytes), else escaped."""
    enc = getattr(out, "encoding", None) or "utf-8"
    try:
        data = text.encode(enc, "surrogatepass")
    except (UnicodeEncodeError, LookupError):
        data = text.encode(enc if enc.lower() != "ascii" else "ascii", "backslashreplace")
    buf = getattr(out, "buffer", None)
    if buf is None:
        out.write(data.decode(enc, "replace"))
        return
    out.flush()
    buf.write(data)
