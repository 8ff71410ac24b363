"""The learned step scorer: GuideNet's shapes and masking, LearnedScorer's
ratings, guided search under good and untrained scorers, self-play
(deterministic, and it reduces expansions), and the guide's checkpoint
(round trip, tampering, mismatched states)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

torch = pytest.importorskip("torch")

from neurosym import KnowledgeBase  # noqa: E402
from neurosym.engine.query import clause_text  # noqa: E402
from neurosym.errors import CheckpointError  # noqa: E402
from neurosym.learning import stories  # noqa: E402
from neurosym.learning.guide_model import Features, LearnedScorer  # noqa: E402
from neurosym.learning.guide_state import guide_state, scorer_from_state  # noqa: E402
from neurosym.learning.selfplay import GuideConfig, new_scorer  # noqa: E402
from neurosym.persist import KBFileError  # noqa: E402
from neurosym.reasoning.guide import NeutralScorer, StepScorer  # noqa: E402
from neurosym.terms import Atom, Struct, deref  # noqa: E402
from neurosym.terms.printer import format_term, write_canonical  # noqa: E402

# small and fast: every training here takes well under a second per round
FAST = dict(rounds=2, budget=60, epochs=15, hidden=16, batch=32, seed=3)


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    # GuideConfig has no `threads` (TrainConfig and the KGE config do); on a
    # small shared machine torch's default thread pool makes these tiny
    # batches 10x slower, so the module runs single-threaded.
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


def _quiet(_text):
    pass


def _canon(answers) -> Counter:
    return Counter(tuple(sorted((k, write_canonical(v)) for k, v in a.bindings.items()))
                   for a in answers)


def _ordered(answers) -> list:
    return [tuple(sorted((k, write_canonical(v)) for k, v in a.bindings.items()))
            for a in answers]


def _flat(proof) -> list:
    """(goal, clause, prior, value) of every step of a proof, depth first."""
    out = []

    def walk(steps):
        for s in steps:
            out.append((s.goal, s.clause, s.prior, s.value))
            walk(s.children)
    walk(proof.steps)
    return out


class Spy(StepScorer):
    """Delegates to ``inner`` and logs every rating it gives."""

    def __init__(self, inner) -> None:
        self.inner, self.batch, self.log = inner, inner.batch, []

    def rate(self, position, cands):
        priors, values = self.inner.rate(position, cands)
        self.log.append((len(cands), list(priors), list(values)))
        return priors, values


def _randomize_heads(scorer: LearnedScorer, seed: int = 7) -> None:
    """Non-zero policy and value heads, so ratings differ between candidates."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for head in (scorer.net.policy[-1], scorer.net.value[-1]):
            head.weight.copy_(torch.randn(head.weight.shape, generator=g))
            head.bias.copy_(torch.randn(head.bias.shape, generator=g))
        scorer.net.clause.weight.copy_(torch.randn(scorer.net.clause.weight.shape, generator=g))


# -- 1. shapes and masking -------------------------------------------------------------
SHAPES = """
p(X) :- q(X), r(X).
p(X) :- r(X).
p(a).
q(a). q(b).
r(a). r(b).
"""


def test_guidenet_shapes_masking_and_learned_scorer_ratings():
    kb = KnowledgeBase.from_string(SHAPES)
    scorer = new_scorer(kb.vectors, kb.store, GuideConfig(hidden=16, seed=1))
    _randomize_heads(scorer)
    spy = Spy(scorer)
    scorer.record = []
    answers = list(kb.query("p(X)", mode="guided", scorer=spy))
    record, scorer.record = scorer.record, None
    assert _canon(answers) == _canon(kb.query("p(X)"))

    # LearnedScorer.rate: one prior and one value per candidate, priors in (0, 1]
    # with the best exactly 1, values in [0, 1]
    assert spy.log and any(n > 1 for n, _, _ in spy.log)
    for n, priors, values in spy.log:
        assert len(priors) == n and len(values) == n
        assert all(0 < p <= 1 for p in priors) and max(priors) == 1.0
        assert all(0 <= v <= 1 for v in values)
    assert any(min(priors) < 1 for n, priors, _ in spy.log if n > 1)   # heads not neutral

    # two positions with different candidate counts (p/1: 3, q/1: 2) in one batch
    assert len(record) == len(spy.log)
    three = next(f for f in record if f.mask.shape[1] == 3)
    two = next(f for f in record if f.mask.shape[1] == 2)
    batch = Features.collate([two, three])
    assert batch.mask.tolist() == [[True, True, False], [True, True, True]]
    with torch.no_grad():
        logits, vlog = scorer.net(batch)
        alone, valone = scorer.net(two)
    assert logits.shape == (2, 3) and vlog.shape == (2, 3)
    probs = torch.softmax(logits, -1)
    assert probs[0, 2] < 1e-12                         # the padded candidate
    assert torch.allclose(probs.sum(-1), torch.ones(2))
    # padding changes nothing for the real candidates
    assert torch.allclose(logits[0, :2], alone[0], atol=1e-6)
    assert torch.allclose(vlog[0, :2], valone[0], atol=1e-6)


