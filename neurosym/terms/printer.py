"""Writing terms as text, the way SWI-Prolog writes them.

* :func:`format_term` -- ``write/1`` (``quoted=False``) and ``writeq/1`` /
  ``print/1`` (``quoted=True``): operators with their priorities and
  associativity, brackets only where needed, and spaces only where two
  tokens would otherwise run together (``a:-b``, ``1+2``, ``a- -1``,
  ``- 1`` for ``-(1)``, ``1 mod 2``, ``- (1+2)``).
* :func:`write_canonical` -- SWI's ``write_canonical/1``: quoted, no
  operators, lists as ``[a,b]``, variables named ``A``, ``B``, ... and ``_``
  for those that occur once.
* :func:`format_clause` -- a clause as source text ending in ``.``.

Everything works with an explicit stack, so a list of a million elements
prints without recursion.  Text written with ``quoted=True`` (and by
``write_canonical``) reads back to the same term.
"""

from __future__ import annotations

import decimal
import math
import unicodedata

from . import CURLY, LIST, NIL, TRUE, Atom, Clause, Struct, Var, deref
from .operators import DEFAULT_OPERATORS, SYMBOL_CHARS, OperatorTable

__all__ = ["format_term", "write_canonical", "format_clause", "format_atom",
           "format_float", "format_int", "VarNames", "var_counts"]

_SOLO = {"{}", "!", ";"}     # ``[]`` is NIL; the atom ``'[]'`` is quoted
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
            "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_VAR_ATOM = Atom("$VAR")


def _is_alnum(c: str) -> bool:
    return c.isalnum() or c == "_"


def _id_continue(c: str) -> bool:
    """A character that may follow the first one of an unquoted name: ASCII
    letters, digits and ``_``; beyond ASCII, Unicode identifier characters
    that are letters or digits (SWI quotes ``'a·b'`` and ``'x²'``)."""
    if c < "\x80":
        return c.isalnum() or c == "_"
    # (combining marks are left out: the NSL reader's names are ``\\w`` characters)
    return c.isalnum() and ("a" + c).isidentifier() and unicodedata.category(c)[0] in "LN"


def _lower_start(c: str) -> bool:
    """Starts an unquoted atom: ``a``-``z``, or a non-ASCII identifier-start
    character that is not upper case (``é``, ``日``, ``α``, titlecase ``ǅ``)."""
    if c < "\x80":
        return "a" <= c <= "z"
    return c.isidentifier() and c.isalnum() and not c.isupper()


def _is_var_name(s: str) -> bool:
    """Text that reads as a variable (``'$VAR'('Foo')`` is written ``Foo``)."""
    if not s:
        return False
    c = s[0]
    if not (c == "_" or ("A" <= c <= "Z") or (c >= "\x80" and c.isupper())):
        return False
    return all(_id_continue(ch) for ch in s[1:])


def format_atom(name: str, quoted: bool = True) -> str:
    """An atom as ``writeq`` writes it: bare when it reads back as is, else quoted."""
    if not quoted or _bare_ok(name):
        return name
    return _quote(name, "'")


def _bare_ok(name: str) -> bool:
    if not name:
        return False
    c = name[0]
    if _lower_start(c):
        return all(_id_continue(ch) for ch in name)
    if name in _SOLO:
        return True
    # (SWI also writes non-ASCII symbol atoms such as ``→`` bare; the NSL reader
    # takes only ASCII symbol characters, so those are quoted here)
    if all(ch in SYMBOL_CHARS for ch in name):
        return name != "." and "/*" not in name
    return False


def _unprintable(ch: str) -> bool:
    """Written as ``\\xHEX\\`` inside quotes: control characters and, beyond
    ASCII, spaces, separators and (above Latin-1) format characters."""
    if ch < " " or ch == "\x7f":
        return True
    if ch < "\x80":
        return False
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Zs", "Zl", "Zp", "Cs", "Co", "Cn") or (cat == "Cf" and ch > "\xff")


