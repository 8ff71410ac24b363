"""Faces: the ways people reach neurosym beyond the Python API.

* ``toplevel`` -- the SWI-Prolog-style toplevel (answers, ``;``, errors);
* ``commands`` -- its ``:commands`` (``:help``, ``:load``, ``:why`` ...);
* ``terminal`` -- the prompt_toolkit front (history, completion, keys);
* ``answers``  -- an answer's text, as the toplevel and ``neurosym query`` print it;
* ``similar``  -- the nearest-symbols table and vector files (``:similar``,
  ``neurosym similar``).

They only compose the layers below: no reasoning logic lives here.  The
command line (``neurosym.cli``) sits above and uses them; errors render
themselves (``neurosym.errors``), so every face prints the same text.
"""
