"""Property: backtracking restores the constraint store exactly.

Random sequences of posts (linear constraints of every kind, some
non-linear) and unifications run on a machine; at each step the trail mark,
the store's State object, its signature and every variable's value are
recorded.  Undoing to each mark, newest first, must give back exactly that
State (the same object), the same signature and the same bindings, whether
the step succeeded or failed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym.engine.constraints.store import holder, post
from neurosym.kb import KnowledgeBase
from neurosym.terms import Atom, Struct, Var, deref
from neurosym.terms.printer import format_term

NV = 4
OPS = ["=", "=:=", "<", "=<", ">", ">=", "=\\="]

post_step = st.tuples(st.just("post"), st.sampled_from(OPS),
                      st.lists(st.integers(-3, 3), min_size=NV, max_size=NV),
                      st.integers(-6, 6), st.booleans())
bind_step = st.tuples(st.just("bind"), st.integers(0, NV - 1), st.integers(-4, 4))
alias_step = st.tuples(st.just("alias"), st.integers(0, NV - 1), st.integers(0, NV - 1))
steps = st.lists(st.one_of(post_step, post_step, bind_step, alias_step), min_size=1,
                 max_size=12)


def _expr(coefs, vs, nonlinear):
    t = 0
    for c, v in zip(coefs, vs, strict=True):
        if c:
            t = Struct(Atom("+"), (t, Struct(Atom("*"), (c, v))))
    if nonlinear:
        t = Struct(Atom("+"), (t, Struct(Atom("*"), (vs[0], vs[1]))))
    return t


def _snapshot(m, h, vs):
    return (len(m.trail), h.state, h.state.signature(), h.seen,
            tuple(format_term(deref(v)) if type(deref(v)) is not Var else id(deref(v))
                  for v in vs))


@settings(max_examples=150, deadline=None)
@given(steps)
def test_undo_restores_the_store_exactly(script):
    kb = KnowledgeBase()
    m = kb.machine
    m.trail = []
    m.cstore = None
    vs = [Var(f"V{i}") for i in range(NV)]
    h = holder(m)
    snaps = []
    for step in script:
        snap = _snapshot(m, h, vs)
        snaps.append(snap)
        if step[0] == "post":
            _, op, coefs, const, nonlinear = step
            ok = post(m, op, _expr(coefs, vs, nonlinear), const)
        elif step[0] == "bind":
            ok = m.unify(vs[step[1]], step[2]) and h.wake(m)
        else:
            ok = m.unify(vs[step[1]], vs[step[2]]) and h.wake(m)
        if not ok:
            m.undo(snap[0])
            assert _snapshot(m, h, vs)[1:] == snap[1:]
            snaps.pop()
    for snap in reversed(snaps):
        m.undo(snap[0])
        now = _snapshot(m, h, vs)
        assert now[1] is snap[1]
        assert now[2:] == snap[2:]
    assert h.state.empty() and all(v.ref is None for v in vs)
