"""format/1,2,3 against SWI-Prolog 9's output."""

import pytest
from bi_support import error_of, first, same, solve, value

from neurosym.terms import Atom


@pytest.mark.parametrize("f, args, out", [
    ("~w~t~10|~w", "[abc, def]", "abc       def"),
    ("~t~w~10|~w", "[abc, def]", "       abcdef"),
    ("~t~w~t~11|", "[abc]", "    abc    "),
    ("~a~t~15+~a~t~10+", "[name, val]", "name           val       "),
    ("~`-t~30|", "[]", "-" * 30),
    ("~2d ~D ~2D", "[314, 1234567, 1234567]", "3.14 1,234,567 12,345.67"),
    ("~e ~3f ~g ~0f", "[1.5, 2, 0.1, 2.5]", "1.500000e+00 2.000 0.1 2"),
    ("~8r ~16R ~c~3c", "[255, 255, 65, 66]", "377 FF ABBB"),
    ("~s and ~s", '["abc", [0\'d]]', "abc and d"),
    ("~q ~w", "['A b', 'A b']", "'A b' A b"),
    ("~p", "['A b']", "'A b'"),
    ("~i~w", "[a, b]", "b"),
    ("~*c", "[3, 0'x]", "xxx"),
    ("a~nb~2nc", "[]", "a\nb\n\nc"),
    ("~a", "abc", "abc"),
    ("no args", "[]", "no args"),
    ("~w", "hello", "hello"),
    ("~3d", "[5]", "0.005"),
    ("~0d", "[-5]", "-5"),
    ("~3d", "[-5]", "-0.005"),
    ("~D", "[-1234567]", "-1,234,567"),
    ("~f", "[12345678901234567890]", "12345678901234567890.000000"),
    ("~20|abc", "[]", " " * 20 + "abc"),
    ("ab~tcd~6|ef~t~4+", "[]", "ab  cdef  "),
    ("~4f", "[1.0e10]", "10000000000.0000"),
    ("~1e", "[12345.0]", "1.2e+04"),
    ("~w and ~i~w", "[a, b, c]", "a and c"),
    ("~r", "[10]", "12"),
    ("~~", "[]", "~"),
    ("~a", "[\"str\"]", "str"),
    ("~d", "[3+4]", "7"),
])
def test_format_atom(m, f, args, out):
    sol = first(m, f"format(atom(A), \"{_esc(f)}\", {args})")
    assert sol is not None
    assert sol["A"].name == out


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


@pytest.mark.parametrize("goal, formal", [
    ('format(atom(_), "~d", [a])', "type_error(evaluable, a/0)"),
    ('format(atom(_), "~d", [1.0])', "format_argument_type(d, 1.0)"),
    ('format(atom(_), "~w ~w", [a])', "format('not enough arguments')"),
    ('format(atom(_), "~w", [a, b])', "format('too many arguments')"),
    ('format(atom(_), "~a", [f(x)])', "format_argument_type(a, f(x))"),
    ('format(atom(_), "~z", [a])', "existence_error(format_character, z)"),
    ('format(atom(_), "~c", [a])', "format_argument_type(c, a)"),
    ('format(atom(_), "~e", [a])', "type_error(evaluable, a/0)"),
    ('format(atom(_), "~i", [])', "format('not enough arguments')"),
])
def test_format_errors(m, goal, formal):
    assert same(error_of(m, goal), formal)


def test_sinks(m):
    assert value(m, 'format(string(S), "~w", [x])', "S") == "x"
    assert same(value(m, 'format(codes(C), "~w", [x])', "C"), "[120]")
    assert same(value(m, 'format(codes(C, T), "~w", [x]), T = [121]', "C"), "[120, 121]")
    assert same(value(m, 'format(chars(C), "~w", [x])', "C"), "[x]")


def test_format_writes_to_output(m):
    assert solve(m, 'format("hello ~w~n", [world]), format("x"), format(user_output, "y", [])')
    assert m.output.getvalue() == "hello world\nxy"


@pytest.mark.parametrize("goal, out", [
    ('format("~w ~w", [a])', "a "),                 # SWI writes what it made before the error
    ('format("~w~n", [a, b])', "a\n"),
    ('format("ab~tcd~w~20|", [])', "ab"),           # a pending segment up to its first fill
    ('format("ab~20|cd~w", [])', "ab" + " " * 18 + "cd"),
    ('format(atom(_), "~w ~w", [a])', ""),          # a sink gets nothing
])
def test_format_error_writes_partial_output(m, goal, out):
    error_of(m, goal)
    assert m.output.getvalue() == out


@pytest.mark.parametrize("goal, out", [
    ('write(abc), format("~t~w~6|~n", [x])', "abc  x\n"),
    ('write(abcdefgh), format("~t~w~6|~n", [x])', "abcdefghx\n"),
    ('write(ab), nl, format("~t~w~6|", [x])', "ab\n     x"),
    ('format("abc"), format("~w~6|~w", [x, y])', "abcx  y"),
    ('print(ab), tab(2), format("~t~w~8|", [x])', "ab     x"),
    ("write('a\\tb'), format(\"~t~w~12|\", [x])", "a\tb  x"),   # a tab moves to a multiple of 8
    ('format(user_error, "e", []), format("~t~w~3|", [x])', "  x"),   # columns per stream
])
def test_column_stops_count_from_the_stream_column(m, goal, out):
    assert solve(m, goal)
    assert m.output.getvalue() == out


def test_column_of_a_new_output_starts_at_zero(m):
    import io
    assert solve(m, 'write(abc)')
    m.output = io.StringIO()
    assert solve(m, 'format("~t~w~4|", [x])')
    assert m.output.getvalue() == "   x"


def test_sformat_like_with_output(m):
    assert value(m, 'format(atom(A), "~w", [[1, 2]])', "A") is Atom("[1,2]")
