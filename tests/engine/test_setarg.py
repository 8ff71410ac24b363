"""setarg/3 and nb_setarg/3 never change the program: a clause's or a fact's
compounds, a table's answers, an asserted clause and a reused query are as
written after a run changed the terms it got from them.  (Their answers
against SWI-Prolog: tests/differential/programs/setarg.pl.)"""

from __future__ import annotations

import io

from neurosym import KnowledgeBase
from neurosym.engine.builtins.mutable import ArgUndo, bi_nb_setarg, bi_setarg
from neurosym.engine.query import clause_text
from neurosym.engine.tracer import unbound_since
from neurosym.terms import Atom, Struct

PROGRAM = """
:- dynamic r/1.
counter(c(0)).
nested(t(k(1), [a, b])).
make(T) :- T = s(0, g(x)).
long(L) :- L = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].
:- table tq/1.
tq(f(1)).
tq(f(2)).
bump(C) :- arg(1, C, V0), V1 is V0 + 1, nb_setarg(1, C, V1).
"""

CHANGES = [
    "counter(C), nb_setarg(1, C, 5)",
    "counter(C), setarg(1, C, 6)",
    "nested(T), arg(1, T, K), nb_setarg(1, K, 99), setarg(2, T, [z])",
    "make(T), arg(2, T, G), nb_setarg(1, G, y), nb_setarg(1, T, 1)",
    "long(L), nb_setarg(1, L, x), L = [_|T], nb_setarg(1, T, y)",
    "tq(X), nb_setarg(1, X, z)",
    "make(T), bump(T), bump(T)",
    "T = f(a), assertz(r(T)), nb_setarg(1, T, b)",
]


def _program_text(kb) -> list[str]:
    store = kb.store
    return [clause_text(c) for key in store.predicates() for c in store.clauses(key)]


def _values(kb, goal: str) -> list[dict]:
    return [a.to_python() for a in kb.query(goal)]


def test_program_is_unchanged_after_setarg_on_its_terms():
    kb = KnowledgeBase.from_string(PROGRAM, warn=lambda _t: None)
    reads = ["counter(X)", "nested(X)", "make(X)", "long(X)", "findall(X, tq(X), L)"]
    before = {g: _values(kb, g) for g in reads}
    text = _program_text(kb)
    for goal in CHANGES:
        assert kb.ask(goal), goal
        assert kb.ask(goal), goal             # a second run changes fresh terms again
    assert {g: _values(kb, g) for g in reads} == before
    assert _values(kb, "r(X)") == [{"X": {"functor": "f", "args": ["a"]}}] * 2
    text_after = _program_text(kb)
    assert [t for t in text_after if not t.startswith("r(")] == text


def test_each_call_gets_a_fresh_term():
    kb = KnowledgeBase.from_string(PROGRAM, warn=lambda _t: None)
    got = _values(kb, "make(A), nb_setarg(1, A, 7), make(B), arg(1, B, N)")
    assert got[0]["N"] == 0 and got[0]["A"]["args"][0] == 7


def test_a_reused_query_runs_as_written():
    kb = KnowledgeBase.from_string(PROGRAM, warn=lambda _t: None)
    q = kb.runner.parse("C = c(0), arg(1, C, X), nb_setarg(1, C, 1)")
    assert _values(kb, q) == _values(kb, q)
    assert _values(kb, q)[0]["X"] == 0


def test_setarg_is_undone_and_nb_setarg_kept_on_backtracking():
    kb = KnowledgeBase.from_string(PROGRAM, warn=lambda _t: None)
    got = _values(kb, "T = f(a, b), (setarg(1, T, x), nb_setarg(2, T, y), fail ; true)")
    assert got == [{"T": {"functor": "f", "args": ["a", "y"]}}]


def test_output_shows_the_changed_term():
    out = io.StringIO()
    kb = KnowledgeBase.from_string(PROGRAM, output=out, warn=lambda _t: None)
    assert kb.ask("C = c(0), forall(between(1, 3, _), bump(C)), print(C), nl")
    assert out.getvalue() == "c(3)\n"


def test_undo_entry_resets_and_redoes_like_a_binding():
    """The tracer lifts a goal's bindings (``entry.ref = None``) and puts them
    back (``entry.ref = value``): a setarg entry follows."""
    t = Struct(Atom("f"), (Atom("a"),))
    hash(t)
    trail = [ArgUndo(t, 0, Atom("a"), Atom("b"))]
    t.args = (Atom("b"),)
    seen = unbound_since(trail, 0, lambda: t.args[0])
    assert seen is Atom("a") and t.args[0] is Atom("b")
    trail.pop().ref = None
    assert t.args == (Atom("a"),)


def test_changed_term_hashes_as_an_equal_fresh_one():
    class M:
        trail: list = []
    t = Struct(Atom("f"), (Atom("a"),))
    hash(t)                                   # cached
    for fn in (bi_setarg, bi_nb_setarg):
        assert fn(M(), 1, t, Atom("b"))
        assert t == Struct(Atom("f"), (Atom("b"),))
        assert hash(t) == hash(Struct(Atom("f"), (Atom("b"),)))
