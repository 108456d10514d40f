"""Card layout (Küçükçekmece 2021 and other designed brochures): PERFORMANS HEDEF KARTI pages.

PLACEHOLDER: detection only; the extractor is being written (issue: card-layout extraction).
"""

from __future__ import annotations

from ..model import ExtractedProgram
from .base import Document, ProgressCallback


class CardLayout:
    name = "card"
    description = "Designed cards per unit (PERFORMANS HEDEF KARTI): AMAÇ / HEDEF / PERFORMANS HEDEFİ boxes, indicator and activity tables ruled only horizontally."

    def detect(self, doc: Document) -> float:
        text = doc.text.upper()
        markers = ["PERFORMANS HEDEF KARTI", "FAALIYET VE PROJELER" if "FAALIYET VE PROJELER" in text else "FAALİYET VE PROJELER", "TOPLAM KAYNAK"]
        return sum(m in text for m in markers) / len(markers)

    def extract(self, doc: Document, program: str, progress: ProgressCallback | None = None) -> ExtractedProgram:
        return ExtractedProgram(program, str(doc.path), doc.sha256, doc.edition, self.name)


CARD = CardLayout()
