"""The Python API: KnowledgeBase loading, queries, parameters, proofs."""

from __future__ import annotations

import io
import json

import pytest

from neurosym import KnowledgeBase
from neurosym.errors import ParseError
from neurosym.proof import Answer, Proof
from neurosym.terms import Atom

FAMILY = """
parent(tom, bob).
parent(bob, ann).
parent(ann, joe).
age(tom, 70). age(bob, 45). age(ann, 20).
anc(X, Y) :- parent(X, Y).
anc(X, Y) :- parent(X, Z), anc(Z, Y).
"""


@pytest.fixture
def kb():
    return KnowledgeBase.from_string(FAMILY, file="family.nsl")


def test_query_is_lazy_and_gives_answers(kb):
    it = kb.query("anc(tom, Y)")
    first = next(it)
    assert isinstance(first, Answer)
    assert first.bindings["Y"] is Atom("bob")
    assert first.score == 1.0 and first.proof is None
    assert [a.to_python()["Y"] for a in it] == ["ann", "joe"]


def test_limit_ask_count(kb):
    assert len(list(kb.query("anc(X, Y)", limit=2))) == 2
    assert list(kb.query("anc(X, Y)", limit=0)) == []
    assert kb.ask("anc(tom, joe)")
    assert not kb.ask("anc(joe, tom)")
    assert kb.count("anc(X, Y)") == 6


def test_python_values_bind_query_variables(kb):
    got = [a.to_python() for a in kb.query("age(P, A), A > Min", Min=30)]
    assert got == [{"P": "tom", "A": 70}, {"P": "bob", "A": 45}]
    assert [a.to_python() for a in kb.query("parent(X, Y)", X="bob")] == [{"Y": "ann"}]
    assert kb.ask("length(L, 3)", L=[1, "a", 2.5])
    with pytest.raises(ValueError):
        list(kb.query("parent(X, Y)", Z=1))


def test_params_are_not_pasted_as_text(kb):
    # a value that looks like code stays an atom
    assert not kb.ask("parent(X, Y)", X="tom), true ; (true")


def test_underscore_variables_are_skipped(kb):
    assert [a.to_python() for a in kb.query("parent(_P, X)", limit=1)] == [{"X": "bob"}]


def test_to_python_conversions():
    kb = KnowledgeBase()
    a = next(kb.query('X = f(a, 1, 2.5, "s", [x, [y]], []), Y = [1|T]'))
    py = a.to_python()
    assert py["X"] == {"functor": "f", "args": ["a", 1, 2.5, "s", ["x", ["y"]], []]}
    assert py["Y"] == {"functor": "[|]", "args": [1, None]}
    assert py["T"] is None


def test_add_and_retract(kb):
    kb.add("parent(joe, kim).")
    assert kb.ask("anc(tom, kim)")
    kb.add("sibling(X, Y) :- parent(P, X), parent(P, Y), X \\== Y.")
    assert not kb.ask("sibling(bob, X)")
    assert kb.retract("parent(joe, kim).")
    assert not kb.ask("anc(tom, kim)")
    assert not kb.retract("parent(joe, kim).")
    assert kb.retract("anc(X, Y) :- parent(X, Z), anc(Z, Y).")
    assert kb.count("anc(X, Y)") == 3


def test_from_file_consult_and_include(tmp_path):
    (tmp_path / "inc.nsl").write_text("q(1).\n")
    main = tmp_path / "main.nsl"
    main.write_text(":- include(inc).\np(X) :- q(X).\n")
    kb = KnowledgeBase.from_file(main)
    assert [a.to_python() for a in kb.query("p(X)")] == [{"X": 1}]
    other = tmp_path / "other.pl"
    other.write_text("r(2).\n")
    kb.consult(other)
    assert kb.ask("r(2)")


def test_directives_run_in_order_and_warn():
    warnings = []
    out = io.StringIO()
    kb = KnowledgeBase.from_string(
        ":- dynamic counter/1.\n"
        ":- initialization(write(init_done)).\n"
        ":- use_module(library(lists)).\n"
        ":- fail.\n"
        ":- X is 1 / 0.\n"
        ":- use_module(library(no_such_lib)).\n"
        ":- set_prolog_flag(my_flag, on).\n"
        ":- write(first), nl.\n",
        file="d.nsl", output=out, warn=warnings.append)
    assert not kb.ask("counter(_)")
    assert out.getvalue() == "first\ninit_done"
    text = "\n".join(warnings)
    assert "d.nsl:4:" in text and "Goal (directive) failed" in text
    assert "d.nsl:5:" in text and "zero_divisor" in text
    assert "d.nsl:6:" in text and "no_such_lib" in text
    assert kb.machine.flags["my_flag"] is Atom("on")


def test_table_directive_forms():
    kb = KnowledgeBase.from_string(
        ":- table p/2, q/1.\n:- table [r/1].\n:- discontiguous s/1.\n"
        "p(X, Y) :- p(X, Z), e(Z, Y).\np(X, Y) :- e(X, Y).\ne(1, 2). e(2, 1).\n")
    assert sorted(a.to_python()["Y"] for a in kb.query("p(1, Y)")) == [1, 2]
    for key in [("p", 2), ("q", 1), ("r", 1)]:
        assert kb.store.flags((Atom(key[0]), key[1])).table


