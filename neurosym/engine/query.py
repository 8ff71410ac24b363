"""The one query runner: a goal in, ``Answer``s out.

Every face that runs an exact query goes through here: ``KnowledgeBase.query``,
``ask`` and ``count``, directives while loading, ``neurosym query``, the REPL,
and the scored search when it hands a goal to the machine.  It does three
things and nothing else:

* ``parse`` -- query text (or a term) to a goal, its variables and the names
  to report, with the machine's operator table; ``params`` bind variables to
  Python values;
* ``answers`` -- run the goal on the machine under ``Limits``, yielding an
  ``Answer`` per solution (bindings, residual constraints, and the proof when
  asked); ``limits.answers`` raises ``ResourceError("answers")`` past it;
  ``solutions`` is the same search yielding ``(bindings, residuals)`` pairs,
  no pydantic model made (what ``neurosym query`` prints: start-up, #18);
* ``proof_steps`` -- the machine's proof trail of the current solution as
  ``Step`` trees (used by ``answers`` and by the scored search).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, NamedTuple

from ..errors import ResourceError
from ..lang.parser import parse_query
from ..terms import Atom, Clause, Struct, Var, deref, make_list, pred_key, resolve, term_vars
from ..terms.printer import VarNames, format_clause, format_term
from .compile import copy_term
from .constraints.residual import residual_terms
from .unify import resolve_term

if TYPE_CHECKING:
    from ..proof import Answer, Step
    from .limits import Limits

__all__ = ["QueryRunner", "ParsedQuery", "Bounds", "to_term", "proof_steps", "clause_text",
           "clause_source"]


class Bounds(NamedTuple):
    """The four limits of a ``Limits`` as the runner and the machine read
    them, without pydantic (``neurosym query`` checks its options itself).
    Anywhere a query takes ``Limits`` it takes one of these."""

    depth: int | None = None
    inferences: int | None = None
    time: float | None = None
    answers: int | None = None


def to_term(value: Any):
    """A Python value as a term: ``str`` -> atom, ``int``/``float`` -> number,
    ``bool`` -> ``true``/``false``, ``list``/``tuple`` -> list, ``None`` -> a
    fresh variable; terms pass through.  Iterative for long lists."""
    if isinstance(value, bool):
        return Atom("true" if value else "false")
    if isinstance(value, (int, float, Atom, Var, Struct)):
        return value
    if isinstance(value, str):
        return Atom(value)
    if value is None:
        return Var()
    if isinstance(value, (list, tuple)):
        items = [v if isinstance(v, (int, float, Atom, Var, Struct)) and not isinstance(v, bool)
                 else to_term(v) for v in value]
        return make_list(items)
    raise TypeError(f"cannot pass a {type(value).__name__} to a query")


class ParsedQuery:
    """A goal with its named variables (``varmap``: name -> variable or the
    value a parameter bound) and the names an answer reports."""

    __slots__ = ("goal", "varmap", "names")

    def __init__(self, goal, varmap: dict, names: list[str]) -> None:
        self.goal, self.varmap, self.names = goal, varmap, names


class QueryRunner:
    """Runs exact queries on one machine (see the module docstring)."""

    def __init__(self, machine) -> None:
        self.machine = machine
        self.defaults: Limits | None = None    # what a query gets where it sets no limit

    def limits_for(self, limits: Limits | Bounds | None) -> Limits | Bounds | None:
        """``limits``, each limit it leaves unset taken from ``defaults``
        (a sandbox's limits: a query may change them, not lift them)."""
        d = self.defaults
        if d is None or limits is None:
            return limits if d is None else d
        return d.model_copy(update={k: v for k in Bounds._fields
                                    if (v := getattr(limits, k)) is not None})

    def parse(self, goal, params: dict | None = None) -> ParsedQuery:
        """``goal`` (text such as ``"parent(X, Y)"``, a parsed ``Query``, a
        term, or a ``ParsedQuery``, returned as it is) as a ``ParsedQuery``; ``params`` bind variables by name (a
        bound name is not reported).  Variables named ``_...`` are not
        reported either."""
        if isinstance(goal, ParsedQuery) and not params:
            return goal
        if isinstance(goal, str):
            q = parse_query(goal, ops=self.machine.ops)
            term, varmap = q.goal, dict(q.variables)
        elif isinstance(goal, (Atom, Struct)):
            term, varmap = goal, {v.name: v for v in term_vars(goal) if v.name}
        elif hasattr(goal, "goal") and hasattr(goal, "variables"):     # a lang Query
            term, varmap = goal.goal, dict(goal.variables)
        else:
            raise TypeError(f"a goal must be text or a term, not {type(goal).__name__}")
        params = params or {}
        for name, value in params.items():
            v = varmap.get(name)
            if v is None:
                raise ValueError(f"query has no variable {name!r}")
            varmap[name] = to_term(value)
            v.ref = varmap[name]
        names = [n for n in varmap if not n.startswith("_") and n not in params]
        return ParsedQuery(term, varmap, names)

    def answers(self, q: ParsedQuery, limit: int | None = None, proof: bool = False,
                limits: Limits | Bounds | None = None) -> Iterator[Answer]:
        """The answers of ``q``, lazily, in Prolog's order."""
        from ..proof import Answer, Proof
        m = self.machine
        sols = self.solutions(q, limit, proof, limits)
        try:
            for bindings, res in sols:
                pr = None
                if proof:
                    steps = proof_steps(m, bindings=True, names=proof_names(q.varmap, q.names))
                    if any(st.kind == "table" for st in _walk(steps)):
                        from .explain import explain_tables  # a tabled answer's derivation
                        explain_tables(self, steps)
                    pr = Proof(steps=steps)
                # built here from values of the right types: no validation, so no
                # pydantic schema is built for a plain query (start-up, #18)
                yield Answer.model_construct(bindings=bindings, proof=pr, residuals=res)
        finally:
            sols.close()

    def solutions(self, q: ParsedQuery, limit: int | None = None, proof: bool = False,
                  limits: Limits | Bounds | None = None) -> Iterator[tuple[dict, list]]:
        """``(bindings, residual constraints)`` of each solution of ``q``,
        lazily, in Prolog's order; while the caller holds one the machine
        stands at that solution (``proof=True``: its proof trail is kept)."""
        if limit is not None and limit <= 0:
            return
        m = self.machine
        limits = self.limits_for(limits)
        max_answers = limits.answers if limits is not None else None
        m.set_limits(limits)
        m.proof = proof
        n = 0
        for _ in m.run(resolve(q.goal)):     # a copy: setarg/3 leaves q.goal as written
            if max_answers is not None and n >= max_answers:
                raise ResourceError.new("answers")
            n += 1
            named = {id(deref(q.varmap[k])): k for k in q.names}     # cycles print by name
            bindings = {k: resolve_term(q.varmap[k], named) for k in q.names}
            yield bindings, (residual_terms(m, bindings) if m.cstore is not None else [])
            if limit is not None and n >= limit:
                return

    def matching_clause(self, head, body):
        """The first stored clause that unifies with ``head :- body`` (the
        bindings are undone), or None."""
        m = self.machine
        for cl in m.store.clauses(pred_key(head)):
            mapping: dict = {}
            h, b = copy_term(cl.head, mapping), copy_term(cl.body, mapping)
            mark = len(m.trail)
            ok = m.unify(head, h) and m.unify(body, b)
            m.undo(mark)
            if ok:
                return cl
        return None

    def once(self, goal, limits: Limits | None = None) -> bool:
        """Run ``goal`` once, without proofs and under ``limits`` (default:
        none) -- a directive; True if it succeeded."""
        m = self.machine
        m.set_limits(self.limits_for(limits))
        m.proof = False
        gen = m.run(resolve(goal))
        try:
            for _ in gen:
                return True
            return False
        finally:
            gen.close()


def _walk(steps):
    """Every step of step trees."""
    stack = list(steps)
    while stack:
        st = stack.pop()
        yield st
        stack.extend(st.children)


def proof_names(varmap: dict, names: list) -> VarNames:
    """How a proof names variables: a query variable left unbound by the
    answer by its name in the query (the last of an alias group, as the
    answer shows it), any other by ``_A``, ``_B``, ... in order of first
    appearance, the same name in every step of the proof."""
    named = {}
    for k in names:
        d = deref(varmap[k])
        if type(d) is Var:
            named[d] = k
    return VarNames(named)


def proof_steps(m, bindings: bool = False, names: VarNames | None = None) -> list[Step]:
    """The machine's proof of its current solution (its proof trail) as step
    trees; ``bindings=True`` records each clause's variable bindings;
    ``names``: how its variables are named (``proof_names``)."""
    from ..proof import Step
    steps: list[Step] = []
    roots: list[Step] = []
    names = names if names is not None else VarNames()
    for parent, goal, comp, frame in m.ptrail:
        g = format_term(resolve(goal), quoted=True, var_names=names)
        if comp is None:
            table = m.store.flags(pred_key(deref(goal))).table
            st = Step(goal=g, kind="table" if table else "builtin")
        else:
            cl = comp.clause
            binds = {}
            if bindings and frame is not None:
                for name, val in zip(comp.names, frame, strict=False):
                    if name and not name.startswith("_") and val is not None:
                        binds[name] = format_term(resolve(val), quoted=True, var_names=names)
            st = Step(goal=g, kind="clause", clause=clause_text(cl), source=clause_source(cl),
                      bindings=binds, score=cl.weight if cl.weight is not None else 1.0)
        steps.append(st)
        (roots if parent < 0 else steps[parent].children).append(st)
    return roots


def clause_text(cl: Clause) -> str:
    """A clause as canonical text without its final full stop."""
    text = format_clause(cl)
    return text[:-1] if text.endswith(".") else text


def clause_source(cl: Clause) -> str | None:
    """``file:line`` of a clause (``<string>`` for text), or None."""
    return f"{cl.span.file or '<string>'}:{cl.span.line}" if cl.span else None
