"""Support for the issue #17 tests (``test_safety_*``)."""

from __future__ import annotations

import _thread
import threading
from contextlib import contextmanager


@contextmanager
def hang_guard(seconds: float = 120):
    """Turn a hang (the old behaviour of several items) into an interrupt of
    the test run rather than a run that never ends.  Generous: it only marks
    a hang, it measures nothing."""
    timer = threading.Timer(seconds, _thread.interrupt_main)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
