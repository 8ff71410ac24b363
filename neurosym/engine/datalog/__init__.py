"""Bottom-up evaluation of the Datalog fragment: semi-naive fixpoint over int id
arrays with vectorised numpy joins, stratified negation and aggregates, and a
magic-sets rewrite for queries with bound arguments.

Modules, one per stage: ``values`` (how constants are numbered), ``ir``
(clauses -> rules, the fragment check), ``strata`` (dependency graph, SCCs,
stratification), ``joins`` (packed keys, indexes, de-duplication), ``relation``
(stable / delta / full rows), ``arith`` (arithmetic on columns), ``body`` (one
rule body over a binding table), ``closure`` (a transitive-closure kernel),
``magic`` (demand transformation), ``seminaive`` (the fixpoint, :func:`evaluate`),
``serve`` (answers for ``:- table``d calls, used by ``engine/tabling.py``),
``materialize`` (``kb.materialize`` and ``neurosym materialize``).  See
``docs/datalog.md``.

Typical use::

    clauses, facts = program_from_store(store)
    res = evaluate(clauses, facts, store.symbols, query=goal)   # {key: (n, arity) array}
    for row in iter_tuples(res[key], res.values): ...
"""

from .ir import NotInFragment
from .seminaive import Result, evaluate, in_fragment, iter_tuples, program_from_store
from .strata import StratificationError
from .values import INT_BASE, ValueTable, decode, encode

__all__ = ["evaluate", "in_fragment", "iter_tuples", "Result", "program_from_store", "NotInFragment",
           "StratificationError", "ValueTable", "encode", "decode", "INT_BASE"]
