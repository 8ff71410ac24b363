"""A saved knowledge base (``kb.save``, ``neurosym train --out``) as the first
FILE of ``query``, ``similar``, ``materialize`` and ``repl``: opened as
``KnowledgeBase.load`` opens it, its vectors and trained model with it, and a
scored ``neurosym query`` ranks as ``kb.query(mode="soft")`` does."""

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


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    root = tmp_path_factory.mktemp("saved")
    (root / "v.txt").write_text(VECS)
    kb = KnowledgeBase.from_string(SRC, file="geo.nsl")
    kb.space = BridgeConfig(dim=2, seed=0)
    kb.space.load_vectors(root / "v.txt")
    kb.save(root / "kb")
    return root / "kb"


def run(capsys, *args):
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_query_opens_a_saved_kb_and_consults_the_files_after_it(saved, tmp_path, capsys):
    more = tmp_path / "more.nsl"
    more.write_text("capital(bern, switzerland).\n")
    assert run(capsys, "query", saved, "capital(X, italy)")[:2] == (0, "X = rome.\n")
    code, out, _ = run(capsys, "query", saved, more, "reach(bern, C)")
    assert (code, out) == (0, "C = switzerland.\n")


def test_similar_uses_the_saved_vectors(saved, capsys):
    code, out, err = run(capsys, "similar", saved, "paris", "-k", "2")
    assert code == 0 and RANDOM_NOTE not in err
    assert [line.split()[1] for line in out.splitlines()[1:]] == ["paris", "rome"]


def test_materialize_and_repl_open_it(saved, capsys):
    code, out, _ = run(capsys, "materialize", saved, "--pred", "reach/2")
    assert code == 0 and "reach(oslo, norway)." in out
    code, out, err = run_repl(capsys, saved, "capital(X, norway).\n")
    assert (code, out, err) == (0, "X = oslo.\n", "")


def run_repl(capsys, path, text):
    old = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        return run(capsys, "repl", path)
    finally:
        sys.stdin = old


def test_other_directories_are_clear_errors(saved, tmp_path, capsys):
    code, out, err = run(capsys, "query", tmp_path, "p")
    assert code == 2 and err.startswith(f"error: {tmp_path}: is a directory") \
        and "manifest.json" in err
    more = tmp_path / "more.nsl"
    more.write_text("p.\n")
    code, _, err = run(capsys, "query", more, saved, "p")
    assert code == 2 and "must be the first FILE" in err


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
