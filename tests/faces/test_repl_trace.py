"""The tracer in the real ``neurosym repl`` under a pseudo-terminal: each
port asks ``?`` and the keys creep, skip, leap, fail, abort, help and
nodebug act as in SWI-Prolog's debugger."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

PROG = """
app([], L, L).
app([H|T], L, [H|R]) :- app(T, L, R).
len([], 0).
len([_|T], N) :- len(T, M), N is M + 1.
"""


@pytest.fixture
def repl(tmp_path):
    f = tmp_path / "lists.pl"
    f.write_text(PROG)
    env = dict(os.environ, NEUROSYM_DATA_DIR=str(tmp_path / "data"), PROMPT_TOOLKIT_NO_CPR="1",
               TERM="xterm", COLUMNS="120", LINES="40")
    child = pexpect.spawn(sys.executable, ["-m", "neurosym", "repl", str(f)], env=env,
                          encoding="utf-8", timeout=60, dimensions=(40, 120))
    child.expect(r"\?-")
    yield child
    if child.isalive():
        child.terminate(force=True)


def port(child, text: str) -> None:
    """Wait for a port line and its ``?`` prompt."""
    child.expect_exact(text)
    child.expect_exact(" ? ")


def test_trace_keys(repl):
    child = repl
    child.sendline("trace.")
    child.expect_exact("true.")
    child.expect_exact("[trace] ?-")
    # creep (c, space, Enter) walks every port, depth by depth; a goal typed
    # at the prompt is at depth 10, as in SWI (a conjunction's goals at 11)
    child.sendline("app([1], [2], X).")
    port(child, "   Call: (10) app([1], [2], _")
    child.send("c")
    child.expect_exact("creep")
    port(child, "   Call: (11) app([], [2], _")
    child.send(" ")
    port(child, "   Exit: (11) app([], [2], [2])")
    child.send("\r")
    port(child, "   Exit: (10) app([1], [2], [1, 2])")
    child.send("c")
    child.expect_exact("X = [1, 2].")
    child.expect_exact("[trace] ?-")
    # skip: the goal's inner ports are not shown, its Exit is
    child.sendline("len([a, b], N).")
    port(child, "   Call: (10) len([a, b], _")
    child.send("s")
    child.expect_exact("skip")
    port(child, "   Exit: (10) len([a, b], 2)")
    assert "(11)" not in child.before
    child.send("c")
    child.expect_exact("N = 2.")
    # fail: the goal fails at once
    child.sendline("app(X, Y, [1]).")
    port(child, "   Call: (10) app(_")
    child.send("f")
    child.expect_exact("fail")
    port(child, "   Fail: (10) app(_")
    child.send("c")
    child.expect_exact("false.")
    # help, then abort
    child.sendline("len([a], N).")
    port(child, "   Call: (10) len([a], _")
    child.send("h")
    child.expect_exact("l:                  leap")
    port(child, "   Call: (10) len([a], _")
    child.send("a")
    child.expect_exact("abort")
    child.expect_exact("% Execution Aborted")
    child.expect_exact("?-")
    # nodebug at the prompt: no more ports
    child.sendline("nodebug.")
    child.expect_exact("true.")
    child.sendline("len([a], N).")
    child.expect_exact("N = 1.")
    assert "Call:" not in child.before


def test_spy_and_leap(repl):
    child = repl
    child.sendline("spy(len).")
    child.expect_exact("% Spy point on len/2")
    child.expect_exact("true.")
    child.expect_exact("[debug] ?-")
    # debug mode: only the spy point's ports stop; app's are not shown
    child.sendline("app([1], [], L), len(L, N).")
    port(child, "   Call: (11) len([1], _")
    assert "app(" not in child.before
    child.send("l")                      # leap: on to the next spy point's port
    child.expect_exact("leap")
    port(child, "   Call: (12) len([], _")
    child.send("l")
    port(child, "   Exit: (12) len([], 0)")
    child.send("c")                      # creep: every port again
    port(child, "   Call: (12) _")       # N is M + 1
    child.send("l")
    port(child, "   Exit: (11) len([1], 1)")
    child.send("l")
    child.expect_exact("L = [1],")
    child.expect_exact("N = 1.")
    child.sendline("nospy(len/2).")
    child.expect_exact("% Spy point removed from len/2")
    child.expect_exact("true.")
    child.sendline("len([a], N).")
    child.expect_exact("N = 1.")
    assert "Call:" not in child.before
