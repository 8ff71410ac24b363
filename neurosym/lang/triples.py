"""Reading triple files (``head<TAB>relation<TAB>tail``).

The format of the Countries / Nations / Kinship benchmark files: one triple
per line, no header, UTF-8; with ``relation_first=True`` the columns are
``relation<TAB>head<TAB>tail``.  Blank lines are skipped; a trailing ``\\r``
(CRLF files) is dropped.  Names are taken verbatim.

The whole text is split at once and each distinct name is kept once:
:func:`read_tsv` gives id arrays into a list of names (no Python object per
triple), which :mod:`neurosym.store.tsv` adds to a store and the loader
(:mod:`.loader`) turns into a fact block.  A line without exactly three
non-empty fields is an error; every bad line is reported (``file:line:col``)
in one ``ParseError``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..errors import ParseError

__all__ = ["read_tsv", "Triples"]


@dataclass(slots=True)
class Triples:
    """Triples as ids into ``names``: ``ids[:, 0]`` head, ``1`` relation, ``2`` tail."""

    names: list[str]
    ids: np.ndarray            # (n, 3) int64
    lines: np.ndarray          # (n,) 1-based line numbers
    line_lengths: np.ndarray   # (n,) characters of each line


def read_tsv(path: str | os.PathLike, relation_first: bool = False) -> Triples:
    """Read and check a triple file (no store needed)."""
    file = os.fspath(path)
    data = open(file, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    if data and not data.endswith(b"\n"):
        data += b"\n"
    raw = np.frombuffer(data, dtype=np.uint8)
    nl = np.flatnonzero(raw == 10)
    starts = np.concatenate(([0], nl[:-1] + 1))
    lengths = nl - starts
    line_no = np.arange(1, len(nl) + 1)
    if (lengths == 0).any():            # blank lines are skipped
        keep = lengths != 0
        kept = [ln for ln in data.split(b"\n") if ln]
        data = b"\n".join(kept) + b"\n" if kept else b""
        starts, lengths, line_no = starts[keep], lengths[keep], line_no[keep]
        raw = np.frombuffer(data, dtype=np.uint8)
        nl = np.flatnonzero(raw == 10)
    n = len(nl)
    tabs = np.flatnonzero(raw == 9)
    fields = data.replace(b"\n", b"\t").split(b"\t")
    fields.pop()                        # after the final newline
    uniq = dict.fromkeys(fields)
    if not _two_tabs_per_line(tabs, nl) or b"" in uniq:
        _report(file, data, line_no)
    try:
        names = [b.decode("utf-8") for b in uniq]
    except UnicodeDecodeError:
        _report_utf8(file, data, line_no)
        raise
    where = {b: i for i, b in enumerate(uniq)}
    ids = np.fromiter(map(where.__getitem__, fields), dtype=np.int64, count=len(fields))
    ids = ids.reshape(n, 3)
    if relation_first:
        ids = ids[:, [1, 0, 2]]
    if not data.isascii():              # columns count characters, not bytes
        lengths = np.fromiter((len(x) for x in data.decode("utf-8").split("\n")[:-1]),
                              dtype=np.int64, count=n)
    return Triples(names, ids, line_no, lengths)


def _two_tabs_per_line(tabs: np.ndarray, nl: np.ndarray) -> bool:
    """Every line (ending at ``nl[i]``) holds exactly two of the sorted ``tabs``."""
    n = len(nl)
    if len(tabs) != 2 * n:
        return False
    if n == 0:
        return True
    pairs = tabs.reshape(n, 2)
    line_start = np.empty_like(nl)
    line_start[0] = 0
    line_start[1:] = nl[:-1] + 1
    return bool((pairs[:, 0] >= line_start).all() and (pairs[:, 1] < nl).all())


def _report_utf8(file: str, data: bytes, line_no: np.ndarray) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        i = data.count(b"\n", 0, e.start)
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise ParseError(f"invalid UTF-8 byte {data[e.start]:#04x}", file,
                         int(line_no[i]), col) from None


def _report(file: str, data: bytes, line_no: np.ndarray) -> None:
    errors: list[ParseError] = []
    text = data.decode("utf-8", errors="replace")
    for i, ln in enumerate(text.split("\n")[:-1]):
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
            errors.append(ParseError(msg, file, int(line_no[i]), max(col, 1), source_line=ln))
    if errors:
        raise ParseError(errors[0].message, file, errors[0].line, errors[0].column,
                         source_line=errors[0].source_line, errors=errors)
