"""A goal with no answer whose argument is a name that no clause mentions,
close to one that a clause does: the CLI and the toplevel say so on stderr
(``faces.dwim.unknown_atoms_note``); exact answers are unchanged."""

from __future__ import annotations

import io

from neurosym import KnowledgeBase
from neurosym.cli import main
from neurosym.cli.repl import pipe_loop
from neurosym.faces.dwim import unknown_atoms_note, unseen_atoms
from neurosym.faces.toplevel import Toplevel

SRC = """:- table needs/2.
depends(webapp, flask). depends(flask, jinja2).
maintainer(flask, 'Pallets Team').
needs(X, Y) :- depends(X, Y).
needs(X, Z) :- depends(X, Y), needs(Y, Z).
"""


def note(goal: str):
    kb = KnowledgeBase.from_string(SRC)
    unseen = unseen_atoms(kb.store, kb.runner.parse(goal).goal)
    assert not kb.ask(goal)          # running it (bottom-up: interns its constants) ...
    return unknown_atoms_note(kb.store, unseen)     # ... changes nothing


def test_each_unknown_name_close_to_a_known_one_gets_a_line():
    assert note("needs(webap, X), \\+ maintainer(flsk, _)") == (
        "% webap occurs in no clause; did you mean webapp?\n"
        "% flsk occurs in no clause; did you mean flask?")
    assert note("maintainer(X, 'Palets Team')") == \
        "% 'Palets Team' occurs in no clause; did you mean 'Pallets Team'?"


def test_no_note_for_known_or_far_names_or_library_calls():
    assert note("needs(jinja2, X)") is None              # known, just no answer
    assert note("needs(zzzz, X)") is None                # nothing close
    assert note("member(webap, [a])") is None            # not the program's predicate


def test_the_cli_and_the_toplevel_print_it_on_stderr(tmp_path, capsys):
    f = tmp_path / "deps.nsl"
    f.write_text(SRC)
    assert main(["query", str(f), "needs(webap, X)"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("false.\n", "% webap occurs in no clause; did you mean webapp?\n")
    sink, errs = io.StringIO(), io.StringIO()
    top = Toplevel(KnowledgeBase.from_string(SRC), out=sink, err=errs)
    pipe_loop(top, io.StringIO("needs(webap, X).\nneeds(webapp, X).\n"))
    assert sink.getvalue().startswith("false.\nX = flask ;\nX = jinja2")
    assert errs.getvalue() == "% webap occurs in no clause; did you mean webapp?\n"


def test_a_soft_query_gets_it_too(tmp_path, capsys):
    f = tmp_path / "deps.nsl"
    f.write_text(SRC)
    assert main(["query", "--soft", str(f), "depends(webap, X)"]) == 1
    out, err = capsys.readouterr()
    assert out == "false.\n" and err.endswith(
        "% webap occurs in no clause; did you mean webapp?\n")
