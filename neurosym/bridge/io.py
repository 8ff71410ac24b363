"""Saving and reading a ``SymbolSpace``; importing and exporting vectors.

(``SymbolSpace.load`` / :func:`neurosym.bridge.space.load_space` build a
space from what :func:`read_space` reads; this module does not import the
space, which calls it.)

A saved space is a directory holding

* ``manifest.json`` -- ``{"format": "neurosym-symbol-space", "version": 1,
  "config": {...}, "dim": d, "generation": g, "kinds": {"constant": [names],
  "predicate": [names]}, "vectors": {"file": ..., "sha256": ...}}``: the
  config, the symbol names of every row of each kind in row order, and the
  vectors file with its checksum;
* ``vectors-<hash>.pt`` -- ``torch.save`` of a dict of two plain float32
  tensors (``"constant"``, ``"predicate"``), read back with
  ``torch.load(..., weights_only=True)``: loading never runs code.

Writes are atomic (a temporary file in the same directory, then
``os.replace``): the vectors file first, under a name of its own, then the
manifest that points to it, then stale vectors files are removed; a crash
at any point leaves the previous save readable.  Nearest-neighbour indexes
are *not* saved: they are rebuilt from the vectors on first use after
loading (exactly equal for the flat index; an HNSW/IVF index is rebuilt
deterministically from the same rows).

Symbols are restored by name: loading into an existing ``SymbolTable``
interns the names there, so the space can be attached to another knowledge
base whose ids differ.  A missing, corrupted, truncated or mismatched file
raises :class:`SpaceFileError` saying which file and why.

Vector files (``import_vectors`` / ``export_vectors``):

* ``.npy`` -- one float matrix whose rows are the kind's rows in row order
  (read with ``allow_pickle=False``);
* anything else -- word2vec text: an optional ``count dim`` header line, then
  ``name v1 ... vd`` per line; names are symbol names (no whitespace).
  Names with no row of the kind are reported (``ImportReport.unknown``).
  ``import_words`` takes a word2vec file for every kind at once: each name
  sets the rows it has, and a name that has none (a word the knowledge base
  never uses) joins the space as *query vocabulary*, a constant row of its
  own (``ImportReport.vocabulary``), so a query may use it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from pydantic import BaseModel, ValidationError

from ..files import MANIFEST, atomic_write, read_checked, read_manifest, sha256_hex
from .config import KINDS, BridgeConfig
from .errors import SpaceFileError

__all__ = ["save_space", "read_space", "SavedSpace", "import_vectors", "import_words",
           "export_vectors", "ImportReport", "FORMAT", "VERSION"]

FORMAT = "neurosym-symbol-space"
VERSION = 1


class ImportReport(BaseModel):
    """What setting vectors from outside did."""

    kind: str
    set: int = 0                     # rows whose vector was set
    added: int = 0                   # symbols that got a new row (``add_unknown=True``)
    unknown: list[str] = []          # names with no row of this kind (skipped)
    not_covered: int = 0             # rows of this kind the input gave no vector
    vocabulary: list[str] = []       # names of no symbol, added as query vocabulary


def save_space(space, path: str | os.PathLike) -> None:
    """Save ``space`` (config, symbol names per kind, vectors) to directory ``path``."""
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    tensors = {k: space.vectors(k).detach().clone().contiguous() for k in KINDS}
    buf = io.BytesIO()
    torch.save(tensors, buf)
    blob = buf.getvalue()
    digest = sha256_hex(blob)
    vec_name = f"vectors-{digest[:16]}.pt"
    atomic_write(root / vec_name, blob)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "config": space.config.model_dump(mode="json"),
        "dim": space.dim,
        "generation": space.generation,
        "kinds": {k: space.names(k) for k in KINDS},
        "vectors": {"file": vec_name, "sha256": digest},
    }
    atomic_write(root / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    for old in root.glob("vectors-*.pt"):
        if old.name != vec_name:
            with contextlib.suppress(OSError):
                old.unlink()


def _fail(path, why: str) -> SpaceFileError:
    return SpaceFileError(f"{path}: {why}")


@dataclass
class SavedSpace:
    """What :func:`read_space` read: the config, the names of each kind's
    rows in row order, each kind's float32 matrix, the generation."""

    config: BridgeConfig
    names: dict[str, list[str]]
    matrices: dict[str, np.ndarray]
    generation: int