# -- 2. an untrained scorer is neutral ---------------------------------------------------
FAMILY = """
parent(tom, bob). parent(tom, liz). parent(bob, ann). parent(bob, pat).
parent(pat, jim). parent(liz, joe). parent(joe, kim).
anc(X, Y) :- parent(X, Y).
anc(X, Y) :- parent(X, Z), anc(Z, Y).
"""


def test_untrained_scorer_keeps_prolog_order_and_the_exact_answers():
    kb = KnowledgeBase.from_string(FAMILY)
    scorer = new_scorer(kb.vectors, kb.store, GuideConfig(hidden=16))
    for goal in ("anc(X, Y)", "anc(tom, Y)", "anc(X, kim)", "parent(X, Y)"):
        exact = _ordered(kb.query(goal))
        guided = _ordered(kb.query(goal, mode="guided", scorer=scorer))
        assert guided == exact, goal
        assert len(exact) > 1


# -- 3. an oracle scorer finds the proof in the fewest expansions -------------------------
def _chain_kb(hops: int = 4, wrong: int = 5) -> tuple[KnowledgeBase, set]:
    """reach/1 over a chain n0 -> ... -> n{hops}; every node first has
    ``wrong`` links to dead ends, each the start of a short dead chain."""
    lines = ["reach(X) :- goal(X).", "reach(X) :- link(X, Y), reach(Y)."]
    for i in range(hops):
        for j in range(wrong):
            lines.append(f"link(n{i}, d{i}_{j}).")
            lines.append(f"link(d{i}_{j}, e{i}_{j}).")
        lines.append(f"link(n{i}, n{i + 1}).")
    lines.append(f"goal(n{hops}).")
    return KnowledgeBase.from_string("\n".join(sorted(lines, key=lambda s: not s.startswith(
        "reach")))), {f"n{i}" for i in range(hops + 1)}


class Oracle(StepScorer):
    """Prior 1 for the step on the known proof, 0.01 for the others."""

    batch = 64

    def __init__(self, last: str) -> None:
        self.last = last

    def good(self, goal, cand) -> bool:
        arg = deref(goal.args[0])
        if goal.name == Atom("reach"):
            base = clause_text(cand.clause).startswith("reach(X) :- goal")
            return base == (arg == Atom(self.last))
        if goal.name == Atom("link"):
            head = cand.clause.head
            return isinstance(head, Struct) and write_canonical(head.args[1]).startswith("n")
        return True

    def rate(self, position, cands):
        goal = deref(position.goal)
        return [1.0 if self.good(goal, c) else 0.01 for c in cands], [1.0] * len(cands)


class Uniform(StepScorer):
    """Every step alike, rating whole choices at once (as the oracle does)."""

    batch = 64

    def rate(self, position, cands):
        return [1.0] * len(cands), [1.0] * len(cands)


def test_oracle_scorer_proves_in_the_minimum_number_of_expansions():
    hops = 4
    kb, _ = _chain_kb(hops)
    # the proof: per hop a reach/1 choice and a link/2 choice, then reach/1
    # and goal/1 at the end
    depth = 2 * hops + 2
    oracle = kb.query("reach(n0)", mode="guided", limit=1, scorer=Oracle(f"n{hops}"))
    ans = next(oracle)
    assert oracle.expansions == depth
    steps = _flat(ans.proof)
    assert len(steps) == depth and all(p == 1.0 for _, _, p, _ in steps)
    assert [g for g, *_ in steps].count("goal(n4)") == 1

    uniform = kb.query("reach(n0)", mode="guided", limit=1, scorer=Uniform())
    next(uniform)
    neutral = kb.query("reach(n0)", mode="guided", limit=1, scorer=NeutralScorer())
    next(neutral)
    assert uniform.expansions > depth
    assert neutral.expansions > depth


