"""The tracer through the API: ports written without asking (SWI's
``leash(-all)``), spy points and leap, the Exception port, and answers
unchanged by tracing.  The port sequences against SWI-Prolog's are in
tests/differential/test_trace.py; the keys in tests/faces/test_repl_trace.py."""

from __future__ import annotations

import io

import pytest

from neurosym import KnowledgeBase
from neurosym.engine.tracer import Traced
from neurosym.errors import PrologError
from neurosym.terms.printer import format_term, write_canonical

PROG = """
app([], L, L).
app([H|T], L, [H|R]) :- app(T, L, R).
len([], 0).
len([_|T], N) :- len(T, M), N is M + 1.
p(1). p(2). p(3).
q(X) :- p(X), X > 1.
s :- atom_length(_, _).
r(E) :- catch(s, E, true).
"""


def _kb():
    kb = KnowledgeBase.from_string(PROG, output=io.StringIO())
    err = io.StringIO()
    kb.machine.tracer.err = err
    return kb, err


def _answers(kb, goal):
    return [{k: format_term(v, quoted=True) for k, v in a.bindings.items()}
            for a in kb.query(goal, limit=None)]


def test_ports_of_a_query():
    kb, err = _kb()
    assert _answers(kb, "trace, len([a], N)") == [{"N": "1"}]
    assert err.getvalue().splitlines() == [
        "   Call: (11) len([a], _1)",
        "   Call: (12) len([], _2)",
        "   Exit: (12) len([], 0)",
        "   Call: (12) _1 is 0+1",
        "   Exit: (12) 1 is 0+1",
        "   Exit: (11) len([a], 1)",
    ]


def test_redo_and_fail_ports_show_the_goal_as_called():
    kb, err = _kb()
    assert _answers(kb, "trace, q(X)") == [{"X": "2"}, {"X": "3"}]
    lines = err.getvalue().splitlines()
    assert "   Fail: (12) 1>1" in lines
    assert lines.count("   Redo: (12) p(_1)") == 2
    assert lines[-1] == "   Exit: (11) q(3)"            # p(3) was the last clause


def test_exception_port_and_the_error_still_caught():
    kb, err = _kb()
    [answer] = _answers(kb, "trace, r(E), notrace")
    assert answer["E"].startswith("error(instantiation_error")
    lines = err.getvalue().splitlines()
    assert "   Exception: (13) atom_length(_2, _3)" in lines
    assert "   Exception: (12) s" in lines
    assert lines[-1].startswith("   Exit: (11) r(error(instantiation_error")


def test_tracing_changes_no_answer():
    plain, _ = _kb()
    traced, err = _kb()
    for goal in ["app(X, Y, [1, 2, 3])", "q(X)", "len([a, b, c], N)",
                 "findall(X-Y, app(X, Y, [1, 2]), L)", "\\+ p(4)",
                 "(p(X), X > 1 -> Y = yes ; Y = no)", "catch(s, error(E, _), true)"]:
        want = _answers(plain, goal)
        assert _answers(traced, "trace, " + goal) == want, goal
        assert _answers(traced, "notrace") == [{}]
    assert err.getvalue()


def test_spy_point_leaps_to_its_ports():
    kb, err = _kb()
    assert _answers(kb, "spy(len/2)") == [{}]
    assert err.getvalue() == "% Spy point on len/2\n"
    err.seek(0)
    err.truncate()
    assert _answers(kb, "app([1], [], L), len(L, N)") == [{"L": "[1]", "N": "1"}]
    out = err.getvalue()
    assert "app(" not in out                           # not a spy point: leapt over
    # the spy point's Call switches to creep, as SWI's debugger does
    assert out.splitlines()[0] == "   Call: (11) len([1], _1)"
    assert "   Call: (12) len([], _2)" in out
    _answers(kb, "nospy(len)")
    assert "% Spy point removed from len/2" in err.getvalue()
    assert kb.machine.tracer.spies == set()


def test_nodebug_leaves_nothing_traced():
    kb, err = _kb()
    _answers(kb, "trace, app([1], [2], _)")
    assert kb.machine.tracing
    _answers(kb, "nodebug")
    assert not kb.machine.tracing
    err.seek(0)
    err.truncate()
    assert _answers(kb, "app([1], [2], L)") == [{"L": "[1,2]"}]
    assert err.getvalue() == ""
    # off, the dispatch table holds the plain entries only: no cost
    assert not any(type(e) is Traced for e in kb.machine._disp.values())


def test_debugging_reports_the_mode_and_spy_points():
    kb, err = _kb()
    _answers(kb, "debugging")
    assert err.getvalue() == "% Debug mode is off\n"
    _answers(kb, "spy(app), debugging, nospyall")
    assert "% Debug mode is on\n% Spy points (see spy/1) on:\n%         app/3\n" in err.getvalue()


@pytest.mark.parametrize("spec,formal", [("_", "instantiation_error"),
                                         ("foo/x", "type_error(predicate_indicator,/(foo,x))"),
                                         ("nope", "existence_error(procedure,nope)")])
def test_spy_errors(spec, formal):
    kb, _ = _kb()
    with pytest.raises(PrologError) as e:
        _answers(kb, f"spy({spec})")
    assert write_canonical(e.value.formal) == formal


def test_a_predicate_warmed_into_a_generated_switch_still_shows_every_call():
    """After enough calls a small predicate gets generated code whose
    last-call loop resolves its own recursion in place; a traced call must
    still show the port of each recursive call."""
    kb, err = _kb()
    for _ in range(20):                          # warm app/3 into its generated switch
        assert _answers(kb, "app([a, b, c], [d], X)") == [{"X": "[a,b,c,d]"}]
    _answers(kb, "trace, app([a, b, c], [d], X), notrace")
    calls = [line for line in err.getvalue().splitlines() if "Call:" in line and "app(" in line]
    assert len(calls) == 4, err.getvalue()
