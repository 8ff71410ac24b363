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
from typing import Any, Iterator

from .bridge.vectors import Vectors
from .engine.datalog.materialize import materialize
from .engine.limits import Limits
from .engine.loader import Loader, library_store
from .engine.machine import Machine
from .engine.query import QueryRunner, to_term
from .engine.sandbox import Sandbox, sandboxed_builtins
from .errors import ConfigError
from .lang.parser import parse_term
from .proof import Answer
from .store import Store
from .terms import TRUE, Atom, Clause, Struct, deref
from .terms.operators import DEFAULT_OPERATORS
from .terms.symbols import SymbolTable

__all__ = ["KnowledgeBase", "Locked", "to_term"]

_NECK = Atom(":-")


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
        pandas: ``pip install 'neurosym[frames]'``."""
        try:
            import pandas  # heavy and optional: the frames extra
        except ImportError:
            raise ConfigError("to_frame needs pandas, which is not installed: "
                              "pip install 'neurosym[frames]' (or use to_records)") from None
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
        self.sandbox = Sandbox() if sandbox is True else (sandbox or None)
        self.symbols = SymbolTable()
        self.ops = DEFAULT_OPERATORS.copy()
        self.store = Store(self.symbols)
        self.machine = Machine(self.store, library=library_store() if library else None,
                               output=output, ops=self.ops,
                               builtins=sandboxed_builtins() if self.sandbox else None)
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
        self.source: str | None = None     # the directory it was loaded from

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
            if scorer is None:
                scorer = self.guide
            elif isinstance(scorer, str) and scorer == "neutral":
                scorer = None
            from .reasoning.prover import scored_answers
            return self._locked(scored_answers(
                self.machine, self.vectors, q.goal, q.varmap, q.names, mode=mode, top_k=top_k,
                threshold=threshold, config=soft, scorer=scorer, proof=proof is not False,
                limits=self.runner.limits_for(limits), limit=limit, prune=prune,
                max_expansions=max_expansions), q.names)

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
        """The number of answers of ``goal``."""
        answers = self._bare(goal, None, limits, params)
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
        with self.lock:
            return materialize(self.machine.tables.server, preds, store=store,
                               skip_outside=skip_outside, backend=backend)

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
        ``add_rules=True`` adds the decoded rules (``min_confidence``),
        ``out=DIR`` saves a checkpoint, ``dev=f(model)`` is a running dev
        metric.  Returns a ``TrainResult`` (``.rules()``, ``.model``,
        ``.history``), also kept as ``kb.training``; see ``docs/learning.md``."""
        from .checkpoints import apply_training, save_checkpoint  # torch
        from .learning.train import train_store
        out, apply = kw.pop("out", None), kw.pop("apply", True)
        add_rules, min_confidence = kw.pop("add_rules", False), kw.pop("min_confidence", 0.5)
        with self.lock:
            result = train_store(self.store, templates, config, **kw)
            if apply:
                apply_training(result, vectors=self.vectors, loader=self.loader,
                               add_rules=add_rules, min_confidence=min_confidence)
            if out is not None:
                save_checkpoint(result, out, machine=self.machine, vectors=self.vectors,
                                models=self.models)
            self.training = result
        return result

    def apply_training(self, result, add_rules: bool = True, min_confidence: float = 0.5):
        """Give this KB the learned vectors of ``result`` (a ``TrainResult``,
        e.g. of another KB's ``train``) and, with ``add_rules``, its decoded
        rules of at least ``min_confidence``; returns the rules added."""
        from .checkpoints import apply_training  # torch
        with self.lock:
            return apply_training(result, vectors=self.vectors, loader=self.loader,
                                  add_rules=add_rules, min_confidence=min_confidence)

    def trained(self, device: str = "cpu"):
        """The trained model saved with this KB (``models["ntp"]``, as in a
        checkpoint opened by ``KnowledgeBase.load``) as a ``TrainResult`` on
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
            self.models[GUIDE_NAME] = guide_state(scorer, GuideConfig(hidden=scorer.net.hidden),
                                                  [])

    def train_guide(self, queries=None, config=None, progress=None, **fields):
        """Train the step scorer by self-play (``docs/guide.md``) on
        ``queries`` (goal texts; a ground goal that is a fact is masked from
        its own proof), by default up to ``config.queries`` facts of the
        predicates that have rules, each masked from its own proof.
        ``config``: a ``GuideConfig`` (``fields`` override it); ``progress``:
        called with each round's ``GuideRound``.  The scorer becomes
        ``kb.guide`` (soft and guided queries use it) and is saved with the
        knowledge base; returns the ``GuideResult``."""
        from .learning.guide_state import GUIDE_NAME, guide_state  # torch
        from .learning.selfplay import GuideConfig, train_guide, training_queries
        config = GuideConfig(**{**(config or GuideConfig()).model_dump(), **fields})
        with self.lock:
            qs = training_queries(self.runner, self.store, queries, config.queries, config.seed,
                                  config.open)
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
            save_kb(path, machine=self.machine, vectors=self.vectors, models=self.models)

    @classmethod
    def load(cls, path: str | os.PathLike, **kw) -> "KnowledgeBase":
        """Open a knowledge base saved by ``save`` (``kw`` as for the
        constructor).  Nothing in it runs: its program is read as data
        (``docs/security.md``)."""
        from .persist import load_kb
        kb = cls(**kw)
        load_kb(path, loader=kb.loader, vectors=kb.vectors, models=kb.models)
        kb.source = str(path)
        return kb

    def __repr__(self) -> str:
        return f"<KnowledgeBase: {len(self.store)} clauses>"
