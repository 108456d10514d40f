"""Scanned PDFs: pages without a text layer are read through OCR, then by the same layout readers.

A municipality that prints, signs and scans its program publishes a PDF whose pages are images. Such a
page (no text, at least one image) is OCR'd page by page (`ocr_page.read_scan_page`: tesseract's
Turkish model on a 300 dpi render, rules and boxes from the image, every number re-read cell by cell)
and replaced, in a temporary derived PDF, by a page carrying the words as invisible text and the rules
as vector lines (`ocr_layer`). The layouts read that PDF exactly as they read a text PDF; pages that
have a text layer are copied unchanged, so a document with some scanned pages is handled page by page.

- `scanned_pages(path, page_texts)`: which pages need OCR (0-based).
- `check_tesseract(path, n)`: one `ExtractionError` sentence saying what to install when OCR cannot run.
- `text_layer(doc, cache_dir, progress)`: context manager yielding the document to read (the derived
  PDF, or `doc` itself when nothing is scanned) and the `ScanPage` of every OCR'd page.
- `mark_values(result, pages)`: afterwards, every indicator value, activity and stated total says how it
  was read (`method` = `text` / `ocr`), with tesseract's confidence and what an OCR repair changed or why
  a reading is uncertain (`ocr_confidence`, `ocr_note`), found through the row's box (`bbox`).

Cache: each page's reading is kept in `cache_dir` (JSON, named by the PDF's content, the page, the dpi,
tesseract's version and the OCR code), so a second run renders nothing and runs no tesseract. The
pipeline keeps it in `data/.cache/ocr/`; `python -m analysis extract` in the user's cache folder
(`default_cache_dir()`: `$XDG_CACHE_HOME/performans-analysis/ocr`, else `~/.cache/performans-analysis/ocr`)
unless `--cache` names another.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from analysis.core.model import Activity, ExtractedProgram, IndicatorValue, StatedTotal
from analysis.core.progress import ProgressCallback
from analysis.extract.base import Document, ExtractionError

UNCERTAIN_BELOW = 80.0
"""A number read with a lower tesseract confidence than this is reported as OCR-uncertain."""


def default_cache_dir() -> Path:
    """Where `python -m analysis extract` keeps OCR readings unless told otherwise."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "performans-analysis" / "ocr"


def scanned_pages(path: Path, page_texts: tuple[str, ...]) -> list[int]:
    """0-based indexes of the pages with no text layer but with an image: the pages to OCR. A page with
    neither (a blank page) is left alone."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    empty = [i for i, t in enumerate(page_texts) if not t.strip()]
    if not empty:
        return []
    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in empty:
            page = pdf[i]
            try:
                if any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=3)):
                    out.append(i)
            finally:
                page.close()
        return out
    finally:
        pdf.close()


def check_tesseract(path: Path, n_pages: int) -> None:
    """Raise the one-line `ExtractionError` saying what to install when tesseract (Turkish) cannot run."""
    from analysis.extract import ocr

    problem = ocr.tesseract_available()
    if problem:
        what = "the PDF has no text layer" if n_pages == 0 else f"{n_pages} page{'s' if n_pages != 1 else ''} of the PDF have no text layer (scanned)"
        raise ExtractionError(f"{path}: {what}; {problem[0].lower()}{problem[1:]}")


@contextmanager
def text_layer(doc: Document, cache_dir: Path | None, progress: ProgressCallback | None = None) -> Iterator[tuple[Document, dict]]:
    """`(document to read, {0-based page index: ScanPage})`: `doc` itself when no page is scanned, else a
    derived PDF in a temporary folder (removed when the block ends) with every scanned page OCR'd."""
    if doc.edition != "pdf" or not doc.scanned:
        yield doc, {}
        return
    from analysis.extract import ocr_layer, ocr_page, source

    check_tesseract(doc.path, len(doc.scanned))
    pages = {}
    for done, index in enumerate(doc.scanned, start=1):
        try:
            pages[index] = ocr_page.read_scan_page(doc.path, index, doc.sha256, cache_dir=cache_dir)
        except RuntimeError as exc:  # tesseract failed on this page
            raise ExtractionError(f"{doc.path}: OCR of page {index + 1} failed ({exc})") from exc
        if progress:
            progress(done, len(doc.scanned), f"OCR p.{index + 1}")
    with tempfile.TemporaryDirectory(prefix="performans-ocr-") as tmp:
        derived = ocr_layer.write_derived_pdf(doc.path, pages, Path(tmp) / doc.path.name)
        texts = source.read_pdf_pages(derived)
        yield dataclasses.replace(doc, path=derived, text="\n".join(texts), page_texts=texts), pages


