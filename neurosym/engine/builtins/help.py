"""help/1: a predicate's summary, from ``engine/help.txt``.

``help(Name)`` writes, for every predicate called ``Name`` that the table
holds, its template and a one-line summary (``help(Name/Arity)``: that
one), as SWI's help/1 shows its manual's entry::

    append(?L1, ?L2, ?L3)
        L3 is the concatenation of lists L1 and L2.

A predicate the table lacks but that exists (a builtin, a library or a
program predicate) is named with where it comes from; a name nothing
defines is SWI's warning ``No help for Name.`` on standard error.  help/1
always succeeds.
"""

from __future__ import annotations

import os
import sys

from ...terms import Atom, Struct, Var, deref
from ._util import inst_error, type_error
from .registry import det

__all__ = ["help_entries"]

HELP_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "help.txt")
_TABLE: dict | None = None       # name -> [(arity or None for "...", template, summary)]


def _split(line: str) -> tuple[str, int | None, str, str] | None:
    """``Template: summary`` -> (name, arity, template, summary)."""
    depth = 0
    i = 0
    quoted = False
    while i < len(line):
        c = line[i]
        if c == "'":
            quoted = not quoted
        elif not quoted and c == "(":
            depth += 1
        elif not quoted and c == ")":
            depth -= 1
        elif not quoted and depth == 0 and line.startswith(": ", i):
            break
        i += 1
    template, summary = line[:i].strip(), line[i + 2:].strip()
    if not template or not summary:
        return None
    paren = template.find("(", 1 if template[0] != "'" else template.index("'", 1))
    if paren < 0:
        return template.strip("'"), 0, template, summary
    name = template[:paren].strip("'")
    inner = template[paren + 1:-1]
    if inner.rstrip().endswith("..."):
        return name, None, template, summary
    return name, inner.count(",") + 1, template, summary


def help_entries() -> dict:
    global _TABLE
    if _TABLE is None:
        table: dict = {}
        with open(HELP_PATH, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    e = _split(line.rstrip("\n"))
                    if e is not None:
                        table.setdefault(e[0], []).append(e[1:])
        _TABLE = table
    return _TABLE


def _what(spec) -> tuple[str, int | None]:
    s = deref(spec)
    if type(s) is Var:
        raise inst_error()
    if type(s) is Atom:
        return s.name, None
    if type(s) is str:
        return s, None
    if type(s) is Struct and s.name.name in ("/", "//") and len(s.args) == 2:
        name, arity = deref(s.args[0]), deref(s.args[1])
        if type(name) is Atom and type(arity) is int:
            return name.name, arity + (2 if s.name.name == "//" else 0)
    raise type_error("predicate_indicator", s)


def _origin(m, key) -> str | None:
    if key in m.builtins:
        return "a builtin predicate"
    if m.store.defined(key):
        return f"a predicate of the program ({m.store.count(key)} clauses)"
    if m.library is not None and m.library.defined(key):
        return "a library predicate"
    return None


@det("help", 1)
def bi_help(m, spec):
    name, arity = _what(spec)
    lines = []
    shown = set()
    for a, template, summary in help_entries().get(name, ()):
        if arity is None or a is None or a == arity:
            lines.append(f"{template}\n    {summary}\n")
            shown.add(a)
    atom = Atom(name)
    for key in sorted({k for k in m.callable_keys() if k[0] is atom}, key=lambda k: k[1]):
        if (arity is None or key[1] == arity) and key[1] not in shown and None not in shown:
            origin = _origin(m, key) or "a control construct"
            lines.append(f"{name}/{key[1]}\n    {origin}; no summary.\n")
    if not lines:
        out = m.output if m.output is not None else sys.stdout
        out.flush()
        shown_name = name if arity is None else f"{name}/{arity}"
        sys.stderr.write(f"Warning: No help for {shown_name}.\n")
        return True
    m.write("\n".join(lines))
    return True
