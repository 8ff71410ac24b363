"""Saving a knowledge base to a directory and opening it again.

``kb.save(path)`` / ``KnowledgeBase.load(path)`` (thin methods in ``kb.py``)
call :func:`save_kb` / :func:`load_kb` (``saving.py``).  A saved knowledge
base is a directory holding

* ``manifest.json`` -- ``{"format": "neurosym-kb", "version": 1, ...}``
  (the pydantic model ``manifest.Manifest``): the files below with their
  size and SHA-256, the Prolog flags and global variables (``nb_setval``) as
  quoted terms, the operator table's changes from the standard one, and the
  space's config when no space was built;
* ``program.nsl`` -- the program as NSL source that any neurosym (or, for
  the plain Prolog part, SWI-Prolog) reads back: ``:- op/3`` directives,
  declarations (``dynamic``, ``discontiguous``, ``table``, ``soft``), then
  every clause -- consulted, added, asserted at run time, weighted
  (``0.8 :: p(a).``) -- in store order, written quoted and canonical
  (operators ignored), so the text parses to the same terms whatever
  operators are in effect; a clause that would read back as something else
  (a fact of ``:-/1``, ``?-/1``, ``::/2``, ``-->/2`` ...) is written as
  ``'$saved_clause'(Head, Body).`` (``program.py``);
* ``sources.json`` -- where each clause was first written (file and line),
  so ``:why`` and proofs still name the original source after loading;
* ``space/`` -- the thought-vector space (``bridge.io.save_space``) when one
  was built: vectors and symbol names; nearest-neighbour indexes are rebuilt
  from them on first use;
* ``models/<name>.pt`` -- ``kb.models[name]``, a ``dict[str, Tensor]`` (a
  module's ``state_dict``), read back with ``torch.load(...,
  weights_only=True)``;
* ``examples.json`` -- ``kb.examples``, the labelled examples of a taught
  session (``neurosym.examples``), when there are any.

Opening a saved knowledge base never runs code from it: the program is read
as data (clauses, ``op/3`` and declarations; any other directive or query is
refused), models are read without unpickling code.  Only regular files
inside the directory are read (no symbolic links, no devices), each up to a
size cap; the manifest is checked field by field, and its operators and
flags must agree with the program.  A missing, corrupted or mismatched file
raises :class:`KBFileError` saying which file (and field) and why.

Saving never loses data: everything is written into a fresh temporary
directory beside ``path``, read back and compared with the knowledge base
(a save that would not load back the same raises :class:`KBFileError` and
replaces nothing), then swapped in by renames (an existing saved knowledge
base is moved aside first and removed only once the new one is in place).
Saves hold a lock; a save or a load first repairs what an interrupted save
left (``files.recover_dir``).  A directory that exists and is not a saved
knowledge base (nor empty) is refused.
"""

from __future__ import annotations

from .manifest import FORMAT, VERSION, KBFileError, Manifest, read_manifest
from .program import clause_text, op_changes, program_text
from .saving import load_kb, save_kb

__all__ = ["save_kb", "load_kb", "read_manifest", "KBFileError", "Manifest", "program_text",
           "clause_text", "op_changes", "FORMAT", "VERSION"]
