"""Grid layout, edition-independent part: the row stream's summary tables and headings, and what cards are made of.

Both editions are first turned into the core's rows of cells (`analysis.extract.core.cells.Row`), in
reading order: the PDF edition by `pdf.read_pdf` (camelot's ruled tables, each cell with its box, top-left
origin), the text edition by the core's text page source (`analysis.extract.core.tab_text`, one row per
TAB line, empty grid cells kept). A table row (`Row.ruled`) has its cells already cleaned
(`cell_text`), in the table's own grid columns (the PDF edition has 7 grid columns, the text edition 6;
the positions are never assumed, they are read from each table's header row); a line of running text
outside the tables (headings, paragraphs) is a row of one cell with `ruled` False. The parsed rows keep
the boxes of what they print (an indicator's value cells, an activity's row, a total's cell); a text
edition's rows have no page (`tab_text.NO_PAGE`, written as None) and no boxes.

The performance-target cards and two summary tables (*Daire Adı …*, *Ekonomik Kod …*) are read by the core's
assembly (`grid.cards`, from grid.yml's `card`, `department_summary` and `economic_code_table` kinds; the
tables' rows taken over by `read_summaries`); `parse_stream` walks the stream once for the rest: the İdare
Performans Tablosu by its header row (*Performans Hedef Kodu …*), never by page numbers, skipping the cards'
rows (*Sorumlu Birim Adı* … *Genel Toplam (TL)*), and the numbered theme headings. Every word a row is recognised by is declared in
`grid.yml` (the core's profile format, loaded by its loader: labels, the blocks' column words and named rows,
the counts sentence); `Words` keeps a block's answers. Rows of any other table (personnel, vehicles,
software, policy references, …) match none of these and are ignored; the strategic-plan tables of section
B (*Stratejik Amaç 1 | KE.1 …*) are only read as a dictionary of aim and target texts.

Nothing here converts a value: cells stay as printed (`*_raw`); numbers are parsed later with
`analysis.core.numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core.model import Box
from analysis.core.text import clean_cell, superscript_units, word_key
from analysis.extract.common import parse_numbered_heading
from analysis.extract.core.assemble import UNKNOWN, Record, Table
from analysis.extract.core.cells import Row
from analysis.extract.core.profile import load_profile
from analysis.extract.core.tab_text import NO_PAGE

Item = Row
"""A row of the stream: a table row (`Row.ruled`) or a line of running text (one cell)."""


def cell_box(row: Row, i: int | None) -> Box | None:
    """The box of cell `i` of a PDF row; None for a text edition's row (its places are in the text, not on a page)."""
    if row.page == NO_PAGE or i is None or not 0 <= i < len(row.cells):
        return None
    c = row.cells[i]
    return Box(c.x0, c.top, c.x1, c.bottom)


def row_box(row: Row) -> Box | None:
    """The whole row of a PDF page: from its first cell to its last."""
    box = cell_box(row, 0)
    for i in range(1, len(row.cells)):
        box = box.union(cell_box(row, i)) if box is not None else None
    return box


def cell_text(raw: str | None) -> str:
    """How every cell of either edition is cleaned before parsing (markup, line breaks, m²)."""
    return superscript_units(clean_cell(raw))


# ----------------------------------------------------------------------------------------------------------
# what the parser produces


@dataclass
class IndicatorRow:
    seq_raw: str
    name: str
    measure_unit: str
    values: list[tuple[int, str, str]]  # (year, role, value as printed)
    page: int | None
    boxes: list[Box | None] = field(default_factory=list)  # the value cells, in the order of `values`


@dataclass
class ActivityRow:
    seq_raw: str
    name: str
    econ_raw: dict[str, str]  # economic code ("03") -> amount as printed
    total_raw: str
    page: int | None
    box: Box | None = None  # the whole row


