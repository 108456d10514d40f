"""`python -m analysis add PATH --municipality NAME --year YEAR`: a new program in the project, all or nothing.

Takes a program's PDF and what the cover says (municipality, year; optionally kind, province, id, short
name, title, source address). Gives, in this order, and only if every step before succeeded:

1. a checked id: `<slug>-<year>` from the municipality's name (`Çankaya Belediyesi`, 2022 → `cankaya-2022`:
   Turkish letters folded, `Belediyesi` / `Büyükşehir Belediyesi` dropped) or the `--id` given; it must match
   `analysis.core.catalog.PROGRAM_ID` and not be in the catalog yet, and `data/raw/<id>/` must not exist;
2. the document opened (a PDF with a text layer; a scan goes through OCR where the extractor can) and every
   layout's detection score; none above the threshold → an error pointing to `python -m analysis diagnose`;
3. the extraction, in memory (nothing is written before it succeeded);
4. the file copied byte for byte into `data/raw/<id>/<id>.pdf` (through a temporary file, its sha256
   compared with the source's before it is renamed into place);
5. the catalog entry appended to `data/catalog.yml` with a round-trip YAML library (ruamel.yaml): every
   comment, the order and the formatting of the other entries stay as they were; written to a temporary
   file, checked by reading the whole catalog back, then renamed into place. If this fails, the raw copy
   is removed again;
6. the data package written into `data/extracted/<id>/` with the extract stage's build key, so the next
   `make report` does not extract again.
A program of a municipality already in the catalog (same key: the id without its year) joins its series;
`Added.series` names the other years, and the command says so.

Every refusal is an `AddError` with one line naming the file or the value; `--dry-run` stops after step 3
and writes nothing.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.core.catalog import CatalogError, is_program_id, load_catalog
from analysis.core.io import sha256_file, temp_name
from analysis.core.lock import project_lock
from analysis.core.model import ExtractedProgram
from analysis.core.paths import Paths
from analysis.core.progress import ProgressCallback, say
from analysis.core.text import ascii_fold

YEARS = range(1990, 2101)
KINDS = ("district", "metropolitan", "province", "city", "town")

_DROPPED = ("buyuksehir belediyesi", "buyuksehir belediye baskanligi", "belediye baskanligi", "belediyesi", "belediye")


class AddError(Exception):
    """A request `add` refuses; the message is one line naming the file or value."""


@dataclass
class AddRequest:
    file: Path
    municipality: str
    year: int
    kind: str | None = None
    province: str | None = None
    program_id: str | None = None
    short_name: str | None = None
    title: str | None = None
    source_url: str | None = None


@dataclass
class Added:
    """What `add` did (or, for a dry run, would do)."""

    program_id: str
    entry: dict[str, Any]
    raw_path: Path
    result: ExtractedProgram
    scores: list[tuple[str, float]]
    seconds: float
    guessed: dict[str, str] = field(default_factory=dict)
    """Fields `add` filled in itself → how (shown in the report, so a wrong guess is easy to fix)."""
    written: bool = False
    series: list[tuple[str, int]] = field(default_factory=list)
    """The catalog's other programs of the same municipality (same series key): (id, year). The new program
    joins their series: the series stage lines up what each promised and what the later ones report."""


# ------------------------------------------------------------------------------------------------ id


def short_name_of(municipality: str) -> str:
    """`Çankaya Belediyesi` → `Çankaya`; `Kocaeli Büyükşehir Belediyesi` → `Kocaeli` (the name as printed otherwise)."""
    words = municipality.split()
    for n in range(1, len(words)):  # the longest ending first: "Büyükşehir Belediyesi" before "Belediyesi"
        if ascii_fold(" ".join(words[n:])) in _DROPPED:
            return " ".join(words[:n])
    return municipality.strip()


def derive_id(municipality: str, year: int) -> str:
    """`<slug>-<year>`: the short name folded to ASCII, lower case, words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(short_name_of(municipality))).strip("-")
    return f"{slug}-{year}"


def check_id(program_id: str, year: int, existing: set[str]) -> None:
    shown = repr(program_id)[:80]
    if not is_program_id(program_id):
        raise AddError(f"id {shown} is not <slug>-<year>: lowercase ASCII letters and digits in hyphen-joined words, ending in the year (e.g. cankaya-2022)")
    if not program_id.endswith(f"-{year}"):
        raise AddError(f"id {shown} does not end in the program's year {year}")
    if program_id in existing:
        raise AddError(f"id {program_id} is already in data/catalog.yml; give another with --id (e.g. {program_id[:-5]}-2-{year}) or remove the old entry first")


