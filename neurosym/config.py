"""Every configuration model in one place, for users: each lives in its layer
(``Limits`` and ``Sandbox`` in the engine, ``BridgeConfig`` in the bridge,
``SoftConfig`` in reasoning, ``TrainConfig`` in learning) and is re-exported
here."""

from __future__ import annotations

from .bridge.config import BridgeConfig
from .engine.limits import Limits
from .engine.sandbox import Sandbox
from .learning.config import TrainConfig
from .reasoning.config import SoftConfig

__all__ = ["Limits", "Sandbox", "BridgeConfig", "SoftConfig", "TrainConfig"]
