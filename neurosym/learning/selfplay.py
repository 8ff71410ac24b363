"""Training the step scorer by self-play (expert iteration).

Each round searches every training query under the current scorer, with a
budget of expansions, and learns from what the searches found:

* a query is a goal with a known proof target, by default a fact of the
  knowledge base of a predicate that has rules, masked from its own proof
  (the search may not use the fact itself);
* on the first proof found, each step chosen at a choice is the policy's
  target among its siblings (cross-entropy over their logits), and its
  value target is 1; with ``alternatives`` the search goes on for that many
  expansions past the first proof, and the target is the proof found with
  the fewest steps (ties: the fewest candidates at its choices), so that a
  detour the search happened to take first is not what is learned;
* every other candidate rated in that search (siblings of proof steps, and
  the candidates of choices off the proof) has value target 0; of the
  choices off the proof, a seeded sample of ``off_proof`` per proof step is
  kept (a search that found no proof keeps ``off_proof`` of its choices,
  value targets 0 and no policy target), so a long failed search does not
  drown the few positions that were on a proof;
* after the searches, the network is trained on every example gathered so
  far (``epochs`` passes of Adam), and the next round's budget is
  ``budget * shrink ** round``;
* a last pass searches every query once more with the trained network and
  the last budget, and trains nothing: its row of the curve is what
  training bought.

The searches of a round run ``parallel`` queries at a time in lock step
(:func:`_searches`): the choices they wait on are rated in one forward
pass, and since in self-play a position's rating does not depend on its
batch (``LearnedScorer.exact``), each search is the one it makes alone.

Round 0 searches with the untrained network (priors nearly uniform, so the
search is close to best-first by score).  The curve records, per round,
the mean expansions to the first proof (the budget when none was found) and
the share of queries proved.  Everything is seeded: on CPU the same
knowledge base, queries and config give the same network.
"""

from __future__ import annotations

import math
import random
import time
from typing import Callable

import torch
from pydantic import BaseModel, ConfigDict, Field

from ..errors import ConfigError
from ..reasoning.config import SoftConfig
from ..reasoning.prover import scored_answers
from ..reasoning.search import Rating
from ..terms import COMMA, TRUE, Atom, Struct, Var, term_vars
from .guide_model import Features, GuideNet, LearnedScorer, clause_key, one_thread

__all__ = ["GuideConfig", "GuideRound", "GuideResult", "Query", "train_guide", "new_scorer",
           "training_queries"]


class GuideConfig(BaseModel):
    """Settings of ``kb.train_guide`` (``docs/guide.md``)."""

    model_config = ConfigDict(extra="forbid")

    rounds: int = Field(default=3, ge=1)
    budget: int = Field(default=2000, ge=1, description="expansions per query in round 0")
    shrink: float = Field(default=0.5, gt=0, le=1, description="budget factor per round")
    epochs: int = Field(default=30, ge=1)
    lr: float = Field(default=5e-3, gt=0)
    hidden: int = Field(default=64, ge=4)
    batch: int = Field(default=64, ge=1, description="positions per training step")
    queries: int = Field(default=200, ge=1, description="facts taken as queries (at most)")
    open: bool = Field(default=False, description="ask each sampled fact r(.., b) as the open "
                       "query r(.., X), X == b")
    arguments: bool | None = Field(default=None, description="read the goal's constants' "
                                   "vectors (None: if they were learned, not seeded)")
    symbols: bool = Field(default=True, description="read the predicates' and the "
                          "per-clause vectors (False: only the numeric features, which "
                          "hold for any predicate)")
    off_proof: int = Field(default=64, ge=0, description="positions off the proof kept per "
                           "proof step (value targets 0; a seeded sample)")
    alternatives: int = Field(default=0, ge=0, description="expansions searched on after "
                              "the first proof: the target is the proof found with the "
                              "fewest steps (ties: the least branching)")
    top_k: int | None = Field(default=None, ge=0, description="search each query as the "
                              "query top_k=k would, read to its end (0: every answer within "
                              "the budget): the proofs of all its answers are the targets; "
                              "with open, r(.., b) is asked r(.., X) without the test")
    mode: str = Field(default="guided", pattern="^(guided|soft|declared)$")
    max_depth: int | None = Field(default=None, ge=1, description="SoftConfig.max_depth")
    loop_check: bool = Field(default=False, description="SoftConfig.loop_check: self-play "
                             "drops a ground goal equal to an ancestor, as a test search "
                             "with the loop check does")
    parallel: int = Field(default=32, ge=1, description="training queries searched in lock "
                          "step, their choices rated in one forward pass (1: one query "
                          "after the other)")
    seed: int = 0
    device: str = "cpu"


