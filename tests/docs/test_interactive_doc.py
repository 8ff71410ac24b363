"""docs/interactive.md: every ```python block runs (in order, one namespace,
from the repository root) and every ```text block shows what they printed;
every transcript (a ```text block starting with ``?-``) is what ``neurosym
repl family.nsl`` prints when its ``?-`` lines are piped to it, with
family.nsl the page's ```prolog block and the ```text blocks starting
``# NAME`` the files beside it."""

from __future__ import annotations

import re
import subprocess
import sys

from doc_blocks import DOCS, blocks, run_blocks

BLOCKS = blocks(DOCS / "interactive.md")
PROGRAM = next(b for lang, b in BLOCKS if lang == "prolog")
TRANSCRIPTS = [b for lang, b in BLOCKS if lang == "text" and b.startswith("?- ")]
FILES = {m.group(1): b.split("\n", 1)[1] for lang, b in BLOCKS
         if lang == "text" and (m := re.match(r"# (\S+)\n", b))}
CODE = [(lang, b) for lang, b in BLOCKS
        if lang == "python" or (lang == "text" and b not in TRANSCRIPTS and not b.startswith("# "))]


def test_the_doc_has_examples_and_a_transcript():
    assert sum(1 for lang, _ in CODE if lang == "python") >= 5
    assert len(TRANSCRIPTS) == 1
    for command in (":no", ":yes", ":undo", ":teach", ":unteach", ":learn", ":save", ":open"):
        assert f"?- {command}" in TRANSCRIPTS[0], command


def test_blocks_run_and_print_what_the_page_shows(monkeypatch):
    monkeypatch.chdir(DOCS.parent)
    run_blocks("interactive.md", CODE, check_text=True)


def test_the_transcript_replays(tmp_path):
    (tmp_path / "family.nsl").write_text(PROGRAM)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    inputs = [line[3:] for line in TRANSCRIPTS[0].splitlines() if line.startswith("?- ")]
    expected = [line for line in TRANSCRIPTS[0].splitlines()
                if line.strip() and not line.startswith("?- ")]
    r = subprocess.run([sys.executable, "-m", "neurosym", "repl", "family.nsl"],
                       input="".join(i + "\n" for i in inputs), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stdout
    assert [line for line in r.stdout.splitlines() if line.strip()] == expected
