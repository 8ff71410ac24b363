"""Atoms and strings, checked against SWI-Prolog 9's answers."""

import pytest
from bi_support import error_of, first, same, solve, value

from neurosym.engine.builtins._util import format_float, parse_number
from neurosym.terms import Atom


@pytest.mark.parametrize("goal, formal", [
    ("atom_length(X, Y)", "instantiation_error"),
    ("atom_length(f(x), L)", "type_error(text, f(x))"),
    ("atom_length(a, foo)", "type_error(integer, foo)"),
    ("atom_length(abc, 1.0)", "type_error(integer, 1.0)"),
    ("string_length(f(x), L)", "type_error(text, f(x))"),
    ("sub_atom(X, B, L, A, S)", "instantiation_error"),
    ("sub_atom(abc, a, L, A, S)", "type_error(integer, a)"),
    ("atom_codes(X, Y)", "instantiation_error"),
    ("atom_chars(X, [a|_])", "instantiation_error"),
    ("atom_chars(X, [a, f(b)])", "type_error(character, f(b))"),
    ("atom_chars(X, [a|b])", "type_error(list, [a|b])"),
    ("char_code(X, Y)", "instantiation_error"),
    ("char_code(ab, X)", "type_error(character, ab)"),
    ("char_code(X, -1)", "type_error(character_code, -1)"),          # swipl 9.0.4
    ("char_code(X, 0x110000)", "type_error(character_code, 1114112)"),
    ("char_code(a, -1)", "type_error(character_code, -1)"),
    ("char_code(a, foo)", "type_error(integer, foo)"),
    ("char_code(ab, -1)", "type_error(character, ab)"),
    ("atom_string(f(x), S)", "type_error(atom, f(x))"),
    ("atom_string(A, f(x))", "type_error(string, f(x))"),
    ("number_codes(X, \"12 \")", "syntax_error(illegal_number)"),
    ("number_codes(X, \"foo\")", "syntax_error(illegal_number)"),
    ("number_codes(X, [0'1|_])", "instantiation_error"),
    ("atom_number(A, N)", "instantiation_error"),
    ("atom_number(12, N)", "type_error(atom, 12)"),
    ("atom_number(A, foo)", "type_error(number, foo)"),
    ("atom_string(A, S)", "instantiation_error"),
    ("atomic_list_concat(L, '', abc)", "domain_error(non_empty_atom, '')"),
    ("atomic_list_concat([a, b], X, Y)", "instantiation_error"),
    ("atomic_list_concat([a, B], X)", "instantiation_error"),
    ("atomic_list_concat(X, ',', Y)", "instantiation_error"),
    ("atomic_list_concat([a, f(x)], X)", "type_error(text, f(x))"),
    ("atom_concat(X, b, Y)", "instantiation_error"),
    ("atom_concat(f(x), b, X)", "type_error(atomic, f(x))"),
    ("upcase_atom(f(x), X)", "type_error(atomic, f(x))"),
    ("upcase_atom(X, 'ABC')", "instantiation_error"),
    ("'$string_code'(-1, \"abc\", C)", "domain_error(not_less_than_zero, -1)"),
    ("'$string_code'(a, \"abc\", C)", "type_error(integer, a)"),
    ("string_codes(S, X)", "instantiation_error"),
    ("atom_codes(X, abc)", "type_error(list, abc)"),
    ("number_codes(X, '12')", "type_error(list, '12')"),
])
def test_errors(m, goal, formal):
    assert same(error_of(m, goal), formal)


@pytest.mark.parametrize("goal, expected", [
    ("atom_length(abc, X)", 3), ("atom_length('', X)", 0), ("atom_length(\"abc\", X)", 3),
    ("atom_length(12.5, X)", 4), ("atom_length(1, X)", 1), ("atom_length(1.0e22, X)", 7),
    ("string_length(12, X)", 2), ("char_code(a, X)", 97), ("number_codes(X, \" 12\")", 12),
    ("number_codes(X, \"0'a\")", 97), ("atom_number('12', X)", 12),
    ("atom_number('0x1A', X)", 26), ("atom_number(\"12\", X)", 12),
    ("atom_number('1.5e3', X)", 1500.0), ("atom_number('-7', X)", -7),
    ("number_string(X, \"12\")", 12), ("'$string_code'(1, \"abc\", X)", 97),
    ("number_string(X, \"0x1f\")", 31), ("atom_length(1.0Inf, X)", 6),
])
def test_numbers(m, goal, expected):
    got = value(m, goal)
    assert type(got) is type(expected) and got == expected


