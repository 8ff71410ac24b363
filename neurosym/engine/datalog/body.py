"""Evaluating one rule body over a *binding table*.

A binding table is one column of dense ids per live variable slot (all of the
same length).  Body literals are applied left to right: a positive literal is a
vectorised equi-join with a relation part (stable / delta / full) -- or only a
semi-join when it binds nothing that is used later (set semantics) -- a negation
an anti-join, comparisons and ``is/2`` column operations, ``aggregate_all/3`` a
grouped reduction of its auxiliary relation.  Columns of variables that nothing
later reads are dropped after each literal.  The head's rows are queued on the
head relation (committed at the end of the round).
"""

from __future__ import annotations

import numpy as np

from . import arith
from .ir import Agg, Cmp, Const, Is, Neg, Pos, Unify
from .joins import Index, _fits, pack, pack_pair, probe
from .values import Domain

__all__ = ["Prepared", "Ctx", "run_rule", "const_args"]


class Prepared:
    """A rule with constants resolved to dense ids and liveness precomputed."""

    __slots__ = ("rule", "live_after", "consts", "ident")

    def __init__(self, rule, domain: Domain) -> None:
        self.rule = rule
        later: set = {a for a in rule.head if type(a) is int}
        live = [None] * len(rule.body)
        for i in range(len(rule.body) - 1, -1, -1):
            live[i] = frozenset(later)
            later |= _slots_of(rule.body[i])
        self.live_after = live
        self.consts = {}
        for lit in rule.body:
            for a in const_args(lit):
                self.consts[id(a)] = domain.dense_of_value(a.value)
        for a in rule.head:
            if type(a) is Const:
                self.consts[id(a)] = domain.dense_of_value(a.value)
        self.ident = {}
        for lit in rule.body:
            if type(lit) is Cmp and lit.op in ("==", "\\==", "\\="):
                sides = tuple(e[1] if e[0] == "v" else Const(e[1]) for e in (lit.lhs, lit.rhs))
                for a in sides:
                    if type(a) is Const:
                        self.consts[id(a)] = domain.dense_of_value(a.value)
                self.ident[id(lit)] = sides


def _expr_slots(e, out: set) -> set:
    if e[0] == "v":
        out.add(e[1])
    elif e[0] != "c":
        for s in e[1]:
            _expr_slots(s, out)
    return out


def _slots_of(lit) -> set:
    t = type(lit)
    if t in (Pos, Neg):
        return {a for a in lit.args if type(a) is int}
    if t is Cmp:
        return _expr_slots(lit.rhs, _expr_slots(lit.lhs, set()))
    if t is Is:
        s = _expr_slots(lit.expr, set())
        if type(lit.target) is int:
            s.add(lit.target)
        return s
    if t is Unify:
        return {a for a in (lit.a, lit.b) if type(a) is int}
    if t is Agg:
        s = set(lit.group)
        if type(lit.result) is int:
            s.add(lit.result)
        return s
    return set()


def const_args(lit):
    t = type(lit)
    if t in (Pos, Neg):
        return [a for a in lit.args if type(a) is Const]
    if t is Unify:
        return [a for a in (lit.a, lit.b) if type(a) is Const]
    if t is Is and type(lit.target) is Const:
        return [lit.target]
    if t is Agg and type(lit.result) is Const:
        return [lit.result]
    return []


class Ctx:
    """``size`` is the packing radix: the domain size rounded up to a power of two,
    so new values from arithmetic rarely force re-packing."""

    __slots__ = ("domain", "rels", "size")

    def __init__(self, domain, rels) -> None:
        self.domain, self.rels = domain, rels
        self.size = _capacity(domain.size)

    def sync(self) -> None:
        if self.domain.size > self.size:
            self.size = _capacity(self.domain.size)
            for r in self.rels.values():
                r.resize_domain(self.size)


def _capacity(n: int) -> int:
    return 1 << max(6, (n - 1).bit_length())


def _select(rel_cols: np.ndarray, args, consts, bound) -> tuple:
    """Filter a relation part by constants and repeated free variables.
    Returns ``(rows or None, key_positions, new_slots{slot: pos})``."""
    m = rel_cols.shape[1]
    mask = None
    keypos, newpos = [], {}
    for j, a in enumerate(args):
        if type(a) is Const:
            c = rel_cols[j] == consts[id(a)]
            mask = c if mask is None else mask & c
        elif a in bound:
            keypos.append((j, a))
        elif a in newpos:
            c = rel_cols[j] == rel_cols[newpos[a]]
            mask = c if mask is None else mask & c
        else:
            newpos[a] = j
    rows = None if mask is None else np.flatnonzero(mask)
    return rows, keypos, newpos, m


