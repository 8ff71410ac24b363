"""Every ```python block of docs/scale.md runs (in order, one namespace, in a
scratch directory), and every ```text block shows what they printed."""

from __future__ import annotations

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "scale.md")


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 3


def test_blocks_run_and_print_what_the_page_shows(tmp_path, monkeypatch):
    import duckdb  # noqa: F401  (the dev extra installs it)
    monkeypatch.chdir(tmp_path)
    run_blocks("scale.md", BLOCKS, check_text=True)


def test_the_benchmark_command_is_the_scripts():
    text = (DOCS / "scale.md").read_text(encoding="utf-8")
    assert "python benchmarks/scale.py" in text
    assert (DOCS.parent / "benchmarks" / "scale.py").is_file()
