"""Self-play one query after the other vs many in lock step (``GuideConfig.parallel``).

Trains the step scorer of ``benchmarks/guided_search.py`` (the same rules,
mined from training stories of k = 2, 3, and the same self-play stories and
settings) twice in one run: with ``parallel=1`` (each training query's
search rates its choices one forward pass at a time) and with
``parallel=N`` (N searches advance together and the choices they wait on
are rated in one forward pass), and prints per round the forward passes,
the seconds of the searches and of training, and whether the two runs
searched and trained alike (they must: same curve, same network).

    python benchmarks/batched_selfplay.py                  # parallel 32, on CPU
    python benchmarks/batched_selfplay.py --form pairs --rounds 1 --guide-stories 30
    python benchmarks/batched_selfplay.py --parallel 64 --device cuda
"""

from __future__ import annotations

import argparse
import time

import torch
from guided_search import rules_text, train_kb

from neurosym.learning.mining import compose_rules
from neurosym.learning.stories import generate


def run(queries_kb, parallel: int, args):
    kb, queries = queries_kb()
    t0 = time.perf_counter()
    result = kb.train_guide(queries=queries, rounds=args.rounds, budget=args.budget,
                            max_depth=5, seed=args.seed, symbols=False,
                            alternatives=args.alternatives, off_proof=args.off_proof,
                            parallel=parallel, device=args.device)
    return result, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", type=int, default=10000, help="training stories per k (2, 3)")
    ap.add_argument("--guide-stories", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--budget", type=int, default=2000)
    ap.add_argument("--alternatives", type=int, default=200)
    ap.add_argument("--off-proof", type=int, default=8)
    ap.add_argument("--parallel", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (CPU)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--form", choices=("chain", "pairs"), default="chain",
                    help="the rules' form (guided_search.py --form)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    train = generate(2, args.train, seed=args.seed + 1, stepwise=True) + \
        generate(3, args.train, seed=args.seed + 1, stepwise=True)
    hard = rules_text(compose_rules([(s.facts(), s.query, s.label) for s in train]), False,
                      args.form)
    few = [s for k in (2, 3) for s in generate(k, args.guide_stories // 2, seed=args.seed + 7,
                                                   stepwise=True)]
    runs = {p: run(lambda: train_kb(few, hard, args.form), p, args) for p in (1, args.parallel)}
    (seq, t1), (bat, tn) = runs[1], runs[args.parallel]
    print(f"self-play on {len(few)} stories, device {args.device}, {args.threads} torch "
          f"thread(s): parallel 1 {t1:.1f} s, parallel {args.parallel} {tn:.1f} s in all")
    head = (f"{'round':>5} {'budget':>6} | {'proved 1':>8} {'exp 1':>6} {'passes 1':>9} "
            f"{'search s 1':>10} | {'proved N':>8} {'exp N':>6} {'passes N':>9} "
            f"{'search s N':>10} | {'speed-up':>8} | {'fit s 1':>7} {'fit s N':>7}")
    print(head)
    print("-" * len(head))
    for a, b in zip(seq.history, bat.history, strict=True):
        print(f"{a.round:>5} {a.budget:>6} | {a.proved:>4}/{a.queries:<3} {a.mean_expansions:>6.1f}"
              f" {a.passes:>9} {a.search_seconds:>10.2f} | {b.proved:>4}/{b.queries:<3} "
              f"{b.mean_expansions:>6.1f} {b.passes:>9} {b.search_seconds:>10.2f} | "
              f"{a.search_seconds / b.search_seconds:>7.1f}x | "
              f"{a.seconds - a.search_seconds:>7.2f} {b.seconds - b.search_seconds:>7.2f}")
    same_curve = [(h.proved, h.mean_expansions, h.loss) for h in seq.history] == \
        [(h.proved, h.mean_expansions, h.loss) for h in bat.history]
    sa, sb = seq.scorer.net.state_dict(), bat.scorer.net.state_dict()
    diff = max(float((sa[k].cpu() - sb[k].cpu()).abs().max()) for k in sa)
    print(f"same curve: {same_curve}; largest difference of the two networks' weights: {diff:.3g}")


if __name__ == "__main__":
    main()
