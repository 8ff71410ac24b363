"""Argument types shared by the ``neurosym`` sub-commands."""

from __future__ import annotations

import argparse
from typing import Callable

__all__ = ["at_least"]


def at_least(low: int) -> Callable[[str], int]:
    """An argparse ``type``: an integer of at least ``low`` (argparse reports
    anything else as a usage error naming the option)."""
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        if n < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, got {n}")
        return n
    parse.__name__ = f"integer >= {low}"
    return parse
