"""Loading source files: includes, the parse cache, triple files.

``load_file(path)`` reads a ``.nsl`` / ``.pl`` / ``.nl`` file and returns its
``Program`` with every ``:- include(File).`` directive replaced by the items
of ``File`` (textual inclusion, as in SWI-Prolog): the path is relative to
the including file, the extension is optional (``.nsl``, ``.pl``, ``.nl``
are tried first, then the name as given), the included items keep spans
that point into their own file, and an include cycle is an error that shows
the chain.  Operators an included file declares apply to the rest of the
including file, as in SWI-Prolog: when an include changes the operator
table, the text after the directive is read again with the new table.  A
``.tsv`` / ``.txt`` file (``head<TAB>rel<TAB>tail`` triples, see
``.triples``) loads as the facts ``rel(head, tail)``, held as a
``facts.FactBlock``; it may also be included.  A ``.parquet`` or ``.csv``
file is a fact table read through DuckDB (``.fact_tables``).

Every file goes through the parse cache (``cache``) unless
``use_cache=False``.  All errors of all files (syntax errors, missing or
cyclic includes) are collected and raised together as one ``ParseError``
whose ``errors`` lists them; ``check_file`` returns them instead.
"""

from __future__ import annotations

import os

from ..errors import ParseError, SourceError
from ..terms import Atom, Struct, deref
from ..terms.operators import DEFAULT_OPERATORS
from . import cache
from .builder import op_directive_defs
from .fact_tables import TABLE_EXTENSIONS, read_table
from .facts import FactBlock, LazyItems, segments
from .parser import parse_program
from .program import Directive, Program
from .triples import read_tsv

__all__ = ["load_file", "check_file", "SOURCE_EXTENSIONS", "TRIPLE_EXTENSIONS"]

SOURCE_EXTENSIONS = (".nsl", ".pl", ".nl")
TRIPLE_EXTENSIONS = (".tsv", ".txt")
_INCLUDE = Atom("include")


def load_file(path: str | os.PathLike, *, use_cache: bool = True,
              ops=None, partial: bool = False, includes: bool = True) -> Program:
    """The program of a file with its includes spliced in (see the module doc).
    ``ops``: the operator table to read with (default: the standard one); the
    parse cache holds files read with the standard table only.
    ``includes=False`` leaves ``:- include(File).`` directives as they are
    (the sandbox's loader refuses them).

    Syntax errors raise one ``ParseError`` listing them all, and nothing of
    the file is returned -- unless ``partial=True``: then the clauses that
    parsed are returned and the errors are in ``Program.errors``."""
    if ops is not None and ops == DEFAULT_OPERATORS:
        ops = None
    loader = _Loader(use_cache and ops is None)
    loader.ops = ops
    loader.partial = partial
    loader.includes = includes
    program = loader.load(os.fspath(path), ())
    if partial and program is not None:
        program.errors = list(loader.errors)
        return program
    if loader.errors:
        first = loader.errors[0]
        raise ParseError(first.message, first.file, first.line, first.column,
                         source_line=first.source_line, width=first.width, hint=first.hint,
                         errors=loader.errors)
    assert program is not None
    return program


def check_file(path: str | os.PathLike, *, use_cache: bool = True
               ) -> tuple[Program | None, list[SourceError], list[SourceError]]:
    """Load a file and return ``(program or None, errors, warnings)``; raises
    only ``OSError`` when the file itself cannot be read."""
    loader = _Loader(use_cache)
    program = loader.load(os.fspath(path), ())
    warnings = list(program.warnings) if program is not None else []
    return program, loader.errors, warnings


