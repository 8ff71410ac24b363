"""Rule templates: the rules training may learn, with predicate placeholders.

A template file holds one template per clause, in NSL or in NTP's ``.nlt``
syntax (the same text: NTP writes a tab or spaces after the count)::

    3 #1(X, Y) :- #2(X, Z), #2(Z, Y).     % three learnable copies
    #1(X, Y) :- #1(Y, X).                 % one copy (no count)
    2 locatedIn(X, Y) :- #1(X, Z), locatedIn(Z, Y).

``#k`` is a predicate placeholder: each copy of a template gets its own
learnable vector per placeholder, and one placeholder used twice in a
template is one vector (``#2`` above: the same relation twice).  A named
predicate is that predicate's own vector.  The arguments are variables;
every head variable must occur in the body (otherwise the rule proves
nothing about it), and a placeholder has one arity within a template.

The NSL reader already reads ``N clause`` as the directive
``template(N, Clause)`` (:data:`neurosym.lang.parser.TEMPLATE`); this module
checks its shape and turns it into :class:`Template`\\ s.  Every error --
syntax or shape -- is a :class:`~neurosym.errors.ParseError` with file, line
and column, and all errors of a file are reported together.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, ParseError
from ..lang.parser import TEMPLATE, is_placeholder, parse_program
from ..lang.program import Directive
from ..terms import NECK, Atom, Struct, Var, deref
from ..terms.printer import format_term

__all__ = ["Literal", "Template", "parse_templates", "load_templates", "as_templates"]

_COMMA = Atom(",")


@dataclass(frozen=True, slots=True)
class Literal:
    """``predicate(args...)``: ``predicate`` is ``"#k"`` or a predicate name,
    ``args`` are variable names."""

    predicate: str
    args: tuple[str, ...]

    @property
    def is_placeholder(self) -> bool:
        return self.predicate.startswith("#")

    def text(self, name: str | None = None) -> str:
        p = name if name is not None else self.predicate
        pred = p if p.startswith("#") else format_term(Atom(p), quoted=True)
        return f"{pred}({', '.join(self.args)})"


@dataclass(frozen=True, slots=True)
class Template:
    """One template: ``count`` copies of ``head :- body``."""

    count: int
    head: Literal
    body: tuple[Literal, ...]
    file: str | None = None
    line: int = 0

    @property
    def placeholders(self) -> list[str]:
        """The placeholders, in order of first appearance (head first)."""
        seen: dict[str, None] = {}
        for lit in (self.head, *self.body):
            if lit.is_placeholder:
                seen.setdefault(lit.predicate)
        return list(seen)

    def is_tautology(self, names: dict[str, str] | None = None) -> bool:
        """Whether the rule, placeholders named by ``names``, has its own head
        in its body (``p(X, Y) :- p(X, Y)``): true of everything, it proves
        nothing."""
        names = names or {}

        def named(lit: Literal) -> tuple[str, tuple[str, ...]]:
            return names.get(lit.predicate, lit.predicate), lit.args

        return any(named(lit) == named(self.head) for lit in self.body)

    def text(self, names: dict[str, str] | None = None) -> str:
        """The rule as NSL, placeholders replaced by ``names`` where given."""
        names = names or {}
        head = self.head.text(names.get(self.head.predicate))
        body = ", ".join(lit.text(names.get(lit.predicate)) for lit in self.body)
        return f"{head} :- {body}."

    def __str__(self) -> str:
        return f"{self.count} {self.text()}"


def _error(message: str, file: str | None, text: str, span) -> ParseError:
    lines = text.splitlines()
    line = span.line if span else 0
    src = lines[line - 1] if 0 < line <= len(lines) else None
    col = span.column if span else 0
    width = (span.end_column - col) if span and span.end_line == line else 1
    return ParseError(message, file=file, line=line, column=col, source_line=src,
                      width=max(1, width))


def _literal(goal, where: str) -> Literal:
    g = deref(goal)
    if type(g) is Atom:
        raise ValueError(f"{where} {g.name} has no arguments (templates are for "
                         "predicates with arguments)")
    if type(g) is not Struct:
        raise ValueError(f"{where} must be a predicate call, not {g!r}")
    name = g.name.name
    if name in (",", ";", "->", "\\+", ":-"):
        raise ValueError(f"{where} must be a plain predicate call (no '{name}')")
    args = []
    for a in g.args:
        a = deref(a)
        if type(a) is not Var or not a.name or a.name == "_":
            raise ValueError(f"{where} {name}/{len(g.args)}: every argument must be a "
                             "named variable")
        args.append(a.name)
    return Literal(name, tuple(args))


def _template(count, rule, file: str | None, line: int) -> Template:
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"the number of copies must be a positive integer, not {count!r}")
    rule = deref(rule)
    if not (type(rule) is Struct and rule.name is NECK and len(rule.args) == 2):
        raise ValueError("a template must be a rule 'Head :- Body'")
    head = _literal(rule.args[0], "the head")
    goals, stack = [], [rule.args[1]]
    while stack:                       # flatten the conjunction, left to right
        g = deref(stack.pop())
        if type(g) is Struct and g.name is _COMMA and len(g.args) == 2:
            stack.append(g.args[1])
            stack.append(g.args[0])
        else:
            goals.append(g)
    body = tuple(_literal(g, "a body goal") for g in goals)
    arity: dict[str, int] = {}
    for lit in (head, *body):
        if lit.is_placeholder and not is_placeholder(Atom(lit.predicate)):
            raise ValueError(f"bad placeholder {lit.predicate}")
        if arity.setdefault(lit.predicate, len(lit.args)) != len(lit.args):
            raise ValueError(f"{lit.predicate} is used with arities {arity[lit.predicate]} "
                             f"and {len(lit.args)}")
    if len(set(head.args)) != len(head.args):
        raise ValueError("the head's arguments must be distinct variables")
    body_vars = {v for lit in body for v in lit.args}
    missing = [v for v in head.args if v not in body_vars]
    if missing:
        raise ValueError(f"head variable {missing[0]} does not occur in the body")
    return Template(count, head, body, file, line)


def parse_templates(text: str, file: str | None = None) -> list[Template]:
    """The templates of a text (NSL or ``.nlt``); raises :class:`ParseError`
    listing every bad one."""
    program = parse_program(text, file)          # syntax errors raise here
    out: list[Template] = []
    errors: list[ParseError] = []
    for item in program.items:
        span = item.span
        if isinstance(item, Directive):
            g = deref(item.goal)
            if type(g) is Struct and g.name is TEMPLATE and len(g.args) == 2:
                try:
                    out.append(_template(deref(g.args[0]), g.args[1], file,
                                         span.line if span else 0))
                except ValueError as e:
                    errors.append(_error(str(e), file, text, span))
                continue
            errors.append(_error("a template file holds rule templates, not directives",
                                 file, text, span))
            continue
        errors.append(_error("expected a rule template such as "
                             "'3 #1(X, Y) :- #2(X, Z), #2(Z, Y).' (no #k placeholder and "
                             "no count here)", file, text, span))
    if errors:
        first = errors[0]
        if len(errors) > 1:
            first = ParseError(first.message, file=first.file, line=first.line,
                               column=first.column, source_line=first.source_line,
                               width=first.width, errors=errors)
        raise first
    if not out:
        raise ParseError("no rule templates found", file=file, line=1, column=1)
    return out


def load_templates(path: str | os.PathLike) -> list[Template]:
    """The templates of a file (``.nsl``, ``.nlt``, ``.pl``)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ParseError(f"not UTF-8 text ({e.reason})", file=str(p), line=1, column=1) from None
    return parse_templates(text, str(p))


def as_templates(templates) -> list[Template]:
    """Templates from a file path, NSL text (anything with ``:-``) or a list."""
    if isinstance(templates, (list, tuple)):
        if not all(isinstance(t, Template) for t in templates):
            raise ConfigError("templates: expected Template objects")
        return list(templates)
    if isinstance(templates, str) and ":-" in templates:
        return parse_templates(templates)
    if isinstance(templates, (str, os.PathLike)):
        return load_templates(templates)
    raise ConfigError(f"templates must be a file, NSL text or a list, not "
                      f"{type(templates).__name__}")
