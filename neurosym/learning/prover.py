"""The differentiable batched prover (Neural Theorem Provers, Greedy NTP).

:class:`Prover` proves triples ``r(s, o)`` of dense ids (entities
``0..n_entities-1``, relations ``0..n_relations-1``) against a set of
training facts and rule templates, with the scored-proof semantics of the
inference loop:

* unifying two symbols scores the RBF kernel ``exp(-|u-v|_2 / (2 mu^2))`` of
  their vectors (``neurosym.bridge.kernels.rbf_torch``); unifying a goal
  with a fact combines its slots' scores (predicate, bound arguments)
  along the proof;
* a proof combines its steps' scores, a goal its proofs' scores, with the
  scoring ``config.aggregation`` names (``neurosym.reasoning.scoring``, the
  scored prover's): by default the minimum along a proof and the maximum
  over proofs;
* a goal is proven by a fact, or -- while the depth allows (``depth`` rule
  applications nested at most) -- by a rule: its head is unified with the
  goal (kernel of the goal's predicate vector and the head's), then its body
  goals are proven left to right.

Greedy NTP: a sub-goal is not unified with every fact but with its ``k``
nearest facts, found by an index (``neurosym.bridge.backends``, FAISS by
default) over the concatenated vectors of the goal's bound slots; the
indexes hold a copy of the vectors and are rebuilt every ``rebuild_every``
batches (``neurosym.learning.retrieval``), the scores are computed from the live
vectors, so gradients flow.  A body goal with a free variable branches on
its ``k`` facts (the variable bound to each fact's argument), or on the
rules' proofs; a ground goal is reduced to its best score at once, so the
number of partial proofs stays ``batch x k^free-variables``.

Masking: each query may name one fact (its row in ``facts``) that no proof
of it may use -- the training fact itself, so the model has to learn to
prove it otherwise.

Rule templates (``neurosym.learning.templates``) are instantiated ``count``
times; each copy has its own learnable parameters per placeholder (the rows
of ``rule_params``); a named predicate uses that relation's own vector.
With ``config.rules == "attention"`` (Greedy NTP's attention) a row holds
one logit per relation and the placeholder's vector is
``softmax(row) @ relation``; with ``"free"`` (the original NTP) the row is
the vector itself.  :meth:`Prover.placeholder_vectors` gives the vectors
either way.

The prover is a :class:`~neurosym.learning.evaluate.LinkScorer` of proof
scores (``score``, ``score_objects``, ``score_subjects``): one of the
scorers a trained :class:`~neurosym.learning.ntp.NTPModel` blends.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from ..bridge.kernels import rbf_torch
from ..errors import ConfigError
from ..reasoning.scoring import get_scoring
from .config import ProverConfig
from .mining import mine_template
from .retrieval import NO_FACT, FactRetriever
from .templates import Template

__all__ = ["Prover", "Rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One copy of a template: predicates as ``("param", row)`` or ``("rel", id)``."""

    template: int                    # index of its template
    copy: int                        # which copy (0-based)
    head: tuple                      # (pred, args)
    body: tuple                      # ((pred, args), ...)
    params: dict                     # placeholder -> row of rule_params


class _Rows:
    """Partial proofs of one rule body: ``parent`` (the goal row they prove),
    ``copy`` (which copy of the template), ``score``, ``excl`` (the fact each
    may not use) and variable bindings (entity ids)."""

    __slots__ = ("parent", "copy", "score", "excl", "binds")

    def __init__(self, parent, copy, score, excl, binds) -> None:
        self.parent, self.copy, self.score, self.excl, self.binds = \
            parent, copy, score, excl, binds

    def take(self, idx: torch.Tensor) -> "_Rows":
        return _Rows(self.parent[idx], self.copy[idx], self.score[idx], self.excl[idx],
                     {v: t[idx] for v, t in self.binds.items()})


