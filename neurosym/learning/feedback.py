"""Feedback on one answer: a few gradient steps on what its proof depended on.

``kb.feedback(answer, correct=...)`` (``docs/interactive.md``) calls
:func:`apply_feedback`.  The answer's proof (a soft query's answers carry
theirs) names what its score came from:

* its soft matches ``a ~ b``: the two symbols' vectors, each where the
  query read it (``Resolver.query_vector``): the clause's ``b`` its own row
  of the match's kind; the goal's ``a`` its own row of that kind when that
  row is real, else its row of the other kind (a word of the query
  vocabulary, such as ``grandpaOf`` read from a ``.vec`` file, is a constant
  row).  Only real rows (given or learned, ``SymbolSpace.real``) are ever
  read or written: a seeded random row took no part in the score, so
  feedback leaves it seeded (it never becomes "real" by accident), and a
  real row it moves stays real (a learned vector differs from its seed), so
  the symbol keeps matching;
* the clauses it used that carry a weight to learn: rules (an unweighted
  rule counts as weight 1) and weighted facts.  Unweighted facts are data:
  feedback does not weigh them (``kb.unteach`` removes one).

The proof's score is recomputed from those, differentiably (the bridge's
kernel on the vectors, a weight as itself, kept in ``[0.0001, 1]``, the
steps combined by the query's aggregation: ``min`` or ``product``), and
``steps`` Adam steps (the kernel's width held at the space's ``width()``
when the update starts, or ``FeedbackConfig.mu``) on the binary
cross-entropy of that score against the
label move it down (``correct=False``) or up (``correct=True``).  Only the
parameters the loss reached are written back: vectors in place (the space
sees the change and rebuilds its index on next use), weights through
``Store.reweight``, rounded to four decimals (as scores are printed).
The result's ``after`` is the proof's score as the next query computes it:
with the width calibrated again from the moved vectors (unless ``mu`` is
set), which in a small space can move the score further than the steps did.

Where the knowledge base has a trained step scorer (``kb.guide``,
``docs/guide.md``), :func:`guide_feedback` also trains it on the answer's
goals: each goal is searched again under the scorer (a budget of
expansions), and at each choice on the proof found the step taken becomes
the policy's target with value 1 (``correct=True``), or loses prior and gets
value 0 (``correct=False``).  The scorer orders the search; the answers'
scores are the proofs' own.

Every update fills an :class:`~neurosym.examples.Undo` record that holds the values it
replaced (tensor rows cloned, old weights), so ``kb.undo()`` puts them back
bit for bit.
"""

from __future__ import annotations

import time
from typing import Literal

import torch
from pydantic import BaseModel, Field

from ..bridge.kernels import similarity_torch
from ..engine.query import clause_source, clause_text
from ..errors import ConfigError
from ..examples import FeedbackResult, Undo
from ..lang.parser import parse_term
from ..proof import Answer
from ..terms import Atom, Clause, Struct, deref

__all__ = ["FeedbackConfig", "ProofParts", "proof_parts", "apply_feedback", "guide_feedback"]

_NECK, _WEIGHT = Atom(":-"), Atom("::")


class FeedbackConfig(BaseModel):
    """How hard one piece of feedback pushes."""

    steps: int = Field(5, ge=1)         # Adam steps per update
    lr: float = Field(0.02, gt=0)       # their learning rate
    aggregation: str = "min"            # how the proof's steps combine: "min" or "product"
    kernel: Literal["rbf", "cosine"] | None = None   # None: the space's (as a soft query)
    mu: float | None = Field(None, gt=0)             # None: the space's width() (as a soft query)
    guide: bool = True                  # also train the step scorer, when there is one
    budget: int = Field(200, ge=1)      # its search's expansions per goal
    # an answer of the trained model (neurosym.learning.link_feedback): its link predictor's rows
    link_steps: int = Field(50, ge=1)   # Adam steps per update
    link_lr: float = Field(0.05, gt=0)  # their learning rate
    link_entities: bool = False         # also the labelled facts' entities' rows
    link_entity_scale: float = Field(0.1, gt=0)   # their learning rate: link_lr times this
    link_replay: int = Field(64, ge=0)  # training facts of those entities replayed beside them
    link_range: float = Field(1.0, ge=0)        # a no outside the relation's range: its weight
    link_range_subjects: int = Field(64, ge=0)   # ... over the no's subjects and this many more


class ProofParts:
    """What a proof's score depends on: its steps, each as the soft matches
    ``(kind, this, other)`` it made and the learnable clause it used (or None)."""

    __slots__ = ("steps", "goals")

    def __init__(self) -> None:
        self.steps: list[tuple[tuple, object, float]] = []   # (matches, clause, step score)
        self.goals: list[str] = []                           # the proof's root goals


