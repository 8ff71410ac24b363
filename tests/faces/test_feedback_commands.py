"""The feedback commands (``:yes :no :teach :unteach :undo :learn``): under a
pseudo-terminal as a user types them, and in-process for the cases around."""

from __future__ import annotations

import io
import os
import sys

import pexpect
import pytest

from neurosym.faces.toplevel import Toplevel
from neurosym.kb import KnowledgeBase

PROG = """
parent(tom, bob).
parent(tom, liz).
parent(bob, ann).
parent(liz, joe).
parent(joe, kim).
"""
VECTORS = "tom 1.0 0.0\nbob 0.9 0.1\nliz 0.0 1.0\nann 0.5 0.5\njoe 0.2 0.8\nkim 0.4 0.6\n"


@pytest.fixture
def repl(tmp_path):
    f = tmp_path / "family.nsl"
    f.write_text(PROG)
    (tmp_path / "v.vec").write_text(VECTORS)
    env = dict(os.environ, NEUROSYM_DATA_DIR=str(tmp_path / "data"), PROMPT_TOOLKIT_NO_CPR="1",
               TERM="xterm", COLUMNS="120", LINES="40")
    child = pexpect.spawn(sys.executable, ["-m", "neurosym", "repl", str(f)], env=env,
                          encoding="utf-8", timeout=60, dimensions=(40, 120), cwd=str(tmp_path))
    child.expect(r"\?-")
    yield child
    if child.isalive():
        child.terminate(force=True)


def ask(child, line: str, *expected: str) -> str:
    child.sendline(line)
    for e in expected:
        child.expect_exact(e)
    child.expect(r"\?-")
    return child.before


def score(child, goal: str) -> float:
    """The score of ``goal``'s one soft answer."""
    child.sendline(goal)
    child.expect(r"% score (\d\.\d{4})")
    value = float(child.match.group(1))
    child.expect_exact("true.")
    child.expect(r"\?-")
    return value


def test_feedback_teach_learn_undo_save_and_open_at_the_terminal(repl, tmp_path):
    child = repl
    ask(child, ":vectors v.vec", "% vectors of dimension 2")
    # one :no moves this small space far: below the default threshold (0.5)
    ask(child, ":soft on threshold=0.2", "% soft mode on threshold=0.2")
    first = score(child, "parent(tom, ann).")
    assert 0.5 < first < 1.0                          # a soft match (tom ~ bob), not exact
    ask(child, ":no", f"% no: score {first:.4f} -> ", "vector of tom", "vector of bob")
    lower = score(child, "parent(tom, ann).")
    assert lower < first                              # the next query reflects it
    ask(child, ":undo", "% undone: no parent(tom,ann)")
    assert score(child, "parent(tom, ann).") == first
    ask(child, ":no", f"% no: score {first:.4f} -> ")
    # examples of a new relation, then the rule that covers them
    ask(child, ":teach grandparent(tom, ann).", "% teach: grandparent(tom,ann) (fact added)")
    ask(child, ":teach grandparent(liz, kim).", "% teach: grandparent(liz,kim)")
    ask(child, ":unteach grandparent(tom, bob).", "% unteach: grandparent(tom,bob)")
    child.sendline(":learn grandparent/2")
    child.expect_exact("% 2 positive, 1 negative example of grandparent/2")
    child.expect_exact("grandparent(A,B) :- parent(A,C), parent(C,B).")
    child.expect_exact("Add these rules? (y/n)")
    child.send("y")
    child.expect_exact("% added 1 rule")
    child.expect(r"\?-")
    ask(child, ":soft off", "% soft mode off")
    ask(child, "grandparent(tom, joe).", "true.")        # by the accepted rule
    ask(child, f":save {tmp_path / 'saved'}", "% saved")
    ask(child, f":open {tmp_path / 'saved'}", "% opened")
    child.sendline(":learn grandparent/2")            # the examples came back too
    child.expect_exact("% 2 positive, 1 negative example")
    child.expect_exact("Add these rules? (y/n)")
    child.send("n")
    child.expect_exact("no")
    child.expect(r"\?-")
    ask(child, ":soft on threshold=0.2", "% soft mode on threshold=0.2")
    assert score(child, "parent(tom, ann).") == lower
    ask(child, ":undo", "% nothing to undo")         # the undo history is the session's
    child.sendline("halt.")
    child.expect(pexpect.EOF)


def make(program=PROG, keys=None):
    out, err = io.StringIO(), io.StringIO()
    it = iter(keys) if keys is not None else None
    top = Toplevel(KnowledgeBase.from_string(program), out=out, err=err,
                   ask=(lambda: next(it)) if it is not None else None)
    return top, out, err


def test_no_on_an_exact_answer_proves_it_again_and_weighs_the_rule():
    top, out, _ = make(PROG + "grandparent(X, Z) :- parent(X, Y), parent(Y, Z).\n")
    top.handle("grandparent(tom, X).")
    top.handle(":no")
    text = out.getvalue()
    assert "X = ann ;\nX = joe.\n" in text
    assert ("% no: score 1.0000 -> 0.9406 (weight of grandparent(X,Z) :- "
            "parent(X,Y),parent(Y,Z): 1 -> 0.9406)") in text
    assert top.kb.labelled("grandparent/2") == ([], ["grandparent(tom,joe)"])
    top.handle(":undo")
    assert "% undone: no grandparent(tom,joe)" in out.getvalue()
    assert top.kb.examples == []


def test_commands_without_what_they_need_say_so():
    top, out, err = make()
    for line in (":yes", ":undo", ":learn grandparent/2", ":teach", ":learn", ":learn p/2 no"):
        top.handle(line)
    assert out.getvalue() == ("% no answer to label (run a query first)\n% nothing to undo\n"
                              "% no positive examples of grandparent/2 yet (:yes, :teach give "
                              "them)\n")
    assert err.getvalue() == ("error: usage: :teach FACT.\nerror: usage: :learn p/N [yes]\n"
                              "error: usage: :learn p/N [yes]\n")
    top.handle(":teach parent(X, bob).")                 # bad input: one line, no traceback
    assert "must be ground" in err.getvalue().splitlines()[-1]


def test_learn_without_a_terminal_proposes_and_yes_adds():
    top, out, _ = make()
    for line in (":teach grandparent(tom, ann).", ":teach grandparent(liz, kim).",
                 ":unteach grandparent(tom, bob).", ":learn grandparent/2"):
        top.handle(line)
    assert out.getvalue().endswith("grandparent(A,B) :- parent(A,C), parent(C,B).\n"
                                   "% not added: ':learn grandparent/2 yes' adds it\n")
    assert not top.kb.ask("grandparent(tom, joe)")
    top.handle(":learn grandparent/2 yes")
    assert out.getvalue().endswith("% added 1 rule\n")
    assert top.kb.ask("grandparent(tom, joe)")


@pytest.mark.parametrize("kernel", ["rbf", "cosine"])
def test_no_scores_the_proof_with_the_kernel_the_query_used(tmp_path, kernel):
    (tmp_path / "v.vec").write_text(VECTORS)
    top, out, _ = make()
    top.handle(f":vectors {tmp_path / 'v.vec'}")
    top.handle(f":soft on threshold=0.2 kernel={kernel}")
    top.handle("parent(tom, ann).")
    shown = top.last_answer.score
    top.handle(":no")
    before = float(out.getvalue().split("% no: score ")[1].split(" ")[0])
    assert before == round(shown, 4)                  # the score the query printed
