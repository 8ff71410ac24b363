"""Family stories in the style of CLUTRR, generated with a seed.

A story is a chain of ``k`` kinship facts between two people, plus
distractor people and facts; the question is the relation the chain
composes to.  Each story is drawn from a random family tree (couples,
children over a few generations), so every chain is consistent and its
label is computed from the tree, not from rules.

Relations are written as Prolog habits have them: ``father(X, Y)`` says
that ``X`` is the father of ``Y``.  There are 20 relation names, gendered,
with spouses and in-laws (``RELATIONS``).  A chain ``p0 - p1 - ... - pk``
of parent, child, spouse and sibling links gives the facts
``r_i(p_i, p_(i-1))``; the label is ``r(pk, p0)``: what ``pk`` is to
``p0``.  Chains whose end points are not one of the 20 relations (cousins,
great-grandparents ...) are drawn again.

``generate(k=3, n=100, seed=0)`` gives 100 stories with 3-fact chains.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = ["RELATIONS", "Story", "generate", "relation"]

RELATIONS = (
    "father", "mother", "son", "daughter", "brother", "sister", "husband", "wife",
    "grandfather", "grandmother", "grandson", "granddaughter", "uncle", "aunt",
    "nephew", "niece", "father_in_law", "mother_in_law", "son_in_law", "daughter_in_law",
)

_GENDERED = {
    "parent": ("father", "mother"), "child": ("son", "daughter"),
    "sibling": ("brother", "sister"), "spouse": ("husband", "wife"),
    "grandparent": ("grandfather", "grandmother"), "grandchild": ("grandson", "granddaughter"),
    "pibling": ("uncle", "aunt"), "nibling": ("nephew", "niece"),
    "parent_in_law": ("father_in_law", "mother_in_law"),
    "child_in_law": ("son_in_law", "daughter_in_law"),
}


@dataclass
class _Tree:
    male: dict = field(default_factory=dict)       # person -> bool
    parents: dict = field(default_factory=dict)    # person -> (father, mother) or ()
    spouse: dict = field(default_factory=dict)     # person -> person

    def children(self, p):
        return [c for c, ps in self.parents.items() if p in ps]

    def siblings(self, p):
        ps = self.parents.get(p, ())
        if not ps:
            return []
        return [c for c in self.children(ps[0]) if c != p]


def _tree(rng: random.Random, names, generations: int = 4) -> _Tree:
    """A family tree: a founding couple, then couples with 1-3 children per
    generation; each child may marry someone from outside."""
    t = _Tree()
    fresh = iter(names)

    def person(male: bool, parents=()):
        p = next(fresh)
        t.male[p], t.parents[p] = male, tuple(parents)
        return p

    gen = [(person(True), person(False))]
    t.spouse[gen[0][0]], t.spouse[gen[0][1]] = gen[0][1], gen[0][0]
    for _ in range(generations - 1):
        nxt = []
        for f, m in gen:
            for _ in range(rng.randint(1, 3)):
                c = person(rng.random() < 0.5, (f, m))
                if rng.random() < 0.8:
                    s = person(not t.male[c])
                    t.spouse[c], t.spouse[s] = s, c
                    nxt.append((c, s) if t.male[c] else (s, c))
        gen = nxt or gen
    return t


def relation(t: _Tree, x, y) -> str | None:
    """What ``x`` is to ``y`` in tree ``t`` (one of ``RELATIONS``), or None."""
    kind = _kind(t, x, y)
    return None if kind is None else _GENDERED[kind][0 if t.male[x] else 1]


def _kind(t: _Tree, x, y) -> str | None:
    if x == y:
        return None
    py = t.parents.get(y, ())
    if x in py:
        return "parent"
    if y in t.parents.get(x, ()):
        return "child"
    if t.spouse.get(y) == x:
        return "spouse"
    if x in t.siblings(y):
        return "sibling"
    if any(x in t.parents.get(p, ()) for p in py):
        return "grandparent"
    if any(y in t.parents.get(p, ()) for p in t.parents.get(x, ())):
        return "grandchild"
    if any(x in t.siblings(p) or t.spouse.get(x) in t.siblings(p) for p in py):
        return "pibling"
    if any(y in t.siblings(p) or t.spouse.get(y) in t.siblings(p)
           for p in t.parents.get(x, ())):
        return "nibling"
    if t.spouse.get(y) is not None and x in t.parents.get(t.spouse[y], ()):
        return "parent_in_law"
    if t.spouse.get(x) is not None and y in t.parents.get(t.spouse[x], ()):
        return "child_in_law"
    return None


def _links(t: _Tree, p) -> list:
    """The people one link (parent, child, spouse, sibling) away from ``p``."""
    out = list(t.parents.get(p, ())) + t.children(p) + t.siblings(p)
    if p in t.spouse:
        out.append(t.spouse[p])
    return out


@dataclass
class Story:
    """One story: ``chain`` (the k facts from the first queried person to
    the last), ``distractors`` (other true facts of the same family),
    ``query`` (the two people: ``(last, first)``) and ``label`` (what the
    last is to the first).  ``facts()`` is every fact, shuffled; ``text()``
    the facts as NSL."""

    chain: list
    distractors: list
    query: tuple
    label: str
    order: list

    def facts(self) -> list:
        return list(self.order)

    def text(self) -> str:
        return "".join(f"{r}({a}, {b}).\n" for r, a, b in self.facts())


def _story(rng: random.Random, k: int, distractors: int, stepwise: bool = False,
           max_tries: int = 200):
    names = [f"p{i}" for i in range(400)]
    rng.shuffle(names)
    t = _tree(rng, names, generations=4 if stepwise else max(3, min(6, k // 2 + 3)))
    people = list(t.male)
    for _ in range(max_tries):
        path = [rng.choice(people)]
        while len(path) <= k:
            options = [q for q in _links(t, path[-1]) if q not in path
                       and (not stepwise or relation(t, q, path[0]) is not None)]
            if not options:
                break
            path.append(rng.choice(options))
        if len(path) != k + 1:
            continue
        label = relation(t, path[-1], path[0])
        if label is None:
            continue
        chain = [(relation(t, path[i], path[i - 1]), path[i], path[i - 1])
                 for i in range(1, k + 1)]
        on_path = set(path)
        pool = [(relation(t, a, b), a, b) for a in people for b in _links(t, a)
                if not (a in on_path and b in on_path)]
        rng.shuffle(pool)
        extra = [f for f in pool if f[0] is not None][:distractors]
        order = chain + extra
        rng.shuffle(order)
        return Story(chain, extra, (path[-1], path[0]), label, order)
    return None


def generate(k: int, n: int, seed: int = 0, distractors: int = 4,
             stepwise: bool = False) -> list[Story]:
    """``n`` stories whose chains have ``k`` facts (``k >= 1``), each with up
    to ``distractors`` other facts of its family; the same seed gives the
    same stories.  ``stepwise``: every person on the chain is one of the 20
    relations to the first one, so the label follows by composing two known
    relations at a time (as CLUTRR's stories are built from composition
    rules); without it only the end points need a name."""
    if k < 1 or n < 0:
        raise ValueError(f"k must be at least 1 and n non-negative (k={k}, n={n})")
    rng = random.Random(f"stories/{seed}/{k}")
    out: list[Story] = []
    while len(out) < n:
        s = _story(rng, k, distractors, stepwise)
        if s is not None:
            out.append(s)
    return out
