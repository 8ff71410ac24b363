"""An induction task: the bias (:class:`Bias`), the examples, the background
knowledge, and :func:`induce`, which puts the stages together."""

from __future__ import annotations

import time
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ...engine.datalog import ValueTable
from ...engine.datalog.materialize import parse_indicator
from ...errors import ConfigError
from ...lang.parser import parse_term
from ...terms import Atom, Struct, deref, indicator
from ...terms.printer import format_atom
from .coverage import Examples, Tester
from .result import InducedClause, InduceResult
from .search import Search
from .space import Space, is_recursive, readable_order

__all__ = ["Bias", "induce", "encode_examples", "background_keys", "build_space", "clause_text"]


class Bias(BaseModel):
    """The language of the hypotheses (Popper's ``bias.pl``).

    ``body``: the predicates a body may use (``"name/arity"``; ``None``: every
    predicate of the knowledge base but the target); ``max_vars`` variables
    and ``max_body`` body literals per clause, ``max_clauses`` clauses per
    program; ``recursion`` (``None``: allowed when ``max_clauses >= 2``);
    ``types`` / ``directions``: per predicate name, one type / ``"in"`` or
    ``"out"`` per argument (optional bias that prunes the space); ``noise``:
    how many examples the program may misclassify; ``timeout`` in seconds
    (``None``: none); ``batch``: candidates per bottom-up evaluation."""

    model_config = ConfigDict(extra="forbid")

    body: list[str] | None = None
    max_vars: int = Field(4, ge=1, le=26)
    max_body: int = Field(3, ge=1, le=10)
    max_clauses: int = Field(2, ge=1, le=10)
    recursion: bool | None = None
    types: dict[str, tuple[str, ...]] = {}
    directions: dict[str, tuple[Literal["in", "out"], ...]] = {}
    noise: int = Field(0, ge=0)
    timeout: float | None = Field(60.0, gt=0)
    batch: int = Field(64, ge=1)


def encode_examples(target, examples, values: ValueTable, what: str) -> np.ndarray:
    """Examples (terms or their text) of ``target`` as an ``(n, arity)`` code
    array; anything but a ground atom of ``target`` over constants is a
    ``ConfigError`` naming it."""
    name, arity = target
    rows = []
    for ex in examples:
        term = parse_term(ex)[0] if isinstance(ex, str) else ex
        term = deref(term)
        args = term.args if type(term) is Struct else ()
        if (term.name if type(term) is Struct else term) is not name or len(args) != arity:
            raise ConfigError(f"{what} example {ex!s} is not an atom of {indicator(name, arity)}")
        row = []
        for a in args:
            a = deref(a)
            if type(a) not in (Atom, int, float, str):
                raise ConfigError(f"{what} example {ex!s}: argument {a!r} is not a constant "
                                  "(examples are ground facts of atoms and numbers)")
            row.append(values.encode(a))
        rows.append(row)
    out = np.array(rows, np.int64).reshape(len(rows), arity)
    return np.unique(out, axis=0) if len(out) else out


def background_keys(bias: Bias, target, defined) -> list:
    """The body predicates: ``bias.body``, or every key in ``defined`` but the target."""
    if bias.body is None:
        return [k for k in defined if k != target and k[1] > 0]
    keys = [parse_indicator(p) for p in bias.body]
    return [k for k in keys if k != target]


def induce(target, pos, neg, background: dict, values: ValueTable, bias: Bias) -> InduceResult:
    """Search the smallest program for ``target`` (``"name/arity"``) that
    covers ``pos`` and not ``neg`` (within ``bias.noise``) over
    ``background`` (``{key: rows}``, external codes of ``values``)."""
    t0 = time.perf_counter()
    key = parse_indicator(target)
    name, arity = key
    if arity < 1:
        raise ConfigError(f"cannot induce {target}: the target needs at least one argument")
    p_rows = encode_examples(key, pos, values, "positive")
    n_rows = encode_examples(key, neg, values, "negative")
    if not len(p_rows):
        raise ConfigError(f"no positive example of {indicator(name, arity)}")
    both = set(map(tuple, p_rows.tolist())) & set(map(tuple, n_rows.tolist()))
    if both:
        raise ConfigError(f"{len(both)} example(s) both positive and negative")
    space = build_space(key, background, bias)
    ex = Examples(p_rows, n_rows)
    bg = {k: background[k] for k in space.preds if k in background}
    tester = Tester(space, bg, values, ex, batch=bias.batch)
    search = Search(space, tester, bias.max_clauses, bias.noise, bias.timeout)
    found = search.run()
    ind = indicator(name, arity)
    if found is None:
        reason = "time out" if search.timed_out else "no program in the hypothesis space"
        return InduceResult(target=ind, solved=False, candidates=tester.tested,
                            seconds=time.perf_counter() - t0, reason=reason)
    shares = tester.in_program(found.bodies)
    clauses = [InducedClause(text=clause_text(space, b), recursive=is_recursive(space, b),
                             pos_covered=ex.count(c)[0], neg_covered=ex.count(c)[1])
               for b, c in zip(found.bodies, shares, strict=True)]
    tp, fp = ex.count(found.bits)
    return InduceResult(target=ind, solved=True, clauses=clauses, tp=tp, fn=ex.n_pos - tp,
                        fp=fp, tn=ex.n_neg - fp,
                        size=sum(1 + len(b) for b in found.bodies), candidates=tester.tested,
                        seconds=time.perf_counter() - t0)


def build_space(key, background: dict, bias: Bias) -> Space:
    """The hypothesis space for target ``key``: the background's predicates (and
    the target, when recursion is allowed) under ``bias``."""
    name, arity = key
    preds = list(dict.fromkeys(k for k in background if k != key))
    recursion = bias.recursion if bias.recursion is not None else bias.max_clauses >= 2
    target = None
    if recursion:
        preds.append(key)
        target = len(preds) - 1
    if not preds:
        raise ConfigError(f"no body predicate to induce {indicator(name, arity)} from")

    def per_pred(table: dict, k):
        got = table.get(indicator(k[0], k[1]), table.get(k[0].name))
        if got is not None and len(got) != k[1]:
            raise ConfigError(f"{k[0].name}: {len(got)} entries given for arity {k[1]}")
        return tuple(got) if got is not None else None

    types = [per_pred(bias.types, k) for k in preds] if bias.types else None
    dirs = [per_pred(bias.directions, k) for k in preds] if bias.directions else None
    return Space(key, preds, target, bias.max_vars, bias.max_body, types, dirs,
                 per_pred(bias.types, key), per_pred(bias.directions, key))


def _var_name(i: int) -> str:
    return chr(65 + i) if i < 26 else f"V{i}"


def clause_text(space: Space, body) -> str:
    """``head(A,B) :- lit, ... .`` with body variables named in reading order."""
    a = space.arity
    names = {i: _var_name(i) for i in range(a)}
    uses: dict = {}
    for _, args in body:
        for v in args:
            uses[v] = uses.get(v, 0) + 1
    lits = []
    for p, args in readable_order(space, body):
        for v in args:
            if v >= a and uses[v] == 1:
                names[v] = "_"
            elif v not in names:
                names[v] = _var_name(sum(1 for n in names.values() if n != "_"))
        n, k = space.preds[p]
        lits.append(f"{format_atom(n.name)}({','.join(names[v] for v in args)})" if k
                    else format_atom(n.name))
    head = f"{format_atom(space.head[0].name)}({','.join(names[i] for i in range(a))})"
    return f"{head} :- {', '.join(lits)}."
