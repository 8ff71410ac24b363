"""help/1: summaries from engine/help.txt (SWI's manual is not installed
with swipl-nox, so there is no SWI output to compare with: plain tests)."""

from __future__ import annotations

import io

import pytest

from neurosym import KnowledgeBase
from neurosym.engine.builtins.help import help_entries
from neurosym.errors import PrologError
from neurosym.terms import Atom


@pytest.fixture
def kb():
    return KnowledgeBase.from_string("app([], L, L).\napp([H|T], L, [H|R]) :- app(T, L, R).\n",
                                     output=io.StringIO())


def _help(kb, spec):
    out = kb.output
    start = len(out.getvalue())
    assert len(list(kb.query(f"help({spec})", limit=None))) == 1
    return out.getvalue()[start:]


def test_summaries_of_every_arity_or_one(kb):
    text = _help(kb, "append")
    assert "append(?L1, ?L2, ?L3)\n    L3 is the concatenation of lists L1 and L2.\n" in text
    assert "append(+ListOfLists, ?List)" in text
    assert "L1, ?L2" not in _help(kb, "append/2")
    assert _help(kb, "maplist/4").startswith("maplist(:Goal, ?L1, ...)")


def test_predicates_without_a_summary_say_where_they_come_from(kb):
    assert _help(kb, "app") == "app/3\n    a predicate of the program (2 clauses); no summary.\n"
    assert "a builtin predicate; no summary." in _help(kb, "sym_simplify")


def test_nothing_by_that_name_is_a_warning(kb, capsys):
    assert _help(kb, "no_such_thing") == ""
    assert capsys.readouterr().err == "Warning: No help for no_such_thing.\n"
    with pytest.raises(PrologError):
        _help(kb, "_")


def test_every_entry_names_a_predicate_that_exists(kb):
    keys = set(kb.machine.callable_keys())
    toplevel = {"halt", "consult"}          # the toplevel's, not predicates
    missing = []
    for name, entries in help_entries().items():
        for arity, template, _ in entries:
            if name in toplevel:
                continue
            if arity is None:
                ok = any(k[0] is Atom(name) for k in keys)
            else:
                ok = (Atom(name), arity) in keys
            if not ok:
                missing.append(template)
    assert missing == []


def test_the_sandbox_runs_help_and_time_but_refuses_read(capsys):
    kb = KnowledgeBase(sandbox=True, output=io.StringIO())
    assert kb.ask("help(member), time(true)")
    assert "member(?Elem, ?List)" in kb.output.getvalue()
    assert "inferences" in capsys.readouterr().err
    with pytest.raises(PrologError, match="sandboxed"):
        kb.ask("read(_)")


@pytest.mark.parametrize("spec", [
    "setup_call_cleanup/3", "setup_call_catcher_cleanup/4", "call_cleanup/2", "time/1", "read/1",
    "read_term/2", "read_term/3", "predicate_property/2", "aggregate/3", "aggregate/4",
    "assertion/1", "must_be/2", "is_of_type/2", "getenv/2", "setenv/2", "get_time/1",
    "format_time/3", "setarg/3", "nb_setarg/3", "tab/2", "char_type/2", "code_type/2",
    "halt/0", "halt/1", "help/1", "trace/0", "spy/1"])
def test_the_builtins_of_issue_18_have_a_summary(kb, spec):
    text = _help(kb, spec)
    assert text and "no summary" not in text
