"""The hypothesis space: clause bodies, generated one literal at a time.

A *literal* is ``(pred, args)``: ``pred`` an index into the task's predicate
list, ``args`` a tuple of variable numbers.  The head is always
``p(0, 1, ..., a-1)``; body variables are numbered from ``a`` on, a new one
always the lowest unused (no gaps).  A *body* is a tuple of literals kept in
a canonical form -- sorted, and the least such tuple over every renaming of
the non-head variables -- so two bodies that differ only in literal order or
in the names of their variables are one hypothesis.

:func:`refine` extends a body by one literal, pruning on the way:

* connectivity: a new literal shares a variable with the head or the body;
* head-variable coverage: the literals left can still bring in every head
  variable not yet in the body;
* type bias: a variable keeps one type (``type/2``);
* direction bias: an ``in`` argument is a head ``in`` variable or an output
  of another literal (``direction/2``);
* variants: a body already generated (up to renaming) is not generated again.

:func:`redundant` is the subsumption check: a body in which a literal maps
onto another one by renaming only variables of its own is theta-equivalent
to the smaller body, so it is never a hypothesis of its own.

Everything here is plain tuples and ints: cheap to hash, no terms built
until a hypothesis is tested (:mod:`.coverage`).
"""

from __future__ import annotations

from itertools import permutations, product

__all__ = ["Space", "refine", "redundant", "is_clause", "is_recursive", "body_vars",
           "readable_order", "canonical"]


class Space:
    """What one induction may use.  ``head``: the target's ``(name, arity)``; ``preds``: ``[(name, arity)]`` (names are
    ``Atom``s), the target first when recursion is allowed; ``target``: the
    index of the head predicate in ``preds`` (``None`` without recursion);
    ``types[i]`` / ``dirs[i]``: a tuple per predicate or ``None``;
    ``head_types`` / ``head_dirs`` likewise for the head."""

    __slots__ = ("head", "preds", "arity", "target", "max_vars", "max_body", "types", "dirs",
                 "head_types", "head_dirs", "max_arity", "head_in")

    def __init__(self, head, preds, target, max_vars: int, max_body: int,
                 types, dirs, head_types, head_dirs) -> None:
        self.head, self.preds, self.target = head, preds, target
        self.arity = arity = head[1]
        self.max_vars, self.max_body = max_vars, max_body
        self.types, self.dirs = types, dirs
        self.head_types, self.head_dirs = head_types, head_dirs
        self.max_arity = max((a for _, a in preds), default=1)
        self.head_in = frozenset(i for i in range(arity)
                                 if head_dirs is None or head_dirs[i] == "in")


def body_vars(body) -> set:
    return {v for _, args in body for v in args}


def _var_types(space: Space, body):
    """``{var: type}`` or ``None`` on a conflict."""
    typed: dict = {}
    if space.head_types is not None:
        typed.update(enumerate(space.head_types))
    for p, args in body:
        ts = space.types[p]
        if ts is None:
            continue
        for v, t in zip(args, ts, strict=True):
            if typed.setdefault(v, t) != t:
                return None
    return typed


def _bound(space: Space, body) -> set:
    """The variables an ``in`` argument may use: the head's inputs, then the
    outputs of every literal whose inputs are bound (a fixpoint)."""
    bound = set(space.head_in)
    todo = list(body)
    grown = True
    while grown:
        grown = False
        for lit in list(todo):
            p, args = lit
            d = space.dirs[p]
            if d is None or all(v in bound for v, m in zip(args, d, strict=True) if m == "in"):
                bound.update(args)
                todo.remove(lit)
                grown = True
    return bound


def canonical(space: Space, body) -> tuple:
    """The least sorted tuple of ``body`` over renamings of its body variables."""
    a = space.arity
    extra = sorted(v for v in body_vars(body) if v >= a)
    if not extra:
        return tuple(sorted(body))
    best = None
    for perm in permutations(range(a, a + len(extra))):
        ren = dict(zip(extra, perm, strict=True))
        cand = tuple(sorted((p, tuple(ren.get(v, v) for v in args)) for p, args in body))
        if best is None or cand < best:
            best = cand
    return best


def _literals(space: Space, body, used: set):
    """Every literal that may extend ``body`` (whose variables are ``used``)."""
    a = space.arity
    seen = set(range(a)) | used
    fresh0 = max(seen) + 1
    typed = _var_types(space, body) if space.types is not None else {}
    bound = _bound(space, body) if space.dirs is not None else None
    for p, (_, k) in enumerate(space.preds):
        ts = space.types[p] if space.types is not None else None
        ds = space.dirs[p] if space.dirs is not None else None
        for args in _arg_tuples(k, sorted(seen), fresh0, space.max_vars):
            if all(v >= fresh0 for v in args):
                continue                      # not connected
            if p == space.target and args == tuple(range(a)):
                continue                      # p(X..) :- p(X..): a tautology
            if ts is not None and typed is not None and _type_clash(args, ts, typed, fresh0):
                continue
            if ds is not None and bound is not None and any(
                    m == "in" and (v >= fresh0 or v not in bound) for v, m in zip(args, ds, strict=True)):
                continue
            yield (p, args)


