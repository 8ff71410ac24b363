"""One exception hierarchy for neurosym.

Structure first, rendering second: every error carries data (a source
location, or an ISO Prolog error term) and renders itself, here and nowhere
else: ``str(e)`` is the message in words (SWI-Prolog's: ``Unknown procedure:
foo/0``, ``Arguments are not sufficiently instantiated`` ...), and
``render()`` the one or two lines that ``neurosym query/run/check``, the REPL
and the loader's warnings print (``error: Unknown procedure: foo/0``; a
source error's location, source line and caret).  The ISO error term stays
in ``e.term``.  An unknown procedure says what was perhaps meant (``;
did you mean foo/1?``), from the predicates the machine knows.

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

import difflib
from typing import Callable, Iterable

from .terms import Atom, Struct, Term, Var, deref
from .terms.printer import format_term

__all__ = [
    "NeurosymError", "SourceError", "SourceWarning", "ParseError", "IncompleteInput",
    "PrologError", "InstantiationError", "PrologTypeError", "DomainError",
    "ExistenceError", "PermissionError_", "RepresentationError",
    "EvaluationError", "ResourceError", "SyntaxErrorTerm", "PrologThrow",
    "ConfigError", "CheckpointError", "render_caret", "render_os_error", "did_you_mean",
    "nearest_predicates", "NoVectorsWarning", "Halt",
]


class Halt(SystemExit):
    """``halt/0,1`` called: the program asks to end the process with ``code``.

    A ``SystemExit``, so ``catch/3`` cannot stop it and, left alone, it ends
    the Python process with the status as SWI-Prolog's ``halt/1`` does; the
    CLI and the REPL end with it, an embedding program may catch it."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)


class NoVectorsWarning(UserWarning):
    """A soft query ran over a thought-vector space in which no symbol has a
    real vector (given or learned): only exact steps can succeed
    (``docs/soft.md``).  The CLI and the REPL print a note of their own."""


class NeurosymError(Exception):
    """Root of every error neurosym raises on purpose.  ``str(e)`` is the
    message; ``render()`` what the command line and the REPL print."""

    def render(self) -> str:
        return f"error: {self}"


class ConfigError(NeurosymError):
    """A bad configuration value or a missing optional backend."""


def render_caret(source_line: str, column: int, width: int = 1) -> str:
    """The source line and a ``^^^`` under columns ``column .. column+width-1`` (1-based)."""
    line = source_line.rstrip("\n").expandtabs(1)
    width = max(1, min(width, max(1, len(line) - column + 1)))
    return f"{line}\n{' ' * (column - 1)}{'^' * width}"


def render_os_error(e: OSError) -> str:
    """A failed file operation as the command line and the REPL print it:
    ``error: No such file or directory: x.nsl``."""
    return f"error: {e.strerror or e}: {e.filename or ''}".rstrip(": ")


def did_you_mean(alternatives: list[str]) -> str:
    """``"; did you mean a, b or c?"`` -- empty when there is no alternative."""
    if not alternatives:
        return ""
    if len(alternatives) == 1:
        return f"; did you mean {alternatives[0]}?"
    return f"; did you mean {', '.join(alternatives[:-1])} or {alternatives[-1]}?"


class CheckpointError(NeurosymError):
    """A saved model that cannot be read: missing, tampered with or mismatched."""


class SourceError(NeurosymError):
    """An error at a place in a source text.

    ``render()``: ``file:line:col: error: message``, the source line and a
    caret under the place; text without a file (a goal typed at the REPL or
    given to ``neurosym query``, ``kb.add``) is named by ``label`` instead,
    with its line only when it has several: ``syntax error: message``."""

    severity = "error"
    label = "error"

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
        if self.file:
            out = f"{self.location}: {self.severity}: {self.message}"
        else:
            where = f" (line {self.line})" if self.line > 1 else ""
            out = f"{self.label}{where}: {self.message}"
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
    label = "warning"


class ParseError(SourceError):
    """A syntax error.  ``errors`` holds every error of a multi-error parse."""

    label = "syntax error"

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


def _q(t: Term) -> str:
    return format_term(t, quoted=True)


class PrologError(NeurosymError):
    """A runtime error carrying the ISO error term ``error(Formal, Context)``.

    ``str(e)`` words it as SWI-Prolog does (each subclass knows its
    ``Formal``); an error term of no known shape is written as it is."""

    #: called by ``make`` for an error made without a context: the context
    #: term to use (None: an unbound one).  The engine installs one that names
    #: the builtin raising it, as SWI does (``context(system:atom_length/2, _)``).
    context_hook: Callable[[], Term | None] | None = None

    def __init__(self, term: Term, message: str | None = None) -> None:
        super().__init__()
        self.term = term
        self._message = message

    def __str__(self) -> str:   # described lazily: catch-heavy programs never print
        if self._message:
            return self._message
        try:
            return self._describe()
        except Exception:  # noqa: BLE001 -- describing must never mask the error
            return repr(self.formal)

    # -- construction --------------------------------------------------
    @staticmethod
    def make(formal: Term, context: Term | None = None) -> "PrologError":
        if context is None and PrologError.context_hook is not None:
            context = PrologError.context_hook()
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

    def _args(self, n: int) -> list | None:
        """The ``n`` arguments of the formal term, or None when it has others."""
        f = self.formal
        if type(f) is Struct and len(f.args) == n:
            return [deref(a) for a in f.args]
        return None

    def _describe(self) -> str:
        return _q(self.formal)


class InstantiationError(PrologError):
    @classmethod
    def new(cls, context: Term | None = None) -> PrologError:
        return cls.make(_a("instantiation_error"), context)

    def _describe(self) -> str:
        return "Arguments are not sufficiently instantiated"


