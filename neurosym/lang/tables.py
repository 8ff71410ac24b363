"""The built Lark parser kept as data, so a run need not rebuild it.

Building the LALR tables of ``grammars/nsl.lark`` costs more CPU than a
whole cached query (``neurosym query FILE GOAL``).  Lark can keep a built
parser only as a pickle; this keeps Lark's own serialized form (dicts, lists,
tuples, strings, numbers) as JSON instead -- reading it never runs code, as
for the parse cache (``cache.py``).  The entry is
``<cache dir>/grammar-<key>.json``, the key a hash of the grammar text, the
start rules, and the Lark and neurosym versions; a missing, stale or
unreadable entry is built afresh and rewritten.  Every failure to read or
write is swallowed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from ..files import atomic_write
from ..version import __version__

__all__ = ["load_tables", "save_tables", "tables_path", "encode", "decode"]

FORMAT_VERSION = 1
_TUPLE, _ITEMS = "\x00t", "\x00d"       # tags: a tuple; a dict with non-string keys
_CALLBACKS = ("transformer", "lexer_callbacks")   # given again on loading, never stored


def tables_path(grammar: str, start: list[str]) -> Path:
    import lark

    from .cache import cache_dir
    h = hashlib.sha256("\0".join([str(FORMAT_VERSION), __version__, lark.__version__,
                                  ",".join(start), grammar]).encode("utf-8"))
    return cache_dir() / f"grammar-{h.hexdigest()[:32]}.json"


def encode(x):
    """Lark's serialized data as JSON values (tuples and int-keyed dicts tagged)."""
    if isinstance(x, tuple):
        return {_TUPLE: [encode(v) for v in x]}
    if isinstance(x, dict):
        if all(isinstance(k, str) for k in x):
            return {k: encode(v) for k, v in x.items()}
        return {_ITEMS: [[encode(k), encode(v)] for k, v in x.items()]}
    if isinstance(x, list):
        return [encode(v) for v in x]
    if x is None or isinstance(x, (str, int, float, bool)):
        return x
    raise TypeError(f"cannot keep {type(x).__name__} in the parser tables")


def decode(x):
    if isinstance(x, dict):
        if len(x) == 1 and _TUPLE in x:
            return tuple(decode(v) for v in x[_TUPLE])
        if len(x) == 1 and _ITEMS in x:
            return {decode(k): decode(v) for k, v in x[_ITEMS]}
        return {k: decode(v) for k, v in x.items()}
    if isinstance(x, list):
        return [decode(v) for v in x]
    return x


def save_tables(parser: Lark, path: Path) -> None:
    try:
        data, memo = parser.memo_serialize([TerminalDef, Rule])
        data["options"] = {k: v for k, v in data["options"].items() if k not in _CALLBACKS}
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps({"data": encode(data), "memo": encode(memo)}),
                     durable=False)
    except (OSError, TypeError, ValueError, KeyError):
        pass


def load_tables(path: Path, **callbacks) -> Lark | None:
    """The parser kept at ``path`` with ``callbacks`` (``transformer``,
    ``lexer_callbacks``), or ``None``."""
    try:
        doc = json.loads(path.read_bytes())
        return Lark._load_from_dict(decode(doc["data"]), decode(doc["memo"]),  # noqa: SLF001
                                    **callbacks)
    except Exception:     # noqa: BLE001 -- any unreadable entry: build afresh
        return None
