"""Programs that read standard input (read/1, read_term/2,3), against
SWI-Prolog: for every ``stdin/NAME.pl`` with its input ``stdin/NAME.in``,
``main`` runs on ``swipl -q -g main -t halt NAME.pl < NAME.in`` and on
neurosym (the API, ``machine.input`` set to the input); what each writes to
standard output must agree.  (The query corpus in ``programs/`` cannot hold
these: the SWI driver reads its queries from standard input.)"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from .harness import SWIPL_MISSING, swipl_path

HERE = Path(__file__).resolve().parent
PROGRAMS = sorted((HERE / "stdin").glob("*.pl"))


def swipl_output(path: Path) -> str:
    if swipl_path() is None:
        pytest.fail(SWIPL_MISSING, pytrace=False)
    with open(path.with_suffix(".in"), encoding="utf-8") as stdin:
        proc = subprocess.run([swipl_path(), "-q", "--no-packs", "-g", "main", "-t", "halt",
                               str(path)], stdin=stdin, capture_output=True, text=True,
                              timeout=60, cwd=str(path.parent))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def neurosym_output(path: Path) -> str:
    from neurosym import KnowledgeBase

    out = io.StringIO()
    kb = KnowledgeBase.from_string(path.read_text(encoding="utf-8"), file=path.name, output=out)
    with open(path.with_suffix(".in"), encoding="utf-8") as stdin:
        kb.machine.input = stdin
        assert len(list(kb.query("main", limit=1))) == 1
    return out.getvalue()


@pytest.mark.swipl
@pytest.mark.parametrize("path", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_reads_as_swipl(path):
    assert neurosym_output(path) == swipl_output(path)
