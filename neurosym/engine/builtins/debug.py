"""library(debug)'s assertion/1, as SWI-Prolog 9 raises it.

``assertion(G)`` runs ``G`` once, keeping no bindings; when it fails or
raises ``E``, it writes ``Assertion failed: user:G`` to stderr (without
SWI's backtrace) and raises ``error(assertion_error(Reason, user:G), _)``,
``Reason`` being ``fail`` or ``E``.  Limits (``resource_error``) pass through.
"""

from __future__ import annotations

import sys

from ...errors import PrologError
from ...terms import Atom, Struct, deref
from .io import term_to_text
from .registry import det

__all__: list[str] = []

_USER_COLON = (Atom(":"), Atom("user"))


@det("assertion", 1)
def bi_assertion(m, goal):
    g = deref(goal)
    reason = Atom("fail")
    try:
        gen = m.solve_iter(g)
        try:
            for _ in gen:
                return True
        finally:
            gen.close()
    except PrologError as e:
        f = e.formal
        if type(f) is Struct and f.name.name == "resource_error":
            raise
        reason = e.term
    culprit = Struct(_USER_COLON[0], (_USER_COLON[1], g))
    sys.stderr.write(f"Assertion failed: {term_to_text(m, culprit, quoted=True)}\n")
    raise PrologError.make(Struct(Atom("assertion_error"), (reason, culprit)))
