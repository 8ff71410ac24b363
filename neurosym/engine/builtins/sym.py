"""Constraints and symbolic algebra: ``{}/1`` and the ``sym_*`` builtins.

``{C}`` posts the constraints of the conjunction ``C`` (each ``L = R``,
``L =:= R``, ``L < R``, ``L =< R``, ``L > R``, ``L >= R`` or ``L =\\= R``)
to the branch's store (``neurosym/engine/constraints``); it fails when the
store becomes inconsistent.

The ``sym_*`` builtins take NSL arithmetic terms and give NSL terms back
through sympy (mapping in ``neurosym/algebra.py``, ``docs/constraints.md``):
``sym_simplify/2``, ``sym_expand/2``, ``sym_factor/2``, ``sym_diff/3``,
``sym_integrate/3``, ``sym_solve/3`` (a list of solutions), ``sym_subs/3``
(``Bindings`` is a list of ``Var = Value``).  sympy is imported on the first
call; its failures are ISO ``evaluation_error``s.
"""

from __future__ import annotations

from ...errors import InstantiationError, PrologError, PrologTypeError, ResourceError
from ...terms import NIL, Atom, Struct, Var, deref, list_items, make_list
from ..constraints.store import post
from .registry import det

_A = Atom
_COMMA = _A(",")
_OPS = {"=", "=:=", "<", "=<", ">", ">=", "=\\="}


@det("{}", 1)
def bi_curly(m, c):
    items = []
    stack = [c]
    while stack:
        x = deref(stack.pop())
        if type(x) is Struct and x.name is _COMMA and len(x.args) == 2:
            stack.append(x.args[1])
            stack.append(x.args[0])
            continue
        if type(x) is Var:
            raise InstantiationError.new()
        if type(x) is not Struct or len(x.args) != 2 or x.name.name not in _OPS:
            raise PrologTypeError.new("constraint", x)
        items.append(x)
    for x in items:
        if not post(m, x.name.name, x.args[0], x.args[1]):
            return False
    return True


def _run(fn):
    """Call ``fn`` turning sympy/Python failures into ISO errors."""
    from ...algebra import sympy_error
    try:
        return fn()
    except PrologError:
        raise
    except RecursionError:
        raise ResourceError.new("memory") from None
    except Exception as e:  # noqa: BLE001 -- every sympy failure becomes an ISO error
        raise sympy_error(e) from None


def _unary(name: str, op: str):
    @det(name, 2)
    def bi(m, e, out):
        from ... import algebra as s

        def go():
            mp = s.Mapping()
            x = s.to_sympy(e, mp)
            import sympy
            return s.from_sympy(getattr(sympy, op)(x), mp)
        return m.unify(out, _run(go))
    return bi


_unary("sym_simplify", "simplify")
_unary("sym_expand", "expand")
_unary("sym_factor", "factor")


def _symbol_arg(x, mp):
    from ... import algebra as s
    x = deref(x)
    if type(x) is Var or type(x) is Atom:
        return s.to_sympy(x, mp)
    raise PrologTypeError.new("variable", x)


def _calculus(name: str, op: str):
    @det(name, 3)
    def bi(m, e, x, out):
        from ... import algebra as s

        def go():
            import sympy
            mp = s.Mapping()
            ex = s.to_sympy(e, mp)
            sx = _symbol_arg(x, mp)
            return s.from_sympy(getattr(sympy, op)(ex, sx), mp)
        return m.unify(out, _run(go))
    return bi


_calculus("sym_diff", "diff")
_calculus("sym_integrate", "integrate")


@det("sym_solve", 3)
def bi_sym_solve(m, eq, x, sols):
    from ... import algebra as s

    def go():
        import sympy
        mp = s.Mapping()
        ex = s.to_sympy(eq, mp)
        if isinstance(ex, sympy.Equality):
            ex = ex.lhs - ex.rhs
        elif isinstance(ex, sympy.core.relational.Relational):
            raise PrologTypeError.new("equation", deref(eq))
        sx = _symbol_arg(x, mp)
        return make_list([s.from_sympy(r, mp) for r in sympy.solve(ex, sx)])
    return m.unify(sols, _run(go))


@det("sym_subs", 3)
def bi_sym_subs(m, e, bindings, out):
    from ... import algebra as s

    def go():
        mp = s.Mapping()
        ex = s.to_sympy(e, mp)
        pairs = {}
        items, tail = list_items(bindings)
        if type(tail) is Var:
            raise InstantiationError.new()
        if tail is not NIL:
            raise PrologTypeError.new("list", deref(bindings))
        for b in items:
            b = deref(b)
            if type(b) is not Struct or b.name is not _A("=") or len(b.args) != 2:
                raise PrologTypeError.new("binding", b)
            pairs[_symbol_arg(b.args[0], mp)] = s.to_sympy(b.args[1], mp)
        return s.from_sympy(ex.subs(pairs), mp)
    return m.unify(out, _run(go))
