"""A saved knowledge base (``kb.save``, ``neurosym train --out``) as the first
FILE of ``query``, ``similar``, ``materialize`` and ``repl``: opened as
``KnowledgeBase.load`` opens it, its vectors and trained model with it, and a
scored ``neurosym query`` ranks as ``kb.query(mode="soft")`` does;
``neurosym check DIR`` verifies one."""

from __future__ import annotations

import io
import sys

import pytest

from neurosym import KnowledgeBase
from neurosym.bridge import BridgeConfig
from neurosym.cli import main
from neurosym.cli.similar import RANDOM_NOTE
from neurosym.config import TrainConfig
from neurosym.learning.config import OptimConfig, ProverConfig
from neurosym.proof import format_score

SRC = """capital(paris, france). capital(rome, italy). capital(oslo, norway).
:- table reach/2.
reach(X, Y) :- capital(X, Y).
"""
VECS = "3 2\nparis 1.0 0.0\nrome 0.9 0.1\noslo 0.0 1.0\n"


def geo(root) -> KnowledgeBase:
    """``SRC`` with the vectors ``VECS`` (written to ``root/v.txt``)."""
    (root / "v.txt").write_text(VECS)
    kb = KnowledgeBase.from_string(SRC, file="geo.nsl")
    kb.space = BridgeConfig(dim=2, seed=0)
    kb.space.load_vectors(root / "v.txt")
    return kb


def save(root):
    """``geo`` saved in ``root/kb``."""
    geo(root).save(root / "kb")
    return root / "kb"


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    return save(tmp_path_factory.mktemp("saved"))


def run(capsys, *args, stdin: str | None = None):
    old = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main([*map(str, args)])
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def test_query_opens_a_saved_kb_and_consults_the_files_after_it(saved, tmp_path, capsys):
    more = tmp_path / "more.nsl"
    more.write_text("capital(bern, switzerland).\n")
    assert run(capsys, "query", saved, "capital(X, italy)")[:2] == (0, "X = rome.\n")
    code, out, err = run(capsys, "query", saved, "capital(X, Y), Y == italy")
    assert (code, out) == (0, "X = rome,\nY = italy.\n"), err
    code, out, _ = run(capsys, "query", saved, more, "reach(bern, C)")
    assert (code, out) == (0, "C = switzerland.\n")


def test_similar_uses_the_saved_vectors(saved, tmp_path, capsys):
    code, out, err = run(capsys, "similar", saved, "paris", "-k", "2")
    assert code == 0 and RANDOM_NOTE not in err
    rows = [line.split() for line in out.splitlines()[1:]]
    assert [r[1] for r in rows] == ["paris", "rome"]
    # the scores of the vectors saved, not of fresh random ones
    api = geo(tmp_path).similar("paris", k=2)
    assert [float(r[3]) for r in rows] == [pytest.approx(h.score, abs=1e-4) for h in api]


def test_materialize_and_repl_open_it(saved, capsys):
    code, out, err = run(capsys, "materialize", saved)
    assert code == 0 and "reach(oslo, norway)." in out.splitlines(), err
    code, out, _ = run(capsys, "materialize", saved, "--pred", "reach/2")
    assert code == 0 and "reach(oslo, norway)." in out
    code, out, err = run(capsys, "repl", saved, stdin="capital(X, norway).\n")
    assert (code, out, err) == (0, "X = oslo.\n", "")


@pytest.mark.parametrize("command", [["query"], ["repl"], ["similar"], ["materialize"]])
def test_a_folder_that_is_not_a_saved_kb_is_a_one_line_error(tmp_path, capsys, command):
    (tmp_path / "notkb").mkdir()
    goal = {"query": ["capital(X, Y)"], "similar": ["paris"]}.get(command[0], [])
    code, out, err = run(capsys, *command, tmp_path / "notkb", *goal, stdin="")
    # the REPL shows the error and goes on, as for any file it cannot load
    assert code == (0 if command == ["repl"] else 2) and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "not a source file or a saved knowledge base" in lines[0], err
    assert "Traceback" not in err and "Is a directory" not in err
    if command == ["query"]:
        assert err.startswith(f"error: {tmp_path / 'notkb'}: is a directory") \
            and "manifest.json" in err


def test_a_saved_kb_after_a_file_is_a_usage_error(saved, tmp_path, capsys):
    more = tmp_path / "more.nsl"
    more.write_text("p.\n")
    code, out, err = run(capsys, "query", more, saved, "p")
    assert code == 2 and out == ""
    assert "must be the first FILE" in err and len(err.strip().splitlines()) == 1


def test_check_verifies_a_saved_folder(tmp_path, capsys):
    saved = save(tmp_path)                 # its own copy: the test damages it
    code, out, _ = run(capsys, "check", saved)
    assert (code, out) == (0, "")
    (tmp_path / "notkb").mkdir()
    code, out, _ = run(capsys, "check", tmp_path / "notkb")
    assert code == 2 and "not a saved knowledge base" in out.splitlines()[0]
    program = next(p for p in saved.iterdir() if p.suffix == ".nsl")
    program.write_text(program.read_text() + "extra(fact).\n")
    code, out, _ = run(capsys, "check", saved)
    assert code == 2 and "corrupted program file" in out.splitlines()[0]


def test_a_scored_query_of_a_trained_model_ranks_as_the_api_does(tmp_path, capsys):
    kb = KnowledgeBase.from_string(
        "parent(ann, bob). parent(bob, cid). parent(cid, dan). parent(gus, hal).\n"
        "child(bob, ann). child(cid, bob). child(dan, cid).\n")
    config = TrainConfig(prover=ProverConfig(dim=8),
                         optim=OptimConfig(epochs=2, lr=0.05, batch_size=4, seed=0))
    kb.train("1 #1(X, Y) :- #2(Y, X).", config, out=tmp_path / "model")
    api = [(a.to_python()["P"], format_score(a.score))
           for a in KnowledgeBase.load(tmp_path / "model").query(
               "child(hal, P)", mode="soft", top_k=3)]
    code, out, _ = run(capsys, "query", "--soft", "--top-k", "3", tmp_path / "model",
                       "child(hal, P)")
    lines = out.splitlines()
    cli = [(lines[i + 1].split(" = ")[1].rstrip(" ;."), lines[i].split()[-1])
           for i in range(0, len(lines), 2)]
    assert code == 0 and len(api) == 3 and cli == api
