"""One model, one path: a trained checkpoint's benchmark metric computed from
``kb.query(goal, mode="soft")`` answers, beside ``evaluate()`` (what
``neurosym eval`` reports), in one run; for Countries also the old protocol
(the 120 ground triples scored one by one).

    neurosym train --dataset countries_s3 --out s3/
    neurosym train --dataset nations --out nations/
    .venv/bin/python benchmarks/trained_query.py countries_s3=s3/ nations=nations/
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from neurosym import KnowledgeBase  # noqa: E402
from neurosym.learning.data import load_dataset  # noqa: E402
from neurosym.learning.evaluate import evaluate  # noqa: E402
from neurosym.learning.metrics import (  # noqa: E402
    average_precision,
    filtered_ranks,
    ranking_metrics,
)
from neurosym.learning.result import NamedScorer  # noqa: E402
from neurosym.terms import Atom  # noqa: E402
from neurosym.terms.printer import format_term  # noqa: E402


def quoted(name: str) -> str:
    return format_term(Atom(name), quoted=True)


def countries(kb, ds, scorer) -> tuple[float, float]:
    """AUC-PR of the ground triples scored one by one (the old protocol), and of
    the regions' scores among the answers of ``kb.query("locatedIn(c, X)")``."""
    info = ds.countries
    c = info.countries("test")
    n = len(c) * len(info.regions)
    ground = scorer.score(torch.as_tensor(np.repeat(c, len(info.regions))),
                          torch.full((n,), info.located_in),
                          torch.as_tensor(np.tile(info.regions, len(c)))).numpy()
    gold = info.gold_region(c)
    labels = (info.regions[None, :] == gold[:, None]).astype(int).ravel()
    rows = []
    for x in c:
        answers = {a.to_python()["X"]: a.score for a in
                   kb.query(f"locatedIn({quoted(ds.entities[x])}, X)", mode="soft", proof=False)}
        rows.append([answers[ds.entities[g]] for g in info.regions])
    return average_precision(ground, labels), average_precision(np.ravel(rows), labels)


def ranking(kb, ds) -> dict[str, float]:
    """Filtered MRR and Hits@k of the test triples, ranked from the answers of
    ``kb.query("r(s, X)")`` and ``kb.query("r(X, o)")``."""
    filt = ds.filters()
    ranks = []
    for t in ds.test:
        s, r, o = (int(v) for v in t)
        rel = quoted(ds.relations[r])
        for goal, target, mask in (
                (f"{rel}({quoted(ds.entities[s])}, X)", o, filt.object_mask(t[None])[0]),
                (f"{rel}(X, {quoted(ds.entities[o])})", s, filt.subject_mask(t[None])[0])):
            row = np.full(ds.n_entities, -np.inf)
            for a in kb.query(goal, mode="soft", proof=False):
                row[ds.entity_id(a.to_python()["X"])] = a.score
            ranks.append(filtered_ranks(row[None], np.array([target]), mask[None])[0])
    return ranking_metrics(np.asarray(ranks))


def main(runs: list[tuple[str, str]]) -> None:
    print("| data set | metric | evaluate() | kb.query | before (ground triples) "
          "| evaluate s | queries s |")
    print("|---|---|---|---|---|---|---|")
    for name, checkpoint in runs:
        ds = load_dataset(name)
        kb = KnowledgeBase.load(checkpoint)
        scorer = NamedScorer(kb.trained(), ds.entities, ds.relations)
        t = time.perf_counter()
        m = evaluate(scorer, ds)
        t_eval = time.perf_counter() - t
        t = time.perf_counter()
        if ds.countries is not None:
            before, via = countries(kb, ds, scorer)
            cells = ("AUC-PR", f"{100 * m.auc_pr:.2f}", f"{100 * via:.2f}", f"{100 * before:.2f}")
        else:
            q = ranking(kb, ds)
            cells = ("MRR / H@1 / H@10", f"{m.mrr:.4f} / {m.hits_at_1:.4f} / {m.hits_at_10:.4f}",
                     f"{q['mrr']:.4f} / {q['hits_at_1']:.4f} / {q['hits_at_10']:.4f}", "–")
        print(f"| {name} | " + " | ".join(cells)
              + f" | {t_eval:.1f} | {time.perf_counter() - t:.1f} |")


if __name__ == "__main__":
    main([tuple(a.split("=", 1)) for a in sys.argv[1:]])
