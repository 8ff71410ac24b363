"""``neurosym query --soft`` / ``--mode``: scores, proofs, JSON, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from neurosym.cli import main

KB = Path(__file__).resolve().parents[2] / "kb"
SOFT = [str(KB / "soft_family.nsl")]
VECS = ["--vectors", str(KB / "soft_family.vec")]


def run(capsys, *args):
    code = main(["query", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_soft_query_prints_scores_and_answers(capsys):
    code, out, err = run(capsys, "--soft", *VECS, *SOFT, "grandpaOf(abe, X)")
    assert code == 0
    assert err == ("% 5 of 16 symbols have vectors (4 of 5 predicates, 1 of 11 constants); "
                   "only they take part in soft matches\n")
    lines = out.splitlines()
    assert lines[0].startswith("% score 0.91")
    assert lines[1:4] == ["X = bart ;", lines[2], "X = lisa ;"]
    assert lines[-1] == "X = maggie."


def test_exact_query_knows_no_grandpa(capsys):
    """grandpaOf occurs nowhere in the KB: exact queries raise SWI's existence error."""
    for mode in ([], ["--mode", "exact"]):
        code, out, err = run(capsys, *mode, *SOFT, "grandpaOf(abe, X)")
        assert (code, out) == (2, "")
        assert err.strip().endswith("Unknown procedure: grandpaOf/2")
        assert "Traceback" not in err


def test_soft_proof_shows_the_match(capsys):
    code, out, _ = run(capsys, "--soft", *VECS, "--proof", "--top-k", "1", *SOFT,
                       "grandpaOf(abe, X)")
    assert code == 0
    assert "% grandpaOf(abe,bart)    ~ by grandfatherOf(X,Z) :- " in out
    assert "grandpaOf ~ grandfatherOf 0.9104" in out
    assert out.rstrip().endswith("X = bart.")


def test_top_k_threshold_and_aggregation(capsys):
    code, out, _ = run(capsys, "--mode", "exact", "--top-k", "2", *SOFT, "likes(X, Y)")
    assert code == 0
    assert out.splitlines() == ["% score 1.0000", "X = homer,", "Y = donuts ;",
                                "% score 0.9000", "X = bart,", "Y = skateboarding."]
    code, out, _ = run(capsys, "--soft", *VECS, "--threshold", "0.95", *SOFT,
                       "grandpaOf(abe, X)")
    assert (code, out) == (1, "false.\n")
    code, out, _ = run(capsys, "--soft", *VECS, "--aggregation", "boolean", "--first", *SOFT,
                       "grandpaOf(abe, X)")
    assert out.splitlines() == ["% score 1.0000", "X = bart."]


def test_json_has_the_score(capsys):
    code, out, _ = run(capsys, "--soft", *VECS, "--format", "json", "--proof", *SOFT,
                       "grandpaOf(G, bart)")
    assert code == 0
    sols = json.loads(out)
    assert [s["G"]["value"] for s in sols] == ["abe"]
    assert sols[0]["$score"] == sols[0]["$proof"][0]["matches"][0]["score"]
    assert sols[0]["$proof"][0]["matches"][0]["other"] == "grandfatherOf"


def test_bad_options_are_one_line_errors(capsys):
    code, _, err = run(capsys, "--soft", "--threshold", "2", *SOFT, "grandpaOf(abe, X)")
    assert code == 2 and err.startswith("error: --threshold") and len(err.splitlines()) == 1
    code, _, err = run(capsys, "--soft", "--vectors", "/nonexistent.vec", *SOFT, "p(X)")
    assert code == 2 and "Traceback" not in err


def test_the_command_line_tool_runs_soft_queries():
    p = subprocess.run([sys.executable, "-m", "neurosym", "query", "--soft", *VECS, *SOFT,
                        "grandpaOf(abe, X)", "--first"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.endswith("X = bart.\n")


def test_max_depth_ends_recursive_weighted_rules(capsys, tmp_path):
    f = tmp_path / "path.nsl"
    f.write_text("edge(a, b). edge(b, c). edge(c, d).\n"
                 "0.9 :: path(X, Y) :- edge(X, Y).\n"
                 "0.9 :: path(X, Y) :- path(X, Z), edge(Z, Y).\n")
    code, out, _ = run(capsys, "--mode", "exact", "--max-depth", "3", f, "path(a, Y)")
    assert code == 0
    assert [ln for ln in out.splitlines() if ln.startswith("Y =")] == \
        ["Y = b ;", "Y = c."]
    # without the bound the search for a third answer runs into the time limit
    code, out, err = run(capsys, "--mode", "exact", "--time", "1", f, "path(a, Y)")
    assert code == 2 and "time" in err
    code, out, err = run(capsys, "--mode", "exact", "--max-depth", "0", f, "path(a, Y)")
    assert code != 0 and "--max-depth must be at least 1" in err and "Traceback" not in err
