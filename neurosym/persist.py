"""Saving a knowledge base to a directory and opening it again.

``kb.save(path)`` / ``KnowledgeBase.load(path)`` (thin methods in ``kb.py``)
call :func:`save_kb` / :func:`load_kb`.  A saved knowledge base is a
directory holding

* ``manifest.json`` -- ``{"format": "neurosym-kb", "version": 1, ...}``:
  the files below with their SHA-256, the Prolog flags and global variables
  (``nb_setval``) as quoted terms, the operator table's changes from the
  standard one, and the space's config when no space was built;
* ``program.nsl`` -- the program as NSL source that any neurosym (or, for
  the plain Prolog part, SWI-Prolog) reads back: ``:- op/3`` directives,
  declarations (``dynamic``, ``discontiguous``, ``table``, ``soft``), then
  every clause -- consulted, added, asserted at run time, weighted
  (``0.8 :: p(a).``) -- in store order, written quoted and canonical
  (operators ignored), so the text parses to the same terms whatever
  operators are in effect;
* ``sources.json`` -- where each clause was first written (file and line),
  so ``:why`` and proofs still name the original source after loading;
* ``space/`` -- the thought-vector space (``bridge.io.save_space``) when one
  was built: vectors and symbol names; nearest-neighbour indexes are rebuilt
  from them on first use;
* ``models/<name>.pt`` -- ``kb.models[name]``, a ``dict[str, Tensor]`` (a
  module's ``state_dict``), read back with ``torch.load(...,
  weights_only=True)``: opening a saved knowledge base never runs code from it.

Saving never loses data: everything is written into a fresh temporary
directory beside ``path``, then swapped in by renames (an existing saved
knowledge base is moved aside first and removed only once the new one is in
place).  A directory that exists and is not a saved knowledge base (nor
empty) is refused.  Opening checks the format, the version and every
checksum; a missing, corrupted or mismatched file raises
:class:`KBFileError` saying which file and why.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

from pydantic import ValidationError

from .bridge.config import BridgeConfig
from .bridge.errors import SpaceFileError
from .errors import NeurosymError, ParseError
from .files import MANIFEST, read_checked, replacing_dir
from .files import read_manifest as _read_manifest
from .files import sha256_hex as _sha
from .files import write_synced as _write
from .lang.parser import parse_term
from .terms import TRUE, Atom, Span, Struct, deref
from .terms.operators import DEFAULT_OPERATORS
from .terms.printer import clause_var_names, format_float, format_term
from .version import __version__

__all__ = ["save_kb", "load_kb", "KBFileError", "program_text", "FORMAT", "VERSION"]

FORMAT = "neurosym-kb"
VERSION = 1
PROGRAM = "program.nsl"
SOURCES = "sources.json"
SPACE = "space"
MODELS = "models"
_DECLS = ("dynamic", "discontiguous", "table", "soft")
_SYMBOL_CHARS = frozenset("+-*/\\^<>=~:.?@#&$")
_MODEL_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


class KBFileError(NeurosymError):
    """A saved knowledge base that cannot be opened (missing, corrupted, of
    another format or version), or a directory that cannot be saved to."""


# -- writing --------------------------------------------------------------------
def _q(term, ops=None) -> str:
    return format_term(term, quoted=True, ignore_ops=True, ops=ops or DEFAULT_OPERATORS)


def _clause_text(cl, ops) -> str:
    """One clause as canonical quoted source ending in ``.``."""
    head, body = cl.head, deref(cl.body)
    names = clause_var_names(cl)
    kw = dict(quoted=True, ignore_ops=True, var_names=names, ops=ops)
    text = format_term(head, priority=999, **kw)
    if body is not TRUE:
        text += " :-\n    " + format_term(body, priority=999, **kw)
    if cl.weight is not None:
        text = f"{format_float(float(cl.weight))} :: {text}"
    return text + (" ." if text[-1] in _SYMBOL_CHARS else ".")


def _all_preds(store):
    """Every predicate the store knows (with clauses or flags), in order."""
    return list(store._preds)      # read-only look at the store's table


def _op_changes(ops) -> list[list]:
    """``[priority, type, name]`` for every operator that differs from the
    standard table (priority 0: a standard operator removed)."""
    out = []
    for kind in ("prefix", "infix", "postfix"):
        mine, std = getattr(ops, kind), getattr(DEFAULT_OPERATORS, kind)
        for name, op in mine.items():
            if std.get(name) != op:
                out.append([op.priority, op.type, name])
        for name, op in std.items():
            if name not in mine:
                out.append([0, op.type, name])
    return sorted(out, key=lambda o: (-o[0], o[1], o[2]))


def program_text(store, ops) -> tuple[str, list]:
    """The program in ``store`` as NSL source (operators ``ops``), and the
    source of each clause (``[file, line, column, end_line, end_column]`` or
    ``None``) in order."""
    lines = ["% neurosym knowledge base (saved by kb.save; open with KnowledgeBase.load)", ""]
    for prio, type_, name in _op_changes(ops):
        lines.append(f":- op({prio}, {type_}, {_q(Atom(name))}).")
    slash = Atom("/")
    spans: list = []
    for key in _all_preds(store):         # declarations just before their clauses,
        fl = store.flags(key)              # so predicates keep their order
        decls = [f":- {flag}({_q(Struct(slash, key))})." for flag in _DECLS
                 if getattr(fl, flag)]
        if decls:
            lines.append("")
            lines.extend(decls)
        for cl in store.clauses(key):
            lines.append(_clause_text(cl, ops))
            sp = cl.span
            spans.append(None if sp is None else
                         [sp.file, sp.line, sp.column, sp.end_line, sp.end_column])
    return "\n".join(lines) + "\n", spans


def _is_saved_kb(path: Path) -> bool:
    try:
        m = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(m, dict) and m.get("format") == FORMAT


def save_kb(path: str | os.PathLike, *, machine, vectors, models: dict) -> None:
    """Save a knowledge base's parts to directory ``path``: the program in
    ``machine.store`` with the machine's flags, globals and operators, the
    ``vectors``' space (or its config) and ``models``."""
    root = Path(path)
    if root.exists():
        if not root.is_dir():
            raise KBFileError(f"{root}: exists and is not a directory")
        if any(root.iterdir()) and not _is_saved_kb(root):
            raise KBFileError(f"{root}: not a saved knowledge base and not empty; "
                              "refusing to replace it")
    root.parent.mkdir(parents=True, exist_ok=True)
    with replacing_dir(root) as tmp:
        manifest = _write_all(machine, vectors, models, tmp)
        _write(tmp / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))


