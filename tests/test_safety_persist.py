"""Issue #17, "Nothing lost, nothing run, every limit holds": loading runs no
code and the sandbox refuses files and the environment (item 1); every save
loads back the same and is checked before it replaces the old one (item 2);
one knowledge base from several threads (item 5); an interrupted save is
repaired (item 6); bad manifests and unsafe files are refused (item 9)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neurosym import KnowledgeBase
from neurosym.cli import main
from neurosym.config import Limits
from neurosym.engine.builtins.registry import BUILTINS
from neurosym.engine.machine import CONTROL
from neurosym.engine.sandbox import UNSAFE, Sandbox, allowed
from neurosym.errors import PermissionError_, ResourceError
from neurosym.persist import KBFileError, clause_text
from neurosym.terms import Atom, Clause, Struct, Var
from neurosym.terms.printer import format_term

ROOT = Path(__file__).resolve().parents[1]


def clauses(kb) -> list[str]:
    return [clause_text(cl, kb.ops) for key in kb.store._preds for cl in kb.store.clauses(key)]


def strays(parent: Path) -> list[str]:
    return sorted(n for n in os.listdir(parent) if n.endswith((".saving", ".old")))


def _set_manifest(d: Path, **fields) -> None:
    m = json.loads((d / "manifest.json").read_text())
    m.update(fields)
    (d / "manifest.json").write_text(json.dumps(m))


def _forge(d: Path, rel: str, data: bytes) -> None:
    """Replace a file and forge its manifest entry (size and checksum)."""
    (d / rel).write_bytes(data)
    m = json.loads((d / "manifest.json").read_text())
    entry = m["program"] if rel == "program.nsl" else m["sources"]
    entry.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    (d / "manifest.json").write_text(json.dumps(m))


# -- item 1: loading runs no code; the sandbox ----------------------------------------
def test_item1_loading_runs_no_code(tmp_path, capsys):
    kb = KnowledgeBase.from_string("p.")
    assert kb.ask("assertz('?-'(writeln(x)))")
    assert kb.ask("assertz((:- writeln(y)))")
    kb.save(tmp_path / "D")
    kb2 = KnowledgeBase.load(tmp_path / "D")
    assert capsys.readouterr().out == ""          # nothing ran
    assert kb2.ask("clause('?-'(G), true), G == writeln(x)")
    assert kb2.ask("clause((:- G), true), G == writeln(y)")
    assert clauses(kb2) == clauses(kb)


@pytest.mark.parametrize("text", [
    ":- writeln(hacked).\n", "?- writeln(hacked).\n", ":- initialization(writeln(hacked)).\n",
    ":- include('/etc/passwd').\n", "a --> [b].\n"])
def test_item1_a_tampered_program_is_refused_not_run(tmp_path, capsys, text):
    KnowledgeBase.from_string("p.").save(tmp_path / "D")
    _forge(tmp_path / "D", "program.nsl", ("p.\n" + text).encode())
    with pytest.raises(KBFileError, match="not read|does not match"):
        KnowledgeBase.load(tmp_path / "D")
    assert "hacked" not in capsys.readouterr().out


UNSAFE_GOALS = ["open('/etc/passwd', read, S)", "see('/etc/passwd')", "read_term(T, [])",
                "consult('/etc/passwd')", "shell(ls)", "getenv('HOME', V)", "halt",
                "sleep(100)", "sym_simplify(x + x, E)", "exists_file('/etc/passwd')"]


@pytest.mark.parametrize("goal", UNSAFE_GOALS)
def test_item1_sandbox_refuses_files_and_environment(goal):
    kb = KnowledgeBase(sandbox=True)
    with pytest.raises(PermissionError_) as e:
        kb.ask(goal)
    assert format_term(e.value.term).startswith("error(permission_error(call,sandboxed,")
    assert KnowledgeBase().count("atom_length(abc, N)") == kb.count("atom_length(abc, N)") == 1


def test_item1_sandbox_every_builtin_is_classified():
    """Builtins are refused unless reviewed: every registered builtin either
    runs in the sandbox or is refused, and the named unsafe ones are refused."""
    kb = KnowledgeBase(sandbox=True)
    table = kb.machine.builtins
    for key, b in BUILTINS.items():
        assert (table[key] is b) == allowed(b), key
    for name, arity in UNSAFE:
        assert not allowed(table[(Atom(name), arity)])
    assert allowed(BUILTINS[(Atom("atom_length"), 2)])


def test_item1_sandboxed_consult_loads_no_other_file_and_keeps_limits(tmp_path):
    (tmp_path / "secret.nsl").write_text("secret(42).\n")
    f = tmp_path / "f.nsl"
    f.write_text("loop :- loop.\n:- include(secret).\n:- consult(secret).\n"
                 ":- ['/etc/passwd'].\n:- loop.\n:- use_module(library(lists)).\np.\n")
    seen: list[str] = []
    sb = Sandbox(limits=Limits(time=0.5, inferences=100_000))
    kb = KnowledgeBase.from_file(f, sandbox=sb, warn=seen.append)
    assert kb.ask("p")
    assert not kb.ask("current_predicate(secret/1)")
    text = "\n".join(kb.warnings)
    assert text.count("No permission to open source sink") == 3
    assert "Resource limit exceeded" in text                 # :- loop. was stopped
    with pytest.raises(ResourceError):
        kb.ask("loop")                                       # queries keep the limits
    with pytest.raises(ResourceError, match="inferences"):
        kb.ask("loop", Limits(time=60))                      # a query may not lift them
    with pytest.raises(ResourceError):
        list(kb.query("loop", mode="exact", limits=Limits()))   # nor a scored one
    plain = KnowledgeBase.from_file(tmp_path / "secret.nsl")
    assert plain.ask("secret(42)")


def test_item1_sandbox_on_the_command_line(tmp_path, capsys):
    f = tmp_path / "f.nsl"
    f.write_text(":- getenv('HOME', H), writeln(H).\np(1).\n")
    assert main(["query", "--sandbox", str(f), "p(X)"]) == 0
    out = capsys.readouterr()
    assert "X = 1." in out.out
    assert "No permission to call sandboxed `getenv/2'" in out.err
    assert "Traceback" not in out.err
    assert main(["query", "--sandbox", str(f), "open(f, read, S)"]) == 2
    assert "No permission to call sandboxed `open/3'" in capsys.readouterr().err


# -- item 2: every save loads back the same, and is checked first ----------------------
def test_item2_the_issue_example_loads_back(tmp_path):
    t = tmp_path / "t.tsv"
    t.write_text("a\t::\tb\nc\t:-\td\n")
    KnowledgeBase.from_file(t).save(tmp_path / "D")
    kb = KnowledgeBase.load(tmp_path / "D")
    assert kb.ask("clause('::'(a, b), true), clause((c :- d), true)")
    assert not kb.ask("current_predicate(c/0)")        # a fact of ':-'/2, not a rule


@pytest.mark.parametrize("name", ["::", ":-", "?-", "", "-->", "#1", "$saved_clause", "a b"])
def test_item2_facts_of_any_functor_round_trip(tmp_path, name):
    kb = KnowledgeBase()
    kb.add_clause(Clause(Struct(Atom(name), (Atom("a"), Atom("b")))))
    kb.add_clause(Clause(Struct(Atom(name), (Atom("c"),))))
    kb.add_clause(Clause(Atom("r"), Struct(Atom(name), (Var("X"),))))   # r :- Name(X).
    kb.save(tmp_path / "D")
    kb2 = KnowledgeBase.load(tmp_path / "D")
    assert clauses(kb2) == clauses(kb)
    assert kb2.ask("H =.. [Name, a, b], clause(H, true)", Name=name)
    assert kb2.ask("H =.. [Name, c], clause(H, true)", Name=name)


def test_item2_a_save_that_would_not_load_back_replaces_nothing(tmp_path, monkeypatch):
    from neurosym.persist import saving
    kb = KnowledgeBase.from_string("p(a).")
    kb.save(tmp_path / "D")
    kb.add("p(b). q :- p(X), X == b.")

    def broken(store, ops):                    # a writer that loses a clause
        text, spans = real(store, ops)
        return text.replace("p(b).\n", ""), spans[:-1]

    real = saving.program_text
    monkeypatch.setattr(saving, "program_text", broken)
    with pytest.raises(KBFileError, match="would not load back the same"):
        kb.save(tmp_path / "D")
    assert clauses(KnowledgeBase.load(tmp_path / "D")) == ["p(a)."]
    assert strays(tmp_path) == []


_NAMES = st.one_of(st.sampled_from([":-", "?-", "::", "-->", "", "#1", "#x", "$saved_clause",
                                    "[]", "{}", "[|]", "-", "+", "=", "is", ",", "|", "'",
                                    "\\", "a\nb", "é", "dynamic", "op", "true", "p"]),
                   st.text(min_size=0, max_size=5))
_ATOMS = _NAMES.map(Atom)
_VARS = st.sampled_from(["X", "Y", "_Z"])
_LEAVES = st.one_of(_ATOMS, st.integers(-10**20, 10**20), st.text(max_size=4),
                    st.floats(allow_nan=False, allow_infinity=False), _VARS)


def _terms(depth: int):
    if depth == 0:
        return _LEAVES
    return st.one_of(_LEAVES, st.builds(lambda n, a: Struct(Atom(n), tuple(a)), _NAMES,
                                        st.lists(_terms(depth - 1), min_size=1, max_size=3)))


def _build(t, vs: dict):
    """A generated term with its variable names made variables."""
    if type(t) is str and t in ("X", "Y", "_Z"):
        return vs.setdefault(t, Var(t))
    if type(t) is Struct:
        return Struct(t.name, tuple(_build(a, vs) for a in t.args))
    return t


_HEADS = st.one_of(_ATOMS, st.builds(lambda n, a: Struct(Atom(n), tuple(a)), _NAMES,
                                      st.lists(_terms(2), min_size=1, max_size=3)))
_CLAUSES = st.tuples(_HEADS, st.one_of(st.just(None), _terms(2)),
                     st.one_of(st.none(), st.floats(0, 1)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CLAUSES, min_size=1, max_size=6),
       st.lists(st.tuples(st.sampled_from([200, 700, 1100]),
                          st.sampled_from(["xfx", "xfy", "fy", "xf"]),
                          st.sampled_from(["===>", "::", "foo", "-->", "?-"])), max_size=2))
def test_item2_hypothesis_every_save_loads_back_the_same(cls, ops):
    kb = KnowledgeBase(warn=lambda _t: None)
    for prio, type_, name in ops:
        kb.ops.add(prio, type_, name)
    for head, body, weight in cls:
        vs: dict = {}
        h = _build(head, vs)
        b = Atom("true") if body is None else _build(body, vs)
        cl = Clause(h, b, weight)
        if type(b) not in (Atom, Struct, Var) or cl.key in BUILTINS or cl.key in CONTROL:
            continue
        kb.add_clause(cl)
    with tempfile.TemporaryDirectory() as d:
        kb.save(Path(d) / "kb")
        kb2 = KnowledgeBase.load(Path(d) / "kb")
    assert clauses(kb2) == clauses(kb)
    assert kb2.ops == kb.ops


# -- item 5: threads -----------------------------------------------------------------
def test_item5_limits_are_per_query():
    kb = KnowledgeBase()
    a = kb.query("between(1, 2000000, X)", limits=Limits(inferences=5000))
    assert next(a).to_python() == {"X": 1}
    for _ in range(3):
        assert kb.ask("true")                 # another query sets no limits
    with pytest.raises(ResourceError, match="inferences"):
        for _ in a:
            pass


def test_item5_a_query_in_another_thread_keeps_its_time_limit():
    kb = KnowledgeBase.from_string("loop :- between(1, 20000000, _), fail.")
    got: list = []

    def a():
        try:
            got.append(kb.ask("loop", Limits(time=1)))
        except ResourceError as e:
            got.append(e)

    t = threading.Thread(target=a, daemon=True)
    t.start()
    asked = 0
    while t.is_alive() or asked == 0:
        assert kb.ask("true")
        asked += 1
    t.join()
    assert len(got) == 1 and isinstance(got[0], ResourceError) and "time" in str(got[0])


def test_item5_assert_and_query_in_two_threads_see_no_gaps():
    kb = KnowledgeBase.from_string(":- dynamic(n/1).")
    n = 3000
    errors: list = []

    def writer():
        try:
            for i in range(n):
                kb.ask("assertz(n(I))", I=i)
        except Exception as e:  # noqa: BLE001 -- reported below
            errors.append(e)

    t = threading.Thread(target=writer)
    t.start()
    seen = 0
    while t.is_alive() or seen < n:
        got = [a.bindings["X"] for a in kb.query("n(X)")]
        assert got == list(range(len(got)))          # a prefix, never with gaps
        seen = len(got)
    t.join()
    assert not errors and seen == n


# -- item 6: the save swap window -------------------------------------------------------
def test_item6_load_recovers_an_interrupted_swap(tmp_path):
    kb = KnowledgeBase.from_string("v(1).")
    kb.save(tmp_path / "D")
    # a kill between the two renames: DIR moved aside, the new copy not yet in place
    os.replace(tmp_path / "D", tmp_path / ".D.abcd1234.old")
    (tmp_path / ".D.wxyz5678.saving").mkdir()
    (tmp_path / ".D.wxyz5678.saving" / "program.nsl").write_text("v(2).")
    (tmp_path / ".D.x.saving").mkdir()           # not a name a save of D makes
    kb2 = KnowledgeBase.load(tmp_path / "D")
    assert kb2.ask("v(1)")
    assert sorted(os.listdir(tmp_path)) == [".D.x.saving", "D"]


def test_item6_stale_temporary_folders_are_removed_by_the_next_save(tmp_path):
    KnowledgeBase.from_string("v(1).").save(tmp_path / "D")
    (tmp_path / ".D.abcd1234.saving").mkdir()
    (tmp_path / ".D.efgh5678.old").mkdir()
    KnowledgeBase.from_string("v(2).").save(tmp_path / "D")
    assert sorted(os.listdir(tmp_path)) == ["D"]
    assert KnowledgeBase.load(tmp_path / "D").ask("v(2)")


def test_item6_saves_and_loads_work_where_nothing_can_be_locked(tmp_path, monkeypatch):
    from neurosym import files
    monkeypatch.setattr(files, "fcntl", None)
    KnowledgeBase.from_string("v(1).").save(tmp_path / "D")
    KnowledgeBase.from_string("v(2).").save(tmp_path / "D")
    assert KnowledgeBase.load(tmp_path / "D").ask("v(2)")
    assert sorted(os.listdir(tmp_path)) == ["D"]


def test_item6_a_symbolic_link_to_a_saved_directory(tmp_path):
    KnowledgeBase.from_string("v(1).").save(tmp_path / "D")
    os.symlink(tmp_path / "D", tmp_path / "L")
    assert KnowledgeBase.load(tmp_path / "L").ask("v(1)")       # read through it
    with pytest.raises(KBFileError, match="is a symbolic link"):
        KnowledgeBase.from_string("v(2).").save(tmp_path / "L")
    assert KnowledgeBase.load(tmp_path / "D").ask("v(1)")


_SAVER = """
import sys
from neurosym import KnowledgeBase
kb = KnowledgeBase.from_string(" ".join(f"n({i}, abc{i})." for i in range(3000)))
i = int(sys.argv[2])
while True:
    kb.retract("v(_).")
    kb.add(f"v({i}).")
    kb.save(sys.argv[1])
    print(i, flush=True)
    i += 1
