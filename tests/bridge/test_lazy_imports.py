"""The exact layers never import torch, faiss, sympy or pandas."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import neurosym, neurosym.kb, neurosym.bridge, neurosym.bridge.config, neurosym.config
from neurosym import KnowledgeBase
kb = KnowledgeBase.from_string("p(a). p(b). q(X) :- p(X). r(X) :- q(X), X \\== b.")
assert [a.to_python() for a in kb.query("r(X)", proof=True)] == [{"X": "a"}]
assert kb.count("q(_)") == 2 and kb.ask("p(a)")
assert kb.query("p(X)", proof=True).to_records(proof="text")[0]["X"] == "a"
cfg = neurosym.bridge.BridgeConfig(dim=4)
print(sorted(m for m in ("torch", "faiss", "sympy", "pandas") if m in sys.modules))
"""


def test_exact_engine_imports_neither_torch_nor_faiss_nor_sympy_nor_pandas():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_neurosym_query_imports_neither_torch_nor_faiss_nor_sympy(tmp_path):
    src = tmp_path / "f.nsl"
    src.write_text("p(a). q(X) :- p(X).\n")
    code = ("import sys\nfrom neurosym.cli import main\n"
            f"code = main(['query', '--proof', {str(src)!r}, 'q(X)'])\n"
            "print(code, sorted(m for m in ('torch', 'faiss', 'sympy') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 []", out.stdout + out.stderr


def test_the_space_imports_faiss_only_when_a_faiss_index_is_made():
    code = ("import sys\nfrom neurosym.bridge import SymbolSpace, BridgeConfig\n"
            "sp = SymbolSpace(config=BridgeConfig(dim=4, backend='numpy'))\n"
            "sp.add(['a', 'b'])\nsp.nearest('a', 1)\n"
            "print('torch' in sys.modules, 'faiss' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["True", "False"], out.stderr
