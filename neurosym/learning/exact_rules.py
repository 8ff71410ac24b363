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
``[relations, per_head, entities, entities]``: past 4e8 cells it is a
``ConfigError``.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ..errors import ConfigError
from ..terms import Atom
from ..terms.printer import format_term
from .mining import Body, adjacency, body_pairs, chain_rules, smoothed
from .templates import Template

__all__ = ["RuleScorer", "mine_bodies", "FiredRule"]

_MAX_CELLS = 4e8
_MAX_STEPS = 2           # a longer chain can prove a training fact from itself
_VARS = ("X", "Z", "W", "V", "U")
FiredRule = tuple[float, str, list[str]]      # (weight, rule text, grounding facts)


def mine_bodies(templates: list[Template], facts: np.ndarray, n_entities: int,
                relations: list[str], per_head: int) -> list[list[Body]]:
    """For each relation, the ``per_head`` distinct chain bodies of the
    templates' rules with that head, best first (``hits / (pairs + 5)``);
    templates with more than two body literals are left out (see above)."""
    adj = adjacency(facts, n_entities, len(relations))
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
    learned weights.  A ``LinkScorer`` over dense ids."""

    def __init__(self, bodies: list[list[Body]], facts: np.ndarray, n_entities: int) -> None:
        super().__init__()
        self.n_entities, self.n_relations = n_entities, len(bodies)
        self.bodies = [list(b) for b in bodies]
        width = max((len(b) for b in bodies), default=0)
        if self.n_relations * width * n_entities ** 2 > _MAX_CELLS:
            raise ConfigError(f"exact_rules={width} over {self.n_relations} relations and "
                              f"{n_entities} entities needs more than {_MAX_CELLS:.0e} "
                              "dense feature cells")
        self.weight = nn.Parameter(torch.zeros(self.n_relations, width))
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
        s, r, o = self._ids(s), self._ids(r), self._ids(o)
        f = self.features[r, :, s, o].to(self.weight.dtype)       # [B, K]
        return (self.weight[r] * f).sum(-1)

    def score_objects(self, s, r) -> torch.Tensor:
        s, r = self._ids(s), self._ids(r)
        f = self.features[r, :, s, :].to(self.weight.dtype)       # [B, K, N]
        return torch.einsum("bk,bkn->bn", self.weight[r], f)

    def score_subjects(self, r, o) -> torch.Tensor:
        r, o = self._ids(r), self._ids(o)
        f = self.features[r, :, :, o].to(self.weight.dtype)
        return torch.einsum("bk,bkn->bn", self.weight[r], f)

    def proves(self, s, r, o) -> torch.Tensor:
        """``[B]`` booleans: whether some rule of ``r`` proves ``r(s, o)``."""
        s, r, o = self._ids(s), self._ids(r), self._ids(o)
        return self.features[r, :, s, o].any(-1)

    def fit(self, triples: np.ndarray, steps: int = 300, lr: float = 0.1) -> list[float]:
        """Learn the weights on ``triples``: cross-entropy of every entity as
        the object and as the subject, full batch, Adam.  Returns the losses."""
        t = self._ids(np.asarray(triples, dtype=np.int64).reshape(-1, 3))
        s, r, o = t[:, 0], t[:, 1], t[:, 2]
        opt = torch.optim.Adam([self.weight], lr=lr)
        ce = nn.functional.cross_entropy
        feats = self.features.to(self.weight.dtype)
        losses = []
        for _ in range(steps):
            table = torch.einsum("rk,rksn->rsn", self.weight, feats)
            loss = (ce(table[r, s, :], o) + ce(table[r, :, o], s)) / 2
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
        for k, body in enumerate(self.bodies[r]):
            path = self._ground(body, s, o) if self.features[r, k, s, o] else None
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
            row = self._adj[rel][:, path[-1]] if rev else self._adj[rel][path[-1]]
            nxt = np.flatnonzero(row)
            if i == len(body) - 1:
                nxt = nxt[nxt == o]
            stack.extend([*path, int(z)] for z in nxt[::-1])
        return None


def _quoted(name: str) -> str:
    """``name`` as an atom in NSL, quoted where it must be."""
    return format_term(Atom(name), quoted=True)
