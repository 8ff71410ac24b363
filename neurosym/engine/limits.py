"""``Limits``: the bounds every search takes (depth, inferences, time, answers)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Limits"]


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

    # the schema is built when first validated, not at import (start-up, #18)
    model_config = ConfigDict(extra="forbid", defer_build=True)

    depth: int | None = Field(default=None, ge=1)
    inferences: int | None = Field(default=None, ge=1)
    time: float | None = Field(default=None, gt=0)
    answers: int | None = Field(default=None, ge=0)
