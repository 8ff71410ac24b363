"""First-argument switch of a small predicate: the machine's fast path.

A :class:`Pred` is what the machine's dispatch table holds for a user (or
library) predicate of at most ``SMALL_PRED`` clauses.  It is made once per
clause snapshot (the store hands out the same tuple until the predicate
changes) and maps the first argument of a call to a *selection*
``(clauses, fn)``:

* ``clauses``: the clauses whose head may match, in order (a superset of
  those that do: a clause whose first argument is a variable is in every
  selection; head unification decides);
* ``fn``: when the selection is one clause with generated code
  (:mod:`.codegen`), that code, so the machine resolves the call in one
  Python call and pushes no choicepoint; else ``None``.

Keys: an unbound first argument selects every clause; a compound selects by
its name (and by arity where the predicate has compounds of one name with
different arities); an atom by identity.  Atoms are interned and the
clauses hold theirs, so atoms (and compound names) are keyed by ``id``, which
avoids the Python-level ``Atom.__hash__``; an integer or a string by value.
Floats and any other value select every clause (``1 == 1.0`` and NaN make
value keys unsafe there; head unification decides).

Once a predicate has been called ``SWITCH_AFTER`` times (see the machine),
:meth:`Pred.make_code` generates the switch itself as Python
(:func:`.codegen.generate_switch`): tests on the first argument's type and
name, with the code of each one-clause selection in line, so such a call is
one Python call; it returns ``MULTI`` where several clauses may match, and
the machine then resolves the call from the selection.
"""

from __future__ import annotations

from ..terms import Atom, Struct
from .codegen import generate_switch
from .compile import compiled_of

__all__ = ["Pred", "pred_of", "MULTI"]

_ARITY = object()     # in ``structs``: this name comes with several arities


class _Multi:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<multi>"


MULTI = _Multi()      # what the generated switch returns when several clauses may match


class Pred:
    __slots__ = ("clauses", "all", "other", "structs", "by_arity", "atoms", "consts",
                 "groups", "code", "calls")

    def __init__(self, clauses: tuple) -> None:
        self.clauses = clauses
        comps = [compiled_of(c) for c in clauses]
        self.all = _sel(clauses, comps, range(len(clauses)))
        self.structs: dict = {}
        self.by_arity: dict = {}
        self.atoms: dict = {}
        self.consts: dict = {}
        groups: dict = {}       # key -> indices of the clauses with that key
        unkeyed = []            # indices of the clauses in every selection
        for i, comp in enumerate(comps):
            k = comp.key1
            a0 = comp.head[0] if comp.head else None
            if k is None:
                unkeyed.append(i)
                continue
            if type(k) is tuple and type(k[0]) is Atom:     # a compound (name, arity)
                k = ("s", k[0], k[1])
            elif type(a0) is Atom:
                k = ("a", id(a0), a0)
            elif type(a0) is int or type(a0) is str:
                k = ("c", type(a0), a0)
            else:                       # a float, or a value of another kind: no key
                unkeyed.append(i)
                continue
            groups.setdefault(k, []).append(i)
        self.other = _sel(clauses, comps, unkeyed)
        self.groups = groups
        self.code = None        # the generated switch (made once the predicate is called often)
        self.calls = 0
        if not groups:
            return
        arities: dict = {}
        for k in groups:
            if k[0] == "s":
                arities.setdefault(id(k[1]), set()).add(k[2])
        for k, idx in groups.items():
            sel = _sel(clauses, comps, sorted(idx + unkeyed) if unkeyed else idx)
            if k[0] == "s":
                name = id(k[1])
                if len(arities[name]) > 1:
                    self.structs[name] = _ARITY
                    self.by_arity[(name, k[2])] = sel
                else:
                    self.structs[name] = sel
            elif k[0] == "a":
                self.atoms[k[1]] = sel
            else:
                self.consts[k[2]] = sel

    def make_code(self) -> None:
        """Generate the switch with the clause of each one-clause selection
        in line (:func:`.codegen.generate_switch`); the machine calls it
        instead of looking the selection up and calling the clause's code."""
        self.calls = -(1 << 62)      # made once, whatever comes of it

        def plan(sel):
            clauses, fn = sel
            if not clauses:
                return None
            return compiled_of(clauses[0]) if fn is not None else MULTI

        structs: dict = {}
        atoms: dict = {}
        ints: dict = {}
        strs: dict = {}
        for k in self.groups:
            if k[0] == "s":
                name = k[1]
                sel = self.structs[id(name)]
                if sel is _ARITY:
                    structs.setdefault(name, {})[k[2]] = plan(self.by_arity[(id(name), k[2])])
                else:
                    structs[name] = plan(sel)
            elif k[0] == "a":
                atoms[k[2]] = plan(self.atoms[k[1]])
            else:
                (ints if k[1] is int else strs)[k[2]] = plan(self.consts[k[2]])
        cl = self.clauses
        arity = len(cl[0].head.args) if cl and type(cl[0].head) is Struct else 0
        all_, other = plan(self.all), plan(self.other)
        if all(p is MULTI or p is None for p in (all_, other, *atoms.values(), *ints.values(),
                                                  *strs.values())) and \
                all(p is MULTI or p is None for v in structs.values()
                    for p in (v.values() if type(v) is dict else (v,))):
            return                  # no one-clause selection: nothing to gain
        name = cl[0].head.name if arity else cl[0].head
        self.code = generate_switch((name, arity, all_, structs, atoms, ints, strs, other),
                                    MULTI)

    def select(self, a0):
        """The selection for a dereferenced first argument ``a0`` (the
        machine inlines this)."""
        ta = type(a0)
        if ta is Struct:
            sel = self.structs.get(id(a0.name), self.other)
            if sel is _ARITY:
                sel = self.by_arity.get((id(a0.name), len(a0.args)), self.other)
            return sel
        if ta is Atom:
            return self.atoms.get(id(a0), self.other)
        if ta is int or ta is str:
            return self.consts.get(a0, self.other)
        return self.all


def _sel(clauses: tuple, comps: list, idx) -> tuple:
    """The selection of the clauses at ``idx`` (in order)."""
    if len(idx) == 1:
        i = idx[0]
        return ((clauses[i],), comps[i].fn)
    return (tuple([clauses[i] for i in idx]), None)


_CACHE: dict = {}     # id(snapshot) -> Pred (checked: pred.clauses is the snapshot)


def pred_of(snap: tuple) -> Pred:
    """The :class:`Pred` of a clause snapshot, made once per snapshot."""
    p = _CACHE.get(id(snap))
    if p is None or p.clauses is not snap:
        if len(_CACHE) > 4096:
            _CACHE.clear()
        p = _CACHE[id(snap)] = Pred(snap)
    return p
