"""``neurosym run FILE``: load a file and run its ``?-`` queries.

Each ``?- Goal.`` of the file runs in order, after the clauses and
directives before it are loaded; the query is echoed (``?- Goal.``), its
output appears as it is written, and its answers are printed as
``neurosym query`` prints them (every answer; ``--limit N`` per query).
A query that raises prints the error and the run goes on.  A file with
syntax errors runs what parsed (the errors are printed first).  Exit
status: 0 when every query had an answer, 1 when some query had none (or
an ``initialization(main, main)`` goal failed, as ``swipl`` exits), 2 on
an error: a syntax error, or a query, directive or ``initialization/1,2``
goal that raised.
"""

from __future__ import annotations

import sys

from ..errors import NeurosymError
from ..kb import KnowledgeBase
from ..terms.printer import format_term
from .query import DEFAULT_TIME, add_sandbox_option, limits_from, print_answers

__all__ = ["register"]


def register(sub) -> None:
    p = sub.add_parser(
        "run", help="load a file and run its ?- queries",
        description="Load FILE and run each of its ?- queries in order, printing their "
                    "answers (all of them) and output. Exit status: 0 if every query had "
                    "an answer, 1 if some had none, 2 on an error (a syntax error, or a "
                    "query, directive or initialization goal that raised).")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--limit", type=int, metavar="N", help="at most N answers per query")
    p.add_argument("--proof", action="store_true", help="print each answer's proof tree")
    p.add_argument("--time", type=float, default=DEFAULT_TIME, metavar="SECONDS",
                   help=f"wall-clock limit per query (default {DEFAULT_TIME:g}s; 0 = none)")
    p.add_argument("--inferences", type=int, metavar="N", help="inference limit per query")
    p.add_argument("--depth", type=int, metavar="N", help="recursion depth limit")
    add_sandbox_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    kb = KnowledgeBase(sandbox=args.sandbox)
    status = {"code": 0}

    def on_query(q) -> None:
        names = {v: n for n, v in q.variables.items()}
        sys.stdout.write(f"?- {format_term(q.goal, quoted=True, var_names=names, spacing='next_argument')}.\n")
        sys.stdout.flush()
        try:
            code = print_answers(kb, q, limit=args.limit, proof=args.proof,
                                 limits=limits_from(args))
        except NeurosymError as e:
            sys.stdout.flush()
            where = f"{q.span.file or args.file}:{q.span.line}: " if q.span else ""
            print(f"{where}{e.render()}", file=sys.stderr)
            status["code"] = 2
            return
        if code and status["code"] == 0:
            status["code"] = 1

    kb.consult(args.file, on_query=on_query)
    if kb.errors:
        return 2
    return 1 if kb.loader.main_failed else status["code"]
