"""``neurosym materialize FILE [--out FILE]``: every fact the rules entail.

Loads FILE (its ``?-`` queries are not run), evaluates the predicates defined
by rules bottom-up (``docs/datalog.md``) and writes their facts as quoted,
re-readable NSL, one ``% name/arity: N facts`` comment before each predicate,
to stdout or atomically to ``--out`` (a ``.parquet`` name writes Parquet:
``docs/scale.md``).  ``--backend duckdb`` evaluates the rules as SQL on DuckDB
(the ``duckdb`` extra) instead of numpy, ``--backend spark`` on Spark in local
mode (the ``spark`` extra); the facts are the same.  ``--pred name/arity`` (repeatable)
materialises only those predicates.  Every predicate materialised must be in
the Datalog fragment and stratified, else the error names the clause or the
cycle (exit 2); ``--skip-outside`` leaves predicates outside the fragment out
with a warning instead.  Exit status: 0 done, 2 on an error.
"""

from __future__ import annotations

import sys

from ..engine.datalog import NotInFragment
from ..engine.datalog.materialize import BACKENDS
from .sources import open_sources


def register(sub) -> None:
    p = sub.add_parser("materialize", help="write every fact the rules entail (bottom-up)",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("file", metavar="FILE", help="source file (.nsl, .pl, .tsv) or a saved knowledge base (a directory)")
    p.add_argument("--out", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    p.add_argument("--pred", action="append", metavar="NAME/ARITY",
                   help="materialise only this predicate (repeatable)")
    p.add_argument("--backend", choices=BACKENDS, default="numpy",
                   help="evaluate with numpy (default), or as SQL on DuckDB or Spark")
    p.add_argument("--skip-outside", action="store_true",
                   help="leave out predicates outside the Datalog fragment (with a warning)")
    p.set_defaults(func=run)


def run(args) -> int:
    kb = open_sources([args.file], partial=False, output=sys.stderr)
    try:
        res = kb.materialize(args.pred, skip_outside=args.skip_outside, backend=args.backend)
    except NotInFragment as e:
        hint = "" if args.pred else "\n  (--skip-outside leaves predicates outside the fragment out)"
        print(f"{e.render()}{hint}", file=sys.stderr)
        return 2
    for ind, why in res.skipped.items():
        print(f"warning: skipped {ind}: {why}", file=sys.stderr)
    if args.out:
        res.save(args.out)
    else:
        res.write_nsl(sys.stdout)
    return 0
