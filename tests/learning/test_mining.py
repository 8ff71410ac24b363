"""Rules mined from the facts (neurosym.learning.mining) and ``rule_init="mined"``."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from neurosym.config import TrainConfig
from neurosym.errors import ConfigError
from neurosym.learning.config import ProverConfig
from neurosym.learning.mining import mine_template
from neurosym.learning.ntp import NTPModel
from neurosym.learning.templates import parse_templates

# entities 0..5; relations: parent (0), grandparent (1), child (2), noise (3)
REL = ["parent", "grandparent", "child", "noise"]
PARENT = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]


def facts(grand_missing: int = 0) -> np.ndarray:
    rows = [(a, 0, b) for a, b in PARENT] + [(b, 2, a) for a, b in PARENT]
    grand = [(a, 1, c) for (a, _), (_, c) in zip(PARENT[:-1], PARENT[1:], strict=True)]
    rows += grand[grand_missing:] + [(0, 3, 5), (5, 3, 2)]
    return np.asarray(rows, dtype=np.int64)


def names(mined):
    return [({k: REL[v] for k, v in a.items()}, round(c, 2), n) for c, n, a in mined]


def test_chains_inverses_and_their_confidences():
    f = facts(grand_missing=1)             # grandparent(0, 2) is not a fact
    (chain,) = parse_templates("100 #1(X, Y) :- #2(X, Z), #3(Z, Y).")
    every = {tuple(sorted(a.items())): (c, n)
             for a, c, n in names(mine_template(chain, f, 6, REL))}
    # parent(X, Z), parent(Z, Y) holds for (0,2) (1,3) (2,4) (3,5): three are grandparents
    assert every[(("#1", "grandparent"), ("#2", "parent"), ("#3", "parent"))] == (0.75, 3)
    assert every[(("#1", "parent"), ("#2", "grandparent"), ("#3", "child"))] == (1.0, 3)
    assert (("#1", "noise"), ("#2", "parent"), ("#3", "parent")) not in every   # no hit
    (inv,) = parse_templates("2 #1(X, Y) :- #2(Y, X).")
    got = names(mine_template(inv, f, 6, REL))
    assert sorted((sorted(a.items()), c, n) for a, c, n in got) == \
        [([("#1", "child"), ("#2", "parent")], 1.0, 5),
         ([("#1", "parent"), ("#2", "child")], 1.0, 5)]
    # a body that only restates the head is never a rule
    (same,) = parse_templates("4 #1(X, Y) :- #2(X, Y).")
    assert all(a["#1"] != a["#2"] for _, _, a in mine_template(same, f, 6, REL))
    # min_support: noise holds twice at most; a template that is not a chain mines nothing
    assert mine_template(inv, f, 6, REL, min_support=6) == []
    (loop,) = parse_templates("1 #1(X, Y) :- #2(X, Z), #3(X, Y).")
    assert mine_template(loop, f, 6, REL) == []


def test_copies_spread_over_the_head_relations():
    f = facts()
    (inv,) = parse_templates("2 #1(X, Y) :- #2(Y, X).")
    heads = [a["#1"] for _, _, a in mine_template(inv, f, 6, REL)]
    assert sorted(heads) == [0, 2]            # parent and child, not two rules for one


def test_mined_start_peaks_the_placeholders_on_the_mined_relations():
    tpl = parse_templates("1 #1(X, Y) :- #2(X, Z), #3(Z, Y).\n1 #1(X, Y) :- #2(Y, X).")
    cfg = TrainConfig(prover=ProverConfig(dim=8, rule_init="mined"))
    mined = NTPModel(6, 4, facts(), tpl, REL, cfg).prover
    plain = NTPModel(6, 4, facts(), tpl, REL, cfg.updated(rule_init="random")).prover
    for rule in mined.rules:
        _, _, want = mine_template(tpl[rule.template], facts(), 6, REL)[rule.copy]
        for ph, row in rule.params.items():
            w = torch.softmax(mined.rule_params[row].detach(), 0)
            assert int(w.argmax()) == want[ph] and float(w.max()) > 0.9
            assert float(torch.softmax(plain.rule_params[row].detach(), 0).max()) < 0.5


def test_too_big_to_mine_is_a_clear_error(monkeypatch):
    from neurosym.learning import mining
    (chain,) = parse_templates("1 #1(X, Y) :- #2(X, Z), #3(Z, Y).")
    monkeypatch.setattr(mining, "_MAX_ASSIGNMENTS", 15)      # 4 relations ^ 2 = 16
    with pytest.raises(ConfigError, match="rule_init='random'"):
        mine_template(chain, facts(), 6, REL)
    with pytest.raises(ConfigError, match="cannot mine"):
        NTPModel(6, 4, facts(), [chain], REL,
                 TrainConfig(prover=ProverConfig(dim=8, rule_init="mined")))
    # a named body predicate without facts mines nothing
    (named,) = parse_templates("1 #1(X, Y) :- sibling(X, Y).")
    assert mine_template(named, facts(), 6, REL) == []


# -- composition rules from stories (compose_rules) ------------------------------------

def _closure(facts, rules):
    """Forward chaining of ``h(X, Y) :- a(X, Z), b(Z, Y)`` to its fixpoint."""
    table: dict = {}
    for h, a, b, _, _ in rules:
        table.setdefault((a, b), set()).add(h)
    known: dict = {}
    for r, a, b in facts:
        known.setdefault((a, b), set()).add(r)
    while True:
        new = {(x, y, h) for (x, z), r1s in known.items() for (z2, y), r2s in known.items()
               if z2 == z and y != x for r1 in r1s for r2 in r2s
               for h in table.get((r1, r2), ()) if h not in known.get((x, y), ())}
        if not new:
            return known
        for x, y, h in new:
            known.setdefault((x, y), set()).add(h)


def test_composition_rules_are_read_along_the_chains():
    """Read from whole stories, a distractor teaches ``wife(X, Y) :-
    daughter(X, Z), mother_in_law(Z, Y)`` (right where its end is a label,
    wrong for every sister-in-law), and forward chaining on stories of 9 links
    derives relations that do not hold; read along the chains it is not
    learned, and the closure names the label alone."""
    from neurosym.learning.mining import compose_rules
    from neurosym.learning.stories import generate

    train = generate(2, 1000, seed=1, stepwise=True) + generate(3, 1000, seed=1, stepwise=True)
    examples = [(s.facts(), s.query, s.label) for s in train]
    chains, whole = compose_rules(examples), compose_rules(examples, path=None)
    assert {r[:3] for r in chains} < {r[:3] for r in whole}
    assert ("wife", "daughter", "mother_in_law") in {r[:3] for r in whole}
    assert ("wife", "daughter", "mother_in_law") not in {r[:3] for r in chains}
    test = generate(9, 20, seed=99, stepwise=True)

    def right(rules):
        return sum(_closure(s.facts(), rules).get(s.query) == {s.label} for s in test)
    assert right(chains) > right(whole)


def test_mined_compositions_in_the_chain_form_prove_long_stories_at_once():
    """benchmarks/guided_search.py: the same mined rules as comp/3 facts under
    chain/3 (a fact about the next person first, then the composition) give
    Prolog's order the label of every 6-link story within 50 expansions; as
    ``h(X, Y) :- a(X, Z), b(Z, Y)`` clauses, asked with the relation
    unbound, fewer than half."""
    import importlib.util
    from pathlib import Path

    from neurosym.learning.mining import compose_rules
    from neurosym.learning.stories import generate

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "guided_search.py"
    spec = importlib.util.spec_from_file_location("guided_search", path)
    gs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gs)
    train = generate(2, 1000, seed=1, stepwise=True) + generate(3, 1000, seed=1, stepwise=True)
    rules = compose_rules([(s.facts(), s.query, s.label) for s in train])
    stories = generate(6, 10, seed=5, stepwise=True)
    right = {}
    for form in ("chain", "pairs"):
        text = gs.rules_text(rules, False, form)
        got = [gs.ask(gs.story_kb(s, text), 6, 200, form=form, A=s.query[0], B=s.query[1],
                      scorer=gs.eager_neutral())[:2] for s in stories]
        right[form] = sum(r == s.label and e <= 50 for (r, e), s in zip(got, stories, strict=True))
    assert right["chain"] == len(stories) and right["pairs"] < len(stories) // 2


# -- sparse matrices: the same rules, past the dense limit --------------------------

def random_graph(seed: int, n: int = 40, n_rel: int = 5, m: int = 160) -> np.ndarray:
    rng = np.random.default_rng(seed)
    f = np.stack([rng.integers(0, n, m), rng.integers(0, n_rel, m), rng.integers(0, n, m)], 1)
    # some structure: r3 = r0 . r1 where they chain, r4 = inverse of r2
    r0, r1 = f[f[:, 1] == 0], f[f[:, 1] == 1]
    comp = [(a, 3, c) for a, _, b in r0 for b2, _, c in r1 if b == b2]
    inv = [(c, 4, a) for a, _, c in f[f[:, 1] == 2]]
    return np.concatenate([f, np.asarray(comp + inv, np.int64).reshape(-1, 3)])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sparse_mining_gives_the_dense_rules(seed):
    import scipy  # noqa: F401  (the dev extra installs it)
    f = random_graph(seed)
    rel = [f"r{i}" for i in range(5)]
    tpls = parse_templates("50 #1(X, Y) :- #2(X, Z), #3(Z, Y).\n10 #1(X, Y) :- #2(Y, X).\n"
                           "10 #1(X, Y) :- #2(X, Y).\n5 #1(X, Y) :- #2(X, Z), r1(Z, Y).")
    for t in tpls:
        dense = mine_template(t, f, 40, rel, sparse=False)
        assert dense
        assert mine_template(t, f, 40, rel, sparse=True) == dense


def test_the_dense_cell_limit_no_longer_stops_mining(monkeypatch):
    import scipy  # noqa: F401  (the dev extra installs it)

    from neurosym.learning import mining
    f = facts(grand_missing=1)
    (chain,) = parse_templates("100 #1(X, Y) :- #2(X, Z), #3(Z, Y).")
    want = mine_template(chain, f, 6, REL)
    monkeypatch.setattr(mining, "_MAX_CELLS", 10)     # the dense array would be too big
    with pytest.raises(ConfigError, match="dense mining stops"):
        mining.adjacency(f, 6, len(REL))
    assert mine_template(chain, f, 6, REL) == want


def test_sparse_mining_without_scipy_names_the_extra(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "scipy", None)
    (inv,) = parse_templates("2 #1(X, Y) :- #2(Y, X).")
    with pytest.raises(ConfigError, match=r"neurosym-engine\[sparse\]"):
        mine_template(inv, facts(), 6, REL, sparse=True)
