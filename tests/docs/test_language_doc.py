"""Every ```prolog block in docs/language.md parses; the rendered error shown
there is what the reader really prints."""

import re
from pathlib import Path

import pytest

from neurosym.errors import ParseError
from neurosym.lang import parse_program

DOC = Path(__file__).resolve().parents[2] / "docs" / "language.md"
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
PROLOG = [b for lang, b in BLOCKS if lang == "prolog"]


def test_the_doc_has_examples():
    assert len(PROLOG) >= 10


@pytest.mark.parametrize("block", PROLOG)
def test_prolog_block_parses(block):
    program = parse_program(block, "language.md")
    assert program.items


def test_rendered_error_example_is_current():
    texts = [b for lang, b in BLOCKS if lang == "text"]
    source, rendered = texts[0], texts[1]
    with pytest.raises(ParseError) as info:
        parse_program(source, "family.nsl")
    assert info.value.render() == rendered.rstrip("\n")


def test_rendered_warning_example_is_current():
    texts = [b for lang, b in BLOCKS if lang == "text"]
    program = parse_program("p(X, Y) :- q(X).\n", "family.nsl")
    assert program.warnings[0].render() == texts[2].rstrip("\n")
