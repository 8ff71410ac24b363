"""The ``neurosym`` command line.

Each subcommand lives in its own module of this package and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a handler
``handler(args) -> int`` (the exit status).  ``main`` renders every
``NeurosymError`` in one or two lines and exits 2: never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..errors import NeurosymError, render_os_error

# subcommand modules, in the order ``--help`` lists them
COMMANDS = ["check", "query", "run", "repl", "similar", "materialize", "train", "eval"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="neurosym",
        description="A neuro-symbolic reasoning engine with a Prolog-compatible language.",
    )
    parser.add_argument("--version", action="version", version=f"neurosym {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".{name}", __name__).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
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
