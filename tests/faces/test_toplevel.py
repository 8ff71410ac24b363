"""The toplevel in-process: answers, keys, errors and commands."""

from __future__ import annotations

import io

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
    # likes(john, X) may match likes(X, wine): a choicepoint is left, as in SWI
    assert out.getvalue().splitlines() == ["true.", "% added 1 clause", "Who = mary ;",
                                           "false."]


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


def test_why_names_variables_as_the_query_did():
    top, out, _ = make(program="p(X, Y) :- q(X, Z), r(Z, Y).\nq(a, _).\n"
                               "r(_, W) :- W = f(_).\ns(X, Y) :- q(X, Y).\n")
    top.handle("p(A, B).")
    top.handle(":why")
    top.handle("s(X, Unbound).")
    top.handle(":why")
    lines = out.getvalue().splitlines()
    # fresh variables are _A, _B ... shared by every step; clause texts
    # write their anonymous variables as _
    assert lines[:6] == ["A = a,", "B = f(_).",
                         "p(a,f(_A))    by p(X,Y) :- q(X,Z),r(Z,Y)  [<string>:1]",
                         "  q(a,_B)    fact  [<string>:2]",
                         "  r(_B,f(_A))    by r(_,W) :- W=f(_)  [<string>:3]",
                         "    f(_A)=f(_A)    (builtin)"]
    assert lines[7] == "s(a,Unbound)    by s(X,Y) :- q(X,Y)  [<string>:4]"
    assert lines[8] == "  q(a,Unbound)    fact  [<string>:2]"
    assert "_G" not in out.getvalue()


def test_proof_bindings_use_the_query_names():
    kb = KnowledgeBase.from_string("s(X, Y) :- q(X, Y).\nq(a, _).\n")
    (a,) = kb.query("s(A, B)", proof=True)
    (step,) = a.proof.steps
    assert step.goal == "s(a,B)" and step.bindings == {"X": "a", "Y": "B"}
    assert step.children[0].goal == "q(a,B)"


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


def test_save_and_open_round_trip(tmp_path):
    top, out, err = make()
    top.handle("assertz(seen(ann)), nb_setval(k, 7).")
    top.handle(":add 0.5 :: maybe(bob).")
    top.handle(f":save {tmp_path / 'kb'}")
    top.handle("assertz(seen(later)).")           # after the save: not in it
    top.handle(f":open {tmp_path / 'kb'}")
    top.handle("seen(X).")
    top.handle("maybe(X).")
    top.handle("nb_getval(k, V).")
    top.handle("grandparent(tom, W).")
    assert err.getvalue() == ""
    lines = out.getvalue().splitlines()
    assert lines[2] == f"% saved 7 clauses to {tmp_path / 'kb'}"
    assert lines[4] == f"% opened {tmp_path / 'kb'} (7 clauses)"
    # grandparent(tom, W) leaves parent(tom, liz) to try: ';' then false, as in SWI
    assert lines[5:] == ["X = ann.", "X = bob.", "V = 7.", "W = ann ;", "false."]
    assert top.kb.store.clauses(top.kb.store.predicates()[-1])[0].weight == 0.5


def test_save_and_open_errors(tmp_path):
    top, out, err = make()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    top.handle(f":save {tmp_path / 'mine'}")
    top.handle(f":open {tmp_path / 'mine'}")
    top.handle(f":open {tmp_path / 'nothing'}")
    top.handle(":save")
    e = err.getvalue().splitlines()
    assert "not a saved knowledge base and not empty" in e[0]
    assert "manifest.json is missing" in e[1]
    assert "no such directory" in e[2]
    assert e[3] == "error: usage: :save DIR"
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"
    top.handle("parent(bob, X).")                 # the knowledge base is still there
    assert out.getvalue() == "X = ann.\n"


SOFT = """
0.6 :: grandpaOf(clancy, bart).
fatherOf(abe, homer). fatherOf(homer, bart).
grandfatherOf(X, Z) :- fatherOf(X, Y), fatherOf(Y, Z).
"""
VECTORS = "grandpaOf 1.0 0.0 0.0\ngrandfatherOf 0.96 0.08 0.0\nfatherOf 0.0 1.0 0.0\n"
NOTE = ("% 3 of 7 symbols have vectors (3 of 3 predicates, 0 of 4 constants); "
        "only they take part in soft matches")


