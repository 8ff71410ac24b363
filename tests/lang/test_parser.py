"""The NSL reader: terms, numbers, quoting, operators, clauses and items."""

import math

import pytest

from neurosym.errors import IncompleteInput, ParseError
from neurosym.lang import Directive, Query, parse_program, parse_query, parse_term
from neurosym.lang.parser import TEMPLATE
from neurosym.terms import (
    CURLY,
    LIST,
    NIL,
    TRUE,
    Atom,
    Clause,
    Struct,
    Var,
    list_items,
    make_list,
    term_eq,
)


def T(text):
    return parse_term(text)[0]


def S(name, *args):
    return Struct(Atom(name), tuple(args))


A = Atom


# -- atoms, variables, numbers, strings -------------------------------------

@pytest.mark.parametrize("text, name", [
    ("foo", "foo"), ("fooBar_1", "fooBar_1"), ("'New York'", "New York"),
    ("'don''t'", "don't"), ("'a\\nb'", "a\nb"), ("'\\x41\\'", "A"), ("'\\101\\'", "A"),
    ("'\\\\'", "\\"), ("'\\''", "'"), ("'a\\\nb'", "ab"), ("+", "+"), ("=..", "=.."),
    ("'[]'", "[]"), ("{}", "{}"), ("!", "!"), (";", ";"), ("','", ","), ("'|'", "|"),
    ("é", "é"), ("'\\u00e9'", "é"), ("'\\e'", "\x1b"), ("''", ""),
])
def test_atoms(text, name):
    assert T(text) is Atom(name)


def test_variables_share_by_name_and_underscore_is_fresh():
    t, names = parse_term("f(X, _Y, X, _, _)")
    assert t.args[0] is t.args[2] is names["X"]
    assert t.args[1] is names["_Y"]
    assert t.args[3] is not t.args[4]
    assert set(names) == {"X", "_Y"}
    assert all(type(a) is Var for a in t.args)


@pytest.mark.parametrize("text", ["Été", "Ölfass", "Ξ", "_é"])
def test_non_ascii_capital_starts_a_variable_as_in_swi(text):
    t, names = parse_term(f"f({text}, {text}, éa)")
    assert type(t.args[0]) is Var and t.args[0] is t.args[1] is names[text]
    assert t.args[2] is Atom("éa")


@pytest.mark.parametrize("text, value", [
    ("0", 0), ("42", 42), ("123456789012345678901234567890", 123456789012345678901234567890),
    ("0'a", 97), ("0' ", 32), ("0''", 39), ("0'''", 39), ("0'\\n", 10), ("0'\\\\", 92),
    ("0x1F", 31), ("0o17", 15), ("0b101", 5), ("-1", -1), ("-0x10", -16), ("- 1", None),
])
def test_integers(text, value):
    t = T(text)
    if value is None:
        assert term_eq(t, S("-", 1))
    else:
        assert type(t) is int and t == value


def test_huge_integer_beyond_python_str_limit():
    digits = "7" * 6000
    assert T(digits) == int("7" * 3000) * 10**3000 + int("7" * 3000)


@pytest.mark.parametrize("text, value", [
    ("1.5", 1.5), ("1.0e10", 1.0e10), ("1.5E-3", 1.5e-3), ("1e10", 1e10), ("-2.5", -2.5),
    ("1.0Inf", math.inf), ("-1.0Inf", -math.inf),
])
def test_floats(text, value):
    t = T(text)
    assert type(t) is float and t == value


def test_nan():
    t = T("1.5NaN")
    assert type(t) is float and math.isnan(t)


def test_strings_and_backquotes():
    assert T('"hello\\n"') == "hello\n"
    assert type(T('"x"')) is str
    assert T('""') == ""
    assert term_eq(T("`ab`"), make_list([97, 98]))


# -- compound terms, lists, curly terms --------------------------------------

def test_compound_and_lists():
    assert term_eq(T("f(a, g(b), [])"), S("f", A("a"), S("g", A("b")), NIL))
    t, names = parse_term("[a, b | T]")
    items, tail = list_items(t)
    assert items == [A("a"), A("b")] and tail is names["T"]
    assert T("[]") is NIL
    assert term_eq(T("[a|[b]]"), make_list([A("a"), A("b")]))
    assert T("'[|]'(a, [])").name is LIST


