"""halt/0,1 end the process with the status, as ``swipl`` does: from
``neurosym query`` and ``run`` (their answers and output printed first, one
JSON document with ``--format json``), from a goal at the REPL, and from a
program's ``initialization(main, main)``; the API raises ``Halt``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from neurosym import KnowledgeBase
from neurosym.errors import Halt, PrologError

PROG = """p(1).
p(2).
bye(S) :- write(bye), nl, halt(S).
"""


def neurosym(*args, text: str | None = None):
    return subprocess.run([sys.executable, "-m", "neurosym", *map(str, args)], input=text,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def prog(tmp_path):
    f = tmp_path / "prog.pl"
    f.write_text(PROG)
    return f


@pytest.mark.parametrize("goal,status", [("halt", 0), ("bye(3)", 3), ("p(X), X > 1, halt(4)", 4),
                                         ("halt(-1)", 255)])
def test_query_exits_with_the_status(prog, goal, status):
    r = neurosym("query", prog, goal)
    assert r.returncode == status
    assert "error" not in r.stderr
    assert r.stdout == ("bye\n" if goal.startswith("bye") else "")


def test_json_is_still_one_document(prog):
    r = neurosym("query", "--format", "json", prog, "bye(5)")
    assert r.returncode == 5
    assert json.loads(r.stdout) == []
    assert r.stderr == "bye\n"


def test_run_exits_with_the_status_of_main(tmp_path):
    f = tmp_path / "main.pl"
    f.write_text(":- initialization(main, main).\nmain :- write(hi), nl, halt(6).\n")
    r = neurosym("run", f)
    assert (r.returncode, r.stdout) == (6, "hi\n")
    r = neurosym("query", "--format", "json", f, "true")
    assert (r.returncode, json.loads(r.stdout)) == (6, [])


def test_a_goal_at_the_repl_leaves_it(prog):
    r = neurosym("repl", prog, text="p(X).\nbye(7).\np(2).\n")
    assert r.returncode == 7
    assert r.stdout.count("X = 1") == 1 and "bye" in r.stdout
    assert r.stdout.rstrip().endswith("bye")      # p(2) after it never ran


def test_bad_status_is_a_type_error_catch_cannot_stop_halt():
    kb = KnowledgeBase.from_string(PROG)
    assert kb.ask("catch(halt(a), error(type_error(integer, a), _), true)")
    with pytest.raises(PrologError, match="instantiated"):
        list(kb.query("halt(_)"))
    with pytest.raises(Halt) as e:
        list(kb.query("catch(halt(2), _, true)"))
    assert e.value.code == 2


def test_the_sandbox_refuses_halt(prog):
    r = neurosym("query", "--sandbox", prog, "halt")
    assert r.returncode == 2
    assert "No permission to call sandboxed `halt/0'" in r.stderr
