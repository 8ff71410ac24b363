"""Loading as SWI-Prolog loads (issue #18): partial loads of files with
syntax errors, loading goals at the REPL prompt, libraries, ``?-`` queries
and ``neurosym run``'s exit status."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from neurosym import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]

BAD = """foo(a).
foo(b) :- .
bar(1).
baz(X :- q.
foo(c).
"""


def neurosym(*args, text: str | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "neurosym", *map(str, args)], input=text,
                          capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture
def bad(tmp_path):
    f = tmp_path / "bad.pl"
    f.write_text(BAD)
    return f


def _assert_both_errors_reported(stderr: str, f) -> None:
    # every bad clause: file, line, column, the line and a caret under the place
    assert f"{f}:2:11: error: unexpected end of clause\nfoo(b) :- .\n          ^\n" in stderr
    assert f"{f}:4:4: error: unbalanced '('\nbaz(X :- q.\n   ^\n" in stderr


# -- a file with syntax errors loads its good clauses ------------------------------------

def test_query_loads_the_good_clauses_and_reports_every_bad_one(bad):
    r = neurosym("query", bad, "foo(X)")
    assert (r.returncode, r.stdout) == (0, "X = a ;\nX = c.\n")
    _assert_both_errors_reported(r.stderr, bad)
    assert "Traceback" not in r.stderr


def test_repl_loads_the_good_clauses_of_its_files(bad):
    r = neurosym("repl", bad, text="foo(X).\nbar(Y).\n")
    assert (r.returncode, r.stdout) == (0, "X = a ;\nX = c.\nY = 1.\n")
    _assert_both_errors_reported(r.stderr, bad)


def test_consult_at_the_prompt_loads_the_good_clauses(bad):
    r = neurosym("repl", text=f"consult('{bad}').\nfoo(X).\n")
    assert r.stdout == "true.\nX = a ;\nX = c.\n"
    _assert_both_errors_reported(r.stderr, bad)


def test_run_runs_what_parsed_and_exits_2(bad):
    bad.write_text(BAD + "?- foo(X).\n")
    r = neurosym("run", bad)
    assert r.returncode == 2
    assert r.stdout == "?- foo(X).\nX = a ;\nX = c.\n"
    _assert_both_errors_reported(r.stderr, bad)


def test_check_still_reports_every_error_and_exits_2(bad):
    r = neurosym("check", bad, "--no-cache")
    assert r.returncode == 2
    _assert_both_errors_reported(r.stdout, bad)
    assert "2 errors" in r.stdout


def test_api_partial_by_default_strict_on_request(bad):
    from neurosym.errors import ParseError
    seen: list[str] = []
    kb = KnowledgeBase.from_file(bad, warn=seen.append)
    assert [a.to_python()["X"] for a in kb.query("foo(X)")] == ["a", "c"]
    assert [(e.line, e.column) for e in kb.errors] == [(2, 11), (4, 4)]
    assert sum("error:" in w for w in seen) == 2
    with pytest.raises(ParseError):
        KnowledgeBase.from_file(bad, partial=False)


def test_a_nested_consult_of_a_bad_file_loads_its_good_clauses(tmp_path, bad):
    main = tmp_path / "main.pl"
    main.write_text(":- consult(bad).\nok.\n")
    seen: list[str] = []
    kb = KnowledgeBase.from_file(main, warn=seen.append)
    assert kb.ask("ok") and kb.count("foo(_)") == 2
    assert sum("error:" in w for w in seen) == 2


def test_batch_commands_stay_strict(bad):
    r = neurosym("materialize", bad)
    assert r.returncode == 2 and r.stdout == ""


# -- loading goals at the REPL prompt ------------------------------------------------------

@pytest.fixture
def kbdir(tmp_path):
    d = tmp_path / "kb"
    d.mkdir()
    shutil.copy(ROOT / "kb" / "family.nsl", d / "family.nsl")
    (d / "more.pl").write_text(":- dynamic extra/1.\nextra(1).\n")
    return tmp_path


@pytest.mark.parametrize("goal", ["consult(kb/family)", "[kb/family]", "['kb/family.nsl']",
                                  "ensure_loaded(kb/family)", "load_files(kb/family, [])",
                                  'consult("kb/family")'])
def test_prompt_loading_goals(kbdir, goal):
    r = neurosym("repl", text=f"{goal}.\nparent(tom, X).\n", cwd=kbdir)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == "true.\nX = bob ;\nX = liz.\n"


def test_prompt_consults_a_list_of_files(kbdir):
    r = neurosym("repl", text="[kb/family, kb/more].\nparent(tom, X), extra(Y).\n", cwd=kbdir)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == "true.\nX = bob,\nY = 1 ;\nX = liz,\nY = 1.\n"


def test_consult_again_replaces_ensure_loaded_keeps(kbdir):
    more = kbdir / "kb" / "more.pl"
    r = neurosym("repl", text="[kb/more].\nassertz(extra(9)).\n"
                              "ensure_loaded(kb/more).\nfindall(X, extra(X), L).\n"
                              "consult(kb/more).\nmsort(L0, L) = msort(L0, L), "
                              "findall(X, extra(X), L0), msort(L0, L).\n", cwd=kbdir)
    assert r.stderr == ""
    # ensure_loaded skips a loaded file; consult loads it again, its clauses
    # replacing the old ones (extra(9), asserted at the prompt, stays; SWI keeps
    # the file's clauses first, neurosym puts them after: sorted here)
    assert r.stdout == "true.\ntrue.\ntrue.\nL = [1, 9].\ntrue.\nL0 = [9, 1],\nL = [1, 9].\n"
    assert more.exists()


def test_make_reloads_the_files_changed_since(kbdir):
    more = kbdir / "kb" / "more.pl"
    proc = subprocess.Popen([sys.executable, "-m", "neurosym", "repl"], cwd=kbdir,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdin.write("[kb/more, kb/family].\nassertz(extra(9)).\nmake.\n"
                     "findall(X, extra(X), L0), msort(L0, L).\n")
    proc.stdin.flush()
    first = [proc.stdout.readline() for _ in range(5)]
    assert first == ["true.\n", "true.\n", "true.\n",       # nothing had changed
                     "L0 = [1, 9],\n", "L = [1, 9].\n"]
    before = more.stat().st_mtime_ns
    more.write_text("extra(2).\nextra(3).\n")
    os.utime(more, ns=(before + 2_000_000_000, before + 2_000_000_000))   # surely newer
    out, err = proc.communicate("make.\nfindall(X, extra(X), L0), msort(L0, L).\n",
                                timeout=120)
    assert err == ""
    assert out == "true.\nL0 = [9, 2, 3],\nL = [2, 3, 9].\n"    # more.pl again; extra(9) stays


def test_make_api_reports_what_it_reloaded(tmp_path):
    f = tmp_path / "m.pl"
    f.write_text("m(1).\n")
    kb = KnowledgeBase.from_file(f)
    assert kb.make() == []
    st = f.stat().st_mtime_ns
    f.write_text("m(2).\n")
    os.utime(f, ns=(st + 10**9, st + 10**9))
    assert kb.make() == [str(f)]
    assert [a.to_python()["X"] for a in kb.query("m(X)")] == [2]
    time.sleep(0)
    assert kb.make() == []


def test_prompt_missing_file_is_an_error_not_a_traceback(kbdir):
    r = neurosym("repl", text="[kb/nosuch].\nX = 1.\n", cwd=kbdir)
    assert r.returncode == 0 and r.stdout == "X = 1.\n"
    assert r.stderr == "error: source_sink `kb/nosuch' does not exist\n"


# -- libraries ------------------------------------------------------------------------------

def test_clpq_is_accepted_silently_unknown_libraries_warn_by_name(tmp_path):
    f = tmp_path / "libs.pl"
    f.write_text(":- use_module(library(clpq)).\n:- use_module(library(lists)).\n"
                 ":- use_module(library(pcre)).\n:- use_module(library(nosuch), [x/1]).\n"
                 "p(1).\n")
    r = neurosym("query", f, "p(X), {Y = X + 1}")
    assert (r.returncode, r.stdout) == (0, "X = 1,\nY = 2.\n")
    assert r.stderr == (f"Warning: {f}:3:\nWarning:    library(pcre) is not provided "
                        "by neurosym: its predicates are not defined\n"
                        f"Warning: {f}:4:\nWarning:    library(nosuch) is not provided "
                        "by neurosym: its predicates are not defined\n")


def test_dcg_basics_is_a_library_of_its_own(tmp_path):
    """library(dcg/basics)'s nonterminals exist once it is used (not before,
    as in SWI); a program's own definition of one of them comes first."""
    f = tmp_path / "use.pl"
    f.write_text(":- use_module(library(dcg/basics)).\ndigits(mine, S, S).\n")
    r = neurosym("query", f, "phrase(integer(X), `12`, []), digits(D, [], [])")
    assert (r.returncode, r.stdout, r.stderr) == (0, "X = 12,\nD = mine.\n", "")
    g = tmp_path / "nouse.pl"
    g.write_text("p.\n")
    r = neurosym("query", g, "phrase(integer(X), `12`)")
    assert "Unknown procedure: integer/3" in r.stderr


