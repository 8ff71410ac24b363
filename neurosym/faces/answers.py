"""Answers as the SWI-Prolog toplevel writes them, for every face.

``format_answer`` gives the text of one answer (``X = f(a, b),\nY = Z`` or
``true``); ``neurosym query``/``run`` and the REPL put the ``;`` / ``.``
after it as each of them goes on.
"""

from __future__ import annotations

from ..engine.unify import CycleName
from ..terms import Atom, Struct, Var, deref
from ..terms.operators import DEFAULT_OPERATORS
from ..terms.printer import format_term

__all__ = ["format_answer"]


def format_answer(bindings: dict, varmap: dict, ops=None, residuals=()) -> str:
    """An answer as SWI's toplevel writes it (``X = f(a, b),\nY = Z`` or ``true``).

    Query variables that are bound to each other form an alias group, named
    by its last member and printed as ``A = B, B = C``; other unbound
    variables print as ``_`` (once) or ``_A``, ``_B`` (shared); a cyclic
    binding prints with its variable (``X = f(X)``); an operator
    atom is bracketed (``X = (+)``), so the text reads back.  ``residuals``
    (``Answer.residuals``: constraint goals such as ``{Y=10-X}``) follow the
    bindings, one a line, as SWI prints clpq's residual goals."""
    ops = ops if ops is not None else DEFAULT_OPERATORS
    groups: dict = {}            # id(unbound var) -> query names sharing it, in order
    for name, v in varmap.items():
        if name.startswith("_"):
            continue
        d = deref(v)
        if type(d) is Var:
            groups.setdefault(id(d), []).append(name)
    names: dict = {}
    for v in varmap.values():
        d = deref(v)
        if type(d) is Var and id(d) in groups:
            names[d] = groups[id(d)][-1]
    counts: dict = {}
    order: list = []
    for val in [*bindings.values(), *residuals]:
        stack = [val]
        while stack:
            x = deref(stack.pop())
            if type(x) is Var:
                if type(x.name) is CycleName:      # a cycle: X = f(X)
                    names[x] = str(x.name)
                elif x not in names:
                    if id(x) not in counts:
                        order.append(x)
                    counts[id(x)] = counts.get(id(x), 0) + 1
            elif type(x) is Struct:
                stack.extend(reversed(x.args))
    letter = 0
    for x in order:
        if counts[id(x)] > 1:
            names[x] = "_" + _letters(letter)
            letter += 1
        else:
            names[x] = "_"
    parts = []
    for name, val in bindings.items():
        d = deref(val)
        if type(d) is Var:
            group = groups.get(id(d), [])
            if len(group) > 1 and group[0] == name:
                parts.append(", ".join(f"{a} = {b}" for a, b in zip(group, group[1:], strict=False)))
            continue
        text = format_term(d, quoted=True, var_names=names, priority=699, ops=ops,
                           spacing="next_argument")
        if type(d) is Atom and ops.is_op(d.name):
            text = f"({text})"
        parts.append(f"{name} = {text}")
    for r in residuals:
        parts.append(format_term(r, quoted=True, var_names=names, ops=ops,
                                 spacing="next_argument"))
    return ",\n".join(parts) if parts else "true"


def _letters(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s
