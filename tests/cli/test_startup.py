"""``neurosym query FILE GOAL`` starts light (issue #18): a second run of the
same file is served by the parse cache and the kept parser tables (nothing
parsed with Lark's grammar built afresh, the file not parsed), and imports
nothing that an exact query does not need: no numpy, no pydantic, no torch
or faiss.  Checked in the CLI's ``main`` and in ``python -m neurosym`` as
typed.  No timing asserts: the modules loaded tell when start-up got heavy
again (``benchmarks/exact.py`` times it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# what a plain exact query must not import: the neural and soft layers, the
# other subcommands, persistence, and heavy optional libraries
HEAVY_PACKAGES = {"torch", "faiss", "sympy", "pandas", "scipy", "sklearn", "rich",
                  "prompt_toolkit", "hypothesis", "duckdb", "pyspark", "pyarrow",
                  "numpy",     # a small file's facts come back from the cache as clauses
                  "pydantic", "pydantic_core"}   # answers printed from (bindings, residuals)
LAZY_MODULES = ["neurosym.reasoning", "neurosym.learning", "neurosym.persist",
                "neurosym.datasets", "neurosym.algebra", "neurosym.checkpoints",
                "neurosym.engine.datalog",      # numpy: loaded by a tabled call
                "neurosym.proof", "neurosym.engine.limits", "neurosym.engine.sandbox",
                "neurosym.examples", "neurosym.bridge.config", "neurosym.faces.answer_json",
                "neurosym.config", "neurosym.faces.similar", "neurosym.faces.toplevel",
                "neurosym.cli.check", "neurosym.cli.run", "neurosym.cli.repl",
                "neurosym.cli.similar", "neurosym.cli.materialize", "neurosym.cli.train",
                "neurosym.cli.eval"]

WARM = "from neurosym.cli import main\nraise SystemExit(main(['query', {f!r}, 'true']))\n"

CACHED = """
import json, sys
import neurosym.lang.grammar as grammar, neurosym.lang.loader as loader
def refuse(*a, **k):
    raise AssertionError("not served by the cache")
grammar._build = refuse            # the Lark parser built instead of loaded
loader.parse_program = refuse      # the file parsed instead of read from the cache
from neurosym.cli import main
code = main(['query', {f!r}, 'q(X)'])
heavy = {heavy!r}
lazy = {lazy!r}
print(json.dumps([code, sorted({{m.split('.')[0] for m in sys.modules}} & heavy),
                  sorted(m for m in sys.modules if any(m == p or m.startswith(p + '.')
                                                       for p in lazy))]))
"""


def _run(code: str, cache) -> subprocess.CompletedProcess:
    env = dict(os.environ, NEUROSYM_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=False)


def test_a_cached_exact_query_loads_nothing_heavy(tmp_path):
    src = tmp_path / "f.nsl"
    src.write_text("p(a). p(b).\nq(X) :- p(X), X \\== b.\n")
    warm = _run(WARM.format(f=str(src)), tmp_path / "cache")
    assert warm.returncode == 0, warm.stderr
    assert any(p.name.startswith("grammar-") for p in (tmp_path / "cache").iterdir())
    out = _run(CACHED.format(f=str(src), heavy=HEAVY_PACKAGES, lazy=LAZY_MODULES),
               tmp_path / "cache")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "X = a."
    assert json.loads(lines[-1]) == [0, [], []], out.stdout


AS_TYPED = """
import atexit, json, runpy, sys
def report():
    sys.stderr.write(json.dumps(sorted(sys.modules)))
atexit.register(report)
sys.argv = ["neurosym", "query", {f!r}, {goal!r}]
runpy.run_module("neurosym", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("source, goal, answer", [
    ("p(a). p(b).\nq(X) :- p(X), X \\== b.\n", "q(X)", "X = a."),
    # aggregate_all(count, G, N) on a few facts runs the goal: the fact
    # columns (numpy) are for large tables only
    ("p(a). p(b). p(c).\n", "aggregate_all(count, p(X), N)", "N = 3."),
])
def test_the_command_itself_imports_nothing_heavy(tmp_path, source, goal, answer):
    """``python -m neurosym query FILE GOAL`` as a user types it (the
    package's ``__main__``, the answer printed), the modules of the process
    listed when it exits."""
    src = tmp_path / "f.nsl"
    src.write_text(source)
    code = AS_TYPED.format(f=str(src), goal=goal)
    assert _run(code, tmp_path / "cache").returncode == 0      # fills the cache
    out = _run(code, tmp_path / "cache")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == answer
    loaded = json.loads(out.stderr)
    assert "neurosym.cli.query" in loaded
    assert sorted({m.split(".")[0] for m in loaded} & HEAVY_PACKAGES) == []
    assert sorted(m for m in loaded if any(m == p or m.startswith(p + ".")
                                          for p in LAZY_MODULES)) == []
