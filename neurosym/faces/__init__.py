"""Faces: the ways people reach neurosym beyond the Python API.

* ``toplevel`` -- the SWI-Prolog-style toplevel (answers, ``;``, errors);
* ``commands`` -- its ``:commands`` (``:help``, ``:load``, ``:why`` ...);
* ``terminal`` -- the prompt_toolkit front (history, completion, keys).

They only compose the layers below: no reasoning logic lives here.
"""
