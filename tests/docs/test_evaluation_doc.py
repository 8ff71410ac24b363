"""Every ```python block of docs/evaluation.md runs (in order, one namespace,
from the repository root, as the examples' relative paths assume), and every ```text
block is printed by the blocks before it."""

from __future__ import annotations

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "evaluation.md")


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 5


def test_blocks_run_and_print_what_the_doc_shows(monkeypatch):
    monkeypatch.chdir(DOCS.parent)
    run_blocks("evaluation.md", BLOCKS, check_text=True)
