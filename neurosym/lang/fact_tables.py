"""Fact tables in Parquet and CSV files, read and written through DuckDB.

Two layouts are read (:func:`read_table`):

* **triples** -- columns ``head``, ``relation``, ``tail`` (a Parquet file's
  column names; a CSV file's three columns, with or without the header line
  ``head,relation,tail``, a header only when none of those words is a name
  in the other rows, as for a TSV file): the facts ``relation(head, tail)``, names taken
  verbatim as atoms, as in a ``.tsv`` triple file;
* **facts** -- columns ``predicate``, ``arity``, ``arg1`` .. ``argN``, each
  argument quoted NSL text (what ``neurosym materialize --out F.parquet``
  writes): the facts ``predicate(arg1, ..., argArity)``.

Names are dictionary-encoded inside DuckDB (an ``ENUM`` of the distinct
names, then each column as its codes): Python holds one string per distinct
name and ``int64`` id arrays, never an object per row.  The result is a
:class:`~.facts.FactBlock` (atoms only) plus, for the facts layout, the
parsed clauses of rows whose arguments are not all atoms.  A missing or
empty field is a :class:`~neurosym.errors.ParseError` naming the file, the
row (as ``line``) and the column.

DuckDB is an optional dependency (``pip install 'neurosym-engine[duckdb]'``);
:func:`need_duckdb` raises :class:`MissingDependency` naming the command.
"""

from __future__ import annotations

import os

from ..errors import NeurosymError, ParseError
from ..terms import Atom
from .facts import FactBlock

__all__ = ["read_table", "write_parquet", "need_duckdb", "MissingDependency", "TABLE_EXTENSIONS",
           "DUCKDB_INSTALL"]

TABLE_EXTENSIONS = (".parquet", ".csv")
DUCKDB_INSTALL = "pip install 'neurosym-engine[duckdb]'"
_TRIPLES = ("head", "relation", "tail")


class MissingDependency(NeurosymError):
    """An optional package is not installed (the message names the command)."""


def need_duckdb(what: str = "this"):
    """The ``duckdb`` module, or :class:`MissingDependency`."""
    try:
        import duckdb
    except ImportError:
        raise MissingDependency(f"{what} needs the duckdb package: {DUCKDB_INSTALL}") from None
    return duckdb


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _source(con, file: str) -> str:
    if file.endswith(".parquet"):
        return f"read_parquet({_lit(file)})"
    return (f"read_csv({_lit(file)}, header = false, all_varchar = true, quote = '\"', "
            f"escape = '\"', columns = {{'head': 'VARCHAR', 'relation': 'VARCHAR', "
            f"'tail': 'VARCHAR'}}, strict_mode = true)")


def read_table(path: str | os.PathLike, con=None) -> tuple[FactBlock | None, list]:
    """``(block, clauses)`` of a Parquet or CSV fact table (see the module
    docstring); ``block`` is ``None`` when the file has no rows of atoms."""
    file = os.fspath(path)
    duckdb = need_duckdb(f"reading {os.path.basename(file)}")
    own = con is None
    con = duckdb.connect() if own else con
    try:
        try:
            con.execute(f"CREATE OR REPLACE TEMP VIEW src AS SELECT * FROM {_source(con, file)}")
            cols = [r[0] for r in con.execute("DESCRIBE src").fetchall()]
        except duckdb.Error as e:
            raise ParseError(f"cannot read as a fact table: {_first_line(e)}", file, 1, 1) from None
        if cols[:3] == list(_TRIPLES):
            return _triples(con, file), []
        if cols[:2] == ["predicate", "arity"] and all(c == f"arg{j + 1}" for j, c in
                                                      enumerate(cols[2:])):
            return _facts(con, file, len(cols) - 2)
        raise ParseError(f"columns {', '.join(cols)}: expected head, relation, tail or "
                         f"predicate, arity, arg1 .. argN", file, 1, 1)
    finally:
        if own:
            con.close()


def _first_line(e) -> str:
    return str(e).strip().splitlines()[0]


def _encode(con, file: str, cols: list[str], where: str = "TRUE"):
    """``(names, ids)``: the distinct values of ``cols`` and each row's codes
    (``int64``, ``(n, len(cols))``; NULL is -1) in file order."""
    import numpy as np
    union = " UNION ".join(f"SELECT {c} AS v FROM src WHERE {where}" for c in cols)
    con.execute(f"CREATE OR REPLACE TEMP TABLE names AS SELECT DISTINCT v FROM ({union}) "
                f"WHERE v IS NOT NULL ORDER BY v")
    names = [r[0] for r in con.execute("SELECT v FROM names").fetchall()]
    if not names:
        return names, np.zeros((0, len(cols)), np.int64)
    con.execute("DROP TYPE IF EXISTS nsl_names")
    con.execute("CREATE TYPE nsl_names AS ENUM (SELECT v FROM names)")
    sel = ", ".join(f"coalesce(CAST(enum_code(CAST({c} AS nsl_names)) AS BIGINT), -1) AS {c}"
                    for c in cols)
    res = con.execute(f"SELECT {sel} FROM src WHERE {where}").fetchnumpy()
    ids = np.stack([np.asarray(res[c], np.int64) for c in cols], axis=1)
    return names, ids


