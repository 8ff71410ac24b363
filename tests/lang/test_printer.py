"""The printer: write/writeq/print, write_canonical and format_clause."""

import math

import pytest

from neurosym.lang import format_clause, format_term, parse_program, parse_term, write_canonical
from neurosym.terms import CURLY, NIL, Atom, Clause, Struct, Var, make_list
from neurosym.terms.printer import format_atom, format_float


def W(text, **kw):
    return format_term(parse_term(text)[0], quoted=True, **kw)


# expected strings are what SWI-Prolog 9 writes with writeq/1
@pytest.mark.parametrize("text, expected", [
    ("a :- b", "a:-b"), ("1 + 2", "1+2"), ("a = b", "a=b"), ("-(1)", "- 1"), ("-1", "-1"),
    ("- (1)", "- 1"), ("1 - -1", "1- -1"), ("f(-)", "f(-)"), ("-(-(1))", "- - 1"),
    ("-(-1)", "- -1"), ("a - (-1)", "a- -1"), ("- a", "-a"), ("-(-(a))", "- -a"),
    ("[-]", "[-]"), ("(-)", "-"), ("a mod b", "a mod b"), ("1 rdiv 2", "1 rdiv 2"),
    ("-(1+2)", "- (1+2)"), ("\\+ (a, b)", "\\+ (a,b)"), ("- {a}", "- {a}"),
    ("-(2)^2", "(- 2)^2"), ("(-2)^2", "-2^2"), ("-(2^2)", "- 2^2"),
    ("f((a, b))", "f((a,b))"), ("f((a :- b))", "f((a:-b))"), ("[(a :- b)]", "[(a:-b)]"),
    ("(a :- b, c ; d -> e)", "a:-b,c;d->e"), ("(1 + 2) * 3", "(1+2)*3"),
    ("1 - (2 - 3)", "1-(2-3)"), ("2 ^ 3 ^ 4", "2^3^4"), ("(2 ^ 3) ^ 4", "(2^3)^4"),
    ("(mod) - a", "(mod)-a"), ("a - (mod)", "a-(mod)"), ("- (-)", "- (-)"),
    ("(a :- \\+ b)", "a:- \\+b"), ("1 * -a", "1* -a"), ("a + +b", "a+ +b"),
    ("{a, b}", "{a,b}"), ("'{}'(x)", "{x}"), ("'hello world'", "'hello world'"),
    ("'don''t'", "'don\\'t'"), ("'\\n'", "'\\n'"), ("'\\x1\\'", "'\\x1\\'"), ("[]", "[]"),
    ("'{}'", "{}"), ("f(;, '|', !, ',')", "f(;,'|',!,',')"), ("\"a\\\"b\"", "\"a\\\"b\""),
    ("'é'", "é"), ("'Été'", "'Été'"), ("'.'", "'.'"), ("'/*'", "'/*'"), ("#1(x)", "'#1'(x)"),
    ("0.8 :: p", "0.8::p"), ("dynamic p/1, q/2", "dynamic p/1,q/2"),
    ("1.0e10", "10000000000.0"), ("1.0e15", "1.0e+15"), ("1.5e-5", "1.5e-5"),
])
def test_writeq_like_swi(text, expected):
    assert W(text) == expected


def test_write_unquoted():
    t = parse_term("f('hello world', \"s\", 'don''t', [a|b])")[0]
    assert format_term(t) == "f(hello world,s,don't,[a|b])"


def test_unbound_variables_are_numbered_per_call_by_first_appearance():
    t, names = parse_term("f(Y, X, Y, _)")
    assert format_term(t) == "f(_G0,_G1,_G0,_G2)"
    assert format_term(t) == "f(_G0,_G1,_G0,_G2)"
    assert format_term(t, var_names={names["X"]: "X"}) == "f(_G0,X,_G0,_G1)"


def test_bound_variables_print_their_values():
    v = Var("X")
    v.ref = Atom("a")
    assert format_term(Struct(Atom("f"), (v,))) == "f(a)"


def test_numbervars_terms_print_as_letters():
    t = Struct(Atom("f"), (Struct(Atom("$VAR"), (0,)), Struct(Atom("$VAR"), (27,))))
    assert format_term(t, quoted=True) == "f(A,B1)"
    assert write_canonical(t) == "f('$VAR'(0),'$VAR'(27))"


