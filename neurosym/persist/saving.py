"""Saving a knowledge base to a directory and opening it again (see the
package docstring for the files); the atomic swap and the locks are
``neurosym.files``'.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from ..bridge.errors import SpaceFileError
from ..engine.builtins.compare import is_variant
from ..errors import ParseError
from ..examples import Example
from ..files import MANIFEST, MAX_MANIFEST_BYTES, read_file, reading_dir, replacing_dir
from ..files import sha256_hex as _sha
from ..files import write_synced as _write
from ..lang.parser import parse_term
from ..store import Store
from ..terms import Atom, Span, Struct
from ..terms.operators import DEFAULT_OPERATORS
from ..terms.symbols import SymbolTable
from ..version import __version__
from .manifest import (
    FORMAT,
    MODEL_NAME,
    VERSION,
    KBFileError,
    Manifest,
    fail,
    read_entry,
    read_manifest,
)
from .program import all_preds, clause_text, op_changes, program_text, quoted, read_program

__all__ = ["save_kb", "load_kb"]

_NECK = Atom(":-")
PROGRAM = "program.nsl"
SOURCES = "sources.json"
SPACE = "space"
MODELS = "models"
EXAMPLES = "examples.json"
_EXAMPLES = TypeAdapter(list[Example])
_SPANS = TypeAdapter(list[tuple[str | None, int, int, int, int] | None])
_MODEL_NAME = re.compile(MODEL_NAME)
# the flags whose values neurosym reads, and the values each may take
_FLAG_VALUES = {"occurs_check": ("true", "false", "error"), "unknown": ("error", "fail", "warning"),
                "double_quotes": ("codes", "chars", "atom", "string"),
                "datalog": ("true", "false")}


# -- writing --------------------------------------------------------------------
def _is_saved_kb(path: Path) -> bool:
    try:
        m = json.loads(read_file(path / MANIFEST, "manifest", fail, max_bytes=MAX_MANIFEST_BYTES))
    except (KBFileError, ValueError, RecursionError):
        return False
    return isinstance(m, dict) and m.get("format") == FORMAT


def save_kb(path: str | os.PathLike, *, machine, vectors, models: dict,
            examples: list | None = None) -> None:
    """Save a knowledge base's parts to directory ``path``: the program in
    ``machine.store`` with the machine's flags, globals and operators, the
    ``vectors``' space (or its config), ``models`` and the labelled
    ``examples`` (``neurosym.examples``; ``examples.json`` when there are
    any).  What was written is
    read back and compared (:func:`_verify`) before it replaces ``path``."""
    root = Path(path)
    if root.is_symlink():
        raise KBFileError(f"{root}: is a symbolic link; save to the directory it names")
    if root.exists() and not root.is_dir():
        raise KBFileError(f"{root}: exists and is not a directory")
    if root.exists() and any(root.iterdir()) and not _is_saved_kb(root):
        raise KBFileError(f"{root}: not a saved knowledge base and not empty; "
                          "refusing to replace it")
    root.parent.mkdir(parents=True, exist_ok=True)
    with replacing_dir(root) as tmp:
        manifest, text = _write_all(machine, vectors, models, tmp)
        if examples:
            blob = _EXAMPLES.dump_json(list(examples), indent=1)
            manifest["examples"] = _entry(tmp, EXAMPLES, blob)
        _verify(manifest, text, machine.store, tmp / PROGRAM)
        _write(tmp / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))


def _entry(tmp: Path, rel: str, blob: bytes, **more) -> dict:
    _write(tmp / rel, blob)
    return {"file": rel, "sha256": _sha(blob), "bytes": len(blob), **more}


def _write_all(m, vectors, models: dict, tmp: Path) -> tuple[dict, str]:
    ops = m.ops
    text, spans = program_text(m.store, ops)
    manifest: dict = {
        "format": FORMAT,
        "version": VERSION,
        "neurosym": __version__,
        "program": _entry(tmp, PROGRAM, text.encode("utf-8"), clauses=len(spans)),
        "sources": _entry(tmp, SOURCES, json.dumps(spans).encode("utf-8")),
        "flags": {k: quoted(v, ops) for k, v in sorted(m.flags.items())},
        "globals": {k: quoted(v, ops) for k, v in sorted(m.globals.get("$gvars", {}).items())},
        "ops": op_changes(ops),
        "space": None,
        "space_config": None,
        "models": {},
    }
    if vectors.built:
        from ..bridge.io import save_space  # torch
        save_space(vectors.space, tmp / SPACE)          # synced with the store
        manifest["space"] = SPACE
    elif vectors.config is not None:
        manifest["space_config"] = vectors.config.model_dump(mode="json")
    if models:
        import torch
        (tmp / MODELS).mkdir()
        for name, state in models.items():
            if not isinstance(name, str) or not _MODEL_NAME.match(name):
                raise KBFileError(f"kb.models: bad model name {name!r} (letters, digits, "
                                  "'_', '.', '-')")
            if not isinstance(state, dict) or not all(
                    isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items()):
                raise KBFileError(f"kb.models[{name!r}] must be a dict of str -> Tensor "
                                  "(a module's state_dict())")
            buf = io.BytesIO()
            torch.save({k: v.detach().cpu().contiguous() for k, v in state.items()}, buf)
            manifest["models"][name] = _entry(tmp, f"{MODELS}/{name}.pt", buf.getvalue())
    return manifest, text


def _verify(manifest: dict, text: str, original, ppath: Path) -> None:
    """Read the written program and manifest back as :func:`load_kb` will,
    into a fresh store, and compare them with the ``original`` store (each
    clause a variant of the saved one, with the same weight; the same
    declarations and operators): a knowledge base that would not load back
    the same is never swapped in."""
    try:
        checked = Manifest.model_validate(manifest)
        store = Store(SymbolTable())
        ops = DEFAULT_OPERATORS.copy()
        read_program(text, str(ppath), store, ops, lambda key, flag: store.declare(
            key, **{flag: True}))
        _flags(checked, ops, ppath)
        _terms(checked.globals, ops, ppath, "globals")
    except (KBFileError, ValidationError) as e:
        raise KBFileError(f"{ppath.parent.name}: the save would not load back ({e}); "
                          "nothing was replaced") from None
    saved = [cl for key in all_preds(original) for cl in original.clauses(key)]
    back = [cl for key in all_preds(store) for cl in store.clauses(key)]
    why = None
    i = next((i for i, (a, b) in enumerate(zip(saved, back, strict=False))
              if a.weight != b.weight or not is_variant(_whole(a), _whole(b))),
             None if len(saved) == len(back) else min(len(saved), len(back)))
    if i is not None:
        def shown(cls):
            return repr(clause_text(cls[i], ops)) if i < len(cls) else "nothing"
        why = f"clause {i + 1} reads back as {shown(back)}, not {shown(saved)}"
    elif op_changes(ops) != manifest["ops"]:
        why = "the operators read back differ"
    elif [(k, original.flags(k)) for k in all_preds(original)] != \
            [(k, store.flags(k)) for k in all_preds(store)]:
        why = "the declarations read back differ"
    if why:
        raise KBFileError(f"{ppath.parent.name}: the save would not load back the same "
                          f"({why}); nothing was replaced")


def _whole(cl) -> Struct:
    return Struct(_NECK, (cl.head, cl.body))


# -- reading --------------------------------------------------------------------
def _terms(texts: dict, ops, mpath, field: str = "flags") -> dict:
    """Each value of ``texts`` (quoted term text) parsed as a term."""
    out = {}
    for k, v in texts.items():
        try:
            out[k] = parse_term(v, ops=ops)[0]
        except ParseError as e:
            raise fail(mpath, f"malformed manifest (field {field}.{k}: {e})") from None
    return out


def _flags(manifest: Manifest, ops, mpath) -> dict:
    """The manifest's flags as terms; a flag neurosym reads must have one of
    the values it knows."""
    flags = _terms(manifest.flags, ops, mpath)
    for k, v in flags.items():
        allowed = _FLAG_VALUES.get(k)
        if allowed is not None and not (type(v) is Atom and v.name in allowed):
            raise fail(mpath, f"malformed manifest (field flags.{k}: {manifest.flags[k]} is not "
                              f"one of {', '.join(allowed)})")
    return flags


def load_kb(path: str | os.PathLike, *, loader, vectors, models: dict,
            examples: list | None = None) -> None:
    """Fill a new knowledge base's parts (its ``loader``, with the machine and
    store behind it, its ``vectors``, ``models`` and ``examples``) from a
    directory written by :func:`save_kb`.  Nothing in it runs: the program is
    read as data (``program.read_program``)."""
    with reading_dir(Path(path)) as root:
        _load(root, loader, vectors, models)
        if examples is not None:
            examples.extend(_load_examples(root))


def _load_examples(root: Path) -> list:
    """The labelled examples of a saved knowledge base (none before they existed)."""
    manifest = read_manifest(root)
    if manifest.examples is None:
        return []
    p, blob = read_entry(root, manifest.examples, "examples")
    try:
        return _EXAMPLES.validate_json(blob)
    except ValidationError as e:
        raise fail(p, f"malformed ({e.errors()[0]['msg']})") from None


def _load(root: Path, loader, vectors, models: dict) -> None:
    manifest = read_manifest(root)
    mpath = root / MANIFEST
    ppath, prog = read_entry(root, manifest.program, "program")
    spath, src = read_entry(root, manifest.sources, "sources")
    try:
        text = prog.decode("utf-8")
        spans = _SPANS.validate_json(src)
    except UnicodeDecodeError as e:
        raise fail(ppath, f"unreadable ({e})") from None
    except ValidationError as e:
        raise fail(spath, f"malformed ({e.errors()[0]['msg']})") from None
    m, store = loader.machine, loader.store
    read_program(text, str(ppath), store, m.ops, loader.declare)
    clauses = [cl for key in all_preds(store) for cl in store.clauses(key)]
    if len(spans) != len(clauses) or len(clauses) != manifest.program.clauses:
        raise fail(spath, f"does not match the program ({len(clauses)} clauses)")
    for cl, sp in zip(clauses, spans, strict=True):
        cl.span = Span(*sp) if sp is not None else None
    if op_changes(m.ops) != [list(o) for o in manifest.ops]:
        raise fail(mpath, "malformed manifest (field 'ops' does not match the op/3 "
                          "directives of the program)")
    m.flags.update(_flags(manifest, m.ops, mpath))
    gvars = _terms(manifest.globals, m.ops, mpath, "globals")
    if gvars:
        m.globals.setdefault("$gvars", {}).update(gvars)
    if manifest.space:
        sdir = root / manifest.space
        if not stat.S_ISDIR(_lstat_mode(sdir)):
            raise fail(sdir, "the space named by the manifest is not a directory inside "
                             f"{root} (a symbolic link, or missing)")
        from ..bridge.space import load_space  # torch
        try:
            vectors.assign(load_space(sdir, symbols=store.symbols))
        except SpaceFileError as e:
            raise KBFileError(str(e)) from None
    elif manifest.space_config is not None:
        vectors.assign(manifest.space_config)
    if manifest.models:
        models.update(_load_models(root, manifest.models))


def _lstat_mode(p: Path) -> int:
    try:
        return os.lstat(p).st_mode
    except OSError:
        return 0


def _load_models(root: Path, entries: dict) -> dict:
    import torch
    out = {}
    for name, entry in entries.items():
        p, blob = read_entry(root, entry, f"model {name!r}")
        try:
            state = torch.load(io.BytesIO(blob), weights_only=True, map_location="cpu")
        except Exception as e:  # noqa: BLE001 -- any unpickling failure is a corrupt file
            raise fail(p, f"unreadable model file ({type(e).__name__}: {e})") from None
        if not isinstance(state, dict) or not all(
                isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items()):
            raise fail(p, "a model file must hold a dict of str -> Tensor")
        out[name] = state
    return out
