"""``neurosym similar FILE SYMBOL``: output, vectors from files, exit codes."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest

from neurosym.bridge.kernels import calibrated_width
from neurosym.cli import main
from neurosym.cli.similar import RANDOM_NOTE

SRC = "capital(paris, france).\ncapital(rome, italy).\ncity(paris). city(rome). city(oslo).\n"


@pytest.fixture
def prog(tmp_path):
    f = tmp_path / "geo.nsl"
    f.write_text(SRC, encoding="utf-8")
    return f


def run(capsys, *args):
    code = main(["similar", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def rows(out: str) -> list[list[str]]:
    lines = out.splitlines()
    assert lines[0].split() == ["rank", "symbol", "kind", "score"]
    return [line.split() for line in lines[1:]]


def test_plain_table_starts_with_the_symbol_itself(prog, capsys):
    code, out, err = run(capsys, prog, "paris", "-k", "3")
    assert (code, err) == (0, RANDOM_NOTE + "\n")       # random vectors: said so
    table = rows(out)
    assert len(table) == 3
    assert table[0] == ["1", "paris", "constant", "1.0000"]
    assert [r[0] for r in table] == ["1", "2", "3"]
    scores = [float(r[3]) for r in table]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)


def test_word2vec_vectors_order_the_results(prog, tmp_path, capsys):
    v = tmp_path / "v.txt"
    v.write_text("6 2\nparis 0 0\nrome 0.1 0\noslo 2 0\nfrance 5 5\nitaly 6 6\n"
                 "capital 0 1\n", encoding="utf-8")
    code, out, err = run(capsys, prog, "paris", "--vectors", v, "-k", "3")
    assert (code, err) == (0, "")
    assert [r[1] for r in rows(out)] == ["paris", "rome", "oslo"]
    # the RBF width is calibrated from the six given vectors (BridgeConfig.mu=None)
    mu = calibrated_width(np.array([[0, 0], [0.1, 0], [2, 0], [5, 5], [6, 6], [0, 1]]))
    assert rows(out)[1][3] == f"{np.exp(-0.1 / (2 * mu * mu)):.4f}"
    # a name that is a predicate sets the predicate's vector
    code, out, _ = run(capsys, prog, "capital", "--vectors", v, "-k", "1")
    assert rows(out) == [["1", "capital", "predicate", "1.0000"]]


def test_names_that_are_not_symbols_are_reported(prog, tmp_path, capsys):
    v = tmp_path / "v.txt"
    v.write_text("paris 0 0\nlondon 1 1\n", encoding="utf-8")
    code, out, err = run(capsys, prog, "paris", "--vectors", v)
    assert code == 0 and "1 name(s) are not symbols" in err and "london" in err


def test_npy_vectors_set_one_kind(prog, tmp_path, capsys):
    from neurosym import KnowledgeBase
    kb = KnowledgeBase.from_file(prog)
    names = kb.space.names("constant")
    x = np.full((len(names), 3), 9.0) + np.arange(len(names))[:, None]
    x[names.index("paris")] = 0
    x[names.index("oslo")] = [0, 0, 0.5]
    f = tmp_path / "v.npy"
    np.save(f, x)
    code, out, _ = run(capsys, prog, "paris", "--vectors", f, "-k", "2")
    assert code == 0 and [r[1] for r in rows(out)] == ["paris", "oslo"]
    np.save(f, x[:2])
    code, out, err = run(capsys, prog, "paris", "--vectors", f)
    assert code == 2 and out == "" and "v.npy" in err and "shape" in err


def test_kind_and_predicate_indicator(prog, capsys):
    code, out, _ = run(capsys, prog, "city/1", "-k", "5")
    assert code == 0 and rows(out)[0][:3] == ["1", "city", "predicate"]
    assert {r[1] for r in rows(out)} == {"city", "capital"}
    code, out, err = run(capsys, prog, "paris", "--kind", "predicate")
    assert code == 2 and "no predicate vector for symbol 'paris'" in err


def test_unknown_symbol_is_one_line_with_did_you_mean(prog, capsys):
    code, out, err = run(capsys, prog, "pariss")
    assert code == 2 and out == ""
    assert err == ("error: no constant or predicate vector for symbol 'pariss'; "
                   "did you mean 'paris'?\n")


def test_errors_exit_2(prog, tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "missing.nsl", "paris")
    assert code == 2 and "missing.nsl" in err
    code, _, err = run(capsys, prog, "paris", "--vectors", tmp_path / "none.txt")
    assert code == 2 and "none.txt" in err
    bad = tmp_path / "bad.txt"
    bad.write_text("paris 0 0\nrome 1\n", encoding="utf-8")
    code, _, err = run(capsys, prog, "paris", "--vectors", bad)
    assert code == 2 and "bad.txt:2" in err
    with pytest.raises(SystemExit) as e:
        main(["similar", str(prog), "paris", "-k", "0"])
    assert e.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_rich_table_on_a_terminal(prog, capsys, monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    out = Tty()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["similar", str(prog), "rome", "-k", "2"]) == 0
    text = out.getvalue()
    assert "score" in text and "rome" in text and "1.0000" in text
    assert "━" in text or "─" in text                  # a drawn table, not plain columns


def test_no_traceback_from_the_command_line(prog):
    r = subprocess.run([sys.executable, "-m", "neurosym", "similar", str(prog), "pariss"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and "did you mean 'paris'" in r.stderr