def soft_top(tmp_path, keys=None):
    (tmp_path / "v.vec").write_text(VECTORS)
    top, out, err = make(keys=keys, program=SOFT)
    top.handle(f":vectors {tmp_path / 'v.vec'}")
    return top, out, err


def test_similar_plain_table(tmp_path):
    top, out, err = soft_top(tmp_path)
    top.handle(":similar grandpaOf 2")
    top.handle(":similar grandfatherOf/2 1")
    assert out.getvalue().splitlines()[1:] == [
        NOTE,
        "rank  symbol         kind       score",
        "   1  grandpaOf      predicate  1.0000",
        "   2  grandfatherOf  predicate  0.9110",
        "rank  symbol         kind       score",
        "   1  grandfatherOf  predicate  1.0000"]
    top.handle(":similar grandpaof")
    top.handle(":similar")
    e = err.getvalue().splitlines()
    assert e[0] == "error: no constant or predicate vector for symbol 'grandpaof'; " \
                   "did you mean 'grandpaOf'?"
    assert e[1] == "error: usage: :similar SYMBOL [K]"


def test_similar_rich_table(tmp_path):
    top, out, _ = soft_top(tmp_path)
    top.rich = True
    top.handle(":similar grandpaOf 2")
    text = out.getvalue()
    assert "rank" in text and "grandfatherOf" in text and "0.9110" in text
    assert "\u2500" in text or "\u2501" in text       # a drawn table, not the plain columns


def test_soft_mode_scores_and_why(tmp_path):
    top, out, err = soft_top(tmp_path)
    top.handle("grandpaOf(abe, X).")               # exact: no answer
    top.handle(":soft on")
    top.handle("grandpaOf(abe, X).")
    top.handle(":why")
    top.handle(":soft off")
    top.handle("grandfatherOf(abe, X).")
    lines = out.getvalue().splitlines()
    assert lines[1:8] == [NOTE, "false.", "% soft mode on", NOTE, "% score 0.9110",
                          "X = bart.", "% score 0.9110"]
    assert lines[8].startswith("grandpaOf(abe,bart)    ~ by grandfatherOf(X,Z)")
    assert lines[8].endswith("  grandpaOf ~ grandfatherOf 0.9110")    # one score format
    assert lines[-2:] == ["% soft mode off", "X = bart."]
    top.handle(":soft maybe")
    top.handle(":soft on top_k=x")
    assert err.getvalue().count("error:") == 2


def test_soft_max_depth_option(tmp_path):
    top, out, err = make(program="edge(a, b). edge(b, c).\n"
                         "0.9 :: path(X, Y) :- edge(X, Y).\n"
                         "0.9 :: path(X, Y) :- path(X, Z), edge(Z, Y).\n")
    top.handle(":soft on max_depth=2 top_k=5")
    top.handle("path(a, Y).")
    assert out.getvalue().splitlines() == [
        "% soft mode on top_k=5 max_depth=2",
        "% none of the 5 symbols has a vector (given or learned): soft queries can only "
        "match exactly (load vectors or train)",
        "% score 0.9000", "Y = b."]
    top.handle(":soft on max_depth=0")
    top.handle(":soft on max_depth=two")
    assert err.getvalue().count("error: bad option") == 2
    assert "max_depth=N" in err.getvalue()


def test_soft_answers_show_before_a_long_search_for_the_next():
    # under min the left-recursive rule keeps the search going after d forever
    top, out, err = make(keys=[";", ";", "\r"],
                         program="edge(a, b). edge(b, c). edge(c, d).\n"
                         "0.9 :: path(X, Y) :- edge(X, Y).\n"
                         "0.9 :: path(X, Y) :- path(X, Z), edge(Z, Y).\n")
    top.handle(":limits inferences=40000")
    top.handle(":soft on")
    top.handle("path(a, Y).")
    assert out.getvalue().splitlines()[-6:] == [
        "% score 0.9000", "Y = b ;", "% score 0.9000", "Y = c ;",
        "% score 0.9000", "Y = d ."]
    assert err.getvalue() == ""
    # d was shown after a bounded look ahead, not after searching to the limit
    assert top.kb.machine.inferences < 20000
    top.handle("edge(a, Y).")                      # a short search ends with '.'
    assert out.getvalue().splitlines()[-2:] == ["% score 1.0000", "Y = b."]


