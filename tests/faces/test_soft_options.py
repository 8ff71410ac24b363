"""The REPL's ``:soft on [guided] KEY=VALUE ...``: ``kb.query``'s search
options (``prune``, ``max_expansions``) and ``SoftConfig``'s fields
(``max_depth``, ``loop_check`` ...), with a clear error for the rest."""

from __future__ import annotations

import io

import pytest

from neurosym.config import SoftConfig
from neurosym.faces.soft_options import OPTIONS, QUERY_KEYS, parse_soft_options
from neurosym.faces.toplevel import Toplevel
from neurosym.kb import KnowledgeBase

PROGRAM = """
parent(a, b). parent(b, c). parent(c, d). parent(d, e).
anc(a, b). anc(b, c). anc(a, c). anc(c, d). anc(a, d).
anc(X, Y) :- parent(X, Y).
anc(X, Y) :- parent(X, Z), anc(Z, Y).
"""
CYCLE = """
edge(a, b). edge(b, a).
path(X, Y) :- edge(X, Y).
path(X, Y) :- edge(X, Z), path(Z, Y).
"""
LEFT = """
edge(a, b).
path(X, Y) :- path(X, Z), edge(Z, Y).
path(X, Y) :- edge(X, Y).
"""


@pytest.fixture(scope="module")
def trained():
    kb = KnowledgeBase.from_string(PROGRAM)
    kb.train_guide(rounds=1, budget=30, epochs=2, seed=0)
    return kb


def make(kb):
    out, err = io.StringIO(), io.StringIO()
    return Toplevel(kb, out=out, err=err), out, err


def session(top, out, *lines) -> str:
    start = len(out.getvalue())
    for line in lines:
        top.handle(line)
    return out.getvalue()[start:]


def test_guided_prune_is_accepted_and_prunes(trained):
    top, out, err = make(trained)
    assert session(top, out, ":soft on guided prune=0.5") == "% soft mode on guided prune=0.5\n"
    assert top.soft_options == {"mode": "guided", "prune": 0.5}
    kept = session(top, out, "anc(a, X).")
    assert "X = e" in kept
    # a value is below 1: prune=1 drops every step, as kb.query(prune=1.0) does
    assert list(trained.query("anc(a, X)", mode="guided", prune=1.0)) == []
    session(top, out, ":soft on guided prune=1")
    assert session(top, out, "anc(a, X).") == "false.\n"
    assert err.getvalue() == ""


def test_loop_check_and_max_depth_reach_the_search():
    top, out, err = make(KnowledgeBase.from_string(CYCLE))
    text = session(top, out, ":soft on guided max_depth=8", "path(a, b).")
    assert text.count("true") > 1            # the proofs around the cycle are answers too
    echo = session(top, out, ":soft on guided max_depth=8 loop_check")
    assert echo == "% soft mode on guided max_depth=8 loop_check=true\n"
    assert top.soft_options["soft"] == {"max_depth": 8, "loop_check": True}
    assert session(top, out, "path(a, b).") == "% score 1.0000\ntrue.\n"
    session(top, out, ":soft on guided max_depth=8 loop_check=false")
    assert session(top, out, "path(a, b).").count("true") > 1
    assert err.getvalue() == ""


def test_budget_ends_the_search_and_says_so():
    top, out, err = make(KnowledgeBase.from_string(LEFT))
    assert session(top, out, ":soft on guided budget=50") == \
        "% soft mode on guided max_expansions=50\n"
    assert session(top, out, "path(a, X).") == "false.\n"
    assert "ended at its budget of 50 expansions" in err.getvalue()
    assert session(top, out, "edge(a, X).") == "% score 1.0000\nX = b.\n"
    assert err.getvalue().count("budget") == 1     # a search within it says nothing


@pytest.mark.parametrize(("option", "message"), [
    ("prun=0.5", "error: unknown option 'prun=0.5'; did you mean prune?"),
    ("loopcheck", "error: unknown option 'loopcheck'; did you mean loop_check?"),
    ("prune=2", "error: bad option 'prune=2': use prune=P, 0 <= P <= 1"),
    ("prune=x", "error: bad option 'prune=x': use prune=P, 0 <= P <= 1"),
    ("loop_check=maybe", "error: bad option 'loop_check=maybe': use loop_check=true|false"),
    ("max_soft=-1", "error: bad option 'max_soft=-1': use max_soft=N|none, N >= 0"),
    ("aggregation=max", "error: bad option 'aggregation=max': use "
                        "aggregation=min|product|boolean|noisy_or"),
    ("max_expansions", "error: bad option 'max_expansions': use max_expansions=N, N >= 1"),
])
def test_a_bad_option_is_one_clear_line_and_changes_nothing(option, message):
    top, out, err = make(KnowledgeBase.from_string(PROGRAM))
    session(top, out, ":soft on top_k=2")
    session(top, out, f":soft on guided {option}")
    assert err.getvalue().startswith(message) and err.getvalue().count("\n") == 1
    assert top.soft and top.soft_options == {"mode": "soft", "top_k": 2}


def test_an_unknown_option_lists_every_option():
    top, out, err = make(KnowledgeBase.from_string(PROGRAM))
    session(top, out, ":soft on whatever=1")
    assert err.getvalue().endswith(f"(options: {' '.join(OPTIONS)})\n")


def test_every_softconfig_field_is_an_option_and_reaches_kb_query():
    """The options are SoftConfig's fields (threshold is kb.query's too) and
    kb.query's own; each parses to what kb.query takes."""
    fields = set(SoftConfig.model_fields)
    assert fields <= set(OPTIONS)
    assert set(OPTIONS) - fields == set(QUERY_KEYS) - {"threshold"}
    words = ["guided", "top_k=3", "threshold=0.6", "prune=0", "budget=500", "max_depth=5",
             "max_soft=none", "loop_check", "k=2", "aggregation=product", "kernel=cosine",
             "mu=0.5", "seed=12345678", "trained=false"]
    opts = parse_soft_options(words)
    assert opts["soft"]["seed"] == 12345678 and opts["soft"]["max_soft"] is None
    SoftConfig(**opts["soft"])                 # valid as it is
    kb = KnowledgeBase.from_string(PROGRAM)
    assert [a.to_python()["X"] for a in kb.query("anc(a, X)", **opts)][:1] == ["b"]
    top, out, err = make(kb)
    echo = session(top, out, ":soft on " + " ".join(words))
    assert "seed=12345678" in echo and "max_soft=none" in echo and "trained=false" in echo
    assert session(top, out, "anc(a, b).").endswith("true.\n") and err.getvalue() == ""


def test_an_impure_goal_in_guided_mode_is_the_apis_error():
    from neurosym.errors import ConfigError
    kb = KnowledgeBase.from_string("p(a). p(b).\nfirst(X) :- p(X), !.\n")
    with pytest.raises(ConfigError) as api:
        kb.query("first(X)", mode="guided")
    top, out, err = make(kb)
    text = session(top, out, ":soft on guided", "first(X).", "p(X).")
    assert err.getvalue() == f"error: {api.value}\n" and "Traceback" not in err.getvalue()
    assert text.endswith("X = b.\n")               # a pure goal still answers
