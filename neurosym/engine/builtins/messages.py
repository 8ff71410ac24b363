"""The text of an ``error(Formal, Context)`` message as SWI-Prolog's
print_message/2 words it (``boot/messages.pl``).

* ``context(Pred, Msg)``: ``Pred`` (``system:``, ``user:``, ``'$bags':`` left off) prefixes
  the message (``atom_length/2: Arguments are not sufficiently
  instantiated``), ``Msg`` (an atom or string) follows it in parentheses;
* a type error names the culprit's type (``found `a' (an atom)``);
* arithmetic errors (``Arithmetic: evaluation error: `zero_divisor'``,
  ``Arithmetic: `foo/0' is not a function``), syntax errors by their SWI
  wording (``Syntax error: Illegal number``), ``Not enough resources``,
  ``Uninstantiated argument expected``, ``Unknown error term``;
* the other formal terms as ``str(PrologError)`` words them.

``builtin_context`` gives an error made inside a builtin SWI's context
term, ``context(system:atom_length/2, _)`` (``PrologError.context_hook``).
"""

from __future__ import annotations

import os
import sys

from ...errors import PrologError
from ...terms import NIL, Atom, Struct, Var, deref
from ...terms.printer import format_term
from .registry import BUILTINS

__all__ = ["error_message", "builtin_context"]

_KNOWN = {"instantiation_error", "type_error", "domain_error", "existence_error",
          "permission_error", "representation_error", "evaluation_error", "resource_error",
          "syntax_error", "uninstantiation_error"}
_SYNTAX = {
    "illegal_number": "Illegal number", "operator_expected": "Operator expected",
    "operator_clash": "Operator priority clash", "operator_balance": "Unbalanced operator",
    "cannot_start_term": "Illegal start of term", "end_of_clause_expected":
    "End of clause expected", "end_of_file": "Unexpected end of file",
    "undefined_char_escape": "Undefined character escape in quoted atom or string",
}


def _q(t) -> str:
    return format_term(t, quoted=True)


def type_of(t) -> str:
    """SWI's ``type_of/2`` of messages.pl, with its article: ``an atom``."""
    t = deref(t)
    if type(t) is Var:
        kind = "var"
    elif t is NIL:
        kind = "empty_list"
    elif type(t) is Atom:
        kind = "atom"
    elif type(t) is int:
        kind = "integer"
    elif type(t) is str:
        kind = "string"
    elif type(t) is float:
        kind = "float"
    elif type(t) is Struct and _is_list(t):
        kind = "list"
    elif type(t) is Struct:
        kind = "compound"
    elif type(t).__name__ == "Fraction":
        kind = "rational"
    else:
        kind = "unknown"
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _is_list(t) -> bool:
    while type(t) is Struct and t.name.name == "[|]" and len(t.args) == 2:
        t = deref(t.args[1])
    return t is NIL


def _indicator(pred) -> str | None:
    p = deref(pred)
    if type(p) is Var:
        return None
    if type(p) is Struct and p.name.name == ":" and len(p.args) == 2:
        m = deref(p.args[0])
        # as SWI: the system modules ('$bags', system, user) left off
        if type(m) is Atom and (m.name in ("system", "user") or m.name.startswith("$")):
            p = deref(p.args[1])
    if type(p) is Struct and p.name.name == "/" and len(p.args) == 2:
        # the name quoted where it needs it ('<meta-call>'/1), an operator bare (=../2)
        return f"{_q(deref(p.args[0]))}/{_q(deref(p.args[1]))}"
    return _q(p)


