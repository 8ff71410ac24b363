"""Tabled predicates in the Datalog fragment are served bottom-up: same answers
as SLG tabling (flag ``datalog`` off), work restricted by bound arguments, cache
on the store generation, lazy decoding, fallback outside the fragment."""

import pytest

from neurosym import KnowledgeBase
from neurosym.config import Limits
from neurosym.engine.datalog import serve
from neurosym.errors import PrologError, ResourceError
from neurosym.terms import resolve
from neurosym.terms.printer import format_term

GRAPH = """
edge(a, b). edge(b, c). edge(c, a). edge(c, d). edge(d, e). edge(x, y).
"""

LEFT = ":- table path/2.\npath(X, Y) :- path(X, Z), edge(Z, Y).\npath(X, Y) :- edge(X, Y).\n"


def answers(kb, goal, datalog=True):
    kb.machine.flags["datalog"] = kb.machine.flags["datalog"].__class__("true" if datalog else "false")
    out = set()
    for a in kb.query(goal):
        out.add(tuple(sorted((k, format_term(resolve(v), quoted=True))
                             for k, v in a.bindings.items())))
    return out


def evaluations(kb):
    return kb.machine.tables.server.evaluations


def both(kb, goal):
    on = answers(kb, goal, True)
    off = answers(kb, goal, False)
    assert on == off
    return on


@pytest.mark.parametrize("goal", ["path(X, Y)", "path(a, Y)", "path(X, e)", "path(X, X)",
                                  "path(a, a)", "path(e, Y)", "path(zz, Y)", "path(f(a), Y)",
                                  "path(1, Y)"])
def test_served_answers_equal_slg(goal):
    kb = KnowledgeBase.from_string(LEFT + GRAPH)
    both(kb, goal)
    assert kb.machine.tables.server.plan(kb.store.predicates()[0]) is not None


def test_served_calls_do_not_run_slg():
    kb = KnowledgeBase.from_string(LEFT + GRAPH)
    assert len(answers(kb, "path(X, Y)")) == 17
    assert evaluations(kb) == 1
    assert not kb.machine.tables.tables           # no SLG table was made
    # a bound call after the full relation exists only filters it
    assert len(answers(kb, "path(a, Y)")) == 5
    assert evaluations(kb) == 1


def test_bound_call_restricts_work():
    kb = KnowledgeBase.from_string(LEFT + GRAPH)
    assert answers(kb, "path(x, Y)") == {(("Y", "y"),)}
    srv = kb.machine.tables.server
    assert evaluations(kb) == 1
    assert not srv._full                           # no full evaluation was needed


def test_many_bound_calls_switch_to_one_full_evaluation():
    kb = KnowledgeBase.from_string(LEFT + GRAPH + "n(a). n(b). n(c). n(d). n(e). n(x). n(y).\n"
                                   "n(p). n(q). n(r). n(s).\n")
    got = answers(kb, "n(N), path(N, Y)")
    assert got == answers(kb, "n(N), path(N, Y)", datalog=False)
    assert evaluations(kb) == serve.FULL_AFTER + 1


def test_cache_follows_store_generation():
    kb = KnowledgeBase.from_string(":- dynamic edge/2.\n" + LEFT + GRAPH)
    assert ("Y", "y") not in {b for a in answers(kb, "path(e, Y)") for b in a}
    kb.add("edge(e, x).")
    assert answers(kb, "path(e, Y)") == {(("Y", v),) for v in ("x", "y")}
    kb.retract("edge(e, x).")
    assert answers(kb, "path(e, Y)") == set()
    assert evaluations(kb) == 3


def test_assert_during_iteration_keeps_the_snapshot():
    kb = KnowledgeBase.from_string(":- dynamic edge/2.\n" + LEFT + GRAPH)
    got = [a.to_python()["Y"] for a in kb.query("path(d, Y), assertz(edge(e, d))")]
    assert got == ["e"]
    assert answers(kb, "path(d, Y)") == {(("Y", v),) for v in ("d", "e")}


def test_negation_aggregation_and_arithmetic_agree():
    src = GRAPH + """
:- table path/2, unreach/2, nreach/2, dist/2.
path(X, Y) :- edge(X, Y).
path(X, Z) :- edge(X, Y), path(Y, Z).
node(X) :- edge(X, _).
node(Y) :- edge(_, Y).
unreach(X, Y) :- node(X), node(Y), \\+ path(X, Y).
nreach(X, N) :- node(X), aggregate_all(count, path(X, _), N).
dist(a, 0).
dist(Y, D) :- dist(X, D0), edge(X, Y), D0 < 5, D is D0 + 1.
"""
    kb = KnowledgeBase.from_string(src)
    goals = ("unreach(X, Y)", "nreach(X, N)", "dist(X, D)", "unreach(a, Y)", "nreach(a, N)")
    for goal in goals:
        assert answers(kb, goal)
    assert not kb.machine.tables.tables           # all served bottom-up
    for goal in goals:
        assert both(kb, goal)


def test_strings_floats_and_signed_zero():
    src = ('lab(a, "alpha"). lab(b, 2.5). lab(c, -0.0). lab(d, 0.0). lab(e, 7).\n'
           ":- table l/2.\nl(X, Y) :- lab(X, Y).\n")
    kb = KnowledgeBase.from_string(src)
    got = both(kb, "l(X, Y)")
    assert (("X", "c"), ("Y", "-0.0")) in got and (("X", "d"), ("Y", "0.0")) in got
    assert both(kb, "l(X, 0.0)") == {(("X", "d"),)}
    assert both(kb, 'l(X, "alpha")') == {(("X", "a"),)}
    assert both(kb, "l(X, 7.0)") == set()


