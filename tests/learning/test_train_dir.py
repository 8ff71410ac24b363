"""``neurosym train DIR`` / ``neurosym eval DIR`` on a data set the package does
not know; ``--preset auto`` and its time budget; ``--config`` files; the best
epoch on dev kept, early stopping."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import torch

from neurosym import KnowledgeBase
from neurosym.cli import main
from neurosym.learning.config import TrainConfig
from neurosym.learning.evaluate import evaluate
from neurosym.learning.folder import load_folder
from neurosym.learning.presets import preset
from neurosym.learning.select import RECIPES, TrainReport
from neurosym.learning.train import train_ntp


def make_folder(path, seed=0, families=12):
    """A made-up data set: families of four generations; ``parent``,
    ``child`` (its inverse) and ``grandparent`` (two ``parent`` steps),
    split 70/15/15 at random (fixed seed)."""
    rng = np.random.default_rng(seed)
    rows = []
    for f in range(families):
        a, b, c, d = (f"f{f}_{i}" for i in range(4))
        rows += [(a, "parent", b), (b, "parent", c), (c, "parent", d),
                 (b, "child", a), (c, "child", b), (d, "child", c),
                 (a, "grandparent", c), (b, "grandparent", d)]
    rows = [rows[i] for i in rng.permutation(len(rows))]
    n = len(rows)
    cut = {"train": rows[:int(.7 * n)], "dev": rows[int(.7 * n):int(.85 * n)],
           "test": rows[int(.85 * n):]}
    path.mkdir()
    for split, part in cut.items():
        (path / f"{split}.tsv").write_text("".join("\t".join(r) + "\n" for r in part))
    return path


TEST_LINE = re.compile(r"% test MRR ([\d.]+) H@1 ([\d.]+) H@3 ([\d.]+) H@10 ([\d.]+)")


def test_train_dir_then_eval_dir_reports_test_mrr_with_the_chosen_preset(tmp_path, capsys):
    d = make_folder(tmp_path / "families")
    assert main(["train", str(d), "--epochs", "2", "--no-plot", "--quiet"]) == 0
    out = capsys.readouterr().out
    chosen = re.search(r"% preset auto: chose (\w+) by dev MRR \((.*)\)", out)
    assert chosen is not None, out
    for recipe in RECIPES:                     # every recipe tried within the default budget
        assert re.search(rf"{recipe} [\d.]+ in [\d.]+ s", chosen.group(2))
    report = TrainReport.model_validate_json((d / "model" / "train.json").read_text())
    assert report.preset == chosen.group(1) and report.selection.chosen == report.preset
    devs = {c.preset: c.dev for c in report.selection.candidates}
    assert devs[report.preset] == max(devs.values())
    mrr, h1, h3, h10 = map(float, TEST_LINE.search(out).groups())
    assert mrr > 0.5 and h10 >= h3 >= h1            # random ranking of 48 entities: ~.09
    assert report.test["mrr"] == pytest.approx(mrr, abs=5e-4)

    assert main(["eval", str(d)]) == 0
    cap = capsys.readouterr()
    head, row = cap.out.strip().splitlines()
    cells = re.split(r"\s{2,}", row)
    assert cells[:3] == ["families", f"ntp ({report.preset})", "1"]
    assert float(cells[3]) == pytest.approx(mrr, abs=5e-4)      # the same model, the same ranking
    assert float(cells[4]) == pytest.approx(h1, abs=5e-4)
    assert "ranking test" in cap.err                             # the progress bar


def test_the_time_budget_stops_the_search_after_the_first_recipe(tmp_path, capsys):
    d = make_folder(tmp_path / "f")
    assert main(["train", str(d), "--epochs", "2", "--time-budget", "0.001", "--no-plot",
                 "--quiet", "--out", str(tmp_path / "m")]) == 0
    out = capsys.readouterr().out
    assert f"% preset auto: chose {RECIPES[0]}" in out
    assert f"not tried: {', '.join(RECIPES[1:])}" in out
    # ... and ends the first recipe too, after its first epoch (not its last)
    assert "(1 epoch: out of time)" in out and "% trained 1 epochs" in out
    report = TrainReport.model_validate_json((tmp_path / "m" / "train.json").read_text())
    assert [c.preset for c in report.selection.candidates] == [RECIPES[0]]
    (only,) = report.selection.candidates
    assert (only.epochs_run, only.out_of_time, report.best_epoch) == (1, True, 1)


def test_a_header_line_skipped_is_said(tmp_path, capsys):
    d = make_folder(tmp_path / "f")        # one-letter names: a triple could be that line
    (d / "train.tsv").write_text("h\tr\tt\n" + (d / "train.tsv").read_text())
    assert main(["train", str(d), "--epochs", "1", "--time-budget", "0.001", "--no-plot",
                 "--quiet", "--out", str(tmp_path / "m")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^% warning: .*train\.tsv:1:1: the first line \(h r t\) "
                     r"is read as a header", out, re.M), out


def test_a_named_preset_and_the_flags_that_matter(tmp_path, capsys):
    d = make_folder(tmp_path / "f")
    out = tmp_path / "m"
    assert main(["train", str(d), "--preset", "nations", "--epochs", "1", "--link", "aux",
                 "--exact-rules", "3", "--link-weight", "0.5", "--exact-weight", "0.3",
                 "--no-plot", "--quiet", "--out", str(out)]) == 0
    assert "% preset nations\n" in capsys.readouterr().out
    c = KnowledgeBase.load(out).trained().config
    _, nations = preset("nations")
    assert c.prover == nations.prover            # the preset's settings ...
    assert (c.embedding.link, c.exact.exact_rules, c.blend.link_weight,
            c.blend.exact_weight) == ("aux", 3, 0.5, 0.3)       # ... the flags over them


def test_eval_dir_without_a_trained_model_says_what_to_do(tmp_path, capsys):
    d = make_folder(tmp_path / "f")
    assert main(["eval", str(d), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"no trained model in {d / 'model'}: run `neurosym train {d}` first" in err
    assert main(["eval", str(d), "--model", "complex", "--epochs", "1", "--dim", "8",
                 "--seeds", "1", "--quiet"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split()[:2] == ["f", "complex"]


# -- --config ------------------------------------------------------------------------

def test_a_toml_or_json_config_file_sets_the_settings_under_the_flags(tmp_path, capsys):
    d = make_folder(tmp_path / "f")
    toml = tmp_path / "s.toml"
    toml.write_text("epochs = 3\n[prover]\ndim = 8\nk = 2\n[optim]\nbatch_size = 16\n")
    assert main(["train", str(d), "--preset", "countries_s1", "--config", str(toml),
                 "--epochs", "1", "--no-plot", "--quiet", "--out", str(tmp_path / "m")]) == 0
    c = KnowledgeBase.load(tmp_path / "m").trained().config
    assert (c.prover.dim, c.prover.k, c.optim.batch_size, c.optim.epochs) == (8, 2, 16, 1)
    js = tmp_path / "s.json"
    js.write_text(json.dumps({"optim": {"epochs": 1}, "prover": {"dim": 6}}))
    assert main(["train", str(d), "--preset", "countries_s1", "--config", str(js),
                 "--no-plot", "--quiet", "--out", str(tmp_path / "m2")]) == 0
    c = KnowledgeBase.load(tmp_path / "m2").trained().config
    assert (c.prover.dim, c.optim.epochs) == (6, 1)


@pytest.mark.parametrize("name, text, message", [
    ("s.toml", "[optim]\nepoch = 3\n", "bad training setting optim.epoch: no such setting; "
                                       "did you mean optim.epochs"),
    ("s.toml", "epoch = 3\n", "bad training setting epoch: no such setting; did you mean "
                              "epochs"),
    ("s.json", '{"optimm": {"epochs": 3}}', "optimm: no such setting; did you mean optim"),
    ("s.json", '{"prover": {"epochs": 3}}', "prover.epochs: no such setting; did you mean "
                                            "optim.epochs"),
    ("s.json", '{"optim": 3}', "a group of settings"),
    ("s.json", '{"prover": {"dim": -4}}', "dim: Input should be greater than or equal to 2"),
    ("s.toml", "[optim]\nepochs = \n", "s.toml:2:10: error: bad TOML"),
    ("s.json", '{"optim": {"epochs": 3,}}', "s.json:1:24: error: bad JSON"),
    ("s.yaml", "epochs: 3\n", "a .toml or .json file, or JSON text"),
])
def test_config_errors_name_the_setting_or_the_place(tmp_path, capsys, name, text, message):
    d = make_folder(tmp_path / "f")
    cfg = tmp_path / name
    cfg.write_text(text)
    assert main(["train", str(d), "--config", str(cfg), "--quiet", "--no-plot"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (d / "model").exists()


# -- model selection on dev ------------------------------------------------------------

@pytest.fixture
def tiny(tmp_path):
    ds = load_folder(make_folder(tmp_path / "tiny"))
    templates, config = preset("countries_s1", epochs=3, dim=8, batch_size=16)
    return ds, templates, config


def _run(dev_values, config, ds, templates):
    """Train with a scripted dev metric; the prover's vectors after each epoch."""
    seen, values = [], iter(dev_values)

    def dev(model):
        seen.append(model.prover.entity.detach().clone())
        return next(values)
    result = train_ntp(ds.train, ds.entities, ds.relations, templates, config, dev=dev,
                       dev_metric="MRR")
    return result, seen


