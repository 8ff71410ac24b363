"""The knowledge base of a command's FILE arguments.

A FILE is a source file (``.nsl``, ``.pl``, ``.tsv`` ...) or, first of them,
a directory that ``kb.save`` or ``neurosym train --out`` wrote (a saved
knowledge base: it has ``manifest.json``).  That one is opened
(``KnowledgeBase.load``: its clauses, vectors and trained model; nothing in it
runs) and the source files after it are consulted into it, so a trained model
answers ``neurosym query --soft model/ GOAL`` as ``KnowledgeBase.load`` does in
Python.  Any other directory is an error that says what a FILE may be.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..kb import KnowledgeBase

__all__ = ["open_sources", "saved_kb"]

MANIFEST = "manifest.json"      # persist.MANIFEST; not imported: a plain query stays light


def saved_kb(path: str) -> bool:
    """Is ``path`` a directory that holds a saved knowledge base?"""
    return (Path(path) / MANIFEST).is_file()


def check_not_dir(path: str) -> None:
    """A ``ConfigError`` when ``path`` is a directory that cannot be consulted
    (a saved knowledge base after the first FILE, or another directory)."""
    p = Path(path)
    if not p.is_dir():
        return
    if saved_kb(path):
        raise ConfigError(f"{path}: a saved knowledge base must be the first FILE "
                          "(its source files may follow it)")
    raise ConfigError(f"{path}: is a directory, not a source file or a saved knowledge "
                      f"base (no {MANIFEST}: kb.save or neurosym train --out writes one)")


def open_sources(files: list[str], *, partial: bool = True, **kw) -> KnowledgeBase:
    """A knowledge base of ``files`` (the module doc); ``kw`` as for the
    ``KnowledgeBase`` constructor, ``partial`` as for ``consult``."""
    if files and saved_kb(files[0]):
        kb = KnowledgeBase.load(files[0], **kw)
        files = files[1:]
    else:
        kb = KnowledgeBase(**kw)
    for f in files:
        check_not_dir(f)
        kb.consult(f, partial=partial)
    return kb
