"""``neurosym query FILE... GOAL``: answers of one goal, as SWI's toplevel prints them.

Every answer is printed by default (a non-interactive tool has nobody to
press ``;``); ``--limit N`` stops after N, ``--first`` after one.  Answers
are written as the SWI-Prolog toplevel writes them::

    X = a,
    Y = b ;
    X = c,
    Y = d.

``true.`` for an answer without bindings, ``false.`` when there is none.
``--format json`` prints one JSON document on standard output instead: a
list of solutions, each mapping a variable to ``{"text": ..., "value": ...}``
(its ``write_canonical/1`` text and its plain JSON value), or on an error an
object ``{"error": {...}, "answers": [...]}``; what the program writes goes
to standard error (``neurosym.faces.answer_json``).
Exit status: 0 if there was an answer, 1 if none, 2 on an error (printed
in one or two lines, or as the JSON error object).

``--soft`` / ``--mode exact|soft|declared|guided`` run the scored prover
(``kb.query(goal, mode=...)``; ``guided``: a pure Horn goal's exact answers,
best first under the step scorer, a saved knowledge base's trained one unless
``--no-guide``); its options (``--top-k``, ``--prune``, ``--loop-check`` ...,
``docs/soft.md``) are refused without one.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from pathlib import Path

from ..engine.query import Bounds
from ..errors import ConfigError, Halt, NeurosymError, NoVectorsWarning
from ..faces.answers import format_answer
from .args import recording
from .sources import open_sources

__all__ = ["register", "print_answers", "limits_from", "add_sandbox_option", "DEFAULT_TIME"]

DEFAULT_TIME = 60.0
MODES = ("exact", "soft", "declared", "guided")   # reasoning.prover.MODES, not imported here


def register(sub) -> None:
    p = sub.add_parser(
        "query", help="answer a goal against source files",
        description="Load FILE... and print the answers of GOAL like the SWI-Prolog "
                    "toplevel. All answers are printed unless --limit/--first is given. "
                    "Exit status: 0 if there was an answer, 1 if none, 2 on error.")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="source files (.nsl, .pl, .tsv); the first may be a saved knowledge "
                        "base (a directory: kb.save, neurosym train --out)")
    p.add_argument("goal", metavar="GOAL", help="the goal, e.g. 'parent(X, Y)'")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--all", action="store_true", help="print every answer (the default)")
    g.add_argument("--limit", type=int, metavar="N", help="stop after N answers")
    g.add_argument("--first", action="store_true", help="print the first answer only")
    p.add_argument("--proof", action="store_true", help="print each answer's proof tree")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="output format (default: text)")
    p.add_argument("--time", type=float, default=DEFAULT_TIME, metavar="SECONDS",
                   help=f"wall-clock limit (default {DEFAULT_TIME:g}s; 0 = none)")
    p.add_argument("--inferences", type=int, metavar="N", help="inference limit")
    p.add_argument("--depth", type=int, metavar="N", help="recursion depth limit")
    add_sandbox_option(p)
    s = p.add_argument_group("scored queries (docs/soft.md, docs/guide.md)")
    s.add_argument("--soft", action="store_true",
                   help="soft unification on every predicate (same as --mode soft)")
    s.add_argument("--mode", choices=list(MODES),
                   help="run the scored prover: answers best first, each with its score; "
                        "guided: a pure Horn program's exact answers, searched best first "
                        "under the step scorer (a saved knowledge base's trained one)")
    # the options below tune the scored prover: without --mode/--soft they are refused
    scored: list = []
    add = recording(s, scored)
    add("--top-k", type=int, metavar="K", help="the K best answers")
    add("--threshold", type=float, metavar="T",
        help="least similarity of a soft match (default 0.5)")
    add("--aggregation", choices=["min", "product", "boolean", "noisy_or"],
        help="score of a proof from its steps, of an answer from its proofs (default min)")
    add("--max-depth", type=int, metavar="N",
        help="drop proofs nesting more than N clauses (recursive rules under min)")
    add("--max-soft", type=int, metavar="N",
        help="the most soft steps one proof may take (default 2)")
    add("--loop-check", action="store_true",
        help="drop a ground goal equal to one of its ancestors in the proof (no answer is "
             "lost; in guided mode the looping proofs are)")
    add("--explore", type=float, metavar="C",
        help="PUCT-style exploration, C >= 0 (default 0: off): a low-prior step gets its "
             "turn once its siblings' branches have used many expansions; the order only")
    add("--prune", type=float, metavar="P",
        help="drop steps whose value (the step scorer's estimate that the step completes "
             "into a proof) is below P, 0 to 1: faster, but answers below them are lost")
    add("--no-guide", action="store_true",
        help="search under the neutral step scorer, not the knowledge base's trained one")
    add("--budget", type=int, metavar="N",
        help="end the search after N expansions (a note says when it did: answers "
             "it did not reach may exist)")
    add("--vectors", metavar="FILE",
        help="symbol vectors: word2vec text (or .npy constant rows); its names "
             "that the source files never use are words a query may use")
    add("--kernel", choices=["rbf", "cosine"],
        help="similarity of two vectors (default rbf, its width calibrated from "
             "the vectors)")
    add("--seed", type=int, metavar="N",
        help="seed of the random starting vectors (they never match softly)")
    p.set_defaults(func=run, scored_options=tuple(scored))


def limits_from(args) -> Bounds:
    """The limits of ``--time`` (0: none), ``--inferences`` and ``--depth``,
    checked here as ``Limits`` checks them (a bad one is a usage error, never a
    traceback), as ``Bounds``: no pydantic on a plain query's path (start-up, #18)."""
    inferences, depth = getattr(args, "inferences", None), getattr(args, "depth", None)
    for opt, value in (("inferences", inferences), ("depth", depth)):
        if value is not None and value < 1:
            raise ConfigError(f"--{opt} must be at least 1, got {value}")
    return Bounds(time=args.time if args.time and args.time > 0 else None,
                  inferences=inferences, depth=depth)


