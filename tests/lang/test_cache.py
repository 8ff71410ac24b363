"""The parse cache: round trips, fast path, and every way an entry can be bad."""

import math
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym.errors import SourceWarning
from neurosym.lang import cache
from neurosym.lang.facts import FactBlock, LazyItems, segments
from neurosym.lang.program import Directive, Program, Query
from neurosym.store import Store
from neurosym.terms import Atom, Clause, Span, Struct, Var

KEY = b"k" * 32
F = "dir/f.nsl"


def sp(line, file=F):
    return Span(file, line, 1, line, 12)


def s(name, *args):
    return Struct(Atom(name), tuple(args))


def same_term(a, b, vmap):
    """Structural equality up to a consistent renaming of variables."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if type(x) is Var:
            if vmap.setdefault(id(x), y) is not y or x.name != y.name:
                return False
        elif type(x) is Struct:
            if x.name is not y.name or len(x.args) != len(y.args):
                return False
            stack.extend(zip(x.args, y.args, strict=True))
        elif type(x) is float:
            if not (x == y and math.copysign(1, x) == math.copysign(1, y)
                    or x != x and y != y):
                return False
        elif x != y:
            return False
    return True


def same_item(a, b):
    assert type(a) is type(b)
    vmap = {}
    if type(a) is Clause:
        assert same_term(a.head, b.head, vmap) and same_term(a.body, b.body, vmap)
        assert (a.weight is None) == (b.weight is None)
        if a.weight is not None:
            assert same_term(a.weight, b.weight, vmap)
        assert a.var_names == b.var_names
    elif type(a) is Directive:
        assert same_term(a.goal, b.goal, vmap) and a.var_names == b.var_names
    else:
        assert same_term(a.goal, b.goal, vmap)
        assert list(a.variables) == list(b.variables)
        for name, v in a.variables.items():
            assert vmap[id(v)] is b.variables[name]
    assert a.span == b.span


def same_program(p, q):
    assert p.file == q.file
    items_p, items_q = list(p.items), list(q.items)
    assert len(items_p) == len(items_q)
    for a, b in zip(items_p, items_q, strict=True):
        same_item(a, b)
    assert [(type(w), w.message, w.file, w.line, w.column, w.width, w.source_line, w.hint)
            for w in p.warnings] == [
        (type(w), w.message, w.file, w.line, w.column, w.width, w.source_line, w.hint)
        for w in q.warnings]


def sample_program():
    X, Y, _ = Var("X"), Var("Y"), Var("_")
    items = [
        Clause(s("p", Atom("a"), Atom("b")), span=sp(1)),
        Clause(s("p", Atom("a"), Atom("c")), span=sp(2)),
        Directive(s("dynamic", s("/", Atom("q"), 1)), sp(3)),
        Clause(s("q", X, _), s(",", s("p", X, Y), s("\\+", s("r", Y, 2 ** 80, -(2 ** 70)))),
               0.25, sp(4), ("X", "Y", "_")),
        Clause(s("q", 1, -2, 1.5, float("-inf"), -0.0, "string", "ü∀", Atom("it's")), span=sp(5)),
        Query(s("q", X, Y), sp(6), {"X": X, "Y": Y}),
        Clause(Atom("z"), span=sp(7)),
        Clause(s("zero_arity_compound", s("f")), span=sp(8)),
        Clause(s("nospan", Atom("a"))),
        Clause(s("p", Atom("ä"), Atom("b")), span=sp(9)),
    ]
    warns = [SourceWarning("singleton variables: [Y]", F, 4, 3, source_line="q(X, _) :- ...",
                           width=4, hint="did you mean"),
             SourceWarning("clauses of p/2 are not together", None, 9, 1)]
    return Program(items, warns, F)


def roundtrip(program, fact_block_min=0):
    """Encode and decode; ``fact_block_min=0``: fact runs come back as blocks."""
    return cache.decode(cache.encode(program, KEY), KEY, fact_block_min)


def test_roundtrip_every_item_kind():
    p = sample_program()
    q = roundtrip(p)
    same_program(p, q)
    assert isinstance(q.items, LazyItems)
    kinds = [type(x).__name__ for x in segments(q.items)]
    assert kinds == ["FactBlock", "list", "FactBlock", "list", "FactBlock"]
    assert len(q.items) == len(p.items)


def test_few_facts_come_back_as_clauses_without_numpy(monkeypatch):
    """Below ``FACT_BLOCK_MIN`` facts the fast path gives the clauses a parse
    gives (no ``FactBlock``, so no numpy: start-up, #18)."""
    p = sample_program()
    blob = cache.encode(p, KEY)
    q = cache.decode(blob, KEY)
    assert type(q.items) is list
    same_program(p, q)
    assert [c.id for c in q.items if type(c) is Clause] == [None] * 8
    big = cache.decode(blob, KEY, fact_block_min=1)
    facts = [(c.head, c.span, c.weight, c.var_names, c.id) for c in q.items
             if type(c) is Clause and c.var_names == ()]
    assert facts == [(c.head, c.span, c.weight, c.var_names, c.id) for c in big.items
                     if type(c) is Clause and c.var_names == ()]
    monkeypatch.setitem(sys.modules, "numpy", None)      # importing numpy now fails
    same_program(p, cache.decode(blob, KEY))
    with pytest.raises(ImportError):
        cache.decode(blob, KEY, fact_block_min=1)


def test_nan_and_big_values_roundtrip():
    p = Program([Clause(s("v", float("nan"), 2 ** 63, -(2 ** 63), 2 ** 63 - 1), span=sp(1))],
                [], F)
    q = roundtrip(p)
    (c,) = q.items
    assert c.head.args[0] != c.head.args[0]
    assert c.head.args[1:] == (2 ** 63, -(2 ** 63), 2 ** 63 - 1)
    assert all(type(a) is int for a in c.head.args[1:])


def test_fact_block_to_store_without_clauses():
    items = [Clause(s("e", Atom(f"a{i % 7}"), Atom(f"b{i % 3}")), span=sp(i + 1))
             for i in range(50)]
    items.append(Clause(s("f", Atom("a1")), span=sp(51)))
    q = roundtrip(Program(items, [], F))
    (block,) = segments(q.items)
    assert type(block) is FactBlock and len(block) == 51
    store = Store()
    assert store.add_block(block) == 51
    assert block._clauses is None                      # nothing materialised
    got = store.clauses((Atom("e"), 2))
    assert [c.head for c in got] == [c.head for c in items[:50]]
    assert [c.span for c in got] == [c.span for c in items[:50]]
    assert "e" in store.symbols and "a6" in store.symbols


def test_lazy_items_is_a_mutable_list():
    q = roundtrip(sample_program())
    n = len(q.items)
    first = q.items[0]
    assert first is q.items[0] and list(q.items)[0] is first
    q.items.append(Clause(Atom("new")))
    assert len(q.items) == n + 1 and q.items[-1].head is Atom("new")
    del q.items[0]
    assert len(q.items) == n


terms = st.recursive(
    st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=5),
              st.sampled_from([Atom("a"), Atom("[]"), Atom("ü x"), Atom("")]),
              st.sampled_from(["X", "Y", "_"])),
    lambda kids: st.builds(lambda n, a: Struct(Atom(n), tuple(a)),
                           st.sampled_from(["f", "[|]", ",", "g h"]),
                           st.lists(kids, min_size=1, max_size=3)),
    max_leaves=12)


