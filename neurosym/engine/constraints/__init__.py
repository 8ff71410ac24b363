"""Constraints over the rationals (clpq-style ``{}/1``) and sympy algebra.

* ``linear``    -- ``Lin`` (exact linear expressions), NSL term -> Lin;
* ``feasible``  -- exact feasibility of linear inequalities;
* ``store``     -- the per-branch store (trailed, undone on backtracking);
* ``nonlinear`` -- delayed non-linear equations solved by sympy;
* ``residual``  -- residual goals of an answer (``{Y=10-X}``);
* ``symbolic``  -- the NSL <-> sympy mapping (imports sympy).

Nothing here imports sympy at import time except ``symbolic``; plain
queries never load it.  See ``docs/constraints.md``.
"""

from .residual import residual_goals
from .store import CStore, post

__all__ = ["CStore", "post", "residual_goals"]
