"""The triple-file (TSV) loader."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym.errors import ParseError
from neurosym.store import Store
from neurosym.store.tsv import load_tsv, read_tsv
from neurosym.terms import Atom, Struct


def write(tmp_path, text, name="t.tsv", mode="w"):
    p = tmp_path / name
    if mode == "wb":
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def heads(store, rel):
    return [c.head for c in store.clauses((Atom(rel), 2))]


def test_loads_triples_as_binary_facts_in_order(tmp_path):
    p = write(tmp_path, "a\tr\tb\nb\ts\tc\na\tr\tc\na\tr\tb\n")
    st = Store()
    assert load_tsv(p, st) == 4
    A, B, C = Atom("a"), Atom("b"), Atom("c")
    assert heads(st, "r") == [Struct(Atom("r"), (A, B)), Struct(Atom("r"), (A, C)),
                              Struct(Atom("r"), (A, B))]
    assert heads(st, "s") == [Struct(Atom("s"), (B, C))]
    assert st.predicates() == [(Atom("r"), 2), (Atom("s"), 2)]
    assert st.distinct_count((Atom("r"), 2)) == 2
    sym = st.symbols
    assert st.columns((Atom("r"), 2)).tolist() == [
        [sym.id_of("a"), sym.id_of("b")], [sym.id_of("a"), sym.id_of("c")],
        [sym.id_of("a"), sym.id_of("b")]]


def test_relation_first_crlf_blank_lines_no_final_newline_and_unicode(tmp_path):
    p = write(tmp_path, "r\tä x\tb\r\n\r\nr\tb\t'q'".encode(), mode="wb")
    st = Store()
    assert load_tsv(p, st, relation_first=True) == 2
    assert heads(st, "r") == [Struct(Atom("r"), (Atom("ä x"), Atom("b"))),
                              Struct(Atom("r"), (Atom("b"), Atom("'q'")))]
    t = read_tsv(p, relation_first=True)
    assert t.lines.tolist() == [1, 3]
    assert t.line_lengths.tolist() == [7, 7]


@pytest.mark.parametrize("header, row", [
    ("head\trelation\ttail", "a\tr\tb"),
    ("Subject\tPredicate\tObject", "a\tr\tb"),
    ("relation\ts\to", "r\ta\tb"),          # columns named in another order
    ("o\th\tp", "b\ta\tr")])
def test_a_header_line_names_the_columns_and_is_no_fact(tmp_path, header, row):
    p = write(tmp_path, f"\n{header}\n{row}\nbad\tline\n")
    with pytest.raises(ParseError) as e:         # line numbers count the header
        read_tsv(p)
    assert e.value.errors[0].line == 4
    p = write(tmp_path, f"{header}\n{row}\n")
    st = Store()
    assert load_tsv(p, st) == 1
    assert st.predicates() == [(Atom("r"), 2)]
    assert heads(st, "r") == [Struct(Atom("r"), (Atom("a"), Atom("b")))]
    assert read_tsv(p).lines.tolist() == [2]


@pytest.mark.parametrize("text, facts, read_as", [
    # the column names are nowhere else: a header, skipped
    ("s\tp\to\na\tknows\tb\n", ["knows(a,b)"], "is read as a header, not a triple"),
    # a name of it is in the data: a triple, not a header
    ("s\tp\to\ns\tknows\tb\n", ["p(s,o)", "knows(s,b)"], "'s' is also a name in the data"),
    ("h\tr\tt\nt\tr\tx\n", ["r(h,t)", "r(t,x)"], "'r' is also a name in the data")])
def test_a_first_line_of_column_names_is_a_header_only_if_they_are_not_data(
        tmp_path, text, facts, read_as):
    from neurosym import KnowledgeBase
    from neurosym.terms.printer import format_term
    p = write(tmp_path, text)
    (w,) = read_tsv(p).warnings
    assert w.line == 1 and read_as in w.message and w.severity == "warning"
    told = []
    kb = KnowledgeBase.from_file(p, warn=told.append)
    got = [format_term(c.head) for key in kb.store.predicates() for c in kb.store.clauses(key)]
    assert sorted(got) == sorted(facts)
    assert len(kb.warnings) == 1 and read_as in kb.warnings[0] and read_as in "".join(told)


def test_a_header_of_column_words_is_skipped_without_a_warning(tmp_path):
    t = read_tsv(write(tmp_path, "subject\tpredicate\tobject\nann\tlikes\tbob\n"))
    assert t.warnings == [] and [[t.names[i] for i in row] for row in t.ids.tolist()] == [
        ["ann", "likes", "bob"]]


def test_a_first_line_of_data_names_warns_of_nothing(tmp_path):
    assert read_tsv(write(tmp_path, "a\tr\tb\nb\tr\tc\n")).warnings == []


def test_a_first_line_of_other_names_is_a_triple(tmp_path):
    st = Store()
    assert load_tsv(write(tmp_path, "head\tknows\ttail\na\tknows\tb\n"), st) == 2


def test_empty_file(tmp_path):
    st = Store()
    assert load_tsv(write(tmp_path, ""), st) == 0
    assert st.predicates() == []


def test_bad_lines_are_all_reported_and_nothing_is_added(tmp_path):
    p = write(tmp_path, "a\tr\tb\na\tr\nok\tr\tok\na\tr\tb\tc\na\t\tb\n")
    st = Store()
    with pytest.raises(ParseError) as ei:
        load_tsv(p, st)
    errs = ei.value.errors
    assert [(e.line, e.column) for e in errs] == [(2, 4), (4, 7), (5, 3)]
    assert all(e.file == str(p) for e in errs)
    assert "found 2" in errs[0].message and "found 4" in errs[1].message
    assert "empty field 2" in errs[2].message
    assert f"{p}:2:4: error:" in errs[0].render()
    assert st.predicates() == []


def test_invalid_utf8_reported_with_position(tmp_path):
    p = write(tmp_path, b"a\tr\tb\nx\tr\t\xff\n", mode="wb")
    with pytest.raises(ParseError) as ei:
        load_tsv(p, Store())
    assert (ei.value.line, ei.value.column) == (2, 5)



@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="abé", max_size=3), min_size=1, max_size=4),
                max_size=8))
def test_fast_path_agrees_with_a_naive_reader(rows):
    import tempfile
    from pathlib import Path

    text = "".join("\t".join(r) + "\n" for r in rows)
    bad = [i + 1 for i, r in enumerate(rows)
           if r != [""] and (len(r) != 3 or "" in r)]
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "t.tsv"
        p.write_text(text, encoding="utf-8")
        store = Store()
        if bad:
            with pytest.raises(ParseError) as ei:
                load_tsv(p, store)
            assert [e.line for e in ei.value.errors] == bad
        else:
            good = [r for r in rows if r != [""]]
            assert load_tsv(p, store) == len(good)
            got = sorted((k[0].name, c.head.args[0].name, c.head.args[1].name)
                         for k in store.predicates() for c in store.clauses(k))
            assert got == sorted((r[1], r[0], r[2]) for r in good)


def test_hash_collisions_fall_back_to_exact_numbering(tmp_path, monkeypatch):
    """Fields are numbered by a hash of their bytes; equal hashes of different
    fields (forced here: every field of one length hashes alike) are found
    and numbered exactly."""
    from neurosym.lang import triples
    text = "ab\tr\tcd\ncd\tr\tab\nab\ts\txy\néé\tr\tab\n"
    want = read_tsv(write(tmp_path, text, mode="w"))
    monkeypatch.setattr(triples, "_MUL", 0)
    got = read_tsv(write(tmp_path, text, mode="w"))
    assert got.names == want.names == ["ab", "r", "cd", "s", "xy", "éé"]
    assert (got.ids == want.ids).all() and want.ids.tolist()[3] == [5, 1, 0]
    assert want.line_lengths.tolist() == [7, 7, 7, 7]