# -- 4. a trained guide keeps the exact answers ------------------------------------------
RECURSIVE = FAMILY + """
anc(tom, ann). anc(bob, jim). anc(tom, kim).
"""


@pytest.fixture(scope="module")
def trained():
    """A KB with a trained guide (default queries: the anc/2 facts, masked)."""
    kb = KnowledgeBase.from_string(RECURSIVE, warn=_quiet)
    result = kb.train_guide(**FAST)
    return kb, result


def test_trained_guide_gives_exactly_the_exact_answers(trained):
    kb, result = trained
    assert kb.guide is result.scorer and len(result.history) == FAST["rounds"] + 1
    for goal in ("anc(X, Y)", "anc(tom, Y)", "anc(X, jim)", "anc(tom, kim)"):
        exact = list(kb.query(goal))
        guided = list(kb.query(goal, mode="guided"))      # kb.guide by default
        assert _canon(guided) == _canon(exact), goal
    # the guide is not neutral: some proof step is rated below the best sibling
    priors = [p for a in kb.query("anc(X, Y)", mode="guided") for _, _, p, _ in _flat(a.proof)
              if p is not None]
    assert priors and min(priors) < 1.0


# -- 5. determinism ------------------------------------------------------------------------
def _meta(state) -> dict:
    return json.loads(bytes(state["meta"].tolist()).decode("utf-8"))


def _without_seconds(meta: dict) -> dict:
    meta = dict(meta)
    meta["history"] = [{k: v for k, v in h.items() if k not in ("seconds", "search_seconds")}
                       for h in meta["history"]]
    return meta


def test_same_seed_same_guide_another_seed_another(trained):
    kb1, r1 = trained
    kb2 = KnowledgeBase.from_string(RECURSIVE, warn=_quiet)
    r2 = kb2.train_guide(**FAST)
    s1, s2 = kb1.models["guide"], kb2.models["guide"]
    assert set(s1) == set(s2)
    for k in s1:
        if k != "meta":
            assert torch.equal(s1[k], s2[k]), k
    assert _without_seconds(_meta(s1)) == _without_seconds(_meta(s2))
    assert [h.model_dump(exclude={"seconds", "search_seconds"}) for h in r1.history] == \
        [h.model_dump(exclude={"seconds", "search_seconds"}) for h in r2.history]

    kb3 = KnowledgeBase.from_string(RECURSIVE, warn=_quiet)
    kb3.train_guide(**{**FAST, "seed": FAST["seed"] + 1})
    s3 = kb3.models["guide"]
    assert any(not torch.equal(s1[k], s3[k]) for k in s1 if k != "meta")


# -- 6. the checkpoint ------------------------------------------------------------------------
def test_saved_guide_rates_and_proves_identically(trained, tmp_path):
    kb, _ = trained
    kb.save(tmp_path / "kb")
    kb2 = KnowledgeBase.load(tmp_path / "kb")
    assert "guide" in kb2.models
    guide2 = kb2.guide
    assert isinstance(guide2, LearnedScorer) and guide2 is not kb.guide

    spy1, spy2 = Spy(kb.guide), Spy(guide2)
    a1 = list(kb.query("anc(X, Y)", mode="guided", scorer=spy1))
    a2 = list(kb2.query("anc(X, Y)", mode="guided", scorer=spy2))
    assert spy1.log and spy1.log == spy2.log           # same priors and values, exactly
    assert _ordered(a1) == _ordered(a2)
    assert [_flat(a.proof) for a in a1] == [_flat(a.proof) for a in a2]


def test_tampered_guide_file_is_refused(trained, tmp_path):
    kb, _ = trained
    kb.save(tmp_path / "kb")
    path = tmp_path / "kb" / "models" / "guide.pt"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(KBFileError) as e:
        KnowledgeBase.load(tmp_path / "kb")
    assert "guide.pt" in str(e.value) and "checksum" in str(e.value)