def add_sandbox_option(p) -> None:
    """``--sandbox``: the knowledge base is a ``KnowledgeBase(sandbox=True)``."""
    p.add_argument("--sandbox", action="store_true",
                   help="consult untrusted files: no file, environment or process access, "
                        "limits on every directive (docs/security.md)")


def run(args) -> int:
    if args.format == "json":
        from ..faces.answer_json import error_info
        try:
            return _run(args)
        except (NeurosymError, OSError) as e:      # before any answer: loading, parsing
            _write_json(sys.stdout, {"error": error_info(e).model_dump(), "answers": []})
            return 2
    return _run(args)


def _run(args) -> int:
    if not args.goal.strip():
        raise ConfigError("query: the goal is empty (e.g. neurosym query FILE 'parent(X, Y)')")
    _mode(args)         # a scored option without a scored mode: an error before loading
    # JSON output: what the program writes goes to standard error
    try:
        kb = open_sources(args.files, output=sys.stderr if args.format == "json" else None,
                          sandbox=args.sandbox)
    except Halt:                # halt/0,1 while loading: still one JSON document
        if args.format == "json":
            _write_json(sys.stdout, [])
        raise
    limit = 1 if args.first else args.limit
    scored = None
    mode = _mode(args)
    if mode is not None:
        scored = _scored_options(kb, args, mode)
    return print_answers(kb, args.goal, limit=limit, proof=args.proof, fmt=args.format,
                         limits=limits_from(args), scored=scored)


def _mode(args) -> str | None:
    """The scored prover's mode (``--soft`` is ``--mode soft``), or None for
    Prolog's search; the scored options (``--prune``, ``--top-k`` ...) without
    one, or ``--soft`` with another ``--mode``, are errors, not ignored."""
    mode = getattr(args, "mode", None)
    if getattr(args, "soft", False):
        if mode not in (None, "soft"):
            raise ConfigError(f"query: --soft is --mode soft; give one of --soft and "
                              f"--mode {mode}")
        mode = "soft"
    if mode is None:
        given = [o.flag for o in getattr(args, "scored_options", ()) if o.given(args)]
        if given:
            raise ConfigError(f"query: {', '.join(given)} only make{'s' if len(given) == 1 else ''}"
                              f" sense in a scored query (--mode {'|'.join(MODES)}, or --soft)")
    return mode


def _scored_options(kb, args, mode: str) -> dict:
    """The scored prover's options from ``--top-k``, ``--threshold`` ...; sets
    ``kb.space`` from ``--vectors`` / ``--seed`` (as ``neurosym similar`` does)."""
    if args.threshold is not None and not 0 <= args.threshold <= 1:
        raise ConfigError(f"--threshold must be between 0 and 1, got {args.threshold:g}")
    if args.top_k is not None and args.top_k < 0:
        raise ConfigError(f"--top-k must be non-negative, got {args.top_k}")
    if args.seed is not None and args.seed < 0:
        raise ConfigError(f"--seed must be non-negative, got {args.seed}")
    if args.max_depth is not None and args.max_depth < 1:
        raise ConfigError(f"--max-depth must be at least 1, got {args.max_depth}")
    if args.budget is not None and args.budget < 1:
        raise ConfigError(f"--budget must be at least 1, got {args.budget}")
    if args.max_soft is not None and args.max_soft < 0:
        raise ConfigError(f"--max-soft must be non-negative, got {args.max_soft}")
    if args.explore is not None and not 0 <= args.explore < math.inf:
        raise ConfigError(f"--explore must be a number >= 0, got {args.explore:g}")
    if args.prune is not None and not 0 <= args.prune <= 1:
        raise ConfigError(f"--prune must be between 0 and 1, got {args.prune:g}")
    if args.vectors or args.seed is not None or args.kernel:
        from ..bridge import BridgeConfig
        from ..faces.similar import load_vector_file, vector_file_dim
        dim = vector_file_dim(Path(args.vectors)) if args.vectors else BridgeConfig().dim
        kb.space = BridgeConfig(dim=dim, seed=args.seed or 0, kernel=args.kernel or "rbf")
        if args.vectors:
            load_vector_file(kb.space, Path(args.vectors), "constant", vocabulary=True)
    if mode not in ("exact", "guided"):   # the note stands for the API's NoVectorsWarning
        print(f"% {kb.space.coverage().note()}", file=sys.stderr)
        warnings.filterwarnings("ignore", category=NoVectorsWarning)
    soft = {k: v for k, v in (("max_depth", args.max_depth), ("kernel", args.kernel),
                              ("aggregation", args.aggregation), ("max_soft", args.max_soft),
                              ("loop_check", args.loop_check or None),
                              ("explore", args.explore)) if v is not None}
    opts = {"mode": mode, "top_k": args.top_k, "threshold": args.threshold,
            "max_expansions": args.budget, "prune": args.prune, "soft": soft or None}
    if args.no_guide:           # kb.query's default scorer is the trained guide (kb.guide)
        opts["scorer"] = "neutral"
    return opts


