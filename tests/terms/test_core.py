import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym.terms import (
    LIST,
    NIL,
    Atom,
    Clause,
    Struct,
    SymbolTable,
    Var,
    deref,
    functor_of,
    indicator,
    is_atomic,
    is_callable,
    is_ground,
    is_list,
    list_items,
    make_list,
    resolve,
    term_eq,
    term_vars,
)


def f(name, *args):
    return Struct(Atom(name), tuple(args))


def test_atoms_are_interned_and_compare_by_identity():
    assert Atom("a") is Atom("a")
    assert Atom("a") != Atom("b")
    assert copy.deepcopy(Atom("x")) is Atom("x")
    assert hash(Atom("a")) == hash(Atom("a"))


def test_atom_rejects_non_string_names():
    with pytest.raises(TypeError):
        Atom(3)


def test_struct_equality_is_structural_and_type_strict():
    assert f("p", Atom("a"), 1) == f("p", Atom("a"), 1)
    assert f("p", 1) != f("p", 1.0)           # 1 \== 1.0 in Prolog
    assert f("p", "a") != f("p", Atom("a"))   # string vs atom
    assert f("p", 1) != f("q", 1)
    assert hash(f("p", Atom("a"), 2)) == hash(f("p", Atom("a"), 2))
    assert len({f("p", 1), f("p", 1), f("p", 2)}) == 2


def test_deref_follows_binding_chains():
    x, y = Var("X"), Var("Y")
    x.ref = y
    y.ref = Atom("a")
    assert deref(x) is Atom("a")
    assert term_eq(f("p", x), f("p", Atom("a")))
    assert resolve(f("p", x, f("q", y))) == f("p", Atom("a"), f("q", Atom("a")))


def test_unbound_variables_are_distinct():
    x, y = Var("X"), Var("X")
    assert not term_eq(x, y)
    assert term_eq(x, x)
    assert term_vars(f("p", x, y, x)) == [x, y]
    assert not is_ground(f("p", x))
    assert is_ground(f("p", Atom("a"), [1][0]))


def test_lists_build_and_split():
    lst = make_list([1, 2, 3])
    assert isinstance(lst, Struct) and lst.name is LIST
    items, tail = list_items(lst)
    assert items == [1, 2, 3] and tail is NIL
    t = Var("T")
    items, tail = list_items(make_list([Atom("a")], t))
    assert tail is t and not is_list(make_list([1], t))
    assert is_list(NIL)


def test_long_lists_do_not_recurse():
    n = 300_000
    lst = make_list(range(n))
    assert len(list_items(lst)[0]) == n
    assert is_ground(lst)
    assert term_eq(lst, make_list(range(n)))
    assert len(list_items(resolve(lst))[0]) == n


def test_classification_helpers():
    assert is_callable(Atom("a")) and is_callable(f("p", 1))
    assert not is_callable(1) and not is_callable("s")
    assert is_atomic(1) and is_atomic(2.5) and is_atomic("s") and is_atomic(Atom("a"))
    assert not is_atomic(f("p", 1))
    assert functor_of(f("p", 1, 2)) == (Atom("p"), 2)
    assert functor_of(Atom("q")) == (Atom("q"), 0)
    assert functor_of(3) is None
    assert indicator(Atom("parent"), 2) == "parent/2"


def test_symbol_table_ids_are_dense_and_stable():
    st_ = SymbolTable()
    assert st_.intern("a") == 0
    assert st_.intern(Atom("b")) == 1
    assert st_.intern("a") == 0
    assert st_[1] is Atom("b")
    assert st_.id_of("zzz") is None
    ids = st_.intern_many(["c", "a", "d"])
    assert ids.tolist() == [2, 0, 3]
    assert len(st_) == 4 and "d" in st_ and st_.names() == ["a", "b", "c", "d"]


def test_clause_requires_callable_head():
    c = Clause(f("p", 1))
    assert c.is_fact and c.key == (Atom("p"), 1)
    with pytest.raises(ValueError):
        Clause(3)


atoms = st.sampled_from([Atom(n) for n in ["a", "b", "[]", "foo bar", "+"]])
leaves = st.one_of(atoms, st.integers(), st.floats(allow_nan=False), st.text(max_size=5))
terms = st.recursive(
    leaves,
    lambda kids: st.builds(lambda n, a: Struct(Atom(n), tuple(a)),
                           st.sampled_from(["f", "g", "[|]"]), st.lists(kids, min_size=1, max_size=3)),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(terms)
def test_term_eq_agrees_with_hash_and_resolve(t):
    assert term_eq(t, t)
    assert term_eq(resolve(t), t)
    if isinstance(t, Struct):
        assert hash(resolve(t)) == hash(t)


def test_term_eq_tells_negative_zero_from_zero():
    assert not term_eq(-0.0, 0.0)
    assert not term_eq(f("g", 0.0), f("g", -0.0))
    assert term_eq(-0.0, -0.0) and term_eq(0.0, 0.0)
    assert term_eq(f("g", -0.0), f("g", -0.0 * 1))
    assert not term_eq(0, 0.0)
    assert term_eq(0, 0)


def test_nil_is_a_reserved_constant_apart_from_the_atom_nil_name():
    import pickle
    quoted = Atom("[]")                       # the atom '[]'
    assert NIL is not quoted and NIL != quoted and not term_eq(NIL, quoted)
    assert type(NIL) is Atom and NIL.name == "[]"
    assert hash(NIL) != hash(quoted)
    assert Atom("[]") is quoted               # the atom '[]' is interned as usual
    assert copy.copy(NIL) is NIL and copy.deepcopy(f("g", NIL)).args[0] is NIL
    assert pickle.loads(pickle.dumps(NIL)) is NIL
    assert pickle.loads(pickle.dumps(quoted)) is quoted
    assert repr(NIL) == "NIL" and repr(quoted) == "Atom('[]')"
    assert is_list(NIL) and not is_list(quoted)
    assert list_items(make_list([Atom("a")], quoted)) == ([Atom("a")], quoted)
    assert not is_callable(NIL) and is_callable(quoted) and is_atomic(NIL)
    st_ = SymbolTable()
    assert st_.intern(NIL) != st_.intern(quoted)
