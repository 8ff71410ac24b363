"""Loading goals typed at the toplevel, run as SWI-Prolog's toplevel runs them.

* ``consult(F)``, ``[F]``, ``[F, G]``, ``load_files(F)``,
  ``load_files(F, Options)`` -- load the files; a file loaded before is
  loaded again, its new clauses replacing the old ones;
* ``ensure_loaded(F)``, ``use_module(F)``, ``use_module(F, Imports)`` --
  load the files not loaded yet; a library (``library(lists)``,
  ``library(clpq)``...) neurosym provides is accepted, another is a
  warning that names it;
* ``make`` -- load again the files changed since they were loaded.

A file is named as in a directive (``sources.source_path``): ``family``,
``'kb/family.nsl'``, ``kb/family``, relative to the working directory.
Each is one whole goal (in ``consult(a), p`` it is not: there ``consult/1``
is an unknown procedure, unlike in SWI-Prolog); the toplevel remembers
the files it consulted (for ``:reload``).  What loading prints (warnings,
syntax errors) goes to stderr, then ``true.``.
"""

from __future__ import annotations

from ..terms import Atom, Struct, deref

__all__ = ["loading_goal"]

_MAKE = Atom("make")
# goal name -> the directive it runs as (the loader's name for it)
_LOADS = {("consult", 1): "consult", ("ensure_loaded", 1): "ensure_loaded",
          ("use_module", 1): "use_module", ("use_module", 2): "use_module",
          ("load_files", 1): "load_files", ("load_files", 2): "load_files",
          ("[|]", 2): "consult"}


def loading_goal(top, goal) -> bool:
    """Run ``goal`` if it is a loading goal (the table above) and print
    ``true.``; False (nothing done) for any other goal."""
    g = deref(goal)
    if g is _MAKE:
        _load(top, lambda loader: loader.make())
    elif type(g) is Struct and (g.name.name, len(g.args)) in _LOADS:
        name = _LOADS[g.name.name, len(g.args)]
        spec = g if g.name.name == "[|]" else g.args[0]
        _load(top, lambda loader: loader.use(name, spec))
    else:
        return False
    top.write("true.\n")
    return True


def _load(top, action) -> None:
    """Run ``action(loader)`` under the toplevel's limits and output; the
    files it returns join the toplevel's."""
    kb = top.kb
    loader = kb.loader
    saved, loader.limits = loader.limits, top.limits
    try:
        with kb.lock, top.goal_output():
            paths = action(loader)
    finally:
        loader.limits = saved
    for p in paths:
        if p not in top.files:
            top.files.append(p)
