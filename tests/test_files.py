"""neurosym.files: atomic writes, directory swaps, manifests."""

import json
import os

import pytest

from neurosym import files


class Boom(Exception):
    pass


def fail(path, why):
    return Boom(f"{path}: {why}")


def test_atomic_write_bytes_and_text(tmp_path):
    p = tmp_path / "f.bin"
    files.atomic_write(p, b"\x00\x01")
    assert p.read_bytes() == b"\x00\x01"
    files.atomic_write(p, "h\u00e9", durable=False)
    assert p.read_bytes() == "h\u00e9".encode()
    assert os.listdir(tmp_path) == ["f.bin"]


def test_atomic_open_text(tmp_path):
    p = tmp_path / "out.txt"
    with files.atomic_open(p, "w", encoding="utf-8") as f:
        f.write("one\n")
        assert not p.exists()                  # nothing at the target until the end
        f.write("two\n")
    assert p.read_text() == "one\ntwo\n"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_failing_write_keeps_the_old_file(tmp_path):
    p = tmp_path / "f.txt"
    p.write_text("old")
    with pytest.raises(Boom), files.atomic_open(p, "w", encoding="utf-8") as f:
        f.write("half")
        raise Boom
    assert p.read_text() == "old"
    assert os.listdir(tmp_path) == ["f.txt"]   # no temporary file left


def test_failing_rename_keeps_the_old_file(tmp_path, monkeypatch):
    p = tmp_path / "f.txt"
    p.write_text("old")

    def refuse(*_):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(PermissionError):
        files.atomic_write(p, b"new")
    assert p.read_text() == "old"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_replacing_dir_swaps_in_and_removes_the_old(tmp_path):
    root = tmp_path / "d"
    root.mkdir()
    (root / "old.txt").write_text("old")
    with files.replacing_dir(root) as tmp:
        assert tmp.parent == tmp_path and tmp != root
        files.write_synced(tmp / "new.txt", b"new")
        assert (root / "old.txt").exists()     # the old one stays until the end
    assert os.listdir(root) == ["new.txt"]
    assert os.listdir(tmp_path) == ["d"]


def test_replacing_dir_creates_a_new_one(tmp_path):
    with files.replacing_dir(tmp_path / "d") as tmp:
        (tmp / "x").write_text("x")
    assert os.listdir(tmp_path / "d") == ["x"]


def test_failing_dir_write_keeps_the_old_dir(tmp_path):
    root = tmp_path / "d"
    root.mkdir()
    (root / "old.txt").write_text("old")
    with pytest.raises(Boom), files.replacing_dir(root) as tmp:
        (tmp / "new.txt").write_text("new")
        raise Boom
    assert os.listdir(root) == ["old.txt"]
    assert os.listdir(tmp_path) == ["d"]       # no temporary directory left


def test_read_checked(tmp_path):
    p = tmp_path / "v.bin"
    p.write_bytes(b"data")
    assert files.read_checked(p, files.sha256_hex(b"data"), "vectors", fail) == b"data"
    with pytest.raises(Boom, match="corrupted vectors file .checksum does not match"):
        files.read_checked(p, files.sha256_hex(b"other"), "vectors", fail)
    with pytest.raises(Boom, match="the vectors file named by the manifest is missing"):
        files.read_checked(tmp_path / "gone", "0", "vectors", fail)


def test_read_manifest(tmp_path):
    kw = {"missing": "nothing here", "foreign": "not mine"}
    with pytest.raises(Boom, match="nothing here"):
        files.read_manifest(tmp_path, "fmt", 1, fail, **kw)
    m = tmp_path / files.MANIFEST
    m.write_text("{oops")
    with pytest.raises(Boom, match="corrupted manifest"):
        files.read_manifest(tmp_path, "fmt", 1, fail, **kw)
    m.write_text(json.dumps({"format": "other", "version": 1}))
    with pytest.raises(Boom, match="not mine .format is not 'fmt'"):
        files.read_manifest(tmp_path, "fmt", 1, fail, **kw)
    m.write_text(json.dumps({"format": "fmt", "version": 2}))
    with pytest.raises(Boom, match="unsupported format version 2 .this neurosym reads version 1"):
        files.read_manifest(tmp_path, "fmt", 1, fail, **kw)
    m.write_text(json.dumps({"format": "fmt", "version": 1, "x": 3}))
    assert files.read_manifest(tmp_path, "fmt", 1, fail, **kw)["x"] == 3


def test_files_imports_no_torch():
    import subprocess
    import sys
    code = "import sys, neurosym.files; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- permissions: the umask, as open and mkdir give (not tempfile's 0600/0700) ------

@pytest.fixture(params=[0o022, 0o027], ids=["umask022", "umask027"])
def umask(request):
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def mode(p) -> int:
    return os.stat(p).st_mode & 0o777


def test_umask_is_read_without_changing_it(umask):
    assert files.umask() == umask
    assert files.umask() == umask


def test_written_files_and_swapped_dirs_follow_the_umask(tmp_path, umask):
    files.atomic_write(tmp_path / "f.txt", "x")
    with files.atomic_open(tmp_path / "g.txt", "w", encoding="utf-8") as f:
        f.write("y")
    assert mode(tmp_path / "f.txt") == mode(tmp_path / "g.txt") == 0o666 & ~umask
    with files.replacing_dir(tmp_path / "d") as d:
        files.write_synced(d / "a.bin", b"a")
    assert mode(tmp_path / "d") == 0o777 & ~umask
    assert mode(tmp_path / "d" / "a.bin") == 0o666 & ~umask


def test_a_replaced_file_keeps_its_permissions(tmp_path, umask):
    p = tmp_path / "private.txt"
    p.write_text("old")
    os.chmod(p, 0o600)
    files.atomic_write(p, "new")
    assert p.read_text() == "new" and mode(p) == 0o600


def test_what_the_cli_and_save_write_follows_the_umask(tmp_path, umask, capsys):
    from neurosym import KnowledgeBase
    from neurosym.cli import main
    src = tmp_path / "f.nsl"
    src.write_text("e(a, b). e(b, c). t(X, Y) :- e(X, Y). t(X, Z) :- e(X, Y), t(Y, Z).\n")
    assert main(["materialize", str(src), "--out", str(tmp_path / "t.nsl")]) == 0
    assert mode(tmp_path / "t.nsl") == 0o666 & ~umask
    kb = KnowledgeBase.from_file(src)
    kb.models["m"] = {}
    kb.save(tmp_path / "saved")
    for p in [tmp_path / "saved", *(tmp_path / "saved").rglob("*")]:
        assert mode(p) == (0o777 if p.is_dir() else 0o666) & ~umask, p
