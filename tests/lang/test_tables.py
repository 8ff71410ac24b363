"""The Lark parser tables kept as JSON (neurosym/lang/tables.py)."""

from neurosym.lang import tables
from neurosym.lang.builder import Builder
from neurosym.lang.grammar import START_RULES, _build, _name_or_var, build_parser, grammar_text


def _callbacks():
    return {"transformer": Builder(), "lexer_callbacks": {"NAME": _name_or_var}}


def test_encode_decode_round_trip():
    x = {"a": (1, "b", None), 3: [True, 2.5, {"c": ()}], "d": {}}
    assert tables.decode(tables.encode(x)) == x


def test_kept_tables_parse_as_the_built_parser(tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(tmp_path))
    path = tables.tables_path(grammar_text(), START_RULES)
    assert tables.load_tables(path, **_callbacks()) is None        # nothing kept yet
    build_parser(Builder())                                        # builds and keeps
    assert path.is_file() and path.parent == tmp_path
    kept = _parsed(monkeypatch, lambda b: tables.load_tables(path, transformer=b,
                                                             lexer_callbacks=_callbacks()["lexer_callbacks"]))
    assert kept == _parsed(monkeypatch, _build)


SAMPLE = ('f(Été, X, [a|T], "s", 0\'c, {x}, -(1), - 1, 2.5e3) :- \\+ g(X), X = a ; b.\n'
          ":- op(200, xfx, ===).\np(A) :- A === b, `q`.\n")


def _parsed(monkeypatch, make):
    from neurosym.lang import parser
    b = Builder()
    monkeypatch.setattr(parser, "_state", {"parser": make(b), "builder": b})
    prog = parser.parse_program(SAMPLE)
    return [repr(item) for item in prog.items]


def test_a_corrupt_entry_is_built_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(tmp_path))
    path = tables.tables_path(grammar_text(), START_RULES)
    path.write_text('{"data": {"\\u0000t": [1]}, "memo": 7')          # truncated JSON
    assert tables.load_tables(path, **_callbacks()) is None
    assert build_parser(Builder()) is not None
    assert tables.load_tables(path, **_callbacks()) is not None    # rewritten


def test_the_key_follows_the_grammar_text():
    a = tables.tables_path("start: X", START_RULES)
    assert a != tables.tables_path("start: Y", START_RULES)
    assert a == tables.tables_path("start: X", START_RULES)
