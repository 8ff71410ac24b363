"""The SLD machine: control, cut, exceptions, unknown predicates, limits."""

from __future__ import annotations

import io

import pytest

from neurosym import KnowledgeBase
from neurosym.config import Limits
from neurosym.errors import (
    ExistenceError,
    InstantiationError,
    PrologError,
    PrologTypeError,
    ResourceError,
)


def answers(program: str, query: str, **kw) -> list[dict]:
    kb = KnowledgeBase.from_string(program, warn=lambda _t: None)
    return [a.to_python() for a in kb.query(query, **kw)]


def assert_answers(program: str, query: str, expected: list[dict]) -> None:
    assert answers(program, query) == expected


def output_of(program: str, query: str) -> str:
    out = io.StringIO()
    kb = KnowledgeBase.from_string(program, output=out, warn=lambda _t: None)
    list(kb.query(query))
    return out.getvalue()


APP = """
app([], L, L).
app([H|T], L, [H|R]) :- app(T, L, R).
"""


def test_clause_order_and_backtracking():
    got = answers(APP, "app(X, Y, [1, 2])")
    assert got == [{"X": [], "Y": [1, 2]}, {"X": [1], "Y": [2]}, {"X": [1, 2], "Y": []}]


def test_conjunction_shares_bindings():
    assert_answers("p(1). p(2). q(2).", "p(X), q(X)", [{"X": 2}])


def test_cut_prunes_clauses_and_goals_to_its_left():
    prog = "p(1). p(2). p(3). t(X) :- p(X), X >= 2, !. t(9)."
    assert_answers(prog, "t(X)", [{"X": 2}])


def test_cut_is_local_to_call_and_negation():
    prog = "p(1). p(2). t(X) :- call((p(X), !)). u(X) :- p(X), \\+ \\+ !."
    assert_answers(prog, "t(X)", [{"X": 1}])
    assert_answers(prog, "u(X)", [{"X": 1}, {"X": 2}])


def test_cut_inside_if_then_else_branches_cuts_the_clause():
    prog = "p(1). p(2). t(X) :- ( true -> p(X), ! ; true ). t(3)."
    assert_answers(prog, "t(X)", [{"X": 1}])


def test_cut_in_condition_is_local():
    prog = "p(1). p(2). t(X) :- ( p(X), ! -> true ; true ). t(3)."
    assert_answers(prog, "t(X)", [{"X": 1}, {"X": 3}])


def test_disjunction_if_then_else_and_soft_cut():
    prog = "p(1). p(2)."
    assert_answers(prog, "(X = a ; X = b)", [{"X": "a"}, {"X": "b"}])
    assert_answers(prog, "(p(X) -> Y = yes ; Y = no)", [{"X": 1, "Y": "yes"}])
    assert_answers(prog, "(p(3) -> Y = yes ; Y = no)", [{"Y": "no"}])
    assert_answers(prog, "(p(X) *-> Y = yes ; Y = no)",
                   [{"X": 1, "Y": "yes"}, {"X": 2, "Y": "yes"}])
    assert_answers(prog, "(p(3) *-> Y = yes ; Y = no)", [{"Y": "no"}])
    assert_answers(prog, "(p(X) -> true)", [{"X": 1}])
    assert answers(prog, "(fail -> true)") == []


def test_negation():
    assert_answers("p(1).", "\\+ p(2)", [{}])
    assert answers("p(1).", "\\+ p(1)") == []
    assert_answers("p(1).", "not(p(2))", [{}])
    # bindings inside \+ are undone
    assert_answers("p(1).", "\\+ \\+ X = 1, var(X)", [{"X": None}])


def test_call_n_adds_arguments_and_is_opaque_to_cut():
    assert_answers(APP, "call(app, [1], [2], X)", [{"X": [1, 2]}])
    assert_answers(APP, "G = app([1]), call(G, [2], X)", [{"G": {"functor": "app", "args": [[1]]}, "X": [1, 2]}])
    assert_answers("p(1). p(2).", "call(p, X)", [{"X": 1}, {"X": 2}])


def test_variable_goal_in_body_is_called():
    assert_answers("t(G) :- G. p(1). p(2).", "t(p(X))", [{"X": 1}, {"X": 2}])
    # a cut passed in as a variable goal is local (call/1 semantics)
    assert_answers("t(G) :- G, true. t(_). p(1).", "t(!)", [{}, {}])


def test_catch_and_throw():
    assert_answers("", "catch(throw(my), E, true)", [{"E": "my"}])
    assert_answers("", "catch(throw(f(X, a)), f(Y, Z), true)",
                   [{"X": None, "Y": None, "Z": "a"}])
    # the catcher must unify; otherwise the ball goes on outward
    assert_answers("", "catch(catch(throw(b), a, R = inner), b, R = outer)", [{"R": "outer"}])
    with pytest.raises(PrologError) as ei:
        answers("", "throw(ball(1))")
    assert "ball(1)" in str(ei.value)


