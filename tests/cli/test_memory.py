"""``neurosym`` commands keep freed memory in the heap (``cli/memory.py``): a
large array freed and allocated again costs no fresh page faults, so the
bottom-up evaluator's per-round numpy temporaries are not faulted in anew."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, resource, sys
import numpy as np
from neurosym.cli.memory import keep_freed_memory
took = keep_freed_memory() if sys.argv[1] == "keep" else None
a = np.ones(1 << 23)            # 64 MiB, above glibc's default mmap threshold
del a
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
a = np.ones(1 << 23)
print(json.dumps([took, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before]))
"""


def _faults(mode: str):
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt is glibc's")
def test_freed_memory_is_reused_without_page_faults():
    took, kept = _faults("keep")
    assert took is True
    _, default = _faults("default")
    assert kept < 16 <= default       # 64 MiB is 16384 pages (32 transparent huge pages)


def test_the_command_line_sets_it(monkeypatch):
    from neurosym import cli
    calls = []
    monkeypatch.setattr(cli, "keep_freed_memory", lambda: calls.append(1) or True)
    assert cli.main(["query", "true"]) == 0
    assert calls == [1]
