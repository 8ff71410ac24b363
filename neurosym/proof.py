"""Answers and proofs: pydantic models that leave the process as JSON.

* :class:`Answer` -- one solution of a query: ``bindings`` (query variable
  name -> term, SWI toplevel style: ``_``-prefixed names are left out),
  ``score`` (1.0 for exact answers) and ``proof`` when asked for.
* :class:`Proof` -- the proof tree of an answer: ``steps`` are the root
  steps (one per goal of the query that resolved), each :class:`Step` has
  ``children`` (the steps that proved its clause's body).
* :class:`Step` -- ``goal`` (as text, instantiated as in the answer),
  ``kind`` (``clause``, ``builtin`` or ``table``), ``clause`` (the clause
  text) with its ``source`` (``file:line``), ``bindings`` (the clause's
  variables -> their values, as text) and ``score``.

* :class:`Match` -- one soft match of a ``soft`` step (made by the scored
  prover, ``neurosym.reasoning``): the goal's symbol ``this``, the clause's
  symbol ``other``, their ``kind`` (``predicate`` or ``constant``) and the
  similarity ``score``.  A ``soft`` step lists them in ``matches``; its
  ``score`` is the step's whole score (matches and clause weight).

``Proof.render()`` gives an indented tree; ``model_dump_json()`` the JSON.

``format_score`` is how every face prints a score, a similarity, a prior or
a value (answers, proofs, ``:why``, ``neurosym query``, ``similar``): four
decimals, ``0.9144``.

``Answer.to_python()`` converts bindings to plain Python values: atoms ->
``str``, integers -> ``int``, floats -> ``float``, strings -> ``str``,
proper lists -> ``list`` (``[]`` -> ``[]``), other compound terms -> ``{"functor": name,
"args": [...]}``, unbound variables -> ``None``.
"""

from __future__ import annotations

import gc
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from .terms import LIST, NIL, Atom, Struct, Var, deref
from .terms.printer import write_canonical

__all__ = ["Answer", "Proof", "Step", "Match", "to_python", "format_score"]


def format_score(x: float) -> str:
    """A score as text, the one format of every face: four decimals (``0.9144``)."""
    return f"{x:.4f}"


class Match(BaseModel):
    this: str
    other: str
    kind: Literal["predicate", "constant"] = "predicate"
    score: float = 1.0

    def render(self) -> str:
        return f"{self.this} ~ {self.other} {format_score(self.score)}"


class Step(BaseModel):
    goal: str
    kind: Literal["clause", "builtin", "table", "soft"] = "clause"
    clause: str | None = None
    source: str | None = None
    bindings: dict[str, str] = Field(default_factory=dict)
    score: float = 1.0
    children: list[Step] = Field(default_factory=list)
    matches: list[Match] = Field(default_factory=list)
    prior: float | None = None     # the step scorer's prior of this step among its siblings
    value: float | None = None     # its value: the chance the step completes into a proof


class Proof(BaseModel):
    steps: list[Step] = Field(default_factory=list)

    def render(self) -> str:
        """The proof as an indented tree, one step a line (iterative)."""
        out: list[str] = []
        stack = [(s, 0) for s in reversed(self.steps)]
        while stack:
            s, d = stack.pop()
            line = "  " * d + s.goal
            if s.kind == "clause":
                where = f"  [{s.source}]" if s.source else ""
                if s.clause and s.children:
                    line += f"    by {s.clause}{where}"
                elif where:
                    line += f"    fact{where}"
            elif s.kind == "soft":
                where = f"  [{s.source}]" if s.source else ""
                what = f"by {s.clause}" if s.clause and s.children else f"fact {s.clause}"
                line += f"    ~ {what}{where}  " + ", ".join(m.render() for m in s.matches)
            elif s.kind == "builtin":
                line += "    (builtin)"
            else:
                line += "    (tabled answer)"
            if s.prior is not None:
                line += f"    (prior {format_score(s.prior)}, value {format_score(s.value)})"
            out.append(line)
            stack.extend((c, d + 1) for c in reversed(s.children))
        return "\n".join(out)

    def count(self) -> int:
        n = 0
        stack = list(self.steps)
        while stack:
            s = stack.pop()
            n += 1
            stack.extend(s.children)
        return n


class Answer(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    bindings: dict[str, Any] = Field(default_factory=dict)
    score: float = 1.0
    proof: Proof | None = None
    residuals: list[Any] = Field(default_factory=list)

    @field_serializer("bindings")
    def _ser_bindings(self, bindings: dict, _info) -> dict[str, str]:
        return {k: write_canonical(v) for k, v in bindings.items()}

    @field_serializer("residuals")
    def _ser_residuals(self, residuals: list, _info) -> list[str]:
        return [write_canonical(r) for r in residuals]

    def constraints(self) -> list:
        """The residual constraints (``residuals``: ``{Y=10-X}`` goals, see
        ``docs/constraints.md``) as sympy relations over symbols named after
        the query variables (imports sympy)."""
        from .algebra import residual_sympy  # sympy
        return residual_sympy(self.bindings, self.residuals)

    def __getitem__(self, name: str):
        return self.bindings[name]

    def to_python(self) -> dict[str, Any]:
        """Bindings as plain Python values (see the module doc)."""
        return {k: to_python(v) for k, v in self.bindings.items()}


def to_python(t) -> Any:
    """A term as a plain Python value (iterative: long lists are fine)."""
    if not gc.isenabled():
        return _to_python(t)
    gc.disable()     # the cyclic GC would rescan the growing result again and again
    try:
        return _to_python(t)
    finally:
        gc.enable()


def _to_python(t) -> Any:
    # post-order over an explicit stack; each task fills one result slot
    root: list = [None]
    stack: list = [(t, root, 0)]
    while stack:
        x, box, i = stack.pop()
        x = deref(x)
        tx = type(x)
        if tx is Atom:
            box[i] = [] if x is NIL else x.name
        elif tx is Var:
            box[i] = None
        elif tx is Struct:
            if x.name is LIST and len(x.args) == 2:
                items = []
                while type(x) is Struct and x.name is LIST and len(x.args) == 2:
                    items.append(x.args[0])
                    x = deref(x.args[1])
                if x is NIL:
                    out = [None] * len(items)
                    box[i] = out
                    for j, it in enumerate(items):
                        stack.append((it, out, j))
                    continue
                # a partial list: a '[|]' compound
                args = [None, None]
                box[i] = {"functor": "[|]", "args": args}
                rest = x
                for it in reversed(items[1:]):
                    rest = Struct(LIST, (it, rest))
                stack.append((items[0], args, 0))
                stack.append((rest, args, 1))
                continue
            args = [None] * len(x.args)
            box[i] = {"functor": x.name.name, "args": args}
            for j, a in enumerate(x.args):
                stack.append((a, args, j))
        else:
            box[i] = x
    return root[0]
