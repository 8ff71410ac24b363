"""char_type/2 and code_type/2, as SWI-Prolog 9 classifies characters.

The classes follow SWI's (the C library's wide-character functions in the C
locale): ``alpha`` is a letter (not ``_``), ``csym``/``csymf`` add ``_``,
``punct`` is any graphic character that is no letter or digit (``_`` and
``$`` included), ``space`` is tab to carriage return and the space,
``end_of_line`` is ``\\n`` ``\\v`` ``\\f`` ``\\r``, ``cntrl`` is 0-31 and
127-159.  Both predicates take a character or a code; code_type/2 gives the
arguments of ``upper(L)``, ``to_lower(U)`` ... as codes, char_type/2 as
characters.  With the type known and the character not, the character is
computed when the type names it (``upper(a)``, ``to_lower(a)``,
``digit(5)``), else the codes 0-255 are tried.  As in SWI,
``to_lower(U)`` of a character ``C`` is ``U = upper(C)``, and a character
``C`` with ``to_lower(U)`` for a known ``U`` is ``lower(U)``.
"""

from __future__ import annotations

import unicodedata
from functools import partial

from ...terms import Atom, Struct, Var, deref
from ._util import inst_error, try_unify, type_error
from .registry import nondet

__all__: list[str] = []

_SYMBOL_CHARS = set("#$&*+-./:<=>?@\\^~")
_PARENS = {"(": ")", "[": "]", "{": "}"}
_END_OF_FILE = Atom("end_of_file")

# the types without an argument, and those with one, that SWI knows
_PLAIN = ("alnum", "alpha", "csym", "csymf", "prolog_var_start", "prolog_atom_start",
          "prolog_identifier_continue", "prolog_symbol", "decimal", "ascii", "white",
          "cntrl", "digit", "print", "space", "end_of_line", "newline", "graph", "punct",
          "period", "quote", "lower", "upper", "end_of_file")
_WITH_ARG = ("decimal", "lower", "upper", "to_lower", "to_upper", "digit", "paren", "xdigit")


def _upper(ch: str) -> str:
    u = ch.upper()
    return u if len(u) == 1 else ch


