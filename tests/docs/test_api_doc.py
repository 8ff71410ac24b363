"""Every ```python block of docs/api.md runs (in order, one namespace), and
the proof tree shown there is what ``Proof.render()`` prints."""

from __future__ import annotations

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "api.md")


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 10


def test_python_blocks_run_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    printed = run_blocks("api.md", BLOCKS, check_text=False)
    rendered = [b for lang, b in BLOCKS if lang == "text"][0]
    assert rendered.rstrip("\n") in printed
