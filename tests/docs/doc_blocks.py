"""Run the fenced code blocks of a Markdown page, as the docs tests do."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def blocks(path: Path) -> list[tuple[str, str]]:
    """``(language, code)`` for every fenced block of ``path``, in order."""
    return re.findall(r"```(\w+)\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


def run_blocks(name: str, found: list[tuple[str, str]], check_text: bool) -> str:
    """Run every python block in one namespace, in order, and return what they
    printed; with ``check_text`` each text block must already have been printed."""
    ns: dict = {}
    printed = io.StringIO()
    for i, (lang, block) in enumerate(found):
        if lang == "python":
            with contextlib.redirect_stdout(printed):
                exec(compile(block, f"{name} block {i}", "exec"), ns)  # noqa: S102 -- our own docs
        elif lang == "text" and check_text:
            assert block.rstrip("\n") in printed.getvalue(), f"{name} block {i}"
    return printed.getvalue()
