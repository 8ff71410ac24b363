"""The layering (docs/architecture.md) is checked by import-linter: each layer
imports only the layers below it, and the exact layers never import torch or
faiss.  The contracts live in pyproject.toml ([tool.importlinter])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    out = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout


def test_the_contract_names_every_layer_of_the_package():
    """A new top-level module or package must be placed in the layers."""
    text = (ROOT / "pyproject.toml").read_text()
    listed = set()
    for line in text[text.index("[tool.importlinter]"):].splitlines():
        for part in line.strip().strip('",').split("|"):
            part = part.strip().strip("()")
            if part.startswith("neurosym."):
                listed.add(part.split(".")[1])
    present = {p.stem if p.is_file() else p.name for p in (ROOT / "neurosym").iterdir()
               if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))
               and p.stem not in ("__init__", "__main__")}
    assert present - listed == set(), f"modules outside the layers contract: {present - listed}"
