"""op/3 and current_op/3: each KnowledgeBase has its own operator table."""

import io

import pytest
from bi_support import call, error_of, same, solve

from neurosym import KnowledgeBase
from neurosym.errors import ParseError
from neurosym.terms import Atom, Var
from neurosym.terms.operators import DEFAULT_OPERATORS


def _kb(text: str = "") -> tuple[KnowledgeBase, io.StringIO]:
    out = io.StringIO()
    kb = KnowledgeBase(output=out)
    if text:
        kb.add(text)
    return kb, out


# -- with the test double (a machine without a KB keeps its own table) ----------

def test_op_then_current_op(m):
    assert call(m, "op", 700, Atom("xfx"), Atom("===>"))
    sols = call(m, "current_op", Var(), Var(), Atom("===>"))
    assert sols == [(700, Atom("xfx"), Atom("===>"))]
    assert "===>" not in DEFAULT_OPERATORS.infix       # the default is never changed


def test_op_list_of_names_and_removal(m):
    assert solve(m, "op(200, xfy, [of, at])") == [{}]
    assert solve(m, "current_op(P, T, at)") == [{"P": 200, "T": Atom("xfy")}]
    assert solve(m, "op(0, xfy, at)") == [{}]
    assert solve(m, "current_op(P, T, at)") == []


def test_current_op_enumerates(m):
    sols = solve(m, "current_op(P, T, -)")
    assert {(d["P"], d["T"]) for d in sols} == {(200, Atom("fy")), (500, Atom("yfx"))}
    assert solve(m, "current_op(1200, fx, N)") == [{"N": Atom(":-")}, {"N": Atom("?-")}]
    assert solve(m, "current_op(P, xfy, ',')") == [{"P": 1000}]


@pytest.mark.parametrize("goal, formal", [
    ("op(1201, xfx, foo)", "domain_error(operator_priority, 1201)"),
    ("op(-1, xfx, foo)", "domain_error(operator_priority, -1)"),
    ("op(1201, bogus, foo)", "domain_error(operator_priority, 1201)"),
    ("op(700, bogus, foo)", "domain_error(operator_specifier, bogus)"),
    ("op(a, xfx, foo)", "type_error(integer, a)"),
    ("op(700, 1, foo)", "type_error(atom, 1)"),
    ("op(_, xfx, foo)", "instantiation_error"),
    ("op(700, xfx, _)", "instantiation_error"),
    ("op(700, xfx, [a, 1])", "type_error(atom, 1)"),
    ("op(700, xfx, [a|b])", "type_error(list, b)"),
    ("op(700, xfx, [a|_])", "instantiation_error"),
    ("op(700, xfx, ',')", "permission_error(modify, operator, ',')"),
    ("op(700, xfx, '|')", "permission_error(create, operator, '|')"),
    ("op(1100, fy, '|')", "permission_error(create, operator, '|')"),
    ("current_op(a, T, N)", "type_error(integer, a)"),
    ("current_op(1201, T, N)", "domain_error(operator_priority, 1201)"),
    ("current_op(P, foo, N)", "domain_error(operator_specifier, foo)"),
    ("current_op(P, T, 1)", "type_error(atom, 1)"),
])
def test_errors(m, goal, formal):
    assert same(error_of(m, goal), formal)


def test_bar_as_high_infix_is_allowed(m):
    assert solve(m, "op(1100, xfy, '|')") == [{}]
    assert solve(m, "current_op(P, xfy, '|')") == [{"P": 1100}]


# -- end to end: the KB's table drives reading and writing ----------------------

def test_file_directive_applies_to_following_clauses():
    kb, out = _kb(":- op(700, xfx, ===>).\nrule(a ===> b).\n")
    assert [a.to_python() for a in kb.query("rule(A ===> B)")] == [{"A": "a", "B": "b"}]
    list(kb.query("rule(R), writeq(R), nl"))
    assert out.getvalue() == "a===>b\n"


