"""Knowledge graphs at scale: loading ground facts, and Datalog on numpy, DuckDB and Spark.

    .venv/bin/python benchmarks/scale.py [--load 1e7] [--edges 1e5,1e6] [--quick]
        [--backends numpy,duckdb,spark] [--timeout 600]

Part 1, loading: ``--load`` ground binary facts (fixed seed; a tenth as many
entities, 20 relations) written to a temporary folder as TSV triples, CSV,
Parquet and a Prolog file; each is loaded in a fresh process --
``KnowledgeBase.consult`` for the three tables, SWI-Prolog's ``load_files/2`` for
the Prolog file -- with the wall time of the load and the process's peak RSS
(``VmHWM``, read by the process itself).  Ratios are swipl's over neurosym's.

Part 2, Datalog: transitive closure ("closure": ``path/2``, left-linear) over a forest of
depth 8 and same generation ("same gen.": ``sg/2``) over a forest of trees four nodes wide
per generation, at each ``--edges`` size.  Each backend evaluates the same
clauses on the same fact arrays in its own process: ``evaluate`` (numpy),
``evaluate_sql`` (DuckDB, facts copied in, rows fetched back; its memory limit
6 GB) and ``evaluate_spark`` (Spark in local mode, ``local[*]``, driver memory
6 GB; facts sent in and rows fetched back through the driver).  Per backend:
wall time of the evaluation (Spark's JVM start-up before it, reported apart
as "JVM start"), CPU time of the process tree (the JVM's threads included,
read from ``/proc``), and peak RSS of the process tree: the Python process
and, for Spark, its JVM child, sampled every 20 ms by the parent (and never
less than the Python process's own ``VmHWM``).  A run over ``--timeout``
seconds is killed with its process group and shown as ``> T s``: where that
backend stops.  The ratios are each backend's wall time over numpy's (above
1: slower than numpy); the growth table gives each backend's time at one size
over its time at the size before (10 times the edges).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

SWIPL = "/usr/bin/swipl"
TC = "path(X, Y) :- edge(X, Y).\npath(X, Z) :- path(X, Y), edge(Y, Z).\n"
MEMORY_LIMIT = "6GB"    # DuckDB's (it spills to disk past it); the machine is shared
SPARK_MEMORY = "6g"     # the Spark driver's heap (local mode: the driver runs the tasks)
BACKENDS = ("numpy", "duckdb", "spark")
SG = "sg(X, X) :- node(X).\nsg(X, Y) :- par(X, XP), sg(XP, YP), par(Y, YP).\n"


# -- data ----------------------------------------------------------------------

def write_facts(n: int, folder: str) -> dict:
    """``n`` binary facts as .tsv, .csv, .parquet and .pl files (fixed seed)."""
    import duckdb
    rng = np.random.default_rng(7)
    ents = max(n // 10, 10)
    con = duckdb.connect()
    con.register("f", {"h": rng.integers(0, ents, n), "r": rng.integers(0, 20, n),
                       "t": rng.integers(0, ents, n)})
    con.execute("CREATE TABLE t AS SELECT 'e' || h AS head, 'r' || r AS relation, "
                "'e' || t AS tail FROM f")
    paths = {ext: os.path.join(folder, f"facts.{ext}") for ext in ("tsv", "csv", "parquet", "pl")}
    con.execute(f"COPY t TO '{paths['tsv']}' (FORMAT csv, DELIMITER '\t', HEADER false)")
    con.execute(f"COPY t TO '{paths['csv']}' (FORMAT csv, HEADER true)")
    con.execute(f"COPY t TO '{paths['parquet']}' (FORMAT parquet)")
    # one predicate's clauses together, as Prolog wants them (no discontiguous warnings)
    con.execute(f"COPY (SELECT relation || '(' || head || ',' || tail || ').' FROM t "
                f"ORDER BY relation) TO "
                f"'{paths['pl']}' (FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '')")
    con.close()
    return paths


def forest(m: int, width: int | None, depth: int = 8, seed: int = 1) -> np.ndarray:
    """``(m, 2)`` child-parent edges: a node of generation k > 0 has a random
    parent in generation k - 1 of its tree; trees of ``width`` nodes per
    generation (one tree of ``m / depth`` when ``width`` is None)."""
    rng = np.random.default_rng(seed)
    w = width or max(m // depth, 1)
    trees = max(m // (w * depth), 1)
    gen = np.arange(1, depth + 1).repeat(w)
    pos = np.tile(np.arange(w), depth)
    tree = np.arange(trees).repeat(len(gen))
    gen, pos = np.tile(gen, trees), np.tile(pos, trees)
    node = (tree * (depth + 1) + gen) * w + pos
    parent_gen = gen - 1
    parent_pos = np.where(parent_gen == 0, 0, rng.integers(0, w, len(gen)))
    parent = (tree * (depth + 1) + parent_gen) * w + parent_pos
    return np.stack([node, parent], 1)[:m]


def workload(kind: str, m: int):
    """``(rules text, {pred: rows}, answer predicate)``."""
    if kind == "tc":
        e = forest(m, None)
        return TC, {"edge": e[:, [1, 0]]}, ("path", 2)
    e = forest(m, 4)
    nodes = np.unique(e).reshape(-1, 1)
    return SG, {"par": e, "node": nodes}, ("sg", 2)


# -- children ------------------------------------------------------------------

def child_load(path: str) -> dict:
    import io

    from neurosym import KnowledgeBase
    t0 = time.perf_counter()
    kb = KnowledgeBase(output=io.StringIO())
    kb.consult(path)
    return dict(time=time.perf_counter() - t0, count=len(kb.store), rss=peak_rss_mb())


def child_eval(kind: str, m: int, backend: str) -> dict:
    from neurosym.lang import parse_program
    from neurosym.terms import Atom, SymbolTable
    rules, rows, (pred, ar) = workload(kind, m)
    sym = SymbolTable()
    clauses = parse_program(rules).clauses
    ids = sym.intern_many(f"n{i}" for i in range(int(max(r.max() for r in rows.values())) + 1))
    facts = {(Atom(p), r.shape[1]): ids[r] for p, r in rows.items()}
    from neurosym.engine.datalog import evaluate, in_fragment
    from neurosym.engine.datalog.values import ValueTable
    in_fragment(clauses)            # one-off imports outside the timing
    start = 0.0
    if backend == "duckdb":
        from neurosym.engine.datalog.duck import connect, evaluate_sql
        con = connect()
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    elif backend == "spark":
        from neurosym.engine.datalog.spark import evaluate_spark, session
        t0 = time.perf_counter()
        spark = session(config={"spark.driver.memory": SPARK_MEMORY})
        spark.sparkContext.setLogLevel("ERROR")
        start = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), tree_cpu()
    if backend == "numpy":
        res = evaluate(clauses, facts, sym)
    elif backend == "duckdb":
        res = evaluate_sql(clauses, facts, ValueTable(sym), con=con)
    else:
        res = evaluate_spark(clauses, facts, ValueTable(sym), spark=spark)
    return dict(time=time.perf_counter() - t0, cpu=tree_cpu() - c0, start=start,
                count=len(res[(Atom(pred), ar)]), rss=peak_rss_mb())


def descendants(pid: int) -> list[int]:
    """``pid`` and the processes below it (from ``/proc``)."""
    kids: dict = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def tree_rss_mb(pid: int) -> float:
    """The summed RSS of ``pid``'s process tree, in MB."""
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            pass
    return total * os.sysconf("SC_PAGE_SIZE") / 2 ** 20


