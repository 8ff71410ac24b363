"""The ```python blocks of docs/language.md run, and the ```text block right
after each prints what it shows (the reader's rendered errors, the other
text blocks, are checked in test_language_doc.py)."""

from __future__ import annotations

import contextlib
import io

from doc_blocks import DOCS, blocks

BLOCKS = blocks(DOCS / "language.md")


def test_python_blocks_run_and_print_what_the_doc_shows():
    ns: dict = {}
    ran = 0
    for i, (lang, code) in enumerate(BLOCKS):
        if lang != "python":
            continue
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"language.md block {i}", "exec"), ns)  # noqa: S102 -- our own docs
        ran += 1
        if i + 1 < len(BLOCKS) and BLOCKS[i + 1][0] == "text":
            assert printed.getvalue() == BLOCKS[i + 1][1], f"language.md block {i + 1}"
    assert ran >= 1
