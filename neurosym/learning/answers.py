"""After training, one model and one path: a trained relation's goals
answered by the trained model, as the benchmarks rank.

``kb.query(goal, mode="soft")`` on a knowledge base that has a trained model
(``kb.train``, ``kb.apply_training``, or ``KnowledgeBase.load`` of a
checkpoint) answers a goal ``r(a, X)``, ``r(X, b)`` or ``r(a, b)`` -- ``r`` a
relation the model was trained on, the constants among its entities -- with
the model itself: every entity in the open place is scored in one batched
pass by :func:`~neurosym.learning.evaluate.goal_scores`, the function the
metrics (``neurosym eval``, ``benchmarks/link_prediction.py``) rank with,
so the query's order and scores are the reported ranking's.  A ground goal
``r(a, b)`` scores as ``b`` does among the answers of ``r(a, X)``.

Answers come best first (equal scores in the order of the model's entities),
each with a proof of the parts its score adds up (``Blend.parts``): the
stored fact when it is one, the exact rules that prove it with their
weights and the facts of one grounding, the link predictor's probability
and logit, and the differentiable prover's best proof score, with the steps of the
best proof that the scored prover finds for the ground goal through the
decoded rules (within the trained depth and a budget of expansions, under
the query's step scorer: the trained guide ``kb.guide`` by default, so the
steps carry its priors and values; the step says when it finds none: the
decoded rules read each placeholder as its nearest relation, the trained
prover matches them softly).  The scorer chooses which proof is traced,
never the ranking.  Any other goal (a conjunction, another
predicate, an unknown constant, ``r(X, Y)``) is the scored prover's, as
``SoftConfig(trained=False)`` makes every goal.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import torch

from ..engine.query import clause_source
from ..proof import Answer, Proof, Step
from ..terms import TRUE, Atom, Struct, Var, deref
from ..terms.printer import format_term
from .evaluate import goal_scores
from .result import TrainResult

__all__ = ["TrainedRanker", "TrainedGoal", "TrainedAnswers"]


class TrainedGoal(NamedTuple):
    """A goal the trained model answers: relation ``r`` and the entity ids of
    the bound places (``s`` or ``o`` is ``None`` where ``var`` is open; both
    set for a ground goal, ``var`` then ``None``)."""

    s: int | None
    r: int
    o: int | None
    var: Var | None


class TrainedRanker:
    """A trained model (``result``, a ``TrainResult``) answering goals over a
    knowledge base's ``store`` (where the proofs find the facts' sources)."""

    def __init__(self, result: TrainResult, store) -> None:
        self.result, self.store = result, store
        self.model = result.model
        self._ent = {n: i for i, n in enumerate(result.entities)}
        self._rel = {n: i for i, n in enumerate(result.relations)}

    @property
    def depth(self) -> int:
        """How deep a trained proof nests clauses, facts included
        (``ProverConfig.depth`` rule applications, then a fact)."""
        return self.result.config.prover.depth + 1

    def goal(self, goal) -> TrainedGoal | None:
        """The goal as a :class:`TrainedGoal`, or ``None`` when the model cannot
        answer it (see the module docstring)."""
        g = deref(goal)
        if type(g) is not Struct or len(g.args) != 2:
            return None
        r = self._rel.get(g.name.name)
        if r is None:
            return None
        ids, var = [], None
        for a in g.args:
            a = deref(a)
            if type(a) is Atom and a.name in self._ent:
                ids.append(self._ent[a.name])
            elif isinstance(a, Var) and var is None:
                ids.append(None)
                var = a
            else:
                return None
        return TrainedGoal(ids[0], r, ids[1], var)

    def answers(self, tg: TrainedGoal, varmap: dict, names: list, *, top_k: int | None = None,
                proof: bool = True, vectors=None, symbolic=None) -> "TrainedAnswers":
        """The answers of ``tg``, best first (``top_k`` of them at most).
        ``symbolic(term)``: the scored prover's best proof of a ground goal
        (a ``Proof``) or ``None``; it shows the steps of the prover's part."""
        return TrainedAnswers(self, tg, varmap, names, top_k, proof, vectors, symbolic)

    # -- the ranking -----------------------------------------------------------------
    def row(self, tg: TrainedGoal) -> tuple[np.ndarray, np.ndarray]:
        """``(entity ids, scores)`` of the open place, best first, ties by id;
        a ground goal: its one entity, scored as in ``r(s, X)``."""
        s, r, o = _open(tg)
        scores = goal_scores(self.model, s, r, o, len(self.result.entities))[0]
        scores = np.where(np.isnan(scores), -np.inf, scores)
        if tg.var is None:                  # ground: the object's place in r(s, X)
            return np.array([tg.o]), scores[[tg.o]]
        order = np.lexsort((np.arange(len(scores)), -scores))
        return order, scores[order]

    def parts(self, tg: TrainedGoal) -> dict[str, np.ndarray]:
        """Each part of the score (``Blend.parts``) over the open place's entities."""
        got = self.model.blend.parts(*_open(tg))
        return {k: v[0].double().cpu().numpy() for k, v in got.items()}

    # -- proofs ------------------------------------------------------------------------
    def triple(self, tg: TrainedGoal, e: int) -> tuple[int, int, int]:
        """``(s, r, o)`` of the answer ``e`` of ``tg``."""
        return (tg.s, tg.r, e) if tg.s is not None else (e, tg.r, tg.o)

    def _term(self, s: int, r: int, o: int) -> Struct:
        ents = self.result.entities
        return Struct(Atom(self.result.relations[r]), (Atom(ents[s]), Atom(ents[o])))

    def _fact_step(self, s: int, r: int, o: int) -> Step | None:
        """The stored fact ``r(s, o)`` as a step, or ``None`` when it is none."""
        t = self._term(s, r, o)
        for cl in self.store.candidates(t):
            if cl.body is TRUE and cl.weight is None and cl.head == t:
                return Step(goal=format_term(t, quoted=True), source=clause_source(cl))
        return None

    def proof(self, s: int, r: int, o: int, score: float, parts: dict[str, float],
              symbolic=None) -> Proof:
        """The proof of the answer ``r(s, o)``: what its ``score`` adds up."""
        term = self._term(s, r, o)
        goal = format_term(term, quoted=True)
        kids: list[Step] = []
        fact = self._fact_step(s, r, o)
        if fact is not None:
            kids.append(fact)
        if "proof" in parts:
            traced = symbolic(term) if symbolic is not None else None
            why = "the prover's best proof" + ("" if traced else " (no symbolic proof found)")
            kids.append(Step(goal=goal, kind="learned", score=parts["proof"], clause=why,
                             children=traced.steps if traced else []))
        rs = self.model.rule_scorer
        if "exact" in parts and rs is not None:
            kids.extend(self._rule_steps(rs, s, r, o, goal))
        if "link" in parts:
            x = parts["link"]
            name = "ComplEx-N3" if self.model.link_model is not None \
                else self.model.config.embedding.aux
            kids.append(Step(goal=goal, kind="learned", score=_sigmoid(x),
                             clause=f"link predictor {name}, logit {x:.4f}"))
        return Proof(steps=[Step(goal=goal, kind="learned", score=score,
                                 clause="trained model", children=kids)])

    def _rule_steps(self, rs, s: int, r: int, o: int, goal: str) -> list[Step]:
        """The exact rules that prove ``r(s, o)``, heaviest first, each with the
        facts of one grounding as its children."""
        w = rs.weight.detach().cpu()
        out = []
        for k, body in enumerate(rs.bodies[r]):
            if not bool(rs.features[r, k, s, o]):
                continue
            path = rs._ground(body, s, o)
            facts = [(b, rel, a) if rev else (a, rel, b)
                     for (rel, rev), a, b in zip(body, path, path[1:], strict=False)]
            kids = [self._fact_step(*f) or Step(goal=format_term(self._term(*f), quoted=True))
                    for f in facts]
            text = rs.rule_text(r, k, self.result.relations)
            out.append(Step(goal=goal, kind="learned", score=float(w[r, k]), children=kids,
                            clause=f"exact rule, weight {float(w[r, k]):+.4f}: {text}"))
        return sorted(out, key=lambda st: -st.score)