def _clause_of(store, text: str, source: str | None, ops):
    """The stored clause a proof step names (its text and source), when it
    has a weight to learn (a rule, a weighted fact); else None."""
    term = deref(parse_term(text, ops=ops)[0])
    weighted = type(term) is Struct and term.name is _WEIGHT and len(term.args) == 2
    if weighted:
        term = deref(term.args[1])
    rule = type(term) is Struct and term.name is _NECK and len(term.args) == 2
    if not (weighted or rule):
        return None
    head = deref(term.args[0]) if rule else term
    for cl in store.candidates(head):
        if clause_text(cl) == text and clause_source(cl) == source:
            return cl
    return None


def proof_parts(store, answer: Answer, ops) -> ProofParts:
    """The :class:`ProofParts` of ``answer``'s proof."""
    if answer.proof is None or not answer.proof.steps:
        raise ConfigError("feedback needs an answer with its proof: a scored query's answer "
                          "(kb.query(goal, mode='soft'), proof left on)")
    parts = ProofParts()
    parts.goals = [s.goal for s in answer.proof.steps]
    stack = list(reversed(answer.proof.steps))
    while stack:
        s = stack.pop()
        if s.kind in ("clause", "soft") and s.clause is not None:
            cl = _clause_of(store, s.clause, s.source, ops)
            matches = tuple((m.kind, m.this, m.other) for m in s.matches)
            parts.steps.append((matches, cl, s.score))
        stack.extend(reversed(s.children))
    return parts


def apply_feedback(parts: ProofParts, correct: bool, *, vectors, store,
                   config: FeedbackConfig, undo: Undo) -> FeedbackResult:
    """Update the vectors and weights ``parts`` names so that the proof's
    score moves toward ``correct``; records the old values in ``undo``."""
    if config.aggregation not in ("min", "product"):
        raise ConfigError(f"feedback needs aggregation 'min' or 'product', not "
                          f"{config.aggregation!r}")
    started = time.perf_counter()
    result = undo.result
    has_soft = any(m for m, _, _ in parts.steps)
    space = vectors.space if has_soft else None
    # the parameters: one tensor of rows per kind, one weight per clause
    rows: dict[str, list[int]] = {"constant": [], "predicate": []}
    at: dict[tuple, tuple[str, int]] = {}        # (kind, this, other) -> its rows
    for matches, _, _ in parts.steps:
        for m in matches:
            if m not in at:
                at[m] = pair = _match_rows(space, *m)
                for k, r in pair:
                    if r not in rows[k]:
                        rows[k].append(r)
    params, leaves = {}, []
    for kind, rs in rows.items():
        if rs:
            t = space.vectors(kind)[torch.as_tensor(rs)].clone().requires_grad_(True)
            params[kind] = (rs, t)
            leaves.append(t)
    clauses = []
    for _, cl, _ in parts.steps:
        if cl is not None and cl not in clauses:
            clauses.append(cl)
    weights = torch.tensor([1.0 if c.weight is None else float(c.weight) for c in clauses],
                           requires_grad=True)
    if clauses:
        leaves.append(weights)
    if not leaves:
        result.updated = []
        result.seconds = time.perf_counter() - started
        return result
    kernel, width = "rbf", [1.0]
    if space is not None:
        kernel, width = config.kernel or space.config.kernel, [config.mu or space.width()]

    def row(k: str, r: int):
        rs, t = params[k]
        return t[rs.index(r)]

    def score():
        vals = []
        for matches, cl, _ in parts.steps:
            for m in matches:
                (ka, ra), (kb, rb) = at[m]
                vals.append(similarity_torch(row(ka, ra), row(kb, rb), kernel, width[0]))
            if cl is not None:      # the weight kept in range, its gradient passed through
                w = weights[clauses.index(cl)]
                vals.append(w + (w.clamp(1e-4, 1.0) - w).detach())
        x = torch.stack(vals)
        s = x.amin() if config.aggregation == "min" else x.prod()
        return s + (s.clamp(1e-6, 1 - 1e-6) - s).detach()     # a finite loss at 0 and 1

    target = torch.tensor(1.0 if correct else 0.0)
    opt = _Adam(leaves, config.lr)
    with torch.no_grad():
        result.before = float(score())
    touched = [torch.zeros(len(x), dtype=torch.bool) for x in leaves]
    for _ in range(config.steps):
        for x in leaves:
            x.grad = None
        loss = torch.nn.functional.binary_cross_entropy(score(), target)
        loss.backward()
        for i, x in enumerate(leaves):
            g = x.grad.reshape(len(x), -1)
            touched[i] |= (g != 0).any(dim=1)
        opt.step()
    updated = []
    with torch.no_grad():
        for i, (kind, (rs, t)) in enumerate(params.items()):
            keep = [r for r, on in zip(rs, touched[i].tolist(), strict=True) if on]
            if not keep:
                continue
            idx = torch.as_tensor(keep)
            undo.rows.append((kind, idx, space.vectors(kind)[idx].clone()))
            space.vectors(kind)[idx] = t[[rs.index(r) for r in keep]].detach()
            space.mark_changed(kind)
            updated.extend(f"vector of {space.symbol(r, kind).name}" for r in keep)
        moved = touched[-1].tolist() if clauses else []
        for cl, lg, on in zip(clauses, weights.clamp(1e-4, 1.0).tolist(), moved, strict=True):
            w = round(lg, 4)
            if not on:
                continue
            old = 1.0 if cl.weight is None else float(cl.weight)
            if w == old:
                continue
            undo.weights.append((cl, cl.weight))
            store.reweight(cl, None if w == 1.0 else w)
            bare = clause_text(Clause(cl.head, cl.body, None, cl.span, cl.var_names))
            updated.append(f"weight of {bare}: {old:g} -> {w:g}")
        if clauses:                      # as stored: rounded
            weights.copy_(torch.tensor([1.0 if c.weight is None else float(c.weight)
                                        for c in clauses]))
        if space is not None:       # as the next query scores it: the width recalibrated
            width[0] = config.mu or space.width()
        result.after = float(score())
    result.updated = updated
    result.seconds = time.perf_counter() - started
    return result


