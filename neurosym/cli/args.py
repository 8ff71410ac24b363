"""Argument types shared by the ``neurosym`` sub-commands."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["at_least", "Option", "recording"]


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


@dataclass(frozen=True)
class Option:
    """An option as a parser defined it: its ``dest``, its spelling (the
    longest of its option strings) and its ``default``."""

    dest: str
    flag: str
    default: Any

    def given(self, args) -> bool:
        """Whether ``args`` (a parsed namespace) has it other than its default."""
        return getattr(args, self.dest, self.default) != self.default


def recording(group, into: list) -> Callable[..., argparse.Action]:
    """``group.add_argument`` (a parser or an argument group) that also appends
    each option it adds to ``into`` as an :class:`Option`, so the lists of a
    command's options are read from where they are defined, never restated."""
    def add(*flags, **kw) -> argparse.Action:
        action = group.add_argument(*flags, **kw)
        into.append(Option(action.dest, max(action.option_strings, key=len), action.default))
        return action
    return add
