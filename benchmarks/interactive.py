"""A simulated user teaches a held-out relation by feedback (``kb.feedback``).

    .venv/bin/python benchmarks/interactive.py [--datasets nations kinship countries_s1]
        [--passes 3] [--png curves.png]

Per data set (packaged in ``neurosym.datasets``) one relation ``R`` is held
out: the knowledge base has every other relation's training facts and
``R`` only declared (no facts); every symbol starts from a random vector
given as if from a vector file (``set_matrix``, seeded: seeded rows of a
space never take part in soft matches, docs/soft.md).
A soft query ``R(s, X)`` then answers through the predicates whose
vectors are near ``R``'s (``threshold=0``, every predicate a candidate).

The simulated user asks ``R(s, X)`` for the subjects of ``R``'s training
facts (seeded order), looks at the best answer and says ``:yes`` when it
is one of ``R``'s known facts, else ``:no`` (``kb.feedback``), until it has
given 1, 2, 4, 8, 16 and 32 labels.  After each round: the MRR of ``R``'s
test facts (each ``R(s, o)`` ranks ``o`` among all entities by the soft
query's scores, other known ``R`` facts filtered, an entity without an
answer scores 0) and the mean time of one update.

The peer, "retrain": from the starting vectors, the same labels learned
in one batch -- ``--passes`` passes over all of them (each a
``kb.feedback`` on the label's proof, found again), in the same run, so
its time is per round, for all labels.  The last column gives the share
of the retrained MRR gain that the incremental updates reach.  ``--png``
draws the MRR curves (matplotlib).
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
from neurosym.bridge import BridgeConfig  # noqa: E402
from neurosym.learning.data import load_dataset  # noqa: E402
from neurosym.terms import Atom, Struct  # noqa: E402
from neurosym.terms.printer import format_atom  # noqa: E402

HELD_OUT = {"nations": "relintergovorgs", "kinship": "term8", "countries_s1": "locatedIn"}
ROUNDS = (1, 2, 4, 8, 16, 32)
SOFT = {"threshold": 0.0, "k": 64, "max_soft": 1}


def build(data, held: str, seed: int) -> KnowledgeBase:
    kb = KnowledgeBase()
    r_held = data.relations.index(held)
    ids = np.asarray([kb.symbols.intern(e) for e in data.entities], dtype=np.int64)
    for r, name in enumerate(data.relations):
        if r == r_held:
            kb.declare((Atom(name), 2), "dynamic")
            continue
        rows = data.train[data.train[:, 1] == r]
        if len(rows):
            kb.store.add_facts(name, 2, np.stack([ids[rows[:, 0]], ids[rows[:, 2]]], 1))
    kb.space = BridgeConfig(dim=16, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for kind in ("constant", "predicate"):      # given, untrained starting vectors
        n = kb.space.numpy(kind).shape[0]
        kb.space.set_matrix(rng.normal(0.0, 0.25, (n, 16)).astype(np.float32), kind)
    return kb


def answers(kb, held: str, s: str, top_k=None) -> list:
    goal = f"{format_atom(held)}({format_atom(s)}, X)"
    return list(kb.query(goal, mode="soft", soft=SOFT, top_k=top_k))


def mrr(kb, data, held: str) -> float:
    r = data.relations.index(held)
    known = {(int(a), int(b)) for a, _, b in data.known[data.known[:, 1] == r]}
    test = data.test[data.test[:, 1] == r]
    ranks = []
    cache: dict = {}
    for a, _, b in test:
        s = data.entities[a]
        if s not in cache:
            cache[s] = {x.bindings["X"].name: x.score
                        for x in answers(kb, held, s)}
        sc = cache[s]
        target = sc.get(data.entities[b], 0.0)
        better = sum(1 for e, v in sc.items() if v >= target and e != data.entities[b]
                     and (int(a), data.entities.index(e)) not in known)
        if target == 0.0:        # no answer: below every entity with one, ties count against it
            better = data.n_entities - 1
        ranks.append(1 + better)
    return float(np.mean([1.0 / x for x in ranks])) if ranks else 0.0


def label_stream(kb, data, held: str, seed: int):
    """Yield ``(answer, correct)`` as a user gives them (the user's next
    subject each time; a subject without an answer is skipped)."""
    r = data.relations.index(held)
    train = data.train[data.train[:, 1] == r]
    truth = {(data.entities[a], data.entities[b]) for a, _, b in data.known[data.known[:, 1] == r]}
    subjects = sorted({data.entities[a] for a in train[:, 0]})
    random.Random(seed).shuffle(subjects)
    i, misses = 0, 0
    while True:
        s = subjects[i % len(subjects)]
        i += 1
        got = answers(kb, held, s, top_k=1)
        misses = 0 if got else misses + 1
        if misses == len(subjects):
            sys.exit(f"{held}: no subject gets an answer: a seeded vector never takes part in "
                     f"a soft match (docs/soft.md), so the held-out relation, seeded, matches "
                     f"nothing (this benchmark needs real starting vectors; see "
                     f"docs/interactive.md)")
        if got:
            o = got[0].bindings["X"].name
            yield got[0], (s, o) in truth, s


def run(name: str, seed: int, passes: int) -> list[dict]:
    data = load_dataset(name)
    held = HELD_OUT[name]
    kb = build(data, held, seed)
    start = {k: kb.space.numpy(k) for k in ("constant", "predicate")}
    base = mrr(kb, data, held)
    rows = [{"labels": 0, "mrr": base, "update_s": 0.0, "retrain_mrr": base, "retrain_s": 0.0}]
    stream = label_stream(kb, data, held, seed)
    labels, times = [], []
    for n in ROUNDS:
        while len(labels) < n:
            answer, correct, s = next(stream)
            t = time.perf_counter()
            kb.feedback(answer, correct=correct)
            times.append(time.perf_counter() - t)
            labels.append((s, answer.bindings["X"].name, correct))
        inc = mrr(kb, data, held)
        # the peer: fresh starting vectors, every label so far, `passes` passes
        peer = build(data, held, seed)
        for k, v in start.items():
            peer.space.set_matrix(v, k)
        t = time.perf_counter()
        for _ in range(passes):
            for s, o, correct in labels:
                got = peer.query(Struct(Atom(held), (Atom(s), Atom(o))), mode="soft", soft=SOFT,
                                 top_k=1)
                a = next(iter(got), None)
                if a is not None:
                    peer.feedback(a, correct=correct)
        retrain_s = time.perf_counter() - t
        rows.append({"labels": n, "mrr": inc, "update_s": statistics.mean(times),
                     "retrain_mrr": mrr(peer, data, held), "retrain_s": retrain_s})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--datasets", nargs="+", default=["nations", "kinship", "countries_s1"],
                    choices=sorted(HELD_OUT))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--png", default=None)
    args = ap.parse_args()
    curves = {}
    for name in args.datasets:
        rows = run(name, args.seed, args.passes)
        curves[name] = rows
        print(f"\n{name}: held-out {HELD_OUT[name]} (seed {args.seed}; retrain: "
              f"{args.passes} passes over the labels from the starting vectors)")
        print(f"{'labels':>6}{'MRR':>8}{'s/update':>10}{'retrain MRR':>13}{'retrain s':>11}"
              f"{'gain share':>12}")
        base = rows[0]["mrr"]
        for r in rows:
            gain = r["retrain_mrr"] - base
            share = f"{(r['mrr'] - base) / gain:>12.2f}" if abs(gain) > 1e-9 else f"{'-':>12}"
            print(f"{r['labels']:>6}{r['mrr']:>8.3f}{r['update_s']:>10.3f}"
                  f"{r['retrain_mrr']:>13.3f}{r['retrain_s']:>11.2f}{share}")
    if args.png:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, len(curves), figsize=(5 * len(curves), 4), squeeze=False)
        for ax, (name, rows) in zip(axes[0], curves.items(), strict=True):
            xs = [r["labels"] for r in rows]
            ax.plot(xs, [r["mrr"] for r in rows], marker="o", label="feedback (incremental)")
            ax.plot(xs, [r["retrain_mrr"] for r in rows], marker="s", label="retrain on the labels")
            ax.set_xscale("symlog", linthresh=1)
            ax.set_title(f"{name}: {HELD_OUT[name]}")
            ax.set_xlabel("labels")
            ax.set_ylabel("MRR")
            ax.legend()
        fig.tight_layout()
        fig.savefig(args.png)
        print(f"\n% curves in {args.png}")


if __name__ == "__main__":
    main()
