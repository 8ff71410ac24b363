"""Save/load of a SymbolSpace, corrupted files, vector import/export."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from neurosym import KnowledgeBase
from neurosym.bridge import BridgeConfig, SpaceFileError, SymbolSpace
from neurosym.terms.symbols import SymbolTable


def make_space(**cfg):
    kb = KnowledgeBase.from_string("r(a, b). r(b, c). s(c, a). q(r).")
    return SymbolSpace.from_store(kb.store, BridgeConfig(**({"dim": 5, "seed": 9, "backend": "numpy"} | cfg)))


def test_round_trip_is_identical(tmp_path):
    sp = make_space(mu=0.3, kernel="cosine")
    with torch.no_grad():
        sp.vectors()[0] += 1.0
    sp.save(tmp_path / "space")
    back = SymbolSpace.load(tmp_path / "space")
    assert back.config == sp.config
    assert back.generation == sp.generation
    for kind in ("constant", "predicate"):
        assert back.names(kind) == sp.names(kind)
        assert torch.equal(back.vectors(kind), sp.vectors(kind))
    assert back.nearest("a", 3) == sp.nearest("a", 3)
    files = sorted(p.name for p in (tmp_path / "space").iterdir())
    assert files[0] == "manifest.json" and len(files) == 2 and files[1].startswith("vectors-")
    # saving again over it leaves no stale or temporary file
    sp.set_vectors(["a"], np.ones((1, 5)))
    sp.save(tmp_path / "space")
    assert len(list((tmp_path / "space").iterdir())) == 2
    assert torch.equal(SymbolSpace.load(tmp_path / "space").vector("a"), torch.ones(5))


def test_load_into_another_symbol_table_maps_by_name(tmp_path):
    sp = make_space()
    sp.save(tmp_path)
    table = SymbolTable(["zzz", "c", "yyy"])
    back = SymbolSpace.load(tmp_path, symbols=table)
    assert back.symbols is table and table.id_of("c") == 1
    assert torch.equal(back.vector("c"), sp.vector("c"))
    assert torch.equal(back.vector("r", "predicate"), sp.vector("r", "predicate"))
    assert not back.has("zzz")
    other = SymbolSpace.load(tmp_path, config=BridgeConfig(dim=5, backend="faiss"))
    assert other.config.backend == "faiss"
    assert [s for s, _ in other.nearest("a", 2)] == [s for s, _ in back.nearest("a", 2)]


def test_files_are_never_pickles():
    import inspect

    from neurosym.bridge import io
    src = inspect.getsource(io)
    assert "weights_only=True" in src and "allow_pickle=False" in src and "pickle" not in \
        src.replace("allow_pickle", "").replace("unpickling", "")


def saved(tmp_path):
    make_space().save(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    return manifest, tmp_path / manifest["vectors"]["file"]


def write_manifest(tmp_path, manifest):
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))


def test_corrupted_vectors_file(tmp_path):
    _, vec = saved(tmp_path)
    data = vec.read_bytes()
    vec.write_bytes(data[: len(data) // 2])
    with pytest.raises(SpaceFileError, match="corrupted vectors file .checksum"):
        SymbolSpace.load(tmp_path)
    vec.unlink()
    with pytest.raises(SpaceFileError, match="vectors file named by the manifest is missing"):
        SymbolSpace.load(tmp_path)


def test_corrupted_or_foreign_manifest(tmp_path):
    manifest, _ = saved(tmp_path)
    with pytest.raises(SpaceFileError, match="manifest.json is missing"):
        SymbolSpace.load(tmp_path / "elsewhere")
    (tmp_path / "manifest.json").write_text('{"format": "neurosym-symb')
    with pytest.raises(SpaceFileError, match="corrupted manifest"):
        SymbolSpace.load(tmp_path)
    write_manifest(tmp_path, manifest | {"format": "something-else"})
    with pytest.raises(SpaceFileError, match="not a neurosym symbol space"):
        SymbolSpace.load(tmp_path)
    write_manifest(tmp_path, manifest | {"version": 99})
    with pytest.raises(SpaceFileError, match="unsupported format version 99"):
        SymbolSpace.load(tmp_path)
    write_manifest(tmp_path, manifest | {"config": {"dim": "five"}})
    with pytest.raises(SpaceFileError, match="malformed manifest"):
        SymbolSpace.load(tmp_path)
    write_manifest(tmp_path, {k: v for k, v in manifest.items() if k != "kinds"})
    with pytest.raises(SpaceFileError, match="malformed manifest"):
        SymbolSpace.load(tmp_path)


def test_mismatched_files(tmp_path):
    manifest, vec = saved(tmp_path)
    with pytest.raises(SpaceFileError, match="dimension 5, the given config asks for 7"):
        SymbolSpace.load(tmp_path, config=BridgeConfig(dim=7))
    kinds = dict(manifest["kinds"], constant=manifest["kinds"]["constant"][:-1])
    write_manifest(tmp_path, manifest | {"kinds": kinds})
    with pytest.raises(SpaceFileError, match="constant vectors do not match the manifest"):
        SymbolSpace.load(tmp_path)
    kinds = dict(manifest["kinds"], constant=["a", "a"] + manifest["kinds"]["constant"][2:])
    write_manifest(tmp_path, manifest | {"kinds": kinds})
    with pytest.raises(SpaceFileError, match="duplicate constant names"):
        SymbolSpace.load(tmp_path)
    # a well-formed file of the wrong contents (checksum updated to match)
    import hashlib
    import io as _io
    buf = _io.BytesIO()
    torch.save({"constant": torch.zeros(2, 5)}, buf)
    vec.write_bytes(buf.getvalue())
    write_manifest(tmp_path, manifest | {"vectors": {
        "file": vec.name, "sha256": hashlib.sha256(buf.getvalue()).hexdigest()}})
    with pytest.raises(SpaceFileError, match="must hold tensors"):
        SymbolSpace.load(tmp_path)


def test_a_file_with_code_in_it_is_refused(tmp_path):
    import hashlib
    manifest, vec = saved(tmp_path)

    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    import io as _io
    buf = _io.BytesIO()
    torch.save({"constant": Evil(), "predicate": torch.zeros(1)}, buf)
    vec.write_bytes(buf.getvalue())
    write_manifest(tmp_path, manifest | {"vectors": {
        "file": vec.name, "sha256": hashlib.sha256(buf.getvalue()).hexdigest()}})
    with pytest.raises(SpaceFileError, match="unreadable vectors file"):
        SymbolSpace.load(tmp_path)


def test_word2vec_round_trip_and_unknown_names(tmp_path):
    sp = make_space()
    sp.export_vectors(tmp_path / "c.txt")
    lines = (tmp_path / "c.txt").read_text().splitlines()
    assert lines[0] == f"{sp.count()} 5" and lines[1].split()[0] == sp.names()[0]
    other = make_space()
    other.set_matrix(np.zeros((other.count(), 5)))
    rep = other.load_vectors(tmp_path / "c.txt")
    assert rep.set == sp.count() and rep.unknown == []
    assert torch.equal(other.vectors(), sp.vectors())
    (tmp_path / "w.txt").write_text("a 1 2 3 4 5\nnobody 1 1 1 1 1\nb 0 0 0 0 1\n")
    rep = other.load_vectors(tmp_path / "w.txt")
    assert rep.set == 2 and rep.unknown == ["nobody"] and rep.not_covered == sp.count() - 2
    assert other.vector("a").tolist() == [1, 2, 3, 4, 5]
    rep = other.load_vectors(tmp_path / "w.txt", add_unknown=True)
    assert rep.added == 1 and other.vector("nobody").tolist() == [1] * 5
    (tmp_path / "p.txt").write_text("r 1 0 0 0 0\n")
    assert other.load_vectors(tmp_path / "p.txt", "predicate").set == 1
    assert other.vector("r", "predicate").tolist() == [1, 0, 0, 0, 0]


def test_bad_word2vec_files(tmp_path):
    sp = make_space()
    (tmp_path / "a.txt").write_text("a 1 2 3 4 5\nb 1 2 3\n")
    with pytest.raises(SpaceFileError, match=r"a.txt:2: expected a name and 5 numbers, got 3"):
        sp.load_vectors(tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text("2 7\na 1 2 3 4 5 6 7\n")
    with pytest.raises(SpaceFileError, match="header says dimension 7"):
        sp.load_vectors(tmp_path / "b.txt")
    (tmp_path / "c.txt").write_text("a 1 2 x 4 5\n")
    with pytest.raises(SpaceFileError, match="c.txt:1: not a number"):
        sp.load_vectors(tmp_path / "c.txt")
    (tmp_path / "d.txt").write_text("a 1 2 3 4 5\na 1 2 3 4 5\n")
    with pytest.raises(SpaceFileError, match="duplicate name 'a'"):
        sp.load_vectors(tmp_path / "d.txt")


def test_npy_import_export(tmp_path):
    sp = make_space()
    sp.export_vectors(tmp_path / "p.npy", "predicate")
    x = np.load(tmp_path / "p.npy")
    assert np.array_equal(x, sp.numpy("predicate"))
    other = make_space(seed=1)
    assert other.load_vectors(tmp_path / "p.npy", "predicate").set == sp.count("predicate")
    assert torch.equal(other.vectors("predicate"), sp.vectors("predicate"))
    np.save(tmp_path / "bad.npy", np.zeros((2, 5)))
    with pytest.raises(SpaceFileError, match=r"expected a \(\d+, 5\) matrix"):
        sp.load_vectors(tmp_path / "bad.npy")
    np.save(tmp_path / "obj.npy", np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(SpaceFileError, match="unreadable .npy"):
        sp.load_vectors(tmp_path / "obj.npy")
