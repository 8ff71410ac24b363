"""Naive reverse on two neurosym source trees, side by side: did a change
slow the machine down?

    .venv/bin/python benchmarks/trees.py OLD_TREE [NEW_TREE] [--iterations N] [--rounds R]

``OLD_TREE`` / ``NEW_TREE`` are directories holding a ``neurosym`` package
(NEW_TREE defaults to this checkout); for a commit, export it first:
``git archive main | tar -x -C /tmp/main-tree``.  Each round runs
``bench_nrev(N)`` (``benchmarks/exact.py``'s program, 496 inferences an
iteration) in a fresh process per tree, the trees taking turns, and keeps
each tree's best CPU time; prints LIPS and the ratio new / old.  The
machine is noisy when shared: trust several rounds, not one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from exact import NREV  # noqa: E402 -- the same program as the main benchmark

CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from neurosym import KnowledgeBase
kb = KnowledgeBase.from_string(sys.argv[2])
n = int(sys.argv[3])
list(kb.query("bench_nrev(10)"))          # warm: compiled clauses
t = time.process_time()
list(kb.query(f"bench_nrev({n})"))
print(time.process_time() - t)
"""


def one_run(tree: str, n: int) -> float:
    out = subprocess.run([sys.executable, "-c", CHILD, tree, NREV, str(n)],
                         capture_output=True, text=True, check=True, cwd=tree)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old")
    ap.add_argument("new", nargs="?", default=os.path.dirname(HERE))
    ap.add_argument("--iterations", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    trees = [os.path.abspath(args.old), os.path.abspath(args.new)]
    best = {t: float("inf") for t in trees}
    for _ in range(args.rounds):
        for t in trees:
            best[t] = min(best[t], one_run(t, args.iterations))
    lips = {t: args.iterations * 496 / best[t] for t in trees}
    print(f"{'tree':<40} {'best CPU s':>10} {'LIPS':>12}")
    for t in trees:
        print(f"{t:<40} {best[t]:>10.3f} {lips[t]:>12,.0f}")
    print(f"ratio new/old LIPS: {lips[trees[1]] / lips[trees[0]]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