def test_soft_mode_asks_for_more(tmp_path):
    top, out, _ = soft_top(tmp_path, keys=["\r"])
    top.kb.add("fatherOf(homer, lisa).")
    top.handle(":soft on top_k=5")
    top.handle("grandpaOf(abe, X).")
    assert out.getvalue().splitlines()[-2:] == ["% score 0.9110", "X = bart ."]


TRAIN_FACTS = """
parent(ann, bob). parent(bob, cid). parent(cid, dan). parent(dan, eve).
ancestor(ann, bob). ancestor(bob, cid). ancestor(ann, cid). ancestor(cid, dan).
"""


def test_train_rules_and_save(tmp_path):
    (tmp_path / "t.nsl").write_text("1 #1(X, Y) :- #2(X, Z), #3(Z, Y).\n")
    top, out, err = make(program=TRAIN_FACTS)
    top.handle(":rules")
    top.handle(f":train templates={tmp_path / 't.nsl'} dim=4 epochs=1 batch_size=4 k=2")
    top.handle(":rules")
    rules = out.getvalue().splitlines()[2:]
    top.handle(f":save {tmp_path / 'kb'}")
    top.handle(f":open {tmp_path / 'kb'}")
    top.handle(":rules")
    assert err.getvalue() == ""
    lines = out.getvalue().splitlines()
    assert lines[0] == "% no learned rules (:train templates=FILE learns them)"
    assert lines[1].startswith("% trained 1 epoch, loss ")
    assert rules and all(" :- " in r and float(r.split()[0]) >= 0 for r in rules)
    assert lines[-len(rules):] == rules                # the model came back with :open
    top.handle(":train")
    top.handle(f":train templates={tmp_path / 't.nsl'} colour=red")
    e = err.getvalue().splitlines()
    assert e[0].startswith("error: usage: :train templates=FILE")
    assert e[1].startswith("error: bad training option: colour")


def test_commands_without_learning_say_so(monkeypatch):
    monkeypatch.delattr(KnowledgeBase, "train")
    for cmd in (":train templates=t.nsl", ":rules"):
        top, out, err = make()
        top.handle(cmd)
        assert err.getvalue().startswith("learning is not available: ")


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


def test_soft_on_guided_runs_every_proof_best_first():
    import io

    from neurosym import KnowledgeBase
    from neurosym.faces.toplevel import Toplevel
    kb = KnowledgeBase.from_string("reach(X) :- goal(X).  reach(X) :- link(X, Y), reach(Y).\n"
                                   "link(a, b).  goal(b).  0.5 :: goal(a).")
    out = io.StringIO()
    top = Toplevel(kb, out=out)
    top.handle(":soft on guided")
    assert "% soft mode on guided" in out.getvalue()
    assert top.soft_options["mode"] == "guided"
    answers = list(kb.query("reach(a)", **top.soft_options))
    assert [a.score for a in answers] == [1.0, 0.5]


def test_one_score_format_in_every_face(tmp_path):
    """Answers, proofs, :why, neurosym query and similar print scores with
    format_score: four decimals."""
    import re
    import subprocess
    import sys

    from neurosym.proof import Match, Proof, Step, format_score
    assert format_score(0.5) == "0.5000" and format_score(1.0) == "1.0000"
    p = Proof(steps=[Step(goal="g", kind="soft", clause="h", prior=0.25, value=1 / 3,
                          matches=[Match(this="g", other="h", score=0.91443)])])
    assert p.render().endswith("g ~ h 0.9144    (prior 0.2500, value 0.3333)")
    top, out, _ = soft_top(tmp_path)
    top.handle(":soft on")
    top.handle("grandpaOf(abe, X).")
    top.handle(":why")
    top.handle(":similar grandpaOf 2")
    numbers = re.findall(r"\b\d+\.\d+\b", out.getvalue())
    assert numbers and all(re.fullmatch(r"\d\.\d{4}", n) for n in numbers), numbers
    (tmp_path / "s.nsl").write_text(SOFT)
    r = subprocess.run([sys.executable, "-m", "neurosym", "query", str(tmp_path / "s.nsl"),
                        "grandpaOf(abe, X)", "--soft", "--proof", "--vectors",
                        str(tmp_path / "v.vec")], capture_output=True, text=True, timeout=120)
    assert "% score 0.9110" in r.stdout and "grandpaOf ~ grandfatherOf 0.9110" in r.stdout


