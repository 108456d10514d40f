"""Card layout, PDF edition: read every page kind of the brochure into a `RawDocument`.

Page kinds are told apart by what they print (titles, labels, column headers; declared in `card.yml`), never
by page numbers:

| kind | recognised by | read with |
|---|---|---|
| `card` | indicator header (`TÜRÜ` … `GERÇEKLEŞEN` … `HEDEFLERİ`) or activity header (`FAALİYET VE PROJELER` + `BÜTÇE DIŞI`) | pdfplumber's words + the table's own rules (from pdfium's reading of the page, `page_objects`) |
| `aim_section` | indicator header ending `HEDEFLENEN` | same as `card` |
| `relationship` | `… İLİŞKİLENDİRİLMESİ` | camelot lattice (vector engine), spans copied down |
| `unit_summary` | `EKONOMİK KODLAR` | camelot lattice (vector engine) |
| `admin_activities` | `FAALİYET / PROJE` + `MALİ KAYNAK` | camelot lattice (vector engine) |
| `unit_totals` | `MÜDÜRLÜK ADI` | camelot lattice (vector engine) |
| `economic_codes` | `İDARE ADI` / `EKONOMİK KOD` + `GENEL TOPLAM` | camelot lattice (vector engine) |
| `theme_list` | `Hedef No` + `Hedefler` | the page's text layer (pypdfium2), line by line |

**Why words + rules for the cards.** The card tables have no vertical lines, but every row is closed by a
thin horizontal rule drawn as one segment per column: the header's underline gives the column bounds,
consecutive rules the rows; label boxes are filled rectangles read box by box; every word left over is a
warning. That reading is the core's (`core.designed_page` from `card.yml`'s `cards`, on `core.rule_tables`);
the ruled tables are `core.ruled_cells`, the end tables' rows `core.table_rows` (`card.yml`'s `end_tables`).
What stays here: which record a label or a table belongs to, and each table kind's row fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from analysis.core.model import Box, Region
from analysis.core.progress import ProgressCallback
from analysis.core.text import dotless_key, norm
from analysis.extract.base import Document, ExtractionError
from analysis.extract.card.model import (
    CARDS,
    SPEC,
    RawActivity,
    RawAimEntry,
    RawCard,
    RawDocument,
    RawIndicator,
    RawRelationship,
    RawSummary,
    RawSummaryRow,
    RawTableRow,
    known_target_keys,
    split_known_prefix,
)
from analysis.extract.card.model import PAGE_KINDS as CARD_PAGE_KINDS
from analysis.extract.core.column_codes import printed_column_codes
from analysis.extract.core.designed_page import AnchoredTable, read_designed_pages
from analysis.extract.core.label_records import LabelRecords
from analysis.extract.core.ruled_cells import row_box, ruled_cells
from analysis.extract.core.table_rows import load_table_rows

# ------------------------------------------------------------------------------------------ page kinds

PAGE_KINDS = CARD_PAGE_KINDS.names


def classify_page(text: str) -> str:
    """The kind of one page from its text layer (`other` for everything that carries no data we read): by
    the page kinds of `card.yml`."""
    return CARD_PAGE_KINDS.classify(text)


# ----------------------------------------------------------------------------------- card assembly


_TITLE_SUFFIX = re.compile(CARDS["title"]["suffix"], re.IGNORECASE)


class _Assembler:
    """Turns the page events, in document order, into cards and aim-section entries (by `card.yml`'s labels)."""

    def __init__(self, raw: RawDocument):
        self.raw = raw
        self.unit = ""
        self.records = LabelRecords(CARDS["labels"], "card.yml: cards.labels", self.make)

    @property
    def card(self) -> RawCard | None:
        return self.records.open["card"]

    @property
    def entry(self) -> RawAimEntry | None:
        return self.records.open["entry"]

    def make(self, record: str, f: dict[str, str], boxes: dict[str, Region], page: int) -> RawCard | RawAimEntry:
        g = f.get
        if record == "entry":
            entry = RawAimEntry(g("aim_code", ""), g("aim_text", ""), g("theme", ""), g("goal_code", ""), g("goal_text", ""), g("ph_code", ""), g("ph_text", ""), page=page, boxes=boxes)
            self.raw.aim_entries.append(entry)
            return entry
        card = RawCard(self.unit, g("aim_code", ""), g("aim_text", ""), g("goal_code", ""), g("goal_text", ""), g("ph_code", ""), g("ph_text", ""), page=page, boxes=boxes)
        self.raw.cards.append(card)
        return card

    def title(self, text: str, page: int) -> None:
        if dotless_key(CARDS["title"]["contains"]) in dotless_key(text):
            self.unit = _TITLE_SUFFIX.sub("", norm(text))

    def label(self, label: str, code: str, text: str, extra: str, boxes: dict[str, Box], page: int, in_aim_section: bool) -> None:
        rule = self.records.label("aim_section" if in_aim_section else "card", label, code, text, extra, boxes, page)
        if rule is None:
            self.raw.warnings.append(f"page {page}: unknown label box {label!r}")
        elif rule.record == "card" and self.card is not None:
            self.card.pages.add(page)

    def table(self, t: AnchoredTable, page: int) -> None:
        if t.kind == "indicators":
            target = self.entry if t.marked else self.card
            if target is None:
                self.raw.warnings.append(f"page {page}: indicator rows outside a card")
                return
            if not target.value_headers:
                target.value_headers = (t.header_cells + [""] * 7)[4:7]
            for cells, boxes in zip(t.rows, t.boxes, strict=True):
                cells = (cells + [""] * 7)[:7]
                values = tuple((boxes + [None] * 7)[4:7])
                target.indicators.append(RawIndicator(cells[0], cells[1], cells[2], cells[3], (cells[4], cells[5], cells[6]), page, values, row_box(boxes)))
            if isinstance(target, RawCard):
                target.pages.add(page)
        else:
            if self.card is None:
                self.raw.warnings.append(f"page {page}: activity rows outside a card")
                return
            for cells, boxes in zip(t.rows, t.boxes, strict=True):
                cells = (cells + [""] * 4)[:4]
                self.card.activities.append(RawActivity(cells[0], cells[1], cells[2], cells[3], page, row_box(boxes)))
            self.card.pages.add(page)


def read_cards(path: Path, pages: list[int], kinds: dict[int, str], raw: RawDocument, tick: Callable[[str], None]) -> None:
    asm = _Assembler(raw)
    # the pages are read on all cores (`core.designed_page`); their events are assembled in page order here
    for number, events, warnings in read_designed_pages(path, pages, CARDS):
        in_aim = kinds[number] == "aim_section"
        for _, kind, payload in events:
            if kind == "title":
                asm.title(payload, number)
            elif kind == "label":
                asm.label(*payload, page=number, in_aim_section=in_aim)
            elif kind == "header":
                asm.table(payload, number)
        raw.warnings.extend(warnings)
        tick(f"page {number}")


# ----------------------------------------------------------------------------------- ruled tables

_ECON_HEADER = re.compile(SPEC["unit_summary"]["column_code"])


def read_summaries(path: Path, pages: list[int], unit_after: Callable[[int], str], raw: RawDocument) -> None:
    current: RawSummary | None = None
    for page, rows, row_boxes in ruled_cells(path, pages):
        columns, body_start = printed_column_codes(rows, _ECON_HEADER, SPEC["unit_summary"]["header_rows"])
        unit = unit_after(page)
        if current is None or current.unit != unit or current.total is not None:
            current = RawSummary(unit, columns)
            raw.summaries.append(current)
        elif columns and current.columns and columns != current.columns:
            raw.warnings.append(f"page {page}: economic-code columns change inside one summary table")
        current.pages.add(page)
        for row, boxes in zip(rows[body_start:], row_boxes[body_start:], strict=True):
            if not any(row):
                continue
            name, values = row[0], row[1:]
            summary_row = RawSummaryRow(name, values, page, list(boxes[1:]), row_box(boxes))
            if dotless_key(name) == "TOPLAM":
                current.total = summary_row
            else:
                current.rows.append(summary_row)


def read_relationships(path: Path, pages: list[int], unit_of: Callable[[int], str], raw: RawDocument) -> None:
    prev: list[str] = [""] * 6
    prev_unit = ""
    fields = ("aim_code", "aim_text", "goal_code", "goal_text", "ph_code", "ph_text", "activity")
    for page, rows, row_boxes in ruled_cells(path, pages, copy_text=["v"]):
        unit = unit_of(page)
        if unit != prev_unit:
            prev, prev_unit = [""] * 6, unit
        for row, boxes in zip(rows, row_boxes, strict=True):
            if len(row) < 7 or dotless_key(row[0]) == "KOD" or not row[6]:
                continue
            # a merged cell that continues from the previous page is printed empty: carry it over
            cells = [c or prev[i] for i, c in enumerate(row[:6])]
            prev = cells
            # boxes of the cells printed on this page (a cell carried over from the previous page has none here)
            raw.relationships.append(RawRelationship(unit, *cells, row[6], page, {f: boxes[i] for i, f in enumerate(fields) if row[i]}))


END_TABLES = load_table_rows(SPEC["end_tables"], "card.yml: end_tables")
_INTO = {"admin_activities": ("admin_activities", "admin_total"), "unit_totals": ("unit_totals", "unit_totals_total"), "economic_codes": ("economic_codes", "")}
"""Where each end table's rows and total row go in the `RawDocument`."""


def read_end_tables(path: Path, kinds: dict[int, str], raw: RawDocument) -> None:
    pages = sorted(p for p, k in kinds.items() if k in _INTO)
    for page, rows, row_boxes in ruled_cells(path, pages):
        body, total = _INTO[kinds[page]]
        for is_total, cells, boxes in END_TABLES[kinds[page]].read(rows, row_boxes):
            if is_total:
                setattr(raw, total, RawTableRow(cells, page, boxes=boxes))
            else:
                getattr(raw, body).append(RawTableRow(cells, page, boxes=boxes))
    # The section label (BÜTÇE KAYNAK İHTİYACI / BÜTÇE DIŞI KAYNAK) is a merged cell printed once: carry it
    # to its rows as `budget` / `off_budget`; the closing TOPLAM KAYNAK İHTİYACI row spans both columns.
    section = ""
    for r in raw.economic_codes:
        key = dotless_key(r.cells[0])
        if key.startswith("TOPLAM KAYNAK"):
            r.cells[0], r.cells[1] = "", r.cells[0]
            if r.boxes:
                r.boxes[1] = r.boxes[0]
            continue
        if key:
            section = "off_budget" if "DIŞI" in key else "budget"
        r.cells[0] = section


# ------------------------------------------------------------------------------------------- driver


def read_pdf(doc: Document, progress: ProgressCallback | None = None) -> RawDocument:
    from analysis.extract.card.text import parse_theme_lines

    raw = RawDocument("pdf")
    texts = doc.page_texts
    kinds = {i + 1: classify_page(t) for i, t in enumerate(texts)}
    raw.page_kinds = {k: [p for p, kk in kinds.items() if kk == k] for k in PAGE_KINDS}
    card_pages = sorted(p for p, k in kinds.items() if k in ("card", "aim_section"))
    if not raw.page_kinds["card"]:
        raise ExtractionError(f"{doc.path}: no PERFORMANS HEDEF KARTI pages found; not a card-layout performance program")

    total = len(texts)
    done = 0

    def tick(what: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(min(done, total), total, what)

    # pages we do not read still count towards the bar
    for p, k in kinds.items():
        if k == "other":
            tick(f"page {p}")

    read_cards(doc.path, card_pages, kinds, raw, tick)

    # Which unit does a ruled table belong to? The unit of the nearest card title before it, or after it for
    # the relationship tables that open a unit's section.
    title_pages: list[tuple[int, str]] = []
    seen: set[str] = set()
    for c in raw.cards:
        if c.unit not in seen and c.page is not None:
            seen.add(c.unit)
            title_pages.append((c.page, c.unit))

    def unit_before(page: int) -> str:
        found = ""
        for p, u in title_pages:
            if p <= page:
                found = u
        return found

    def unit_after(page: int) -> str:
        for p, u in title_pages:
            if p >= page:
                return u
        return ""

    rel_pages = raw.page_kinds["relationship"]
    read_relationships(doc.path, rel_pages, unit_after, raw)
    for p in rel_pages:
        tick(f"page {p}")
    sum_pages = raw.page_kinds["unit_summary"]
    read_summaries(doc.path, sum_pages, unit_before, raw)
    for p in sum_pages:
        tick(f"page {p}")
    read_end_tables(doc.path, kinds, raw)
    _split_admin_rows(raw)
    for p in sorted(p for p, k in kinds.items() if k in _INTO):
        tick(f"page {p}")
    theme_lines = [(line, p) for p in raw.page_kinds["theme_list"] for line in texts[p - 1].splitlines()]
    raw.themes = parse_theme_lines(theme_lines)
    for p in raw.page_kinds["theme_list"]:
        tick(f"page {p}")
    _merge_themes(raw)
    return raw


def _split_admin_rows(raw: RawDocument) -> None:
    """An end-table row whose PERFORMANS HEDEFİ cell is empty and whose FAALİYET / PROJE cell starts with a
    performance-target text printed elsewhere is one where the two cells ran together: split it there."""
    known = known_target_keys(raw)
    for row in raw.admin_activities:
        if not row.cells[0] and row.cells[1]:
            found = split_known_prefix(row.cells[1], known)
            if found:
                row.merged_label = row.cells[1]
                row.cells[0], row.cells[1] = found


def _merge_themes(raw: RawDocument) -> None:
    """A theme-list table that continues on the next page arrives as an aim without a code: join it."""
    merged = []
    for t in raw.themes:
        if not t.aim_code and merged:
            merged[-1].goals.extend(t.goals)
        else:
            merged.append(t)
    raw.themes = merged


__all__ = ["read_pdf", "classify_page", "PAGE_KINDS"]
