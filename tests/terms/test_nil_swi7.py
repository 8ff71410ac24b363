"""SWI-Prolog 7's ``[]``: a reserved constant, not the atom ``'[]'``, seen
through the engine (type tests, text builtins, comparison, printing).  The
expected answers are what SWI-Prolog 9 gives."""

import io

import pytest

from neurosym import KnowledgeBase


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.from_string("p([]).\np('[]').\n", output=io.StringIO())


@pytest.mark.parametrize("goal", [
    "atomic([])", "\\+ atom([])", "\\+ callable([])", "\\+ compound([])", "is_list([])",
    "atom('[]')", "callable('[]')", "X = '[]', \\+ is_list(X)", "[] \\== '[]'", "[] \\= '[]'",
    "compare(<, [], '[]')", "msort([a, \"s\", '[]', [], 1], [1, \"s\", [], '[]', a])",
    "functor([], N, A), N == [], A == 0", "functor(T, '[]', 0), T == '[]'",
    "X =.. [[]], X == []", "[] =.. [[]]", "length(L, 0), L == []",
    "atom_length([], 0)", "atom_length('[]', 2)", "atom_codes('[]', [0'[, 0']])",
    "atom_string([], \"\")", "string_length([], 0)", "atom_chars(X, ['[', ']']), X == '[]'",
    "term_to_atom([], A), A == '[]'", "blob([], reserved_symbol)", "blob('[]', text)",
    "findall(X, p(X), [A, B]), A == [], B == '[]'",
    "with_output_to(string(S), writeq(['[]', [], '{}', {}, f([], '[]')])),"
    " S == \"['[]',[],{},{},f([],'[]')]\"",
    "X =.. [[], a], with_output_to(string(S), writeq(X)), S == \"[](a)\"",
])
def test_swi7_nil(kb, goal):
    assert kb.ask(goal) is True, goal


@pytest.mark.parametrize("goal, error", [
    ("atom_codes([], _)", "type_error(atom, [])"),
    ("atom_chars([], _)", "type_error(atom, [])"),
    ("atom_concat([], a, _)", "type_error(atom, [])"),
    ("sub_atom([], _, _, _, _)", "type_error(atom, [])"),
    ("upcase_atom([], _)", "type_error(atom, [])"),
    ("atom_number([], _)", "type_error(atom, [])"),
    ("atomic_list_concat([a, [], b], _)", "type_error(text, [])"),
    ("must_be(atom, [])", "type_error(atom, [])"),
])
def test_swi7_nil_errors(kb, goal, error):
    assert kb.ask(f"catch({goal}, error(E, _), true), E == {error}") is True, goal
