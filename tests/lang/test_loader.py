"""load_file: includes, triple files and the parse cache."""

import pytest

from neurosym.errors import ParseError
from neurosym.lang import cache
from neurosym.lang.facts import FactBlock, segments
from neurosym.lang.loader import check_file, load_file
from neurosym.lang.program import Directive
from neurosym.terms import Atom, Clause, Struct


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(d))
    return d


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def heads(program):
    return [i.head for i in program.items if isinstance(i, Clause)]


def names(program):
    return [h.name if type(h) is Atom else h.name.name for h in heads(program)]


def test_include_is_spliced_in_place_with_spans_of_its_file(tmp_path):
    main = write(tmp_path / "main.nsl", "a.\n:- include(sub).\nc.\n")
    write(tmp_path / "sub.nsl", "\n\nb1.\nb2.\n")
    for _ in range(2):                                # parsed, then from the cache
        p = load_file(main)
        assert names(p) == ["a", "b1", "b2", "c"]
        spans = [i.span for i in p.items]
        assert [(s.file, s.line) for s in spans] == [
            (str(main), 1), (str(tmp_path / "sub.nsl"), 3), (str(tmp_path / "sub.nsl"), 4),
            (str(main), 3)]
        assert not any(isinstance(i, Directive) for i in p.items)


def test_include_paths_are_relative_to_the_including_file(tmp_path):
    main = write(tmp_path / "main.pl", ":- include('lib/inner.pl').\n")
    write(tmp_path / "lib" / "inner.pl", "inner.\n:- include('../leaf').\n")
    write(tmp_path / "leaf.nl", "leaf.\n")
    write(tmp_path / "leaf", "this is not prolog (((\n")   # the extension is tried first
    assert names(load_file(main)) == ["inner", "leaf"]


def test_include_as_string_and_other_directives_kept(tmp_path):
    main = write(tmp_path / "m.nsl", ':- dynamic(q/1).\n:- include("s.nsl").\n')
    write(tmp_path / "s.nsl", "q(1).\n")
    p = load_file(main)
    assert isinstance(p.items[0], Directive)
    assert heads(p) == [Struct(Atom("q"), (1,))]


def test_include_cycle_is_an_error_with_the_chain(tmp_path):
    a = write(tmp_path / "a.nsl", "x.\n:- include(b).\n")
    b = write(tmp_path / "b.nsl", "y.\n:- include(a).\n")
    with pytest.raises(ParseError) as ei:
        load_file(a)
    (err,) = ei.value.errors
    assert f"{a} -> {b} -> {a}" in err.message
    assert (err.file, err.line, err.column) == (str(b), 2, 1)
    assert err.source_line == ":- include(a)."


def test_self_include_is_a_cycle(tmp_path):
    a = write(tmp_path / "a.nsl", ":- include('a.nsl').\n")
    with pytest.raises(ParseError, match="include cycle"):
        load_file(a)


def test_missing_include_and_syntax_errors_are_all_collected(tmp_path):
    main = write(tmp_path / "m.nsl", "ok.\n:- include(nothere).\n:- include(bad).\n")
    write(tmp_path / "bad.nsl", "good.\nbad(a.\n")
    with pytest.raises(ParseError) as ei:
        load_file(main)
    errs = ei.value.errors
    assert len(errs) >= 2
    assert "nothere" in errs[0].message and (errs[0].line, errs[0].column) == (2, 1)
    assert errs[0].file == str(main)
    assert any(e.file == str(tmp_path / "bad.nsl") and e.line == 2 for e in errs[1:])
    assert "error:" in errs[0].render() and "^" in errs[0].render()


@pytest.mark.parametrize("use_cache", [True, False])
def test_operators_of_an_included_file_apply_to_the_rest_of_the_includer(tmp_path, use_cache):
    write(tmp_path / "ops.pl", ":- op(700, xfx, likes).\n")
    main = write(tmp_path / "m.pl",
                 "p(1).\n:- include(ops).\nbob likes mary.\nq.\n")
    for _ in range(2):          # the second load reads the parse cache
        program = load_file(main, use_cache=use_cache)
        assert heads(program)[1] == Struct(Atom("likes"), (Atom("bob"), Atom("mary")))
        assert names(program) == ["p", "likes", "q"]
        spans = [i.span for i in program.items if isinstance(i, Clause)]
        assert [(sp.line, sp.column) for sp in spans] == [(1, 1), (3, 1), (4, 1)]