@pytest.mark.parametrize("goal, expected", [
    ("atom_codes(X, \"1.0e10\")", "'1.0e10'"),
    ("atom_chars(123, X)", "['1', '2', '3']"),
    ("atom_codes(abc, X)", "[97, 98, 99]"),
    ("char_code(X, 0'a)", "a"),
    ("upcase_atom('abc d', X)", "'ABC D'"),
    ("upcase_atom(\"hello\", X)", "'HELLO'"),
    ("downcase_atom('AbC', X)", "abc"),
    ("atom_string(X, \"abc\")", "abc"),
    ("atom_string(12, X)", "\"12\""),
    ("string_upper(abc, X)", "\"ABC\""),
    ("string_lower(\"ABC\", X)", "\"abc\""),
    ("string_chars(X, [a, b])", "\"ab\""),
    ("string_to_atom(\"abc\", X)", "abc"),
    ("string_to_atom(X, abc)", "\"abc\""),
    ("text_to_string(hello, X)", "\"hello\""),
    ("text_to_string([h, i], X)", "\"hi\""),
    ("split_string(\"/home//jan///nice/path\", \"/\", \"\", X)",
     "[\"\", \"home\", \"\", \"jan\", \"\", \"\", \"nice\", \"path\"]"),
    ("split_string(\"  a b  \", \"\", \" \", X)", "[\"a b\"]"),
    ("split_string(\"a.b.c\", \".\", \"\", X)", "[\"a\", \"b\", \"c\"]"),
    ("split_string(\"/home//jan///nice/path\", \"/\", \"/\", X)",
     "[\"home\", \"jan\", \"nice\", \"path\"]"),
    ("split_string(abc, \"\", \"\", X)", "[\"abc\"]"),
    ("split_string(\"a/\", \"/\", \"/\", X)", "[\"a\"]"),
    ("split_string(\"//a\", \"/\", \"/\", X)", "[\"a\"]"),
    ("split_string(\"a, ,b\", \",\", \" \", X)", "[\"a\", \"\", \"b\"]"),
    ("split_string(\"\", \",\", \"\", X)", "[\"\"]"),
    ("split_string(\"/\", \"/\", \"/\", X)", "[\"\"]"),
    ("atomic_list_concat(X, ',', 'a,b,,c')", "[a, b, '', c]"),
    ("atomic_list_concat([a, X], ',', 'a,b')", "b"),
    ("atomic_list_concat([a, 1, \"s\", 2.5], X)", "'a1s2.5'"),
    ("atomic_list_concat([a, b, c], '-', X)", "'a-b-c'"),
    ("atom_concat(abc, X, abcdef)", "def"),
    ("atom_concat(12, 3, X)", "'123'"),
    ("atom_concat(X, def, abcdef)", "abc"),
    ("sub_atom(hello, 1, 3, A, X)", "ell"),
    ("sub_string(\"hello\", 1, 3, A, X)", "\"ell\""),
    ("sub_string(abc, 0, 1, A, X)", "\"a\""),
])
def test_text(m, goal, expected):
    assert same(value(m, goal), expected)


def test_atom_concat_enumerates(m):
    got = [(s["X"].name, s["Y"].name) for s in solve(m, "atom_concat(X, Y, abc)")]
    assert got == [("", "abc"), ("a", "bc"), ("ab", "c"), ("abc", "")]


def test_string_concat_enumerates(m):
    assert [(s["X"], s["Y"]) for s in solve(m, 'string_concat(X, Y, "ab")')] == \
        [("", "ab"), ("a", "b"), ("ab", "")]


def test_sub_atom_enumeration_order(m):
    got = [s["S"].name for s in solve(m, "sub_atom(ab, B, L, A, S)")]
    assert got == ["", "a", "ab", "", "b", ""]
    got = [(s["B"], s["A"], s["S"].name) for s in solve(m, "sub_atom(abc, B, 2, A, S)")]
    assert got == [(0, 1, "ab"), (1, 0, "bc")]
    got = [s["B"] for s in solve(m, "sub_atom(abab, B, L, A, ab)")]
    assert got == [0, 2]
    assert first(m, 'sub_atom(abc, B, L, A, "b")')["B"] == 1


