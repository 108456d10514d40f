"""The rows of an extracted program, as Python objects.

Every layout extractor (grid, card, the next one) produces an `ExtractedProgram` made of these rows;
`analysis.package` turns it into the data package of `docs/data-contract.md`. Money is `Decimal`,
never float. `page` is the 1-based page of the source PDF, or None when the source is a text edition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

ECON_CODES = ("01", "02", "03", "04", "05", "06", "07", "08", "09")
"""First-level economic codes of the Turkish analytic budget classification (ekonomik sınıflandırma)."""

ECON_NAMES = {
    "01": "Personel Giderleri",
    "02": "Sosyal Güvenlik Kurumlarına Devlet Primi Giderleri",
    "03": "Mal ve Hizmet Alım Giderleri",
    "04": "Faiz Giderleri",
    "05": "Cari Transferler",
    "06": "Sermaye Giderleri",
    "07": "Sermaye Transferleri",
    "08": "Borç Verme",
    "09": "Yedek Ödenekler",
}

INDICATOR_ROLES = ("actual", "partial_actual", "estimate", "target")


class Box(NamedTuple):
    """A rectangle on a PDF page, in points with the origin at the page's top-left corner (as pdfplumber
    measures: `top` < `bottom`). camelot and the PDF itself measure from the bottom-left: convert with
    `Box.from_bottom_left(x0, y0, x1, y1, page_height)`."""

    x0: float
    top: float
    x1: float
    bottom: float

    @classmethod
    def from_bottom_left(cls, x0: float, y0: float, x1: float, y1: float, page_height: float) -> Box:
        """A box given in PDF coordinates (origin bottom-left, y0 < y1), measured from the top instead."""
        return cls(float(x0), float(page_height) - float(y1), float(x1), float(page_height) - float(y0))

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.top, other.top), max(self.x1, other.x1), max(self.bottom, other.bottom))

    def text(self) -> str:
        """`56.69,120.30,538.58,135.80`: the four numbers with two decimals."""
        return ",".join(f"{v:.2f}" for v in self)


Region = tuple[int, Box]
"""A box on a page (1-based page number)."""


def regions_str(regions: list[Region] | tuple[Region, ...]) -> str:
    """`66:56.69,120.30,538.58,135.80; 107:...`: regions of a reconciliation side, in the order given."""
    return "; ".join(f"{page}:{box.text()}" for page, box in regions)


def parse_regions(text: str) -> list[Region]:
    """The inverse of `regions_str` (an empty string gives no regions)."""
    out: list[Region] = []
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        page, _, nums = part.partition(":")
        x0, top, x1, bottom = (float(v) for v in nums.split(","))
        out.append((int(page), Box(x0, top, x1, bottom)))
    return out


@dataclass
class PerformanceTarget:
    """One performance target (Performans Hedefi) card."""

    program: str
    ph_code: str
    ph_text: str
    unit: str
    aim_code: str = ""
    aim_text: str = ""
    goal_code: str = ""
    goal_text: str = ""
    theme: str = ""
    page: int | None = None
    theme_group: str = ""
    """The broader grouping above `theme` where the document has one (Kocaeli: `Kentsel Dönüşüm` above `Ulaşım Hizmetleri`)."""
    unit_canonical: str = ""
    """`unit` with the document's spelling variants merged, for grouping (the variants are listed in datapackage.json)."""
    ph_code_raw: str = ""
    """The code exactly as printed, before normalisation (e.g. `TO/Ph.5.4.1`)."""
    card_seq: int = 0
    """Position of the card in the document, from 1: tells apart two cards that share a PH code."""
    note: str = ""


@dataclass
class Indicator:
    """One performance indicator (Performans Göstergesi) of a card."""

    program: str
    ph_code: str
    indicator_code: str
    seq: int
    name: str
    kind: str = ""
    indicator_type: str = ""
    measure_unit: str = ""
    page: int | None = None
    indicator_code_raw: str = ""
    card_seq: int = 0


