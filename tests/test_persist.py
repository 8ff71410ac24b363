"""kb.save(dir) / KnowledgeBase.load(dir): the knowledge base comes back identical."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
import torch

from neurosym import KnowledgeBase
from neurosym.bridge.config import BridgeConfig
from neurosym.config import Limits
from neurosym.errors import PrologError, ResourceError
from neurosym.persist import KBFileError, clause_text, op_changes
from neurosym.terms.printer import format_term

ROOT = Path(__file__).resolve().parents[1]
KB_FILES = sorted((ROOT / "kb").glob("*.nsl"))


def clauses(kb) -> list[str]:
    return [clause_text(cl, kb.ops) for key in kb.store._preds for cl in kb.store.clauses(key)]


def flags(kb) -> dict:
    return {key: kb.store.flags(key) for key in kb.store._preds}


def answers(kb, goal: str, limit: int = 20, time: float | None = None) -> list:
    """The answers (as text), then the error if one is raised; a ``time``
    limit hit ends the list with ``"<time>"``."""
    out: list = []
    try:
        for a in kb.query(goal, limit=limit, limits=Limits(inferences=20_000, time=time)):
            out.append({k: format_term(v, quoted=True) for k, v in a.bindings.items()})
    except ResourceError as e:
        out.append("<time>" if "time" in str(e.term) else format_term(e.term, quoted=True))
    except PrologError as e:           # the same error, at the same answer
        out.append(format_term(e.term, quoted=True))
    return out


def same_answers(kb, kb2, goal: str) -> None:
    """Equal answers; where a (wall-clock) time limit cut one side short,
    the answers found agree."""
    a, b = answers(kb, goal, time=1.0), answers(kb2, goal, time=1.0)
    if "<time>" in a or "<time>" in b:
        n = min(len(a), len(b)) - 1
        assert a[:n] == b[:n], goal
    else:
        assert a == b, goal


def every_predicate_goal(kb) -> list[str]:
    out = []
    for name, arity in kb.store.predicates():
        args = ", ".join(f"A{i}" for i in range(arity))
        q = f"'{name.name}'({args})" if arity else f"'{name.name}'"
        out.append(q)
    return out


def same(kb, kb2) -> None:
    assert clauses(kb2) == clauses(kb)
    assert flags(kb2) == flags(kb)
    assert kb2.ops == kb.ops
    assert kb2.machine.flags == kb.machine.flags
    for goal in every_predicate_goal(kb):
        same_answers(kb, kb2, goal)


def test_there_are_kb_files():
    assert KB_FILES


@pytest.mark.parametrize("path", KB_FILES, ids=lambda p: p.name)
def test_kb_files_round_trip(path, tmp_path):
    kb = KnowledgeBase.from_file(path)
    kb.save(tmp_path / "saved")
    kb2 = KnowledgeBase.load(tmp_path / "saved")
    same(kb, kb2)
    # sources survive: proofs name the original file and line
    for cl, cl2 in zip(kb.store.clauses(kb.store.predicates()[0]),
                       kb2.store.clauses(kb2.store.predicates()[0]), strict=True):
        assert cl2.span == cl.span and cl.span.file == str(path)


PROGRAM = r"""
:- op(700, xfx, ===>).
:- op(200, xfy, ^^).
:- op(0, xfx, =@=).
:- dynamic counter/1.
:- discontiguous d/1.
:- table path/2.
:- soft likes/2.
edge(1, 2). edge(2, 3).
path(X, Y) :- edge(X, Y).
path(X, Y) :- path(X, Z), edge(Z, Y).
rule(a ===> b ^^ c).
0.8 :: likes(ann, prolog).
0.25 :: likes(bob, X) :- likes(X, prolog).
odd("a string", 'It''s', [1, 2|_], {x, y}, -(1), - 1, -1, 1.0e10, 1.5NaN, f(-), 'a\nb',
    0'c, 123456789012345678901234567890, "", '', [], '[]', (a :- b, c ; d -> e)).
d(1).
"""


def test_everything_a_program_holds_round_trips(tmp_path):
    kb = KnowledgeBase.from_string(PROGRAM)
    list(kb.query("assertz(fact(1, X, X)), assertz(counter(3)), assertz((r(X) :- fact(X, _, _))),"
                  " nb_setval(key, point(1, \"s\")), set_prolog_flag(unknown, fail)"))
    assert kb.retract("edge(1, 2).")
    kb.save(tmp_path / "kb")
    kb2 = KnowledgeBase.load(tmp_path / "kb")
    same(kb, kb2)
    assert op_changes(kb2.ops) == [[700, "xfx", "===>"], [200, "xfy", "^^"], [0, "xfx", "=@="]]
    assert answers(kb2, "nb_getval(key, V)") == answers(kb, "nb_getval(key, V)")
    assert answers(kb2, "nope(_)") == []              # unknown = fail came back
    assert answers(kb2, "path(1, X)") == []            # tabled, edge(1, 2) retracted
    assert answers(kb2, "path(2, X)") == [{"X": "3"}]
    assert 3 in [a.bindings["X"] for a in kb2.query("counter(X)")]
    assert kb2.ask("assertz(counter(4))")              # still dynamic
    weights = [cl.weight for cl in kb2.store.clauses(kb2.store.predicates()[-1])]
    assert [cl.weight for key in kb2.store._preds for cl in kb2.store.clauses(key)
            if cl.weight is not None] == [0.8, 0.25]
    assert weights
    assert kb2.store.flags(next(k for k in kb2.store._preds if k[0].name == "path")).table
    assert kb2.warnings == []


def test_the_program_file_is_readable_source(tmp_path):
    kb = KnowledgeBase.from_string(PROGRAM)
    kb.save(tmp_path / "kb")
    text = (tmp_path / "kb" / "program.nsl").read_text()
    assert ":- op(700, xfx, ===>)." in text
    assert ":- dynamic(/(counter,1))." in text
    assert "0.8 :: likes(ann,prolog)." in text
    again = KnowledgeBase.from_file(tmp_path / "kb" / "program.nsl")   # plain source, too
    assert clauses(again) == clauses(kb)


def test_space_and_vectors_round_trip(tmp_path):
    kb = KnowledgeBase.from_file(ROOT / "kb" / "soft_family.nsl")
    kb.space = BridgeConfig(dim=4, seed=7)
    from neurosym.bridge.io import import_vectors
    import_vectors(kb.space, ROOT / "kb" / "soft_family.vec", kind="predicate",
                   add_unknown=True)          # grandpaOf: a word the KB never uses
    before = kb.similar("grandpaOf", k=3, kind="predicate")
    kb.save(tmp_path / "kb")
    kb2 = KnowledgeBase.load(tmp_path / "kb")
    assert kb2.similar("grandpaOf", k=3, kind="predicate") == before
    assert [h.symbol for h in before][:2] == ["grandpaOf", "grandfatherOf"]
    for kind in ("constant", "predicate"):
        assert kb2.space.names(kind) == kb.space.names(kind)
        assert torch.equal(kb2.space.vectors(kind), kb.space.vectors(kind))
    assert kb2.space.config == kb.space.config


def test_a_space_config_without_a_space(tmp_path):
    kb = KnowledgeBase.from_string("p(a).")
    kb.space = BridgeConfig(dim=8, seed=3)
    kb.save(tmp_path / "kb")
    kb2 = KnowledgeBase.load(tmp_path / "kb")
    assert kb2.space.config == BridgeConfig(dim=8, seed=3)


def test_no_space_built_means_no_torch_files(tmp_path):
    KnowledgeBase.from_string("p(a).").save(tmp_path / "kb")
    assert sorted(os.listdir(tmp_path / "kb")) == ["manifest.json", "program.nsl",
                                                   "sources.json"]


def test_models_round_trip(tmp_path):
    kb = KnowledgeBase.from_string("p(a).")
    lin = torch.nn.Linear(3, 2)
    kb.models["scorer"] = lin.state_dict()
    kb.models["emb.v2"] = {"weight": torch.arange(6, dtype=torch.float64).reshape(2, 3)}
    kb.save(tmp_path / "kb")
    kb2 = KnowledgeBase.load(tmp_path / "kb")
    assert set(kb2.models) == {"scorer", "emb.v2"}
    for name, state in kb.models.items():
        assert state.keys() == kb2.models[name].keys()
        for k in state:
            assert torch.equal(state[k], kb2.models[name][k])
    lin2 = torch.nn.Linear(3, 2)
    lin2.load_state_dict(kb2.models["scorer"])
    assert torch.equal(lin2.weight, lin.weight)


@pytest.mark.parametrize("models, msg", [
    ({"../evil": {"w": torch.zeros(1)}}, "bad model name"),
    ({"m": {"w": [1, 2]}}, "dict of str -> Tensor"),
    ({"m": torch.nn.Linear(1, 1)}, "dict of str -> Tensor"),
])
def test_bad_models_are_refused_and_nothing_is_lost(tmp_path, models, msg):
    kb = KnowledgeBase.from_string("p(a).")
    kb.save(tmp_path / "kb")
    kb.models.update(models)
    kb.add("p(b).")
    with pytest.raises(KBFileError, match=msg):
        kb.save(tmp_path / "kb")
    assert answers(KnowledgeBase.load(tmp_path / "kb"), "p(X)") == [{"X": "a"}]
    assert os.listdir(tmp_path) == ["kb"]               # no temporary directory left


def test_saving_again_replaces(tmp_path):
    kb = KnowledgeBase.from_string("p(a).")
    kb.save(tmp_path / "kb")
    kb.add("p(b).")
    kb.models["m"] = {"w": torch.ones(2)}
    kb.save(tmp_path / "kb")
    kb.models.clear()
    kb.save(tmp_path / "kb")
    kb2 = KnowledgeBase.load(tmp_path / "kb")
    assert len(answers(kb2, "p(X)")) == 2 and kb2.models == {}
    assert not (tmp_path / "kb" / "models").exists()
    assert os.listdir(tmp_path) == ["kb"]


def test_saving_over_other_data_is_refused(tmp_path):
    d = tmp_path / "mine"
    d.mkdir()
    (d / "thesis.tex").write_text("precious")
    with pytest.raises(KBFileError, match="not a saved knowledge base"):
        KnowledgeBase.from_string("p(a).").save(d)
    assert (d / "thesis.tex").read_text() == "precious"
    (tmp_path / "file").write_text("x")
    with pytest.raises(KBFileError, match="not a directory"):
        KnowledgeBase.from_string("p(a).").save(tmp_path / "file")
    empty = tmp_path / "empty"
    empty.mkdir()
    KnowledgeBase.from_string("p(a).").save(empty)       # an empty directory is fine
    assert KnowledgeBase.load(empty).ask("p(a)")


def _saved(tmp_path) -> Path:
    kb = KnowledgeBase.from_string("p(a). q(X) :- p(X).")
    kb.models["m"] = {"w": torch.ones(2)}
    kb.save(tmp_path / "kb")
    return tmp_path / "kb"


def _edit_manifest(d: Path, **changes) -> None:
    m = json.loads((d / "manifest.json").read_text())
    m.update(changes)
    (d / "manifest.json").write_text(json.dumps(m))


@pytest.mark.parametrize("damage, msg", [
    (lambda d: (d / "manifest.json").unlink(), "manifest.json is missing"),
    (lambda d: (d / "manifest.json").write_text("{not json"), "corrupted manifest"),
    (lambda d: (d / "manifest.json").write_text("[1, 2]"), "format is not"),
    (lambda d: _edit_manifest(d, format="neurosym-symbol-space"), "format is not"),
    (lambda d: _edit_manifest(d, version=99), "unsupported format version 99"),
    (lambda d: _edit_manifest(d, program={"file": "program.nsl"}), "malformed manifest"),
    (lambda d: _edit_manifest(d, program={"file": "/etc/passwd", "sha256": "0"}),
     "malformed manifest"),
    (lambda d: _edit_manifest(d, flags=[1]), "malformed manifest"),
    (lambda d: (d / "program.nsl").write_text("p(b)."), "does not match the manifest"),
    (lambda d: (d / "program.nsl").unlink(), "program file named by the manifest is missing"),
    (lambda d: (d / "sources.json").write_text("[]"), "does not match the manifest"),
    (lambda d: (d / "models" / "m.pt").write_bytes(b"junk"), "does not match the manifest"),
])
def test_damaged_saves_raise_clear_errors(tmp_path, damage, msg):
    d = _saved(tmp_path)
    damage(d)
    with pytest.raises(KBFileError, match=msg):
        KnowledgeBase.load(d)


def test_missing_directory(tmp_path):
    with pytest.raises(KBFileError, match="no such directory"):
        KnowledgeBase.load(tmp_path / "nothing")


class _Boom:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_a_model_file_never_runs_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = _saved(tmp_path)
    buf = io.BytesIO()
    torch.save({"w": _Boom()}, buf)
    blob = buf.getvalue()
    (d / "models" / "m.pt").write_bytes(blob)
    import hashlib
    m = json.loads((d / "manifest.json").read_text())
    m["models"]["m"]["sha256"] = hashlib.sha256(blob).hexdigest()   # a forged checksum
    m["models"]["m"]["bytes"] = len(blob)                           # and size
    (d / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(KBFileError, match="unreadable model file"):
        KnowledgeBase.load(d)
    assert not (tmp_path / "pwned").exists()