def _lower(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def _cntrl(o: int) -> bool:
    return o < 32 or 127 <= o < 160


def _print(ch: str, o: int) -> bool:
    if _cntrl(o):
        return False
    return o < 256 or unicodedata.category(ch) not in ("Cn", "Cs", "Cc")


def _types_of(ch: str):
    """(type-name, argument-or-None) pairs that hold for ``ch``, in SWI's order."""
    out = []
    o = ord(ch)
    alpha = ch.isalpha()
    digit = "0" <= ch <= "9"
    alnum = alpha or ch.isdecimal()
    space = ch in " \t\n\v\f\r" or (o > 255 and ch.isspace())
    printable = _print(ch, o)
    graph = printable and not space
    if alnum:
        out.append(("alnum", None))
    if alpha:
        out.append(("alpha", None))
    if alnum or ch == "_":
        out.append(("csym", None))
    if alpha or ch == "_":
        out.append(("csymf", None))
    if ch.isupper() or ch == "_":
        out.append(("prolog_var_start", None))
    if alpha and not ch.isupper():
        out.append(("prolog_atom_start", None))
    if alnum or ch == "_":
        out.append(("prolog_identifier_continue", None))
    if ch in _SYMBOL_CHARS:
        out.append(("prolog_symbol", None))
    if alpha or ch == "_":
        out.append(("csymf", None))          # SWI lists it twice
    if digit:
        out.append(("decimal", None))
        out.append(("decimal", int(ch)))
    if o < 128:
        out.append(("ascii", None))
    if ch in " \t":
        out.append(("white", None))
    if _cntrl(o):
        out.append(("cntrl", None))
    if digit:
        out.append(("digit", None))
    if printable:
        out.append(("print", None))
    if space:
        out.append(("space", None))
    if ch in "\n\v\f\r":
        out.append(("end_of_line", None))
    if ch == "\n":
        out.append(("newline", None))
    if graph:
        out.append(("graph", None))
    if graph and not alnum:
        out.append(("punct", None))
    if ch in ".!?":
        out.append(("period", None))
    if ch in "'\"`":
        out.append(("quote", None))
    if ch.islower():
        out.append(("lower", None))
        out.append(("lower", _upper(ch)))
    if ch.isupper():
        out.append(("upper", None))
        out.append(("upper", _lower(ch)))
    out.append(("to_lower", _upper(ch)))
    out.append(("to_upper", _lower(ch)))
    if digit:
        out.append(("digit", int(ch)))
    if ch in _PARENS:
        out.append(("paren", _PARENS[ch]))
    if ch in "0123456789abcdefABCDEF":
        out.append(("xdigit", int(ch, 16)))
    return out


def _check_type(tv) -> None:
    if type(tv) is Atom and tv.name in _PLAIN:
        return
    if type(tv) is Struct and len(tv.args) == 1 and tv.name.name in _WITH_ARG:
        return
    if type(tv) is not Var:
        raise type_error("char_type", tv)


def _char_of(t, as_code: bool) -> str | None:
    """The character an argument of upper/1, to_lower/1 ... names, if bound."""
    t = deref(t)
    if as_code and type(t) is int and 0 <= t <= 0x10FFFF:
        return chr(t)
    if not as_code and type(t) is Atom and len(t.name) == 1:
        return t.name
    return None


def _converted(tv, as_code: bool) -> str | None:
    """The character of ``to_lower(U)``/``to_upper(L)`` with a known argument."""
    if type(tv) is Struct and tv.name.name in ("to_lower", "to_upper"):
        ch = _char_of(tv.args[0], as_code)
        if ch is not None:
            return _lower(ch) if tv.name.name == "to_lower" else _upper(ch)
    return None


def _candidates(tv, as_code: bool) -> list[str]:
    """The characters to try for an unbound character of type ``tv``."""
    if type(tv) is Struct:
        name, arg = tv.name.name, deref(tv.args[0])
        ch = _char_of(arg, as_code)
        if ch is not None and name == "upper":
            return [_upper(ch)]
        if ch is not None and name == "lower":
            return [_lower(ch)]
        if name in ("digit", "decimal") and type(arg) is int and 0 <= arg <= 9:
            return [str(arg)]
    return [chr(i) for i in range(256)]


def _char_type(m, c, typ, as_code: bool):
    cv = deref(c)
    tv = deref(typ)
    _check_type(tv)
    if type(cv) is Var:
        if type(tv) is Var:
            raise inst_error()
        conv = _converted(tv, as_code)
        if conv is not None:        # SWI: to_lower(U) gives lower(U), to_upper(L) upper(L)
            if m.unify(cv, ord(conv) if as_code else Atom(conv)):
                yield True
            return
        chars = _candidates(tv, as_code)
    elif type(cv) is Atom and len(cv.name) == 1:
        chars = [cv.name]
    elif type(cv) is int and 0 <= cv <= 0x10FFFF:
        chars = [chr(cv)]
    elif type(cv) is int and cv == -1:
        if try_unify(m, (tv, _END_OF_FILE)):
            yield True
        return
    else:
        raise type_error("character", cv)
    seen = set()
    for ch in chars:
        for name, arg in _types_of(ch):
            if type(tv) is not Var:     # csymf once (SWI lists it twice for all types)
                if (ch, name, arg) in seen:
                    continue
                seen.add((ch, name, arg))
            if type(tv) is Atom and (tv.name != name or arg is not None):
                continue
            if type(tv) is Struct and (tv.name.name != name or arg is None):
                continue
            if type(arg) is str:
                arg = ord(arg) if as_code else Atom(arg)
            term = Atom(name) if arg is None else Struct(Atom(name), (arg,))
            if type(cv) is Var:
                ok = try_unify(m, (cv, ord(ch) if as_code else Atom(ch)), (tv, term))
            else:
                ok = try_unify(m, (tv, term))
            if ok:
                yield True


nondet("char_type", 2)(partial(_char_type, as_code=False))
nondet("code_type", 2)(partial(_char_type, as_code=True))
