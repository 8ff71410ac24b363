"""Materialising what the rules of a store entail (``kb.materialize``, the
``neurosym materialize`` command).

:func:`materialize` evaluates predicates defined by rules bottom-up (through the
knowledge base's :class:`~.serve.Server`, so it shares the cache of tabled calls)
and returns a :class:`Materialized`: per predicate a :class:`DerivedFacts`, a
view of the relation's numpy rows that counts in O(1) and decodes facts only
when iterated.  ``store=True`` adds the facts not already stored to the store.

A predicate is materialised with everything it depends on; all of it must be in
the Datalog fragment (``NotInFragment`` says which clause is not, and why) and
stratified (``StratificationError`` names the cycle).  With
``skip_outside=True`` predicates outside the fragment are left out instead and
listed in ``Materialized.skipped``; a cycle through negation is always an error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Iterator

import numpy as np

from ...files import atomic_open
from ...terms import TRUE, Atom, Clause, Struct, indicator
from ...terms.printer import format_atom, format_term
from .ir import NotInFragment
from .strata import StratificationError

__all__ = ["materialize", "Materialized", "DerivedFacts", "derived_predicates", "parse_indicator",
           "BACKENDS"]


class DerivedFacts:
    """The facts of one predicate: ``rows`` (``(n, arity)`` codes, see
    :mod:`.values`) and ``len()`` without decoding; iterating yields terms
    (``Struct`` or ``Atom``), :meth:`tuples` the argument tuples,
    :meth:`to_python` tuples of Python values."""

    __slots__ = ("key", "rows", "_dec")

    def __init__(self, key, rows: np.ndarray, decode) -> None:
        self.key, self.rows, self._dec = key, rows, decode

    @property
    def indicator(self) -> str:
        return indicator(self.key[0], self.key[1])

    def __len__(self) -> int:
        return len(self.rows)

    def tuples(self, chunk: int = 4096) -> Iterator[tuple]:
        dec = self._dec
        for lo in range(0, len(self.rows), chunk):
            for row in self.rows[lo:lo + chunk].tolist():
                yield tuple(dec(c) for c in row)

    def to_python(self) -> list[tuple]:
        """The facts as tuples of Python values (atoms as ``str``, as
        ``Answer.to_python`` gives them)."""
        return [tuple(v.name if type(v) is Atom else v for v in t) for t in self.tuples()]

    def __iter__(self) -> Iterator:
        name, arity = self.key
        if arity == 0:
            yield from (name for _ in range(len(self.rows)))
            return
        for t in self.tuples():
            yield Struct(name, t)

    def __repr__(self) -> str:
        return f"<DerivedFacts {self.indicator}: {len(self)} facts>"


class Materialized(Mapping):
    """``{"name/arity": DerivedFacts}`` in store order; ``total`` is the number of
    facts; ``skipped`` maps left-out predicates to the reason."""

    def __init__(self, rels: dict, skipped: dict | None = None, added: int = 0) -> None:
        self._rels = rels
        self.skipped: dict[str, str] = skipped or {}
        self.added = added          # facts added to the store (store=True)

    def __getitem__(self, pred) -> DerivedFacts:
        if not isinstance(pred, str):
            pred = indicator(pred[0], pred[1])
        return self._rels[pred]

    def __iter__(self):
        return iter(self._rels)

    def __len__(self) -> int:
        return len(self._rels)

    @property
    def total(self) -> int:
        return sum(len(r) for r in self._rels.values())

    def facts(self) -> Iterator:
        for r in self._rels.values():
            yield from r

    def write_nsl(self, out) -> int:
        """Write every fact as quoted, re-readable NSL (``writeq`` style), a
        comment line before each predicate; returns the number written."""
        wrap = Atom("f")
        n = 0
        for ind, rel in self._rels.items():
            out.write(f"% {ind}: {len(rel)} facts\n")
            name, arity = rel.key
            fname = format_atom(name.name)
            if arity == 0:
                out.write(f"{fname}.\n" * len(rel))
                n += len(rel)
                continue
            codes, inv = np.unique(rel.rows, return_inverse=True)
            text = [format_term(Struct(wrap, (rel._dec(int(c)),)), quoted=True)[2:-1]
                    for c in codes.tolist()]
            inv = inv.reshape(rel.rows.shape)
            for lo in range(0, len(inv), 8192):
                out.write("".join(f"{fname}({', '.join(text[i] for i in row)}).\n"
                                  for row in inv[lo:lo + 8192].tolist()))
            n += len(rel)
        return n

    def save(self, path: str | os.PathLike) -> int:
        """:meth:`write_nsl` to ``path`` atomically (a temporary file, then
        rename); a name ending in ``.parquet`` gets :meth:`write_parquet`."""
        if os.fspath(path).endswith(".parquet"):
            return self.write_parquet(path)
        with atomic_open(path, "w", encoding="utf-8", durable=False) as f:
            return self.write_nsl(f)

    def write_parquet(self, path: str | os.PathLike) -> int:
        """Every fact as a row of a Parquet file (written by DuckDB, atomically):
        ``predicate`` (the name), ``arity``, and ``arg1`` .. ``argN`` (each
        argument as quoted NSL text, ``NULL`` past the arity), one text per
        distinct value; :func:`neurosym.lang.fact_tables.read_table` reads it back."""
        from ...lang.fact_tables import write_parquet
        width = max((rel.key[1] for rel in self._rels.values()), default=0)
        wrap = Atom("f")
        parts: list[dict] = []
        for rel in self._rels.values():
            name, arity = rel.key
            n = len(rel)
            cols = {"predicate": np.full(n, name.name, object), "arity": np.full(n, arity, np.int32)}
            codes, inv = np.unique(rel.rows, return_inverse=True)
            text = np.array([format_term(Struct(wrap, (rel._dec(int(c)),)), quoted=True)[2:-1]
                             for c in codes.tolist()], object)
            inv = inv.reshape(rel.rows.shape)
            for j in range(width):
                cols[f"arg{j + 1}"] = text[inv[:, j]] if j < arity else np.full(n, None, object)
            parts.append(cols)
        return write_parquet(path, parts, ["predicate", "arity"] +
                             [f"arg{j + 1}" for j in range(width)])

    def __repr__(self) -> str:
        return f"<Materialized: {len(self)} predicates, {self.total} facts>"


def parse_indicator(pred):
    """``"name/arity"`` (or a key) -> ``(Atom, int)``."""
    if isinstance(pred, tuple):
        return (pred[0] if type(pred[0]) is Atom else Atom(pred[0]), int(pred[1]))
    name, sep, ar = str(pred).rpartition("/")
    if not sep or not name or not ar.isdigit():
        raise NotInFragment(f"not a predicate indicator: {pred!r} (write name/arity)")
    if len(name) >= 2 and name[0] == name[-1] == "'":
        name = name[1:-1]
    return (Atom(name), int(ar))


def derived_predicates(store) -> list:
    """Keys of the store's predicates that have at least one rule."""
    out = []
    for k in store.predicates():
        cols = store.columns(k)
        if store.columns_complete(k) and len(cols) == store.count(k):
            continue
        if any(c.body is not TRUE for c in store.clauses(k)):
            out.append(k)
    return out


