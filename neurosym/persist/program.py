"""A saved knowledge base's program: written as NSL source, read back as data.

:func:`program_text` writes the program: ``:- op/3`` directives, the
declarations (``dynamic``, ``discontiguous``, ``table``, ``soft``) just
before their predicate's clauses, then every clause in store order, quoted
and canonical (operators ignored), so the text parses to the same terms
whatever operators are in effect.  A clause the reader would take for
something else -- a head whose functor is ``:-``, ``?-``, ``::``, ``-->``,
``''``, a ``#`` name or ``'$saved_clause'`` itself, a head or body that is an
operator atom, or a body calling a template placeholder -- is written wrapped, ``'$saved_clause'(Head, Body).``
(weighted: ``W :: '$saved_clause'(Head, Body).``), so that it reads back as
that clause and never as a directive, a query, a grammar rule or a template.

:func:`read_program` reads such a text as data: clauses go to the store as
they are (unwrapped, never translated), ``op/3`` and the four declarations
are applied, and anything else -- another directive, a ``?-`` query -- is
refused with :class:`KBFileError`.  Nothing in the text runs.
"""

from __future__ import annotations

from ..engine.builtins.registry import BUILTINS
from ..engine.loader import pred_specs
from ..engine.machine import CONTROL
from ..errors import ParseError, PrologError
from ..lang.builder import is_template, op_directive_defs
from ..lang.parser import parse_program
from ..lang.program import Directive, Query
from ..terms import TRUE, Atom, Clause, Struct, deref
from ..terms.operators import DEFAULT_OPERATORS
from ..terms.printer import clause_var_names, format_float, format_term
from .manifest import KBFileError, fail

__all__ = ["program_text", "read_program", "clause_text", "op_changes", "quoted", "all_preds", "DECLS", "WRAP"]

DECLS = ("dynamic", "discontiguous", "table", "soft")
WRAP = Atom("$saved_clause")
_NECK = Atom(":-")
_SLASH = Atom("/")
_READ_AS_OTHER = frozenset(Atom(n) for n in (":-", "?-", "::", "-->", "", WRAP.name))
_SYMBOL_CHARS = frozenset("+-*/\\^<>=~:.?@#&$")


def quoted(term, ops=None) -> str:
    return format_term(term, quoted=True, ignore_ops=True, ops=ops or DEFAULT_OPERATORS)


def _wrapped(head, body, ops) -> bool:
    name = head.name if type(head) is Struct else head
    return (type(name) is Atom and (name in _READ_AS_OTHER or name.name.startswith("#"))) \
        or any(type(t) is Atom and ops.is_op(t.name) for t in (head, body)) \
        or is_template(Struct(_NECK, (head, body)))


def clause_text(cl, ops) -> str:
    """One clause as canonical quoted source ending in ``.`` (wrapped where
    the reader would take it for something else)."""
    head, body = cl.head, deref(cl.body)
    names = clause_var_names(cl)
    kw = dict(quoted=True, ignore_ops=True, var_names=names, ops=ops)
    if _wrapped(head, body, ops):
        text = format_term(Struct(WRAP, (head, body)), priority=999, **kw)
    else:
        text = format_term(head, priority=999, **kw)
        if body is not TRUE:
            text += " :-\n    " + format_term(body, priority=999, **kw)
    if cl.weight is not None:
        text = f"{format_float(float(cl.weight))} :: {text}"
    return text + (" ." if text[-1] in _SYMBOL_CHARS else ".")


def op_changes(ops) -> list[list]:
    """``[priority, type, name]`` for every operator that differs from the
    standard table (priority 0: a standard operator removed)."""
    out = []
    for kind in ("prefix", "infix", "postfix"):
        mine, std = getattr(ops, kind), getattr(DEFAULT_OPERATORS, kind)
        for name, op in mine.items():
            if std.get(name) != op:
                out.append([op.priority, op.type, name])
        for name, op in std.items():
            if name not in mine:
                out.append([0, op.type, name])
    return sorted(out, key=lambda o: (-o[0], o[1], o[2]))


def all_preds(store) -> list:
    """Every predicate the store knows (with clauses or flags), in order."""
    return list(store._preds)      # read-only look at the store's table


def program_text(store, ops) -> tuple[str, list]:
    """The program in ``store`` as NSL source (operators ``ops``), and the
    source of each clause (``[file, line, column, end_line, end_column]`` or
    ``None``) in order."""
    lines = ["% neurosym knowledge base (saved by kb.save; open with KnowledgeBase.load)", ""]
    for prio, type_, name in op_changes(ops):
        lines.append(f":- op({prio}, {type_}, {quoted(Atom(name))}).")
    spans: list = []
    for key in all_preds(store):         # declarations just before their clauses,
        fl = store.flags(key)             # so predicates keep their order
        decls = [f":- {flag}({quoted(Struct(_SLASH, key))})." for flag in DECLS
                 if getattr(fl, flag)]
        if decls:
            lines.append("")
            lines.extend(decls)
        for cl in store.clauses(key):
            lines.append(clause_text(cl, ops))
            sp = cl.span
            spans.append(None if sp is None else
                         [sp.file, sp.line, sp.column, sp.end_line, sp.end_column])
    return "\n".join(lines) + "\n", spans


def read_program(text: str, file: str, store, ops, declare) -> None:
    """Read a saved program ``text`` (from ``file``) into ``store`` as data:
    clauses as they are, ``op/3`` into ``ops``, declarations through
    ``declare(key, flag)``; any other item raises :class:`KBFileError`."""
    try:
        program = parse_program(text, file, ops=ops)
    except ParseError as e:
        raise fail(file, f"corrupted program ({e.render()})") from None
    for item in program.items:
        if isinstance(item, Clause):
            store.add(_unwrapped(item, file))
        elif isinstance(item, Directive):
            _directive(deref(item.goal), item, file, ops, declare)
        else:
            assert isinstance(item, Query)
            raise _refused(file, item, "a query")


def _unwrapped(cl: Clause, file: str) -> Clause:
    head = cl.head
    if type(head) is Struct and head.name is WRAP and len(head.args) == 2 and cl.body is TRUE:
        head, body = deref(head.args[0]), head.args[1]
        if type(head) not in (Atom, Struct):
            raise _refused(file, cl, "a clause whose head is not callable")
        cl = Clause(head, body, cl.weight, cl.span, cl.var_names)
    if cl.key in CONTROL or cl.key in BUILTINS:
        raise _refused(file, cl, f"a clause of the builtin {cl.key[0].name}/{cl.key[1]}")
    return cl


def _directive(g, item, file: str, ops, declare) -> None:
    name = g.name.name if type(g) is Struct else None
    if name == "op" and len(g.args) == 3:
        defs = op_directive_defs(g)
        try:
            for p, t, n in defs:
                ops.add(p, t, n)
        except ValueError:
            defs = []
        if defs:
            return
    elif name in DECLS and len(g.args) == 1:
        try:
            keys = pred_specs(g.args[0])
        except PrologError:
            keys = []
        for key in keys:
            declare(key, name)
        if keys:
            return
    raise _refused(file, item, f"the directive {format_term(g, quoted=True)}")


def _refused(file: str, item, what: str) -> KBFileError:
    line = item.span.line if item.span is not None else "?"
    return fail(f"{file}:{line}", f"a saved program holds only clauses, op/3 and "
                                  f"declarations, not {what}; it is not read")
