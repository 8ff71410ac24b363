"""``SymbolSpace``: a thought vector for every symbol, and nearest-symbol search.

Kinds.  Constants and predicates live in two separate embedding matrices
(``"constant"`` and ``"predicate"``), each a float32 torch tensor with one row
per symbol, keyed by the symbol's id in the knowledge base's ``SymbolTable``.
An atom used both as a predicate name and as a constant (``p(p).``) has two
independent rows, one per kind; they are never compared with each other.  A
predicate's row is keyed by its *name*: ``p/1`` and ``p/2`` share a vector
(they can never unify with each other anyway).

Growth.  ``sync(store)`` adds rows for new symbols (rows are never removed or
reordered): every predicate of the store gets a predicate row; every symbol of
the table that names no predicate, and every atom that occurs as an argument
of a ground fact, gets a constant row.  New rows are appended in symbol-id
order.  Row ``i`` of a kind is initialised from ``N(0, init_std^2)`` with a
random stream keyed by ``(seed, kind, i // 4096)`` only, so the same seed and
the same growth give the same numbers, whatever the batches of growth were.

Generations.  ``generation`` changes whenever rows are added or vectors set
(``set_vectors``, ``set_matrix``, ``load_vectors``), and also when the tensor
returned by ``vectors(kind)`` was changed in place (detected through torch's
version counter, e.g. an optimiser step under ``torch.no_grad()``);
``mark_changed()`` forces it.  The nearest-symbol index of a kind is rebuilt
only when that kind's vectors changed, extended when rows were only appended,
and otherwise reused.  A tensor from ``vectors(kind)`` is a view: after rows
are added, fetch it again.

Real vectors.  A row that still holds its seeded starting vector says
nothing about its symbol: random vectors exist for training to start from.
``real(kind)`` marks the rows whose vector was given (``set_vectors``,
``load_vectors``) or learned, i.e. differs from its start; only those take
part in soft matches (``neurosym.reasoning``), and only they calibrate the
RBF width: ``width()`` is ``config.mu`` when set, else
``kernels.calibrated_width`` of the real vectors (one per symbol), so
scores do not depend on the vectors' scale.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import torch
from pydantic import BaseModel

from ..terms import Atom, Struct, Var, deref
from ..terms.symbols import SymbolTable
from .backends import IndexBackend, get_backend, make_index
from .config import KINDS, BridgeConfig
from .errors import BridgeError, UnknownSymbolError
from .io import ImportReport, export_vectors, import_vectors, import_words, read_space, save_space
from .kernels import DEFAULT_MU, calibrated_width, rbf_from_distance, similarity

__all__ = ["SymbolSpace", "ImportReport", "VectorCoverage", "load_space"]

_BLOCK = 4096
_KIND_CODE = {"constant": 1, "predicate": 2}

Symbol = Atom | str


class _Table:
    """One kind's matrix, symbol <-> row maps and cached index."""

    __slots__ = ("kind", "data", "n", "ids", "ids_np", "row_of", "gen", "seen", "index",
                 "index_gen", "index_n", "real", "real_key")

    def __init__(self, kind: str, dim: int) -> None:
        self.kind = kind
        self.data = torch.empty((0, dim), dtype=torch.float32)
        self.n = 0
        self.ids: list[int] = []                       # row -> symbol id
        self.ids_np = np.empty(0, dtype=np.int64)      # the same as an array (cached)
        self.row_of = np.full(0, -1, dtype=np.int64)   # symbol id -> row (-1: none)
        self.gen = 0                                   # bumped when existing rows change
        self.seen = self.data._version
        self.index: IndexBackend | None = None
        self.index_gen = -1
        self.index_n = 0
        self.real = np.zeros(0, dtype=bool)            # rows whose vector is not the seeded one
        self.real_key: tuple[int, int] | None = None   # (gen, n) ``real`` was computed at


class VectorCoverage(BaseModel):
    """How many symbols of a space have real vectors (given or learned)."""

    symbols: int            # symbols with a row of some kind
    real: int               # ... of which have a real vector in some kind
    predicates: int
    real_predicates: int
    constants: int
    real_constants: int

    def note(self) -> str:
        """One line saying so, for a face to print."""
        if self.real == 0:
            return (f"none of the {self.symbols} symbols has a vector (given or learned): "
                    "soft queries can only match exactly (load vectors or train)")
        return (f"{self.real} of {self.symbols} symbols have vectors ({self.real_predicates} of "
                f"{self.predicates} predicates, {self.real_constants} of {self.constants} "
                "constants); only they take part in soft matches")


