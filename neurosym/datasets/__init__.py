"""The small link-prediction benchmarks, shipped inside the package.

Countries (S1, S2, S3), Nations and Kinship, each in a folder of this package
with its README (provenance, format, counts), its ``SHA256SUMS`` and the
licence files of the repositories they were copied from (MIT; Countries also
Apache-2.0).  ``neurosym.learning.data.load_dataset`` reads them from here
when no other data directory is given; ``neurosym datasets list`` prints
this table.  Larger data sets are not shipped: point ``--data`` or
``$NEUROSYM_DATA`` at them.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["BuiltIn", "BUILTIN", "root", "folder"]


@dataclass(frozen=True, slots=True)
class BuiltIn:
    """A shipped benchmark: its ``name``, the ``folder`` its files are in,
    where they come from (``source``), the ``licence`` of the repositories
    they were copied from and its files (``licences``, in that folder)."""

    name: str
    folder: str
    source: str
    licence: str
    licences: tuple[str, ...]


_COUNTRIES = ("uclnlp/ctp, uclnlp/ntp (Bouchard et al. 2015)", "MIT (ctp), Apache-2.0 (ntp)",
              ("LICENSE.uclnlp-ctp.txt", "LICENSE.uclnlp-ntp.txt"))
_GNTP = ("uclnlp/gntp (Kemp et al. 2006)", "MIT (gntp)", ("LICENSE.uclnlp-gntp.txt",))

BUILTIN: dict[str, BuiltIn] = {b.name: b for b in (
    BuiltIn("countries_s1", "countries", *_COUNTRIES),
    BuiltIn("countries_s2", "countries", *_COUNTRIES),
    BuiltIn("countries_s3", "countries", *_COUNTRIES),
    BuiltIn("nations", "nations", *_GNTP),
    BuiltIn("kinship", "kinship", *_GNTP),
)}


def root() -> Path:
    """The folder holding ``countries/``, ``nations/`` and ``kinship/``."""
    return Path(str(resources.files(__name__)))


def folder(name: str) -> Path:
    """The folder of the shipped benchmark ``name`` (a key of :data:`BUILTIN`)."""
    return root() / BUILTIN[name].folder