def _cat_rows(parts: list[_Rows], like: _Rows) -> _Rows:
    parts = [p for p in parts if len(p.parent)]
    if not parts:
        return like.take(torch.zeros(0, dtype=torch.int64, device=like.parent.device))
    keys = parts[0].binds.keys()
    return _Rows(torch.cat([p.parent for p in parts]), torch.cat([p.copy for p in parts]),
                 torch.cat([p.score for p in parts]), torch.cat([p.excl for p in parts]),
                 {v: torch.cat([p.binds[v] for p in parts]) for v in keys})


_MINED_LOGIT = 6.0     # softmax weight ~0.94 on the mined relation among 25


class Prover(nn.Module):
    """Entity, relation and rule vectors plus the proof search (see the module
    docstring); ``seed`` draws the initial vectors."""

    def __init__(self, n_entities: int, n_relations: int, facts: np.ndarray,
                 templates: list[Template], relation_names: list[str],
                 config: ProverConfig | None = None, seed: int = 0,
                 backend: str = "faiss") -> None:
        super().__init__()
        c = self.config = config or ProverConfig()
        self.scoring = get_scoring(c.aggregation)
        self.n_entities, self.n_relations = n_entities, n_relations
        self.relation_names = list(relation_names)
        self.templates = list(templates)
        g = torch.Generator().manual_seed(seed)
        std = c.init_std if c.init_std is not None else 1.0 / np.sqrt(c.dim)
        self.rules, n_params = self._instantiate(self.templates, self.relation_names)
        self.groups = self._groups(self.templates, self.relation_names)
        self.entity = nn.Parameter(torch.randn(n_entities, c.dim, generator=g) * std)
        self.relation = nn.Parameter(torch.randn(n_relations, c.dim, generator=g) * std)
        width = n_relations if c.rules == "attention" else c.dim
        self.rule_params = nn.Parameter(torch.randn(n_params, width, generator=g) * std)
        self.register_buffer("facts", torch.as_tensor(
            np.asarray(facts, dtype=np.int64).reshape(-1, 3)), persistent=False)
        self.retriever = FactRetriever(self.facts.numpy(), c.dim, backend)
        self.mask_facts = False           # set by training: a query's ``excl`` applies
        self._k_open: int | None = None   # facts per open goal (score_objects: k_open)
        self._placeholders: torch.Tensor | None = None   # all of them, while scoring
        self.retriever.rebuild(self.entity, self.relation)

    def start_from_mined_rules(self) -> None:
        """``rule_init="mined"``: copy ``i`` of a template starts as its ``i``-th
        mined rule: each placeholder's attention logit on its relation raised
        by ``_MINED_LOGIT`` (``rules="free"``: the relation's vector itself)."""
        facts = self.facts.cpu().numpy()
        with torch.no_grad():
            for ti, t in enumerate(self.templates):
                mined = mine_template(t, facts, self.n_entities, self.relation_names)
                copies = [r for r in self.rules if r.template == ti]
                for rule, (_, _, assign) in zip(copies, mined, strict=False):
                    for ph, row in rule.params.items():
                        if self.config.rules == "attention":
                            self.rule_params[row, assign[ph]] += _MINED_LOGIT
                        else:
                            self.rule_params[row] = self.relation[assign[ph]]

    # -- templates -> rules --------------------------------------------------------
    @staticmethod
    def _instantiate(templates: list[Template], relation_names: list[str]):
        rel = {n: i for i, n in enumerate(relation_names)}
        rules, n = [], 0
        for ti, t in enumerate(templates):
            for lit in (t.head, *t.body):
                if len(lit.args) != 2:
                    raise ConfigError(f"template {t.text()}: the prover learns binary "
                                      f"relations only ({lit.predicate}/{len(lit.args)})")
                if not lit.is_placeholder and lit.predicate not in rel:
                    raise ConfigError(f"template {t.text()}: no facts of predicate "
                                      f"{lit.predicate}/2 to learn from")
            for copy in range(t.count):
                params = {}
                for p in t.placeholders:
                    params[p] = n
                    n += 1
                rules.append(Rule(ti, copy, _spec(t.head, rel, params),
                                  tuple(_spec(b, rel, params) for b in t.body), params))
        return rules, n

    @staticmethod
    def _groups(templates: list[Template], relation_names: list[str]) -> list[tuple]:
        """Per template ``(copies, n_placeholders, first_param_row, head, body)``
        with predicates as ``("param", j)`` (j-th placeholder) or ``("rel", id)``:
        all copies of a template are proven at once."""
        rel = {n: i for i, n in enumerate(relation_names)}
        out, first = [], 0
        for t in templates:
            ph = {p: j for j, p in enumerate(t.placeholders)}
            out.append((t.count, len(ph), first, _spec(t.head, rel, ph),
                        tuple(_spec(b, rel, ph) for b in t.body)))
            first += t.count * len(ph)
        return out

    # -- vectors ----------------------------------------------------------------------
    @property
    def device(self) -> torch.device:
        return self.entity.device

    def rebuild_index(self) -> None:
        self.retriever.rebuild(self.entity, self.relation)

    def _pvecs(self, group, pred, copy: torch.Tensor) -> torch.Tensor:
        """``[m, dim]``: the predicate vector of a literal for each row's copy."""
        kind, i = pred
        if kind == "rel":
            return self.relation[i][None, :].expand(len(copy), -1)
        _, n_ph, first, _, _ = group
        return self.placeholder_vectors(first + copy * n_ph + i)

    def placeholder_vectors(self, rows=None) -> torch.Tensor:
        """The vectors ``[m, dim]`` of placeholder rows ``rows`` (all when ``None``)."""
        if self._placeholders is not None:          # scoring: computed once per call
            return self._placeholders if rows is None else self._placeholders[rows]
        p = self.rule_params if rows is None else self.rule_params[rows]
        if self.config.rules == "attention":
            return torch.softmax(p, dim=-1) @ self.relation
        return p

    def rule_vectors(self, rule: Rule) -> dict[str, torch.Tensor]:
        """Each placeholder's learned vector for one rule copy."""
        return {p: self.placeholder_vectors(i).detach() for p, i in rule.params.items()}

    def kernel(self, u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        """The similarity of vectors ``u`` and ``v`` (the RBF kernel of width ``mu``)."""
        return rbf_torch(u, v, self.config.mu)

    def _unify(self, u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        """The score of a step that unifies symbols of vectors ``u`` and ``v``."""
        return self.scoring.step_tensors(self.kernel(u, v))

    # -- the prover ---------------------------------------------------------------------
    def _apply_rule(self, group, pvec: torch.Tensor, bound: dict, excl: torch.Tensor,
                    depth: int) -> "_Rows":
        """Every copy of ``group``'s rule applied to ``m`` goals whose predicate
        vectors are ``pvec`` -- or, with ``config.k_rules``, each goal's
        ``k_rules`` copies whose heads unify with it best; ``bound`` maps head
        positions to id tensors.  Rows are copy-major; their ``parent`` is the
        goal row."""
        copies, _, _, (hp, hargs), body = group
        m = pvec.shape[0]
        dev = self.device
        parent = torch.arange(m, device=dev).repeat(copies)
        copy = torch.arange(copies, device=dev).repeat_interleave(m)
        head = self._unify(pvec[parent], self._pvecs(group, hp, copy))
        kr = self.config.k_rules
        if kr is not None and copies > kr and m:
            best = head.detach().view(copies, m).topk(kr, dim=0).indices       # [kr, m]
            pick = (best * m + torch.arange(m, device=dev)[None, :]).reshape(-1)
            parent, copy, head = parent[pick], copy[pick], head[pick]
        binds = {hargs[i]: ids[parent] for i, ids in bound.items()}
        rows = _Rows(parent, copy, head, excl[parent], binds)
        todo = list(body)
        while todo and len(rows.parent):
            # the next goal sharing a bound variable (the scoring's mult is
            # commutative, so the order does not change a proof's score): left
            # to right when the head's first argument is bound, right to left
            # from the second
            i = next((j for j, (_, (x, y)) in enumerate(todo)
                      if x in rows.binds or y in rows.binds), 0)
            rows = self._goal(rows, group, todo.pop(i), depth)
        for _, args in body:                # no proof left: every variable, unbound
            for v in args:
                rows.binds.setdefault(v, torch.zeros(0, dtype=torch.int64, device=dev))
        return rows

    def _facts(self, pvec: torch.Tensor, a, b, excl: torch.Tensor, k: int | None = None):
        """Unify goals ``p(a, b)`` (``a``/``b`` ids or ``None`` for free) with
        their ``k`` (``config.k``) nearest facts: ``(scores [m, k], fact rows [m, k])``."""
        c, sc_ = self.config, self.scoring
        k_best = k or c.k
        m = pvec.shape[0]
        slots = (0,) + ((1,) if a is not None else ()) + ((2,) if b is not None else ())
        parts = [pvec] + ([self.entity[a]] if a is not None else []) \
            + ([self.entity[b]] if b is not None else [])
        q = torch.cat(parts, dim=1).detach().to("cpu", torch.float32).numpy()
        k = k_best + (1 if self.mask_facts else 0)
        rows = torch.as_tensor(self.retriever.search(slots, q, min(k, max(len(self.facts), 1))),
                               device=self.device)
        ok = rows >= 0
        f = self.facts.to(self.device)[rows.clamp_min(0)]            # [m, k, 3]
        sc = self._unify(pvec[:, None, :], self.relation[f[..., 1]])
        if a is not None:
            sc = sc_.mult_tensors(sc, self._unify(self.entity[a][:, None, :],
                                                  self.entity[f[..., 0]]))
        if b is not None:
            sc = sc_.mult_tensors(sc, self._unify(self.entity[b][:, None, :],
                                                  self.entity[f[..., 2]]))
        if self.mask_facts:
            ok = ok & (rows != excl[:, None])
        sc = torch.where(ok, sc, sc.new_full((), sc_.zero))
        if m and sc.shape[1] > k_best:            # keep the k best after masking
            sc, top = sc.topk(k_best, dim=1)
            rows = rows.gather(1, top)
            f = f.gather(1, top[..., None].expand(-1, -1, 3))
        return sc, f

    def prove_ground(self, pvec: torch.Tensor, a: torch.Tensor, b: torch.Tensor,
                     excl: torch.Tensor, depth: int) -> torch.Tensor:
        """Scores ``[m]`` of ground goals ``p(a, b)`` (``pvec`` ``[m, dim]``)."""
        m, sc_ = len(a), self.scoring
        sc, _ = self._facts(pvec, a, b, excl)
        best = sc_.add_over(sc, 1) if sc.shape[1] else pvec.new_full((m,), sc_.zero)
        if depth <= 0 or m == 0:
            return best
        for group in self.groups:
            rows = self._apply_rule(group, pvec, {0: a, 1: b}, excl, depth - 1)
            best = sc_.add_tensors(best, sc_.add_by_group(rows.score, rows.parent, m))
        return best

    def _goal(self, rows: _Rows, group, lit, depth: int) -> _Rows:
        """Prove one body goal of ``group``'s rule for every partial proof in ``rows``."""
        pred, (x, y) = lit
        if len(rows.parent) == 0:
            return rows
        return self._goal_vec(rows, self._pvecs(group, pred, rows.copy), x, y, depth)

    def _goal_vec(self, rows: _Rows, pvec: torch.Tensor, x, y, depth: int) -> _Rows:
        """Prove goals ``p(x, y)`` (predicate vectors ``pvec``, one per row of
        ``rows``, at least one of the variables bound) for every partial proof."""
        m, mult = len(rows.parent), self.scoring.mult_tensors
        a, b = rows.binds.get(x), rows.binds.get(y)
        if a is not None and b is not None:
            g = self.prove_ground(pvec, a, b, rows.excl, depth)
            return _Rows(rows.parent, rows.copy, mult(rows.score, g), rows.excl, rows.binds)
        if a is None and b is None:
            raise ConfigError(f"a body goal with no bound argument ({x}, {y}): reorder the "
                              "template's body so each goal shares a variable with an "
                              "earlier one or the head")
        free = x if a is None else y
        out = []
        # facts: branch on the k nearest, binding the free variable
        sc, f = self._facts(pvec, a, b, rows.excl, self._k_open)
        kk = sc.shape[1]
        if kk:
            idx = torch.arange(m, device=self.device).repeat_interleave(kk)
            new = rows.take(idx)
            new.score = mult(new.score, sc.reshape(-1))
            new.binds[free] = f[..., 2 if a is not None else 0].reshape(-1)
            out.append(self._prune(new))
        if depth > 0:
            for g in self.groups:
                hx, hy = g[3][1]
                bound = {0: a} if a is not None else {1: b}
                inner = self._apply_rule(g, pvec, bound, rows.excl, depth - 1)
                new = rows.take(inner.parent)
                new.score = mult(new.score, inner.score)
                new.binds[free] = inner.binds[hy if a is not None else hx]
                out.append(self._prune(new))
        return _cat_rows(out, rows.take(torch.zeros(0, dtype=torch.int64,
                                                    device=self.device)))

    def _prune(self, rows: _Rows) -> _Rows:
        keep = rows.score > self.scoring.zero
        return rows if bool(keep.all()) else rows.take(torch.nonzero(keep).squeeze(1))

    # -- the LinkScorer protocol -----------------------------------------------------------
    def _ids(self, x) -> torch.Tensor:
        return torch.as_tensor(x, dtype=torch.int64, device=self.device)

    def prove(self, s, r, o, excl=None, depth: int | None = None) -> torch.Tensor:
        """Proof scores ``[B]`` of triples (``excl``: the fact row each may not use)."""
        s, r, o = self._ids(s), self._ids(r), self._ids(o)
        if excl is None:
            excl = torch.full_like(s, NO_FACT)
        d = self.config.depth if depth is None else depth
        return self.prove_ground(self.relation[r], s, o, self._ids(excl), d)

    def score(self, s, r, o) -> torch.Tensor:
        """The best proof's score of each triple, in ``[0, 1]`` (no masking, no
        gradient; training calls :meth:`prove`)."""
        with self._scoring():
            return self.prove(s, r, o)

    @contextmanager
    def _scoring(self, k_open: int | None = None):
        """Evaluation: no masking, no gradient, open goals on ``k_open`` facts."""
        masked, self.mask_facts, self._k_open = self.mask_facts, False, k_open
        try:
            with torch.no_grad():
                self._placeholders = self.placeholder_vectors()
                yield
        finally:
            self.mask_facts, self._k_open, self._placeholders = masked, None, None

    def score_objects(self, s, r) -> torch.Tensor:
        """``[B, n_entities]``: the score of ``r(s, e)`` for every entity ``e``,
        from one search for the proofs of ``r(s, X)`` (each goal with a free
        variable branching on its ``config.k_open`` nearest facts, as
        ``kb.query`` answers an open goal); an entity no proof reaches
        scores 0."""
        return self._score_all(self._ids(s), self._ids(r), None)

    def score_subjects(self, r, o) -> torch.Tensor:
        """``[B, n_entities]``: the score of ``r(e, o)`` for every entity ``e``
        (the proofs of ``r(X, o)``; see :meth:`score_objects`)."""
        return self._score_all(None, self._ids(r), self._ids(o))

    def _score_all(self, s, r, o) -> torch.Tensor:
        c, n, sc_ = self.config, self.n_entities, self.scoring
        m, dev = len(r), self.device
        bound = {"X": s} if s is not None else {"Y": o}
        with self._scoring(max(c.k, c.k_open)):
            rows = _Rows(torch.arange(m, device=dev), torch.zeros(m, dtype=torch.int64, device=dev),
                         torch.full((m,), sc_.one, device=dev),
                         torch.full((m,), NO_FACT, device=dev), bound)
            out = self._goal_vec(rows, self.relation[r], "X", "Y", c.depth)
            ent = out.binds["Y" if s is not None else "X"]
            return sc_.add_by_group(out.score, out.parent * n + ent, m * n).view(m, n)


def _spec(lit, rel: dict[str, int], params: dict[str, int]) -> tuple:
    """A literal as ``(pred, args)``: ``("param", params[placeholder])`` or
    ``("rel", relation id)``."""
    pred = ("param", params[lit.predicate]) if lit.is_placeholder else ("rel", rel[lit.predicate])
    return (pred, lit.args)
