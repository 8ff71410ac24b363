"""Configuration models (pydantic): limits and engine flags."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .bridge.config import BridgeConfig

__all__ = ["Limits", "EngineFlags", "BridgeConfig"]


class Limits(BaseModel):
    """Limits on one query.  ``None`` means no limit.

    * ``depth``      -- the deepest chain of clause resolutions (recursion depth);
    * ``inferences`` -- predicate calls (user predicates and builtins);
    * ``time``       -- wall-clock seconds;
    * ``answers``    -- the most answers a query may produce; asking for one more
      raises ``ResourceError("answers")``.

    Hitting a limit raises :class:`neurosym.errors.ResourceError` naming it
    (``err.limit``); limit errors cannot be caught by ``catch/3``, so a
    program can never loop past them.
    """

    model_config = ConfigDict(extra="forbid")

    depth: int | None = Field(default=None, ge=1)
    inferences: int | None = Field(default=None, ge=1)
    time: float | None = Field(default=None, gt=0)
    answers: int | None = Field(default=None, ge=0)


class EngineFlags(BaseModel):
    """Engine flags (Prolog flags that change how the machine runs)."""

    model_config = ConfigDict(extra="allow")

    occurs_check: bool = False
    unknown: str = "error"          # error | fail | warning (as SWI's ``unknown`` flag)
    double_quotes: str = "string"   # how the parser reads "..." (NSL: always strings, as SWI-7)
