"""The toplevel's ``:guide`` and ``:why`` under a trained step scorer."""

from __future__ import annotations

import io
import re

import pytest

from neurosym.faces.toplevel import Toplevel
from neurosym.kb import KnowledgeBase

PROGRAM = """
parent(a, b). parent(b, c). parent(c, d). parent(d, e).
anc(a, b). anc(b, c). anc(a, c). anc(c, d). anc(a, d).
anc(X, Y) :- parent(X, Y).
anc(X, Y) :- parent(X, Z), anc(Z, Y).
"""


@pytest.fixture(scope="module")
def trained():
    kb = KnowledgeBase.from_string(PROGRAM)
    kb.train_guide(rounds=1, budget=30, epochs=2, seed=0)
    return kb


def make(kb, rich=False):
    out, err = io.StringIO(), io.StringIO()
    return Toplevel(kb, out=out, err=err, rich=rich), out, err


def session(top, out, *lines) -> str:
    start = len(out.getvalue())
    for line in lines:
        top.handle(line)
    return out.getvalue()[start:]


def test_guide_without_a_trained_scorer():
    top, out, err = make(KnowledgeBase.from_string(PROGRAM))
    text = session(top, out, ":guide")
    assert text.startswith("% guide on: none trained")
    assert "neurosym train FILE --guide" in text and err.getvalue() == ""


def test_guide_shows_the_curve(trained):
    top, out, _ = make(trained)
    text = session(top, out, ":guide")
    lines = text.splitlines()
    assert lines[0] == "% guide on: soft and guided queries use the trained step scorer"
    assert lines[1].startswith("% trained: 1 round on 5 queries")
    assert re.match(r"round\s+budget\s+proved\s+mean expansions\s+loss\s+seconds", lines[2])
    rows = [ln.split() for ln in lines[3:]]
    assert [r[0] for r in rows] == ["0", "1"] and [r[1] for r in rows] == ["30", "30"]
    assert all(r[2].endswith("/5") for r in rows) and rows[-1][4] == "-"


def test_why_shows_priors_and_values_of_a_guided_answer(trained):
    top, out, _ = make(trained)
    text = session(top, out, ":soft on guided", "anc(a, e).", ":why")
    proof = text.split("true.\n", 1)[1]
    steps = [ln for ln in proof.splitlines() if not ln.startswith("%")]
    assert steps and all(re.search(r"\(prior \d\.\d{4}, value \d\.\d{4}\)$", s) for s in steps)


def test_why_shows_priors_of_a_soft_answer(trained):
    top, out, _ = make(trained)
    session(top, out, ":soft on", "anc(a, d).")
    assert re.search(r"\(prior \d\.\d{4}, value \d\.\d{4}\)", session(top, out, ":why"))


def test_guide_off_uses_the_neutral_scorer_and_on_brings_it_back(trained):
    top, out, _ = make(trained)
    off = session(top, out, ":guide off")
    assert off == "% guide off: soft and guided queries use the neutral scorer\n"
    text = session(top, out, ":soft on guided", "anc(a, e).", ":why")
    assert "anc(a,e)" in text and "(prior " not in text
    assert session(top, out, ":guide").startswith("% guide off")
    assert trained.guide is not None and "guide" in trained.models   # nothing dropped
    on = session(top, out, ":guide on")
    assert on == "% guide on: soft and guided queries use the trained step scorer\n"
    assert "(prior " in session(top, out, "anc(a, e).", ":why")


def test_exact_why_has_no_priors(trained):
    top, out, _ = make(trained)
    text = session(top, out, "anc(a, e).", ":why")
    assert "by anc(X,Y)" in text and "(prior " not in text


def test_rich_why_tree_shows_priors(trained):
    top, out, _ = make(trained, rich=True)
    text = session(top, out, ":soft on guided", "anc(a, e).", ":why")
    assert "prior " in text and "value " in text


def test_bad_argument_is_a_usage_error(trained):
    top, out, err = make(trained)
    session(top, out, ":guide maybe")
    assert err.getvalue() == "error: usage: :guide [on|off]\n"
    assert top.guide_on


def test_a_saved_guide_opens_with_its_curve(trained, tmp_path):
    trained.save(tmp_path / "kb")
    top, out, _ = make(KnowledgeBase.from_string("p(a)."))
    text = session(top, out, f":open {tmp_path / 'kb'}", ":guide", ":soft on guided",
                   "anc(a, c).", ":why")
    assert "% trained: 1 round on 5 queries" in text
    assert "(prior " in text
