"""``neurosym train``: progress, rules, checkpoint, curve, errors."""

from __future__ import annotations

import re

import pytest

from neurosym import KnowledgeBase
from neurosym.cli import main

FACTS = """
parent(ann, bob). parent(bob, cid). parent(cid, dan). parent(dan, eve).
ancestor(ann, bob). ancestor(bob, cid). ancestor(ann, cid). ancestor(cid, dan).
"""
TEMPLATES = "2 #1(X, Y) :- #2(X, Z), #3(Z, Y).\n"


@pytest.fixture
def files(tmp_path):
    f = tmp_path / "family.nsl"
    f.write_text(FACTS)
    t = tmp_path / "rules.nlt"
    t.write_text(TEMPLATES)
    return f, t


def test_train_prints_rules_and_saves_checkpoint_and_curve(files, tmp_path, capsys):
    f, t = files
    out = tmp_path / "model"
    rc = main(["train", str(f), "--templates", str(t), "--epochs", "2", "--dim", "8",
               "--batch-size", "4", "-k", "3", "--out", str(out)])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    assert "% trained 2 epochs" in cap.out
    assert cap.out.count(" :: ") >= 1
    assert "training" in cap.err and "loss" in cap.err        # the progress bar
    assert (out / "curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "rules.nsl").is_file()
    res = KnowledgeBase.load(out).trained()
    assert res.config.optim.epochs == 2 and res.config.prover.dim == 8
    assert len(res.history) == 2


def test_dev_file_gives_a_running_mrr(files, tmp_path, capsys):
    f, t = files
    dev = tmp_path / "dev.nsl"
    dev.write_text("ancestor(ann, dan).\n")
    rc = main(["train", str(f), "--templates", str(t), "--epochs", "1", "--dim", "8",
               "--dev", str(dev), "--quiet"])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    assert "dev MRR" in cap.out


@pytest.mark.parametrize("extra, message", [
    (["--device", "cuda"], "CUDA is not available"),
    (["--dim", "7"], "even dim"),
    (["--config", '{"nope": 1}'], "bad training setting nope"),
])
def test_bad_settings_are_one_line_errors(files, capsys, monkeypatch, extra, message):
    import torch
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    f, t = files
    rc = main(["train", str(f), "--templates", str(t), "--epochs", "1", "--quiet", *extra])
    err = capsys.readouterr().err
    assert rc == 2
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("extra, message", [
    (["--dim", "0"], "--dim: must be at least 2, got 0"),
    (["--epochs", "-1"], "--epochs: must be at least 0, got -1"),
    (["-k", "x"], "-k: not an integer: 'x'"),
])
def test_bad_numbers_are_usage_errors(files, capsys, extra, message):
    f, t = files
    with pytest.raises(SystemExit) as e:
        main(["train", str(f), "--templates", str(t), "--quiet", *extra])
    err = capsys.readouterr().err
    assert e.value.code == 2
    assert message in err and "Traceback" not in err


def test_a_bad_template_file_names_the_place(files, tmp_path, capsys):
    f, _ = files
    bad = tmp_path / "bad.nlt"
    bad.write_text("3 #1(X, Y) :- #2(X, Z).\n")
    rc = main(["train", str(f), "--templates", str(bad), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2
    assert f"{bad}:1:1: error: head variable Y does not occur in the body" in err


def test_file_or_dataset_is_required(files, capsys):
    _, t = files
    assert main(["train", "--templates", str(t)]) == 2
    assert "give a FILE of facts, a folder, or --dataset" in capsys.readouterr().err


def test_missing_matplotlib_is_a_clear_error_before_training(files, tmp_path, capsys,
                                                            monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "matplotlib", None)      # import matplotlib fails
    f, t = files
    rc = main(["train", str(f), "--templates", str(t), "--out", str(tmp_path / "m"), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2
    assert "needs matplotlib" in err and "--no-plot" in err
    assert not (tmp_path / "m").exists()


def test_a_dataset_without_templates_trains_its_preset(capsys, tmp_path):
    from neurosym.learning.presets import preset
    rc = main(["train", "--dataset", "S1", "--epochs", "1", "--quiet",
               "--no-plot", "--out", str(tmp_path / "m")])
    out = capsys.readouterr().out
    assert rc == 0
    assert "locatedIn(X, Y) :-" in out and "test AUC-PR" in out
    templates, config = preset("countries_s1")
    saved = KnowledgeBase.load(tmp_path / "m").trained()
    # the preset's templates and settings, the flag on top
    assert [str(t) for t in saved.model.prover.templates] == [str(t) for t in templates]
    assert saved.config == config.updated(epochs=1)


def test_a_file_needs_templates(files, capsys):
    f, _ = files
    assert main(["train", str(f)]) == 2
    err = capsys.readouterr().err
    assert "--templates FILE is needed" in err
    example = err.split("--templates '", 1)[1].split("'", 1)[0]     # the hint's example runs
    assert main(["train", str(f), "--templates", example, "--epochs", "1", "--quiet"]) == 0


def test_exact_rules_are_printed_and_saved_as_comments(files, tmp_path, capsys):
    f, t = files
    f.write_text(FACTS + "ancestor(bob, dan).\n")     # the chain rule holds twice
    out = tmp_path / "model"
    rc = main(["train", str(f), "--templates", str(t), "--epochs", "1", "--dim", "8",
               "--config", '{"exact": {"exact_rules": 2}, "optim": {"batch_size": 4}, '
               '"prover": {"k": 3}}', "--quiet",
               "--no-plot", "--out", str(out)])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    assert "% exact rules with log-linear weights" in cap.out
    line = "ancestor(X, Y) :- parent(X, Z), ancestor(Z, Y)."
    weighted = re.compile(r"% [+-]\d+\.\d\d  (.*)")
    assert line in [m.group(1) for m in map(weighted.fullmatch, cap.out.splitlines()) if m]
    text = (out / "rules.nsl").read_text()
    saved = [m.group(1) for m in map(weighted.fullmatch, text.splitlines()) if m]
    back = KnowledgeBase.load(out).trained()
    assert saved == [r.text for r in back.exact_rules()] and line in saved
    kb = KnowledgeBase()
    kb.load_string(text)                  # the comments leave the weighted clauses readable
    assert kb.warnings == []
