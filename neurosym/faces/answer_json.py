"""``neurosym query --format json``: answers and errors as JSON documents.

Standard output holds one JSON document and nothing else, so ``json.load``
and ``jq`` read every run:

* the answers: a list of solutions, each mapping a query variable to
  ``{"text": T, "value": V}`` -- ``T`` the ``write_canonical/1`` text of
  the term, ``V`` the plain JSON value of ``Answer.to_python()`` (atoms and
  strings -> strings, integers and floats -> numbers, proper lists ->
  arrays, other compound terms -> ``{"functor": F, "args": [...]}``,
  unbound variables and non-finite floats -> ``null``; ``T`` tells them
  apart).  Keys starting with ``$`` are not variables: ``"$score"`` (scored
  queries), ``"$proof"`` (``--proof``) and ``"$constraints"`` (residual
  constraints, as text);
* an error: an object ``{"error": {...}, "answers": [...]}`` -- the
  :class:`ErrorInfo` of the error and the solutions found before it.

What the program writes (``write/1``, ``format/2``, directives of the
loaded files) goes to standard error.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..errors import NeurosymError, ParseError, PrologError, SourceError, render_os_error
from ..proof import to_python
from ..terms.printer import write_canonical

__all__ = ["ErrorInfo", "error_info", "json_value", "binding_json"]


class ErrorInfo(BaseModel):
    """An error as JSON: ``kind`` (``existence_error``, ``syntax_error``,
    ``os_error`` ...), ``message`` (the one-line message), ``text`` (what the
    text output prints on standard error), ``term`` (the ISO error term, as
    ``write_canonical/1`` text, for runtime errors), and for errors in a
    source text its ``file``, ``line`` and ``column``."""

    kind: str
    message: str
    text: str
    term: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None

    # built on the first error, not at import: a query that succeeds never needs it
    model_config = ConfigDict(defer_build=True)


def error_info(e: BaseException) -> ErrorInfo:
    """The :class:`ErrorInfo` of a ``NeurosymError`` or ``OSError``."""
    if isinstance(e, PrologError):
        f = e.formal
        name = getattr(getattr(f, "name", None), "name", None) or getattr(f, "name", None)
        return ErrorInfo(kind=name if isinstance(name, str) else "error", message=str(e),
                         text=e.render(), term=write_canonical(e.term))
    if isinstance(e, SourceError):
        return ErrorInfo(kind="syntax_error" if isinstance(e, ParseError) else "source_error",
                         message=e.message, text=e.render(), file=e.file,
                         line=e.line or None, column=e.column or None)
    if isinstance(e, OSError):
        text = render_os_error(e)
        return ErrorInfo(kind="os_error", message=text.removeprefix("error: "), text=text)
    if isinstance(e, NeurosymError):
        return ErrorInfo(kind=type(e).__name__, message=str(e), text=e.render())
    return ErrorInfo(kind=type(e).__name__, message=str(e), text=f"error: {e}")


def json_value(t) -> Any:
    """``to_python(t)`` with non-finite floats as ``null`` (valid JSON)."""
    v = to_python(t)
    stack = [v]
    while stack:                       # a pass over containers: inf/nan -> None
        x = stack.pop()
        items = x if type(x) is list else x.get("args") if type(x) is dict else None
        if items is None:
            continue
        for i, y in enumerate(items):
            if type(y) is float and not math.isfinite(y):
                items[i] = None
            elif type(y) in (list, dict):
                stack.append(y)
    return None if type(v) is float and not math.isfinite(v) else v


def binding_json(t) -> dict:
    """One variable's binding: ``{"text": canonical text, "value": JSON value}``."""
    return {"text": write_canonical(t), "value": json_value(t)}
