"""The manifest of a saved knowledge base: its pydantic model, and reading it.

``manifest.json`` is read only as a regular file inside the directory (no
symbolic link, no device, at most ``files.MAX_MANIFEST_BYTES``) and checked
field by field against :class:`Manifest`; anything else raises
:class:`KBFileError` naming the file and the field.  Every file the manifest
names is a plain relative path inside the directory, read the same way
(:func:`read_entry`): its size and SHA-256 must be what the manifest says.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    field_validator,
)

from ..bridge.config import BridgeConfig
from ..errors import NeurosymError
from ..files import MANIFEST, read_checked
from ..files import read_manifest as _read_manifest

__all__ = ["KBFileError", "Manifest", "FileEntry", "ProgramEntry", "read_manifest",
           "read_entry", "fail", "FORMAT", "VERSION", "MODEL_NAME"]

FORMAT = "neurosym-kb"
VERSION = 1
MODEL_NAME = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"


class KBFileError(NeurosymError):
    """A saved knowledge base that cannot be opened (missing, corrupted, of
    another format or version), or a directory that cannot be saved to."""


def fail(path, why: str) -> KBFileError:
    return KBFileError(f"{path}: {why}")


class FileEntry(BaseModel):
    """A file of the saved directory: its path relative to the directory,
    its SHA-256 and (written since the field exists) its size."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: StrictStr
    sha256: Annotated[StrictStr, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    bytes: StrictInt | None = Field(default=None, ge=0)

    @field_validator("file")
    @classmethod
    def _inside(cls, v: str) -> str:
        parts = PurePosixPath(v).parts
        if not parts or v.startswith("/") or "\\" in v or any(p in ("..", ".") for p in parts):
            raise ValueError("must be a relative path inside the directory")
        return v


class ProgramEntry(FileEntry):
    clauses: StrictInt = Field(ge=0)


Op = tuple[Annotated[StrictInt, Field(ge=0, le=1200)],
           Literal["xfx", "xfy", "yfx", "fy", "fx", "xf", "yf"], StrictStr]


class Manifest(BaseModel):
    """``manifest.json`` of a saved knowledge base (``neurosym/persist``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["neurosym-kb"]
    version: Literal[1]
    neurosym: StrictStr = ""
    program: ProgramEntry
    sources: FileEntry
    flags: dict[StrictStr, StrictStr] = {}
    globals: dict[StrictStr, StrictStr] = {}
    ops: list[Op] = []
    space: Literal["space"] | None = None
    space_config: BridgeConfig | None = None
    models: dict[Annotated[StrictStr, StringConstraints(pattern=MODEL_NAME)], FileEntry] = {}
    examples: FileEntry | None = None       # examples.json: the labelled examples


def read_manifest(root: Path) -> Manifest:
    """The checked manifest of the saved knowledge base in ``root``."""
    if not root.is_dir():
        raise KBFileError(f"{root}: no such directory")
    raw = _read_manifest(root, FORMAT, VERSION, fail,
                         missing="not a saved knowledge base (manifest.json is missing)",
                         foreign="not a saved knowledge base")
    try:
        return Manifest.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "(top)"
        more = f"; {len(e.errors()) - 1} more" if len(e.errors()) > 1 else ""
        raise fail(root / MANIFEST, f"malformed manifest (field {field!r}: {err['msg']}{more})") \
            from None


def read_entry(root: Path, entry: FileEntry, what: str) -> tuple[Path, bytes]:
    """The path and bytes of the file ``entry`` names, checked."""
    p = root / entry.file
    return p, read_checked(p, entry.sha256, what, fail, root=root, size=entry.bytes)
