"""Every ```python block of docs/guide.md runs, in order, in one namespace
(in a fresh folder: a block saves a knowledge base there), and prints the
```text block after it; a ```bash block followed by a ```text block runs
through the ``neurosym`` command in that folder after them and prints that
text, up to the numbers a training run gives (priors and values)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "guide.md")
COMMANDS = [(BLOCKS[i][1], BLOCKS[i + 1][1]) for i in range(len(BLOCKS) - 1)
            if BLOCKS[i][0] == "bash" and BLOCKS[i + 1][0] == "text"]
NUMBER = re.compile(r"\b\d\.\d{4}\b")


def test_the_doc_has_examples():
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 2
    assert any("--mode guided" in cmd for cmd, _ in COMMANDS)


def test_blocks_run_and_print_what_the_doc_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outputs = {id(text) for _, text in COMMANDS}
    run_blocks("guide.md", [(lang, b) for lang, b in BLOCKS if id(b) not in outputs],
               check_text=True)
    for cmd, expected in COMMANDS:
        argv = shlex.split(cmd)
        assert argv[0] == "neurosym"
        p = subprocess.run([sys.executable, "-m", "neurosym", *argv[1:]], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        assert NUMBER.sub("N", p.stdout) == NUMBER.sub("N", expected), p.stdout
