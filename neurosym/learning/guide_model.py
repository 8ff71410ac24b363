"""The learned step scorer: a policy and a value over proof steps (torch).

:class:`GuideNet` is the ``torch.nn.Module``; :class:`LearnedScorer` is the
:class:`~neurosym.reasoning.guide.StepScorer` that feeds it.  Rating a
position reads, from the bridge and the store, never from strings:

* the **goal**: its predicate's vector and its arguments' vectors (a bound
  atom's constant vector, when ``arguments`` is on; a learned vector for an
  unbound argument);
* each **candidate** step: the vector of the predicate it resolves with, the
  mean and the first of its body's predicate vectors, a learned vector per
  clause (clauses seen in training; one shared vector for the others), the
  step's own score (its soft matches and weight), whether it is a fact, a
  rule or a soft match, and a one-step look-ahead: how many facts of the
  store unify with the first goal of its body once the step's bindings are
  made, and how many rules it has (no fact and no rule: the step fails at
  once); and a second step of look-ahead: of those rules, how many have a
  fact for their own first body goal (the step's goal resolved by a rule
  whose first goal can be read from a fact).  With the symbols off, this is
  what tells the candidates of a goal such as ``kin(R, x, y)`` apart by the
  facts of the question (which relations of ``x`` the store holds), where
  the first step alone sees the same counts for every story;
* the **proof state**: the score so far, the soft steps taken, the share of
  the goal's arguments that are unbound, and attention from each candidate over the predicate vectors of
  the open goals of user predicates (a builtin, such as a test on the
  answer, has no vector and is not attended to).

With ``symbols`` off, every predicate's vector and every per-clause vector
is read as the zero row: the network sees the numeric features and the
shape of the goal alone, and what it learns holds for every predicate
(trained on few queries over seeded vectors, a network that reads them
learns which rule proved which relation in those queries, which misleads it
on longer proofs; ``docs/guide.md``).

The goal's depth is not an input: trained on short proofs, a network that
saw it rated every deeper position as it had rated the deepest it knew, and
searches for long proofs drowned.  Constants' vectors are inputs only where
they were learned (``arguments``): seeded at random, they name the people
of the training queries and nothing else, and a network that reads them
learns those queries by heart.

All candidates of a choice are rated in one forward pass: the policy is the
softmax of their logits, and ``priors`` is it divided by its largest entry
(the best sibling's prior is 1, so a node's priority does not shrink with
the number of its siblings); ``values`` is a sigmoid per candidate (the
chance that the position after the step completes into a proof).  The space's
vectors are inputs (frozen); what is learned is the projections, the
per-clause vectors, the unbound vector and the heads.
"""

from __future__ import annotations

import contextlib
import copy
import math

import torch
from torch import nn

from ..engine.compile import copy_term
from ..engine.query import clause_text
from ..engine.unify import unify
from ..reasoning.guide import StepScorer
from ..terms import TRUE, Atom, Clause, Struct, Var, deref

__all__ = ["GuideNet", "LearnedScorer", "Features", "N_NUMERIC", "N_NUMERIC_V2", "clause_key",
           "one_thread", "support"]

_COMMA = Atom(",")
N_NUMERIC = 12          # numeric features of a candidate (see LearnedScorer.features)
N_NUMERIC_V2 = 10       # a version-2 checkpoint's (no second look-ahead step)
MAX_OPEN = 8            # open goals attended to
_SUPPORT_CAP = 8        # look-ahead counts past this are "many"
_DEEP_CAP = 16          # rules of the first body goal examined by the second look-ahead step


@contextlib.contextmanager
def one_thread(device: str = "cpu"):
    """Run torch on one CPU thread inside: the guide's tensors are tiny, and
    on a busy machine the thread pool's hand-offs cost ten times the work."""
    if device != "cpu":
        yield
        return
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(n)


def clause_key(clause) -> str:
    """A clause's identity across runs and saves: its source text, without
    its weight (feedback and training change a weight, not which clause it is)."""
    if clause.weight is None:
        return clause_text(clause)
    return clause_text(Clause(clause.head, clause.body, None, clause.span, clause.var_names))


