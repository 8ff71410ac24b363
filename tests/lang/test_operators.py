"""The operator table, and user operators (op/3 directives) in the reader."""

import pytest

from neurosym.errors import ParseError
from neurosym.lang.parser import parse_program, parse_query, parse_term
from neurosym.terms import Atom, Struct
from neurosym.terms.operators import DEFAULT_OPERATORS, Op, OperatorTable
from neurosym.terms.printer import format_term


@pytest.mark.parametrize("name, kind, priority, type_", [
    (":-", "infix", 1200, "xfx"), (":-", "prefix", 1200, "fx"), ("?-", "prefix", 1200, "fx"),
    ("-->", "infix", 1200, "xfx"), (";", "infix", 1100, "xfy"), ("|", "infix", 1105, "xfy"),
    ("->", "infix", 1050, "xfy"), ("*->", "infix", 1050, "xfy"), (",", "infix", 1000, "xfy"),
    ("\\+", "prefix", 900, "fy"), ("=", "infix", 700, "xfx"), ("is", "infix", 700, "xfx"),
    ("=..", "infix", 700, "xfx"), ("as", "infix", 700, "xfx"), (":", "infix", 600, "xfy"),
    ("+", "infix", 500, "yfx"), ("xor", "infix", 400, "yfx"), ("mod", "infix", 400, "yfx"),
    ("**", "infix", 200, "xfx"), ("^", "infix", 200, "xfy"), ("-", "prefix", 200, "fy"),
    ("dynamic", "prefix", 1150, "fx"), ("table", "prefix", 1150, "fx"),
    ("soft", "prefix", 1150, "fx"), ("::", "infix", 1000, "xfx"),
])
def test_standard_entries(name, kind, priority, type_):
    op = getattr(DEFAULT_OPERATORS, kind)[name]
    assert (op.priority, op.type) == (priority, type_)


def test_argument_maxima():
    assert (Op(500, "yfx", "-").left_max, Op(500, "yfx", "-").right_max) == (500, 499)
    assert (Op(1000, "xfy", ",").left_max, Op(1000, "xfy", ",").right_max) == (999, 1000)
    assert Op(200, "fy", "-").right_max == 200
    assert Op(1200, "fx", ":-").right_max == 1199


def test_add_and_remove():
    table = OperatorTable()
    table.add(700, "xfx", "===>")
    assert table.infix["===>"].priority == 700
    table.add(0, "xfx", "===>")
    assert "===>" not in table.infix
    with pytest.raises(ValueError):
        table.add(1300, "xfx", "bad")
    with pytest.raises(ValueError):
        table.add(100, "xyz", "bad")
    assert table.is_op("mod") and not table.is_op("foo")
    assert table.ops()[0].priority == 1200


# -- user operators in the reader ------------------------------------------------

def _clauses(text, ops=None):
    return [it for it in parse_program(text, ops=ops).items if hasattr(it, "head")]


def _w(t, ops=DEFAULT_OPERATORS):
    return format_term(t, quoted=True, ops=ops)


def test_copy_and_equality():
    t = DEFAULT_OPERATORS.copy()
    assert t == DEFAULT_OPERATORS and t is not DEFAULT_OPERATORS
    t.add(700, "xfx", "likes")
    assert t != DEFAULT_OPERATORS and "likes" not in DEFAULT_OPERATORS.infix
    assert t.key() != DEFAULT_OPERATORS.key()


def test_op_directive_applies_while_reading():
    cls = _clauses(":- op(700, xfx, ===>).\n:- op(200, xfy, of).\nr(x of y of z ===> w).\n")
    assert _w(cls[0].head) == "r(===>(of(x,of(y,z)),w))"      # the default table
    arg = cls[0].head.args[0]
    assert arg.name is Atom("===>") and arg.args[0].args[1].name is Atom("of")
    assert "===>" not in DEFAULT_OPERATORS.infix          # the default is untouched


def test_op_directive_list_conjunction_and_removal():
    text = (":- op(700, xfx, [aa, bb]), op(100, xf, cc).\n"
            "r(1 aa 2). r(1 bb 2). r(x cc).\n"
            ":- op(0, xfx, aa).\n"
            "s(aa).\n")
    cls = _clauses(text)
    assert [c.head.args[0].name.name for c in cls[:3]] == ["aa", "bb", "cc"]
    with pytest.raises(ParseError):
        parse_program(text + "t(1 aa 2).\n")