class _Loader:
    def __init__(self, use_cache: bool) -> None:
        self.use_cache = use_cache
        self.ops = None         # the operator table to read with (None: the standard one)
        self.partial = False    # keep the clauses that parsed when some did not
        self.includes = True    # splice included files in
        self.errors: list[SourceError] = []

    def load(self, file: str, chain: tuple[tuple[str, str], ...]) -> Program | None:
        if os.path.splitext(file)[1].lower() in TRIPLE_EXTENSIONS:
            return self._triples(file)
        if os.path.splitext(file)[1].lower() in TABLE_EXTENSIONS:
            return self._table(file)
        with open(file, "rb") as f:
            data = f.read()
        use_cache = self.use_cache and self.ops is None
        program = cache.load(file, data) if use_cache else None
        errors_before = len(self.errors)
        if program is None:
            program = self._parse(file, data)
            if program is None:
                return None
            if use_cache and len(self.errors) == errors_before:
                cache.save(file, data, program)
        program = self._splice(program, file, data, chain + ((os.path.realpath(file), file),),
                               errors_before)
        if len(self.errors) > errors_before and not self.partial:
            return None
        return program

    def _parse(self, file: str, data: bytes, ops=None, start: int = 0) -> Program | None:
        """The clauses of ``data`` that parse (errors go to ``self.errors``);
        with ``start``, only the text from that character offset on (the text
        before it is blanked, so positions stay those of the file)."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
            self.errors.append(ParseError(f"invalid UTF-8 byte {data[e.start]:#04x}",
                                          file, line, col))
            return None
        if text.startswith("\ufeff"):
            text = " " + text[1:]
        if start:
            text = "".join("\n" if c == "\n" else " " for c in text[:start]) + text[start:]
        try:
            return parse_program(text, file=file, ops=self.ops if ops is None else ops)
        except ParseError as e:
            self.errors.extend(e.errors)
            return getattr(e, "program", None)

    def _triples(self, file: str) -> Program | None:
        import numpy as np
        try:
            t = read_tsv(file)
        except ParseError as e:
            self.errors.extend(e.errors)
            return None
        rels, pred = np.unique(t.ids[:, 1], return_inverse=True)
        n = len(t.ids)
        spans = np.empty((n, 4), dtype=np.int64)
        spans[:, 0] = t.lines
        spans[:, 1] = 1
        spans[:, 2] = t.lines
        spans[:, 3] = t.line_lengths + 1
        block = FactBlock(t.names, [(t.names[r], 2) for r in rels.tolist()], pred,
                          t.ids[:, [0, 2]], spans, file)
        return Program(items=LazyItems([block]), warnings=t.warnings, file=file)

    def _table(self, file: str) -> Program | None:
        try:
            block, clauses = read_table(file)
        except ParseError as e:
            self.errors.extend(e.errors)
            return None
        segs = ([block] if block is not None else []) + ([clauses] if clauses else [])
        return Program(items=LazyItems(segs), warnings=[], file=file)

    def _splice(self, program: Program, file: str, data: bytes,
                chain: tuple[tuple[str, str], ...], errors_before: int,
                ops: object = False) -> Program:
        segs = segments(program.items)
        if not self.includes or not any(type(s) is list and any(_is_include(i) for i in s) for s in segs):
            return program
        out: list = []
        warnings = list(program.warnings)
        start_ops = self.ops
        if ops is False:
            ops = self.ops             # the table at each include: op directives so far
        rest = None                    # the file's text after an op-changing include
        for seg in segs:
            if rest is not None:
                break
            if type(seg) is FactBlock:
                out.append(seg)
                continue
            cur: list = []
            for item in seg:
                if not _is_include(item):
                    cur.append(item)
                    if type(item) is Directive:
                        ops = _apply_ops(ops, item.goal)
                    continue
                target = self._resolve(item, file, data, chain)
                if target is None:
                    continue
                try:
                    self.ops = ops
                    try:
                        sub = self.load(target, chain)
                    finally:
                        self.ops = start_ops
                except OSError as e:
                    self._error(item, data, f"include/1: cannot read {target}: {e.strerror}")
                    continue
                if sub is None:
                    continue
                if cur:
                    out.append(cur)
                    cur = []
                out.extend(segments(sub.items))
                warnings.extend(sub.warnings)
                after = _ops_after(ops, sub)
                if after is not ops:
                    rest = self._reread(item, file, data, chain, errors_before, after)
                    warnings = [w for w in warnings if _before(w, item.span)]
                    break
            if cur:
                out.append(cur)
        if rest is not None:
            out.extend(segments(rest.items))
            warnings.extend(rest.warnings)
        if any(type(s) is FactBlock for s in out):
            items = LazyItems(out)
        else:
            items = [i for s in out for i in s]
        return Program(items=items, warnings=warnings, file=program.file)

    def _reread(self, item: Directive, file: str, data: bytes,
                chain: tuple[tuple[str, str], ...], errors_before: int, ops) -> Program:
        """The items after the include ``item``, read again with ``ops``: the
        errors the first reading found there are dropped for the new ones."""
        span = item.span
        self.errors[errors_before:] = [e for e in self.errors[errors_before:]
                                       if e.file != file or _before(e, span)]
        text = data.decode("utf-8")
        lines = text.split("\n")
        start = sum(len(ln) + 1 for ln in lines[:span.end_line - 1]) + span.end_column - 1
        rest = self._parse(file, data, ops if ops is not None else DEFAULT_OPERATORS, start)
        if rest is None:
            return Program(items=[], warnings=[], file=file)
        return self._splice(rest, file, data, chain, errors_before, ops)

    def _resolve(self, item: Directive, file: str, data: bytes,
                 chain: tuple[tuple[str, str], ...]) -> str | None:
        arg = deref(item.goal.args[0])
        if type(arg) is Atom:
            name = arg.name
        elif type(arg) is str:
            name = arg
        else:
            self._error(item, data, "include/1: expected a file name")
            return None
        base = name if os.path.isabs(name) else os.path.join(os.path.dirname(file), name)
        base = os.path.normpath(base)
        if os.path.splitext(base)[1].lower() in SOURCE_EXTENSIONS + TRIPLE_EXTENSIONS + TABLE_EXTENSIONS:
            tries = [base]
        else:
            tries = [base + ext for ext in SOURCE_EXTENSIONS] + [base]
        target = next((t for t in tries if os.path.isfile(t)), None)
        if target is None:
            self._error(item, data, f"include/1: source_sink `{name}' does not exist")
            return None
        real = os.path.realpath(target)
        for i, (r, _) in enumerate(chain):
            if r == real:
                shown = " -> ".join([s for _, s in chain[i:]] + [target])
                self._error(item, data, f"include cycle: {shown}")
                return None
        return target

    def _error(self, item: Directive, data: bytes, message: str) -> None:
        span = item.span
        if span is None:
            self.errors.append(SourceError(message))
            return
        lines = data.split(b"\n")
        src = None
        if 0 < span.line <= len(lines):
            src = lines[span.line - 1].decode("utf-8", "replace").rstrip("\r")
        width = span.end_column - span.column if span.end_line == span.line else 1
        self.errors.append(SourceError(message, span.file, span.line, span.column,
                                       source_line=src, width=max(width, 1)))


def _before(e, span) -> bool:
    """Whether the error or warning ``e`` lies before the end of ``span``."""
    line = getattr(e, "line", None)
    if line is None:
        return True
    return (line, getattr(e, "column", 0) or 0) < (span.end_line, span.end_column)


def _ops_after(ops, program: Program):
    """The operator table after ``program``'s op/3 directives (``ops`` itself,
    the same object, when they change nothing)."""
    new = ops
    for seg in segments(program.items):
        if type(seg) is list:
            for item in seg:
                if type(item) is Directive:
                    new = _apply_ops(new, item.goal)
    if new is ops or (new is None and ops is None):
        return ops
    if new is not None and ops is not None and new == ops:
        return ops
    return new


def _apply_ops(ops, goal):
    """``ops`` after the op/3 directive ``goal`` (a new table; None: the standard one)."""
    defs = op_directive_defs(goal)
    if not defs:
        return ops
    ops = (DEFAULT_OPERATORS if ops is None else ops).copy()
    for p, t, name in defs:
        ops.add(p, t, name)
    return None if ops == DEFAULT_OPERATORS else ops


def _is_include(item) -> bool:
    if type(item) is not Directive:
        return False
    g = deref(item.goal)
    return type(g) is Struct and g.name is _INCLUDE and len(g.args) == 1