def _type_clash(args, ts, typed, fresh0) -> bool:
    local: dict = {}
    for v, t in zip(args, ts, strict=True):
        want = typed.get(v) if v < fresh0 else local.setdefault(v, t)
        if want is not None and want != t:
            return True
    return False


_ARGS: dict = {}


def _arg_tuples(k: int, seen: list, fresh0: int, max_vars: int):
    """Argument tuples over the variables ``seen`` and new ones numbered from
    ``fresh0`` in order of first use (cached: few distinct calls)."""
    key = (k, tuple(seen), fresh0, max_vars)
    got = _ARGS.get(key)
    if got is None:
        got = _ARGS[key] = _make_arg_tuples(k, seen, fresh0, max_vars)
    return got


def _make_arg_tuples(k: int, seen: list, fresh0: int, max_vars: int):
    out = []
    for picks in product(range(len(seen) + k), repeat=k):
        args, nxt, ok = [], fresh0, True
        for i in picks:
            if i < len(seen):
                args.append(seen[i])
            else:
                j = fresh0 + (i - len(seen))
                if j > nxt or j >= max_vars:
                    ok = False
                    break
                if j == nxt:
                    nxt += 1
                args.append(j)
        if ok:
            out.append(tuple(args))
    return sorted(set(out))


def refine(space: Space, body, seen_keys: set, plain: bool = True, recursive: bool = True,
           origin: bool = False):
    """The canonical bodies one literal longer than ``body``, each once
    (``seen_keys`` collects what was generated, across calls).  ``plain`` /
    ``recursive``: whether to make bodies without / with a call of the target.
    ``origin``: yield ``(canonical, literal)`` pairs, the literal added to
    ``body`` as it is (the canonical body is a variant of ``body + (literal,)``)."""
    if len(body) >= space.max_body:
        return []
    used = body_vars(body)
    left = space.max_body - len(body) - 1
    rec_now = is_recursive(space, body)
    out = []
    for lit in _literals(space, body, used):
        if lit in body:
            continue
        rec = rec_now or lit[0] == space.target
        if not (recursive if rec else plain):
            continue
        new = body + (lit,)
        missing = space.arity - len(set(range(space.arity)) & (used | set(lit[1])))
        if missing > left * space.max_arity:
            continue
        key = canonical(space, new)
        if key in seen_keys:
            continue
        seen_keys.add(key)
        out.append((key, lit) if origin else key)
    return out


def is_clause(space: Space, body) -> bool:
    """Whether ``head :- body`` is a hypothesis: every head variable occurs in
    the body, and (direction bias) every head output is bound."""
    if not body:
        return False
    vs = body_vars(body)
    if not all(i in vs for i in range(space.arity)):
        return False
    if space.dirs is not None or space.head_dirs is not None:
        bound = _bound(space, body) if space.dirs is not None else vs
        if not all(i in bound for i in range(space.arity)):
            return False
    return True


def redundant(space: Space, body) -> bool:
    """Whether some literal maps onto another by renaming variables that occur
    in it alone (not in the head, not elsewhere in the body)."""
    a = space.arity
    count: dict = {}
    for _, args in body:
        for v in set(args):
            count[v] = count.get(v, 0) + 1
    for i, (p, args) in enumerate(body):
        own = {v for v in args if v >= a and count[v] == 1}
        if not own:
            continue
        for j, (q, brgs) in enumerate(body):
            if i == j or q != p:
                continue
            sub: dict = {}
            if all((sub.setdefault(v, w) == w) if v in own else v == w for v, w in zip(args, brgs, strict=True)):
                return True
    return False


def is_recursive(space: Space, body) -> bool:
    return space.target is not None and any(p == space.target for p, _ in body)


def readable_order(space: Space, body) -> list:
    """The body's literals in an order that reads from the head: each literal
    joins the variables already seen (inputs bound), recursive calls last."""
    left = sorted(body, key=lambda lit: (lit[0] == space.target, lit))
    seen = set(range(space.arity))
    bound = set(space.head_in)
    out = []
    while left:
        pick = None
        for lit in left:
            p, args = lit
            d = space.dirs[p] if space.dirs is not None else None
            ok_in = d is None or all(v in bound for v, m in zip(args, d, strict=True) if m == "in")
            if ok_in and any(v in seen for v in args):
                pick = lit
                break
        pick = pick or left[0]
        left.remove(pick)
        out.append(pick)
        seen.update(pick[1])
        bound.update(pick[1])
    return out
