"""Differential tests: every query of ``programs/*.pl`` must give the same
answers (in the same order, or as the same set for ``% query(set):``),
the same uncaught error and the same output on neurosym as on SWI-Prolog.

Run:  .venv/bin/pytest tests/differential -q
See ``harness.py`` for the query format and what is compared.
"""

from __future__ import annotations

import pytest

from .harness import (
    SWIPL_MISSING,
    describe_difference,
    load_programs,
    run_neurosym,
    swipl_path,
)

PROGRAMS = load_programs()
CASES = [(p, q) for p in PROGRAMS for q in p.queries]


def test_corpus_is_large_enough():
    assert len(PROGRAMS) >= 60
    assert all(p.queries for p in PROGRAMS), [p.name for p in PROGRAMS if not p.queries]


def test_swipl_is_installed():
    assert swipl_path() is not None, SWIPL_MISSING


@pytest.mark.swipl
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_swipl_runs_program_cleanly(program, swipl_results):
    """The corpus itself is sound: SWI-Prolog loads every program without
    errors or warnings and answers every query without timeouts."""
    run = swipl_results[program.name]
    assert run.failure is None, run.failure
    assert run.load_messages == [], run.load_messages
    bad = [(q.line, q.text, o.status) for q, o in zip(program.queries, run.outcomes, strict=False)
           if o.status in ("timeout", "syntax_error")]
    assert not bad, bad


class _NeurosymRuns:
    """neurosym's outcomes, computed once per program, all queries in order."""

    def __init__(self, swipl_results):
        self.swipl = swipl_results
        self.cache: dict[str, tuple] = {}

    def get(self, program):
        if program.name not in self.cache:
            names = [o.names for o in self.swipl[program.name].outcomes]
            self.cache[program.name] = run_neurosym(program, names)
        return self.cache[program.name]


@pytest.fixture(scope="session")
def neurosym_runs(swipl_results):
    return _NeurosymRuns(swipl_results)


@pytest.mark.swipl
@pytest.mark.parametrize("program,query", CASES,
                         ids=[f"{p.name}:{q.line}" for p, q in CASES])
def test_same_as_swipl(program, query, swipl_results, neurosym_runs):
    run = swipl_results[program.name]
    assert run.failure is None, run.failure
    expected = run.outcomes[query.index]
    assert expected.status not in ("timeout", "syntax_error"), (
        f"the corpus is broken: swipl gave {expected.status} for {query.text}")
    ns = neurosym_runs.get(program)
    if ns.failure is not None:
        pytest.fail(f"{program.path.name}: {ns.failure}", pytrace=False)
    got = ns.outcomes[query.index]
    if got.comparable(query.as_set) != expected.comparable(query.as_set):
        text = f"{program.path.name}: " + describe_difference(query, expected, got)
        if ns.warnings:
            text += "\nneurosym warned while loading the program:\n" + "\n".join(ns.warnings)
        pytest.fail(text, pytrace=False)
