"""Rules mined from the facts, to start the rule copies from (``rule_init="mined"``).

Every copy of a template starts, by default, as a random mixture of the
relations, and on a knowledge base with many relations (Kinship: 25) the
copies stay blurred mixtures within a short training.  Mining reads the
training facts the way a rule miner does (AMIE's standard confidence): for
a template whose body is a chain from the head's first variable to its
second (``#1(X, Y) :- #2(X, Z), #3(Z, Y)``, ``#1(X, Y) :- #2(Y, X)`` ...),
every assignment of relations to its placeholders is scored by

    confidence = |body pairs that are head facts| / |body pairs|

on boolean adjacency matrices, and the template's ``count`` copies take the
best distinct assignments with at least ``min_support`` head facts among
their body pairs, ranked by ``hits / (body pairs + smoothing)`` (so that a
rule seen five times does not outrank one seen three hundred times at 0.9)
and spread over the head relations: each head's best rule comes before any
head's second best.  A rule that only restates its head (``r(X, Y) :- r(X, Y)``)
is never chosen.  Templates of another shape, and copies left over when too
few rules are supported, stay random.  Training then starts from rules that
already hold, and tunes them.
"""

from __future__ import annotations

import itertools

import numpy as np

from ..errors import ConfigError
from .templates import Template

__all__ = ["mine_template", "MinedRule"]

MinedRule = tuple[float, int, dict[str, int]]     # (confidence, support, placeholder -> relation)
_MAX_CELLS = 4e8             # relations x entities^2 of the dense adjacency (1.6 GB)
_MAX_ASSIGNMENTS = 200_000   # relations ^ body placeholders


def _chain(t: Template) -> list[tuple[int, bool]] | None:
    """The body as a path from the head's first variable to its second:
    ``[(literal index, reversed), ...]``, or ``None`` if it is not one."""
    if len(t.head.args) != 2 or any(len(b.args) != 2 for b in t.body):
        return None
    start, end = t.head.args
    at, left, path = start, list(range(len(t.body))), []
    while left:
        step = next(((i, t.body[i].args[1] == at and t.body[i].args[0] != at)
                     for i in left if at in t.body[i].args), None)
        if step is None:
            return None
        i, rev = step
        left.remove(i)
        path.append((i, rev))
        at = t.body[i].args[0] if rev else t.body[i].args[1]
    return path if at == end and start != end else None


def mine_template(t: Template, facts: np.ndarray, n_entities: int,
                  relations: list[str], min_support: int = 2,
                  smoothing: float = 5.0) -> list[MinedRule]:
    """The best ``t.count`` assignments of relations to ``t``'s placeholders,
    most confident first (fewer if fewer are supported; none if ``t`` is not
    a chain).  Mining multiplies dense ``n_entities``-square matrices, once
    per assignment of the body's placeholders: a knowledge base or a
    template too big for that is a ``ConfigError``."""
    path = _chain(t)
    if path is None:
        return []
    rel_id = {n: i for i, n in enumerate(relations)}
    n_rel = len(relations)
    head = t.head.predicate
    named = [b.predicate for b in t.body if not b.is_placeholder]
    if any(p not in rel_id for p in named) or not (t.head.is_placeholder or head in rel_id):
        return []
    body_ph = [p for p in t.placeholders if any(b.predicate == p for b in t.body)]
    if n_rel * n_entities ** 2 > _MAX_CELLS or n_rel ** len(body_ph) > _MAX_ASSIGNMENTS:
        raise ConfigError(
            f"rule_init='mined' cannot mine {t.text()} here: {n_rel} relations over "
            f"{n_entities} entities, {n_rel ** len(body_ph)} body assignments (dense "
            f"mining stops at {_MAX_CELLS:.0e} matrix cells and {_MAX_ASSIGNMENTS} "
            "assignments); use rule_init='random'")
    adj = np.zeros((n_rel, n_entities, n_entities), dtype=np.float32)
    f = np.asarray(facts, dtype=np.int64).reshape(-1, 3)
    adj[f[:, 1], f[:, 0], f[:, 2]] = 1.0
    found: list[MinedRule] = []
    for combo in itertools.product(range(n_rel), repeat=len(body_ph)):
        assign = dict(zip(body_ph, combo, strict=True))
        rels = [assign[b.predicate] if b.is_placeholder else rel_id[b.predicate]
                for b in t.body]
        m = None
        for i, rev in path:
            a = adj[rels[i]].T if rev else adj[rels[i]]
            m = a if m is None else np.minimum(m @ a, 1.0)
        body_pairs = float(m.sum())
        if body_pairs == 0:
            continue
        if not t.head.is_placeholder:
            heads = [rel_id[head]]
        elif head in assign:
            heads = [assign[head]]
        else:
            heads = list(range(n_rel))
        hits = (adj[heads] * m[None]).sum(axis=(1, 2))
        for h, hit in zip(heads, hits, strict=True):
            # r(X, Y) :- r(X, Y) only restates its head
            restates = len(path) == 1 and not path[0][1] and rels[path[0][0]] == h
            if hit < min_support or restates:
                continue
            rule = {**assign, head: h} if t.head.is_placeholder else assign
            found.append((float(hit) / body_pairs, int(hit), rule))

    def score(x: MinedRule) -> float:           # hits / (body pairs + smoothing)
        return x[1] / (x[1] / x[0] + smoothing)
    # spread the copies over the head relations: every head's best rule
    # first (best first), then every head's second best, ...
    by_head: dict[int, list[MinedRule]] = {}
    for x in sorted(found, key=lambda x: (-score(x), -x[1])):
        by_head.setdefault(x[2].get(head, -1), []).append(x)
    order = sorted(((i, -score(x), x) for rules in by_head.values()
                    for i, x in enumerate(rules)), key=lambda y: (y[0], y[1]))
    return [x for _, _, x in order[:t.count]]
