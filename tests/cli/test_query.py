"""``neurosym query`` and ``neurosym run`` through a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROG = """
p(1, a).
p(2, b).
q(X) :- X = f(Y, Y, _Z).
say :- write(hello), nl.
"""


@pytest.fixture
def prog(tmp_path):
    f = tmp_path / "p.nsl"
    f.write_text(PROG)
    return f


def neurosym(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "neurosym", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_all_answers_toplevel_style(prog):
    r = neurosym("query", prog, "p(X, Y)")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "X = 1,\nY = a ;\nX = 2,\nY = b.\n"


def test_limit_and_first(prog):
    r = neurosym("query", prog, "p(X, _)", "--limit", "1")
    assert r.stdout == "X = 1.\n"
    r = neurosym("query", prog, "p(X, _)", "--first")
    assert r.stdout == "X = 1.\n"


def test_true_false_and_exit_codes(prog):
    r = neurosym("query", prog, "p(1, a)")
    assert (r.returncode, r.stdout) == (0, "true.\n")
    r = neurosym("query", prog, "p(3, _)")
    assert (r.returncode, r.stdout) == (1, "false.\n")


def test_errors_exit_2_without_traceback(prog):
    r = neurosym("query", prog, "nope(X)")
    assert r.returncode == 2
    assert "nope/1" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) <= 2
    r = neurosym("query", prog, "X is 1/0")
    assert r.returncode == 2 and "zero_divisor" in r.stderr
    r = neurosym("query", prog, "p(X")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_unbound_and_shared_variables_print_like_swi(prog):
    r = neurosym("query", prog, "q(X), length(L, 2), A = B")
    assert r.stdout == "X = f(_A, _A, _),\nL = [_, _],\nA = B.\n"


def test_json_format_has_canonical_text_and_typed_values(prog):
    r = neurosym("query", prog, "p(X, Y)", "--format", "json")
    assert r.returncode == 0
    assert json.loads(r.stdout) == [
        {"X": {"text": "1", "value": 1}, "Y": {"text": "a", "value": "a"}},
        {"X": {"text": "2", "value": 2}, "Y": {"text": "b", "value": "b"}}]
    r = neurosym("query", prog, "X = 'A b'(\"s\", [1, 2.5]), Y = f(Z, Z), W is inf",
                 "--format", "json")
    (sol,) = json.loads(r.stdout)
    assert sol["X"] == {"text": "'A b'(\"s\",[1,2.5])",
                        "value": {"functor": "A b", "args": ["s", [1, 2.5]]}}
    assert sol["Y"] == {"text": "f(A,A)", "value": {"functor": "f", "args": [None, None]}}
    assert sol["W"]["value"] is None and "Inf" in sol["W"]["text"]   # no NaN/Infinity in JSON
    r = neurosym("query", prog, "p(9, Y)", "--format", "json")
    assert (r.returncode, json.loads(r.stdout)) == (1, [])


def test_json_errors_are_json_objects(prog):
    r = neurosym("query", prog, "nope(X)", "--format", "json")
    doc = json.loads(r.stdout)
    assert r.returncode == 2 and doc["answers"] == []
    assert doc["error"]["kind"] == "existence_error"
    assert doc["error"]["term"] == "error(existence_error(procedure,/(nope,1)),/(nope,1))"
    assert "nope/1" in doc["error"]["message"]
    r = neurosym("query", prog, "p(X, _), (X > 1 -> _ is 1/0 ; true)", "--format", "json")
    doc = json.loads(r.stdout)      # the answers before the error are kept
    assert r.returncode == 2 and doc["error"]["kind"] == "evaluation_error"
    assert doc["answers"] == [{"X": {"text": "1", "value": 1}}]
    r = neurosym("query", prog, "p(X", "--format", "json")
    doc = json.loads(r.stdout)
    assert r.returncode == 2 and doc["error"]["kind"] == "syntax_error"
    assert doc["error"]["column"] == 2
    r = neurosym("query", prog.parent / "missing.nsl", "true", "--format", "json")
    assert r.returncode == 2 and json.loads(r.stdout)["error"]["kind"] == "os_error"
    assert "Traceback" not in r.stderr


def test_json_keeps_program_output_off_standard_output(tmp_path):
    f = tmp_path / "w.nsl"
    f.write_text(":- write(loading), nl.\n"
                 "say(X) :- write(hello), nl, format(user_output, \"u~n\", []), X = 1.\n")
    r = neurosym("query", f, "say(X)", "--format", "json")
    assert r.returncode == 0
    assert json.loads(r.stdout) == [{"X": {"text": "1", "value": 1}}]
    assert r.stderr.split() == ["loading", "hello", "u"]


def test_proof_output(prog):
    r = neurosym("query", prog, "p(1, Y)", "--proof")
    assert r.stdout.startswith("% p(1,a)")
    assert r.stdout.endswith("Y = a.\n")
    r = neurosym("query", prog, "p(1, Y)", "--proof", "--format", "json")
    (sol,) = json.loads(r.stdout)
    assert sol["Y"]["text"] == "a" and sol["$proof"][0]["goal"] == "p(1,a)"


def test_output_of_goals_is_printed(prog):
    r = neurosym("query", prog, "say")
    assert r.stdout == "hello\ntrue.\n"


def test_limits_from_the_command_line(tmp_path):
    f = tmp_path / "loop.nsl"
    f.write_text("loop :- loop.\n")
    r = neurosym("query", f, "loop", "--time", "0.5")
    assert r.returncode == 2 and "time" in r.stderr
    r = neurosym("query", f, "loop", "--inferences", "1000")
    assert r.returncode == 2 and "inferences" in r.stderr


def test_an_answer_found_before_a_limit_is_shown_with_the_error(tmp_path):
    # the look-ahead for a second answer hits the limit: the first is still printed
    f = tmp_path / "late.nsl"
    f.write_text("p(1).\np(2) :- loop.\nloop :- loop.\n")
    r = neurosym("query", f, "p(X)", "--inferences", "1000")
    assert r.returncode == 2 and "inferences" in r.stderr
    assert r.stdout == "X = 1\n"


@pytest.mark.parametrize("opt", ["--inferences", "--depth"])
def test_a_limit_below_one_is_a_usage_error_not_a_traceback(prog, opt):
    r = neurosym("query", prog, "p(X, _)", opt, "0")
    assert r.returncode == 2 and r.stdout == ""
    assert f"{opt} must be at least 1, got 0" in r.stderr and "Traceback" not in r.stderr


def test_depth_limit_from_the_command_line(tmp_path):
    f = tmp_path / "deep.nsl"
    f.write_text("d(0) :- !.\nd(N) :- M is N - 1, d(M).\n")
    assert neurosym("query", f, "d(50)", "--depth", "100").stdout == "true.\n"
    r = neurosym("query", f, "d(500)", "--depth", "100")
    assert r.returncode == 2 and "depth" in r.stderr


def test_several_files(tmp_path):
    (tmp_path / "a.nsl").write_text("a(1).\n")
    (tmp_path / "b.nsl").write_text("b(X) :- a(X).\n")
    r = neurosym("query", tmp_path / "a.nsl", tmp_path / "b.nsl", "b(X)")
    assert r.stdout == "X = 1.\n"


def test_run_executes_queries_in_order(tmp_path):
    f = tmp_path / "r.nsl"
    f.write_text("p(1). p(2).\n?- p(X).\nq(3).\n?- q(Y), write(got(Y)), nl.\n?- p(7).\n")
    r = neurosym("run", f)
    assert r.stdout == ("?- p(X).\nX = 1 ;\nX = 2.\n"
                        "?- q(Y), write(got(Y)), nl.\ngot(3)\nY = 3.\n"
                        "?- p(7).\nfalse.\n")
    assert r.returncode == 1


def test_run_reports_errors_and_goes_on(tmp_path):
    f = tmp_path / "e.nsl"
    f.write_text("?- X is 1/0.\n?- Y = 2.\n")
    r = neurosym("run", f)
    assert r.returncode == 2
    assert "e.nsl:1" in r.stderr and "zero_divisor" in r.stderr
    assert r.stdout.endswith("?- Y = 2.\nY = 2.\n") or r.stdout.endswith("?- Y=2.\nY = 2.\n")


def test_help_documents_the_default():
    r = neurosym("query", "--help")
    assert "All answers are printed" in " ".join(r.stdout.split())


@pytest.mark.parametrize("goal, expected", [
    # each expected text is what swipl 9's toplevel printed for the same goal
    ("X = f(A, B, A), B = Y", "X = f(A, Y, A),\nB = Y.\n"),
    ("X = point(1, Y), Y = Z", "X = point(1, Z),\nY = Z.\n"),
    ("A = B, B = C", "A = B, B = C.\n"),
    ("X = (+)", "X = (+).\n"),
    ("X = [a, b|T]", "X = [a, b|T].\n"),
])
def test_answers_print_as_the_swi_toplevel_does(prog, goal, expected):
    r = neurosym("query", prog, goal)
    assert r.stdout == expected


@pytest.mark.parametrize("argv", [["query", "{f}", "p(X, Y)"], ["run", "{f}"], ["repl", "{f}"]])
def test_the_exact_commands_import_neither_torch_nor_faiss_nor_sympy(prog, argv):
    code = ("import sys\nfrom neurosym.cli import main\nmain(sys.argv[1:])\n"
            "print(sorted(m for m in ('torch', 'faiss', 'sympy') if m in sys.modules))\n")
    r = subprocess.run([sys.executable, "-c", code, *(a.format(f=prog) for a in argv)],
                       input="p(X, Y).\n", capture_output=True, text=True, timeout=120)
    assert r.stdout.splitlines()[-1] == "[]", r.stdout + r.stderr


def test_a_mistyped_option_or_command_names_the_nearest(capsys):
    from neurosym.cli import main
    with pytest.raises(SystemExit) as e:
        main(["query", "--top_k", "3", "kb/family.nsl", "parent(X, Y)"])
    assert e.value.code == 2
    err = capsys.readouterr().err       # one line, naming the subcommand
    assert err.startswith("neurosym query: error: unrecognized arguments: --top_k")
    assert "--top_k: did you mean --top-k?" in err and err.count("\n") == 1
    with pytest.raises(SystemExit):
        main(["qurey", "kb/family.nsl", "p"])
    assert "unknown command 'qurey'; did you mean query?" in capsys.readouterr().err


def test_a_mistyped_training_setting_names_the_nearest():
    from neurosym.errors import ConfigError
    from neurosym.learning.config import TrainConfig
    with pytest.raises(ConfigError, match="epoch: no such training setting; did you mean epochs"):
        TrainConfig().updated(epoch=3)


LOOP = """
edge(a, b). edge(b, c). edge(c, a).
path(X, Y) :- path(X, Z), edge(Z, Y).
path(X, Y) :- edge(X, Y).
"""


def test_budget_ends_a_scored_search_that_would_not_end_and_says_so(tmp_path):
    f = tmp_path / "loop.nsl"
    f.write_text(LOOP)
    # left recursion in Prolog's order never reaches an answer: the budget
    # ends the search with false. and a note that answers may exist
    r = neurosym("query", "--mode", "exact", "--budget", "50", f, "path(a, X)")
    assert (r.returncode, r.stdout) == (1, "false.\n")
    assert "ended at its budget of 50 expansions" in r.stderr
    # a search that ends within its budget says nothing of it
    r = neurosym("query", "--mode", "exact", "--budget", "50", f, "edge(a, X)")
    assert (r.returncode, r.stdout) == (0, "% score 1.0000\nX = b.\n")
    assert "budget" not in r.stderr
    r = neurosym("query", "--mode", "exact", "--budget", "0", f, "edge(a, X)")
    assert r.returncode == 2 and "--budget must be at least 1" in r.stderr


@pytest.mark.parametrize("goal", ["", "   "])
def test_an_empty_goal_is_one_clear_line(goal, capsys):
    from neurosym.cli import main
    assert main(["query", "kb/family.nsl", goal]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: query: the goal is empty") and err.count("\n") == 1


def test_a_json_error_of_another_kind_is_named_by_its_class(capsys):
    import json

    from neurosym.cli import main
    assert main(["query", "--format", "json", "kb/family.nsl", " "]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["error"]["kind"] == "ConfigError" and doc["answers"] == []