def test_mismatched_state_is_refused_saying_what_differs(trained):
    kb, result = trained
    state = guide_state(kb.guide, result.config, result.history)
    scorer, config, history = scorer_from_state(state, kb.vectors, kb.store)
    assert config == result.config and len(history) == len(result.history)

    meta = _meta(state)
    meta["dim"] = kb.vectors.space.dim + 1
    bad = dict(state, meta=torch.tensor(list(json.dumps(meta).encode()), dtype=torch.uint8))
    with pytest.raises(CheckpointError, match=r"dimension %d.*dimension %d" % (
            meta["dim"], kb.vectors.space.dim)):
        scorer_from_state(bad, kb.vectors, kb.store, where="here/guide.pt")

    w = state["policy.2.weight"]
    bad = dict(state, **{"policy.2.weight": torch.zeros(w.shape[0], w.shape[1] + 1)})
    with pytest.raises(CheckpointError) as e:
        scorer_from_state(bad, kb.vectors, kb.store, where="here/guide.pt")
    msg = str(e.value)
    assert msg.startswith("here/guide.pt") and "policy.2.weight" in msg
    assert str(tuple(w.shape)) in msg and str((w.shape[0], w.shape[1] + 1)) in msg

    bad = {k: v for k, v in state.items() if k != "value.0.bias"}
    with pytest.raises(CheckpointError, match="value.0.bias"):
        scorer_from_state(bad, kb.vectors, kb.store)


# -- 7. self-play reduces expansions on stories --------------------------------------------
def _story_kb():
    """One KB from a few stepwise stories (names prefixed per story): their
    facts, their label facts (the queries, each masked from its own proof),
    and one composition rule per story derived from its chain:
    ``label(X, Y) :- r_k(X, Z_k-1), ..., r_1(Z_1, Y)``.  Rules of different
    stories share heads (mother/2 has three), so a search tries wrong rules
    and wrong facts first; some are recursive (``mother :- mother, sister``),
    hence ``max_depth``."""
    two = stories.generate(k=2, n=6, seed=0, stepwise=True)
    three = stories.generate(k=3, n=3, seed=0, stepwise=True)
    lines, queries = set(), []
    for i, s in enumerate(two + three):
        p = f"s{i}_"
        for r, a, b in s.facts():
            lines.add(f"{r}({p}{a}, {p}{b}).")
        x, y = s.query
        lines.add(f"{s.label}({p}{x}, {p}{y}).")
        queries.append(f"{s.label}({p}{x}, {p}{y})")
        rels = [r for r, _, _ in reversed(s.chain)]       # r_k first
        zs = ["X"] + [f"Z{j}" for j in range(len(rels) - 1, 0, -1)] + ["Y"]
        body = ", ".join(f"{r}({zs[j]}, {zs[j + 1]})" for j, r in enumerate(rels))
        lines.add(f"{s.label}(X, Y) :- {body}.")
    # sorted: each predicate's clauses together, rules ('X' < 's') before facts
    return KnowledgeBase.from_string("\n".join(sorted(lines)), warn=_quiet), queries


@pytest.mark.parametrize("blind", [False, True], ids=["symbols", "blind"])
def test_self_play_reduces_expansions_on_stories(blind):
    kb, queries = _story_kb()
    assert sum(1 for k in kb.store.predicates() for c in kb.store.clauses(k)
               if clause_text(c).find(":-") > 0) == 9
    history = []
    more = dict(symbols=False, alternatives=50) if blind else {}
    result = kb.train_guide(queries=queries, rounds=2, budget=100, shrink=1.0, max_depth=4,
                            epochs=30, hidden=16, seed=0, progress=history.append, **more)
    assert result.scorer.symbols is not blind
    rows = result.history
    assert history == rows and [r.round for r in rows] == [0, 1, 2]
    first, last = rows[0], rows[-1]
    # every query proved in round 0 and in the last row, with the same budget:
    # the mean is the true expansions to the first proof, not the budget
    assert first.proved == first.queries == len(queries)
    assert last.proved == last.queries
    assert last.mean_expansions < first.mean_expansions


