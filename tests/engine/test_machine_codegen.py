"""The generated clause code (fast path) agrees with the template walker
(the reference used in proof mode), and clause compilation details."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym import KnowledgeBase
from neurosym.engine.codegen import generate
from neurosym.engine.compile import MAX_TEMPLATE_DEPTH, compile_clause
from neurosym.engine.control import OP_CALL, goal_term
from neurosym.engine.metacall import context
from neurosym.engine.templates import Slot, Tmpl, build, unify_template
from neurosym.engine.unify import resolve_term, variant_key
from neurosym.terms import Atom, Clause, Struct, Var, deref, make_list

NAMES = ["A", "B", "C"]


def terms(var_names):
    leaves = st.one_of(
        st.sampled_from([Atom("a"), Atom("b"), 1, 2, 2.0, "s"]),
        st.sampled_from(var_names),
    )
    return st.recursive(
        leaves,
        lambda kids: st.builds(lambda n, args: Struct(Atom(n), tuple(args)),
                               st.sampled_from(["f", "g"]), st.lists(kids, min_size=1, max_size=3)),
        max_leaves=8)


@st.composite
def cases(draw):
    cvars = {n: Var(n) for n in NAMES}
    gvars = {n: Var("G" + n) for n in NAMES}
    arity = draw(st.integers(1, 3))
    head = Struct(Atom("p"), tuple(draw(terms(list(cvars.values()))) for _ in range(arity)))
    body = draw(terms(list(cvars.values())))
    goal_args = tuple(draw(terms(list(gvars.values()))) for _ in range(arity))
    return head, body, goal_args


def _bounded(t, limit=5000) -> bool:
    """False when walking ``t`` visits more than ``limit`` nodes (a cyclic
    term: occurs check is off, so unification may build one)."""
    stack = [t]
    n = 0
    while stack:
        x = stack.pop()
        n += 1
        if n > limit:
            return False
        while type(x) is Var and x.ref is not None:
            x = x.ref
        if type(x) is Struct:
            stack.extend(x.args)
    return True


def _snapshot(terms_):
    whole = Struct(Atom("x"), tuple(terms_))
    if not _bounded(whole):
        return "cyclic"
    return [resolve_term(t) for t in terms_]


def _generic(comp, args):
    trail: list = []
    frame = [None] * comp.nvars
    for t, a in zip(comp.head, args, strict=True):
        if not unify_template(t, a, frame, trail, False):
            for v in trail:
                v.ref = None
            return None
    out = _snapshot([Struct(Atom("r"), tuple(args))] + [build(g, frame) for g in comp.body])
    for v in trail:
        v.ref = None
    return out


def _fast(comp, args):
    trail: list = []
    fr = comp.fn(args, trail, False, 0, 1, -1, None)
    if fr is False:
        for v in trail:
            v.ref = None
        return None
    goals = []
    while fr is not None:
        goals.append(goal_term(fr[0]))
        fr = fr[4]
    out = _snapshot([Struct(Atom("r"), tuple(args))] + goals)
    for v in trail:
        v.ref = None
    return out


@settings(max_examples=150, deadline=None)
@given(cases())
def test_generated_code_agrees_with_the_template_walker(case):
    head, body, args = case
    comp = compile_clause(Clause(head, Struct(Atom("q"), (body,))))
    assert comp.fn is not None
    g = _generic(comp, args)
    f = _fast(comp, args)
    if g is None or f is None or g == "cyclic" or f == "cyclic":
        assert g == f
    else:
        # same instantiation of the goal and body, up to variable renaming
        assert variant_key(Struct(Atom("x"), tuple(g))) == variant_key(Struct(Atom("x"), tuple(f)))


def test_first_occurrence_aliases_the_goal_argument():
    x = Var("X")
    comp = compile_clause(Clause(Struct(Atom("p"), (x,)), Struct(Atom("q"), (x,))))
    assert isinstance(comp.head[0], Slot) and comp.key1 is None
    arg = Struct(Atom("big"), (1, 2))
    fr = comp.fn((arg,), [], False, 0, 1, -1, None)
    assert goal_term(fr[0]).args[0] is arg          # nothing was copied


def test_ground_compounds_are_made_afresh_per_call():
    """A clause's compounds are built on each call (setarg/3 may change what
    a call got, never the clause); a body goal of constants is kept as it is."""
    ground = Struct(Atom("g"), (Atom("a"), 1))
    goal = Struct(Atom("q"), (Atom("b"),))
    comp = compile_clause(Clause(Struct(Atom("p"), (ground, Var("X"))), goal))
    assert isinstance(comp.head[0], Tmpl) and comp.key1 == (Atom("g"), 2)
    assert comp.body[0] is goal
    got = [build(comp.head[0], [None] * comp.nvars) for _ in range(2)]
    assert got[0] == got[1] == ground and got[0] is not got[1] and got[0] is not ground
    v = Var("V")
    comp.fn((v, Var("Y")), [], False, 0, 1, -1, None)
    assert deref(v) == ground and deref(v) is not ground


def test_deep_clauses_fall_back_to_copying():
    deep_list = make_list([Var("X")] * (MAX_TEMPLATE_DEPTH + 50))
    comp = compile_clause(Clause(Struct(Atom("p"), (deep_list,))))
    assert comp.deep and generate(comp) is None
    kb = KnowledgeBase()
    kb.add_clause(Clause(Struct(Atom("p"), (deep_list,))))
    assert kb.ask("p(L), length(L, N), N > 200, L = [a|_], last(L, E), E == a")


def test_variable_body_goal_becomes_call():
    """A variable goal (also inside a control construct) is '$call'(t/1, G):
    call/1 whose errors name the clause's predicate, as SWI's do."""
    x = Var("G")
    comp = compile_clause(Clause(Struct(Atom("t"), (x,)), x))
    goal = comp.body[0]
    assert isinstance(goal, Tmpl) and goal.name is Atom("$call")
    owner, g = goal.args
    assert context(owner).args[0] == Struct(Atom("/"), (Atom("t"), 1)) and type(g) is Slot
    comp = compile_clause(Clause(Struct(Atom("t"), (x,)), Struct(Atom("\\+"), (x,))))
    assert comp.body[0].name is Atom("\\+") and comp.body[0].args[0].name is Atom("$call")


def test_body_calls_are_pushed_without_a_term():
    """A body call is pushed as (OP_CALL, key, name, args); the machine makes
    its term only where one is needed (a nondeterministic builtin, a
    choicepoint, an error)."""
    x = Var("X")
    comp = compile_clause(Clause(Struct(Atom("p"), (x,)),
                                 Struct(Atom(","), (Struct(Atom("q"), (x,)),
                                                    Struct(Atom(";"), (x, Atom("true")))))))
    fr = comp.fn((Atom("a"),), [], False, 0, 1, -1, None)
    assert fr[0][:3] == (OP_CALL, ("q", 1), Atom("q")) and fr[0][3] == (Atom("a"),)
    assert type(fr[4][0]) is Struct        # a control construct stays a term


def test_called_goals_are_terms_where_the_machine_keeps_them():
    kb = KnowledgeBase.from_string(
        "p(X) :- between(1, 3, X).\n"         # a nondeterministic builtin: CP_GEN keeps its goal
        "q(X) :- r(X).\nr(1).\nr(2).\n"       # a choicepoint over clauses keeps its goal
        "s(X) :- catch(t(X), E, (X = caught(E))).\nt(X) :- u(X).\n")
    assert [a["X"] for a in kb.query("p(X)")] == [1, 2, 3]
    assert [a["X"] for a in kb.query("q(X)")] == [1, 2]
    got = list(kb.query("s(X)"))
    assert len(got) == 1
    err = got[0]["X"].args[0].args[0]       # caught(error(existence_error(procedure, u/1), _))
    assert err == Struct(Atom("existence_error"),
                         (Atom("procedure"), Struct(Atom("/"), (Atom("u"), 1))))


def test_terms_built_by_generated_code_are_whole_structs():
    """Generated code makes compounds without Struct.__init__: every slot
    must still be set as the constructor sets it."""
    x = Var("X")
    inner = Struct(Atom("f"), (x, Struct(Atom("g"), (x,))))
    comp = compile_clause(Clause(Struct(Atom("p"), (x,)), Struct(Atom("q"), (inner,))))
    fr = comp.fn((1,), [], False, 0, 1, -1, None)
    built = goal_term(fr[0]).args[0]
    expected = Struct(Atom("f"), (1, Struct(Atom("g"), (1,))))
    for t in (built, built.args[1]):
        for slot in Struct.__slots__:
            assert getattr(t, slot) == getattr(Struct(t.name, t.args), slot)
    assert built == expected and hash(built) == hash(expected)


def test_clauses_of_one_shape_share_compiled_code_not_constants():
    one = compile_clause(Clause(Struct(Atom("c"), (1, Atom("x")))))
    two = compile_clause(Clause(Struct(Atom("c"), (2, Atom("y")))))
    assert one.fn.__code__ is two.fn.__code__
    assert one.fn((1, Atom("x")), [], False, 0, 1, -1, None) is None      # matched, no body
    assert one.fn((2, Atom("y")), [], False, 0, 1, -1, None) is False
    assert two.fn((2, Atom("y")), [], False, 0, 1, -1, None) is None
    assert two.fn((2, Atom("x")), [], False, 0, 1, -1, None) is False