# ------------------------------------------------------------------------------------------ marking


def _inside(w, box) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] - 0.5 <= cx <= box[2] + 0.5 and box[1] - 0.5 <= cy <= box[3] + 0.5


def _words(pages: dict, page: int | None, bbox) -> list:
    """The layer words of a row's box: the numbers among them when there are any, else all."""
    scan = pages.get(page - 1) if page else None
    if scan is None or bbox is None:
        return []
    inside = [w for w in scan.words if _inside(w, bbox)]
    numbers = [w for w in inside if w.numeric]
    return numbers or inside


def _describe(words: list) -> tuple[str, bool]:
    """The row's OCR note (repairs, doubts) and whether any of its numbers is uncertain."""
    notes, uncertain = [], False
    for w in words:
        if w.read:
            notes.append(f"OCR read {w.read!r}, repaired to {w.text!r}: {w.note}")
        elif w.uncertain:
            notes.append(f"OCR-uncertain: {w.note}")
            uncertain = True
        elif w.numeric and w.conf < UNCERTAIN_BELOW:
            notes.append(f"OCR-uncertain: {w.text!r} read with confidence {w.conf:.0f}")
            uncertain = True
    return "; ".join(notes), uncertain


def mark_values(result: ExtractedProgram, pages: dict) -> dict:
    """Set `method`, `ocr_confidence` and `ocr_note` on every value row; returns counts for the method record.

    A row on an OCR'd page is `ocr`; its confidence is the lowest of the words in its box (the numbers
    of an activity's row); a repaired indicator value keeps what was read in `value_raw`."""
    ocr_pages = {i + 1 for i in pages}
    counts = {"ocr_rows": 0, "repaired": 0, "uncertain": 0, "without_box": 0}
    rows: list[IndicatorValue | Activity | StatedTotal] = [*result.indicator_values, *result.activities, *result.stated_totals]
    for row in rows:
        if row.page not in ocr_pages:
            row.method = "text"
            continue
        row.method = "ocr"
        counts["ocr_rows"] += 1
        if row.bbox is None:
            counts["without_box"] += 1
            continue
        words = _words(pages, row.page, row.bbox)
        if not words:
            continue
        row.ocr_confidence = Decimal(f"{max(0.0, min(w.conf for w in words)):.1f}")
        row.ocr_note, uncertain = _describe(words)
        repaired = [w for w in words if w.read]
        counts["repaired"] += bool(repaired)
        counts["uncertain"] += uncertain
        if isinstance(row, IndicatorValue) and repaired and len(words) == 1:
            row.value_raw = repaired[0].read
    return counts


def method_record(pages: dict, counts: dict, cache_dir: Path | None) -> dict:
    """What datapackage.json says about the OCR: tool, settings, pages, and what was repaired or doubted."""
    from analysis.extract import ocr, ocr_page

    words = [w for p in pages.values() for w in p.words]
    numbers = [w for w in words if w.numeric]
    return {
        "tool": ocr.tesseract_version() or "tesseract",
        "language": ocr.LANG,
        "dpi": ocr_page.DPI,
        "pages": [i + 1 for i in sorted(pages)],
        "how": "whole page (--psm 11) for words; every table cell holding a number re-read alone (digit whitelist, "
               "majority of three line heights); rules and filled boxes found in the image; the layouts then read a "
               "derived PDF carrying the words as invisible text and the rules as vector lines",
        "words": len(words),
        "numbers_read_by_cell": len(numbers),
        "numbers_repaired": sum(1 for w in numbers if w.read),
        "numbers_uncertain": sum(1 for w in numbers if w.uncertain or w.conf < UNCERTAIN_BELOW),
        "rows": counts,
        "skew_degrees": {str(i + 1): p.angle for i, p in sorted(pages.items())},
        "uncertain_below_confidence": UNCERTAIN_BELOW,
        "percent_sign": "the Turkish model has no '%': a value printed with a % sign is read without it or not at all",
        "cache": "OCR readings cached per page by content (PDF sha256, page, dpi, tesseract version, code)",
    }
