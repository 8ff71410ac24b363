"""The toplevel's feedback commands (``docs/interactive.md``): ``:yes``,
``:no``, ``:teach``, ``:unteach``, ``:undo``, ``:learn``.

``:yes`` / ``:no`` label the last answer shown (``kb.feedback``).  A soft
answer carries its proof; an exact one (soft mode off) is proved again by
the scored prover, as the ground goal it answered, so that feedback has a
proof to update.  ``:learn p/N`` runs ``kb.induce`` on the examples of
``p/N`` given so far and asks before adding the program it found (without a
terminal to ask, ``:learn p/N yes`` adds it).

``commands.py`` registers ``FEEDBACK_COMMANDS`` and ``FEEDBACK_HELP``.
"""

from __future__ import annotations

from ..terms import resolve
from .dwim import YES_KEYS

__all__ = ["FEEDBACK_COMMANDS", "FEEDBACK_HELP"]


def _proved(top, answer):
    """``answer`` with a proof: itself in soft mode, else the best scored
    answer of the ground goal it answered (None when there is none)."""
    if answer.proof is not None:
        return answer
    kb = top.kb
    goal, varmap = top.parse(top.last_query)
    m = kb.machine
    mark = len(m.trail)
    try:
        for name, value in answer.bindings.items():
            if name in varmap:
                m.unify(varmap[name], value)
        ground = resolve(goal)
    finally:
        m.undo(mark)
    opts = {**top.soft_query(), "top_k": 1}
    answers = kb.query(ground, limits=top.limits, **opts)
    try:
        return next(answers, None)
    finally:
        answers.close()


def _label(top, correct: bool) -> None:
    answer = top.last_answer
    if answer is None or top.last_query is None:
        top.write("% no answer to label (run a query first)\n")
        return
    with top.goal_output():
        proved = _proved(top, answer)
    if proved is None:
        top.write("% the scored prover finds no proof of that answer: nothing to update\n")
        return
    kernel = top.soft_options.get("soft", {}).get("kernel")   # the kernel the query used
    result = top.kb.feedback(proved, correct=correct, **({"kernel": kernel} if kernel else {}))
    top.write(result.render() + "\n")


def cmd_yes(top, arg: str) -> None:
    """``:yes``: the last answer is right."""
    _label(top, True)


def cmd_no(top, arg: str) -> None:
    """``:no``: the last answer is wrong."""
    _label(top, False)


def _fact_arg(top, arg: str, usage: str) -> str | None:
    text = arg.strip()
    if not text:
        top.error(f"error: usage: {usage}")
        return None
    return text


def cmd_teach(top, arg: str) -> None:
    """``:teach fact.``: add a fact, as a positive example."""
    text = _fact_arg(top, arg, ":teach FACT.")
    if text is not None:
        top.write(top.kb.teach(text).render() + "\n")


def cmd_unteach(top, arg: str) -> None:
    """``:unteach fact.``: remove a fact, as a negative example."""
    text = _fact_arg(top, arg, ":unteach FACT.")
    if text is not None:
        top.write(top.kb.unteach(text).render() + "\n")


def cmd_undo(top, arg: str) -> None:
    """``:undo``: take the last :yes, :no, :teach or :unteach back."""
    result = top.kb.undo()
    if result is None:
        top.write("% nothing to undo\n")
        return
    top.write(f"% undone: {result.via} {', '.join(result.facts)}\n")


def cmd_learn(top, arg: str) -> None:
    """``:learn p/N [yes]``: a program for p/N from the examples so far."""
    words = arg.rstrip(".").split()
    if not words or len(words) > 2 or words[1:] not in ([], ["yes"]):
        top.error("error: usage: :learn p/N [yes]")
        return
    pred = words[0]
    pos, neg = top.kb.labelled(pred)
    if not pos:
        top.write(f"% no positive examples of {pred} yet (:yes, :teach give them)\n")
        return
    result = top.kb.induce(pred, pos, neg)
    top.write(f"% {len(pos)} positive, {len(neg)} negative example"
              f"{'s' if len(neg) != 1 else ''} of {pred}\n")
    if not result.solved:
        top.write(f"% no program found ({result.reason})\n")
        return
    top.write("".join(f"{r}\n" for r in result.rules))
    if words[1:] == ["yes"]:
        yes = True
    elif top.ask is None:
        top.write(f"% not added: ':learn {pred} yes' adds it\n")
        return
    else:
        top.write("Add these rules? (y/n) ")
        try:
            yes = top.ask() in YES_KEYS
        except EOFError:
            yes = False
        top.write("yes\n" if yes else "no\n")
    if yes:
        top.kb.induce(pred, pos, neg, add=True)
        n = len(result.rules)
        top.write(f"% added {n} rule{'s' if n != 1 else ''}\n")


FEEDBACK_HELP = {
    "yes": ("", "the last answer is right (a labelled example; feedback updates)"),
    "no": ("", "the last answer is wrong (a labelled example; feedback updates)"),
    "teach": ("FACT.", "add a fact as a positive example"),
    "unteach": ("FACT.", "remove a fact, as a negative example"),
    "undo": ("", "take the last :yes, :no, :teach or :unteach back"),
    "learn": ("p/N [yes]", "induce rules for p/N from the examples so far, then add them"),
}

FEEDBACK_COMMANDS = {
    "yes": cmd_yes,
    "no": cmd_no,
    "teach": cmd_teach,
    "unteach": cmd_unteach,
    "undo": cmd_undo,
    "learn": cmd_learn,
}
