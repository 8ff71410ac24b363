"""Rules as data: ``kb.train(..., entailed=True)`` against ``entailed=False``.

    .venv/bin/python benchmarks/entailed.py [--families 12] [--epochs 30] [--seeds 0 1 2]

A generated knowledge base (fixed seed): families of three generations,
``parent/2`` facts, and the rule

    sibling(X, Y) :- parent(P, X), parent(P, Y), X \\== Y.

so ``sibling/2`` exists only through the rule.  ``auntuncle/2`` facts
(``auntuncle(A, N)``: a sibling of a parent of ``N``) are split: 70% stay
in the knowledge base, 30% are the test set.  Both runs train the same
neural prover (same config, template ``#1(X, Y) :- #2(X, Z), #3(Z, Y)``,
a chain of two) on the knowledge base's facts; ``entailed=True`` adds the
``sibling/2`` facts the rule entails to its training data.  The test
column is the filtered MRR and Hits@1 of the held-out ``auntuncle`` facts
(``evaluate_ranking``: both the subject and the object ranked among every
entity).  ``auntuncle`` is ``sibling`` then ``parent``: two hops with the
entailed facts, three (``parent`` backwards, forwards, forwards) without,
beyond the template.
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

import numpy as np  # noqa: E402

from neurosym import KnowledgeBase  # noqa: E402
from neurosym.config import TrainConfig  # noqa: E402
from neurosym.learning.config import OptimConfig, ProverConfig  # noqa: E402
from neurosym.learning.data import Dataset  # noqa: E402
from neurosym.learning.evaluate import evaluate_ranking  # noqa: E402
from neurosym.learning.result import NamedScorer  # noqa: E402

TEMPLATE = "2 #1(X, Y) :- #2(X, Z), #3(Z, Y)."
RULE = "sibling(X, Y) :- parent(P, X), parent(P, Y), X \\== Y."


def families(n: int, seed: int) -> tuple[list, list]:
    """``(parent facts, auntuncle facts)`` of ``n`` three-generation families."""
    rng = random.Random(seed)
    parents, nephews = [], []
    for f in range(n):
        root = f"g{f}"
        kids = [f"c{f}_{i}" for i in range(rng.randint(2, 3))]
        parents += [(root, k) for k in kids]
        grand = {}
        for k in kids:
            grand[k] = [f"{k}_{j}" for j in range(rng.randint(1, 2))]
            parents += [(k, g) for g in grand[k]]
        for a in kids:
            for b in kids:
                if a != b:
                    nephews += [(a, g) for g in grand[b]]
    return parents, nephews


def run(n: int, epochs: int, seed: int) -> list[dict]:
    parents, nephews = families(n, seed)
    rng = random.Random(seed)
    rng.shuffle(nephews)
    cut = int(len(nephews) * 0.7)
    train, test = nephews[:cut], nephews[cut:]
    text = "".join(f"parent({a}, {b}).\n" for a, b in parents)
    text += "".join(f"auntuncle({a}, {b}).\n" for a, b in train) + RULE + "\n"
    rows = []
    for entailed in (False, True):
        kb = KnowledgeBase.from_string(text)
        config = TrainConfig(prover=ProverConfig(dim=16),
                             optim=OptimConfig(epochs=epochs, lr=0.05, batch_size=16, seed=seed))
        t0 = time.perf_counter()
        result = kb.train(TEMPLATE, config, entailed=entailed)
        seconds = time.perf_counter() - t0
        ents, rels = result.entities, result.relations
        e, r = {x: i for i, x in enumerate(ents)}, {x: i for i, x in enumerate(rels)}
        if not all(a in e and b in e for a, b in test):
            raise SystemExit("a test entity is missing from the training data")
        known_rows = [(e[a], r["parent"], e[b]) for a, b in parents]
        known_rows += [(e[a], r["auntuncle"], e[b]) for a, b in nephews]
        test_rows = np.asarray([(e[a], r["auntuncle"], e[b]) for a, b in test], dtype=np.int64)
        empty = np.empty((0, 3), dtype=np.int64)
        data = Dataset("families", ents, rels, np.asarray(known_rows[:len(parents)]), empty,
                       test_rows, np.asarray(known_rows, dtype=np.int64))
        m = evaluate_ranking(NamedScorer(result, ents, rels), data, "test")
        rows.append({"entailed": entailed, "mrr": m.mrr, "hits1": m.hits_at_1,
                     "seconds": seconds})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--families", type=int, default=12)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = ap.parse_args()
    runs = [run(args.families, args.epochs, s) for s in args.seeds]
    print(f"{args.families} families, {args.epochs} epochs, seeds {args.seeds} "
          "(mean over seeds); test: held-out auntuncle/2 facts")
    print(f"{'training data':<28}{'MRR':>8}{'Hits@1':>8}{'train s':>9}")
    base = None
    for i, name in enumerate(("facts (entailed=False)", "facts + entailed sibling/2")):
        mrr = statistics.mean(r[i]["mrr"] for r in runs)
        h1 = statistics.mean(r[i]["hits1"] for r in runs)
        sec = statistics.mean(r[i]["seconds"] for r in runs)
        ratio = "" if base is None else f"   x{mrr / base:.2f} MRR"
        base = base or mrr
        print(f"{name:<28}{mrr:>8.3f}{h1:>8.3f}{sec:>9.1f}{ratio}")


if __name__ == "__main__":
    main()
