"""Every transcript of docs/repl.md is what ``neurosym repl`` prints.

Each ```text block that starts with ``?-`` is a session of its own: its
``?-`` lines (and ``|    `` continuation lines) are piped to ``neurosym repl
family.nsl`` (the ```prolog block), and everything else in the block must
be exactly what it prints on stdout and stderr (blank lines aside: the
terminal shows one after each answer, a pipe does not).  A ```text block
whose first line is ``# NAME.EXT`` is a file the transcripts use: it is
written beside ``family.nsl`` without that line."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "repl.md"
TEXT = DOC.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", TEXT, re.S)
PROGRAM = next(b for lang, b in BLOCKS if lang == "prolog")
TRANSCRIPTS = [b for lang, b in BLOCKS if lang == "text" and b.startswith("?- ")]
FILES = {m.group(1): b.split("\n", 1)[1] for lang, b in BLOCKS
         if lang == "text" and (m := re.match(r"# (\S+\.\w+)\n", b))}
CONTINUATION = "|    "


def split(block: str) -> tuple[str, list[str]]:
    inputs, outputs = [], []
    for line in block.splitlines():
        if line.startswith("?- "):
            inputs.append(line[3:])
        elif line.startswith(CONTINUATION):
            inputs.append(line[len(CONTINUATION):])
        elif line.strip():
            outputs.append(line)
    return "".join(i + "\n" for i in inputs), outputs


def test_the_doc_has_transcripts():
    assert len(TRANSCRIPTS) >= 6
    assert sum(b.count("?- ") for b in TRANSCRIPTS) >= 20
    for command in (":save", ":open", ":similar", ":soft on", ":why", ":vectors", ":guide"):
        assert any(f"?- {command}" in b for b in TRANSCRIPTS), command
    assert "family.vec" in FILES


@pytest.mark.parametrize("block", TRANSCRIPTS, ids=lambda b: b.splitlines()[0][3:40])
def test_transcript_replays(block, tmp_path):
    (tmp_path / "family.nsl").write_text(PROGRAM)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    script, expected = split(block)
    r = subprocess.run([sys.executable, "-m", "neurosym", "repl", "family.nsl"],
                       input=script, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stdout
    got = [line for line in r.stdout.splitlines() if line.strip()]
    assert got == expected


def test_the_script_example(tmp_path):
    (tmp_path / "family.nsl").write_text(PROGRAM)
    m = re.search(r"\$ printf '(.*?)' \| neurosym repl family.nsl\n(.*?)```", TEXT, re.S)
    assert m is not None
    script = m.group(1).replace("\\n", "\n")
    r = subprocess.run([sys.executable, "-m", "neurosym", "repl", "family.nsl"],
                       input=script, capture_output=True, text=True, cwd=tmp_path,
                       timeout=120)
    assert r.returncode == 0
    assert r.stdout == m.group(2)


def test_the_saved_folder_on_the_command_line(tmp_path):
    """The ``$ neurosym ...`` block after the ``:save`` transcript: each
    command, run where that session saved, prints the lines after it."""
    (tmp_path / "family.nsl").write_text(PROGRAM)
    session = next(b for b in TRANSCRIPTS if "?- :save saved" in b)
    subprocess.run([sys.executable, "-m", "neurosym", "repl", "family.nsl"],
                   input=split(session)[0], capture_output=True, text=True, cwd=tmp_path,
                   timeout=120, check=True)
    shell = next(b for lang, b in BLOCKS if lang == "text" and b.startswith("$ neurosym"))
    runs = [r.split("\n", 1) for r in shell.split("$ ")[1:]]
    assert len(runs) >= 2
    for command, expected in runs:
        r = subprocess.run([sys.executable, "-m", *shlex.split(command)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           cwd=tmp_path, timeout=120)
        assert r.stdout == expected, command
        assert r.returncode == (0 if "error" not in expected else 2)
