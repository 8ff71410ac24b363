"""Metrics and the evaluation protocol against hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym import datasets
from neurosym.learning.data import Dataset, load_dataset
from neurosym.learning.evaluate import (
    CountriesMetrics,
    LinkScorer,
    RankingMetrics,
    evaluate,
    evaluate_countries,
    evaluate_ranking,
)
from neurosym.learning.metrics import average_precision, filtered_ranks, ranking_metrics

DATA = datasets.root()      # the benchmarks shipped in the package


# -- ranks -----------------------------------------------------------------------

def test_rank_counts_the_candidates_scoring_higher():
    assert filtered_ranks([[0.1, 0.5, 0.3, 0.9]], [2]).tolist() == [3]
    assert filtered_ranks([[0.1, 0.5, 0.3, 0.9]], [3]).tolist() == [1]


def test_filtered_candidates_do_not_count_but_the_target_is_never_filtered():
    scores = [[0.1, 0.5, 0.3, 0.9]]
    assert filtered_ranks(scores, [2], [[False, False, False, True]]).tolist() == [2]
    assert filtered_ranks(scores, [2], [[False, True, True, True]]).tolist() == [1]
    assert filtered_ranks(scores, [2], [[False, False, True, False]]).tolist() == [3]


def test_ties_are_pessimistic():
    assert filtered_ranks([[1.0, 1.0, 1.0, 1.0]], [0]).tolist() == [4]
    assert filtered_ranks([[0.2, 0.5, 0.5]], [1]).tolist() == [2]
    assert filtered_ranks([[0.2, 0.5, 0.5]], [2]).tolist() == [2]
    # a filtered tie does not count
    assert filtered_ranks([[0.2, 0.5, 0.5]], [1], [[False, False, True]]).tolist() == [1]


def test_nan_scores_rank_last():
    assert filtered_ranks([[np.nan, 0.1, 0.2]], [0]).tolist() == [3]
    assert filtered_ranks([[0.3, np.nan, 0.2]], [0]).tolist() == [1]
    assert filtered_ranks([[np.nan, np.nan, np.nan]], [1]).tolist() == [3]


def test_ranking_metrics_by_hand():
    m = ranking_metrics(np.array([1, 2, 4, 20]))
    assert m["mrr"] == pytest.approx((1 + 1 / 2 + 1 / 4 + 1 / 20) / 4)
    assert (m["hits_at_1"], m["hits_at_3"], m["hits_at_10"]) == (0.25, 0.5, 0.75)
    assert m["mean_rank"] == pytest.approx(6.75)


def test_bad_shapes_are_errors():
    with pytest.raises(ValueError):
        filtered_ranks([0.1, 0.2], [0])
    with pytest.raises(ValueError):
        filtered_ranks([[0.1, 0.2]], [2])
    with pytest.raises(ValueError):
        filtered_ranks([[0.1, 0.2]], [0], [[True]])


# -- average precision --------------------------------------------------------------

def test_average_precision_by_hand():
    # order: + (P=1), - , + (P=2/3), -  ->  (1 + 2/3) / 2
    assert average_precision([0.9, 0.8, 0.8, 0.1], [1, 0, 1, 0]) == pytest.approx(5 / 6)
    assert average_precision([0.9, 0.8, 0.8, 0.1], [1, 0, 1, 0], ties="grouped") == \
        pytest.approx(5 / 6)
    assert average_precision([3, 2, 1], [1, 1, 0]) == 1.0
    assert average_precision([3, 2, 1], [0, 0, 1]) == pytest.approx(1 / 3)


def test_average_precision_ties_pessimistic_versus_grouped():
    # all tied, two positives, one negative: pessimistic order - + +
    assert average_precision([0.5, 0.5, 0.5], [1, 1, 0]) == pytest.approx((1 / 2 + 2 / 3) / 2)
    # sklearn groups the tie into one threshold: P = 2/3 at R = 1
    assert average_precision([0.5, 0.5, 0.5], [1, 1, 0], ties="grouped") == pytest.approx(2 / 3)


def test_average_precision_errors():
    with pytest.raises(ValueError):
        average_precision([0.1, 0.2], [0, 0])
    with pytest.raises(ValueError):
        average_precision([0.1, 0.2], [0, 2])
    with pytest.raises(ValueError):
        average_precision([0.1, 0.2], [0, 1], ties="random")


def _ap_reference(scores, labels, pessimistic):
    """Brute force, from the definitions."""
    n = len(scores)
    n_pos = sum(labels)
    if pessimistic:
        # positive i is preceded by every higher score, every tied negative and
        # the tied positives before it (their order among themselves is immaterial)
        total = 0.0
        for i in range(n):
            if labels[i]:
                got = [j for j in range(n) if scores[j] > scores[i] or (
                    scores[j] == scores[i] and (not labels[j] or j <= i))]
                total += sum(labels[j] for j in got) / len(got)
        return total / n_pos
    # grouped: sum over distinct thresholds of (recall gained) x precision
    ap, prev_r = 0.0, 0.0
    for t in sorted(set(scores), reverse=True):
        got = [j for j in range(n) if scores[j] >= t]
        tp = sum(labels[j] for j in got)
        ap += (tp / n_pos - prev_r) * tp / len(got)
        prev_r = tp / n_pos
    return ap


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.booleans()), min_size=1, max_size=12)
       .filter(lambda xs: any(y for _, y in xs)))
def test_average_precision_matches_the_definition(pairs):
    scores = [float(s) for s, _ in pairs]
    labels = [int(y) for _, y in pairs]
    pess = average_precision(scores, labels)
    grouped = average_precision(scores, labels, ties="grouped")
    assert pess == pytest.approx(_ap_reference(scores, labels, True))
    assert grouped == pytest.approx(_ap_reference(scores, labels, False))
    assert pess <= grouped + 1e-12
    if len(set(scores)) == len(scores):
        assert pess == pytest.approx(grouped)


# -- the protocol on a hand-built dataset ----------------------------------------------

class TableScorer:
    """score() only: scores looked up in a dict, 0 elsewhere."""

    def __init__(self, table):
        self.table = table

    def score(self, s, r, o):
        return torch.tensor([self.table.get((int(a), int(b), int(c)), 0.0)
                             for a, b, c in zip(s, r, o, strict=True)])


class FullScorer(TableScorer):
    """The same scores through score_objects / score_subjects."""

    n = 4

    def score_objects(self, s, r):
        return torch.stack([self.score(s, r, torch.full_like(s, e)) for e in range(self.n)], 1)

    def score_subjects(self, r, o):
        return torch.stack([self.score(torch.full_like(o, e), r, o) for e in range(self.n)], 1)


def tiny() -> Dataset:
    # entities a b c d = 0 1 2 3, one relation r = 0
    train = np.array([[0, 0, 1]])            # r(a, b)
    test = np.array([[0, 0, 2]])             # r(a, c)
    known = np.concatenate([train, test])
    return Dataset("tiny", ["a", "b", "c", "d"], ["r"], train, np.zeros((0, 3), np.int64),
                   test, known)


def tiny_table():
    return {
        # object query r(a, ?), true c = 3: b (5) is above but filtered (r(a, b) is
        # known), d (3) ties -> rank 2; a (0) below
        (0, 0, 0): 0.0, (0, 0, 1): 5.0, (0, 0, 2): 3.0, (0, 0, 3): 3.0,
        # subject query r(?, c), true a = 3: b (4) above, d (3) ties -> rank 3;
        # c (-1) below
        (1, 0, 2): 4.0, (3, 0, 2): 3.0, (2, 0, 2): -1.0,
    }


@pytest.mark.parametrize("cls", [TableScorer, FullScorer])
def test_evaluate_ranking_by_hand(cls):
    scorer = cls(tiny_table())
    assert isinstance(scorer, LinkScorer)
    m = evaluate_ranking(scorer, tiny())
    # ranks: object 2, subject 3
    assert isinstance(m, RankingMetrics)
    assert m.n == 1 and m.ties == "pessimistic"
    assert m.mrr == pytest.approx((1 / 2 + 1 / 3) / 2)
    assert (m.hits_at_1, m.hits_at_3, m.hits_at_10) == (0.0, 1.0, 1.0)
    assert m.mean_rank == pytest.approx(2.5)


def test_unfiltered_known_triples_would_rank_worse():
    d = tiny()
    d_unfiltered = Dataset("tiny", d.entities, d.relations, d.train, d.dev, d.test, d.test)
    scorer = TableScorer(tiny_table())
    assert evaluate_ranking(scorer, d_unfiltered).mrr == pytest.approx((1 / 3 + 1 / 3) / 2)


def test_a_scorer_with_the_wrong_shape_is_an_error():
    class Bad:
        def score(self, s, r, o):
            return torch.zeros(1)
    with pytest.raises(ValueError, match="shape"):
        evaluate_ranking(Bad(), tiny())


# -- Countries on the real test set ---------------------------------------------------

class Oracle:
    def __init__(self, d):
        self.known = {tuple(t) for t in d.known.tolist()}

    def score(self, s, r, o):
        return torch.tensor([float((int(a), int(b), int(c)) in self.known)
                             for a, b, c in zip(s, r, o, strict=True)])


class Constant:
    def score(self, s, r, o):
        return torch.zeros(len(s))


def test_countries_auc_pr_oracle_and_constant():
    d = load_dataset("countries_s1", DATA)
    assert evaluate_countries(Oracle(d), d) == 1.0
    # every score tied: 96 negatives first, then the 24 positives
    expected = np.mean([k / (96 + k) for k in range(1, 25)])
    assert evaluate_countries(Constant(), d) == pytest.approx(expected)
    m = evaluate(Constant(), d)
    assert isinstance(m, CountriesMetrics)
    assert (m.n_countries, m.n_regions) == (24, 5)
    assert m.auc_pr == pytest.approx(expected)


def test_constant_scorer_gets_the_worst_ranks_on_nations():
    d = load_dataset("nations", DATA)
    m = evaluate_ranking(Constant(), d)
    filt = d.filters()
    worst = np.concatenate([
        d.n_entities - filt.object_mask(d.test).sum(1) + 1,
        d.n_entities - filt.subject_mask(d.test).sum(1) + 1,
    ])
    assert m.mrr == pytest.approx((1 / worst).mean())
    assert m.hits_at_1 == pytest.approx((worst == 1).mean())
