"""Every ```python block of docs/bridge.md runs (in order, one namespace),
and every ```text block is printed by the blocks before it."""

from __future__ import annotations

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "bridge.md")


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 8


def test_blocks_run_and_print_what_the_doc_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_blocks("bridge.md", BLOCKS, check_text=True)
