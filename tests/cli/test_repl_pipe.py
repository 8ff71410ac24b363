"""``neurosym repl`` with stdin from a pipe: goals line by line, all answers."""

from __future__ import annotations

import subprocess
import sys

PROG = """
parent(tom, bob).
parent(tom, liz).
parent(bob, ann).
grandparent(X, Z) :- parent(X, Y), parent(Y, Z).
"""


def repl(script: str, *files, cwd=None):
    return subprocess.run([sys.executable, "-m", "neurosym", "repl", *map(str, files)],
                          input=script, capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def test_script_prints_every_answer(tmp_path):
    f = tmp_path / "family.nsl"
    f.write_text(PROG)
    r = repl("parent(tom, X).\n"
             "grandparent(tom,\n"
             "            Who).\n"
             "parent(ann, _).\n"
             "write(hello), nl.\n"
             "X = f(Y).\n", f)
    assert r.returncode == 0
    assert r.stderr == ""
    assert r.stdout == ("X = bob ;\nX = liz.\n"
                        "Who = ann ;\nfalse.\n"        # parent(tom, liz) was left to try
                        "false.\n"
                        "hello\ntrue.\n"
                        "X = f(Y).\n")


def test_errors_do_not_stop_the_script(tmp_path):
    r = repl("foo(.\nnope(1).\nX is 2 + 3.\n")
    assert r.returncode == 0
    assert r.stdout == "X = 5.\n"
    lines = r.stderr.splitlines()
    assert lines[0].startswith("syntax error: ")     # the parser's words
    assert lines[1] == "foo(."                       # the goal ...
    assert lines[2].strip() == "^"                   # ... and a caret under it
    assert lines[3:] == ["error: Unknown procedure: nope/1"]


def test_commands_and_halt(tmp_path):
    f = tmp_path / "family.nsl"
    f.write_text(PROG)
    r = repl(f":load {f}\n:add likes(mary, wine).\nlikes(mary, W).\n:listing likes/2\n"
             "halt(3).\nparent(X, Y).\n")
    assert r.returncode == 3
    assert r.stdout.splitlines() == [
        f"% loaded {f}", "% added 1 clause", "W = wine.", "likes(mary,wine).", ""]


def test_unfinished_goal_at_end_of_input():
    r = repl("X = 1.\nfoo(X\n")
    assert r.returncode == 0
    assert r.stdout == "X = 1.\n"
    assert r.stderr.startswith("syntax error: ")


def test_bad_file_on_the_command_line_is_reported_and_the_session_goes_on(tmp_path):
    r = repl("X = 1.\n", tmp_path / "missing.nsl")
    assert r.returncode == 0
    assert r.stdout == "X = 1.\n"
    assert r.stderr.startswith("error:")


def test_a_pipe_gets_the_did_you_mean_error_not_a_question():
    r = repl("membr(X, [1]).\nnumlist(1, 20, L).\n")
    assert r.returncode == 0
    assert "Correct to" not in r.stdout + r.stderr
    assert r.stderr == "error: Unknown procedure: membr/2; did you mean member/2?\n"
    assert r.stdout == "L = [1, 2, 3, 4, 5, 6, 7, 8, 9|...].\n"     # abbreviated as in SWI
