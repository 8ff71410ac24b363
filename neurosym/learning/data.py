"""The link-prediction benchmarks: Countries S1/S2/S3, Nations, Kinship.

``load_dataset(name, root)`` reads a benchmark from a data directory laid
out as ``neurosym/datasets`` is (``countries/``, ``nations/``, ``kinship/``;
the dataset's own folder works too): ``root`` when given, else
``$NEUROSYM_DATA`` when set, else the copies shipped in the package
(:mod:`neurosym.datasets`).  Any other ``name`` is a folder of
``train``/``dev``/``test`` files (TSV, CSV or NSL;
:func:`neurosym.learning.folder.load_folder`).

A :class:`Dataset` holds dense ids: entities ``0 .. n_entities-1`` and
relations ``0 .. n_relations-1``, numbered in order of first appearance in
the training file (then dev, test, and for Countries the full KB), which is
also the order a ``KnowledgeBase`` interns them when it loads the training
file.  Splits are ``int64 [n, 3]`` arrays of ``(subject, relation, object)``
rows, duplicates removed.  ``known`` (train + dev + test; for Countries the
whole gold KB ``countries.nl``) is what filtered ranking removes.

Countries
    train = ``countries_S{k}.tsv``; test = ``locatedIn(c, region)`` for the
    24 countries of ``test.txt`` (gold region from ``countries.nl``); dev the
    same for ``dev_consistent.txt`` by default (``dev="upstream"`` takes the
    upstream ``dev.txt``, 7 of whose countries are test countries and 13 of
    which keep their region fact in training: see the data README).
    ``dataset.countries`` (a :class:`CountriesInfo`) gives the region ids and
    the gold regions for :func:`~neurosym.learning.evaluate.evaluate_countries`.

To the prover side: ``dataset.add_facts(kb.store)`` gives a knowledge base
the training facts ``rel(head, tail)``; ``dataset.symbol_ids(kb.symbols)``
maps dense ids to that table's symbol ids and ``dataset.dense_ids(kb.symbols)``
maps back (``-1`` for symbols that are not entities / relations).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import ConfigError, ParseError
from ..store.tsv import read_tsv

__all__ = ["Dataset", "CountriesInfo", "Filters", "SymbolIds", "load_dataset", "data_root",
           "builtin_name", "DATASETS"]

DATASETS = ("countries_s1", "countries_s2", "countries_s3", "nations", "kinship")
ENV_VAR = "NEUROSYM_DATA"
SPLITS = ("train", "dev", "test")


def data_root(root: str | os.PathLike | None = None) -> Path:
    """``root``, else ``$NEUROSYM_DATA``, else the benchmarks shipped in the
    package (``neurosym.datasets``)."""
    if root is None:
        root = os.environ.get(ENV_VAR)
        if not root:
            from .. import datasets
            return datasets.root()
    path = Path(root)
    if not path.is_dir():
        raise ConfigError(f"data directory not found: {path}")
    return path


def builtin_name(name: str) -> str | None:
    """``"Countries-S1"``, ``"countries_s1"``, ``"S1"`` -> ``"countries_s1"``;
    ``None`` for a name that is not a built-in benchmark's."""
    n = str(name).strip().lower().replace("-", "_")
    if n in ("s1", "s2", "s3"):
        n = "countries_" + n
    return n if n in DATASETS else None


def canonical_name(name: str) -> str:
    """:func:`builtin_name`, an error for a name that is not a benchmark's."""
    n = builtin_name(name)
    if n is None:
        raise ConfigError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)}; "
                          "or a folder of train/dev/test files)")
    return n


class _Vocab:
    __slots__ = ("names", "index")

    def __init__(self) -> None:
        self.names: list[str] = []
        self.index: dict[str, int] = {}

    def ids(self, names) -> np.ndarray:
        index, out = self.index, []
        for n in names:
            i = index.get(n)
            if i is None:
                i = index[n] = len(self.names)
                self.names.append(n)
            out.append(i)
        return np.asarray(out, dtype=np.int64)


def _unique_rows(a: np.ndarray) -> np.ndarray:
    """Rows of ``a`` without duplicates, in order of first occurrence."""
    if not len(a):
        return a.reshape(0, 3)
    _, first = np.unique(a, axis=0, return_index=True)
    return a[np.sort(first)]


@dataclass(slots=True)
class SymbolIds:
    """Symbol-table ids of a dataset's entities and relations (index = dense id)."""

    entities: np.ndarray
    relations: np.ndarray


@dataclass(slots=True)
class CountriesInfo:
    """What the Countries protocol needs, as dense entity / relation ids."""

    located_in: int
    regions: np.ndarray             # the 5 regions, in regions.txt order
    subregions: np.ndarray
    test_countries: np.ndarray      # test.txt order
    dev_countries: np.ndarray
    gold: dict[int, int]            # country -> its region (from countries.nl)

    def countries(self, split: str) -> np.ndarray:
        if split == "test":
            return self.test_countries
        if split == "dev":
            return self.dev_countries
        raise ValueError(f"Countries has held-out countries for 'dev' and 'test', not {split!r}")

    def gold_region(self, countries: np.ndarray) -> np.ndarray:
        return np.asarray([self.gold[int(c)] for c in countries], dtype=np.int64)


