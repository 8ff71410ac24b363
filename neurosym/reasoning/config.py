"""``SoftConfig``: the settings of the scored prover."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["SoftConfig"]


class SoftConfig(BaseModel):
    """Settings of the scored prover (``kb.query(goal, mode="soft")``, ``docs/soft.md``).

    * ``threshold``   -- a soft match (two different symbols) is tried only when
      its similarity is at least this;
    * ``k``           -- how many nearest symbols (and nearest facts) a soft
      match considers per goal, so the branching stays bounded;
    * ``aggregation`` -- ``"min"`` (min along a proof, max over proofs),
      ``"product"``, ``"boolean"`` or ``"noisy_or"`` (product along a proof,
      noisy-or over its proofs: every proof is collected before the first
      answer; see ``neurosym.reasoning.scoring``);
    * ``kernel``, ``mu`` -- the similarity of two symbols; ``None`` takes the
      knowledge base's space's (``kb.space.config``);
    * ``max_soft``    -- the most soft steps one proof may take (``None``: no
      bound); it keeps chains of soft matches (``p ~ q`` whose clauses call
      ``p`` again) from going on forever at the same score;
    * ``max_depth``   -- the deepest chain of clauses (facts included) one proof
      may nest; a deeper branch is dropped, not an error (``None``: no bound,
      and ``Limits(depth=...)`` raises instead).  Recursive rules under
      ``"min"`` need it: a rule of weight 0.9 scores 0.9 at any depth, so
      without a bound the search for more answers never ends.  On a knowledge
      base with a trained model its default is the depth the model proves to
      (``ProverConfig.depth`` + 1), so learned recursive rules end too;
    * ``trained``     -- on a knowledge base with a trained model, a goal of a
      trained relation (``r(a, X)``, ``r(X, b)``, ``r(a, b)``) is ranked by
      the model, as the benchmarks rank (``neurosym.learning.answers``);
      ``False``: by the scored prover, as any other goal;
    * ``loop_check``  -- drop a ground goal equal to one of its ancestors in
      the proof (a goal met again below itself: every proof through it holds
      a shorter one without the loop, so no answer is lost; in
      ``mode="guided"``, where each proof is an answer, the looping proofs
      are); it keeps the search from walking cycles of the facts down to
      ``max_depth``.  ``False``: proofs may repeat a goal, as Prolog's do;
    * ``explore``     -- PUCT-style exploration (``docs/guide.md``): ``0`` (the
      default) orders the frontier by ``score x policy x value`` alone; ``c > 0``
      discounts a node by how much more its branch has been expanded than its
      least expanded open sibling (AlphaZero's ``c x prior x sqrt(N) / (1 +
      n)``), so a low-prior sibling gets its turn once a high-prior one has
      used many expansions.  It changes only the order of the search, never
      which answers come nor their score order;
    * ``seed``        -- seed of the space's random vectors when the knowledge
      base has no space yet (``None``: ``BridgeConfig``'s default).
    """

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=0.5, ge=0, le=1)
    k: int = Field(default=5, ge=1)
    aggregation: Literal["min", "product", "boolean", "noisy_or"] = "min"
    kernel: Literal["rbf", "cosine"] | None = None
    mu: float | None = Field(default=None, gt=0)
    max_soft: int | None = Field(default=2, ge=0)
    max_depth: int | None = Field(default=None, ge=1)
    seed: int | None = Field(default=None, ge=0)
    loop_check: bool = False
    explore: float = Field(default=0.0, ge=0, allow_inf_nan=False,
                           description="PUCT-style exploration constant (0: off): a frontier "
                           "node is discounted by how much more its branch was expanded than "
                           "its least expanded open sibling; the search's order only")
    trained: bool = True
