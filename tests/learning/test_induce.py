"""Few-shot rule induction: ``kb.induce`` (neurosym/learning/induce/)."""

from __future__ import annotations

import json

import pytest

from neurosym import KnowledgeBase
from neurosym.errors import ConfigError
from neurosym.learning.induce import Bias, InduceResult
from neurosym.learning.induce.space import Space, canonical, redundant, refine

FAMILY = """
parent(ann, bob). parent(bob, carl). parent(carl, dan). parent(ann, beth).
parent(beth, eve). parent(eve, fay). parent(tom, bob). parent(tom, beth).
male(bob). male(carl). male(dan). male(tom).
female(ann). female(beth). female(eve). female(fay).
"""

GP_POS = ["grandparent(ann, carl)", "grandparent(bob, dan)", "grandparent(ann, eve)",
          "grandparent(beth, fay)", "grandparent(tom, carl)"]
GP_NEG = ["grandparent(ann, bob)", "grandparent(carl, ann)", "grandparent(ann, dan)",
          "grandparent(bob, carl)", "grandparent(dan, dan)"]


@pytest.fixture
def kb():
    return KnowledgeBase.from_string(FAMILY)


def covered(kb, rules, examples):
    """The examples a fresh KB with ``rules`` added proves (top-down, SLD)."""
    k = KnowledgeBase.from_string(FAMILY + "\n".join(rules))
    return [e for e in examples if k.ask(e)]


def test_finds_grandparent_and_it_covers_exactly_the_positives(kb):
    r = kb.induce("grandparent/2", pos=GP_POS, neg=GP_NEG, max_body=3, max_vars=4)
    assert r.solved and r.rules == ["grandparent(A,B) :- parent(A,C), parent(C,B)."]
    assert (r.tp, r.fn, r.tn, r.fp, r.size) == (5, 0, 5, 0, 3)
    assert r.clauses[0].pos_covered == 5 and r.clauses[0].neg_covered == 0
    # the program means, under the SLD engine, what the evaluator said it covers
    assert covered(kb, r.rules, GP_POS) == GP_POS and covered(kb, r.rules, GP_NEG) == []
    assert not r.added and ("grandparent", 2) not in {(k[0].name, k[1]) for k in kb.store.predicates()}


def test_examples_may_be_terms(kb):
    from neurosym.lang.parser import parse_term
    r = kb.induce("grandparent/2", pos=[parse_term(e)[0] for e in GP_POS],
                  neg=[parse_term(e)[0] for e in GP_NEG])
    assert r.rules == ["grandparent(A,B) :- parent(A,C), parent(C,B)."]


def test_rejects_a_hypothesis_that_covers_a_negative(kb):
    # grandparent pairs through a mother are negatives: the smallest rule
    # (two parent/2 literals) covers them, so a male/1 literal is needed
    pos = ["grandfather(tom, carl)", "grandfather(bob, dan)", "grandfather(tom, eve)"]
    neg = ["grandfather(ann, carl)", "grandfather(beth, fay)", "grandfather(ann, eve)",
           "grandfather(bob, carl)"]
    r = kb.induce("grandfather/2", pos=pos, neg=neg, max_clauses=1)
    assert r.solved and r.fp == 0 and r.tp == 3
    assert all(c.neg_covered == 0 for c in r.clauses)
    assert "male(A)" in r.rules[0] and r.rules[0].count("parent(") == 2
    assert covered(kb, r.rules, neg) == []


def test_finds_a_recursive_program_and_adds_it_tabled(kb):
    pos = ["ancestor(ann, carl)", "ancestor(bob, dan)", "ancestor(ann, dan)",
           "ancestor(ann, bob)", "ancestor(beth, fay)", "ancestor(tom, fay)"]
    neg = ["ancestor(bob, ann)", "ancestor(carl, ann)", "ancestor(bob, eve)",
           "ancestor(dan, carl)", "ancestor(fay, tom)"]
    r = kb.induce("ancestor/2", pos=pos, neg=neg, add=True)
    assert r.solved and r.added and (r.tp, r.fp) == (6, 0)
    assert sorted(r.rules) == ["ancestor(A,B) :- parent(A,B).",
                               "ancestor(A,B) :- parent(A,C), ancestor(C,B)."]
    assert [c.recursive for c in r.clauses] == [False, True]
    assert sorted(a.to_python()["X"] for a in kb.query("ancestor(tom, X)")) == \
        ["beth", "bob", "carl", "dan", "eve", "fay"]


