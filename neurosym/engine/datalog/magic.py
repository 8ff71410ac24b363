"""The demand (magic-sets) transformation for queries with bound arguments.

For a query ``p(a, X)`` the rules reachable from ``p`` are rewritten for the
*adornment* of each call (``b``: bound, ``f``: free), with Prolog's left-to-right
order as the sideways-information-passing strategy:

* each adorned rule ``p^bf(X, Y) :- body`` gets a guard ``'$magic:p^bf'(X)`` in front;
* each positive body literal on a predicate defined by rules, called with some
  argument bound, reads the adorned relation ``q^ad`` instead, and a *magic rule*
  ``'$magic:q^ad'(bound args) :- guard, the literals before it`` says which calls
  are demanded;
* the query's constants seed the magic relation: ``'$magic:p^bf'(a)``.

Negated and aggregated relations are left unadorned (computed in full, on a lower
stratum), so the rewritten program stays stratified.  Facts of a predicate that
also has rules are read through an alias ``'$edb:p'``.  The answers are those of
``p^ad`` restricted to the query's constants, the same as full evaluation
followed by filtering.
"""

from __future__ import annotations

from ...terms import Atom, Struct, Var, deref
from .ir import Agg, Const, Is, Pos, Rule, Unify

__all__ = ["adornment", "magic_rewrite"]


def adornment(query) -> str:
    query = deref(query)
    if type(query) is not Struct:
        return ""
    return "".join("f" if type(deref(a)) is Var else "b" for a in query.args)


def _adorned(key, ad: str):
    return (Atom(f"{key[0].name}^{ad}"), key[1])


def _magic(key, ad: str):
    return (Atom(f"$magic:{key[0].name}^{ad}"), ad.count("b"))


def _edb(key):
    return (Atom(f"$edb:{key[0].name}"), key[1])


def _binds(lit) -> set:
    t = type(lit)
    if t is Pos:
        return {a for a in lit.args if type(a) is int}
    if t is Is or t is Agg:
        a = lit.target if t is Is else lit.result
        return {a} if type(a) is int else set()
    if t is Unify:
        return {a for a in (lit.a, lit.b) if type(a) is int}
    return set()


def magic_rewrite(rules: list[Rule], fact_keys: set, query, ad: str):
    """Returns ``(rules, seeds, answer_key, edb_alias)``: the rewritten program
    (original rules kept for unadorned uses), seed facts ``{magic_key: [row]}``,
    the adorned query key and ``{alias_key: original_key}`` for facts."""
    by_head: dict = {}
    for r in rules:
        by_head.setdefault(r.key, []).append(r)
    qkey = (query.name, len(query.args))
    out = list(rules)
    edb_alias: dict = {}
    todo = [(qkey, ad)]
    done = {(qkey, ad)}
    while todo:
        key, a = todo.pop()
        akey, mkey = _adorned(key, a), _magic(key, a)
        bpos = [i for i, c in enumerate(a) if c == "b"]
        for r in by_head.get(key, ()):
            guard = Pos(mkey, [r.head[i] for i in bpos])
            body = [guard]
            bound = {r.head[i] for i in bpos if type(r.head[i]) is int}
            for lit in r.body:
                if type(lit) is Pos and lit.key in by_head and not lit.key[0].name.startswith("$agg"):
                    lad = "".join("b" if (type(x) is Const or x in bound) else "f" for x in lit.args)
                    if "b" in lad:
                        bargs = [x for x, c in zip(lit.args, lad, strict=True) if c == "b"]
                        out.append(Rule(_magic(lit.key, lad), bargs, list(body), r.nvars, r.clause))
                        if (lit.key, lad) not in done:
                            done.add((lit.key, lad))
                            todo.append((lit.key, lad))
                        lit = Pos(_adorned(lit.key, lad), lit.args)
                body.append(lit)
                bound |= _binds(lit)
            out.append(Rule(akey, r.head, body, r.nvars, r.clause))
        if key in fact_keys:
            ekey = _edb(key)
            edb_alias[ekey] = key
            slots = list(range(key[1]))
            out.append(Rule(akey, slots, [Pos(mkey, [slots[i] for i in bpos]), Pos(ekey, slots)],
                            key[1]))
    seeds = {_magic(qkey, ad): [tuple(deref(x) for x in query.args if type(deref(x)) is not Var)]}
    return out, seeds, _adorned(qkey, ad), edb_alias
