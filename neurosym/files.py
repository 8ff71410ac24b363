"""Writing files so that a crash never leaves a half-written one, and
checking files against the SHA-256 checksums of a manifest.

* :func:`atomic_open` / :func:`atomic_write`: a file is written under a
  temporary name in its own directory (flushed and ``fsync``-ed when
  ``durable``), then renamed over the target with ``os.replace``; a failure
  removes the temporary file and leaves the old target as it was.
* :func:`replacing_dir`: a whole directory is written under a temporary name
  beside the target, then swapped in by renames; the old directory is moved
  aside first and removed only once the new one is in place.
* :func:`read_manifest` / :func:`read_checked` / :func:`sha256_hex`: a
  directory's ``manifest.json`` names its files with their checksums.

The bottom layer: imports nothing of neurosym (and no torch); errors are
built by the caller's ``fail(path, why)``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

__all__ = ["atomic_open", "atomic_write", "write_synced", "replacing_dir",
           "sha256_hex", "read_checked", "read_manifest", "MANIFEST"]

MANIFEST = "manifest.json"

Fail = Callable[[Path, str], Exception]


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "wb", *, encoding: str | None = None,
                durable: bool = True) -> Iterator:
    """A file object writing a temporary file beside ``path``; when the
    block ends, the file replaces ``path`` (flushed and fsynced first when
    ``durable``).  When the block or the rename raises, the temporary file is
    removed and ``path`` is left as it was."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, encoding=encoding) as f:
            yield f
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: str | os.PathLike, data: bytes | str, *, durable: bool = True) -> None:
    """Write ``data`` (bytes, or text as UTF-8) to ``path`` atomically."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_open(path, "wb", durable=durable) as f:
        f.write(data)


def write_synced(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to a new file ``path`` and fsync it (for files of a
    directory that :func:`replacing_dir` swaps in as a whole)."""
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


@contextlib.contextmanager
def replacing_dir(root: str | os.PathLike) -> Iterator[Path]:
    """A fresh temporary directory beside ``root`` to write into; when the
    block ends, it becomes ``root`` (an existing ``root`` is moved aside first
    and removed only after the new one is in place).  When the block or the
    swap raises, the temporary directory is removed and ``root`` is left as
    it was."""
    root = Path(root)
    tmp = Path(tempfile.mkdtemp(prefix=f".{root.name}.", suffix=".saving", dir=root.parent))
    try:
        yield tmp
        _swap_in(tmp, root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_in(tmp: Path, root: Path) -> None:
    old = None
    if root.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{root.name}.", suffix=".old", dir=root.parent))
        os.rmdir(old)
        os.replace(root, old)
    try:
        os.replace(tmp, root)
    except BaseException:
        if old is not None:
            os.replace(old, root)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# -- manifests ------------------------------------------------------------------
def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_checked(path: Path, digest: str, what: str, fail: Fail) -> bytes:
    """The bytes of ``path``, the ``what`` file a manifest names with
    checksum ``digest``; ``fail(path, why)`` when missing or corrupted."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail(path, f"the {what} file named by the manifest is missing") from None
    if sha256_hex(data) != digest:
        raise fail(path, f"corrupted {what} file (checksum does not match the manifest)")
    return data


def read_manifest(root: Path, fmt: str, version: int, fail: Fail, *,
                  missing: str, foreign: str) -> dict:
    """``root/manifest.json`` as a dict whose ``format`` is ``fmt`` and whose
    ``version`` is ``version``, else ``fail(path, why)``: ``missing`` says
    why when there is no manifest, ``foreign`` when its format differs."""
    mpath = root / MANIFEST
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(mpath, missing) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise fail(mpath, f"corrupted manifest ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != fmt:
        raise fail(mpath, f"{foreign} (format is not {fmt!r})")
    if manifest.get("version") != version:
        raise fail(mpath, f"unsupported format version {manifest.get('version')!r} "
                          f"(this neurosym reads version {version})")
    return manifest
