"""Bottom-up Datalog evaluator vs SWI-Prolog's ``:- table``, side by side.

    .venv/bin/python benchmarks/datalog.py [--quick]
    .venv/bin/python benchmarks/datalog.py --cli [--baseline DIR]

``--cli`` runs the closure workloads end to end through ``neurosym query``
instead: one file holds ``:- table``, the facts and the rules, and each system
is started on it with the same goal, ``statistics(cputime, T0),
aggregate_all(count, G, N), statistics(cputime, T1)``, so start-up, loading and
parsing the goal are left out and both report the CPU time of the tabled query
alone (a fresh process per run, best of ``--repeat``).  ``--baseline DIR`` adds
a column for the ``neurosym`` package of another checkout (before/after in one
run).

Each workload runs in its own subprocess for each system, so peak RSS is that
workload's: neurosym's from ``resource.getrusage`` in the child, swipl's from
``statistics`` (``process_cputime`` for time, max RSS via /proc when available).
Times cover evaluation only (facts already loaded), best of ``--repeat`` runs
(tables abolished between swipl runs): neurosym times ``evaluate()`` on fact
arrays (rows ``kb: ...``: the tabled query through ``KnowledgeBase``, served
bottom-up, counted with ``aggregate_all(count, ...)`` or every answer iterated) (``time.process_time``, CPU time like swipl's); swipl times the tabled goal with ``statistics(cputime)``
after consulting the file.  "speedup" is swipl's time over neurosym's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

SWIPL = "/usr/bin/swipl"

TC_LEFT = "path(X, Y) :- edge(X, Y).\npath(X, Z) :- path(X, Y), edge(Y, Z).\n"
TC_RIGHT = "path(X, Y) :- edge(X, Y).\npath(X, Z) :- edge(X, Y), path(Y, Z).\n"
SG = "sg(X, X) :- node(X).\nsg(X, Y) :- par(X, XP), sg(XP, YP), par(Y, YP).\n"


def random_graph(n: int, m: int, seed: int = 42):
    rng = np.random.default_rng(seed)
    edges: set = set()
    while len(edges) < m:
        a, b = rng.integers(0, n, 2).tolist()
        edges.add((a, b))
    return sorted(edges)


def workloads(quick: bool) -> list[dict]:
    n, m = (500, 2500) if quick else (2000, 10000)
    chain = 300 if quick else 1000
    tree = 500 if quick else 2000
    g = random_graph(n, m)
    c = [(i, i + 1) for i in range(chain)]
    par = [(i, (i - 1) // 2) for i in range(1, tree)]
    return [
        dict(name=f"tc left, random {n}/{m}", rules=TC_LEFT, facts={"edge": g},
             goal="path(X, Y)", table="path/2"),
        dict(name="  same, generic fixpoint", rules=TC_LEFT, facts={"edge": g},
             goal="path(X, Y)", table="path/2", generic=True),
        dict(name=f"tc right, random {n}/{m}", rules=TC_RIGHT, facts={"edge": g},
             goal="path(X, Y)", table="path/2"),
        dict(name=f"tc left, chain {chain}", rules=TC_LEFT, facts={"edge": c},
             goal="path(X, Y)", table="path/2"),
        dict(name=f"tc right, chain {chain}", rules=TC_RIGHT, facts={"edge": c},
             goal="path(X, Y)", table="path/2"),
        dict(name="  same, generic fixpoint", rules=TC_RIGHT, facts={"edge": c},
             goal="path(X, Y)", table="path/2", generic=True),
        dict(name=f"same generation, tree {tree}", rules=SG,
             facts={"par": par, "node": [(i,) for i in range(tree)]}, goal="sg(X, Y)",
             table="sg/2"),
        dict(name=f"path(n0, X) left, random {n}/{m}", rules=TC_LEFT, facts={"edge": g},
             goal="path(n0, X)", table="path/2"),
        dict(name=f"path(n0, X) right, random {n}/{m}", rules=TC_RIGHT, facts={"edge": g},
             goal="path(n0, X)", table="path/2"),
        # through KnowledgeBase: a `:- table`d call served bottom-up (count: no row decoded)
        dict(name=f"kb: count path(X, Y), random {n}/{m}", rules=TC_LEFT, facts={"edge": g},
             goal="path(X, Y)", table="path/2", kb="count"),
        dict(name=f"kb: count sg(X, Y), tree {tree}", rules=SG,
             facts={"par": par, "node": [(i,) for i in range(tree)]}, goal="sg(X, Y)",
             table="sg/2", kb="count"),
        dict(name=f"kb: count path(n0, X), random {n}/{m}", rules=TC_LEFT, facts={"edge": g},
             goal="path(n0, X)", table="path/2", kb="count"),
        dict(name=f"kb: every path(X, Y), chain {chain}", rules=TC_LEFT, facts={"edge": c},
             goal="path(X, Y)", table="path/2", kb="iterate"),
    ]


# -- neurosym child ----------------------------------------------------------

def run_neurosym(w: dict, repeat: int = 1) -> dict:
    import resource

    from neurosym.engine.datalog import closure, evaluate
    from neurosym.terms import Atom, Clause, Struct, SymbolTable, Var

    names = {}

    def goal(text: str):
        name, args = text.rstrip(")").split("(")
        vs = {}
        out = []
        for a in args.split(","):
            a = a.strip()
            out.append(vs.setdefault(a, Var(a)) if a[0].isupper() else Atom(a))
        return Struct(Atom(name), tuple(out))

    def conj(gs):
        t = gs[-1]
        for g_ in reversed(gs[:-1]):
            t = Struct(Atom(","), (g_, t))
        return t

    clauses = []
    for line in w["rules"].strip().splitlines():
        head, body = line.rstrip(".").split(":-")
        vs: dict = {}

        def g2(text, vs=vs):
            name, args = text.strip().rstrip(")").split("(")
            return Struct(Atom(name), tuple(vs.setdefault(a.strip(), Var(a.strip()))
                                            for a in args.split(",")))
        parts = [p + ")" for p in body.strip().rstrip(")").split("),")]
        clauses.append(Clause(g2(head), conj([g2(p) for p in parts])))
    sym = SymbolTable()
    facts = {}
    for pred, rows in w["facts"].items():
        arr = np.array(rows, np.int64).reshape(len(rows), -1)
        ids = {v: sym.intern(f"n{v}") for v in np.unique(arr).tolist()}
        lut = np.zeros(max(ids) + 1, np.int64)
        for v, i in ids.items():
            lut[v] = i
        facts[(Atom(pred), arr.shape[1])] = lut[arr]
        names.update(ids)
    q = goal(w["goal"])
    bound = any(type(a) is Atom for a in q.args)
    if w.get("kb"):
        return _run_kb(w, facts, sym, repeat)
    from neurosym.engine.datalog import in_fragment
    in_fragment(clauses)    # one-off imports (the builtin registry) outside the timing
    closure.ENABLED = not w.get("generic", False)
    dt = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        res = evaluate(clauses, facts, sym, query=q if bound else None)
        dt = min(dt, time.process_time() - t0)
    count = len(res[q.key])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(time=dt, count=count, rss_mb=rss)


def _run_kb(w: dict, facts: dict, sym, repeat: int) -> dict:
    """Time a tabled query through ``KnowledgeBase`` (the bottom-up server)."""
    import resource

    from neurosym import KnowledgeBase
    kb = KnowledgeBase()
    lut = np.array([kb.symbols.intern(name) for name in sym.names()], np.int64)
    for (pred, arity), ids in facts.items():
        kb.store.add_facts(pred, arity, lut[ids])
    kb.add(f":- table {w['table']}.\n" + w["rules"])
    srv = kb.machine.tables.server
    dt = float("inf")
    for _ in range(repeat):
        srv.generation = None          # forget the cached relations
        t0 = time.process_time()
        if w["kb"] == "count":
            count = next(kb.query(f"aggregate_all(count, {w['goal']}, N)")).to_python()["N"]
        else:       # the machine's own loop: each answer binds the call's variables
            count = sum(1 for _ in kb.machine.run(kb.runner.parse(w["goal"]).goal))
        dt = min(dt, time.process_time() - t0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(time=dt, count=count, rss_mb=rss)


# -- end to end through the CLI ---------------------------------------------

def cli_workloads(quick: bool) -> list[dict]:
    """The closure workloads, counted through ``neurosym query``."""
    return [w for w in workloads(quick)
            if not w.get("kb") and not w.get("generic") and "n0" not in w["goal"]]


def write_program(w: dict, path: str) -> None:
    """``:- table``, the facts and the rules of ``w`` as one source file."""
    with open(path, "w") as f:
        f.write(f":- table {w['table']}.\n")
        for pred, rows in w["facts"].items():
            for r in rows:
                f.write(f"{pred}({', '.join('n%d' % v for v in r)}).\n")
        f.write(w["rules"])


def timed_goal(goal: str) -> str:
    return (f"statistics(cputime, T0), aggregate_all(count, {goal}, N), "
            "statistics(cputime, T1), T is T1 - T0")


def run_cli(path: str, goal: str, root: str, repeat: int) -> dict:
    """CPU time of the counted goal inside ``neurosym query`` (``root``'s package)."""
    env = dict(os.environ, PYTHONPATH=root)
    best = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-m", "neurosym", "query", "--format", "json",
                              "--time", "0", path, timed_goal(goal)],
                             capture_output=True, text=True, timeout=600, env=env, cwd=root)
        if out.returncode != 0:
            raise RuntimeError(out.stdout + out.stderr)
        b = json.loads(out.stdout)[0]
        r = dict(time=float(b["T"]["value"]), count=int(b["N"]["value"]))
        best = r if best is None or r["time"] < best["time"] else best
    return best


