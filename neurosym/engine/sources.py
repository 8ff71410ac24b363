"""What a load directive names: libraries and source files.

``consult(F)``, ``[F, G]``, ``ensure_loaded(F)``, ``use_module(F)`` and
``load_files(F)`` name files or libraries as SWI-Prolog reads them:

* ``library(X)`` -- a library: ``LIBRARIES`` are the ones neurosym provides
  built in (their predicates are always there; ``MISSING`` names the exports
  of some that are not, and loading one of those is a warning naming them:
  ``partly_provided``); another is not provided,
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

__all__ = ["LIBRARIES", "LIBRARY_FILES", "AUTOLOAD_PATH", "MISSING", "partly_provided", "SANDBOX_REFUSED", "library_name", "spec_items", "source_path", "file_stamps", "changed"]

# libraries whose predicates neurosym has built in (``library(clpq)``: the
# ``{}/1`` constraints, docs/constraints.md)
LIBRARIES = frozenset({
    "lists", "apply", "aggregate", "pairs", "strings", "error", "debug",
    "ordsets", "solution_sequences", "yall", "apply_macros", "readutil",
    "occurs", "terms", "random", "sort", "option", "tabling", "clpq", "assoc",
    "dcg/basics",
})
# the exports of a library in ``LIBRARIES`` that neurosym does not define:
# loading the library is a warning that names them (``partly_provided``).
# tests/differential/test_libraries.py checks these against SWI-Prolog's
# exports: every other export of a library here is defined.
MISSING = {
    "aggregate": ("free_variables/4",),
    "strings": ("string/4", "indent_lines/3", "indent_lines/4", "dedent_lines/3",
                "interpolate_string/4"),
    "error": ("current_type/3",),
    "debug": ("debugging/2", "debug_message_context/1", "list_debug_topics/0",
              "list_debug_topics/1"),
    "solution_sequences": ("reduced/1", "reduced/3"),
    "yall": ("(/)/2", "(/)/3", "(/)/4", "(/)/5", "(/)/6", "(/)/7", "(/)/8", "(/)/9",
             "is_lambda/1", "lambda_calls/2", "lambda_calls/3"),
    "apply_macros": ("expand_phrase/2", "expand_phrase/4"),
    "readutil": ("read_line_to_codes/3", "read_stream_to_codes/2", "read_stream_to_codes/3",
                 "read_file_to_codes/3", "read_file_to_string/3", "read_file_to_terms/3"),
    "occurs": ("sub_term_shared_variables/3",),
    "terms": ("term_hash/4", "mapsubterms/3", "mapsubterms_var/3", "term_subsumer/3",
              "term_factorized/3", "term_size/2", "foldsubterms/4", "foldsubterms/5"),
    "random": ("random/3", "randset/3", "random_subseq/3", "randseq/3", "maybe/0",
               "maybe/1", "maybe/2", "setrand/1", "getrand/1", "random_select/3",
               "random_perm2/4", "random_numlist/4"),
    "sort": ("locale_sort/2",),
    "option": ("meta_options/3", "dict_options/2"),
    "clpq": ("clp_type/2", "dump/3", "entailed/1", "inf/2", "inf/4", "sup/2", "sup/4",
             "bb_inf/3", "bb_inf/4", "maximize/1", "minimize/1", "ordering/1"),
}
# libraries whose gaps are no warning: clpq's constraints are built in, its
# optimisation predicates are not (docs/constraints.md)
QUIET = frozenset({"clpq"})


def partly_provided(lib: str) -> str | None:
    """The warning for loading library ``lib`` (one in ``LIBRARIES``) when
    some of its exports are not defined, naming them; None when it is whole."""
    missing = MISSING.get(lib)
    if not missing or lib in QUIET:
        return None
    return (f"library({lib}) is only partly provided by neurosym: "
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not defined")


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
