"""Write the ILP benchmark tasks as Popper task folders (fixed seeds).

    .venv/bin/python benchmarks/ilp/make_tasks.py [--out benchmarks/ilp/tasks]

Each folder holds ``bk.pl``, ``exs.pl`` (the training examples: at most 10
positive ones), ``bias.pl`` and ``test.pl`` (held-out examples in the same
``pos``/``neg`` form, never shown to the learner).  The hidden program of each
task is in ``TASKS`` below (only to label examples: the tasks are generated
from a family tree, a graph, trains and the numbers, and labelled with
SWI-Prolog-free Python).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES = ["ann", "bob", "cid", "dee", "eve", "fay", "gus", "hal", "ida", "jon", "kim", "lou",
         "max", "ned", "oda", "pat", "quin", "rey", "sue", "tom", "uma", "vic", "wes", "xia",
         "yul", "zoe"]


# -- worlds -------------------------------------------------------------------
def family(seed: int = 1):
    """A four-generation family: ``parent`` pairs, sex, people."""
    rng = random.Random(seed)
    people, sex, parent = [], {}, []

    def person(s=None):
        i = len(people)
        name = f"{NAMES[i % len(NAMES)]}{i // len(NAMES) or ''}"
        people.append(name)
        sex[name] = s or rng.choice("mf")
        return name

    couples = [(person("m"), person("f")) for _ in range(3)]
    for _ in range(3):
        nxt = []
        for a, b in couples:
            for _ in range(rng.randint(1, 4)):
                c = person()
                parent += [(a, c), (b, c)]
                nxt.append(c)
        couples = []
        for c in nxt:
            if rng.random() < 0.8:
                spouse = person("f" if sex[c] == "m" else "m")
                couples.append((c, spouse))
    return people, sex, parent


def closure(pairs):
    succ: dict = {}
    for a, b in pairs:
        succ.setdefault(a, set()).add(b)
    out = set()
    for a in list(succ):
        stack, seen = [a], set()
        while stack:
            for b in succ.get(stack.pop(), ()):
                if b not in seen:
                    seen.add(b)
                    stack.append(b)
        out |= {(a, b) for b in seen}
    return out


def family_relations(seed: int = 1):
    people, sex, parent = family(seed)
    children: dict = {}
    for a, c in parent:
        children.setdefault(a, set()).add(c)
    gp = {(a, g) for a, c in parent for g in children.get(c, ())}
    sib = {(x, y) for p in children for x in children[p] for y in children[p] if x != y}
    uncle = {(u, n) for u, s in sib for p, n in parent if p == s and sex[u] == "m"}
    aunt = {(u, n) for u, s in sib for p, n in parent if p == s and sex[u] == "f"}
    return dict(people=people, sex=sex, parent=parent, grandparent=gp, ancestor=closure(parent),
                sibling=sib, uncle=uncle, aunt=aunt)


def family_bk(fam, extra: str = "") -> str:
    lines = [f"parent({a},{b})." for a, b in fam["parent"]]
    lines += [f"{'male' if s == 'm' else 'female'}({p})." for p, s in fam["sex"].items()]
    return "\n".join(lines) + "\n" + extra


def graph(seed: int = 2, n: int = 30, m: int = 40):
    rng = random.Random(seed)
    edges = set()
    while len(edges) < m:
        a, b = rng.sample(range(n), 2)
        edges.add((f"n{a}", f"n{b}"))
    return [f"n{i}" for i in range(n)], sorted(edges)


def trains(seed: int = 3, n: int = 60):
    """Michalski-style trains: cars with a length, a roof, wheels and a load;
    eastbound when a car is short and closed."""
    rng = random.Random(seed)
    facts, label = [], {}
    for t in range(n):
        tr = f"t{t}"
        east = False
        for c in range(rng.randint(2, 4)):
            car = f"{tr}_c{c}"
            length = rng.choice(["short", "long"])
            roof = rng.choice(["closed", "open_car"])
            facts += [f"has_car({tr},{car}).", f"{length}({car}).", f"{roof}({car})."]
            facts.append(f"{rng.choice(['two_wheels', 'three_wheels'])}({car}).")
            load = f"{car}_l"
            facts += [f"has_load({car},{load}).",
                      f"{rng.choice(['circle', 'triangle', 'rectangle'])}({load})."]
            east = east or (length == "short" and roof == "closed")
        label[tr] = east
    return facts, label


# -- tasks --------------------------------------------------------------------
def split(rng, pos, neg, n_pos, n_neg, n_test):
    pos, neg = sorted(pos), sorted(neg)
    rng.shuffle(pos)
    rng.shuffle(neg)
    return (pos[:n_pos], neg[:n_neg], pos[n_pos:n_pos + n_test], neg[n_neg:n_neg + n_test])


def exs(pred, pos, neg) -> str:
    return "".join(f"pos({pred}({','.join(map(str, a))})).\n" for a in pos) + \
        "".join(f"neg({pred}({','.join(map(str, a))})).\n" for a in neg)


def bias(head, arity, body, max_vars, max_body, max_clauses, recursion=False, extra="") -> str:
    out = [f"head_pred({head},{arity}).", *(f"body_pred({p},{a})." for p, a in body),
           f"max_vars({max_vars}).", f"max_body({max_body}).", f"max_clauses({max_clauses})."]
    if recursion:
        out.append("enable_recursion.")
    return "\n".join(out) + "\n" + extra


FAMILY_BODY = [("parent", 2), ("male", 1), ("female", 1)]


def make_tasks() -> dict:
    rng = random.Random(7)
    fam = family_relations()
    people = fam["people"]
    pairs = [(a, b) for a in people for b in people]
    tasks = {}
    for name, body, mv, mb, mc, rec, extra_bk in [
            ("grandparent", FAMILY_BODY, 4, 3, 2, False, ""),
            ("ancestor", FAMILY_BODY, 4, 3, 2, True, ""),
            ("sibling", FAMILY_BODY + [("neq", 2)], 4, 3, 2, False,
             "person(X) :- male(X).\nperson(X) :- female(X).\n"
             "neq(X, Y) :- person(X), person(Y), X \\== Y.\n"),
            ("uncle", FAMILY_BODY + [("sibling", 2)], 4, 3, 2, False, None)]:
        truth = fam[name]
        # half the negatives are near misses: pairs related some other way
        related = set(fam["parent"]) | fam["grandparent"] | fam["sibling"] | fam["ancestor"]
        related |= fam["aunt"] | fam["uncle"]
        related |= {(b, a) for a, b in related} | {(a, a) for a, _ in related}
        near = sorted(p for p in related if p not in truth)
        far = sorted(p for p in pairs if p not in truth and p not in related and p[0] != p[1])
        tr_pos, tr_near, te_pos, te_near = split(rng, truth, near, 8, 5, 20)
        _, tr_far, _, te_far = split(rng, [], far, 0, 5, 20)
        tr_neg, te_neg = tr_near + tr_far, te_near + te_far
        bk = family_bk(fam, extra_bk if extra_bk is not None else
                       "".join(f"sibling({a},{b}).\n" for a, b in sorted(fam["sibling"])))
        tasks[name] = dict(bk=bk, exs=exs(name, tr_pos, tr_neg), test=exs(name, te_pos, te_neg),
                           bias=bias(name, 2, body, mv, mb, mc, rec))
    nodes, edges = graph()
    reach = closure(edges)
    far = [p for p in reach if p not in edges]
    notr = [(a, b) for a in nodes for b in nodes if (a, b) not in reach]
    tr_pos, tr_neg, te_pos, te_neg = split(rng, far, notr, 8, 10, 40)
    tr_pos += sorted(edges)[:2]
    tasks["reach"] = dict(bk="".join(f"edge({a},{b}).\n" for a, b in edges) +
                          "".join(f"node({a}).\n" for a in nodes),
                          exs=exs("reach", tr_pos, tr_neg), test=exs("reach", te_pos, te_neg),
                          bias=bias("reach", 2, [("edge", 2), ("node", 1)], 4, 3, 2, True))
    facts, label = trains()
    east = [(t,) for t, e in label.items() if e]
    west = [(t,) for t, e in label.items() if not e]
    tr_pos, tr_neg, te_pos, te_neg = split(rng, east, west, 5, 5, 40)
    body = [("has_car", 1 + 1), ("has_load", 2), ("short", 1), ("long", 1), ("closed", 1),
            ("open_car", 1), ("two_wheels", 1), ("three_wheels", 1), ("circle", 1),
            ("triangle", 1), ("rectangle", 1)]
    tasks["trains"] = dict(bk="\n".join(facts) + "\n", exs=exs("east", tr_pos, tr_neg),
                           test=exs("east", te_pos, te_neg),
                           bias=bias("east", 1, body, 5, 4, 2, False))
    n = 60
    num_bk = "zero(0).\n" + "".join(f"next({i},{i + 1}).\n" for i in range(n))
    evens = [(i,) for i in range(0, n + 1, 2)]
    odds = [(i,) for i in range(1, n + 1, 2)]
    for name, pos, neg in [("even", evens, odds), ("odd", odds, evens)]:
        small = [x for x in pos if x[0] <= 20]
        small_neg = [x for x in neg if x[0] <= 20]
        tr_pos, tr_neg, _, _ = split(rng, small, small_neg, 5, 5, 0)
        te_pos = [x for x in pos if x not in tr_pos]
        te_neg = [x for x in neg if x not in tr_neg]
        tasks[name] = dict(bk=num_bk, exs=exs(name, tr_pos, tr_neg), test=exs(name, te_pos, te_neg),
                           bias=bias(name, 1, [("zero", 1), ("next", 2)], 4, 4, 2, True))
    lt = {(a, b) for a in range(n + 1) for b in range(n + 1) if a < b}
    ge = {(a, b) for a in range(n + 1) for b in range(n + 1) if a >= b}
    tr_pos, tr_neg, te_pos, te_neg = split(rng, [p for p in lt if p[1] <= 20],
                                           [p for p in ge if p[0] <= 20], 8, 10, 0)
    te_pos = [p for p in sorted(lt) if p not in tr_pos][::9]
    te_neg = [p for p in sorted(ge) if p not in tr_neg][::9]
    tasks["less_than"] = dict(bk=num_bk, exs=exs("lt", tr_pos, tr_neg), test=exs("lt", te_pos, te_neg),
                              bias=bias("lt", 2, [("zero", 1), ("next", 2)], 4, 3, 2, True))
    return tasks


def write(out: Path) -> list[str]:
    names = []
    for name, files in make_tasks().items():
        d = out / name
        d.mkdir(parents=True, exist_ok=True)
        for f in ("bk", "exs", "bias", "test"):
            text = files[f]
            if f == "bk":       # each predicate's clauses together, as Prolog wants
                text = "".join(sorted(text.splitlines(keepends=True),
                                      key=lambda line: line.split("(")[0]))
            (d / f"{f}.pl").write_text(text, encoding="utf-8")
        names.append(name)
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(HERE / "tasks"))
    args = ap.parse_args()
    print("wrote", ", ".join(write(Path(args.out))), "to", args.out)


if __name__ == "__main__":
    main()