class Filters:
    """Known triples as sorted int64 keys, for filtered-ranking masks."""

    __slots__ = ("n_ent", "n_rel", "keys")

    def __init__(self, known: np.ndarray, n_ent: int, n_rel: int) -> None:
        self.n_ent, self.n_rel = n_ent, n_rel
        self.keys = np.unique(self._key(known[:, 0], known[:, 1], known[:, 2]))

    def _key(self, s, r, o):
        return (np.asarray(s, np.int64) * self.n_rel + r) * self.n_ent + o

    def _member(self, keys: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(self.keys, keys)
        pos[pos == len(self.keys)] = 0
        return self.keys[pos] == keys if len(self.keys) else np.zeros(keys.shape, bool)

    def object_mask(self, triples: np.ndarray) -> np.ndarray:
        """``[B, n_ent]``: True where ``(s, r, e)`` is known."""
        e = np.arange(self.n_ent)[None, :]
        return self._member(self._key(triples[:, 0:1], triples[:, 1:2], e))

    def subject_mask(self, triples: np.ndarray) -> np.ndarray:
        """``[B, n_ent]``: True where ``(e, r, o)`` is known."""
        e = np.arange(self.n_ent)[None, :]
        return self._member(self._key(e, triples[:, 1:2], triples[:, 2:3]))

    def __contains__(self, triple) -> bool:
        s, r, o = triple
        return bool(self._member(np.asarray([self._key(s, r, o)]))[0])


@dataclass(slots=True)
class Dataset:
    name: str
    entities: list[str]
    relations: list[str]
    train: np.ndarray
    dev: np.ndarray
    test: np.ndarray
    known: np.ndarray
    countries: CountriesInfo | None = None
    path: Path | None = None
    notes: list = field(default_factory=list, repr=False)   # how a TSV's first line was read
    _filters: Filters | None = field(default=None, repr=False)

    @property
    def n_entities(self) -> int:
        return len(self.entities)

    @property
    def n_relations(self) -> int:
        return len(self.relations)

    def split(self, name: str) -> np.ndarray:
        if name not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, not {name!r}")
        return getattr(self, name)

    def filters(self) -> Filters:
        if self._filters is None:
            self._filters = Filters(self.known, self.n_entities, self.n_relations)
        return self._filters

    def entity_id(self, name: str) -> int:
        return self.entities.index(name)

    def relation_id(self, name: str) -> int:
        return self.relations.index(name)

    def names(self, triples: np.ndarray) -> list[tuple[str, str, str]]:
        """Triples of ids back to ``(head, relation, tail)`` names."""
        e, r = self.entities, self.relations
        return [(e[s], r[p], e[o]) for s, p, o in np.asarray(triples).tolist()]

    # -- the symbolic side ---------------------------------------------------------
    def symbol_ids(self, symbols, intern: bool = True) -> SymbolIds:
        """The ids of the entities and relations in a ``SymbolTable``
        (interning missing names when ``intern``, else ``-1`` for them)."""
        if intern:
            return SymbolIds(symbols.intern_many(self.entities), symbols.intern_many(self.relations))

        def look(names):
            return np.asarray([-1 if (i := symbols.id_of(n)) is None else i for n in names],
                              dtype=np.int64)
        return SymbolIds(look(self.entities), look(self.relations))

    def dense_ids(self, symbols) -> SymbolIds:
        """The inverse maps: for every symbol id of the table, its dense
        entity id (``entities``) and relation id (``relations``), ``-1`` if none."""
        ids = self.symbol_ids(symbols, intern=False)
        ent = np.full(len(symbols), -1, dtype=np.int64)
        rel = np.full(len(symbols), -1, dtype=np.int64)
        ok = ids.entities >= 0
        ent[ids.entities[ok]] = np.flatnonzero(ok)
        ok = ids.relations >= 0
        rel[ids.relations[ok]] = np.flatnonzero(ok)
        return SymbolIds(ent, rel)

    def add_facts(self, store, split: str = "train") -> None:
        """Add the facts ``rel(head, tail)`` of ``split`` to ``store`` (a
        knowledge base's ``kb.store``; one per distinct triple, predicates in
        order of first appearance), interning the names in ``store.symbols``."""
        t = self.split(split)
        if not len(t):
            return
        symbols = store.symbols
        ids = self.symbol_ids(symbols)
        for r in dict.fromkeys(t[:, 1].tolist()):
            rows = t[t[:, 1] == r]
            store.add_facts(symbols[int(ids.relations[r])], 2,
                            np.stack([ids.entities[rows[:, 0]], ids.entities[rows[:, 2]]], 1))

    def __repr__(self) -> str:
        return (f"Dataset({self.name!r}: {self.n_entities} entities, {self.n_relations} relations, "
                f"train/dev/test {len(self.train)}/{len(self.dev)}/{len(self.test)})")


# -- loading -------------------------------------------------------------------------

def load_dataset(name: str | os.PathLike, root: str | os.PathLike | None = None, *,
                 dev: str = "consistent") -> Dataset:
    """Load benchmark ``name`` (``countries_s1/s2/s3``, ``nations``,
    ``kinship``) from ``root`` (else ``$NEUROSYM_DATA``, else the package's
    copies): the data root holding ``countries/``, ``nations/``,
    ``kinship/``, or that dataset's folder.  ``dev`` (Countries only):
    ``"consistent"`` or ``"upstream"``.  Any other ``name`` is a folder of
    ``train``/``dev``/``test`` files (``neurosym.learning.folder``; a
    benchmark's name wins: write ``./nations`` for a folder of that name)."""
    key = builtin_name(str(name))
    if key is None:
        if Path(name).is_dir():
            from .folder import load_folder
            return load_folder(name)
        canonical_name(str(name))           # the error: neither a benchmark nor a folder
    name = key
    base = data_root(root)
    folder = name.split("_")[0]
    d = base / folder if (base / folder).is_dir() else base
    if name.startswith("countries"):
        return _load_countries(name, d, dev)
    return _load_tsv_splits(name, d)


def _read_names(path: Path) -> list[tuple[str, str, str]]:
    t = read_tsv(path)
    names = t.names
    return [(names[a], names[b], names[c]) for a, b, c in t.ids.tolist()]


def _require(path: Path) -> Path:
    if not path.is_file():
        raise ConfigError(f"data file not found: {path}")
    return path


def _load_tsv_splits(name: str, d: Path) -> Dataset:
    ent, rel = _Vocab(), _Vocab()
    arrays = {}
    for split in SPLITS:
        rows = _read_names(_require(d / f"{split}.tsv"))
        arrays[split] = _to_ids(rows, ent, rel)
    known = _unique_rows(np.concatenate([arrays[s] for s in SPLITS]))
    return Dataset(name, ent.names, rel.names, arrays["train"], arrays["dev"], arrays["test"],
                   known, path=d)


def _to_ids(rows, ent: _Vocab, rel: _Vocab) -> np.ndarray:
    if not rows:
        return np.zeros((0, 3), dtype=np.int64)
    ids = np.empty((len(rows), 3), dtype=np.int64)
    # entity ids in order of appearance along each line: head, then tail
    flat = ent.ids(x for h, _, t in rows for x in (h, t)).reshape(-1, 2)
    ids[:, 0], ids[:, 2] = flat[:, 0], flat[:, 1]
    ids[:, 1] = rel.ids(r for _, r, _ in rows)
    return _unique_rows(ids)


_FACT = re.compile(r"^\s*([^\s(),]+)\(\s*([^\s(),]+)\s*,\s*([^\s(),]+)\s*\)\s*\.\s*$")


def _read_nl(path: Path) -> list[tuple[str, str, str]]:
    """``rel(head,tail).`` lines as ``(head, rel, tail)``."""
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        m = _FACT.match(line)
        if m is None:
            raise ParseError("expected a fact rel(head,tail).", str(path), i, 1, line)
        out.append((m.group(2), m.group(1), m.group(3)))
    return out


def _read_list(path: Path) -> list[str]:
    return [ln.strip() for ln in _require(path).read_text(encoding="utf-8").splitlines()
            if ln.strip()]


def _load_countries(name: str, d: Path, dev: str) -> Dataset:
    if dev not in ("consistent", "upstream"):
        raise ConfigError(f"dev must be 'consistent' or 'upstream', not {dev!r}")
    k = name[-1]
    ent, rel = _Vocab(), _Vocab()
    train = _to_ids(_read_names(_require(d / f"countries_S{k}.tsv")), ent, rel)
    full = _to_ids(_read_nl(_require(d / "countries.nl")), ent, rel)
    regions = _read_list(d / "regions.txt")
    subregions = _read_list(d / "subregions.txt")
    test_c = _read_list(d / "test.txt")
    dev_c = _read_list(d / ("dev_consistent.txt" if dev == "consistent" else "dev.txt"))
    located_in = rel.ids(["locatedIn"])[0]
    region_ids = ent.ids(regions)
    region_set = set(region_ids.tolist())
    gold: dict[int, int] = {}
    for s, r, o in full.tolist():
        if r == located_in and o in region_set:
            gold.setdefault(s, o)
    test_ids, dev_ids = ent.ids(test_c), ent.ids(dev_c)
    for c, n in zip((*test_ids, *dev_ids), (*test_c, *dev_c), strict=True):
        if int(c) not in gold:
            raise ConfigError(f"{d / 'countries.nl'}: no region for held-out country {n}")

    def facts(ids):
        return np.asarray([[c, located_in, gold[int(c)]] for c in ids], dtype=np.int64).reshape(-1, 3)

    info = CountriesInfo(int(located_in), region_ids, ent.ids(subregions), test_ids, dev_ids, gold)
    test, dev_t = facts(test_ids), facts(dev_ids)
    known = _unique_rows(np.concatenate([train, full, dev_t, test]))
    return Dataset(name, ent.names, rel.names, train, dev_t, test, known, countries=info, path=d)
