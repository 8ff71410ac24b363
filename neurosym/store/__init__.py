"""Layer 3: the symbolic store (clauses by predicate, indexes, columnar facts)."""

from ..lang.triples import read_tsv
from .index import ArgIndex, index_key
from .store import Key, PredFlags, Store
from .tsv import load_tsv

__all__ = ["Store", "PredFlags", "Key", "ArgIndex", "index_key", "load_tsv", "read_tsv"]