@dataclass
class Card:
    card_seq: int
    theme: str
    theme_group: str
    labels: dict[str, str] = field(default_factory=dict)  # unit / aim / goal / ph -> cell as printed
    label_pages: dict[str, int | None] = field(default_factory=dict)
    indicators: list[IndicatorRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    total_econ_raw: dict[str, str] = field(default_factory=dict)
    total_raw: str | None = None
    total_page: int | None = None
    total_box: Box | None = None
    total_econ_box: dict[str, Box | None] = field(default_factory=dict)
    indicator_header: list[str] = field(default_factory=list)
    econ_header: dict[str, str] = field(default_factory=dict)  # "03" -> "03 Mal ve Hizmet Alım Giderleri"
    pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def page(self) -> int | None:
        return self.pages[0] if self.pages else None


@dataclass
class DepartmentRow:
    name: str
    ph_count_raw: str
    activities_count_raw: str
    indicators_count_raw: str
    total_raw: str
    page: int | None
    is_total: bool = False
    boxes: dict[str, Box | None] = field(default_factory=dict)  # "ph", "act", "ind", "total" -> the cell


@dataclass
class AdminRow:
    """One row of the İdare Performans Tablosu: an activity, a subtotal, or a closing total."""

    kind: str  # "activity", "subtotal", "closing"
    label: str  # subtotal/closing: the printed label; activity: ""
    code_raw: str  # activity rows: the Performans Hedef Kodu printed on this row ("" for most rows)
    name: str
    unit: str
    off_budget_raw: str
    budget_raw: str
    total_raw: str
    share_raw: str
    page: int | None
    position: int  # order in the table, from 1
    boxes: dict[str, Box | None] = field(default_factory=dict)  # "off_budget", "budget", "total", "share" -> the cell
    key: str = ""  # closing rows: the measure they state (grid.yml's named row, e.g. `general_administration_total`)


@dataclass
class EconRow:
    code: str  # "01".."09"; "" for the closing row
    label: str
    values_raw: dict[str, str]  # column key -> amount as printed
    page: int | None
    is_total: bool = False
    boxes: dict[str, Box | None] = field(default_factory=dict)  # column key -> the cell


@dataclass
class Parsed:
    cards: list[Card] = field(default_factory=list)
    departments: list[DepartmentRow] = field(default_factory=list)
    admin: list[AdminRow] = field(default_factory=list)
    econ: list[EconRow] = field(default_factory=list)
    econ_columns: dict[str, str] = field(default_factory=dict)  # column key -> printed header
    plan_aims: dict[str, str] = field(default_factory=dict)  # section B: "KE.1" -> text
    plan_goals: dict[str, str] = field(default_factory=dict)  # section B: "KE.1.1" -> text
    value_roles: dict[str, str] = field(default_factory=dict)  # indicator value header as printed -> role read from it
    headings: list[tuple[tuple[int, ...], str, int | None]] = field(default_factory=list)
    pages: dict[str, set[int]] = field(default_factory=dict)  # table kind -> pages it was read from
    warnings: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------------------
# recognising rows: by the words of grid.yml

PROFILE = load_profile(Path(__file__).with_name("grid.yml"))
"""What the grid's tables print (`grid.yml`, checked by the core's loader): every word a row is recognised by."""


class Words:
    """One block of grid.yml, its answers kept (the same header words recur on every card): the role a header cell
    names (`Block.role_of`: its whole text, or part of it for the block's `partial` roles) and the named row a
    cell prints."""

    def __init__(self, kind: str, name: str = "rows"):
        self.block = next(b for k in PROFILE.kinds if k.name == kind for b in k.blocks if b.name == name)
        self.closes = self.block.closes
        self._roles: dict[str, str | None] = {}
        self._named: dict[str, str | None] = {}

    def role(self, text: str) -> str | None:
        if text not in self._roles:
            self._roles[text] = self.block.role_of(text)
        return self._roles[text]

    def roles(self, cells: list[str], start: int = 0) -> dict[str, int]:
        """role → the index of the (last) cell naming it, from cell `start` on."""
        return {r: i for i, c in enumerate(cells) if i >= start and (r := self.role(c)) is not None}

    def named_row(self, text: str) -> str | None:
        """The key of the named row (grid.yml `rows`) a cell prints, e.g. `econ_03`, `genel_toplam`."""
        if text not in self._named:
            self._named[text] = self.block.named_row(text)
        return self._named[text]


ACT = Words("card", "activities")
DEPT, ADMIN, ECON, PLAN = Words("department_summary"), Words("admin_performance_table"), Words("economic_code_table"), Words("plan")
COUNTS = next(st for st in PROFILE.statements if st.table == "text_counts")
"""The sentence stating the counts, and the word printed after each (for its box)."""
_LABELS: dict[str, str | None] = {}


def label_of(text: str) -> str | None:
    """The card label (grid.yml `labels`) a row's first cell prints."""
    if text not in _LABELS:
        _LABELS[text] = PROFILE.label_of(text)
    return _LABELS[text]


_CODE = re.compile(r"^([A-Za-zÇĞİÖŞÜçğıöşü]{1,4}(?:/[A-Za-z]{1,3})?\.\d+(?:\.\d+)*)(?:\s+(.*))?$", re.DOTALL)
_UNIT_SUFFIXES = ("başkanlığı", "müdürlüğü", "mudurlugu", "baskanligi", "birimler", "ofisi")


def split_code(text: str) -> tuple[str, str]:
    """`KE.1.1 Yayaların …` → (`KE.1.1`, `Yayaların …`); ("", text) when the text does not start with a code."""
    m = _CODE.match(text.strip())
    if not m:
        return "", text.strip()
    return m.group(1), (m.group(2) or "").strip()


def _nonempty(cells: list[str], start: int = 0, stop: int | None = None) -> list[str]:
    return [c for c in cells[start:stop] if c]


def _is_unit_name(text: str, known: set[str]) -> bool:
    f = word_key(text)
    return bool(f) and (f in known or f.endswith(_UNIT_SUFFIXES))


# ----------------------------------------------------------------------------------------------------------


def parse_stream(items: list[Item], cards: list[Card], value_roles: dict[str, str], summaries: list[Table]) -> Parsed:
    """Read the İdare Performans Tablosu, section B's aims and goals and the headings from the stream of one
    edition, beside the `cards` and the other `summaries` read by the core (`grid.cards.read_cards`, with the
    indicator headers' `value_roles`)."""
    parser = _StreamParser()
    parser.out.cards, parser.out.value_roles = cards, value_roles
    read_summaries(parser.out, summaries)
    parser.known_units = {word_key(d.name) for d in parser.out.departments if not d.is_total}
    for item in items:
        if not item.ruled:
            parser.line(item)
        elif any(item.texts):
            parser.row(item)
    for c in cards:
        parser.out.warnings.extend(c.warnings)
    return parser.out


def _box(record: Record, role: str) -> Box | None:
    """The box of the record's cell for `role` (None where it prints none, and for a text edition's row)."""
    c = record.cells.get(role)
    return None if c is None or record.page == NO_PAGE else Box(c.x0, c.top, c.x1, c.bottom)


def read_summaries(out: Parsed, tables: list[Table]) -> None:
    """The per-department and economic-code tables, as the core's assembly read them from grid.yml's blocks."""
    for t in tables:
        kind = "departments" if t.kind.name == "department_summary" else "econ"
        out.pages.setdefault(kind, set()).update(p for p in t.pages if p != NO_PAGE)
        if kind == "departments":
            for r in t.records.get("rows", []) + list(t.named.values()):
                out.departments.append(DepartmentRow(r.text("name"), r.text("ph"), r.text("act"), r.text("ind"), r.text("total"), r.page or None,
                                                      r.named == DEPT.closes, {k: _box(r, k) for k in ("ph", "act", "ind", "total")}))
            continue
        cols = [c.key for c in t.headers.get("rows", []) if c.key != "code" and not c.key.startswith(UNKNOWN)]
        out.econ_columns.update({c.key: c.header.text for c in t.headers.get("rows", []) if c.key in cols})
        for key, r in t.named.items():
            values, boxes = {k: r.text(k) for k in cols}, {k: _box(r, k) for k in cols}
            if key.startswith("econ_"):
                out.econ.append(EconRow("0" + key[5:], r.text("code").split("-", 1)[1].strip(), values, r.page or None, boxes=boxes))
            elif key == ECON.closes:
                out.econ.append(EconRow("", r.text("code"), values, r.page or None, is_total=True, boxes=boxes))


class _StreamParser:
    """The state of one pass over the stream: the summary table being read, and whether a card is (its rows are
    the core's: `grid.cards`)."""

    def __init__(self) -> None:
        self.out = Parsed()
        self.in_card = False
        self.mode: str | None = None  # "departments" / "admin" / "econ": the summary table being read
        self.known_units: set[str] = set()
        self.admin_pos = 0
        self.item = Row([], NO_PAGE, 0.0, 0.0)
        """The row being read (its cells' boxes go with what is read from it)."""

    def note_page(self, kind: str, page: int | None) -> None:
        if page is not None:
            self.out.pages.setdefault(kind, set()).add(page)

    def line(self, item: Row) -> None:
        """A line of running text: the numbered theme / service-area headings."""
        h = parse_numbered_heading(item.cells[0].text)
        if h:
            self.out.headings.append((h[0], h[1], item.page or None))

    def row(self, item: Row) -> None:
        cells, page = item.texts, item.page or None
        self.item = item
        plan, label = PLAN.named_row(cells[0]), label_of(cells[0])
        if plan is not None:
            # section B of the strategic plan: aims and targets (front matter, only used as a dictionary)
            code, text = split_code(" ".join(_nonempty(cells, 1)))
            if code:
                (self.out.plan_aims if plan == "aim" else self.out.plan_goals).setdefault(code, text)
        elif label is not None:
            if label in PROFILE.starts:  # Sorumlu Birim Adı opens a card
                self.in_card, self.mode = True, None
            if self.in_card:
                self.note_page("cards", page)
            else:
                self.out.warnings.append(f"label row {cells[0]!r} outside a card (page {page})")
        elif self.in_card:
            self.in_card = ACT.named_row(cells[0]) != ACT.closes  # Genel Toplam (TL) closes it
        elif not self.summary_header(cells, page) and self.mode == "admin":
            self.admin_row(cells, page)

    def summary_header(self, cells: list[str], page: int | None) -> bool:
        """The header of a summary table outside the cards; sets the mode for the rows below (only the İdare
        Performans Tablosu's rows are read here: the other two by `read_summaries`). True if one."""
        for mode, words in (("departments", DEPT), ("admin", ADMIN), ("econ", ECON)):
            cols = words.roles(cells)
            if not all(r in cols for r in words.block.required) or (mode == "econ" and cols["code"] != 0):
                continue
            self.mode = mode
            if mode == "admin":
                self.note_page(mode, page)
            return True
        return False

    def admin_row(self, cells: list[str], page: int | None) -> None:
        vals = _nonempty(cells)
        if not vals or any(ADMIN.role(c) in ("off_budget", "budget") for c in cells):  # empty, or the second header row
            return
        self.note_page("admin", page)
        self.admin_pos += 1
        units = self.known_units | {word_key(c.labels.get("unit", "")) for c in self.out.cards}
        u = next((i for i, c in enumerate(cells) if c and _is_unit_name(c, units)), None)
        if u is None:
            # subtotal or closing row: label, then the last four columns (off-budget, budget, total, share)
            label = vals[0]
            tail = cells[-4:]
            key = ADMIN.named_row(label) or ""
            n = len(cells)
            boxes = {k: cell_box(self.item, n - 4 + j) for j, k in enumerate(_ADMIN_VALUES)}
            self.out.admin.append(AdminRow("closing" if key else "subtotal", label, "", "", "", tail[0], tail[1], tail[2], tail[3], page, self.admin_pos, boxes, key))
            if key == ADMIN.closes:
                self.mode = None
            return
        code = ""
        name_parts = []
        for c in _nonempty(cells, 0, u):
            cc, rest = split_code(c)
            if cc and not code:
                code = cc
                if rest:
                    name_parts.append(rest)
            else:
                name_parts.append(c)
        right = cells[u + 1 :] + ["", "", "", ""]
        boxes = {k: cell_box(self.item, u + 1 + j) for j, k in enumerate(_ADMIN_VALUES)}
        self.out.admin.append(AdminRow("activity", "", code, " ".join(name_parts), cells[u], right[0], right[1], right[2], right[3], page, self.admin_pos, boxes))


_ADMIN_VALUES = ("off_budget", "budget", "total", "share")
"""The last four cells of an İdare Performans Tablosu row, in order."""
