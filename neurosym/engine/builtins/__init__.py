"""The builtin predicates of the exact engine.

Importing this package registers every builtin in ``registry.BUILTINS``
(see ``registry.py`` for the protocol).  One module per family:

* ``arith``    -- ``eval_arith``, is/2, comparisons, succ/2, plus/3, between/3
* ``evaluable``-- the evaluable functors ``eval_arith`` computes with (``+``, ``sqrt`` ...)
* ``compare``  -- the standard order (``compare_terms``), compare/3, ==, @< ...
* ``typecheck``-- var/1, atom/1, is_list/1 ...
* ``types``    -- must_be/2, is_of_type/2 (library(error), SWI 9's errors)
* ``terms``    -- =/2, \\=/2, functor/3, arg/3, =../2, copy_term/2 ...
* ``atoms``    -- atoms and strings (atom_codes/2 ... sub_atom/5, split_string/4)
* ``chars``    -- char_type/2, code_type/2
* ``lists``    -- length/2, msort/2, sort/2,4, predsort/3, keysort/2, sum_list/2 ...
* ``allsol``   -- findall/3,4, bagof/3, setof/3, aggregate_all/3,4, forall/2
* ``aggregate``-- aggregate/3,4 (bagof-style, grouped by free variables)
* ``db``       -- assert/retract/abolish/clause/dynamic
* ``io``       -- write/print/writeq/write_canonical/write_term/nl/tab/put_char
* ``help``     -- help/1 (summaries from engine/help.txt)
* ``read``     -- read/1,2, read_term/2,3 (standard input)
* ``format``   -- format/1,2,3, print_message/2
* ``globals``  -- nb_setval/2, b_setval/2, nb_getval/2, b_getval/2
* ``mutable``  -- setarg/3, nb_setarg/3 (destructive assignment)
* ``flags``    -- set_prolog_flag/2, current_prolog_flag/2 (read-only and checked flags)
* ``misc``     -- statistics/2, random numbers, gensym, current_predicate/1
* ``listing``  -- portray_clause/1, listing/0,1
* ``predprops``-- predicate_property/2
* ``debug``    -- assertion/1; the debugger: trace/0, spy/1 ... (ports: engine/tracer.py)
* ``dcg``      -- dcg_translate_rule/2 (``dcg_transform`` for the loader)
* ``assoc``    -- library(assoc): AVL trees (list_to_assoc/2, put_assoc/4, get_assoc/3 ...)
* ``system``   -- getenv/2, setenv/2, unsetenv/1, get_time/1, format_time/3
* ``sym``      -- ``{}/1`` constraints (clpq-style) and sympy algebra (sym_simplify/2 ...)

Library predicates written in NSL (append/3, member/2, maplist/N ...) are in
``neurosym/engine/prelude.nsl``; ``PRELUDE_PATH`` points at it.
"""

from pathlib import Path

from . import (  # noqa: F401 -- imported to register their builtins
    aggregate,
    allsol,
    arith,
    assoc,
    atoms,
    chars,
    compare,
    db,
    dcg,
    debug,
    flags,
    format,
    globals,
    help,
    io,
    listing,
    lists,
    misc,
    mutable,
    ops,
    predprops,
    read,
    sym,
    system,
    terms,
    typecheck,
    types,
)
from .registry import BUILTINS, Builtin, det, lookup, nondet

__all__ = ["BUILTINS", "Builtin", "det", "nondet", "lookup", "PRELUDE_PATH"]

PRELUDE_PATH = Path(__file__).resolve().parent.parent / "prelude.nsl"
