"""A saved knowledge base folder (``kb.save(DIR)``, ``neurosym train --out
DIR``) where the CLI takes source files: ``query``, ``repl``, ``similar``,
``materialize`` open it with ``KnowledgeBase.load``."""

from __future__ import annotations

import io
import sys

import pytest

from neurosym import KnowledgeBase
from neurosym.cli import main

PROG = """
parent(tom, bob).
parent(bob, ann).
grand(X, Z) :- parent(X, Y), parent(Y, Z).
"""


@pytest.fixture
def saved(tmp_path):
    kb = KnowledgeBase()
    kb.add(PROG)
    kb.save(tmp_path / "saved")
    return tmp_path / "saved"


def run(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_query_opens_a_saved_folder(saved, capsys):
    rc, out, err = run(capsys, "query", saved, "grand(X, Y)")
    assert (rc, out) == (0, "X = tom,\nY = ann.\n"), err


def test_files_after_the_folder_are_consulted_into_it(saved, tmp_path, capsys):
    extra = tmp_path / "extra.nsl"
    extra.write_text("parent(ann, joe).\n")
    rc, out, _ = run(capsys, "query", saved, extra, "grand(bob, Y)")
    assert (rc, out) == (0, "Y = joe.\n")


def test_a_folder_after_a_file_is_a_usage_error(saved, tmp_path, capsys):
    f = tmp_path / "f.nsl"
    f.write_text("a.\n")
    rc, out, err = run(capsys, "query", f, saved, "a")
    assert rc == 2 and out == ""
    assert "must be the first FILE" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["query"], ["repl"], ["similar"], ["materialize"]])
def test_a_folder_that_is_not_a_saved_kb_is_a_one_line_error(tmp_path, capsys, command,
                                                             monkeypatch):
    (tmp_path / "notkb").mkdir()
    goal = {"query": ["grand(X, Y)"], "similar": ["tom"]}.get(command[0], [])
    rc, out, err = run(capsys, *command, tmp_path / "notkb", *goal, stdin="",
                       monkeypatch=monkeypatch)
    # the REPL shows the error and goes on, as for any file it cannot load
    assert rc == (0 if command == ["repl"] else 2) and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "not a source file or a saved knowledge base" in lines[0], err
    assert "Traceback" not in err and "Is a directory" not in err


def test_repl_opens_a_saved_folder(saved, capsys, monkeypatch):
    rc, out, err = run(capsys, "repl", saved, stdin="grand(tom, Y).\n", monkeypatch=monkeypatch)
    assert rc == 0 and out == "Y = ann.\n", err


def test_materialize_a_saved_folder(saved, capsys):
    rc, out, err = run(capsys, "materialize", saved)
    assert rc == 0, err
    assert "grand(tom, ann)." in out.splitlines()


def test_similar_keeps_the_saved_space(tmp_path, capsys):
    kb = KnowledgeBase()
    kb.add(PROG)
    from neurosym.bridge import BridgeConfig
    kb.space = BridgeConfig(dim=8, seed=3)
    kb.space.set_vectors(["ann"], kb.space.vector("tom")[None] * 0.99)  # ann by tom
    kb.save(tmp_path / "spaced")
    rc, out, err = run(capsys, "similar", tmp_path / "spaced", "tom", "-k", "2")
    assert rc == 0, err
    rows = [line.split() for line in out.splitlines()[1:]]
    assert [r[1] for r in rows] == ["tom", "ann"]
    assert float(rows[1][3]) > 0.9         # the saved vectors, not fresh random ones


def test_check_verifies_a_saved_folder(saved, tmp_path, capsys):
    rc, out, _ = run(capsys, "check", saved)
    assert (rc, out) == (0, "")
    (tmp_path / "notkb").mkdir()
    rc, out, _ = run(capsys, "check", tmp_path / "notkb")
    assert rc == 2 and "not a saved knowledge base" in out.splitlines()[0]
    program = next(p for p in saved.iterdir() if p.suffix == ".nsl")
    program.write_text(program.read_text() + "extra(fact).\n")
    rc, out, _ = run(capsys, "check", saved)
    assert rc == 2 and "corrupted program file" in out.splitlines()[0]
