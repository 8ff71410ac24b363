"""``neurosym eval``: training + evaluation from the command line, the NTP hook."""

from __future__ import annotations

import json

import pytest
import torch

from neurosym import datasets
from neurosym.cli import eval as cli_eval
from neurosym.cli import main

DATA = datasets.root()      # the benchmarks shipped in the package
SMALL = ["--dim", "8", "--epochs", "2"]


def run(capsys, *args):
    code = main(["eval", "--quiet", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_with_mean_and_std(capsys):
    code, out, err = run(capsys, "--dataset", "nations", "--dataset", "s1", "--data", DATA,
                         "--seeds", "2", *SMALL)
    assert (code, err) == (0, "")
    head, nations, countries = out.strip().splitlines()
    assert head.split()[:4] == ["dataset", "model", "runs", "AUC-PR"]
    assert nations.split()[:3] == ["nations", "complex", "2"] and "±" in nations
    assert countries.split()[:3] == ["countries_s1", "complex", "2"] and "±" in countries


def test_json_output_and_environment_data_dir(capsys, monkeypatch):
    monkeypatch.setenv("NEUROSYM_DATA", str(DATA))
    code, out, _ = run(capsys, "--dataset", "nations", "--seeds", "2", "--seed", "5",
                       "--model", "distmult", *SMALL, "--json")
    assert code == 0
    (s,) = json.loads(out)
    assert (s["dataset"], s["model"], s["runs"]) == ("nations", "distmult", 2)
    assert [r["seed"] for r in s["per_run"]] == [5, 6]
    assert set(s["mean"]) == {"mrr", "hits_at_1", "hits_at_3", "hits_at_10"}
    mrrs = [r["metrics"]["mrr"] for r in s["per_run"]]
    assert s["mean"]["mrr"] == pytest.approx(sum(mrrs) / 2)
    assert s["std"]["mrr"] == pytest.approx(abs(mrrs[0] - mrrs[1]) / 2 ** 0.5)


@pytest.mark.parametrize("args, message", [
    (["--dataset", "nope"], "unknown dataset"),
    (["--dataset", "nations", "--seeds", "0"], "--seeds"),
    (["--dataset", "nations", "--dim", "0"], "--dim"),
    (["--dataset", "nations", "--model", "ntp"], "--checkpoint"),
    (["--dataset", "nations", "--model", "complex", "--checkpoint", "x"], "only for --model ntp"),
    (["--dataset", "nations", "--checkpoint", "nowhere"], "checkpoint not found: nowhere"),
])
def test_errors_are_one_line(capsys, args, message):
    code, out, err = run(capsys, *args, "--data", DATA)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_missing_data_directory(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("NEUROSYM_DATA", str(tmp_path / "nowhere"))
    code, _, err = run(capsys, "--dataset", "nations")
    assert code == 2 and "data directory not found" in err and "nowhere" in err


class Oracle:
    train_seconds = 1.5

    def __init__(self, d):
        self.known = {tuple(t) for t in d.known.tolist()}

    def score(self, s, r, o):
        return torch.tensor([float((int(a), int(b), int(c)) in self.known)
                             for a, b, c in zip(s, r, o, strict=True)])


def test_ntp_checkpoint_goes_through_the_hook(capsys, monkeypatch, tmp_path):
    seen = []

    def load_scorer(path, dataset):
        seen.append((path, dataset.name))
        return Oracle(dataset)

    monkeypatch.setattr(cli_eval, "load_scorer", load_scorer)
    code, out, _ = run(capsys, "--dataset", "s1", "--data", DATA, "--model", "ntp",
                       "--checkpoint", tmp_path)
    assert code == 0 and seen == [(tmp_path, "countries_s1")]
    row = out.strip().splitlines()[1].split()
    assert row == ["countries_s1", "ntp", "1", "100.00", "1.5"]     # one run: no "±"
    # a missing checkpoint
    code, _, err = run(capsys, "--dataset", "s1", "--data", DATA, "--model", "ntp",
                       "--checkpoint", tmp_path / "nope")
    assert code == 2 and "checkpoint not found" in err


def test_metric_formatting():
    assert cli_eval.fmt_metric("mrr", 0.7861, 0.0081) == ".786 ± .008"
    assert cli_eval.fmt_metric("auc_pr", 0.99372, 0.001) == "99.37 ± 0.10"
    assert cli_eval.fmt_metric("hits_at_10", 1.0) == "1.000"