def test_prompt_use_module(tmp_path):
    r = neurosym("repl", text="use_module(library(clpq)).\nuse_module(library(lists), [append/3]).\n"
                              "use_module(library(pcre)).\n", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, "true.\ntrue.\ntrue.\n")
    assert r.stderr == ("Warning: library(pcre) is not provided by neurosym: "
                        "its predicates are not defined\n")


def test_clpq_warns_in_the_sandbox_where_constraints_are_refused():
    seen: list[str] = []
    kb = KnowledgeBase(sandbox=True, warn=seen.append)
    kb.add(":- use_module(library(clpq)).\n:- use_module(library(lists)).\n")
    assert seen == ["Warning: <string>:1:\nWarning:    library(clpq) is not available in "
                    "the sandbox: its predicates raise permission errors"]
    seen.clear()
    KnowledgeBase(warn=seen.append).add(":- use_module(library(clpq)).\n")
    assert seen == []


# -- ?- queries and initialization goals ---------------------------------------------------

QUERIES = "p(1).\n?- write(ran), nl.\n"


def test_queries_of_a_file_do_not_run_on_load(tmp_path, capsys):
    f = tmp_path / "q.pl"
    f.write_text(QUERIES)
    r = neurosym("query", f, "p(X)")
    assert (r.returncode, r.stdout, r.stderr) == (0, "X = 1.\n", "")
    r = neurosym("repl", f, text="p(X).\n")
    assert (r.returncode, r.stdout, r.stderr) == (0, "X = 1.\n", "")
    KnowledgeBase.from_file(f)
    assert capsys.readouterr().out == ""
    seen = []
    KnowledgeBase().consult(f, on_query=seen.append)        # asked: the callback gets them
    assert [q.span.line for q in seen] == [2]


