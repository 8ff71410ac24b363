"""Deep reasoning with a learned step scorer: family stories, k = 2..10.

Side by side in one run, on the same learned rules and the same stories:

* ``dfs``      -- Prolog's order: the rules as hard clauses, the first proof
                  found depth-first (``mode="guided"``, the neutral scorer);
* ``best``     -- neutral best-first: the rules weighted by their confidence,
                  the best-scored answer (``top_k=1``, product of the steps);
* ``learned``  -- the rules as hard clauses, the first proof found under the
                  step scorer trained by self-play (``kb.train_guide``);
* ``closure``  -- exact forward chaining of the same program
                  (``kb.materialize``): right when the label is the one
                  relation derived between the two people.  What the rules
                  can prove at all: the ceiling of the three searches.

Stories come from ``neurosym.learning.stories`` (CLUTRR-style, seeded,
``stepwise``: every person on a chain has a name relative to the first, as
CLUTRR's stories are built from composition rules).  The rules are mined
from the training stories (k = 2, 3; 10,000 of each by default) by
``mining.compose_rules``; each test story is a knowledge base of its facts,
the rules and one clause per relation, ``kin(father, X, Y) :- father(X, Y).``
...  The rules take one of two forms (``--form``):

* ``chain`` (default): each mined rule ``h :- a, b`` is a fact
  ``comp(a, b, h)`` under ``chain(R, X, Y) :- kin(R, X, Y).`` and
  ``chain(R, X, Y) :- kin(A, X, Z), chain(B, Z, Y), comp(A, B, R).``,
  asked ``chain(R, Last, First)``: a fact about the last person first
  (grounding the next one), the relation is composed once both halves are
  known;
* ``pairs``: each rule a clause ``h(X, Y) :- a(X, Z), b(Z, Y).``, asked
  ``kin(R, Last, First)``: the search guesses the relation first and
  proves it top-down.

The answer's ``R`` is the prediction.  Every method gets the same depth
bound (``max_depth = k + 2``), the same loop check (``SoftConfig.loop_check``:
a ground goal equal to one of its ancestors is dropped; without it the
searches walk cycles of the distractor facts, a father, mother and daughter,
down to the depth bound while refuting the wrong relations;
``--no-loop-check``) and budget of expansions (``--best-budget``
gives neutral best-first another, to show what it needs to be right); a
query that ends without an answer counts as wrong.  ``--best-n`` runs
neutral best-first on the first stories of each k only, and a search that
answered none of a k's stories is not run at larger k (``-`` in the table;
``--run-all`` runs it).  The scorer is trained
blind to the symbols (``GuideConfig.symbols=False``; ``--guide-symbols``
reads them) and on the shortest proof found within ``--alternatives``
expansions past the first, keeping ``--off-proof`` positions off the proof
per proof step.  ``--heuristic`` adds a column for the
hand-built ``FactsFirst`` scorer: what a scorer can do in principle.  ``--distractors`` sets the other facts
of each test (and self-play) story (4).

    python benchmarks/guided_search.py            # n=30 stories per k
    python benchmarks/guided_search.py --n 30 --kmax 10 --budget 1000 --guide-stories 30
    python benchmarks/guided_search.py --form pairs --n 100 --best-n 50 --kmax 10 \
        --budget 1000 --best-budget 20000 --guide-stories 30 --heuristic
"""

from __future__ import annotations

import argparse
import statistics
import time

from neurosym import KnowledgeBase
from neurosym.learning.mining import compose_rules
from neurosym.learning.stories import RELATIONS, generate
from neurosym.reasoning.guide import NeutralScorer, StepScorer
from neurosym.terms.printer import format_term

WRAP = "".join(f"kin({r}, X, Y) :- {r}(X, Y).\n" for r in RELATIONS)
DECL = "".join(f":- dynamic({r}/2).\n:- discontiguous({r}/2).\n" for r in RELATIONS)
CHAIN = ("chain(R, X, Y) :- kin(R, X, Y).\n"
         "chain(R, X, Y) :- kin(A, X, Z), chain(B, Z, Y), comp(A, B, R).\n")
