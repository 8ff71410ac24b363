"""Every code block of docs/constraints.md runs: python blocks (in order, one
namespace, from the repository root) print the text blocks after them; bash
blocks (``neurosym query ...``) print the text block after them; prolog
blocks are verbatim excerpts of the kb file their section names."""

from __future__ import annotations

import shlex
import subprocess
import sys

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "constraints.md")
ROOT = DOCS.parent


def _split():
    """(blocks for run_blocks, bash/text pairs, prolog blocks)."""
    keep, pairs, prolog = [], [], []
    i = 0
    while i < len(BLOCKS):
        lang, b = BLOCKS[i]
        if lang == "bash":
            assert BLOCKS[i + 1][0] == "text"
            pairs.append((b, BLOCKS[i + 1][1]))
            i += 2
            continue
        if lang == "prolog":
            prolog.append(b)
        else:
            keep.append((lang, b))
        i += 1
    return keep, pairs, prolog


def test_the_doc_has_examples():
    keep, pairs, prolog = _split()
    assert sum(1 for lang, _ in keep if lang == "python") >= 1
    assert len(pairs) >= 6 and len(prolog) >= 2


def test_python_blocks_print_what_the_doc_shows(monkeypatch):
    monkeypatch.chdir(ROOT)
    run_blocks("constraints.md", _split()[0], check_text=True)


def test_bash_blocks_print_what_the_doc_shows():
    for cmd, expected in _split()[1]:
        argv = shlex.split(cmd)
        assert argv[0] == "neurosym"
        p = subprocess.run([sys.executable, "-m", "neurosym", *argv[1:]], cwd=ROOT,
                           capture_output=True, text=True, check=False)
        assert p.returncode == 0, p.stderr
        assert p.stdout == expected, cmd


def test_prolog_blocks_are_excerpts_of_the_kb_files():
    kb_text = "".join((ROOT / "kb" / f).read_text() for f in ("mortgage.nsl", "physics.nsl"))
    from neurosym import KnowledgeBase
    for b in _split()[2]:
        KnowledgeBase.from_string(b)        # loads
        for clause in [c for c in b.split(".\n") if c.strip()]:
            assert clause in kb_text, clause
