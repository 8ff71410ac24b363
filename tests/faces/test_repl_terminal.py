"""The real ``neurosym repl`` under a pseudo-terminal, driven as a user would.

prompt_toolkit draws the prompt with cursor moves, so the tests wait for
the answers and messages the toplevel writes itself, and for ``?-``.
"""

from __future__ import annotations

import io
import os
import re
import signal
import sys
import time

import pexpect
import pytest

PROG = """
parent(tom, bob).
parent(tom, liz).
parent(bob, ann).
"""

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _hostile_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


@pytest.fixture
def repl(tmp_path):
    f = tmp_path / "family.nsl"
    f.write_text(PROG)
    data = tmp_path / "data"
    env = dict(os.environ, NEUROSYM_DATA_DIR=str(data), PROMPT_TOOLKIT_NO_CPR="1",
               TERM="xterm", COLUMNS="120", LINES="40")
    # started as a shell starts a background job, with SIGINT ignored and
    # blocked: Ctrl-C must still abort a goal
    child = pexpect.spawn(sys.executable, ["-m", "neurosym", "repl", str(f)], env=env,
                          encoding="utf-8", timeout=60, dimensions=(40, 120),
                          preexec_fn=_hostile_signals)
    child.expect(r"\?-")
    yield child, data
    if child.isalive():
        child.terminate(force=True)


def prompt(child):
    child.expect(r"\?-")


def test_answers_keys_errors_interrupt_and_leave(repl):
    child, data = repl
    # ';' and space ask for more; the last answer ends with '.'
    child.sendline("parent(tom, X).")
    child.expect_exact("X = bob ")
    child.send(";")
    child.expect_exact(";")
    child.expect_exact("X = liz.")
    prompt(child)
    # Enter stops
    child.sendline("parent(P, C).")
    child.expect_exact("C = bob ")
    child.send("\r")
    child.expect_exact(".")
    prompt(child)
    child.sendline("parent(ann, _).")
    child.expect_exact("false.")
    prompt(child)
    # a goal over two lines
    child.sendline("parent(bob,")
    child.expect_exact("|")
    child.sendline("  Who).")
    child.expect_exact("Who = ann.")
    prompt(child)
    # a syntax error, an unknown predicate: the session goes on
    child.sendline("parent(,).")
    child.expect_exact("syntax error: ")
    prompt(child)
    child.sendline("nope(X).")
    child.expect_exact("error: Unknown procedure: nope/1")
    prompt(child)
    # Ctrl-C stops a goal that runs forever (once it has surely started: it
    # says so first, in a word the echoed input does not hold; a Ctrl-C while
    # the prompt is still closing can be lost)
    child.sendline("atom_concat(sta, rted, W), write(W), nl, between(1, inf, X), fail.")
    child.expect_exact("started")
    time.sleep(0.3)
    child.sendintr()
    child.expect_exact("% Execution Aborted")
    prompt(child)
    # X = 1 comes at once (a choicepoint is left); ';' starts the endless
    # search for the next answer, which Ctrl-C stops
    child.sendline("(X = 1 ; between(1, inf, _), fail).")
    child.expect_exact("X = 1 ")
    child.send(";")
    child.expect_exact(";")              # the key was read: the search goes on
    time.sleep(1.0)
    child.sendintr()
    child.expect_exact("% Execution Aborted")
    prompt(child)
    # assertz at the prompt and :why
    child.sendline("assertz(likes(ann, joe)), likes(ann, K).")
    child.expect_exact("K = joe.")
    prompt(child)
    child.sendline("parent(bob, W).")
    child.expect_exact("W = ann.")
    prompt(child)
    child.sendline(":why")
    child.expect_exact("fact")
    prompt(child)
    # a symbol without a vector: the error says so, the session goes on
    child.sendline(":similar tomm")
    child.expect_exact("did you mean 'tom'?")
    prompt(child)
    # Ctrl-D leaves with status 0
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    history = (data / "repl_history").read_text()
    assert "parent(tom, X)." in history
    assert "+parent(bob,\n+  Who)." in history      # a multi-line goal is one entry


