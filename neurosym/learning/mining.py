"""Rules mined from the facts, to start the rule copies from (``rule_init="mined"``).

Every copy of a template starts, by default, as a random mixture of the
relations, and on a knowledge base with many relations (Kinship: 25) the
copies stay blurred mixtures within a short training.  Mining reads the
training facts the way a rule miner does (AMIE's standard confidence): for
a template whose body is a chain from the head's first variable to its
second (``#1(X, Y) :- #2(X, Z), #3(Z, Y)``, ``#1(X, Y) :- #2(Y, X)`` ...),
every assignment of relations to its placeholders is scored by

    confidence = |body pairs that are head facts| / |body pairs|

on boolean adjacency matrices (dense numpy arrays while relations x
entities^2 stays under 4e8 cells, else ``scipy.sparse`` CSR matrices, the
``sparse`` extra: graphs of 1e5-1e6 entities; both give the same rules),
and the template's ``count`` copies take the
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
           "smoothed", "compose_rules", "SparseAdjacency", "pair_index"]

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


class _Dense:
    """Chains over the dense ``[relations, entities, entities]`` array."""

    def __init__(self, adj: np.ndarray) -> None:
        self.adj = adj
        self.n_relations = adj.shape[0]

    def pairs(self, body: Body):
        return body_pairs(self.adj, body)

    def size(self, m) -> float:
        return float(m.sum())

    def hits(self, heads: list[int], m) -> list[float]:
        return (self.adj[heads] * m[None]).sum(axis=(1, 2)).tolist()


class SparseAdjacency:
    """Chains over one ``scipy.sparse`` CSR matrix per relation: a body's
    pairs are a sparse product (entries clipped to 1), a head's hits the
    number of its facts among them (sorted ``row * n + col`` keys)."""

    def __init__(self, facts: np.ndarray, n_entities: int, n_relations: int) -> None:
        try:
            from scipy import sparse
        except ImportError:
            raise ConfigError("sparse rule mining needs scipy: pip install 'neurosym-engine[sparse]'"
                              ) from None
        f = np.asarray(facts, dtype=np.int64).reshape(-1, 3)
        self.n, self.n_relations = n_entities, n_relations
        order = np.argsort(f[:, 1], kind="stable")
        f = f[order]
        cuts = np.searchsorted(f[:, 1], np.arange(n_relations + 1))
        self.mats, self.keys = [], []
        for r in range(n_relations):
            part = f[cuts[r]:cuts[r + 1]]
            m = sparse.csr_matrix((np.ones(len(part), np.float32), (part[:, 0], part[:, 2])),
                                  shape=(n_entities, n_entities))
            m.sum_duplicates()
            m.data[:] = 1.0
            self.mats.append(m)
            self.keys.append(np.unique(part[:, 0] * n_entities + part[:, 2]))
        self._t: dict = {}

    def _rel(self, rel: int, rev: bool):
        if not rev:
            return self.mats[rel]
        t = self._t.get(rel)
        if t is None:
            t = self._t[rel] = self.mats[rel].T.tocsr()
        return t

    def pairs(self, body: Body):
        m = None
        for rel, rev in body:
            a = self._rel(rel, rev)
            if m is None:
                m = a
            else:
                m = m @ a
                m.data[:] = 1.0
        return m

    def size(self, m) -> float:
        m.sum_duplicates()
        return float(m.nnz)

    def hits(self, heads: list[int], m) -> list[float]:
        coo = m.tocoo()
        body = np.sort(coo.row.astype(np.int64) * self.n + coo.col)
        return [float(np.count_nonzero(np.isin(self.keys[h], body, assume_unique=True)))
                for h in heads]


def pair_index(facts: np.ndarray, n_entities: int, n_relations: int, sparse: bool | None = None):
    """What :func:`chain_rules` reads: the dense array (:func:`adjacency`) or,
    with ``sparse=True`` -- or by default when the dense one would pass its
    limit -- a :class:`SparseAdjacency`."""
    if sparse is None:
        sparse = n_relations * n_entities ** 2 > _MAX_CELLS
    if sparse:
        return SparseAdjacency(facts, n_entities, n_relations)
    return adjacency(facts, n_entities, n_relations)


def chain_rules(t: Template, adj, relations: list[str], min_support: int = 2
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
    adj = _Dense(adj) if isinstance(adj, np.ndarray) else adj
    n_rel = adj.n_relations
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
        m = adj.pairs(body)
        n_pairs = adj.size(m)
        if n_pairs == 0:
            continue
        if not t.head.is_placeholder:
            heads = [rel_id[head]]
        elif head in assign:
            heads = [assign[head]]
        else:
            heads = list(range(n_rel))
        hits = adj.hits(heads, m)
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
                  smoothing: float = 5.0, sparse: bool | None = None) -> list[MinedRule]:
    """The best ``t.count`` assignments of relations to ``t``'s placeholders,
    most confident first (fewer if fewer are supported; none if ``t`` is not
    a chain).  Mining multiplies ``n_entities``-square matrices, once per
    assignment of the body's placeholders: dense ones on small graphs, sparse
    ones past the dense limit or with ``sparse=True`` (:func:`pair_index`); a
    template with too many assignments is a ``ConfigError``."""
    if _chain(t) is None:
        return []
    try:
        adj = pair_index(facts, n_entities, len(relations), sparse)
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


# -- composition rules from labelled examples (stories) ---------------------------

Example = tuple[list, tuple, str]   # (facts [(relation, a, b)], (x, y), label: what x is to y)


def compose_rules(examples: list[Example], min_support: int = 2, min_confidence: float = 0.5,
                  rounds: int = 3, path: int | None = 4) -> list[tuple[str, str, str, float, int]]:
    """Composition rules ``head(X, Y) :- a(X, Z), b(Z, Y)`` read from
    labelled examples (each a set of facts, a queried pair and the relation
    that holds between them), as ``(head, a, b, confidence, support)``, most
    confident first.

    A rule is counted only on queried pairs (what the labels speak of), so
    facts nobody asked about do not count against it: ``confidence`` is the
    share of the queried pairs joined by ``a, b`` whose label is ``head``.
    Longer examples are read in ``rounds``: the rules of one round derive
    the relations between the people of each example (not its queried pair),
    and the next round counts the two-step joins those relations make, so
    an example whose chain has three links still teaches two-link rules.

    ``path``: read only the facts between people on a path of at most
    ``path`` facts (either way round) from one queried person to the other:
    the sub-paths of the example's chain.  Rules that hold along chains
    then do not meet the people off them (``None``: every fact).  Read
    through a distractor, ``wife(X, Y) :- daughter(X, Z),
    mother_in_law(Z, Y)`` is right the few times its end is named (a
    label) and wrong where it meets a sister-in-law (never a label), and
    forward chaining with such rules derives relations that do not hold:
    on stories of k = 10 links, rules read from whole stories gave the
    label alone for 77% of them, rules read along the chains for all."""
    rules: dict = {}
    for _ in range(rounds):
        hits: dict = {}
        body: dict = {}
        for facts, (x, y), label in examples:
            if path is not None:
                on = _on_paths(facts, x, y, path)
                facts = [f for f in facts if f[1] in on and f[2] in on]
            known = _derive(facts, rules, skip=(x, y))
            seen = set()
            for (a, z), r1s in known.items():
                if a != x or (z, y) not in known:
                    continue
                for r1 in r1s:
                    for r2 in known[(z, y)]:
                        if (r1, r2) not in seen:
                            seen.add((r1, r2))
                            body[(r1, r2)] = body.get((r1, r2), 0) + 1
                            hits[(r1, r2, label)] = hits.get((r1, r2, label), 0) + 1
        rules = {}
        for (r1, r2, h), n in hits.items():
            c = n / body[(r1, r2)]
            if n >= min_support and c >= min_confidence:
                rules.setdefault((r1, r2), []).append((h, c, n))
    out = [(h, a, b, c, n) for (a, b), hs in rules.items() for h, c, n in hs]
    out.sort(key=lambda r: (-r[3], -r[4], r[0], r[1], r[2]))
    return out


def _on_paths(facts, x, y, limit: int) -> set:
    """The people on the simple paths of at most ``limit`` facts (read
    either way round) from ``x`` to ``y``."""
    near: dict = {}
    for _, a, b in facts:
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)
    on: set = set()
    stack = [(x, (x,))]
    while stack:
        at, walked = stack.pop()
        if at == y:
            on.update(walked)
            continue
        if len(walked) <= limit:
            stack.extend((n, walked + (n,)) for n in near.get(at, ()) if n not in walked)
    return on


def _derive(facts, rules: dict, skip, rounds: int = 3) -> dict:
    """``(a, b) -> {relations}``: the facts and what ``rules`` derive from
    them (``rounds`` times), leaving the pair ``skip`` underived."""
    known: dict = {}
    for r, a, b in facts:
        known.setdefault((a, b), set()).add(r)
    for _ in range(rounds if rules else 0):
        by: dict = {}
        for (a, b) in known:
            by.setdefault(a, []).append(b)
        new = []
        for (x, z), r1s in known.items():
            for y in by.get(z, ()):
                if y == x or (x, y) == skip:
                    continue
                for r1 in r1s:
                    for r2 in known[(z, y)]:
                        new.extend((x, y, h) for h, _, _ in rules.get((r1, r2), ()))
        if not new:
            break
        for x, y, h in new:
            known.setdefault((x, y), set()).add(h)
    return known
