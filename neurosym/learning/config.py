"""``TrainConfig``: the settings of training."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["TrainConfig"]


class TrainConfig(BaseModel):
    """Settings of rule and vector training (``kb.train``, ``neurosym train``,
    ``docs/learning.md``; the prover is ``neurosym.learning.ntp``).

    * ``dim``, ``mu``   -- vector dimension (even, for the ComplEx auxiliary
      loss) and the RBF kernel width (``exp(-|u-v| / (2 mu^2))``);
    * ``depth``         -- how many rule applications a proof may nest (0: facts only);
    * ``k``             -- nearest facts retrieved per sub-goal (Greedy NTP);
    * ``k_rules``       -- per goal, only the copies of each template whose
      heads unify with it best are tried (Greedy NTP's rule selection;
      ``None``: every copy);
    * ``k_open``        -- nearest facts a goal with a free variable branches on
      when a trained model scores every entity at once (``score_objects``,
      the ranking evaluation): more than ``k`` reach more candidates;
    * ``rebuild_every`` -- batches between rebuilds of the fact indexes;
    * ``negatives``, ``corrupt`` -- corrupted triples per training fact, and
      which side is corrupted (``"both"``: subject and object alternately);
    * ``corrupt_relations`` -- further negatives per training fact with a
      random other relation (``r'(s, o)`` for ``r(s, o)``): where a pair of
      entities holds one relation only (Kinship), they teach the prover not
      to prove ``r(s, o)`` from a fact of a similar relation;
    * ``mask``          -- hide a training fact from its own proof;
    * ``rules``         -- how a placeholder's vector is parameterised:
      ``"attention"`` (a softmax-weighted mix of the relation vectors, as
      Greedy NTP's attention: the placeholder stays among the relations and
      every relation gets gradient) or ``"free"`` (a vector of its own, as
      the original NTP);
    * ``aux``, ``aux_weight`` -- the auxiliary link-prediction loss on the same
      vectors (NTP-lambda): ``"complex"``, ``"distmult"`` or ``"none"``;
    * ``aux_objective``, ``aux_n3`` -- the auxiliary loss: ``"bce"`` on the
      batch's triples and their corruptions, or ``"1vsall"`` (cross-entropy
      over every entity as the object and as the subject, the recipe of
      ComplEx-N3), with an N3 regulariser of weight ``aux_n3``;
    * ``rule_init``     -- how the rule copies start: ``"random"`` mixtures,
      or ``"mined"``: each copy of a template whose body is a chain starts as
      one of the rules that hold best in the facts (``neurosym.learning.mining``),
      its placeholders peaked on their relations;
    * ``pretrain_epochs`` -- epochs of the auxiliary loss alone before the
      prover trains (fast: no proofs), so that it starts from vectors that
      already predict links;
    * ``tie_break``, ``tie_decimals`` -- how the trained model's ``score``
      orders answers whose best proofs score the same to ``tie_decimals``
      decimals: ``"aux"`` by the auxiliary link predictor's probability (the
      proof score still decides every other comparison), ``"none"`` leaves
      ties (and does not round);
    * ``link``, ``link_dim`` -- the link predictor that ranks answers with the
      proofs: ``"aux"`` (the auxiliary model on the prover's own vectors) or
      ``"kge"`` (a ComplEx-N3 of rank ``link_dim`` with vectors of its own,
      ``neurosym.learning.kge``, trained on the same facts after the prover;
      NTP-lambda's pairing of a prover with a link predictor);
    * ``link_weight`` -- 0: proofs first, the link predictor only breaks ties
      (``tie_decimals``); above 0: an answer scores ``proof_weight`` times
      its best proof plus ``link_weight`` times the link predictor's
      probability (``proof_weight=0``: the link predictor's logit alone);
    * ``exact_rules``, ``exact_weight`` -- above 0: per relation, that many
      chain rules of the templates, mined from the facts and proved exactly,
      get log-linear weights (``neurosym.learning.exact_rules``, trained after
      the prover), and the link predictor's logit gains ``exact_weight``
      times the summed weights of the rules that prove the triple;
    * ``epochs``, ``batch_size``, ``lr`` (Adam), ``seed``, ``threads`` (torch
      CPU threads while training; fixed for reproducibility), ``device``.
    """

    model_config = ConfigDict(extra="forbid")

    dim: int = Field(default=32, ge=2, le=4096)
    mu: float = Field(default=0.7071067811865476, gt=0)
    init_std: float | None = Field(default=None, gt=0)
    depth: int = Field(default=1, ge=0, le=3)
    k: int = Field(default=5, ge=1, le=256)
    k_open: int = Field(default=20, ge=1, le=1024)
    k_rules: int | None = Field(default=None, ge=1)
    rebuild_every: int = Field(default=10, ge=1)
    negatives: int = Field(default=2, ge=0)
    corrupt: Literal["subject", "object", "both"] = "both"
    corrupt_relations: int = Field(default=0, ge=0)
    mask: bool = True
    rules: Literal["attention", "free"] = "attention"
    aux: Literal["none", "complex", "distmult"] = "complex"
    aux_weight: float = Field(default=1.0, ge=0)
    aux_objective: Literal["bce", "1vsall"] = "1vsall"
    aux_n3: float = Field(default=0.005, ge=0)
    tie_break: Literal["aux", "none"] = "aux"
    tie_decimals: int = Field(default=4, ge=0, le=8)
    pretrain_epochs: int = Field(default=0, ge=0)
    rule_init: Literal["random", "mined"] = "random"
    link: Literal["aux", "kge"] = "aux"
    link_dim: int = Field(default=200, ge=1)
    link_weight: float = Field(default=0.0, ge=0)
    proof_weight: float = Field(default=1.0, ge=0)
    exact_rules: int = Field(default=0, ge=0)
    exact_weight: float = Field(default=1.0, ge=0)
    epochs: int = Field(default=20, ge=0)
    batch_size: int = Field(default=64, ge=1)
    lr: float = Field(default=0.01, gt=0)
    seed: int = Field(default=0, ge=0)
    threads: int | None = Field(default=1, ge=1)
    device: str = "cpu"
