"""The exact engine against SWI-Prolog, side by side.

    .venv/bin/python benchmarks/exact.py [--quick] [--only NAME] [--runs N]
        [--baseline OTHER_CHECKOUT]

Runs, in neurosym and in ``swipl`` (a subprocess; SWI times itself with
``statistics(cputime, _)``):

* naive reverse of a 30-element list (496 inferences an iteration), LIPS;
* 8-queens and 10-queens, all solutions;
* naive fib(23);
* tabled transitive closure of a chain of 1,000 nodes (left recursive,
  ``path(0, Y)``: 1,000 answers);
* start-up: ``neurosym query kb/family.nsl true`` against
  ``swipl -q kb/family.nsl -g true -t halt``, each a whole process (the
  parse cache and the bytecode warmed by one run first; the best and the
  median of ``--runs`` runs, the two programs taking turns).  A plain query
  imports neither numpy nor pydantic (``tests/cli/test_startup.py``); what
  is left is Python itself, Lark (the goal is parsed; the parser's tables
  are loaded from the cache, not built), platformdirs (where the cache is)
  and the engine's modules, its builtins' among them.  ``--baseline
  OTHER_CHECKOUT`` times another checkout's start-up in the same turns.
  Measured with ``--only start-up --runs 9 --baseline <main before the
  change>`` on the shared 2-core development machine (load about 11):
  neurosym 0.144 / 0.158 s of CPU (best / median), the checkout before
  numpy and pydantic left the path 0.349 / 0.402 s, SWI 0.037 / 0.038 s.

Times are CPU seconds of the process running the goal (neurosym:
``time.process_time`` around the query; the program is loaded before the
clock starts).  Each goal checks its answer, so a wrong engine cannot look
fast.  The start-up row times the whole child process instead: its user +
system CPU seconds, from ``os.wait4``.  Prints a table with the ratio
neurosym / SWI.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

NREV = """
app([], L, L).
app([H|T], L, [H|R]) :- app(T, L, R).
nrev([], []).
nrev([H|T], R) :- nrev(T, RT), app(RT, [H], R).
range(N, N, [N]) :- !.
range(I, N, [I|T]) :- I < N, I1 is I + 1, range(I1, N, T).
bench_nrev(N) :- range(1, 30, L), between(1, N, _), nrev(L, _), fail.
bench_nrev(_).
"""

QUEENS = """
queens(N, Qs) :- range(1, N, Ns), place(Ns, [], Qs).
place([], Qs, Qs).
place(Ns, Acc, Qs) :- sel(Q, Ns, Rest), safe(Q, 1, Acc), place(Rest, [Q|Acc], Qs).
sel(X, [X|T], T).
sel(X, [H|T], [H|R]) :- sel(X, T, R).
safe(_, _, []).
safe(Q, D, [Q1|Qs]) :- Q =\\= Q1 + D, Q =\\= Q1 - D, D1 is D + 1, safe(Q, D1, Qs).
range(N, N, [N]) :- !.
range(I, N, [I|T]) :- I < N, I1 is I + 1, range(I1, N, T).
count_queens(N, C) :- findall(Q, queens(N, Q), L), length(L, C).
"""

FIB = """
fib(0, 0).
fib(1, 1).
fib(N, F) :- N > 1, N1 is N - 1, N2 is N - 2, fib(N1, F1), fib(N2, F2), F is F1 + F2.
"""

TC = ":- table path/2.\npath(X, Y) :- path(X, Z), edge(Z, Y).\npath(X, Y) :- edge(X, Y).\n" + \
    "".join(f"edge({i}, {i + 1}).\n" for i in range(1000)) + \
    "count_path(C) :- findall(Y, path(0, Y), L), length(L, C).\n"


def cases(quick: bool):
    n_nrev = 200 if quick else 1000
    swi_nrev = 100_000
    return [
        # name, program, neurosym goal, swi goal, check goal, inferences of one run (or None)
        ("nrev30", NREV, f"bench_nrev({n_nrev})", f"bench_nrev({swi_nrev})",
         (496, n_nrev, swi_nrev)),
        ("queens8 (all)", QUEENS, "count_queens(8, 92)", "count_queens(8, 92)", None),
        ("queens10 (all)", QUEENS, "count_queens(10, 724)", "count_queens(10, 724)", None),
        ("fib(23)", FIB, "fib(23, 28657)", "fib(23, 28657)", None),
        ("tabled chain 1000", TC, "count_path(1000)", "count_path(1000)", None),
    ]


def run_neurosym(program: str, goal: str) -> float:
    from neurosym import KnowledgeBase
    kb = KnowledgeBase.from_string(program)
    t0 = time.process_time()
    ok = kb.ask(goal)
    dt = time.process_time() - t0
    if not ok:
        raise SystemExit(f"neurosym: {goal} failed")
    return dt


def run_swipl(program: str, goal: str) -> float | None:
    swipl = shutil.which("swipl")
    if swipl is None:
        return None
    driver = (program + "\n:- initialization(main, main).\n"
              f"main :- statistics(cputime, T0), ( {goal} -> true ; halt(1) ), "
              "statistics(cputime, T1), T is T1 - T0, format('~w~n', [T]).\n")
    with tempfile.NamedTemporaryFile("w", suffix=".pl", delete=False) as f:
        f.write(driver)
        path = f.name
    try:
        r = subprocess.run([swipl, "-q", path], capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        raise SystemExit(f"swipl: {goal} failed: {r.stderr.strip()}")
    return float(r.stdout.strip().splitlines()[-1])


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STARTUP_FILE = os.path.join("kb", "family.nsl")


def child_cpu(cmd: list[str], root: str = ROOT) -> float:
    """User + system CPU seconds of the process ``cmd``, run in the checkout
    ``root`` (its modules imported, its ``kb/family.nsl`` read: each checkout
    has its own parse-cache entry, so taking turns does not void them)."""
    env = dict(os.environ, PYTHONPATH=root)
    # as an installed package runs: its modules compiled once (the warm run
    # writes the bytecode), not recompiled from source by every process
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    p = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit status {p.returncode}")
    return usage.ru_utime + usage.ru_stime


def best_median_cpu(cmds: list[tuple[list[str], str]], runs: int) -> list[tuple[float, float]]:
    """``(best, median)`` CPU seconds of each ``(command, checkout)`` over
    ``runs`` runs, the commands taking turns (so a change of load hits them
    alike)."""
    for cmd, root in cmds:
        child_cpu(cmd, root)            # warm: parse cache, parser tables, file cache
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for (cmd, root), ts in zip(cmds, times, strict=True):
            ts.append(child_cpu(cmd, root))
    return [(min(ts), sorted(ts)[len(ts) // 2]) for ts in times]


def startup_rows(runs: int, baseline: str | None
                 ) -> list[tuple[str, tuple[float, float], tuple[float, float] | None]]:
    """The start-up row, and with ``baseline`` (another checkout) a second
    row for it, timed in the same turns."""
    query = [sys.executable, "-m", "neurosym", "query", STARTUP_FILE, "true"]
    cmds = [(query, ROOT)]
    if baseline:
        cmds.append((query, os.path.abspath(baseline)))
    swipl = shutil.which("swipl")
    if swipl:
        cmds.append(([swipl, "-q", STARTUP_FILE, "-g", "true", "-t", "halt"], ROOT))
    res = best_median_cpu(cmds, runs)
    t_swi = res[-1] if swipl else None
    name = f"start-up (query family.nsl true), best / median of {runs}"
    rows = [(name, res[0], t_swi)]
    if baseline:
        rows.append((f"{name}, {baseline}", res[1], t_swi))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer nrev iterations")
    ap.add_argument("--only", help="run only benchmarks whose name contains this")
    ap.add_argument("--runs", type=int, default=9, help="start-up: runs of each (best, median)")
    ap.add_argument("--baseline", metavar="CHECKOUT",
                    help="start-up: time this other checkout too, in the same turns")
    args = ap.parse_args(argv)
    if args.baseline and not os.path.isdir(os.path.join(args.baseline, "neurosym")):
        ap.error(f"--baseline {args.baseline}: not a neurosym checkout (no neurosym/ in it)")
    rows = []
    if not args.only or args.only in "start-up":
        for name, t_ns, t_swi in startup_rows(args.runs, args.baseline):
            rows.append(_row(name, "%.3f / %.3f s" % t_ns,
                             "%.3f / %.3f s" % t_swi if t_swi else "-",
                             t_ns[1] / t_swi[1] if t_swi else None))
    for name, program, goal, swi_goal, lips in cases(args.quick):
        if args.only and args.only not in name:
            continue
        t_ns = run_neurosym(program, goal)
        t_swi = run_swipl(program, swi_goal)
        if lips is not None:
            per, n_ns, n_swi = lips
            ns_txt = f"{per * n_ns / t_ns:,.0f} LIPS"
            swi_txt = f"{per * n_swi / t_swi:,.0f} LIPS" if t_swi else "-"
            ratio = (t_ns / n_ns) / (t_swi / n_swi) if t_swi else None
        else:
            ns_txt = f"{t_ns:.3f} s"
            swi_txt = f"{t_swi:.3f} s" if t_swi is not None else "-"
            ratio = t_ns / t_swi if t_swi else None
        rows.append(_row(name, ns_txt, swi_txt, ratio))
    head = ("benchmark", "neurosym", "swipl", "neurosym/swipl time")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(4)]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    return 0


def _row(name: str, ns_txt: str, swi_txt: str, ratio: float | None) -> tuple:
    print(f"  {name}: neurosym {ns_txt}, swipl {swi_txt}", file=sys.stderr, flush=True)
    return name, ns_txt, swi_txt, f"{ratio:,.1f}x" if ratio else "-"


if __name__ == "__main__":
    sys.exit(main())
