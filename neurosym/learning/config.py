"""``TrainConfig``: the settings of training, grouped by concern.

A ``TrainConfig`` holds one sub-model per part of the trained model and of
its training (``docs/learning.md``)::

    TrainConfig(prover=ProverConfig(dim=16), optim=OptimConfig(epochs=30, lr=0.05))

Every field name is unique across the groups, so the option-style
interfaces (``neurosym train --config``, ``:train epochs=3``, a preset's
overrides) name a field by itself: :meth:`TrainConfig.updated`.
"""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError, did_you_mean

__all__ = ["TrainConfig", "ProverConfig", "ExamplesConfig", "EmbeddingConfig", "ExactConfig",
           "BlendConfig", "OptimConfig", "read_settings", "settings_from_mapping"]


class ProverConfig(BaseModel):
    """The differentiable prover (``neurosym.learning.prover``).

    * ``dim``, ``mu``   -- vector dimension (even, for the ComplEx auxiliary
      loss) and the RBF kernel width (``exp(-|u-v| / (2 mu^2))``);
    * ``init_std``      -- the initial vectors' standard deviation (``None``:
      ``1 / sqrt(dim)``);
    * ``depth``         -- how many rule applications a proof may nest (0: facts only);
    * ``k``             -- nearest facts retrieved per sub-goal (Greedy NTP);
    * ``k_open``        -- nearest facts a goal with a free variable branches on
      when a trained model scores every entity at once (``score_objects``,
      the ranking evaluation): more than ``k`` reach more candidates;
    * ``k_rules``       -- per goal, only the copies of each template whose
      heads unify with it best are tried (Greedy NTP's rule selection;
      ``None``: every copy);
    * ``rebuild_every`` -- batches between rebuilds of the fact indexes;
    * ``rules``         -- how a placeholder's vector is parameterised:
      ``"attention"`` (a softmax-weighted mix of the relation vectors, as
      Greedy NTP's attention: the placeholder stays among the relations and
      every relation gets gradient) or ``"free"`` (a vector of its own, as
      the original NTP);
    * ``rule_init``     -- how the rule copies start: ``"random"`` mixtures,
      or ``"mined"``: each copy of a template whose body is a chain starts as
      one of the rules that hold best in the facts (``neurosym.learning.mining``),
      its placeholders peaked on their relations;
    * ``aggregation``   -- the scoring of proofs, as the scored prover's
      (``neurosym.reasoning.scoring``): ``"min"`` (min along a proof, max over
      proofs: NTP's), ``"product"`` or ``"boolean"``.
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
    rules: Literal["attention", "free"] = "attention"
    rule_init: Literal["random", "mined"] = "random"
    aggregation: Literal["min", "product", "boolean"] = "min"


class ExamplesConfig(BaseModel):
    """What each training fact contributes to the loss.

    * ``negatives``, ``corrupt`` -- corrupted triples per training fact, and
      which side is corrupted (``"both"``: subject and object alternately);
    * ``corrupt_relations`` -- further negatives per training fact with a
      random other relation (``r'(s, o)`` for ``r(s, o)``): where a pair of
      entities holds one relation only (Kinship), they teach the prover not
      to prove ``r(s, o)`` from a fact of a similar relation;
    * ``mask``          -- hide a training fact from its own proof.
    """

    model_config = ConfigDict(extra="forbid")

    negatives: int = Field(default=2, ge=0)
    corrupt: Literal["subject", "object", "both"] = "both"
    corrupt_relations: int = Field(default=0, ge=0)
    mask: bool = True


class EmbeddingConfig(BaseModel):
    """The link predictors: the auxiliary one on the prover's own vectors, and
    which one ranks answers with the proofs.

    * ``aux``, ``aux_weight`` -- the auxiliary link-prediction loss on the
      prover's vectors (NTP-lambda): ``"complex"``, ``"distmult"`` or ``"none"``;
    * ``aux_objective``, ``aux_n3`` -- the auxiliary loss: ``"bce"`` on the
      batch's triples and their corruptions, or ``"1vsall"`` (cross-entropy
      over every entity as the object and as the subject, the recipe of
      ComplEx-N3), with an N3 regulariser of weight ``aux_n3``;
    * ``link``, ``link_dim`` -- the link predictor that ranks answers with the
      proofs: ``"aux"`` (the auxiliary model on the prover's own vectors) or
      ``"kge"`` (a ComplEx-N3 of rank ``link_dim`` with vectors of its own,
      ``neurosym.learning.kge``, trained on the same facts after the prover;
      NTP-lambda's pairing of a prover with a link predictor).
    """

    model_config = ConfigDict(extra="forbid")

    aux: Literal["none", "complex", "distmult"] = "complex"
    aux_weight: float = Field(default=1.0, ge=0)
    aux_objective: Literal["bce", "1vsall"] = "1vsall"
    aux_n3: float = Field(default=0.005, ge=0)
    link: Literal["aux", "kge"] = "aux"
    link_dim: int = Field(default=200, ge=1)


class ExactConfig(BaseModel):
    """Exact rules with learned weights (``neurosym.learning.exact_rules``).

    * ``exact_rules``   -- above 0: per relation, that many chain rules of the
      templates, mined from the facts and proved exactly, get log-linear
      weights, trained after the prover (their share of an answer's score is
      ``BlendConfig.exact_weight``).
    """

    model_config = ConfigDict(extra="forbid")

    exact_rules: int = Field(default=0, ge=0)


class BlendConfig(BaseModel):
    """How the trained model ranks answers from its scorers
    (``neurosym.learning.ntp.Blend``).

    * ``tie_break``, ``tie_decimals`` -- how answers whose best proofs score
      the same to ``tie_decimals`` decimals are ordered: ``"aux"`` by the link
      predictor's probability (the proof score still decides every other
      comparison), ``"none"`` leaves ties (and does not round);
    * ``link_weight``   -- 0: proofs first, the link predictor only breaks ties
      (``tie_decimals``); above 0: an answer scores ``proof_weight`` times
      its best proof plus ``link_weight`` times the link predictor's
      probability (``proof_weight=0``: the link predictor's logit alone);
    * ``proof_weight``  -- the weight of the proof score in that sum;
    * ``exact_weight``  -- the link predictor's logit gains ``exact_weight``
      times the summed weights of the exact rules that prove the triple.
    """

    model_config = ConfigDict(extra="forbid")

    tie_break: Literal["aux", "none"] = "aux"
    tie_decimals: int = Field(default=4, ge=0, le=8)
    link_weight: float = Field(default=0.0, ge=0)
    proof_weight: float = Field(default=1.0, ge=0)
    exact_weight: float = Field(default=1.0, ge=0)


class OptimConfig(BaseModel):
    """The optimisation.

    * ``epochs``, ``batch_size``, ``lr`` (Adam);
    * ``keep_best``     -- with a dev metric: the prover of the epoch with the
      best dev score is kept (the first of equal ones), not the last;
    * ``patience``      -- with a dev metric: stop after this many epochs
      without a better dev score (``None``: run every epoch);
    * ``pretrain_epochs`` -- epochs of the auxiliary loss alone before the
      prover trains (fast: no proofs), so that it starts from vectors that
      already predict links;
    * ``seed``          -- every random number of training comes from it;
    * ``threads``       -- torch CPU threads while training (fixed for
      reproducibility; ``None``: torch's default);
    * ``device``        -- ``"cpu"`` or ``"cuda"``.
    """

    model_config = ConfigDict(extra="forbid")

    epochs: int = Field(default=20, ge=0)
    batch_size: int = Field(default=64, ge=1)
    lr: float = Field(default=0.01, gt=0)
    keep_best: bool = True
    patience: int | None = Field(default=None, ge=1)
    pretrain_epochs: int = Field(default=0, ge=0)
    seed: int = Field(default=0, ge=0)
    threads: int | None = Field(default=1, ge=1)
    device: str = "cpu"


class TrainConfig(BaseModel):
    """Settings of rule and vector training (``kb.train``, ``neurosym train``,
    ``docs/learning.md``), one group per concern: ``prover``, ``examples``,
    ``embedding``, ``exact``, ``blend``, ``optim`` (see each group's class)."""

    model_config = ConfigDict(extra="forbid")

    prover: ProverConfig = Field(default_factory=ProverConfig)
    examples: ExamplesConfig = Field(default_factory=ExamplesConfig)
    embedding: EmbeddingConfig = Field(default_factory=EmbeddingConfig)
    exact: ExactConfig = Field(default_factory=ExactConfig)
    blend: BlendConfig = Field(default_factory=BlendConfig)
    optim: OptimConfig = Field(default_factory=OptimConfig)

    def updated(self, **fields) -> "TrainConfig":
        """A copy with ``fields`` replaced, each named by itself (``epochs=2``,
        ``link_weight=1.0``), validated; an unknown name or a bad value is a
        ``ConfigError`` naming the field."""
        data = self.model_dump()
        for name, value in fields.items():
            group = next((g for g, info in TrainConfig.model_fields.items()
                          if name in info.annotation.model_fields), None)
            if group is None:
                known = [f for info in TrainConfig.model_fields.values()
                         for f in info.annotation.model_fields]
                near = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
                raise ConfigError(f"{name}: no such training setting{did_you_mean(near)}")
            data[group][name] = value
        try:
            return TrainConfig.model_validate(data)
        except ValidationError as e:
            first = e.errors()[0]
            raise ConfigError(f"{first['loc'][-1]}: {first['msg']}") from None


# -- settings from a file (neurosym train --config) ---------------------------------

def _groups() -> dict[str, list[str]]:
    return {g: list(info.annotation.model_fields) for g, info in TrainConfig.model_fields.items()}


def settings_from_mapping(data, source: str = "config") -> dict:
    """The settings of a ``--config`` mapping as ``{field: value}``: by group
    (``{"optim": {"epochs": 5}}``) or by field name alone (``{"epochs": 5}``);
    an unknown group or field is a ``ConfigError`` naming it, with the names
    that are close (did you mean)."""
    groups = _groups()
    fields = {f: g for g, fs in groups.items() for f in fs}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a table of settings, not {type(data).__name__}")
    out: dict = {}

    def unknown(key: str, names: list[str]) -> ConfigError:
        near = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
        return ConfigError(f"{source}: bad training setting {key}: no such setting"
                           f"{did_you_mean(near)}")
    for key, value in data.items():
        if key in groups:
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: bad training setting {key}: a group of settings "
                                  f"({', '.join(groups[key])}), not a single value")
            for name, v in value.items():
                if name in fields and fields[name] != key:      # in another group
                    raise ConfigError(f"{source}: bad training setting {key}.{name}: no such "
                                      f"setting{did_you_mean([f'{fields[name]}.{name}'])}")
                if name not in groups[key]:
                    near = difflib.get_close_matches(name, groups[key], n=3, cutoff=0.6)
                    raise ConfigError(f"{source}: bad training setting {key}.{name}: no such "
                                      f"setting{did_you_mean([f'{key}.{n}' for n in near])}")
                out[name] = v
        elif key in fields:
            out[key] = value
        else:
            raise unknown(key, [*groups, *fields])
    return out


def read_settings(spec: str) -> dict:
    """``--config``'s settings (:func:`settings_from_mapping`) from ``spec``: a
    ``.toml`` or ``.json`` file, or JSON text (``'{"optim": {"epochs": 5}}'``).
    A syntax error names the file, line and column."""
    import json
    import tomllib
    from pathlib import Path

    from ..errors import ParseError
    text, source = spec, "--config"
    is_file = not spec.lstrip().startswith("{")
    if is_file:
        path = Path(spec)
        if path.suffix.lower() not in (".toml", ".json"):
            raise ConfigError(f"--config {spec}: a .toml or .json file, or JSON text")
        if not path.is_file():
            raise ConfigError(f"--config: file not found: {spec}")
        text, source = path.read_text(encoding="utf-8"), spec
    lines = text.splitlines()
    try:
        if is_file and spec.lower().endswith(".toml"):
            data = tomllib.loads(text)
        else:
            data = json.loads(text)
    except json.JSONDecodeError as e:
        line = lines[e.lineno - 1] if 0 < e.lineno <= len(lines) else None
        raise ParseError(f"bad JSON: {e.msg}", source, e.lineno, e.colno,
                         source_line=line) from None
    except tomllib.TOMLDecodeError as e:
        import re
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        ln, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        raise ParseError(f"bad TOML: {msg}", source, ln, col,
                         source_line=lines[ln - 1] if 0 < ln <= len(lines) else None) from None
    return settings_from_mapping(data, source)
