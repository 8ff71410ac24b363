"""Writing files so that a crash never leaves a half-written one, and
checking files against the SHA-256 checksums of a manifest.

* :func:`atomic_open` / :func:`atomic_write`: a file is written under a
  temporary name in its own directory (flushed and ``fsync``-ed when
  ``durable``), then renamed over the target with ``os.replace``; a failure
  removes the temporary file and leaves the old target as it was.  The file
  gets the permissions of the one it replaces, else ``0o666`` less the
  umask, as ``open`` gives; a swapped-in directory (below) ``0o777`` less
  the umask, as ``mkdir`` gives (not the 0600/0700 of ``tempfile``).
* :func:`replacing_dir`: a whole directory is written under a temporary name
  beside the target, then swapped in by renames; the old directory is moved
  aside first and removed only once the new one is in place.  A save first
  repairs what an interrupted one left (:func:`recover_dir`): a target that a
  kill between the two renames left missing gets its old copy back, and
  leftover temporary folders are removed.  Locks are ``flock`` s on the
  directories themselves (released when a process dies; no lock files): a
  save locks its temporary folder while it lives and the old target before
  it moves it, the repair locks the parent folder.
* :func:`reading_dir`: a shared lock on a directory while it is read (a save
  waits for its readers before it moves the directory), after the same
  repair when a save was interrupted.
* :func:`read_manifest` / :func:`read_checked` / :func:`read_file` /
  :func:`sha256_hex`: a directory's ``manifest.json`` names its files with
  their checksums; only regular files inside the directory are read (no
  symbolic links, no devices), each up to a size cap.

The bottom layer: imports nothing of neurosym (and no torch); errors are
built by the caller's ``fail(path, why)``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:         # not POSIX: saves are not locked against each other
    fcntl = None

__all__ = ["atomic_open", "atomic_write", "write_synced", "umask", "replacing_dir",
           "reading_dir", "recover_dir", "sha256_hex", "read_file", "read_checked",
           "read_manifest", "MANIFEST", "MAX_MANIFEST_BYTES", "MAX_FILE_BYTES"]

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 256 << 20      # a manifest names every symbol of a space
MAX_FILE_BYTES = 4 << 30            # any other file a manifest names
_SAVING, _OLD = ".saving", ".old"

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
        os.chmod(tmp, _file_mode(path))
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


def umask() -> int:
    """The process's umask, read without changing it where Linux shows it
    (``/proc/self/status``), else by setting it and setting it back."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _file_mode(path: Path) -> int:
    """The permissions a file written at ``path`` gets: those of the file it
    replaces, else ``0o666`` less the umask (as ``open`` would give; mkstemp
    makes 0600)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~umask()


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
    it was.  It begins by repairing what an interrupted save left
    (:func:`recover_dir`); the temporary directory is locked while it lives,
    so no other process takes it for a leftover."""
    root = Path(root)
    with _flocked(root.parent, exclusive=True):
        _recover(root)
        tmp = Path(tempfile.mkdtemp(prefix=f".{root.name}.", suffix=_SAVING, dir=root.parent))
        os.chmod(tmp, 0o777 & ~umask())        # mkdtemp makes it 0700
        tfd = _lock_dir(tmp, exclusive=True)
    try:
        yield tmp
        _swap_in(tmp, root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        _close(tfd)


def _swap_in(tmp: Path, root: Path) -> None:
    """``tmp`` becomes ``root``; the old ``root`` is locked (readers finish
    first) and moved aside, then removed."""
    old, rfd = None, -1
    while os.path.lexists(root):
        rfd = _lock_dir(root, exclusive=True)      # -1: cannot be locked, go on unlocked
        if rfd >= 0 and not _same(root, rfd):
            _close(rfd)      # another save swapped it meanwhile: lock the new one
            rfd = -1
            continue
        old = Path(tempfile.mkdtemp(prefix=f".{root.name}.", suffix=_OLD, dir=root.parent))
        os.rmdir(old)
        os.replace(root, old)
        break
    try:
        os.replace(tmp, root)
    except BaseException:
        if old is not None:
            os.replace(old, root)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        _close(rfd)


def _strays(root: Path) -> list[Path]:
    """The temporary folders a save of ``root`` makes (``.<name>.XXXXXXXX.saving``
    and ``.old``) that are there now."""
    pre = f".{root.name}."
    try:
        names = os.listdir(root.parent)
    except OSError:
        return []
    out = []
    for n in names:
        for suffix in (_SAVING, _OLD):
            mid = n[len(pre):-len(suffix)]
            if n.startswith(pre) and n.endswith(suffix) and len(mid) == 8 and "." not in mid:
                out.append(root.parent / n)
    return out


def recover_dir(root: str | os.PathLike) -> None:
    """Repair what an interrupted save of ``root`` left: when ``root`` is
    missing, the old copy that a kill between the two renames left aside
    becomes ``root`` again; the other leftover temporary folders are removed.
    Folders of a save still running (they are locked) are left alone."""
    root = Path(root)
    with _flocked(root.parent, exclusive=True):
        _recover(root)


def _recover(root: Path) -> None:
    held = []
    try:
        for p in _strays(root):
            fd = _lock_dir(p, exclusive=True, wait=False)
            if fd >= 0:                 # no live save holds it: a leftover
                held.append((p, fd))
        olds = sorted((p for p, _ in held if p.name.endswith(_OLD)),
                      key=lambda p: p.lstat().st_ctime)
        if olds and not os.path.lexists(root):
            with contextlib.suppress(OSError):
                os.replace(olds[-1], root)
        for p, _ in held:
            if os.path.lexists(p):
                shutil.rmtree(p, ignore_errors=True)
    finally:
        for _, fd in held:
            _close(fd)


@contextlib.contextmanager
def reading_dir(root: str | os.PathLike) -> Iterator[Path]:
    """Read ``root`` under a shared lock (a save swaps it only after the
    readers are done), after repairing an interrupted save
    (:func:`recover_dir`).  Where it cannot be locked, it is read unlocked."""
    root = Path(root)
    fd = -1
    for _ in range(100):
        strays = _strays(root)
        if strays:
            recover_dir(root)
        fd = _lock_dir(root, exclusive=False)
        if _same(root, fd) or (fd < 0 and (os.path.lexists(root) or not strays)):
            break             # locked; or not lockable; or missing, no save under way
        _close(fd)            # mid-swap (missing, or swapped meanwhile): again
        fd = -1
        time.sleep(0.01)
    try:
        yield root
    finally:
        _close(fd)


def _lock_dir(path: Path, exclusive: bool, wait: bool = True) -> int:
    """An open descriptor of directory ``path`` holding its ``flock``, or -1
    (missing, not lockable, or -- with ``wait=False`` -- locked by another)."""
    if fcntl is None:
        return -1
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return -1
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
                    | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(fd)
        return -1
    return fd


@contextlib.contextmanager
def _flocked(path: Path, exclusive: bool) -> Iterator[None]:
    fd = _lock_dir(path, exclusive)
    try:
        yield
    finally:
        _close(fd)


def _same(path: Path, fd: int) -> bool:
    """True when ``path`` still names the directory open as ``fd``."""
    if fd < 0:
        return False
    try:
        a, b = os.stat(path, follow_symlinks=False), os.fstat(fd)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _close(fd: int) -> None:
    if fd >= 0:
        os.close(fd)      # closing releases its lock


# -- manifests ------------------------------------------------------------------
def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(path: Path, what: str, fail: Fail, *, root: Path | None = None,
              max_bytes: int | None = None, size: int | None = None) -> bytes:
    """The bytes of ``path``, a regular file inside ``root`` (default: its
    own directory): no component below ``root`` may be a symbolic link, the
    file may not be a device or a pipe, and it may hold at most
    ``max_bytes`` (default: ``MAX_FILE_BYTES``; exactly ``size`` when
    given); else ``fail(path, why)``."""
    path = Path(path)
    if max_bytes is None:
        max_bytes = MAX_FILE_BYTES
    root = path.parent if root is None else Path(root)
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise fail(path, f"the {what} file is outside {root}") from None
    if not parts or ".." in parts:
        raise fail(path, f"the {what} file is outside {root}")
    fds = []
    try:
        fds.append(os.open(root, os.O_RDONLY | os.O_DIRECTORY))
        for part in parts[:-1]:
            fds.append(os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW,
                               dir_fd=fds[-1]))
        fds.append(os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK,
                           dir_fd=fds[-1]))
        st = os.fstat(fds[-1])
        if not stat.S_ISREG(st.st_mode):
            raise fail(path, f"the {what} file is not a regular file")
        if st.st_size > max_bytes:
            raise fail(path, f"the {what} file is too big ({st.st_size} bytes; at most "
                             f"{max_bytes})")
        if size is not None and st.st_size != size:
            raise fail(path, f"corrupted {what} file (its size, {st.st_size} bytes, does not "
                             f"match the manifest's {size})")
        with os.fdopen(fds.pop(), "rb") as f:
            data = f.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise fail(path, f"the {what} file is too big (more than {max_bytes} bytes)")
        return data
    except FileNotFoundError:
        raise fail(path, f"the {what} file named by the manifest is missing") from None
    except OSError as e:       # ELOOP: a symbolic link; ENOTDIR: a file in the way
        raise fail(path, f"the {what} file cannot be read safely ({e.strerror}: a "
                         "symbolic link or not a regular file inside the directory)") from None
    finally:
        for fd in fds:
            os.close(fd)


