"""Every code block of docs/soft.md runs: the ```python blocks in order, in
one namespace, from the repository root; each ```bash block through the
``neurosym`` command (``python -m neurosym``); every ```text block is
printed by the blocks before it."""

from __future__ import annotations

import shlex
import subprocess
import sys

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "soft.md")
ROOT = DOCS.parent


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 6
    assert any(lang == "bash" for lang, _ in BLOCKS)


def test_python_blocks_run_and_print_what_the_doc_shows(monkeypatch):
    monkeypatch.chdir(ROOT)
    found = [(lang, b) for lang, b in BLOCKS if lang != "bash"]
    # text blocks that follow a bash block are checked below
    keep, skip = [], False
    for lang, b in BLOCKS:
        if lang == "bash":
            skip = True
            continue
        if lang == "text" and skip:
            skip = False
            continue
        skip = False
        keep.append((lang, b))
    assert len(keep) < len(found)
    run_blocks("soft.md", keep, check_text=True)


def test_bash_blocks_print_what_the_doc_shows():
    pairs = [(BLOCKS[i][1], BLOCKS[i + 1][1]) for i in range(len(BLOCKS) - 1)
             if BLOCKS[i][0] == "bash" and BLOCKS[i + 1][0] == "text"]
    assert pairs
    for cmd, expected in pairs:
        argv = shlex.split(cmd)
        assert argv[0] == "neurosym"
        p = subprocess.run([sys.executable, "-m", "neurosym", *argv[1:]], cwd=ROOT,
                           capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        assert p.stdout == expected


def test_the_doc_answers_in_words_the_kb_never_uses():
    """The GloVe-style example (kb/movies.vec) and the scale demo run above: here,
    that they are there, and that the words really are outside the knowledge base."""
    py = "".join(b for lang, b in BLOCKS if lang == "python")
    assert 'load_vectors("kb/movies.vec", kind=None)' in py
    assert "starred_in(michael_caine, Film)" in py and "for c in (0.1, 1, 10, 100)" in py
    assert any(lang == "bash" and "--kernel cosine" in b and "kb/movies.vec" in b
               for lang, b in BLOCKS)
    clauses = "".join(ln for ln in (ROOT / "kb" / "movies.nsl").read_text().splitlines()
                      if not ln.startswith("%"))
    for word in ("starred_in", "michael_caine", "meryl_streep"):
        assert word not in clauses
        assert word in (ROOT / "kb" / "movies.vec").read_text()
