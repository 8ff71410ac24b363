"""``neurosym query --mode guided`` and the scored prover's search options
(``--prune``, ``--loop-check``, ``--max-soft``, ``--no-guide``): what the
API gives, on the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from neurosym.cli import main
from neurosym.errors import ConfigError
from neurosym.kb import KnowledgeBase

KB = Path(__file__).resolve().parents[2] / "kb"

PROGRAM = """
parent(a, b). parent(b, c). parent(c, d). parent(d, e).
anc(a, b). anc(b, c). anc(a, c). anc(c, d). anc(a, d).
anc(X, Y) :- parent(X, Y).
anc(X, Y) :- parent(X, Z), anc(Z, Y).
"""
CYCLE = """
edge(a, b). edge(b, a).
path(X, Y) :- edge(X, Y).
path(X, Y) :- edge(X, Z), path(Z, Y).
"""
IMPURE = """
p(a). p(b).
first(X) :- p(X), !.
"""
PRIOR = re.compile(r"\(prior \d\.\d{4}, value \d\.\d{4}\)$")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A saved knowledge base with a trained step scorer (``kb.guide``)."""
    kb = KnowledgeBase.from_string(PROGRAM)
    kb.train_guide(rounds=1, budget=30, epochs=2, seed=0)
    path = tmp_path_factory.mktemp("guided") / "kb"
    kb.save(path)
    return path


@pytest.fixture
def program(tmp_path):
    def write(text: str, name: str = "p.nsl") -> str:
        f = tmp_path / name
        f.write_text(text)
        return str(f)
    return write


