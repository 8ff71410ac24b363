"""Print every difference between SWI-Prolog and neurosym, one block per query.

    .venv/bin/python tests/differential/report.py [PROGRAM ...] [--brief]

A triage aid for the differential suite (the tests themselves are in
``test_swipl.py``).  With program names (file stems), only those run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from differential.harness import load_programs, run_neurosym, run_swipl_all
else:
    from .harness import load_programs, run_neurosym, run_swipl_all


def _short(o, as_set: bool, width: int = 300) -> str:
    d = o.comparable(as_set)
    text = f"{d['status']} err={d['error']} sols={d['solutions']}"
    if d["output"]:
        text += f" out={d['output']!r}"
    return text if len(text) <= width else text[:width] + "..."


def main(argv: list[str]) -> int:
    brief = "--brief" in argv
    names = [a for a in argv if not a.startswith("--")]
    programs = [p for p in load_programs() if not names or p.name in names]
    swi = run_swipl_all(programs)
    total = failed = 0
    for p in programs:
        run = swi[p.name]
        start = time.perf_counter()
        ns = run_neurosym(p, [o.names for o in run.outcomes])
        took = time.perf_counter() - start
        for w in ns.warnings:
            print(f"   {p.name}: neurosym load warning: {w}")
        if ns.failure:
            print(f"== {p.name}: {ns.failure}")
            total += len(p.queries)
            failed += len(p.queries)
            continue
        bad = 0
        for q, want, got in zip(p.queries, run.outcomes, ns.outcomes, strict=False):
            total += 1
            if want.comparable(q.as_set) == got.comparable(q.as_set):
                continue
            bad += 1
            failed += 1
            if brief:
                print(f"{p.name}:{q.line}: {q.text}")
            else:
                print(f"-- {p.name}:{q.line}: ?- {q.text}")
                print(f"   swipl:    {_short(want, q.as_set)}")
                print(f"   neurosym: {_short(got, q.as_set)}")
        print(f"== {p.name}: {bad} of {len(p.queries)} differ ({took:.1f}s)")
    print(f"TOTAL {failed} of {total} queries differ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
