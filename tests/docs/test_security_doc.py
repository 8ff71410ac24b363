"""Every ```python block of docs/security.md runs (in order, one namespace,
in a fresh directory) and prints the ```text block after it; each ```bash
block runs through the ``neurosym`` command and prints the block after it."""

from __future__ import annotations

import shlex
import subprocess
import sys

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "security.md")
ROOT = DOCS.parent


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 4
    assert any(lang == "bash" for lang, _ in BLOCKS)


def _python_part() -> list[tuple[str, str]]:
    """The blocks without each bash block and the text block it prints."""
    keep, after_bash = [], False
    for lang, b in BLOCKS:
        if lang == "bash" or (lang == "text" and after_bash):
            after_bash = lang == "bash"
            continue
        after_bash = False
        keep.append((lang, b))
    return keep


def test_python_blocks_print_what_the_doc_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_blocks("security.md", _python_part(), check_text=True)


def test_bash_blocks_print_what_the_doc_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_blocks("security.md", _python_part(), check_text=False)   # writes untrusted.nsl
    pairs = [(BLOCKS[i][1], BLOCKS[i + 1][1]) for i in range(len(BLOCKS) - 1)
             if BLOCKS[i][0] == "bash" and BLOCKS[i + 1][0] == "text"]
    assert pairs
    for command, shown in pairs:
        args = shlex.split(command.strip())
        assert args[0] == "neurosym"
        r = subprocess.run([sys.executable, "-m", "neurosym", *args[1:]], cwd=tmp_path,
                           capture_output=True, text=True, timeout=120,
                           env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        assert r.stdout == shown, r.stderr
