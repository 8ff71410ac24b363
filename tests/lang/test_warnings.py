"""Warnings: singleton variables and discontiguous clauses (SWI-Prolog's wording)."""

from neurosym.errors import SourceWarning
from neurosym.lang import parse_program


def warnings_of(text):
    return parse_program(text, "w.nsl").warnings


def test_singleton_variables():
    (w,) = warnings_of("p(X, Y, Z) :- q(Y).\n")
    assert isinstance(w, SourceWarning) and w.severity == "warning"
    assert w.message == "Singleton variables: [X,Z]"
    assert (w.file, w.line, w.column) == ("w.nsl", 1, 3)
    assert w.render().startswith("w.nsl:1:3: warning: Singleton variables: [X,Z]\n")


def test_underscore_variables_are_exempt():
    assert warnings_of("p(_, _X, _Y) :- q.\n") == []


def test_singleton_marked_variable_used_twice():
    (w,) = warnings_of("p(_X) :- q(_X).\n")
    assert w.message == "Singleton-marked variables appearing more than once: [_X]"


def test_singletons_are_per_clause():
    ws = warnings_of("p(X) :- q(X).\nr(X).\n:- foo(Y).\n")
    assert [(w.line, w.message) for w in ws] == [
        (2, "Singleton variables: [X]"), (3, "Singleton variables: [Y]")]


def test_discontiguous_clauses():
    text = "p(1).\nq(1).\np(2).\np(3).\nq(2).\n"
    ws = warnings_of(text)
    assert [(w.line, w.message) for w in ws] == [
        (3, "Clauses of p/1 are not together in the source-file"),
        (5, "Clauses of q/1 are not together in the source-file"),
    ]
    assert "Earlier definition at w.nsl:1" in ws[0].render()
    assert ":- discontiguous p/1." in ws[0].render()


def test_discontiguous_declaration_silences_the_warning():
    text = ":- discontiguous p/1.\np(1).\nq(1).\np(2).\n"
    assert warnings_of(text) == []


def test_clean_program_has_no_warnings():
    assert warnings_of("p(X) :- q(X, _).\np(a).\nq(a, b).\n") == []