def test_the_best_epoch_on_dev_is_kept_not_the_last(tiny):
    ds, templates, config = tiny
    result, seen = _run([0.5, 0.9, 0.3], config, ds, templates)
    assert result.best_epoch == 2 and result.best_dev == 0.9
    assert torch.equal(result.model.prover.entity, seen[1])
    assert not torch.equal(result.model.prover.entity, seen[2])
    result, seen = _run([0.5, 0.9, 0.3], config.updated(keep_best=False), ds, templates)
    assert result.best_epoch == 3 and torch.equal(result.model.prover.entity, seen[2])


def test_a_deadline_ends_training_after_an_epoch_keeping_the_best(tiny):
    ds, templates, config = tiny
    result = train_ntp(ds.train, ds.entities, ds.relations, templates, config,
                       dev=lambda model: 0.5, dev_metric="MRR", deadline=0.0)
    assert [h.epoch for h in result.history] == [1] and result.out_of_time
    assert result.best_epoch == 1
    result, _ = _run([0.5, 0.9, 0.3], config, ds, templates)
    assert len(result.history) == 3 and not result.out_of_time


def test_patience_stops_training_after_epochs_without_a_better_dev_score(tiny):
    ds, templates, config = tiny
    result, _ = _run([0.5, 0.4, 0.3, 0.2, 0.1], config.updated(epochs=5, patience=2), ds,
                     templates)
    assert [h.epoch for h in result.history] == [1, 2, 3] and result.best_epoch == 1