def test_queries_must_be_goal_texts():
    from neurosym.errors import ConfigError
    kb = KnowledgeBase.from_string("p(a). q(X) :- p(X). q(a).")
    with pytest.raises(ConfigError, match="list of goal texts"):
        kb.train_guide(queries=4)


def test_no_queries_names_the_predicates_with_rules_and_what_to_do():
    from neurosym.errors import ConfigError
    kb = KnowledgeBase.from_string("e(a, b). r(X, Y) :- e(X, Y). s(X) :- r(X, _).")
    with pytest.raises(ConfigError, match=r"those with rules: r/2, s/1\); add some") as e:
        kb.train_guide(rounds=1)
    assert "kb.train_guide(queries=" in str(e.value)
    kb.add("r(a, b).")                      # such a fact: self-play has a query
    assert kb.train_guide(rounds=1, budget=20, epochs=1, seed=0).history


def test_assigned_guide_is_the_one_saved(tmp_path):
    src = "parent(a,b). parent(b,c). anc(X,Y) :- parent(X,Y). anc(X,Y) :- parent(X,Z), anc(Z,Y). anc(a,c)."
    one = KnowledgeBase.from_string(src)
    one.train_guide(rounds=1, budget=20, epochs=2, seed=0)
    two = KnowledgeBase.from_string(src)
    two.train_guide(rounds=1, budget=20, epochs=2, seed=1)
    one.guide = two.guide
    one.save(tmp_path / "k")
    back = KnowledgeBase.load(tmp_path / "k").guide
    for name, t in two.guide.net.state_dict().items():
        assert torch.equal(back.net.state_dict()[name], t)
    one.guide = None
    assert "guide" not in one.models


def test_a_test_on_the_answer_does_not_change_the_guides_view():
    # a builtin after the goal (how a query checks its answer) has no vector:
    # the scorer sees the same positions with and without it, so a guide
    # trained on 'kin(R, a, b), R == label' rates 'kin(R, a, b)' as it did
    kb = KnowledgeBase.from_string(FAMILY)
    scorer = new_scorer(kb.vectors, kb.store, GuideConfig(hidden=16, seed=1))
    _randomize_heads(scorer)
    seen = []
    for goal in ("anc(tom, Y)", "anc(tom, Y), Y == kim", "anc(tom, Y), parent(Y, kim)"):
        scorer.record = []
        next(kb.query(goal, mode="guided", scorer=scorer))
        seen.append(scorer.record[0])
        scorer.record = None
    plain, tested, user = seen
    assert torch.equal(plain.open_mask, tested.open_mask)
    assert torch.equal(plain.open, tested.open)
    # a user predicate after the goal is attended to
    assert int(user.open_mask.sum()) == int(plain.open_mask.sum()) + 1


def test_self_play_keeps_every_proof_step_and_a_seeded_sample_off_the_proof():
    import random
    from types import SimpleNamespace

    from neurosym.learning.selfplay import _examples
    record = [SimpleNamespace(mask=torch.ones(1, 3, dtype=torch.bool)) for _ in range(50)]
    tags = ((4, 2), (9, 0), (30, 1))
    got = _examples(record, [tags], keep=5, rng=random.Random(0))
    on = [(f, j) for f, j, _ in got if j >= 0]
    assert [j for _, j in on] == [2, 0, 1]
    assert [f for f, _ in on] == [record[3], record[8], record[29]]
    assert len(got) == 3 + 5 * 3
    for _, j, v in got:        # value 1 on the step taken, 0 on every other
        assert v.tolist() == [[1.0 if i == j else 0.0 for i in range(3)]]
    again = _examples(record, [tags], keep=5, rng=random.Random(0))
    assert [id(f) for f, _, _ in again] == [id(f) for f, _, _ in got]
    # a search with no proof keeps `keep` positions, all with value 0
    failed = _examples(record, None, keep=5, rng=random.Random(0))
    assert len(failed) == 5 and all(j == -1 and v.sum() == 0 for _, j, v in failed)
    assert len(_examples(record, [tags], keep=100, rng=random.Random(0))) == 50
    # several proofs (GuideConfig.top_k): value 1 on each one's step, the policy's
    # target the first proof's
    two = _examples(record, [tags, ((4, 0), (12, 2))], keep=0, rng=random.Random(0))
    assert [(j, v.tolist()[0]) for _, j, v in two] == [
        (2, [1.0, 0.0, 1.0]), (0, [1.0, 0.0, 0.0]), (2, [0.0, 0.0, 1.0]), (1, [0.0, 1.0, 0.0])]


