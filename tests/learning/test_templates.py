"""Rule templates: NSL and NTP ``.nlt`` syntax, shapes, errors with positions."""

from __future__ import annotations

import pytest

from neurosym.errors import ParseError
from neurosym.learning.templates import Literal, load_templates, parse_templates


def test_nsl_and_nlt_syntax_read_the_same():
    nlt = "3\t#1(X, Y) :- #1(Y, X).\n\n20   #1(X, Y) :-\n        #2(X, Z),\n        #3(Z, Y).\n"
    t = parse_templates(nlt, "t.nlt")
    assert [x.count for x in t] == [3, 20]
    assert t[0].head == Literal("#1", ("X", "Y"))
    assert t[0].body == (Literal("#1", ("Y", "X")),)
    assert t[1].body == (Literal("#2", ("X", "Z")), Literal("#3", ("Z", "Y")))
    assert t[1].placeholders == ["#1", "#2", "#3"]
    assert t[1].line == 3
    assert str(t[1]) == "20 #1(X, Y) :- #2(X, Z), #3(Z, Y)."


def test_a_placeholder_used_twice_is_one_placeholder_and_no_count_means_one():
    (t,) = parse_templates("#1(X, Y) :- #2(X, Z), #2(Z, Y).")
    assert t.count == 1
    assert t.placeholders == ["#1", "#2"]
    assert t.text({"#1": "locatedIn", "#2": "locatedIn"}) == \
        "locatedIn(X, Y) :- locatedIn(X, Z), locatedIn(Z, Y)."


def test_named_predicates_mix_with_placeholders():
    (t,) = parse_templates("locatedIn(X, Y) :- #1(X, Z), locatedIn(Z, Y).")
    assert not t.head.is_placeholder and t.body[0].is_placeholder
    assert t.placeholders == ["#1"]


@pytest.mark.parametrize("text, message, line, column", [
    ("3 #1(X, Y) :- #2(X).", "head variable Y does not occur in the body", 1, 1),
    ("3 #1(X, a) :- #2(X, a).", "every argument must be a named variable", 1, 1),
    ("0 #1(X, Y) :- #2(X, Y).", "positive integer", 1, 1),
    ("3 #1(X, Y) :- #1(X, Y, Z).", "arities 2 and 3", 1, 1),
    ("3 #1(X, Y).", "must be a rule", 1, 1),
    ("3 #1(X, Y) :- #2(X, Y).\np(a).", "expected a rule template", 2, 1),
    ("3 #1(X, Y) :- #2(X, Y).\n:- dynamic(p/1).", "not directives", 2, 1),
    ("3 #1(X, Y :- #2(X, Y).", "unbalanced", 1, 5),
    ("% nothing\n", "no rule templates", 1, 1),
])
def test_errors_name_file_line_and_column(text, message, line, column):
    with pytest.raises(ParseError) as e:
        parse_templates(text, "bad.nlt")
    err = e.value
    assert message in err.message
    assert (err.file, err.line, err.column) == ("bad.nlt", line, column)
    assert err.render().startswith(f"bad.nlt:{line}:{column}: error:")


def test_every_bad_template_of_a_file_is_reported():
    with pytest.raises(ParseError) as e:
        parse_templates("3 #1(X, Y) :- #2(X).\n2 #1(X, Y) :- #2(X, Y).\n1 #1(X, b) :- #2(X, b).\n",
                        "f.nlt")
    assert [x.line for x in e.value.errors] == [1, 3]


def test_load_templates_from_a_file(tmp_path):
    p = tmp_path / "countries_S1.nlt"
    p.write_text("3   #1(X, Y) :- #1(Y, X).\n3   #1(X, Y) :- #2(X, Z), #2(Z, Y).\n")
    assert [t.count for t in load_templates(p)] == [3, 3]
    bad = tmp_path / "bad.nsl"
    bad.write_text("3 #1(X, Y) :- #2(X, Z).\n")
    with pytest.raises(ParseError, match="bad.nsl:1:1"):
        load_templates(bad)
