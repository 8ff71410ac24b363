"""The parse cache: a compiled form of a parsed file (like ``.pyc`` / SWI's ``.qlf``).

``load(file, data)`` returns the cached ``Program`` of a source text, or
``None``; ``save(file, data, program)`` writes one.  The entry for a file is
``<cache dir>/<sha256(absolute path)[:32]>.nslc`` and is valid only for the
exact bytes, file name, neurosym version, cache format and parser/grammar
sources it was made from (their hash is the entry's *key*): a changed file
simply overwrites its entry.  The cache directory is
``$NEUROSYM_CACHE_DIR`` or ``platformdirs.user_cache_dir("neurosym")/parse``.

The format is data only -- loading it never runs code (no pickle):

* header ``<8s I 4x 32s Q 32s>``: magic ``NSLCACHE``, format version, key,
  payload length, SHA-256 of the payload (a truncated or corrupt entry is
  detected and ignored);
* payload: a fixed sequence of numpy arrays, each ``<B B 6x>`` dtype code
  and rank, the shape (``<Q>`` each), the raw little-endian bytes padded to 8
  (so every array is 8-byte aligned):

  0. string table: UTF-8 bytes, 1. its offsets, 2. the term stream,
  3. items (one row each), 4. auxiliary ints (variable tables),
  5. warnings, 6-9. the fact fast path: predicate per fact, argument ids,
  spans, and the predicate table.

Terms are int-coded in prefix order, two words per node: a tag word
(kind | arity << 3) and a payload (string index, variable number, the
integer itself, or the bits of a float; integers beyond 64 bits go through
the string table).  Runs of ground facts whose arguments are all atoms are
stored as arrays and come back as a ``facts.FactBlock`` (no object per fact
until iterated).  Spans, variable names and warnings survive the round trip.
Every failure to read or write is swallowed: the caller parses afresh.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ParseError, SourceError, SourceWarning
from ..files import atomic_write
from ..terms import NIL, TRUE, Atom, Span, Struct, Var
from ..terms.clause import Clause
from ..terms.printer import format_int
from ..version import __version__
from .facts import FactBlock, LazyItems, make_span, segments
from .lexical import to_int
from .program import Directive, Program, Query

if TYPE_CHECKING:
    import numpy as np

__all__ = ["load", "save", "cache_dir", "entry_path", "FORMAT_VERSION", "encode", "decode"]

FORMAT_VERSION = 2                  # 2: ``[]`` (NIL) has its own kind, apart from ``'[]'``
MAGIC = b"NSLCACHE"
_HEADER = struct.Struct("<8sI4x32sQ32s")   # 88 bytes: arrays stay 8-aligned
_ARRAY = struct.Struct("<BB6x")
_DTYPES = ("<i8", "<i4", "|u1")     # the dtype codes 0, 1, 2 (``np.dtype(...).str``)
_FORMATS = ("q", "i", "B")          # the same as ``memoryview`` formats (native order)
_ITEMSIZE = (8, 4, 1)
_NATIVE = sys.byteorder == "little"
_N_ARRAYS = 10
# Fewer ground facts than this in a file come back as clauses, not as a
# ``FactBlock``: building a few thousand clauses costs less than loading
# numpy, which a fact block needs (start-up, #18).
FACT_BLOCK_MIN = 2000

# term kinds
_ATOM, _VAR, _STRUCT, _INT, _BIGINT, _FLOAT, _STR, _NIL = range(8)
_ITEM_W = 12
_CLAUSE, _DIRECTIVE, _QUERY, _FACTS = range(4)
_WARN_W = 8
_WARN_CLASSES = [SourceWarning, SourceError, ParseError]
_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1
_f2i = struct.Struct("<d")
_i2f = struct.Struct("<q")


class _Uncacheable(Exception):
    pass


# -- where ------------------------------------------------------------------
def cache_dir() -> Path:
    env = os.environ.get("NEUROSYM_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs
    return Path(platformdirs.user_cache_dir("neurosym")) / "parse"


def entry_path(file: str) -> Path:
    h = hashlib.sha256(os.path.abspath(file).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / f"{h[:32]}.nslc"


@lru_cache(maxsize=1)
def _toolchain() -> bytes:
    """Hash of everything a parse depends on besides the text."""
    h = hashlib.sha256(f"{__version__}\0{FORMAT_VERSION}\0".encode())
    here = Path(__file__).resolve().parent
    files = sorted(here.glob("*.py")) + [here.parent / "terms" / "core.py"]   # the term model
    for gdir in (here.parent / "grammars", here.parent.parent / "grammars"):
        if gdir.is_dir():
            files += sorted(gdir.glob("*.lark"))
    for f in files:
        if f.name in ("cache.py", "loader.py"):
            continue
        try:
            h.update(f.name.encode() + b"\0" + f.read_bytes())
        except OSError:
            pass
    return h.digest()


def _key(file: str, data: bytes) -> bytes:
    h = hashlib.sha256(_toolchain())
    h.update(file.encode("utf-8", "surrogatepass") + b"\0")
    h.update(data)
    return h.digest()


# -- public -------------------------------------------------------------------
def load(file: str, data: bytes) -> Program | None:
    """The cached program of ``data`` (the bytes of ``file``), or ``None``."""
    try:
        blob = entry_path(file).read_bytes()
    except OSError:
        return None
    try:
        return decode(blob, _key(file, data))
    except Exception:  # noqa: BLE001 -- a bad entry is a cache miss, never an error
        return None


def save(file: str, data: bytes, program: Program) -> bool:
    """Write the cache entry atomically; False if it cannot be cached or written."""
    try:
        blob = encode(program, _key(file, data))
    except _Uncacheable:
        return False
    path = entry_path(file)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, blob, durable=False)     # a lost entry is only a cache miss
        return True
    except OSError:
        return False


# -- encoding -------------------------------------------------------------------
class _Encoder:
    def __init__(self) -> None:
        self.strings: dict[str, int] = {}
        self.stream: list[int] = []
        self.aux: list[int] = []

    def s(self, text: str | None) -> int:
        if text is None:
            return -1
        if type(text) is not str:
            raise _Uncacheable
        i = self.strings.get(text)
        if i is None:
            i = self.strings[text] = len(self.strings)
        return i

    def term(self, t, vars_: dict[int, int], var_list: list) -> int:
        start = len(self.stream)
        out = self.stream
        stack = [t]
        while stack:
            x = stack.pop()
            tx = type(x)
            if tx is Atom:
                if x is NIL:
                    out += (_NIL, 0)
                else:
                    out += (_ATOM, self.s(x.name))
            elif tx is Struct:
                if x.name is NIL:
                    raise _Uncacheable
                out += (_STRUCT | (len(x.args) << 3), self.s(x.name.name))
                stack.extend(reversed(x.args))
            elif tx is Var:
                if x.ref is not None:
                    stack.append(x.ref)
                    continue
                i = vars_.get(id(x))
                if i is None:
                    i = vars_[id(x)] = len(var_list)
                    var_list.append(x)
                out += (_VAR, i)
            elif tx is int:
                if _I64_MIN <= x <= _I64_MAX:
                    out += (_INT, x)
                else:
                    out += (_BIGINT, self.s(format_int(x)))
            elif tx is float:
                out += (_FLOAT, _i2f.unpack(_f2i.pack(x))[0])
            elif tx is str:
                out += (_STR, self.s(x))
            else:
                raise _Uncacheable
        return start


def _span_row(span: Span | None, enc: _Encoder) -> list[int]:
    if span is None:
        return [0, 0, 0, 0, 0, -1]
    return [1, span.line, span.column, span.end_line, span.end_column, enc.s(span.file)]


def _fact_row(item, file: str | None, enc: _Encoder) -> tuple | None:
    """``(pred key, [string ids], span)`` if ``item`` goes on the fast path."""
    if type(item) is not Clause or item.body is not TRUE or item.weight is not None:
        return None
    span = item.span
    if span is None or span.file != file or item.var_names:
        return None
    head = item.head
    if type(head) is Atom:
        return (head.name, 0), [], span
    if type(head) is not Struct:
        return None
    ids = []
    for a in head.args:
        if type(a) is not Atom or a is NIL:
            return None
        ids.append(a)
    return (head.name.name, len(ids)), [enc.s(a.name) for a in ids], span


def encode(program: Program, key: bytes) -> bytes:
    enc = _Encoder()
    items: list[list[int]] = []
    fb_pred: list[int] = []
    fb_args: list[list[int]] = []
    fb_spans: list[tuple[int, int, int, int]] = []
    preds: dict[tuple[str, int], int] = {}
    file = program.file
    for seg in segments(program.items):
        if type(seg) is FactBlock:
            if seg.file != file or seg.spans is None:
                raise _Uncacheable
            seg = seg.clauses()
        run_start = None
        for item in seg:
            fr = _fact_row(item, file, enc)
            if fr is not None:
                if run_start is None:
                    run_start = len(fb_pred)
                pk, ids, sp = fr
                p = preds.get(pk)
                if p is None:
                    p = preds[pk] = len(preds)
                fb_pred.append(p)
                fb_args.append(ids)
                fb_spans.append((sp.line, sp.column, sp.end_line, sp.end_column))
                continue
            if run_start is not None:
                items.append([_FACTS, run_start, len(fb_pred)] + [0] * (_ITEM_W - 3))
                run_start = None
            items.append(_item_row(item, enc))
        if run_start is not None:
            items.append([_FACTS, run_start, len(fb_pred)] + [0] * (_ITEM_W - 3))
    warns = [_warning_row(w, enc) for w in program.warnings]
    prog_file = enc.s(file)
    maxa = max((pk[1] for pk in preds), default=0)
    import numpy as np  # only when a file is parsed afresh (then Lark is loaded anyway)
    args = np.full((len(fb_args), maxa), -1, dtype=np.int64)
    for i, r in enumerate(fb_args):
        args[i, :len(r)] = r
    pred_table = [[enc.s(nm), ar] for nm, ar in preds]
    texts = list(enc.strings)
    encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    arrays = [
        np.frombuffer(b"".join(encoded), dtype=np.uint8),
        offsets,
        np.array(enc.stream, dtype=np.int64),
        np.array(items, dtype=np.int64).reshape(len(items), _ITEM_W),
        np.array(enc.aux + [prog_file], dtype=np.int64),
        np.array(warns, dtype=np.int64).reshape(len(warns), _WARN_W),
        np.array(fb_pred, dtype=np.int32),
        args,
        np.array(fb_spans, dtype=np.int32).reshape(len(fb_spans), 4),
        np.array(pred_table, dtype=np.int64).reshape(len(pred_table), 2),
    ]
    payload = b"".join(_pack_array(a) for a in arrays)
    return _HEADER.pack(MAGIC, FORMAT_VERSION, key, len(payload),
                        hashlib.sha256(payload).digest()) + payload


def _item_row(item, enc: _Encoder) -> list[int]:
    """The row of a clause, directive or query (its variables' and names'
    strings go to ``enc.aux``)."""
    vars_: dict[int, int] = {}
    var_list: list = []
    qvars = []
    if type(item) is Clause:
        a = enc.term(item.head, vars_, var_list)
        b = enc.term(item.body, vars_, var_list)
        w = -1 if item.weight is None else enc.term(item.weight, vars_, var_list)
        row = [_CLAUSE, a, b, w]
        names = item.var_names
    elif type(item) is Directive:
        row = [_DIRECTIVE, enc.term(item.goal, vars_, var_list), -1, -1]
        names = item.var_names
    elif type(item) is Query:
        row = [_QUERY, enc.term(item.goal, vars_, var_list), -1, -1]
        names = ()
        for nm, v in item.variables.items():
            enc.term(v, vars_, var_list)          # numbers the variable
            qvars.append((nm, vars_.get(id(v), -1)))
    else:
        raise _Uncacheable
    aux = enc.aux
    off = len(aux)
    aux.append(len(var_list))
    aux.extend(enc.s(v.name) for v in var_list)
    aux.append(len(names))
    aux.extend(enc.s(n) for n in names)
    if type(item) is Query:
        aux.append(len(qvars))
        for nm, vi in qvars:
            aux += (enc.s(nm), vi)
    return row + _span_row(item.span, enc) + [off, 0][: _ITEM_W - 10]


def _warning_row(w, enc: _Encoder) -> list[int]:
    if type(w) not in _WARN_CLASSES:
        raise _Uncacheable
    return [_WARN_CLASSES.index(type(w)), enc.s(w.message), enc.s(w.file), int(w.line),
            int(w.column), int(w.width), enc.s(w.source_line), enc.s(w.hint)]


def _pack_array(a: np.ndarray) -> bytes:
    """``a`` little-endian: dtype code, ndim, shape, data padded to 8 bytes."""
    import numpy as np
    a = np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<"))
    code = _DTYPES.index(a.dtype.str)
    raw = a.tobytes()
    return (_ARRAY.pack(code, a.ndim) + struct.pack(f"<{a.ndim}Q", *a.shape)
            + raw + b"\0" * (-len(raw) % 8))


# -- decoding -------------------------------------------------------------------
def decode(blob: bytes, key: bytes, fact_block_min: int = FACT_BLOCK_MIN) -> Program | None:
    """The program in ``blob`` if it is a sound entry for ``key``, else ``None``.

    Runs of ground facts come back as ``FactBlock`` s when the entry holds at
    least ``fact_block_min`` of them (numpy arrays, no object per fact), else
    as clauses -- the same clauses a fresh parse gives -- without numpy."""
    if len(blob) < _HEADER.size:
        return None
    magic, version, k, length, digest = _HEADER.unpack_from(blob)
    if magic != MAGIC or version != FORMAT_VERSION or k != key:
        return None
    payload = memoryview(blob)[_HEADER.size:]
    if len(payload) != length or hashlib.sha256(payload).digest() != digest:
        return None
    arrays = []
    pos = 0
    for _ in range(_N_ARRAYS):
        code, ndim = _ARRAY.unpack_from(payload, pos)
        pos += _ARRAY.size
        shape = struct.unpack_from(f"<{ndim}Q", payload, pos)
        pos += 8 * ndim
        nbytes = _ITEMSIZE[code]
        for d in shape:
            nbytes *= d
        if pos + nbytes > len(payload):
            return None
        arrays.append(_Array(code, shape, payload[pos:pos + nbytes]))
        pos += nbytes + (-nbytes % 8)
    blob_s, offs, stream, items, aux, warns, fb_pred, fb_args, fb_spans, pred_table = arrays
    strings = _strings(blob_s.raw, offs.values())
    stream_l = stream.values()
    aux_l = aux.values()
    file = _str(strings, aux_l[-1])
    preds = [(strings[n], a) for n, a in pred_table.rows()]
    blocks = fb_pred.shape[0] >= fact_block_min
    if blocks:
        fb_pred, fb_args, fb_spans = fb_pred.array(), fb_args.array(), fb_spans.array()
    else:
        facts = _FactRows(strings, preds, fb_pred.values(), fb_args, fb_spans.values(), file)
    out: list = []
    cur: list = []
    for row in items.rows():
        kind = row[0]
        if kind == _FACTS:
            s, e = row[1], row[2]
            if not blocks:
                cur.extend(facts.clauses(s, e))
                continue
            if cur:
                out.append(cur)
                cur = []
            out.append(FactBlock(strings, preds, fb_pred[s:e], fb_args[s:e], fb_spans[s:e],
                                 file))
            continue
        off = row[10]
        nv = aux_l[off]
        var_list = [Var(_str(strings, i)) for i in aux_l[off + 1: off + 1 + nv]]
        off += 1 + nv
        nn = aux_l[off]
        names = tuple(strings[i] for i in aux_l[off + 1: off + 1 + nn])
        off += 1 + nn
        span = (Span(_str(strings, row[9]), row[5], row[6], row[7], row[8])
                if row[4] else None)
        goal = _term(stream_l, row[1], strings, var_list)
        if kind == _CLAUSE:
            c = Clause(goal, _term(stream_l, row[2], strings, var_list),
                       None if row[3] < 0 else _term(stream_l, row[3], strings, var_list),
                       span, names)
            cur.append(c)
        elif kind == _DIRECTIVE:
            cur.append(Directive(goal, span, names))
        elif kind == _QUERY:
            nq = aux_l[off]
            qv = {strings[aux_l[off + 1 + 2 * j]]: var_list[aux_l[off + 2 + 2 * j]]
                  for j in range(nq)}
            cur.append(Query(goal, span, qv))
        else:
            return None
    if cur:
        out.append(cur)
    warnings = []
    for cls, msg, wf, line, col, width, src, hint in warns.rows():
        warnings.append(_WARN_CLASSES[cls](strings[msg], _str(strings, wf), line, col,
                                           source_line=_str(strings, src), width=width,
                                           hint=_str(strings, hint)))
    if any(type(s) is FactBlock for s in out):
        items_out = LazyItems(out)
    else:
        items_out = out[0] if out else []
    return Program(items=items_out, warnings=warnings, file=file)


def _str(strings: list[str], i: int) -> str | None:
    return None if i < 0 else strings[i]


class _Array:
    """One array of an entry: its dtype code, shape and raw little-endian bytes."""

    __slots__ = ("code", "shape", "raw")

    def __init__(self, code: int, shape: tuple, raw: memoryview) -> None:
        self.code, self.shape, self.raw = code, shape, raw

    def values(self) -> list:
        """The elements in order, as Python ints (numpy only on a big-endian machine)."""
        if _NATIVE:
            return self.raw.cast(_FORMATS[self.code]).tolist()
        return self.array().reshape(-1).tolist()

    def rows(self) -> list[list]:
        """A 2-d array as a list of rows."""
        n, w = self.shape
        flat = self.values()
        return [flat[i * w:(i + 1) * w] for i in range(n)]

    def array(self) -> np.ndarray:
        import numpy as np
        return np.frombuffer(self.raw, dtype=_DTYPES[self.code]).reshape(self.shape)


class _FactRows:
    """The fact fast path of an entry read without numpy: clauses of rows
    ``s .. e``, built as ``FactBlock.clauses`` builds them."""

    def __init__(self, strings: list[str], preds: list, pred: list, args: _Array,
                 spans: list, file: str | None) -> None:
        self.strings, self.pred, self.spans, self.file = strings, pred, spans, file
        self.names = [(Atom(nm), ar) for nm, ar in preds]
        self.width = args.shape[1]
        self.args = args.values()

    def clauses(self, s: int, e: int) -> list[Clause]:
        strings, args, w, spans, file = self.strings, self.args, self.width, self.spans, self.file
        new = Clause.__new__
        out = []
        for i in range(s, e):
            name, arity = self.names[self.pred[i]]
            c = new(Clause)
            c.head = (Struct(name, tuple(Atom(strings[j]) for j in args[i * w:i * w + arity]))
                      if arity else name)
            c.body = TRUE
            c.weight = None
            c.span = make_span(file, *spans[4 * i:4 * i + 4])
            c.var_names = ()
            c.id = None
            out.append(c)
        return out


def _strings(raw: memoryview, o: list[int]) -> list[str]:
    raw = raw.tobytes()
    if raw.isascii():
        text = raw.decode("ascii")
        return [text[o[i]:o[i + 1]] for i in range(len(o) - 1)]
    return [raw[o[i]:o[i + 1]].decode("utf-8", "surrogatepass") for i in range(len(o) - 1)]


def _term(stream: list[int], pos: int, strings: list[str], var_list: list):
    """Decode the term starting at ``pos`` (iteratively)."""
    stack: list = []      # [name, arity, args]
    while True:
        tag = stream[pos]
        val = stream[pos + 1]
        pos += 2
        kind = tag & 7
        if kind == _STRUCT:
            arity = tag >> 3
            if arity:
                stack.append((Atom(strings[val]), arity, []))
                continue
            t = Struct(Atom(strings[val]), ())
        elif kind == _ATOM:
            t = Atom(strings[val])
        elif kind == _NIL:
            t = NIL
        elif kind == _VAR:
            t = var_list[val]
        elif kind == _INT:
            t = val
        elif kind == _FLOAT:
            t = _f2i.unpack(_i2f.pack(val))[0]
        elif kind == _STR:
            t = strings[val]
        elif kind == _BIGINT:
            t = to_int(strings[val])
        else:
            raise ValueError("bad term tag")
        while stack:
            name, arity, args = stack[-1]
            args.append(t)
            if len(args) < arity:
                break
            stack.pop()
            t = Struct(name, tuple(args))
        else:
            return t
