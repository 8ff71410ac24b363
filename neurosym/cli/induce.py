"""``neurosym induce DIR``: learn a program from a Popper task folder.

DIR holds ``exs.pl`` (``pos(...)``/``neg(...)`` examples), ``bk.pl`` (the
background knowledge) and ``bias.pl`` (``head_pred/2``, ``body_pred/2``,
``max_vars/1``, ``max_body/1``, ``max_clauses/1``, ``type/2``, ``direction/2``,
``enable_recursion``), as Popper reads them (``docs/induce.md``).  Prints the
smallest program found, one clause a line, then its precision, recall,
confusion counts, size and time, as Popper does.  Options override the bias
file.  Exit status: 0 a program was found, 1 none, 2 on an error (a bad file
is reported at its line and column).
"""

from __future__ import annotations

import sys

from ..errors import SourceError
from ..kb import KnowledgeBase
from ..learning.induce.popper import load_task
from ..terms import indicator


def register(sub) -> None:
    p = sub.add_parser("induce", help="learn rules from examples (a Popper task folder)",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("folder", metavar="DIR", help="folder with exs.pl, bk.pl and bias.pl")
    p.add_argument("--max-vars", type=int, metavar="N", help="variables per clause")
    p.add_argument("--max-body", type=int, metavar="N", help="body literals per clause")
    p.add_argument("--max-clauses", type=int, metavar="N", help="clauses per program")
    p.add_argument("--noise", type=int, metavar="N",
                   help="misclassified examples allowed (default 0)")
    p.add_argument("--timeout", type=float, metavar="S", help="give up after S seconds (60)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    task = load_task(args.folder)
    for w in task.warnings:
        print(f"warning: {w}", file=sys.stderr)
    kb = KnowledgeBase(output=sys.stderr)
    kb.consult(task.bk, partial=False)
    for ind, (file, line, col) in task.spans.items():
        if not any(indicator(k[0], k[1]) == ind for k in kb.store.predicates()):
            raise SourceError(f"body_pred {ind} has no clauses in {task.bk}", file, line, col)
    fields = {k: getattr(args, k) for k in ("max_vars", "max_body", "max_clauses", "noise",
                                            "timeout") if getattr(args, k) is not None}
    result = kb.induce(task.target, task.pos, task.neg, bias=task.bias, **fields)
    if args.json:
        print(result.model_dump_json(indent=2))
    else:
        print(result)
    return 0 if result.solved else 1
