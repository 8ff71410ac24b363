"""The predicate dependency graph, its strongly connected components and the
stratification check.

Edges point from a rule's head to the relations its body reads, marked ``pos``,
``neg`` (``\\+``) or ``agg`` (``aggregate_all/3``, through its auxiliary relation).
Components come out dependencies first, which is the order the evaluator runs
them in (a finer order than strata, with the same meaning).  A ``neg`` or ``agg``
edge inside one component makes the program unstratifiable:
:class:`StratificationError` names the cycle, e.g. ``p/1 -> \\+ q/1 -> p/1``.
"""

from __future__ import annotations

from collections import deque

from ...errors import NeurosymError
from .ir import Agg, Neg, Pos, Rule, key_str

__all__ = ["StratificationError", "Graph", "build_graph", "components", "check_stratified"]


class StratificationError(NeurosymError):
    """A cycle through negation or aggregation.  ``cycle`` lists the predicate keys
    (first == last); ``text`` renders it."""

    def __init__(self, message: str, cycle: list) -> None:
        super().__init__(message)
        self.cycle = cycle


class Graph:
    __slots__ = ("nodes", "edges", "aux_kind")

    def __init__(self) -> None:
        self.nodes: list = []
        self.edges: dict = {}      # key -> list of (key, sign)
        self.aux_kind: dict = {}   # aux key -> aggregate kind

    def add_node(self, k) -> None:
        if k not in self.edges:
            self.edges[k] = []
            self.nodes.append(k)


def build_graph(rules: list[Rule], extra_nodes=()) -> Graph:
    g = Graph()
    for k in extra_nodes:
        g.add_node(k)
    for r in rules:
        g.add_node(r.key)
        for lit in r.body:
            if type(lit) is Pos:
                dep, sign = lit.key, "pos"
            elif type(lit) is Neg:
                dep, sign = lit.key, "neg"
            elif type(lit) is Agg:
                dep, sign = lit.aux, "agg"
                g.aux_kind[lit.aux] = lit.kind
            else:
                continue
            g.add_node(dep)
            if (dep, sign) not in g.edges[r.key]:
                g.edges[r.key].append((dep, sign))
    return g


def components(g: Graph) -> list[list]:
    """Strongly connected components, dependencies first (iterative Tarjan)."""
    index: dict = {}
    low: dict = {}
    on: set = set()
    stack: list = []
    out: list[list] = []
    counter = 0
    for root in g.nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on.add(v)
            succ = g.edges[v]
            if i < len(succ):
                work.append((v, i + 1))
                w = succ[i][0]
                if w not in index:
                    work.append((w, 0))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


def _render(g: Graph, path: list) -> str:
    """``path`` is [(node, sign_of_edge_into_it)], starting node has sign None."""
    parts = []
    i = 0
    while i < len(path):
        k, sign = path[i]
        if k in g.aux_kind and i + 1 < len(path):
            nk, _ = path[i + 1]
            parts.append(f"aggregate_all({g.aux_kind[k]}, {key_str(nk)})")
            i += 2
            continue
        text = key_str(k)
        if sign == "neg":
            text = "\\+ " + text
        parts.append(text)
        i += 1
    return " -> ".join(parts)


def check_stratified(g: Graph, comps: list[list]) -> None:
    comp_of = {k: i for i, c in enumerate(comps) for k in c}
    for c in comps:
        members = set(c)
        for u in c:
            for v, sign in g.edges[u]:
                if sign == "pos" or v not in members:
                    continue
                # a path v -> ... -> u inside the component closes the cycle
                prev = {v: None}
                q = deque([v])
                while q and u not in prev:
                    x = q.popleft()
                    for y, s in g.edges[x]:
                        if comp_of.get(y) == comp_of[u] and y not in prev:
                            prev[y] = (x, s)
                            q.append(y)
                back = []
                x = u
                while x != v:
                    px, s = prev[x]
                    back.append((x, s))
                    x = px
                path = [(u, None), (v, sign)] + list(reversed(back))
                if u == v:
                    path = [(u, None), (u, sign)]
                cycle = [k for k, _ in path]
                text = _render(g, path)
                raise StratificationError(
                    f"program is not stratifiable: cycle through "
                    f"{'negation' if sign == 'neg' else 'aggregation'}: {text}", cycle)
