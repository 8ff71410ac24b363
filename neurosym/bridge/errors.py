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

    def __init__(self, name: str, kind: str, suggestions: list[str] | tuple = ()) -> None:
        msg = f"no {kind} vector for symbol {name!r}"
        if suggestions:
            quoted = [repr(s) for s in suggestions]
            alts = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
            msg += f"; did you mean {alts}?"
        super().__init__(msg)
        self.name = name
        self.kind = kind
        self.suggestions = list(suggestions)

    def __str__(self) -> str:   # KeyError would quote the message
        return str(self.args[0])


class SpaceFileError(BridgeError):
    """A saved space (or a vector file) that is corrupted, truncated, of an
    unknown format version, or does not match what it is loaded into."""
