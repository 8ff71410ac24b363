"""What a load directive names: libraries and source files.

``consult(F)``, ``[F, G]``, ``ensure_loaded(F)``, ``use_module(F)`` and
``load_files(F)`` name files or libraries as SWI-Prolog reads them:

* ``library(X)`` -- a library: ``LIBRARIES`` are the ones neurosym provides
  built in (their predicates are always there); another is not provided,
  and the loader says so in a warning naming it (``library_name``), as it
  does for ``SANDBOX_REFUSED`` in a sandboxed knowledge base;
* ``f``, ``'f.pl'``, ``"f"``, ``dir/f`` -- a file, relative to the file being
  loaded (at the toplevel: to the working directory), the extension
  optional (``.nsl``, ``.pl``, ``.nl`` are tried first);
* a list of these.

``file_stamps`` records the modification times of a load's files, so that
``make/0`` reloads the files that changed since (``changed``).
"""

from __future__ import annotations

import os

from ..errors import PrologError
from ..terms import Atom, Struct, deref, iter_list

__all__ = ["LIBRARIES", "LIBRARY_FILES", "AUTOLOAD_PATH", "SANDBOX_REFUSED", "library_name", "spec_items", "source_path", "file_stamps", "changed"]

# libraries whose predicates neurosym has built in (``library(clpq)``: the
# ``{}/1`` constraints, docs/constraints.md)
LIBRARIES = frozenset({
    "lists", "apply", "aggregate", "pairs", "strings", "between", "error", "debug",
    "dicts", "ordsets", "solution_sequences", "yall", "apply_macros", "readutil",
    "occurs", "terms", "random", "sort", "option", "main", "tabling", "clpq",
    "dcg/basics",
})
# libraries that are files of their own, added to the library store when a
# program uses them (their predicates are not defined before, as in SWI)
LIBRARY_FILES = {
    "dcg/basics": os.path.join(os.path.dirname(os.path.abspath(__file__)), "libs",
                               "dcg_basics.nsl"),
}
# more of SWI's autoloaded library predicates (lists, apply, pairs, ordsets,
# solution_sequences, assoc, error, option, occurs, terms), always loaded
# with the prelude into the library store
AUTOLOAD_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libs", "autoload.nsl")
# those whose predicates a sandboxed knowledge base refuses (``{}/1``, streams)
SANDBOX_REFUSED = frozenset({"clpq", "readutil"})

SOURCE_EXTENSIONS = (".nsl", ".pl", ".nl")
_SLASH = Atom("/")
_A = Atom


def spec_items(spec) -> list:
    """The specs of ``spec``: its elements when it is a list, else itself."""
    f = deref(spec)
    if type(f) is Struct and f.name.name == "[|]" and len(f.args) == 2:
        return [deref(x) for x in iter_list(f)]
    return [f]


def library_name(spec) -> str | None:
    """``X`` of a spec ``library(X)`` (``dcg/basics`` for ``library(dcg/basics)``),
    or None when ``spec`` does not name a library."""
    f = deref(spec)
    if type(f) is Struct and f.name.name == "library" and len(f.args) == 1:
        name = _path_text(f.args[0])
        if name is None:
            raise PrologError.make(Struct(_A("type_error"), (_A("source_sink"), f)))
        return name
    return None


def source_path(spec, base: str | None) -> str:
    """The file that ``spec`` (an atom, a string or ``dir/name``) names,
    relative to directory ``base`` (``None``: the working directory); a name
    without an extension gets the first of ``.nsl``, ``.pl``, ``.nl`` that
    exists.  Raises ``existence_error(source_sink, Spec)`` when there is no
    such file."""
    name = _path_text(spec)
    if name is None:
        raise PrologError.make(Struct(_A("type_error"), (_A("source_sink"), deref(spec))))
    name = os.path.expanduser(name)
    path = name if os.path.isabs(name) or not base else os.path.join(base, name)
    if not os.path.splitext(path)[1]:
        for ext in SOURCE_EXTENSIONS:
            if os.path.isfile(path + ext):
                return path + ext
    if not os.path.isfile(path):
        raise PrologError.make(Struct(_A("existence_error"), (_A("source_sink"), deref(spec))))
    return path


def _path_text(t) -> str | None:
    t = deref(t)
    if type(t) is Atom:
        return t.name
    if type(t) is str:
        return t
    if type(t) is Struct and t.name is _SLASH and len(t.args) == 2:
        a, b = _path_text(t.args[0]), _path_text(t.args[1])
        return f"{a}/{b}" if a and b else None
    return None


def file_stamps(files) -> dict[str, int]:
    """Each file's modification time (ns); a file that is gone is left out."""
    out = {}
    for f in files:
        try:
            out[f] = os.stat(f).st_mtime_ns
        except OSError:
            continue
    return out


def changed(stamps: dict[str, int]) -> bool:
    """True when a file of ``stamps`` was modified (or removed) since."""
    now = file_stamps(stamps)
    return now != stamps
