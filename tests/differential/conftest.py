"""Session fixtures of the differential suite: SWI-Prolog's results are
computed once per session, for the programs whose tests were collected,
several swipl processes at once (each pytest-xdist worker computes its own)."""

from __future__ import annotations

import pytest

from .harness import SWIPL_MISSING, Program, load_programs, run_swipl_all, swipl_path


@pytest.fixture(scope="session")
def swipl_results(request):
    if swipl_path() is None:
        pytest.fail(SWIPL_MISSING, pytrace=False)
    wanted = set()
    for item in request.session.items:
        program = getattr(getattr(item, "callspec", None), "params", {}).get("program")
        if isinstance(program, Program):     # not another suite's "program" parameter
            wanted.add(program.name)
    programs = [p for p in load_programs() if p.name in wanted]
    return run_swipl_all(programs)
