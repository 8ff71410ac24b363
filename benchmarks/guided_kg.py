"""The learned step scorer on Countries S3, Nations and Kinship: neutral against learned.

    .venv/bin/python benchmarks/guided_kg.py [--data DIR] [--queries 40] [--budget 300]
        [--train-queries 60] [--datasets nations ...] [--soft-budget N] [--no-kge]
        [--soft-train-budget 100] [--soft-train-top-k 0] [--soft-train-rounds 2]
        [--soft-train-shrink 0.5] [--prune P ...] [--any-facts]

Per data set, side by side in one run: a knowledge base of the training
facts plus rules mined from them (``mining.mine_template`` on the data
set's preset templates, as hard clauses); the step scorer trained on it by
self-play (``kb.train_guide``: training facts ``r(s, o)`` of the predicates
with rules, each masked from its own proof and asked open, ``r(s, X), X ==
o``, as the test queries are; Countries, unless ``--any-facts``:
``locatedIn(c, X), X == region`` for training countries, each with all its
own ``locatedIn`` facts masked, as a test country of S3 has none); then, for held-out test triples
``r(s, o)`` (Countries: ``locatedIn(c, Region)`` for the test countries),
the open query ``r(s, X)`` in ``mode="guided"`` with ``limit``-free
answers read until 5 distinct ones, under the neutral scorer (Prolog's
order) and under the learned one, with the same depth bound and budget of
expansions.  Columns: mean expansions and milliseconds per query, the share
of queries whose held-out answer is among the first 5 distinct answers
(H@5), and the MRR of the held-out answer in the order the proofs come
(0 when it does not come within the budget): every proof scores 1, so that
order is the scorer's, and the MRR says whether the proofs alone rank.
Unfiltered (other true answers ahead of the held-out one count against it).

Then the soft top-5 query of the same goals, ``kb.query(goal,
mode="soft", top_k=5, soft={"max_depth": depth})`` read to its end, under
the neutral scorer, under a second learned scorer trained for it (``soft
s``: self-play with ``mode="soft", top_k=0``: the training facts asked
``r(s, X)``, masked, every answer within the budget a target; with
``--soft-train-top-k 5`` each search is the top-5 query itself read to its
end, the proofs of its 5 answers the targets; Countries, unless
``--any-facts``: ``locatedIn(c, X)`` for the guided scorer's training
countries, their own ``locatedIn`` facts masked; ``--soft-train-rounds``
rounds of ``--soft-train-budget`` expansions per query in the first, times
``--soft-train-shrink`` each round), and under that scorer with ``prune=P`` for each
``--prune`` (no budget of expansions unless ``--soft-budget``; with one, a
line after the row says how many queries it cut): mean expansions and
milliseconds per query, H@5 of the held-out answer among the 5, and
``same``: the share of the neutral scorer's 5 answers that the query gives
(the unpruned query gives the same 5, in the same order, except where
``--soft-budget`` cut it).

Beside them (``--no-kge`` skips it) the ComplEx-N3 ranking of the same
test triples: a separate knowledge base of the training facts alone (no
rules), trained by ``kb.train`` with the short config of
``benchmarks/interactive.py`` (``link="kge"``, ``proof_weight=0``, so the
prover's epochs are 0), then each test object ranked among the answers of
``kb.query("r(s, X)", mode="soft")``, answered by the trained model:
unfiltered like the proofs' MRR, ties counted against the test object, 0
when it is no answer.

The data directory: ``--data``, else ``$NEUROSYM_DATA``, else the package's copies
(``neurosym/datasets``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interactive import train_config  # noqa: E402  (benchmarks/: the short ComplEx-N3 config)

from neurosym import KnowledgeBase  # noqa: E402
from neurosym.learning.data import load_dataset  # noqa: E402
from neurosym.learning.mining import mine_template  # noqa: E402
from neurosym.learning.presets import preset  # noqa: E402
from neurosym.learning.selfplay import GuideConfig, Query, train_guide  # noqa: E402
from neurosym.reasoning.guide import NeutralScorer  # noqa: E402
from neurosym.terms import TRUE  # noqa: E402
from neurosym.terms.printer import format_term  # noqa: E402

DATASETS = ("countries_s3", "nations", "kinship")


def q(name: str) -> str:
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def facts_text(ds) -> str:
    """The training facts, each relation declared dynamic."""
    facts = "".join(f"{q(ds.relations[r])}({q(ds.entities[s])}, {q(ds.entities[o])}).\n"
                    for s, r, o in ds.train.tolist())
    decl = "".join(f":- dynamic({q(r)}/2).\n:- discontiguous({q(r)}/2).\n"
                   for r in ds.relations)
    return decl + facts


def knowledge_base(ds) -> tuple[KnowledgeBase, list[str]]:
    """The training facts and the mined rules (their texts)."""
    rules: list[str] = []
    for t in preset(ds.name)[0]:
        for _, _, assign in mine_template(t, ds.train, ds.n_entities, ds.relations):
            text = t.text({k: ds.relations[i] for k, i in assign.items()})
            if text not in rules:
                rules.append(text)
    return KnowledgeBase.from_string(facts_text(ds) + "\n".join(rules) + "\n"), rules


def test_queries(ds, n: int, seed: int) -> list[tuple[str, str]]:
    """``(goal, held-out answer)`` pairs."""
    if ds.countries is not None:
        c = ds.countries
        rel = q(ds.relations[c.located_in])
        return [(f"{rel}({q(ds.entities[x])}, X)", ds.entities[c.gold[int(x)]])
                for x in c.test_countries.tolist()][:n]
    rows = ds.test.tolist()
    random.Random(seed).shuffle(rows)
    return [(f"{q(ds.relations[r])}({q(ds.entities[s])}, X)", ds.entities[o])
            for s, r, o in rows[:n]]


def countries_queries(kb, ds, n: int, seed: int, test: bool = True) -> list[Query]:
    """Countries' self-play queries of the test's kind: for up to ``n``
    training countries ``c`` (seeded sample), ``locatedIn(c, X), X ==
    region`` with every ``locatedIn(c, _)`` fact of ``c`` masked, as a test
    country of S3 has none (the proof must come through the neighbours).
    ``test`` False: ``locatedIn(c, X)`` alone, as the soft top-k query asks
    it (every answer's proof a target, ``GuideConfig.top_k``)."""
    c = ds.countries
    held = {int(x) for x in c.test_countries.tolist()} | {int(x) for x in c.dev_countries.tolist()}
    rel = q(ds.relations[c.located_in])
    own: dict[str, list] = {}
    for cl in kb.store.clauses((kb.runner.parse(f"{rel}(a, b)").goal.name, 2)):
        if cl.body is TRUE:
            own.setdefault(format_term(cl.head.args[0]), []).append(cl)
    names = sorted(x for x in c.gold if x not in held and ds.entities[x] in own)
    random.Random(seed).shuffle(names)
    out = []
    for x in names[:n]:
        text = f"{rel}({q(ds.entities[x])}, X)"
        if test:
            text += f", X == {q(ds.entities[c.gold[x]])}"
        parsed = kb.runner.parse(text, {})
        out.append(Query(parsed.goal, parsed.varmap, parsed.names, own[ds.entities[x]]))
    return out


def run(kb, goal: str, gold: str, scorer, depth: int, budget: int):
    t0 = time.perf_counter()
    answers = kb.query(goal, mode="guided", scorer=scorer, soft={"max_depth": depth},
                       max_expansions=budget, proof=False)
    seen: list[str] = []
    for a in answers:
        x = format_term(a.bindings["X"])
        if x not in seen:
            seen.append(x)
            if len(seen) == 5:
                break
    ms = 1000 * (time.perf_counter() - t0)
    # the held-out answer's rank among all distinct answers within the budget
    rank = seen.index(gold) + 1 if gold in seen else None
    if rank is None:
        for a in answers:
            x = format_term(a.bindings["X"])
            if x not in seen:
                seen.append(x)
                if x == gold:
                    rank = len(seen)
                    break
    answers.close()
    return answers.expansions, ms, rank is not None and rank <= 5, 1.0 / rank if rank else 0.0


def run_soft(kb, goal: str, gold: str, scorer, depth: int, budget: int | None,
             prune: float | None = None):
    """The soft top-5 query read to its end: expansions, milliseconds,
    whether the held-out answer is among the 5, whether the budget cut it,
    and the answers."""
    t0 = time.perf_counter()
    answers = kb.query(goal, mode="soft", top_k=5, scorer=scorer, prune=prune,
                       soft={"max_depth": depth}, proof=False, max_expansions=budget)
    got = [format_term(a.bindings["X"]) for a in answers]
    ms = 1000 * (time.perf_counter() - t0)
    answers.close()
    return answers.expansions, ms, gold in got, answers.truncated, got


def kge_mrr(ds, queries, seed: int) -> tuple[float, float]:
    """Training seconds and the unfiltered MRR of the ComplEx-N3 ranking."""
    kb = KnowledgeBase.from_string(facts_text(ds))
    t0 = time.perf_counter()
    kb.train(preset(ds.name)[0], train_config(seed))
    trained = time.perf_counter() - t0
    rr = []
    for goal, gold in queries:
        scores = {format_term(a.bindings["X"]): a.score
                  for a in kb.query(goal, mode="soft", proof=False)}
        if gold not in scores:
            rr.append(0.0)
            continue
        t = scores[gold]
        rr.append(1.0 / (1 + sum(1 for e, v in scores.items() if v >= t and e != gold)))
    return trained, statistics.mean(rr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None)
    ap.add_argument("--queries", type=int, default=40, help="test queries per data set")
    ap.add_argument("--train-queries", type=int, default=60, help="self-play queries")
    ap.add_argument("--budget", type=int, default=300, help="expansions per query")
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=DATASETS)
    ap.add_argument("--soft-budget", type=int, default=None,
                    help="expansions per soft query (default: none)")
    ap.add_argument("--soft-train-budget", type=int, default=100,
                    help="expansions per self-play query of the soft query's scorer")
    ap.add_argument("--soft-train-top-k", type=int, default=0,
                    help="its self-play searches as the query top_k=K (0: every answer "
                    "within the budget)")
    ap.add_argument("--soft-train-rounds", type=int, default=2)
    ap.add_argument("--soft-train-shrink", type=float, default=0.5,
                    help="its budget factor per round")
    ap.add_argument("--prune", type=float, nargs="+", default=[0.02, 0.1],
                    help="the pruned soft queries' bounds on the value (one column each)")
    ap.add_argument("--any-facts", action="store_true",
                    help="Countries: train both scorers on any facts of the predicates "
                    "with rules, as the other data sets (default: the test's kind of query)")
    ap.add_argument("--no-kge", action="store_true", help="skip the ComplEx-N3 columns")
    args = ap.parse_args()
    data = args.data            # None: $NEUROSYM_DATA, else the copies in neurosym/datasets
    head = (f"{'data set':<13} {'rules':>5} {'train s':>7} | "
            + " | ".join(f"{m + ' exp':>11} {'ms':>6} {'H@5':>5} {'MRR':>5}"
                         for m in ("neutral", "learned")) + f" | {'exp ratio':>9} | "
            + f"{'soft s':>6} | "
            + " | ".join(f"{m:>8} {'ms':>6} {'H@5':>5} {'same':>4}"
                         for m in ["neutral", "learned"] + [f"p {p}" for p in args.prune])
            + ("" if args.no_kge else f" | {'kge train s':>11} {'kge MRR':>7}"))
    print(head)
    print("-" * len(head))
    for name in args.datasets:
        ds = load_dataset(name, data)
        kb, rules = knowledge_base(ds)
        t0 = time.perf_counter()
        config = GuideConfig(rounds=2, budget=args.budget, queries=args.train_queries,
                             max_depth=args.depth, open=True, seed=args.seed)
        if ds.countries is not None and not args.any_facts:
            guided = train_guide(kb.machine, kb.vectors,
                                 countries_queries(kb, ds, args.train_queries, args.seed),
                                 config).scorer
        else:
            guided = kb.train_guide(config=config).scorer
        trained = time.perf_counter() - t0
        t0 = time.perf_counter()      # the soft query's scorer: every answer of r(s, X)
        soft_config = GuideConfig(rounds=args.soft_train_rounds, budget=args.soft_train_budget,
                                  shrink=args.soft_train_shrink, queries=args.train_queries,
                                  max_depth=args.depth, open=True, mode="soft",
                                  top_k=args.soft_train_top_k, seed=args.seed)
        if ds.countries is not None and not args.any_facts:
            softly = train_guide(kb.machine, kb.vectors, countries_queries(
                kb, ds, args.train_queries, args.seed, test=False), soft_config).scorer
        else:
            softly = kb.train_guide(config=soft_config).scorer
        soft_trained = time.perf_counter() - t0
        queries = test_queries(ds, args.queries, args.seed)
        cols, soft, cut = {}, {}, {}
        neutral = NeutralScorer()
        neutral.batch = guided.batch      # a whole choice drawn at once, as the guide does
        for label, scorer in (("neutral", neutral), ("learned", guided)):
            rows = [run(kb, goal, gold, scorer, args.depth, args.budget)
                    for goal, gold in queries]
            cols[label] = [statistics.mean(r[i] for r in rows) for i in range(4)]
        base = None
        for label, scorer, prune in [("neutral", neutral, None), ("learned", softly, None)] + [
                (f"pruned {p}", softly, p) for p in args.prune]:
            rows = [run_soft(kb, goal, gold, scorer, args.depth, args.soft_budget, prune)
                    for goal, gold in queries]
            base = base or [r[4] for r in rows]
            same = statistics.mean(len(set(r[4]) & set(b)) / len(b) if b else 1.0
                                   for r, b in zip(rows, base, strict=True))
            soft[label] = [statistics.mean(r[i] for r in rows) for i in range(3)] + [same]
            cut[label] = sum(r[3] for r in rows)
        ratio = cols["neutral"][0] / max(cols["learned"][0], 1e-9)
        line = (f"{name:<13} {len(rules):>5} {trained:>7.1f} | " + " | ".join(
            f"{e:>11.1f} {ms:>6.1f} {h:>5.2f} {m:>5.3f}" for e, ms, h, m in cols.values())
            + f" | {ratio:>9.2f} | {soft_trained:>6.1f} | "
            + " | ".join(f"{e:>8.1f} {ms:>6.1f} {h:>5.2f} {o:>4.2f}"
                         for e, ms, h, o in soft.values()))
        if not args.no_kge:
            kge_s, kge = kge_mrr(ds, queries, args.seed)
            line += f" | {kge_s:>11.1f} {kge:>7.3f}"
        print(line, flush=True)
        if args.soft_budget is not None:
            print(f"  soft queries cut at {args.soft_budget} expansions: " + ", ".join(
                f"{k} {v}/{len(queries)}" for k, v in cut.items()), flush=True)


if __name__ == "__main__":
    main()
