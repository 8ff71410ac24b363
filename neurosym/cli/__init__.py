"""The ``neurosym`` command line.

Each subcommand lives in its own module of this package and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a handler
``handler(args) -> int`` (the exit status).  ``main`` renders every
``NeurosymError`` in one or two lines and exits 2: never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import sys

from .. import __version__
from ..errors import NeurosymError, did_you_mean, render_os_error
from .memory import keep_freed_memory

# subcommand modules, in the order ``--help`` lists them
COMMANDS = ["check", "query", "run", "repl", "similar", "materialize", "train", "eval",
            "datasets", "induce"]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; ``only``: register that subcommand alone (its
    module is the only one imported -- ``neurosym query`` need not import
    what ``train``, ``eval`` or ``similar`` need)."""
    parser = argparse.ArgumentParser(
        prog="neurosym",
        description="A neuro-symbolic reasoning engine with a Prolog-compatible language.",
    )
    parser.add_argument("--version", action="version", version=f"neurosym {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in ([only] if only in COMMANDS else COMMANDS):
        importlib.import_module(f".{name}", __name__).register(sub)
    return parser


def _subcommand(parser: argparse.ArgumentParser, args) -> argparse.ArgumentParser | None:
    """The parser of the subcommand ``args`` are for, or None."""
    sub = next((a for a in parser._subparsers._group_actions     # noqa: SLF001 -- argparse's
                if isinstance(a, argparse._SubParsersAction)), None)  # only way to the subparsers
    return sub.choices.get(getattr(args, "command", None)) if sub is not None else None


def _suggest(parser: argparse.ArgumentParser, args, extras: list[str]) -> str:
    """The usage error for unknown arguments, with the options of the
    subcommand that are close to each unknown option."""
    cmd = _subcommand(parser, args)
    known = list(cmd._option_string_actions) if cmd is not None else []
    text = f"unrecognized arguments: {' '.join(extras)}"
    for word in extras:
        name = word.split("=", 1)[0]
        if name.startswith("-"):
            dashed = name.replace("_", "-")      # --top_k: --top-k alone, not its neighbours
            near = [dashed] if dashed in known else difflib.get_close_matches(
                dashed, known, n=3, cutoff=0.6)
            if near:
                text += f"; {name}: did you mean {' or '.join(near)}?"
    return text


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0] if argv else None)
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        near = difflib.get_close_matches(argv[0], COMMANDS, n=3, cutoff=0.6)
        parser.error(f"unknown command {argv[0]!r}{did_you_mean(near)} "
                     f"(commands: {', '.join(COMMANDS)})")
    args, extras = parser.parse_known_args(argv)
    if extras:      # one line that names the subcommand, not the top-level usage
        cmd = _subcommand(parser, args)
        if cmd is None:
            parser.error(_suggest(parser, args, extras))
        print(f"{cmd.prog}: error: {_suggest(parser, args, extras)} "
              f"({cmd.prog} --help lists the options)", file=sys.stderr)
        raise SystemExit(2)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    for stream in (sys.stdout, sys.stderr):     # a non-UTF-8 terminal: escape, never crash
        enc = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    keep_freed_memory()     # numpy temporaries reuse the heap (cli/memory.py)
    try:
        return int(args.func(args) or 0)
    except NeurosymError as e:
        sys.stdout.flush()          # what was printed before the error comes first
        print(e.render(), file=sys.stderr)
        return 2
    except OSError as e:
        print(render_os_error(e), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