def test_constants_vectors_are_read_only_where_they_were_learned(tmp_path):
    src = "parent(a,b). parent(b,c). anc(X,Y) :- parent(X,Y). anc(X,Y) :- parent(X,Z), anc(Z,Y). anc(a,c)."
    kb = KnowledgeBase.from_string(src)
    space = kb.vectors.space
    assert space.untrained("constant") and space.untrained("predicate")
    seeded = new_scorer(kb.vectors, kb.store, GuideConfig(hidden=16))
    assert seeded.arguments is False
    # a seeded scorer sees a bound constant only as bound: two goals that
    # differ in their constants look the same to it
    def args_of(scorer, goal):
        scorer.record = []
        next(kb.query(goal, mode="guided", scorer=scorer))
        f, scorer.record = scorer.record[0], None
        return f.args
    assert torch.equal(args_of(seeded, "anc(a, c)"), args_of(seeded, "anc(b, c)"))
    assert new_scorer(kb.vectors, kb.store, GuideConfig(hidden=16, arguments=True)).arguments

    space.set_vectors(["a"], torch.ones(1, space.dim))           # learned (here: set)
    assert not space.untrained("constant") and space.untrained("predicate")
    learned = new_scorer(kb.vectors, kb.store, GuideConfig(hidden=16))
    assert learned.arguments is True
    assert not torch.equal(args_of(learned, "anc(a, c)"), args_of(learned, "anc(b, c)"))

    kb.train_guide(rounds=1, budget=20, epochs=2, seed=0, hidden=16)
    assert kb.guide.arguments is True
    kb.save(tmp_path / "k")
    assert KnowledgeBase.load(tmp_path / "k").guide.arguments is True


def test_open_queries_ask_each_fact_with_its_last_argument_free():
    from neurosym.learning.selfplay import training_queries
    kb = KnowledgeBase.from_string(FAMILY + "anc(tom, ann). anc(liz, kim).")
    qs = training_queries(kb.runner, kb.store, n=10, seed=0, open=True)
    texts = sorted(format_term(q.goal, quoted=True) for q in qs)
    assert texts == ["anc(liz,_G0),_G0==kim", "anc(tom,_G0),_G0==ann"]
    for q in qs:            # each masked from its own proof: the fact is the excluded clause
        (fact,) = q.exclude
        assert clause_text(fact) in ("anc(tom,ann)", "anc(liz,kim)")
    # a guide trained on them proves them all, through the rules
    result = kb.train_guide(rounds=1, budget=50, epochs=5, hidden=16, seed=0, open=True)
    assert [r.proved for r in result.history] == [2, 2]


# -- 8. what self-play trains on, and a scorer blind to the symbols -------------------------
SHORTER = """
p(X) :- q(X).
p(X) :- r(X).
q(X) :- s(X).
s(a).
r(a).
"""


def test_alternatives_train_on_the_shortest_proof_found():
    from neurosym.learning.selfplay import Query, _search
    kb = KnowledgeBase.from_string(SHORTER)
    goal = kb.runner.parse("p(a)").goal
    for more, want in ((0, [0, 0, 0]), (50, [1, 0])):
        config = GuideConfig(hidden=8, seed=0, alternatives=more)
        scorer = new_scorer(kb.vectors, kb.store, config)      # untrained: Prolog's order
        record, (tags,), used = _search(kb.machine, kb.vectors, scorer, Query(goal), config,
                                        100)
        # the sibling index of each step: p's first clause (via q, s) is found first;
        # searching on finds the shorter proof by p's second clause (r)
        assert [j for _, j in tags] == want
        assert used == 3                      # expansions to the first proof, either way
        assert all(1 <= e <= len(record) for e, _ in tags)


