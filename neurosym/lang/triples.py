"""Reading triple files (``head<TAB>relation<TAB>tail``).

The format of the Countries / Nations / Kinship benchmark files: one triple
per line, UTF-8; with ``relation_first=True`` the columns are
``relation<TAB>head<TAB>tail``.  A first line that names the three columns
(``head relation tail``, ``subject predicate object``, ``s p o`` ... in any
order: :func:`header_columns`) and none of whose names appears anywhere else
in the file is a header: it is skipped (with a warning when a name of it is
one letter, as ``s p o``) and the columns are read by name.  When one of its names is also in the data (``s p o`` above
``s knows o``) it is read as a triple, with a warning too
(:func:`first_line`).  Blank lines are skipped; a trailing ``\\r`` (CRLF files) is
dropped.  Names are taken verbatim.

The whole text is scanned at once with numpy (newlines, tabs, then each
field hashed and numbered by its bytes) and each distinct name is kept once:
:func:`read_tsv` gives id arrays into a list of names (no Python object per
triple or per field), which :mod:`neurosym.store.tsv` adds to a store and the loader
(:mod:`.loader`) turns into a fact block.  A line without exactly three
non-empty fields is an error; every bad line is reported (``file:line:col``)
in one ``ParseError``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ParseError, SourceWarning

if TYPE_CHECKING:
    import numpy as np

__all__ = ["read_tsv", "Triples", "header_columns", "first_line", "ROLES"]

# the names a header line may give each column (any case), as pandas and RDF tools write them
ROLES = {
    "head": ("head", "subject", "subj", "s", "h", "source", "src", "from"),
    "relation": ("relation", "predicate", "rel", "r", "p", "pred", "property"),
    "tail": ("tail", "object", "obj", "o", "t", "target", "dst", "to"),
}
_ROLE_OF = {n: role for role, names in ROLES.items() for n in names}


def header_columns(fields: list[str]) -> dict[str, int] | None:
    """``{role: column}`` when ``fields`` (a first line's) name the head,
    relation and tail columns (:data:`ROLES`), else ``None``."""
    roles = [_ROLE_OF.get(f.strip().lower()) for f in fields]
    cols = {r: roles.index(r) for r in ROLES if r in roles}
    return cols if len(cols) == 3 else None


def first_line(fields: list[str], in_data, file: str | None, line: int, source_line: str
               ) -> tuple[dict[str, int] | None, SourceWarning | None]:
    """Whether a file's first line (its ``fields``, at ``line``) is a header:
    ``({role: column}, warning)`` when it names the columns
    (:func:`header_columns`) and no name of it is in the data (``in_data``:
    one flag per field: that name appears again in the file), else ``(None,
    warning)``.  The warning is ``None`` when the line names no columns, and
    for a header of column words (``head relation tail``): only a header
    with a one-letter name (``s p o``), which a triple could also be, is
    said."""
    cols = header_columns(fields)
    if cols is None:
        return None, None
    shown = " ".join(fields)
    again = [f for f, seen in zip(fields, in_data, strict=True) if seen]
    if again:
        return None, SourceWarning(
            f"the first line ({shown}) names columns, but {again[0]!r} is also a name in the "
            "data: read as a triple, not a header", file, line, 1, source_line=source_line)
    if all(len(f.strip()) > 1 for f in fields):   # column words (head, subject ...): no doubt
        return cols, None
    return cols, SourceWarning(
        f"the first line ({shown}) is read as a header, not a triple: its names appear "
        "nowhere else in the file (to read it as a triple, move it below another line)", file, line, 1, source_line=source_line)


@dataclass(slots=True)
class Triples:
    """Triples as ids into ``names``: ``ids[:, 0]`` head, ``1`` relation, ``2`` tail;
    ``warnings``: what the first line was read as, when it names columns."""

    names: list[str]
    ids: np.ndarray            # (n, 3) int64
    lines: np.ndarray          # (n,) 1-based line numbers
    line_lengths: np.ndarray   # (n,) characters of each line
    warnings: list[SourceWarning]


def read_tsv(path: str | os.PathLike, relation_first: bool = False) -> Triples:
    """Read and check a triple file (no store needed)."""
    import numpy as np
    file = os.fspath(path)
    with open(file, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    if data and not data.endswith(b"\n"):
        data += b"\n"
    raw = np.frombuffer(data, dtype=np.uint8)
    pos = np.int32 if len(data) < (1 << 31) else np.int64     # byte offsets
    nl = np.flatnonzero(raw == 10).astype(pos)
    starts = np.concatenate(([0], nl[:-1] + 1))[:len(nl)].astype(pos)
    lengths = nl - starts
    line_no = np.arange(1, len(nl) + 1, dtype=pos)
    if (lengths == 0).any():            # blank lines are skipped
        keep = lengths != 0
        starts, lengths, line_no, nl = starts[keep], lengths[keep], line_no[keep], nl[keep]
    tabs = np.flatnonzero(raw == 9).astype(pos)
    first = _first_fields(data, starts, nl)
    n = len(nl)
    if not _two_tabs_per_line(tabs, nl, starts):
        _report(file, data)
    tabs = tabs.reshape(n, 2)
    fstart = np.empty(3 * n, pos)
    fstart[0::3], fstart[1::3], fstart[2::3] = starts, tabs[:, 0] + 1, tabs[:, 1] + 1
    flen = np.empty(3 * n, pos)
    flen[0::3], flen[1::3], flen[2::3] = tabs[:, 0] - starts, tabs[:, 1] - tabs[:, 0] - 1, \
        nl - tabs[:, 1] - 1
    del tabs
    if (flen == 0).any():
        _report(file, data)
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            _report_utf8(file, data)
            raise
        # columns count characters, not bytes: count the bytes that start one
        lead = np.concatenate(([0], np.cumsum((raw & 0xC0) != 0x80)))
        lengths = lead[nl] - lead[starts]
    del nl, starts
    names, ids = _field_ids(data, raw, fstart, flen)
    ids = ids.reshape(n, 3)
    cols, warnings = None, []
    if first is not None:
        in_data = np.isin(ids[0], ids[1:]).tolist()
        cols, warning = first_line(first, in_data, file, int(line_no[0]), "\t".join(first))
        warnings += [warning] if warning is not None else []
    if cols is not None:                # the header: its names are the first three
        names, ids = names[3:], ids[1:] - 3
        line_no, lengths = line_no[1:], lengths[1:]
        ids = ids[:, [cols["head"], cols["relation"], cols["tail"]]]
    elif relation_first:
        ids = ids[:, [1, 0, 2]]
    return Triples(names, ids, line_no, lengths, warnings)


def _first_fields(data: bytes, starts, nl) -> list[str] | None:
    """The first line's fields (of offsets ``starts[0]`` to ``nl[0]``) when
    they name the columns (:func:`header_columns`), else ``None``."""
    if not len(nl):
        return None
    fields = [f.decode("utf-8", "replace") for f in data[int(starts[0]):int(nl[0])].split(b"\t")]
    return fields if len(fields) == 3 and header_columns(fields) is not None else None


_CHUNK = 1 << 22                        # fields hashed at a time
_MUL = 0x100000001B3                    # FNV-1a's prime (a uint64)


def _field_ids(data: bytes, raw: np.ndarray, start: np.ndarray, length: np.ndarray):
    """``(names, ids)``: the distinct fields (by their bytes) in order of first
    appearance, and each field's index among them -- without a Python object
    per field.  Fields are hashed (FNV-1a over the bytes, vectorised by
    position), the hashes made unique, and every field is compared byte by
    byte with the first field of its hash, so a hash collision is found
    (then the fields are numbered with a dict, exactly)."""
    import numpy as np
    n = len(start)
    hashes = np.empty(n, np.uint64)
    for lo in range(0, n, _CHUNK):
        hashes[lo:lo + _CHUNK] = _hash(raw, start[lo:lo + _CHUNK], length[lo:lo + _CHUNK])
    perm = np.argsort(hashes)
    sorted_h = hashes[perm]
    del hashes
    new_group = np.empty(n, bool)
    new_group[:1] = True
    np.not_equal(sorted_h[1:], sorted_h[:-1], out=new_group[1:])
    del sorted_h
    group_starts = np.flatnonzero(new_group)
    gid = np.cumsum(new_group, dtype=np.int64)
    gid -= 1
    del new_group
    ids = np.empty(n, np.int64)
    ids[perm] = gid
    del gid
    first = np.minimum.reduceat(perm, group_starts) if n else perm
    del perm, group_starts
    order = np.argsort(first)                    # number names by first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    first = first[order]
    for lo in range(0, n, _CHUNK):
        part = rank[ids[lo:lo + _CHUNK]]
        ids[lo:lo + _CHUNK] = part
        if not _same(raw, start[lo:lo + _CHUNK], length[lo:lo + _CHUNK], first[part],
                     start, length):
            return _field_ids_exact(data, start, length)
    names = [data[s:s + m].decode("utf-8") for s, m in
             zip(start[first].tolist(), length[first].tolist(), strict=True)]
    return names, ids


def _by_length(length: np.ndarray):
    """Positions sorted longest first, and how many are longer than k, per k."""
    import numpy as np
    order = np.argsort(-length, kind="stable")
    counts = np.searchsorted(-length[order], -np.arange(int(length.max(initial=0))), "left")
    return order, counts


def _hash(raw: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    import numpy as np
    order, counts = _by_length(length)
    s = start[order]
    h = np.full(len(s), 0xCBF29CE484222325, np.uint64)
    for k, c in enumerate(counts.tolist()):
        h[:c] ^= raw[s[:c] + k]
        h[:c] *= np.uint64(_MUL)
    h ^= length[order].astype(np.uint64) << np.uint64(56)
    out = np.empty_like(h)
    out[order] = h
    return out


def _same(raw, start, length, rep, all_start, all_length) -> bool:
    """Whether every field equals field ``rep`` (indexes into ``all_*``)."""
    if not (length == all_length[rep]).all():
        return False
    order, counts = _by_length(length)
    a, b = start[order], all_start[rep[order]]
    for k, c in enumerate(counts.tolist()):
        if (raw[a[:c] + k] != raw[b[:c] + k]).any():
            return False
    return True


def _field_ids_exact(data: bytes, start: np.ndarray, length: np.ndarray):
    import numpy as np
    where: dict = {}
    ids = np.fromiter((where.setdefault(data[s:s + m], len(where)) for s, m in
                       zip(start.tolist(), length.tolist(), strict=True)), np.int64, len(start))
    return [b.decode("utf-8") for b in where], ids


def _two_tabs_per_line(tabs: np.ndarray, nl: np.ndarray, line_start: np.ndarray) -> bool:
    """Every line (``line_start[i]`` to ``nl[i]``) holds exactly two of the
    sorted ``tabs`` (blank lines, holding none, are left out of ``nl``)."""
    n = len(nl)
    if len(tabs) != 2 * n:
        return False
    if n == 0:
        return True
    pairs = tabs.reshape(n, 2)
    return bool((pairs[:, 0] >= line_start).all() and (pairs[:, 1] < nl).all())


def _report_utf8(file: str, data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        i = data.count(b"\n", 0, e.start)
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise ParseError(f"invalid UTF-8 byte {data[e.start]:#04x}", file, i + 1, col) from None


def _report(file: str, data: bytes) -> None:
    errors: list[ParseError] = []
    text = data.decode("utf-8", errors="replace")
    for i, ln in enumerate(text.split("\n")[:-1]):
        if not ln:                      # blank lines are skipped
            continue
        parts = ln.split("\t")
        col = 1
        msg = None
        for j, part in enumerate(parts):
            if j == 3:
                msg = f"expected 3 tab-separated fields, found {len(parts)}"
                break
            if part == "":
                msg = f"empty field {j + 1}"
                break
            col += len(part) + 1
        else:
            if len(parts) < 3:
                col -= 1
                msg = f"expected 3 tab-separated fields, found {len(parts)}"
        if msg is not None:
            errors.append(ParseError(msg, file, i + 1, max(col, 1), source_line=ln))
    if errors:
        raise ParseError(errors[0].message, file, errors[0].line, errors[0].column,
                         source_line=errors[0].source_line, errors=errors)
