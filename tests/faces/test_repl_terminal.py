"""The real ``neurosym repl`` under a pseudo-terminal, driven as a user would.

prompt_toolkit draws the prompt with cursor moves, so the tests wait for
the answers and messages the toplevel writes itself, and for ``?-``.
"""

from __future__ import annotations

import io
import os
import re
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


@pytest.fixture
def repl(tmp_path):
    f = tmp_path / "family.nsl"
    f.write_text(PROG)
    data = tmp_path / "data"
    env = dict(os.environ, NEUROSYM_DATA_DIR=str(data), PROMPT_TOOLKIT_NO_CPR="1",
               TERM="xterm", COLUMNS="120", LINES="40")
    child = pexpect.spawn(sys.executable, ["-m", "neurosym", "repl", str(f)], env=env,
                          encoding="utf-8", timeout=60, dimensions=(40, 120))
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
    # Ctrl-C stops a goal that runs forever
    child.sendline("between(1, inf, X), fail.")
    time.sleep(1.0)
    child.sendintr()
    child.expect_exact("% Execution Aborted")
    prompt(child)
    # Ctrl-C while the answer after the first one is being looked for
    child.sendline("(X = 1 ; between(1, inf, _), fail).")
    time.sleep(1.0)
    child.sendintr()
    child.expect_exact("X = 1")
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
    # a command of a later layer says so
    child.sendline(":similar tom")
    child.expect_exact("not available yet")
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