def read_space(path: str | os.PathLike, config: BridgeConfig | None = None) -> SavedSpace:
    """Read and check a space saved by :func:`save_space` (the
    :meth:`~neurosym.bridge.space.SymbolSpace.load` of its files).
    ``config``: use this config instead of the saved one (its ``dim`` must
    match)."""
    root = Path(path)
    mpath = root / MANIFEST
    manifest = read_manifest(root, FORMAT, VERSION, _fail,
                             missing="no saved symbol space here (manifest.json is missing)",
                             foreign="not a neurosym symbol space")
    try:
        saved = BridgeConfig.model_validate(manifest["config"])
        dim = int(manifest["dim"])
        kinds = manifest["kinds"]
        vec = manifest["vectors"]
        vname, digest = str(vec["file"]), str(vec["sha256"])
        generation = int(manifest.get("generation", 0))
        names = {k: kinds[k] for k in KINDS}
    except (KeyError, TypeError, ValueError, ValidationError) as e:
        raise _fail(mpath, f"malformed manifest ({type(e).__name__}: {e})") from None
    if saved.dim != dim:
        raise _fail(mpath, f"manifest dim {dim} does not match its config's dim {saved.dim}")
    if config is not None and config.dim != dim:
        raise _fail(mpath, f"saved vectors have dimension {dim}, the given config asks for "
                           f"{config.dim}")
    for k in KINDS:
        if not isinstance(names[k], list) or not all(isinstance(n, str) for n in names[k]):
            raise _fail(mpath, f"malformed manifest (names of kind {k!r})")
        if len(set(names[k])) != len(names[k]):
            raise _fail(mpath, f"malformed manifest (duplicate {k} names)")
    vpath = root / Path(vname).name
    blob = read_checked(vpath, digest, "vectors", _fail)
    try:
        tensors = torch.load(io.BytesIO(blob), weights_only=True, map_location="cpu")
    except Exception as e:  # noqa: BLE001 -- any unpickling failure is a corrupt file
        raise _fail(vpath, f"unreadable vectors file ({type(e).__name__}: {e})") from None
    if not isinstance(tensors, dict) or set(tensors) != set(KINDS):
        raise _fail(vpath, f"vectors file must hold tensors {list(KINDS)}")
    for k in KINDS:
        t = tensors[k]
        if not isinstance(t, torch.Tensor) or t.dtype != torch.float32 or \
                tuple(t.shape) != (len(names[k]), dim):
            raise _fail(vpath, f"{k} vectors do not match the manifest "
                               f"(expected float32 {(len(names[k]), dim)}, got "
                               f"{getattr(t, 'dtype', type(t).__name__)} "
                               f"{tuple(getattr(t, 'shape', ()))})")
    return SavedSpace(config if config is not None else saved, names,
                      {k: tensors[k].numpy() for k in KINDS}, generation)


def import_vectors(space, path: str | os.PathLike, kind: str = "constant",
                   add_unknown: bool = False):
    """Set a kind's vectors from a ``.npy`` matrix or a word2vec text file."""
    path = Path(path)
    if path.suffix == ".npy":
        try:
            x = np.load(path, allow_pickle=False)
        except (ValueError, OSError, EOFError) as e:
            raise _fail(path, f"unreadable .npy file ({e})") from None
        if x.ndim != 2 or x.shape != (space.count(kind), space.dim):
            raise _fail(path, f"expected a ({space.count(kind)}, {space.dim}) matrix for the "
                              f"{kind} rows, got shape {x.shape}")
        space.set_matrix(x, kind)
        return ImportReport(kind=kind, set=space.count(kind))
    names, rows = _read_word2vec(path, space.dim)
    return space.set_vectors(names, np.asarray(rows, dtype=np.float32).reshape(-1, space.dim),
                             kind, add_unknown=add_unknown)


def import_words(space, path: str | os.PathLike) -> ImportReport:
    """Set the vectors of every symbol a word2vec text file names, of either
    kind; names of no symbol become query vocabulary (constant rows).  The
    report's ``kind`` is ``"any"``, ``set`` counts the rows set."""
    path = Path(path)
    if path.suffix == ".npy":
        raise _fail(path, "a .npy matrix has no names: load it for one kind")
    names, rows = _read_word2vec(path, space.dim)
    x = np.asarray(rows, dtype=np.float32).reshape(-1, space.dim)
    report = ImportReport(kind="any")
    known = np.zeros(len(names), dtype=bool)
    for k in KINDS:
        take = [j for j, n in enumerate(names) if space.has(n, k)]
        if take:
            report.set += space.set_vectors([names[j] for j in take], x[take], k).set
            known[take] = True
    vocab = np.flatnonzero(~known)
    if len(vocab):
        report.vocabulary = [names[j] for j in vocab]
        report.added = space.set_vectors(report.vocabulary, x[vocab], "constant",
                                         add_unknown=True).added
        report.set += len(vocab)
    return report


def _read_word2vec(path: Path, dim: int) -> tuple[list[str], list[list[float]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise _fail(path, f"unreadable vector file ({e})") from None
    names: list[str] = []
    rows: list[list[float]] = []
    seen: set[str] = set()
    for no, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if no == 1 and len(parts) == 2 and all(p.isdigit() for p in parts):
            if int(parts[1]) != dim:
                raise _fail(path, f"header says dimension {parts[1]}, the space has {dim}")
            continue
        if len(parts) != dim + 1:
            raise _fail(f"{path}:{no}", f"expected a name and {dim} numbers, "
                                         f"got {len(parts) - 1} numbers")
        try:
            vals = [float(p) for p in parts[1:]]
        except ValueError as e:
            raise _fail(f"{path}:{no}", f"not a number ({e})") from None
        if parts[0] in seen:
            raise _fail(f"{path}:{no}", f"duplicate name {parts[0]!r}")
        seen.add(parts[0])
        names.append(parts[0])
        rows.append(vals)
    return names, rows


def export_vectors(space, path: str | os.PathLike, kind: str = "constant") -> None:
    """Write a kind's vectors: ``.npy`` (row order) or word2vec text (with header)."""
    path = Path(path)
    x = space.numpy(kind)
    if path.suffix == ".npy":
        buf = io.BytesIO()
        np.save(buf, x, allow_pickle=False)
        atomic_write(path, buf.getvalue())
        return
    lines = [f"{len(x)} {space.dim}"]
    for name, row in zip(space.names(kind), x.tolist(), strict=True):
        if not name or any(c.isspace() for c in name):
            raise SpaceFileError(f"{path}: symbol {name!r} cannot be written in word2vec "
                                 "text (empty or contains whitespace); use .npy")
        lines.append(name + " " + " ".join(repr(v) for v in row))
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))
