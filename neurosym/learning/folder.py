"""A data set the package does not know: a folder of ``train``/``dev``/``test`` files.

:func:`load_folder` reads a folder holding one file per split, named
``train``, ``dev`` and ``test`` with one of these extensions:

* ``.tsv`` / ``.txt`` -- one triple per line, tab-separated.  Without a
  header the columns are ``head<TAB>relation<TAB>tail`` (the benchmarks'
  format); a first line that names the columns (``head relation tail``,
  ``subject predicate object``, ``s p o``, ``h r t``, in any order) and
  none of whose names is anywhere else in the file is a header, and the
  columns are read by name (``Dataset.notes`` gets the warning that
  ``neurosym.lang.triples.first_line`` gives for such a line);
* ``.csv`` -- comma-separated with a header naming the head, relation and
  tail columns (the names above); other columns are ignored;
* ``.nsl`` / ``.nl`` / ``.pl`` -- ground facts ``relation(head, tail).``.

Blank lines are skipped.  A bad row is a :class:`~neurosym.errors.ParseError`
at its ``file:line:col`` (a missing or extra field, an empty name, a clause
that is not a ground binary fact).  The result is a
:class:`~neurosym.learning.data.Dataset` named after the folder, ids in
order of first appearance (train, then dev, then test), ``known`` = train +
dev + test, evaluated by filtered ranking (MRR, Hits@1/3/10).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np

from ..errors import ConfigError, ParseError
from ..lang.triples import first_line, header_columns
from ..terms import Atom, Struct
from .data import SPLITS, Dataset, _to_ids, _unique_rows, _Vocab

__all__ = ["load_folder", "read_triples", "split_files", "EXTENSIONS"]

EXTENSIONS = (".tsv", ".txt", ".csv", ".nsl", ".nl", ".pl")

Row = tuple[str, str, str]


def split_files(folder: str | os.PathLike) -> dict[str, Path]:
    """``{split: file}`` for ``train``, ``dev``, ``test`` in ``folder``; an
    error naming what is missing or ambiguous."""
    d = Path(folder)
    if not d.is_dir():
        raise ConfigError(f"data set folder not found: {d}")
    out = {}
    for split in SPLITS:
        found = [d / f"{split}{ext}" for ext in EXTENSIONS if (d / f"{split}{ext}").is_file()]
        if not found:
            raise ConfigError(f"{d}: no {split} file (expected {split}.tsv, {split}.csv or "
                              f"{split}.nsl; also {', '.join(EXTENSIONS[1:])})")
        if len(found) > 1:
            raise ConfigError(f"{d}: several {split} files ({', '.join(p.name for p in found)}); "
                              "keep one")
        out[split] = found[0]
    return out


def load_folder(folder: str | os.PathLike, name: str | None = None) -> Dataset:
    """The data set in ``folder`` (see the module doc), named ``name`` or
    after the folder."""
    files = split_files(folder)
    ent, rel = _Vocab(), _Vocab()
    arrays = {}
    notes: list = []
    for split, path in files.items():
        rows = read_triples(path, notes)
        if split == "train" and not rows:
            raise ConfigError(f"{path}: no triples to train on")
        arrays[split] = _to_ids(rows, ent, rel)
    known = _unique_rows(np.concatenate([arrays[s] for s in SPLITS]))
    d = Path(folder)
    return Dataset(name or d.resolve().name, ent.names, rel.names, arrays["train"],
                   arrays["dev"], arrays["test"], known, path=d, notes=notes)


def read_triples(path: str | os.PathLike, notes: list | None = None) -> list[Row]:
    """The ``(head, relation, tail)`` rows of one split file, by its extension;
    ``notes`` gets the warning of a TSV file's first line that names columns
    (read as a triple, or as a header with a one-letter name:
    ``lang.triples.first_line``)."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext in (".nsl", ".nl", ".pl"):
        return _read_facts(p)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{p}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    if ext == ".csv":
        return _read_csv(p, text)
    return _read_tsv(p, text, notes)


