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
from analysis.extract import scan, source
from analysis.extract.base import Document, ExtractionError, Layout
from analysis.extract.card import CARD
from analysis.extract.core.layout import ProfileLayout
from analysis.extract.core.profile import shipped_profiles
from analysis.extract.grid import GRID
from analysis.extract.profiles import BUILDERS

LAYOUTS: list[Layout] = [GRID, CARD, *(ProfileLayout(p, BUILDERS[p.code]) for p in shipped_profiles())]
"""Every layout the extractor knows: the two programmed ones and one per shipped profile
(`analysis/extract/profiles/*.yml`). Detection scores all of them."""

TEXT_SUFFIXES = {".md", ".txt", ".text"}
MIN_DETECTION_SCORE = 0.5

__all__ = ["LAYOUTS", "Document", "ExtractionError", "extract_file", "open_document", "detect_layout"]


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


def detect_layout(doc: Document) -> Layout:
    """The registered layout most confident it can read `doc`; an error if none is."""
    scored = sorted(((layout.detect(doc), i, layout) for i, layout in enumerate(LAYOUTS)), key=lambda t: (-t[0], t[1]))
    score, _, best = scored[0]
    if score < MIN_DETECTION_SCORE:
        known = ", ".join(layout.name for layout in LAYOUTS)
        raise ExtractionError(f"{doc.path}: not a performance program in a known layout (tried: {known})")
    return best


def extract_file(path: Path | str, program: str | None = None, progress: ProgressCallback | None = None,
                 ocr_cache: Path | str | None = None) -> ExtractedProgram:
    """Extract one file. `program` defaults to the file's stem (e.g. `kocaeli-2021`).

    Scanned pages are OCR'd first, their readings kept in `ocr_cache` (default: `scan.default_cache_dir()`)."""
    doc = open_document(path)
    program_id = program or Path(path).stem
    cache = Path(ocr_cache) if ocr_cache is not None else scan.default_cache_dir()
    # an owner-password PDF is read from an unrestricted temporary copy; scanned pages from a derived PDF
    with source.readable_copy(doc) as readable, scan.text_layer(readable, cache, progress) as (layered, ocr_pages):
        # a scanned document that cannot be read says so: the reader knows its text came from OCR
        read_by_ocr = f" (its {len(ocr_pages)} page(s) without a text layer were read by OCR)" if ocr_pages else ""
        layout: Layout | None = None
        try:
            layout = detect_layout(dataclasses.replace(layered, path=doc.path))
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
