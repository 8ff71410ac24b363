"""Random stratified programs against a naive reference evaluator, and fixed
programs against SWI-Prolog's ``:- table``."""

import itertools

import pytest
from datalog_helpers import S, answers, facts, rule, swipl_answers
from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym.terms import Atom, Struct, Var

CONSTS = ["c0", "c1", "c2", "c3"]
VARS = [Var(n) for n in ("A", "B", "C", "D")]
BASE = ["e0", "e1"]
LEVELS = 3            # p0 (level 0) .. p2 (level 2)


def naive(base: dict, rules) -> dict:
    """Plain-Python reference: strata in level order, naive iteration to fixpoint."""
    rel = {k: set(v) for k, v in base.items()}
    for lvl in range(LEVELS):
        rel.setdefault(f"p{lvl}", set())
        mine = [r for r in rules if r[0] == lvl]
        while True:
            new = set()
            for _, head, pos, neg, neq, agg in mine:
                for rows in itertools.product(*(rel.get(p, set()) for p, _ in pos)):
                    env: dict = {}
                    if not all(_bind(env, args, row) for (_, args), row in zip(pos, rows, strict=True)):
                        continue
                    if neq and env[neq[0]] == env[neq[1]]:
                        continue
                    if neg and tuple(env[a] for a in neg[1]) in rel.get(neg[0], set()):
                        continue
                    if agg:   # head is (slot, count of agg-relation rows starting with it)
                        key = env[head[0]]
                        n = len({r for r in rel.get(agg, set()) if r[0] == key})
                        new.add((key, n))
                        continue
                    new.add(tuple(env[a] for a in head))
            if new <= rel[f"p{lvl}"]:
                break
            rel[f"p{lvl}"] |= new
    return rel


def _bind(env, args, row) -> bool:
    for a, v in zip(args, row, strict=True):
        if env.setdefault(a, v) != v:
            return False
    return True


@st.composite
def programs(draw):
    base = {b: draw(st.sets(st.tuples(st.sampled_from(CONSTS), st.sampled_from(CONSTS)),
                            max_size=8)) for b in BASE}
    rules = []
    for lvl in range(LEVELS):
        for _ in range(draw(st.integers(1, 3))):
            preds = BASE + [f"p{j}" for j in range(lvl + 1)]
            pos = [(draw(st.sampled_from(preds)),
                    (draw(st.integers(0, 3)), draw(st.integers(0, 3))))
                   for _ in range(draw(st.integers(1, 3)))]
            bound = sorted({a for _, args in pos for a in args})
            head = (draw(st.sampled_from(bound)), draw(st.sampled_from(bound)))
            neg = None
            lower = BASE + [f"p{j}" for j in range(lvl)]
            if draw(st.booleans()):
                neg = (draw(st.sampled_from(lower)),
                       (draw(st.sampled_from(bound)), draw(st.sampled_from(bound))))
            neq = None
            if len(bound) > 1 and draw(st.booleans()):
                neq = tuple(draw(st.permutations(bound))[:2])
            agg = None
            if draw(st.integers(0, 4)) == 0:
                agg = draw(st.sampled_from(lower))
            rules.append((lvl, head, pos, neg, neq, agg))
    return base, rules


def to_clauses(base, rules):
    out = []
    for b, rows in base.items():
        out += facts(b, sorted(rows))
    for lvl, head, pos, neg, neq, agg in rules:
        body = [S(p, *(VARS[a] for a in args)) for p, args in pos]
        if neq:
            body.append(S("\\==", VARS[neq[0]], VARS[neq[1]]))
        if neg:
            body.append(Struct(Atom("\\+"), (S(neg[0], *(VARS[a] for a in neg[1])),)))
        if agg:
            cnt = Var("N")
            body.append(S("aggregate_all", Atom("count"), S(agg, VARS[head[0]], Var("_")), cnt))
            out.append(rule(S(f"p{lvl}", VARS[head[0]], cnt), *body))
            continue
        out.append(rule(S(f"p{lvl}", *(VARS[a] for a in head)), *body))
    return out


@settings(max_examples=120, deadline=None)
@given(programs())
def test_random_stratified_programs_match_naive_reference(prog):
    base, rules = prog
    ref = naive(base, rules)
    clauses = to_clauses(base, rules)
    for lvl in range(LEVELS):
        name = f"p{lvl}"
        got = answers(clauses, name, 2)
        assert got == ref[name]
        # magic sets: a bound first argument gives the filtered full answer
        assert answers(clauses, name, 2, query=S(name, "c1", Var("Q"))) == \
            {r for r in ref[name] if r[0] == "c1"}


# -- SWI-Prolog agreement ------------------------------------------------------

X, Y, Z, W, N = (Var(n) for n in "XYZWN")
EDGES = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("f", "f"), ("g", "a")]
NODES = [(c,) for c in "abcdefg"]

FIXED = {
    "left_tc": ([rule(S("path", X, Y), S("edge", X, Y)),
                 rule(S("path", X, Z), S("path", X, Y), S("edge", Y, Z))], "path", 2, ["path/2"]),
    "right_tc": ([rule(S("path", X, Y), S("edge", X, Y)),
                  rule(S("path", X, Z), S("edge", X, Y), S("path", Y, Z))], "path", 2, ["path/2"]),
    "negation": ([rule(S("path", X, Y), S("edge", X, Y)),
                  rule(S("path", X, Z), S("edge", X, Y), S("path", Y, Z)),
                  rule(S("nr", X, Y), S("node", X), S("node", Y),
                       Struct(Atom("\\+"), (S("path", X, Y),)))], "nr", 2, ["path/2", "nr/2"]),
    "count": ([rule(S("path", X, Y), S("edge", X, Y)),
               rule(S("path", X, Z), S("edge", X, Y), S("path", Y, Z)),
               rule(S("nreach", X, N), S("node", X),
                    S("aggregate_all", Atom("count"), S("path", X, Var("_")), N))],
              "nreach", 2, ["path/2", "nreach/2"]),
    "dist": ([rule(S("d", X, 0), S("node", X), S("==", X, Atom("a"))),
              rule(S("d", Y, W), S("d", X, N), S("edge", X, Y), S("<", N, 6),
                   S("is", W, S("+", N, 1)))], "d", 2, ["d/2"]),
}


@pytest.mark.swipl
@pytest.mark.parametrize("name", sorted(FIXED))
def test_agrees_with_swipl_table(name):
    rules, pred, arity, tabled = FIXED[name]
    prog = rules + facts("edge", EDGES) + facts("node", NODES)
    assert answers(prog, pred, arity) == swipl_answers(prog, pred, arity, tabled)