def test_ball_is_copied_at_throw():
    # the binding of X made before the throw is undone, the ball keeps its value
    assert_answers("", "catch((X = 1, throw(v(X))), v(B), true)", [{"X": None, "B": 1}])


def test_catch_is_inactive_after_its_goal_exits():
    prog = "p(1). p(2)."
    # the error after catch/3 exited is not caught by it
    with pytest.raises(PrologError):
        answers(prog, "catch(p(X), _, true), X > 1, throw(late)")


def test_catch_recovers_from_builtin_errors_with_iso_terms():
    got = answers("", "catch(X is foo + 1, error(E, _), true)")
    assert got == [{"X": None, "E": {"functor": "type_error",
                                      "args": ["evaluable", {"functor": "/", "args": ["foo", 0]}]}}]
    got = answers("", "catch(atom_length(X, _), error(E, _), true)")
    assert got[0]["E"] == "instantiation_error"


def test_backtracking_into_catch_goal():
    assert_answers("p(1). p(2).", "catch(p(X), _, true)", [{"X": 1}, {"X": 2}])


def test_unknown_procedure_is_an_existence_error():
    with pytest.raises(ExistenceError) as ei:
        answers("p(1).", "q(1)")
    assert "q/1" in str(ei.value)
    got = answers("", "catch(nope(1, 2), error(existence_error(procedure, PI), _), true)")
    assert got == [{"PI": {"functor": "/", "args": ["nope", 2]}}]


def test_dynamic_predicate_fails_quietly():
    assert answers(":- dynamic(d/1).", "d(X)") == []
    assert answers(":- dynamic d/1, e/2.", "e(X, Y)") == []


def test_calling_a_variable_or_number():
    with pytest.raises(InstantiationError):
        answers("", "call(X)")
    with pytest.raises(PrologTypeError) as ei:
        answers("", "call(1)")
    assert "callable" in str(ei.value)
    # the body is checked before it runs, as SWI does
    expected = [{"T": "callable", "C": {"functor": ",", "args": ["fail", 1]}}]
    assert answers("", "catch(call((fail, 1)), error(type_error(T, C), _), true)") == expected
    assert answers("", "catch((fail, 1), error(type_error(T, C), _), true)") == expected


def test_repeat():
    prog = ":- dynamic c/1.\nc(0).\nstep(N) :- retract(c(N0)), N is N0 + 1, assertz(c(N))."
    assert_answers(prog, "repeat, step(N), N >= 3, !", [{"N": 3}])


def test_nondeterministic_builtin_backtracks():
    assert_answers("", "between(1, 3, X)", [{"X": 1}, {"X": 2}, {"X": 3}])
    assert_answers("", "between(1, 5, X), X mod 2 =:= 0", [{"X": 2}, {"X": 4}])


def test_findall_uses_sub_queries():
    assert_answers("p(1). p(2). p(3).", "findall(X-Y, (p(X), p(Y), X < Y), L)",
                   [{"X": None, "Y": None, "L": [
                       {"functor": "-", "args": [1, 2]}, {"functor": "-", "args": [1, 3]},
                       {"functor": "-", "args": [2, 3]}]}])


def test_assert_during_a_query_is_seen_by_later_calls():
    prog = ":- dynamic c/1.\nc(0).\ninc :- retract(c(N)), N1 is N + 1, assertz(c(N1))."
    assert_answers(prog, "inc, inc, c(X)", [{"X": 2}])


def test_logical_update_view():
    prog = ":- dynamic q/1.\nq(1). q(2)."
    # clauses asserted while q/1 runs are not seen by that call
    assert_answers(prog, "q(X), assertz(q(3)), X > 1", [{"X": 2}])


def test_output_goes_to_the_kb_stream():
    assert output_of("hello :- write(hi), nl.", "hello") == "hi\n"


def test_first_argument_indexing_leaves_no_choicepoint():
    from neurosym.engine.control import CP_CLAUSES
    kb = KnowledgeBase.from_string("len([], 0).\nlen([_|T], N) :- len(T, N0), N is N0 + 1.")
    m = kb.machine
    seen = []
    orig = m._run

    def spy(goal, depth=0, top=False):
        gen = orig(goal, depth, top)
        for x in gen:
            seen.append(gen.gi_frame.f_locals["cps"][:])
            yield x
    m._run = spy
    assert [a.to_python() for a in kb.query("len([a, b, c], N)")] == [{"N": 3}]
    assert seen and not any(cp[0] == CP_CLAUSES for cp in seen[0])


