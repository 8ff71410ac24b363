"""Linear constraint solving ({}/1) against SWI-Prolog's clpq, side by side.

    .venv/bin/python benchmarks/constraints.py [--quick] [--seed N]

For n = 2, 10 and 50 variables, a dense n x n system ``A x = b`` with small
random integer coefficients (diagonally dominant, so it has one solution;
``random.Random(seed)``, seed 0 unless given) and an integer solution is
posted as one ``{...}`` block, in neurosym and in ``swipl`` with
``library(clpq)`` (a subprocess that times itself with
``statistics(cputime, _)``).  Both check that every variable is bound to the
expected integer, so a wrong solver cannot look fast.  Times are CPU
seconds per solve (neurosym: ``time.process_time`` around the repeated
query, the program loaded before the clock starts); the table shows the
ratio neurosym / SWI.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

SIZES = (2, 10, 50)


def system(n: int, rng: random.Random) -> tuple[str, list[int]]:
    """The text of ``{...}`` for an n-variable system and its solution."""
    xs = [rng.randint(-9, 9) for _ in range(n)]
    rows = []
    for i in range(n):
        a = [rng.randint(-5, 5) for _ in range(n)]
        a[i] = sum(abs(c) for c in a) + 1
        b = sum(c * x for c, x in zip(a, xs, strict=True))
        lhs = " + ".join(f"{c}*X{j}" for j, c in enumerate(a) if c)
        rows.append(f"{lhs} = {b}")
    return "{" + ", ".join(rows) + "}", xs


def vars_list(n: int) -> str:
    return "[" + ", ".join(f"X{j}" for j in range(n)) + "]"


def program(systems: dict) -> str:
    lines = [f"sys({n}, {vars_list(n)}) :- {text}." for n, (text, _) in systems.items()]
    lines += [f"want({n}, {xs})." for n, (_, xs) in systems.items()]
    return "\n".join(lines) + "\n"


def run_neurosym(systems: dict, reps: dict) -> dict:
    from neurosym import KnowledgeBase
    kb = KnowledgeBase.from_string(program(systems))
    out = {}
    for n, (_, xs) in systems.items():
        goal = f"sys({n}, Vs)"
        a = next(kb.query(goal))
        assert a.to_python()["Vs"] == xs, f"neurosym: wrong solution for n={n}"
        t0 = time.process_time()
        for _ in range(reps[n]):
            for _ in kb.query(goal):
                pass
        out[n] = (time.process_time() - t0) / reps[n]
    return out


def run_swipl(systems: dict, reps: dict) -> dict:
    exe = shutil.which("swipl")
    if exe is None:
        raise SystemExit("swipl is not on PATH: this benchmark compares with SWI-Prolog")
    prog = ":- use_module(library(clpq)).\n" + program(systems) + """
check(N) :- sys(N, Vs), want(N, Ws), ( Vs == Ws -> true ; format("wrong ~w~n", [N]), halt(1) ).
bench(N, R) :- check(N), statistics(cputime, T0),
    ( between(1, R, _), sys(N, _), fail ; true ),
    statistics(cputime, T1), T is (T1 - T0) / R, format("~w ~15e~n", [N, T]).
"""
    calls = ", ".join(f"bench({n}, {reps[n]})" for n in systems)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "bench.pl")
        with open(path, "w") as f:
            f.write(prog + f":- initialization(({calls}, halt)).\n")
        p = subprocess.run([exe, "-q", path], capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise SystemExit(f"swipl failed: {p.stdout}{p.stderr}")
    out = {}
    for line in p.stdout.split("\n"):
        if line.strip():
            n, t = line.split()
            out[int(n)] = float(t)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    systems = {n: system(n, rng) for n in SIZES}
    reps = {2: 200, 10: 20, 50: 2} if args.quick else {2: 2000, 10: 200, 50: 10}
    ours = run_neurosym(systems, reps)
    swi = run_swipl(systems, {n: r * 5 for n, r in reps.items()})
    print(f"{'variables':>10} {'neurosym s/solve':>18} {'swipl clpq s/solve':>20} {'ratio':>8}")
    for n in SIZES:
        print(f"{n:>10} {ours[n]:>18.6f} {swi[n]:>20.6f} {ours[n] / swi[n]:>8.1f}")


if __name__ == "__main__":
    main()
