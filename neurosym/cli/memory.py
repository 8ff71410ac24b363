"""The CLI process keeps the memory it frees, for reuse (glibc's ``mallopt``).

The bottom-up evaluator allocates and frees numpy arrays of megabytes every
round.  By default glibc serves each such array with a fresh ``mmap`` and hands
it back to the kernel when it is freed, so the next one costs a page fault per
4 KiB page again (on the same-generation workload of ``benchmarks/datalog.py``
more system time than the evaluation's own).  A ``neurosym`` command is one
short process: it raises the mmap threshold and the trim threshold so freed
blocks stay in the heap and are reused.  Elsewhere (another C library, another
system) nothing changes.  The API (``KnowledgeBase``) never calls this: a
program that imports neurosym keeps its own allocator settings.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["keep_freed_memory"]

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_LARGE = 1 << 30


def keep_freed_memory() -> bool:
    """Ask glibc to keep freed memory for reuse; whether it took the settings."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt      # the process's C library
    except (OSError, AttributeError):            # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(_M_MMAP_THRESHOLD, _LARGE)) and bool(mallopt(_M_TRIM_THRESHOLD, _LARGE))
