"""The tracer's ports for a goal typed at the toplevel after ``trace.``, as
``swipl`` shows them: a program's predicate at depth 10, a control
construct's goals at 11, a builtin's or a library predicate's own ports not
shown (``once/1``, ``catch/3``, ``X = 1``), and nothing of ``\\+``'s own
success.  Both toplevels read the same lines from a pipe (SWI with
``leash(-all)``); the goals are deterministic, so neither asks for a key."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .harness import SWIPL_MISSING, swipl_path
from .test_trace import normalize

PROG = """app([], L, L).
app([H|T], L, [H|R]) :- app(T, L, R).
p(1).
"""

GOALS = [
    "app([1], [2], X)",
    "app([1], [2], X), app(X, [], Y)",
    "call(app, [1], [2], X)",
    "once(app([1], [2], X))",
    "catch(app([1], [2], X), _, true)",
    "\\+ app([1], [2], [])",
    "not(p(2))",
    "(p(X) -> app([X], [], L) ; true)",
    "X = 1",
    "atom_length(abc, N)",
    "length(L, 1)",
]


def _ports(text: str) -> list[str]:
    return normalize("\n".join(line for line in text.splitlines()
                               if line.startswith(("   Call:", "   Exit:", "   Fail:", "   Redo:"))))


@pytest.mark.swipl
@pytest.mark.parametrize("goal", GOALS)
def test_toplevel_ports_as_swipl(tmp_path, goal):
    if swipl_path() is None:
        pytest.fail(SWIPL_MISSING, pytrace=False)
    f = tmp_path / "prog.pl"
    f.write_text(PROG)
    swi = subprocess.run([swipl_path(), "-q", "--no-packs", str(f)], capture_output=True, text=True,
                         input=f"leash(-all).\ntrace.\n{goal}.\nnotrace.\nhalt.\n", timeout=60)
    env = dict(os.environ, NEUROSYM_DATA_DIR=str(tmp_path / "data"))
    ns = subprocess.run([sys.executable, "-m", "neurosym", "repl", str(f)], capture_output=True,
                        text=True, input=f"trace.\n{goal}.\nnotrace.\n", timeout=60, env=env)
    want = _ports(swi.stderr + swi.stdout)
    assert _ports(ns.stderr + ns.stdout) == want