def _quote(text: str, q: str) -> str:
    out = [q]
    for ch in text:
        e = _ESCAPES.get(ch)
        if e is not None:
            out.append(e)
        elif ch == q:
            out.append("\\" + q)
        elif _unprintable(ch):
            out.append(f"\\x{ord(ch):X}\\")
        else:
            out.append(ch)
    out.append(q)
    return "".join(out)


def format_int(n: int) -> str:
    """An integer's digits, also beyond Python's 4300-digit ``str()`` limit.

    A long one is converted by divide and conquer in :mod:`decimal` (whose
    big multiplications are fast), as CPython 3.12's ``_pylong`` does: a
    million digits take a fraction of a second, not the minutes of repeated
    ``divmod``."""
    if n.bit_length() < 14000:
        return str(n)
    with decimal.localcontext() as ctx:
        ctx.prec = decimal.MAX_PREC
        ctx.Emax = decimal.MAX_EMAX
        ctx.Emin = decimal.MIN_EMIN
        ctx.traps[decimal.Inexact] = True
        pow2: dict = {}

        def two_to(w: int) -> decimal.Decimal:
            r = pow2.get(w)
            if r is None:
                if w <= 4096:
                    r = decimal.Decimal(1 << w)
                else:
                    r = two_to(w >> 1) * two_to(w - (w >> 1))
                pow2[w] = r
            return r

        def convert(x: int, w: int) -> decimal.Decimal:     # x < 2 ** w; depth ~ log2(w)
            if w <= 4096:
                return decimal.Decimal(x)
            lo_w = w >> 1
            hi = x >> lo_w
            return convert(x - (hi << lo_w), lo_w) + convert(hi, w - lo_w) * two_to(lo_w)

        m = -n if n < 0 else n
        text = str(convert(m, m.bit_length()))
    return "-" + text if n < 0 else text


def format_float(f: float) -> str:
    """A float as SWI-Prolog writes it: the shortest of 15, 16, 17 significant
    digits that reads back exactly, always with a ``.`` (``1.0``, ``1.0e+15``,
    ``1.0e-5``); infinities and NaN as ``1.0Inf``, ``-1.0Inf``, ``1.5NaN``."""
    if math.isinf(f):
        return "1.0Inf" if f > 0 else "-1.0Inf"
    if math.isnan(f):
        return "1.5NaN"
    for digits in (15, 16, 17):
        s = "%.*g" % (digits, f)
        if float(s) == f:
            break
    if "e" in s:
        mant, exp = s.split("e")
        if "." not in mant:
            mant += ".0"
        sign = exp[0]
        exp = exp[1:].lstrip("0") or "0"
        return f"{mant}e{sign}{exp}"
    if "." not in s and "n" not in s:
        s += ".0"
    return s


def _var_letter_name(n: int) -> str:
    letter = chr(ord("A") + n % 26)
    return letter if n < 26 else f"{letter}{n // 26}"


def _numbervar_name(x) -> str | None:
    """How ``'$VAR'(x)`` is written with ``numbervars(true)``: ``A``..``Z``,
    ``A1``.. for an integer (``S_5`` for -5, as SWI does), the text of an atom
    that reads as a variable (``'$VAR'('Foo')`` -> ``Foo``); ``None``: write
    it as a compound."""
    if type(x) is int:
        return _var_letter_name(x) if x >= 0 else f"S_{-x}"
    if type(x) is Atom and x is not NIL and _is_var_name(x.name):
        return x.name
    return None

