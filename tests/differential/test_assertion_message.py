"""assertion/1's line on standard error, as ``swipl`` writes it (its first
line: SWI's backtrace after it is not written), variables aside."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .harness import SWIPL_MISSING, swipl_path

GOALS = ["assertion(member(X, [a]))", "assertion(member(a, []))", "assertion(atom_length(1, a))"]


def _first_line(text: str) -> str:
    lines = text.splitlines()
    return re.sub(r"\b_[A-Z]?\d+\b", "_", lines[0]) if lines else ""


@pytest.mark.swipl
@pytest.mark.parametrize("goal", GOALS)
def test_assertion_line_as_swipl(goal):
    if swipl_path() is None:
        pytest.fail(SWIPL_MISSING, pytrace=False)
    q = f"catch({goal}, _, true)"
    swi = subprocess.run([swipl_path(), "-q", "--no-packs", "-g", q, "-t", "halt"],
                         capture_output=True, text=True, timeout=60)
    ns = subprocess.run([sys.executable, "-m", "neurosym", "query", q],
                        capture_output=True, text=True, timeout=60)
    assert _first_line(ns.stderr) == _first_line(swi.stderr)
