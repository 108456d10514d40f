"""What every layout extractor provides, and the errors extraction raises.

A *layout* is a family of documents that print their performance tables the same way (Kocaeli's ruled
Word grid, Küçükçekmece's designed cards, ...). Each layout module exposes one object satisfying
`Layout`; `analysis.extract.extract_file` detects which one fits and calls it. A new layout is normally a
profile (`analysis/extract/profiles/<name>.yml`, read by `analysis.extract.core.layout.ProfileLayout`);
a programmed one is a module whose object is registered in `analysis.extract.LAYOUTS`. Nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from analysis.core.model import ExtractedProgram
from analysis.core.progress import ProgressCallback


class ExtractionError(Exception):
    """A file that cannot be read as a performance program. The message names the file and says why."""


@dataclass(frozen=True)
class Document:
    """A source file opened for extraction: its edition and, for detection, its full plain text."""

    path: Path
    edition: str  # "pdf" or "text"
    text: str
    """Whole-document plain text (PDF text layer, or the text edition itself)."""
    page_texts: tuple[str, ...] = ()
    """Per-page text for PDFs (index 0 = page 1); empty for text editions."""
    sha256: str = ""
    scanned: tuple[int, ...] = ()
    """0-based indexes of the PDF pages without a text layer that OCR reads (`analysis.extract.scan`)."""


class Layout(Protocol):
    name: str
    description: str

    def detect(self, doc: Document) -> float:
        """How sure (0..1) this layout is that it can read `doc`; 0 means "not mine"."""
        ...

    def extract(self, doc: Document, program: str, progress: ProgressCallback | None = None) -> ExtractedProgram:
        """Read every table of `doc` into an ExtractedProgram (with reconciliation filled in)."""
        ...