BACKENDS = ("numpy", "duckdb", "spark")


def materialize(server, preds=None, store: bool = False, skip_outside: bool = False,
                tick=None, backend: str = "numpy") -> Materialized:
    """See the module docstring.  ``server``: a :class:`~.serve.Server`;
    ``backend``: ``"numpy"`` (the evaluator of :mod:`.seminaive`, sharing the
    server's cache), ``"duckdb"`` (:mod:`.duck`: the same plans compiled to SQL,
    run in one in-memory DuckDB database) or ``"spark"`` (:mod:`.spark`: that SQL
    on the active Spark session, or a local one)."""
    if backend not in BACKENDS:
        raise NotInFragment(f"unknown backend {backend!r} (one of: {', '.join(BACKENDS)})")
    st = server.store
    if preds is None:
        targets = derived_predicates(st)
    else:
        targets = [parse_indicator(p) for p in ([preds] if isinstance(preds, str) else preds)]
        for k in targets:
            if not st.defined(k):
                raise NotInFragment(f"unknown predicate {indicator(k[0], k[1])}")
    rels: dict = {}
    skipped: dict = {}
    sql = _sql_rows(server, targets, backend) if backend != "numpy" else {}
    for key in targets:
        ind = indicator(key[0], key[1])
        plan = server.plan(key)
        if backend != "numpy":
            rows = sql.get(key) if plan.ok else None
        else:
            rows = server.full(key, tick) if plan.ok else None
        if rows is None:
            err = server.plan(key).error
            if isinstance(err, StratificationError) or not skip_outside or preds is not None:
                raise err
            skipped[ind] = str(err)
            continue
        rels[ind] = DerivedFacts(key, rows, server.decode)
    added = _store(server, rels) if store else 0
    return Materialized(rels, skipped, added)


def _sql_rows(server, targets, backend: str) -> dict:
    """Rows of every target whose plan is ok, from one SQL evaluation of the
    union of their plans."""
    if backend == "spark":
        from .spark import evaluate_spark as evaluate_sql
    else:
        from .duck import evaluate_sql
    clauses: dict = {}
    facts: dict = {}
    for key in targets:
        plan = server.plan(key)
        if plan.ok:
            clauses.update((id(c), c) for c in plan.clauses)
            facts.update(plan.facts)
    if not clauses:
        return {}
    return evaluate_sql(list(clauses.values()), facts, server.values)


def _store(server, rels: dict) -> int:
    """Add the rows that are not stored facts yet; returns how many."""
    st = server.store
    values = server.values
    added = 0
    for rel in list(rels.values()):
        key = rel.key
        have = [st.columns(key)]
        for c in st.clauses(key) if not st.columns_complete(key) else ():
            if c.body is TRUE:
                args = c.head.args if type(c.head) is Struct else ()
                if all(type(a) in (Atom, int, float, str) for a in args):
                    have.append(np.array([[values.encode(a) for a in args]], np.int64)
                                .reshape(1, key[1]))
        have = np.concatenate(have) if len(have) > 1 else have[0]
        new = _rows_not_in(rel.rows, have)
        if not len(new):
            continue
        atoms = (new >= 0) & (new < len(st.symbols))
        simple = atoms.all(axis=1)
        if simple.any():
            st.add_facts(key[0], key[1], new[simple])
        for row in new[~simple].tolist():
            st.add(Clause(Struct(key[0], tuple(server.decode(c) for c in row))))
        added += len(new)
    return added


def _rows_not_in(rows: np.ndarray, have: np.ndarray) -> np.ndarray:
    if not len(have) or not len(rows) or rows.shape[1] == 0:
        return rows if not len(have) else rows[:0]
    both = np.concatenate([rows, have])
    _, inv = np.unique(both, axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    return rows[~np.isin(inv[:len(rows)], inv[len(rows):])]
