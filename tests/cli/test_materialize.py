"""``neurosym materialize`` through a subprocess."""

from __future__ import annotations

import subprocess
import sys

from neurosym import KnowledgeBase

PROG = """
:- table path/2.
path(X, Y) :- edge(X, Y).
path(X, Z) :- path(X, Y), edge(Y, Z).
edge(a, b). edge(b, 'C d'). edge('C d', a).
lab(a, "str"). lab(b, 2.5). lab(a, -3).
labelled(X, L) :- path(X, _), lab(X, L).
?- write(should_not_run), nl.
"""


def neurosym(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "neurosym", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_writes_quoted_reparseable_facts(tmp_path):
    f = tmp_path / "p.nsl"
    f.write_text(PROG)
    r = neurosym("materialize", f)
    assert r.returncode == 0, r.stderr
    assert "should_not_run" not in r.stdout + r.stderr
    assert "% path/2: 9 facts" in r.stdout
    assert "path('C d', 'C d')." in r.stdout
    assert 'labelled(a, "str").' in r.stdout and "labelled(a, -3)." in r.stdout
    # the output reads back as the same facts the rules entail
    kb = KnowledgeBase.from_string(r.stdout)
    assert kb.count("path(X, Y)") == 9 and kb.count("labelled(X, L)") == 3
    orig = KnowledgeBase()
    orig.consult(f, on_query=lambda q: None)
    want = {str(a.bindings) for a in orig.query("labelled(X, L)")}
    assert {str(a.bindings) for a in kb.query("labelled(X, L)")} == want


def test_out_file_and_pred(tmp_path):
    f = tmp_path / "p.nsl"
    f.write_text(PROG)
    out = tmp_path / "derived.nsl"
    r = neurosym("materialize", f, "--out", out, "--pred", "path/2")
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    text = out.read_text()
    assert "path(a, a)." in text and "labelled" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["derived.nsl", "p.nsl"]  # no temp left


def test_not_in_fragment_is_an_error_naming_the_clause(tmp_path):
    f = tmp_path / "p.nsl"
    f.write_text("e(a, b).\nq(X) :- e(X, _), atom_length(X, _).\nr(X) :- e(X, _).\n")
    r = neurosym("materialize", f)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) <= 2
    assert "atom_length/2" in r.stderr and "q/1" in r.stderr
    r = neurosym("materialize", f, "--skip-outside")
    assert r.returncode == 0
    assert "r(a)." in r.stdout and "warning: skipped q/1" in r.stderr


def test_unstratifiable_names_the_cycle(tmp_path):
    f = tmp_path / "p.nsl"
    f.write_text("n(a).\np(X) :- n(X), \\+ q(X).\nq(X) :- n(X), \\+ p(X).\n")
    r = neurosym("materialize", f)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "p/1 -> \\+ q/1 -> \\+ p/1" in r.stderr or "q/1 -> \\+ p/1 -> \\+ q/1" in r.stderr


def test_missing_file_and_syntax_error(tmp_path):
    r = neurosym("materialize", tmp_path / "nope.nsl")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "nope.nsl" in r.stderr
    f = tmp_path / "bad.nsl"
    f.write_text("p(a.\n")
    r = neurosym("materialize", f)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "bad.nsl:1" in r.stderr


def test_unknown_pred_is_an_error(tmp_path):
    f = tmp_path / "p.nsl"
    f.write_text(PROG)
    r = neurosym("materialize", f, "--pred", "nope/3")
    assert r.returncode == 2 and "nope/3" in r.stderr and "Traceback" not in r.stderr


def test_duckdb_backend_writes_the_same_facts(tmp_path):
    import duckdb  # noqa: F401  (the dev extra installs it)
    f = tmp_path / "p.nsl"
    f.write_text(PROG)
    a = neurosym("materialize", f)
    b = neurosym("materialize", "--backend", "duckdb", f)
    assert b.returncode == 0, b.stderr
    def facts(text):
        return sorted(ln for ln in text.splitlines() if not ln.startswith("%"))
    assert facts(a.stdout) == facts(b.stdout) and "path('C d', 'C d')." in b.stdout


def test_parquet_out_reads_back(tmp_path):
    import duckdb  # noqa: F401  (the dev extra installs it)
    f = tmp_path / "p.nsl"
    f.write_text(PROG)
    out = tmp_path / "facts.parquet"
    r = neurosym("materialize", "--backend", "duckdb", f, "--out", out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.parquet", "p.nsl"]
    kb = KnowledgeBase()
    kb.consult(out)                       # a fact table: path/2 as atoms, labelled/2 parsed
    orig = KnowledgeBase()
    orig.consult(f, on_query=lambda q: None)
    for goal in ("path(X, Y)", "labelled(X, L)"):
        want = {str(a.bindings) for a in orig.query(goal)}
        assert {str(a.bindings) for a in kb.query(goal)} == want


def test_bad_backend_and_bad_table_are_errors_without_traceback(tmp_path):
    f = tmp_path / "p.nsl"
    f.write_text(PROG)
    r = neurosym("materialize", "--backend", "nope", f)
    assert r.returncode == 2 and "invalid choice" in r.stderr
    import duckdb  # noqa: F401  (the dev extra installs it)
    bad = tmp_path / "t.csv"
    bad.write_text("a,edge,b\nb,,c\n")
    r = neurosym("materialize", bad)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"{bad}:2:2: error: empty field relation" in r.stderr
