"""Answers as the SWI-Prolog toplevel writes them, for every face.

``format_answer`` gives the text of one answer (``X = f(a, b),\nY = Z`` or
``true``); ``neurosym query``/``run`` and the REPL put the ``;`` / ``.``
after it as each of them goes on.
"""

from __future__ import annotations

from ..engine.builtins.flags import ANSWER_WRITE_OPTIONS
from ..engine.unify import CycleName
from ..terms import Atom, Struct, Var, deref, list_items, make_list
from ..terms.operators import DEFAULT_OPERATORS
from ..terms.printer import format_term

__all__ = ["format_answer", "answer_max_depth", "WRITE_OPTIONS", "PRINT_OPTIONS"]


def answer_max_depth(flags: dict) -> int | None:
    """The ``max_depth(N)`` of the ``answer_write_options`` flag (SWI's
    default ``[quoted(true), portray(true), max_depth(10),
    spacing(next_argument)]``); None for no limit (``max_depth(0)`` or none)."""
    opts = flags.get("answer_write_options", ANSWER_WRITE_OPTIONS)
    items, _ = list_items(deref(opts))
    for o in items:
        o = deref(o)
        if type(o) is Struct and o.name.name == "max_depth" and len(o.args) == 1:
            n = deref(o.args[0])
            return n if type(n) is int and n > 0 else None
    return None


def _options(*opts):
    return make_list([Struct(Atom(k), (Atom(v) if isinstance(v, str) else v,)) for k, v in opts])


# the answer_write_options that the ``w`` and ``p`` keys set, as in SWI-Prolog
WRITE_OPTIONS = _options(("quoted", "true"), ("spacing", "next_argument"))
PRINT_OPTIONS = ANSWER_WRITE_OPTIONS


def format_answer(bindings: dict, varmap: dict, ops=None, residuals=(),
                  max_depth: int | None = None) -> str:
    """An answer as SWI's toplevel writes it (``X = f(a, b),\nY = Z`` or ``true``).

    Query variables that are bound to each other form an alias group, named
    by its last member and printed as ``A = B, B = C``; other unbound
    variables print as ``_`` (once) or ``_A``, ``_B`` (shared); a cyclic
    binding prints with its variable (``X = f(X)``); an operator
    atom is bracketed (``X = (+)``), so the text reads back.  ``residuals``
    (``Answer.residuals``: constraint goals such as ``{Y=10-X}``) follow the
    bindings, one a line, as SWI prints clpq's residual goals.  ``max_depth``
    abbreviates deep terms and long lists (``[1, 2|...]``) as SWI's
    ``answer_write_options`` flag does (``answer_max_depth``)."""
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
                           spacing="next_argument", max_depth=max_depth)
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