class GuideNet(nn.Module):
    """Policy and value heads over the candidates of one position.

    ``dim``: the space's vector size; ``hidden``: the model's width;
    ``n_clauses``: learned per-clause vectors (row 0: clauses not seen);
    ``n_numeric``: numeric features read (the first ones of
    :meth:`LearnedScorer.features`; fewer for an older checkpoint)."""

    def __init__(self, dim: int, hidden: int = 64, n_clauses: int = 1,
                 n_numeric: int = N_NUMERIC) -> None:
        super().__init__()
        self.dim, self.hidden, self.n_clauses = dim, hidden, n_clauses
        self.n_numeric = n_numeric
        self.unbound = nn.Parameter(torch.zeros(dim))
        self.pred = nn.Linear(dim, hidden)
        self.const = nn.Linear(dim, hidden)
        self.clause = nn.Embedding(n_clauses, hidden)
        nn.init.zeros_(self.clause.weight)
        self.mix = nn.Sequential(nn.Linear(6 * hidden + n_numeric, hidden), nn.Tanh())
        self.key = nn.Linear(hidden, hidden)
        self.policy = nn.Sequential(nn.Linear(2 * hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))
        self.value = nn.Sequential(nn.Linear(2 * hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))
        for head in (self.policy[-1], self.value[-1]):   # untrained: every step alike
            nn.init.zeros_(head.weight)
            nn.init.zeros_(head.bias)

    def forward(self, f: "Features") -> tuple[torch.Tensor, torch.Tensor]:
        """Logits ``[B, N]`` and value logits ``[B, N]`` for ``B`` positions of
        up to ``N`` candidates (``f.mask`` marks the real ones)."""
        B, N = f.mask.shape
        args = torch.where(f.arg_bound.unsqueeze(-1), f.args,
                           self.unbound.expand_as(f.args))           # [B, A, D]
        n_args = f.arg_mask.sum(-1, keepdim=True).clamp(min=1)
        goal_args = (self.const(args) * f.arg_mask.unsqueeze(-1)).sum(1) / n_args   # [B, H]
        goal = self.pred(f.goal)                                      # [B, H]
        h = torch.cat([
            goal.unsqueeze(1).expand(B, N, -1), goal_args.unsqueeze(1).expand(B, N, -1),
            self.pred(f.head), self.pred(f.body_mean), self.pred(f.body_first),
            self.clause(f.clause_id), f.numeric[..., :self.n_numeric]], -1)
        c = self.mix(h)                                               # [B, N, H]
        keys = self.key(self.pred(f.open))                            # [B, O, H]
        att = torch.einsum("bnh,boh->bno", c, keys) / math.sqrt(self.hidden)
        att = att.masked_fill(~f.open_mask.unsqueeze(1), -1e9)
        w = torch.softmax(att, -1) * f.open_mask.any(-1).float().view(B, 1, 1)
        ctx = torch.einsum("bno,boh->bnh", w, self.pred(f.open))
        z = torch.cat([c, ctx], -1)
        logits = self.policy(z).squeeze(-1).masked_fill(~f.mask, -1e9)
        return logits, self.value(z).squeeze(-1)


class Features:
    """The inputs of :class:`GuideNet` for a batch of positions (tensors,
    padded; see ``collate``)."""

    __slots__ = ("goal", "args", "arg_bound", "arg_mask", "head", "body_mean", "body_first",
                 "clause_id", "numeric", "open", "open_mask", "mask")

    def __init__(self, **kw) -> None:
        for k in self.__slots__:
            setattr(self, k, kw[k])

    @staticmethod
    def collate(items: list["Features"]) -> "Features":
        """One batch from single positions, padded to the largest."""
        N = max(x.mask.shape[1] for x in items)
        A = max(x.args.shape[1] for x in items)
        O = max(x.open.shape[1] for x in items)

        def pad(t, dim, size):
            if t.shape[dim] == size:
                return t
            shape = list(t.shape)
            shape[dim] = size - t.shape[dim]
            return torch.cat([t, torch.zeros(shape, dtype=t.dtype)], dim)

        out = {"goal": torch.cat([x.goal for x in items])}
        for k, dim, size in (("args", 1, A), ("arg_bound", 1, A), ("arg_mask", 1, A),
                             ("head", 1, N), ("body_mean", 1, N), ("body_first", 1, N),
                             ("clause_id", 1, N), ("numeric", 1, N), ("open", 1, O),
                             ("open_mask", 1, O), ("mask", 1, N)):
            out[k] = torch.cat([pad(getattr(x, k), dim, size) for x in items])
        return Features(**out)

    def to(self, device, dtype=None) -> "Features":
        """On ``device``; ``dtype``: of the real-valued tensors (masks and ids kept)."""
        out = {}
        for k in self.__slots__:
            t = getattr(self, k)
            out[k] = t.to(device, dtype) if dtype is not None and t.is_floating_point() \
                else t.to(device)
        return Features(**out)