def test_correct_to_a_misspelt_predicate():
    # as swipl 9 asks: Correct to: "parent(X,Y)"? yes
    top, out, err = make(keys=["y", "\r"])
    top.handle("parnt(tom, X).")
    assert out.getvalue() == 'Correct to: "parent(tom,X)"? yes\nX = bob .\n'
    top.handle(":why")                      # the corrected goal is the last query
    assert "parent(tom,bob)    fact" in out.getvalue() and err.getvalue() == ""
    top, out, err = make(keys=["n"])
    top.handle("parnt(tom, X).")
    assert out.getvalue() == 'Correct to: "parent(tom,X)"? no\n'
    assert err.getvalue() == \
        "error: Unknown procedure: parnt/2; did you mean parent/2 or print/2?\n"
    # inside control constructs, one question per misspelt call; Enter is yes
    top, out, err = make(keys=["\r", "n"])
    top.handle("X = tom, \\+ parnt(X, nobody), membr(Y, [1]).")
    assert out.getvalue().splitlines()[:2] == ['Correct to: "parent(X,nobody)"? yes',
                                               'Correct to: "member(Y,[1])"? no']
    assert "membr/2; did you mean member/2?" in err.getvalue()


def test_no_correction_without_a_single_close_name_or_a_reader():
    top, out, err = make(keys=[])
    top.handle("parnt(X).")        # parent/2: another arity; print/1: two letters away
    top.handle("parent(X).")
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        "error: Unknown procedure: parnt/1; did you mean parent/2 or print/1?",
        "error: Unknown procedure: parent/1; did you mean parent/2?"]
    top, out, err = make()                  # a pipe: nobody can answer
    top.handle("parnt(tom, X).")
    assert out.getvalue() == ""
    assert err.getvalue() == \
        "error: Unknown procedure: parnt/2; did you mean parent/2 or print/2?\n"


def test_one_typo():
    from neurosym.faces.dwim import one_typo
    assert [one_typo("parnt", w) for w in ("parent", "print", "Parnt", "pranent")] == \
        [True, False, True, False]
    assert one_typo("memebr", "member") and one_typo("member", "membr")
    assert not one_typo("ab", "abcd")


def test_soft_kernel_option_and_vector_note(tmp_path):
    top, out, err = soft_top(tmp_path)
    top.handle(":soft on kernel=cosine top_k=1")
    top.handle("grandpaOf(abe, X).")
    lines = out.getvalue().splitlines()
    assert lines[2:5] == ["% soft mode on top_k=1 kernel=cosine", NOTE, "% score 0.9965"]
    assert top.soft_options["soft"] == {"kernel": "cosine"}
    top.handle(":soft on kernel=dot")
    assert "error: bad option 'kernel=dot'" in err.getvalue() and "kernel=rbf|cosine" in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_vectors_file_words_become_query_vocabulary(tmp_path):
    (tmp_path / "v.vec").write_text(VECTORS + "granddad 0.99 0.05 0.0\n")
    top, out, err = make(program=SOFT)
    top.handle(f":vectors {tmp_path / 'v.vec'}")
    top.handle(":soft on")
    top.handle("granddad(abe, X).")
    assert out.getvalue().splitlines()[-1] == "X = bart."
    assert err.getvalue() == ""


def test_save_keeps_feedback_on_an_opened_model(tmp_path):
    """``:save`` saves what ``kb.save`` saves: after ``:open`` and ``:rules``,
    the feedback given on a trained answer is kept, not the model as opened."""
    (tmp_path / "t.nsl").write_text("1 #1(X, Y) :- #2(X, Z), #3(Z, Y).\n")
    top, out, err = make(program=TRAIN_FACTS)
    top.handle(f":train templates={tmp_path / 't.nsl'} dim=4 epochs=1 batch_size=4 k=2 "
               "link=kge link_dim=4 link_weight=1.0 seed=0")
    top.handle(f":save {tmp_path / 'kb'}")
    top.handle(f":open {tmp_path / 'kb'}")
    top.handle(":rules")

    def ranked(kb):
        return [(a.to_python(), a.score) for a in kb.query("ancestor(ann, X)", mode="soft",
                                                           proof=False, top_k=3)]
    before = ranked(top.kb)
    top.kb.feedback(list(top.kb.query("ancestor(ann, X)", mode="soft", top_k=1))[0], False)
    assert ranked(top.kb) != before
    top.handle(f":save {tmp_path / 'taught'}")
    assert err.getvalue() == ""
    assert ranked(KnowledgeBase.load(tmp_path / "taught")) == ranked(top.kb)