@settings(max_examples=80, deadline=None)
@given(st.lists(terms, min_size=1, max_size=4))
def test_roundtrip_random_terms(args):
    vars_ = {n: Var(n) for n in ("X", "Y", "_")}

    def fix(t):  # "X" placeholders -> shared variables (strings stay strings otherwise)
        if type(t) is Struct:
            return Struct(t.name, tuple(fix(a) for a in t.args))
        return vars_[t] if type(t) is str and t in vars_ else t

    head = Struct(Atom("h"), tuple(fix(a) for a in args))
    p = Program([Clause(head, span=sp(1)), Directive(head, sp(2), ("X",))], [], F)
    same_program(p, roundtrip(p))
    same_program(p, roundtrip(p, cache.FACT_BLOCK_MIN))


# -- the on-disk cache --------------------------------------------------------------
@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(d))
    return d


DATA = b"p(a, b).\n"


def test_miss_save_hit(cache_dir):
    p = sample_program()
    assert cache.load(F, DATA) is None
    assert cache.save(F, DATA, p)
    assert cache.entry_path(F).parent == cache_dir
    same_program(p, cache.load(F, DATA))
    assert [x.name for x in cache_dir.iterdir()] == [cache.entry_path(F).name]  # no temp left
    assert cache.entry_path(F).read_bytes()[:8] == b"NSLCACHE"


def test_stale_entry_is_ignored(cache_dir):
    cache.save(F, DATA, sample_program())
    assert cache.load(F, DATA + b"q.\n") is None        # file changed
    assert cache.load("other.nsl", DATA) is None        # other file


def test_corrupt_entry_is_ignored(cache_dir):
    cache.save(F, DATA, sample_program())
    path = cache.entry_path(F)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    assert cache.load(F, DATA) is None


@pytest.mark.parametrize("keep", [0, 7, 60, 100, -1])
def test_truncated_entry_is_ignored(cache_dir, keep):
    cache.save(F, DATA, sample_program())
    path = cache.entry_path(F)
    raw = path.read_bytes()
    path.write_bytes(raw[:keep] if keep >= 0 else raw[:-1])
    assert cache.load(F, DATA) is None


def test_garbage_and_wrong_version_are_ignored(cache_dir):
    path = cache.entry_path(F)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x80\x04\x95 not a cache at all" * 10)
    assert cache.load(F, DATA) is None
    blob = bytearray(cache.encode(sample_program(), cache._key(F, DATA)))
    blob[8] += 1                                        # format version
    path.write_bytes(bytes(blob))
    assert cache.load(F, DATA) is None


def test_unwritable_cache_dir_leaves_nothing(cache_dir, monkeypatch):
    def refuse(*_):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.os, "replace", refuse)     # as on a read-only folder
    assert cache.save(F, DATA, sample_program()) is False
    assert list(cache_dir.iterdir()) == []               # the temp file is removed
    assert cache.load(F, DATA) is None


def test_unwritable_cache_dir_is_a_file(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(blocker / "sub"))
    assert cache.save(F, DATA, sample_program()) is False
    assert cache.load(F, DATA) is None


def test_unknown_diagnostic_type_is_not_cached():
    # an unknown diagnostic class makes the program uncacheable rather than lossy
    class Odd(SourceWarning):
        pass

    p = Program([], [Odd("x", F, 1, 1)], F)
    with pytest.raises(cache._Uncacheable):
        cache.encode(p, KEY)


def test_numpy_only_no_pickle(cache_dir):
    cache.save(F, DATA, sample_program())
    raw = cache.entry_path(F).read_bytes()
    assert b"numpy" not in raw and not raw.startswith(b"\x80")
    assert np.frombuffer(raw[:8], dtype=np.uint8).tobytes() == b"NSLCACHE"