class SymbolSpace:
    """Embedding rows for the symbols of one ``SymbolTable``, with indexes."""

    def __init__(self, symbols: SymbolTable | None = None,
                 config: BridgeConfig | None = None) -> None:
        self.symbols = symbols if symbols is not None else SymbolTable()
        self.config = config if config is not None else BridgeConfig()
        self._tables = {k: _Table(k, self.config.dim) for k in KINDS}
        self._generation = 0
        self._width: tuple[int, float] | None = None   # (generation, calibrated width)
        self._coverage: tuple[int, VectorCoverage] | None = None

    # -- construction and growth ---------------------------------------------
    @classmethod
    def from_store(cls, store, config: BridgeConfig | None = None) -> "SymbolSpace":
        """A space over ``store.symbols`` with a row for each of its symbols."""
        space = cls(store.symbols, config)
        space.sync(store)
        return space

    def sync(self, store) -> int:
        """Add rows for the store's symbols that have none yet; returns how many."""
        if store.symbols is not self.symbols:
            raise BridgeError("the store has another symbol table than this space")
        intern = self.symbols.intern
        keys = store.predicates()
        preds = sorted({intern(name) for name, _ in keys})
        args = [store.columns(k).ravel() for k in keys if k[1] > 0]
        pred_set = np.asarray(preds, dtype=np.int64)
        everything = np.arange(len(self.symbols), dtype=np.int64)
        plain = everything[~np.isin(everything, pred_set)]
        consts = np.union1d(plain, np.concatenate(args) if args else np.empty(0, np.int64))
        added = self._add_ids("predicate", np.asarray(preds, dtype=np.int64))
        added += self._add_ids("constant", consts)
        return added

    def add(self, names: Iterable[Symbol], kind: str = "constant") -> list[int]:
        """Give ``names`` (interned if new) a row of ``kind``; returns their rows."""
        t = self._table(kind)
        ids = np.fromiter((self.symbols.intern(n) for n in names), dtype=np.int64)
        self._add_ids(kind, np.unique(ids) if len(ids) else ids, keep_order=ids)
        return [int(t.row_of[i]) for i in ids]

    def _add_ids(self, kind: str, ids: np.ndarray, keep_order: np.ndarray | None = None) -> int:
        t = self._tables[kind]
        if len(ids) == 0:
            return 0
        top = int(ids.max()) + 1
        if top > len(t.row_of):
            grown = np.full(max(top, 2 * len(t.row_of)), -1, dtype=np.int64)
            grown[:len(t.row_of)] = t.row_of
            t.row_of = grown
        new = ids[t.row_of[ids] < 0]
        if keep_order is not None:          # first-use order of an explicit ``add``
            _, first = np.unique(keep_order, return_index=True)
            order = keep_order[np.sort(first)]
            new = order[t.row_of[order] < 0]
        if not len(new):
            return 0
        self._check_external(t)
        start, stop = t.n, t.n + len(new)
        if stop > t.data.shape[0]:
            cap = max(stop, 2 * t.data.shape[0], 16)
            data = torch.empty((cap, self.config.dim), dtype=torch.float32)
            data[:t.n] = t.data[:t.n]
            t.data = data
        t.data[start:stop] = torch.from_numpy(self._init_rows(kind, start, stop))
        t.row_of[new] = np.arange(start, stop)
        t.ids.extend(new.tolist())
        t.n = stop
        t.seen = t.data._version
        self._generation += 1
        return len(new)

    def _init_rows(self, kind: str, start: int, stop: int) -> np.ndarray:
        c = self.config
        out = np.empty((stop - start, c.dim), dtype=np.float32)
        for b in range(start // _BLOCK, (stop - 1) // _BLOCK + 1):
            rng = np.random.Generator(np.random.PCG64(
                np.random.SeedSequence([c.seed, _KIND_CODE[kind], b])))
            block = rng.standard_normal((_BLOCK, c.dim), dtype=np.float32)
            lo, hi = max(start, b * _BLOCK), min(stop, (b + 1) * _BLOCK)
            out[lo - start:hi - start] = block[lo - b * _BLOCK:hi - b * _BLOCK]
        out *= np.float32(c.std)
        return out

    def _init_at(self, kind: str, rows: np.ndarray) -> np.ndarray:
        """The seeded starting vectors of some rows (each block drawn once)."""
        out = np.empty((len(rows), self.dim), dtype=np.float32)
        for b in np.unique(rows // _BLOCK):
            sel = np.flatnonzero(rows // _BLOCK == b)
            lo = int(b) * _BLOCK
            block = self._init_rows(kind, lo, lo + int(rows[sel].max()) - lo + 1)
            out[sel] = block[rows[sel] - lo]
        return out

    # -- generations -----------------------------------------------------------
    def _table(self, kind: str) -> _Table:
        t = self._tables.get(kind)
        if t is None:
            raise BridgeError(f"unknown kind {kind!r} (expected 'constant' or 'predicate')")
        return t

    def _check_external(self, t: _Table) -> None:
        if t.data._version != t.seen:
            t.seen = t.data._version
            t.gen += 1
            self._generation += 1

    def _changed(self, t: _Table) -> None:
        t.seen = t.data._version
        t.gen += 1
        self._generation += 1

    @property
    def generation(self) -> int:
        """Changes whenever any vector or row changes."""
        for t in self._tables.values():
            self._check_external(t)
        return self._generation

    def mark_changed(self, kind: str | None = None) -> None:
        """Declare vectors changed (their indexes are rebuilt on next use)."""
        for k in ([kind] if kind else KINDS):
            self._changed(self._table(k))

    def untrained(self, kind: str = "constant") -> bool:
        """True while every row of ``kind`` still holds its seeded starting
        vector: nothing was learned or set, so the vectors say nothing about
        their symbols (rows are compared, so this costs one pass over them)."""
        return not self.real(kind).any()

    def real(self, kind: str = "constant") -> np.ndarray:
        """A boolean per row of ``kind``: its vector was given or learned (it
        differs from the seeded start).  Kept up to date as rows are appended
        (they start seeded) and set (``set_vectors`` compares just those
        rows); any other change (``set_matrix``, an in-place edit) compares
        every row with its start once."""
        t = self._table(kind)
        self._check_external(t)
        key = t.real_key
        if key is not None and key[0] == t.gen and key[1] < t.n:      # rows appended
            t.real = np.concatenate([t.real, np.zeros(t.n - key[1], dtype=bool)])
        elif key != (t.gen, t.n):
            start = self._init_rows(kind, 0, t.n) if t.n else np.empty((0, self.dim), np.float32)
            t.real = (t.data[:t.n].detach().cpu().numpy() != start).any(axis=1)
        t.real_key = (t.gen, t.n)
        return t.real

    def has_vector(self, symbol: Symbol, kind: str = "constant") -> bool:
        """True if ``symbol`` has a row of ``kind`` holding a real vector."""
        return self.has(symbol, kind) and bool(self.real(kind)[self.row(symbol, kind)])

    def coverage(self) -> VectorCoverage:
        """How many symbols have real vectors, in all and per kind (cached
        until the space changes)."""
        gen = self.generation
        if self._coverage is not None and self._coverage[0] == gen:
            return self._coverage[1]
        ids = {k: self.symbol_ids(k) for k in KINDS}
        real = {k: ids[k][self.real(k)] for k in KINDS}
        cov = VectorCoverage(
            symbols=len(np.union1d(ids["constant"], ids["predicate"])),
            real=len(np.union1d(real["constant"], real["predicate"])),
            predicates=len(ids["predicate"]), real_predicates=len(real["predicate"]),
            constants=len(ids["constant"]), real_constants=len(real["constant"]))
        self._coverage = (gen, cov)
        return cov

    def width(self) -> float:
        """The RBF width ``mu`` in use: ``config.mu`` when set, else calibrated
        from the real vectors, one per symbol (a predicate's row before its
        constant row; ``kernels.calibrated_width``), else ``1/sqrt(2)``."""
        if self.config.mu is not None:
            return self.config.mu
        gen = self.generation
        if self._width is None or self._width[0] != gen:
            parts, taken = [], np.empty(0, np.int64)
            for k in ("predicate", "constant"):
                mask = self.real(k)
                ids = self.symbol_ids(k)[mask]
                keep = ~np.isin(ids, taken)
                parts.append(self.vectors(k).detach().numpy()[mask][keep])
                taken = np.union1d(taken, ids)
            mu = calibrated_width(np.concatenate(parts)) if parts else None
            self._width = (gen, mu if mu is not None else DEFAULT_MU)
        return self._width[1]

    # -- rows and vectors ------------------------------------------------------
    @property
    def dim(self) -> int:
        return self.config.dim

    def count(self, kind: str = "constant") -> int:
        return self._table(kind).n

    def __len__(self) -> int:
        return sum(t.n for t in self._tables.values())

    def _id(self, symbol: Symbol) -> int | None:
        return self.symbols.id_of(symbol)

    def has(self, symbol: Symbol, kind: str = "constant") -> bool:
        i = self._id(symbol)
        t = self._table(kind)
        return i is not None and i < len(t.row_of) and t.row_of[i] >= 0

    def kind_of(self, symbol: Symbol, kind: str | None = None) -> str:
        """``kind`` if given, else ``"constant"`` if the symbol has a constant
        row, else ``"predicate"`` if it has a predicate row."""
        if kind is not None:
            self._table(kind)
            return kind
        for k in KINDS:
            if self.has(symbol, k):
                return k
        raise UnknownSymbolError(_name(symbol), "constant or predicate")

    def row(self, symbol: Symbol, kind: str = "constant") -> int:
        """The row of ``symbol`` in ``kind``'s matrix."""
        if not self.has(symbol, kind):
            raise UnknownSymbolError(_name(symbol), kind)
        return int(self._tables[kind].row_of[self._id(symbol)])

    def rows(self, ids: np.ndarray, kind: str = "constant") -> np.ndarray:
        """Rows of an array of symbol ids (``-1`` where a symbol has none)."""
        t = self._table(kind)
        ids = np.asarray(ids, dtype=np.int64)
        out = np.full(ids.shape, -1, dtype=np.int64)
        ok = (ids >= 0) & (ids < len(t.row_of))
        out[ok] = t.row_of[ids[ok]]
        return out

    def symbol(self, row: int, kind: str = "constant") -> Atom:
        """The symbol of a row."""
        return self.symbols[self._table(kind).ids[row]]

    def symbol_ids(self, kind: str = "constant") -> np.ndarray:
        """Symbol id of every row, in row order (do not modify the array)."""
        t = self._table(kind)
        if len(t.ids_np) != t.n:
            t.ids_np = np.asarray(t.ids, dtype=np.int64)
        return t.ids_np

    def names(self, kind: str = "constant") -> list[str]:
        syms = self.symbols
        return [syms[i].name for i in self._table(kind).ids]

    def vectors(self, kind: str = "constant") -> torch.Tensor:
        """The ``(rows, dim)`` matrix of a kind (a view: in-place edits are seen)."""
        t = self._table(kind)
        return t.data[:t.n]

    def numpy(self, kind: str = "constant") -> np.ndarray:
        """A float32 NumPy copy of the matrix of a kind."""
        return self.vectors(kind).detach().numpy().copy()

    def vector(self, symbol: Symbol, kind: str | None = None) -> torch.Tensor:
        """A copy of one symbol's vector."""
        kind = self.kind_of(symbol, kind)
        return self._tables[kind].data[self.row(symbol, kind)].clone()

    def set_vectors(self, names: Sequence[Symbol], values, kind: str = "constant",
                    add_unknown: bool = False) -> ImportReport:
        """Set the vectors of ``names`` (rows of ``values``).  Names without a
        row of ``kind`` are reported in ``unknown`` and skipped, or given a row
        with ``add_unknown=True``."""
        t = self._table(kind)
        values = _as_matrix(values, self.dim, len(names))
        if len({_name(n) for n in names}) != len(names):
            raise BridgeError("set_vectors: a name is given twice")
        report = ImportReport(kind=kind)
        if add_unknown:
            before = t.n
            self.add([n for n in names], kind)
            report.added = t.n - before
        take, rows = [], []
        for j, name in enumerate(names):
            if self.has(name, kind):
                take.append(j)
                rows.append(self.row(name, kind))
            else:
                report.unknown.append(_name(name))
        self._check_external(t)
        if rows:
            known = t.real_key == (t.gen, t.n)
            t.data[torch.as_tensor(rows)] = torch.from_numpy(values[take])
            self._changed(t)
            if known:                   # update ``real`` for the rows set, not every row
                at = np.asarray(rows, dtype=np.int64)
                t.real[at] = (values[take] != self._init_at(kind, at)).any(axis=1)
                t.real_key = (t.gen, t.n)
        report.set = len(set(rows))
        report.not_covered = t.n - report.set
        return report

    def set_matrix(self, values, kind: str = "constant") -> None:
        """Replace the whole matrix of a kind (rows in row order)."""
        t = self._table(kind)
        values = _as_matrix(values, self.dim, t.n)
        self._check_external(t)
        t.data[:t.n] = torch.from_numpy(values)
        self._changed(t)

    # -- encode / decode -------------------------------------------------------
    def encode(self, term, kind: str | None = None) -> torch.Tensor:
        """The vector of a term: an atom's own vector (``kind`` picks which,
        see ``kind_of``); for a ground fact ``p(a1, ..., an)`` whose arguments
        are atoms, the concatenation ``[p; a1; ...; an]`` (predicate row of
        ``p``, constant rows of the arguments), of length ``(n+1)*dim``."""
        term = deref(term)
        if isinstance(term, (Atom, str)):
            return self.vector(term, kind)
        if type(term) is Struct:
            parts = [self.vector(term.name, "predicate")]
            for a in term.args:
                a = deref(a)
                if type(a) is not Atom:
                    what = "a variable" if type(a) is Var else type(a).__name__
                    raise BridgeError(f"encode: argument {a!r} is {what}, not an atom; "
                                      "only ground facts of atoms have a vector")
                parts.append(self.vector(a, "constant"))
            return torch.cat(parts)
        raise BridgeError(f"encode: cannot encode {term!r} (an atom or a ground fact of atoms)")

    def _query(self, query, kind: str | None) -> tuple[np.ndarray, str]:
        if isinstance(query, (Atom, str)):
            kind = self.kind_of(query, kind)
            return self.vector(query, kind).numpy()[None, :], kind
        kind = kind or "constant"
        self._table(kind)
        q = query.detach().cpu().numpy() if isinstance(query, torch.Tensor) else np.asarray(query)
        q = np.asarray(q, dtype=np.float32)
        if q.ndim != 1 or q.shape[0] != self.dim:
            raise BridgeError(f"expected a vector of dimension {self.dim}, got shape {q.shape}")
        return q[None, :], kind

    def index(self, kind: str = "constant") -> IndexBackend:
        """The up-to-date nearest-neighbour index over a kind's rows."""
        t = self._table(kind)
        self._check_external(t)
        cls = get_backend(self.config.backend)
        want = self.config.index_type(t.n, cls.index_types == frozenset({"flat"}))
        idx = t.index
        if (idx is None or t.index_gen != t.gen or t.index_n > t.n
                or idx.index_type != want or type(idx) is not cls):
            idx = make_index(self.config, self.dim, t.n)
            idx.build(self._indexed_rows(t, 0, t.n))
            t.index, t.index_gen, t.index_n = idx, t.gen, t.n
        elif t.index_n < t.n:
            idx.add(self._indexed_rows(t, t.index_n, t.n))
            t.index_n = t.n
        return t.index

    def _indexed_rows(self, t: _Table, start: int, stop: int) -> np.ndarray:
        x = t.data[start:stop].detach().numpy()
        return _normalise(x) if self.config.kernel == "cosine" else x

    def prepare(self, vectors: np.ndarray) -> np.ndarray:
        """Vectors as the index sees them (unit length under the cosine kernel)."""
        x = np.asarray(vectors, dtype=np.float32)
        return _normalise(x) if self.config.kernel == "cosine" else x

    def score_of_distance(self, dist: np.ndarray) -> np.ndarray:
        """Kernel scores of index distances (see ``prepare``)."""
        d = np.asarray(dist, dtype=np.float64)
        if self.config.kernel == "cosine":
            return np.where(np.isfinite(d), 1.0 - d * d / 2.0, -np.inf)
        return rbf_from_distance(d, self.width())

    def search(self, queries, k: int, kind: str = "constant") -> tuple[np.ndarray, np.ndarray]:
        """Batched nearest symbols: ``(scores, symbol_ids)``, both ``(m, min(k, rows))``,
        best first (symbol id ``-1``, score ``-inf`` where an approximate index
        found fewer)."""
        q = queries.detach().cpu().numpy() if isinstance(queries, torch.Tensor) else queries
        q = _as_matrix(q, self.dim, None)
        dist, rows = self.index(kind).search(self.prepare(q), k)
        ids = self.symbol_ids(kind)
        sym = np.where(rows >= 0, ids[np.maximum(rows, 0)] if len(ids) else -1, -1)
        scores = self.score_of_distance(dist)
        scores[rows < 0] = -np.inf
        return scores, sym

    def nearest(self, query, k: int = 5, kind: str | None = None,
                include_self: bool = True) -> list[tuple[Atom, float]]:
        """The ``k`` symbols of ``kind`` nearest to a symbol or a vector, with
        their similarity scores, best first.  With ``include_self=False`` a
        query symbol is left out of its own answer."""
        q, kind = self._query(query, kind)
        self_id = self.symbols.id_of(query) if isinstance(query, (Atom, str)) else None
        extra = 1 if (self_id is not None and not include_self) else 0
        scores, ids = self.search(q, k + extra, kind)
        out = []
        for s, i in zip(scores[0].tolist(), ids[0].tolist(), strict=True):
            if i < 0 or (extra and i == self_id):
                continue
            out.append((self.symbols[i], float(s)))
        return out[:k]

    def decode(self, vector, kind: str = "constant") -> tuple[Atom, float]:
        """The symbol of ``kind`` nearest to ``vector`` and its score."""
        hits = self.nearest(vector, 1, kind)
        if not hits:
            raise BridgeError(f"decode: the space has no {kind} rows")
        return hits[0]

    def similarity(self, a, b, kind: str | None = None) -> float:
        """The kernel score of two symbols or vectors (same kind)."""
        u, ka = self._query(a, kind)
        v, _ = self._query(b, kind or (ka if isinstance(a, (Atom, str)) else None))
        return float(similarity(u[0], v[0], self.config.kernel, self.width()))

    # -- persistence (see io.py) -------------------------------------------------
    def save(self, path) -> None:
        """Save to a directory (see ``neurosym.bridge.io``)."""
        save_space(self, path)

    @classmethod
    def load(cls, path, symbols: SymbolTable | None = None,
             config: BridgeConfig | None = None) -> "SymbolSpace":
        """Load a space saved with ``save`` (see :func:`load_space`)."""
        return load_space(path, symbols=symbols, config=config)

    def load_vectors(self, path, kind: str | None = "constant",
                     add_unknown: bool = False) -> ImportReport:
        """Set vectors from a ``.npy`` matrix or a word2vec text file.
        ``kind=None``: word2vec text for every symbol it names, of either
        kind, and its other names as query vocabulary (``io.import_words``)."""
        if kind is None:
            return import_words(self, path)
        return import_vectors(self, path, kind, add_unknown=add_unknown)

    def export_vectors(self, path, kind: str = "constant") -> None:
        """Write a kind's vectors as ``.npy`` or word2vec text (by extension)."""
        export_vectors(self, path, kind)

    def __repr__(self) -> str:
        c, p = self.count("constant"), self.count("predicate")
        return f"SymbolSpace({c} constants, {p} predicates, dim={self.dim})"


def load_space(path, symbols: SymbolTable | None = None,
               config: BridgeConfig | None = None) -> SymbolSpace:
    """Load a space saved by :func:`~neurosym.bridge.io.save_space`.
    ``symbols``: the table to intern the names in (a new one if ``None``);
    ``config``: use this config instead of the saved one (its ``dim`` must
    match)."""
    saved = read_space(path, config)
    space = SymbolSpace(symbols, saved.config)
    for k in KINDS:
        space.add(saved.names[k], k)
        space.set_matrix(saved.matrices[k], k)
    space._generation = saved.generation
    return space


def _name(symbol) -> str:
    return symbol.name if type(symbol) is Atom else str(symbol)


def _normalise(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return (x / np.where(n > 0, n, 1.0)).astype(np.float32)


def _as_matrix(values, dim: int, rows: int | None) -> np.ndarray:
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().numpy()
    x = np.asarray(values)
    if x.ndim != 2 or x.shape[1] != dim or (rows is not None and x.shape[0] != rows):
        want = f"({rows if rows is not None else 'n'}, {dim})"
        raise BridgeError(f"expected a {want} matrix of vectors, got shape {x.shape}")
    if not np.issubdtype(x.dtype, np.number):
        raise BridgeError(f"vectors must be numbers, got dtype {x.dtype}")
    x = np.ascontiguousarray(x, dtype=np.float32)
    if not np.isfinite(x).all():
        raise BridgeError("vectors must be finite (found NaN or infinity)")
    return x
