"""``aggregation="noisy_or"``: product along a proof, noisy-or over the proofs
of one answer (ProbLog's success probability when the proofs share no
weighted fact); answers are ranked by the combined score, after every proof."""

from __future__ import annotations

import pytest
import torch

from neurosym import KnowledgeBase
from neurosym.reasoning.scoring import get_scoring

GRAPH = """
0.7 :: e(a, b).  0.9 :: e(a, c).  0.5 :: e(b, d).  0.5 :: e(c, d).  0.6 :: e(a, x).
path(X, Y) :- e(X, Y).
path(X, Y) :- e(X, Z), path(Z, Y).
"""


def ranked(kb, goal, agg, **kw):
    return [(a.to_python()["Y"], a.score)
            for a in kb.query(goal, mode="exact", soft={"aggregation": agg}, **kw)]


def test_two_independent_proofs_combine_as_problog_does():
    kb = KnowledgeBase.from_string("0.5 :: rain.\n0.6 :: sprinkler.\n"
                                   "wet :- rain.\nwet :- sprinkler.\n")
    [a] = kb.query("wet", mode="exact", soft={"aggregation": "noisy_or"})
    assert a.score == pytest.approx(1 - (1 - 0.5) * (1 - 0.6))
    [b] = kb.query("wet", mode="exact", soft={"aggregation": "product"})
    assert b.score == pytest.approx(0.6)          # the best proof only


def test_an_answer_with_several_proofs_can_overtake_one_with_a_better_single_proof():
    kb = KnowledgeBase.from_string(GRAPH)
    product = ranked(kb, "path(a, Y)", "product")
    noisy = ranked(kb, "path(a, Y)", "noisy_or")
    d = 1 - (1 - 0.7 * 0.5) * (1 - 0.9 * 0.5)
    assert dict(noisy)["d"] == pytest.approx(d)
    assert dict(product)["d"] == pytest.approx(0.9 * 0.5)
    # d (two proofs) passes x (one proof, .6) only under noisy-or
    names = [y for y, _ in product]
    assert names.index("x") < names.index("d")
    names = [y for y, _ in noisy]
    assert names.index("d") < names.index("x")
    assert [s for _, s in noisy] == sorted((s for _, s in noisy), reverse=True)


def test_top_k_takes_the_best_combined_answers():
    kb = KnowledgeBase.from_string(GRAPH)
    full = ranked(kb, "path(a, Y)", "noisy_or")
    assert ranked(kb, "path(a, Y)", "noisy_or", top_k=3) == full[:3]


def test_the_tensor_forms_agree_with_add():
    s = get_scoring("noisy_or")
    vals = torch.tensor([0.2, 0.5, 0.7, 0.1, 0.9])
    groups = torch.tensor([0, 1, 0, 2, 1])
    want = [s.add(0.2, 0.7), s.add(0.5, 0.9), 0.1, 0.0]
    assert s.add_by_group(vals, groups, 4).tolist() == pytest.approx(want)
    assert float(s.add_over(vals[[0, 2]], 0)) == pytest.approx(s.add(0.2, 0.7))
    assert s.add_tensors(vals[:2], vals[2:4]).tolist() == pytest.approx(
        [s.add(0.2, 0.7), s.add(0.5, 0.1)])


def test_the_cli_takes_it(tmp_path):
    import subprocess
    import sys
    f = tmp_path / "wet.nsl"
    f.write_text("0.5 :: rain.\n0.6 :: sprinkler.\nwet :- rain.\nwet :- sprinkler.\n")
    p = subprocess.run([sys.executable, "-m", "neurosym", "query", "--mode", "exact", "--aggregation",
                        "noisy_or", str(f), "wet"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "0.8000" in p.stdout
