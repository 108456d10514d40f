"""Extraction: one source file (PDF or text edition) in, one `ExtractedProgram` out.

`extract_file` opens the file, asks every registered layout how well it fits, and lets the best one
read it. Layout-specific code lives in one subpackage per layout (`grid`, `card`); shared parsing lives in
`analysis.core.numbers`, `analysis.core.text` and `analysis.extract.reconcile`.
"""

from __future__ import annotations

from pathlib import Path

from analysis.core.io import sha256_file
from analysis.core.model import ExtractedProgram
from analysis.core.progress import ProgressCallback
from analysis.extract.base import Document, ExtractionError, Layout
from analysis.extract.card import CARD
from analysis.extract.grid import GRID

LAYOUTS: list[Layout] = [GRID, CARD]
"""Every layout the extractor knows. A new layout module adds its object here."""

TEXT_SUFFIXES = {".md", ".txt", ".text"}
MIN_DETECTION_SCORE = 0.5

__all__ = ["LAYOUTS", "Document", "ExtractionError", "extract_file", "open_document", "detect_layout"]


def _pdf_page_texts(path: Path) -> tuple[str, ...]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # pypdfium2 raises PdfiumError with a terse code
        raise ExtractionError(f"{path}: not a readable PDF ({exc})") from exc
    try:
        texts = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return tuple(texts)
    finally:
        pdf.close()


def open_document(path: Path | str) -> Document:
    """Open a source file for extraction; a clear `ExtractionError` for anything that is not one."""
    path = Path(path)
    if not path.exists():
        raise ExtractionError(f"{path}: no such file")
    if not path.is_file():
        raise ExtractionError(f"{path}: not a file")
    try:
        with path.open("rb") as fh:
            head = fh.read(5)
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot be read ({exc.strerror})") from exc
    if head.startswith(b"%PDF"):
        pages = _pdf_page_texts(path)
        if not any(t.strip() for t in pages):
            raise ExtractionError(f"{path}: the PDF has no text layer (scanned?); OCR is not supported")
        return Document(path, "pdf", "\n".join(pages), pages, sha256_file(path))
    if path.suffix.lower() == ".pdf":
        raise ExtractionError(f"{path}: named .pdf but is not a PDF file")
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise ExtractionError(f"{path}: unsupported file type {path.suffix or '(none)'}; expected a PDF or a text edition (.md, .txt)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractionError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    return Document(path, "text", text, (), sha256_file(path))


def detect_layout(doc: Document) -> Layout:
    """The registered layout most confident it can read `doc`; an error if none is."""
    scored = sorted(((layout.detect(doc), i, layout) for i, layout in enumerate(LAYOUTS)), key=lambda t: (-t[0], t[1]))
    score, _, best = scored[0]
    if score < MIN_DETECTION_SCORE:
        known = ", ".join(layout.name for layout in LAYOUTS)
        raise ExtractionError(f"{doc.path}: not a performance program in a known layout (tried: {known})")
    return best


def extract_file(path: Path | str, program: str | None = None, progress: ProgressCallback | None = None) -> ExtractedProgram:
    """Extract one file. `program` defaults to the file's stem (e.g. `kocaeli-2021`)."""
    doc = open_document(path)
    layout = detect_layout(doc)
    program_id = program or Path(path).stem
    try:
        return layout.extract(doc, program_id, progress)
    except ExtractionError:
        raise
    except Exception as exc:  # a layout bug or an unexpected document: name the file, keep the cause
        raise ExtractionError(f"{doc.path}: {layout.name} layout could not read it ({type(exc).__name__}: {exc})") from exc