GOAL = {"pairs": "kin", "chain": "chain"}


def rules_text(rules, weighted: bool, form: str = "pairs") -> str:
    """The mined rules as clauses: ``h(X, Y) :- a(X, Z), b(Z, Y).`` each
    (``pairs``), or as ``comp(a, b, h).`` facts under the two ``chain/3``
    clauses (``chain``); ``weighted``: each with its confidence."""
    out = [CHAIN] if form == "chain" else []
    for h, a, b, c, _ in rules:
        w = f"{c:.4f} :: " if weighted else ""
        out.append(f"{w}comp({a}, {b}, {h}).\n" if form == "chain"
                   else f"{w}{h}(X, Y) :- {a}(X, Z), {b}(Z, Y).\n")
    return "".join(out)


def story_kb(story, rules_nsl: str, prefix: str = "") -> KnowledgeBase:
    facts = "".join(f"{r}({prefix}{a}, {prefix}{b}).\n" for r, a, b in story.facts())
    return KnowledgeBase.from_string(DECL + WRAP + facts + rules_nsl)


def train_kb(stories, hard: str, form: str = "pairs") -> tuple[KnowledgeBase, list[str]]:
    """One knowledge base of every training story (people prefixed per story)
    and the queries ``kin(R, Last, First), R == Label``: asked as the test
    stories are, where only a proof of the right relation counts."""
    text, queries = [DECL, WRAP], []
    for i, s in enumerate(stories):
        text += [f"{r}(s{i}_{a}, s{i}_{b}).\n" for r, a, b in s.facts()]
        x, y = s.query
        queries.append(f"{GOAL[form]}(R, s{i}_{x}, s{i}_{y}), R == {s.label}")
    return KnowledgeBase.from_string("".join(text) + hard), queries


def ask(kb, k: int, budget: int, soft=None, form: str = "pairs", loop_check: bool = True,
        relation: str = "R", **kw):
    t0 = time.perf_counter()
    x = kb.query(f"{GOAL[form]}({relation}, A, B)", mode="guided",
                 soft={"max_depth": k + 2, "loop_check": loop_check, **(soft or {})},
                 max_expansions=budget, proof=False, **kw)
    a = next(x, None)
    return (a.to_python().get("R", relation) if a is not None else None), x.expansions, x.steps, \
        time.perf_counter() - t0


def closure(kb, x: str, y: str, form: str = "pairs"):
    """The relations that forward chaining derives between ``x`` and ``y``."""
    t0 = time.perf_counter()
    key = f"{GOAL[form]}/3"
    facts = kb.materialize([key])[key]
    rels = {format_term(f.args[0]) for f in facts
            if (format_term(f.args[1]), format_term(f.args[2])) == (x, y)}
    return rels, time.perf_counter() - t0


def eager_neutral():
    """The neutral scorer drawing a whole choice at once, as the learned one
    does: the same order as Prolog's, and counts that compare."""
    n = NeutralScorer()
    n.batch = 256
    return n