def _write_all(m, vectors, models: dict, tmp: Path) -> dict:
    ops = m.ops
    text, spans = program_text(m.store, ops)
    prog = text.encode("utf-8")
    _write(tmp / PROGRAM, prog)
    src = json.dumps(spans).encode("utf-8")
    _write(tmp / SOURCES, src)
    manifest: dict = {
        "format": FORMAT,
        "version": VERSION,
        "neurosym": __version__,
        "program": {"file": PROGRAM, "sha256": _sha(prog), "clauses": len(spans)},
        "sources": {"file": SOURCES, "sha256": _sha(src)},
        "flags": {k: _q(v, ops) for k, v in sorted(m.flags.items())},
        "globals": {k: _q(v, ops) for k, v in sorted(m.globals.get("$gvars", {}).items())},
        "ops": _op_changes(ops),
        "space": None,
        "space_config": None,
        "models": {},
    }
    if vectors.built:
        from .bridge.io import save_space  # torch
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
            blob = buf.getvalue()
            rel = f"{MODELS}/{name}.pt"
            _write(tmp / rel, blob)
            manifest["models"][name] = {"file": rel, "sha256": _sha(blob)}
    return manifest


# -- reading --------------------------------------------------------------------
def _fail(path, why: str) -> KBFileError:
    return KBFileError(f"{path}: {why}")


def _read_checked(root: Path, entry, what: str) -> tuple[Path, bytes]:
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) \
            or not isinstance(entry.get("sha256"), str):
        raise _fail(root / MANIFEST, f"malformed manifest (entry for {what})")
    rel = entry["file"]
    p = root / rel
    if Path(rel).is_absolute() or ".." in Path(rel).parts:
        raise _fail(root / MANIFEST, f"malformed manifest ({what} path {rel!r})")
    return p, read_checked(p, entry["sha256"], what, _fail)