def test_tab_completes_predicates_and_commands(repl):
    child, _ = repl
    child.send("pare")
    child.send("\t")
    child.expect_exact("nt")                         # pare|nt: the one completion
    child.send("(tom, X).\r")
    child.expect_exact("X = bob ")
    child.send(".")
    prompt(child)
    child.send(":lis\t")
    child.expect_exact("ting")
    child.send(" parent/2\r")
    child.expect_exact("parent(tom,bob).")
    prompt(child)
    child.sendline(":help")                          # a rich table on a terminal
    child.expect_exact(":listing [p/N]")
    prompt(child)
    child.sendline("halt.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_the_screen_reads_like_swi(repl):
    child, _ = repl
    child.logfile_read = log = io.StringIO()
    child.sendline("member(X, [a, b]), write(X), nl.")
    child.expect_exact("X = a ")
    child.send(" ")
    child.expect_exact("X = b.")
    screen = ANSI.sub("", log.getvalue()).replace("\r\n", "\n")
    assert "\na\nX = a ;\nb\nX = b." in screen
    prompt(child)
    child.sendline("halt.")
    child.expect(pexpect.EOF)
    assert "Traceback" not in child.before


def test_save_open_similar_and_soft(repl, tmp_path):
    child, _ = repl
    saved = tmp_path / "saved"
    vec = tmp_path / "v.vec"
    vec.write_text("tom 1.0 0.0\nbob 0.9 0.1\nliz 0.0 1.0\nann 0.5 0.5\n"
                   "parent 1.0 0.0\n")
    child.sendline("assertz(likes(ann, joe)).")
    child.expect_exact("true.")
    prompt(child)
    child.sendline(f":vectors {vec}")
    child.expect_exact("% vectors of dimension 2")
    prompt(child)
    child.sendline(":similar tom 2")                  # a rich table on a terminal
    child.expect_exact("rank")
    child.expect(r"1 .* tom .* constant .* 1\.0000")
    child.expect(r"2 .* bob .* constant .* 0\.757[0-9]")
    prompt(child)
    child.sendline(f":save {saved}")
    child.expect_exact(f"% saved 4 clauses to {saved}")
    prompt(child)
    child.sendline("retract(likes(ann, joe)).")
    child.expect_exact("true.")
    prompt(child)
    child.sendline(f":open {saved}")
    child.expect_exact(f"% opened {saved} (4 clauses)")
    prompt(child)
    child.sendline("likes(ann, X).")                  # the asserted fact came back
    child.expect_exact("X = joe.")
    prompt(child)
    child.sendline(":similar tom 2")                  # and the vectors
    child.expect(r"2 .* bob .* constant .* 0\.757[0-9]")
    prompt(child)
    # soft mode: parent(tom, ann) is not a fact, but bob is near tom
    child.sendline("parent(tom, ann).")
    child.expect_exact("false.")
    prompt(child)
    child.sendline(":soft on")
    child.expect_exact("% soft mode on")
    prompt(child)
    child.sendline("parent(tom, ann).")
    child.expect_exact("% score 0.7579")
    child.expect_exact("true.")
    prompt(child)
    child.sendline(":why")                            # a rich tree on a terminal
    child.expect_exact("proof of parent(tom, ann).")
    child.expect_exact("~ fact")
    child.expect_exact("parent(bob,ann)")
    child.expect_exact("tom ~ bob 0.7579")               # one score format everywhere
    prompt(child)
    child.sendline("halt.")
    child.expect(pexpect.EOF)
    assert "Traceback" not in child.before


def test_the_next_answer_waits_for_the_key(repl, tmp_path):
    child, _ = repl
    child.logfile_read = log = io.StringIO()
    child.sendline(":add t(1) :- write(first). t(2) :- write(second).")
    child.expect_exact("% added 2 clauses")
    prompt(child)
    child.sendline("t(X).")
    child.expect_exact("X = 1 ")
    time.sleep(0.5)                         # nothing of t(2) runs while we wait
    child.send("\r")
    prompt(child)
    screen = ANSI.sub("", log.getvalue()).split("t(X).")[-1]      # after the goal
    assert "first" in screen and "second" not in screen
    child.sendline("t(X).")
    child.expect_exact("X = 1 ")
    child.send(";")
    child.expect_exact("second")
    child.expect_exact("X = 2.")
    prompt(child)
    child.sendline("halt.")
    child.expect(pexpect.EOF)


def test_long_answers_are_abbreviated_and_w_writes_them_whole(repl):
    # as swipl 9 prints them: max_depth(10) by default; 'w' and 'p' at the
    # ';' prompt set answer_write_options and show the answer again
    child, _ = repl
    child.sendline("numlist(1, 20, L).")
    child.expect_exact("L = [1, 2, 3, 4, 5, 6, 7, 8, 9|...].")
    prompt(child)
    child.sendline("member(X, [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], b]).")
    child.expect_exact("X = [1, 2, 3, 4, 5, 6, 7, 8, 9|...] ")
    child.send("w")
    child.expect_exact("[write]")
    child.expect_exact("X = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] ")
    child.send("p")
    child.expect_exact("[print]")
    child.expect_exact("X = [1, 2, 3, 4, 5, 6, 7, 8, 9|...] ")
    child.send("w")
    child.expect_exact("X = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] ")
    child.send(";")
    child.expect_exact("X = b.")
    prompt(child)
    # 'w' holds for the session, as in SWI, until 'p'
    child.sendline("numlist(1, 12, L).")
    child.expect_exact("L = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].")
    prompt(child)
    child.sendline("set_prolog_flag(answer_write_options, [max_depth(3)]).")
    child.expect_exact("true.")
    prompt(child)
    child.sendline("X = f(g(h(i))), numlist(1, 5, L).")
    child.expect_exact("X = f(g(h(...))),")
    child.expect_exact("L = [1, 2|...].")
    prompt(child)


def test_correct_to_asks_as_swi_does(repl):
    child, _ = repl
    child.sendline("membr(X, [1]).")
    child.expect_exact('Correct to: "member(X,[1])"? ')
    child.send("y")
    child.expect_exact("yes")
    child.expect_exact("X = 1.")
    prompt(child)
    child.sendline("parnt(tom, X).")
    child.expect_exact('Correct to: "parent(tom,X)"? ')
    child.send("n")
    child.expect_exact("no")
    child.expect_exact("Unknown procedure: parnt/2; did you mean parent/2")
    prompt(child)
    child.sendline("halt.")
    child.expect(pexpect.EOF)
    assert "Traceback" not in child.before
