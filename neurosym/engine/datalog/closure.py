"""A kernel for transitive closure, the commonest recursive Datalog program.

A component made of one binary relation ``p`` with exactly the rules

    p(X, Y) :- e(X, Y).
    p(X, Z) :- p(X, Y), e(Y, Z).     % or  e(X, Y), p(Y, Z)   or  p(X, Y), p(Y, Z)

(and no facts of its own) computes ``p = e+``.  Semi-naive evaluation needs as
many rounds as the longest shortest path (999 on a chain of 1,000 nodes);
instead the kernel condenses the graph's strongly connected components and
propagates reachability as bit rows in reverse topological order, then unpacks
the bit matrix into pairs.  The answers are the same (the tests check it against
the generic fixpoint); the kernel is used only while the bit matrix stays small
(``MAX_BITS``).  For a query with a bound argument it runs a frontier BFS.
"""

from __future__ import annotations

import numpy as np

from .ir import Pos

__all__ = ["match_closure", "closure_pairs", "reachable", "MAX_BITS"]

MAX_BITS = 1 << 31      # nodes**2 bits (256 MiB)
ENABLED = True          # False: always use the generic fixpoint (benchmarks, tests)


def _is_pos(lit, key, arity=2) -> bool:
    return type(lit) is Pos and lit.key == key and all(type(a) is int for a in lit.args)


def match_closure(key, rules) -> tuple | None:
    """``e``'s key if ``rules`` (those of ``key``) are a transitive closure of it."""
    if not ENABLED:
        return None
    if key[1] != 2 or len(rules) != 2:
        return None
    base = rec = None
    for r in rules:
        if len(r.body) == 1:
            base = r
        elif len(r.body) == 2:
            rec = r
    if base is None or rec is None:
        return None
    (lit,) = base.body
    if type(lit) is not Pos or lit.key == key or lit.key[1] != 2 or not _is_pos(lit, lit.key):
        return None
    e = lit.key
    a, b = lit.args
    if a == b or base.head != (a, b):
        return None
    h = rec.head
    if len(set(h)) != 2 or not all(type(x) is int for x in h):
        return None
    l1, l2 = rec.body
    if not (type(l1) is Pos and type(l2) is Pos and l1.key in (key, e) and l2.key in (key, e)):
        return None
    if key not in (l1.key, l2.key) or not (_is_pos(l1, l1.key) and _is_pos(l2, l2.key)):
        return None
    x, y = l1.args
    y2, z = l2.args
    if y != y2 or len({x, y, z}) != 3 or h != (x, z):
        return None
    return e


def _scc(nv: int, src: np.ndarray, dst: np.ndarray):
    """Component of each node, numbered sinks first (iterative Tarjan)."""
    order = np.argsort(src, kind="stable")
    adj = dst[order].tolist()
    off = np.zeros(nv + 1, np.int64)
    np.cumsum(np.bincount(src, minlength=nv), out=off[1:])
    off = off.tolist()
    index = [-1] * nv
    low = [0] * nv
    comp = [-1] * nv
    stack: list = []
    counter = ncomp = 0
    for root in range(nv):
        if index[root] >= 0:
            continue
        work = [(root, off[root])]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        while work:
            v, i = work[-1]
            if i < off[v + 1]:
                work[-1] = (v, i + 1)
                w = adj[i]
                if index[w] < 0:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    work.append((w, off[w]))
                elif comp[w] < 0 and index[w] < low[v]:
                    low[v] = index[w]
                continue
            work.pop()
            if work:
                u = work[-1][0]
                if low[v] < low[u]:
                    low[u] = low[v]
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    comp[w] = ncomp
                    if w == v:
                        break
                ncomp += 1
    return np.array(comp, np.int64), ncomp


def closure_pairs(edges: np.ndarray) -> np.ndarray | None:
    """All pairs of ``e+`` for ``edges`` ``(2, m)``, or ``None`` if too large."""
    m = edges.shape[1]
    if m == 0:
        return np.zeros((2, 0), np.int64)
    nodes, inv = np.unique(edges.ravel(), return_inverse=True)
    nv = len(nodes)
    if nv * nv > MAX_BITS:
        return None
    src, dst = inv[:m], inv[m:]
    comp, nc = _scc(nv, src, dst)
    cu, cv = comp[src], comp[dst]
    size = np.bincount(comp, minlength=nc)
    cyclic = size > 1
    cyclic[cu[(cu == cv)]] = True
    cross = cu != cv
    cu, cv = cu[cross], cv[cross]
    o = np.argsort(cu, kind="stable")
    cu, cv = cu[o], cv[o]
    coff = np.zeros(nc + 1, np.int64)
    np.cumsum(np.bincount(cu, minlength=nc), out=coff[1:])
    # bit sets as Python ints (one OR of two 2,000-bit ints costs ~100 ns):
    # tself[c] = what a member of c reaches, plus c's members
    memb = [0] * nc
    comp_l = comp.tolist()
    for v, c in enumerate(comp_l):
        memb[c] |= 1 << v
    coff_l = coff.tolist()
    cv_l = cv.tolist()
    tself = [0] * nc
    for c in range(nc):                                  # sinks first
        r = memb[c]
        for d in cv_l[coff_l[c]:coff_l[c + 1]]:
            r |= tself[d]
        tself[c] = r
    nbytes = (nv + 7) // 8
    rowbytes = [t.to_bytes(nbytes, "little") for t in tself]
    raw = np.frombuffer(b"".join([rowbytes[c] for c in comp_l]), np.uint8).reshape(nv, nbytes)
    bits = np.unpackbits(raw, axis=1, count=nv, bitorder="little")
    # a node of an acyclic component does not reach itself
    solo = np.flatnonzero(~cyclic[comp])
    bits[solo, solo] = 0
    flat = np.flatnonzero(bits)
    out = np.empty((2, flat.size), np.int64)
    np.floor_divide(flat, nv, out=out[0])
    np.subtract(flat, out[0] * nv, out=out[1])
    nodes.take(out[0], out=out[0])
    nodes.take(out[1], out=out[1])
    return out


def reachable(edges: np.ndarray, start: int, size: int, forward: bool = True) -> np.ndarray:
    """Nodes reachable from ``start`` in one or more steps (frontier BFS)."""
    a, b = (edges[0], edges[1]) if forward else (edges[1], edges[0])
    if a.size == 0:
        return np.zeros(0, np.int64)
    order = np.argsort(a)          # any order within a source will do
    tgt = b[order]
    off = np.zeros(size + 1, np.int64)
    np.cumsum(np.bincount(a, minlength=size), out=off[1:])
    seen = np.zeros(size, bool)
    frontier = np.array([start], np.int64)
    while frontier.size:
        starts, ends = off[frontier], off[frontier + 1]
        cnt = ends - starts
        total = int(cnt.sum())
        if total == 0:
            break
        pos = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt - starts, cnt)
        nxt = tgt[pos]
        nxt = nxt[~seen[nxt]]
        seen[nxt] = True
        frontier = np.flatnonzero(np.bincount(nxt, minlength=0)) if nxt.size else nxt
    return np.flatnonzero(seen)
