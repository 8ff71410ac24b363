"""The toplevel in-process: answers, keys, errors and commands."""

from __future__ import annotations

import io

import pytest

from neurosym.faces.commands import COMMANDS, HELP
from neurosym.faces.toplevel import Toplevel, input_complete
from neurosym.kb import KnowledgeBase
from neurosym.lang.parser import parse_query

PROG = """
parent(tom, bob).
parent(tom, liz).
parent(bob, ann).
grandparent(X, Z) :- parent(X, Y), parent(Y, Z).
shout(X) :- member(X, [1, 2]), write(X), nl.
"""


def make(keys=None, program=PROG):
    out, err = io.StringIO(), io.StringIO()
    kb = KnowledgeBase.from_string(program)
    it = iter(keys) if keys is not None else None
    ask = (lambda: next(it)) if it is not None else None
    return Toplevel(kb, out=out, err=err, ask=ask), out, err


def test_all_answers_without_keys():
    top, out, _ = make()
    top.handle("parent(tom, X).")
    assert out.getvalue() == "X = bob ;\nX = liz.\n"


def test_keys_next_then_stop():
    top, out, _ = make(keys=[";", "\r"])
    top.handle("parent(X, Y).")
    assert out.getvalue() == "X = tom,\nY = bob ;\nX = tom,\nY = liz .\n"


def test_every_next_key_and_stop_key():
    for key in ";n \t":
        top, out, _ = make(keys=[key, "\r"])
        top.handle("parent(tom, X).")
        assert out.getvalue() == "X = bob ;\nX = liz.\n", repr(key)
    for key in "\r\n.c":
        top, out, _ = make(keys=[key])
        top.handle("parent(tom, X).")
        assert out.getvalue() == "X = bob .\n", repr(key)


def test_unknown_key_and_help_then_next():
    top, out, _ = make(keys=["x", "h", ";"])
    top.handle("parent(tom, X).")
    text = out.getvalue()
    assert "Unknown action: x (h for help)" in text
    assert "Actions:" in text
    assert text.endswith(";\nX = liz.\n")


def test_abort_key():
    top, out, err = make(keys=["a"])
    top.handle("parent(tom, X).")
    assert out.getvalue().startswith("X = bob")
    assert "% Execution Aborted" in err.getvalue()


def test_true_false_and_shared_variables():
    top, out, _ = make()
    top.handle("parent(tom, bob).")
    top.handle("parent(ann, _).")
    top.handle("X = Y.")
    top.handle("X = f(_A, _A, _).")
    assert out.getvalue().splitlines() == [
        "true.", "false.", "X = Y.", "X = f(_A, _A, _)."]


def test_answer_text_reparses():
    top, out, _ = make()
    top.handle("X = 'hello world', Y = [1, \"s\", f(-1)], Z = 'A'.")
    text = out.getvalue()
    assert text.endswith(".\n")
    again = text.rstrip(".\n")
    parse_query(again)                      # the answer is a goal again ...
    top2, out2, _ = make()
    top2.handle(again + ".")
    assert out2.getvalue() == text          # ... with the same answer


def test_variables_in_order_of_appearance():
    top, out, _ = make()
    top.handle("B = 2, A = 1.")
    assert out.getvalue() == "B = 2,\nA = 1.\n"


def test_output_of_later_answers_waits_for_the_key():
    top, out, _ = make(keys=[";"])
    top.handle("shout(X).")
    assert out.getvalue() == "1\nX = 1 ;\n2\nX = 2.\n"


def test_fresh_line_before_the_answer():
    top, out, _ = make()
    top.handle("write(hi).")
    assert out.getvalue() == "hi\ntrue.\n"


def test_errors_and_the_session_goes_on():
    top, out, err = make()
    top.handle("foo(.")
    top.handle("nope(X).")
    top.handle("X is 1/0.")
    top.handle("atom_length(X, Y).")
    top.handle("parent(bob, X).")
    e = err.getvalue().splitlines()
    assert e[0].startswith("syntax error: ")
    assert e[1] == "foo(." and e[2].strip() == "^"
    assert "error: Unknown procedure: nope/1" in e
    assert "error: Arithmetic: evaluation error: zero_divisor" in e
    assert "error: Arguments are not sufficiently instantiated" in e
    assert out.getvalue() == "X = ann.\n"


def test_error_after_an_answer_comes_when_asked_for():
    top, out, err = make(keys=[";"])
    top.handle("member(X, [1, a]), Y is X + 1.")
    assert out.getvalue() == "X = 1,\nY = 2 ;\n"
    assert "Type error" in err.getvalue()
    top, out, err = make(keys=["\r"])
    top.handle("member(X, [1, a]), Y is X + 1.")
    assert out.getvalue() == "X = 1,\nY = 2 .\n"
    assert err.getvalue() == ""


def test_halt():
    top, _, _ = make()
    top.handle("halt.")
    assert top.halted == 0
    top, _, _ = make()
    top.handle("halt(3).")
    assert top.halted == 3


def test_assertz_at_the_prompt_and_add():
    top, out, _ = make()
    top.handle("assertz(likes(mary, wine)).")
    top.handle(":add likes(john, X) :- likes(X, wine).")
    top.handle("likes(john, Who).")
    assert out.getvalue().splitlines() == ["true.", "% added 1 clause", "Who = mary."]