class FactsFirst(StepScorer):
    """A hand-built step scorer (``--heuristic``): what a scorer can do in
    principle.  A fact gets prior 1; a rule gets 1 for a ground goal whose
    rule's first body goal has a fact under the step's bindings, ``low``
    otherwise (and always for a goal with an unbound argument: a relation to
    someone not yet known is read from a fact, not derived)."""

    batch = 256

    def __init__(self, store, low: float = 0.01) -> None:
        self.store, self.low = store, low

    def rate(self, position, cands):
        from neurosym.learning.guide_model import support
        from neurosym.terms import Var, deref
        goal = deref(position.goal)
        open_goal = any(type(deref(a)) is Var for a in getattr(goal, "args", ()))
        priors = []
        for c in cands:
            facts = support(self.store, c)[0]
            priors.append(1.0 if facts < 0 or (facts > 0 and not open_goal) else self.low)
        return priors, [1.0] * len(cands)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=30, help="test stories per k")
    ap.add_argument("--train", type=int, default=10000, help="training stories per k (2, 3)")
    ap.add_argument("--kmin", type=int, default=2,
                    help="the first k tested (a larger one reruns the long stories alone)")
    ap.add_argument("--kmax", type=int, default=10)
    ap.add_argument("--budget", type=int, default=5000, help="expansions per query")
    ap.add_argument("--best-budget", type=int,
                    help="expansions per query of neutral best-first (default: --budget): "
                         "a larger one shows what it needs to reach the accuracy")
    ap.add_argument("--guide-stories", type=int, default=60)
    ap.add_argument("--off-proof", type=int, default=8,
                    help="positions off the proof kept per proof step in self-play "
                         "(GuideConfig.off_proof)")
    ap.add_argument("--heuristic", action="store_true",
                    help="add the hand-built FactsFirst scorer as a fourth column")
    ap.add_argument("--guide-symbols", action="store_true",
                    help="the scorer reads the predicates' and per-clause vectors "
                         "(GuideConfig.symbols; default: the numeric features alone)")
    ap.add_argument("--alternatives", type=int, default=200,
                    help="self-play searches on this many expansions past the first proof "
                         "and trains on the shortest (GuideConfig.alternatives)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--distractors", type=int, default=4,
                    help="other facts of the family per test story")
    ap.add_argument("--form", choices=("chain", "pairs"), default="chain",
                    help="the rules as comp/3 facts under chain/3 (fact first), or as "
                         "h(X, Y) :- a(X, Z), b(Z, Y) clauses")
    ap.add_argument("--no-loop-check", dest="loop_check", action="store_false",
                    help="let the test searches repeat a ground goal below itself "
                         "(SoftConfig.loop_check off, as before; self-play checks only "
                         "with --guide-loop-check)")
    ap.add_argument("--guide-loop-check", action="store_true",
                    help="self-play searches with the loop check too (GuideConfig.loop_check; "
                         "default: off, as the runs in docs/guide.md were trained)")
    ap.add_argument("--by-label", action="store_true",
                    help="after each k's row, the learned and heur expansions per label, "
                         "and with the label given (R bound: the proof's cost alone)")
    ap.add_argument("--best-n", type=int,
                    help="neutral best-first on the first this many of the --n stories "
                         "of each k only (default: all)")
    ap.add_argument("--explore", type=float, default=0.0,
                    help="the learned column's searches with PUCT-style exploration "
                         "(SoftConfig.explore; default 0: off)")
    ap.add_argument("--run-all", action="store_true",
                    help="run every search at every k (default: a search that answered "
                         "none of a k's stories is not run at larger k, shown as '-')")
    args = ap.parse_args()
    form = args.form

    train = generate(2, args.train, seed=args.seed + 1, stepwise=True) + \
        generate(3, args.train, seed=args.seed + 1, stepwise=True)
    rules = compose_rules([(s.facts(), s.query, s.label) for s in train])
    hard, soft = rules_text(rules, False, form), rules_text(rules, True, form)
    print(f"{len(rules)} composition rules mined from {len(train)} training stories")

    t0 = time.perf_counter()
    few = [s for k in (2, 3) for s in generate(k, args.guide_stories // 2, seed=args.seed + 7,
                                                   stepwise=True, distractors=args.distractors)]
    gkb, queries = train_kb(few, hard, form)
    result = gkb.train_guide(queries=queries, rounds=3, budget=2000, max_depth=5,
                             seed=args.seed, symbols=args.guide_symbols,
                             alternatives=args.alternatives, off_proof=args.off_proof,
                             loop_check=args.guide_loop_check)
    print(f"guide trained by self-play on {len(queries)} stories in "
          f"{time.perf_counter() - t0:.1f} s; expansions to proof per round: "
          + ", ".join(f"{h.mean_expansions:.1f}" for h in result.history))
    guide = gkb.guide

    methods = ("dfs", "best", "learned") + (("heur",) if args.heuristic else ())
    head = f"{'k':>3} | " + " | ".join(f"{m + ' acc':>11} {'exp':>6} {'steps':>7} {'ms':>7}"
                                       for m in methods) + \
        f" | {'exp dfs/learned':>15} {'best/learned':>12} | {'closure acc':>11} {'ms':>7}"
    print(f"test searches: max_depth k + 2, loop_check {args.loop_check}; "
          f"best on {min(args.best_n or args.n, args.n)} of {args.n} stories per k"
          + ("" if args.run_all else "; '-': not run, it answered none at a smaller k"))
    print(head)
    print("-" * len(head))
    dropped: set = set()
    for k in range(args.kmin, args.kmax + 1):
        stories = generate(k, args.n, seed=args.seed + 99, stepwise=True,
                           distractors=args.distractors)
        res: dict = {m: [] for m in methods if m not in dropped}
        fc, by_label = [], {}
        for i, s in enumerate(stories):
            x, y = s.query
            hk, sk = story_kb(s, hard), story_kb(s, soft)
            for m, kb, kw in (("dfs", hk, {"scorer": eager_neutral()}),
                              ("best", sk, {"scorer": eager_neutral(), "top_k": 1,
                                            "soft": {"aggregation": "product"}}),
                              ("learned", hk, {"scorer": _rebind(guide, hk),
                                               "soft": {"explore": args.explore}}),
                              ("heur", hk, {"scorer": FactsFirst(hk.store)})):
                if m not in res or (m == "best" and args.best_n is not None
                                    and i >= args.best_n):
                    continue
                budget = args.best_budget if m == "best" and args.best_budget else args.budget
                r, e, st, t = ask(kb, k, budget, form=form, A=x, B=y,
                                  loop_check=args.loop_check, **kw)
                res[m].append((r == s.label, e, st, t))
                if args.by_label and m in ("learned", "heur"):
                    given = ask(kb, k, budget, form=form, A=x, B=y, relation=s.label,
                                loop_check=args.loop_check, **kw)[1]
                    by_label.setdefault(s.label, {}).setdefault(m, []).append((e, given))
            rels, t = closure(hk, x, y, form)
            fc.append((rels == {s.label}, t))
        cols = {m: [statistics.mean(row[i] for row in res[m]) for i in range(4)]
                if m in res else None for m in methods}
        line = f"{k:>3} | " + " | ".join(
            f"{'-':>11} {'-':>6} {'-':>7} {'-':>7}" if c is None else
            f"{c[0]:>11.2f} {c[1]:>6.0f} {c[2]:>7.0f} {1000 * c[3]:>7.1f}" for c in cols.values())
        learned = max(cols["learned"][1], 1) if cols["learned"] else None
        ratio = [f"{cols[m][1] / learned:.1f}" if cols[m] and learned else "-"
                 for m in ("dfs", "best")]
        print(line + f" | {ratio[0]:>15} {ratio[1]:>12}"
              f" | {statistics.mean(a for a, _ in fc):>11.2f}"
              f" {1000 * statistics.mean(t for _, t in fc):>7.1f}", flush=True)
        for label, ms in sorted(by_label.items(), key=lambda t: -max(map(len, t[1].values()))):
            print(f"    {label:>16} n={max(map(len, ms.values())):>3}: " + "; ".join(
                f"{m} {statistics.mean(e for e, _ in v):.1f} exp, label given "
                f"{statistics.mean(g for _, g in v):.1f}" for m, v in ms.items()), flush=True)
        if not args.run_all:
            dropped |= {m for m in res if cols[m][0] == 0}


def _rebind(guide, kb):
    """The trained guide over another knowledge base's store and vectors
    (the per-clause vectors follow the clauses by their text)."""
    from neurosym.learning.guide_model import LearnedScorer
    return LearnedScorer(guide.net, kb.vectors, kb.store, guide.clauses, batch=guide.batch,
                         arguments=guide.arguments, symbols=guide.symbols)


if __name__ == "__main__":
    main()
