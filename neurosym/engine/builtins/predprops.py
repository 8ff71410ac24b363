"""predicate_property/2: what a program may ask about a predicate.

The properties, in SWI-Prolog's order:

* a predicate of the program: ``interpreted``, ``visible``, ``static`` or
  ``dynamic``, ``number_of_clauses(N)``, ``number_of_rules(R)``,
  ``defined``, then ``tabled`` and ``tabled(variant)`` when it is tabled;
* a library predicate (``append/3``, ``member/2`` ... from the prelude) that
  the program does not define: the same, static, never ``built_in``;
* a builtin or control construct: ``visible``, ``built_in``, ``static``,
  ``defined``.

An undefined predicate has no properties; ``Module:Head`` is ``Head``;
with ``Head`` unbound the program's predicates come first, then the
library's, then the builtins.
"""

from __future__ import annotations

from ...terms import TRUE, Atom, Struct, Var, deref
from ..control import CONTROL
from ._util import try_unify
from .registry import BUILTINS, nondet

__all__: list[str] = []

_COLON = Atom(":")
_A = Atom
_BUILTIN_PROPS = (_A("visible"), _A("built_in"), _A("static"), _A("defined"))


def _clause_props(src, key, tabled: bool) -> list:
    clauses = src.clauses(key)
    rules = sum(1 for c in clauses if deref(c.body) is not TRUE)
    dynamic = src.flags(key).dynamic
    props = [_A("interpreted"), _A("visible"), _A("dynamic" if dynamic else "static"),
             Struct(_A("number_of_clauses"), (src.count(key),)),
             Struct(_A("number_of_rules"), (rules,)), _A("defined")]
    if tabled:
        props += [_A("tabled"), Struct(_A("tabled"), (_A("variant"),))]
    return props


def _props(m, key) -> list:
    """The properties of the predicate ``key``, none when it is undefined."""
    store = m.store
    if key in CONTROL or key in BUILTINS:
        return list(_BUILTIN_PROPS)
    tabled = key in m.tabled or store.flags(key).table
    if store.defined(key):
        return _clause_props(store, key, tabled)
    lib = m.library
    if lib is not None and lib.defined(key):
        return _clause_props(lib, key, tabled)
    return []


def _keys(m) -> list:
    seen: set = set()
    out = []
    lib = m.library
    for key in [*m.store.predicates(), *(lib.predicates() if lib is not None else ()),
                *CONTROL, *BUILTINS]:
        if key not in seen and not key[0].name.startswith("$"):
            seen.add(key)
            out.append(key)
    return out


def _head(key):
    return key[0] if key[1] == 0 else Struct(key[0], tuple(Var() for _ in range(key[1])))


@nondet("predicate_property", 2)
def bi_predicate_property(m, head, prop):
    h = deref(head)
    while type(h) is Struct and h.name is _COLON and len(h.args) == 2:
        h = deref(h.args[1])
    if type(h) is Var:
        for key in _keys(m):
            for p in _props(m, key):
                if try_unify(m, (h, _head(key)), (prop, p)):
                    yield True
        return
    if type(h) is Atom:
        key = (h, 0)
    elif type(h) is Struct:
        key = (h.name, len(h.args))
    else:
        return
    for p in _props(m, key):
        if try_unify(m, (prop, p)):
            yield True
