"""Atoms and strings: atom_codes/2 ... sub_atom/5, atomic_list_concat/2,3,
split_string/4, number parsing, term_to_atom/2 and friends.

Text arguments accept what SWI-Prolog accepts (atoms, strings, numbers, code
and char lists); errors are SWI's.  Nondeterministic ones (atom_concat/3
with an unbound prefix, sub_atom/5) enumerate in SWI's order.
"""

from __future__ import annotations

from functools import partial

from ...errors import ParseError, SyntaxErrorTerm
from ...lang.parser import parse_term
from ...terms import NIL, Atom, Struct, Term, Var, deref, list_items, make_list
from ...terms.printer import format_term
from ._util import (
    chars_text,
    codes_text,
    domain_error,
    inst_error,
    map_list,
    need_int,
    need_number,
    number_syntax_error,
    number_text,
    opt_int,
    parse_number,
    text_of,
    to_chars,
    to_codes,
    try_unify,
    type_error,
)
from .ops import machine_ops
from .registry import det, nondet

__all__ = ["parse_text_term", "term_text"]

_EQ = Atom("=")


def parse_text_term(text: str, ops=None):
    """Parse ``text`` as one term: ``(term, {name: Var})``.  Syntax errors become
    ``syntax_error(...)`` Prolog errors."""
    try:
        return parse_term(text, ops=ops)
    except ParseError as e:
        raise SyntaxErrorTerm.new(_syntax_what(e)) from None


def _ops(m):
    """The machine's operator table (its KB's: op/3 changes it)."""
    return machine_ops(m)


def _syntax_what(e) -> str:
    msg = getattr(e, "message", str(e)) or "syntax_error"
    return msg


def term_text(t: Term, quoted: bool = True, ops=None) -> str:
    if ops is None:
        return format_term(t, quoted=quoted)
    return format_term(t, quoted=quoted, ops=ops)


def _atomic_text(t: Term) -> str:
    """Text of an atomic term (atom_concat/3, upcase_atom/2): compounds are type_error(atomic)."""
    t = deref(t)
    if type(t) is Var:
        raise inst_error()
    if type(t) is Struct:
        raise type_error("atomic", t)
    if t is NIL:                # SWI-7: atom_concat([], a, X) is a type_error
        raise type_error("atom", t)
    return text_of(t)


# -- atom <-> codes / chars --------------------------------------------------------

def _text_to_list(m, a, lst, kind: str, mk, out_type, from_list):
    t = deref(a)
    if type(t) is not Var:
        if type(t) is Struct or (t is NIL and kind == "atom"):   # SWI: atom_codes([], _)
            raise type_error(kind, t)
        return m.unify(lst, mk(text_of(t)))
    lv = deref(lst)
    text = lv if type(lv) is str else from_list(lv)
    if text is None:
        raise inst_error()
    return m.unify(t, out_type(text))


@det("char_code", 2)
def bi_char_code(m, c, code):
    c = deref(c)
    n = deref(code)
    if type(c) is not Var and (type(c) is not Atom or len(c.name) != 1):
        raise type_error("character", c)
    if type(n) is not Var:
        if type(n) is not int:
            raise type_error("integer", n)
        if not 0 <= n <= 0x10FFFF:      # SWI checks the code even when the char is given
            raise type_error("character_code", n)
    if type(c) is Atom:
        return m.unify(n, ord(c.name))
    if type(n) is Var:
        raise inst_error()
    return m.unify(c, Atom(chr(n)))


@det("atom_length", 2)
@det("string_length", 2)
def bi_text_length(m, a, n):
    text = text_of(a)
    opt_int(n)          # SWI: type_error(integer) for a non-integer, a negative one just fails
    return m.unify(n, len(text))


for _name, _kind, _mk, _out, _from in (
        ("atom_codes", "atom", to_codes, Atom, codes_text),
        ("atom_chars", "atom", to_chars, Atom, chars_text),
        ("string_chars", "string", to_chars, str, chars_text),
        ("string_codes", "string", to_codes, str, codes_text)):
    det(_name, 2)(partial(_text_to_list, kind=_kind, mk=_mk, out_type=_out, from_list=_from))


@det("string_to_atom", 2)
def bi_string_to_atom(m, s, a):
    st = deref(s)
    if type(st) is not Var:
        return m.unify(a, Atom(text_of(st)))
    return m.unify(st, text_of(a))


@det("$string_code", 3)
def bi_string_code(m, i, s, c):
    # string_code/3 itself is in the prelude: it enumerates when the index is unbound
    idx = need_int(i)
    text = text_of(s)
    if idx < 0:
        raise domain_error("not_less_than_zero", idx)
    if 1 <= idx <= len(text):
        return m.unify(c, ord(text[idx - 1]))
    return False


@det("atom_string", 2)
def bi_atom_string(m, a, s):
    at = deref(a)
    if type(at) is not Var:
        return m.unify(s, text_of(at, "atom"))
    return m.unify(at, Atom(text_of(s, "string")))


