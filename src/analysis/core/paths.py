"""Where the project lives and where every stage reads and writes.

`project_root()` finds the project folder (`$PERFORMANS_ROOT`, else the nearest folder upwards holding
`data/catalog.yml`); `Paths` names every folder of the one-way data flow relative to it. Nothing here
creates or touches a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CATALOG_PATH = Path("data/catalog.yml")


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
