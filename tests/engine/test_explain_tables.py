"""Proofs of tabled answers (``engine/explain.py``): a tabled call's step gets
a derivation of its answer, never through the answer itself, as short as the
iterative deepening finds; past the bounds it stays ``(tabled answer)``."""

from __future__ import annotations

import random

import pytest

from neurosym import KnowledgeBase
from neurosym.engine import explain

CYCLE = "edge(a, b). edge(b, c). edge(c, a). edge(c, d).\n"
RULES = {
    "left": "path(X, Y) :- path(X, Z), edge(Z, Y).\npath(X, Y) :- edge(X, Y).\n",
    "right": "path(X, Y) :- edge(X, Y).\npath(X, Y) :- edge(X, Z), path(Z, Y).\n",
}


def check(kb, step, seen=()):
    """``step`` is a sound derivation: each clause step's goal is an instance
    of its clause's head whose body is the children, each a fact or derived;
    no goal is derived through itself.  Returns its depth in tabled steps."""
    assert step.kind != "table", step.goal
    assert step.goal not in seen
    if step.kind == "builtin":
        assert kb.ask(step.goal)
        return 0
    clause = step.clause
    if not step.children:
        assert kb.ask(f"clause({step.goal}, true)")
        return 0
    body = ", ".join(c.goal for c in step.children)
    assert kb.ask(f"clause({step.goal}, B), B = ({body})"), clause
    return 1 + max(check(kb, c, seen + (step.goal,)) for c in step.children)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_answer_of_a_recursive_table_is_derived_without_cycles(rule):
    kb = KnowledgeBase.from_string(":- table path/2.\n" + RULES[rule] + CYCLE)
    got = {}
    for a in kb.query("path(a, Y)", proof=True):
        (root,) = a.proof.steps
        got[a.to_python()["Y"]] = check(kb, root)
    # path(a,a) goes round the cycle: a->b->c->a, three edges deep, never through itself
    assert got == {"b": 1, "c": 2, "a": 3, "d": 3}


def test_a_derivation_inside_a_rule_and_with_the_datalog_server_off():
    src = (":- table t/1.\nt(a).\nt(X) :- t(Y), edge(Y, X).\n"
           "p(X) :- t(X), X \\== a.\n" + CYCLE)
    kb = KnowledgeBase.from_string(src)
    kb.ask("set_prolog_flag(datalog, false)")           # SLG tables: the same derivation
    (a,) = kb.query("p(d)", proof=True)
    assert a.proof.render().splitlines() == [
        "p(d)    by p(X) :- t(X),X\\==a  [<string>:4]",
        "  t(d)    by t(X) :- t(Y),edge(Y,X)  [<string>:3]",
        "    t(c)    by t(X) :- t(Y),edge(Y,X)  [<string>:3]",
        "      t(b)    by t(X) :- t(Y),edge(Y,X)  [<string>:3]",
        "        t(a)    fact  [<string>:2]",
        "        edge(a,b)    fact  [<string>:5]",
        "      edge(b,c)    fact  [<string>:5]",
        "    edge(c,d)    fact  [<string>:5]",
        "  d\\==a    (builtin)"]


def test_derivations_on_a_random_graph_are_sound_and_shallow():
    rng = random.Random(1)
    edges = {(rng.randrange(30), rng.randrange(30)) for _ in range(60)}
    facts = "".join(f"edge(n{a}, n{b}).\n" for a, b in sorted(edges))
    kb = KnowledgeBase.from_string(":- table path/2.\n" + RULES["left"] + facts)
    n = 0
    for a in kb.query("path(n0, Y)", proof=True):
        (root,) = a.proof.steps
        assert check(kb, root) <= 2 * max(1, _distance(edges, 0, int(a.to_python()["Y"][1:])))
        n += 1
    assert n > 5


def _distance(edges, s, t):
    """Edges on a shortest path from ``s`` to ``t`` (at least one edge)."""
    frontier, seen, d = {s}, set(), 0
    while frontier:
        d += 1
        frontier = {b for a, b in edges if a in frontier}
        if t in frontier:
            return d
        frontier -= seen
        seen |= frontier
    raise AssertionError("unreachable")


def test_past_the_budget_the_step_stays_a_tabled_answer(monkeypatch):
    monkeypatch.setattr(explain, "BUDGET", 1)
    kb = KnowledgeBase.from_string(":- table path/2.\n" + RULES["left"] + CYCLE)
    a = next(iter(kb.query("path(a, a)", proof=True)))
    assert a.proof.render() == "path(a,a)    (tabled answer)"
