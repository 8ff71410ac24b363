"""Soft queries in the user's own words: unknown predicates and constants
matched through their vectors, query vocabulary from a vector file, only real
vectors matching, and similarity that does not depend on the vectors' scale."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from neurosym import KnowledgeBase
from neurosym.bridge import BridgeConfig
from neurosym.errors import ExistenceError, NoVectorsWarning

ROOT = Path(__file__).resolve().parents[2]
KB = ROOT / "kb"

FAMILY = """
fatherOf(abe, homer). fatherOf(homer, bart). fatherOf(homer, lisa).
motherOf(marge, bart).
parentOf(X, Y) :- fatherOf(X, Y).
parentOf(X, Y) :- motherOf(X, Y).
grandfatherOf(X, Z) :- fatherOf(X, Y), parentOf(Y, Z).
"""
VECS = ("grandpaOf 1.0 0.0 0.0 0.0\ngrandfatherOf 0.96 0.08 0.0 0.0\n"
        "fatherOf 0.0 1.0 0.0 0.0\nmotherOf 0.0 0.0 1.0 0.0\nparentOf 0.0 0.6 0.6 0.0\n")


def family(vecs: str | None = VECS, tmp_path: Path | None = None, **cfg):
    kb = KnowledgeBase.from_string(FAMILY)
    kb.space = BridgeConfig(dim=4, backend="numpy", **cfg)
    if vecs is not None:
        f = tmp_path / "f.vec"
        f.write_text(vecs)
        kb.space.load_vectors(f, kind=None)
    return kb


def answers(kb, goal, **kw):
    return [(a.to_python(), round(a.score, 6)) for a in kb.query(goal, **kw)]


def all_matches(steps):
    """(kind, this, other) of every soft match in a proof, depth first."""
    stack = list(steps)
    while stack:
        s = stack.pop()
        yield from ((m.kind, m.this, m.other) for m in s.matches)
        stack.extend(s.children)


def neurosym(*args):
    return subprocess.run([sys.executable, "-m", "neurosym", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


# -- the README showcase needs no planted fact ---------------------------------------

def test_the_showcase_kb_never_uses_grandpa():
    kb = KnowledgeBase.from_file(KB / "soft_family.nsl")
    assert all(name.name != "grandpaOf" for name, _ in kb.store.predicates())
    assert "grandpaOf(" not in "".join(
        line for line in (KB / "soft_family.nsl").read_text().splitlines()
        if not line.startswith("%"))


def test_the_readme_showcase_runs_on_a_kb_without_a_planted_fact(tmp_path):
    (tmp_path / "fam.nsl").write_text(FAMILY)          # no grandpaOf fact anywhere
    for kb_file in (tmp_path / "fam.nsl", KB / "soft_family.nsl"):
        p = neurosym("query", "--soft", "--vectors", KB / "soft_family.vec", "--proof",
                     kb_file, "grandpaOf(abe, X)")
        assert p.returncode == 0, p.stderr
        assert "Traceback" not in p.stderr
        assert [ln.rstrip(" ;.") for ln in p.stdout.splitlines()
                if ln.startswith("X = ")][:2] == ["X = bart", "X = lisa"]
        assert "grandpaOf ~ grandfatherOf 0.9" in p.stdout
        assert "have vectors" in p.stderr and "warning" not in p.stderr
        p = neurosym("query", kb_file, "grandpaOf(abe, X)")          # exact: as SWI
        assert p.returncode == 2 and "Unknown procedure: grandpaOf/2" in p.stderr


# -- unknown predicates and constants --------------------------------------------------

def test_unknown_predicate_matches_through_its_vector(tmp_path):
    kb = family(tmp_path=tmp_path)
    with pytest.raises(ExistenceError, match="grandpaOf/2"):
        list(kb.query("grandpaOf(abe, X)"))
    with pytest.raises(ExistenceError, match="grandpaOf/2"):
        list(kb.query("grandpaOf(abe, X)", mode="exact"))
    got = list(kb.query("grandpaOf(abe, X)", mode="soft"))
    assert [a.to_python()["X"] for a in got] == ["bart", "lisa"]
    m = got[0].proof.steps[0].matches
    assert [(x.kind, x.this, x.other) for x in m] == [("predicate", "grandpaOf",
                                                       "grandfatherOf")]
    u, v = kb.space.vector("grandpaOf", "constant"), kb.space.vector("grandfatherOf", "predicate")
    assert got[0].score == pytest.approx(kb.space.similarity(u, v))
    # above every similarity: no match, so no answer (not an error)
    assert answers(kb, "grandpaOf(abe, X)", mode="soft", threshold=0.99) == []


def test_unknown_predicate_without_a_vector_is_an_existence_error(tmp_path):
    kb = family(tmp_path=tmp_path)
    with pytest.raises(ExistenceError, match="granddadOf/2"):
        list(kb.query("granddadOf(abe, X)", mode="soft"))
    p = neurosym("query", "--soft", "--vectors", KB / "soft_family.vec",
                 KB / "soft_family.nsl", "granddadOf(abe, X)")
    assert p.returncode == 2 and "Unknown procedure: granddadOf/2" in p.stderr
    assert "Traceback" not in p.stderr


def test_unknown_constant_matches_through_its_vector(tmp_path):
    vecs = VECS + "abe 0 0 0 1\nabraham 0 0 0.1 1\nhomer 0 1 1 0\n"
    kb = family(vecs, tmp_path)
    assert "abraham" not in FAMILY                                  # only the file has it
    assert answers(kb, "fatherOf(abraham, X)") == []               # exact: no such atom
    got = list(kb.query("fatherOf(abraham, X)", mode="soft"))
    assert [a.to_python()["X"] for a in got] == ["homer"]
    assert [(m.kind, m.this, m.other) for m in got[0].proof.steps[0].matches] == [
        ("constant", "abraham", "abe")]
    # both at once: an unknown predicate (grandpaOf ~ grandfatherOf, a rule) and an
    # unknown constant (abraham ~ abe, matched in the rule's first subgoal)
    both = list(kb.query("grandpaOf(abraham, X)", mode="soft"))
    assert [a.to_python()["X"] for a in both] == ["bart", "lisa"]
    assert set(all_matches(both[0].proof.steps)) == {
        ("predicate", "grandpaOf", "grandfatherOf"), ("constant", "abraham", "abe")}


def test_the_movies_example_answers_in_words_the_kb_never_uses():
    kb = KnowledgeBase.from_file(KB / "movies.nsl")
    kb.space = BridgeConfig(dim=8)
    report = kb.space.load_vectors(KB / "movies.vec", kind=None)
    assert set(report.vocabulary) == {"starred_in", "michael_caine", "meryl_streep"}
    for word in report.vocabulary:
        assert all(word != name.name for name, _ in kb.store.predicates())
    norms = np.linalg.norm(kb.space.numpy("constant")[kb.space.real("constant")], axis=1)
    assert 5 <= norms.min() and norms.max() <= 8                   # GloVe-like scale
    for kernel in ("rbf", "cosine"):
        got = [a.to_python()["Film"] for a in kb.query("starred_in(michael_caine, Film)",
                                                       mode="soft", soft={"kernel": kernel})]
        assert got == ["alfie", "get_carter"]
        got = [a.to_python()["Film"] for a in kb.query("starred_in(meryl_streep, Film)",
                                                       mode="soft", soft={"kernel": kernel})]
        assert got == ["sophies_choice"]


# -- only real vectors match --------------------------------------------------------------

BORN = """
parent(tom, bob). parent(tom, liz). parent(bob, ann). parent(bob, pat).
born(tom, 1930). born(bob, 1955). born(liz, 1958).
"""
FAMILY_VEC = "tom 1.0 0.0 0.0\nbob 0.9 0.2 0.0\nliz 0.0 1.0 0.0\nann 0.0 0.9 0.3\n"


@pytest.mark.parametrize("seed", range(12))
def test_random_vectors_never_match(seed, tmp_path):
    """docs/repl.md's family.vec gives constants vectors and predicates none: whatever
    the seed of their random vectors, parent never matches born (X = 1930 was an
    answer when two random vectors lay close)."""
    (tmp_path / "f.vec").write_text(FAMILY_VEC)
    kb = KnowledgeBase.from_string(BORN)
    kb.space = BridgeConfig(dim=3, seed=seed, backend="numpy")
    kb.space.load_vectors(tmp_path / "f.vec", kind=None)
    got = [a.to_python()["X"] for a in kb.query("parent(tom, X)", mode="soft", threshold=0.01)]
    assert got[:2] == ["bob", "liz"] and not any(isinstance(x, int) for x in got)
    assert set(got) <= {"bob", "liz", "ann", "pat"}


def test_coverage_note_attribute_and_warning(tmp_path):
    kb = KnowledgeBase.from_string(BORN)
    with pytest.warns(NoVectorsWarning, match="none of the .* symbols has a vector"):
        got = answers(kb, "parent(tom, X)", mode="soft", threshold=0.0)
    assert got == answers(kb, "parent(tom, X)", mode="exact")
    kb = family(tmp_path=tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoVectorsWarning)
        res = kb.query("grandpaOf(abe, X)", mode="soft")
        cov = res.coverage
        list(res)
    assert (cov.real_predicates, cov.predicates) == (4, 4) and cov.real == 5
    p = neurosym("query", "--soft", KB / "soft_family.nsl", "fatherOf(abe, X)")
    assert p.returncode == 0 and p.stderr.startswith("% none of the ")
    assert "NoVectorsWarning" not in p.stderr


# -- scale-free similarity -------------------------------------------------------------

def scaled(src: Path, c: float, dst: Path) -> Path:
    lines = src.read_text().splitlines()
    rows = [ln.split() for ln in lines if len(ln.split()) > 2]
    dst.write_text("".join(r[0] + "".join(f" {float(x) * c!r}" for x in r[1:]) + "\n"
                           for r in rows))
    return dst


CASES = [("soft_family", 4, "grandpaOf(abe, X)"), ("soft_family", 4, "grandpaOf(G, lisa)"),
         ("movies", 8, "starred_in(michael_caine, F)"), ("movies", 8, "directed(W, inception)"),
         ("movies", 8, "starred_in(W, sophies_choice)")]


@pytest.mark.parametrize("kernel", ["rbf", "cosine"])
@pytest.mark.parametrize("name,dim,goal", CASES)
def test_scaling_the_vectors_changes_no_answer(kernel, name, dim, goal, tmp_path):
    runs = []
    for c in (0.1, 1, 10, 100):
        kb = KnowledgeBase.from_file(KB / f"{name}.nsl")
        kb.space = BridgeConfig(dim=dim, kernel=kernel, backend="numpy")
        kb.space.load_vectors(scaled(KB / f"{name}.vec", c, tmp_path / f"{c}.vec"), kind=None)
        runs.append([(a.to_python(), a.score) for a in kb.query(goal, mode="soft",
                                                                threshold=0.3)])
    assert runs[1], "the query must have answers"
    for run in runs:
        assert [b for b, _ in run] == [b for b, _ in runs[1]]      # same answers, same order
        assert [s for _, s in run] == pytest.approx([s for _, s in runs[1]], rel=1e-5)


def test_a_fixed_width_is_what_made_the_scale_matter(tmp_path):
    got = {}
    for c in (1, 5, 10):
        kb = KnowledgeBase.from_file(KB / "soft_family.nsl")
        kb.space = BridgeConfig(dim=4, mu=2 ** -0.5, backend="numpy")
        kb.space.load_vectors(scaled(KB / "soft_family.vec", c, tmp_path / "s.vec"), kind=None)
        got[c] = [a.score for a in kb.query("grandpaOf(abe, X)", mode="soft")]
    assert got[1][0] > got[5][0] and got[10] == []


def test_cli_kernel_option(tmp_path):
    big = scaled(KB / "soft_family.vec", 10, tmp_path / "big.vec")
    outs = []
    for kernel in ("rbf", "cosine"):
        for vec in (KB / "soft_family.vec", big):
            p = neurosym("query", "--soft", "--kernel", kernel, "--vectors", vec, "--top-k", "1",
                         KB / "soft_family.nsl", "grandpaOf(abe, X)")
            assert p.returncode == 0, p.stderr
            outs.append(p.stdout)
    assert outs[0] == outs[1] and outs[2] == outs[3] and outs[0] != outs[2]
    assert outs[2].splitlines()[-1] == "X = bart."
    p = neurosym("query", "--soft", "--kernel", "dot", KB / "soft_family.nsl", "true")
    assert p.returncode == 2 and "invalid choice: 'dot'" in p.stderr
    assert "Traceback" not in p.stderr


def test_an_atom_without_a_vector_still_steers_the_fact_search(tmp_path):
    """ann has no vector, so only ann itself may match her slot; paris ~ parigi is a soft
    match.  Twenty other people live in parigi: the k nearest facts must still be
    ann's, found through her (seeded) row at distance 0."""
    facts = "".join(f"lives(p{i}, parigi).\n" for i in range(20)) + "lives(ann, parigi).\n"
    kb = KnowledgeBase.from_string(facts)
    (tmp_path / "v.vec").write_text("paris 1 0 0\nparigi 0.95 0.1 0\nrome 0 1 0\n")
    kb.space = BridgeConfig(dim=3, backend="numpy")
    kb.space.load_vectors(tmp_path / "v.vec", kind=None)
    got = list(kb.query("lives(ann, paris)", mode="soft", soft={"k": 3}))
    assert len(got) == 1
    assert [(m.this, m.other) for m in got[0].proof.steps[0].matches] == [("paris", "parigi")]
    assert list(kb.query("lives(bob, paris)", mode="soft")) == []      # bob: no such person