def read_checked(path: Path, digest: str, what: str, fail: Fail, *,
                 root: Path | None = None, size: int | None = None) -> bytes:
    """The bytes of ``path``, the ``what`` file a manifest names with
    checksum ``digest`` (and ``size``, when it says; read by
    :func:`read_file`); ``fail(path, why)`` when missing, unsafe or
    corrupted."""
    data = read_file(path, what, fail, root=root, size=size)
    if sha256_hex(data) != digest:
        raise fail(path, f"corrupted {what} file (checksum does not match the manifest)")
    return data


def read_manifest(root: Path, fmt: str, version: int, fail: Fail, *,
                  missing: str, foreign: str) -> dict:
    """``root/manifest.json`` as a dict whose ``format`` is ``fmt`` and whose
    ``version`` is ``version``, else ``fail(path, why)``: ``missing`` says
    why when there is no manifest, ``foreign`` when its format differs."""
    mpath = root / MANIFEST
    if not os.path.lexists(mpath):
        raise fail(mpath, missing)
    data = read_file(mpath, "manifest", fail, max_bytes=MAX_MANIFEST_BYTES)
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise fail(mpath, f"corrupted manifest ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != fmt:
        raise fail(mpath, f"{foreign} (format is not {fmt!r})")
    if manifest.get("version") != version:
        raise fail(mpath, f"unsupported format version {manifest.get('version')!r} "
                          f"(this neurosym reads version {version})")
    return manifest