def read_manifest(root: Path) -> dict:
    mpath = root / MANIFEST
    if not root.is_dir():
        raise KBFileError(f"{root}: no such directory")
    manifest = _read_manifest(root, FORMAT, VERSION, _fail,
                              missing="not a saved knowledge base (manifest.json is missing)",
                              foreign="not a saved knowledge base")
    for key, typ in (("flags", dict), ("globals", dict), ("ops", list), ("models", dict)):
        if not isinstance(manifest.get(key, typ()), typ):
            raise _fail(mpath, f"malformed manifest ({key!r} is not a {typ.__name__})")
    return manifest


def load_kb(path: str | os.PathLike, *, loader, vectors, models: dict) -> None:
    """Fill a new knowledge base's parts (its ``loader``, with the machine and
    store behind it, its ``vectors`` and ``models``) from a directory written
    by :func:`save_kb`."""
    root = Path(path)
    manifest = read_manifest(root)
    mpath = root / MANIFEST
    ppath, prog = _read_checked(root, manifest.get("program"), "program")
    _, src = _read_checked(root, manifest.get("sources"), "sources")
    try:
        text = prog.decode("utf-8")
        spans = json.loads(src)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise _fail(ppath, f"unreadable ({e})") from None
    m, store = loader.machine, loader.store
    saved_warn, n_warn = loader.warn, len(loader.warnings)
    loader.warn = lambda _text: None      # warned when first loaded
    try:
        loader.load_string(text, file=str(ppath))
    except ParseError as e:
        raise _fail(ppath, f"corrupted program ({e.render()})") from None
    finally:
        loader.warn = saved_warn
        del loader.warnings[n_warn:]
    clauses = [cl for key in _all_preds(store) for cl in store.clauses(key)]
    if not isinstance(spans, list) or len(spans) != len(clauses) \
            or len(clauses) != manifest["program"].get("clauses", len(clauses)):
        raise _fail(root / SOURCES, f"does not match the program ({len(clauses)} clauses)")
    for cl, sp in zip(clauses, spans, strict=True):
        cl.span = Span(*sp) if isinstance(sp, list) and len(sp) == 5 else None
    for prio, type_, name in manifest.get("ops", []):
        m.ops.add(prio, type_, name)

    def term(text_):
        try:
            return parse_term(text_, ops=m.ops)[0]
        except ParseError as e:
            raise _fail(mpath, f"malformed manifest (term {text_!r}: {e})") from None

    for k, v in manifest.get("flags", {}).items():
        m.flags[k] = term(v)
    gvars = {k: term(v) for k, v in manifest.get("globals", {}).items()}
    if gvars:
        m.globals.setdefault("$gvars", {}).update(gvars)
    if manifest.get("space"):
        from .bridge.space import load_space  # torch
        try:
            vectors.assign(load_space(root / manifest["space"], symbols=store.symbols))
        except SpaceFileError as e:
            raise KBFileError(str(e)) from None
    elif manifest.get("space_config"):
        try:
            vectors.assign(BridgeConfig.model_validate(manifest["space_config"]))
        except ValidationError as e:
            raise _fail(mpath, f"malformed manifest (space_config: {e})") from None
    if saved_models := manifest.get("models", {}):
        models.update(_load_models(root, saved_models))


def _load_models(root: Path, entries: dict) -> dict:
    import torch
    out = {}
    for name, entry in entries.items():
        p, blob = _read_checked(root, entry, f"model {name!r}")
        try:
            state = torch.load(io.BytesIO(blob), weights_only=True, map_location="cpu")
        except Exception as e:  # noqa: BLE001 -- any unpickling failure is a corrupt file
            raise _fail(p, f"unreadable model file ({type(e).__name__}: {e})") from None
        if not isinstance(state, dict) or not all(
                isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items()):
            raise _fail(p, "a model file must hold a dict of str -> Tensor")
        out[name] = state
    return out