def test_a_scorer_blind_to_the_symbols_sees_only_the_numeric_features(tmp_path):
    kb = KnowledgeBase.from_string(SHAPES)
    scorer = new_scorer(kb.vectors, kb.store, GuideConfig(hidden=16, seed=1, symbols=False))
    assert scorer.symbols is False
    scorer.record = []
    list(kb.query("p(X)", mode="guided", scorer=scorer))
    list(kb.query("p(a)", mode="guided", scorer=scorer))
    record, scorer.record = scorer.record, None
    for f in record:
        for name in ("goal", "head", "body_mean", "body_first", "open"):
            assert not getattr(f, name).any(), name
        assert not f.clause_id.any()
    # the tenth numeric feature: the share of the goal's arguments unbound
    assert {float(f.numeric[0, 0, 9]) for f in record} == {0.0, 1.0}
    seeing = new_scorer(kb.vectors, kb.store, GuideConfig(hidden=16, seed=1))
    seeing.record = []
    list(kb.query("p(X)", mode="guided", scorer=seeing))
    assert seeing.record[0].goal.any() and seeing.record[0].clause_id.any()
    # saved and read back blind
    kb.guide = scorer
    kb.save(tmp_path / "kb")
    assert KnowledgeBase.load(tmp_path / "kb").guide.symbols is False


# -- 9. many training queries searched in lock step ------------------------------------------
def test_lock_step_searches_equal_the_sequential_ones():
    """``parallel`` > 1 advances several searches together and rates their
    choices in one forward pass: each query's search (its rated positions,
    its proof, its expansions) is the one it makes alone, with far fewer
    forward passes.  Non-zero heads, so the ratings order the search."""
    from neurosym.learning.selfplay import _searches, training_queries
    kb, texts = _story_kb()
    queries = training_queries(kb.runner, kb.store, texts)
    got = {}
    for parallel in (1, 4):            # 4 < 9 queries: a finished search makes room
        config = GuideConfig(hidden=16, seed=0, max_depth=4, alternatives=20,
                             parallel=parallel)
        scorer = new_scorer(kb.vectors, kb.store, config)
        _randomize_heads(scorer)
        scorer.exact = True                 # as train_guide rates
        counts: dict = {}
        got[parallel] = (list(_searches(kb.machine, kb.vectors, scorer, queries, config, 100,
                                        counts)), counts)
    (one, c1), (four, c4) = got[1], got[4]
    assert len(one) == len(four) == len(queries)
    for (ra, ta, ua), (rb, tb, ub) in zip(one, four, strict=True):
        assert (ta, ua) == (tb, ub) and ta
        assert len(ra) == len(rb)
        for fa, fb in zip(ra, rb, strict=True):
            assert all(torch.equal(getattr(fa, k), getattr(fb, k)) for k in Features.__slots__)
    assert c1["positions"] == c4["positions"] == sum(len(r) for r, _, _ in one)
    assert c1["passes"] == c1["positions"]
    assert c4["passes"] < c1["passes"] / 2


def test_lock_step_self_play_trains_the_same_network():
    nets, curves = [], []
    for parallel in (1, 32):
        kb, queries = _story_kb()
        result = kb.train_guide(queries=queries, rounds=2, budget=100, shrink=1.0,
                                max_depth=4, epochs=10, hidden=16, seed=0, parallel=parallel)
        nets.append(result.scorer.net.state_dict())
        curves.append([(h.proved, h.mean_expansions, h.loss) for h in result.history])
        assert all(h.passes > 0 for h in result.history)
    assert curves[0] == curves[1]
    for k in nets[0]:
        assert torch.allclose(nets[0][k], nets[1][k], rtol=0, atol=1e-6), k
    assert GuideConfig().parallel > 1
    with pytest.raises(ValueError):
        GuideConfig(parallel=0)


