"""``neurosym check FILE...``: report syntax errors and warnings.

Every file is loaded as the engine would load it (includes spliced in,
through the parse cache unless ``--no-cache``); each diagnostic is printed
as ``file:line:col: error|warning: message``, the source line and a caret.
A FILE that is a folder is read as a saved knowledge base
(``KnowledgeBase.load``: its manifest, checksums and program are checked).
Exit status: 0 clean, 1 warnings only, 2 errors (a missing file is an error).
"""

from __future__ import annotations

import argparse
import os

from ..lang.loader import check_file


def register(sub) -> None:
    p = sub.add_parser("check", help="check source files for syntax errors and warnings",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("files", nargs="+", metavar="FILE", help=".nsl/.pl/.nl or .tsv files, or saved knowledge base folders")
    p.add_argument("--no-cache", action="store_true", help="do not use the parse cache")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    n_err = n_warn = 0
    for path in args.files:
        if os.path.isdir(path):           # a saved knowledge base: read and verified
            n_err += _check_saved(path)
            continue
        try:
            _, errors, warnings = check_file(path, use_cache=not args.no_cache)
        except OSError as e:
            print(f"{path}: error: {e.strerror or e}")
            n_err += 1
            continue
        n_err += len(errors)
        n_warn += len(warnings)
        if not args.quiet:
            for d in sorted(errors + warnings, key=_order):
                print(d.render())
    if n_err or n_warn:
        print(f"{_plural(n_err, 'error')}, {_plural(n_warn, 'warning')}")
    return 2 if n_err else 1 if n_warn else 0


def _check_saved(path: str) -> int:
    """Open the saved knowledge base folder ``path`` (its manifest, checksums
    and program); print the error and return 1 if it cannot be opened."""
    from ..errors import NeurosymError
    from ..kb import KnowledgeBase
    try:
        KnowledgeBase.load(path)
    except (NeurosymError, OSError) as e:
        print(e.render() if isinstance(e, NeurosymError) else f"{path}: error: {e}")
        return 1
    return 0


def _order(d) -> tuple:
    return (d.file or "", d.line, d.column)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
