"""One rendering per error: the API's ``str(e)``, ``neurosym query``/``run``
and the REPL print the same words (SWI-Prolog's), and an unknown procedure
names the nearest known predicates."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from neurosym import KnowledgeBase
from neurosym.errors import ExistenceError, ParseError, PrologError, did_you_mean
from neurosym.faces.toplevel import Toplevel
from neurosym.terms.printer import format_term

PROG = "grandparent(tom, ann).\nfoo(1).\nfoo(1, 2).\n"
MESSAGE = "Unknown procedure: grandparnt/2; did you mean grandparent/2?"


def neurosym(*args, text=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "neurosym", *map(str, args)], input=text,
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def error_of(goal: str, program: str = PROG) -> PrologError:
    kb = KnowledgeBase.from_string(program)
    with pytest.raises(PrologError) as info:
        kb.ask(goal)
    return info.value


def test_api_message_names_the_nearest_predicate_and_keeps_the_iso_term():
    e = error_of("grandparnt(X, Y)")
    assert isinstance(e, ExistenceError)
    assert str(e) == MESSAGE
    assert e.render() == "error: " + MESSAGE
    assert format_term(e.term, quoted=True) == \
        "error(existence_error(procedure,grandparnt/2),grandparnt/2)"


@pytest.mark.parametrize("goal, message", [
    ("foo", "Unknown procedure: foo/0; did you mean foo/1 or foo/2?"),
    ("foo(1, 2, 3)", "Unknown procedure: foo/3; did you mean foo/2 or foo/1?"),
    ("appnd(X, Y, [1])", "Unknown procedure: appnd/3; did you mean append/3?"),
    ("atom_length(a, X, Y)",
     "Unknown procedure: atom_length/3; did you mean atom_length/2 or same_length/2?"),
    ("zzz(1)", "Unknown procedure: zzz/1"),
])
def test_suggestions_same_name_other_arity_then_close_names(goal, message):
    assert str(error_of(goal)) == message


def test_catch_sees_the_iso_term():
    kb = KnowledgeBase.from_string(PROG)
    a = next(kb.query("catch(grandparnt(X, Y), error(existence_error(procedure, PI), _), true)"))
    assert a.to_python()["PI"] == {"functor": "/", "args": ["grandparnt", 2]}


@pytest.mark.parametrize("goal, message", [
    ("X is 1 / 0", "Arithmetic: evaluation error: zero_divisor"),
    ("atom_length(X, Y)", "Arguments are not sufficiently instantiated"),
    ("X is foo + 1", "Type error: `evaluable' expected, found `foo/0'"),
    ("atom_length(abc, foo)", "Type error: `integer' expected, found `foo'"),
    ("assertz(atom_length(a, b))",
     "No permission to modify static procedure `atom_length/2'"),
    ("throw(ball(1))", "Unhandled exception: ball(1)"),
    ("throw(error(my_error, c))", "my_error"),
])
def test_every_error_class_words_itself(goal, message):
    e = error_of(goal)
    assert str(e) == message and e.render() == f"error: {message}"


def test_did_you_mean_wording():
    assert did_you_mean([]) == ""
    assert did_you_mean(["a/1"]) == "; did you mean a/1?"
    assert did_you_mean(["a/1", "b/2", "c/3"]) == "; did you mean a/1, b/2 or c/3?"


def test_a_syntax_error_in_typed_text_renders_without_a_file():
    with pytest.raises(ParseError) as info:
        KnowledgeBase().ask("p(X")
    assert info.value.render() == "syntax error: unbalanced '('\np(X\n ^"


def test_query_run_and_repl_print_the_same_text(tmp_path):
    f = tmp_path / "g.nsl"
    f.write_text(PROG)
    r = neurosym("query", f, "grandparnt(X, Y)")
    assert (r.returncode, r.stderr) == (2, f"error: {MESSAGE}\n")
    (tmp_path / "r.nsl").write_text(PROG + "?- grandparnt(X, Y).\n")
    r = neurosym("run", tmp_path / "r.nsl")
    assert r.returncode == 2 and r.stderr == f"{tmp_path / 'r.nsl'}:4: error: {MESSAGE}\n"
    r = neurosym("repl", f, text="grandparnt(X, Y).\n")
    assert (r.returncode, r.stderr) == (0, f"error: {MESSAGE}\n")
    err = io.StringIO()
    top = Toplevel(KnowledgeBase.from_string(PROG), out=io.StringIO(), err=err)
    top.handle("grandparnt(X, Y).")
    assert err.getvalue() == f"error: {MESSAGE}\n"


def test_query_and_repl_print_a_syntax_error_alike(tmp_path):
    r = neurosym("query", "p(X")
    assert r.returncode == 2
    assert r.stderr == "syntax error: unbalanced '('\np(X\n ^\n"
    r = neurosym("repl", text="p(X\n")
    assert r.stderr == "syntax error: unbalanced '('\np(X\n ^\n"


def test_a_directive_warning_uses_the_same_words(tmp_path):
    f = tmp_path / "d.nsl"
    f.write_text(PROG + ":- grandparnt(tom, ann).\n")
    kb = KnowledgeBase(warn=lambda text: None)
    kb.consult(f)
    assert kb.warnings == [f"{f}:4: Goal (directive) raised: {MESSAGE}"]