def test_run_runs_the_queries(tmp_path):
    f = tmp_path / "q.pl"
    f.write_text(QUERIES)
    r = neurosym("run", f)
    assert (r.returncode, r.stdout) == (0, "?- write(ran), nl.\nran\ntrue.\n")


@pytest.mark.parametrize("directive", [":- initialization(X is 1/0).",
                                       ":- initialization(main, main).\nmain :- X is 1/0, p(X).",
                                       ":- X is foo + 1, p(X).",
                                       "?- X is 1/0."])
def test_run_exits_2_when_a_load_goal_raises(tmp_path, directive):
    f = tmp_path / "init.pl"
    f.write_text(f"p(1).\n{directive}\n?- p(X).\n")
    r = neurosym("run", f)
    assert r.returncode == 2
    assert "X = 1.\n" in r.stdout and "Traceback" not in r.stderr
    assert f"{f.name}:2" in r.stderr


def test_run_exits_0_when_initialization_succeeds(tmp_path):
    f = tmp_path / "init.pl"
    f.write_text(":- initialization((write(hi), nl)).\np(1).\n?- p(X).\n")
    r = neurosym("run", f)
    assert (r.returncode, r.stdout, r.stderr) == (0, "?- p(X).\nX = 1.\nhi\n", "")


def test_run_exits_1_when_main_fails_as_swipl_does(tmp_path):
    f = tmp_path / "main.pl"
    f.write_text(":- initialization(main, main).\nmain :- fail.\n")
    r = neurosym("run", f)
    assert (r.returncode, r.stdout) == (1, "")
    assert "Goal (directive) failed: user:main" in r.stderr
    f.write_text(":- initialization(fail).\n")       # a plain initialization/1: a warning
    assert neurosym("run", f).returncode == 0