class PrologTypeError(PrologError):
    @classmethod
    def new(cls, type_name: str, culprit: Term, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("type_error"), (_a(type_name), culprit)), context)

    def _describe(self) -> str:
        a = self._args(2)
        return f"Type error: `{_q(a[0])}' expected, found `{_q(a[1])}'" if a else \
            super()._describe()


class DomainError(PrologError):
    @classmethod
    def new(cls, domain: str, culprit: Term, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("domain_error"), (_a(domain), culprit)), context)

    def _describe(self) -> str:
        a = self._args(2)
        return f"Domain error: `{_q(a[0])}' expected, found `{_q(a[1])}'" if a else \
            super()._describe()


class ExistenceError(PrologError):
    """``existence_error(Kind, What)``.  An unknown procedure made by
    :meth:`procedure` knows which predicates could be called (``known``,
    asked only when the error is described) and names the nearest."""

    known: Callable[[], Iterable[tuple]] | None = None

    @classmethod
    def new(cls, kind: str, what: Term, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("existence_error"), (_a(kind), what)), context)

    @classmethod
    def procedure(cls, key: tuple, known: Callable[[], Iterable[tuple]] | None = None
                  ) -> "ExistenceError":
        """``error(existence_error(procedure, Name/Arity), Name/Arity)`` for the
        predicate ``key``; ``known()`` gives the ``(name, arity)`` keys of the
        predicates that exist (store, library, builtins)."""
        ind = Struct(_a("/"), (key[0], key[1]))
        err = cls(Struct(_a("error"), (Struct(_a("existence_error"), (_a("procedure"), ind)), ind)))
        err.known = known
        return err

    def _describe(self) -> str:
        a = self._args(2)
        if a is None:
            return super()._describe()
        if a[0] is _a("procedure"):
            return f"Unknown procedure: {_q(a[1])}" + did_you_mean(self.suggestions())
        return f"{_q(a[0])} `{_q(a[1])}' does not exist"

    def suggestions(self) -> list[str]:
        """The indicators of up to three known predicates nearest the unknown
        one: the same name with other arities, then close names (difflib)."""
        a = self._args(2)
        ind = a[1] if a is not None else None
        if self.known is None or type(ind) is not Struct or len(ind.args) != 2:
            return []
        name, arity = deref(ind.args[0]), deref(ind.args[1])
        if type(name) is not Atom or type(arity) is not int:
            return []
        return [_q(Struct(_a("/"), (_a(n), k)))
                for n, k in nearest_predicates(name.name, arity, self.known())]


def nearest_predicates(name: str, arity: int, known: Iterable[tuple]) -> list[tuple[str, int]]:
    """Up to three ``(name, arity)`` of the ``known`` predicate keys nearest
    ``name/arity``: the same name with other arities, then close names
    (difflib), each with its arity nearest ``arity`` -- the "did you mean"
    of an unknown procedure and the REPL's "Correct to"."""
    arities: dict[str, set[int]] = {}
    for k_name, k_arity in known:
        if not k_name.name.startswith("$"):
            arities.setdefault(k_name.name, set()).add(k_arity)
    same = sorted(arities.pop(name, set()) - {arity}, key=lambda n: (abs(n - arity), n))
    found = [(name, n) for n in same]
    for close in difflib.get_close_matches(name, list(arities), n=3, cutoff=0.75):
        found.append((close, min(arities[close], key=lambda n: (abs(n - arity), n))))
    return found[:3]


class PermissionError_(PrologError):
    @classmethod
    def new(cls, action: str, kind: str, culprit: Term, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("permission_error"), (_a(action), _a(kind), culprit)), context)

    def _describe(self) -> str:
        a = self._args(3)
        if a is None or type(a[0]) is not Atom or type(a[1]) is not Atom:
            return super()._describe()
        return f"No permission to {a[0].name} {a[1].name.replace('_', ' ')} `{_q(a[2])}'"


class RepresentationError(PrologError):
    @classmethod
    def new(cls, what: str, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("representation_error"), (_a(what),)), context)

    def _describe(self) -> str:
        a = self._args(1)
        return f"Cannot represent due to `{_q(a[0])}'" if a else super()._describe()


class EvaluationError(PrologError):
    @classmethod
    def new(cls, what: str, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("evaluation_error"), (_a(what),)), context)

    def _describe(self) -> str:
        a = self._args(1)
        return f"Arithmetic: evaluation error: {_q(a[0])}" if a else super()._describe()


class ResourceError(PrologError):
    """A limit was hit.  ``limit`` names it: depth, inferences, time, answers, memory."""

    @classmethod
    def new(cls, limit: str, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("resource_error"), (_a(limit),)), context)

    @property
    def limit(self) -> str:
        f = self.formal
        return deref(f.args[0]).name if type(f) is Struct else "unknown"

    def _describe(self) -> str:
        a = self._args(1)
        return f"Resource limit exceeded: {_q(a[0])}" if a else super()._describe()


class SyntaxErrorTerm(PrologError):
    """``error(syntax_error(What), _)`` raised at run time (e.g. by ``atom_to_term/3``)."""

    @classmethod
    def new(cls, what: str, context: Term | None = None) -> PrologError:
        return cls.make(Struct(_a("syntax_error"), (_a(what),)), context)

    def _describe(self) -> str:
        a = self._args(1)
        if a is None:
            return super()._describe()
        return f"Syntax error: {a[0].name if type(a[0]) is Atom else _q(a[0])}"


class PrologThrow(PrologError):
    """An uncaught ``throw(Ball)`` whose ball is not an ``error/2`` term."""

    @property
    def formal(self) -> Term:
        return deref(self.term)

    def _describe(self) -> str:
        return "Unhandled exception: " + _q(self.formal)


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