def _error(path: Path, line_no: int, col: int, line: str, msg: str) -> ParseError:
    return ParseError(msg, str(path), line_no, col, source_line=line)


def _read_tsv(path: Path, text: str, notes: list | None = None) -> list[Row]:
    lines = [(i, line, line.split("\t")) for i, line in enumerate(text.splitlines(), 1)
             if line.strip()]
    cols, width = {"head": 0, "relation": 1, "tail": 2}, 3
    if lines:                                   # a header? (lang.triples.first_line)
        i, line, fields = lines[0]
        names = {f for _, _, fs in lines[1:] for f in fs}
        h, warning = first_line(fields, [f in names for f in fields], str(path), i, line)
        if warning is not None and notes is not None:
            notes.append(warning)
        if h is not None:
            cols, width, lines = h, len(fields), lines[1:]
    rows: list[Row] = []
    for i, line, fields in lines:
        _check_fields(path, i, line, fields, width, "\t", "tab-separated")
        rows.append((fields[cols["head"]], fields[cols["relation"]], fields[cols["tail"]]))
    return rows


def _check_fields(path, i, line, fields, width, sep, what) -> None:
    if len(fields) < width:
        raise _error(path, i, len(line) + 1, line,
                     f"expected {width} {what} fields, found {len(fields)}")
    if len(fields) > width:
        col = sum(len(f) + 1 for f in fields[:width]) + 1
        raise _error(path, i, col, line,
                     f"expected {width} {what} fields, found {len(fields)}")
    col = 1
    for f in fields:
        if not f.strip():
            raise _error(path, i, col, line, "empty name")
        col += len(f) + len(sep)


def _read_csv(path: Path, text: str) -> list[Row]:
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text))
    header, cols, rows = None, None, []
    for fields in reader:
        i = reader.line_num
        line = lines[i - 1] if i - 1 < len(lines) else ""
        if not any(f.strip() for f in fields):
            continue
        if header is None:
            header, cols = fields, header_columns(fields)
            if cols is None:
                raise _error(path, i, 1, line,
                             "a CSV file needs a header naming its head, relation and tail "
                             f"columns (e.g. head,relation,tail), not {','.join(fields)}")
            continue
        if len(fields) != len(header):
            raise _error(path, i, len(line) + 1 if len(fields) < len(header) else 1, line,
                         f"expected {len(header)} comma-separated fields (as the header), "
                         f"found {len(fields)}")
        for role, c in cols.items():
            if not fields[c].strip():
                col = sum(len(f) + 1 for f in fields[:c]) + 1 if '"' not in line else 1
                raise _error(path, i, col, line, f"empty {role}")
        rows.append((fields[cols["head"]], fields[cols["relation"]], fields[cols["tail"]]))
    return rows


def _name(t) -> str | None:
    if isinstance(t, Atom):
        return t.name
    if isinstance(t, (int, float)) and not isinstance(t, bool):
        return str(t)
    return None


def _read_facts(path: Path) -> list[Row]:
    from ..lang.loader import load_file
    program = load_file(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    rows: list[Row] = []
    for item in program.items:
        head = getattr(item, "head", None)
        body = getattr(item, "body", None)
        ok = (isinstance(head, Struct) and len(head.args) == 2 and body is not None
              and getattr(body, "name", None) == "true")
        names = (_name(head.args[0]), _name(head.args[1])) if ok else (None, None)
        if not ok or None in names:
            span = getattr(item, "span", None)
            line_no, col = (span.line, span.column) if span is not None else (0, 0)
            src = lines[line_no - 1] if 0 < line_no <= len(lines) else None
            raise ParseError("expected a ground fact relation(head, tail).", str(path),
                             line_no, col, source_line=src)
        rows.append((names[0], head.name.name, names[1]))
    return rows
