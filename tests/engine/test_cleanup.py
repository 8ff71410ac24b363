"""setup_call_cleanup/3 and kin on the machine: what the differential
program (tests/differential/programs/cleanup.pl) cannot see -- a query
closed by its caller, nested runs, and the count of live cleanups."""

from __future__ import annotations

import io

from neurosym import KnowledgeBase

PROG = """
report(C) :- write(C), nl.
gen(X) :- setup_call_catcher_cleanup(true, between(1, inf, X), C, report(C)).
"""


def _kb():
    out = io.StringIO()
    return KnowledgeBase.from_string(PROG, output=out), out


def test_a_query_closed_early_runs_the_cleanup_with_cut():
    kb, out = _kb()
    it = iter(kb.query("gen(X)", limit=None))
    assert [next(it).bindings["X"] for _ in range(3)] == [1, 2, 3]
    assert out.getvalue() == ""
    it.close()
    assert out.getvalue() == "!\n"
    assert kb.machine.cleanups == 0


def test_a_nested_run_closed_early_runs_its_cleanup():
    kb, out = _kb()
    assert kb.ask("forall(gen(X), X < 3)") is False
    assert out.getvalue() == "!\n"
    assert kb.ask("\\+ gen(X)") is False
    assert out.getvalue() == "!\n!\n"
    assert kb.machine.cleanups == 0


def test_the_cleanup_count_returns_to_zero():
    kb, out = _kb()
    goals = ["setup_call_cleanup(true, member(X, [1, 2]), true)",
             "setup_call_cleanup(true, member(X, [1, 2]), true), !",
             "catch(setup_call_cleanup(true, (member(X, [1, 2]), throw(x)), true), _, true)",
             "findall(X, setup_call_cleanup(true, member(X, [1, 2]), true), _)"]
    for g in goals:
        list(kb.query(g, limit=None))
        assert kb.machine.cleanups == 0, g