def test_ignore_ops():
    assert W("a :- b, -(1), [x], {y}", ignore_ops=True) == ":-(a,','(b,','(-(1),','([x],{}(y)))))"


def test_max_depth():
    # each expected text is what swipl 9 writes with write_term(T, [max_depth(N)])
    assert W("f(g(h(i)))", max_depth=2) == "f(g(...))"
    assert W("[1,2,3,4,5]", max_depth=3) == "[1,2|...]"
    assert W("f(a, b)", max_depth=1) == "f(...,...)"
    assert W("[a, b]", max_depth=1) == "[...|...]"
    assert W("- - a", max_depth=2) == "- - ..."
    assert W("[1,2,3,4,5,6,7,8,9,10|T]", max_depth=10) == "[1,2,3,4,5,6,7,8,9|...]"
    assert W("[1,2,3,4,5,6,7,8,9]", max_depth=10) == "[1,2,3,4,5,6,7,8,9]"
    assert W("[[1,2,3,4,5,6,7,8,9,10,11,12]]", max_depth=10) == "[[1,2,3,4,5,6,7,8|...]]"
    assert W("[a-[1,2,3,4,5,6,7,8,9,10,11],b]", max_depth=10) == "[a-[1,2,3,4,5,6,7|...],b]"
    assert W("{a,b,c,d,e,f,g,h,i,j,k,l}", max_depth=10) == "{a,b,c,d,e,f,g,h,...,...}"
    assert W("f(g(h(i(j(k(l(m(n(o(p(q)))))))))))", max_depth=10) == \
        "f(g(h(i(j(k(l(m(n(o(...))))))))))"


def test_write_canonical():
    assert write_canonical(parse_term("f(X, Y, X, _Z, [a|T], 'b c', \"s\", -(1), - 1, -1)")[0]) == \
        "f(A,_,A,_,[a|_],'b c',\"s\",-(1),-(1),-1)"
    assert write_canonical(parse_term("{a, b}")[0]) == "{}(','(a,b))"
    assert write_canonical(parse_term("f(A1, A2, A1, A2)")[0]) == "f(A,B,A,B)"


def test_floats():
    assert format_float(1.0) == "1.0"
    assert format_float(0.1) == "0.1"
    assert format_float(0.30000000000000004) == "0.30000000000000004"
    assert format_float(1e100) == "1.0e+100"
    assert format_float(-2.5e-7) == "-2.5e-7"
    assert format_float(math.inf) == "1.0Inf"
    assert format_float(-math.inf) == "-1.0Inf"
    assert format_float(math.nan) == "1.5NaN"
    assert format_float(-0.0) == "-0.0"


def test_atoms():
    assert format_atom("abc") == "abc"
    assert format_atom("Abc") == "'Abc'"
    assert format_atom("_a") == "'_a'"
    assert format_atom("") == "''"
    assert format_atom("=..") == "=.."
    assert format_atom("a b", quoted=False) == "a b"
    assert format_atom("tab\t\x7f") == "'tab\\t\\x7F\\'"


def test_huge_list_and_integer_print_without_recursion():
    n = 1_000_000
    text = format_term(make_list(range(n)))
    assert text.startswith("[0,1,2,") and text.endswith(",999999]")
    big = 7 ** 20000
    assert parse_term(format_term(big))[0] == big


def test_deeply_nested_term_prints():
    t = Atom("a")
    for _ in range(50000):
        t = Struct(Atom("f"), (t,))
    s = format_term(t)
    assert s.startswith("f(f(") and s.endswith("a" + ")" * 50000)


def test_curly_and_nil_functors():
    assert format_term(Struct(CURLY, (Atom("a"), Atom("b"))), quoted=True) == "{}(a,b)"
    # SWI-7: ``X =.. [[], a]`` is written ``[](a)``; the atom '[]' as a functor is quoted
    assert format_term(Struct(NIL, (Atom("a"),)), quoted=True) == "[](a)"
    assert format_term(Struct(Atom("[]"), (Atom("a"),)), quoted=True) == "'[]'(a)"


