"""The knowledge base of a command's ``FILE...``: source files, or a saved
knowledge base folder (written by ``kb.save(DIR)`` or ``neurosym train ...
--out DIR``) opened with ``KnowledgeBase.load`` -- its trained model and step
scorer come with it.  A folder must be the first ``FILE`` (the files after it
are consulted into it); a folder that is not a saved knowledge base is a
one-line error (``DIR/manifest.json: not a saved knowledge base ...``)."""

from __future__ import annotations

import os

from ..errors import ConfigError
from ..kb import KnowledgeBase

__all__ = ["open_files", "saved_folder"]


def saved_folder(files: list[str]) -> str | None:
    """The first of ``files`` when it is a folder (read as a saved knowledge
    base), else ``None``; a folder further on is a ``ConfigError``."""
    for f in files[1:]:
        if os.path.isdir(os.path.expanduser(f)):
            raise ConfigError(f"{f}: a saved knowledge base folder must be the first FILE "
                              "(the files after it are consulted into it)")
    first = files[0] if files else None
    return first if first is not None and os.path.isdir(os.path.expanduser(first)) else None


def open_files(files: list[str], output=None, *, sandbox: bool = False) -> KnowledgeBase:
    """A knowledge base holding ``files`` (``output``, ``sandbox``: the
    constructor's): a saved folder first is opened, the others consulted."""
    first = saved_folder(files)
    if first is not None:
        kb = KnowledgeBase.load(os.path.expanduser(first), output=output, sandbox=sandbox)
    else:
        kb = KnowledgeBase(output, sandbox=sandbox)
    for f in files[1 if first is not None else 0:]:
        kb.consult(f)
    return kb