def test_outside_the_fragment_falls_back_to_slg():
    src = GRAPH + ":- table p/1, q/2, r/1.\np(X) :- edge(X, _), atom(X).\n" \
                  "q(X, Y) :- edge(X, Y), !.\nr(X) :- edge(X, _), ord_empty(X).\n"
    kb = KnowledgeBase.from_string(src)
    srv = kb.machine.tables.server
    from neurosym.terms import Atom
    for key in ((Atom("p"), 1), (Atom("q"), 2), (Atom("r"), 1)):
        assert not srv.plan(key).ok
    assert "library" in srv.plan((Atom("r"), 1)).reason
    assert both(kb, "p(X)") and both(kb, "q(X, Y)")
    assert both(kb, "r(X)") == set()
    assert kb.machine.tables.tables                 # SLG ran


def test_unknown_procedure_error_is_kept():
    kb = KnowledgeBase.from_string(":- table p/1.\np(X) :- q(X).\n")
    with pytest.raises(PrologError) as e:
        list(kb.query("p(X)"))
    assert "existence_error" in str(e.value.term)


def test_arithmetic_error_comes_from_slg():
    kb = KnowledgeBase.from_string(":- table p/2.\nv(a). v(1).\np(X, Y) :- v(X), Y is X + 1.\n")
    with pytest.raises(PrologError) as e:
        list(kb.query("p(X, Y)"))
    assert "type_error" in str(e.value.term)
    from neurosym.terms import Atom
    assert not kb.machine.tables.server.plan((Atom("p"), 2)).ok


def test_unstratified_program_is_left_to_slg():
    kb = KnowledgeBase.from_string(":- table p/1, q/1.\nn(a).\np(X) :- n(X), \\+ q(X).\n"
                                   "q(X) :- n(X), \\+ p(X).\n")
    from neurosym.terms import Atom
    assert "stratif" in kb.machine.tables.server.plan((Atom("p"), 1)).reason
    with pytest.raises(PrologError):
        list(kb.query("p(X)"))


def test_answers_decode_lazily():
    n = 3000
    src = "".join(f"e({i}, {i + 1}).\n" for i in range(n))
    kb = KnowledgeBase.from_string(src + ":- table p/2.\np(X, Y) :- e(X, Y).\n")
    seen = []
    orig = serve.Rows.values

    def spy(self, i):
        v = orig(self, i)
        seen.append(self._hi - self._lo)
        return v
    serve.Rows.values = spy
    try:
        assert len(list(kb.query("p(X, Y)", limit=3))) == 3
        assert max(seen) <= serve.CHUNK
        seen.clear()
        assert kb.ask("aggregate_all(count, p(_, _), N), N =:= 3000")
        assert seen == []                          # counted without decoding a row
    finally:
        serve.Rows.values = orig


def test_limits_stop_an_infinite_bottom_up_run():
    kb = KnowledgeBase.from_string(":- table nat/1.\nnat(0).\nnat(N) :- nat(M), N is M + 1.\n")
    with pytest.raises(ResourceError):
        list(kb.query("nat(X)", limits=Limits(time=0.5)))
    with pytest.raises(ResourceError):
        list(kb.query("nat(X)", limits=Limits(inferences=300)))


def test_a_served_answer_has_a_derivation_in_its_proof():
    kb = KnowledgeBase.from_string(LEFT + GRAPH)
    (a,) = list(kb.query("path(x, Y)", proof=True))     # served bottom-up, then derived
    assert a.proof.render().splitlines() == [
        "path(x,y)    by path(X,Y) :- edge(X,Y)  [<string>:3]",
        "  edge(x,y)    fact  [<string>:5]"]


def test_flag_can_be_set_from_source():
    kb = KnowledgeBase.from_string(":- set_prolog_flag(datalog, false).\n" + LEFT + GRAPH)
    assert kb.count("path(a, Y)") == 5
    assert evaluations(kb) == 0 and kb.machine.tables.tables
    assert kb.ask("current_prolog_flag(datalog, false)")


def test_atoms_and_empty_dynamic_predicates():
    kb = KnowledgeBase.from_string(":- table p/0, q/0, r/1.\n:- dynamic d/1.\ne(a). e(b).\n"
                                   "p :- e(a).\nq :- e(c).\nr(X) :- e(X), \\+ d(X).\n")
    assert kb.ask("p") and not kb.ask("q") and kb.count("p") == 1
    assert both(kb, "r(X)") == {(("X", "a"),), (("X", "b"),)}
    kb.add("d(a).")
    assert both(kb, "r(X)") == {(("X", "b"),)}


def test_counting_over_a_multiset_is_left_to_slg():
    """SLD counts solutions with multiplicity: two derivations of r(a, b), or a
    duplicated fact, count twice; such a tabled predicate is not served."""
    src = (":- table c/2, d/2, s/2.\ne(a, b). f(a, b). g(a, b). g(a, b). n(a).\n"
           "r(X, Y) :- e(X, Y).\nr(X, Y) :- f(X, Y).\n"
           "c(X, N) :- n(X), aggregate_all(count, r(X, _), N).\n"
           "d(X, N) :- n(X), aggregate_all(count, g(X, _), N).\n"
           "s(X, N) :- n(X), aggregate_all(max(Y), r(X, Y), N).\n")
    kb = KnowledgeBase.from_string(src)
    assert both(kb, "c(X, N)") == {(("N", "2"), ("X", "a"))}
    assert both(kb, "d(X, N)") == {(("N", "2"), ("X", "a"))}
    from neurosym.terms import Atom
    srv = kb.machine.tables.server
    assert "r/2" in str(srv.plan((Atom("c"), 2)).multiset)
    assert srv.plan((Atom("s"), 2)).multiset is None        # max does not see multiplicity
    assert len(kb.materialize(["c/2"])["c/2"].to_python()) == 1   # materialize: set semantics
