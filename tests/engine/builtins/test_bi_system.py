"""getenv/2, setenv/2, unsetenv/1, get_time/1, format_time/3: not the same
across runs, so plain tests here rather than differential programs; the
format_time/3 cases are compared with swipl's output for fixed stamps."""

from __future__ import annotations

import io
import shutil
import subprocess
import time

import pytest

from neurosym import KnowledgeBase
from neurosym.errors import PrologError
from neurosym.terms import Atom

FORMATS = ["%Y-%m-%d %H:%M:%S", "%F %T", "%a %A %b %B %e %j %y %Z %z %%",
           "%d/%m/%Y", "%s %f %3f", "%D %R %u %w %p %I %k %l", "%c", "plain text"]
STAMPS = [0, 86399.5, 1700000000.25, 951782400]       # 951782400: 2000-02-29


@pytest.fixture
def kb():
    return KnowledgeBase.from_string("", output=io.StringIO())


@pytest.fixture
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _value(kb, goal, var="X"):
    v = next(iter(kb.query(goal, limit=1))).bindings[var]
    return v.name if isinstance(v, Atom) else v


def test_setenv_then_getenv(kb, monkeypatch):
    monkeypatch.delenv("NEUROSYM_TEST_18", raising=False)
    assert not kb.ask("getenv('NEUROSYM_TEST_18', _)")
    assert kb.ask("setenv('NEUROSYM_TEST_18', 42)")
    assert _value(kb, "getenv('NEUROSYM_TEST_18', X)") == "42"
    assert not kb.ask("getenv('NEUROSYM_TEST_18', 42)")        # the value is an atom
    assert kb.ask("unsetenv('NEUROSYM_TEST_18')")
    assert not kb.ask("getenv('NEUROSYM_TEST_18', _)")


@pytest.mark.parametrize("goal, formal", [
    ("getenv(X, V)", "instantiation_error"),
    ("setenv(f(x), a)", "type_error(text,f(x))"),
    ("format_time(atom(A), '%Y', foo)", "type_error(time,foo)"),
    ("format_time(atom(A), '%Q', 0)", "existence_error(format,'%Q')"),
])
def test_errors(kb, goal, formal):
    from neurosym.terms.printer import write_canonical
    with pytest.raises(PrologError) as e:
        kb.ask(goal)
    assert write_canonical(e.value.formal) == formal


def test_get_time_is_now(kb):
    before = time.time()
    t = _value(kb, "get_time(X)")
    assert isinstance(t, float) and before <= t <= time.time()
    assert 1.7e9 < t < 4.2e9


def test_format_time_dates(kb, utc):
    assert _value(kb, "format_time(atom(X), '%F %T', date(2024, 2, 29))") == \
        "2024-02-29 00:00:00"
    assert _value(kb, "format_time(atom(X), '%F %T', date(2024, 2, 29, 10, 5, 7.0, 0, -, -))") \
        == "2024-02-29 10:05:07"


@pytest.mark.skipif(shutil.which("swipl") is None, reason="needs swipl (the oracle)")
def test_format_time_agrees_with_swipl(kb, utc, tmp_path):
    goals = [f"format_time(atom(X), '{f}', {s})" for f in FORMATS for s in STAMPS]
    prog = tmp_path / "times.pl"
    prog.write_text("".join(f":- {g}, write(X), nl.\n" for g in goals))
    out = subprocess.run(["swipl", "-q", "-g", "halt", str(prog)], text=True,
                         capture_output=True, timeout=60, env={"TZ": "UTC", "LANG": "C"})
    want = out.stdout.splitlines()
    assert len(want) == len(goals), out.stderr
    assert [str(_value(kb, g)) for g in goals] == want