@det("number_string", 2)
def bi_number_string(m, n, s):
    st = deref(s)
    if type(st) is not Var:
        # SWI: text that is not a number fails (number_codes/2 raises a syntax error)
        v = _number_or_none(text_of(st), True)
        return v is not None and m.unify(n, v)
    return m.unify(st, number_text(need_number(n)))


@det("text_to_string", 2)
def bi_text_to_string(m, t, s):
    tv = deref(t)
    if type(tv) is Var:
        st = deref(s)
        if type(st) is Var:
            raise inst_error()
        return m.unify(tv, text_of(st))
    return m.unify(s, text_of(tv))


def _number_from_list(m, n, lst, from_list):
    text = None
    items, tail = list_items(lst)
    if type(deref(lst)) is str:
        text = deref(lst)
    elif tail is not NIL and type(tail) is not Var:
        raise type_error("list", deref(lst))
    elif tail is NIL and all(type(deref(x)) is not Var for x in items):
        text = from_list(lst)
    if text is not None:
        v = parse_number(text, allow_leading_ws=True)
        if v is None:
            raise number_syntax_error()
        return m.unify(n, v)
    need_number(n)
    return None


def _number_list(m, n, lst, from_list, to_list):
    r = _number_from_list(m, n, lst, from_list)
    return r if r is not None else m.unify(lst, to_list(number_text(deref(n))))


det("number_codes", 2)(partial(_number_list, from_list=codes_text, to_list=to_codes))
det("number_chars", 2)(partial(_number_list, from_list=chars_text, to_list=to_chars))


@det("atom_number", 2)
def bi_atom_number(m, a, n):
    at = deref(a)
    if type(at) is Var:
        return m.unify(at, Atom(number_text(need_number(n))))
    if (type(at) is not Atom and type(at) is not str) or at is NIL:
        raise type_error("atom", at)
    v = _number_or_none(text_of(at), False)
    if v is None:
        return False
    return m.unify(n, v)


def _number_or_none(text: str, ws: bool):
    """The number ``text`` reads as; None also for a float overflow
    (``atom_number('1.0e400', X)`` fails in SWI)."""
    try:
        return parse_number(text, allow_leading_ws=ws)
    except SyntaxErrorTerm:
        return None


# -- concatenation and sub-text ---------------------------------------------------

def _concat(m, a, b, c, mk):
    av, bv = deref(a), deref(b)
    if type(av) is not Var and type(bv) is not Var:
        return iter((True,)) if m.unify(c, mk(_atomic_text(av) + _atomic_text(bv))) else iter(())
    cv = deref(c)
    if type(cv) is Var:
        raise inst_error()
    whole = _atomic_text(cv)
    return _concat_split(m, av, bv, whole, mk)


def _concat_split(m, av, bv, whole, mk):
    if type(av) is not Var:
        pre = _atomic_text(av)
        if whole.startswith(pre) and m.unify(bv, mk(whole[len(pre):])):
            yield True
        return
    if type(bv) is not Var:
        suf = _atomic_text(bv)
        if whole.endswith(suf) and m.unify(av, mk(whole[:len(whole) - len(suf)])):
            yield True
        return
    for i in range(len(whole) + 1):
        if try_unify(m, (av, mk(whole[:i])), (bv, mk(whole[i:]))):
            yield True


nondet("atom_concat", 3)(partial(_concat, mk=Atom))
nondet("string_concat", 3)(partial(_concat, mk=str))


def _sub_text(m, t, b, l, a, sub, mk):
    tv = deref(t)
    if type(tv) is Var:
        raise inst_error()
    kind = "atom" if mk is Atom else "string"
    if tv is NIL or type(tv) is Struct:     # no code lists, and SWI-7's [] is no text
        raise type_error(kind, tv)
    text = text_of(tv)
    n = len(text)
    bi, li, ai = opt_int(b), opt_int(l), opt_int(a)
    for x in (bi, li, ai):
        if x is not None and x < 0:
            raise domain_error("not_less_than_zero", x)
    sv = deref(sub)
    if sv is NIL or type(sv) is Struct:
        raise type_error(kind, sv)
    if type(sv) is not Var:
        s = text_of(sv)
        ls = len(s)
        if li is not None and li != ls:
            return
        if bi is not None:
            starts = [bi] if text.startswith(s, bi) else []
        elif ai is not None:
            starts = [n - ai - ls] if n - ai - ls >= 0 and text.startswith(s, n - ai - ls) else []
        else:
            starts = []
            i = text.find(s)
            while i >= 0:
                starts.append(i)
                i = text.find(s, i + 1)
        for st in starts:
            if try_unify(m, (b, st), (l, ls), (a, n - st - ls)):
                yield True
        return
    if bi is not None and li is not None:
        cands = [(bi, li)]
    elif bi is not None and ai is not None:
        cands = [(bi, n - bi - ai)]
    elif li is not None and ai is not None:
        cands = [(n - li - ai, li)]
    elif bi is not None:
        cands = ((bi, x) for x in range(n - bi + 1))
    elif li is not None:
        cands = ((x, li) for x in range(n - li + 1))
    elif ai is not None:
        cands = ((x, n - ai - x) for x in range(n - ai + 1))
    else:
        cands = ((x, y) for x in range(n + 1) for y in range(n - x + 1))
    for st, ln in cands:
        if st < 0 or ln < 0 or st + ln > n:
            continue
        if try_unify(m, (b, st), (l, ln), (a, n - st - ln), (sv, mk(text[st:st + ln]))):
            yield True


