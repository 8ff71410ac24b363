"""The cost of proofs of tabled answers (``engine/explain.py``).

    .venv/bin/python benchmarks/tabled_proofs.py [--nodes 400] [--edges 1200]

A random graph (seed 3) and the closure ``reach/2``, left- and
right-recursive; for each, the CPU time of counting the answers of
``reach(n0, X)``, of iterating them with ``proof=True`` (each tabled answer
derived), the deepest derivation (in tabled steps) and how many stayed
``(tabled answer)`` (past the search's bounds).
"""

from __future__ import annotations

import argparse
import random
import time

from neurosym import KnowledgeBase

RULES = {"left": "reach(X, Y) :- reach(X, Z), edge(Z, Y).",
         "right": "reach(X, Y) :- edge(X, Z), reach(Z, Y)."}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=400)
    ap.add_argument("--edges", type=int, default=1200)
    args = ap.parse_args()
    rng = random.Random(3)
    edges = {(rng.randrange(args.nodes), rng.randrange(args.nodes)) for _ in range(args.edges)}
    facts = "".join(f"edge(n{a},n{b}).\n" for a, b in sorted(edges))
    print(f"{'rule':<6} {'answers':>8} {'count s':>8} {'proofs s':>9} {'depth':>6} {'underived':>10}")
    for name, rule in RULES.items():
        kb = KnowledgeBase.from_string(f":- table reach/2.\nreach(X, Y) :- edge(X, Y).\n{rule}\n"
                                       + facts)
        t = time.process_time()
        n = kb.count("reach(n0, X)")
        count_s = time.process_time() - t
        t = time.process_time()
        depth = left = 0
        for a in kb.query("reach(n0, X)", proof=True):
            lines = a.proof.render().splitlines()
            depth = max(depth, max(len(x) - len(x.lstrip()) for x in lines) // 2)
            left += any("(tabled answer)" in x for x in lines)
        proofs_s = time.process_time() - t
        print(f"{name:<6} {n:>8} {count_s:>8.2f} {proofs_s:>9.2f} {depth:>6} {left:>10}")


if __name__ == "__main__":
    main()
