"""The catalog of programs (`data/catalog.yml`) and the checksums that keep raw documents untouched."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.core.io import sha256_file
from analysis.core.paths import CATALOG_PATH, project_root


class CatalogError(Exception):
    """The catalog is missing, malformed, or a raw file does not match its recorded checksum."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    edition: str
    sha256: str


@dataclass(frozen=True)
class Program:
    id: str
    municipality: str
    short_name: str
    kind: str
    province: str
    year: int
    title: str
    layout: str
    source_url: str
    source_note: str
    primary: str
    files: tuple[SourceFile, ...] = field(default_factory=tuple)

    def file(self, edition: str) -> SourceFile:
        for f in self.files:
            if f.edition == edition:
                return f
        raise CatalogError(f"program {self.id} has no {edition} edition in the catalog")

    @property
    def primary_file(self) -> SourceFile:
        return self.file(self.primary)


REQUIRED = ("id", "municipality", "kind", "province", "year", "layout", "files")


def load_catalog(root: Path | None = None) -> list[Program]:
    """Read data/catalog.yml into Program objects, with paths resolved against the project root."""
    root = root or project_root()
    path = root / CATALOG_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: not found") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML ({exc})") from exc
    entries = (raw or {}).get("programs") or []
    programs = []
    seen: set[str] = set()
    for n, e in enumerate(entries, 1):
        missing = [k for k in REQUIRED if k not in e]
        if missing:
            raise CatalogError(f"{path}: program #{n} lacks {', '.join(missing)}")
        if e["id"] in seen:
            raise CatalogError(f"{path}: program id {e['id']} appears twice")
        seen.add(e["id"])
        files = tuple(SourceFile(root / f["path"], f["edition"], f["sha256"]) for f in e["files"])
        programs.append(
            Program(
                id=e["id"],
                municipality=e["municipality"],
                short_name=e.get("short_name") or e["municipality"],
                kind=e["kind"],
                province=e["province"],
                year=int(e["year"]),
                title=e.get("title", ""),
                layout=e["layout"],
                source_url=e.get("source_url", ""),
                source_note=" ".join(str(e.get("source_note", "")).split()),
                primary=e.get("primary", "pdf"),
                files=files,
            )
        )
    return programs


def get_program(program_id: str, root: Path | None = None) -> Program:
    for p in load_catalog(root):
        if p.id == program_id:
            return p
    raise CatalogError(f"program {program_id!r} is not in the catalog")


def verify_file(f: SourceFile) -> None:
    """Raise CatalogError unless the file exists and has exactly the recorded checksum."""
    if not f.path.exists():
        raise CatalogError(f"{f.path}: raw file listed in the catalog is missing")
    actual = sha256_file(f.path)
    if actual != f.sha256:
        raise CatalogError(
            f"{f.path}: checksum {actual[:12]}… differs from the catalog's {f.sha256[:12]}…; "
            "raw documents are never edited. Restore the original, or if a new edition was published, "
            "add it as a new file and update data/catalog.yml on purpose."
        )


def verify_catalog(programs: list[Program]) -> None:
    for p in programs:
        for f in p.files:
            verify_file(f)
