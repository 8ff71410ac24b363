"""The sandbox: what a knowledge base that consults an untrusted file may run.

A sandboxed machine (``Machine(..., builtins=sandboxed_builtins())``) runs
the builtins that only compute on terms and on the knowledge base itself
(unification, arithmetic, atoms and strings, lists, assert/retract, findall,
global variables, operators, flags, writing to the current output...).  Every
other builtin -- anything that reaches files, streams, the environment, the
process or the clock (``open/3``, ``see/1``, ``read_term/2``, ``consult/1``,
``shell/1``, ``getenv/2``, ``halt/0``, ``sleep/1``...), sympy's ``sym_*``
and ``{}/1`` (which may run for long outside the machine's limits) -- raises
``permission_error(call, sandboxed, Name/Arity)``.  It is an allow-list: a
builtin registered later in a module not listed in :data:`SAFE_MODULES`, or
in ``io``/``misc`` and not named in :data:`SAFE_NAMES`, is refused until it
is reviewed and added here.  The names in :data:`UNSAFE` are refused even
where no builtin of that name exists, so a sandboxed program never falls
through to a user definition of them either.

The loader of a sandboxed knowledge base refuses ``include``, ``consult``,
``ensure_loaded``, ``load_files`` and ``[File]`` of files (libraries that
neurosym provides are fine), and runs every directive under the limits of a
:class:`Sandbox` config (``engine/loader.py``).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..errors import PermissionError_
from ..terms import Atom, Struct
from .builtins.registry import BUILTINS, Builtin
from .limits import Limits

__all__ = ["Sandbox", "sandboxed_builtins", "allowed", "SAFE_MODULES", "SAFE_NAMES", "UNSAFE"]

_PKG = "neurosym.engine.builtins."

#: modules whose builtins compute only on terms and the knowledge base
SAFE_MODULES = frozenset(_PKG + m for m in (
    "aggregate", "allsol", "arith", "assoc", "atoms", "chars", "compare", "db", "dcg",
    "debug", "evaluable", "flags", "format", "globals", "help", "listing", "lists", "ops",
    "predprops", "terms", "typecheck", "types"))

#: the safe builtins of the mixed modules (``io``: writing to the current
#: output; ``misc``: statistics, random numbers, gensym ...)
SAFE_NAMES = {
    _PKG + "io": frozenset((
        "write", "print", "writeln", "writeq", "write_canonical", "write_term", "nl", "tab",
        "put_char", "flush_output", "$push_output", "$pop_output", "$output_to_sink")),
    _PKG + "misc": frozenset((
        "statistics", "garbage_collect", "random",
        "random_between", "random_member", "random_permutation", "set_random", "gensym",
        "reset_gensym", "current_predicate", "term_hash", "$time_state", "$time_report")),
}

#: refused in the sandbox whether or not a builtin of the name exists
UNSAFE = frozenset({
    ("open", 3), ("open", 4), ("close", 1), ("close", 2), ("see", 1), ("seen", 0),
    ("seeing", 1), ("tell", 1), ("told", 0), ("telling", 1), ("append", 1),
    ("set_input", 1), ("set_output", 1), ("set_stream", 2), ("stream_property", 2),
    ("read", 1), ("read", 2), ("read_term", 2), ("read_term", 3), ("read_clause", 3),
    ("get_char", 1), ("get_char", 2), ("peek_char", 1), ("peek_char", 2), ("get_code", 1),
    ("get_code", 2), ("read_line_to_string", 2), ("read_line_to_codes", 2),
    ("read_file_to_string", 3), ("read_file_to_terms", 3),
    ("consult", 1), ("ensure_loaded", 1), ("load_files", 1), ("load_files", 2),
    ("include", 1), ("make", 0), ("exists_file", 1), ("exists_directory", 1),
    ("delete_file", 1), ("rename_file", 2), ("directory_files", 2), ("make_directory", 1),
    ("working_directory", 2), ("chdir", 1), ("absolute_file_name", 2),
    ("absolute_file_name", 3), ("tmp_file", 2), ("tmp_file_stream", 3), ("size_file", 2),
    ("shell", 0), ("shell", 1), ("shell", 2), ("system", 1), ("process_create", 3),
    ("getenv", 2), ("setenv", 2), ("unsetenv", 1), ("halt", 0), ("halt", 1), ("sleep", 1),
    ("qsave_program", 2), ("thread_create", 3),
})


class Sandbox(BaseModel):
    """How a sandboxed knowledge base runs what it consults.

    ``limits``: the limits of each directive (and ``initialization/1`` goal)
    of a consulted file, and of each query where it sets none of its own
    (``QueryRunner.defaults``); ``load_time``: the wall-clock seconds all the
    directives of one consult may take together (then the rest are refused
    with a ``resource_error`` warning); ``max_file_bytes``: the largest file
    the sandbox consults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    limits: Limits = Limits(time=10.0, inferences=10_000_000, depth=100_000)
    load_time: float = Field(default=30.0, gt=0)
    max_file_bytes: int = Field(default=64 << 20, ge=0)


def allowed(b: Builtin) -> bool:
    """True when the sandbox runs builtin ``b``."""
    fn = b.fn
    module = getattr(getattr(fn, "func", fn), "__module__", "")   # functools.partial too
    if (b.name, b.arity) in UNSAFE:
        return False
    return module in SAFE_MODULES or b.name in SAFE_NAMES.get(module, ())


def _refuse(name: str, arity: int) -> Builtin:
    ind = Struct(Atom("/"), (Atom(name), arity))

    def refuse(m, *args):
        raise PermissionError_.new("call", "sandboxed", ind)

    return Builtin(name, arity, refuse, False)


def sandboxed_builtins() -> dict:
    """The builtin table of a sandboxed machine: the allowed builtins as they
    are, every other one (and every name in :data:`UNSAFE`) refusing."""
    table = {k: (b if allowed(b) else _refuse(b.name, b.arity)) for k, b in BUILTINS.items()}
    for name, arity in UNSAFE:
        table.setdefault((Atom(name), arity), _refuse(name, arity))
    return table
