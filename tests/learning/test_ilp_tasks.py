"""The ILP benchmark tasks (benchmarks/ilp/): generated as committed, Popper folders
that load, and a few solved as the benchmark says."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from neurosym import KnowledgeBase
from neurosym.learning.induce.popper import load_task

ILP = Path(__file__).resolve().parents[2] / "benchmarks" / "ilp"
TASKS = sorted(p.name for p in (ILP / "tasks").iterdir() if p.is_dir())


def test_the_generator_writes_the_committed_tasks(tmp_path):
    spec = importlib.util.spec_from_file_location("make_tasks", ILP / "make_tasks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    names = mod.write(tmp_path)
    assert sorted(names) == TASKS and len(TASKS) == 9
    for name in TASKS:
        for f in ("bk.pl", "exs.pl", "bias.pl", "test.pl"):
            assert (tmp_path / name / f).read_text() == (ILP / "tasks" / name / f).read_text()


@pytest.mark.parametrize("name", TASKS)
def test_each_task_loads_with_at_most_10_positives(name):
    t = load_task(ILP / "tasks" / name)
    assert 1 <= len(t.pos) <= 10 and t.neg and not t.warnings


@pytest.mark.parametrize("name, want", [
    ("grandparent", ["grandparent(A,B) :- parent(A,C), parent(C,B)."]),
    ("trains", ["east(A) :- has_car(A,B), short(B), closed(B)."]),
    ("even", ["even(A) :- zero(A).", "even(A) :- next(B,A), next(C,B), even(C)."]),
])
def test_tasks_are_solved(name, want):
    t = load_task(ILP / "tasks" / name)
    kb = KnowledgeBase()
    kb.consult(t.bk, partial=False)
    r = kb.induce(t.target, t.pos, t.neg, bias=t.bias)
    assert r.solved and sorted(r.rules) == sorted(want) and r.fp == 0 and r.fn == 0