def _check_filled(con, file: str, cols: list[str], where: str = "TRUE") -> None:
    bad = " OR ".join(f"{c} IS NULL OR {c} = ''" for c in cols)
    if con.execute(f"SELECT count(*) FROM src WHERE ({where}) AND ({bad})").fetchone()[0] == 0:
        return
    cases = " ".join(f"WHEN {c} IS NULL OR {c} = '' THEN {j + 1}" for j, c in enumerate(cols))
    row, col = con.execute(f"SELECT rn, CASE {cases} END FROM (SELECT *, row_number() OVER () "
                           f"AS rn FROM src) WHERE ({where}) AND ({bad}) ORDER BY rn "
                           f"LIMIT 1").fetchone()
    raise ParseError(f"empty field {cols[col - 1]} in row {row}", file, int(row), int(col))


def _triples(con, file: str) -> FactBlock | None:
    import numpy as np
    _check_filled(con, file, list(_TRIPLES))
    names, ids = _encode(con, file, list(_TRIPLES))
    if not len(ids):
        return None
    if file.endswith(".csv") and tuple(names[i] for i in ids[0]) == _TRIPLES \
            and not np.isin(ids[1:], ids[0]).any():
        ids = ids[1:]          # the header line (its words are no name in the data)
    rels, first, pred = np.unique(ids[:, 1], return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")      # predicates in order of first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    preds = [(names[r], 2) for r in rels[order].tolist()]
    return FactBlock(names, preds, rank[pred.reshape(-1)], ids[:, [0, 2]], None, file)


def _facts(con, file: str, width: int) -> tuple[FactBlock | None, list]:
    import numpy as np

    from .parser import parse_program, parse_term
    _check_filled(con, file, ["predicate"])
    args = [f"arg{j + 1}" for j in range(width)]
    names, ids = _encode(con, file, ["predicate"] + args)
    arity = con.execute("SELECT arity FROM src").fetchnumpy()["arity"].astype(np.int64)
    if len(arity) and (arity.min() < 0 or arity.max() > width):
        raise ParseError(f"arity outside 0 .. {width}", file, int(np.argmax((arity < 0) |
                                                                     (arity > width))) + 1, 2)
    cols = np.arange(width)
    filled = ids[:, 1:] >= 0
    if (filled != (cols[None, :] < arity[:, None])).any():
        row = int(np.flatnonzero((filled != (cols[None, :] < arity[:, None])).any(axis=1))[0])
        raise ParseError("the arguments filled do not match the arity", file, row + 1, 3)
    # which distinct texts are plain atoms: parse each once
    atom_name: list = [None] * len(names)
    used = np.zeros(len(names) + 1, bool)
    used[ids[:, 1:]] = True
    for i in np.flatnonzero(used[:-1]).tolist():
        term, _ = parse_term(names[i], file=file)
        if type(term) is Atom:
            atom_name[i] = term.name
    is_atom = np.array([a is not None for a in atom_name] + [True], bool)
    simple = is_atom[ids[:, 1:]].all(axis=1)
    clauses: list = []
    if (~simple).any():
        text = "".join(f"{_quoted_name(names[r[0]])}({', '.join(names[c] for c in r[1:1 + a])}).\n"
                       for r, a in zip(ids[~simple].tolist(), arity[~simple].tolist(),
                                       strict=True))
        clauses = parse_program(text, file=file).clauses
    ids, arity = ids[simple], arity[simple]
    if not len(ids):
        return None, clauses
    key = ids[:, 0] * (width + 1) + arity
    uk, first, pred = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    strings = [a if a is not None else names[i] for i, a in enumerate(atom_name)]
    preds = [(names[int(k) // (width + 1)], int(k) % (width + 1)) for k in uk[order].tolist()]
    return FactBlock(strings, preds, rank[pred.reshape(-1)], ids[:, 1:], None, file), clauses


def _quoted_name(name: str) -> str:
    from ..terms.printer import format_atom
    return format_atom(name)


def write_parquet(path: str | os.PathLike, parts: list[dict], columns: list[str]) -> int:
    """Write the rows of ``parts`` (dicts of equal-length numpy columns) to one
    Parquet file, atomically; returns the number of rows."""
    file = os.fspath(path)
    duckdb = need_duckdb(f"writing {os.path.basename(file)}")
    tmp = f"{file}.tmp-{os.getpid()}"
    con = duckdb.connect()
    total = 0
    try:
        decl = ", ".join(f"{c} {'INTEGER' if c == 'arity' else 'VARCHAR'}" for c in columns)
        con.execute(f"CREATE TABLE out ({decl})")
        for cols in parts:
            n = len(next(iter(cols.values()))) if cols else 0
            if not n:
                continue
            con.register("_part", {c: cols[c] for c in columns})
            con.execute("INSERT INTO out SELECT * FROM _part")
            con.unregister("_part")
            total += n
        con.execute(f"COPY out TO {_lit(tmp)} (FORMAT parquet)")
        os.replace(tmp, file)
    finally:
        con.close()
        if os.path.exists(tmp):
            os.unlink(tmp)
    return total
