"""The catalog of programs (`data/catalog.yml`), checked field by field, and the checksums that keep raw documents untouched.

The catalog comes from other people (a student's pull request), so every entry is validated when it is
read, before any stage runs:

- `id` is `<slug>-<year>` (`^[a-z0-9]+(-[a-z0-9]+)*-[0-9]{4}$`), unique, and its year is the entry's `year`;
- `year` is an integer from 1990 to 2100; `source_url`, when given, is an http(s) address;
- every file path is relative and resolves (symbolic links followed) inside `data/raw/<id>/`;
- every file has an edition (`pdf` or `text`, each at most once) and a sha256; `primary` is one of them;
- `series`, when given, is a municipality key (`kocaeli`): programs sharing it form a series (by default the
  key is the id without its year, so `kocaeli-2021` and `kocaeli-2022` are one series);
- the text fields are strings without control characters, and no key is unknown (a misspelt `primery:` must
  not silently build the PDF).

`read_catalog` returns the valid programs *and* one `CatalogProblem` per bad entry (naming the entry and
its fields), so the pipeline builds the other programs, reports the bad ones and exits non-zero.
`load_catalog` returns the valid programs only. A catalog that is not YAML at all raises `CatalogError`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from analysis.core.io import sha256_file
from analysis.core.paths import CATALOG_PATH, PROGRAM_ID, is_program_id, project_root


class CatalogError(Exception):
    """The catalog is missing or malformed, a program is unknown, or a raw file does not match its checksum."""


EDITIONS = ("pdf", "text")
YEARS = range(1990, 2101)
URL_SCHEMES = ("http", "https")
SHA256 = re.compile(r"[0-9a-f]{64}")

REQUIRED = ("id", "municipality", "kind", "province", "year", "layout", "files")
TEXT_FIELDS = ("municipality", "short_name", "kind", "province", "title", "layout", "source_url", "source_note", "primary", "pdf_edition", "series")
KNOWN = ("id", "municipality", "short_name", "kind", "province", "year", "title", "layout", "source_url", "source_note", "primary", "pdf_edition",
         "series", "files")
SERIES_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
"""A municipality's key (`kocaeli`): its programs of different years form a series."""
PDF_EDITIONS = ("published", "retypeset")
"""What the PDF file is: the municipality's own published PDF, or a re-typeset edition whose page numbers are its own."""
FILE_KEYS = ("path", "edition", "sha256")


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
    pdf_edition: str = "published"
    """`published` (the municipality's own PDF) or `retypeset` (a re-typeset edition: its page numbers are its own)."""
    series: str = ""
    """The municipality's key as written in the catalog (`series:`); empty: the id without its year."""

    def __post_init__(self) -> None:
        # the id names folders (data/extracted/<id>/, report/<id>/): never build a program whose id could leave them
        if not is_program_id(self.id):
            raise CatalogError(f"program id {self.id!r} is not <slug>-<year>")

    def file(self, edition: str) -> SourceFile:
        for f in self.files:
            if f.edition == edition:
                return f
        raise CatalogError(f"program {self.id} has no {edition} edition in the catalog")

    @property
    def series_key(self) -> str:
        """The municipality key beside the program id: programs sharing it are one municipality's series
        (`kocaeli-2021` and `kocaeli-2022` -> `kocaeli`, unless the catalog's `series:` says otherwise)."""
        return self.series or self.id.rsplit("-", 1)[0]

    @property
    def primary_file(self) -> SourceFile:
        return self.file(self.primary)

    @property
    def cites_pdf_pages(self) -> bool:
        """Whether the published rows carry pages of the PDF edition (only when the PDF is the primary edition)."""
        return self.primary == "pdf"

    @property
    def published_files(self) -> list[tuple[SourceFile, str]]:
        """The source documents the site offers for download, PDF first, with their names in `downloads/`
        (`<id>.pdf`; the text edition as `<id>.txt`, whatever its own suffix, so no renderer takes it for a page)."""
        order = sorted(self.files, key=lambda f: EDITIONS.index(f.edition))
        return [(f, f"{self.id}.pdf" if f.edition == "pdf" else f"{self.id}.txt") for f in order]


@dataclass(frozen=True)
class CatalogProblem:
    """One bad catalog entry (or a problem with the catalog as a whole when `entry` is None)."""

    catalog: Path
    entry: int | None
    program: str | None
    problems: tuple[tuple[str, str], ...]
    """(field, what is wrong) pairs."""

    @property
    def label(self) -> str:
        """Short name for summaries: `catalog entry #3 (x-2021)`."""
        if self.entry is None:
            return "catalog"
        return f"catalog entry #{self.entry}" + (f" ({self.program})" if self.program else "")

    def __str__(self) -> str:
        where = f"{CATALOG_PATH.as_posix()}: " + (f"program #{self.entry}" + (f" ({self.program})" if self.program else "") if self.entry is not None else "catalog")
        details = "; ".join(f"{name}: {message}" if name else message for name, message in self.problems)
        skipped = ", not built" if self.entry is not None else ""
        return f"{where}{skipped}: {details}"


