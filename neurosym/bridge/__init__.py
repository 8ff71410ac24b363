"""Layer 5: the thought-vector bridge.

* :class:`SymbolSpace` (``space``) -- an embedding row per symbol, kept apart
  by kind (constants, predicates); ``nearest``, ``similarity``, ``encode``,
  ``decode``; grows with the store (``sync``); saves and loads (``io``).
* :class:`FactIndex` (``facts``) -- the k nearest ground facts of a goal with
  some arguments bound (Greedy NTP).
* ``backends`` -- the index backends registry (``"faiss"``, ``"numpy"``).
* :class:`BridgeConfig` (``config``) -- every tunable.

torch and faiss are imported only when a name that needs them is used:
``import neurosym.bridge`` and ``neurosym.bridge.config`` import neither.
"""

from __future__ import annotations

from importlib import import_module

from .errors import BackendUnavailableError, BridgeError, SpaceFileError, UnknownSymbolError

__all__ = ["BridgeConfig", "SymbolSpace", "ImportReport", "FactIndex", "FactHit",
           "BackendUnavailableError", "BridgeError", "SpaceFileError", "UnknownSymbolError",
           "get_backend", "register_backend", "backend_names"]

_LAZY = {
    "BridgeConfig": ".config",      # pydantic: not loaded by ``import neurosym.bridge``
    "SymbolSpace": ".space", "ImportReport": ".space",
    "FactIndex": ".facts", "FactHit": ".facts",
    "get_backend": ".backends", "register_backend": ".backends", "backend_names": ".backends",
}


def __getattr__(name: str):
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'neurosym.bridge' has no attribute {name!r}")
    return getattr(import_module(mod, __name__), name)
