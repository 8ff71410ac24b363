"""Issue #17: bounded, seeded fuzzing of the reader and of arithmetic.

Whatever the text or the expression, the outcome is a result or one of
neurosym's structured errors -- never another Python exception (a
traceback at the CLI) and never a run past the time limit.  The mutator is
a seeded ``random.Random``, so a failure names its seed and case and
reproduces exactly; the case counts keep the run to a few seconds.
"""

from __future__ import annotations

import io
import random

import pytest
from safety_support import hang_guard

from neurosym import KnowledgeBase
from neurosym.config import Limits
from neurosym.engine.builtins.evaluable import BINARY, NULLARY, UNARY
from neurosym.errors import NeurosymError
from neurosym.lang.parser import parse_program, parse_query
from neurosym.terms import Atom, Struct
from neurosym.terms.printer import format_term

CORPUS = [
    "p(a, \"s\", 'q''t', 0'c, 0x1F, 1.5e10, [1, 2|T], {x}, -(-(1))) :- \\+ q, !.\n",
    "a --> [x], b, {X is 1 + 2 ** 3}.\n:- op(700, xfx, ===>).\nx ===> y.\n",
    "f(X) :- X = \"\\x41\\ \\n\", atom_codes(A, `abc`), format('~w~a~n', [A, b]).\n",
    "0.8 :: e(a, b).\n:- table path/2.\npath(X, Y) :- e(X, Y) ; path(X, Z), e(Z, Y).\n",
    "t :- X = 'a\\\nb', Y = 1_000_000, Z = 2'1010, W = 0b101, V = 0o17, U = 1.0Inf.\n",
    "/* comment */ q(- 1, - (1), a- -1, [a|[]], '[]', {}, '{}'(x), f(;), (a :- b)).\n",
]

# characters and fragments a mutation inserts: the reader's delicate spots
PIECES = ["(", ")", "[", "]", "{", "}", "|", ",", ".", " ", "\n", "'", "\"", "`", "0'", "\\",
          "e", "E", "1", "0x", "1.0e", "999", "e400", "_", "X", ":-", "-->", "%", "/*", "*/",
          "\\u", "\\x", "\ud800", "\u00e9", "\x00", "Inf", "NaN", "op", "!", ";", "->", "#1"]


def _mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(text) + 1)
        op = rng.random()
        if op < 0.4:
            text = text[:i] + rng.choice(PIECES) + text[i:]
        elif op < 0.7:
            text = text[:i] + text[i + rng.randint(1, 6):]
        elif op < 0.85:
            j = rng.randrange(len(text) + 1)
            text = text[:i] + text[j:j + rng.randint(1, 12)] + text[i:]
        else:
            text = text[:i] + rng.choice(PIECES) * rng.randint(2, 40) + text[i:]
    return text


@pytest.mark.parametrize("seed", range(4))
def test_fuzz_reader_raises_only_structured_errors(seed):
    rng = random.Random(seed)
    with hang_guard():
        for case in range(400):
            text = _mutate(rng, rng.choice(CORPUS))
            for read in (parse_program, lambda t: parse_query(t.split("\n")[0])):
                try:
                    read(text)
                except NeurosymError:
                    pass
                except Exception as e:       # noqa: BLE001 -- the point of the test
                    pytest.fail(f"seed {seed} case {case}: {type(e).__name__}: {e}\n{text!r}")


_NUMBERS = [0, 1, -1, 2, 7, -3, 10 ** 30, -(10 ** 30), 2 ** 64, 10 ** 5000, 1 << 20000,
            0.0, -0.0, 0.5, -2.5, 1.0e308, -1.0e308, 5.0e-324, float("inf"), float("-inf"),
            float("nan"), 64, 1000000, 100000000000]
_LEAVES = [Atom("foo"), Atom("[]"), "ab", "a"]


def _expr(rng: random.Random, depth: int):
    r = rng.random()
    if depth <= 0 or r < 0.25:
        if rng.random() < 0.04:
            return rng.choice(_LEAVES)          # type errors
        if rng.random() < 0.15:
            return rng.choice(list(NULLARY))
        return rng.choice(_NUMBERS)
    if r < 0.45:
        return Struct(rng.choice(list(UNARY)), (_expr(rng, depth - 1),))
    return Struct(rng.choice(list(BINARY)), (_expr(rng, depth - 1), _expr(rng, depth - 1)))


@pytest.mark.parametrize("seed", range(4))
def test_fuzz_arithmetic_raises_only_structured_errors(seed):
    rng = random.Random(1000 + seed)
    kb = KnowledgeBase(output=io.StringIO())
    limits = Limits(time=5)
    with hang_guard():
        for case in range(600):
            e = _expr(rng, rng.randint(1, 4))
            text = format_term(e, quoted=True)
            for goal in (f"X is {text}", f"X is {text}, format(atom(_), '~w ~a ~e ~d', "
                                           f"[X, ok, 1.0, 1])"):
                try:
                    list(kb.query(goal, limits=limits))
                except NeurosymError:
                    pass
                except Exception as ex:      # noqa: BLE001 -- the point of the test
                    pytest.fail(f"seed {seed} case {case}: {type(ex).__name__}: {ex}\n{goal}")
