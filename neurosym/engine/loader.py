"""Loading programs into a store: clauses and directives, in source order.

Directives are interpreted as SWI-Prolog does when it consults a file:

* ``dynamic``, ``discontiguous``, ``table``, ``soft`` -- declare predicate
  flags; the argument may be ``p/1``, ``p/1, q/2`` or ``[p/1, q/2]``;
* ``include(File)`` -- the file's items, spliced in (``lang.loader``);
* ``use_module(library(X))``, ``use_module(library(X), Imports)``,
  ``ensure_loaded(library(X))`` -- accepted for the libraries neurosym
  provides built in (``sources.LIBRARIES``); another library is a warning
  that names it (its predicates are not defined);
  ``ensure_loaded(File)`` / ``use_module(File)`` / ``consult(File)`` /
  ``[File]`` load a file (``sources.source_path``): ``ensure_loaded`` and
  ``use_module`` skip a file already loaded, ``consult`` loads it again and
  its new clauses replace the old ones (as in SWI-Prolog); a file that is
  being loaded is not loaded again inside itself (a consult cycle);
* ``initialization(G)`` -- ``G`` runs after the load; ``initialization(G, now)``
  runs at once; ``initialization(G, main)`` runs after the load too (when
  it fails, ``main_failed`` is set: ``neurosym run`` then exits 1, as
  ``swipl`` does);
* ``set_prolog_flag(F, V)`` -- sets the flag;
* anything else runs as a goal (once).

A ``?- Query.`` in a file goes to the ``on_query`` callback of the load
(``neurosym run`` prints its answers); without one it is not run.

A file with syntax errors loads the clauses that parsed, as SWI-Prolog
does, and reports each error (``file:line:col``, the line, a caret) --
unless it is consulted with ``partial=False``: then it raises one
``ParseError`` and loads nothing.  ``make()`` consults again the files
changed since their last load.

Grammar rules (``Head --> Body``) are translated to clauses as SWI-Prolog
translates them (``builtins.dcg.dcg_transform``).

A sandboxed loader (``sandbox``: a ``sandbox.Sandbox``) refuses to load
other files (``include``, ``consult`` ...: ``permission_error(open,
source_sink, File)``), consults files of at most ``max_file_bytes``, and runs
each directive under ``sandbox.limits`` and within ``load_time`` seconds for
the whole load.

Nested loads do not recurse: the files being loaded are a stack of frames
(each an iterator over its items) that one loop drives, so a chain of
hundreds of files consulting each other is fine.

A directive that fails or raises prints a warning with its ``file:line``
(as SWI does) and loading goes on.  Clauses for control constructs or
builtins are refused with a permission error, reported the same way.
``errors`` keeps every error a load reported (syntax errors, goals that
raised), as exceptions.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from typing import TYPE_CHECKING

from ..errors import NeurosymError, PermissionError_, PrologError, ResourceError, SourceError
from ..lang.facts import FactBlock, segments
from ..lang.loader import load_file
from ..lang.parser import parse_program
from ..lang.program import Directive, Query
from ..store import Store
from ..terms import COMMA, NIL, TRUE, Atom, Clause, Struct, Var, deref, iter_list
from ..terms.printer import format_term
from .builtins import PRELUDE_PATH
from .builtins.dcg import dcg_transform
from .builtins.registry import BUILTINS
from .machine import CONTROL
from .sources import (
    AUTOLOAD_PATH,
    LIBRARIES,
    LIBRARY_FILES,
    SANDBOX_REFUSED,
    changed,
    file_stamps,
    library_name,
    partly_provided,
    source_path,
    spec_items,
)

if TYPE_CHECKING:
    from .limits import Limits

__all__ = ["Loader", "LIBRARIES", "library_store", "pred_specs"]

_SLASH = Atom("/")
_DSLASH = Atom("//")
_DCG = Atom("-->")
_NECK = Atom(":-")
_A = Atom
_DECL = {"dynamic": "dynamic", "discontiguous": "discontiguous", "table": "table",
         "soft": "soft"}

_LIBRARIES: dict = {}      # frozenset of extra libraries -> their library store


def library_store(extra: frozenset = frozenset()):
    """The shared, read-only store of the prelude's library predicates
    (loaded once per process), with the predicates of the libraries
    ``extra`` names (``sources.LIBRARY_FILES``: ``dcg/basics``) that a
    program loaded by ``use_module``."""
    lib = _LIBRARIES.get(extra)
    if lib is None:
        lib = Store()
        for path in [PRELUDE_PATH, AUTOLOAD_PATH, *(LIBRARY_FILES[x] for x in sorted(extra))]:
            _fill_library(lib, load_file(path))
        _LIBRARIES[extra] = lib
    return lib


def _fill_library(lib, program) -> None:
    for item in program.items:
        if isinstance(item, Clause):
            if item.key == (_DCG, 2):
                t = deref(dcg_transform(item.head))
                if type(t) is Struct and t.name is _NECK and len(t.args) == 2:
                    item = Clause(deref(t.args[0]), t.args[1], item.weight, item.span,
                                  item.var_names)
                else:
                    item = Clause(t, TRUE, item.weight, item.span, item.var_names)
            lib.add(item)
            lib.declare(item.key, library=True)
        else:
            g = deref(item.goal)
            if type(g) is Struct and g.name.name in _DECL and len(g.args) == 1:
                for key in pred_specs(g.args[0]):
                    lib.declare(key, **{_DECL[g.name.name]: True})


def pred_specs(spec) -> list[tuple[Atom, int]]:
    """``p/1``, ``(p/1, q/2)``, ``[p/1]``, ``p//1`` -> keys; raises on bad specs."""
    out = []
    stack = [spec]
    while stack:
        s = deref(stack.pop())
        if type(s) is Var:
            raise PrologError.make(Atom("instantiation_error"))
        if type(s) is Struct and s.name is COMMA and len(s.args) == 2:
            stack.append(s.args[1])
            stack.append(s.args[0])
        elif type(s) is Struct and s.name.name == "[|]":
            stack.extend(reversed(list(iter_list(s))))
        elif s is NIL:
            continue
        elif type(s) is Struct and s.name.name == "as" and len(s.args) == 2:
            stack.append(s.args[0])     # table p/1 as subsumptive: the mode is ignored
        elif type(s) is Struct and len(s.args) == 2 and s.name in (_SLASH, _DSLASH):
            n, a = deref(s.args[0]), deref(s.args[1])
            if type(n) is not Atom or type(a) is not int:
                raise PrologError.make(Struct(_A("type_error"), (_A("predicate_indicator"), s)))
            out.append((n, a + (2 if s.name is _DSLASH else 0)))
        else:
            raise PrologError.make(Struct(_A("type_error"), (_A("predicate_indicator"), s)))
    return out


