"""Every ```python block of docs/bridge.md runs (in order, one namespace),
and every ```text block is printed by the blocks before it."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "bridge.md"
TEXT = DOC.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", TEXT, re.S)


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 8


def test_blocks_run_and_print_what_the_doc_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ns: dict = {}
    printed = io.StringIO()
    for i, (lang, block) in enumerate(BLOCKS):
        if lang == "python":
            with contextlib.redirect_stdout(printed):
                exec(compile(block, f"bridge.md block {i}", "exec"), ns)  # noqa: S102
        elif lang == "text":
            assert block.rstrip("\n") in printed.getvalue(), f"block {i}"