def _join(ctx: Ctx, cols: dict, n: int, lit: Pos, which: str, prep, live) -> tuple:
    rel = ctx.rels[lit.key]
    part = rel.part(which)
    rows, keypos, newpos, m = _select(part, lit.args, prep.consts, cols)
    size = ctx.size
    if rows is not None:
        part = part[:, rows]
        m = part.shape[1]
    if not keypos and n == 1:
        out = {s: np.repeat(c, m) for s, c in cols.items() if s in live}
        for s, j in newpos.items():
            if s in live:
                out[s] = part[j]
        return out, m
    semi = not any(s in live for s in newpos)   # set semantics: a filter suffices
    if not keypos:
        if semi:
            return ({s: c for s, c in cols.items() if s in live}, n) if m else ({}, 0)
        li = np.repeat(np.arange(n, dtype=np.int64), m)
        ri = np.tile(np.arange(m, dtype=np.int64), n)
    else:
        lcols = [cols[s] for _, s in keypos]
        positions = tuple(j for j, _ in keypos)
        cacheable = rows is None and (len(positions) == 1 or size ** len(positions) < (1 << 62))
        if cacheable and 8 * n < m and rel.cached_index(which, positions, size) is None:
            cacheable = False   # a small binding table against a big new part: index the table
            idx = rel.index(which, positions,
                            lambda p: pack([p[j] for j in positions], size, p.shape[1]), size,
                            size ** len(positions))
            lk = pack(lcols, size, n)
        else:
            lk, rk = pack_pair(lcols, [part[j] for j in positions], size, n, m)
            # keys packed by radix ``size`` lie in [0, size**k): a CSR index over
            # that range is probed without bounds checks
            dom = size ** len(positions) if len(lcols) <= 1 or _fits([size] * len(lcols)) else None
            idx = Index(rk, dom) if (semi or n >= m) else None
        if semi:
            keep = np.flatnonzero(idx.contains(lk))
            return {s: c[keep] for s, c in cols.items() if s in live}, len(keep)
        if idx is not None:
            li, ri = probe(idx, lk)
        else:
            ri, li = probe(Index(lk, dom), rk)
    out = {s: c[li] for s, c in cols.items() if s in live}
    for s, j in newpos.items():
        if s in live:
            out[s] = part[j][ri]
    return out, len(li)


def _antijoin(ctx, cols, n, lit: Neg, prep) -> np.ndarray:
    rel = ctx.rels[lit.key]
    part = rel.part("full")
    rows, keypos, _, m = _select(part, lit.args, prep.consts, cols)
    if rows is not None:
        part = part[:, rows]
        m = part.shape[1]
    if not keypos:
        return np.full(n, m == 0)
    lk, rk = pack_pair([cols[s] for _, s in keypos], [part[j] for j, _ in keypos],
                       ctx.size, n, m)
    if m == 0:
        return np.ones(n, bool)
    return ~np.isin(lk, rk)


def _value_col(a, cols, n, prep):
    if type(a) is int:
        return cols[a]
    return np.full(n, prep.consts[id(a)], np.int64)


def _bind_or_test(slot_or_const, vals: np.ndarray, cols: dict, n: int, prep):
    """Bind a free slot to ``vals`` or keep rows where it equals them."""
    if type(slot_or_const) is int and slot_or_const not in cols:
        cols = dict(cols)
        cols[slot_or_const] = vals
        return cols, None
    return cols, _value_col(slot_or_const, cols, n, prep) == vals


def _filter(cols: dict, mask: np.ndarray, live) -> tuple:
    idx = np.flatnonzero(mask)
    return {s: c[idx] for s, c in cols.items() if s in live}, len(idx)


def _aggregate(ctx, cols, n, lit: Agg, prep) -> tuple:
    dom = ctx.domain
    aux = ctx.rels[lit.aux].part("full")
    g = len(lit.group)
    m = aux.shape[1]
    if lit.kind == "count":
        vals = np.ones(m, np.int64)
    else:
        vals = arith.eval_expr(lit.value, {i: aux[i] for i in range(aux.shape[0])}, m, dom)
    if g == 0:
        gid_out = np.zeros(n, np.int64)
        found = np.full(n, True)
        inv = np.zeros(m, np.int64)
        ngroups = 1
    else:
        lk, rk = pack_pair([cols[s] for s in lit.group], [aux[i] for i in range(g)],
                           ctx.size, n, m)
        ukeys, inv = np.unique(rk, return_inverse=True)
        ngroups = len(ukeys)
        pos = np.searchsorted(ukeys, lk)
        pos[pos >= ngroups] = 0
        found = (ukeys[pos] == lk) if ngroups else np.zeros(n, bool)
        gid_out = pos
    res = _group_reduce(lit.kind, vals, inv, ngroups, m)
    if lit.kind in ("count", "sum"):
        if res.dtype == np.int64:
            out_vals = np.where(found, res[gid_out], 0) if ngroups else np.zeros(n, np.int64)
        else:
            out_vals = np.empty(n, object)
            out_vals[:] = [res[k] if f else 0 for k, f in zip(gid_out.tolist(), found.tolist(), strict=True)]
        keep = None
    else:
        has = np.bincount(inv, minlength=ngroups) > 0 if m else np.zeros(ngroups, bool)
        keep = found & has[gid_out] if ngroups else np.zeros(n, bool)
        out_vals = res[gid_out] if ngroups else np.zeros(n, np.int64)
    if keep is not None:
        idx = np.flatnonzero(keep)
        cols = {s: c[idx] for s, c in cols.items()}
        out_vals = out_vals[idx]
        n = len(idx)
    ids = arith.to_dense(arith._narrow(out_vals) if out_vals.dtype == object else out_vals, dom)
    cols, mask = _bind_or_test(lit.result, ids, cols, n, prep)
    return cols, mask, n


