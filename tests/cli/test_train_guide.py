"""``neurosym train FILE --guide``: the self-play curve as a table, the saved
step scorer, and clean one-line errors."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from neurosym import KnowledgeBase
from neurosym.cli import main

PROGRAM = """
parent(a, b). parent(b, c). parent(c, d). parent(d, e).
anc(a, b). anc(b, c). anc(a, c). anc(c, d). anc(a, d).
anc(X, Y) :- parent(X, Y).
anc(X, Y) :- parent(X, Z), anc(Z, Y).
"""
FAST = ["--epochs", "2", "--seed", "0"]


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    f = tmp_path_factory.mktemp("guide") / "anc.nsl"
    f.write_text(PROGRAM)
    return f


@pytest.fixture(scope="module")
def trained(program):
    """One training run with progress and --out: (rc, stdout, stderr, DIR)."""
    out_dir = program.parent / "guided"
    rc, out, err = run(["train", str(program), "--guide", "--rounds", "2", "--budget", "40",
                        "--queries", "4", *FAST, "--out", str(out_dir)])
    return rc, out, err, out_dir


def table(out: str) -> list[list[str]]:
    """The rows of the curve table under its header."""
    lines = out.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.split()[:2] == ["round", "budget"])
    rows = []
    for ln in lines[start + 1:]:
        if not re.match(r"\s*\d", ln):
            break
        rows.append(ln.split())
    return rows


def test_prints_the_curve_as_a_table(trained):
    rc, out, err, _ = trained
    assert rc == 0, err
    assert re.search(r"round\s+budget\s+proved\s+mean expansions\s+loss\s+seconds", out)
    rows = table(out)
    assert [r[0] for r in rows] == ["0", "1", "2"]          # two rounds and the last pass
    assert [r[1] for r in rows] == ["40", "20", "20"]       # budget halves after round 0
    for r in rows:
        proved, queries = map(int, r[2].split("/"))
        assert queries == 4 and 0 <= proved <= 4
        assert float(r[3]) >= 0 and float(r[5]) >= 0
    assert all(float(r[4]) > 0 for r in rows[:-1])         # the rounds trained
    assert rows[-1][4] == "-"                               # the last pass trains nothing
    assert out.startswith("% trained the step scorer: 2 rounds on 4 queries")


def test_shows_progress_per_round_unless_quiet(trained, program):
    assert "self-play" in trained[2] and "3/3" in trained[2]
    rc, out, err = run(["train", str(program), "--guide", "--rounds", "1", "--budget", "10",
                        "--queries", "2", "--epochs", "1", "--quiet"])
    assert rc == 0, err
    assert err == ""
    assert len(table(out)) == 2


def test_out_saves_a_loadable_guide(trained):
    rc, out, _, out_dir = trained
    assert rc == 0
    assert f"% saved to {out_dir}" in out
    kb = KnowledgeBase.load(out_dir)
    assert kb.guide is not None
    answers = list(kb.query("anc(a, e)", mode="guided", limit=1))
    assert len(answers) == 1
    steps, stack = [], list(answers[0].proof.steps)
    while stack:
        s = stack.pop()
        steps.append(s)
        stack.extend(s.children)
    assert steps and all(s.prior is not None and s.value is not None for s in steps)
    assert "(prior " in answers[0].proof.render()
    neutral = next(kb.query("anc(a, e)", mode="guided", limit=1, scorer="neutral"))
    assert neutral.proof.steps[0].prior is None


def test_without_out_nothing_is_saved(program, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc, out, _ = run(["train", str(program), "--guide", "--rounds", "1", "--budget", "10",
                      "--queries", "2", "--epochs", "1", "--quiet"])
    assert rc == 0 and "saved" not in out
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text, extra, message", [
    (None, [], "No such file or directory"),
    ("anc(a, b", [], "anc.nsl:1"),
    ("p(a). q(X) :- p(X).", [], "no queries to train the step scorer on"),
    (PROGRAM, ["--templates", "rules.nlt"], "--templates is an option of the rule learner's"),
    (PROGRAM, ["--dim", "8", "--aux", "none"], "--dim, --aux are options of the rule learner's"),
    (PROGRAM, ["--min-confidence", "0.5"], "--min-confidence is an option"),
    (PROGRAM, ["--lr", "-1"], "bad --lr: Input should be greater than 0"),
    (PROGRAM, ["--epochs", "0"], "bad --epochs"),
])
def test_bad_input_is_a_clean_error(tmp_path, text, extra, message):
    f = tmp_path / "anc.nsl"
    if text is not None:
        f.write_text(text)
    rc, out, err = run(["train", str(f), "--guide", "--quiet", "--rounds", "1", "--budget", "5",
                        *extra])
    assert rc == 2
    assert message in err
    assert "Traceback" not in err and out == ""
    if message != "anc.nsl:1":                 # a syntax error adds the line and a caret
        assert len(err.strip().splitlines()) == 1


def test_cuda_missing_is_a_clean_error(program, monkeypatch):
    import torch
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    rc, _, err = run(["train", str(program), "--guide", "--quiet", "--device", "cuda"])
    assert rc == 2 and "CUDA is not available" in err and "Traceback" not in err


def test_guide_needs_a_file():
    rc, _, err = run(["train", "--guide"])
    assert rc == 2 and "give a FILE" in err


@pytest.mark.parametrize("flag", ["--rounds", "--budget", "--queries", "--max-depth"])
def test_guide_options_need_guide(program, flag):
    rc, _, err = run(["train", str(program), "--templates", "t.nlt", flag, "2"])
    assert rc == 2
    assert f"{flag} only makes sense with --guide" in err


def test_misspelt_option_message(program, capsys):
    with pytest.raises(SystemExit):
        main(["train", str(program), "--guide", "--budgte", "2"])
    assert "did you mean --budget" in capsys.readouterr().err


def options():
    """The parser's ``neurosym train`` options by kind (``TrainOptions``)."""
    from neurosym.cli import build_parser
    return build_parser("train").parse_args(["train"]).train_options