def _match_rows(space, kind: str, a, b) -> tuple[tuple[str, int], tuple[str, int]]:
    """Where the vectors of the soft match ``a ~ b`` of ``kind`` live, as
    ``(kind, row)`` each: the goal's ``a`` its real row of ``kind``, else its
    real row of the other kind (as ``Resolver.query_vector`` reads it); the
    clause's ``b`` its real row of ``kind``."""
    other = "constant" if kind == "predicate" else "predicate"
    found = []
    for name, kinds in ((a, (kind, other)), (b, (kind,))):
        k = next((k for k in kinds if space.has_vector(name, k)), None)
        if k is None:
            raise ConfigError(f"feedback: {name!r} has no real vector any more (the answer's "
                              f"match {a} ~ {b} used one): ask the query again")
        found.append((k, space.row(name, k)))
    return found[0], found[1]


def guide_feedback(machine, vectors, scorer, goals: list, correct: bool, *,
                   config: FeedbackConfig, undo: Undo, models: dict) -> bool:
    """A few steps of the step scorer ``scorer`` on the proofs of ``goals``
    (terms) found under it (see the module docstring); the old network and
    saved state go into ``undo``.  False when no proof was found (nothing
    trained)."""
    from ..reasoning.prover import scored_answers
    from .guide_model import one_thread
    from .guide_state import GUIDE_NAME, guide_meta, guide_state
    positions = []
    for goal in goals:
        scorer.record = []
        try:
            answers = scored_answers(machine, vectors, goal, {}, [], mode="soft", scorer=scorer,
                                     proof=False, top_k=1, max_expansions=config.budget)
            first = next(answers, None)
            tags = answers.search.proof_tags(first) if first is not None else ()
            answers.close()
            positions += [(scorer.record[e - 1], j) for e, j in tags]
        finally:
            scorer.record = None
    if not positions:
        return False
    undo.guide = (scorer, {k: v.clone() for k, v in scorer.net.state_dict().items()},
                  models.get(GUIDE_NAME))
    with one_thread():
        _fit_guide(scorer.net, positions, correct, config)
    if GUIDE_NAME in models:
        gconfig, history = guide_meta(models[GUIDE_NAME])[:2]
        models[GUIDE_NAME] = guide_state(scorer, gconfig, history)
    return True


def _fit_guide(net, positions: list, correct: bool, config: FeedbackConfig) -> None:
    from .guide_model import Features
    f = Features.collate([p for p, _ in positions])
    on = torch.tensor([j for _, j in positions])
    rows = torch.arange(len(positions))
    params = [p for p in net.parameters() if p.requires_grad]
    opt = _Adam(params, config.lr)
    net.train()
    for _ in range(config.steps):
        for p in params:
            p.grad = None
        logits, vlog = net(f)
        logp = torch.log_softmax(logits, -1)[rows, on]
        value = vlog[rows, on]
        if correct:
            loss = -logp.mean() + torch.nn.functional.softplus(-value).mean()
        else:       # away from the step taken: prior and value down
            p_on = logp.exp().clamp(max=1 - 1e-6)
            loss = -torch.log1p(-p_on).mean() + torch.nn.functional.softplus(value).mean()
        loss.backward()
        opt.step()
    net.eval()


class _Adam:
    """Adam's update, written out: ``torch.optim`` takes seconds to import on
    first use (it loads the compiler stack), more than an update may take."""

    def __init__(self, params: list, lr: float, betas=(0.9, 0.999), eps: float = 1e-8) -> None:
        self.params, self.lr, self.betas, self.eps, self.t = params, lr, betas, eps, 0
        self.m = [torch.zeros_like(p) for p in params]
        self.v = [torch.zeros_like(p) for p in params]

    @torch.no_grad()
    def step(self) -> None:
        self.t += 1
        b1, b2 = self.betas
        for p, m, v in zip(self.params, self.m, self.v, strict=True):
            g = p.grad
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            mhat, vhat = m / (1 - b1 ** self.t), v / (1 - b2 ** self.t)
            p.sub_(self.lr * mhat / (vhat.sqrt() + self.eps))
