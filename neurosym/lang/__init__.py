"""Layer 2: the NSL front end -- grammar, parser, operators, printer, diagnostics.

``parse_program`` reads a source text into a :class:`Program` (clauses,
directives, queries, warnings); ``parse_term`` and ``parse_query`` read one
term or query; ``format_term``, ``write_canonical`` and ``format_clause``
write terms back as text that reads back to the same term.
"""

from ..terms.operators import DEFAULT_OPERATORS, Op, OperatorTable
from ..terms.printer import format_clause, format_term, write_canonical
from .parser import parse_program, parse_query, parse_term
from .program import Directive, Item, Program, Query

__all__ = [
    "parse_program", "parse_term", "parse_query",
    "format_term", "write_canonical", "format_clause",
    "Program", "Directive", "Query", "Item",
    "Op", "OperatorTable", "DEFAULT_OPERATORS",
]