def test_curly_terms():
    assert T("{}") is CURLY
    assert term_eq(T("{a, b}"), Struct(CURLY, (S(",", A("a"), A("b")),)))
    t = T("{ X + Y =:= 10 }")
    assert t.name is CURLY and t.args[0].name is A("=:=")
    assert term_eq(T("'{}'(x)"), Struct(CURLY, (A("x"),)))


def test_quoted_functor_and_symbolic_functors():
    assert term_eq(T("'hello world'(x)"), S("hello world", A("x")))
    assert term_eq(T("-(1)"), S("-", 1))
    assert term_eq(T("-(1, 2)"), S("-", 1, 2))
    assert term_eq(T("=(a, b)"), S("=", A("a"), A("b")))


# -- operators -----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("a - 1", S("-", A("a"), 1)),
    ("a-1", S("-", A("a"), 1)),
    ("a -1", S("-", A("a"), 1)),
    ("a - -1", S("-", A("a"), -1)),
    ("- 1", S("-", 1)),
    ("-(1)", S("-", 1)),
    ("- (1)", S("-", 1)),
    ("-(-(1))", S("-", S("-", 1))),
    ("- a", S("-", A("a"))),
    ("1 + 2 * 3", S("+", 1, S("*", 2, 3))),
    ("1 - 2 - 3", S("-", S("-", 1, 2), 3)),
    ("2 ^ 3 ^ 4", S("^", 2, S("^", 3, 4))),
    ("- a ^ 2", S("-", S("^", A("a"), 2))),
    ("-2 ^ 2", S("^", -2, 2)),
    ("a :- b, c ; d -> e", S(":-", A("a"), S(";", S(",", A("b"), A("c")),
                                              S("->", A("d"), A("e"))))),
    ("\\+ a, b", S(",", S("\\+", A("a")), A("b"))),
    ("X is N * (N - 1)", None),
    ("a = (b, c)", S("=", A("a"), S(",", A("b"), A("c")))),
    ("f(a, (b, c))", S("f", A("a"), S(",", A("b"), A("c")))),
    ("f(a :- b)", S("f", S(":-", A("a"), A("b")))),
    ("(a :- b)", S(":-", A("a"), A("b"))),
    ("[-]", make_list([A("-")])),
    ("f(-)", S("f", A("-"))),
    ("f(- , +)", S("f", A("-"), A("+"))),
    ("X = (+)", None),
    ("- (-)", S("-", A("-"))),
    ("a:b:c", S(":", A("a"), S(":", A("b"), A("c")))),
    ("a-(b:-c)", S("-", A("a"), S(":-", A("b"), A("c")))),
    ("a*(b,c)", S("*", A("a"), S(",", A("b"), A("c")))),
    ("a mod b mod c", S("mod", S("mod", A("a"), A("b")), A("c"))),
    ("dynamic p/1, q/2", S("dynamic", S(",", S("/", A("p"), 1), S("/", A("q"), 2)))),
    ("(a | b)", S("|", A("a"), A("b"))),
    ("0.8 :: p", S("::", 0.8, A("p"))),
])
def test_operators(text, expected):
    t, names = parse_term(text)
    if expected is not None:
        assert term_eq(t, expected), t
    else:
        assert type(t) is Struct


def test_quoted_atoms_are_not_operators():
    with pytest.raises(ParseError, match="operator expected"):
        parse_term("a '+' b")


@pytest.mark.parametrize("text", ["a = b = c", "a :- b :- c", "X = \\+ a", "- - - :- a"])
def test_priority_clash(text):
    with pytest.raises(ParseError, match="operator priority clash"):
        parse_term(text)


def test_long_operator_chain_and_deep_nesting_do_not_recurse():
    body = ", ".join(f"g{i}" for i in range(20000))
    t = T(f"p :- {body}")
    n = 0
    b = t.args[1]
    while type(b) is Struct and b.name is Atom(","):
        n += 1
        b = b.args[1]
    assert n == 19999
    d = 5000
    t = T("f(" * d + "a" + ")" * d)
    for _ in range(d):
        t = t.args[0]
    assert t is A("a")


# -- programs ----------------------------------------------------------------------

SRC = """% family
parent(tom, bob).
parent(bob, ann).
grand(X, Z) :- parent(X, Y), parent(Y, Z).
0.8 :: likes(ann, bob).
0.5 :: friend(X, Y) :- likes(X, Y).
:- dynamic foo/1, bar/2.
/* a block
   comment */
?- grand(tom, W).
"""