def test_errors_before_an_operator_include_stay_and_later_ones_are_reread(tmp_path):
    write(tmp_path / "ops.pl", ":- op(700, xfx, likes).\n")
    main = write(tmp_path / "m.pl",
                 "x likes y.\n:- include(ops).\nbob likes mary.\np(.\n")
    _, errors, _ = check_file(main, use_cache=False)
    assert [(e.line, e.column) for e in errors] == [(1, 3), (4, 2)]
    program = load_file(main, partial=True, use_cache=False)
    assert names(program) == ["likes"]


def test_missing_top_level_file_raises_oserror(tmp_path):
    with pytest.raises(OSError):
        load_file(tmp_path / "none.nsl")


def test_tsv_file_and_included_tsv(tmp_path):
    t = write(tmp_path / "d.tsv", "a\tr\tb\nb\tr\tc\n")
    p = load_file(t)
    (block,) = segments(p.items)
    assert type(block) is FactBlock
    assert [str(h.args[0].name) for h in heads(p)] == ["a", "b"]
    assert p.items[1].span.file == str(t) and p.items[1].span.line == 2
    main = write(tmp_path / "m.nsl", "x.\n:- include('d.tsv').\ny.\n")
    assert names(load_file(main)) == ["x", "r", "r", "y"]


def test_bad_tsv_line_reported(tmp_path):
    t = write(tmp_path / "d.tsv", "a\tr\tb\nonly\ttwo\n")
    with pytest.raises(ParseError) as ei:
        load_file(t)
    assert (ei.value.line, ei.value.file) == (2, str(t))


def test_cache_is_written_used_and_refreshed(tmp_path, cache_dir):
    f = write(tmp_path / "f.nsl", "p(a).\np(b).\n")
    assert names(load_file(f, use_cache=False)) == ["p", "p"]
    assert not cache_dir.exists()                         # use_cache=False writes nothing
    load_file(f)
    assert cache.entry_path(str(f)).exists()
    assert cache.load(str(f), f.read_bytes()) is not None
    write(f, "p(a).\nq(c).\n")                            # stale entry: parsed afresh
    assert names(load_file(f)) == ["p", "q"]
    assert names(load_file(f)) == ["p", "q"]


def test_corrupt_or_truncated_cache_entry_parses_afresh(tmp_path):
    f = write(tmp_path / "f.nsl", "p(a).\np(X) :- q(X, Y).\n")
    first = load_file(f)
    entry = cache.entry_path(str(f))
    raw = entry.read_bytes()
    for bad in (raw[: len(raw) // 2], raw[:-3] + b"xyz", b""):
        entry.write_bytes(bad)
        again = load_file(f)
        assert heads(again)[0] == heads(first)[0] and len(again.items) == 2
        assert [w.render() for w in again.warnings] == [w.render() for w in first.warnings]


def test_unwritable_cache_still_loads(tmp_path, monkeypatch):
    blocker = write(tmp_path / "blocker", "")
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(blocker / "sub"))
    f = write(tmp_path / "f.nsl", "p(a).\n")
    assert names(load_file(f)) == ["p"]


def test_warnings_and_rules_survive_the_cache(tmp_path):
    text = "p(X) :- q(X, Y).\nq(1, 2).\nr(a).\nq(3, 4).\n0.5 :: w(a).\n?- p(Z).\n"
    f = write(tmp_path / "f.nsl", text)
    first = load_file(f)
    cached = load_file(f)
    assert first.warnings, "the parser reports the singleton / discontiguous warnings"
    assert [w.render() for w in cached.warnings] == [w.render() for w in first.warnings]
    assert [type(i) for i in cached.items] == [type(i) for i in first.items]
    assert [i.span for i in cached.items] == [i.span for i in first.items]
    assert [getattr(i, "var_names", None) for i in cached.items] == [
        getattr(i, "var_names", None) for i in first.items]
    assert [getattr(i, "weight", None) for i in cached.items] == [
        getattr(i, "weight", None) for i in first.items]
    assert list(cached.items[-1].variables) == list(first.items[-1].variables)


def test_check_file_collects(tmp_path):
    f = write(tmp_path / "f.nsl", "p(X).\nq(a.\n")
    program, errors, warnings = check_file(f)
    assert program is None and errors and errors[0].line == 2
