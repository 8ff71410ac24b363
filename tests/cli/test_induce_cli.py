"""Popper task folders and ``neurosym induce DIR``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from neurosym.errors import SourceError
from neurosym.learning.induce.popper import load_task

BK = """parent(ann, bob). parent(bob, carl). parent(carl, dan). parent(ann, beth).
parent(beth, eve). parent(eve, fay).
male(bob). male(carl). male(dan).
female(ann). female(beth). female(eve). female(fay).
"""
EXS = """pos(ancestor(ann,carl)). pos(ancestor(bob,dan)). pos(ancestor(ann,dan)).
pos(ancestor(ann,bob)). pos(ancestor(beth,fay)).
neg(ancestor(bob,ann)). neg(ancestor(carl,ann)). neg(ancestor(bob,eve)). neg(ancestor(dan,carl)).
"""
BIAS = """head_pred(ancestor,2).
body_pred(parent,2).
body_pred(male,1).
max_vars(3).
max_body(2).
max_clauses(2).
enable_recursion.
type(ancestor,(person,person)).
type(parent,(person,person)).
type(male,(person,)).
direction(parent,(in,out)).
allow_singletons.
:- body_literal(0,_,2,_).
only_once(parent).
:-
    only_once(P),
    clause(C),
    #count{Vars : body_literal(C,P,A,Vars)} > 1.
"""


def task(tmp_path: Path, bk=BK, exs=EXS, bias=BIAS) -> Path:
    d = tmp_path / "task"
    d.mkdir(exist_ok=True)
    for name, text in (("bk.pl", bk), ("exs.pl", exs), ("bias.pl", bias)):
        (d / name).write_text(text)
    return d


def neurosym(*args):
    return subprocess.run([sys.executable, "-m", "neurosym", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_a_popper_folder_loads_as_it_is(tmp_path):
    t = load_task(task(tmp_path))
    assert t.target == "ancestor/2" and len(t.pos) == 5 and len(t.neg) == 4
    b = t.bias
    assert (b.max_vars, b.max_body, b.max_clauses, b.recursion) == (3, 2, 2, True)
    assert b.body == ["parent/2", "male/1"]
    assert b.types["male"] == ("person",) and b.directions["parent"] == ("in", "out")
    assert any("allow_singletons" in w for w in t.warnings)
    assert any("bias.pl:13:1: ignored: a constraint" in w for w in t.warnings)
    assert any("bias.pl:15:1: ignored: a constraint" in w for w in t.warnings)


def test_cli_prints_the_program_then_precision_recall_time(tmp_path):
    r = neurosym("induce", task(tmp_path))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert sorted(lines[:2]) == ["ancestor(A,B) :- parent(A,B).",
                                 "ancestor(A,B) :- parent(A,C), ancestor(C,B)."]
    assert lines[2].startswith("Precision:1.00 Recall:1.00 TP:5 FN:0 TN:4 FP:0 Size:5 Time:")
    assert "warning:" in r.stderr and "allow_singletons" in r.stderr


def test_cli_options_override_the_bias_and_no_solution_exits_1(tmp_path):
    r = neurosym("induce", task(tmp_path), "--max-clauses", "1")
    assert r.returncode == 1 and r.stdout.startswith("NO SOLUTION"), r.stdout + r.stderr


def test_the_target_as_a_body_pred_means_recursion_not_a_missing_predicate(tmp_path):
    # Popper's way of allowing recursion: body_pred(Head) besides head_pred(Head)
    bias = BIAS.replace("enable_recursion.\n", "body_pred(ancestor,2).\n")
    t = load_task(task(tmp_path, bias=bias))
    assert t.bias.recursion and t.bias.body == ["parent/2", "male/1"]
    r = neurosym("induce", task(tmp_path, bias=bias))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ancestor(A,B) :- parent(A,C), ancestor(C,B)." in r.stdout.splitlines()


def test_cli_json(tmp_path):
    import json
    r = neurosym("induce", task(tmp_path), "--json")
    assert r.returncode == 0
    out = json.loads(r.stdout)
    assert out["solved"] and out["tp"] == 5 and len(out["clauses"]) == 2


@pytest.mark.parametrize("which, text, where, words", [
    ("exs", EXS + "pos(parent(ann,bob)).\n", "exs.pl:4:1", "not an atom of ancestor/2"),
    ("exs", EXS + "foo(x).\n", "exs.pl:4:1", "expected pos(Example)"),
    ("exs", EXS + "pos(ancestor(ann, X)).\n", "exs.pl:4:1", "must be ground"),
    ("exs", EXS + "pos(ancestor(ann,bob)\n", "exs.pl:4", "error"),
    ("bias", BIAS + "max_vars(lots).\n", "bias.pl:19:1", "positive integer"),
    ("bias", BIAS + "direction(male,(sideways,)).\n", "bias.pl:19:1", "in or out"),
    ("bias", BIAS.replace("head_pred(ancestor,2).", ""), "bias.pl:1:1", "no head_pred"),
    ("bias", BIAS + "body_pred(cousin,2).\n", "bias.pl:19:1", "no clauses"),
    ("bk", BK + "parent(a, \n", "bk.pl:5:7", "unbalanced"),
])
def test_a_bad_file_is_a_located_error_without_traceback(tmp_path, which, text, where, words):
    d = task(tmp_path, **{which: text})
    r = neurosym("induce", d)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert where in r.stderr and words in r.stderr, r.stderr


def test_missing_file_and_folder(tmp_path):
    d = task(tmp_path)
    (d / "exs.pl").unlink()
    with pytest.raises(SourceError, match="missing exs.pl"):
        load_task(d)
    r = neurosym("induce", tmp_path / "nowhere")
    assert r.returncode == 2 and "not a folder" in r.stderr and "Traceback" not in r.stderr