class _Writer:
    """One call's output state: the pieces, and what the last token was."""

    __slots__ = ("out", "last", "after_prefix", "quoted", "ignore_ops", "ops",
                 "var_names", "numbered", "max_depth", "numbervars", "comma", "bar",
                 "latin1")

    def __init__(self, quoted, ignore_ops, var_names, max_depth, ops, numbervars=True,
                 spacing="standard"):
        self.out: list[str] = []
        self.last = ""            # last character written
        self.after_prefix = ""    # the prefix operator just written, if any
        self.quoted = quoted
        self.ignore_ops = ignore_ops
        self.ops = ops
        self.var_names = var_names
        self.numbered: dict = {}
        self.max_depth = max_depth
        self.numbervars = numbervars
        # ``spacing(next_argument)``: a space after argument and list commas
        nxt = spacing == "next_argument"
        self.comma = ", " if nxt else ","
        self.bar = "| " if nxt else "|"
        self.latin1 = False       # write_canonical: quote names with characters > 0xFF

    def put(self, s: str) -> None:
        """Write a token, with a space first where it would run into the last one."""
        if not s:
            return
        last = self.last
        if last:
            c = s[0]
            pre = self.after_prefix
            if pre:
                if c in "({" or (pre == "-" and c.isdigit()):
                    self.out.append(" ")
                elif (_is_alnum(last) and _is_alnum(c)) or (last in SYMBOL_CHARS
                                                           and c in SYMBOL_CHARS):
                    self.out.append(" ")
            elif (last in SYMBOL_CHARS and c in SYMBOL_CHARS) or (
                    _is_alnum(last) and _is_alnum(c)):
                self.out.append(" ")
        self.out.append(s)
        self.last = s[-1]
        self.after_prefix = ""

    def raw(self, s: str) -> None:
        """Write punctuation that never needs a space before it."""
        self.out.append(s)
        self.last = s[-1]
        self.after_prefix = ""

    def var_name(self, v: Var) -> str:
        names = self.var_names
        if names is not None:
            n = names.get(v)
            if n is not None:
                return n
        n = self.numbered.get(v)
        if n is None:
            n = self.numbered[v] = f"_G{len(self.numbered)}"
        return n

    def atom(self, a: Atom) -> str:
        if a is NIL:
            return "[]"
        name = a.name
        if self.latin1 and not name.isascii() and max(name) > "\xff":
            return _quote(name, "'")
        return format_atom(name, self.quoted)


_ATOMIC = (int, float, str, Atom)


def _atomic_text(w: _Writer, x) -> str:
    t = type(x)
    if t is int:
        return format_int(x)
    if t is Atom:
        return w.atom(x)
    if t is float:
        return format_float(x)
    return _quote(x, '"') if w.quoted else x


def _write(w: _Writer, term, maxp: int = 1200) -> str:
    """The iterative writer.  Work items on the stack:

    ``(0, term, maxp, depth, operand)`` writes a term in a context allowing
    priority ``maxp`` (``operand``: it is an argument of an operator, so an
    atom that is an operator is bracketed); ``(1, text)`` writes a token;
    ``(2, text)`` writes punctuation; ``(3, text)`` writes a prefix operator.
    """
    ops = w.ops
    quoted, ignore_ops, max_depth = w.quoted, w.ignore_ops, w.max_depth
    comma = w.comma
    stack: list = [(0, term, maxp, 1, False)]      # the top term is at depth 1, as in SWI
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        kind = item[0]
        if kind == 1:
            w.put(item[1])
            continue
        if kind == 2:
            w.raw(item[1])
            continue
        if kind == 3:
            w.put(item[1])
            w.after_prefix = item[1]
            continue
        _, t, maxp, depth, operand = item
        if max_depth is not None and depth > max_depth:
            w.put("...")
            continue
        t = deref(t)
        tt = type(t)
        if tt is Var:
            w.put(w.var_name(t))
            continue
        if tt is Atom:
            s = w.atom(t)
            if operand and not ignore_ops and ops.is_op(t.name):
                w.put("(")
                w.raw(s)
                w.raw(")")
            else:
                w.put(s)
            continue
        if tt is int or tt is float or tt is str:
            w.put(_atomic_text(w, t))
            continue
        if tt is not Struct:
            raise TypeError(f"not a term: {t!r}")
        name = t.name
        args = t.args
        arity = len(args)
        d1 = depth + 1
        if name is LIST and arity == 2:
            _push_list(w, push, args, depth)
            w.put("[")
            continue
        if name is CURLY and arity == 1 and not ignore_ops:
            push((2, "}"))
            push((0, args[0], 1200, d1, False))
            w.put("{")
            continue
        if name is _VAR_ATOM and arity == 1 and w.numbervars and not ignore_ops:
            vn = _numbervar_name(deref(args[0]))
            if vn is not None:
                w.put(vn)
                continue
        if not ignore_ops and (arity == 1 or arity == 2) and _push_operator(w, push, name, args, maxp, d1):
            continue
        # canonical compound: name(arg, ...)
        push((2, ")"))
        for k in range(arity - 1, -1, -1):
            push((0, args[k], 999, d1, False))
            if k:
                push((2, comma))
        fname = w.atom(name) if quoted or name.name != "," else "','"
        w.put(fname + "(")
    return "".join(w.out)