class GuideRound(BaseModel):
    """One round of self-play: the curve of ``GuideResult.history``."""

    round: int
    budget: int
    queries: int
    proved: int
    mean_expansions: float     # to the first proof (the budget when none was found)
    loss: float
    seconds: float
    passes: int = 0            # the scorer's forward passes in the round's searches
    search_seconds: float = 0.0    # of ``seconds``: the searches and their examples


class GuideResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    config: GuideConfig
    history: list[GuideRound]
    scorer: LearnedScorer = Field(exclude=True)


class Query:
    """A training query: the parsed goal and the clauses it may not use."""

    __slots__ = ("goal", "varmap", "names", "exclude")

    def __init__(self, goal, varmap=None, names=(), exclude=()) -> None:
        self.goal, self.varmap, self.names = goal, dict(varmap or {}), list(names)
        self.exclude = tuple(exclude)


def training_queries(runner, store, texts=None, n: int = 200, seed: int = 0,
                     open: bool = False, test: bool = True) -> list[Query]:
    """The queries of self-play: ``texts`` parsed by ``runner`` (a ground
    goal that is a fact of ``store`` is masked from its own proof), or up to
    ``n`` facts (seeded sample) of the predicates that have both facts and
    rules, each masked from its own proof.  ``open``: a sampled fact
    ``r(a, b)`` is asked as ``r(a, X), X == b`` (its last argument free),
    so that the first proof the search finds must be of the right answer:
    what the guide learns then is to put that answer of an open query first.
    ``test`` False: ``open`` asks ``r(a, X)`` alone (``GuideConfig.top_k``:
    every answer of the open query is a target, as the soft top-k query
    reads them)."""
    out: list[Query] = []
    if texts is not None:
        if not isinstance(texts, (list, tuple)) or not all(isinstance(t, str) for t in texts):
            raise ConfigError("queries must be a list of goal texts, such as "
                              "['anc(tom, ann)']; the number of facts to sample is "
                              "config.queries")
        for text in texts:
            q = runner.parse(text, {})
            goal = q.goal
            mask = [cl for cl in store.candidates(goal) if cl.body is TRUE
                    and not term_vars(goal) and _same(cl.head, goal)] \
                if store.defined(_key(goal)) else []
            out.append(Query(goal, q.varmap, q.names, mask))
    else:
        facts = []
        for key in store.predicates():
            cls = store.clauses(key)
            if any(c.body is not TRUE for c in cls):
                facts.extend(c for c in cls if c.body is TRUE and not term_vars(c.head))
        random.Random(seed).shuffle(facts)
        out = []
        for c in facts[:n]:
            if open and type(c.head) is Struct:     # X named: distinct answers are told apart
                goal = _opened(c.head, test)
                x = (goal.args[0] if test else goal).args[-1]
                out.append(Query(goal, {"X": x}, ["X"], exclude=(c,)))
            else:
                out.append(Query(c.head, exclude=(c,)))
    if not out:
        ruled = [f"{k[0].name}/{k[1]}" for k in store.predicates()
                 if any(c.body is not TRUE for c in store.clauses(k))]
        which = f" (those with rules: {', '.join(ruled[:5])}{' ...' if len(ruled) > 5 else ''})" \
            if ruled else " (it has no rules)"
        raise ConfigError("no queries to train the step scorer on: self-play asks the facts "
                          "of the predicates that also have rules, and there are none"
                          f"{which}; add some such facts to the file, or give the goals: "
                          "kb.train_guide(queries=['p(a, b)', ...])")
    return out


def _opened(head, test: bool = True):
    """``r(a, b)`` as ``r(a, X), X == b`` (without ``test``: ``r(a, X)``; an
    atom stays as it is)."""
    if type(head) is not Struct:
        return head
    x = Var("X")
    goal = Struct(head.name, head.args[:-1] + (x,))
    return Struct(COMMA, (goal, Struct(_EQ, (x, head.args[-1])))) if test else goal


_EQ = Atom("==")


def _key(goal):
    return (goal.name, len(goal.args)) if hasattr(goal, "args") else (goal, 0)


def _same(a, b) -> bool:
    return str(a) == str(b)


def new_scorer(vectors, store, config: GuideConfig) -> LearnedScorer:
    """An untrained scorer over ``store``'s clauses (one learned vector each)."""
    torch.manual_seed(config.seed)
    keys: dict[str, int] = {}
    for key in store.predicates():
        for cl in store.clauses(key):
            if cl.body is not TRUE:
                keys.setdefault(clause_key(cl), len(keys) + 1)
    net = GuideNet(vectors.space.dim, config.hidden, len(keys) + 1)
    arguments = config.arguments
    if arguments is None:
        arguments = not vectors.space.untrained("constant")
    return LearnedScorer(net.to(config.device), vectors, store, keys, device=config.device,
                         arguments=arguments, symbols=config.symbols)


