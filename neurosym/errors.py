"""One exception hierarchy for neurosym.

Structure first, rendering second: every error carries data (a source
location, or an ISO Prolog error term) and ``render()`` turns it into the one
or two lines the CLI and REPL print.

* ``NeurosymError``           -- the root.
* ``SourceError``             -- anything tied to a place in a source text
  (file, line, column); ``ParseError`` and its ``IncompleteInput`` subclass
  (the REPL asks for another line when it sees this one).
* ``PrologError``             -- a runtime error with an ISO error term
  ``error(Formal, Context)``; subclasses mirror ISO's classes:
  ``InstantiationError``, ``PrologTypeError``, ``DomainError``,
  ``ExistenceError``, ``PermissionError_``, ``RepresentationError``,
  ``EvaluationError``, ``ResourceError``, ``SyntaxErrorTerm``.
  ``PrologError.from_term`` picks the subclass for a caught ball.
* ``PrologThrow``             -- an uncaught ``throw/1`` of a non-error ball.
"""

from __future__ import annotations

from .terms import Atom, Struct, Term, Var, deref

__all__ = [
    "NeurosymError", "SourceError", "SourceWarning", "ParseError", "IncompleteInput",
    "PrologError", "InstantiationError", "PrologTypeError", "DomainError",
    "ExistenceError", "PermissionError_", "RepresentationError",
    "EvaluationError", "ResourceError", "SyntaxErrorTerm", "PrologThrow",
    "ConfigError", "render_caret",
]


class NeurosymError(Exception):
    """Root of every error neurosym raises on purpose."""

    def render(self) -> str:
        return f"error: {self}"


class ConfigError(NeurosymError):
    """A bad configuration value or a missing optional backend."""


def render_caret(source_line: str, column: int, width: int = 1) -> str:
    """The source line and a ``^^^`` under columns ``column .. column+width-1`` (1-based)."""
    line = source_line.rstrip("\n").expandtabs(1)
    width = max(1, min(width, max(1, len(line) - column + 1)))
    return f"{line}\n{' ' * (column - 1)}{'^' * width}"


class SourceError(NeurosymError):
    """An error at a place in a source text."""

    severity = "error"

    def __init__(self, message: str, file: str | None = None, line: int = 0,
                 column: int = 0, source_line: str | None = None, width: int = 1,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.source_line = source_line
        self.width = width
        self.hint = hint

    @property
    def location(self) -> str:
        return f"{self.file or '<string>'}:{self.line}:{self.column}"

    def render(self) -> str:
        out = f"{self.location}: {self.severity}: {self.message}"
        if self.source_line is not None and self.column > 0:
            out += "\n" + render_caret(self.source_line, self.column, self.width)
        if self.hint:
            out += f"\n{self.hint}"
        return out

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class SourceWarning(SourceError):
    """A warning at a place in a source text (singleton variable, discontiguous clauses)."""

    severity = "warning"


class ParseError(SourceError):
    """A syntax error.  ``errors`` holds every error of a multi-error parse."""

    def __init__(self, *args, errors: list["ParseError"] | None = None, **kw) -> None:
        super().__init__(*args, **kw)
        self.errors: list[ParseError] = errors if errors is not None else [self]

    def render(self) -> str:
        if len(self.errors) > 1:
            return "\n".join(SourceError.render(e) for e in self.errors)
        return super().render()


class IncompleteInput(ParseError):
    """The text ended before the clause did (the REPL reads another line)."""


def _a(name: str) -> Atom:
    return Atom(name)


class PrologError(NeurosymError):
    """A runtime error carrying the ISO error term ``error(Formal, Context)``."""

    def __init__(self, term: Term, message: str | None = None) -> None:
        super().__init__()
        self.term = term
        self._message = message

    def __str__(self) -> str:   # described lazily: catch-heavy programs never print
        return self._message or self._describe()

    # -- construction --------------------------------------------------
    @staticmethod
    def make(formal: Term, context: Term | None = None) -> "PrologError":
        term = Struct(_a("error"), (formal, context if context is not None else Var()))
        return PrologError.from_term(term)

    @staticmethod
    def from_term(term: Term) -> "PrologError":
        """The right subclass for an ``error(Formal, _)`` ball."""
        term = deref(term)
        if type(term) is Struct and term.name.name == "error" and len(term.args) == 2:
            formal = deref(term.args[0])
            key = formal.name.name if type(formal) is Struct else (
                formal.name if type(formal) is Atom else None)
            cls = _BY_FORMAL.get(key, PrologError)
            return cls(term)
        return PrologThrow(term)

    @property
    def formal(self) -> Term:
        t = deref(self.term)
        return deref(t.args[0]) if type(t) is Struct and len(t.args) == 2 else t

    def _describe(self) -> str:
        try:
            from .terms.printer import format_term  # lazy: lang sits above errors
            return format_term(self.formal, quoted=True)
        except Exception:  # noqa: BLE001 -- describing must never mask the error
            return repr(self.formal)

    def render(self) -> str:
        return f"error: {self}"


class InstantiationError(PrologError):
    @classmethod
    def new(cls, context: Term | None = None) -> PrologError:
        return cls.make(_a("instantiation_error"), context)

    def _describe(self) -> str:
        return "arguments are not sufficiently instantiated"


class PrologTypeError(PrologError):
    @classmethod
    def new(cls, type_name: str, culprit: Term, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("type_error"), (_a(type_name), culprit)), context)


class DomainError(PrologError):
    @classmethod
    def new(cls, domain: str, culprit: Term, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("domain_error"), (_a(domain), culprit)), context)


class ExistenceError(PrologError):
    @classmethod
    def new(cls, kind: str, what: Term, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("existence_error"), (_a(kind), what)), context)


class PermissionError_(PrologError):
    @classmethod
    def new(cls, action: str, kind: str, culprit: Term, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("permission_error"), (_a(action), _a(kind), culprit)), context)


class RepresentationError(PrologError):
    @classmethod
    def new(cls, what: str, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("representation_error"), (_a(what),)), context)


class EvaluationError(PrologError):
    @classmethod
    def new(cls, what: str, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("evaluation_error"), (_a(what),)), context)


class ResourceError(PrologError):
    """A limit was hit.  ``limit`` names it: depth, inferences, time, answers, memory."""

    @classmethod
    def new(cls, limit: str, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("resource_error"), (_a(limit),)), context)

    @property
    def limit(self) -> str:
        f = self.formal
        return deref(f.args[0]).name if type(f) is Struct else "unknown"


class SyntaxErrorTerm(PrologError):
    """``error(syntax_error(What), _)`` raised at run time (e.g. by ``atom_to_term/3``)."""

    @classmethod
    def new(cls, what: str, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("syntax_error"), (_a(what),)), context)


class PrologThrow(PrologError):
    """An uncaught ``throw(Ball)`` whose ball is not an ``error/2`` term."""

    @property
    def formal(self) -> Term:
        return deref(self.term)

    def _describe(self) -> str:
        return "unhandled exception: " + super()._describe()


_BY_FORMAL = {
    "instantiation_error": InstantiationError,
    "type_error": PrologTypeError,
    "domain_error": DomainError,
    "existence_error": ExistenceError,
    "permission_error": PermissionError_,
    "representation_error": RepresentationError,
    "evaluation_error": EvaluationError,
    "resource_error": ResourceError,
    "syntax_error": SyntaxErrorTerm,
}
