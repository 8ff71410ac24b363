"""Syntax errors: position, caret, wording, and every bad clause reported."""

import pytest

from neurosym.errors import IncompleteInput, ParseError
from neurosym.lang import parse_program, parse_term


def error_of(text, file="t.nsl"):
    with pytest.raises(ParseError) as info:
        parse_program(text, file)
    return info.value


@pytest.mark.parametrize("text, message, line, column", [
    ("p(a).\nq(b\nr(c).\n", "unbalanced '('", 2, 2),
    ("s :- ).\n", "illegal start of term", 1, 6),
    ("p(a)).\n", "unexpected ')'", 1, 5),
    ("p :- [a, b).\n", "unexpected ')' (unbalanced '[')", 1, 11),
    ("p(a)\nq(b).\n", "missing '.' at end of clause", 1, 4),
    ("p :- a b.\n", "operator expected", 1, 8),
    ("p :- X = a = b.\n", "operator priority clash", 1, 12),
    ("p :- .\n", "unexpected end of clause", 1, 6),
    ("p(a,).\n", "illegal start of term", 1, 5),
    ("p([a|b|c]).\n", "unexpected '|'", 1, 7),
    ("p('\\q').\n", "undefined escape sequence '\\q'", 1, 4),
    ("p(a) :- f(,).\n", "illegal start of term", 1, 11),
    ("p :- q(\n  a,\n  b.\n", "unbalanced '('", 1, 7),
])
def test_messages_and_positions(text, message, line, column):
    e = error_of(text)
    assert e.message == message
    assert (e.file, e.line, e.column) == ("t.nsl", line, column)
    assert e.source_line == text.splitlines()[line - 1]


def test_render_has_location_source_line_and_caret():
    e = error_of("ok(1).\np :- X = a = b.\n")
    assert e.render() == (
        "t.nsl:2:12: error: operator priority clash\n"
        "p :- X = a = b.\n"
        "           ^"
    )


def test_caret_width_covers_the_token():
    e = error_of("p :- a foo b.\n")
    assert e.width == 3
    assert e.render().splitlines()[-1] == "       ^^^"


def test_every_bad_clause_is_reported_and_good_ones_are_kept_going():
    text = (
        "good(1).\n"
        "bad(1 :- .\n"          # 2: unbalanced
        "good(2).\n"
        "bad2 :- ).\n"           # 4: illegal start
        "good(3).\n"
        "bad3(a) b.\n"           # 6: operator expected
        "bad4 :- 'x\\q'.\n"      # 7: escape
    )
    e = error_of(text)
    assert [(x.line, x.message) for x in e.errors] == [
        (2, "unbalanced '('"),
        (4, "illegal start of term"),
        (6, "operator expected"),
        (7, "undefined escape sequence '\\q'"),
    ]
    assert type(e) is ParseError
    rendered = e.render()
    assert rendered.count("error:") == 4


def test_errors_right_after_a_good_clause():
    e = error_of("a(1).\n) b(2).\nc(3).\n")
    assert [(x.line, x.column) for x in e.errors] == [(2, 1)]


def test_the_good_clauses_come_with_the_error():
    e = error_of("a(1).\na(2).\n) b(2).\nc(X) :- d(X).\nbad(.\n:- e.\nf(1)")
    assert [(x.line, x.message) for x in e.errors] == [
        (3, "unexpected ')'"), (5, "unbalanced '('"),
        (7, "missing '.' at end of clause")]
    items = e.program.items
    assert [type(i).__name__ for i in items] == ["Clause", "Clause", "Clause", "Directive"]
    assert [i.span.line for i in items] == [1, 2, 4, 6]


def test_no_lark_terminal_names_in_messages():
    bad = ["p(a", "p :- ).", "p([a|b|c]).", "p(a)).", "f(a,,b).", "p :- {a.", "[a|].",
           "p(a) :- 'x", "x :- a ,, b.", "|.", "p :- #.", "f(|).",
           "p :- @.", "é(", "a.b.", "\x01."]
    for text in bad:
        with pytest.raises(ParseError) as info:
            parse_program(text)
        for err in info.value.errors:
            msg = err.message
            assert not any(name in msg for name in (
                "RPAR", "LPAR", "RSQB", "LSQB", "COMMA", "BAR", "FUNCTOR", "QATOM", "$END",
                "NAME", "SYM", "Token", "Expected")), (text, msg)


@pytest.mark.parametrize("text, message", [
    ("p(a) :- q(b", "unbalanced '('"),
    ("p(a) :- q(b)", "missing '.' at end of clause"),
    ("p(a) :- X = 'abc", "unterminated quoted atom"),
    ('p(a) :- X = "abc', "unterminated string"),
    ("p(a). /* note", "unterminated block comment"),
    ("p(a) :- [1, 2,\n", "unbalanced '['"),
    ("p :-", "unexpected end of clause"),
])
def test_incomplete_input(text, message):
    with pytest.raises(IncompleteInput) as info:
        parse_program(text)
    assert info.value.message == message


def test_incomplete_only_when_the_end_is_the_only_problem():
    with pytest.raises(ParseError) as info:
        parse_program("p :- ).\nq(a")
    assert type(info.value) is ParseError
    assert len(info.value.errors) == 2


def test_parse_term_errors_have_positions():
    with pytest.raises(ParseError) as info:
        parse_term("f(a, b))")
    assert (info.value.line, info.value.column) == (1, 8)