def _search(machine, vectors, scorer, q: Query, config: GuideConfig, budget: int):
    """One self-play search of ``q`` alone, the guide rating each choice as
    the search reaches it: ``(record, tags, used)``: every rated position's
    features, the first proof's tags (with ``alternatives``, the cheapest
    proof found) or None, expansions to the first proof.  It is
    :func:`_play` without lock step (that generator then never yields)."""
    gen = _play(machine, vectors, scorer, q, config, budget, lockstep=False)
    try:
        next(gen)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("a search without lock step yielded a rating")


def _branching(record: list, tags) -> float:
    """The log of the number of ways to the proof ``tags`` names: the sum,
    over its choices, of the log of the candidates there."""
    return sum(math.log(record[e - 1].mask.shape[1]) for e, _ in tags)


def _play(machine, vectors, scorer, q: Query, config: GuideConfig, budget: int,
          lockstep: bool = True):
    """A self-play search as a lock-step generator: it yields the features
    of each choice to rate (``LearnedScorer.prepare``), is sent back their
    ``(priors, values)``, and returns what :func:`_search` returns.
    Without ``lockstep`` the scorer rates (and records) each choice itself
    and the generator returns at once."""
    record: list = []
    if config.top_k is not None:
        top_k = config.top_k or None
    else:
        top_k = None if config.alternatives else 1
    answers = scored_answers(machine, vectors, q.goal, q.varmap, q.names, mode=config.mode,
                             config=SoftConfig(max_depth=config.max_depth,
                                               loop_check=config.loop_check),
                             scorer=scorer,
                             proof=False, top_k=top_k,
                             max_expansions=budget, exclude=q.exclude, lockstep=lockstep)
    search = answers.search
    if not lockstep:
        scorer.record = record
    try:
        if config.top_k is not None:        # every answer's proof, to the search's end
            found = []
            while (a := (yield from _next_answer(answers, record))) is not None:
                found.append(search.proof_tags(a))
            return record, (found or None), search.expansions
        first = yield from _next_answer(answers, record)
        used = search.expansions
        tags = search.proof_tags(first) if first is not None else None
        if tags is not None and config.alternatives:   # search on: the cheapest proof
            search.max_expansions = min(budget, used + config.alternatives)
            found = [tags]
            while (a := (yield from _next_answer(answers, record))) is not None:
                found.append(search.proof_tags(a))
            tags = min(found, key=lambda t: (len(t), _branching(record, t)))
    finally:
        answers.close()
        if not lockstep:
            scorer.record = None
    return record, (None if tags is None else [tags]), used


def _next_answer(answers, record: list):
    """The search's next answer (None at its end); a lock-step search's
    ratings' features are passed out (and kept in ``record``, in the order
    of its expansions)."""
    reply = None
    while True:
        try:
            a = answers.send(reply)
        except StopIteration:
            return None
        if type(a) is not Rating:
            return a
        record.append(a.request)
        reply = yield a.request


def _searches(machine, vectors, scorer, queries: list[Query], config: GuideConfig,
              budget: int, counts: dict | None = None):
    """``(record, tags, used)`` of each query's search, in the queries'
    order: with ``parallel`` 1 one search after the other
    (:func:`_search`), else up to ``parallel`` searches advanced in lock
    step, the choices that all of them wait on rated in one forward pass
    (``LearnedScorer.rate_many``); a finished search makes room for the
    next query.  The searches are the same either way.  ``counts``: adds
    the forward passes (``"passes"``) and the positions rated
    (``"positions"``)."""
    if counts is None:
        counts = {}
    counts.setdefault("passes", 0)
    counts.setdefault("positions", 0)
    if config.parallel == 1:
        for q in queries:
            got = _search(machine, vectors, scorer, q, config, budget)
            counts["passes"] += len(got[0])
            counts["positions"] += len(got[0])
            yield got
        return
    done: dict[int, tuple] = {}
    live: list[list] = []                  # [query index, generator, its request]
    todo = iter(range(len(queries)))
    given = 0

    def start() -> None:
        for i in todo:
            gen = _play(machine, vectors, scorer, queries[i], config, budget)
            try:
                live.append([i, gen, next(gen)])
            except StopIteration as stop:
                done[i] = stop.value
                continue
            if len(live) >= config.parallel:
                return

    start()
    while live or given < len(queries):
        if live:
            ratings = scorer.rate_many([x[2] for x in live])
            counts["passes"] += 1
            counts["positions"] += len(live)
            still = []
            for x, rated in zip(live, ratings, strict=True):
                try:
                    x[2] = x[1].send(rated)
                    still.append(x)
                except StopIteration as stop:
                    done[x[0]] = stop.value
            live[:] = still
            start()
        while given in done:              # in order, as soon as the prefix is done
            yield done.pop(given)
            given += 1


