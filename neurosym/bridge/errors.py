"""Errors of the bridge (subclasses of the ``neurosym.errors`` hierarchy)."""

from __future__ import annotations

from ..errors import ConfigError, NeurosymError

__all__ = ["BackendUnavailableError", "UnknownSymbolError", "SpaceFileError", "BridgeError"]


class BridgeError(NeurosymError):
    """A misuse of the bridge (wrong shape, wrong kind, non-ground term ...)."""


class BackendUnavailableError(ConfigError):
    """An index backend or index type that cannot be used here (FAISS not
    importable, an unknown backend name, an approximate index asked of the
    exact-only numpy backend).  Never replaced silently by another one."""


class UnknownSymbolError(BridgeError, KeyError):
    """A symbol with no vector of the asked kind."""

    def __init__(self, name: str, kind: str) -> None:
        super().__init__(f"no {kind} vector for symbol {name!r}")
        self.name = name
        self.kind = kind

    def __str__(self) -> str:   # KeyError would quote the message
        return str(self.args[0])


class SpaceFileError(BridgeError):
    """A saved space (or a vector file) that is corrupted, truncated, of an
    unknown format version, or does not match what it is loaded into."""