def print_answers(kb, goal, *, limit=None, proof=False, fmt="text", limits=None,
                  out=None, scored: dict | None = None) -> int:
    """Print the answers of ``goal``; returns the exit status (0/1; errors raise).

    ``scored``: ``kb.query``'s scored-prover options (``mode``, ``top_k``, ``soft`` ...): each
    answer is printed after a ``% score S`` line (a ``"$score"`` key in JSON)."""
    out = out or sys.stdout
    q = kb.runner.parse(goal)
    varmap = q.varmap
    # a plain query prints (bindings, residuals) pairs: no Answer model, no pydantic
    plain = scored is None and fmt == "text" and not proof
    unseen = None       # names no fact has (a typo?): said after a false, looked at before
    if fmt == "text":
        from ..faces.dwim import unseen_atoms
        unseen = unseen_atoms(kb.store, q.goal)
    if scored is not None:          # as kb.query runs it: a trained model ranks its relations
        gen = kb.query(q, limit, proof, limits, **scored)
    elif plain:
        gen = kb.runner.solutions(q, limit, False, limits)
    else:
        gen = kb.runner.answers(q, limit, proof, limits)
    if fmt == "json":
        from ..faces.answer_json import binding_json, error_info
        sols: list = []
        try:
            for a in gen:
                d: dict = {k: binding_json(v) for k, v in a.bindings.items()}
                if a.residuals:      # residual constraints, in the query's variable names
                    d["$constraints"] = format_answer({}, varmap, getattr(kb, "ops", None),
                                                      a.residuals).split(",\n")
                if scored is not None:
                    d["$score"] = a.score
                if proof and a.proof is not None:
                    d["$proof"] = a.proof.model_dump()["steps"]
                sols.append(d)
        except (NeurosymError, OSError) as e:
            _write_json(out, {"error": error_info(e).model_dump(), "answers": sols})
            return 2
        except Halt:                # halt/0,1: the answers so far, then the exit
            _write_json(out, sols)
            raise
        finally:
            gen.close()
        _write_json(out, sols)
        return 0 if sols else 1
    if scored is not None:
        from ..proof import format_score
    n = 0
    try:
        prev = next(gen, None)
        while prev is not None:
            n += 1
            if plain:
                bindings, residuals = prev
            else:
                bindings, residuals = prev.bindings, prev.residuals
            if scored is not None:
                out.write(f"% score {format_score(prev.score)}\n")
            if proof and prev.proof is not None:
                for line in prev.proof.render().splitlines():
                    out.write(f"% {line}\n")
            text = format_answer(bindings, varmap, getattr(kb, "ops", None), residuals)
            out.flush()
            try:
                nxt = next(gen, None) if (limit is None or n < limit) else None
            except BaseException:       # the search for the next one failed (a limit):
                out.write(text + "\n")  # this answer is shown before the error
                raise
            out.write(text + (" ;\n" if nxt is not None else ".\n"))
            out.flush()
            prev = nxt
    finally:
        gen.close()
    if n == 0:
        out.write("false.\n")
        if unseen:
            from ..faces.dwim import unknown_atoms_note
            note = unknown_atoms_note(kb.store, unseen)
            if note:
                out.flush()
                print(note, file=sys.stderr)
    if getattr(gen, "truncated", False):
        print(f"% the search ended at its budget of {scored['max_expansions']} expansions: "
              "answers it did not reach may exist", file=sys.stderr)
    return 0 if n else 1


def _write_json(out, doc) -> None:
    out.write(json.dumps(doc, allow_nan=False) + "\n")
    out.flush()