def test_rate_many_gives_each_position_its_own_rating():
    kb = KnowledgeBase.from_string(SHAPES)
    scorer = new_scorer(kb.vectors, kb.store, GuideConfig(hidden=16, seed=1))
    _randomize_heads(scorer)
    scorer.record = []
    list(kb.query("p(X)", mode="guided", scorer=scorer))
    list(kb.query("p(a)", mode="guided", scorer=scorer))
    record, scorer.record = scorer.record, None
    assert len({f.mask.shape[1] for f in record}) > 1          # padded to the most candidates
    many = scorer.rate_many(record)
    assert len(many) == len(record)
    for f, (priors, values) in zip(record, many, strict=True):
        n = f.mask.shape[1]
        assert len(priors) == len(values) == n and max(priors) == 1.0
        with torch.no_grad():
            logits, vlog = scorer.net(f)
        want = torch.softmax(logits[0], -1)
        assert torch.allclose(torch.tensor(priors), want / want.max(), atol=1e-6)
        assert torch.allclose(torch.tensor(values), torch.sigmoid(vlog[0]), atol=1e-6)
    # exact (self-play): a position's rating is the same whatever its batch
    scorer.exact = True
    many = scorer.rate_many(record)
    assert [scorer.rate_many([f])[0] for f in record] == many
    assert scorer.rate_many(record[::-1])[::-1] == many


# -- 9. a scorer for the soft top-k query ------------------------------------------------------
def _useful_and_dead_rules() -> str:
    """``r(p, X)``: two facts, two more answers by the rule through ``t``,
    none by the rule through ``s`` (its chain ends where ``u`` has no fact)."""
    rows = []
    for i in range(12):
        rows += [f"r(p{i}, a{i}). r(p{i}, b{i}).", f"t(p{i}, c{i}). t(p{i}, d{i}).",
                 f"s(p{i}, m{i}). s(m{i}, n{i}). u(z{i}, w{i})."]
    return "\n".join(rows) + """
r(X, Z) :- s(X, Y), s(Y, W), u(W, Z).
r(X, Z) :- t(X, Z).
"""


def test_soft_self_play_trains_a_scorer_that_prunes_the_dead_rule_of_the_top_k():
    """Self-play on the soft top-k query (``mode="soft", top_k=0``, facts
    asked open): the steps of every answer's proof are targets, so the
    value learns which rule adds answers, and the pruned soft top-5 query
    gives the neutral scorer's answers in fewer expansions."""
    kb = KnowledgeBase.from_string(_useful_and_dead_rules(), warn=_quiet)
    result = kb.train_guide(rounds=2, budget=50, epochs=20, hidden=16, seed=0,
                            open=True, mode="soft", top_k=0)
    assert all(r.proved == r.queries for r in result.history)
    neutral = NeutralScorer()
    neutral.batch = kb.guide.batch
    spent = {"neutral": 0, "learned": 0}
    for i in range(12):
        base = kb.query(f"r(p{i}, X)", mode="soft", top_k=5, scorer=neutral)
        want = sorted(str(a.to_python()) for a in base)
        got = kb.query(f"r(p{i}, X)", mode="soft", top_k=5, prune=0.5)
        assert sorted(str(a.to_python()) for a in got) == want and len(want) == 4
        spent["neutral"] += base.expansions
        spent["learned"] += got.expansions
    assert spent["learned"] < spent["neutral"]


def test_self_play_searches_with_the_loop_check_when_asked():
    """``GuideConfig.loop_check``: the self-play searches drop a ground goal
    equal to an ancestor, as a test search with ``SoftConfig.loop_check``
    does: the same proof, without the walk round the a <-> b cycle down to
    ``max_depth`` (fewer positions rated) and a proof that does not go round
    it (without the check the first proof found does: a target that a test
    search with the check can never follow)."""
    from neurosym.learning.selfplay import _searches, training_queries
    kb = KnowledgeBase.from_string(
        "edge(a, b). edge(b, a). edge(b, c). edge(c, b). edge(c, d).\n"
        "path(X, Y) :- edge(X, Y).\n"
        "path(X, Y) :- edge(X, Z), path(Z, Y).\n")
    queries = training_queries(kb.runner, kb.store, ["path(a, d)"])
    got = {}
    for check in (False, True):
        config = GuideConfig(hidden=16, seed=0, max_depth=12, loop_check=check)
        scorer = new_scorer(kb.vectors, kb.store, config)
        scorer.exact = True
        [got[check]] = _searches(kb.machine, kb.vectors, scorer, queries, config, 10_000)
    (rec_plain, tags_plain, used_plain), (rec, tags, used) = got[False], got[True]
    assert tags and tags_plain and len(tags[0]) < len(tags_plain[0])
    assert used < used_plain / 2 and len(rec) < len(rec_plain)
    assert GuideConfig().loop_check is False
