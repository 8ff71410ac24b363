"""Popper's task folders, read as they are.

A folder holds ``exs.pl`` (``pos(Atom).`` and ``neg(Atom).`` facts),
``bk.pl`` (the background knowledge: facts and Datalog rules) and
``bias.pl``: ``head_pred(Name, Arity)``, ``body_pred(Name, Arity)``,
``max_vars/1``, ``max_body/1``, ``max_clauses/1``, ``type(Name, (T1, ...))``,
``direction(Name, (in, out, ...))`` and ``enable_recursion``.  Popper writes
one-element tuples as ``(t,)`` (clingo's syntax); they read here as ``(t)``.
Other bias facts and ``:-`` constraints (Popper's ASP, in clingo's syntax:
blanked out before the file is read) are listed in ``warnings`` and ignored.

:func:`load_task` reads ``exs.pl`` and ``bias.pl`` into a :class:`PopperTask`;
the caller consults ``bk.pl`` into a knowledge base (``neurosym induce``,
``benchmarks/ilp/run.py``).  A bad file is a :class:`~neurosym.errors.SourceError`
at its file, line and column.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ...errors import SourceError
from ...lang.parser import parse_program
from ...terms import COMMA, Atom, Clause, Struct, deref, indicator, is_ground
from ...terms.printer import format_term
from .task import Bias

__all__ = ["PopperTask", "load_task", "read_examples"]

_IGNORED = {"allow_singletons", "non_datalog", "enable_pi", "max_ho", "only_once",
            "body_size", "max_literals", "custom_constraint", "bounds", "numerical_pred"}
_SETTINGS = ("max_vars", "max_body", "max_clauses")


class PopperTask(BaseModel):
    """A task read from a folder: the ``target`` (``"name/arity"``), its
    examples (NSL text), the ``bias``, the ``bk`` file, the ``spans`` of the
    ``body_pred`` declarations (``"name/arity"`` -> ``file:line:col``) and
    ``warnings`` about what was ignored."""

    model_config = ConfigDict(extra="forbid")

    folder: str
    target: str
    pos: list[str]
    neg: list[str]
    bias: Bias
    bk: str
    spans: dict[str, tuple[str, int, int]] = {}
    warnings: list[str] = []


def _error(message: str, clause_or_span, text: str | None = None) -> SourceError:
    span = getattr(clause_or_span, "span", clause_or_span)
    if span is None:
        return SourceError(message)
    line = text.splitlines()[span.line - 1] if text and span.line <= len(text.splitlines()) else None
    return SourceError(message, span.file, span.line, span.column, line)


def _read(path: Path, fix_tuples: bool = False):
    if not path.is_file():
        raise SourceError(f"missing {path.name} (a Popper task folder has exs.pl, bk.pl "
                          "and bias.pl)", str(path), 1, 1)
    text = path.read_text(encoding="utf-8")
    skipped: list[int] = []
    if fix_tuples:
        text, skipped = _blank_constraints(text)
        text = re.sub(r",(\s*)\)", r" \1)", text)     # clingo's (a,) -> (a ): same columns
    return text, parse_program(text, str(path)), skipped


_CONSTRAINT = re.compile(r"^[ \t]*:-.*?\.[ \t]*(?:%.*)?$", re.M | re.S)


def _blank_constraints(text: str) -> tuple[str, list[int]]:
    """Popper's ``:-`` constraints are clingo, not Prolog (``#count{...}``,
    ``1..3``): blank them out, keeping every line and column; returns the
    text and the lines where they began."""
    lines: list[int] = []

    def blank(m):
        lines.append(text.count("\n", 0, m.start()) + 1)
        return re.sub(r"[^\n]", " ", m.group(0))
    return _CONSTRAINT.sub(blank, text), lines


def _tuple(term) -> list:
    out = []
    term = deref(term)
    while type(term) is Struct and term.name is COMMA and len(term.args) == 2:
        out.append(deref(term.args[0]))
        term = deref(term.args[1])
    out.append(term)
    return out


def _name_arity(c: Clause, text: str) -> tuple[str, int]:
    n, a = (deref(x) for x in c.head.args)
    if type(n) is not Atom or type(a) is not int or a < 0:
        raise _error(f"{c.head.name.name}/2 wants a predicate name and an arity, "
                     f"as in {c.head.name.name}(parent, 2)", c, text)
    return n.name, a


def load_task(folder) -> PopperTask:
    """Read a Popper task folder (see the module docstring)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(f"not a folder: {folder}", str(folder), 1, 1)
    text, prog, skipped = _read(folder / "bias.pl", fix_tuples=True)
    head, body, settings, types, dirs, spans, warnings = None, [], {}, {}, {}, {}, []
    warnings += [f"{folder / 'bias.pl'}:{line}:1: ignored: a constraint (Popper's ASP)"
                 for line in skipped]
    recursion = False
    for item in prog.items:
        if not isinstance(item, Clause):
            warnings.append(f"{item.span}: ignored: a directive or constraint (Popper's ASP)")
            continue
        if not item.is_fact:
            warnings.append(f"{item.span}: ignored: a rule")
            continue
        h = item.head
        name = h.name.name if type(h) is Struct else h.name
        arity = len(h.args) if type(h) is Struct else 0
        if (name, arity) in (("head_pred", 2), ("body_pred", 2)):
            na = _name_arity(item, text)
            if name == "head_pred":
                if head is not None:
                    raise _error("a second head_pred/2 (one target predicate per task)",
                                 item, text)
                head = na
            else:
                body.append(indicator(Atom(na[0]), na[1]))
                spans[body[-1]] = (item.span.file, item.span.line, item.span.column)
        elif name in _SETTINGS and arity == 1:
            v = deref(h.args[0])
            if type(v) is not int or v < 1:
                raise _error(f"{name}/1 wants a positive integer", item, text)
            settings[name] = v
        elif name in ("type", "direction") and arity == 2:
            p = deref(h.args[0])
            vals = _tuple(h.args[1])
            if type(p) is not Atom or any(type(x) is not Atom for x in vals):
                raise _error(f"{name}/2 wants a predicate name and a tuple of atoms, "
                             f"as in {name}(parent, ({'in,out' if name == 'direction' else 'person,person'}))",
                             item, text)
            if name == "direction" and any(x.name not in ("in", "out") for x in vals):
                raise _error("a direction is in or out", item, text)
            (types if name == "type" else dirs)[p.name] = tuple(x.name for x in vals)
        elif (name, arity) == ("enable_recursion", 0):
            recursion = True
        elif name in _IGNORED:
            warnings.append(f"{item.span}: ignored: {name}/{arity} (not supported)")
        else:
            warnings.append(f"{item.span}: ignored: unknown bias fact {name}/{arity}")
    if head is None:
        raise SourceError("no head_pred/2 in bias.pl (the predicate to learn)",
                          str(folder / "bias.pl"), 1, 1)
    target = indicator(Atom(head[0]), head[1])
    if target in body:              # the target among the body predicates: recursion
        recursion = True
        body.remove(target)
        spans.pop(target, None)     # it needs no clauses in bk.pl
    bias = Bias(body=body or None, recursion=recursion, types=types, directions=dirs,
                **settings)
    pos, neg = read_examples(folder / "exs.pl", Atom(head[0]), head[1])
    return PopperTask(folder=str(folder), target=target, pos=pos, neg=neg, bias=bias,
                      bk=str(folder / "bk.pl"), spans=spans, warnings=warnings)


def read_examples(path: Path, name: Atom, arity: int) -> tuple[list[str], list[str]]:
    """``pos(...)`` / ``neg(...)`` facts of ``name/arity`` from ``path``, as text."""
    text, prog, _ = _read(path)
    pos: list[str] = []
    neg: list[str] = []
    for item in prog.items:
        if not (isinstance(item, Clause) and item.is_fact and type(item.head) is Struct
                and item.head.name.name in ("pos", "neg") and len(item.head.args) == 1):
            raise _error("expected pos(Example). or neg(Example).", item.span, text)
        ex = deref(item.head.args[0])
        if not (type(ex) is Struct and ex.name is name and len(ex.args) == arity):
            raise _error(f"the example is not an atom of {indicator(name, arity)} "
                         "(head_pred/2 in bias.pl)", item.span, text)
        if not is_ground(ex):
            raise _error("an example must be ground", item.span, text)
        (pos if item.head.name.name == "pos" else neg).append(format_term(ex, quoted=True))
    if not pos:
        raise SourceError("no pos(...) example", str(path), 1, 1)
    return pos, neg
