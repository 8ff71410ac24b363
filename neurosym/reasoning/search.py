"""The scored inference loop: best-first search over partial proofs.

A *partial proof* (``_State``) is a score, the goals still to prove (a
linked list of ``(goal, depth, parent step, next)`` cells), the bindings
made on its path (a linked list of ``(var, value)`` batches) and the steps
taken (a linked list of step records).  States share structure; nothing is
copied per step except the new batch.  To work on a state the loop
*installs* its bindings (sets ``var.ref``), works, and uninstalls them, so
any number of partial proofs live side by side over the same variables.

Three kinds of node wait in the frontier (a heap; no Python recursion):

* a state: its first goals are taken apart (``true``, ``,``, ``;``) until
  a goal needs a choice;
* a choice (a user predicate's goal): each time it is popped it yields its
  next candidate step (``resolve.Resolver``) as a child state and goes
  back into the frontier;
* a delegated goal: a builtin, a control construct, a library, tabled or
  cutting predicate, or a goal with a cut, run by the exact machine
  (``Machine.run``); each solution is a child state (an exact step).

The frontier is ordered by ``score * policy * value`` (``policy``: the
product of the priors along the path; the step scorer's
rating, ``guide.py``; 1 for the neutral scorer), then by the node's *path*
(its sibling indices from the root), so that with equal scores the search
is Prolog's depth-first, clause-order search, and equal-score answers come
in Prolog's order (``mode="guided"``: in the order they are found).  With
``SoftConfig.explore`` > 0 a state's priority is also discounted by how much
more its branch was expanded than an open sibling (``_discount``: PUCT-style
exploration), and re-rated when it reaches the top.  A node's score is an
upper bound of the score of every proof below it (``mult`` never raises a
score), so an answer is given out once no open node can beat it: answers
come in non-increasing score, whatever the hook says, and ``top_k`` stops
with the exact best ``k``; under a guide that leads it past the ``k``-th
answer, a node is dropped unexpanded once ``k`` answers rank before it
(``_tighten``).  An answer found again by another proof is
dropped (its first proof is its best: the answer's score is the max over
its proofs), except in ``mode="guided"``, where every proof is an answer, as
in Prolog.
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from typing import Callable, Iterator

from ..engine.query import clause_source, clause_text, proof_names, proof_steps
from ..engine.unify import resolve_term, variant_key
from ..errors import NeurosymError, ResourceError
from ..proof import Answer, Match, Proof, Step
from ..terms import TRUE, Atom, Struct, Var, deref, is_ground, resolve
from ..terms.printer import format_term
from .guide import Position, StepScorer, as_step_scorer
from .resolve import Cand, Resolver, has_cut, reaches_constraints

__all__ = ["ScoredSearch", "ScoredAnswers", "Candidate", "Scorer", "Rating"]

Candidate = Cand
Scorer = Callable[[Cand], float]

_COMMA, _SEMI, _ARROW, _SOFTARROW = Atom(","), Atom(";"), Atom("->"), Atom("*->")
_ANSWER = Atom("$answer")
_PAUSED = object()          # run() out of its node budget (ScoredAnswers.more)


class Rating:
    """What a ``lockstep`` search's :meth:`ScoredSearch.run` yields when a
    choice needs rating: the guide's ``request`` (``StepScorer.prepare``);
    the driver sends back ``(priors, values)`` (``StepScorer.rate_many``)."""

    __slots__ = ("request",)

    def __init__(self, request) -> None:
        self.request = request


class _State:
    __slots__ = ("score", "binds", "cont", "steps", "path", "nsoft", "policy", "edge")

    def __init__(self, score, binds, cont, steps, path, nsoft=0, policy=1.0,
                 edge=None) -> None:
        self.score, self.binds, self.cont, self.steps = score, binds, cont, steps
        self.path = path          # sibling indices from the root: ties go in Prolog's order
        self.nsoft = nsoft        # soft steps taken
        self.policy = policy      # the product of the priors of the steps taken
        self.edge = edge          # its _Edge (SoftConfig.explore > 0), else None


class _Edge:
    """A step that a choice made, with ``SoftConfig.explore`` on (the root's
    edge has ``up`` None): ``visits``, the choices expanded below it;
    ``open``, the frontier nodes waiting below it; ``kids``, the edges of
    the steps made below it by the choice(s) of the state it led to."""

    __slots__ = ("up", "visits", "open", "kids")

    def __init__(self, up) -> None:
        self.up = up
        self.visits = 0
        self.open = 0
        self.kids: list = []


class _Choice:
    __slots__ = ("parent", "goal", "depth", "psid", "nxt", "it", "i", "done")

    def __init__(self, parent, goal, depth, psid, nxt, it) -> None:
        self.parent, self.goal, self.depth, self.psid, self.nxt, self.it = \
            parent, goal, depth, psid, nxt, it
        self.i = 0                # index of the next candidate
        self.done = False         # its candidates are used up

    @property
    def path(self) -> tuple:
        return self.parent.path + (self.i,)


class _Delegate:
    __slots__ = ("parent", "goal", "depth", "psid", "nxt", "gen", "batch", "i")

    def __init__(self, parent, goal, depth, psid, nxt) -> None:
        self.parent, self.goal, self.depth, self.psid, self.nxt = parent, goal, depth, psid, nxt
        self.gen = None
        self.batch: tuple = ()
        self.i = 0

    @property
    def path(self) -> tuple:
        return self.parent.path + (self.i,)


def _loops(goal, psid, steps) -> bool:
    """Whether ``goal`` (bindings installed) is ground and equal to one of its
    ancestors: the goals of the steps that led to it (``psid``, the step
    whose body it is from, then that step's parent ...), found in
    ``steps`` (the path's step records, newest first)."""
    if psid < 0 or not is_ground(goal):
        return False
    key = None
    while steps is not None and psid >= 0:
        rec = steps[0]
        steps = steps[1]
        if rec[0] != psid:
            continue
        if key is None:
            key = variant_key(goal)
        if variant_key(rec[2]) == key:
            return True
        psid = rec[1]
    return False


def _install(binds) -> None:
    while binds is not None:
        for v, val in binds[0]:
            v.ref = val
        binds = binds[1]


def _uninstall(binds) -> None:
    while binds is not None:
        for v, _ in binds[0]:
            v.ref = None
        binds = binds[1]


class ScoredSearch:
    """One scored query over a knowledge base (see the module docstring).

    ``mode``: ``"exact"`` (no soft steps), ``"soft"`` (every user predicate
    may soft-unify) or ``"declared"`` (only predicates declared ``:- soft``).
    ``scoring``: a :class:`~neurosym.reasoning.scoring.Scoring`; ``config``: a
    ``SoftConfig``; ``scorer``: the hook, ``scorer(candidate) -> float``
    (an estimate in ``(0, 1]``), or ``None``; ``limits``: ``Limits``.

    ``lockstep``: :meth:`run` does not call the guide's ``rate``: at each
    choice to rate it yields a :class:`Rating` (the guide's ``prepare`` of
    the position, made with the bindings installed) and waits, with nothing
    installed, for ``(priors, values)`` sent back, so that a driver can
    advance many searches in turn and rate all their choices in one call of
    ``rate_many`` (self-play, ``learning/selfplay.py``).  Searches that
    take turns must have no ``limits`` (the machine's inference count and
    deadline are per query).  The ratings being the same, the search is the
    same as without ``lockstep``.
    """

    def __init__(self, machine, vectors, goal, varmap: dict, names: list, *, mode: str,
                 scoring, config, scorer: StepScorer | Scorer | None = None,
                 proof: bool = False, limits=None, top_k: int | None = None,
                 distinct: bool = True, prune: float | None = None,
                 max_expansions: int | None = None, exclude=(),
                 lockstep: bool = False) -> None:
        self.m = machine
        self.goal = goal
        self.varmap = varmap
        self.names = names
        self.scoring = scoring
        self.guide = as_step_scorer(scorer)
        self._rated = not self.guide.neutral      # the guide rates the choices
        self._explore = float(getattr(config, "explore", 0.0) or 0.0)   # SoftConfig.explore
        self._ordered = self._rated or self._explore > 0   # priorities differ from scores
        self.distinct = distinct    # drop an answer found again (guided: one per proof)
        self.prolog_ties = distinct  # equal scores in Prolog's order (guided: the guide's)
        self.prune = prune          # drop children whose value is below this
        self.expansions = 0         # choices expanded (what a guide saves)
        self.steps = 0              # candidate steps drawn (children made)
        self.max_expansions = max_expansions   # the search ends past this many
        self.truncated = False      # it ended at max_expansions
        self._tags: dict = {}       # id(answer) -> ((expansion, sibling), ...) of its proof
        self.proof = proof
        self.limits = limits
        self.top_k = top_k
        self.resolver = Resolver(machine, vectors, scoring, mode, config, proof, exclude)
        self._max_soft = config.max_soft
        self._prune_depth = config.max_depth if config.max_depth is not None else 1 << 62
        self._loop_check = config.loop_check
        self.trail: list = []
        self._seq = itertools.count()
        self._sid = itertools.count()
        self._frontier: list = []       # [-priority, path, seq, node, alive, score]
        self._bounds: list = []         # (-score, path, seq, entry): the best open node
        self._pending: list = []        # (-score, path, seq, answer, key)
        # top_k under a non-neutral guide: the best (-score, path) pending per answer not
        # yet given, and the k-th best of them: no node past it can reach the top k
        self._best: dict = {}
        self._cut: tuple | None = None
        self._given = 0
        self._seen: set = set()
        self._ended = False             # run() has returned, or top_k answers were given
        self.budget: int | None = None  # nodes to expand before run() yields _PAUSED
        self.lockstep = lockstep        # run() yields a Rating per rated choice

    @property
    def exhausted(self) -> bool:
        """No answer can follow the ones given: the search has ended, or
        nothing is left open (what is pending may still be an answer given
        before, so ``False`` means "maybe more", as a Prolog choicepoint)."""
        return self._ended or (not self._frontier and not self._pending)

    # -- the frontier --------------------------------------------------------------
    def _push(self, node, score: float, priority: float | None = None,
              base: float | None = None) -> None:
        seq = next(self._seq)
        path = node.path
        entry = [-(score if priority is None else priority), path, seq, node, True, score]
        if self._explore:
            entry.append(base)        # the priority before the exploration discount
            e = node.edge if type(node) is _State else node.parent.edge
            while e is not None:
                e.open += 1
                e = e.up
        heapq.heappush(self._frontier, entry)
        if self._ordered:
            heapq.heappush(self._bounds, (-score, path, seq, entry))

    def _discount(self, e) -> float:
        """The exploration factor of a node below edge ``e`` (``SoftConfig.explore``
        = c): the product, over the edges from ``e`` up to the root, of
        ``(1 + c sqrt(N) / (1 + n)) / (1 + c sqrt(N) / (1 + n_min))`` -- ``N``
        the visits of the edge's parent, ``n`` the edge's, ``n_min`` the
        fewest of the parent's open edges.  That is PUCT's ``c x prior x
        sqrt(N) / (1 + n)`` made relative to the least visited open sibling:
        1 for that sibling (and for a step without one), below 1 for a branch
        that has had more expansions.  It falls as the branch is expanded and
        rises when its less visited siblings close; a waiting node is re-rated
        only when it reaches the top of the frontier (lazily: a node whose
        factor rose meanwhile waits longer than it would need to)."""
        c = self._explore
        f = 1.0
        while e.up is not None:
            u = e.up
            n = e.visits
            if n:
                lo = n
                for k in u.kids:
                    if k.open and k.visits < lo:
                        lo = k.visits
                        if not lo:
                            break
                if lo < n:
                    s = c * math.sqrt(u.visits)
                    f *= (1.0 + s / (1 + n)) / (1.0 + s / (1 + lo))
            e = u
        return f

    def _close(self, node) -> None:
        """``node`` leaves the frontier: one open node less below its edges."""
        e = node.edge if type(node) is _State else node.parent.edge
        while e is not None:
            e.open -= 1
            e = e.up

    def _bound(self):
        """``(-score, path)`` of the best open node (None if none): no answer
        below it can beat that score, nor tie it earlier in Prolog's order."""
        if not self._ordered:
            return tuple(self._frontier[0][:2]) if self._frontier else None
        b = self._bounds
        while b and not b[0][3][4]:
            heapq.heappop(b)
        return b[0][:2] if b else None

    # -- limits ---------------------------------------------------------------------
    def _tick(self) -> None:
        m = self.m
        m.inferences += 1
        if m.inferences > m.max_inferences:
            raise ResourceError.new("inferences")
        if m.deadline is not None and (m.inferences & 63) == 0 and time.monotonic() > m.deadline:
            raise ResourceError.new("time")

    # -- the loop -------------------------------------------------------------------------
    def run(self) -> Iterator[Answer]:
        m = self.m
        m.set_limits(self.limits)
        m.proof = self.proof
        self._maxdepth = m.max_depth
        max_answers = self.limits.answers if self.limits is not None else None
        if self.top_k == 0:
            self._ended = True
            return
        goal = self.goal
        whole = has_cut(goal) or reaches_constraints(goal, self.m.store)
        root_goal = ("$delegate", goal) if whole else goal
        self._push(_State(self.scoring.one, None, (root_goal, 0, -1, None), None, (),
                          edge=_Edge(None) if self._explore else None),
                   self.scoring.one)
        seen: set = self._seen
        given = 0
        # answers by key with the add of their proofs' scores (best proof kept)
        collected: dict | None = {} if self.scoring.over_proofs else None
        try:
            while True:
                frontier = self._frontier
                # (truncated: max_expansions spent; the frontier was dropped, and this
                # loop must not go on popping the list it had)
                while frontier and not self.truncated and not self._pending_ready():
                    entry = heapq.heappop(frontier)
                    entry[4] = False
                    cut = self._cut
                    if cut is not None and (-entry[5], entry[1]) > cut:
                        continue                # nothing below it can reach the top k
                    node = entry[3]
                    if self._explore:                 # SoftConfig.explore
                        self._close(node)
                        base = entry[6]
                        if base is not None:
                            # expansions since it was pushed may have lowered its priority:
                            # lazily, it goes back if another node now comes first
                            prio = base * self._discount(node.edge)
                            if prio < -entry[0] and frontier \
                                    and (-prio, entry[1]) > (frontier[0][0], frontier[0][1]):
                                self._push(node, entry[5], prio, base)
                                continue
                    tn = type(node)
                    if tn is _State:
                        self._advance(node)
                    elif tn is _Choice:
                        if self.lockstep:
                            yield from self._choose_lockstep(node, entry[5])
                        else:
                            self._choose(node, entry[5])
                    else:
                        self._delegate(node, entry[5])
                    if self.budget is not None:       # ScoredAnswers.more: a bounded look
                        self.budget -= 1
                        if self.budget <= 0:
                            self.budget = None
                            yield _PAUSED
                if not self._pending:
                    self._ended = True
                    if collected is None:
                        return
                    ranked = sorted(collected.values(), key=lambda e: -e[1])  # stable: ties
                    collected = None                                   # in proof order
                    for best, score in ranked:
                        answer = best.model_copy(update={"score": score})
                        if max_answers is not None and given >= max_answers:
                            raise ResourceError.new("answers")
                        given += 1
                        yield answer
                        if self.top_k is not None and given >= self.top_k:
                            return
                    return
                _, _, _, answer, key = heapq.heappop(self._pending)
                if collected is not None:      # noisy-or: every proof counts
                    got = collected.get(key)
                    collected[key] = ((answer, answer.score) if got is None
                                      else (got[0], self.scoring.add(got[1], answer.score)))
                    continue
                if self.distinct:
                    if key in seen:
                        continue
                    seen.add(key)
                if max_answers is not None and given >= max_answers:
                    raise ResourceError.new("answers")
                given += 1
                self._given = given
                self._best.pop(key if self.distinct else id(answer), None)
                if self.top_k is not None and given >= self.top_k:
                    self._ended = True
                    yield answer
                    return
                yield answer
        finally:
            for entry in self._frontier:
                node = entry[3]
                if type(node) is _Delegate and node.gen is not None:
                    node.gen.close()
            self._frontier = []
            m.max_depth = self._maxdepth

    def proof_tags(self, answer: Answer) -> tuple:
        """``(expansion, sibling index)`` of each step of ``answer``'s proof
        that a choice made (the expansion counts from 1, in the order the
        guide rated them): what self-play trains the guide on."""
        return self._tags.get(id(answer), ())

    def answers(self) -> "ScoredAnswers":
        """:meth:`run` as an iterator that can also say whether it is exhausted."""
        return ScoredAnswers(self)

    def _pending_ready(self) -> bool:
        p = self._pending
        if not p:
            return False
        b = self._bound()
        if b is None:
            return True
        return p[0][:2] < b if self.prolog_ties else p[0][0] <= b[0]

    # -- expanding nodes ----------------------------------------------------------------
    def _advance(self, st: _State) -> None:
        """Take the state's first goals apart until one needs a choice."""
        cont = st.cont
        _install(st.binds)
        try:
            while True:
                if cont is None:
                    self._complete(st)
                    return
                goal, depth, psid, nxt = cont
                if type(goal) is tuple:                  # ("$delegate", goal)
                    self._push(_Delegate(st, goal[1], depth, psid, nxt), st.score)
                    return
                g = deref(goal)
                if g is TRUE:
                    cont = nxt
                    continue
                if type(g) is Struct and len(g.args) == 2:
                    if g.name is _COMMA:
                        cont = (g.args[0], depth, psid, (g.args[1], depth, psid, nxt))
                        continue
                    if g.name is _SEMI:
                        left = deref(g.args[0])
                        if not (type(left) is Struct and len(left.args) == 2
                                and (left.name is _ARROW or left.name is _SOFTARROW)):
                            self._tick()
                            # right first: the left branch is newer, so it is tried first
                            for i, branch in enumerate((left, g.args[1])):
                                self._push(_State(st.score, st.binds, (branch, depth, psid, nxt),
                                                  st.steps, st.path + (i,), st.nsoft, st.policy,
                                                  st.edge),
                                           st.score)
                            return
                if type(g) is Struct:
                    key = (g.name, len(g.args))
                elif type(g) is Atom:
                    key = (g, 0)
                else:
                    key = None
                r = self.resolver
                if key is not None and (r.resolvable(key) or r.soft_only(key)):
                    if depth >= self._prune_depth:      # SoftConfig.max_depth: drop
                        return
                    if self._loop_check and _loops(g, psid, st.steps):   # SoftConfig.loop_check
                        return
                    if depth >= self._maxdepth:
                        raise ResourceError.new("depth")
                    self._tick()
                    st2 = _State(st.score, st.binds, None, st.steps, st.path, st.nsoft, st.policy,
                                 st.edge)
                    soft = self._max_soft is None or st.nsoft < self._max_soft
                    self._push(_Choice(st2, g, depth, psid, nxt,
                                       r.candidates(g, self.trail, soft)), st.score)
                    return
                self._push(_Delegate(st, g, depth, psid, nxt), st.score)
                return
        finally:
            _uninstall(st.binds)

    def _choose(self, ch: _Choice, bound: float) -> None:
        """The choice's next candidates (``guide.batch`` of them) become child
        states, rated by the guide."""
        drawn = self._draw(ch, False)
        if drawn is not None:
            cands, rated = drawn
            self._spawn(ch, bound, cands, *(rated or (None, None)))

    def _choose_lockstep(self, ch: _Choice, bound: float):
        """:meth:`_choose` in a ``lockstep`` search: the guide's request is
        yielded as a :class:`Rating` (nothing installed) and its ``(priors,
        values)`` are sent back."""
        drawn = self._draw(ch, True)
        if drawn is not None:
            cands, request = drawn
            priors = values = None
            if request is not None:
                priors, values = yield Rating(request)
            self._spawn(ch, bound, cands, priors, values)

    def _draw(self, ch: _Choice, lockstep: bool):
        """Draw the choice's next candidates: ``(cands, rating)`` or None
        (none left, or the budget of expansions is spent).  ``rating``: the
        guide's ``(priors, values)``, or with ``lockstep`` its request
        (``StepScorer.prepare``), None for a neutral guide; either is made
        with the bindings installed, and nothing is installed on return."""
        parent = ch.parent
        scoring = self.scoring
        guide = self.guide
        cands: list = []
        rated = None
        _install(parent.binds)
        try:
            for _ in range(guide.batch):
                self._tick()
                cand = next(ch.it, None)
                if cand is None:
                    ch.done = True
                    break
                cand.score = scoring.combine(cand.parts)
                cand.depth = ch.depth
                cands.append(cand)
            self.steps += len(cands)
            if not cands:
                return None
            self.expansions += 1
            e = parent.edge                       # SoftConfig.explore: visits below
            while e is not None:
                e.visits += 1
                e = e.up
            if self.max_expansions is not None and self.expansions > self.max_expansions:
                self.truncated = True
                self._frontier = []
                self._bounds = []
                return None
            if self._rated:
                pos = Position(ch.goal, ch.nxt, ch.depth, parent.score, parent.nsoft,
                               parent.path)
                rated = guide.prepare(pos, cands) if lockstep else guide.rate(pos, cands)
        finally:
            _uninstall(parent.binds)
        return cands, rated

    def _spawn(self, ch: _Choice, bound: float, cands: list, priors, values) -> None:
        """The drawn candidates become child states (``priors``, ``values``:
        the guide's rating of them; None for a neutral guide)."""
        parent = ch.parent
        scoring = self.scoring
        first = ch.i
        ch.i += len(cands)
        # SoftConfig.explore: a new step has no visits, so its children's factor is its
        # parent's edge's, the same for every sibling
        disc = self._discount(parent.edge) if self._explore else 1.0
        if not ch.done:
            self._push(ch, bound)                 # after the children in Prolog's order
        for j, cand in enumerate(cands):
            step = cand.score
            if step <= 0:
                continue
            prior = value = None
            policy = parent.policy
            # a step that ends the proof (soft modes): kept and taken first, as it costs
            # no expansion and the answers' order among equal scores is Prolog's anyway
            done = self.distinct and cand.body is TRUE and ch.nxt is None
            if self._rated:
                prior, value = float(priors[j]), float(values[j])
                if self.prune is not None and value < self.prune and not done:
                    continue
                policy *= prior              # the path's priors: a detour costs all below it
                est = 1.0 if done else policy * value
            score = scoring.mult(parent.score, step)
            sid = next(self._sid)
            kind = "soft" if cand.matches else "clause"
            rec = (sid, ch.psid, ch.goal, kind, cand.clause, cand.matches, step, cand.names,
                   prior, value, (self.expansions, j))
            binds = (cand.batch, parent.binds) if cand.batch else parent.binds
            cont = ch.nxt if cand.body is TRUE else (cand.body, ch.depth + 1, sid, ch.nxt)
            edge = None
            if self._explore:
                edge = _Edge(parent.edge)
                parent.edge.kids.append(edge)
            child = _State(score, binds, cont, (rec, parent.steps), parent.path + (first + j,),
                           parent.nsoft + (1 if cand.matches else 0), policy, edge)
            if edge is not None and not done:   # SoftConfig.explore: discounted
                base = score * est if self._rated else score
                self._push(child, score, base * disc, base)
            else:
                self._push(child, score, score * est if self._rated else None)

    def _delegate(self, d: _Delegate, bound: float) -> None:
        """The exact machine's next solution of the goal becomes a child state."""
        parent = d.parent
        m = self.m
        _install(parent.binds)
        for v, val in d.batch:
            v.ref = val
        try:
            self._tick()
            if d.gen is None:
                m.max_depth = max(self._maxdepth - d.depth, 1) \
                    if self._maxdepth < (1 << 62) else self._maxdepth
                d.gen = m.run(d.goal)
            try:
                next(d.gen)
            except StopIteration:
                d.gen = None
                return
            trail = m.trail
            d.batch = tuple((v, v.ref) for v in trail)
            sub = proof_steps(m) if self.proof else None
        finally:
            m.max_depth = self._maxdepth
            for v, _ in d.batch:
                v.ref = None
            _uninstall(parent.binds)
        path = d.path
        d.i += 1
        self._push(d, bound)
        steps = parent.steps
        if sub:
            steps = ((None, d.psid, None, "sub", None, (), 1.0, sub, None, None, None), steps)
        binds = (d.batch, parent.binds) if d.batch else parent.binds
        self._push(_State(parent.score, binds, d.nxt, steps, path, parent.nsoft, parent.policy,
                          parent.edge),
                   parent.score)

    def _complete(self, st: _State) -> None:
        """A finished proof (bindings installed): an answer, pending until no
        open node can beat it."""
        bindings = {k: resolve_term(self.varmap[k]) for k in self.names}
        key = variant_key(Struct(_ANSWER, tuple(bindings.values()))) if bindings else ()
        pr = self._proof(st.steps) if self.proof else None
        ans = Answer(bindings=bindings, score=st.score, proof=pr)
        tags, steps = [], st.steps
        while steps is not None:
            if steps[0][10] is not None:
                tags.append(steps[0][10])
            steps = steps[1]
        self._tags[id(ans)] = tuple(reversed(tags))
        rank = (-st.score, st.path)
        heapq.heappush(self._pending, rank + (next(self._seq), ans, key))
        if self.top_k is not None and self._ordered and not self.scoring.over_proofs:
            self._tighten(key if self.distinct else id(ans), rank)

    def _tighten(self, key, rank: tuple) -> None:
        """A top-k search under a guide found an answer at ``rank`` (``(-score,
        path)``): when ``k`` answers (distinct ones unless ``mode="guided"``),
        given or pending, rank before a node, nothing below that node can
        reach the top k (its proofs score no more, and tie later in the
        order of paths), so the loop drops it unexpanded.  The neutral
        scorer never reaches such a node before the k-th answer is given."""
        if self.distinct and key in self._seen:
            return
        best = self._best
        got = best.get(key)
        if got is not None and got <= rank:
            return
        best[key] = rank
        need = self.top_k - self._given
        if 0 < need <= len(best):
            self._cut = heapq.nsmallest(need, best.values())[-1]

    # -- proofs ---------------------------------------------------------------------------
    def _proof(self, steps) -> Proof:
        recs = []
        while steps is not None:
            recs.append(steps[0])
            steps = steps[1]
        recs.reverse()
        made: dict = {}
        roots: list[Step] = []
        names = proof_names(self.varmap, self.names)
        for sid, psid, goal, kind, clause, matches, score, sub, prior, value, _ in recs:
            if kind == "sub":
                news = sub
            else:
                text, src = (None, None)
                if clause is not None:
                    text, src = clause_text(clause), clause_source(clause)
                binds = {}
                for name, v in sub or ():
                    val = resolve(v)
                    if type(val) is not Var:
                        binds[name] = format_term(val, quoted=True, var_names=names)
                st = Step(goal=format_term(resolve(goal), quoted=True, var_names=names), kind=kind, clause=text,
                          source=src, score=score, bindings=binds, prior=prior, value=value,
                          matches=[Match(this=x.this.name, other=x.other.name, kind=x.kind,
                                         score=x.score) for x in matches])
                made[sid] = st
                news = [st]
            parent = made.get(psid)
            (parent.children if parent is not None else roots).extend(news)
        return Proof(steps=roots)


class ScoredAnswers:
    """The answers of one scored query, best first (an iterator, as
    ``kb.query`` returns).  :meth:`more` looks ahead a bounded number of
    search steps to say whether another answer follows, so the REPL can end
    an answer with ``.`` when none can, and still show each answer at once
    when the search for the next would be long."""

    __slots__ = ("_search", "_gen", "_next", "_error")

    def __init__(self, search: ScoredSearch) -> None:
        self._search = search
        self._gen = search.run()
        self._next: Answer | None = None          # found by more(), not yet given
        self._error: BaseException | None = None  # raised while looking ahead

    def __iter__(self) -> "ScoredAnswers":
        return self

    def __next__(self) -> Answer:
        if self._next is not None:
            a, self._next = self._next, None
            return a
        if self._error is not None:
            e, self._error = self._error, None
            raise e
        while True:
            a = next(self._gen)
            if a is not _PAUSED:
                return a

    def close(self) -> None:
        self._gen.close()

    def send(self, reply):
        """Advance a ``lockstep`` search with ``reply`` (the ``(priors,
        values)`` of the last :class:`Rating` it yielded; None to start):
        its next answer or :class:`Rating` (``StopIteration`` at the end)."""
        return self._gen.send(reply)

    @property
    def expansions(self) -> int:
        """How many choices the search has expanded so far."""
        return self._search.expansions

    @property
    def steps(self) -> int:
        """How many candidate steps the search has drawn so far (the children
        it made: a scorer that rates a whole choice at once draws them all)."""
        return self._search.steps

    @property
    def truncated(self) -> bool:
        """The search ended at its budget of expansions (``max_expansions``):
        answers it did not reach may exist."""
        return self._search.truncated

    @property
    def search(self) -> ScoredSearch:
        return self._search

    @property
    def coverage(self):
        """How many symbols of the knowledge base's space have real vectors
        (``neurosym.bridge.VectorCoverage``; builds the space): only they take
        part in soft matches."""
        return self._search.resolver.space().coverage()

    def more(self, budget: int = 2000) -> bool | None:
        """Whether another answer follows: ``True`` (it is found, and
        ``next`` gives it), ``False`` (none can), or ``None`` (not known
        within ``budget`` expanded nodes; ``next`` searches on).  An error
        met while looking is raised by the next ``next``."""
        if self._next is not None or self._error is not None:
            return True if self._next is not None else None
        if self._search.exhausted:
            return False
        self._search.budget = budget
        try:
            a = next(self._gen)
        except StopIteration:
            return False
        except (NeurosymError, RecursionError) as e:
            self._error = e
            return None
        finally:
            self._search.budget = None
        if a is _PAUSED:
            return None
        self._next = a
        return True
