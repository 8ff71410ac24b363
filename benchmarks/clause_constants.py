"""Compound constants of clauses, two checkouts side by side.

    .venv/bin/python benchmarks/clause_constants.py OLD_CHECKOUT NEW_CHECKOUT

A clause's compound terms are made afresh on each call since setarg/3
(``neurosym/engine/compile.py``); before, ground ones were shared.  This
times, in each checkout (a child process each, best of 3 CPU times), the
goals that pay for it: facts handing out compound arguments, a body with
compound constants, naive reverse of a 30-element list constant.  Prints a
table with the ratio new / old.
"""

from __future__ import annotations

import subprocess
import sys

CHILD = r'''
import sys, time
sys.path.insert(0, sys.argv[1])
from neurosym import KnowledgeBase
facts = "\n".join(f"p({i}, f({i}, g({i}, h)))." for i in range(500))
prog = facts + """
loop(0) :- !.
loop(N) :- p(_, Y), Y = f(_, _), fail.
loop(N) :- N1 is N - 1, loop(N1).
body(0) :- !.
body(N) :- X = point(1, 2), X = point(_, _), member(Y, [a, b, c]), Y == c, !, N1 is N - 1, body(N1).
app([], L, L).
app([H|T], L, [H|R]) :- app(T, L, R).
nrev([], []).
nrev([H|T], R) :- nrev(T, RT), app(RT, [H], R).
bench(0) :- !.
bench(N) :- nrev([1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30], _),
            N1 is N - 1, bench(N1).
"""
kb = KnowledgeBase.from_string(prog, warn=lambda _t: None)
for g in sys.argv[2:]:
    best = 1e9
    for _ in range(3):
        t0 = time.process_time()
        assert kb.ask(g), g
        best = min(best, time.process_time() - t0)
    print(best)
'''

GOALS = [("500 facts with compound arguments, x40", "loop(40)"),
         ("compound constants in a body, x20000", "body(20000)"),
         ("nrev30 of a list constant, x300", "bench(300)")]


def times(checkout: str) -> list[float]:
    out = subprocess.run([sys.executable, "-c", CHILD, checkout, *(g for _, g in GOALS)],
                         capture_output=True, text=True, check=True).stdout
    return [float(x) for x in out.split()]


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    old, new = times(sys.argv[1]), times(sys.argv[2])
    print(f"{'goal':40} {'old':>8} {'new':>8} {'new/old':>8}")
    for (label, _), a, b in zip(GOALS, old, new, strict=True):
        print(f"{label:40} {a:8.3f} {b:8.3f} {b / a:8.2f}")


if __name__ == "__main__":
    main()
