"""Differential check of the printer against SWI-Prolog's ``writeq/1`` and
``write_canonical/1`` (and ``write_term/2`` with ``spacing(next_argument)``)
on a fixed list of terms.  These tests need ``swipl`` and fail (not skip) when
it is missing.  As in SWI-Prolog 7, the empty list ``[]`` and the atom ``'[]'``
are different terms."""

import os
import shutil
import subprocess

import pytest

from neurosym.lang import format_term, parse_term, write_canonical

pytestmark = pytest.mark.swipl

TERMS = [
    "a:-b", "1+2", "a=b", "-(1)", "- 1", "-1", "-(-(1))", "-(-1)", "1 - -1", "a-(-1)",
    "f(-)", "[-]", "(-)", "- a", "-(-(a))", "f(- 1)", "f(-(1))", "- (1)", "-(2)^2",
    "(-2)^2", "-(2^2)", "- a^2", "1-(-(1))", "-(1.5)", "-(-(-(1)))", "1+2*3-f(x)",
    "(1+2)*3", "2**3", "2^3^4", "(2^3)^4", "a mod b", "(a mod b) mod c", "a mod (b mod c)",
    "1 rdiv 2", "(a:-b,c;d->e)", "f((a,b))", "f((a:-b))", "[(a:-b)]", "f(a;b)",
    "f((a;b;c))", "f((a->b))", "{a,b}", "'{}'(x)", "{}", "[]", "[a,b|c]",
    "[a|[]]", "'hello world'", "'don''t'", "'\\n'", "'a\\\\b'", "'\\t'", "'\\x1\\'",
    "'a\\x7f\\b'", "\"str\"", "\"a\\\"b\\nc\"", "\"\"", "''", "'A'", "aBC", "'Été'",
    "'é'", "f(;, '|', [], {}, '{}', !, ',')", "(a,b)", "(:- a)",
    "(dynamic a/1, b/2)", "f(a=..b)", "f((a,b):-c)", "f(((a:-b):-c))", "f([a=b,(c,d)])",
    "f({a:-b})", "f(- {a})", "f(-[1])", "f(-(a)^2)", "f(a:(b,c))", "f(dynamic)",
    "(a:-dynamic)", "f(mod-a)", "f(a-mod)", "f(;(a))", "f(x,'a b'(c))", "f('\\\\')",
    "f('[]'(a))", "f('/*')", "f(//)", "f('%')", "f(a*(b+c))", "f(a*(b*c))",
    "f((a*b)*c)", "f(- - 1)", "f(a+'B')", "f(\\+a)", "f(\\+ (a,b))", "f(\\+ [a])",
    "f(-(-(a)))", "f(1 + 2, (a :- b, c))", "f(- (-))", "f(\\+ (-))", "f(1.0e-5)",
    "f(1.5e300)", "f(0.30000000000000004)", "f(1.0e-100)", "f(123456789012345680.0)",
    "f(1.0e15)", "f(1.0e14)", "f(0.0001)", "f(-0.0)", "f(1.0Inf)", "f(-(+ 1))",
    "f(1*(-1))", "f(1*(-a))", "f(\\ = a)", "f(- (1^2))", "f(a;b, (a|b))", "f(((a,b)|c))",
    "f('\\r')", "100000000000000000000000000", "f(- 0x10)", "f(-0x10)", "f(@(a))",
    "f($)", "a:b:c", "(a:b):c", "(a->b;c)", "'.'", "'a.b'", "f(:-)", "- (:-)",
    "[a:-b, c]", "\\+ \\+ a", "a- - - a", "f(a- (b:-c))", "(a=b)=..c", "- - a",
    "1 - (2 - 3)", "1 - 2 - 3", "f(is)", "[dynamic,is,mod]", "- (1+2)", "\\ (\\ a)",
    # SWI-7's [] against the atom '[]'
    "'[]'", "['[]', [], '{}', {}]", "f([], '[]', [[]], '[]'('[]'))",
    # atoms beyond ASCII: lower case, caseless (CJK) and titlecase letters start bare names
    "f(aé, 'Été', 日本, 'éa', ab_日, αβ, 'Ωx', ǅa, ªb, 'a·b', a٣, ひらがな, 'Ä', ß, µ, ⅰ, 'Ⅰa')",
    "f('x²', '١a', '\\x80\\', 'a\\xA0\\', '\\x2000\\', '\\x3000\\')",
    # numbervars(true): '$VAR'(N) and '$VAR'('Name')
    "f('$VAR'(0), '$VAR'(25), '$VAR'(26), '$VAR'(1000), '$VAR'(-5), '$VAR'('Foo'))",
    "f('$VAR'('_'), '$VAR'('_G1'), '$VAR'(foo), '$VAR'('a b'), '$VAR'(''), '$VAR'(1.0))",
    "f('$VAR'(x), '$VAR'(\"Foo\"), '$VAR'(1, 2), - '$VAR'(3), '$VAR'(3)^2, a:'$VAR'('X'))",
]