@dataclass
class IndicatorValue:
    """One cell of an indicator's value columns (2019 actual, 2020 estimate, 2021 target, ...)."""

    program: str
    indicator_code: str
    year: int
    role: str
    value_raw: str
    value: Decimal | None
    page: int | None = None
    bbox: Box | None = None
    """The value's cell on `page` (None for text editions)."""
    method: str = "text"
    """`text` (read from the PDF's text layer or a text edition) or `ocr` (read from a scanned page)."""
    ocr_confidence: Decimal | None = None
    """tesseract's confidence (0-100) in what was read, for `ocr` rows whose box is known."""
    ocr_note: str = ""
    """What an OCR repair changed, or why an OCR reading is uncertain."""


@dataclass
class Activity:
    """One activity or project (Faaliyet / Proje) of a card, with its budget."""

    program: str
    ph_code: str
    seq: int
    name: str
    unit: str
    budget: Decimal | None
    off_budget: Decimal | None
    total: Decimal | None
    econ: dict[str, Decimal | None] = field(default_factory=dict)
    page: int | None = None
    card_seq: int = 0
    unit_canonical: str = ""
    bbox: Box | None = None
    """The activity's row on `page` (None for text editions)."""
    method: str = "text"
    """`text` (read from the PDF's text layer or a text edition) or `ocr` (read from a scanned page)."""
    ocr_confidence: Decimal | None = None
    """tesseract's confidence (0-100) in what was read, for `ocr` rows whose box is known."""
    ocr_note: str = ""
    """What an OCR repair changed, or why an OCR reading is uncertain."""


@dataclass
class StatedTotal:
    """A total (or count) that the document states about itself."""

    program: str
    table: str
    scope: str
    measure: str
    value: Decimal
    page: int | None = None
    note: str = ""
    bbox: Box | None = None
    """The printed total's cell on `page` (None for text editions and totals stated in running text without a box)."""
    method: str = "text"
    """`text` (read from the PDF's text layer or a text edition) or `ocr` (read from a scanned page)."""
    ocr_confidence: Decimal | None = None
    """tesseract's confidence (0-100) in what was read, for `ocr` rows whose box is known."""
    ocr_note: str = ""
    """What an OCR repair changed, or why an OCR reading is uncertain."""


@dataclass
class ReconciliationResult:
    """One check of a stated total against the extracted rows."""

    program: str
    check: str
    scope: str
    stated: Decimal | None
    computed: Decimal | None
    status: str
    pages: str = ""
    note: str = ""
    note_tr: str = ""
    """`note` in Turkish, for the Turkish pages."""
    text_a: str = ""
    text_b: str = ""
    """Checks of printed text (names, codes): the two strings as printed, `text_a` in the first table named."""
    boxes_a: list[Region] = field(default_factory=list)
    boxes_b: list[Region] = field(default_factory=list)
    """Where the two sides are printed: a = the stated value (or `text_a`), b = what it is compared with
    (another printed value, `text_b`, or the rows that were added up). Empty for text editions."""

    @property
    def difference(self) -> Decimal | None:
        if self.stated is None or self.computed is None:
            return None
        return self.computed - self.stated


@dataclass
class ExtractedProgram:
    """Everything one extraction run found in one file, plus how it was found."""

    program: str
    source_file: str
    source_sha256: str
    edition: str
    """`pdf` or `text`."""
    layout: str
    performance_targets: list[PerformanceTarget] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    indicator_values: list[IndicatorValue] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    stated_totals: list[StatedTotal] = field(default_factory=list)
    reconciliation: list[ReconciliationResult] = field(default_factory=list)
    extra_tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Layout-specific tables beyond the contract (e.g. `unit_summary`), written as extra resources."""
    method: dict[str, Any] = field(default_factory=dict)
    """How each kind of page was read (tool, flavour, settings, pages): recorded in datapackage.json."""
    warnings: list[str] = field(default_factory=list)

    def lost_table_lines(self) -> list[str]:
        """The warnings that say a table the document prints was not read (`analysis.extract.core.lost`)."""
        return [w for w in self.warnings if w.startswith("lost table: ")]