def _conjuncts(body, limit: int = 8) -> list:
    out, stack = [], [body]
    while stack and len(out) < limit:
        g = deref(stack.pop())
        if type(g) is Struct and g.name is _COMMA and len(g.args) == 2:
            stack.append(g.args[1])
            stack.append(g.args[0])
        elif g is not TRUE:
            out.append(g)
    return out


def _squash(n: int) -> float:
    return math.log1p(max(n, 0)) / math.log1p(_SUPPORT_CAP)


def _key(g) -> tuple | None:
    """``(name, arity)`` of a callable goal (None for a variable or number)."""
    g = deref(g)
    if type(g) is Struct:
        return g.name, len(g.args)
    return (g, 0) if type(g) is Atom else None


def _name(g) -> Atom | None:
    g = deref(g)
    if type(g) is Struct:
        return g.name
    return g if type(g) is Atom else None


def _has_fact(store, g, trail: list) -> bool:
    """Whether a fact of the store unifies with goal ``g`` (bindings as they are)."""
    g = deref(g)
    if type(g) is not Struct:
        return True                       # a variable or an atom goal: not told apart
    if not store.defined((g.name, len(g.args))):
        return False
    for cl in store.candidates(g):
        if cl.body is TRUE:
            mark = len(trail)
            ok = unify(cl.head, g, trail)
            while len(trail) > mark:
                trail.pop().ref = None
            if ok:
                return True
    return False


def support(store, cand) -> tuple[int, int, int, int]:
    """The look-ahead of a candidate step (bindings as the search left
    them): ``(facts, rules, deep, tried)``: the store's facts that unify with
    the first goal of the step's body under its bindings, its rules (each
    capped), and of its first ``tried`` rules, the ``deep`` ones whose own
    first body goal (the rule's head unified with the goal) has a fact;
    ``(-1, -1, -1, 0)`` for a fact step, ``(CAP, 0, 0, 0)`` for a goal that is
    not a compound term."""
    if cand.body is TRUE:
        return -1, -1, -1, 0
    for v, val in cand.batch:
        v.ref = val
    try:
        first = _conjuncts(cand.body, 1)
        if not first:
            return -1, -1, -1, 0
        g = deref(first[0])
        if type(g) is not Struct:
            return _SUPPORT_CAP, 0, 0, 0
        if not store.defined((g.name, len(g.args))):
            return 0, 0, 0, 0
        facts = rules = deep = tried = 0
        trail: list = []
        for cl in store.candidates(g):
            if cl.body is not TRUE:
                rules = min(rules + 1, _SUPPORT_CAP)
                if tried < _DEEP_CAP:
                    tried += 1
                    deep += _rule_reads_a_fact(store, cl, g, trail)
                continue
            if facts < _SUPPORT_CAP:
                ok = unify(cl.head, g, trail)
                while trail:
                    trail.pop().ref = None
                facts += ok
            elif rules >= _SUPPORT_CAP and tried >= _DEEP_CAP:
                break
        return facts, rules, deep, tried
    finally:
        for v, _ in cand.batch:
            v.ref = None