def _push_list(w: _Writer, push, args: tuple, depth: int) -> None:
    """Push the work items of a list ``[args[0] | args[1]]`` (written at
    ``depth``) after its ``[``: runs of atomic elements are written at once
    (long lists of data).  Under ``max_depth`` the k-th element is at depth
    ``depth + k`` and the list ends in ``|...]`` once that reaches the limit,
    as SWI-Prolog writes it (``[1,2|...]`` under ``max_depth(3)``)."""
    max_depth = w.max_depth
    items = [args[0]]
    tail = deref(args[1])
    while type(tail) is Struct and tail.name is LIST and len(tail.args) == 2:
        if max_depth is not None and depth + len(items) >= max_depth:
            break
        items.append(tail.args[0])
        tail = deref(tail.args[1])
    push((2, "]"))
    if tail is not NIL:
        if max_depth is not None and depth + len(items) >= max_depth:
            push((2, "..."))
        else:
            push((0, tail, 999, depth + len(items) + 1, False))
        push((2, "|"))
    comma = w.comma
    ok0 = max_depth is None or depth + 1 <= max_depth    # the first element is shown
    k = len(items) - 1
    while k >= 0:
        x = deref(items[k])
        if type(x) in _ATOMIC and (k or ok0):
            j = k
            while j > 0 and type(deref(items[j - 1])) in _ATOMIC and (j > 1 or ok0):
                j -= 1
            push((2, comma.join([_atomic_text(w, deref(y)) for y in items[j:k + 1]])))
            k = j
        else:
            push((0, x, 999, depth + k + 1, False))
        if k:
            push((2, comma))
        k -= 1


def _push_operator(w: _Writer, push, name: Atom, args: tuple, maxp: int, d1: int) -> bool:
    """Push the work items of ``name(args)`` written as an infix, prefix or
    postfix operator, bracketed when its priority is over ``maxp``; False
    (nothing pushed) when ``name`` is no such operator."""
    ops = w.ops
    nm = name.name
    if len(args) == 2:
        op = ops.infix.get(nm)
        if op is None:
            return False
        br = op.priority > maxp
        if br:
            push((2, ")"))
        push((0, args[1], op.right_max, d1, True))
        if nm == ",":
            push((2, w.comma))
        elif nm == "|":
            push((2, w.bar))
        elif _is_alnum(nm[0]):
            push((2, " "))
            push((1, nm))
            push((2, " "))
        else:
            push((1, w.atom(name)))
        push((0, args[0], op.left_max, d1, True))
    else:
        op = ops.prefix.get(nm)
        if op is not None:
            br = op.priority > maxp
            if br:
                push((2, ")"))
            push((0, args[0], op.right_max, d1, True))
            push((3, w.atom(name)))
        else:
            op = ops.postfix.get(nm)
            if op is None:
                return False
            br = op.priority > maxp     # a postfix operator: ``task is_done``
            if br:
                push((2, ")"))
            push((1, w.atom(name)))
            push((0, args[0], op.left_max, d1, True))
    if br:
        w.put("(")
    return True


def format_term(term, *, quoted: bool = False, ignore_ops: bool = False,
                var_names: dict | None = None, max_depth: int | None = None,
                ops: OperatorTable = DEFAULT_OPERATORS, priority: int = 1200,
                numbervars: bool = True, spacing: str = "standard") -> str:
    """``write/1`` (``quoted=False``) or ``writeq/1`` / ``print/1`` (``quoted=True``).

    Unbound variables print as ``_G0``, ``_G1``, ... numbered by first
    appearance in this call, unless ``var_names`` maps the ``Var`` to a name.
    ``max_depth`` limits nesting and list length (``...``), as SWI's
    ``max_depth`` option does.  ``numbervars``: ``'$VAR'(1)`` is written ``B``
    and ``'$VAR'('Foo')`` ``Foo`` (SWI's ``numbervars(true)``, on for write,
    writeq and print).  ``spacing="next_argument"`` is SWI's
    ``spacing(next_argument)``: a space after each argument and list comma
    (``f(a, b)``, ``[1, 2]``), as its toplevel writes answers."""
    if spacing not in ("standard", "next_argument"):
        raise ValueError(f"spacing must be 'standard' or 'next_argument', not {spacing!r}")
    w = _Writer(quoted, ignore_ops, var_names, max_depth, ops, numbervars, spacing)
    return _write(w, term, priority)


