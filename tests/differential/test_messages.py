"""print_message/2 of error terms against SWI-Prolog: for every
``messages/NAME.pl``, ``main`` runs on ``swipl -q -g main -t halt NAME.pl``
and on neurosym (the API); what each writes to standard error must agree."""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

import pytest

from .harness import SWIPL_MISSING, swipl_path

HERE = Path(__file__).resolve().parent
PROGRAMS = sorted((HERE / "messages").glob("*.pl"))


def swipl_messages(path: Path) -> str:
    if swipl_path() is None:
        pytest.fail(SWIPL_MISSING, pytrace=False)
    proc = subprocess.run([swipl_path(), "-q", "--no-packs", "-g", "main", "-t", "halt",
                           str(path)], capture_output=True, text=True, timeout=60,
                          cwd=str(path.parent))
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


def neurosym_messages(path: Path) -> str:
    from neurosym import KnowledgeBase

    err = io.StringIO()
    kb = KnowledgeBase.from_string(path.read_text(encoding="utf-8"), file=path.name,
                                   output=io.StringIO())
    with contextlib.redirect_stderr(err):
        assert len(list(kb.query("main", limit=1))) == 1
    return err.getvalue()


@pytest.mark.swipl
@pytest.mark.parametrize("path", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_messages_as_swipl(path):
    assert neurosym_messages(path) == swipl_messages(path)
