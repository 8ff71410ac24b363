"""The libraries neurosym says it provides, against SWI-Prolog's exports:
for every library in ``sources.LIBRARIES``, each predicate that SWI's
library exports is defined in neurosym (after ``use_module``) unless
``sources.MISSING`` names it, and each one ``MISSING`` names is indeed not
defined -- so loading a library warns exactly when something is missing,
and names what."""

from __future__ import annotations

import subprocess

import pytest

from neurosym.engine.sources import LIBRARIES, MISSING, partly_provided

from .harness import SWIPL_MISSING, swipl_path

_EXPORTS = """
main :- forall(member(L, %s),
    (   use_module(library(L)),
        absolute_file_name(library(L), F, [file_type(prolog), access(read)]),
        module_property(M, file(F)),
        module_property(M, exports(E)),
        forall(member(P, E), format("~w ~q~n", [L, P]))
    )).
"""


@pytest.fixture(scope="module")
def swi_exports(tmp_path_factory) -> dict[str, set[str]]:
    if swipl_path() is None:
        pytest.fail(SWIPL_MISSING, pytrace=False)
    prog = tmp_path_factory.mktemp("exports") / "exports.pl"
    prog.write_text(_EXPORTS % ("[" + ", ".join(sorted(LIBRARIES)) + "]"), encoding="utf-8")
    proc = subprocess.run([swipl_path(), "-q", "--no-packs", "-g", "main", "-t", "halt",
                           str(prog)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out: dict[str, set[str]] = {}
    for line in proc.stdout.splitlines():
        lib, ind = line.split(" ", 1)
        out.setdefault(lib, set()).add(ind)
    return out


def _defined(indicators: set[str]) -> set[str]:
    from neurosym import KnowledgeBase

    kb = KnowledgeBase.from_string(":- use_module(library(dcg/basics)).\n")
    return {ind for ind in indicators
            if list(kb.query(f"{ind} = N/A, functor(H, N, A), "
                             f"predicate_property(H, defined)", limit=1))}


@pytest.mark.swipl
def test_every_library_export_is_defined_unless_listed_missing(swi_exports):
    assert set(swi_exports) >= LIBRARIES - {"tabling"}
    everything = set().union(*swi_exports.values())
    defined = _defined(everything)
    for lib in sorted(LIBRARIES):
        exports = swi_exports.get(lib, set())
        missing = set(MISSING.get(lib, ()))
        assert missing <= exports, (lib, missing - exports)
        assert exports - defined == missing, (lib, sorted(exports - defined), sorted(missing))


def test_a_library_with_gaps_warns_naming_them():
    from neurosym import KnowledgeBase

    kb = KnowledgeBase.from_string(":- use_module(library(random)).\n"
                                   ":- use_module(library(lists)).\n"
                                   ":- use_module(library(assoc)).\n"
                                   ":- use_module(library(nosuchlib)).\n")
    text = "\n".join(str(w) for w in kb.warnings)
    assert "library(random) is only partly provided" in text and "randset/3" in text
    assert "library(lists)" not in text and "library(assoc)" not in text
    assert "library(nosuchlib) is not provided by neurosym" in text
    assert partly_provided("lists") is None and partly_provided("clpq") is None
