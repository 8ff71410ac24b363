"""SWI-Prolog's DWIM at the toplevel: ``Correct to: "parent(X,Y)"?``.

Before a goal runs, :func:`corrections` looks at the predicates it calls
through the control constructs (``,``, ``;``, ``->``, ``*->``, ``\\+`` and
the goal arguments of ``call/1``, ``once/1``, ``ignore/1``, ``forall/2``,
``findall/3``): for one that is not defined, whose name is close to exactly
one defined predicate of the same arity (among ``errors.nearest_predicates``,
the "did you mean" of the existence error, those one typo away as SWI's
``dwim_match/2`` has it: a letter added, dropped, changed or swapped with
its neighbour, in names of three letters or more), it proposes that predicate.  The
toplevel asks, as SWI does, and runs the corrected goal after ``y``; after
``n``, or when nobody can answer (a pipe), the goal runs as typed and its
existence error says "did you mean".  Nothing is corrected unless the
``unknown`` flag is ``error`` (the default).
"""

from __future__ import annotations

import difflib

from ..errors import nearest_predicates
from ..terms import TRUE, Atom, Struct, deref
from ..terms.printer import format_term

__all__ = ["corrections", "corrected", "one_typo", "YES_KEYS", "unseen_atoms",
           "unknown_atoms_note"]

YES_KEYS = frozenset("yYjJ \r\n")      # as SWI's '$confirm': anything else is no
MAX_VOCABULARY = 200_000    # names a failed goal's unknown atom is compared with, at most
MAX_WALK = 100_000          # clauses of a predicate searched for the atoms of its rules

# name/arity -> the argument positions that are goals
_GOAL_ARGS = {(",", 2): (0, 1), (";", 2): (0, 1), ("->", 2): (0, 1), ("*->", 2): (0, 1),
              ("\\+", 1): (0,), ("call", 1): (0,), ("once", 1): (0,), ("ignore", 1): (0,),
              ("forall", 2): (0, 1), ("findall", 3): (1,)}


def corrections(machine, goal) -> dict:
    """``{id(subgoal): (subgoal, corrected subgoal)}`` for the subgoals of
    ``goal`` that call an unknown predicate with one close, defined name."""
    if getattr(machine.flags.get("unknown"), "name", "error") != "error":
        return {}
    known = machine.callable_keys()
    defined = set(known)
    fixes: dict = {}
    stack = [goal]
    while stack:
        g = deref(stack.pop())
        if type(g) is Atom:
            key, args = (g, 0), ()
        elif type(g) is Struct:
            key, args = (g.name, len(g.args)), g.args
        else:
            continue
        pos = _GOAL_ARGS.get((key[0].name, key[1]))
        if pos is not None:
            stack.extend(args[i] for i in reversed(pos))
            continue
        if key in defined:
            continue
        near = [n for n, k in nearest_predicates(key[0].name, key[1], known)
                if k == key[1] and n != key[0].name and one_typo(key[0].name, n)]
        if len(near) == 1:
            fixed = Atom(near[0]) if type(g) is Atom else Struct(Atom(near[0]), args)
            fixes[id(g)] = (g, fixed)
    return fixes


def corrected(goal, fixes: dict):
    """``goal`` with the subgoals in ``fixes`` replaced (only the control
    constructs above them are rebuilt)."""
    g = deref(goal)
    fix = fixes.get(id(g))
    if fix is not None:
        return fix[1]
    if type(g) is not Struct:
        return g
    pos = _GOAL_ARGS.get((g.name.name, len(g.args)))
    if pos is None:
        return g
    args = list(g.args)
    for i in pos:
        args[i] = corrected(args[i], fixes)
    return Struct(g.name, tuple(args))


def one_typo(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one letter added, dropped, changed (its
    case too) or swapped with its neighbour, both at least three letters
    long, as SWI's ``dwim_match/2`` (``ap`` is not corrected to ``app``)."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def unseen_atoms(store, goal) -> list:
    """The atoms given as arguments to the program's predicates (not a
    library's) in ``goal`` that no ground fact has: ask before the goal runs
    (running it may intern them); :func:`unknown_atoms_note` takes them."""
    asked: dict[Atom, None] = {}
    stack = [goal]
    while stack:
        g = deref(stack.pop())
        if type(g) is not Struct:
            continue
        pos = _GOAL_ARGS.get((g.name.name, len(g.args)))
        if pos is not None:
            stack.extend(g.args[i] for i in reversed(pos))
        elif store.defined((g.name, len(g.args))):
            asked.update((a, None) for a in map(deref, g.args)
                         if type(a) is Atom and store.symbols.id_of(a) is None)
    return list(asked)


def unknown_atoms_note(store, atoms: list) -> str | None:
    """After a goal had no answer: ``% webap occurs in no clause; did you mean
    webapp?`` (a line each) for each of its ``unseen_atoms`` that no clause
    mentions and that is close to one that a clause does (a typo in a name,
    which exact unification cannot forgive); None when there is none."""
    unknown = _unused(store, atoms) if atoms else []
    used = _used_atoms(store) if unknown else None
    if used is None:
        return None
    used.difference_update(a.name for a in atoms)
    notes = []
    for a in unknown:
        near = difflib.get_close_matches(a.name, used, n=3, cutoff=0.75)
        if near:
            alts = " or ".join(format_term(Atom(n), quoted=True) for n in near)
            notes.append(f"% {format_term(a, quoted=True)} occurs in no clause; "
                         f"did you mean {alts}?")
    return "\n".join(notes) or None


def _unused(store, atoms: list) -> list:
    """The ``atoms`` (none in a ground fact: ``unseen_atoms``) that no clause
    of the store mentions: the other clauses are searched (:func:`_rule_atoms`)."""
    left = list(atoms)
    for found in _rule_atoms(store):
        left = [a for a in left if a not in found]
        if not left:
            break
    return left


def _rule_atoms(store):
    """The atoms of each predicate's rules and facts with variables (heads and
    bodies), a set a predicate, in the predicates of at most :data:`MAX_WALK`
    clauses (a bigger one is a table of facts, nearly always: its rules are not
    searched, nor its facts made)."""
    for key in store.predicates():
        if store.count(key) > MAX_WALK:
            continue
        found: set = set()
        for cl in store.clauses(key):
            if cl.body is TRUE and not cl.var_names:
                continue
            stack = [cl.head, cl.body]
            while stack:
                t = deref(stack.pop())
                if type(t) is Struct:
                    stack.extend(t.args)
                elif type(t) is Atom:
                    found.add(t)
        if found:
            yield found


def _used_atoms(store) -> set[str] | None:
    """The names of the atoms the store's clauses mention (those of its
    symbol table, the rules' of the predicates searched above), or None when
    there are more than :data:`MAX_VOCABULARY`."""
    symbols = store.symbols
    if len(symbols) > MAX_VOCABULARY:
        return None
    names = {symbols[i].name for i in range(len(symbols))}
    for found in _rule_atoms(store):
        names.update(a.name for a in found)
    return names
