"""Results out of the process: ``kb.query(...).to_records()`` / ``.to_frame()``
and the Jupyter reprs (``_repr_html_``) of answers, proofs and ``kb.similar``."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from neurosym import KnowledgeBase
from neurosym.bridge import BridgeConfig
from neurosym.bridge.similar import SimilarHit, SimilarHits
from neurosym.errors import ConfigError
from neurosym.proof import Answer, Proof, Step

FAMILY = """
parent(tom, bob).
parent(bob, ann).
anc(X, Y) :- parent(X, Y).
anc(X, Y) :- parent(X, Z), anc(Z, Y).
0.5 :: likes(ann, tea).
0.9 :: likes(bob, coffee).
"""


@pytest.fixture
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_string(FAMILY, file="family.nsl")


# -- to_records --------------------------------------------------------------------

def test_records_of_an_exact_query_are_plain_python_with_a_score(kb):
    rows = kb.query('anc(tom, Y), L = [Y, 1, 2.5, "s"], T = f(Y), _Hidden = 1, U = _').to_records()
    assert rows == [
        {"Y": "bob", "L": ["bob", 1, 2.5, "s"], "T": {"functor": "f", "args": ["bob"]},
         "U": None, "score": 1.0},
        {"Y": "ann", "L": ["ann", 1, 2.5, "s"], "T": {"functor": "f", "args": ["ann"]},
         "U": None, "score": 1.0},
    ]


def test_records_take_the_answers_not_yet_taken(kb):
    answers = kb.query("anc(tom, Y)")
    assert next(answers).to_python() == {"Y": "bob"}
    assert answers.to_records() == [{"Y": "ann", "score": 1.0}]
    assert answers.to_records() == []


def test_records_carry_the_proof_as_text_or_as_nested_dicts(kb):
    (text,) = kb.query("anc(bob, ann)", proof=True).to_records(proof="text")
    assert text["proof"] == ("anc(bob,ann)    by anc(X,Y) :- parent(X,Y)  [family.nsl:4]\n"
                             "  parent(bob,ann)    fact  [family.nsl:3]")
    (tree,) = kb.query("anc(bob, ann)", proof=True).to_records(proof="tree")
    (root,) = tree["proof"]["steps"]
    assert root["goal"] == "anc(bob,ann)" and root["source"] == "family.nsl:4"
    assert [c["goal"] for c in root["children"]] == ["parent(bob,ann)"]
    assert isinstance(root["children"][0], dict)


def test_asking_for_a_proof_the_query_did_not_record_is_an_error(kb):
    with pytest.raises(ConfigError, match=r"proof=True"):
        kb.query("anc(tom, Y)").to_records(proof="text")
    with pytest.raises(ConfigError, match=r"text, tree"):
        kb.query("anc(tom, Y)", proof=True).to_records(proof="json")


def test_records_of_a_soft_query_keep_the_scores_best_first(kb):
    rows = kb.query("likes(P, D)", mode="soft").to_records(proof="text")
    assert [(r["P"], r["D"], r["score"]) for r in rows] == [("bob", "coffee", 0.9),
                                                            ("ann", "tea", 0.5)]
    assert rows[0]["proof"].startswith("likes(bob,coffee)")
    rows = kb.query("likes(P, D)", mode="soft", top_k=1).to_records()
    assert rows == [{"P": "bob", "D": "coffee", "score": 0.9}]


# -- to_frame ----------------------------------------------------------------------

def test_to_frame_without_pandas_names_the_extra(kb, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)      # import pandas raises ImportError
    with pytest.raises(ConfigError, match=r"pip install 'neurosym-engine\[frames\]'"):
        kb.query("anc(tom, Y)").to_frame()


def test_to_frame_of_exact_and_soft_queries(kb):
    pytest.importorskip("pandas")
    df = kb.query("anc(X, Y)").to_frame()
    assert list(df.columns) == ["X", "Y", "score"]
    assert df[["X", "Y"]].values.tolist() == [["tom", "bob"], ["bob", "ann"], ["tom", "ann"]]
    assert df["score"].tolist() == [1.0, 1.0, 1.0]
    soft = kb.query("likes(P, D)", mode="soft").to_frame(proof="text")
    assert list(soft.columns) == ["P", "D", "score", "proof"]
    assert soft["score"].tolist() == [0.9, 0.5]
    assert soft["proof"][1].startswith("likes(ann,tea)")


def test_a_frame_with_no_answers_still_has_the_columns(kb):
    pytest.importorskip("pandas")
    df = kb.query("anc(joe, Y)").to_frame()
    assert len(df) == 0 and list(df.columns) == ["Y", "score"]
    df = kb.query("likes(nobody, D)", mode="soft", proof=True).to_frame(proof="tree")
    assert len(df) == 0 and list(df.columns) == ["D", "score", "proof"]


# -- HTML (Jupyter) ----------------------------------------------------------------

def test_answer_html_shows_bindings_score_and_escapes_user_text(kb):
    a = next(kb.query("X = '<script>alert(1)</script>', Y = \"a & b\""))
    html = a._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "a &amp; b" in html
    assert "score" in html and "neurosym-proof" not in html


def test_proof_html_is_a_collapsible_tree(kb):
    a = next(kb.query("anc(tom, ann)", proof=True))
    html = a.proof._repr_html_()
    assert html.count("<details") == html.count("</details>") == 2     # two rule steps
    assert "<summary>anc(tom,ann)" in html and "parent(bob,ann)" in html
    assert "[family.nsl:5]" in html
    assert "neurosym-proof" in a._repr_html_()                  # the answer shows its proof


def test_proof_html_escapes_and_handles_deep_proofs():
    leaf = Step(goal="p('<i>')", clause="p('<i>')", source="x&y.nsl:1")
    deep = leaf
    for i in range(3000):                                       # no recursion per level
        deep = Step(goal=f"q({i})", clause="q(X) :- q(Y)", children=[deep])
    html = Proof(steps=[deep])._repr_html_()
    assert "<i>" not in html and "p(&#x27;&lt;i&gt;&#x27;)" in html and "x&amp;y.nsl" in html
    assert html.count("<details") == html.count("</details>") == 3000
    assert Answer(score=0.25)._repr_html_().count("0.2500") == 1       # format_score, as every face


def test_similar_hits_render_as_a_table_and_stay_a_list():
    kb = KnowledgeBase.from_string("p('<b>&'). p(a). p(c).")
    kb.space = BridgeConfig(dim=4, seed=0, backend="numpy")
    kb.space.set_vectors(["<b>&", "a", "c"], np.eye(4)[:3], kind="constant")
    hits = kb.similar("<b>&", k=2)
    assert isinstance(hits, SimilarHits) and isinstance(hits, list)
    assert hits[0] == SimilarHit(symbol="<b>&", kind="constant", score=1.0)
    assert hits == list(hits)
    html = hits._repr_html_()
    assert "<b>&" not in html and "&lt;b&gt;&amp;" in html
    assert html.count("<tr>") == 3                              # the header and two hits
