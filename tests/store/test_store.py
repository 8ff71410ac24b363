"""Unit tests of the clause store (layer 3)."""

import numpy as np
import pytest

from neurosym.store import PredFlags, Store, index_key
from neurosym.terms import TRUE, Atom, Clause, Span, Struct, SymbolTable, Var

a, b, c, d = Atom("a"), Atom("b"), Atom("c"), Atom("d")
P2 = (Atom("p"), 2)


def s(name, *args):
    return Struct(Atom(name), tuple(args))


def fact(name, *args):
    return Clause(s(name, *args) if args else Atom(name))


def heads(clauses):
    return [cl.head for cl in clauses]


def test_add_gives_unique_stable_ids_and_keeps_order():
    st = Store()
    c1 = st.add(fact("p", a, b))
    c2 = st.add(fact("p", b, c))
    c0 = st.add(fact("p", c, d), front=True)
    assert len({c0.id, c1.id, c2.id}) == 3
    assert list(st.clauses(P2)) == [c0, c1, c2]
    st.retract(c1)
    assert [x.id for x in st.clauses(P2)] == [c0.id, c2.id]


def test_adding_a_stored_clause_again_copies_it():
    st1, st2 = Store(), Store()
    cl = st1.add(fact("p", a, b))
    old_id = cl.id
    cl2 = st2.add(cl)
    assert cl2 is not cl and cl.id == old_id
    assert st2.clauses(P2) == (cl2,)


def test_snapshot_is_logical_update_view():
    st = Store()
    st.add(fact("p", a, b))
    snap = st.clauses(P2)
    cand = st.candidates(s("p", a, Var()))
    st.add(fact("p", a, c))
    st.retract(snap[0])
    assert len(snap) == 1 and len(cand) == 1
    assert heads(st.clauses(P2)) == [s("p", a, c)]
    assert st.clauses(P2) is st.clauses(P2)   # cached while nothing changes


def test_generation_changes_on_every_update():
    st = Store()
    seen = [st.generation]
    cl = st.add(fact("p", a, b))
    seen.append(st.generation)
    st.declare(P2, dynamic=True)
    seen.append(st.generation)
    st.retract(cl)
    seen.append(st.generation)
    st.add_facts("q", 1, np.array([[st.symbols.intern("a")]]))
    seen.append(st.generation)
    st.retract_all((Atom("q"), 1))
    seen.append(st.generation)
    st.abolish((Atom("q"), 1))
    seen.append(st.generation)
    assert len(set(seen)) == len(seen)


def test_candidates_first_argument_index():
    st = Store()
    x = Var("X")
    rule = Clause(s("p", x, a), s("q", x))
    c1 = st.add(fact("p", a, b))
    c2 = st.add(rule)
    c3 = st.add(fact("p", b, b))
    c4 = st.add(fact("p", s("f", a), b))
    c5 = st.add(fact("p", 1, b))
    c6 = st.add(fact("p", 1.0, b))
    c7 = st.add(fact("p", "a", b))
    assert list(st.candidates(s("p", a, Var()))) == [c1, c2]
    assert list(st.candidates(s("p", b, Var()))) == [c2, c3]
    assert list(st.candidates(s("p", s("f", c), Var()))) == [c2, c4]
    assert list(st.candidates(s("p", 1, Var()))) == [c2, c5]
    assert list(st.candidates(s("p", 1.0, Var()))) == [c2, c6]
    assert list(st.candidates(s("p", "a", Var()))) == [c2, c7]
    assert list(st.candidates(s("p", d, Var()))) == [c2]
    assert list(st.candidates(s("p", Var(), Var()))) == [c1, c2, c3, c4, c5, c6, c7]
    assert st.candidates(s("nope", a)) == ()


def test_candidates_follow_bound_variables():
    st = Store()
    c1 = st.add(fact("p", a, b))
    st.add(fact("p", b, b))
    v = Var()
    v.ref = a
    assert list(st.candidates(s("p", v, Var()))) == [c1]


def test_jit_index_on_second_argument():
    st = Store()
    cls = [st.add(fact("p", Atom(f"x{i}"), Atom(f"y{i % 5}"))) for i in range(50)]
    got = st.candidates(s("p", Var(), Atom("y3")))
    assert list(got) == [cl for cl in cls if cl.head.args[1] is Atom("y3")]
    # first argument bound but unselective -> the smaller second-argument bucket
    st2 = Store()
    cls2 = [st2.add(fact("p", a, Atom(f"y{i}"))) for i in range(20)]
    assert list(st2.candidates(s("p", a, Atom("y7")))) == [cls2[7]]


def test_atom_goal_and_arity_zero():
    st = Store()
    cl = st.add(fact("go"))
    assert st.candidates(Atom("go")) == (cl,)
    assert st.columns((Atom("go"), 0)).shape == (1, 0)


def test_retract_returns_false_when_absent():
    st = Store()
    cl = st.add(fact("p", a, b))
    assert st.retract(cl)
    assert not st.retract(cl)
    assert not st.retract(fact("zz", a))