def _examples(record: list, proofs, keep: int, rng: random.Random) -> list:
    """(features, policy target or -1, value targets) of the rated positions
    on the proofs (``proofs``: each proof's tags, the best first; None: no
    proof), and of a seeded sample of at most ``keep`` per proof step
    (``keep`` for a search with no proof) of those off them.  At a position
    that several proofs pass, every step on one has value target 1, and the
    policy's target is the first proof's step."""
    on: dict = {}
    for tags in proofs or ():
        for e, j in tags:
            on.setdefault(e, []).append(j)
    off = [i for i in range(1, len(record) + 1) if i not in on]
    room = keep * max(len(on), 1)
    if len(off) > room:
        off = sorted(rng.sample(off, room))
    out = []
    for i in sorted(list(on) + off):
        f = record[i - 1]
        n = f.mask.shape[1]
        js = on.get(i, ())
        v = torch.zeros(1, n)
        for j in js:
            v[0, j] = 1.0
        out.append((f, js[0] if js else -1, v))
    return out


def _fit(net: GuideNet, examples: list, config: GuideConfig, rng: random.Random) -> float:
    opt = torch.optim.Adam(net.parameters(), lr=config.lr)
    bce = torch.nn.BCEWithLogitsLoss(reduction="none")
    last = 0.0
    net.train()
    for _ in range(config.epochs):
        order = list(range(len(examples)))
        rng.shuffle(order)
        total = 0.0
        for s in range(0, len(order), config.batch):
            chunk = [examples[i] for i in order[s:s + config.batch]]
            f = Features.collate([c[0] for c in chunk]).to(config.device)
            targets = torch.tensor([c[1] for c in chunk], device=config.device)
            vt = _pad([c[2] for c in chunk], f.mask.shape[1]).to(config.device)
            logits, vlog = net(f)
            has = targets >= 0
            loss = (bce(vlog, vt) * f.mask).sum() / f.mask.sum()
            if has.any():
                loss = loss + torch.nn.functional.cross_entropy(logits[has], targets[has])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(chunk)
        last = total / max(len(examples), 1)
    net.eval()
    return last


def _pad(rows: list, n: int) -> torch.Tensor:
    return torch.cat([torch.cat([r, torch.zeros(1, n - r.shape[1])], 1) for r in rows])


def train_guide(machine, vectors, queries: list[Query], config: GuideConfig | None = None,
                scorer: LearnedScorer | None = None,
                progress: Callable[[GuideRound], None] | None = None) -> GuideResult:
    """Train a step scorer on ``queries`` by self-play (module docstring);
    ``scorer``: go on training this one (else a new one over the store)."""
    config = config or GuideConfig()
    rng = random.Random(config.seed)
    torch.manual_seed(config.seed)
    if scorer is None:
        scorer = new_scorer(vectors, machine.store, config)
    exact, scorer.exact = scorer.exact, True      # ratings that no batch changes
    try:
        history = _rounds(machine, vectors, queries, config, scorer, rng, progress)
    finally:
        scorer.exact = exact
    return GuideResult(config=config, history=history, scorer=scorer)


def _rounds(machine, vectors, queries, config: GuideConfig, scorer: LearnedScorer,
            rng: random.Random, progress) -> list[GuideRound]:
    examples: list = []
    history: list[GuideRound] = []
    for r in range(config.rounds + 1):         # the last pass measures, trains nothing
        t0 = time.monotonic()
        budget = max(1, int(round(config.budget * config.shrink ** min(r, config.rounds - 1))))
        proved, spent, counts = 0, 0, {}
        for record, tags, used in _searches(machine, vectors, scorer, queries, config, budget,
                                            counts):
            if tags is not None:
                proved += 1
                spent += used
            else:
                spent += budget
            if r < config.rounds:
                examples.extend(_examples(record, tags, config.off_proof, rng))
        searched = time.monotonic() - t0
        loss = 0.0
        if r < config.rounds and examples:
            with one_thread(config.device):
                loss = _fit(scorer.net, examples, config, rng)
        row = GuideRound(round=r, budget=budget, queries=len(queries), proved=proved,
                         mean_expansions=spent / max(len(queries), 1), loss=loss,
                         seconds=time.monotonic() - t0, passes=counts["passes"],
                         search_seconds=searched)
        history.append(row)
        if progress is not None:
            progress(row)
    return history
