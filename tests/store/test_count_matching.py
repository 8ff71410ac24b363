"""Counting the solutions of a call of a table of facts on its columns
(``Store.count_matching``; ``aggregate_all(count, G, N)`` and ``kb.count``
use it): the same count as running the goal, for every pattern."""

from __future__ import annotations

import itertools
import random

from neurosym import KnowledgeBase
from neurosym.terms import Atom, Struct, Var


def _kb(tmp_path):
    rng = random.Random(5)
    rows = [(f"n{rng.randrange(6)}", "e", f"n{rng.randrange(6)}") for _ in range(60)]
    f = tmp_path / "g.tsv"
    f.write_text("".join("\t".join(r) + "\n" for r in rows))        # duplicates too
    kb = KnowledgeBase.from_file(f)
    kb.add("0.5 :: e(w, w).")                                        # weighted: a fact still
    kb.add("r(X, Y) :- e(X, Y).")
    return kb


def test_every_pattern_counts_as_running_it(tmp_path):
    kb = _kb(tmp_path)
    X, Y = Var("X"), Var("Y")
    values = [X, Y, Atom("n1"), Atom("n3"), Atom("w"), Atom("nowhere")]
    for a, b in itertools.product(values, repeat=2):
        goal = Struct(Atom("e"), (a, b))
        n = kb.store.count_matching(goal)
        ran = sum(1 for _ in kb.machine.solve_iter(goal))
        assert n == ran, (a, b)
        assert kb.count(goal) == ran
        text = f"aggregate_all(count, e({a.name if isinstance(a, Atom) else 'X'}, " \
               f"{b.name if isinstance(b, Atom) else 'Y'}), N)"
        if isinstance(a, Var) and isinstance(b, Var) and a is b:
            text = "aggregate_all(count, e(X, X), N)"
        assert next(kb.query(text)).to_python()["N"] == ran


def test_other_goals_are_left_to_the_machine(tmp_path):
    kb = _kb(tmp_path)
    assert kb.store.count_matching(Struct(Atom("r"), (Var(), Var()))) is None   # a rule
    assert kb.store.count_matching(Struct(Atom("e"), (1, Var()))) is None        # a number
    assert kb.store.count_matching(Atom("e")) is None
    kb.add("e(f(x), y).")                                  # not all atoms any more
    assert kb.store.count_matching(Struct(Atom("e"), (Var(), Var()))) is None
    assert kb.count("r(X, Y)") == kb.count("e(X, Y)") == 62


def test_a_large_table_is_counted_on_its_columns(tmp_path, monkeypatch):
    """From ``COUNT_ON_COLUMNS`` facts the count is made on the columns (a
    small table is run: tests/cli/test_startup.py)."""
    from neurosym.engine.builtins.allsol import COUNT_ON_COLUMNS
    n = COUNT_ON_COLUMNS + 7
    f = tmp_path / "big.tsv"
    f.write_text("".join(f"n{i}\te\tn{i % 3}\n" for i in range(n)))
    kb = KnowledgeBase.from_file(f)

    counted = []
    real = kb.store.count_matching

    def spy(goal):
        counted.append(real(goal))
        return counted[-1]
    monkeypatch.setattr(kb.store, "count_matching", spy)
    assert kb.count("e(X, Y)") == n
    assert kb.count("e(X, n1)") == len(range(1, n, 3))
    assert next(kb.query("aggregate_all(count, e(n4, Y), N)")).to_python()["N"] == 1
    assert counted == [n, len(range(1, n, 3)), 1]
