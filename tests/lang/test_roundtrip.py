"""Property: printed terms read back to the same term (up to variable renaming).

Random terms mix operators (so brackets and spaces matter), negative
numbers, quoted atoms with odd characters, lists, curly terms, strings,
floats and big integers; each is written with ``format_term(quoted=True)``
and with ``write_canonical`` and parsed again.
"""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym.lang import format_term, parse_term, write_canonical
from neurosym.terms import CURLY, Atom, Struct, Var, deref, make_list
from neurosym.terms.operators import DEFAULT_OPERATORS

ODD_ATOMS = [
    "a", "foo", "fooBar_1", "[]", "{}", "!", ";", ",", "|", "-", "+", "*", "mod", "is",
    "dynamic", ":-", "?-", "\\+", "\\", "=..", "hello world", "don't", "", "A", "_x",
    "é", "Été", "\n", "\\n", "tab\there", ".", "/*", "#1", "#", "a.b", "'", '"', "`",
    "\x00", "\x7f", "::", "-->", "[|]", "|a", "%", "1a",
]
INFIX = sorted(DEFAULT_OPERATORS.infix)
PREFIX = sorted(DEFAULT_OPERATORS.prefix)
VARS = [Var("X"), Var("Y"), Var("_Z")]


def variant(a, b) -> bool:
    """Structurally equal, with a one-to-one renaming of variables."""
    m1: dict = {}
    m2: dict = {}
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        x, y = deref(x), deref(y)
        if type(x) is not type(y):
            return False
        if type(x) is Var:
            if m1.setdefault(id(x), id(y)) != id(y) or m2.setdefault(id(y), id(x)) != id(x):
                return False
        elif type(x) is Struct:
            if x.name is not y.name or len(x.args) != len(y.args):
                return False
            stack.extend(zip(x.args, y.args, strict=True))
        elif type(x) is float:
            if not (x == y or (math.isnan(x) and math.isnan(y))):
                return False
            if x == 0.0 and math.copysign(1, x) != math.copysign(1, y):
                return False
        elif x != y:
            return False
    return True


atoms = st.one_of(st.sampled_from(ODD_ATOMS), st.text(max_size=6)).filter(
    lambda s: s != "$VAR").map(Atom)
numbers = st.one_of(
    st.integers(min_value=-10**30, max_value=10**30),
    st.integers(min_value=-5, max_value=5),
    st.floats(allow_nan=True, allow_infinity=True),
)
leaves = st.one_of(atoms, numbers, st.text(max_size=5), st.sampled_from(VARS))


def extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(INFIX), children, children).map(
            lambda t: Struct(Atom(t[0]), (t[1], t[2]))),
        st.tuples(st.sampled_from(PREFIX), children).map(
            lambda t: Struct(Atom(t[0]), (t[1],))),
        st.tuples(atoms, st.lists(children, min_size=1, max_size=3)).map(
            lambda t: Struct(t[0], tuple(t[1]))),
        st.tuples(st.lists(children, max_size=4), st.one_of(
            st.just(Atom("[]")), st.sampled_from(VARS), children)).map(
            lambda t: make_list(t[0], t[1])),
        children.map(lambda t: Struct(CURLY, (t,))),
    )


terms = st.recursive(leaves, extend, max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(terms)
def test_writeq_reads_back(t):
    text = format_term(t, quoted=True)
    back, _ = parse_term(text)
    assert variant(t, back), (text, back)


@settings(max_examples=300, deadline=None)
@given(terms)
def test_write_canonical_reads_back(t):
    text = write_canonical(t)
    back, _ = parse_term(text)
    # '_' stands for a variable that occurs once: still a variant
    assert variant(t, back), (text, back)


@settings(max_examples=200, deadline=None)
@given(terms)
def test_ignore_ops_reads_back(t):
    text = format_term(t, quoted=True, ignore_ops=True)
    back, _ = parse_term(text)
    assert variant(t, back), (text, back)
