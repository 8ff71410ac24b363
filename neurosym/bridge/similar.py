"""Nearest symbols of a space: what ``kb.similar`` answers.

(``kb.space`` itself is held by :class:`~neurosym.bridge.vectors.Vectors`.)

``similar(space, symbol, k, kind)`` is what ``kb.similar`` answers: the
``k`` symbols nearest to ``symbol`` as :class:`SimilarHit` results (in a
:class:`SimilarHits` list, a table in Jupyter), best first, the symbol
itself included (it comes first when no other symbol has the same vector).  A symbol with no vector raises
:class:`UnknownSymbolError` with a did-you-mean drawn from the names of the
kind(s) searched (``difflib``).  ``"parent/2"`` names the predicate
``parent`` when no symbol is called ``parent/2``.

This module is imported only when ``kb.similar`` is used, so exact queries
never load torch or faiss.
"""

from __future__ import annotations

import difflib
import re
from html import escape

from pydantic import BaseModel, ConfigDict

from ..proof import format_score
from ..terms import Atom
from .config import KINDS
from .errors import BridgeError, UnknownSymbolError
from .space import SymbolSpace

__all__ = ["SimilarHit", "SimilarHits", "similar", "did_you_mean"]

_INDICATOR = re.compile(r"^(.+)/(\d+)$")


class SimilarHit(BaseModel):
    """One nearest symbol: its name, its kind and its similarity score
    (the space's kernel, in ``(0, 1]`` for the default RBF kernel)."""

    model_config = ConfigDict(frozen=True)

    symbol: str
    kind: str
    score: float


class SimilarHits(list):
    """The hits of ``kb.similar``: a plain list of :class:`SimilarHit`
    that also renders as a table in Jupyter (``_repr_html_``)."""

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{i}</td><td>{escape(h.symbol)}</td><td>{escape(h.kind)}</td>"
                       f"<td>{format_score(h.score)}</td></tr>" for i, h in enumerate(self, 1))
        return ('<table class="neurosym-similar"><thead><tr><th>rank</th><th>symbol</th>'
                f"<th>kind</th><th>score</th></tr></thead><tbody>{rows}</tbody></table>")


def did_you_mean(name: str, candidates, n: int = 3) -> list[str]:
    """Up to ``n`` names of ``candidates`` close to ``name`` (difflib), best first."""
    return difflib.get_close_matches(name, list(candidates), n=n, cutoff=0.6)


def _resolve(space: SymbolSpace, symbol, kind: str | None) -> tuple[Atom | str, str]:
    """The symbol and kind to search with, or an UnknownSymbolError with suggestions."""
    if kind is not None and kind not in KINDS:
        raise BridgeError(f"unknown kind {kind!r} (expected 'constant' or 'predicate')")
    if not isinstance(symbol, (Atom, str)):
        raise TypeError(f"a symbol is an atom or a str, not {type(symbol).__name__}")
    kinds = [kind] if kind else list(KINDS)
    for k in kinds:
        if space.has(symbol, k):
            return symbol, k
    name = symbol.name if isinstance(symbol, Atom) else symbol
    m = _INDICATOR.match(name)
    if m and kind in (None, "predicate") and space.has(m.group(1), "predicate"):
        return m.group(1), "predicate"
    names = sorted({n for k in kinds for n in space.names(k)})
    raise UnknownSymbolError(name, kind or "constant or predicate", did_you_mean(name, names))


def similar(space: SymbolSpace, symbol, k: int = 5, kind: str | None = None) -> SimilarHits:
    """The ``k`` symbols nearest to ``symbol`` (itself included), best first.

    ``kind``: ``"constant"`` or ``"predicate"``; ``None`` searches the kind
    the symbol has a row of (constant first, as ``space.kind_of``)."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise BridgeError(f"k must be a positive integer, got {k!r}")
    sym, kind = _resolve(space, symbol, kind)
    return SimilarHits(SimilarHit(symbol=atom.name, kind=kind, score=score)
                       for atom, score in space.nearest(sym, k, kind))
