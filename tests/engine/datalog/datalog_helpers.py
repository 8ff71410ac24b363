"""Build clauses from Python for the Datalog tests, and print them as Prolog text
(for SWI-Prolog agreement tests)."""

from __future__ import annotations

import subprocess

from neurosym.engine.datalog import evaluate, iter_tuples
from neurosym.terms import Atom, Clause, Struct, SymbolTable, Var, deref

SWIPL = "/usr/bin/swipl"


def t(x):
    if isinstance(x, str) and x[:1].isupper():
        raise ValueError("use V() for variables")
    return Atom(x) if isinstance(x, str) else x


def S(name, *args):
    return Struct(Atom(name), tuple(t(a) for a in args)) if args else Atom(name)


def conj(*goals):
    out = goals[-1]
    for g in reversed(goals[:-1]):
        out = Struct(Atom(","), (g, out))
    return out


def rule(head, *body):
    return Clause(head, conj(*body)) if body else Clause(head)


def facts(name, rows):
    return [Clause(S(name, *r)) for r in rows]


def text(term) -> str:
    """Prolog text of a term (operators written canonically, which SWI reads)."""
    term = deref(term)
    if type(term) is Var:
        return term.name or f"_G{id(term)}"
    if type(term) is Atom:
        n = term.name
        return n if n.replace("_", "a").isalnum() and n[0].islower() else "'" + n.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if type(term) is int:
        return str(term)
    if type(term) is str:
        return '"' + term + '"'
    name = text(term.name)
    return f"{name}({', '.join(text(a) for a in term.args)})"


def clause_text(c) -> str:
    if c.is_fact:
        return text(c.head) + "."
    return f"{text(c.head)} :- {text(c.body)}."


def answers(clauses, key_name, arity, query=None, symbols=None):
    """Set of answer tuples (names for atoms, ints for ints)."""
    symbols = symbols or SymbolTable()
    res = evaluate(clauses, {}, symbols, query=query)
    arr = res.get((Atom(key_name), arity))
    if arr is None:
        return set()
    return {tuple(v.name if type(v) is Atom else v for v in row)
            for row in iter_tuples(arr, res.values)}


def swipl_answers(clauses, key_name, arity, tabled) -> set:
    """Answers of ``key_name/arity`` under SWI-Prolog with ``:- table`` on ``tabled``."""
    prog = "".join(f":- table {p}.\n" for p in tabled)
    prog += "\n".join(clause_text(c) for c in clauses) + "\n"
    args = ", ".join(f"A{i}" for i in range(arity))
    head = f"{key_name}({args})" if arity else key_name
    goal = (f"forall({head}, format(\"~w~n\", [x({args})]))" if arity
            else f"({head} -> writeln(x) ; true)")
    out = subprocess.run([SWIPL, "-q", "-g", "consult(user)", "-g", goal, "-t", "halt"],
                         input=prog, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    res = set()
    for line in out.stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        if arity == 0:
            res.add(())
            continue
        inner = line[2:-1]
        vals = tuple(int(v) if v.lstrip("-").isdigit() else v for v in inner.split(","))
        res.add(vals)
    return res