def test_help_lists_the_guide_options(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = capsys.readouterr().out
    for flag in ("--guide", "--rounds", "--budget", "--queries", "--max-depth", "--open",
                 "--blind", "--alternatives", "--parallel"):
        assert flag in text
    assert {o.flag for o in options().guide} >= {"--guide", "--rounds", "--parallel"}


def test_the_guide_doc_lists_every_option():
    from pathlib import Path
    doc = (Path(__file__).resolve().parents[2] / "docs" / "guide.md").read_text()
    kinds = options()
    flags = [o.flag for o in (*kinds.guide, *kinds.both) if o.flag != "--guide"]
    assert {"--rounds", "--epochs", "--out", "--quiet"} <= set(flags)
    for flag in flags:
        assert f"`{flag}" in doc, flag


def test_every_option_of_the_rule_learner_is_refused_with_guide(program):
    ntp = options().ntp
    assert {"--templates", "--dim", "-k", "--patience", "--time-budget"} <= {o.flag for o in ntp}
    value = {"--aux": "none", "--link": "aux"}        # options of a few choices
    argv = [w for o in ntp
            for w in ([o.flag] if o.default is False else [o.flag, value.get(o.flag, "2")])]
    rc, _, err = run(["train", str(program), "--guide", *argv])
    assert rc == 2 and "of the rule learner's training" in err
    named = err.split("--guide takes")[0]
    assert all(f"{o.flag}," in named or f"{o.flag} " in named for o in ntp), err


def test_open_trains_on_open_queries_and_needs_guide(program, tmp_path):
    from neurosym.learning.guide_state import guide_meta
    rc, _, err = run(["train", str(program), "--templates", "t.nlt", "--open"])
    assert rc == 2 and "--open only makes sense with --guide" in err
    out_dir = tmp_path / "open"
    rc, out, _ = run(["train", str(program), "--guide", "--open", "--rounds", "1", "--budget",
                      "40", "--quiet", *FAST, "--out", str(out_dir)])
    assert rc == 0
    config = guide_meta(KnowledgeBase.load(out_dir).models["guide"])[0]
    assert config.open is True
    # every query proved, through the rules (each fact masked from its own proof)
    assert all(row[2] == "5/5" for row in table(out))


def test_blind_and_alternatives_reach_the_saved_config(program, tmp_path):
    from neurosym.learning.guide_state import guide_meta
    rc, _, err = run(["train", str(program), "--templates", "t.nlt", "--blind"])
    assert rc == 2 and "--blind only makes sense with --guide" in err
    out_dir = tmp_path / "blind"
    rc, _, err = run(["train", str(program), "--guide", "--blind", "--alternatives", "20",
                      "--parallel", "3", "--rounds", "1", "--budget", "40", "--quiet", *FAST,
                      "--out", str(out_dir)])
    assert rc == 0, err
    kb = KnowledgeBase.load(out_dir)
    config = guide_meta(kb.models["guide"])[0]
    assert (config.symbols, config.alternatives, config.parallel) == (False, 20, 3)
    rc, _, err = run(["train", str(program), "--templates", "t.nlt", "--parallel", "2"])
    assert rc == 2 and "--parallel only makes sense with --guide" in err
    assert kb.guide.symbols is False


def test_soft_top_k_and_loop_check_reach_the_saved_config(program, tmp_path):
    """The scorer for the soft top-k query trains from the command line."""
    from neurosym.learning.guide_state import guide_meta
    rc, _, err = run(["train", str(program), "--templates", "t.nlt", "--top-k", "0"])
    assert rc == 2 and "--top-k only makes sense with --guide" in err
    out_dir = tmp_path / "soft"
    rc, out, err = run(["train", str(program), "--guide", "--open", "--mode", "soft", "--top-k",
                        "0", "--loop-check", "--rounds", "1", "--budget", "40", "--quiet",
                        *FAST, "--out", str(out_dir)])
    assert rc == 0, err
    assert "symbols has a vector" in err and "Warning" not in err and ".py:" not in err
    config = guide_meta(KnowledgeBase.load(out_dir).models["guide"])[0]
    assert (config.mode, config.top_k, config.loop_check, config.open) == ("soft", 0, True, True)
    assert all(row[2] == "5/5" for row in table(out))


def test_the_progress_bar_shows_no_loss_on_the_measuring_pass(trained):
    _, out, err, _ = trained
    last = [ln for ln in err.splitlines() if "self-play" in ln and "3/3" in ln][-1]
    assert "loss -" in last and "loss 0.0000" not in err     # as the table's last row
    assert table(out)[-1][4] == "-"


def test_a_saved_knowledge_base_directory_trains_its_guide(trained, tmp_path):
    """DIR of ``--out`` (``kb.save``) is opened as ``neurosym query DIR`` opens it:
    its program, and the scorer trained again, saved where ``--out`` says."""
    _, _, _, saved = trained
    again = tmp_path / "again"
    rc, out, err = run(["train", str(saved), "--guide", "--rounds", "1", "--budget", "20",
                        "--queries", "3", "--quiet", *FAST, "--out", str(again)])
    assert rc == 0, err
    assert table(out)[0][2].endswith("/3") and f"% saved to {again}" in out
    kb = KnowledgeBase.load(again)
    assert kb.guide is not None
    assert sorted(a.to_python()["Y"] for a in kb.query("anc(a, Y)")) == \
        sorted(a.to_python()["Y"] for a in KnowledgeBase.load(saved).query("anc(a, Y)"))


def test_a_trained_checkpoint_directory_keeps_its_model(program, tmp_path):
    """``neurosym train FILE --out DIR`` (a trained model) then ``train DIR
    --guide``: the model stays, the guide joins it, searched at the trained depth."""
    from neurosym.config import TrainConfig
    from neurosym.learning.config import OptimConfig, ProverConfig
    from neurosym.learning.guide_state import guide_meta
    kb = KnowledgeBase.from_file(program)
    config = TrainConfig(prover=ProverConfig(dim=4), optim=OptimConfig(epochs=1, seed=0))
    kb.train("1 #1(X, Y) :- #2(X, Y).", config, out=tmp_path / "model")
    rc, _, err = run(["train", str(tmp_path / "model"), "--guide", "--rounds", "1", "--budget",
                      "20", "--queries", "3", "--quiet", *FAST, "--out", str(tmp_path / "g")])
    assert rc == 0, err
    back = KnowledgeBase.load(tmp_path / "g")
    assert {"ntp", "guide"} <= set(back.models)
    assert guide_meta(back.models["guide"])[0].max_depth == back._trained_ranker().depth


def test_a_directory_that_is_no_saved_knowledge_base_is_a_clean_error(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.tsv").write_text("a\tr\tb\n")
    rc, out, err = run(["train", str(tmp_path / "data"), "--guide", "--quiet"])
    assert rc == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "is a directory, not a source file or a saved knowledge base" in err
    assert "Traceback" not in err