def _swipl(goal: str, terms: list[str]) -> list[str]:
    """What SWI writes for each term with ``goal`` (a goal on ``T``, or a
    predicate name to call on it)."""
    exe = shutil.which("swipl")
    assert exe, "swipl (SWI-Prolog) must be installed for the differential tests"
    if "(" not in goal:
        goal += "(T)"
    prog = (
        "main :- read_term(user_input, L, []), forall(member(S, L), "
        f"(term_string(T, S), {goal}, nl)).\n"
    )
    data = "[" + ",".join('"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'
                          for t in terms) + "].\n"
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")   # else SWI quotes non-Latin-1
    out = subprocess.run([exe, "-q", "-g", prog.replace("main :- ", "").rstrip(".\n"),
                          "-t", "halt"], input=data, capture_output=True, text=True,
                         timeout=60, env=env, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    return out.stdout.split("\n")[:len(terms)]


def test_writeq_matches_swipl():
    expected = _swipl("writeq", TERMS)
    mismatches = []
    for src, want in zip(TERMS, expected, strict=True):
        got = format_term(parse_term(src)[0], quoted=True)
        if got != want:
            mismatches.append((src, got, want))
    assert not mismatches, "\n".join(f"{s!r}: ours {g!r}, swipl {w!r}"
                                     for s, g, w in mismatches)


CANONICAL = TERMS + ["f(X,Y,X,_C,_)", "f(Y,Z,Z,W,Y)", "[a|B]", "g(A1,A2,A1,A2)"]


def test_write_canonical_matches_swipl():
    expected = _swipl("write_canonical", CANONICAL)
    mismatches = []
    for src, want in zip(CANONICAL, expected, strict=True):
        got = write_canonical(parse_term(src)[0])
        if got != want:
            mismatches.append((src, got, want))
    assert not mismatches, "\n".join(f"{s!r}: ours {g!r}, swipl {w!r}"
                                     for s, g, w in mismatches)


# (write_term/2 writes control characters as ``\\uXXXX``, writeq/1 as ``\\xX\\``:
# terms with them are left out here)
SPACED = [t for t in TERMS if "\\x" not in t] + [
    "f(a,[1,2,3],'a b',{x,y},(a,b),[a],- 1,1-2,\"s\",g(x),[[a,b],c])",
    "f(- 1,a=b,[a|b],hello(x),\\+a,(a:-b,c),f((a,b)),f(:-),[(:-)],(a;b),{a,b,c})",
    "f(',', '|', (a|b), [a|b], [(a,b),(c:-d)], [1,2|c], f(1.5,\"x\",'A'), [f(x),g(y)])",
]


def test_write_term_spacing_next_argument_matches_swipl():
    expected = _swipl("write_term(T, [quoted(true), spacing(next_argument)])", SPACED)
    mismatches = []
    for src, want in zip(SPACED, expected, strict=True):
        got = format_term(parse_term(src)[0], quoted=True, numbervars=False,
                          spacing="next_argument")
        if got != want:
            mismatches.append((src, got, want))
    assert not mismatches, "\n".join(f"{s!r}: ours {g!r}, swipl {w!r}"
                                     for s, g, w in mismatches)


def test_print_and_write_use_numbervars_like_swipl():
    terms = ["f('$VAR'(1), '$VAR'('Foo'), '$VAR'(27), 'a b')", "'$VAR'('Bar')-[x,'Y']"]
    for goal, quoted in (("print", True), ("write", False)):
        expected = _swipl(goal, terms)
        got = [format_term(parse_term(t)[0], quoted=quoted) for t in terms]
        assert got == expected, goal
