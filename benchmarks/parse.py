"""Loading speed: neurosym's parser, parse cache and TSV loader beside SWI-Prolog.

Prints clauses/s for

  (a) a generated 100,000-fact file, first parse (the Lark grammar path),
      beside ``swipl`` consulting the same file;
  (b) the same file's second load, from the parse cache, beside ``swipl``
      loading the file's ``.qlf`` (SWI's compiled form);
  (c) ``kinship/all.tsv`` through the TSV loader, beside ``swipl`` consulting
      the same facts as a generated ``.pl`` file and reading the TSV with
      ``csv_read_file/3``.

neurosym rows count loading into a ``Store`` (what a query needs); the
"load_file only" row shows the cache read without the store.  Every number
is the best of ``--repeat`` runs of CPU time (``--clock wall`` for wall time);
swipl runs in a fresh process each time and times itself
(``statistics(cputime, _)`` / ``get_time/1``), so process start-up is not
counted.

Usage: .venv/bin/python benchmarks/parse.py [--facts N] [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINSHIP = ROOT.parent / "shared" / "data" / "kinship" / "all.tsv"
_PLAIN = re.compile(r"^[a-z][a-zA-Z0-9_]*$")


def q(name: str) -> str:
    if _PLAIN.match(name):
        return name
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def generate(path: Path, n: int, seed: int = 42) -> None:
    rng = random.Random(seed)
    facts = sorted((rng.randrange(20), rng.randrange(5000), rng.randrange(5000)) for _ in range(n))
    path.write_text("".join(f"rel{r}(e{a}, e{b}).\n" for r, a, b in facts))


def tsv_to_pl(tsv: Path, pl: Path) -> int:
    by_rel: dict[str, list[str]] = {}
    for line in tsv.read_text().splitlines():
        h, r, t = line.split("\t")
        by_rel.setdefault(r, []).append(f"{q(r)}({q(h)}, {q(t)}).\n")
    pl.write_text("".join(x for rows in by_rel.values() for x in rows))
    return sum(len(v) for v in by_rel.values())


CLOCK = "cpu"


def best(fn, repeat: int) -> float:
    clock = time.process_time if CLOCK == "cpu" else time.perf_counter
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return min(times)


def swipl_time(goal: str, repeat: int) -> float | None:
    if shutil.which("swipl") is None:
        return None
    now = "statistics(cputime, T{})" if CLOCK == "cpu" else "get_time(T{})"
    prog = (f"{now.format(0)}, ({goal}), {now.format(1)}, T is T1 - T0, "
            "format('~15f~n', [T]), halt")
    times = []
    for _ in range(repeat):
        out = subprocess.run(["swipl", "-q", "-g", prog, "-t", "halt(1)"],
                             capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            print(f"swipl failed: {out.stderr.strip()[:300]}", file=sys.stderr)
            return None
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return min(times)


def consult(store, program) -> None:
    from neurosym.lang.facts import FactBlock, segments
    from neurosym.terms import Clause
    for seg in segments(program.items):
        if type(seg) is FactBlock:
            store.add_block(seg)
        else:
            for item in seg:
                if type(item) is Clause:
                    store.add(item)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--facts", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                    help="process CPU time (default; steady on a shared machine) or wall time")
    args = ap.parse_args()
    global CLOCK
    CLOCK = args.clock

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["NEUROSYM_CACHE_DIR"] = str(tmp / "cache")
        from neurosym.lang.loader import load_file
        from neurosym.store import Store
        from neurosym.store.tsv import load_tsv

        facts = tmp / "facts.pl"
        generate(facts, args.facts)
        n = args.facts
        rows = []

        def parse_into_store():
            consult(Store(), load_file(facts, use_cache=False))

        t_parse = best(parse_into_store, max(1, args.repeat - 1))
        t_sw_consult = swipl_time(f"consult('{facts}')", args.repeat)
        rows.append(("(a) 100k facts, first parse", n, t_parse, t_sw_consult, "consult .pl"))

        load_file(facts)                                   # writes the cache entry
        t_cache = best(lambda: consult(Store(), load_file(facts)), args.repeat)
        t_cache_only = best(lambda: load_file(facts), args.repeat)

        def cache_and_build():          # facts stay arrays until a query needs clauses
            st = Store()
            consult(st, load_file(facts))
            for key in st.predicates():
                st.clauses(key)

        t_cache_built = best(cache_and_build, args.repeat)
        qlf = None
        if shutil.which("swipl"):
            subprocess.run(["swipl", "-q", "-g", f"qcompile('{facts}')", "-t", "halt"],
                           capture_output=True, timeout=600)
            qlf = facts.with_suffix(".qlf")
        t_sw_qlf = swipl_time(f"load_files('{qlf}', [])", args.repeat) if qlf and qlf.exists() \
            else None
        rows.append(("(b) same file, from cache", n, t_cache, t_sw_qlf, "load .qlf"))
        rows.append(("    (load_file only)", n, t_cache_only, t_sw_qlf, "load .qlf"))
        rows.append(("    (+ build every Clause)", n, t_cache_built, t_sw_qlf, "load .qlf"))

        kpl = tmp / "kinship.pl"
        nk = tsv_to_pl(KINSHIP, kpl)
        t_tsv = best(lambda: load_tsv(KINSHIP, Store()), args.repeat * 3)
        t_sw_kpl = swipl_time(f"consult('{kpl}')", args.repeat)
        t_sw_csv = swipl_time(
            f"csv_read_file('{KINSHIP}', Rows, [separator(0'\\t), functor(t), "
            "convert(false)]), forall(member(t(H,R,T), Rows), (F =.. [R,H,T], assertz(F)))",
            args.repeat)
        rows.append(("(c) kinship/all.tsv, TSV loader", nk, t_tsv, t_sw_kpl, "consult .pl"))
        rows.append(("", nk, t_tsv, t_sw_csv, "csv_read_file+assertz"))

    print(f"{'case':34} {'clauses':>8} {'neurosym/s':>12} {'swipl/s':>12} {'ratio':>7}  swipl does")
    print("-" * 100)
    for name, count, ours, theirs, how in rows:
        r_ours = count / ours
        r_theirs = count / theirs if theirs else None
        ratio = f"{r_ours / r_theirs:7.2f}" if r_theirs else "    n/a"
        sw = f"{r_theirs:12,.0f}" if r_theirs else f"{'n/a':>12}"
        print(f"{name:34} {count:8,} {r_ours:12,.0f} {sw} {ratio}  {how}")
    print("ratio = neurosym clauses/s / swipl clauses/s (higher is better for neurosym); "
          f"clock: {CLOCK}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