def write_canonical(term, ops: OperatorTable = DEFAULT_OPERATORS) -> str:
    """SWI-Prolog's ``write_canonical/1``: quoted, operators ignored, variables
    named ``A``, ``B``, ... in order of first appearance and ``_`` for a
    variable that occurs only once."""
    counts = var_counts(term)
    names: dict = {}
    k = 0
    for v in counts:
        if counts[v] == 1:
            names[v] = "_"
        else:
            names[v] = _var_letter_name(k)
            k += 1
    w = _Writer(True, True, names, None, ops, numbervars=False)
    w.latin1 = True               # SWI: write_canonical('日本') is '日本'
    return _write(w, term, 1200)


def var_counts(term) -> dict:
    """Each variable of ``term`` -> how often it occurs, in order of first appearance."""
    counts: dict = {}
    stack = [term]
    while stack:
        t = deref(stack.pop())
        if type(t) is Var:
            counts[t] = counts.get(t, 0) + 1
        elif type(t) is Struct:
            stack.extend(reversed(t.args))
    return counts


class VarNames(dict):
    """``var_names`` for several terms printed as one text (the steps of a
    proof): the variables it maps keep their names, and each other variable
    is named when it is first printed, ``_A``, ``_B``, ... (skipping the
    names in use), the same name in every term."""

    def __init__(self, names: dict | None = None) -> None:
        super().__init__(names or {})
        self._used = set(self.values())
        self._next = 0

    def get(self, v, default=None):
        n = dict.get(self, v)
        if n is None:
            n = self.fresh()
            self[v] = n
        return n

    def fresh(self) -> str:
        while True:
            n = "_" + _var_letter_name(self._next)
            self._next += 1
            if n not in self._used:
                self._used.add(n)
                return n


def clause_var_names(clause: Clause) -> dict:
    """Print names for a clause's variables: their source names where those
    are valid and distinct, ``_`` for another variable that occurs once and
    ``_A``, ``_B``, ... for the rest (as SWI's ``listing/1`` does)."""
    head, body = clause.head, deref(clause.body)
    whole = head if body is TRUE else Struct(Atom(":-"), (head, body))
    names: dict = {}
    used: set = set()
    counts = var_counts(whole)
    for v in counts:
        n = v.name
        if n and n != "_" and (n[0].isupper() or n[0] == "_") and n not in used and all(
                _is_alnum(ch) for ch in n):
            names[v] = n
            used.add(n)
    fresh = VarNames({v: n for v, n in names.items()})
    for v, k in counts.items():
        if v not in names:
            names[v] = "_" if k == 1 else fresh.get(v)
    return names


def format_clause(clause: Clause, ops: OperatorTable = DEFAULT_OPERATORS) -> str:
    """A clause as source text ending in ``.``: ``head :- body.``, ``fact.``,
    ``0.8 :: head.``.  Variables keep their source names where they can."""
    head, body = clause.head, deref(clause.body)
    names = clause_var_names(clause)
    if body is TRUE:
        text = format_term(head, quoted=True, var_names=names, ops=ops, priority=999)
    else:
        h = format_term(head, quoted=True, var_names=names, ops=ops, priority=1199)
        b = format_term(body, quoted=True, var_names=names, ops=ops, priority=1199)
        text = f"{h} :- {b}"
    if clause.weight is not None:
        text = f"{format_float(float(clause.weight))} :: {text}"
    if text[-1] in SYMBOL_CHARS:
        text += " "
    return text + "."