def test_recursion_over_numbers():
    kb = KnowledgeBase.from_string("zero(0).\n" + "".join(f"next({i},{i + 1}).\n" for i in range(20)))
    r = kb.induce("even/1", pos=["even(2)", "even(6)", "even(10)", "even(0)"],
                  neg=["even(1)", "even(5)", "even(9)", "even(13)"], max_vars=3)
    assert r.solved and r.fp == 0 and r.tp == 4
    kb.add("\n".join(r.rules))
    kb.declare(next(iter(kb.store.predicates())), "table")
    assert [n for n in range(12) if kb.ask(f"even({n})")] == [0, 2, 4, 6, 8, 10]


def test_noise_allows_a_bounded_number_of_misclassified_examples(kb):
    # one positive is mislabelled (ann is bob's mother, not his grandmother)
    pos = GP_POS + ["grandparent(ann, bob)"]
    neg = [e for e in GP_NEG if e != "grandparent(ann, bob)"]
    strict = kb.induce("grandparent/2", pos=pos, neg=neg, max_clauses=1)
    assert not strict.solved or strict.rules != ["grandparent(A,B) :- parent(A,C), parent(C,B)."]
    noisy = kb.induce("grandparent/2", pos=pos, neg=neg, max_clauses=1, noise=1)
    assert noisy.solved and noisy.rules == ["grandparent(A,B) :- parent(A,C), parent(C,B)."]
    assert (noisy.tp, noisy.fn, noisy.fp) == (5, 1, 0)


def test_noise_counts_a_covered_negative_too(kb):
    neg = GP_NEG + ["grandparent(ann, fay)"]    # right: ann is fay's great-grandparent
    neg.append("grandparent(tom, eve)")          # mislabelled: tom is eve's grandparent
    r0 = kb.induce("grandparent/2", pos=GP_POS, neg=neg, max_clauses=1, max_body=2)
    assert not r0.solved
    r1 = kb.induce("grandparent/2", pos=GP_POS, neg=neg, max_clauses=1, max_body=2, noise=1)
    assert r1.solved and r1.fp == 1 and r1.clauses[0].neg_covered == 1


def test_type_and_direction_bias_prune_and_keep_the_answer(kb):
    plain = kb.induce("grandparent/2", pos=GP_POS, neg=GP_NEG, max_vars=4, max_clauses=1)
    typed = kb.induce("grandparent/2", pos=GP_POS, neg=GP_NEG, max_vars=4, max_clauses=1,
                      body=["parent/2", "male/1", "female/1"],
                      directions={"grandparent": ("in", "out"), "parent": ("in", "out"),
                                  "male": ("in",), "female": ("in",)})
    assert typed.rules == plain.rules
    assert typed.candidates < plain.candidates


def test_types_keep_variables_apart():
    kb = KnowledgeBase.from_string("""
        has_car(t1, c1). has_car(t2, c2). has_car(t3, c3). has_car(t4, c4).
        short(c1). short(c3). short(c4). closed(c1). closed(c2). closed(c3).
    """)
    r = kb.induce("east/1", pos=["east(t1)", "east(t3)"], neg=["east(t2)", "east(t4)"],
                  types={"east": ("train",), "has_car": ("train", "car"), "short": ("car",),
                         "closed": ("car",)})
    assert r.rules == ["east(A) :- has_car(A,B), short(B), closed(B)."]


def test_bad_examples_are_config_errors(kb):
    with pytest.raises(ConfigError, match="not an atom of grandparent/2"):
        kb.induce("grandparent/2", pos=["parent(a, b)"])
    with pytest.raises(ConfigError, match="not a constant"):
        kb.induce("grandparent/2", pos=["grandparent(X, b)"])
    with pytest.raises(ConfigError, match="both positive and negative"):
        kb.induce("grandparent/2", pos=GP_POS, neg=[GP_POS[0]])
    with pytest.raises(ConfigError, match="no positive"):
        kb.induce("grandparent/2", pos=[], neg=GP_NEG)


def test_no_solution_says_why_and_the_result_is_json(kb):
    r = kb.induce("grandparent/2", pos=GP_POS, neg=GP_NEG, max_body=1, max_clauses=1)
    assert not r.solved and r.rules == [] and "no program" in r.reason
    back = InduceResult.model_validate(json.loads(r.model_dump_json()))
    assert back == r
    assert str(r).startswith("NO SOLUTION")


def test_bias_object_and_fields_combine(kb):
    b = Bias(max_body=1, max_clauses=1)
    assert not kb.induce("grandparent/2", pos=GP_POS, neg=GP_NEG, bias=b).solved
    assert kb.induce("grandparent/2", pos=GP_POS, neg=GP_NEG, bias=b, max_body=2).solved


# -- the hypothesis space --------------------------------------------------------

