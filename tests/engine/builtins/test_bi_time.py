"""time/1's report line on standard error, in SWI-Prolog's form, once per
answer, at the final failure and at an exception (its answers are compared
with SWI's in tests/differential/programs/time_goal.pl)."""

from __future__ import annotations

import io
import re

import pytest

from neurosym import KnowledgeBase
from neurosym.errors import PrologError

LINE = re.compile(r"^% [\d,]+ inferences, \d+\.\d{3} CPU in \d+\.\d{3} seconds "
                  r"\(\d+% CPU, (\d+|Infinite) Lips\)$")


@pytest.fixture
def kb():
    return KnowledgeBase.from_string("loop(0) :- !.\nloop(N) :- N1 is N - 1, loop(N1).\n",
                                     output=io.StringIO())


def _lines(capsys):
    return capsys.readouterr().err.splitlines()


def test_one_line_for_a_deterministic_goal(kb, capsys):
    assert len(list(kb.query("time(loop(1000))", limit=None))) == 1
    [line] = _lines(capsys)
    assert LINE.match(line), line
    n = int(line.split()[1].replace(",", ""))
    assert 2000 <= n <= 2100           # two calls an iteration, as SWI counts them


def test_a_line_per_answer_and_one_at_the_failure(kb, capsys):
    assert len(list(kb.query("time((member(X, [a, b]) ; fail))", limit=None))) == 2
    lines = _lines(capsys)
    assert len(lines) == 3 and all(LINE.match(x) for x in lines), lines
    assert list(kb.query("time(fail)", limit=None)) == []
    assert len(_lines(capsys)) == 1


def test_a_line_at_an_exception(kb, capsys):
    with pytest.raises(PrologError):
        list(kb.query("time(atom_length(_, _))", limit=None))
    [line] = _lines(capsys)
    assert LINE.match(line)
