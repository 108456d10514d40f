"""Where the project lives and where every stage reads and writes.

`project_root()` finds the project folder (`$PERFORMANS_ROOT`, else the nearest folder upwards holding
`data/catalog.yml`); `Paths` names every folder of the one-way data flow relative to it. Nothing here
creates or touches a file.

A program's id names its folders in every stage (`data/extracted/<id>/`, `report/<id>/`, ...). Ids come
from the catalog, written by other people, so `program_dir(base, id)` is the one way to turn an id into a
folder: it accepts only `<slug>-<year>` ids and refuses any result outside `base` (a symbolic link).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

CATALOG_PATH = Path("data/catalog.yml")

PROGRAM_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*-[0-9]{4}$")
"""A program id: `<municipality-slug>-<year>`, lowercase ASCII letters, digits and hyphens."""


class UnsafeProgramPath(ValueError):
    """A program id that is not `<slug>-<year>`, or whose folder would lie outside the stage's folder."""


def is_program_id(value: object) -> bool:
    """True for `kocaeli-2021`; False for anything that could name another folder (`..`, `/`, a newline)."""
    return isinstance(value, str) and value.isascii() and PROGRAM_ID.fullmatch(value) is not None and "\n" not in value


def program_dir(base: Path, program_id: str) -> Path:
    """`base/<program_id>`: the folder of one program in one stage, guaranteed to lie inside `base`."""
    if not is_program_id(program_id):
        raise UnsafeProgramPath(f"{program_id!r} is not a program id (<slug>-<year>)")
    folder = Path(base) / program_id
    if not folder.resolve().is_relative_to(Path(base).resolve()):
        raise UnsafeProgramPath(f"{folder}: leads outside {base} (a symbolic link?)")
    return folder


class ProjectNotFound(Exception):
    """No project folder (a folder with data/catalog.yml) around the current directory."""


def project_root(start: Path | None = None) -> Path:
    """The project folder: `$PERFORMANS_ROOT`, else the nearest folder upwards holding data/catalog.yml."""
    env = os.environ.get("PERFORMANS_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CATALOG_PATH).exists():
            return folder
    raise ProjectNotFound(f"no {CATALOG_PATH} found in {here} or above; run from the project folder or set PERFORMANS_ROOT")


@dataclass(frozen=True)
class Paths:
    """Where every stage reads and writes, relative to the project root."""

    root: Path

    @property
    def catalog(self) -> Path:
        return self.root / CATALOG_PATH

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def extracted(self) -> Path:
        return self.root / "data" / "extracted"

    @property
    def checked(self) -> Path:
        return self.root / "data" / "checked"

    @property
    def duckdb(self) -> Path:
        return self.root / "data" / "programs.duckdb"

    @property
    def analysis(self) -> Path:
        return self.root / "data" / "analysis"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def report(self) -> Path:
        return self.root / "report"

    @property
    def site(self) -> Path:
        return self.root / "_site"

    @property
    def downloads(self) -> Path:
        return self.root / "downloads"

    @property
    def config(self) -> Path:
        return self.root / "data"


def paths(root: Path | None = None) -> Paths:
    return Paths(root or project_root())