"""


def test_item6_a_save_killed_at_any_point_leaves_the_old_or_the_new(tmp_path):
    d = tmp_path / "D"
    KnowledgeBase.from_string("v(0).").save(d)
    rng = random.Random(17)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    last = 0
    for _ in range(4):
        p = subprocess.Popen([sys.executable, "-c", _SAVER, str(d), str(last + 1)],
                             stdout=subprocess.PIPE, text=True, env=env)
        done = [int(p.stdout.readline())]            # one save done: it is warm
        for _ in range(rng.randrange(0, 3)):
            done.append(int(p.stdout.readline()))
        time.sleep(rng.uniform(0, 0.05))
        p.send_signal(signal.SIGKILL)
        rest, _ = p.communicate()
        done += [int(x) for x in rest.split()]
        v = [a.bindings["X"] for a in KnowledgeBase.load(d).query("v(X)")]
        assert v in ([done[-1]], [done[-1] + 1]), (v, done)
        assert strays(tmp_path) == []
        last = v[0]


# -- item 9: bad manifests, unsafe files ----------------------------------------------
@pytest.fixture
def saved(tmp_path) -> Path:
    kb = KnowledgeBase.from_string(":- op(700, xfx, ===>). p(a ===> b).")
    kb.models["m"] = {"w": __import__("torch").zeros(2)}
    assert kb.space is not None                    # built: saved in space/
    kb.save(tmp_path / "D")
    return tmp_path / "D"


@pytest.mark.parametrize("fields, where", [
    ({"ops": [[700, "xfx"]]}, "ops.0"),
    ({"ops": [[700, "zfz", "===>"]]}, "ops.0.1"),
    ({"ops": [["700", "xfx", "===>"]]}, "ops.0.0"),
    ({"ops": [[700, "xfx", "===>"], [200, "xfy", "^^"]]}, "ops"),
    ({"ops": []}, "ops"),
    ({"flags": {"unknown": "maybe"}}, "flags.unknown"),
    ({"flags": {"x": 1}}, "flags.x"),
    ({"flags": {"x": "f("}}, "flags.x"),
    ({"globals": [1]}, "globals"),
    ({"program": {"file": "../x", "sha256": "0" * 64, "clauses": 1}}, "program.file"),
    ({"program": {"file": "/etc/passwd", "sha256": "0" * 64, "clauses": 1}}, "program.file"),
    ({"program": {"file": "program.nsl", "sha256": "zz", "clauses": 1}}, "program.sha256"),
    ({"space": "../../etc"}, "space"),
    ({"space_config": {"dim": "x"}}, "space_config.dim"),
    ({"models": {"../m": {"file": "models/m.pt", "sha256": "0" * 64}}}, "models"),
    ({"unknown_field": 1}, "unknown_field"),
])
def test_item9_bad_manifest_fields_raise_kbfileerror(saved, fields, where):
    _set_manifest(saved, **fields)
    with pytest.raises(KBFileError) as e:
        KnowledgeBase.load(saved)
    assert "manifest.json" in str(e.value) and where in str(e.value)


def test_item9_a_deeply_nested_manifest_is_a_kbfileerror(saved):
    (saved / "manifest.json").write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(KBFileError, match="manifest.json: corrupted manifest"):
        KnowledgeBase.load(saved)


@pytest.mark.parametrize("target", ["/dev/zero", "outside", "fifo"])
def test_item9_only_regular_files_inside_the_directory_are_read(saved, target):
    p = saved / "program.nsl"
    data = p.read_bytes()
    p.unlink()
    if target == "fifo":
        os.mkfifo(p)
    else:
        src = saved.parent / "outside.nsl"
        src.write_bytes(data)                        # the same bytes, outside DIR
        os.symlink("/dev/zero" if target == "/dev/zero" else src, p)
    with pytest.raises(KBFileError, match="program.nsl: the program file cannot be read safely|"
                                          "not a regular file"):
        KnowledgeBase.load(saved)


def test_item9_saving_over_a_symlinked_manifest_reads_nothing(tmp_path):
    d = tmp_path / "D"
    d.mkdir()
    os.symlink("/dev/zero", d / "manifest.json")
    with pytest.raises(KBFileError, match="not a saved knowledge base and not empty"):
        KnowledgeBase.from_string("p.").save(d)


@pytest.mark.parametrize("folder, msg", [("models", "cannot be read safely"),
                                         ("space", "not a directory inside")])
def test_item9_symlinked_folders_are_not_followed(saved, folder, msg):
    assert KnowledgeBase.load(saved).models["m"].keys() == {"w"}
    shutil.move(saved / folder, saved.parent / folder)
    os.symlink(saved.parent / folder, saved / folder)
    with pytest.raises(KBFileError, match=msg):
        KnowledgeBase.load(saved)


def test_item9_files_over_the_cap_are_not_read(saved, monkeypatch):
    from neurosym import files
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    with pytest.raises(KBFileError, match="too big"):
        KnowledgeBase.load(saved)