def _open(tg: TrainedGoal) -> tuple:
    """``(s, r, o)`` id tensors of one goal with an open place: ``r(s, X)``
    when the subject is bound (a ground goal too), else ``r(X, o)``."""
    def one(x):
        return torch.as_tensor([x], dtype=torch.int64)
    if tg.s is not None:
        return one(tg.s), one(tg.r), None
    return None, one(tg.r), one(tg.o)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


class TrainedAnswers:
    """The answers of one trained goal, best first: an iterator with the
    scored prover's answers' interface (``more``, ``truncated``,
    ``expansions``, ``coverage``); the ranking is one batched pass."""

    def __init__(self, ranker: TrainedRanker, tg: TrainedGoal, varmap: dict, names: list,
                 top_k: int | None, proof: bool, vectors, symbolic=None) -> None:
        self.ranker, self.goal, self.proof, self._vectors = ranker, tg, proof, vectors
        self._symbolic = symbolic
        ids, scores = ranker.row(tg)
        names_of_var = [n for n in names if tg.var is not None and deref(varmap[n]) is tg.var]
        if tg.var is not None and not names_of_var:
            ids, scores = ids[:1], scores[:1]      # r(a, _): one answer, as the prover gives
        if top_k is not None:
            ids, scores = ids[:top_k], scores[:top_k]
        self._ids, self._scores, self._names = ids, scores, names_of_var
        self._parts: dict[str, np.ndarray] | None = None
        self._i = 0

    def __iter__(self) -> "TrainedAnswers":
        return self

    def __next__(self) -> Answer:
        if self._i >= len(self._ids):
            raise StopIteration
        e, score = int(self._ids[self._i]), float(self._scores[self._i])
        self._i += 1
        r = self.ranker
        bindings = {n: Atom(r.result.entities[e]) for n in self._names}
        pr = None
        if self.proof:
            if self._parts is None:
                self._parts = r.parts(self.goal)
            parts = {k: float(v[e]) for k, v in self._parts.items()}
            pr = r.proof(*r.triple(self.goal, e), score, parts, self._symbolic)
        return Answer(bindings=bindings, score=score, proof=pr)

    def close(self) -> None:
        self._i = len(self._ids)

    def more(self, budget: int = 0) -> bool:
        """Whether another answer follows (always known: nothing is searched)."""
        return self._i < len(self._ids)

    @property
    def exhausted(self) -> bool:
        return not self.more()

    expansions = 0          # nothing is searched: the model scores every candidate at once
    steps = 0
    truncated = False

    @property
    def coverage(self):
        """The knowledge base's space's coverage, as a scored query's answers say."""
        return self._vectors.space.coverage()