def test_clause_before_the_directive_does_not_parse():
    kb, _ = _kb()
    with pytest.raises(ParseError):
        kb.add("rule(a ===> b).\n:- op(700, xfx, ===>).\n")


def test_runtime_op_changes_reading_and_writing():
    kb, out = _kb()
    assert kb.ask("op(700, xfx, likes)")
    kb.add("john likes mary.")
    assert kb.ask("X likes mary")
    list(kb.query("X = (a likes b), writeq(X), nl, print(X), nl, write(f(X)), nl"))
    assert out.getvalue() == "a likes b\na likes b\nf(a likes b)\n"
    assert kb.ask("term_to_atom(T, 'x likes y'), T = likes(x, y)")
    assert kb.ask("term_to_atom(likes(x, y), A), A == 'x likes y'")
    assert kb.ask("atom_to_term('P likes Q', T, B), T = likes(_, _)")


def test_removal_prints_canonically():
    kb, out = _kb(":- op(700, xfx, ===>).")
    list(kb.query("op(0, xfx, ===>), writeq(===>(a, b)), nl"))
    assert out.getvalue() == "===>(a,b)\n"


def test_each_kb_has_its_own_table():
    kb1, _ = _kb(":- op(700, xfx, likes).")
    kb2, _ = _kb()
    assert kb1.ask("current_op(700, xfx, likes)")
    assert not kb2.ask("current_op(_, _, likes)")
    with pytest.raises(ParseError):
        kb2.add("john likes mary.")


def test_postfix_and_prefix_user_operators():
    kb, out = _kb(":- op(100, xf, is_done).\n:- op(900, fy, not_).\n"
                  "r(task is_done).\nr(not_ not_ p).\nr(not_ (a, b)).\n")
    list(kb.query("r(R), writeq(R), nl, fail"))
    assert out.getvalue() == "task is_done\nnot_ not_ p\nnot_ (a,b)\n"
    assert kb.ask("r(X is_done), X == task")


def test_consult_uses_the_kb_table_and_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "ops.pl"
    src.write_text(":- op(700, xfx, is_a).\ntom is_a cat.\nrex is_a dog.\n")
    for _ in range(2):             # the second load comes from the parse cache
        kb = KnowledgeBase.from_file(src)
        assert [a.to_python() for a in kb.query("X is_a cat")] == [{"X": "tom"}]
        assert kb.ask("current_op(700, xfx, is_a)")
    # a file using an operator the KB already has (and does not declare itself)
    plain = tmp_path / "plain.pl"
    plain.write_text("ann is_a person.\n")
    kb = KnowledgeBase()
    kb.add(":- op(700, xfx, is_a).")
    kb.consult(plain)
    assert kb.ask("ann is_a person")
    kb2 = KnowledgeBase()
    with pytest.raises(ParseError):
        kb2.consult(plain, partial=False)


def test_op_directive_with_error_is_reported_not_applied():
    warnings = []
    kb = KnowledgeBase(warn=warnings.append)
    kb.add(":- op(1201, xfx, bad).")
    assert not kb.ask("current_op(_, _, bad)")
    assert warnings and "operator_priority" in " ".join(map(str, warnings))


def test_included_file_is_read_with_the_operators_so_far(tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "main.pl").write_text(":- op(700, xfx, likes).\n:- include(facts).\n")
    (tmp_path / "facts.pl").write_text("john likes mary.\n")
    for _ in range(2):
        kb = KnowledgeBase.from_file(tmp_path / "main.pl")
        assert [a.to_python() for a in kb.query("john likes X")] == [{"X": "mary"}]


def test_answers_print_with_the_kb_operators():
    from neurosym.cli.query import print_answers
    kb, _ = _kb(":- op(700, xfx, likes).\njohn likes mary.")
    out = io.StringIO()
    print_answers(kb, "X likes Y, Z = (X likes Y)", out=out)
    assert out.getvalue().startswith("X = john,\nY = mary,\nZ = (john likes mary)")
