"""The Python API: ``KnowledgeBase``.

>>> from neurosym import KnowledgeBase
>>> kb = KnowledgeBase.from_string("parent(tom, bob). parent(bob, ann).")
>>> [a.to_python() for a in kb.query("parent(X, Y)")]
[{'X': 'tom', 'Y': 'bob'}, {'X': 'bob', 'Y': 'ann'}]

See ``docs/api.md`` for the whole API.
"""

from __future__ import annotations

import os
from typing import Any, Iterator

from .config import Limits
from .engine.constraints.residual import residual_terms
from .engine.unify import resolve_term
from .errors import ResourceError
from .proof import Answer, Proof, Step
from .terms import TRUE, Atom, Clause, Struct, Var, deref, make_list, resolve
from .terms.symbols import SymbolTable

__all__ = ["KnowledgeBase", "to_term"]

_NECK = Atom(":-")
_WEIGHT = Atom("::")


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


class KnowledgeBase:
    """A store of clauses and a machine to query it.

    ``output``: the text stream ``write/1``, ``format/2`` ... print to
    (default: ``sys.stdout``, looked up at each write).
    ``warn``: a callable receiving warning text (default: print to stderr).
    """

    def __init__(self, output=None, *, warn=None, library: bool = True) -> None:
        from .engine.loader import Loader, library_store
        from .engine.machine import Machine
        from .store import Store
        from .terms.operators import DEFAULT_OPERATORS
        self.symbols = SymbolTable()
        self.ops = DEFAULT_OPERATORS.copy()    # this KB's operators (op/3 changes them)
        self.store = Store(self.symbols)
        self.machine = Machine(self.store, library=library_store() if library else None,
                               output=output)
        self.machine.kb = self
        self.warnings: list[str] = []
        self._loader = Loader(self, warn)
        self.models: dict = {}     # name -> state_dict (dict[str, Tensor]), saved by save()

    # -- construction ----------------------------------------------------------
    @classmethod
    def from_file(cls, path: str | os.PathLike, partial: bool = False,
                  **kw) -> "KnowledgeBase":
        kb = cls(**kw)
        kb.consult(path, partial=partial)
        return kb

    @classmethod
    def from_string(cls, text: str, file: str | None = None, **kw) -> "KnowledgeBase":
        kb = cls(**kw)
        kb.load_string(text, file)
        return kb

    @property
    def output(self):
        return self.machine.output

    @output.setter
    def output(self, stream) -> None:
        self.machine.output = stream

    # -- loading ---------------------------------------------------------------
    def consult(self, path: str | os.PathLike, on_query=None, partial: bool = False) -> None:
        """Load a source file (``.nsl``/``.pl``; ``.tsv`` triples), running its
        directives in order; ``?-`` queries run as directives unless
        ``on_query(query)`` is given.

        A file with syntax errors raises one ``ParseError`` listing every bad
        clause, and none of its clauses is loaded -- unless ``partial=True``,
        which loads the clauses that parsed (as SWI-Prolog does) and reports
        each error through the warning channel and ``kb.warnings``."""
        from .lang.loader import load_file
        program = load_file(path, ops=self.ops, partial=partial)
        for e in program.errors:
            self.warnings.append(str(e))
            self._loader.warn(e.render())
        self._loader.load_program(program, on_query=on_query)

    def load_string(self, text: str, file: str | None = None, on_query=None) -> None:
        from .lang.parser import parse_program
        self._loader.load_program(parse_program(text, file, ops=self.ops), on_query=on_query)

    def add(self, text: str) -> None:
        """Add clauses (``"fact."``, ``"head :- body."``, several at once),
        at the end of their predicates; directives in ``text`` run."""
        self.load_string(text)

    def add_clause(self, clause: Clause, front: bool = False) -> Clause:
        return self.store.add(clause, front)

    def retract(self, text: str) -> bool:
        """Remove the first clause that unifies with the clause in ``text``
        (``"p(a)."`` or ``"p(X) :- q(X)."``); False when none does."""
        from .lang.parser import parse_term
        term, _ = parse_term(text, ops=self.ops)
        term = deref(term)
        if type(term) is Struct and term.name is _NECK and len(term.args) == 2:
            head, body = term.args
        else:
            head, body = term, TRUE
        head = deref(head)
        key = (head.name, len(head.args)) if type(head) is Struct else (head, 0)
        m = self.machine
        for cl in self.store.clauses(key):
            from .engine.compile import copy_term
            mapping: dict = {}
            h, b = copy_term(cl.head, mapping), copy_term(cl.body, mapping)
            mark = len(m.trail)
            ok = m.unify(head, h) and m.unify(body, b)
            m.undo(mark)
            if ok:
                return self.store.retract(cl)
        return False

    def declare(self, key: tuple[Atom, int], flag: str) -> None:
        """Declare ``flag`` (dynamic, discontiguous, table, soft) for ``key``."""
        self.store.declare(key, **{flag: True})
        if flag == "table":
            self.machine.tabled.add(key)
            self.machine.invalidate()

    # -- queries ---------------------------------------------------------------
    def query(self, goal: str | Any, limit: int | None = None, proof: bool | None = None,
              limits: Limits | None = None, *, mode: str | None = None,
              top_k: int | None = None, threshold: float | None = None,
              soft: Any = None, scorer: Any = None, **params) -> Iterator[Answer]:
        """Answers of ``goal`` (text such as ``"parent(X, Y)"`` or a term), lazily.

        ``limit`` stops after that many answers; ``limits`` (``Limits``)
        bounds depth, inferences, time and answers (hitting one raises
        ``ResourceError``); ``proof=True`` attaches a proof tree to each
        answer; ``params`` bind query variables to Python values
        (``kb.query("age(P, A), A > Min", Min=30)``).

        ``mode="soft"``, ``"exact"`` or ``"declared"`` runs the scored prover
        instead of Prolog's search (``docs/soft.md``): answers best first with
        their ``score``; ``top_k``, ``threshold``, ``soft`` (a ``SoftConfig``)
        and ``scorer`` (a hook rating candidate steps) tune it; its answers
        carry their proofs unless ``proof=False``."""
        goal_term, varmap = self._parse_goal(goal)
        for name, value in params.items():
            v = varmap.get(name)
            if v is None:
                raise ValueError(f"query has no variable {name!r}")
            varmap[name] = to_term(value)
            v.ref = varmap[name]
        names = [n for n in varmap if not n.startswith("_") and n not in params]
        if mode is not None:
            from .reasoning.prover import scored_answers
            return scored_answers(self, goal_term, varmap, names, mode=mode, top_k=top_k,
                                  threshold=threshold, config=soft, scorer=scorer,
                                  proof=proof is not False, limits=limits, limit=limit)
        return self._answers(goal_term, varmap, names, limit, bool(proof), limits)

    def _answers(self, goal, varmap, names, limit, proof, limits):
        if limit is not None and limit <= 0:
            return
        m = self.machine
        max_answers = limits.answers if limits is not None else None
        m.set_limits(limits)
        m.proof = proof
        n = 0
        for _ in m.run(goal):
            if max_answers is not None and n >= max_answers:
                raise ResourceError.new("answers")
            n += 1
            bindings = {k: resolve_term(varmap[k]) for k in names}
            pr = self._proof() if proof else None
            res = residual_terms(m, bindings) if m.cstore is not None else []
            yield Answer(bindings=bindings, proof=pr, residuals=res)
            if limit is not None and n >= limit:
                return

    def _parse_goal(self, goal):
        if isinstance(goal, str):
            from .lang.parser import parse_query
            q = parse_query(goal, ops=self.ops)
            return q.goal, dict(q.variables)
        if isinstance(goal, (Atom, Struct)):
            names = {}
            from .terms import term_vars
            for v in term_vars(goal):
                if v.name:
                    names[v.name] = v
            return goal, names
        raise TypeError(f"a goal must be text or a term, not {type(goal).__name__}")

    def _bare(self, goal, limit, limits, params):
        """Answers without bindings (for ask/count: nothing is copied)."""
        goal_term, varmap = self._parse_goal(goal)
        for name, value in params.items():
            v = varmap.get(name)
            if v is None:
                raise ValueError(f"query has no variable {name!r}")
            v.ref = to_term(value)
        return self._answers(goal_term, varmap, [], limit, False, limits)

    def ask(self, goal, limits: Limits | None = None, **params) -> bool:
        """True if ``goal`` has an answer."""
        for _ in self._bare(goal, 1, limits, params):
            return True
        return False

    def count(self, goal, limits: Limits | None = None, **params) -> int:
        """The number of answers of ``goal``."""
        return sum(1 for _ in self._bare(goal, None, limits, params))

    def _once(self, goal) -> bool:
        """Run a goal once for a directive (no limits); True if it succeeded."""
        m = self.machine
        m.set_limits(None)
        m.proof = False
        gen = m.run(goal)
        try:
            for _ in gen:
                return True
            return False
        finally:
            gen.close()

    # -- bottom-up evaluation (docs/datalog.md) ---------------------------------
    def materialize(self, preds=None, store: bool = False, skip_outside: bool = False):
        """Every fact the rules entail, per predicate (``"name/arity"`` ->
        facts; counts without decoding): all predicates with rules, or
        ``preds``; ``store=True`` also adds the new facts to the store.
        Raises ``NotInFragment`` / ``StratificationError`` (or, with
        ``skip_outside=True``, leaves predicates outside the fragment out)."""
        from .engine.datalog.materialize import materialize
        return materialize(self.machine.tables.server, preds, store=store,
                           skip_outside=skip_outside)

    # -- the thought-vector bridge (torch/faiss load only here) ------------------
    @property
    def space(self):
        """The ``SymbolSpace`` of this KB: built on first use, synced with the
        store (new symbols get rows).  Assign a ``SymbolSpace`` over
        ``kb.symbols`` or a ``BridgeConfig`` to replace it."""
        from .bridge.similar import kb_space
        return kb_space(self)

    @space.setter
    def space(self, space) -> None:
        from .bridge.similar import attach_space
        attach_space(self, space)

    def similar(self, symbol, k: int = 5, kind: str | None = None) -> list:
        """The ``k`` symbols nearest to ``symbol`` in ``kb.space`` (itself
        included), best first, as ``SimilarHit(symbol, kind, score)``."""
        from .bridge.similar import similar
        return similar(self.space, symbol, k=k, kind=kind)

    def train(self, templates, config=None, **kw):
        """Learn vectors and rules from this KB's ground binary facts with rule
        ``templates`` (a file, NSL text or ``Template`` list) and a
        ``TrainConfig``; the KB then has the learned vectors (``kb.space``).
        ``add_rules=True`` adds the decoded rules (``min_confidence``),
        ``out=DIR`` saves a checkpoint, ``dev=f(model)`` is a running dev
        metric.  Returns a ``TrainResult`` (``.rules()``, ``.model``,
        ``.history``); see ``docs/learning.md``."""
        from .checkpoints import apply_training, save_checkpoint
        from .learning.train import train_store
        out, apply = kw.pop("out", None), kw.pop("apply", True)
        add_rules, min_confidence = kw.pop("add_rules", False), kw.pop("min_confidence", 0.5)
        result = train_store(self.store, templates, config, **kw)
        if apply:
            apply_training(self, result, add_rules=add_rules, min_confidence=min_confidence)
        if out is not None:
            save_checkpoint(result, out, self)
        self.training = result
        return result

    # -- persistence (neurosym/persist.py) ----------------------------------------
    def save(self, path: str | os.PathLike) -> None:
        """Save the program, flags, operators, space and ``models`` to directory
        ``path`` (atomically: a new directory swapped in)."""
        from .persist import save_kb
        save_kb(self, path)

    @classmethod
    def load(cls, path: str | os.PathLike, **kw) -> "KnowledgeBase":
        """Open a knowledge base saved by ``save`` (``kw`` as for the constructor)."""
        from .persist import load_kb
        return load_kb(cls, path, **kw)

    # -- proofs ----------------------------------------------------------------
    def _proof(self) -> Proof:
        from .terms.printer import format_term
        entries = self.machine.ptrail
        steps: list[Step] = []
        roots: list[Step] = []
        for parent, goal, comp, frame in entries:
            g = format_term(resolve(goal), quoted=True)
            if comp is None:
                kind = "table" if self.machine.store.flags(_key(goal)).table else "builtin"
                st = Step(goal=g, kind=kind)
            else:
                cl = comp.clause
                ctext = _clause_text(cl)
                src = f"{cl.span.file or '<string>'}:{cl.span.line}" if cl.span else None
                binds = {}
                if frame is not None:
                    for name, val in zip(comp.names, frame, strict=False):
                        if name and not name.startswith("_") and val is not None:
                            binds[name] = format_term(resolve(val), quoted=True)
                st = Step(goal=g, kind="clause", clause=ctext, source=src, bindings=binds,
                          score=cl.weight if cl.weight is not None else 1.0)
            steps.append(st)
            if parent < 0:
                roots.append(st)
            else:
                steps[parent].children.append(st)
        return Proof(steps=roots)

    def __repr__(self) -> str:
        return f"<KnowledgeBase: {len(self.store)} clauses>"


def _clause_text(cl: Clause) -> str:
    from .terms.printer import format_clause
    text = format_clause(cl)
    return text[:-1] if text.endswith(".") else text


def _key(goal):
    goal = deref(goal)
    if type(goal) is Struct:
        return (goal.name, len(goal.args))
    return (goal, 0)

