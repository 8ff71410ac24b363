"""The tracer from the command line: ports on standard error without
asking (SWI's leash(-all)), answers on standard output; JSON output stays
JSON."""

from __future__ import annotations

import json
import subprocess
import sys

PROG = "app([], L, L).\napp([H|T], L, [H|R]) :- app(T, L, R).\n"
PORTS = ["   Call: (11) app([1], [2], _1)",
         "   Call: (12) app([], [2], _2)",
         "   Exit: (12) app([], [2], [2])",
         "   Exit: (11) app([1], [2], [1, 2])"]


def neurosym(*args, text=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "neurosym", *map(str, args)], input=text,
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_query_traces_on_stderr(tmp_path):
    f = tmp_path / "app.pl"
    f.write_text(PROG)
    r = neurosym("query", f, "trace, app([1], [2], X)")
    assert (r.returncode, r.stdout) == (0, "X = [1, 2].\n")
    assert r.stderr.splitlines() == PORTS
    r = neurosym("query", f, "trace, app([1], [2], X)", "--format", "json")
    assert r.returncode == 0
    json.loads(r.stdout)
    assert r.stderr.splitlines() == PORTS


def test_repl_from_a_pipe_keeps_tracing_until_notrace(tmp_path):
    f = tmp_path / "app.pl"
    f.write_text(PROG)
    r = neurosym("repl", f, text="trace.\napp([1], [2], X).\nnotrace.\napp([1], [2], Y).\n")
    assert r.returncode == 0
    assert r.stdout == "true.\nX = [1, 2].\ntrue.\nY = [1, 2].\n"
    # a goal typed by itself is at depth 10, as at SWI's toplevel
    assert r.stderr.splitlines() == [p.replace("(11)", "(10)").replace("(12)", "(11)")
                                     for p in PORTS]