def tree_cpu() -> float:
    """CPU seconds of this process and its children so far (a JVM's threads
    included: its ``utime + stime`` from ``/proc``)."""
    total = time.process_time()
    tick = os.sysconf("SC_CLK_TCK")
    for p in descendants(os.getpid())[1:]:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def peak_rss_mb() -> float:
    """This process's peak RSS (``VmHWM``: of its own memory map, so not the
    parent's high-water mark that a spawned child's ``ru_maxrss`` inherits)."""
    with open("/proc/self/status") as f:
        line = next(ln for ln in f if ln.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def measure(cmd: list[str], timeout: float) -> dict:
    """Run a child (in its own process group, so a timeout ends its JVM too);
    its JSON line, ``rss`` raised to the peak RSS of its process tree."""
    with tempfile.TemporaryFile("w+") as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, text=True,
                             start_new_session=True)
        t0, peak = time.perf_counter(), 0.0
        while True:
            pid, status, _ = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                os.killpg(p.pid, signal.SIGKILL)
                os.wait4(p.pid, 0)
                return dict(error=f"> {timeout:.0f} s")
            peak = max(peak, tree_rss_mb(p.pid))
            time.sleep(0.02)
        try:
            os.killpg(p.pid, signal.SIGKILL)        # anything the child left behind
        except ProcessLookupError:
            pass
        out.seek(0)
        text = out.read()
    if os.waitstatus_to_exitcode(status) != 0:
        return dict(error=(text.strip().splitlines() or ["failed"])[-1][:60])
    res = json.loads(text.strip().splitlines()[-1])
    res["rss"] = max(res["rss"], peak)
    return res


def swipl_load(path: str, timeout: float) -> dict:
    goal = ("statistics(walltime, [T0, _]), load_files('%s', []), statistics(walltime, [T1, _]), "
            "aggregate_all(count, (current_predicate(N/2), atom_concat(r, D, N), atom_number(D, _), "
            "functor(G, N, 2), call(G)), C), T is (T1 - T0) / 1000, "
            "read_file_to_string('/proc/self/status', S, []), sub_string(S, B, _, _, 'VmHWM:'), "
            "sub_string(S, B, 40, _, L), split_string(L, ' \t\n:', ' \t\n:', [_, K|_]), "
            "number_string(KB, K), R is KB / 1024, "
            "format('{\"time\": ~w, \"count\": ~w, \"rss\": ~w}~n', [T, C, R])" % path)
    return measure([SWIPL, "-q", "-g", goal, "-t", "halt"], timeout)


