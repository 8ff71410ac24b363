"""Limits inside one step: what long builtins and big arithmetic check.

The machine counts inferences and looks at the clock every 1024 of them, but
one step can take long on its own: ``sleep/1``, building a ten-million
element list, ``tab/1`` of a huge count, ``3 ** 10000000``.  Such steps call
:func:`check_time` every so often (or :func:`sleep`), and it raises the same
uncatchable time-limit error as the machine's own check.

The deadline is the one of the query the machine is running in this thread:
``Machine.run`` installs it with :func:`running` while it computes, so
arithmetic, which does not see the machine, can check it too.

Integers are unbounded, but one result may have at most ``MAX_INT_BITS``
bits (about five million decimal digits); a larger one raises
``resource_error(memory)`` before it is computed, so no single operation
runs for long (SWI-Prolog's bound is its stack limit).  Likewise a builtin
builds at most ``MAX_LIST`` list items, and ``format/2`` at most
``MAX_TEXT`` characters of one padding or repetition, in one step.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Sequence

from ..errors import PrologError, ResourceError
from ..terms import LIST, NIL, Struct, Var

__all__ = ["LimitHit", "check_time", "running", "sleep", "check_int_bits", "checked_list",
           "check_text", "MAX_INT_BITS", "MAX_LIST", "MAX_TEXT"]

MAX_INT_BITS = 1 << 24
MAX_LIST = 1 << 28     # items in one list a builtin builds in one step
MAX_TEXT = 1 << 28     # characters of one padding or repeat that format/2 builds

_local = threading.local()


class LimitHit(Exception):
    """Internal: carries a limit's ResourceError past catch/3."""

    def __init__(self, err: PrologError) -> None:
        super().__init__()
        self.err = err


def time_up() -> LimitHit:
    return LimitHit(ResourceError.new("time"))


@contextmanager
def running(deadline: float | None):
    """Make ``deadline`` (``time.monotonic()`` seconds, or None) the one
    :func:`check_time` sees in this thread while the block runs."""
    old = getattr(_local, "deadline", None)
    _local.deadline = deadline
    try:
        yield
    finally:
        _local.deadline = old


def deadline() -> float | None:
    return getattr(_local, "deadline", None)


def check_time() -> None:
    """Raise the time-limit error if the running query's deadline has passed."""
    d = getattr(_local, "deadline", None)
    if d is not None and time.monotonic() > d:
        raise time_up()


def sleep(seconds: float) -> None:
    """``time.sleep`` that wakes at the running query's deadline and raises
    the time-limit error there."""
    d = getattr(_local, "deadline", None)
    if d is None:
        time.sleep(seconds)
        return
    left = d - time.monotonic()
    if seconds <= left:
        time.sleep(seconds)
        return
    if left > 0:
        time.sleep(left)
    raise time_up()


def check_int_bits(bits: int) -> None:
    """Refuse (``resource_error(memory)``) an integer result of ``bits`` bits
    beyond ``MAX_INT_BITS``."""
    if bits > MAX_INT_BITS:
        raise ResourceError.new("memory")


_CHUNK = 1 << 16


def check_text(n: int) -> int:
    """``n``, the length of a text a builtin is about to build in one piece
    (``format("~*c", [N, C])``, a column's padding); beyond ``MAX_TEXT``
    characters ``resource_error(memory)`` instead of a 10 GB string."""
    if n > MAX_TEXT:
        raise ResourceError.new("memory")
    return n


def checked_list(items: Sequence | None, n: int, tail=NIL):
    """A list of the ``n`` items of ``items`` (a list or a range; None: fresh
    variables) for builtins that build long lists (``numlist/3``,
    ``length/2``): the clock is checked every 65,536 items, and more than
    ``MAX_LIST`` items are refused up front with ``resource_error(memory)``."""
    if n > MAX_LIST:
        raise ResourceError.new("memory")
    out = tail
    for hi in range(n, 0, -_CHUNK):       # the last block first: lists grow from the tail
        lo = max(0, hi - _CHUNK)
        if items is None:
            for _ in range(hi - lo):
                out = Struct(LIST, (Var(), out))
        else:
            for x in reversed(items[lo:hi]):
                out = Struct(LIST, (x, out))
        if lo:
            check_time()
    return out