def test_invalid_op_directive_is_left_to_the_builtin():
    prog = parse_program(":- op(1201, xfx, bad).\n:- op(700, xfx, ',').\n")
    assert len(prog.items) == 2                           # both directives are kept
    with pytest.raises(ParseError):
        parse_program(":- op(1201, xfx, bad).\nr(a bad b).\n")


def test_clause_before_its_op_directive_is_an_error():
    with pytest.raises(ParseError, match="operator expected"):
        parse_program("r(a ===> b).\n:- op(700, xfx, ===>).\n")


def test_starting_table_is_used_and_not_changed():
    ops = DEFAULT_OPERATORS.copy()
    ops.add(700, "xfx", "likes")
    cls = _clauses("john likes mary.\n:- op(700, xfx, hates).\nann hates bob.\n", ops)
    assert [c.head.name.name for c in cls] == ["likes", "hates"]
    assert "hates" not in ops.infix
    term, _ = parse_term("a likes b", ops=ops)
    assert term.name is Atom("likes")
    assert parse_query("X likes Y", ops=ops).goal.name is Atom("likes")
    with pytest.raises(ParseError):
        parse_term("a likes b")


@pytest.mark.parametrize("decl, text, canonical", [
    ("op(100, yf, pp)", "a pp pp", "pp(pp(a))"),
    ("op(100, xf, pp)", "- a pp", "-(pp(a))"),
    ("op(100, xf, pp)", "f(a pp, b)", "f(pp(a),b)"),
    ("op(100, xf, pp)", "(a, b) pp", "pp(','(a,b))"),
    ("op(700, xf, rr)", "a rr", "rr(a)"),
    ("op(700, xfx, rr), op(700, xf, rr)", "a rr b", "rr(a,b)"),
    ("op(700, xfx, rr), op(700, xf, rr)", "[a rr]", "[rr(a)]"),
    ("op(900, fy, not_)", "not_ not_ p", "not_(not_(p))"),
    ("op(900, fy, not_)", "not_ (a, b)", "not_(','(a,b))"),
])
def test_user_operators_read(decl, text, canonical):
    from neurosym.terms.printer import write_canonical
    cls = _clauses(f":- {decl}.\nr({text}).\n")
    assert write_canonical(cls[0].head.args[0]) == canonical


def test_postfix_priority_clash():
    with pytest.raises(ParseError, match="priority clash"):
        parse_program(":- op(100, xf, pp).\nr(a pp pp).\n")


def test_postfix_operators_print():
    ops = DEFAULT_OPERATORS.copy()
    ops.add(100, "xf", "is_done")
    ops.add(100, "yf", "pp")
    done = Atom("is_done")
    assert _w(Struct(done, (Atom("task"),)), ops) == "task is_done"
    assert _w(Struct(done, (Struct(Atom("-"), (Atom("a"),)),)), ops) == "(-a)is_done"
    assert _w(Struct(Atom("pp"), (Struct(Atom("pp"), (Atom("a"),)),)), ops) == "a pp pp"
    assert _w(Struct(done, (Atom("task"),))) == "is_done(task)"


# -- variables and warnings ------------------------------------------------------

@pytest.mark.parametrize("text, names", [
    ("X = f(Y, Z), W = A", ["X", "Y", "Z", "W", "A"]),
    ("X = 1, Z = (X + Y)", ["X", "Z", "Y"]),
    ("f(g(B), A), [C|D], {E}, F", ["B", "A", "C", "D", "E", "F"]),
    ("foo(X), bar(Y, p(Q)), X = [R]", ["X", "Y", "Q", "R"]),
])
def test_query_variables_in_order_of_first_appearance(text, names):
    assert list(parse_query(text).variables) == names


def test_no_singleton_warnings_for_queries():
    prog = parse_program("p(a).\n?- p(Who).\n?- member(X, [1]).\nq(Y).\n")
    assert [(w.line, w.message) for w in prog.warnings] == [(4, "Singleton variables: [Y]")]


def test_singletons_listed_in_order():
    prog = parse_program("p(A, f(B)) :- q(f(C), D).\n")
    assert prog.warnings[0].message == "Singleton variables: [A,B,C,D]"