def test_listing():
    top, out, _ = make()
    top.handle(":listing grandparent/2")
    assert out.getvalue() == ("grandparent(X,Z) :-\n    parent(X,Y),\n    parent(Y,Z).\n\n")
    top, out, _ = make()
    top.handle(":listing")
    assert "parent(tom,bob)." in out.getvalue()
    assert "shout(X) :-" in out.getvalue()


def test_why_shows_the_proof_of_the_last_answer():
    top, out, _ = make(keys=[";", "\r"])
    top.handle("grandparent(tom, Who).")
    top.handle(":why")
    text = out.getvalue()
    assert "grandparent(tom,ann)    by grandparent(X,Z) :- parent(X,Y),parent(Y,Z)" in text
    assert "  parent(tom,bob)    fact" in text
    assert "  parent(bob,ann)    fact" in text


def test_why_without_a_query():
    top, out, _ = make()
    top.handle(":why")
    assert "no answer to explain" in out.getvalue()


def test_limits_show_set_and_hit():
    top, out, err = make()
    top.handle(":limits")
    assert out.getvalue() == "% limits: depth=none inferences=none time=none answers=none\n"
    top.handle(":limits inferences=1000 time=5")
    assert top.limits.inferences == 1000 and top.limits.time == 5
    top.handle("length(L, N), N > 100000.")
    assert "Resource limit exceeded: inferences" in err.getvalue()
    top.handle(":limits inferences=none")
    assert top.limits.inferences is None
    top.handle(":limits depth=-3")
    top.handle(":limits colour=red")
    assert err.getvalue().count("bad") == 2


def test_load_and_reload(tmp_path):
    f = tmp_path / "f.nsl"
    f.write_text("c(1).\n")
    top, out, err = make()
    top.handle(f":load {f}")
    f.write_text("c(2).\n")
    top.handle(":reload")
    top.handle("c(X).")
    assert out.getvalue().splitlines()[-1] == "X = 2."
    top.handle(f":load {tmp_path / 'missing.nsl'}")
    assert err.getvalue().startswith("error:")


@pytest.mark.parametrize("cmd", [":soft on", ":similar tom", ":train", ":rules"])
def test_later_layers_say_so(cmd):
    top, out, err = make()
    top.handle(cmd)
    assert err.getvalue().startswith("not available yet:")
    assert "bridge" in err.getvalue() or "learning" in err.getvalue()


def test_save_and_open_say_when_persistence_is_missing(tmp_path):
    top, out, err = make()
    top.handle(f":save {tmp_path}")
    top.handle(f":open {tmp_path}")
    if not hasattr(KnowledgeBase, "save"):
        assert err.getvalue().count("not available yet") == 2
    else:
        assert "% saved" in out.getvalue()


def test_unknown_command_suggests():
    top, _, err = make()
    top.handle(":lisitng")
    assert "did you mean :listing?" in err.getvalue()


def test_help_lists_every_command():
    top, out, _ = make()
    top.handle(":help")
    for name in COMMANDS:
        assert f":{name}" in out.getvalue()
    assert set(HELP) == set(COMMANDS)


def test_input_complete():
    assert input_complete("p(X).")
    assert input_complete("p(X). % comment")
    assert not input_complete("p(X")
    assert not input_complete("p(X)")
    assert not input_complete("X = 'a.")
    assert not input_complete("X = \"a.")
    assert input_complete("foo(.")            # an end token: report the error
    assert input_complete("p(,).")
    assert not input_complete("X =..")
    assert input_complete(":help")
    assert not input_complete(":add p(a)")
    assert input_complete(":add p(a).")
    assert input_complete("")


def test_directive_at_the_prompt():
    top, out, _ = make()
    top.handle(":- dynamic counter/1.")
    top.handle("counter(X).")
    assert out.getvalue() == "false.\n"


def test_consult_goals_and_make(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "colours.nsl").write_text("colour(red).\n")
    top, out, err = make()
    top.handle("[colours].")                     # the extension is found
    top.handle("consult('colours.nsl').")        # again: replaces, no duplicates
    top.handle("colour(X).")
    (tmp_path / "colours.nsl").write_text("colour(blue).\n")
    top.handle("make.")
    top.handle("colour(X).")
    assert out.getvalue().splitlines() == ["true.", "true.", "X = red.", "true.", "X = blue."]
    top.handle("[nofile].")
    assert err.getvalue().startswith("error:")


def test_several_goals_on_one_line():
    top, out, err = make()
    top.handle("X = 1, Y = 2. parent(bob, Z).   X = 'a. b'.")
    assert out.getvalue() == "X = 1,\nY = 2.\nZ = ann.\nX = 'a. b'.\n"
    top, out, err = make()
    top.handle("halt. X = 1.")
    assert top.halted == 0 and out.getvalue() == ""
    top, out, err = make()
    top.handle("X = 1. foo(.")
    assert out.getvalue() == "" and err.getvalue().startswith("syntax error")


def test_operators_of_the_program_at_the_prompt():
    top, out, err = make(program=":- op(700, xfx, ===>).\nrule(a ===> b).\n")
    top.handle("rule(X).")
    top.handle("op(200, xfy, ++).")
    top.handle("X = a ++ b. Y = (c ===> d).")
    assert err.getvalue() == ""
    assert out.getvalue() == "X = (a===>b).\ntrue.\nX = a++b.\nY = (c===>d).\n"
    assert input_complete("X = a ++", top.ops) is False
