"""The options of the REPL's ``:soft on [guided] [KEY=VALUE ...]``.

``parse_soft_options`` turns the words after ``on`` into the keywords of
``kb.query``: ``guided`` sets ``mode="guided"`` (else ``"soft"``);
``top_k``, ``threshold``, ``prune`` and ``max_expansions`` (``budget``, as
``neurosym query --budget`` names it) are ``kb.query``'s own; every other
key is a ``SoftConfig`` field and goes into ``soft``.  A boolean option
given bare (``loop_check``) is true.  An unknown key or a bad value is a
``SoftOptionError`` whose message says what was expected (an unknown key
with the nearest ones: ``prun=0.5``: did you mean prune?).
``describe_soft_options`` is the ``KEY=VALUE`` text the REPL echoes back.
"""

from __future__ import annotations

import difflib
import math
from typing import Callable

from ..errors import did_you_mean

__all__ = ["OPTIONS", "USAGE", "SoftOptionError", "parse_soft_options", "describe_soft_options"]

QUERY_KEYS = ("top_k", "threshold", "prune", "max_expansions")    # kb.query's keywords
ALIASES = {"budget": "max_expansions"}
NONE = ("none", "off")


def _int(low: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        n = int(text)
        if n < low:
            raise ValueError(text)
        return n
    return parse


def _float(low: float, high: float = math.inf, *, open_low: bool = False) -> Callable[[str], float]:
    def parse(text: str) -> float:
        x = float(text)
        if not (low < x if open_low else low <= x) or not x <= high or math.isnan(x):
            raise ValueError(text)
        return x
    return parse


def _optional(parse: Callable) -> Callable:
    def parse_or_none(text: str):
        return None if text.lower() in NONE else parse(text)
    return parse_or_none


def _bool(text: str) -> bool:
    t = text.lower()
    if t in ("true", "on", "yes", "1"):
        return True
    if t in ("false", "off", "no", "0"):
        return False
    raise ValueError(text)


def _choice(*names: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in names:
            raise ValueError(text)
        return text
    return parse


# key -> (the form of its value, as the messages show it; its parser)
OPTIONS: dict[str, tuple[str, Callable]] = {
    "top_k": ("N", _int(0)),
    "threshold": ("T", _float(0, 1)),
    "prune": ("P", _float(0, 1)),
    "max_expansions": ("N", _int(1)),
    "max_depth": ("N|none", _optional(_int(1))),
    "max_soft": ("N|none", _optional(_int(0))),
    "loop_check": ("true|false", _bool),
    "explore": ("C", _float(0, 1e9)),
    "k": ("N", _int(1)),
    "aggregation": ("min|product|boolean|noisy_or",
                    _choice("min", "product", "boolean", "noisy_or")),
    "kernel": ("rbf|cosine", _choice("rbf", "cosine")),
    "mu": ("X|none", _optional(_float(0, open_low=True))),
    "seed": ("N", _int(0)),
    "trained": ("true|false", _bool),
}
RANGES = {"top_k": "N >= 0", "threshold": "0 <= T <= 1", "prune": "0 <= P <= 1",
          "max_expansions": "N >= 1", "max_depth": "N >= 1", "max_soft": "N >= 0", "k": "N >= 1", "explore": "C >= 0",
          "mu": "X > 0", "seed": "N >= 0"}
USAGE = " ".join(f"{k}={form}" for k, (form, _) in OPTIONS.items())


class SoftOptionError(ValueError):
    """A ``:soft`` option that is unknown or has a bad value (the message
    is the REPL's error line, without ``error: ``)."""


def parse_soft_options(words: list[str]) -> dict:
    """The ``kb.query`` keywords of ``:soft on``'s words (the module doc)."""
    opts: dict = {"mode": "soft"}
    for item in words:
        if item == "guided":
            opts["mode"] = "guided"
            continue
        key, sep, val = item.partition("=")
        key = ALIASES.get(key, key)
        if key not in OPTIONS:
            near = difflib.get_close_matches(key, [*OPTIONS, *ALIASES, "guided"], n=3, cutoff=0.6)
            raise SoftOptionError(f"unknown option {item!r}{did_you_mean(near)} "
                                  f"(options: {' '.join(OPTIONS)})")
        form, parse = OPTIONS[key]
        if not sep and form == "true|false":
            sep, val = "=", "true"
        try:
            if not sep:
                raise ValueError(item)
            value = parse(val)
        except ValueError:
            where = f", {RANGES[key]}" if key in RANGES else ""
            raise SoftOptionError(f"bad option {item!r}: use {key}={form}{where}") from None
        if key in QUERY_KEYS:
            opts[key] = value
        else:
            opts.setdefault("soft", {})[key] = value
    return opts


def describe_soft_options(opts: dict) -> str:
    """`` guided top_k=5 max_depth=2 loop_check=true``: the mode (when not
    soft) and the options, ``kb.query``'s first, as ``:soft`` echoes them."""
    shown = {**{k: v for k, v in opts.items() if k not in ("mode", "soft")},
             **opts.get("soft", {})}
    text = " guided" if opts.get("mode") == "guided" else ""
    for k, v in shown.items():
        if v is None:
            v = "none"
        elif isinstance(v, bool):
            v = "true" if v else "false"
        elif isinstance(v, float):
            v = format(v, "g")
        text += f" {k}={v}"
    return text
