"""``neurosym repl [FILE...]``: the interactive toplevel.

On a terminal: prompt_toolkit line editing, history, completion, one key
after each answer (see ``neurosym.faces.terminal``).  When stdin is not a
terminal (a pipe, a file): goals are read line by line (a goal may span
lines up to its final ``.``), every answer is printed without waiting, and
no prompt is written; the exit status is 0 at end of input (``halt(N).``
exits N).
"""

from __future__ import annotations

import signal
import sys

from ..faces.toplevel import InputGate, Toplevel
from ..kb import KnowledgeBase
from .query import add_sandbox_option
from .sources import check_not_dir, saved_kb

__all__ = ["register", "run", "pipe_loop"]


def register(sub) -> None:
    p = sub.add_parser(
        "repl", help="interactive toplevel (SWI-Prolog style)",
        description="Load FILE... and answer goals typed at the ?- prompt, as the "
                    "SWI-Prolog toplevel does. :help lists neurosym's own commands. "
                    "When stdin is not a terminal, goals are read from it and all "
                    "answers printed.")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="source files (.nsl, .pl, .tsv); the first may be a saved knowledge "
                        "base (a directory, as :open DIR opens it)")
    p.add_argument("--time", type=float, metavar="SECONDS",
                   help="wall-clock limit of each query (default: none)")
    p.add_argument("--inferences", type=int, metavar="N", help="inference limit of each query")
    p.add_argument("--depth", type=int, metavar="N", help="depth limit of each query")
    p.add_argument("-q", "--quiet", action="store_true", help="no banner")
    add_sandbox_option(p)
    p.set_defaults(func=run)


def _catch_ctrl_c() -> None:
    """Make Ctrl-C abort a goal even when the REPL was started with SIGINT
    ignored or blocked (as a shell starts background jobs): Python keeps an
    inherited ``SIG_IGN`` and would never raise ``KeyboardInterrupt``."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def run(args) -> int:
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    files = list(args.files)
    if files and saved_kb(files[0]):       # a saved knowledge base first: as :open DIR
        kb = KnowledgeBase.load(files.pop(0), sandbox=args.sandbox)
    else:
        kb = KnowledgeBase(sandbox=args.sandbox)
    top = Toplevel(kb, rich=interactive)
    try:
        top.set_limits(time=args.time if args.time and args.time > 0 else None,
                       inferences=args.inferences, depth=args.depth)
    except ValueError as e:
        top.error(f"error: bad limits: {e}")
        return 2
    for f in files:
        try:
            check_not_dir(f)
            top.kb.consult(f)
        except Exception as e:  # noqa: BLE001 -- a bad file must not stop the toplevel
            top.show_error(e)
        else:
            top.files.append(f)
    if interactive:
        from ..faces.terminal import interact  # prompt_toolkit: only for a terminal
        _catch_ctrl_c()
        return interact(top, banner=not args.quiet)
    return pipe_loop(top, sys.stdin)


def pipe_loop(top, stream) -> int:
    """Answer the goals read from ``stream`` (no prompts, no waiting).

    Ctrl-C (SIGINT) while a goal runs aborts that goal and reading goes on
    (``% Execution Aborted``); while waiting for input it ends the session
    as the end of input does (exit status 0, the unfinished goal dropped),
    not with a traceback or status 130."""
    top.ask = None
    buf: list[str] = []
    gate = InputGate()
    lines = iter(stream)
    while True:
        try:
            line = next(lines)
        except StopIteration:
            break
        except KeyboardInterrupt:          # idle: a clean end of the session
            return top.halted or 0
        buf.append(line)
        text = "".join(buf)
        if not gate.complete(text, top.ops):
            continue
        buf = []
        top.handle(text)
        if top.halted is not None:
            return top.halted
    if "".join(buf).strip():
        top.handle("".join(buf))      # the syntax error of an unfinished goal
    return top.halted or 0
