"""``neurosym check``: diagnostics and exit codes."""

import subprocess
import sys
from pathlib import Path

import pytest

from neurosym.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(tmp_path / "cache"))


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *args):
    code = main(["check", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out + err


def test_clean_file_exits_0_silently(tmp_path, capsys):
    f = write(tmp_path / "ok.nsl", "p(a).\np(X) :- p(X), X = a.\n")
    assert run(capsys, f) == (0, "")


def test_warnings_only_exit_1(tmp_path, capsys):
    f = write(tmp_path / "w.nsl", "p(a).\np(X) :- q(Y).\n")
    code, out = run(capsys, f)
    assert code == 1
    assert f"{f}:2:" in out and ": warning: " in out
    assert "0 errors" in out


def test_errors_exit_2_with_caret_and_every_error(tmp_path, capsys):
    f = write(tmp_path / "e.nsl", "p(a).\np(b) q.\nr(a.\n")
    code, out = run(capsys, f)
    assert code == 2
    assert f"{f}:2:6: error: " in out and f"{f}:3:" in out      # every error
    assert "p(b) q.\n     ^" in out
    assert "2 errors" in out


def test_errors_in_included_file_and_several_files(tmp_path, capsys):
    write(tmp_path / "inc.nsl", "bad(a.\n")
    m = write(tmp_path / "m.nsl", ":- include(inc).\n")
    ok = write(tmp_path / "ok.nsl", "x.\n")
    code, out = run(capsys, ok, m)
    assert code == 2
    assert f"{tmp_path / 'inc.nsl'}:1:" in out


def test_missing_file_is_an_error(tmp_path, capsys):
    code, out = run(capsys, tmp_path / "nope.nsl")
    assert code == 2 and "nope.nsl" in out and "Traceback" not in out


def test_tsv_files_are_checked(tmp_path, capsys):
    good = write(tmp_path / "g.tsv", "a\tr\tb\n")
    bad = write(tmp_path / "b.tsv", "a\tr\tb\nx\ty\n")
    assert run(capsys, good) == (0, "")
    code, out = run(capsys, bad)
    assert code == 2 and f"{bad}:2:" in out


def test_subprocess_python_m(tmp_path):
    f = write(tmp_path / "e.nsl", "p(a.\n")
    env_cache = str(tmp_path / "c")
    proc = subprocess.run([sys.executable, "-m", "neurosym", "check", str(f)],
                          capture_output=True, text=True, cwd=ROOT,
                          env={"NEUROSYM_CACHE_DIR": env_cache, "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert f"{f}:1:" in proc.stdout and "Traceback" not in proc.stderr
    exe = ROOT / ".venv" / "bin" / "neurosym"
    clean = write(tmp_path / "c.nsl", "p(a).\n")
    proc = subprocess.run([str(exe), "check", str(clean)], capture_output=True, text=True,
                          env={"NEUROSYM_CACHE_DIR": env_cache, "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0 and proc.stdout == ""
