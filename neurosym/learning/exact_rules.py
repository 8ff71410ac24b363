"""Exact rules with learned weights: a log-linear rule scorer (``exact_rules``).

The prover matches predicates softly, and where each pair of entities holds
one relation only (Kinship) a proof through a fact of a *similar* relation
is evidence against the goal.  This scorer proves exactly instead.  For each
relation ``r`` it keeps the ``per_head`` chain rules of the templates that
hold best in the training facts (:func:`~neurosym.learning.mining.chain_rules`,
ranked by ``hits / (body pairs + 5)``), e.g.::

    term4(X, Y) :- term10(Y, X).
    term4(X, Y) :- term0(X, Z), term20(Z, Y).

and learns one real weight per rule.  A triple scores the sum of the
weights of the rules whose body joins its pair in the facts,

    logit(s, r, o) = sum_k  w[r, k] * [body_k(s, o) holds],

a log-linear model over rule groundings (as in path ranking), trained like
ComplEx-N3: cross-entropy over every entity as the object and as the
subject, full batch, Adam, from zero weights (so training is deterministic).
Each fired rule is a proof of the triple by exact resolution over the
facts; :meth:`RuleScorer.explain` lists them with a grounding.

The weights are learned on the training facts as they are, so a rule must
not prove a training fact from that fact itself.  A chain of one or two
steps cannot (it would need a self-loop); a longer one can (``r(X, Z)``
with ``Z = Y``, then a walk from ``Y`` back to ``Y``), so templates with
more than two body literals are not used here.  The features are dense booleans
``[relations, per_head, entities, entities]`` up to 4e8 cells; past that (or
with ``sparse=True``) the rules are mined on ``scipy.sparse`` matrices
(:func:`~neurosym.learning.mining.pair_index`) and only the pairs some rule
joins are kept, each with its booleans: graphs of 1e5 entities and more.
Both give the same rules, scores and weights (up to float sums).
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ..errors import ConfigError
from ..terms import Atom
from ..terms.printer import format_term
from .mining import Body, SparseAdjacency, adjacency, body_pairs, chain_rules, pair_index, smoothed
from .templates import Template

__all__ = ["RuleScorer", "mine_bodies", "FiredRule"]

_MAX_CELLS = 4e8
_MAX_STEPS = 2           # a longer chain can prove a training fact from itself
_VARS = ("X", "Z", "W", "V", "U")
FiredRule = tuple[float, str, list[str]]      # (weight, rule text, grounding facts)


def mine_bodies(templates: list[Template], facts: np.ndarray, n_entities: int,
                relations: list[str], per_head: int, sparse: bool | None = None
                ) -> list[list[Body]]:
    """For each relation, the ``per_head`` distinct chain bodies of the
    templates' rules with that head, best first (``hits / (pairs + 5)``);
    templates with more than two body literals are left out (see above).
    ``sparse``: mine on sparse matrices (default: past the dense limit)."""
    adj = pair_index(facts, n_entities, len(relations), sparse)
    best: list[dict[Body, float]] = [{} for _ in relations]
    for t in templates:
        if len(t.body) > _MAX_STEPS:
            continue
        for mined, body in chain_rules(t, adj, relations):
            head = mined[2].get(t.head.predicate) if t.head.is_placeholder \
                else relations.index(t.head.predicate)
            score = smoothed(mined)
            if score > best[head].get(body, -1.0):
                best[head][body] = score
    return [sorted(b, key=lambda x: (-b[x], x))[:per_head] for b in best]


class RuleScorer(nn.Module):
    """Weighted exact rules: ``bodies[r]`` are relation ``r``'s rule bodies
    (chains of ``(relation, reversed)`` steps), ``weight[r, k]`` their
    learned weights.  A ``LinkScorer`` over dense ids.  ``sparse``: keep the
    features sparse (default: when the dense ones would pass 4e8 cells)."""

    def __init__(self, bodies: list[list[Body]], facts: np.ndarray, n_entities: int,
                 sparse: bool | None = None) -> None:
        super().__init__()
        self.n_entities, self.n_relations = n_entities, len(bodies)
        self.bodies = [list(b) for b in bodies]
        width = max((len(b) for b in bodies), default=0)
        big = self.n_relations * width * n_entities ** 2 > _MAX_CELLS
        self.weight = nn.Parameter(torch.zeros(self.n_relations, width))
        self._sparse: _SparseRules | None = None
        if sparse or (sparse is None and big):
            self._sadj = SparseAdjacency(facts, n_entities, self.n_relations)
            self._sparse = _SparseRules(self.bodies, self._sadj, width)
            return
        if big:
            raise ConfigError(f"exact_rules={width} over {self.n_relations} relations and "
                              f"{n_entities} entities needs more than {_MAX_CELLS:.0e} "
                              "dense feature cells (sparse=None keeps them sparse)")
        adj = adjacency(facts, n_entities, self.n_relations)
        feats = np.zeros((self.n_relations, width, n_entities, n_entities), dtype=bool)
        for r, rb in enumerate(self.bodies):
            for k, body in enumerate(rb):
                feats[r, k] = body_pairs(adj, body) > 0
        self.register_buffer("features", torch.from_numpy(feats), persistent=False)
        self._adj = adj > 0

    @property
    def device(self) -> torch.device:
        return self.weight.device

    def _ids(self, x) -> torch.Tensor:
        return torch.as_tensor(x, dtype=torch.int64, device=self.device)

    def score(self, s, r, o) -> torch.Tensor:
        if self._sparse is not None:
            return self._sparse.score(self.weight, s, r, o)
        s, r, o = self._ids(s), self._ids(r), self._ids(o)
        f = self.features[r, :, s, o].to(self.weight.dtype)       # [B, K]
        return (self.weight[r] * f).sum(-1)

    def score_objects(self, s, r) -> torch.Tensor:
        if self._sparse is not None:
            return self._sparse.objects(self.weight, s, r)
        s, r = self._ids(s), self._ids(r)
        f = self.features[r, :, s, :].to(self.weight.dtype)       # [B, K, N]
        return torch.einsum("bk,bkn->bn", self.weight[r], f)

    def score_subjects(self, r, o) -> torch.Tensor:
        if self._sparse is not None:
            return self._sparse.subjects(self.weight, r, o)
        r, o = self._ids(r), self._ids(o)
        f = self.features[r, :, :, o].to(self.weight.dtype)
        return torch.einsum("bk,bkn->bn", self.weight[r], f)

    def proves(self, s, r, o) -> torch.Tensor:
        """``[B]`` booleans: whether some rule of ``r`` proves ``r(s, o)``."""
        return self._fired(s, r, o).any(-1)

    def _fired(self, s, r, o) -> torch.Tensor:
        """``[B, K]`` booleans: which rules of ``r`` prove ``r(s, o)``."""
        if self._sparse is not None:
            return self._sparse.fired(s, r, o)
        s, r, o = self._ids(s), self._ids(r), self._ids(o)
        return self.features[r, :, s, o]

    def fit(self, triples: np.ndarray, steps: int = 300, lr: float = 0.1) -> list[float]:
        """Learn the weights on ``triples``: cross-entropy of every entity as
        the object and as the subject, full batch, Adam.  Returns the losses."""
        t = self._ids(np.asarray(triples, dtype=np.int64).reshape(-1, 3))
        s, r, o = t[:, 0], t[:, 1], t[:, 2]
        opt = torch.optim.Adam([self.weight], lr=lr)
        if self._sparse is not None:
            step_loss = self._sparse.loss(s, r, o)
        else:
            ce = nn.functional.cross_entropy
            feats = self.features.to(self.weight.dtype)

            def step_loss(w: torch.Tensor) -> torch.Tensor:
                table = torch.einsum("rk,rksn->rsn", w, feats)
                return (ce(table[r, s, :], o) + ce(table[r, :, o], s)) / 2
        losses = []
        for _ in range(steps):
            loss = step_loss(self.weight)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append(float(loss.detach()))
        return losses

    # -- reading the rules ---------------------------------------------------------
    def rule_text(self, r: int, k: int, relations: list[str]) -> str:
        """Rule ``k`` of relation ``r`` as NSL (no weight)."""
        def name(i: int) -> str:
            return _quoted(relations[i])
        body = self.bodies[r][k]
        names = [*_VARS[:len(body)], "Y"]
        lits = [f"{name(rel)}({names[i + 1]}, {names[i]})" if rev
                else f"{name(rel)}({names[i]}, {names[i + 1]})"
                for i, (rel, rev) in enumerate(body)]
        return f"{name(r)}(X, Y) :- {', '.join(lits)}."

    def rules(self, relations: list[str]) -> list[tuple[float, str]]:
        """Every rule with its weight, heaviest first."""
        w = self.weight.detach().cpu()
        out = [(float(w[r, k]), self.rule_text(r, k, relations))
               for r, rb in enumerate(self.bodies) for k in range(len(rb))]
        return sorted(out, key=lambda x: (-x[0], x[1]))

    def explain(self, s: int, r: int, o: int, entities: list[str],
                relations: list[str]) -> list[FiredRule]:
        """The rules that prove ``r(s, o)`` exactly, heaviest first, each with
        one grounding: the facts its body resolves with."""
        def fact(rel: int, a: int, b: int) -> str:
            return f"{_quoted(relations[rel])}({_quoted(entities[a])}, {_quoted(entities[b])})"
        out = []
        w = self.weight.detach().cpu()
        fired = self._fired([s], [r], [o])[0].cpu()
        for k, body in enumerate(self.bodies[r]):
            path = self._ground(body, s, o) if fired[k] else None
            if path is not None:
                facts = [fact(rel, b, a) if rev else fact(rel, a, b)
                         for (rel, rev), a, b in zip(body, path, path[1:], strict=False)]
                out.append((float(w[r, k]), self.rule_text(r, k, relations), facts))
        return sorted(out, key=lambda x: -x[0])

    def _ground(self, body: Body, s: int, o: int) -> list[int] | None:
        """Entities ``s, z1, ..., o`` along which ``body`` joins ``s`` to ``o``
        (depth-first with an explicit stack, lowest ids first), or ``None``."""
        stack = [[s]]
        while stack:
            path = stack.pop()
            i = len(path) - 1
            if i == len(body):
                if path[-1] == o:
                    return path
                continue
            rel, rev = body[i]
            if self._sparse is not None:
                nxt = self._sparse.next(self._sadj, rel, rev, path[-1])
            else:
                row = self._adj[rel][:, path[-1]] if rev else self._adj[rel][path[-1]]
                nxt = np.flatnonzero(row)
            if i == len(body) - 1:
                nxt = nxt[nxt == o]
            stack.extend([*path, int(z)] for z in nxt[::-1])
        return None


class _SparseRules(nn.Module):
    """The features of :class:`RuleScorer` past the dense limit: per relation
    ``r`` the pairs some rule of ``r`` joins (the union of its bodies' sparse
    products, :class:`~neurosym.learning.mining.SparseAdjacency`), each with
    its ``[K]`` booleans, sorted by ``(r, s, o)``.  Every other pair scores 0,
    so a softmax over all entities is the pairs' exponentials plus one for
    each entity not among them."""

    def __init__(self, bodies: list[list[Body]], adj: SparseAdjacency, width: int) -> None:
        super().__init__()
        n = self.n = adj.n
        keys, feats = [], []
        for r, rb in enumerate(bodies):
            per = []
            for body in rb:
                m = adj.pairs(body)
                m.sum_duplicates()
                c = m.tocoo()
                per.append(c.row.astype(np.int64) * n + c.col)
            pairs = np.unique(np.concatenate(per)) if per else np.zeros(0, np.int64)
            f = np.zeros((len(pairs), width), dtype=bool)
            for k, kk in enumerate(per):
                f[np.searchsorted(pairs, kk), k] = True
            keys.append(r * n * n + pairs)
            feats.append(f)
        self.key = np.concatenate(keys)                      # (r * n + s) * n + o, sorted
        rel, so = np.divmod(self.key, n * n)
        subj, obj = np.divmod(so, n)
        self.by_o = np.argsort((rel * n + obj) * n + subj, kind="stable")
        self.ro = (rel * n + obj)[self.by_o]                 # sorted
        self.rs = self.key // n                              # sorted
        self.register_buffer("feat", torch.from_numpy(np.concatenate(feats)), persistent=False)
        for name, a in (("rel", rel), ("subj", subj), ("obj", obj), ("by_o_t", self.by_o)):
            self.register_buffer(name, torch.from_numpy(a), persistent=False)

    def _t(self, a: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(a).to(self.feat.device)

    def find(self, s, r, o) -> tuple[torch.Tensor, torch.Tensor]:
        """The entries of the pairs ``(s, r, o)`` and whether each is there."""
        q = (_np(r) * self.n + _np(s)) * self.n + _np(o)
        i = np.minimum(np.searchsorted(self.key, q), max(len(self.key) - 1, 0))
        there = self.key[i] == q if len(self.key) else np.zeros(len(q), bool)
        return self._t(i), self._t(there)

    def logits(self, w: torch.Tensor) -> torch.Tensor:
        """``[E]``: every entry's logit under the weights ``w``."""
        return (self.feat.to(w.dtype) * w[self.rel]).sum(-1)

    def fired(self, s, r, o) -> torch.Tensor:
        i, there = self.find(s, r, o)
        return self.feat[i] & there[:, None]

    def score(self, w, s, r, o) -> torch.Tensor:
        i, there = self.find(s, r, o)
        return (self.feat[i].to(w.dtype) * w[self._t(_np(r))]).sum(-1) * there

    def _rows(self, sorted_keys: np.ndarray, q: np.ndarray):
        """For each query key, the positions of its entries in ``sorted_keys``:
        ``(query index per entry, position per entry)``."""
        lo, hi = np.searchsorted(sorted_keys, q), np.searchsorted(sorted_keys, q, side="right")
        n = hi - lo
        b = np.repeat(np.arange(len(q)), n)
        pos = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) + np.repeat(lo, n)
        return b, pos

    def objects(self, w, s, r) -> torch.Tensor:
        b, pos = self._rows(self.rs, _np(r) * self.n + _np(s))
        out = torch.zeros(len(_np(s)), self.n, dtype=w.dtype, device=w.device)
        pos_t = self._t(pos)
        vals = (self.feat[pos_t].to(w.dtype) * w[self.rel[pos_t]]).sum(-1)
        return out.index_put((self._t(b), self.obj[pos_t]), vals)

    def subjects(self, w, r, o) -> torch.Tensor:
        b, pos = self._rows(self.ro, _np(r) * self.n + _np(o))
        out = torch.zeros(len(_np(o)), self.n, dtype=w.dtype, device=w.device)
        e = self.by_o_t[self._t(pos)]
        vals = (self.feat[e].to(w.dtype) * w[self.rel[e]]).sum(-1)
        return out.index_put((self._t(b), self.subj[e]), vals)

    def loss(self, s, r, o):
        """The training loss as a function of the weights: the cross-entropy
        of ``o`` among all objects and of ``s`` among all subjects, averaged
        (what the dense path computes, on the entries only)."""
        n = self.n
        i, there = self.find(s, r, o)
        sides = []
        for groups, order, q in ((self.rs, None, _np(r) * n + _np(s)),
                                 (self.ro, self.by_o, _np(r) * n + _np(o))):
            uniq, inv, count = np.unique(groups, return_inverse=True, return_counts=True)
            g = np.minimum(np.searchsorted(uniq, q), max(len(uniq) - 1, 0))
            has = uniq[g] == q if len(uniq) else np.zeros(len(q), bool)
            sides.append((self._t(inv), self._t(count), self._t(g), self._t(has),
                          None if order is None else self._t(order), len(uniq)))

        def loss(w: torch.Tensor) -> torch.Tensor:
            z = self.logits(w)
            target = z[i] * there
            out = 0.0
            for inv, count, g, has, order, n_groups in sides:
                zz = z if order is None else z[order]
                top = torch.zeros(n_groups, dtype=z.dtype, device=z.device).scatter_reduce(
                    0, inv, zz.detach(), "amax", include_self=True)       # max(0, the group's)
                sums = torch.zeros_like(top).index_add(0, inv, torch.exp(zz - top[inv]))
                lse = top + torch.log((n - count).to(z.dtype) * torch.exp(-top) + sums)
                lse_q = torch.where(has, lse[g], torch.full_like(target, float(np.log(n))))
                out = out + (lse_q - target).mean()
            return out / 2
        return loss

    def next(self, adj: SparseAdjacency, rel: int, rev: bool, e: int) -> np.ndarray:
        m = adj._rel(rel, rev)
        return np.sort(m.indices[m.indptr[e]:m.indptr[e + 1]])


def _np(x) -> np.ndarray:
    return (x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)) \
        .astype(np.int64).reshape(-1)


def _quoted(name: str) -> str:
    """``name`` as an atom in NSL, quoted where it must be."""
    return format_term(Atom(name), quoted=True)
