"""Odds and ends: statistics/2, time/1's helpers, random numbers, gensym,
current_predicate/1, garbage_collect/0."""

from __future__ import annotations

import sys
import time

from ...terms import Atom, Struct, Var, deref, is_ground, make_list
from .. import budget
from ._util import (
    SLASH,
    domain_error,
    inst_error,
    need_atom,
    need_int,
    need_list,
    try_unify,
    type_error,
)
from .arith import eval_arith
from .evaluable import RNG
from .io import out_write, term_to_text
from .registry import det, nondet

__all__: list[str] = []

_START_WALL = time.time()
_LAST = {"runtime": 0, "walltime": 0}


def _ms(seconds: float) -> int:
    return int(seconds * 1000)


@det("statistics", 2)
def bi_statistics(m, key, value):
    k = need_atom(key).name
    if k in ("runtime", "process_cputime"):
        now = _ms(time.process_time())
        delta = now - _LAST["runtime"]
        _LAST["runtime"] = now
        return m.unify(value, make_list([now, delta]))
    if k in ("walltime", "real_time"):
        now = _ms(time.time() - _START_WALL)
        delta = now - _LAST["walltime"]
        _LAST["walltime"] = now
        return m.unify(value, make_list([now, delta]))
    if k == "cputime":
        return m.unify(value, time.process_time())
    if k == "inferences":
        return m.unify(value, int(getattr(m, "inferences", 0)))
    raise domain_error("statistics_key", Atom(k))


@det("$time_state", 1)
def bi_time_state(m, state):
    """time/1's start: ``'$time'(Inferences, CPU, Wall)`` now."""
    now = Struct(Atom("$time"), (int(m.inferences), time.process_time(), time.perf_counter()))
    return m.unify(state, now)


@det("$time_report", 1)
def bi_time_report(m, state):
    """time/1's line on standard error, as SWI-Prolog writes it:
    ``% 7 inferences, 0.000 CPU in 0.000 seconds (95% CPU, 1254480 Lips)``.
    The call of this reporter is not counted."""
    inf0, cpu0, wall0 = (deref(a) for a in deref(state).args)
    n = max(int(m.inferences) - inf0 - 1, 0)
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    pct = round(100 * cpu / wall) if wall > 0 else 0
    lips = "Infinite" if cpu <= 0 else str(int(n / cpu))
    out = m.output if m.output is not None else sys.stdout
    out.flush()
    sys.stderr.write(f"% {n:,} inferences, {cpu:.3f} CPU in {wall:.3f} seconds "
                     f"({pct}% CPU, {lips} Lips)\n")
    return True


@det("statistics", 0)
def bi_statistics0(m):
    out_write(m, f"% {time.process_time():.3f} seconds cpu time, "
            f"{int(getattr(m, 'inferences', 0)):,} inferences\n")
    return True


@det("garbage_collect", 0)
def bi_garbage_collect(m):
    return True


# -- library(random) -------------------------------------------------------------

@det("random", 1)
def bi_random(m, x):
    return m.unify(x, RNG.random())


@det("random_between", 3)
def bi_random_between(m, lo, hi, x):
    a, b = need_int(lo), need_int(hi)
    if a > b:
        return False
    return m.unify(x, RNG.randint(a, b))


@det("random_member", 2)
def bi_random_member(m, x, lst):
    items = need_list(lst)
    if not items:
        return False
    return m.unify(x, items[RNG.randrange(len(items))])


@det("random_permutation", 2)
def bi_random_permutation(m, lst, out):
    items = list(need_list(lst))
    RNG.shuffle(items)
    return m.unify(out, make_list(items))


@det("set_random", 1)
def bi_set_random(m, opt):
    o = deref(opt)
    if type(o) is Struct and o.name.name == "seed" and len(o.args) == 1:
        s = deref(o.args[0])
        if type(s) is Var:
            raise inst_error()
        RNG.seed(s if type(s) is int else str(s))
        return True
    raise domain_error("set_random", o)




# -- gensym ------------------------------------------------------------------------

def _counters(m) -> dict:
    return m.globals.setdefault("$gensym", {})


@det("gensym", 2)
def bi_gensym(m, base, out):
    b = need_atom(base).name
    c = _counters(m)
    c[b] = c.get(b, 0) + 1
    return m.unify(out, Atom(f"{b}{c[b]}"))


@det("reset_gensym", 1)
def bi_reset_gensym(m, base):
    _counters(m).pop(need_atom(base).name, None)
    return True


@det("reset_gensym", 0)
def bi_reset_gensym0(m):
    _counters(m).clear()
    return True


# -- current_predicate/1 -------------------------------------------------------------

@nondet("current_predicate", 1)
def bi_current_predicate(m, spec):
    s = deref(spec)
    if type(s) is Var:
        name, arity = Var(), Var()
    elif type(s) is Struct and s.name is SLASH and len(s.args) == 2:
        name, arity = s.args
        n, a = deref(name), deref(arity)
        if type(n) is not Var and type(n) is not Atom:
            raise type_error("predicate_indicator", s)
        if type(a) is not Var and type(a) is not int:
            raise type_error("predicate_indicator", s)
        if type(n) is Atom and type(a) is int:
            if m.store.defined((n, a)) and m.store.count((n, a)) > 0 or \
                    m.store.flags((n, a)).dynamic:
                yield True
            return
    else:
        raise type_error("predicate_indicator", s)
    for key in list(m.store.predicates()):
        if try_unify(m, (spec, Struct(SLASH, key)), (name, key[0]), (arity, key[1])):
            yield True





@det("term_hash", 2)
def bi_term_hash(m, t, h):
    """A stable hash of a ground term (unbound when ``t`` is not ground), as SWI."""
    import zlib

    if not is_ground(t):
        return True
    return m.unify(h, zlib.crc32(term_to_text(m, t, canonical=True).encode()) & 0xFFFFFF)


@det("sleep", 1)
def bi_sleep(m, secs):
    v = eval_arith(secs)
    if v > 0:                       # NaN does not sleep
        budget.sleep(v)             # wakes at the time limit, and raises it
    return True
