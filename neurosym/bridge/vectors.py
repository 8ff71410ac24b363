"""``Vectors``: the part of a knowledge base that holds its thought vectors.

It owns the ``SymbolSpace`` (built on first use, with ``BridgeConfig()``
unless one was set, and kept in sync with the store: whenever the store or
the symbol table changed since the last look, ``space.sync(store)`` gives the
new symbols their rows; existing rows, and so vectors set from outside, are
kept) and the soft prover's fact index over that space.

``kb.space`` and ``kb.space = ...`` are this holder's ``space`` and
``assign``.  torch and faiss load only when the space is first built, so a
knowledge base that never asks for vectors never imports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ConfigError
from .errors import BridgeError

if TYPE_CHECKING:       # pydantic: loaded when vectors are first used (start-up, #18)
    from .config import BridgeConfig

__all__ = ["Vectors"]


class Vectors:
    """The vector space of one store (see the module docstring)."""

    def __init__(self, store) -> None:
        self.store = store
        self.symbols = store.symbols
        self.config: BridgeConfig | None = None   # the config the next space is built with
        self._space = None
        self._seen = None                          # (store generation, symbols) at last sync
        self._fact_index = None

    @property
    def built(self) -> bool:
        """True once the space exists (reading ``space`` builds it)."""
        return self._space is not None

    @property
    def space(self):
        """The ``SymbolSpace``, built on first use and synced when the store grew."""
        space = self._space
        if space is None:
            from .config import BridgeConfig
            from .space import SymbolSpace  # torch
            space = self._space = SymbolSpace(self.symbols, self.config or BridgeConfig())
            self._seen = None
        seen = (self.store.generation, len(self.symbols))
        if self._seen != seen:
            space.sync(self.store)
            self._seen = (self.store.generation, len(self.symbols))
        return space

    def assign(self, space) -> None:
        """Make ``space`` (a ``SymbolSpace`` over this store's symbols) the
        space, synced on next use.  A ``BridgeConfig`` drops the current space:
        the next use builds a new one with that config; ``None`` drops it for
        one with the default config."""
        from .config import BridgeConfig
        if isinstance(space, BridgeConfig) or space is None:
            self.config, self._space, self._seen = space, None, None
            return
        from .space import SymbolSpace  # torch
        if not isinstance(space, SymbolSpace):
            raise TypeError(f"kb.space must be a SymbolSpace or a BridgeConfig, "
                            f"not {type(space).__name__}")
        if space.symbols is not self.symbols:
            raise BridgeError("this space uses another symbol table than the knowledge base; "
                              "build it over kb.symbols (SymbolSpace.load(dir, symbols=kb.symbols))")
        self.config, self._space, self._seen = space.config, space, None

    def ensure_seed(self, seed: int | None) -> None:
        """Build the next space with ``seed``; an error if the space was
        already built with another."""
        if seed is None:
            return
        if self._space is None:
            from .config import BridgeConfig
            base = self.config or BridgeConfig()
            if base.seed != seed:
                self.assign(base.model_copy(update={"seed": seed}))
        elif self._space.config.seed != seed:
            raise ConfigError(f"kb.space was built with seed {self._space.config.seed}, not "
                              f"{seed}; assign kb.space = BridgeConfig(seed={seed}) to rebuild it")

    def fact_index(self):
        """The k-nearest-facts index over the store's ground facts, kept while
        the space is the same object (``FactIndex`` follows the store)."""
        space = self.space
        idx = self._fact_index
        if idx is None or idx.space is not space:
            from .facts import FactIndex  # torch
            idx = self._fact_index = FactIndex(space, self.store)
        return idx