# -- table ---------------------------------------------------------------------

def cell(r: dict, key: str, fmt: str) -> str:
    return r["error"] if "error" in r else format(r[key], fmt)


def ratio(a: dict, b: dict) -> str:
    if "error" in a or "error" in b:
        return "-"
    return f"{a['time'] / b['time']:.2f}x"


def growth(big: dict, small: dict, timeout: float) -> str:
    """``big``'s time over ``small``'s; ``> x`` when only ``big`` ran out of time."""
    if "error" in big and "error" not in small and big["error"].startswith(">"):
        return f"> {timeout / small['time']:.0f}x"
    return ratio(big, small)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--load", type=float, default=1e7, help="facts to load (0: skip)")
    ap.add_argument("--edges", default="1e5,1e6", help="closure sizes, comma-separated")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per run")
    ap.add_argument("--backends", default=",".join(BACKENDS), help="Datalog backends, in order")
    ap.add_argument("--quick", action="store_true", help="--load 1e5 --edges 1e4,1e5")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        if args.child[0] == "load":
            res = child_load(args.child[1])
        else:
            res = child_eval(args.child[1], int(args.child[2]), args.child[3])
        print(json.dumps(res))
        return
    if args.quick:
        args.load, args.edges = 1e5, "1e4,1e5"
    sys.stdout.reconfigure(line_buffering=True)      # rows as they are measured
    me = [sys.executable, os.path.abspath(__file__), "--child"]
    if args.load:
        n = int(args.load)
        with tempfile.TemporaryDirectory() as d:
            paths = write_facts(n, d)
            sw = swipl_load(paths["pl"], args.timeout)
            print(f"loading {n:.0e} binary facts   (swipl load_files of the .pl: "
                  f"{cell(sw, 'time', '.1f')} s, {cell(sw, 'rss', '.0f')} MB)")
            print(f"{'file':10} {'facts':>10} {'neurosym s':>11} {'RSS MB':>8} "
                  f"{'swipl s':>8} {'RSS MB':>8} {'time ratio':>11} {'RSS ratio':>10}")
            for ext in ("tsv", "csv", "parquet"):
                r = measure(me + ["load", paths[ext]], args.timeout)
                rr = "-" if "error" in r or "error" in sw else f"{sw['rss'] / r['rss']:.2f}x"
                print(f"{ext:10} {cell(r, 'count', 'd'):>10} {cell(r, 'time', '.1f'):>11} "
                      f"{cell(r, 'rss', '.0f'):>8} {cell(sw, 'time', '.1f'):>8} "
                      f"{cell(sw, 'rss', '.0f'):>8} {ratio(sw, r):>11} {rr:>10}")
        print()
    backends = args.backends.split(",")
    sizes = [int(float(x)) for x in args.edges.split(",")]
    head = f"{'workload':18} {'answers':>9}"
    for b in backends:
        head += f" {b + ' s':>9} {'cpu s':>7} {'RSS MB':>7}"
    head += "".join(f" {b + '/numpy':>12}" for b in backends if b != "numpy")
    print(head)
    times: dict = {}
    starts = []
    for kind, label in (("tc", "closure"), ("sg", "same gen.")):
        for m in sizes:
            r = {b: measure(me + ["eval", kind, str(m), b], args.timeout) for b in backends}
            counts = {x["count"] for x in r.values() if "error" not in x}
            flag = "" if len(counts) <= 1 else " MISMATCH"
            line = f"{label + f' {m:.0e}':18} {(counts.pop() if counts else 0):>9}"
            for b in backends:
                x = r[b]
                line += (f" {cell(x, 'time', '.2f'):>9} {cell(x, 'cpu', '.2f'):>7} "
                         f"{cell(x, 'rss', '.0f'):>7}")
                times[(kind, m, b)] = x
                if x.get("start"):
                    starts.append(x["start"])
            line += "".join(f" {ratio(r[b], r['numpy']):>12}" for b in backends
                            if b != "numpy" and "numpy" in r)
            print(line + flag)
    if starts:
        print(f"(Spark's JVM start, before each run and not in its time: "
              f"{min(starts):.1f} to {max(starts):.1f} s)")
    if len(sizes) > 1:
        print("\ngrowth: wall time at each size over the size before")
        print(f"{'workload':18} {'edges':>11}" + "".join(f" {b:>9}" for b in backends))
        for kind, label in (("tc", "closure"), ("sg", "same gen.")):
            for m0, m1 in zip(sizes, sizes[1:], strict=False):
                line = f"{label:18} {f'{m0:.0e}->{m1:.0e}':>11}"
                for b in backends:
                    line += f" {growth(times[(kind, m1, b)], times[(kind, m0, b)], args.timeout):>9}"
                print(line)


if __name__ == "__main__":
    main()