def test_format_clause():
    p = parse_program(
        "grand(X, Z) :- parent(X, Y), parent(Y, Z).\n"
        "0.8 :: likes(ann, bob).\n"
        "0.5 :: f(X) :- g(X, _).\n"
        "p(- 1, 'A b', [x|_T]).\n"
        "q :- a ; b.\n"
        "r(+).\n"
        "s(a = b).\n")
    out = [format_clause(c) for c in p.items]
    assert out == [
        "grand(X,Z) :- parent(X,Y),parent(Y,Z).",
        "0.8 :: likes(ann,bob).",
        "0.5 :: f(X) :- g(X,_).",
        "p(- 1,'A b',[x|_T]).",
        "q :- a;b.",
        "r(+).",
        "s(a=b).",
    ]
    again = parse_program("\n".join(out))
    assert [format_clause(c) for c in again.items] == out


def test_format_clause_fresh_names_avoid_clashes():
    x, y = Var("X"), Var("X")
    c = Clause(Struct(Atom("p"), (x, y)))
    assert format_clause(c) == "p(X,_)."
    a, x, y = Var("_A"), Var("X"), Var("X")
    c = Clause(Struct(Atom("p"), (a, x, y, y)))
    assert format_clause(c) == "p(_A,X,_B,_B)."


# -- SWI-7's [] and '[]', atoms beyond ASCII, '$VAR', spacing(next_argument) --------

def test_nil_and_quoted_empty_list_atom_print_apart():
    assert W("['[]', [], '{}', {}]") == "['[]',[],{},{}]"
    assert format_term(Atom("[]")) == "[]" and format_term(Atom("[]"), quoted=True) == "'[]'"
    assert format_term(NIL, quoted=True) == "[]"
    assert write_canonical(parse_term("f([], '[]')")[0]) == "f([],'[]')"


@pytest.mark.parametrize("name, expected", [
    ("日本", "日本"), ("éa", "éa"), ("Éa", "'Éa'"), ("ab_日", "ab_日"), ("αβ", "αβ"),
    ("Ωx", "'Ωx'"), ("ǅa", "ǅa"), ("ªb", "ªb"), ("a·b", "'a·b'"), ("a٣", "a٣"),
    ("ひらがな", "ひらがな"), ("ß", "ß"), ("x²", "'x²'"), ("١a", "'١a'"), ("ⅰ", "ⅰ"),
    ("Ⅰa", "'Ⅰa'"), ("a\xa0", "'a\\xA0\\'"), ("\u3000", "'\\x3000\\'"), ("\x80", "'\\x80\\'"),
])
def test_writeq_unicode_atoms_like_swi(name, expected):
    assert format_atom(name) == expected
    assert parse_term(expected)[0] is Atom(name)


def test_write_canonical_quotes_names_beyond_latin1():
    assert write_canonical(parse_term("f('日本', éa, ab_日, ß)")[0]) == "f('日本',éa,'ab_日',ß)"


def V(x):
    return Struct(Atom("$VAR"), (x,))


def test_numbervars_names_and_atoms():
    t = Struct(Atom("f"), (V(0), V(25), V(26), V(-5), V(Atom("Foo")), V(Atom("_")),
                           V(Atom("foo")), V(Atom("a b")), V("Foo"), V(1.0)))
    assert format_term(t, quoted=True) == \
        "f(A,Z,A1,S_5,Foo,_,'$VAR'(foo),'$VAR'('a b'),'$VAR'(\"Foo\"),'$VAR'(1.0))"
    assert format_term(V(Atom("Foo"))) == "Foo"
    assert format_term(V(1), quoted=True, numbervars=False) == "'$VAR'(1)"
    assert write_canonical(V(Atom("Foo"))) == "'$VAR'('Foo')"
    assert format_term(Struct(Atom("-"), (V(3),)), quoted=True) == "-D"


def test_spacing_next_argument():
    def S(text):
        return format_term(parse_term(text)[0], quoted=True, spacing="next_argument")
    assert S("f(a,b)") == "f(a, b)"
    assert S("[1,2,3|T]") == "[1, 2, 3|_G0]"
    assert S("f((a,b),{x,y},(a:-b,c),[a|b],'a b',- 1,1-2)") == \
        "f((a, b), {x, y}, (a:-b, c), [a|b], 'a b', - 1, 1-2)"
    assert S("f(',', '|', (a|b))") == "f(',', '|', (a| b))"
    assert S("[[a,b],c]") == "[[a, b], c]"
    assert format_term(parse_term("f(a,[b,c])")[0]) == "f(a,[b,c])"     # default unchanged
    with pytest.raises(ValueError):
        format_term(Atom("a"), spacing="wide")
