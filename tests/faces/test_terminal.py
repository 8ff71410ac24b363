"""The prompt_toolkit pieces in-process: completion and the history path."""

from __future__ import annotations

import io

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from neurosym.faces.terminal import PredicateCompleter, history_path
from neurosym.faces.toplevel import Toplevel
from neurosym.kb import KnowledgeBase


def completions(text: str) -> list[str]:
    kb = KnowledgeBase.from_string("parent(tom, bob).\nparents(0).\n")
    top = Toplevel(kb, out=io.StringIO(), err=io.StringIO())
    doc = Document(text, len(text))
    return [c.text for c in PredicateCompleter(top).get_completions(doc, CompleteEvent())]


def test_predicates_of_the_program_library_and_builtins():
    assert completions("pare") == ["parent", "parents"]
    assert "member" in completions("X = [1], memb")      # the library
    assert "atom_length" in completions("atom_le")       # a builtin
    assert "between" in completions("betw")


def test_commands_only_as_the_first_word():
    assert completions(":li") == [":listing", ":limits"]
    assert completions(":lis") == [":listing"]
    assert set(completions(":")) >= {":help", ":why", ":limits", ":load"}
    assert completions("foo :li") == []


def test_no_completion_inside_a_word_or_variable():
    assert completions("Xpare") == []
    assert completions("X = 'pare") == []


def test_history_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROSYM_DATA_DIR", str(tmp_path / "d"))
    assert history_path() == str(tmp_path / "d" / "repl_history")
    assert (tmp_path / "d").is_dir()
