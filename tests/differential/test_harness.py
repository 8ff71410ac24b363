"""The differential harness itself: query lines, comparison, reporting."""

from __future__ import annotations

import pytest

from .harness import Outcome, Query, _read_results, describe_difference, parse_queries


def test_query_lines_are_read_in_order_with_flags():
    text = ("p(1).\n% query: p(X).\n%query(set): path(a, Y).\n"
            "% a comment that mentions query: nothing\n% query:   q('a b').  \n")
    qs = parse_queries(text)
    assert [q.text for q in qs] == ["p(X).", "path(a, Y).", "q('a b')."]
    assert [q.line for q in qs] == [2, 3, 5]
    assert [q.as_set for q in qs] == [False, True, False]
    assert qs[2].goal == "q('a b')"


def test_query_without_final_dot_is_rejected():
    with pytest.raises(ValueError, match="must end with"):
        parse_queries("% query: p(X)\n")


def test_unknown_flag_is_rejected():
    with pytest.raises(ValueError, match="unknown query flag"):
        parse_queries("% query(sorted): p(X).\n")


def test_set_comparison_ignores_order_only():
    a = Outcome(["[=('X',1)]", "[=('X',2)]"])
    b = Outcome(["[=('X',2)]", "[=('X',1)]"])
    assert a.comparable(as_set=True) == b.comparable(as_set=True)
    assert a.comparable(as_set=False) != b.comparable(as_set=False)
    c = Outcome(["[=('X',1)]"])
    assert a.comparable(as_set=True) != c.comparable(as_set=True)


def test_difference_names_the_first_differing_answer_and_fields():
    q = Query(0, "p(X).", 7)
    want = Outcome(["[=('X',1)]", "[=('X',2)]"], output="hi\n")
    got = Outcome(["[=('X',1)]", "[=('X',3)]"], status="error", error="error(foo)")
    text = describe_difference(q, want, got)
    assert "?- p(X).   (line 7" in text
    assert "status: swipl 'end'" in text and "neurosym 'error'" in text
    assert "output: swipl 'hi\\n'" in text
    assert "first difference at answer 2" in text and "[=('X',3)]" in text


def test_driver_records_are_read_back():

    text = ("4:load" "1:1" "7:warning" "5:a:b\nc"
            "5:query" "3:end" "0:" "3:x\ny" "1:1" "1:X" "1:2" "10:[=('X',1)]" "10:[=('X',2)]"
            "5:query" "5:error" "15:error(foo(1:2))" "0:" "1:0" "1:0")
    load, outcomes = _read_results(text)
    assert load == [{"kind": "warning", "text": "a:b\nc"}]
    assert [o.status for o in outcomes] == ["end", "error"]
    assert outcomes[0].output == "x\ny" and outcomes[0].names == ["X"]
    assert outcomes[0].solutions == ["[=('X',1)]", "[=('X',2)]"]
    assert outcomes[0].error is None and outcomes[1].error == "error(foo(1:2))"
