"""Top-down (SLG tabling, flag ``datalog`` off) and bottom-up answers agree:
on every predicate with rules in every file of ``kb/`` (globbed, so new files
are covered), and on random stratified programs (hypothesis), where SWI-Prolog's
``:- table`` is a third opinion."""

import io
import subprocess
from pathlib import Path

import pytest
from datalog_helpers import SWIPL, clause_text
from hypothesis import given, settings
from test_datalog_property import LEVELS, programs, to_clauses

from neurosym import KnowledgeBase
from neurosym.engine.datalog import NotInFragment, StratificationError
from neurosym.engine.datalog.materialize import derived_predicates
from neurosym.terms import Atom, Struct, Var, indicator, resolve
from neurosym.terms.printer import format_term

KB_DIR = Path(__file__).resolve().parents[3] / "kb"
KB_FILES = sorted(p for p in KB_DIR.glob("*") if p.suffix in (".nsl", ".pl", ".tsv"))
_FALSE, _TRUE = Atom("false"), Atom("true")


def _quiet(_msg) -> None:
    pass


def load(path):
    kb = KnowledgeBase(output=io.StringIO(), warn=_quiet)
    kb.consult(path, on_query=lambda q: None)
    return kb


def open_goal(key):
    return Struct(key[0], tuple(Var(f"A{i}") for i in range(key[1]))) if key[1] else key[0]


def rows_of(kb, goal, datalog: bool) -> set:
    """Answer set of ``goal`` with every derived predicate tabled; ``datalog``
    picks the bottom-up server or SLG tabling."""
    kb.machine.flags["datalog"] = _TRUE if datalog else _FALSE
    out = set()
    for _ in kb.machine.run(goal):
        out.add(format_term(resolve(goal), quoted=True))
    return out


def _cases():
    fragment, outside = [], []
    for path in KB_FILES:
        kb = load(path)
        srv = kb.machine.tables.server
        for key in derived_predicates(kb.store):
            case = pytest.param(path, indicator(key[0], key[1]),
                                id=f"{path.name}:{indicator(key[0], key[1])}")
            (fragment if srv.plan(key).ok else outside).append(case)
    return fragment, outside


IN_FRAGMENT, OUTSIDE = _cases()


def test_kb_has_files():
    assert KB_FILES and IN_FRAGMENT


def _tabled_kb(path):
    kb = load(path)
    for key in derived_predicates(kb.store):
        kb.declare(key, "table")     # SLG needs tabling for recursion; bottom-up needs it to serve
    return kb


@pytest.mark.parametrize("path, pred", IN_FRAGMENT)
def test_kb_predicate_top_down_equals_bottom_up(path, pred):
    kb = _tabled_kb(path)
    name, ar = pred.rsplit("/", 1)
    key = (Atom(name), int(ar))
    goal = open_goal(key)
    if kb.machine.tables.server.plan(key).multiset is None:
        assert kb.machine.tables.served(goal) is not None     # really bottom-up
    bottom_up = rows_of(kb, goal, True)
    assert bottom_up == rows_of(kb, goal, False)
    assert len(kb.materialize([pred])[pred]) == len(bottom_up)
    # bound first argument: the magic-sets rewrite against SLG
    if key[1]:
        firsts = sorted({r.split("(", 1)[1].split(",")[0].rstrip(")") for r in bottom_up})[:3]
        for c in firsts:
            kb2 = _tabled_kb(path)       # fresh server: the call runs magic sets, not a filter
            from neurosym.lang import parse_program
            g = parse_program(f"?- {name}({', '.join([c] + ['_'] * (key[1] - 1))}).").queries[0].goal
            assert rows_of(kb2, g, True) == rows_of(kb2, g, False)


@pytest.mark.parametrize("path, pred", OUTSIDE)
def test_kb_predicate_outside_the_fragment_is_declined_by_reason(path, pred):
    """Not compared: the reason must be that the definition is outside the
    fragment (or not stratified), and a tabled call of it falls back to SLG."""
    kb = _tabled_kb(path)
    name, ar = pred.rsplit("/", 1)
    key = (Atom(name), int(ar))
    plan = kb.machine.tables.server.plan(key)
    assert isinstance(plan.error, (NotInFragment, StratificationError)), plan.reason
    assert kb.machine.tables.served(open_goal(key)) is None


# -- random stratified programs -----------------------------------------------

def program_text(base, rules) -> str:
    text = ":- dynamic e0/2, e1/2.\n"
    text += ":- table " + ", ".join(f"p{i}/2" for i in range(LEVELS)) + ".\n"
    return text + "\n".join(clause_text(c) for c in to_clauses(base, rules)) + "\n"


def kb_answers(kb, name, datalog, first=None) -> set:
    goal = Struct(Atom(name), (Atom(first) if first else Var("A"), Var("B")))
    kb.machine.flags["datalog"] = _TRUE if datalog else _FALSE
    out = set()
    for _ in kb.machine.run(goal):
        out.add(tuple(v.name if type(v) is Atom else v for v in (resolve(a) for a in goal.args)))
    return out


@settings(max_examples=60, deadline=None)
@given(programs())
def test_random_programs_served_equal_slg(prog):
    base, rules = prog
    kb = KnowledgeBase.from_string(program_text(base, rules), warn=_quiet)
    for lvl in range(LEVELS):
        name = f"p{lvl}"
        assert kb_answers(kb, name, True) == kb_answers(kb, name, False)
        kb2 = KnowledgeBase.from_string(program_text(base, rules), warn=_quiet)
        assert kb_answers(kb2, name, True, "c1") == kb_answers(kb2, name, False, "c1")
    assert kb.machine.tables.server.evaluations >= 1


@pytest.mark.swipl
@settings(max_examples=15, deadline=None)
@given(programs())
def test_random_programs_served_equal_swipl_tabling(prog):
    base, rules = prog
    text = program_text(base, rules)
    kb = KnowledgeBase.from_string(text, warn=_quiet)
    want = swipl_tabled(text)
    for lvl in range(LEVELS):
        name = f"p{lvl}"
        assert kb_answers(kb, name, True) == want[name]


def swipl_tabled(text: str) -> dict:
    """``{pN: answer set}`` under SWI-Prolog's ``:- table`` (fails if swipl is missing)."""
    goal = ("forall((member(P, [" + ", ".join(f"p{i}" for i in range(LEVELS)) + "]), "
            "G =.. [P, A, B], call(G)), format('~w ~w ~w~n', [P, A, B]))")
    out = subprocess.run([SWIPL, "-q", "-g", "consult(user)", "-g", goal, "-t", "halt"],
                         input=text, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    res: dict = {f"p{i}": set() for i in range(LEVELS)}
    for line in out.stdout.split("\n"):
        if line.strip():
            p, a, b = line.split()
            res[p].add(tuple(int(v) if v.lstrip("-").isdigit() else v for v in (a, b)))
    return res