def test_sub_atom_with_after(m):
    assert [s["S"].name for s in solve(m, "sub_atom(abcd, B, L, 1, S)")] == \
        ["abc", "bc", "c", ""]


def test_atom_number_fails_on_non_numbers(m):
    assert solve(m, "atom_number(foo, X)") == []
    assert solve(m, "atom_number(' 12', X)") == []
    assert solve(m, "atom_number('12 ', X)") == []


def test_char_type(m):
    assert solve(m, "char_type(a, alpha)")
    assert solve(m, "char_type('A', upper(L)), L == a")
    assert solve(m, "char_type('5', digit(W)), W == 5")
    assert not solve(m, "char_type(a, digit(_))")
    assert solve(m, "code_type(0'a, csym)")
    assert solve(m, "char_type(' ', space)")
    assert solve(m, "char_type(a, to_lower(U)), U == 'A'")     # sic: what SWI 9 answers
    assert solve(m, "char_type('A', to_upper(L)), L == a")
    assert solve(m, "char_type('1', digit)")
    assert not solve(m, "char_type('1', alpha)")
    assert solve(m, "char_type('.', period)")


@pytest.mark.parametrize("x, text", [
    (1.5e-7, "1.5e-7"), (1.5e300, "1.5e+300"), (123456789012345.6, "123456789012345.6"),
    (1234567890123456.7, "1234567890123456.8"), (0.1, "0.1"), (1e100, "1.0e+100"),
    (-0.0, "-0.0"), (5e-324, "5.0e-324"), (1e15, "1.0e+15"),
    (999999999999999.0, "999999999999999.0"), (0.30000000000000004, "0.30000000000000004"),
    (1e-4, "0.0001"), (0.001, "0.001"), (2e-5, "2.0e-5"), (1e22, "1.0e+22"), (100.0, "100.0"),
    (float("inf"), "1.0Inf"), (float("-inf"), "-1.0Inf"), (float("nan"), "1.5NaN"),
])
def test_float_text_like_swi(x, text):
    assert format_float(x) == text


@pytest.mark.parametrize("text, expected", [
    ("12", 12), ("-3", -3), ("1.5e3", 1500.0), ("0x1F", 31), ("0o17", 15), ("0b101", 5),
    ("0'a", 97), ("16'FF", 255), ("1.0Inf", float("inf")), ("1_000", 1000), ("foo", None),
    ("1.", None), ("", None), ("0'\\n", 10),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_term_to_atom_parses(m):
    assert same(value(m, "term_to_atom(X, 'foo(1, bar)')"), "foo(1, bar)")
    sol = first(m, "atom_to_term('foo(X, Y, X)', T, B)")
    t_ = sol["T"]
    assert t_.args[0] is t_.args[2]
    assert same(sol["B"].args[0].args[0], "'X'")
    assert solve(m, "term_to_atom(foo(X, bar), 'foo(1, B)'), X == 1")


def test_term_to_atom_writes(m):
    assert value(m, "term_to_atom(f(a, 'B'), X)") is Atom("f(a,'B')")


def test_syntax_error_from_text(m):
    err = error_of(m, "atom_to_term('foo(', T, B)")
    assert err.name.name == "syntax_error"


@pytest.mark.parametrize("goal", [
    'number_string(N, "abc")', 'number_string(N, "")', 'number_string(N, "1e")',
    'number_string(N, "0x")', 'number_string(N, "foo(")', 'atom_string(abc, f(x))',
])
def test_fails_without_error(m, goal):
    assert solve(m, goal) == []


def test_term_string_parses_the_string(m):
    assert same(value(m, 'term_string(X, "g(1, two)")'), "g(1, two)")
    assert same(value(m, 'term_string(X, "foo(A, B, A)"), X = foo(1, 2, Y)', "Y"), "1")
    assert solve(m, 'term_string(a, "a")')
    assert value(m, "term_string(1+2, X)") == "1+2"
    assert value(m, "term_string(f('A b', \"s\"), X)") == "f('A b',\"s\")"
    assert same(error_of(m, "term_string(T, f(x))"), "type_error(text, f(x))")