def _formal_text(formal, err: PrologError) -> str:
    f = deref(formal)
    name = f.name.name if type(f) is Struct else (f.name if type(f) is Atom else None)
    args = [deref(a) for a in f.args] if type(f) is Struct else []
    if name not in _KNOWN:
        return "Unknown error term: " + _q(f)
    if name == "type_error" and len(args) == 2:
        if args[0] == Atom("evaluable"):
            return f"Arithmetic: `{_q(args[1])}' is not a function"
        return f"Type error: `{_q(args[0])}' expected, found `{_q(args[1])}' ({type_of(args[1])})"
    if name == "permission_error" and len(args) == 3:
        action, kind, what = (_q(a) for a in args)
        kind = {"static_procedure": "static procedure",
                "built_in_procedure": "built-in predicate"}.get(kind, kind)
        return f"No permission to {action} {kind} `{what}'"
    if name == "evaluation_error" and len(args) == 1:
        return f"Arithmetic: evaluation error: `{_q(args[0])}'"
    if name == "resource_error" and len(args) == 1:
        return f"Not enough resources: {_q(args[0])}"
    if name == "uninstantiation_error" and len(args) == 1:
        return f"Uninstantiated argument expected, found {_q(args[0])}"
    if name == "syntax_error" and len(args) == 1:
        a = args[0]
        what = _SYNTAX.get(a.name, a.name) if type(a) is Atom else (
            a if type(a) is str else _q(a))
        return f"Syntax error: {what}"
    return str(err)


def error_message(term) -> str:
    """The message text (without ``ERROR: ``) of the error term ``term``."""
    t = deref(term)
    formal, context = deref(t.args[0]), deref(t.args[1])
    text = _formal_text(formal, PrologError.from_term(t))
    if type(context) is Struct and context.name.name == "context" and len(context.args) == 2:
        pred = _indicator(context.args[0])
        if pred is not None:
            text = f"{pred}: {text}"
        msg = deref(context.args[1])
        if type(msg) is str or (type(msg) is Atom and msg is not NIL):
            text += f" ({msg if type(msg) is str else msg.name})"
    return text


# -- the context of a builtin's error ----------------------------------------------

_BUILTINS_DIR = os.path.dirname(os.path.abspath(__file__))
_ENGINE_DIR = os.path.dirname(_BUILTINS_DIR)
# builtins that are no system predicates of SWI's (library predicates, or
# system ones written in Prolog): their errors carry no context here, where
# SWI's carry none or an inner builtin's
_NO_CONTEXT = {
    "throw", "aggregate", "aggregate_all", "assertion", "assoc_to_keys", "assoc_to_list",
    "assoc_to_values", "bagof", "setof", "findall", "forall", "empty_assoc", "flatten",
    "format", "gen_assoc", "get_assoc", "put_assoc", "is_assoc", "is_of_type", "must_be",
    "list_to_assoc", "ord_list_to_assoc", "max_assoc", "min_assoc", "list_to_set",
    "max_list", "min_list", "max_member", "min_member", "sum_list", "sumlist", "numlist",
    "predsort", "nb_setval", "numbervars", "print_message", "string_to_atom", "term_string",
    "random", "random_between", "random_member", "random_permutation",
    "read_line_to_codes", "read_line_to_string", "predicate_property", "portray_clause",
    "normalize_space_atom", "gensym", "reset_gensym", "listing", "help",
}
_by_code: dict | None = None


def _codes() -> dict:
    """The code object of each registered builtin's function -> its context
    term's indicator (None where several builtins share one function)."""
    global _by_code
    if _by_code is None:
        found: dict = {}
        for b in BUILTINS.values():
            fn = getattr(b.fn, "func", b.fn)
            code = getattr(fn, "__code__", None)
            if code is None or b.name in _NO_CONTEXT or b.name.startswith("$"):
                continue
            found[code] = None if code in found else (b.name, b.arity)
        _by_code = found
    return _by_code


def builtin_context():
    """``context(system:Name/Arity, _)`` for an error made (``PrologError.make``)
    inside the builtin ``Name/Arity``, as SWI's C builtins report it; None
    when it is made elsewhere (the machine, a library predicate)."""
    codes = _codes()
    f = sys._getframe(2)
    for _ in range(16):
        if f is None:
            return None
        code = f.f_code
        if code in codes:
            key = codes[code]
            if key is None:
                return None
            ind = Struct(_SLASH, (Atom(key[0]), key[1]))
            return Struct(_CONTEXT, (Struct(_COLON, (_SYSTEM, ind)), Var()))
        where = os.path.dirname(code.co_filename)
        if where.startswith(_ENGINE_DIR) and where != _BUILTINS_DIR:
            return None
        f = f.f_back
    return None


_SLASH, _COLON, _CONTEXT, _SYSTEM = Atom("/"), Atom(":"), Atom("context"), Atom("system")
PrologError.context_hook = builtin_context
