"""Every ```python block of docs/api.md runs (in order, one namespace), and
the proof tree shown there is what ``Proof.render()`` prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
TEXT = DOC.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", TEXT, re.S)


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 10


def test_python_blocks_run_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ns: dict = {}
    printed = io.StringIO()
    for i, (lang, block) in enumerate(BLOCKS):
        if lang != "python":
            continue
        with contextlib.redirect_stdout(printed):
            exec(compile(block, f"api.md block {i}", "exec"), ns)  # noqa: S102
    rendered = [b for lang, b in BLOCKS if lang == "text"][0]
    assert rendered.rstrip("\n") in printed.getvalue()
