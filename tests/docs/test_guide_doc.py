"""Every ```python block of docs/guide.md runs, in order, in one namespace,
and prints the ```text block after it."""

from __future__ import annotations

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "guide.md")


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 2


def test_python_blocks_run_and_print_what_the_doc_shows():
    run_blocks("guide.md", BLOCKS, check_text=True)
