"""DCG translation (dcg_translate_rule/2) and phrase/2,3 over translated rules."""

import io

import pytest

from neurosym import KnowledgeBase
from neurosym.engine.builtins.dcg import dcg_transform
from neurosym.lang import format_term
from neurosym.lang.parser import parse_term

RULES = [
    "greeting --> [hello], name",
    "name --> [world]",
    "name --> [prolog]",
    "digits([D|T]) --> digit(D), digits(T)",
    "digits([D]) --> digit(D)",
    "digit(D) --> [D], { code_type(D, digit) }",
    "ab --> \"ab\"",
    "opt --> ( [x] -> [] ; [y] )",
    "notx --> \\+ [x], [_]",
    "look, [T] --> [T]",
    "anything([]) --> []",
    "anything([H|T]) --> [H], anything(T)",
]


@pytest.fixture(scope="module")
def kb():
    kb = KnowledgeBase.from_string(":- dynamic dummy/0.", output=io.StringIO())
    for r in RULES:
        assert kb.ask(f"dcg_translate_rule(({r}), C), assertz(C)"), r
    return kb


@pytest.mark.parametrize("goal, ok", [
    ("phrase(greeting, [hello, world])", True),
    ("phrase(greeting, [hello, prolog])", True),
    ("phrase(greeting, [hello, x])", False),
    ("phrase(digits(Ds), `123`)", True),
    ("phrase(digits(Ds), `12a`)", False),
    ("phrase(ab, `ab`)", True),
    ("phrase(opt, [x])", True),
    ("phrase(opt, [y])", True),
    ("phrase(notx, [y])", True),
    ("phrase(notx, [x])", False),
    ("phrase(look, [a], R), R == [a]", True),
    ("phrase(([a], [b]), [a, b])", True),
    ("phrase({X = 1}, [], []), X == 1", True),
])
def test_phrase(kb, goal, ok):
    assert kb.ask(goal) is ok


def test_phrase_rest_and_enumeration(kb):
    sols = [format_term(a.bindings["L"]) for a in kb.query("phrase(anything(L), [a, b], R)")]
    assert sols == ["[]", "[a]", "[a,b]"]


def test_transform_shape():
    c = dcg_transform(parse_term("g --> [a], h")[0])
    assert format_term(c.args[0]).startswith("g(")
    assert c.args[1].name.name == ","


def test_phrase_unbound_body(kb):
    from neurosym.errors import InstantiationError
    with pytest.raises(InstantiationError):
        kb.ask("phrase(G, [a])")