def query(capsys, *args):
    code = main(["query", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def answers(out: str) -> list[str]:
    """The answer lines (``X = b``), without their ``;`` / ``.`` and the ``%`` lines."""
    return [ln.rstrip(" ;.") for ln in out.splitlines() if not ln.startswith("%")]


def test_guided_mode_gives_the_exact_answers_each_with_its_score(capsys, program):
    f = program(PROGRAM)
    code, exact, _ = query(capsys, f, "anc(a, X)")
    assert code == 0
    code, out, err = query(capsys, "--mode", "guided", f, "anc(a, X)")
    assert code == 0 and err == ""          # exact steps: no note on vectors
    lines = out.splitlines()
    assert lines[0::2] == ["% score 1.0000"] * (len(lines) // 2)
    assert sorted(answers(out)) == sorted(answers(exact))      # one per proof, as Prolog
    code, out, _ = query(capsys, "--mode", "guided", "--first", f, "anc(a, X)")
    assert code == 0 and len(answers(out)) == 1


def test_guided_proofs_show_the_saved_guides_priors_and_values(capsys, saved):
    code, out, _ = query(capsys, "--mode", "guided", "--proof", "--first", saved, "anc(a, e)")
    assert code == 0 and out.rstrip().endswith("true.")
    steps = [ln for ln in out.splitlines() if ln.startswith("% ") and "score" not in ln]
    assert len(steps) >= 2 and all(PRIOR.search(s) for s in steps), steps
    # --no-guide: the neutral scorer, which rates nothing
    code, out, _ = query(capsys, "--mode", "guided", "--proof", "--first", "--no-guide",
                         saved, "anc(a, e)")
    assert code == 0 and "anc(a,e)" in out and "(prior " not in out


def test_guided_json_proofs_carry_priors_and_values(capsys, saved):
    code, out, _ = query(capsys, "--mode", "guided", "--proof", "--format", "json", "--first",
                         saved, "anc(a, X)")
    assert code == 0
    [sol] = json.loads(out)
    assert sol["$score"] == 1.0
    stack = list(sol["$proof"])
    while stack:
        step = stack.pop()
        assert 0 <= step["prior"] <= 1 and 0 <= step["value"] <= 1
        stack.extend(step["children"])


def test_an_impure_program_is_the_apis_error_in_one_line(capsys, program):
    f = program(IMPURE)
    kb = KnowledgeBase.from_file(f)
    with pytest.raises(ConfigError) as api:
        kb.query("first(X)", mode="guided")
    code, out, err = query(capsys, "--mode", "guided", f, "first(X)")
    assert (code, out) == (2, "")
    assert err == f"error: {api.value}\n" and "cut" in err
    code, out, _ = query(capsys, "--mode", "guided", "--format", "json", f, "first(X)")
    doc = json.loads(out)
    assert code == 2 and doc["answers"] == []
    assert doc["error"]["kind"] == "ConfigError" and doc["error"]["message"] == str(api.value)


def test_prune_drops_what_the_api_drops(capsys, saved):
    kb = KnowledgeBase.load(saved)
    full = [a.to_python()["X"] for a in kb.query("anc(a, X)", mode="guided")]
    pruned = [a.to_python()["X"] for a in kb.query("anc(a, X)", mode="guided", prune=1.0)]
    assert len(pruned) < len(full)          # a value is below 1: something is pruned
    for p, expected in ((None, full), (1.0, pruned)):
        code, out, _ = query(capsys, "--mode", "guided", *(["--prune", p] if p else []),
                             saved, "anc(a, X)")
        assert code == (0 if expected else 1)
        assert answers(out) == ([f"X = {x}" for x in expected] or ["false"])


def test_loop_check_drops_the_proofs_that_walk_a_cycle(capsys, program):
    f = program(CYCLE)
    code, out, _ = query(capsys, "--mode", "guided", "--max-depth", "8", f, "path(a, b)")
    looping = answers(out)
    code, out, _ = query(capsys, "--mode", "guided", "--max-depth", "8", "--loop-check", f,
                         "path(a, b)")
    assert code == 0 and answers(out) == ["true"] and len(looping) > 1


def test_max_soft_bounds_the_soft_steps(capsys):
    soft = ["--soft", "--vectors", KB / "soft_family.vec", KB / "soft_family.nsl"]
    code, out, _ = query(capsys, *soft, "grandpaOf(abe, X)")
    assert code == 0                        # grandpaOf ~ grandfatherOf: a soft step
    code, out, _ = query(capsys, "--max-soft", "0", *soft, "grandpaOf(abe, X)")
    assert (code, out) == (1, "false.\n")


@pytest.mark.parametrize(("opts", "message"), [
    (["--mode", "guided", "--prune", "2"], "error: --prune must be between 0 and 1, got 2"),
    (["--mode", "guided", "--prune", "-0.1"], "error: --prune must be between 0 and 1"),
    (["--soft", "--max-soft", "-1"], "error: --max-soft must be non-negative, got -1"),
    (["--mode", "guided", "--max-depth", "0"], "error: --max-depth must be at least 1"),
    (["--prune", "0.5"], "error: query: --prune only makes sense in a scored query"),
    (["--loop-check", "--top-k", "2"],
     "error: query: --top-k, --loop-check only make sense in a scored query"),
    (["--soft", "--mode", "guided"], "error: query: --soft is --mode soft"),
    (["--mode", "guided", "--explore", "-1"], "error: --explore must be a number >= 0, got -1"),
    (["--mode", "guided", "--explore", "inf"], "error: --explore must be a number >= 0"),
])
def test_bad_search_options_are_one_line_errors(capsys, program, opts, message):
    code, out, err = query(capsys, *opts, program(PROGRAM), "anc(a, X)")
    assert (code, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1


def test_guided_is_a_mode_the_help_lists(capsys):
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    out = capsys.readouterr().out
    for word in ("guided", "--prune", "--loop-check", "--max-soft", "--no-guide", "--explore"):
        assert word in out, word


def test_explore_changes_the_order_not_the_answers(capsys, program):
    f = program(PROGRAM)
    code, plain, _ = query(capsys, "--mode", "guided", f, "anc(a, X)")
    code2, out, _ = query(capsys, "--mode", "guided", "--explore", "1", f, "anc(a, X)")
    assert code == code2 == 0
    assert sorted(answers(out)) == sorted(answers(plain)) and answers(out)