class Loader:
    """Loads programs into a store through a machine: clauses go to
    ``machine.store``, directives run through ``runner`` (a ``QueryRunner``),
    warnings are appended to ``warnings`` and passed to ``warn`` (default:
    print to stderr)."""

    def __init__(self, machine, runner, warnings: list, warn=None, sandbox=None) -> None:
        self.machine = machine
        self.store = machine.store
        self.runner = runner
        self.warnings = warnings
        self.errors: list[NeurosymError] = []     # what loads reported as errors
        self.main_failed = False     # an initialization(G, main) goal failed
        self.warn = warn if warn is not None else self._print_warning
        self.initialization: list = []
        self.limits = None       # the Limits directives run under (the REPL's --time)
        self.frames: list[_Frame] = []     # the programs being loaded, innermost last
        self.loaded: dict[str, _Frame] = {}    # real path -> its last load
        self.sandbox = sandbox
        self._until: float | None = None     # the sandbox's end of the current load

    # -- files and text ----------------------------------------------------------
    def consult(self, path, on_query=None, partial: bool = True, again: bool = True) -> bool:
        """Load a source file; see ``KnowledgeBase.consult``.  A file loaded
        before is loaded again (its clauses replaced) unless ``again`` is
        False (``ensure_loaded``); a file being loaded is skipped.  Returns
        whether it was loaded."""
        real = os.path.realpath(path)
        if any(f.real == real for f in self.frames):
            return False           # a consult cycle: the file is being loaded already
        if real in self.loaded and not again:
            return False
        stamps = file_stamps([path])
        sb = self.sandbox
        if sb is not None:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                raise PermissionError_.new("open", "source_sink", Atom(os.fspath(path)))
            if st.st_size > sb.max_file_bytes:
                raise ResourceError.new("file_size")
        program = load_file(path, ops=self.machine.ops, partial=partial,
                            includes=sb is None)
        for e in program.errors:
            self.error(e)
        old = self.loaded.pop(real, None)
        if old is not None:
            self._unload(old)
        frame = _Frame(program, on_query, real=real)
        frame.path, frame.partial, frame.stamps = os.fspath(path), partial, stamps
        self.loaded[real] = frame
        self._sandboxed(frame)
        return True

    def make(self) -> list[str]:
        """Consult again each file modified since its last load (or one of
        the files it included), as SWI-Prolog's ``make/0``; returns their paths."""
        done = []
        for real, frame in list(self.loaded.items()):
            if self.loaded.get(real) is frame and changed(frame.stamps) \
                    and os.path.isfile(frame.path):
                self.consult(frame.path, on_query=frame.on_query, partial=frame.partial)
                done.append(frame.path)
        return done

    def load_string(self, text: str, file: str | None = None, on_query=None) -> None:
        self.load_program(parse_program(text, file, ops=self.machine.ops), on_query=on_query)

    def declare(self, key: tuple[Atom, int], flag: str) -> None:
        """Declare ``flag`` (dynamic, discontiguous, table, soft) for ``key``."""
        self.store.declare(key, **{flag: True})
        if flag == "table":
            self.machine.tabled.add(key)
            self.machine.invalidate()

    @staticmethod
    def _print_warning(text: str) -> None:
        print(text, file=sys.stderr)

    def warning(self, span, message: str) -> None:
        """Warn about ``span`` (None: text typed at the toplevel, no place)."""
        if span is None:
            self.warnings.append(message)
            self.warn(f"Warning: {message}")
            return
        where = f"{span.file or '<string>'}:{span.line}:"
        self.warnings.append(f"{where} {message}")
        self.warn(f"Warning: {where}\nWarning:    {message}")

    def error(self, e: NeurosymError) -> None:
        """Report an error of a load (a syntax error of a partial load)."""
        self.errors.append(e)
        self.warnings.append(str(e))
        self.warn(e.render())

    # -- programs -------------------------------------------------------------
    def load_program(self, program, on_query=None, run_init: bool = True) -> None:
        self._sandboxed(_Frame(program, on_query, run_init=run_init))

    def _sandboxed(self, frame: "_Frame") -> None:
        """``_run``, within the sandbox's time for the whole load (if any)."""
        if self.sandbox is not None and self._until is None:
            self._until = time.monotonic() + self.sandbox.load_time
            try:
                self._run(frame)
            finally:
                self._until = None
        else:
            self._run(frame)

    def _run(self, frame: "_Frame") -> None:
        """Load ``frame``'s program.  Inside a load (a nested consult or
        include) it only joins the stack: the driving loop below loads it
        next, before the rest of the file that asked for it."""
        for w in getattr(frame.program, "warnings", ()):
            self.warnings.append(str(w))
            self.warn(w.render() if isinstance(w, NeurosymError) else str(w))
        frames = self.frames
        frames.append(frame)
        if len(frames) > 1:
            return
        try:
            while frames:
                top = frames[-1]
                step = next(top.steps, None)
                if step is None:
                    frames.pop()
                    if top.stamps is not None:      # the files it read, for make/0
                        top.stamps.update(file_stamps(top.files - top.stamps.keys()))
                    if top.run_init:
                        self.run_initialization(top)
                    continue
                if type(step) is FactBlock:
                    owner = self._owner()
                    owner.keys.update((_A(n), a) for n, a in step.preds)
                    owner.files.add(step.file)
                    self.store.add_block(step)     # columnar: no object per fact
                else:
                    self._item(step, top.on_query)
        finally:
            frames.clear()

    def _unload(self, frame: "_Frame") -> None:
        """Retract the clauses a file's last load added (before it is
        consulted again)."""
        store = self.store
        for key in frame.keys:
            for cl in store.clauses(key):
                if cl.span is not None and cl.span.file in frame.files:
                    store.retract(cl)

    @staticmethod
    def _plain_facts(block) -> bool:
        """True when a fact block may go to the store as it is: none of its
        predicates is a builtin, a control construct or a DCG rule."""
        for name, arity in block.preds:
            key = (_A(name), arity)
            if key in CONTROL or key in BUILTINS or (name == "-->" and arity == 2):
                return False
        return True

    def _item(self, item, on_query) -> None:
        if isinstance(item, Clause):
            self.add_clause(item)
        elif isinstance(item, Directive):
            self.directive(item.goal, item.span)
        elif isinstance(item, Query) and on_query is not None:
            on_query(item)

    def run_initialization(self, frame: "_Frame | None" = None) -> None:
        """Run the ``initialization/1`` goals of ``frame``'s file (default:
        those of text loaded outside any file)."""
        owner = frame.init if frame is not None else self.initialization
        init = list(owner)
        owner.clear()
        for goal, span, main in init:
            if self.run_goal(goal, span) is False and main:
                self.main_failed = True

    def add_clause(self, clause: Clause) -> bool:
        head = clause.head
        if type(head) is Struct and head.name is _DCG and len(head.args) == 2 \
                and clause.body is TRUE:
            clause = self._dcg(clause)
            if clause is None:
                return False
        key = clause.key
        if key in CONTROL or key in BUILTINS:
            err = PermissionError_.new("modify", "static_procedure",
                                       Struct(_SLASH, (key[0], key[1])))
            self.warning(clause.span, f"No permission to modify static procedure "
                                      f"`{key[0].name}/{key[1]}'")
            del err
            return False
        self.store.add(clause)
        if self.frames:
            owner = self._owner()
            owner.keys.add(key)
            if clause.span is not None:
                owner.files.add(clause.span.file)
        return True

    def _owner(self) -> "_Frame":
        """The file a clause being added belongs to: the innermost one being
        consulted (an included file's clauses are its includer's)."""
        for f in reversed(self.frames):
            if f.real is not None:
                return f
        return self.frames[-1]

    def _dcg(self, clause: Clause) -> Clause | None:
        """``Head --> Body`` translated as SWI-Prolog does (``dcg_transform``)."""
        try:
            t = deref(dcg_transform(clause.head))
        except PrologError as e:
            self.warning(clause.span, f"DCG rule not translated: {_describe(e)}")
            return None
        if type(t) is Struct and t.name is _NECK and len(t.args) == 2:
            head, body = deref(t.args[0]), t.args[1]
        else:
            head, body = t, TRUE
        return Clause(head, body, clause.weight, clause.span, clause.var_names)

    # -- directives -----------------------------------------------------------
    def directive(self, goal, span) -> None:
        try:
            self._directive(deref(goal), span)
        except NeurosymError as e:
            self._raised(span, e)

    def _raised(self, span, e: NeurosymError) -> None:
        self.errors.append(e)
        self.warning(span, f"Goal (directive) raised: {_describe(e)}")

    def _directive(self, g, span) -> None:
        name = g.name.name if type(g) is Struct else (g.name if type(g) is Atom else None)
        arity = len(g.args) if type(g) is Struct else 0
        if name in _DECL and arity >= 1:
            specs = g.args[0] if arity == 1 else _comma(g.args)
            for key in pred_specs(specs):
                self.declare(key, _DECL[name])
            return
        if name in ("multifile", "module_transparent", "meta_predicate", "public") and arity >= 1:
            return      # accepted; one module, nothing to declare
        if name == "module" and arity == 2:
            return      # a module file: its predicates all land in the one user module
        if name == "include" and arity == 1:
            self._include(g.args[0], span)
            return
        if name in ("use_module", "ensure_loaded", "consult", "load_files") and arity in (1, 2):
            self.use(name, g.args[0], span)
            return
        if name == "initialization" and arity in (1, 2):
            when = deref(g.args[1]) if arity == 2 else None
            if when is _A("now"):
                self.run_goal(g.args[0], span)
            else:
                self._init_list().append((g.args[0], span, when is _A("main")))
            return
        if name == "set_prolog_flag" and arity == 2:
            f = deref(g.args[0])
            if type(f) is not Atom:
                raise PrologError.make(Struct(_A("type_error"), (_A("atom"), f)))
            self.machine.flags[f.name] = deref(g.args[1])
            return
        if name == "[|]" and arity == 2:
            self.use("consult", g, span)
            return
        self.run_goal(g, span)

    def _init_list(self) -> list:
        """Where an ``initialization/1`` goal waits: with the innermost file
        being loaded that runs them (an included file's go to its includer)."""
        for f in reversed(self.frames):
            if f.run_init:
                return f.init
        return self.initialization

    def _limits(self) -> Limits | None:
        """The limits of a directive: ``limits`` (the REPL's), or the
        sandbox's within what is left of the load's time."""
        sb = self.sandbox
        if sb is None:
            return self.limits
        left = (self._until - time.monotonic()) if self._until is not None else sb.load_time
        if left <= 0:
            raise ResourceError.new("time")
        return sb.limits.model_copy(update={"time": min(sb.limits.time or left, left)})

    def run_goal(self, goal, span) -> bool | None:
        """Run a directive's goal once; whether it succeeded (None: it raised)."""
        try:
            ok = self.runner.once(goal, self._limits())
        except NeurosymError as e:
            self._raised(span, e)
            return None
        if not ok:
            self.warning(span, f"Goal (directive) failed: user:{format_term(goal, quoted=True)}")
        return bool(ok)

    def _base(self, span) -> str | None:
        """The directory a file named at ``span`` is relative to (None: the
        working directory)."""
        return os.path.dirname(span.file) if span is not None and span.file else None

    def _refuse_file(self, f) -> None:
        if self.sandbox is not None:
            raise PermissionError_.new("open", "source_sink", deref(f))

    def _use_library(self, lib: str) -> None:
        """Add the predicates of library ``lib`` (a file of its own) to the
        machine's library store (a program's own predicates still come first)."""
        m = self.machine
        have = m.library_extra
        if m.library is None or lib in have:
            return
        m.library_extra = have | {lib}
        m.library = library_store(m.library_extra)
        m.invalidate()

    def _include(self, f, span) -> None:
        self._refuse_file(f)
        path = source_path(f, self._base(span))
        partial = self._owner().partial if self.frames else True
        program = load_file(path, ops=self.machine.ops, partial=partial)
        for e in program.errors:
            self.error(e)
        self.load_program(program, run_init=False)

    def use(self, name: str, spec, span=None) -> list[str]:
        """Load what the directive ``name(spec)`` names (``consult``,
        ``ensure_loaded``, ``use_module``, ``load_files``; ``span``: where it
        stands, None at the toplevel); returns the paths of the files loaded.
        A library neurosym does not provide is a warning naming it, one it
        provides in part a warning naming what is missing; a missing
        file raises ``existence_error(source_sink, F)``."""
        done = []
        partial = self._owner().partial if self.frames else True
        for f in spec_items(spec):
            lib = library_name(f)
            if lib is not None:
                if lib not in LIBRARIES:
                    self.warning(span, f"library({lib}) is not provided by neurosym: "
                                       f"its predicates are not defined")
                    continue
                partly = partly_provided(lib)
                if partly is not None:
                    self.warning(span, partly)
                if lib in LIBRARY_FILES:
                    self._use_library(lib)
                elif self.sandbox is not None and lib in SANDBOX_REFUSED:
                    self.warning(span, f"library({lib}) is not available in the sandbox: "
                                       f"its predicates raise permission errors")
                continue
            self._refuse_file(f)
            path = source_path(f, self._base(span))
            if self.consult(path, partial=partial, again=name in ("consult", "load_files")):
                done.append(path)
        return done


class _Frame:
    """A program being loaded: its remaining steps (fact blocks that go to
    the store whole, and items), and what its load added (for a reload)."""

    def __init__(self, program, on_query=None, run_init: bool = True, real: str | None = None
                 ) -> None:
        self.program = program
        self.steps = _steps(program)
        self.on_query = on_query
        self.run_init = run_init
        self.real = real
        self.init: list = []
        self.path: str | None = None     # the file as it was named (a consulted file)
        self.partial = True              # load the good clauses of a file with errors
        self.stamps: dict | None = None  # its files' modification times (make/0)
        self.keys: set = set()       # predicates it added clauses to
        self.files: set = set()      # the file names its clauses carry (includes too)


def _steps(program):
    for seg in segments(program.items):
        if type(seg) is FactBlock and Loader._plain_facts(seg):
            yield seg
        else:
            yield from (seg.clauses() if type(seg) is FactBlock else seg)


def _comma(args: tuple):
    out = args[-1]
    for a in reversed(args[:-1]):
        out = Struct(COMMA, (a, out))
    return out


def _describe(e: NeurosymError) -> str:
    if isinstance(e, SourceError):
        return e.render()
    return str(e)