nondet("sub_atom", 5)(partial(_sub_text, mk=Atom))
nondet("sub_string", 5)(partial(_sub_text, mk=str))


def _list_texts(lst, pred: str) -> list[str] | None:
    def convert(x):
        if type(x) is Struct or x is NIL:
            raise type_error("text", x)
        return text_of(x)
    return map_list(lst, convert)


@det("atomic_list_concat", 2)
def bi_atomic_list_concat2(m, lst, whole):
    texts = _list_texts(lst, "atomic_list_concat")
    if texts is None:
        raise inst_error()
    return m.unify(whole, Atom("".join(texts)))


@det("atomic_list_concat", 3)
def bi_atomic_list_concat3(m, lst, sep, whole):
    sv = deref(sep)
    if type(sv) is Var:
        raise inst_error()
    s = _atomic_text(sv)
    texts = _list_texts(lst, "atomic_list_concat")
    if texts is not None:
        return m.unify(whole, Atom(s.join(texts)))
    wv = deref(whole)
    if type(wv) is Var:
        raise inst_error()
    if not s:
        raise domain_error("non_empty_atom", sv)
    parts = _atomic_text(wv).split(s)
    return m.unify(lst, make_list([Atom(p) for p in parts]))


@det("split_string", 4)
def bi_split_string(m, s, seps, pad, out):
    text = text_of(s)
    sep_chars = set(text_of(seps))
    pad = set(text_of(pad))
    # SWI: strip the pad from the whole text, then per field; a field's leading
    # pad may run over separators (so equal pad and separators collapse runs)
    lo, hi = 0, len(text)
    while lo < hi and text[lo] in pad:
        lo += 1
    while hi > lo and text[hi - 1] in pad:
        hi -= 1
    fields = []
    i = lo
    while True:
        j = i
        while j < hi and text[j] in pad:
            j += 1
        k = j
        while k < hi and text[k] not in sep_chars:
            k += 1
        e = k
        while e > j and text[e - 1] in pad:
            e -= 1
        fields.append(text[j:e])
        if k >= hi:
            break
        i = k + 1
    return m.unify(out, make_list(fields))


def _case(m, a, out, fn, mk):
    return m.unify(out, mk(fn(_atomic_text(a))))


det("upcase_atom", 2)(partial(_case, fn=str.upper, mk=Atom))
det("downcase_atom", 2)(partial(_case, fn=str.lower, mk=Atom))
det("string_upper", 2)(partial(_case, fn=str.upper, mk=str))
det("string_lower", 2)(partial(_case, fn=str.lower, mk=str))


@det("normalize_space_atom", 2)
def bi_normalize_space_atom(m, a, out):
    return m.unify(out, Atom(" ".join(text_of(a).split())))


# -- terms as text ---------------------------------------------------------------

def _bindings_list(names: dict) -> Term:
    return make_list([Struct(_EQ, (Atom(k), v)) for k, v in names.items() if not k.startswith("_")])


@det("term_to_atom", 2)
def bi_term_to_atom(m, t, a):
    av = deref(a)
    if type(av) is not Var:
        term, _ = parse_text_term(text_of(av), _ops(m))
        return m.unify(t, term)
    return m.unify(av, Atom(term_text(t, ops=_ops(m))))


@det("term_string", 2)
def bi_term_string(m, t, s):
    # SWI: term_string(?Term, ?String) -- parse String when it is given
    sv = deref(s)
    if type(sv) is Var:
        return m.unify(sv, term_text(t, ops=_ops(m)))
    term, _ = parse_text_term(text_of(sv), _ops(m))
    return m.unify(t, term)


@det("term_string", 3)
def bi_term_string3(m, t, s, opts):
    return bi_term_string(m, t, s)


@det("atom_to_term", 3)
def bi_atom_to_term(m, a, t, bindings):
    av = deref(a)
    if type(av) is Var:
        raise inst_error()
    term, names = parse_text_term(text_of(av), _ops(m))
    return m.unify(t, term) and m.unify(bindings, _bindings_list(names))


@det("read_term_from_atom", 3)
def bi_read_term_from_atom(m, a, t, opts):
    term, _ = parse_text_term(text_of(a), _ops(m))
    return m.unify(t, term)
