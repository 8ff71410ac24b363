"""The toplevel's "Correct to:" proposes a name one typo away exactly when
SWI's ``dwim_match/2`` matches the two names (the typo kinds neurosym
corrects: a letter added, dropped, changed or swapped; short names not)."""

from __future__ import annotations

import subprocess

import pytest

from neurosym.faces.dwim import one_typo

from .harness import SWIPL_MISSING, swipl_path

PAIRS = [("ap", "app"), ("apq", "app"), ("app", "ap"), ("abc", "abd"), ("abcd", "abce"),
         ("abcd", "abc"), ("abc", "ab"), ("abcd", "abdc"), ("abc", "acb"), ("ab", "ba"),
         ("a", "b"), ("ab", "abc"), ("ab", "AB"), ("abc", "ABC"), ("abc", "xbc"),
         ("parent", "PARENT"), ("parent", "Parent"), ("parnt", "Parnt"), ("memebr", "member"),
         ("parent", "parents"), ("parent", "pArent"), ("parnt", "print"), ("parnt", "pranent"),
         ("ancestr", "ancestor"), ("ancetsor", "ancestor"), ("member", "membr"), ("ab", "abcd")]


@pytest.mark.swipl
def test_one_typo_as_dwim_match():
    if swipl_path() is None:
        pytest.fail(SWIPL_MISSING, pytrace=False)
    pairs = ",".join(f"'{a}'-'{b}'" for a, b in PAIRS)
    goal = f"forall(member(A-B, [{pairs}]), (dwim_match(A, B) -> writeln(yes) ; writeln(no)))"
    out = subprocess.run([swipl_path(), "-q", "--no-packs", "-g", goal, "-t", "halt"],
                         capture_output=True, text=True, timeout=60).stdout.split()
    assert len(out) == len(PAIRS)
    assert {p: one_typo(*p) for p in PAIRS} == {p: o == "yes" for p, o in zip(PAIRS, out, strict=True)}
