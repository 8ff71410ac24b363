"""Nearest symbols of a space: what ``kb.similar`` answers.

(``kb.space`` itself is held by :class:`~neurosym.bridge.vectors.Vectors`.)

``similar(space, symbol, k, kind)`` is what ``kb.similar`` answers: the
``k`` symbols nearest to ``symbol`` as :class:`SimilarHit` results, best
first, the symbol itself included (it comes first when no other symbol has
the same vector).  A symbol with no vector raises
:class:`UnknownSymbolError` with a did-you-mean drawn from the names of the
kind(s) searched (``difflib``).  ``"parent/2"`` names the predicate
``parent`` when no symbol is called ``parent/2``.

This module is imported only when ``kb.similar`` is used, so exact queries
never load torch or faiss.
"""

from __future__ import annotations

import difflib
import re

from pydantic import BaseModel, ConfigDict

from ..terms import Atom
from .config import KINDS
from .errors import BridgeError, UnknownSymbolError
from .space import SymbolSpace

__all__ = ["SimilarHit", "similar", "did_you_mean"]

_INDICATOR = re.compile(r"^(.+)/(\d+)$")


class SimilarHit(BaseModel):
    """One nearest symbol: its name, its kind and its similarity score
    (the space's kernel, in ``(0, 1]`` for the default RBF kernel)."""

    model_config = ConfigDict(frozen=True)

    symbol: str
    kind: str
    score: float


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


def similar(space: SymbolSpace, symbol, k: int = 5, kind: str | None = None) -> list[SimilarHit]:
    """The ``k`` symbols nearest to ``symbol`` (itself included), best first.

    ``kind``: ``"constant"`` or ``"predicate"``; ``None`` searches the kind
    the symbol has a row of (constant first, as ``space.kind_of``)."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise BridgeError(f"k must be a positive integer, got {k!r}")
    sym, kind = _resolve(space, symbol, kind)
    return [SimilarHit(symbol=atom.name, kind=kind, score=score)
            for atom, score in space.nearest(sym, k, kind)]