def run_swipl_cli(path: str, goal: str, repeat: int) -> dict:
    best = None
    for _ in range(repeat):
        out = subprocess.run([SWIPL, "-q", "-g", f"{timed_goal(goal)}, print(T-N), nl",
                              "-t", "halt", path], capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        t, n = out.stdout.strip().split("-")
        r = dict(time=float(t), count=int(n))
        best = r if best is None or r["time"] < best["time"] else best
    return best


def main_cli(args) -> None:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    roots = [("neurosym s", here)] + ([("baseline s", os.path.abspath(args.baseline))]
                                      if args.baseline else [])
    print(f"{'neurosym query: count':36} {'answers':>9} "
          + " ".join(f"{name:>11}" for name, _ in roots) + f" {'swipl s':>9} {'speedup':>8}"
          + (f" {'baseline':>9}" if args.baseline else ""))
    with tempfile.TemporaryDirectory() as tmp:
        for i, w in enumerate(cli_workloads(args.quick)):
            if args.only and args.only not in w["name"]:
                continue
            path = os.path.join(tmp, f"w{i}.pl")
            write_program(w, path)
            ns = [run_cli(path, w["goal"], root, args.repeat) for _, root in roots]
            sw = run_swipl_cli(path, w["goal"], args.repeat)
            flag = "" if all(r["count"] == sw["count"] for r in ns) else "  MISMATCH"
            print(f"{w['name']:36} {sw['count']:>9} "
                  + " ".join(f"{r['time']:>11.3f}" for r in ns)
                  + f" {sw['time']:>9.3f} {sw['time'] / ns[0]['time']:>7.1f}x"
                  + (f" {sw['time'] / ns[1]['time']:>8.1f}x" if args.baseline else "") + flag,
                  flush=True)


# -- swipl ---------------------------------------------------------------------

def run_swipl(w: dict, repeat: int = 1) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".pl", delete=False) as f:
        f.write(f":- table {w['table']}.\n")
        for pred, rows in w["facts"].items():
            for r in rows:
                f.write(f"{pred}({', '.join('n%d' % v for v in r)}).\n")
        f.write(w["rules"])
        f.write(
            f"once_(T, N) :- abolish_all_tables, statistics(cputime, T0), "
            f"aggregate_all(count, {w['goal']}, N), statistics(cputime, T1), T is T1 - T0.\n"
            f"main :- findall(T-N, (between(1, {repeat}, _), once_(T, N)), Runs), "
            "aggregate_all(min(T0), member(T0-_, Runs), T), Runs = [_-N|_], "
            "(catch(read_file_to_string('/proc/self/status', S, []), _, fail), "
            "sub_string(S, B, _, _, \"VmHWM:\"), sub_string(S, B, 40, _, L), "
            "split_string(L, \" \\t\\n:\", \" \\t\\n:\", Parts), "
            "Parts = [_|Rest], member(Num, Rest), number_string(KB, Num) -> true ; KB = 0), "
            "format('~w ~w ~w~n', [T, N, KB]).\n")
        path = f.name
    try:
        out = subprocess.run([SWIPL, "-q", "-g", "main", "-t", "halt", path],
                             capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(path)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    t, n, kb = out.stdout.split()
    return dict(time=float(t), count=int(n), rss_mb=float(kb) / 1024)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller sizes")
    ap.add_argument("--repeat", type=int, default=3, help="runs per system; the best counts")
    ap.add_argument("--only", metavar="TEXT", help="only workloads whose name contains TEXT")
    ap.add_argument("--cli", action="store_true",
                    help="the closure workloads end to end through `neurosym query`")
    ap.add_argument("--baseline", metavar="DIR",
                    help="with --cli: also time the neurosym package of checkout DIR")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.cli:
        main_cli(args)
        return
    ws = workloads(args.quick)
    if args.child is not None:
        print(json.dumps(run_neurosym(ws[int(args.child)], args.repeat)))
        return
    print(f"{'workload':36} {'answers':>9} {'neurosym s':>11} {'RSS MB':>7} "
          f"{'swipl s':>9} {'RSS MB':>7} {'speedup':>8}")
    swipl_seen: dict = {}
    for i, w in enumerate(ws):
        if args.only and args.only not in w["name"]:
            continue
        cmd = [sys.executable, __file__, "--child", str(i), "--repeat", str(args.repeat)]
        cmd += ["--quick"] if args.quick else []
        child = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if child.returncode != 0:
            raise RuntimeError(child.stderr)
        ns = json.loads(child.stdout)
        same = (w["rules"], w["goal"], id(next(iter(w["facts"].values()))))
        if same not in swipl_seen:
            swipl_seen[same] = run_swipl(w, args.repeat)
        sw = swipl_seen[same]
        flag = "" if ns["count"] == sw["count"] else "  MISMATCH"
        print(f"{w['name']:36} {ns['count']:>9} {ns['time']:>11.3f} {ns['rss_mb']:>7.0f} "
              f"{sw['time']:>9.3f} {sw['rss_mb']:>7.0f} {sw['time'] / ns['time']:>7.1f}x{flag}")


if __name__ == "__main__":
    main()
