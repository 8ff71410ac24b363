"""The Python API: ``KnowledgeBase``.

>>> from neurosym import KnowledgeBase
>>> kb = KnowledgeBase.from_string("parent(tom, bob). parent(bob, ann).")
>>> [a.to_python() for a in kb.query("parent(X, Y)")]
[{'X': 'tom', 'Y': 'bob'}, {'X': 'bob', 'Y': 'ann'}]

A knowledge base is a declared composition of the layers' parts; it holds no
reasoning of its own.  Each part is public and handed only what it needs:

============  ==============================================================
``symbols``   the ``SymbolTable`` (atom <-> dense id; the ids index vectors)
``ops``       the operator table (``op/3`` changes it; the parser reads it)
``store``     the ``Store`` of clauses
``machine``   the exact engine (``Machine``) over the store, with ``ops``
``runner``    the ``QueryRunner``: parses goals and runs exact queries
``loader``    the ``Loader``: files, text and directives into the store
``vectors``   the ``Vectors`` holder: the ``SymbolSpace`` and soft indexes
``models``    trained modules by name (``dict[str, Tensor]`` state dicts)
``training``  the last ``TrainResult`` of ``train`` (``None`` before)
``guide``     the trained step scorer (``train_guide``; restored by
              ``load``), ``None`` before
``source``    the directory ``load`` opened it from (``None`` otherwise)
``warnings``  the warnings loading printed, as text
``errors``    the errors loading reported (syntax errors of a file loaded
              in part, directives that raised), as exceptions
``sandbox``   the ``Sandbox`` config of a sandboxed knowledge base, or ``None``
``lock``      the ``threading.RLock`` every method holds while it touches
              the machine or the store (``docs/security.md``)
============  ==============================================================

Threads: one knowledge base may be used from several threads.  Each method
holds ``kb.lock`` while it runs -- a lazy ``query`` holds it while it looks
for its next answer, not between answers -- so queries, asserts and loads
never interleave inside one step, and each query keeps its own limits.
Work done on the parts directly (``kb.machine``, ``kb.store``...) is not
locked: hold ``kb.lock`` for it.

See ``docs/api.md`` for the whole API.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING, Any, Iterator

from .bridge.vectors import Vectors
from .engine.builtins.allsol import fact_count
from .engine.loader import Loader, library_store
from .engine.machine import Machine
from .engine.query import QueryRunner, to_term
from .errors import ConfigError
from .lang.parser import parse_term
from .store import Store
from .terms import TRUE, Atom, Clause, Struct, deref, indicator, term_vars
from .terms.operators import DEFAULT_OPERATORS
from .terms.printer import format_term
from .terms.symbols import SymbolTable

if TYPE_CHECKING:       # pydantic models built only where used (start-up, #18)
    from .engine.limits import Limits
    from .engine.sandbox import Sandbox
    from .proof import Answer

__all__ = ["KnowledgeBase", "Locked", "to_term"]

SYMBOLIC_BUDGET = 2000    # expansions for the symbolic proof of a trained answer

_NECK = Atom(":-")
ENTAILED_CAP = 20000        # kb.train(entailed=True): at most this many entailed facts


class Locked:
    """The answers of a query, each computed holding ``lock``; the rest of
    the iterator's interface (``close``, and a scored query's ``more``,
    ``expansions``, ``truncated``...) passes through, methods holding the
    lock too.  ``to_records`` / ``to_frame`` take the answers not yet taken
    as rows; ``names`` (the query's variables) are the columns."""

    __slots__ = ("_it", "_lock", "names")

    def __init__(self, it, lock, names=None) -> None:
        self._it, self._lock = it, lock
        self.names = list(names) if names is not None else None

    def to_records(self, proof: str | None = None) -> list[dict]:
        """The remaining answers as plain dicts: the bindings as Python values
        (``Answer.to_python``), ``score``, and with ``proof="text"`` or
        ``"tree"`` the proof (``Answer.to_record``)."""
        return [a.to_record(proof) for a in self]

    def to_frame(self, proof: str | None = None):
        """The remaining answers as a pandas ``DataFrame``, one row each, the
        columns of ``to_records`` (the query's variables, then ``score``,
        then ``proof`` when asked), also when there is no answer.  Needs
        pandas: ``pip install 'neurosym-engine[frames]'``."""
        try:
            import pandas  # heavy and optional: the frames extra
        except ImportError:
            raise ConfigError("to_frame needs pandas, which is not installed: "
                              "pip install 'neurosym-engine[frames]' (or use to_records)") from None
        records = self.to_records(proof)
        names = self.names if self.names is not None else list(records[0]) if records else []
        columns = [n for n in names if n not in ("score", "proof")] + ["score"]
        if proof is not None:
            columns.append("proof")
        return pandas.DataFrame.from_records(records, columns=columns)

    def __iter__(self) -> "Locked":
        return self

    def __next__(self):
        with self._lock:
            return next(self._it)

    def close(self) -> None:
        with self._lock:
            self._it.close()

    def __getattr__(self, name: str):
        attr = getattr(self._it, name)
        if not callable(attr):
            return attr

        def locked(*args, **kw):
            with self._lock:
                return attr(*args, **kw)
        return locked


class KnowledgeBase:
    """A store of clauses, a machine to query it and, on demand, thought
    vectors and trained models (the parts: see the module docstring).

    ``output``: the text stream ``write/1``, ``format/2`` ... print to
    (default: ``sys.stdout``, looked up at each write).
    ``warn``: a callable receiving warning text (default: print to stderr).
    ``sandbox``: ``True`` or a ``Sandbox`` config for a knowledge base that
    consults untrusted files: no file, stream, environment or process access
    (``permission_error``), and limits on every directive and query by
    default (``docs/security.md``).
    """

    def __init__(self, output=None, *, warn=None, library: bool = True,
                 sandbox: bool | Sandbox = False) -> None:
        self.lock = threading.RLock()
        builtins = None
        if sandbox:             # the sandbox's modules load only for a sandboxed KB
            from .engine.sandbox import Sandbox, sandboxed_builtins
            sandbox = Sandbox() if sandbox is True else sandbox
            builtins = sandboxed_builtins()
        self.sandbox = sandbox or None
        self.symbols = SymbolTable()
        self.ops = DEFAULT_OPERATORS.copy()
        self.store = Store(self.symbols)
        self.machine = Machine(self.store, library=library_store() if library else None,
                               output=output, ops=self.ops,
                               builtins=builtins)
        self.runner = QueryRunner(self.machine)
        if self.sandbox is not None:
            self.runner.defaults = self.sandbox.limits
        self.warnings: list[str] = []
        self.loader = Loader(self.machine, self.runner, self.warnings, warn, self.sandbox)
        self.errors = self.loader.errors
        self.vectors = Vectors(self.store)
        self.models: dict = {}
        self.training = None
        self._guide = None                 # the trained step scorer (train_guide)
        self._ranker = None                # the trained model soft queries rank with
        self.source: str | None = None     # the directory it was loaded from
        self.examples: list = []           # labelled examples (neurosym.examples)
        self._undo: list = []              # feedback updates, last first out (kb.undo)

    # -- construction ----------------------------------------------------------
    @classmethod
    def from_file(cls, path: str | os.PathLike, partial: bool = True,
                  **kw) -> "KnowledgeBase":
        """A knowledge base consulting ``path`` (``kw`` as for the
        constructor: ``sandbox=True`` for a file you do not trust;
        ``partial``: see ``consult``)."""
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
    def consult(self, path: str | os.PathLike, on_query=None, partial: bool = True) -> None:
        """Load a source file (``.nsl``/``.pl``; ``.tsv`` triples), running its
        directives in order.  Its ``?- Query.`` items are not run unless
        ``on_query`` is given: it is called with each (a ``Query``) at its
        place in the file.  A file loaded before is loaded again, its new
        clauses replacing the old ones.

        A file with syntax errors loads the clauses that parsed, as
        SWI-Prolog does, and reports each error (file, line, column, a
        caret) through the warning channel; ``kb.errors`` keeps them.  With
        ``partial=False`` it raises one ``ParseError`` listing every bad
        clause instead, and none of its clauses is loaded."""
        with self.lock:
            self.loader.consult(path, on_query=on_query, partial=partial)

    def make(self) -> list[str]:
        """Consult again the files changed since they were loaded (SWI's
        ``make/0``); returns their paths."""
        with self.lock:
            return self.loader.make()

    def load_string(self, text: str, file: str | None = None, on_query=None) -> None:
        with self.lock:
            self.loader.load_string(text, file, on_query=on_query)

    def add(self, text: str) -> None:
        """Add clauses (``"fact."``, ``"head :- body."``, several at once),
        at the end of their predicates; directives in ``text`` run."""
        self.load_string(text)

    def add_clause(self, clause: Clause, front: bool = False) -> Clause:
        with self.lock:
            return self.store.add(clause, front)

    def retract(self, text: str) -> bool:
        """Remove the first clause that unifies with the clause in ``text``
        (``"p(a)."`` or ``"p(X) :- q(X)."``); False when none does."""
        term = deref(parse_term(text, ops=self.ops)[0])
        if type(term) is Struct and term.name is _NECK and len(term.args) == 2:
            head, body = term.args
        else:
            head, body = term, TRUE
        with self.lock:
            cl = self.runner.matching_clause(deref(head), body)
            return self.store.retract(cl) if cl is not None else False

    def declare(self, key: tuple[Atom, int], flag: str) -> None:
        """Declare ``flag`` (dynamic, discontiguous, table, soft) for ``key``."""
        with self.lock:
            self.loader.declare(key, flag)

    # -- queries ---------------------------------------------------------------
    def query(self, goal: str | Any, limit: int | None = None, proof: bool | None = None,
              limits: Limits | None = None, *, mode: str | None = None,
              top_k: int | None = None, threshold: float | None = None,
              soft: Any = None, scorer: Any = None, prune: float | None = None,
              max_expansions: int | None = None, **params) -> Iterator[Answer]:
        """Answers of ``goal`` (text such as ``"parent(X, Y)"``, a term, or a
        ``ParsedQuery`` from ``kb.runner.parse``), lazily.

        ``limit`` stops after that many answers; ``limits`` (``Limits``)
        bounds depth, inferences, time and answers (hitting one raises
        ``ResourceError``); ``proof=True`` attaches a proof tree to each
        answer; ``params`` bind query variables to Python values
        (``kb.query("age(P, A), A > Min", Min=30)``).

        ``mode="soft"``, ``"exact"``, ``"declared"`` or ``"guided"`` runs the
        scored prover instead of Prolog's search (``docs/soft.md``,
        ``docs/guide.md``): answers best first with their ``score``;
        ``top_k``, ``threshold``, ``soft`` (a ``SoftConfig``), ``scorer`` (a
        ``StepScorer``, or a callable rating candidate steps; default: the
        trained guide, ``kb.guide``, when there is one, else the neutral
        scorer; ``"neutral"`` forces it), ``prune`` and ``max_expansions``
        (a budget of choices) tune it; its answers carry their proofs
        unless ``proof=False``.

        In a sandboxed knowledge base, each limit ``limits`` leaves unset is
        the sandbox's."""
        with self.lock:
            q = self.runner.parse(goal, params)
            if mode is None:
                return self._locked(self.runner.answers(q, limit, bool(proof), limits), q.names)
            from .reasoning.prover import scored_answers, soft_config
            soft = soft_config(soft, threshold=threshold)
            if scorer is None:
                scorer = self.guide
            elif isinstance(scorer, str) and scorer == "neutral":
                scorer = None
            ranker = self._trained_ranker()
            if ranker is not None:
                if mode == "soft" and soft.trained:
                    ranked = self._ranked(ranker, q, top_k, limit, proof, scorer, prune)
                    if ranked is not None:
                        return ranked
                if "max_depth" not in soft.model_fields_set:
                    soft = soft.model_copy(update={"max_depth": ranker.depth})
            return self._locked(scored_answers(
                self.machine, self.vectors, q.goal, q.varmap, q.names, mode=mode, top_k=top_k,
                threshold=threshold, config=soft, scorer=scorer, proof=proof is not False,
                limits=self.runner.limits_for(limits), limit=limit, prune=prune,
                max_expansions=max_expansions), q.names)

    def _trained_ranker(self):
        """The trained model soft queries rank with (``kb.train``,
        ``apply_training``, or ``models["ntp"]`` of a loaded checkpoint), or
        ``None``."""
        if self._ranker is None and "ntp" in self.models:
            from .learning.answers import TrainedRanker  # torch
            self._ranker = TrainedRanker(self.trained(), self.store)
        return self._ranker

    def _ranked(self, ranker, q, top_k, limit, proof, scorer=None, prune=None):
        """The trained model's answers of ``q`` (``neurosym.learning.answers``),
        or ``None`` when it is not a goal of a trained relation.  The model
        ranks; the step scorer ``scorer`` (the query's: ``kb.guide`` by
        default) guides the search for each answer's symbolic proof, whose
        steps then carry its priors and values, and ``prune`` (only when the
        query gives one) drops steps there as in any scored query."""
        tg = ranker.goal(q.goal)
        if tg is None:
            return None
        if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int)
                                  or top_k < 0):
            raise ConfigError(f"top_k must be a non-negative integer, got {top_k!r}")
        if prune is not None and not 0 <= prune <= 1:
            raise ConfigError(f"prune must be between 0 and 1, got {prune!r}")
        if limit is not None:
            top_k = limit if top_k is None else min(top_k, limit)
        from .reasoning.config import SoftConfig
        from .reasoning.prover import scored_answers

        def symbolic(term):
            """The scored prover's best proof of the ground ``term``, or ``None``."""
            for a in scored_answers(self.machine, self.vectors, term, {}, [], mode="soft",
                                    top_k=1, config=SoftConfig(max_depth=ranker.depth),
                                    scorer=scorer, prune=prune, proof=True,
                                    max_expansions=SYMBOLIC_BUDGET):
                return a.proof
            return None
        return self._locked(ranker.answers(tg, q.varmap, q.names, top_k=top_k,
                                           proof=proof is not False, vectors=self.vectors,
                                           symbolic=symbolic), q.names)

    def _locked(self, answers, names=None) -> "Locked":
        return Locked(answers, self.lock, names)

    def _bare(self, goal, limit, limits, params):
        """Answers without bindings (for ask/count: nothing is copied)."""
        with self.lock:
            q = self.runner.parse(goal, params)
        q.names = []
        return self._locked(self.runner.answers(q, limit, False, limits))

    def ask(self, goal, limits: Limits | None = None, **params) -> bool:
        """True if ``goal`` has an answer."""
        answers = self._bare(goal, 1, limits, params)
        try:
            return next(answers, None) is not None
        finally:
            answers.close()

    def count(self, goal, limits: Limits | None = None, **params) -> int:
        """The number of answers of ``goal`` (of a call of a table of facts:
        counted on its columns, as ``aggregate_all(count, G, N)`` does)."""
        with self.lock:
            q = self.runner.parse(goal, params)
            n = fact_count(self.machine, q.goal)
        if n is not None:
            return n
        answers = self._bare(q, None, limits, {})
        try:
            return sum(1 for _ in answers)
        finally:
            answers.close()

    # -- bottom-up evaluation (docs/datalog.md) ---------------------------------
    def materialize(self, preds=None, store: bool = False, skip_outside: bool = False,
                    backend: str = "numpy"):
        """Every fact the rules entail, per predicate (``"name/arity"`` ->
        facts; counts without decoding): all predicates with rules, or
        ``preds``; ``store=True`` also adds the new facts to the store.
        ``backend="duckdb"`` evaluates the rules as SQL on DuckDB (the
        ``duckdb`` extra), ``backend="spark"`` on Spark (the ``spark`` extra).  Raises ``NotInFragment`` / ``StratificationError``
        (or, with ``skip_outside=True``, leaves predicates outside the fragment
        out)."""
        from .engine.datalog.materialize import materialize  # numpy: not at start-up
        with self.lock:
            return materialize(self.machine.tables.server, preds, store=store,
                               skip_outside=skip_outside, backend=backend)

    # -- few-shot rule induction (docs/induce.md) --------------------------------
    def induce(self, pred: str, pos, neg=(), add: bool = False, bias=None, **fields):
        """The smallest program for ``pred`` (``"name/arity"``) that covers the
        positive examples ``pos`` and none of the negative ones ``neg``
        (terms or their text) over this knowledge base, e.g.
        ``kb.induce("grandparent/2", pos=[...], neg=[...], max_body=3)``.
        ``bias``: a ``Bias`` (``fields`` override it: ``max_vars``,
        ``max_body``, ``max_clauses``, ``noise``, ``body``, ``types``,
        ``directions``, ``recursion``, ``timeout``; without ``body`` every
        predicate in the Datalog fragment is background).  Returns an
        ``InduceResult``; ``add=True`` adds a solution's clauses (a recursive
        one with ``pred`` declared ``:- table``)."""
        # learning/ stays off the exact query path (tests/cli/test_startup.py)
        from .engine.datalog import NotInFragment
        from .engine.datalog.materialize import materialize, parse_indicator
        from .learning.induce import Bias
        from .learning.induce.task import background_keys
        from .learning.induce.task import induce as induce_program
        bias = Bias(**{**(bias or Bias()).model_dump(exclude_unset=True), **fields})
        key = parse_indicator(pred)
        with self.lock:
            server = self.machine.tables.server
            background = {}
            for k in background_keys(bias, key, self.store.predicates()):
                try:
                    background[k] = materialize(server, [k])[indicator(k[0], k[1])].rows
                except NotInFragment:
                    if bias.body is not None:
                        raise           # asked for: say why it cannot be used
                    # else: a predicate outside the Datalog fragment is no background
            result = induce_program(pred, pos, neg, background, server.values, bias)
            if add and result.solved:
                if any(c.recursive for c in result.clauses):
                    self.declare(key, "table")
                for c in result.clauses:
                    self.add(c.text)
                result.added = True
        return result

    # -- learning from a person (docs/interactive.md) ----------------------------
    def feedback(self, answer: Answer, correct: bool, config=None, **fields):
        """Say whether ``answer`` (of a scored query, with its proof) is right:
        its goals become labelled examples (``kb.examples``) and a few
        gradient steps move its proof's score up (``correct=True``) or down:
        the vectors of the symbols its soft matches compared, the weights of
        the rules and weighted facts it used, and the step scorer
        (``kb.guide``) where there is one; an answer of the trained model
        (after ``kb.train``): its link predictor's rows, fitted to every
        label of the relation so far.  ``config``: a ``FeedbackConfig``
        (``fields`` override it: ``steps``, ``lr``, ``link_steps`` ...).
        Returns a ``FeedbackResult``; ``kb.undo()`` takes it back."""
        from .examples import Example, FeedbackResult, Undo
        from .learning.feedback import FeedbackConfig, apply_feedback, proof_parts  # torch
        from .learning.guide_model import one_thread
        from .learning.link_feedback import is_trained_answer
        config = FeedbackConfig(**{**(config or FeedbackConfig()).model_dump(), **fields})
        label, via = bool(correct), "yes" if correct else "no"
        started = time.perf_counter()
        with self.lock:
            parts = proof_parts(self.store, answer, self.ops)
            undo = Undo(FeedbackResult(facts=parts.goals, label=label, via=via),
                        len(self.examples))
            if is_trained_answer(answer) and self._trained_ranker() is not None:
                self._link_steps(parse_term(parts.goals[0], ops=self.ops)[0], label, undo,
                                 config, answer=True)     # learning/link_feedback.py
                result = undo.result
            else:
                with one_thread():
                    result = apply_feedback(parts, label, vectors=self.vectors,
                                            store=self.store, config=config, undo=undo)
            if config.guide and self.guide is not None:
                from .learning.feedback import guide_feedback
                goals = [parse_term(g, ops=self.ops)[0] for g in parts.goals]
                if guide_feedback(self.machine, self.vectors, self.guide, goals, label,
                                  config=config, undo=undo, models=self.models):
                    result.updated.append("step scorer")
            result.seconds = time.perf_counter() - started
            self.examples.extend(Example(fact=g, label=label, via=via) for g in parts.goals)
            self._undo.append(undo)
        return result

    def _link_steps(self, term, label: bool, undo, config=None, answer: bool = False) -> None:
        """Steps on the trained link predictor's rows for the labelled ground
        ``term`` when it is a trained relation's fact (``learning/link_feedback.py``);
        ``answer``: it is a trained answer's, and must be one (else a ``ConfigError``)."""
        ranker = self._trained_ranker()
        if ranker is None:
            return
        from .learning.feedback import FeedbackConfig
        from .learning.guide_model import one_thread
        from .learning.link_feedback import link_feedback, trained_fact
        if answer or trained_fact(ranker, term):
            with one_thread():
                link_feedback(ranker, term, label, self.examples, ops=self.ops,
                              config=config or FeedbackConfig(), undo=undo, models=self.models)

    def teach(self, fact: str | Any):
        """Add the ground fact ``fact`` (text or a term) as a positive example
        and to the program (a trained relation's fact: the trained link
        predictor learns it too, as ``feedback`` does); ``kb.undo()`` takes
        it back."""
        from .examples import FeedbackResult, Undo
        with self.lock:
            term, text = self._ground_fact(fact)
            undo = Undo(FeedbackResult(facts=[text], label=True, via="teach"), len(self.examples))
            undo.added.append(self.store.add(Clause(term)))
            undo.result.updated = ["fact added"]
            self._link_steps(term, True, undo)
            return self._labelled(undo)

    def unteach(self, fact: str | Any):
        """Remove the ground fact ``fact`` from the program (its first clause,
        when it is one) and keep it as a negative example; ``kb.undo()``
        puts it back where it was."""
        from .examples import FeedbackResult, Undo
        with self.lock:
            term, text = self._ground_fact(fact)
            undo = Undo(FeedbackResult(facts=[text], label=False, via="unteach"),
                        len(self.examples))
            cl = self.runner.matching_clause(term, TRUE)
            if cl is not None:
                undo.removed.append((cl, self.store.position(cl)))
                self.store.retract(cl)
                undo.result.updated = ["fact removed"]
            else:
                undo.result.updated = ["not in the program: a negative example only"]
            self._link_steps(term, False, undo)
            return self._labelled(undo)

    def undo(self):
        """Take back the last ``feedback``, ``teach`` or ``unteach`` exactly
        (vectors, weights, clauses and examples as they were before it);
        returns its ``FeedbackResult``, or None when there is nothing to undo.
        The history is the session's: a new space (``kb.space = ...``) or
        training (``kb.train``) ends it, and it is not saved."""
        with self.lock:
            if not self._undo:
                return None
            undo = self._undo.pop()
            undo.restore(self.store, self.vectors, self.models)
            del self.examples[undo.examples:]
            return undo.result

    def labelled(self, pred: str) -> tuple[list[str], list[str]]:
        """The positive and negative examples of ``pred`` (``"name/arity"``)
        given so far (``kb.examples``), as fact texts, each once."""
        from .engine.datalog.materialize import parse_indicator
        key = parse_indicator(pred)
        pos: dict[str, None] = {}
        neg: dict[str, None] = {}
        for ex in self.examples:
            t = deref(parse_term(ex.fact, ops=self.ops)[0])
            if (t.key if type(t) is Struct else (t, 0)) == key:
                (pos if ex.label else neg)[ex.fact] = None
        return list(pos), list(neg)

    def _ground_fact(self, fact) -> tuple:
        term = deref(parse_term(fact, ops=self.ops)[0]) if isinstance(fact, str) else deref(fact)
        if type(term) not in (Atom, Struct) or (type(term) is Struct and term.name is _NECK):
            raise ConfigError(f"expected a fact such as parent(tom, bob), got {fact!r}")
        if term_vars(term):
            raise ConfigError(f"a taught fact must be ground (no variables): {fact!r}")
        return term, format_term(term, quoted=True)

    def _labelled(self, undo):
        from .examples import Example
        self.examples.append(Example(fact=undo.result.facts[0], label=undo.result.label,
                                     via=undo.result.via))
        self._undo.append(undo)
        return undo.result

    # -- the thought-vector bridge (torch/faiss load only here) ------------------
    @property
    def space(self):
        """The ``SymbolSpace`` of this KB: built on first use, synced with the
        store (new symbols get rows).  Assign a ``SymbolSpace`` over
        ``kb.symbols`` or a ``BridgeConfig`` to replace it."""
        with self.lock:
            return self.vectors.space

    @space.setter
    def space(self, space) -> None:
        with self.lock:
            self.vectors.assign(space)
            self._undo.clear()             # its records name rows of the old space

    def similar(self, symbol, k: int = 5, kind: str | None = None) -> list:
        """The ``k`` symbols nearest to ``symbol`` in ``kb.space`` (itself
        included), best first, as ``SimilarHit(symbol, kind, score)`` in a
        list (``SimilarHits``: a table in Jupyter)."""
        from .bridge.similar import similar  # torch
        return similar(self.space, symbol, k=k, kind=kind)

    def train(self, templates, config=None, **kw):
        """Learn vectors and rules from this KB's ground binary facts with rule
        ``templates`` (a file, NSL text or ``Template`` list) and a
        ``TrainConfig``; the KB then has the learned vectors (``kb.space``).
        ``add_rules=True`` adds the decoded rules (``min_confidence``); the
        model goes into ``models["ntp"]``, which ``save`` saves, and
        ``out=DIR`` saves a checkpoint at once; ``dev=f(model)`` is a running dev
        metric.  ``entailed=True``: the binary facts the rules entail
        (``materialize``; predicates outside the Datalog fragment left out)
        join the training facts, at most ``ENTAILED_CAP`` of them, sampled
        with the config's seed when there are more (an int: that cap).
        Returns a ``TrainResult`` (``.rules()``, ``.model``, ``.history``),
        also kept as ``kb.training``; see ``docs/learning.md``.  ``apply=False``
        trains only: this KB keeps its vectors, rules and soft ranking, and
        ``models`` does not get the result (``save`` does not save it; use
        ``out=`` or ``apply_training`` later)."""
        from .checkpoints import apply_training, save_checkpoint  # torch
        from .learning.train import entailed_triples, train_store
        out, apply = kw.pop("out", None), kw.pop("apply", True)
        add_rules, min_confidence = kw.pop("add_rules", False), kw.pop("min_confidence", 0.5)
        entailed = kw.pop("entailed", False)
        if not isinstance(entailed, bool) and (not isinstance(entailed, int) or entailed < 1):
            raise ConfigError(f"entailed must be True, False or a positive number of facts, "
                              f"got {entailed!r}")
        with self.lock:
            extra = None
            if entailed:
                cap = ENTAILED_CAP if entailed is True else entailed
                seed = config.optim.seed if config is not None else 0
                extra = entailed_triples(self.materialize(skip_outside=True), cap, seed)
            result = train_store(self.store, templates, config, extra=extra, **kw)
            if apply:
                self._undo.clear()         # new vectors: feedback before them is not undone
                apply_training(result, vectors=self.vectors, loader=self.loader,
                               add_rules=add_rules, min_confidence=min_confidence)
                self._use_model(result)
            if out is not None:
                save_checkpoint(result, out, machine=self.machine, vectors=self.vectors,
                                models=self.models, examples=self.examples)
            self.training = result
        return result

    def apply_training(self, result, add_rules: bool = True, min_confidence: float = 0.5):
        """Give this KB the learned vectors of ``result`` (a ``TrainResult``,
        e.g. of another KB's ``train``) and, with ``add_rules``, its decoded
        rules of at least ``min_confidence``; returns the rules added."""
        from .checkpoints import apply_training  # torch
        with self.lock:
            added = apply_training(result, vectors=self.vectors, loader=self.loader,
                                   add_rules=add_rules, min_confidence=min_confidence)
            self._use_model(result)
            return added

    def _use_model(self, result) -> None:
        """Soft queries rank with the trained model ``result`` from now on,
        and ``save`` keeps it (``models["ntp"]``, which feedback on its
        answers updates too)."""
        from .checkpoints import MODEL_NAME, model_state  # torch
        from .learning.answers import TrainedRanker
        self.models[MODEL_NAME] = model_state(result)
        self._ranker = TrainedRanker(result, self.store)

    def trained(self, device: str = "cpu"):
        """The trained model kept with this KB (``models["ntp"]``: of ``train``,
        or of a checkpoint opened by ``KnowledgeBase.load``) as a ``TrainResult`` on
        ``device``; a missing, tampered or mismatched state raises
        ``CheckpointError``."""
        from .checkpoints import result_from_models  # torch
        return result_from_models(self.models, device, self.source or "<knowledge base>")

    # -- the step scorer (docs/guide.md) -----------------------------------------
    @property
    def guide(self):
        """The trained step scorer (a ``LearnedScorer``), or ``None``: set by
        ``train_guide``, read back from ``models["guide"]`` after ``load``
        (a tampered or mismatched state raises ``CheckpointError``)."""
        if self._guide is None and "guide" in self.models:
            from .learning.guide_state import scorer_from_state  # torch
            where = f"{self.source or '<knowledge base>'}/models/guide.pt"
            self._guide = scorer_from_state(self.models["guide"], self.vectors, self.store,
                                            where)[0]
        return self._guide

    @guide.setter
    def guide(self, scorer) -> None:
        """``None`` drops the guide (and its saved state); a ``LearnedScorer``
        (e.g. another knowledge base's) becomes this one's and is saved with it."""
        self.models.pop("guide", None)
        self._guide = scorer
        if scorer is not None:
            from .learning.guide_state import GUIDE_NAME, guide_state  # torch
            from .learning.selfplay import GuideConfig
            config = GuideConfig(hidden=scorer.net.hidden, symbols=scorer.symbols)
            self.models[GUIDE_NAME] = guide_state(scorer, config, [])

    def train_guide(self, queries=None, config=None, progress=None, **fields):
        """Train the step scorer by self-play (``docs/guide.md``) on
        ``queries`` (goal texts; a ground goal that is a fact is masked from
        its own proof), by default up to ``config.queries`` facts of the
        predicates that have rules, each masked from its own proof.
        ``config``: a ``GuideConfig`` (``fields`` override it); ``progress``:
        called with each round's ``GuideRound``.  The scorer becomes
        ``kb.guide`` (soft and guided queries use it) and is saved with the
        knowledge base; returns the ``GuideResult``.  On a knowledge base
        with a trained model (``kb.train``) the searches' ``max_depth`` is
        the trained depth unless the config or ``fields`` set it, as for
        ``kb.query``."""
        from .learning.guide_state import GUIDE_NAME, guide_state  # torch
        from .learning.selfplay import GuideConfig, train_guide, training_queries
        given = set(fields) | (config.model_fields_set if config is not None else set())
        config = GuideConfig(**{**(config or GuideConfig()).model_dump(), **fields})
        with self.lock:
            ranker = self._trained_ranker()
            if ranker is not None and "max_depth" not in given:
                config = config.model_copy(update={"max_depth": ranker.depth})
            qs = training_queries(self.runner, self.store, queries, config.queries, config.seed,
                                  config.open, test=config.top_k is None)
            result = train_guide(self.machine, self.vectors, qs, config, progress=progress)
            self._guide = result.scorer
            self.models[GUIDE_NAME] = guide_state(result.scorer, config, result.history)
        return result

    # -- persistence (neurosym/persist/) ----------------------------------------
    def save(self, path: str | os.PathLike) -> None:
        """Save the program, flags, operators, space and ``models`` to directory
        ``path`` (atomically: a new directory swapped in, once what was written
        has been read back and found the same)."""
        from .persist import save_kb
        with self.lock:
            save_kb(path, machine=self.machine, vectors=self.vectors, models=self.models,
                    examples=self.examples)

    @classmethod
    def load(cls, path: str | os.PathLike, **kw) -> "KnowledgeBase":
        """Open a knowledge base saved by ``save`` (``kw`` as for the
        constructor).  Nothing in it runs: its program is read as data
        (``docs/security.md``)."""
        from .persist import load_kb
        kb = cls(**kw)
        load_kb(path, loader=kb.loader, vectors=kb.vectors, models=kb.models,
                examples=kb.examples)
        kb.source = str(path)
        return kb

    def __repr__(self) -> str:
        return f"<KnowledgeBase: {len(self.store)} clauses>"
