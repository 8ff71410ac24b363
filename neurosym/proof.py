"""Answers and proofs: pydantic models that leave the process as JSON.

* :class:`Answer` -- one solution of a query: ``bindings`` (query variable
  name -> term, SWI toplevel style: ``_``-prefixed names are left out),
  ``score`` (1.0 for exact answers) and ``proof`` when asked for.
* :class:`Proof` -- the proof tree of an answer: ``steps`` are the root
  steps (one per goal of the query that resolved), each :class:`Step` has
  ``children`` (the steps that proved its clause's body).
* :class:`Step` -- ``goal`` (as text, instantiated as in the answer),
  ``kind`` (``clause``, ``builtin``, ``table``, ``soft``, or ``learned``: a
  part of a trained model's score, ``neurosym.learning.answers``), ``clause`` (the clause
  text) with its ``source`` (``file:line``), ``bindings`` (the clause's
  variables -> their values, as text) and ``score``.

* :class:`Match` -- one soft match of a ``soft`` step (made by the scored
  prover, ``neurosym.reasoning``): the goal's symbol ``this``, the clause's
  symbol ``other``, their ``kind`` (``predicate`` or ``constant``) and the
  similarity ``score``.  A ``soft`` step lists them in ``matches``; its
  ``score`` is the step's whole score (matches and clause weight).

``Proof.render()`` gives an indented tree; ``model_dump_json()`` the JSON;
``_repr_html_`` (Jupyter) a table of an answer's bindings and score and the
proof as collapsible ``<details>`` (:func:`proof_html`), every text escaped.
``Answer.to_record(proof=None|"text"|"tree")`` is one row of
``kb.query(...).to_records()``.

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
from html import escape
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from .errors import ConfigError
from .terms import LIST, NIL, Atom, Struct, Var, deref
from .terms.printer import format_term, write_canonical

__all__ = ["Answer", "Proof", "Step", "Match", "to_python", "format_score", "proof_html",
           "PROOF_FORMATS"]

PROOF_FORMATS = ("text", "tree")      # Answer.to_record(proof=...)


def format_score(x: float) -> str:
    """A score as text, the one format of every face: four decimals (``0.9144``)."""
    return f"{x:.4f}"


class Match(BaseModel):
    model_config = ConfigDict(defer_build=True)   # built when first validated

    this: str
    other: str
    kind: Literal["predicate", "constant"] = "predicate"
    score: float = 1.0

    def render(self) -> str:
        return f"{self.this} ~ {self.other} {format_score(self.score)}"


class Step(BaseModel):
    model_config = ConfigDict(defer_build=True)   # built when first validated

    goal: str
    kind: Literal["clause", "builtin", "table", "soft", "learned"] = "clause"
    clause: str | None = None
    source: str | None = None
    bindings: dict[str, str] = Field(default_factory=dict)
    score: float = 1.0
    children: list[Step] = Field(default_factory=list)
    matches: list[Match] = Field(default_factory=list)
    prior: float | None = None     # the step scorer's prior of this step among its siblings
    value: float | None = None     # its value: the chance the step completes into a proof


    def how(self) -> str:
        """How the step was proved, as ``Proof.render`` writes it after the
        goal (``by CLAUSE  [file:line]``, ``fact  [file:line]``, ...)."""
        line = ""
        if self.kind == "clause":
            where = f"  [{self.source}]" if self.source else ""
            if self.clause and self.children:
                line = f"by {self.clause}{where}"
            else:           # a fact, with its file:line when it has one
                line = f"fact{where}"
        elif self.kind == "soft":
            where = f"  [{self.source}]" if self.source else ""
            what = f"by {self.clause}" if self.clause and self.children else f"fact {self.clause}"
            line = f"~ {what}{where}  " + ", ".join(m.render() for m in self.matches)
        elif self.kind == "learned":
            line = f"learned: {self.clause}  {format_score(self.score)}"
        elif self.kind == "builtin":
            line = "(builtin)"
        else:
            line = "(tabled answer)"
        if self.prior is not None:
            line += f"    (prior {format_score(self.prior)}, value {format_score(self.value)})"
        return line.lstrip()


class Proof(BaseModel):
    model_config = ConfigDict(defer_build=True)   # built when first validated

    steps: list[Step] = Field(default_factory=list)

    def render(self) -> str:
        """The proof as an indented tree, one step a line (iterative)."""
        out: list[str] = []
        stack = [(s, 0) for s in reversed(self.steps)]
        while stack:
            s, d = stack.pop()
            how = s.how()
            out.append("  " * d + s.goal + (f"    {how}" if how else ""))
            stack.extend((c, d + 1) for c in reversed(s.children))
        return "\n".join(out)

    def _repr_html_(self) -> str:
        """The proof tree for Jupyter: a step with children is a collapsible
        ``<details>`` (open for the first levels), a leaf a line."""
        return proof_html(self.steps)

    def count(self) -> int:
        n = 0
        stack = list(self.steps)
        while stack:
            s = stack.pop()
            n += 1
            stack.extend(s.children)
        return n


class Answer(BaseModel):
    # the schema is built when first validated or dumped, not at import: the
    # exact engine makes its answers with ``model_construct`` (start-up, #18)
    model_config = ConfigDict(arbitrary_types_allowed=True, defer_build=True)

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

    def to_record(self, proof: str | None = None) -> dict[str, Any]:
        """One row: the bindings as plain Python values, ``score``, and with
        ``proof="text"`` the proof as ``Proof.render`` writes it, with
        ``proof="tree"`` as nested dicts (``Proof.model_dump()``)."""
        row = self.to_python()
        row["score"] = self.score
        if proof is not None:
            if proof not in PROOF_FORMATS:
                raise ConfigError(f"proof must be one of {', '.join(PROOF_FORMATS)} or None, "
                                  f"got {proof!r}")
            if self.proof is None:
                raise ConfigError("this answer has no proof: ask the query for proofs "
                                  "(kb.query(..., proof=True))")
            row["proof"] = self.proof.render() if proof == "text" else self.proof.model_dump()
        return row

    def _repr_html_(self) -> str:
        """The answer for Jupyter: a table of the bindings and the score,
        then the proof tree when there is one."""
        rows = "".join(f"<tr><td>{escape(k)}</td><td><code>{escape(format_term(v, quoted=True))}"
                       f"</code></td></tr>" for k, v in self.bindings.items())
        rows += "".join(f"<tr><td></td><td><code>{escape(write_canonical(r))}</code></td></tr>"
                        for r in self.residuals)
        rows = rows or "<tr><td colspan=\"2\">true</td></tr>"
        out = (f"<table class=\"neurosym-answer\">{rows}"
               f"<tr><td><i>score</i></td><td>{format_score(self.score)}</td></tr></table>")
        if self.proof is not None:
            out += self.proof._repr_html_()
        return out


def proof_html(steps: list[Step], open_levels: int = 2) -> str:
    """Steps as nested HTML (iterative): a step with children is a
    ``<details>`` whose ``<summary>`` is its goal and how it was proved, open
    at depths below ``open_levels``; every text is escaped."""
    out = ['<div class="neurosym-proof" style="font-family: monospace">']
    stack: list = [(s, 0) for s in reversed(steps)]
    while stack:
        s, d = stack.pop()
        if s is None:               # the end of a step's children
            out.append("</div></details>")
            continue
        how = s.how()
        text = escape(s.goal) + (f' <span style="color: gray">{escape(how)}</span>' if how else "")
        if not s.children:
            out.append(f"<div>{text}</div>")
            continue
        out.append(f"<details{' open' if d < open_levels else ''}><summary>{text}</summary>"
                   '<div style="margin-left: 1.5em">')
        stack.append((None, d))
        stack.extend((c, d + 1) for c in reversed(s.children))
    out.append("</div>")
    return "".join(out)


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