def test_deep_recursion_a_million_levels():
    prog = """
count(0) :- !.
count(N) :- N > 0, N1 is N - 1, count(N1).
len([], 0).
len([_|T], N) :- len(T, N0), N is N0 + 1.
"""
    kb = KnowledgeBase.from_string(prog)
    assert kb.ask("count(1000000)")
    assert kb.ask("numlist(1, 1000000, L), append(L, [x], L2), length(L2, 1000001)")
    # non-tail recursion: the continuation grows 300,000 frames deep
    assert kb.ask("numlist(1, 300000, L), len(L, N), N =:= 300000")
    # answers holding a million-element list convert and free without recursion
    a = next(kb.query("numlist(1, 1000000, L)"))
    assert len(a.to_python()["L"]) == 1000000
    del a


# -- limits ---------------------------------------------------------------------

LOOP = "loop :- loop.\nnat(0).\nnat(N) :- nat(M), N is M + 1."


def test_inference_limit():
    kb = KnowledgeBase.from_string(LOOP)
    with pytest.raises(ResourceError) as ei:
        kb.ask("loop", limits=Limits(inferences=10_000))
    assert ei.value.limit == "inferences"


def test_depth_limit():
    kb = KnowledgeBase.from_string(LOOP)
    with pytest.raises(ResourceError) as ei:
        list(kb.query("nat(N), N > 100000", limits=Limits(depth=500)))
    assert ei.value.limit == "depth"


def test_time_limit():
    kb = KnowledgeBase.from_string(LOOP)
    with pytest.raises(ResourceError) as ei:
        kb.ask("loop", limits=Limits(time=0.2))
    assert ei.value.limit == "time"


def test_answers_limit():
    kb = KnowledgeBase.from_string(LOOP)
    with pytest.raises(ResourceError) as ei:
        list(kb.query("between(1, 10, X)", limits=Limits(answers=3)))
    assert ei.value.limit == "answers"
    assert len(list(kb.query("between(1, 3, X)", limits=Limits(answers=3)))) == 3


def test_limits_cannot_be_caught():
    kb = KnowledgeBase.from_string(LOOP)
    with pytest.raises(ResourceError):
        kb.ask("catch(loop, _, true)", limits=Limits(inferences=5_000))


def test_limits_reset_between_queries():
    kb = KnowledgeBase.from_string(LOOP)
    lim = Limits(inferences=1000)
    for _ in range(5):
        assert kb.count("between(1, 100, _)", limits=lim) == 100


def test_two_open_queries_can_be_advanced_in_turn():
    kb = KnowledgeBase.from_string("p(1). p(2). p(3). q(a). q(b).")
    it1 = kb.query("p(X)")
    it2 = kb.query("q(Y)")
    got = []
    for _ in range(2):
        got.append(next(it1).to_python())
        got.append(next(it2).to_python())
    got.append(next(it1).to_python())
    assert got == [{"X": 1}, {"Y": "a"}, {"X": 2}, {"Y": "b"}, {"X": 3}]
    assert kb.ask("p(3)") and list(it2) == []


def test_occurs_check_flag():
    prog = "p(X, f(X))."
    assert answers(":- set_prolog_flag(occurs_check, true).\n" + prog, "p(A, A)") == []
    assert answers(":- set_prolog_flag(occurs_check, true).", "X = f(X)") == []
    assert answers(":- set_prolog_flag(occurs_check, true).\n" + prog, "p(a, B)") == [
        {"B": {"functor": "f", "args": ["a"]}}]


# -- the dispatch cache after a nested run changed the store ---------------

RETRACTABLE = ":- dynamic q/1.\nq(1). q(2).\n"


def test_dispatch_is_fresh_after_a_nested_run_retracts():
    # findall's sub-run refreshes the machine's cache; the outer loop must
    # not go on with its own stale clause snapshot of q/1
    assert answers(RETRACTABLE, r"findall(X, (q(X), retract(q(X))), L), \+ q(_)") == [
        {"X": None, "L": [1, 2]}]
    assert answers(RETRACTABLE, "findall(X, (q(X), retract(q(X))), L), findall(Y, q(Y), L2)") == [
        {"X": None, "L": [1, 2], "Y": None, "L2": []}]
    assert answers(RETRACTABLE, r"forall(q(X), retract(q(X))), \+ q(_)") == [{"X": None}]


def test_dispatch_is_fresh_after_a_nested_run_asserts():
    prog = ":- dynamic r/1.\n"
    assert answers(prog, "findall(X, (member(X, [1, 2]), assertz(r(X))), _), findall(Y, r(Y), L)") == [
        {"X": None, "Y": None, "L": [1, 2]}]


def test_store_change_while_a_query_is_suspended_is_seen():
    kb = KnowledgeBase.from_string(":- dynamic r/1.\n" + RETRACTABLE, warn=lambda _t: None)
    got = []
    for a in kb.query(r"q(X), \+ r(X)"):
        got.append(a.to_python())
        kb.add("r(2).")
    assert got == [{"X": 1}]


