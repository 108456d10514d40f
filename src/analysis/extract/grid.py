"""Grid layout (Kocaeli 2021 and other Word exports): fully ruled performance-target tables.

PLACEHOLDER: detection only; the extractor is being written (issue: grid-layout extraction).
"""

from __future__ import annotations

from ..model import ExtractedProgram
from .base import Document, ProgressCallback


class GridLayout:
    name = "grid"
    description = "Fully ruled tables (Word export): Sorumlu Birim Adı / Stratejik Amaç / Stratejik Hedef / Performans Hedefi rows, then indicators and activities with economic codes."

    def detect(self, doc: Document) -> float:
        text = doc.text
        markers = ["Sorumlu Birim Adı", "Performans Hedefi", "Genel Toplam (TL)", "Performans Göstergeleri"]
        return sum(m in text for m in markers) / len(markers)

    def extract(self, doc: Document, program: str, progress: ProgressCallback | None = None) -> ExtractedProgram:
        return ExtractedProgram(program, str(doc.path), doc.sha256, doc.edition, self.name)


GRID = GridLayout()
