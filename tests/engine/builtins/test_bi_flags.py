"""Prolog flags: the checked and read-only ones are in the differential
program iso_errors_18.pl; here what it cannot see (stderr)."""

from __future__ import annotations

import io

from neurosym import KnowledgeBase


def test_unknown_warning_fails_with_a_warning_on_stderr(capsys):
    kb = KnowledgeBase.from_string("", output=io.StringIO())
    assert kb.ask("set_prolog_flag(unknown, warning)")
    assert kb.ask("undefined_thing_18(1)") is False
    assert capsys.readouterr().err == "Warning: Unknown procedure: undefined_thing_18/1\n"
    assert kb.ask("set_prolog_flag(unknown, fail)")
    assert kb.ask("undefined_thing_18(1)") is False
    assert capsys.readouterr().err == ""


def test_read_only_flags_are_not_saved_in_the_machine():
    kb = KnowledgeBase.from_string("", output=io.StringIO())
    assert kb.ask("current_prolog_flag(max_arity, unbounded)")
    assert "max_arity" not in kb.machine.flags
