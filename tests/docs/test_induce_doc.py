"""Every ```python block of docs/induce.md runs (in order, one namespace, in a
scratch directory), and every ```text block shows what they printed."""

from __future__ import annotations

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "induce.md")


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 5


def test_blocks_run_and_print_what_the_page_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_blocks("induce.md", BLOCKS, check_text=True)
