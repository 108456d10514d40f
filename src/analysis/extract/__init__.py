"""Extraction: one source file (PDF or text edition) in, one `ExtractedProgram` out.

`extract_file` opens the file, asks every registered layout how well it fits, and lets the best one
read it. Layout-specific code lives in one subpackage per programmed layout (`grid`, `card`); layouts
described by a profile (`profiles/*.yml`, e.g. the guide's standard forms) are read by the
layout-independent core (`analysis.extract.core`). Shared parsing lives in `analysis.core.numbers`,
`analysis.core.text`, `analysis.extract.reconcile` and `analysis.extract.core.years`.

Scanned pages (no text layer) are read through OCR first (`analysis.extract.scan`): the layouts then read
a derived PDF carrying the OCR'd words and rules, and every value read so is marked `method = ocr`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from analysis.core.io import sha256_file
from analysis.core.model import ExtractedProgram
from analysis.core.progress import ProgressCallback
from analysis.extract import pages, scan, source
from analysis.extract.base import Document, ExtractionError, Layout
from analysis.extract.card import CARD
from analysis.extract.core.layout import ProfileLayout
from analysis.extract.core.profile import Profile, ProfileError, load_profile, shipped_profiles
from analysis.extract.grid import GRID
from analysis.extract.profiles import BUILDERS

LAYOUTS: list[Layout] = [GRID, CARD, *(ProfileLayout(p, BUILDERS[p.code]) for p in shipped_profiles())]
"""Every layout the extractor knows: the two programmed ones and one per shipped profile
(`analysis/extract/profiles/*.yml`). Detection scores all of them."""

PROJECT_PROFILES = "data/profiles"
"""Where a project keeps profiles of its own (YAML only): read beside the shipped ones by `layouts_for`."""


def profile_layout(profile: Profile) -> ProfileLayout:
    """The layout a profile describes; a profile's `code` must name a shipped builder (or be left out)."""
    if profile.code not in BUILDERS:
        raise ProfileError(f"{profile.source}: code {profile.code!r} is not a builder of this package; leave 'code' out (the core builds from the YAML)")
    return ProfileLayout(profile, BUILDERS[profile.code])


def layouts_for(profile_dir: Path | None = None, extra: tuple[Path, ...] = ()) -> list[Layout]:
    """The shipped layouts plus every profile in `profile_dir` (a project's `data/profiles/`) and the `extra` files.

    A profile there may not take the name of a shipped layout (a one-line `ProfileError` says so)."""
    files = sorted(profile_dir.glob("*.yml")) if profile_dir is not None and profile_dir.is_dir() else []
    own = [profile_layout(load_profile(f)) for f in [*files, *extra]]
    known = {layout.name for layout in LAYOUTS}
    for layout in own:
        if layout.name in known:
            raise ProfileError(f"{layout.profile.source}: the name {layout.name!r} is taken (by a shipped layout or another profile); give the profile a name of its own")
        known.add(layout.name)
    return [*LAYOUTS, *own]

TEXT_SUFFIXES = {".md", ".txt", ".text"}
MIN_DETECTION_SCORE = 0.5

__all__ = ["LAYOUTS", "Document", "ExtractionError", "extract_file", "open_document", "detect_layout", "layouts_for", "profile_layout"]


def open_document(path: Path | str) -> Document:
    """Open a source file for extraction; a clear one-line `ExtractionError` for anything that is not one.

    The checks (file kind from its first bytes, truncated or password-protected PDFs, text encodings) live
    in `analysis.extract.source`.
    """
    path = Path(path)
    size, head = source.check_file(path)
    if source.is_pdf(head) or path.suffix.lower() == ".pdf":
        source.check_pdf(path, size, head)
        pages = source.read_pdf_pages(path)
        scanned = scan.scanned_pages(path, pages)
        if not any(t.strip() for t in pages) and not scanned:
            raise ExtractionError(f"{path}: the PDF has no text layer and no scanned images; nothing to read")
        if scanned:
            scan.check_tesseract(path, len(scanned))
        return Document(path, "pdf", "\n".join(pages), pages, sha256_file(path), tuple(scanned))
    if path.suffix.lower() not in TEXT_SUFFIXES:
        what = source.describe(head)
        raise ExtractionError(f"{path}: unsupported file type {path.suffix or '(none)'}" + (f" ({what})" if what else "") + "; expected a PDF or a text edition (.md, .txt)")
    text = source.read_text(path, size, head)
    return Document(path, "text", text, (), sha256_file(path))


