"""The first-argument switch (engine/switch.py): a selection never loses a
clause whose head may match, keeps clause order, and the machine's answers
through it are those of plain resolution."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym import KnowledgeBase
from neurosym.engine.switch import MULTI, Pred
from neurosym.engine.unify import unify
from neurosym.terms import NIL, Atom, Clause, Struct, Var

FIRST_ARGS = [Atom("a"), Atom("b"), NIL, Atom("[]"), 1, 2, 1.0, 0.0, -0.0, float("nan"), "a",
              "s", Struct(Atom("f"), (1,)), Struct(Atom("f"), (1, 2)), Struct(Atom("g"), (2,)),
              Struct(Atom("a"), (1,)), None]      # None: a variable


def _arg(x):
    return Var("X") if x is None else x


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FIRST_ARGS), min_size=1, max_size=8),
       st.sampled_from(FIRST_ARGS))
def test_a_selection_keeps_every_clause_that_may_match_in_order(heads, goal_arg):
    clauses = tuple(Clause(Struct(Atom("p"), (_arg(h), Atom("k") if i else i)))
                    for i, h in enumerate(heads))
    pred = Pred(clauses)
    a0 = _arg(goal_arg)
    selected, fn = pred.select(a0)
    matching = []
    for cl in clauses:
        trail: list = []
        if unify(cl.head.args[0], a0, trail):
            matching.append(cl)
        for v in trail:
            v.ref = None
    assert all(cl in selected for cl in matching)
    order = [clauses.index(cl) for cl in selected]
    assert order == sorted(order)
    assert (fn is not None) == (len(selected) == 1 and selected[0].compiled.fn is not None)


def test_answers_through_the_switch():
    kb = KnowledgeBase.from_string(
        "k(a, 1).\nk(f(x), 2).\nk(f(x, y), 3).\nk(1, 4).\nk(\"s\", 5).\nk(1.0, 6).\n"
        "k(_, 7).\nk([], 8).\nk('[]', 9).\nk(f(z), 10).\n")
    def vals(goal):
        return [a["V"] for a in kb.query(goal)]
    assert vals("k(a, V)") == [1, 7]
    assert vals("k(f(_), V)") == [2, 7, 10]
    assert vals("k(f(_, _), V)") == [3, 7]
    assert vals("k(1, V)") == [4, 7]
    assert vals("k(\"s\", V)") == [5, 7]
    assert vals("k(1.0, V)") == [6, 7]
    assert vals("k([], V)") == [7, 8]
    assert vals("k('[]', V)") == [7, 9]
    assert vals("k(zz, V)") == [7]
    assert vals("k(_, V)") == list(range(1, 11))


def test_the_switch_follows_changes_of_the_predicate():
    kb = KnowledgeBase.from_string(":- dynamic(q/1).\nq(a).\n"
                                   "run(L) :- findall(X, q(X), L).\n")
    assert list(kb.query("run(L)"))[0]["L"] == Struct(Atom("[|]"), (Atom("a"), NIL))
    assert kb.ask("assertz(q(b)), q(b), retract(q(a)), \\+ q(a), findall(X, q(X), [b])")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FIRST_ARGS), min_size=1, max_size=8),
       st.sampled_from(FIRST_ARGS))
def test_the_generated_switch_agrees_with_the_selection(heads, goal_arg):
    clauses = tuple(Clause(Struct(Atom("p"), (_arg(h), Var("Y"))), Struct(Atom("q"), (Var("Y"),)))
                    for h in heads)
    pred = Pred(clauses)
    pred.make_code()
    a0 = _arg(goal_arg)
    args = (a0, Var("G"))
    selected, fn = pred.select(a0)
    if pred.code is None:       # no one-clause selection at all
        assert all(pred.select(x)[1] is None for x in map(_arg, FIRST_ARGS))
        return
    got = pred.code(args, [], False, 0, 1, -1, None, 0, 1 << 60, [0])   # lim 0: no loop
    if fn is None:
        assert got is (MULTI if selected else False)
    else:
        expected = fn(args, [], False, 0, 1, -1, None)
        if expected is False:
            assert got is False
        else:
            assert got is not False and got is not MULTI
            assert got[0][:3] == expected[0][:3]


def test_answers_through_the_generated_switch():
    """A predicate is called often enough for its switch to be generated."""
    kb = KnowledgeBase.from_string(
        "k(a, 1).\nk(f(x), 2).\nk(f(x, y), 3).\nk(1, 4).\nk(\"s\", 5).\nk(1.0, 6).\n"
        "k([], 8).\nk('[]', 9).\nk(f(z), 10).\n"
        "many(G, V, L) :- findall(V, (between(1, 20, _), call(G)), L).\n")
    for goal, expected in [("k(a, V)", [1]), ("k(f(_), V)", [2, 10]), ("k(f(_, _), V)", [3]),
                           ("k(1, V)", [4]), ("k(\"s\", V)", [5]), ("k(1.0, V)", [6]),
                           ("k([], V)", [8]), ("k('[]', V)", [9]), ("k(zz, V)", []),
                           ("k(_, V)", [1, 2, 3, 4, 5, 6, 8, 9, 10])]:
        got = list(kb.query(f"many({goal}, V, L)"))
        assert len(got) == 1
        items = []
        t = got[0]["L"]
        while t is not NIL:
            items.append(t.args[0])
            t = t.args[1]
        assert items == expected * 20, goal


CHAIN = ("app([], L, L).\napp([H|T], L, [H|R]) :- app(T, L, R).\n"
         "len([], 0).\nlen([_|T], N) :- len(T, N0), N is N0 + 1.\n"
         "warm :- between(1, 10, _), app([a], [b], _), fail.\nwarm.\n")


def _inferences(kb, goal, proof=False):
    list(kb.query(goal, proof=proof))
    return kb.machine.inferences


def test_the_switch_loop_counts_each_call_as_an_inference():
    """app/3's switch resolves its own last call in a loop; the inference
    count is the one of resolving call by call (proof mode does)."""
    kb = KnowledgeBase.from_string(CHAIN)
    assert kb.ask("warm")
    goal = "numlist(1, 300, L), app(L, [x], R), len(R, 301)"     # proof mode: quadratic
    assert _inferences(kb, goal) == _inferences(kb, goal, proof=True)


def test_limits_stop_the_switch_loop_where_they_stop_the_machine():
    from neurosym.engine.limits import Limits
    from neurosym.errors import ResourceError
    kb = KnowledgeBase.from_string(CHAIN)
    assert kb.ask("warm")
    for limits, which in ((Limits(inferences=2500), "inferences"), (Limits(depth=500), "depth")):
        try:
            kb.ask("numlist(1, 3000, L), app(L, [x], R)", limits=limits)
        except ResourceError as e:
            assert which in str(e)
        else:
            raise AssertionError(f"{which} limit not hit")
    assert kb.ask("numlist(1, 400, L), app(L, [x], R)", limits=Limits(depth=500))
