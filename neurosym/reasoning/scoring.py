"""Scorings: the small semiring the scored prover runs with.

A proof's score combines its steps' scores with ``mult``; an answer's score
combines its proofs' scores with ``add``.  ``one`` is the score of an empty
proof (and of an exact step), ``zero`` the score of no proof.  Every scoring
here has ``mult(a, b) <= a`` for step scores in ``[0, 1]``: extending a
proof never raises its score, which is what lets best-first search return
answers in non-increasing score (``neurosym.reasoning.search``).

* ``min``     -- min along a proof, max over proofs (the NTP / fuzzy semiring);
* ``product`` -- product along a proof, max over proofs (the Viterbi semiring);
* ``boolean`` -- every step that may be taken scores 1 (weights and soft
  matches above the threshold count as true): the exact, crisp reading;
* ``noisy_or`` -- product along a proof, noisy-or over proofs
  (``1 - (1 - a)(1 - b)``): ProbLog's success probability when the proofs
  share no weighted fact.  ``add`` can raise an answer's score above its best
  proof's, so the search first collects every proof (``over_proofs``) and
  ranks the answers at the end.

The registry takes a name, a class or an instance (``get_scoring``), as
Scallop's provenances do.

The differentiable prover (``neurosym.learning.ntp``) scores whole batches
of proofs with the same scorings: ``mult_tensors``, ``add_tensors``,
``add_over`` and ``add_by_group`` are ``mult`` and ``add`` on torch tensors,
written with tensor methods only (this module imports no torch).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from ..errors import ConfigError

__all__ = ["Scoring", "MinMax", "ProductMax", "Boolean", "NoisyOr", "SCORINGS", "get_scoring"]


class Scoring(ABC):
    """The scoring interface: ``one``, ``zero``, ``mult``, ``add``, ``step``."""

    name: str = ""
    one: float = 1.0
    zero: float = 0.0
    over_proofs: bool = False   # ``add`` may exceed both arguments: rank after every proof

    @abstractmethod
    def mult(self, a: float, b: float) -> float:
        """The score of a proof extended by a step of score ``b``."""

    def add(self, a: float, b: float) -> float:
        """The score of an answer with proofs scoring ``a`` and ``b``."""
        return a if a >= b else b

    def step(self, value: float) -> float:
        """The score of a step whose raw value (a weight, a similarity) is ``value``."""
        return float(value)

    def combine(self, values) -> float:
        """``mult`` over several raw values (the parts of one step)."""
        s = self.one
        for v in values:
            s = self.mult(s, self.step(v))
        return s

    # -- on tensors (the differentiable prover) ------------------------------------
    @abstractmethod
    def mult_tensors(self, a, b):
        """``mult`` elementwise: the scores of proofs ``a`` extended by steps ``b``."""

    def add_tensors(self, a, b):
        """``add`` elementwise: the scores of answers with proofs ``a`` and ``b``."""
        return a.maximum(b)

    def add_over(self, scores, dim: int):
        """``add`` over dimension ``dim`` (the proofs of each answer)."""
        return scores.max(dim=dim).values

    def add_by_group(self, scores, groups, n: int):
        """``out[i]``: ``add`` over ``scores[groups == i]`` (``zero`` where a group
        is empty), for ``i < n``."""
        out = scores.new_full((n,), self.zero)
        if not len(scores):
            return out
        return out.scatter_reduce(0, groups, scores, reduce="amax", include_self=True)

    def step_tensors(self, values):
        """``step`` elementwise."""
        return values

    def __repr__(self) -> str:
        return f"<scoring {self.name}>"


class MinMax(Scoring):
    name = "min"

    def mult(self, a: float, b: float) -> float:
        return a if a <= b else b

    def mult_tensors(self, a, b):
        return a.minimum(b)


class ProductMax(Scoring):
    name = "product"

    def mult(self, a: float, b: float) -> float:
        return a * b

    def mult_tensors(self, a, b):
        return a * b


class Boolean(Scoring):
    name = "boolean"

    def mult(self, a: float, b: float) -> float:
        return 1.0 if a > 0 and b > 0 else 0.0

    def step(self, value: float) -> float:
        return 1.0 if value > 0 else 0.0

    def mult_tensors(self, a, b):
        return ((a > 0) & (b > 0)).to(a.dtype)

    def step_tensors(self, values):
        return (values > 0).to(values.dtype)


class NoisyOr(ProductMax):
    name = "noisy_or"
    over_proofs = True

    def add(self, a: float, b: float) -> float:
        return 1.0 - (1.0 - a) * (1.0 - b)

    def add_tensors(self, a, b):
        return 1 - (1 - a) * (1 - b)

    def add_over(self, scores, dim: int):
        return 1 - (1 - scores).prod(dim=dim)

    def add_by_group(self, scores, groups, n: int):
        out = scores.new_ones((n,))
        if not len(scores):
            return 1 - out
        return 1 - out.scatter_reduce(0, groups, 1 - scores, reduce="prod", include_self=True)


SCORINGS: dict[str, type[Scoring]] = {c.name: c for c in (MinMax, ProductMax, Boolean, NoisyOr)}


def get_scoring(spec: str | type[Scoring] | Scoring) -> Scoring:
    """A scoring by name (``"min"``, ``"product"``, ``"boolean"``, ``"noisy_or"``),
    class or instance."""
    if isinstance(spec, Scoring):
        return spec
    if isinstance(spec, type) and issubclass(spec, Scoring):
        return spec()
    if isinstance(spec, str):
        cls = SCORINGS.get(spec)
        if cls is None:
            raise ConfigError(f"unknown aggregation {spec!r} (available: "
                              f"{', '.join(sorted(SCORINGS))})")
        return cls()
    raise TypeError(f"a scoring is a name, a Scoring class or instance, not {type(spec).__name__}")