def detect_layout(doc: Document, layouts: list[Layout] | None = None, prefer: str | None = None) -> Layout:
    """The layout named `prefer` if there is one, else the registered layout most confident it can read `doc`;
    an error if none is."""
    layouts = layouts or LAYOUTS
    named = [layout for layout in layouts if prefer and layout.name == prefer]
    if named:
        return named[0]
    # markers first (cheap); a profile's tables are looked for on the pages only when no layout is sure yet
    quick = [(layout.markers(doc) if isinstance(layout, ProfileLayout) else layout.detect(doc), i, layout) for i, layout in enumerate(layouts)]
    if max(q[0] for q in quick) < 1.0:
        quick = [(max(q, layout.structure(doc)) if isinstance(layout, ProfileLayout) else q, i, layout) for q, i, layout in quick]
    scored = sorted(quick, key=lambda t: (-t[0], t[1]))
    score, _, best = scored[0]
    if score < MIN_DETECTION_SCORE:
        known = ", ".join(layout.name for layout in layouts)
        raise ExtractionError(f"{doc.path}: not a performance program in a known layout (tried: {known})")
    return best


def extract_file(path: Path | str, program: str | None = None, progress: ProgressCallback | None = None,
                 ocr_cache: Path | str | None = None, layouts: list[Layout] | None = None, prefer: str | None = None) -> ExtractedProgram:
    """Extract one file. `program` defaults to the file's stem (e.g. `kocaeli-2021`).

    `layouts` (default: the shipped ones; `layouts_for` adds a project's own profiles) are the candidates;
    `prefer` names the one to use without detection (a project profile named in the catalog entry).

    Scanned pages are OCR'd first, their readings kept in `ocr_cache` (default: `scan.default_cache_dir()`)."""
    with pages.fewer_collections():  # a document's reading makes many objects and few cycles
        return _extract_file(path, program, progress, ocr_cache, layouts, prefer)


def _extract_file(path: Path | str, program: str | None, progress: ProgressCallback | None, ocr_cache: Path | str | None,
                  layouts: list[Layout] | None, prefer: str | None) -> ExtractedProgram:
    doc = open_document(path)
    program_id = program or Path(path).stem
    cache = Path(ocr_cache) if ocr_cache is not None else scan.default_cache_dir()
    # an owner-password PDF is read from an unrestricted temporary copy; scanned pages from a derived PDF
    with source.readable_copy(doc) as readable, scan.text_layer(readable, cache, progress) as (layered, ocr_pages):
        # a scanned document that cannot be read says so: the reader knows its text came from OCR
        read_by_ocr = f" (its {len(ocr_pages)} page(s) without a text layer were read by OCR)" if ocr_pages else ""
        layout: Layout | None = None
        try:
            layout = detect_layout(dataclasses.replace(layered, path=doc.path), layouts, prefer)
            result = layout.extract(layered, program_id, progress)
        except ExtractionError as exc:
            raise ExtractionError(str(exc).replace(str(layered.path), str(doc.path)).replace(str(readable.path), str(doc.path)) + read_by_ocr) from exc
        except Exception as exc:  # a layout bug or an unexpected document: name the file, keep the cause
            raise ExtractionError(f"{doc.path}: {layout.name if layout else 'layout detection'} layout could not read it ({type(exc).__name__}: {exc}){read_by_ocr}") from exc
    result.source_file = str(doc.path)
    counts = scan.mark_values(result, ocr_pages)
    if ocr_pages:
        result.method["ocr"] = scan.method_record(ocr_pages, counts, cache)
    return result