def test_clauses_for_builtins_are_refused():
    warnings = []
    kb = KnowledgeBase.from_string("atom_length(a, 7).\n", warn=warnings.append)
    assert any("No permission to modify static procedure" in w for w in warnings)
    assert kb.ask("atom_length(abc, 3)")


def test_user_definitions_override_library_predicates():
    kb = KnowledgeBase.from_string("append(_, _, mine).")
    assert [a.to_python() for a in kb.query("append([1], [2], X)")] == [{"X": "mine"}]
    assert KnowledgeBase().ask("append([1], [2], [1, 2])")


def test_parse_errors_raise():
    with pytest.raises(ParseError):
        KnowledgeBase.from_string("p(a) q(b).")


def test_output_stream_default_is_sys_stdout_at_call_time(capsys):
    kb = KnowledgeBase.from_string("hi :- write(hello).")
    kb.ask("hi")
    assert capsys.readouterr().out == "hello"


def test_proofs(kb):
    a = next(kb.query("anc(tom, ann)", proof=True))
    assert isinstance(a.proof, Proof)
    (root,) = a.proof.steps
    assert root.goal == "anc(tom,ann)"
    assert root.source == "family.nsl:7"
    assert [c.goal for c in root.children] == ["parent(tom,bob)", "anc(bob,ann)"]
    assert root.bindings == {"X": "tom", "Y": "ann", "Z": "bob"}
    assert root.children[0].source == "family.nsl:2"
    text = a.proof.render()
    assert text.splitlines()[0].startswith("anc(tom,ann)")
    assert "  parent(tom,bob)" in text
    data = json.loads(a.model_dump_json())
    assert data["bindings"] == {}
    assert data["proof"]["steps"][0]["children"][1]["goal"] == "anc(bob,ann)"
    # proof on and off give the same answers
    plain = [x.to_python() for x in kb.query("anc(X, Y)")]
    proved = [x.to_python() for x in kb.query("anc(X, Y)", proof=True)]
    assert plain == proved


def test_proof_records_builtins_and_backtracking():
    kb = KnowledgeBase.from_string("p(1). p(2). q(X) :- p(X), X > 1.")
    (a,) = list(kb.query("q(X)", proof=True))
    (root,) = a.proof.steps
    assert [c.goal for c in root.children] == ["p(2)", "2>1"]
    assert root.children[1].kind == "builtin"


def test_answer_json_uses_canonical_terms(kb):
    a = next(kb.query("X = 'hello world'(\"s\", [1])"))
    assert json.loads(a.model_dump_json())["bindings"]["X"] == "'hello world'(\"s\",[1])"


def test_a_cached_file_loads_the_same_knowledge_base(tmp_path, monkeypatch):
    # the second load comes from the parse cache as columnar fact blocks that
    # go to the store without a Python object per fact; the answers, their
    # order and the proofs' source lines must not change
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "g.nsl"
    lines = [f"edge(n{i % 37}, n{(i * 7) % 41})." for i in range(500)]
    src.write_text("\n".join(lines) + "\nreach(X, Y) :- edge(X, Z), edge(Z, Y).\n"
                   "atom_length(abc, 3).\n")
    runs = []
    for _ in range(2):
        kb = KnowledgeBase.from_file(src, warn=lambda _t: None)
        answers = [a.to_python() for a in kb.query("reach(n3, Y)")]
        proof = next(iter(kb.query("edge(n5, Y)", proof=True))).proof
        runs.append((answers, kb.count("edge(X, Y)"), proof.render(),
                     any("atom_length/2" in w for w in kb.warnings)))
    assert runs[0] == runs[1]
    assert runs[0][1] == 500 and runs[0][0]
    assert runs[1][3], "a fact for a builtin is refused from the cache too"
    assert list((tmp_path / "cache").iterdir()), "the second load had a cache entry to use"


def test_a_file_with_syntax_errors_loads_its_good_clauses_unless_strict(tmp_path, monkeypatch):
    from neurosym.errors import ParseError

    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "bad.nsl"
    src.write_text("p(1).\np(2.\nq(1).\nr(X :- q(X).\ns(1).\n")
    with pytest.raises(ParseError) as e:
        KnowledgeBase.from_file(src, partial=False)
    assert [err.line for err in e.value.errors] == [2, 4]
    seen: list[str] = []
    kb = KnowledgeBase.from_file(src, warn=seen.append)       # partial by default, as SWI
    assert [a.to_python()["X"] for a in kb.query("p(X)")] == [1]
    assert kb.ask("q(1)") and kb.ask("s(1)")
    assert sum("bad.nsl:2:" in w for w in seen) == 1 and sum("bad.nsl:4:" in w for w in seen) == 1
    assert [(type(err), err.line) for err in kb.errors] == [(ParseError, 2), (ParseError, 4)]
    # a file with errors is never cached: the strict load still fails afterwards
    with pytest.raises(ParseError):
        KnowledgeBase.from_file(src, partial=False)
    kb2 = KnowledgeBase(warn=seen.append)
    with pytest.raises(ParseError):
        kb2.consult(src, partial=False)
    assert not kb2.ask("current_predicate(p/1)") and not kb2.errors