def _rule_reads_a_fact(store, cl, g, trail: list) -> bool:
    """Whether rule ``cl``, its head unified with goal ``g``, has a fact for
    the first goal of its body (the second step of :func:`support`)."""
    mapping: dict = {}
    try:
        if not unify(copy_term(cl.head, mapping), g, trail):
            return False
        first = _conjuncts(copy_term(cl.body, mapping), 1)
        return bool(first) and _has_fact(store, first[0], trail)
    finally:
        while trail:
            trail.pop().ref = None


class LearnedScorer(StepScorer):
    """A :class:`GuideNet` as the search's step scorer.

    ``vectors``: the knowledge base's ``Vectors`` (the space is read at each
    rating, so learned vectors are used as they are now); ``store``: for the
    look-ahead; ``clauses``: clause key -> row of the per-clause vectors.
    ``arguments``: read the goal's constants' vectors (else a bound constant
    is only "bound").  ``symbols``: read the predicates' vectors and the
    per-clause vectors (else the network sees only the numeric features and
    the shape of the goal: what it learns holds for any predicate).  ``record``: keep every rated position's features
    (self-play reads them, in the order of the search's expansions).
    ``exact``: rate in float64, rounded to float32 (self-play sets it, so
    that batching the searches changes no rating; ``_ratings``)."""

    neutral = False

    def __init__(self, net: GuideNet, vectors, store, clauses: dict[str, int],
                 batch: int = 256, device: str = "cpu", arguments: bool = True,
                 symbols: bool = True) -> None:
        self.net = net
        self.arguments = arguments
        self.symbols = symbols
        self.vectors = vectors
        self.store = store
        self.clauses = clauses
        self.batch = batch
        self.device = device
        self.record: list | None = None
        self.exact = False              # rate in float64 (self-play: batches change nothing)
        self._gen = None
        self._rows: dict = {}
        self._static: dict = {}         # id(clause) -> (head row, body rows, clause id, n)
        self._mats: dict = {}
        self._twin: GuideNet | None = None     # the float64 copy that rates (_rating_net)
        self._twin_key: tuple | None = None

    # -- vectors ---------------------------------------------------------------------
    def _refresh(self) -> None:
        space = self.vectors.space
        gen = (id(space), space.generation)
        if gen != self._gen:
            self._gen = gen
            self._rows, self._static = {}, {}
            zero = torch.zeros(1, space.dim)
            self._mats = {k: torch.cat([zero, space.vectors(k).detach().float().cpu()])
                          for k in ("predicate", "constant")}
        self._space = space

    def _row(self, atom, kind: str) -> int:
        """Row of ``atom`` in the padded matrix of ``kind`` (0: no vector, and
        every predicate when ``symbols`` is off)."""
        if kind == "predicate" and not self.symbols:
            return 0
        key = (atom, kind)
        r = self._rows.get(key)
        if r is None:
            sp = self._space
            r = self._rows[key] = sp.row(atom, kind) + 1 if sp.has(atom, kind) else 0
        return r

    def _clause_static(self, cand) -> tuple:
        cl = cand.clause
        key = cl if cl is not None else cand.key
        got = self._static.get(key)
        if got is None:
            head = self._row(cand.key[0], "predicate")
            body = [self._row(n, "predicate") for n in map(_name, _conjuncts(cand.body))
                    if n is not None]
            cid = self.clauses.get(clause_key(cl), 0) if cl is not None and self.symbols else 0
            got = self._static[key] = (head, body, cid)
        return got

    # -- features ----------------------------------------------------------------------
    def _support(self, cand) -> tuple[int, int, int, int]:
        return support(self.store, cand)

    def _open_rows(self, position) -> list[int]:
        """Predicate rows of the nearest open goals of user predicates (builtins
        such as a test on the answer have no vector and are not attended to)."""
        rows: list[int] = []
        for g in position.open_goals():
            k = _key(g)
            if k is not None and self.store.defined(k):
                rows.append(self._row(k[0], "predicate"))
                if len(rows) == MAX_OPEN:
                    break
        return rows

    def features(self, position, cands) -> Features:
        """The inputs for one position (bindings installed by the search)."""
        self._refresh()
        P, C = self._mats["predicate"], self._mats["constant"]
        g = deref(position.goal)
        gargs = [deref(a) for a in g.args] if type(g) is Struct else []
        arg_rows = [self._row(a, "constant") if self.arguments and type(a) is Atom else 0
                    for a in gargs] or [0]
        bound = [type(a) is not Var for a in gargs] or [False]
        unbound = (len(gargs) - sum(bound)) / len(gargs) if gargs else 0.0
        n = len(cands)
        heads, means, firsts, cids, nums = [], [], [], [], []
        for c in cands:
            head, body, cid = self._clause_static(c)
            heads.append(head)
            if body:
                means.append(P[body].mean(0))
                firsts.append(body[0])
            else:
                means.append(torch.zeros(P.shape[1]))
                firsts.append(0)
            cids.append(cid)
            facts, rules, deep, tried = self._support(c)
            nums.append([
                1.0 if c.body is TRUE else 0.0, 1.0 if c.matches else 0.0,
                float(c.score), len(body) / 4.0,
                1.0 if facts == 0 else 0.0, _squash(facts), _squash(rules),
                float(position.score), position.nsoft / 4.0, unbound,
                _squash(deep), deep / tried if tried else 0.0])
        opens = self._open_rows(position)
        return Features(
            goal=P[[self._row(_name(g), "predicate")]],
            args=C[arg_rows].unsqueeze(0),
            arg_bound=torch.tensor([bound]),
            arg_mask=torch.ones(1, len(arg_rows), dtype=torch.bool) if gargs
            else torch.zeros(1, 1, dtype=torch.bool),
            head=P[heads].unsqueeze(0), body_mean=torch.stack(means).unsqueeze(0),
            body_first=P[firsts].unsqueeze(0),
            clause_id=torch.tensor([cids]), numeric=torch.tensor([nums], dtype=torch.float32),
            open=P[opens or [0]].unsqueeze(0),
            open_mask=torch.tensor([[True] * len(opens) or [False]]),
            mask=torch.ones(1, n, dtype=torch.bool))

    def _rating_net(self) -> GuideNet:
        """The network in float64, for rating: copied again whenever a
        parameter of ``net`` has changed (training, ``load_state_dict``)."""
        net = self.net
        key = (id(net), tuple((p.data_ptr(), p._version) for p in net.parameters()))
        if key != self._twin_key:
            self._twin = copy.deepcopy(net).double().eval()
            self._twin_key = key
        return self._twin

    def _ratings(self, f: Features) -> tuple[list, list]:
        """``(priors, values)`` rows of a batch of positions' features in one
        forward pass.  With ``exact`` (self-play) in float64, rounded to
        float32 at the end, so that a position's rating does not depend on
        the others in the batch (in float32 the kernels' sums differ with
        the batch's shape in the last bit, and a lock-step search would
        break ties unlike a lone one)."""
        with torch.no_grad(), one_thread(self.device):
            if self.exact:
                logits, vlog = self._rating_net()(f.to(self.device, torch.float64))
            else:
                logits, vlog = self.net(f.to(self.device) if self.device != "cpu" else f)
            p = torch.softmax(logits, -1)
            priors = (p / p.max(-1, keepdim=True).values).float().clamp(min=1e-6)
            return priors.tolist(), torch.sigmoid(vlog).float().tolist()

    def rate(self, position, cands):
        f = self.features(position, cands)
        if self.record is not None:
            self.record.append(f)
        priors, values = self._ratings(f)          # the best sibling's prior is 1
        return priors[0], values[0]

    def prepare(self, position, cands) -> Features:
        """A position's features, to be rated with others by :meth:`rate_many`."""
        return self.features(position, cands)

    def rate_many(self, requests: list) -> list:
        """``(priors, values)`` of many positions' features (``prepare``) in
        one forward pass on the scorer's device, padded to the most
        candidates: with ``exact``, each position's the same as :meth:`rate`
        gives it (without, equal to the last bit)."""
        priors, values = self._ratings(Features.collate(requests))
        return [(priors[i][:n], values[i][:n])
                for i, n in enumerate(r.mask.shape[1] for r in requests)]
