"""``kb.materialize``: derived facts per predicate, counted without decoding,
optionally stored; errors for predicates outside the fragment."""

import pytest

from neurosym import KnowledgeBase
from neurosym.engine.datalog import NotInFragment, StratificationError

SRC = """
parent(tom, bob). parent(bob, ann). parent(ann, joe).
anc(X, Y) :- parent(X, Y).
anc(X, Z) :- parent(X, Y), anc(Y, Z).
size(X, N) :- parent(X, _), aggregate_all(count, anc(X, _), N).
"""


def test_every_predicate_with_rules():
    kb = KnowledgeBase.from_string(SRC)
    res = kb.materialize()
    assert list(res) == ["anc/2", "size/2"]
    assert len(res) == 2 and res.total == 9 and not res.skipped
    assert sorted(res["anc/2"].to_python()) == sorted(
        (a.to_python()["X"], a.to_python()["Y"]) for a in kb.query("anc(X, Y)"))
    assert sorted(res["size/2"].to_python()) == [("ann", 1), ("bob", 2), ("tom", 3)]
    assert {t.name.name for t in res["anc/2"]} == {"anc"}


def test_preds_and_store():
    kb = KnowledgeBase.from_string(SRC)
    res = kb.materialize(["anc/2"], store=True)
    assert list(res) == ["anc/2"] and res.added == 6
    from neurosym.terms import Atom
    facts = [c for c in kb.store.clauses((Atom("anc"), 2)) if c.is_fact]
    assert len(facts) == 6
    assert kb.materialize(["anc/2"], store=True).added == 0     # nothing new the second time
    assert len(kb.materialize()["anc/2"]) == 6                  # rules and facts agree


def test_numbers_and_strings_are_stored_as_clauses():
    kb = KnowledgeBase.from_string('v(a, 1). v(b, "s"). w(X, Y) :- v(X, Y).\n')
    res = kb.materialize(store=True)
    assert res.added == 2
    assert sorted(map(repr, (a.to_python() for a in kb.query("w(X, Y)")))) == sorted(
        map(repr, [{"X": "a", "Y": 1}, {"X": "b", "Y": "s"}] * 2))


def test_outside_and_unstratified():
    kb = KnowledgeBase.from_string(SRC + "bad(X) :- parent(X, _), atom_length(X, _).\n")
    with pytest.raises(NotInFragment, match="atom_length/2"):
        kb.materialize()
    res = kb.materialize(skip_outside=True)
    assert list(res.skipped) == ["bad/1"] and "anc/2" in res
    with pytest.raises(NotInFragment):
        kb.materialize(["bad/1"], skip_outside=True)
    with pytest.raises(NotInFragment, match="unknown predicate nope/1"):
        kb.materialize(["nope/1"])
    kb2 = KnowledgeBase.from_string("n(a).\np(X) :- n(X), \\+ q(X).\nq(X) :- n(X), \\+ p(X).\n")
    with pytest.raises(StratificationError) as e:
        kb2.materialize(skip_outside=True)
    assert "\\+" in str(e.value)
