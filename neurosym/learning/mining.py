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
from collections.abc import Iterator

import numpy as np

from ..errors import ConfigError
from .templates import Template

__all__ = ["mine_template", "MinedRule", "Body", "adjacency", "body_pairs", "chain_rules",
           "smoothed"]

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


Body = tuple[tuple[int, bool], ...]   # a chain X -> Y: ((relation, reversed), ...)


def adjacency(facts: np.ndarray, n_entities: int, n_relations: int) -> np.ndarray:
    """``[relations, entities, entities]`` booleans (float32) of the facts;
    a ``ConfigError`` past the dense limit."""
    if n_relations * n_entities ** 2 > _MAX_CELLS:
        raise ConfigError(f"cannot mine {n_relations} relations over {n_entities} entities "
                          f"(dense mining stops at {_MAX_CELLS:.0e} matrix cells)")
    adj = np.zeros((n_relations, n_entities, n_entities), dtype=np.float32)
    f = np.asarray(facts, dtype=np.int64).reshape(-1, 3)
    adj[f[:, 1], f[:, 0], f[:, 2]] = 1.0
    return adj


def body_pairs(adj: np.ndarray, body: Body) -> np.ndarray:
    """The ``[entities, entities]`` booleans (float32) of the pairs ``(X, Y)``
    that the chain ``body`` joins."""
    m = None
    for rel, rev in body:
        a = adj[rel].T if rev else adj[rel]
        m = a if m is None else np.minimum(m @ a, 1.0)
    return m


def chain_rules(t: Template, adj: np.ndarray, relations: list[str], min_support: int = 2
                ) -> Iterator[tuple[MinedRule, Body]]:
    """Every assignment of relations to ``t``'s placeholders whose rule holds
    for at least ``min_support`` head facts, as ``((confidence, support,
    placeholder -> relation), body)``, ``body`` the chain the rule's body
    walks; nothing if ``t`` is not a chain or names an unknown relation.  A
    rule that only restates its head is left out.  Past the limit on body
    assignments it is a ``ConfigError`` (``adjacency`` checks the matrix size)."""
    path = _chain(t)
    if path is None:
        return
    rel_id = {n: i for i, n in enumerate(relations)}
    n_rel = adj.shape[0]
    head = t.head.predicate
    named = [b.predicate for b in t.body if not b.is_placeholder]
    if any(p not in rel_id for p in named) or not (t.head.is_placeholder or head in rel_id):
        return
    body_ph = [p for p in t.placeholders if any(b.predicate == p for b in t.body)]
    if n_rel ** len(body_ph) > _MAX_ASSIGNMENTS:
        raise ConfigError(f"cannot mine {t.text()}: {n_rel ** len(body_ph)} body assignments "
                          f"(dense mining stops at {_MAX_ASSIGNMENTS})")
    for combo in itertools.product(range(n_rel), repeat=len(body_ph)):
        assign = dict(zip(body_ph, combo, strict=True))
        rels = [assign[b.predicate] if b.is_placeholder else rel_id[b.predicate]
                for b in t.body]
        body = tuple((rels[i], rev) for i, rev in path)
        m = body_pairs(adj, body)
        n_pairs = float(m.sum())
        if n_pairs == 0:
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
            if hit < min_support or body == ((h, False),):
                continue
            rule = {**assign, head: h} if t.head.is_placeholder else assign
            yield (float(hit) / n_pairs, int(hit), rule), body


def smoothed(x: MinedRule, smoothing: float = 5.0) -> float:
    """The ranking score ``hits / (body pairs + smoothing)``."""
    return x[1] / (x[1] / x[0] + smoothing)


def mine_template(t: Template, facts: np.ndarray, n_entities: int,
                  relations: list[str], min_support: int = 2,
                  smoothing: float = 5.0) -> list[MinedRule]:
    """The best ``t.count`` assignments of relations to ``t``'s placeholders,
    most confident first (fewer if fewer are supported; none if ``t`` is not
    a chain).  Mining multiplies dense ``n_entities``-square matrices, once
    per assignment of the body's placeholders: a knowledge base or a
    template too big for that is a ``ConfigError``."""
    if _chain(t) is None:
        return []
    try:
        adj = adjacency(facts, n_entities, len(relations))
        found = [x for x, _ in chain_rules(t, adj, relations, min_support)]
    except ConfigError as e:
        raise ConfigError(f"rule_init='mined' {e}; use rule_init='random'") from None
    head = t.head.predicate

    def score(x: MinedRule) -> float:
        return smoothed(x, smoothing)

    # spread the copies over the head relations: every head's best rule
    # first (best first), then every head's second best, ...
    by_head: dict[int, list[MinedRule]] = {}
    for x in sorted(found, key=lambda x: (-score(x), -x[1])):
        by_head.setdefault(x[2].get(head, -1), []).append(x)
    order = sorted(((i, -score(x), x) for rules in by_head.values()
                    for i, x in enumerate(rules)), key=lambda y: (y[0], y[1]))
    return [x for _, _, x in order[:t.count]]
