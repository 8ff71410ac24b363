"""Layer 4: the exact engine.

* ``machine``  -- the iterative SLD machine (``Machine``): goal stack,
  choicepoints, trail, cut barriers, control constructs, catch/throw, limits;
* ``compile`` / ``codegen`` -- clauses compiled once to head templates and a
  generated Python function (the fast path);
* ``unify``    -- unification with a trail, variant keys, binding-free copies;
* ``tabling``  -- variant tabling with completion;
* ``loader``   -- loading programs: clauses and directives, the prelude library;
* ``builtins`` -- the builtin predicates (see ``builtins/registry.py``);
* ``datalog``  -- the bottom-up evaluator.
"""

from .machine import Machine

__all__ = ["Machine"]