def _space(**kw):
    from neurosym.terms import Atom
    preds = [(Atom("parent"), 2), (Atom("male"), 1)]
    args = dict(max_vars=4, max_body=3, types=None, dirs=None, head_types=None, head_dirs=None)
    args.update(kw)
    return Space((Atom("gp"), 2), preds, None, **args)


def test_variants_are_generated_once():
    sp = _space()
    seen: set = set()
    level1 = refine(sp, (), seen)
    level2 = [b for body in level1 for b in refine(sp, body, seen)]
    assert len(level2) == len(set(level2))
    # parent(A,C), parent(C,B) and parent(A,D), parent(D,B) are one body
    assert canonical(sp, ((0, (0, 2)), (0, (2, 1)))) == canonical(sp, ((0, (2, 1)), (0, (0, 2))))
    assert ((0, (0, 2)), (0, (2, 1))) in level2 or ((0, (2, 1)), (0, (0, 2))) in level2


def test_redundant_literal_is_subsumed():
    sp = _space()
    assert redundant(sp, ((0, (0, 1)), (0, (0, 2))))          # parent(A,B), parent(A,_)
    assert not redundant(sp, ((0, (0, 2)), (0, (2, 1))))


def test_shared_parent_bodies_give_the_same_coverage_as_whole_bodies(kb):
    import numpy as np

    from neurosym.learning.induce.coverage import Examples, Tester
    from neurosym.terms import Atom
    sp = _space(max_body=2)
    values = kb.machine.tables.server.values
    facts = kb.materialize(["parent/2", "male/1"])
    bg = {(Atom("parent"), 2): facts["parent/2"].rows, (Atom("male"), 1): facts["male/1"].rows}
    enc = [[values.encode(Atom(x)) for x in e.split("(")[1].rstrip(")").split(", ")]
           for e in GP_POS + GP_NEG]
    ex = Examples(np.array(enc[:5], np.int64), np.array(enc[5:], np.int64))
    t = Tester(sp, bg, values, ex, batch=7)
    seen: set = set()
    items = [(parent, lit) for parent in refine(sp, (), seen)
             for _, lit in refine(sp, parent, seen, origin=True)]
    assert len(items) > 30
    shared = t.refinements(items)
    whole = t.bodies([p + (lit,) for p, lit in items])
    assert shared == whole and any(shared) and not all(shared)


def test_background_outside_the_fragment_is_left_out_unless_asked_for():
    from neurosym.engine.datalog import NotInFragment
    kb = KnowledgeBase.from_string(FAMILY + "long_name(X) :- male(X), atom_length(X, N), N > 3.\n")
    r = kb.induce("grandparent/2", pos=GP_POS, neg=GP_NEG)
    assert r.rules == ["grandparent(A,B) :- parent(A,C), parent(C,B)."]
    with pytest.raises(NotInFragment, match="atom_length/2"):
        kb.induce("grandparent/2", pos=GP_POS, neg=GP_NEG, body=["parent/2", "long_name/1"])


def test_a_timeout_ends_the_search_without_a_program(kb):
    r = kb.induce("grandparent/2", pos=GP_POS, neg=GP_NEG, timeout=1e-9)
    assert not r.solved and r.reason == "time out" and r.rules == []


def test_a_disjunction_needs_two_clauses():
    kb = KnowledgeBase.from_string("""
        father(tom, bob). father(bob, carl). father(carl, dan).
        mother(ann, bob). mother(eve, carl). mother(fay, dan).
        friend(tom, ann). friend(bob, eve).
    """)
    pos = ["parent(tom, bob)", "parent(bob, carl)", "parent(ann, bob)", "parent(fay, dan)"]
    neg = ["parent(bob, tom)", "parent(tom, ann)", "parent(dan, fay)", "parent(bob, eve)"]
    r = kb.induce("parent/2", pos=pos, neg=neg, max_clauses=3)
    assert sorted(r.rules) == ["parent(A,B) :- father(A,B).", "parent(A,B) :- mother(A,B)."]
    assert sorted(c.pos_covered for c in r.clauses) == [2, 2] and r.size == 4
    assert not any(c.recursive for c in r.clauses)


def test_three_clauses_allowed_still_gives_the_smallest_recursive_program(kb):
    pos = ["ancestor(ann, carl)", "ancestor(bob, dan)", "ancestor(ann, dan)",
           "ancestor(ann, bob)", "ancestor(beth, fay)", "ancestor(tom, fay)"]
    neg = ["ancestor(bob, ann)", "ancestor(carl, ann)", "ancestor(bob, eve)",
           "ancestor(dan, carl)", "ancestor(fay, tom)"]
    r = kb.induce("ancestor/2", pos=pos, neg=neg, max_clauses=3, body=["parent/2"])
    assert r.solved and r.size == 5 and len(r.clauses) == 2 and r.fp == 0
