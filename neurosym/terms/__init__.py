"""Layer 1: the term model (see ``core``), the symbol table and clauses."""

from .clause import Clause, Span
from .core import (
    COMMA,
    CURLY,
    FAIL,
    FALSE,
    LIST,
    NECK,
    NIL,
    TRUE,
    Atom,
    Struct,
    Term,
    Var,
    deref,
    functor_of,
    indicator,
    is_atomic,
    is_callable,
    is_ground,
    is_list,
    is_number,
    iter_list,
    list_items,
    make_list,
    pred_key,
    resolve,
    term_eq,
    term_vars,
)
from .symbols import SymbolTable

__all__ = [
    "Atom", "Var", "Struct", "Term", "Clause", "Span", "SymbolTable",
    "NIL", "LIST", "CURLY", "TRUE", "FALSE", "FAIL", "COMMA", "NECK",
    "deref", "resolve", "term_eq", "is_ground", "term_vars", "is_callable",
    "is_atomic", "is_number", "is_list", "make_list", "list_items", "iter_list",
    "indicator", "functor_of", "pred_key",
]