def test_the_running_dev_metric_is_the_whole_models_ranking_and_the_kept_one_is_the_best(
        tmp_path):
    ds = load_folder(make_folder(tmp_path / "f"))
    templates, config = preset("kinship", epochs=3, dim=8, link_dim=16, exact_rules=3)
    assert config.blend.proof_weight == 0          # the prover alone would rank nothing here

    def dev(model):
        return evaluate(model, ds, "dev").mrr
    result = train_ntp(ds.train, ds.entities, ds.relations, templates, config, dev=dev,
                       dev_metric="MRR")
    best = max(h.dev for h in result.history)
    assert result.best_dev == best == result.history[result.best_epoch - 1].dev
    assert evaluate(result.model, ds, "dev").mrr == best     # the model kept scores it
    assert best > 0.5


def test_the_kept_epoch_survives_the_checkpoint(tmp_path, capsys):
    d = make_folder(tmp_path / "f")
    assert main(["train", str(d), "--preset", "kinship", "--epochs", "2", "--no-plot",
                 "--quiet"]) == 0
    out = capsys.readouterr().out
    kept = int(re.search(r"kept epoch (\d+): dev MRR ([\d.]+)", out).group(1))
    res = KnowledgeBase.load(d / "model").trained()
    assert res.best_epoch == kept and res.best_dev == max(h.dev for h in res.history)
    assert TrainConfig.model_validate(res.config.model_dump()).optim.keep_best