def _group_reduce(kind, vals, inv, ngroups, m):
    if vals.dtype == np.int64:
        if kind == "count":
            return np.bincount(inv, minlength=ngroups).astype(np.int64)
        if kind == "sum":
            out = np.zeros(ngroups, np.int64)
            if m and int(np.abs(vals).max()) * m < (1 << 61):
                np.add.at(out, inv, vals)
                return out
        elif m:
            out = np.full(ngroups, 0, np.int64)
            order = np.argsort(inv, kind="stable")
            starts = np.flatnonzero(np.r_[True, np.diff(inv[order]) != 0])
            red = (np.minimum if kind == "min" else np.maximum).reduceat(vals[order], starts)
            out[inv[order][starts]] = red
            return out
        else:
            return np.zeros(ngroups, np.int64)
    acc: list = [None] * ngroups
    for k, v in zip(inv.tolist(), vals.tolist(), strict=True):
        a = acc[k]
        if kind == "sum":
            acc[k] = v if a is None else a + v
        elif a is None or (v < a if kind == "min" else v > a):
            acc[k] = v
    out = np.empty(ngroups, object)
    out[:] = [0 if a is None else a for a in acc]
    return out


def run_rule(ctx: Ctx, prep: Prepared, parts: dict) -> int:
    """Evaluate one rule; ``parts`` maps body positions to 'stable'/'delta'
    (others read 'full').  Queues the head rows on the head relation.
    Returns the work done, counted as the machine counts inferences: one
    per body literal evaluated and one per row it let through (a join step
    per row), so ``Limits(inferences=...)`` bounds bottom-up work too."""
    rule = prep.rule
    cols: dict = {}
    n = 1
    work = 0
    for i, lit in enumerate(rule.body):
        live = prep.live_after[i]
        t = type(lit)
        if t is Pos:
            cols, n = _join(ctx, cols, n, lit, parts.get(i, "full"), prep, live)
        elif t is Neg:
            cols, n = _filter(cols, _antijoin(ctx, cols, n, lit, prep), live)
        elif t is Cmp:
            if lit.op in ("==", "\\==", "\\="):
                sa, sb = prep.ident[id(lit)]
                a = _value_col(sa, cols, n, prep)
                b = _value_col(sb, cols, n, prep)
                mask = (a == b) if lit.op == "==" else (a != b)
            else:
                a = arith.eval_expr(lit.lhs, cols, n, ctx.domain)
                b = arith.eval_expr(lit.rhs, cols, n, ctx.domain)
                mask = arith.compare(lit.op, a, b)
            cols, n = _filter(cols, mask, live)
        elif t is Is:
            vals = arith.to_dense(arith.eval_expr(lit.expr, cols, n, ctx.domain), ctx.domain)
            ctx.sync()      # new values: later joins pack with the grown radix
            cols, mask = _bind_or_test(lit.target, vals, cols, n, prep)
            cols, n = _filter(cols, mask if mask is not None else np.ones(n, bool), live)
        elif t is Unify:
            a, b = lit.a, lit.b
            if type(a) is int and a not in cols:
                cols, mask = _bind_or_test(a, _value_col(b, cols, n, prep), cols, n, prep)
            else:
                cols, mask = _bind_or_test(b, _value_col(a, cols, n, prep), cols, n, prep)
            cols, n = _filter(cols, mask if mask is not None else np.ones(n, bool), live)
        elif t is Agg:
            cols, mask, n = _aggregate(ctx, cols, n, lit, prep)
            ctx.sync()
            cols, n = _filter(cols, mask if mask is not None else np.ones(n, bool), live)
        work += 1 + n
        if n == 0:
            return work
    head = ctx.rels[rule.key]
    if not rule.head:
        head.add(np.zeros((0, 1), np.int64))
        return work
    head.add_head([cols[a] if type(a) is int else prep.consts[id(a)] for a in rule.head], n)
    return work