# -- -0.0 and 0.0 are different terms (checked with swipl 9) ---------------

ZEROS = "p(0.0, pos). p(-0.0, neg).\n"


@pytest.mark.parametrize("query, ok", [
    ("-0.0 = 0.0", False),
    ("0.0 = 0.0", True),
    ("X is -0.0, X == -0.0", True),
    ("X is -0.0, X = 0.0", False),
    ("-0.0 == 0.0", False),
    ("X = f(-0.0), X = f(0.0)", False),
    ("findall(S, p(-0.0, S), L), L == [neg]", True),
    ("findall(S, p(0.0, S), L), L == [pos]", True),
    ("findall(S, (Y is -1.0 * 0.0, p(Y, S)), L), L == [neg]", True),
    ("X = 0, X = 0", True),
    ("0 = 0.0", False),
])
def test_negative_zero_is_not_zero(query, ok):
    assert bool(answers(ZEROS, query)) is ok


def test_negative_zero_in_compiled_and_generic_heads():
    # the fast path (codegen) and the generic unifier agree
    prog = "z(0.0). w(-0.0).\n"
    assert answers(prog, "z(-0.0)") == [] and answers(prog, "w(0.0)") == []
    assert answers(prog, "z(0.0)") == [{}] and answers(prog, "w(-0.0)") == [{}]
    assert answers(prog, "z(X)") == [{"X": 0.0}]
    assert answers(prog + ":- set_prolog_flag(occurs_check, true).\n", "w(0.0)") == []


# -- grammar rules (expectations checked with swipl 9) ----------------------

DCG = """
greeting --> [hello], name.
name --> [world].
name --> [prolog].
digits([D|T]) --> digit(D), digits(T).
digits([D]) --> digit(D).
digit(D) --> [D], { code_type(D, digit) }.
ab, [b] --> [a].
anything([]) --> [].
anything([H|T]) --> [H], anything(T).
notx --> \\+ [x], [_].
"""


@pytest.mark.parametrize("query, expected", [
    ("phrase(greeting, [hello, world])", [{}]),
    ("phrase(greeting, [hello, prolog])", [{}]),
    ("phrase(greeting, [hello])", []),
    ("findall(L, phrase(greeting, L), Ls)", [{"L": None, "Ls": [["hello", "world"], ["hello", "prolog"]]}]),
    ("atom_codes('123', Cs), phrase(digits(Ds), Cs), atom_codes(A, Ds)",
     [{"Cs": [49, 50, 51], "Ds": [49, 50, 51], "A": "123"}]),
    ("phrase(ab, [a], R)", [{"R": ["b"]}]),
    ("findall(X-Y, phrase((anything(X), anything(Y)), [1, 2]), XY), length(XY, N)",
     [{"X": None, "Y": None, "XY": [{"functor": "-", "args": [[], [1, 2]]},
                                    {"functor": "-", "args": [[1], [2]]},
                                    {"functor": "-", "args": [[1, 2], []]}], "N": 3}]),
    ("phrase(notx, [y])", [{}]),
    ("phrase(notx, [x])", []),
    ("greeting([hello, world], [])", [{}]),
])
def test_grammar_rules_are_translated(query, expected):
    assert answers(DCG, query) == expected


def test_grammar_rules_added_later():
    kb = KnowledgeBase.from_string("", warn=lambda _t: None)
    kb.add("a --> [x].")
    kb.add("b --> a, a.")
    assert kb.ask("phrase(a, [x])") and kb.ask("phrase(b, [x, x])")
    assert not kb.ask("phrase(b, [x])")
    assert [a.to_python() for a in kb.query("phrase(b, L)")] == [{"L": ["x", "x"]}]


def test_bad_grammar_rule_is_a_warning_not_a_crash():
    got: list = []
    kb = KnowledgeBase.from_string("X --> [a].\nok --> [b].\n", warn=got.append)
    assert got and kb.ask("phrase(ok, [b])")


def test_multifile_is_accepted():
    got: list = []
    kb = KnowledgeBase.from_string(":- multifile p/1, q/2.\n:- multifile([r/0]).\np(1).\n",
                                   warn=got.append)
    assert got == [] and kb.ask("p(1)")


@pytest.mark.parametrize("goal", ["repeat, fail", "between(1, inf, _), fail"])
def test_failure_driven_loops_meet_the_limits(goal):
    from neurosym import KnowledgeBase
    from neurosym.config import Limits
    from neurosym.errors import ResourceError

    kb = KnowledgeBase.from_string("p.")
    with pytest.raises(ResourceError) as e:
        list(kb.query(goal, limits=Limits(inferences=5000)))
    assert e.value.limit == "inferences"
    with pytest.raises(ResourceError) as e:
        list(kb.query(goal, limits=Limits(time=0.3)))
    assert e.value.limit == "time"