@dataclass(frozen=True)
class Catalog:
    programs: list[Program]
    problems: list[CatalogProblem]


def _shown(value: Any, limit: int = 60) -> str:
    """A value from the catalog, quoted for a message: control characters escaped, long values cut."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _control_free(value: str) -> bool:
    return not any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in value)


def _check_text(e: dict[str, Any], problems: list[tuple[str, str]]) -> None:
    for name in TEXT_FIELDS:
        if name in e and e[name] is not None and not isinstance(e[name], str):
            problems.append((name, f"must be text, not {type(e[name]).__name__}"))
        elif isinstance(e.get(name), str) and not _control_free(e[name]):
            problems.append((name, "contains control characters"))


def _check_year(e: dict[str, Any], problems: list[tuple[str, str]]) -> None:
    year = e.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        problems.append(("year", f"{_shown(year)} is not a whole number"))
    elif year not in YEARS:
        problems.append(("year", f"{year} is outside {YEARS.start}–{YEARS.stop - 1}"))


def _check_id(e: dict[str, Any], problems: list[tuple[str, str]]) -> str | None:
    pid = e.get("id")
    if not isinstance(pid, str) or not is_program_id(pid):
        problems.append(("id", f"{_shown(pid)} is not <slug>-<year> (lowercase letters, digits and hyphens, ending in the year: {PROGRAM_ID.pattern})"))
        return None
    year = e.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and not pid.endswith(f"-{year}"):
        problems.append(("id", f"{pid!r} does not end in its year {year}"))
    return pid


def _check_series(e: dict[str, Any], problems: list[tuple[str, str]]) -> None:
    key = e.get("series")
    if isinstance(key, str) and key and not SERIES_KEY.fullmatch(key):
        problems.append(("series", f"{_shown(key)} is not a municipality key (lowercase letters, digits and hyphens, e.g. kocaeli)"))


def _check_url(e: dict[str, Any], problems: list[tuple[str, str]]) -> None:
    url = e.get("source_url")
    if not url or not isinstance(url, str):
        return
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in URL_SCHEMES or not parts.hostname or any(c.isspace() for c in url):
        problems.append(("source_url", f"{_shown(url)} is not an http(s) address"))


def _inside(path: Path, raw: Path, pid: str) -> bool:
    """Whether `path`, symbolic links followed, lies in `raw/<pid>/` (itself not a link elsewhere)."""
    try:
        return path.resolve().is_relative_to(raw.resolve() / pid)
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _check_files(root: Path, pid: str | None, e: dict[str, Any], problems: list[tuple[str, str]]) -> tuple[SourceFile, ...]:
    files = e.get("files")
    if not isinstance(files, list) or not files:
        problems.append(("files", "must be a list of {path, edition, sha256}"))
        return ()
    out: list[SourceFile] = []
    for n, f in enumerate(files, 1):
        where = f"files[{n}]"
        if not isinstance(f, dict):
            problems.append((where, "must be a mapping of path, edition and sha256"))
            continue
        unknown = [k for k in f if k not in FILE_KEYS]
        if unknown:
            problems.append((where, f"unknown key {', '.join(_shown(k) for k in unknown)} (known: {', '.join(FILE_KEYS)})"))
        rel, edition, sha = f.get("path"), f.get("edition"), f.get("sha256")
        if edition not in EDITIONS:
            problems.append((f"{where}.edition", f"{_shown(edition)} is not one of {', '.join(EDITIONS)}"))
        if not isinstance(sha, str) or not SHA256.fullmatch(sha):
            problems.append((f"{where}.sha256", f"{_shown(sha)} is not a sha256 (64 lowercase hex digits)"))
        if not isinstance(rel, str) or not rel or not _control_free(rel):
            problems.append((f"{where}.path", f"{_shown(rel)} is not a file path"))
            continue
        posix = PurePosixPath(rel)
        folder = f"data/raw/{pid}/" if pid else "data/raw/<id>/"
        if "\\" in rel or posix.is_absolute() or ".." in posix.parts or pid is None or posix.parts[:3] != ("data", "raw", pid) or len(posix.parts) < 4:
            problems.append((f"{where}.path", f"{_shown(rel)} is not a relative path inside {folder}"))
            continue
        path = root.joinpath(*posix.parts)
        if not _inside(path, root / "data" / "raw", pid):
            problems.append((f"{where}.path", f"{_shown(rel)} leads outside {folder} (a symbolic link?)"))
            continue
        out.append(SourceFile(path, str(edition), str(sha)))
    editions = [f.get("edition") for f in files if isinstance(f, dict)]
    for ed in sorted({x for x in editions if isinstance(x, str) and editions.count(x) > 1}):
        problems.append(("files", f"two files with edition {ed!r}"))
    if e.get("pdf_edition", "published") not in PDF_EDITIONS:
        problems.append(("pdf_edition", f"{_shown(e.get('pdf_edition'))} is not one of {', '.join(PDF_EDITIONS)}"))
    primary = e.get("primary", "pdf")
    if primary not in editions:
        problems.append(("primary", f"{_shown(primary)} is not the edition of one of its files ({', '.join(str(x) for x in editions)})"))
    return tuple(out)


def _program(root: Path, n: int, e: Any, seen: dict[str, int]) -> Program | CatalogProblem:
    """One entry as a Program, or the problem saying what is wrong with it."""
    path = root / CATALOG_PATH
    if not isinstance(e, dict):
        return CatalogProblem(path, n, None, (("", f"must be a mapping of fields, not {type(e).__name__}"),))
    problems: list[tuple[str, str]] = []
    missing = [k for k in REQUIRED if k not in e]
    if missing:
        problems.append(("", f"lacks {', '.join(missing)}"))
    unknown = [k for k in e if k not in KNOWN]
    if unknown:
        problems.append(("", f"unknown field {', '.join(_shown(k) for k in unknown)} (known: {', '.join(KNOWN)})"))
    pid = _check_id(e, problems)
    if pid is not None and pid in seen:
        problems.append(("id", f"{pid!r} is already used by program #{seen[pid]}"))
    _check_year(e, problems)
    _check_text(e, problems)
    _check_url(e, problems)
    _check_series(e, problems)
    files = _check_files(root, pid, e, problems)
    shown_id = pid if pid is not None else (_shown(e.get("id"), 40) if "id" in e else None)
    if problems:
        return CatalogProblem(path, n, shown_id, tuple(problems))
    assert pid is not None
    seen[pid] = n
    return Program(
        id=pid,
        municipality=e["municipality"],
        short_name=e.get("short_name") or e["municipality"],
        kind=e["kind"],
        province=e["province"],
        year=e["year"],
        title=e.get("title") or "",
        layout=e["layout"],
        source_url=e.get("source_url") or "",
        source_note=" ".join(str(e.get("source_note") or "").split()),
        primary=e.get("primary", "pdf"),
        files=files,
        pdf_edition=e.get("pdf_edition") or "published",
        series=e.get("series") or "",
    )


def read_catalog(root: Path | None = None) -> Catalog:
    """Read data/catalog.yml: the valid programs and a problem for each bad entry (paths resolved against `root`)."""
    root = root or project_root()
    path = root / CATALOG_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: not found") from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where is not None else ""
        raise CatalogError(f"{path}: not valid YAML{at} ({getattr(exc, 'problem', None) or type(exc).__name__})") from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict) or not isinstance(raw.get("programs", []) or [], list):
        raise CatalogError(f"{path}: expected a mapping with a `programs:` list")
    problems: list[CatalogProblem] = []
    extra = [k for k in raw if k != "programs"]
    if extra:
        problems.append(CatalogProblem(path, None, None, (("", f"unknown top-level key {', '.join(_shown(k) for k in extra)} (known: programs)"),)))
    programs: list[Program] = []
    seen: dict[str, int] = {}
    for n, e in enumerate(raw.get("programs") or [], 1):
        result = _program(root, n, e, seen)
        (problems if isinstance(result, CatalogProblem) else programs).append(result)  # type: ignore[arg-type]
    return Catalog(programs, problems)


def load_catalog(root: Path | None = None) -> list[Program]:
    """The catalog's valid programs (bad entries are left out; `read_catalog` says why)."""
    return read_catalog(root).programs


def get_program(program_id: str, root: Path | None = None) -> Program:
    catalog = read_catalog(root)
    for p in catalog.programs:
        if p.id == program_id:
            return p
    for problem in catalog.problems:
        if problem.program == program_id:
            raise CatalogError(str(problem))
    raise CatalogError(f"program {program_id!r} is not in the catalog")


def series_groups(programs: list[Program]) -> dict[str, list[Program]]:
    """Series key -> its programs by year; only keys with programs of at least two different years (a second
    program of a year already there is left out: one program per year)."""
    by_key: dict[str, dict[int, Program]] = {}
    for p in programs:
        by_key.setdefault(p.series_key, {}).setdefault(p.year, p)
    return {k: [v[y] for y in sorted(v)] for k, v in sorted(by_key.items()) if len(v) >= 2}


def verify_file(f: SourceFile) -> None:
    """Raise CatalogError unless the file exists and has exactly the recorded checksum."""
    if not f.path.is_file():
        raise CatalogError(f"{f.path}: raw file listed in the catalog is missing" if not f.path.exists() else f"{f.path}: listed in the catalog but not a file")
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