def _check_request(req: AddRequest) -> None:
    if not req.municipality.strip():
        raise AddError("--municipality is empty")
    if any(ord(c) < 32 for c in req.municipality + (req.province or "") + (req.short_name or "") + (req.title or "")):
        raise AddError("the names given contain control characters")
    if req.year not in YEARS:
        raise AddError(f"--year {req.year} is outside {YEARS.start}–{YEARS.stop - 1}")
    if req.kind is not None and req.kind not in KINDS:
        raise AddError(f"--kind {req.kind!r} is not one of {', '.join(KINDS)}")
    if req.source_url and not re.match(r"^https?://[^\s<>\"']+$", req.source_url):
        raise AddError(f"--source-url {req.source_url[:80]!r} is not an http(s) address")


def _check_file(path: Path) -> None:
    if not path.exists():
        raise AddError(f"{path}: no such file")
    if not path.is_file():
        raise AddError(f"{path}: not a file")
    with path.open("rb") as fh:
        head = fh.read(5)
    if not head.startswith(b"%PDF"):
        raise AddError(f"{path}: not a PDF file (add takes a program's PDF edition; its first bytes are not %PDF)")


# ------------------------------------------------------------------------------------------------ entry


def build_entry(req: AddRequest, program_id: str, layout: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The catalog entry, in the catalog's field order, and which fields were guessed."""
    guessed: dict[str, str] = {}
    short = req.short_name or short_name_of(req.municipality)
    if not req.short_name:
        guessed["short_name"] = "the municipality's name without Belediyesi (--short-name to set)"
    metropolitan = "buyuksehir" in ascii_fold(req.municipality)
    kind = req.kind or ("metropolitan" if metropolitan else "district")
    if not req.kind:
        guessed["kind"] = ("'Büyükşehir' in the name" if metropolitan else "no 'Büyükşehir' in the name") + " (--kind to set)"
    province = req.province or (short if metropolitan else "")
    if not req.province:
        guessed["province"] = "the metropolitan municipality's name (--province to set)" if metropolitan else "not given: left empty (--province to set)"
    entry: dict[str, Any] = {
        "id": program_id,
        "municipality": req.municipality.strip(),
        "short_name": short,
        "kind": kind,
        "province": province,
        "year": req.year,
        "title": req.title or f"{req.year} Yılı Performans Programı",
        "layout": layout,
    }
    if not req.title:
        guessed["title"] = "the usual title for the year (--title to set)"
    if req.source_url:
        entry["source_url"] = req.source_url
    entry["primary"] = "pdf"
    return entry, guessed


def append_to_catalog_text(text: str, entry: dict[str, Any]) -> str:
    """The catalog's text with `entry` appended to `programs`, everything else exactly as it was."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = yaml.load(text)
    if doc is None:
        doc = CommentedMap()
    if doc.get("programs") is None:
        doc["programs"] = CommentedSeq()
    programs = doc["programs"]
    new = CommentedMap()
    for key, value in entry.items():
        if key == "files":
            new[key] = CommentedSeq([CommentedMap(f) for f in value])
        else:
            new[key] = value
    programs.append(new)
    if len(programs) > 1:
        programs.yaml_set_comment_before_after_key(len(programs) - 1, before="\n", indent=2)
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------ steps


def layout_scores(doc) -> list[tuple[str, float]]:
    """Every registered layout's detection score for `doc`, best first."""
    from analysis.extract import LAYOUTS

    return sorted(((layout.name, float(layout.detect(doc))) for layout in LAYOUTS), key=lambda t: -t[1])


def _open(path: Path):
    from analysis.extract import ExtractionError, open_document

    try:
        return open_document(path)
    except ExtractionError as exc:
        raise AddError(str(exc)) from exc


def _extract(path: Path, program_id: str, progress: ProgressCallback | None) -> ExtractedProgram:
    from analysis.extract import ExtractionError, extract_file

    try:
        return extract_file(path, program_id, progress)
    except ExtractionError as exc:
        raise AddError(f"{exc}; nothing was added. `python -m analysis diagnose {path}` shows what each page holds") from exc


def _copy_verified(src: Path, folder: Path, name: str, sha: str) -> Path:
    """Copy `src` into `folder/name` through a temporary file; the copy's sha256 must be `sha`."""
    folder.mkdir(parents=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copyfile(src, tmp)
        copied = sha256_file(tmp)
        if copied != sha:
            raise AddError(f"{src}: the copy's sha256 {copied[:12]}… differs from the file's {sha[:12]}… (did it change while being copied?)")
        os.replace(tmp, folder / name)
    finally:
        tmp.unlink(missing_ok=True)
    return folder / name


def _write_catalog(p: Paths, new_text: str, program_id: str) -> None:
    import yaml

    fd, tmp_name = tempfile.mkstemp(prefix=temp_name(p.catalog), suffix=".yml", dir=p.catalog.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(new_text)
        ids = [e.get("id") for e in (yaml.safe_load(tmp.read_text(encoding="utf-8")) or {}).get("programs") or []]
        if ids.count(program_id) != 1:
            raise AddError(f"{p.catalog}: the new entry {program_id} did not read back from the written catalog")
        os.replace(tmp, p.catalog)
    finally:
        tmp.unlink(missing_ok=True)


def _write_package(p: Paths, program_id: str, result: ExtractedProgram, seconds: float) -> None:
    """The package the extract stage would write, stamped with its build key (so the build skips it)."""
    from analysis import pipeline
    from analysis.core.package import write_package

    b = pipeline.Build.open(p.root)
    program = next(prog for prog in b.programs if prog.id == program_id)
    target = pipeline.extract_target(b, program)
    write_package(result, p.extracted / program_id, extra_meta={"seconds": seconds, "build_key": target.key.digest})
    pipeline.done(b, target)


def add_program(req: AddRequest, p: Paths, progress: ProgressCallback | None = None, dry_run: bool = False) -> Added:
    """Check, extract, then (unless `dry_run`) copy, catalog and package; see the module docstring."""
    from analysis.extract import MIN_DETECTION_SCORE

    _check_request(req)
    source = Path(req.file)
    _check_file(source)
    try:
        catalog = load_catalog(p.root)
        existing = {prog.id for prog in catalog}
    except CatalogError as exc:
        raise AddError(f"the catalog cannot be read, so nothing is added: {exc}") from exc
    program_id = req.program_id if req.program_id is not None else derive_id(req.municipality, req.year)
    check_id(program_id, req.year, existing)
    folder = p.raw / program_id
    if folder.exists():
        raise AddError(f"{folder}: already exists (from an earlier add?); remove it or choose another --id")
    doc = _open(source)
    scores = layout_scores(doc)
    if not scores or scores[0][1] < MIN_DETECTION_SCORE:
        tried = ", ".join(f"{name} {score:.2f}" for name, score in scores)
        raise AddError(f"{source}: not a performance program in a known layout (detection scores: {tried}; {MIN_DETECTION_SCORE:.2f} needed); "
                       f"nothing was added. `python -m analysis diagnose {source}` shows what each page holds and which layout came closest")
    started = time.perf_counter()
    result = _extract(source, program_id, progress)
    seconds = round(time.perf_counter() - started, 2)
    entry, guessed = build_entry(req, program_id, result.layout)
    raw_path = folder / f"{program_id}.pdf"
    entry["files"] = [{"path": raw_path.relative_to(p.root).as_posix(), "edition": "pdf", "sha256": doc.sha256}]
    result.source_file = raw_path.relative_to(p.root).as_posix()
    key = program_id.rsplit("-", 1)[0]
    series = sorted((prog.id, prog.year) for prog in catalog if prog.series_key == key and prog.year != req.year)
    added = Added(program_id, entry, raw_path, result, scores, seconds, guessed, series=series)
    if dry_run:
        return added
    with project_lock(p.root, on_wait=say):  # never while a build reads the catalog and writes packages
        catalog_text = p.catalog.read_text(encoding="utf-8")
        new_text = append_to_catalog_text(catalog_text, entry)
        _copy_verified(source, folder, raw_path.name, doc.sha256)
        try:
            _write_catalog(p, new_text, program_id)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        added.written = True
        _write_package(p, program_id, result, seconds)
    return added