def test_program_items_in_order_with_spans():
    p = parse_program(SRC, "fam.nsl")
    kinds = [type(i).__name__ for i in p.items]
    assert kinds == ["Clause", "Clause", "Clause", "Clause", "Clause", "Directive", "Query"]
    c = p.items[2]
    assert c.span.file == "fam.nsl" and (c.span.line, c.span.column) == (4, 1)
    assert (c.span.end_line, c.span.end_column) == (4, 43)
    assert c.var_names == ("X", "Z", "Y")
    assert c.body.name is A(",")
    assert p.items[0].body is TRUE and p.items[0].is_fact
    q = p.items[6]
    assert isinstance(q, Query) and list(q.variables) == ["W"]
    assert q.goal.args[1] is q.variables["W"]
    assert q.span.line == 10


def test_weighted_clauses():
    p = parse_program(SRC)
    fact, rule = p.items[3], p.items[4]
    assert fact.weight == 0.8 and term_eq(fact.head, S("likes", A("ann"), A("bob")))
    assert rule.weight == 0.5 and rule.head.name is A("friend")
    assert rule.body.name is A("likes")
    assert parse_program("1 :: p.").items[0].weight == 1.0
    with pytest.raises(ParseError, match="weight"):
        parse_program("1.5 :: p.")
    with pytest.raises(ParseError, match="weight"):
        parse_program("x :: p.")


def test_directives():
    p = parse_program(':- table p/2.\n:- soft p/2.\n:- include("other.nsl").\n'
                      ':- initialization(main).\n')
    goals = [d.goal for d in p.items]
    assert all(isinstance(d, Directive) for d in p.items)
    assert term_eq(goals[0], S("table", S("/", A("p"), 2)))
    assert term_eq(goals[1], S("soft", S("/", A("p"), 2)))
    assert term_eq(goals[2], S("include", "other.nsl"))
    assert goals[3].name is A("initialization")


def test_rule_templates():
    p = parse_program("3 #1(X, Y) :- #2(X, Z), #2(Z, Y).\n#1(X) :- #2(X).\n")
    d = p.items[0]
    assert isinstance(d, Directive) and d.goal.name is TEMPLATE
    count, rule = d.goal.args
    assert count == 3 and rule.name is A(":-")
    assert rule.args[0].name is A("#1") and rule.args[1].args[0].name is A("#2")
    assert p.items[1].goal.args[0] == 1


def test_clause_head_must_be_callable():
    with pytest.raises(ParseError, match="clause head"):
        parse_program("X :- true.")
    with pytest.raises(ParseError, match="clause head"):
        parse_program("1.")


def test_end_token_rules():
    p = parse_program("a. b.% comment\nc.")
    assert [i.head for i in p.items] == [A("a"), A("b"), A("c")]
    assert term_eq(parse_program("p(X) :- X =.. [f, a].").items[0].body.args[1],
                   make_list([A("f"), A("a")]))


def test_ntp_countries_file_parses():
    from neurosym import datasets
    path = datasets.root() / "countries" / "countries_S1.nl"
    text = path.read_text()
    p = parse_program(text, str(path))
    assert len(p.items) == sum(1 for line in text.splitlines() if line.strip())
    assert all(isinstance(i, Clause) and len(i.head.args) == 2 for i in p.items)


# -- parse_term / parse_query -----------------------------------------------------

def test_parse_term_trailing_dot_optional_and_incomplete():
    assert T("f(x).") == T("f(x)")
    for text in ["f(a", "[a, b", "'abc", '"abc', "a :-", "/* open"]:
        with pytest.raises(IncompleteInput):
            parse_term(text)


def test_parse_query():
    q = parse_query("?- parent(X, bob).")
    assert q.goal.name is A("parent") and list(q.variables) == ["X"]
    q = parse_query("member(X, [1,2])")
    assert q.goal.name is A("member")
    with pytest.raises(IncompleteInput):
        parse_query("member(X, [1,2])", require_end=True)
    assert parse_query("p(X).", require_end=True).goal.name is A("p")
    with pytest.raises(IncompleteInput):
        parse_query("p(X,", require_end=True)
    with pytest.raises(ParseError):
        parse_query("p(X))", require_end=True)