def test_retract_all_and_abolish_and_defined():
    st = Store()
    q1 = (Atom("q"), 1)
    assert not st.defined(q1)
    st.retract_all(q1)                      # SWI: makes it dynamic
    assert st.defined(q1) and st.flags(q1).dynamic
    st.add(fact("p", a, b))
    st.retract_all(P2)
    assert st.clauses(P2) == () and not st.flags(P2).dynamic
    st.abolish(q1)
    assert not st.defined(q1) and st.flags(q1) == PredFlags()
    assert st.predicates() == []


def test_declare_and_flags():
    st = Store()
    key = (Atom("r"), 3)
    assert st.flags(key) == PredFlags()
    st.declare(key, dynamic=True, table=True)
    f = st.flags(key)
    assert f.dynamic and f.table and not f.soft and not f.library and not f.discontiguous
    assert st.defined(key) and st.predicates() == [key]
    st.declare(key, soft=True)
    assert st.flags(key).soft and st.flags(key).dynamic
    with pytest.raises(TypeError, match="bogus"):
        st.declare(key, bogus=True)


def test_ground_facts_are_interned():
    st = Store()
    st.add(fact("p", a, s("f", c)))
    st.add(Clause(s("p", Var("X"), d)))        # not ground: d not interned
    assert st.symbols.names() == ["p", "a", "f", "c"]      # in order of first use


def test_columns_and_non_atom_args():
    st = Store()
    st.add(fact("p", a, b))
    st.add(fact("p", a, 3))                     # not in columns
    st.add(Clause(s("p", a, c), weight=0.5))
    st.add(Clause(s("p", Var("X"), c), s("q", Var("X"))))
    sym = st.symbols
    cols = st.columns(P2)
    assert cols.dtype == np.int64
    assert cols.tolist() == [[sym.intern(a), sym.intern(b)], [sym.intern(a), sym.intern(c)]]
    assert st.fact_weights(P2).tolist() == [1.0, 0.5]
    assert not st.columns_complete(P2)
    assert st.columns((Atom("zz"), 2)).shape == (0, 2)


def test_add_facts_is_lazy_and_ordered():
    sym = SymbolTable(["a", "b", "c"])
    st = Store(sym)
    first = st.add(fact("p", c, c))
    ids = np.array([[0, 1], [1, 2], [0, 1]])
    assert st.add_facts("p", 2, ids) == 3
    assert st.count(P2) == 4
    assert st.columns(P2).tolist() == [[2, 2], [0, 1], [1, 2], [0, 1]]
    assert st.columns_complete(P2)
    assert st.distinct_count(P2) == 3
    cls = st.clauses(P2)
    assert heads(cls) == [s("p", c, c), s("p", a, b), s("p", b, c), s("p", a, b)]
    assert cls[0] is first
    assert len({x.id for x in cls}) == 4
    assert st.clause(cls[2].id) is cls[2]
    assert all(x.body is TRUE for x in cls)


def test_add_facts_then_index_then_assert():
    sym = SymbolTable(["a", "b", "c"])
    st = Store(sym)
    st.add_facts("p", 2, np.array([[0, 1], [1, 2]]))
    got = st.candidates(s("p", b, Var()))
    assert heads(got) == [s("p", b, c)]
    st.add_facts("p", 2, np.array([[1, 0]]))
    new = st.add(fact("p", b, b), front=True)
    assert heads(st.candidates(s("p", b, Var()))) == [s("p", b, b), s("p", b, c), s("p", b, a)]
    assert st.candidates(s("p", b, Var()))[0] is new


def test_add_facts_spans_and_validation():
    sym = SymbolTable(["a"])
    st = Store(sym)
    st.add_facts("p", 1, np.array([[0]]), spans=np.array([[3, 1, 3, 6]]), file="f.nl")
    (cl,) = st.clauses((Atom("p"), 1))
    assert cl.span == Span("f.nl", 3, 1, 3, 6)
    with pytest.raises(ValueError):
        st.add_facts("p", 1, np.array([[5]]))
    with pytest.raises(ValueError):
        st.add_facts("p", 2, np.array([[0]]))


def test_distinct_count_mixed():
    st = Store()
    for _ in range(2):
        st.add(fact("p", a, b))
        st.add(fact("p", a, 1))
        st.add(fact("p", a, s("f", 2.0)))
    st.add(Clause(s("p", Var(), b)))
    assert st.count(P2) == 7
    assert st.distinct_count(P2) == 3


def test_index_key_distinguishes_types():
    keys = [index_key(x) for x in (a, 1, 1.0, "a", s("a", 1), s("a", 1, 2))]
    assert len(set(keys)) == len(keys)
    assert index_key(Var()) is None
    assert index_key(float("nan")) == index_key(float("nan"))
    assert index_key(0.0) == index_key(-0.0)    # superset: never misses a clause
