"""Grid layout, edition-independent part: a stream of table rows and text lines → cards and summary tables.

Both editions are first turned into the same stream (`grid_pdf.read_pdf`, `grid_text.read_text`):

- `Row(cells, page, table)`: one row of a ruled table, cells already cleaned (`common.clean_cell`), in
  the table's own grid columns (the PDF edition has 7 grid columns, the text edition 6; the positions are
  never assumed, they are read from each table's header row);
- `Line(text, page)`: one line of running text outside the tables (headings, paragraphs).

`parse_stream` walks that stream once. Performance-target cards are recognised by their label rows
(*Sorumlu Birim Adı* opens a card, *Genel Toplam (TL)* closes it), never by page numbers; the summary
tables by their header rows (*Daire Adı …*, *Performans Hedef Kodu …*, *Ekonomik Kod …*). Rows of any other
table (personnel, vehicles, software, policy references, …) match none of these and are ignored; the
strategic-plan tables of section B (*Stratejik Amaç 1 | KE.1 …*) are only read as a dictionary of aim and
target texts.

Nothing here converts a value: cells stay as printed (`*_raw`); numbers are parsed later with
`analysis.numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .common import clean_cell, fold, parse_numbered_heading, superscript_units


@dataclass
class Row:
    cells: list[str]
    page: int | None
    table: int


@dataclass
class Line:
    text: str
    page: int | None


Item = Row | Line


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


@dataclass
class ActivityRow:
    seq_raw: str
    name: str
    econ_raw: dict[str, str]  # economic code ("03") -> amount as printed
    total_raw: str
    page: int | None


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
    indicator_header: list[str] = field(default_factory=list)
    econ_header: dict[str, str] = field(default_factory=dict)  # "03" -> "03 Mal ve Hizmet Alım Giderleri"
    pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def page(self) -> int | None:
        return self.pages[0] if self.pages else None

    def seen(self, page: int | None) -> None:
        if page is not None and page not in self.pages:
            self.pages.append(page)


@dataclass
class DepartmentRow:
    name: str
    ph_count_raw: str
    activities_count_raw: str
    indicators_count_raw: str
    total_raw: str
    page: int | None
    is_total: bool = False


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


@dataclass
class EconRow:
    code: str  # "01".."09"; "" for the closing row
    label: str
    values_raw: dict[str, str]  # column key -> amount as printed
    page: int | None
    is_total: bool = False


@dataclass
class Parsed:
    cards: list[Card] = field(default_factory=list)
    departments: list[DepartmentRow] = field(default_factory=list)
    admin: list[AdminRow] = field(default_factory=list)
    econ: list[EconRow] = field(default_factory=list)
    econ_columns: dict[str, str] = field(default_factory=dict)  # column key -> printed header
    plan_aims: dict[str, str] = field(default_factory=dict)  # section B: "KE.1" -> text
    plan_goals: dict[str, str] = field(default_factory=dict)  # section B: "KE.1.1" -> text
    headings: list[tuple[tuple[int, ...], str, int | None]] = field(default_factory=list)
    pages: dict[str, set[int]] = field(default_factory=dict)  # table kind -> pages it was read from
    warnings: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------------------
# recognising rows

CARD_LABELS = {
    fold("Sorumlu Birim Adı"): "unit",
    fold("Stratejik Amaç"): "aim",
    fold("Stratejik Hedef"): "goal",
    fold("Performans Hedefi"): "ph",
}
INDICATOR_HEADER_WORDS = {fold("Sıra"), fold("Performans Göstergeleri"), fold("Ölçü Birimi")}
_YEAR_HEADER = re.compile(r"^(\d{4})\b")
_SEQ = re.compile(r"^\d{1,3}$")
_CODE = re.compile(r"^([A-Za-zÇĞİÖŞÜçğıöşü]{1,4}(?:/[A-Za-z]{1,3})?\.\d+(?:\.\d+)*)(?:\s+(.*))?$", re.DOTALL)
_PLAN_AIM = re.compile(r"^stratejik amaç \d+$")
_PLAN_GOAL = re.compile(r"^stratejik hedef \d+$")
_ECON_SUBHEADER = re.compile(r"^(0\d)\b")
_ECON_ROW = re.compile(r"^(\d)\s*-\s*(.+)$")
_UNIT_SUFFIXES = ("başkanlığı", "müdürlüğü", "mudurlugu", "baskanligi", "birimler", "ofisi")


def split_code(text: str) -> tuple[str, str]:
    """`KE.1.1 Yayaların …` → (`KE.1.1`, `Yayaların …`); ("", text) when the text does not start with a code."""
    m = _CODE.match(text.strip())
    if not m:
        return "", text.strip()
    return m.group(1), (m.group(2) or "").strip()


def value_role(header: str) -> tuple[int, str] | None:
    """(year, role) of an indicator value column from its printed header.

    `2019` → actual; `2020*` → estimate (the document's footnote: `*` = estimate); `2021 Yılı Hedefi` →
    target; a header saying *ilk 6 ay* (first six months) → partial_actual.
    """
    h = clean_cell(header)
    m = _YEAR_HEADER.match(h)
    if not m:
        return None
    year = int(m.group(1))
    f = fold(h)
    if "hedef" in f:
        return year, "target"
    if "6 ay" in f or "ilk" in f:
        return year, "partial_actual"
    if h[4:5] == "*" or h.endswith("*"):
        return year, "estimate"
    return year, "actual"


def _nonempty(cells: list[str], start: int = 0, stop: int | None = None) -> list[str]:
    return [c for c in cells[start:stop] if c]


class _IndicatorHeader:
    def __init__(self, cells: list[str]):
        self.seq = self.name = self.unit = None
        self.values: list[tuple[int, int, str, str]] = []  # (col, year, role, header text)
        for i, c in enumerate(cells):
            f = fold(c)
            if f == fold("Sıra"):
                self.seq = i
            elif f == fold("Performans Göstergeleri"):
                self.name = i
            elif f == fold("Ölçü Birimi"):
                self.unit = i
            else:
                vr = value_role(c)
                if vr:
                    self.values.append((i, vr[0], vr[1], c))
        self.ok = self.seq is not None and self.name is not None and self.unit is not None and bool(self.values)


class _ActivityHeader:
    def __init__(self, cells: list[str]):
        self.seq = self.name = self.total = None
        self.econ: dict[str, int] = {}
        self.econ_names: dict[str, str] = {}
        for i, c in enumerate(cells):
            f = fold(c)
            if f == fold("Sıra"):
                self.seq = i
            elif f == fold("Faaliyet ve Projeler"):
                self.name = i
            elif "kaynak ihtiyacı" in f:
                self.total = i

    def add_econ(self, cells: list[str]) -> bool:
        found = False
        for i, c in enumerate(cells):
            m = _ECON_SUBHEADER.match(c)
            if m:
                self.econ[m.group(1)] = i
                self.econ_names[m.group(1)] = c
                found = True
        return found

    @property
    def name_stop(self) -> int | None:
        cols = list(self.econ.values()) + ([self.total] if self.total is not None else [])
        return min(cols) if cols else None


def _is_unit_name(text: str, known: set[str]) -> bool:
    f = fold(text)
    return bool(f) and (f in known or f.endswith(_UNIT_SUFFIXES))


# ----------------------------------------------------------------------------------------------------------


def parse_stream(items: list[Item]) -> Parsed:
    """Read cards and summary tables from the stream of one edition (see the module docstring)."""
    out = Parsed()
    theme_group = theme = ""
    card: Card | None = None
    pending_label: str | None = None
    ind: _IndicatorHeader | None = None
    act: _ActivityHeader | None = None
    split_header: list[str] | None = None
    mode: str | None = None  # "indicators" / "activities" inside a card; "departments" / "admin" / "econ" outside
    cols: dict[str, int] = {}
    known_units: set[str] = set()
    admin_pos = 0

    def close_card(reason: str) -> None:
        nonlocal card, pending_label, ind, act, mode, split_header
        if card is not None and card.total_raw is None:
            card.warnings.append(f"card {card.card_seq} ({card.labels.get('ph', '')[:30]}) has no Genel Toplam row ({reason})")
        card = None
        pending_label = None
        ind = act = None
        split_header = None
        mode = None

    def note_page(kind: str, page: int | None) -> None:
        if page is not None:
            out.pages.setdefault(kind, set()).add(page)

    for item in items:
        if isinstance(item, Line):
            h = parse_numbered_heading(item.text)
            if h:
                nums, title = h
                if len(nums) == 1:
                    theme_group, theme = title, ""
                else:
                    theme = title
                out.headings.append((nums, title, item.page))
            continue

        cells = item.cells
        page = item.page
        if not any(cells):
            continue
        c0 = fold(cells[0])

        # ---- section B of the strategic plan: aims and targets (front matter, only used as a dictionary)
        if _PLAN_AIM.match(c0) or _PLAN_GOAL.match(c0):
            code, text = split_code(" ".join(_nonempty(cells, 1)))
            if code:
                (out.plan_aims if _PLAN_AIM.match(c0) else out.plan_goals).setdefault(code, text)
            continue

        # ---- card label rows
        if c0 in CARD_LABELS:
            key = CARD_LABELS[c0]
            if key == "unit":
                close_card("next card started")
                mode = None
                card = Card(card_seq=len(out.cards) + 1, theme=theme, theme_group=theme_group)
                out.cards.append(card)
            if card is None:
                out.warnings.append(f"label row {cells[0]!r} outside a card (page {page})")
                continue
            card.seen(page)
            note_page("cards", page)
            value = " ".join(_nonempty(cells, 1))
            if value:
                card.labels[key] = value
                card.label_pages[key] = page
                pending_label = None
            else:  # label and value on separate lines
                pending_label = key
            continue

        if card is not None:
            card.seen(page)
            vals = _nonempty(cells)
            if pending_label is not None:
                if len(vals) >= 1 and fold(vals[0]) not in INDICATOR_HEADER_WORDS:
                    card.labels[pending_label] = " ".join(vals)
                    card.label_pages[pending_label] = page
                    pending_label = None
                    continue
                card.warnings.append(f"card {card.card_seq}: label {pending_label!r} has no value")
                pending_label = None

            folded = [fold(c) for c in cells]
            # indicator header, possibly split one label per line
            if fold("Performans Göstergeleri") in folded and len(vals) > 1:
                ind = _IndicatorHeader(cells)
                card.indicator_header = [c for c in cells if c]
                mode = "indicators"
                split_header = None
                continue
            if len(vals) == 1 and (folded[0] == fold("Sıra") or (split_header is not None and (fold(vals[0]) in INDICATOR_HEADER_WORDS or value_role(vals[0])))):
                if split_header is None:
                    split_header = []
                split_header.append(vals[0])
                continue
            if split_header is not None:
                if fold("Performans Göstergeleri") in {fold(x) for x in split_header}:
                    ind = _IndicatorHeader(split_header)
                    card.indicator_header = list(split_header)
                    mode = "indicators"
                    card.warnings.append(f"card {card.card_seq}: indicator header printed one label per line; columns taken in printed order")
                split_header = None
            if fold("Faaliyet ve Projeler") in folded:
                act = _ActivityHeader(cells)
                mode = "activities"
                continue
            if mode == "activities" and act is not None and not _SEQ.match(cells[act.seq or 0]) and act.add_econ(cells):
                card.econ_header = dict(act.econ_names)
                continue
            if c0.startswith(fold("Genel Toplam")):
                if act is None:
                    card.warnings.append(f"card {card.card_seq}: Genel Toplam before an activity header")
                    continue
                card.total_econ_raw = {code: cells[i] for code, i in act.econ.items()}
                card.total_raw = cells[act.total] if act.total is not None else None
                card.total_page = page
                close_card("closed")
                continue
            if mode == "indicators" and ind is not None and ind.ok and _SEQ.match(cells[ind.seq]):
                name = " ".join(_nonempty(cells, ind.name, ind.unit))
                card.indicators.append(
                    IndicatorRow(
                        seq_raw=cells[ind.seq],
                        name=name,
                        measure_unit=cells[ind.unit] if ind.unit < len(cells) else "",
                        values=[(year, role, cells[i] if i < len(cells) else "") for i, year, role, _h in ind.values],
                        page=page,
                    )
                )
                continue
            if mode == "activities" and act is not None and act.seq is not None and _SEQ.match(cells[act.seq]):
                stop = act.name_stop
                card.activities.append(
                    ActivityRow(
                        seq_raw=cells[act.seq],
                        name=" ".join(_nonempty(cells, act.name, stop)),
                        econ_raw={code: cells[i] for code, i in act.econ.items()},
                        total_raw=cells[act.total] if act.total is not None else "",
                        page=page,
                    )
                )
                continue
            card.warnings.append(f"card {card.card_seq}: row not understood on page {page}: {' | '.join(vals)[:120]}")
            continue

        # ---- summary tables (outside cards), recognised by their header rows
        folded = [fold(c) for c in cells]
        joined = " | ".join(folded)
        if fold("Daire Adı") in folded and any("faaliyet sayısı" in f for f in folded):
            mode, cols = "departments", {}
            for i, f in enumerate(folded):
                if f == fold("Daire Adı"):
                    cols["name"] = i
                elif "performans hedefi sayısı" in f:
                    cols["ph"] = i
                elif "faaliyet sayısı" in f:
                    cols["act"] = i
                elif "gösterge sayısı" in f:
                    cols["ind"] = i
                elif "kaynak ihtiyacı" in f:
                    cols["total"] = i
            note_page("departments", page)
            continue
        if "performans hedef kodu" in joined and "faaliyet adı" in joined:
            mode = "admin"
            note_page("admin", page)
            continue
        if folded and folded[0] == fold("Ekonomik Kod") and any("genel toplam" in f for f in folded):
            mode = "econ"
            cols = {}
            for i, (c, f) in enumerate(zip(cells, folded, strict=True)):
                if i == 0:
                    continue
                if "performans hedefleri" in f:
                    key = "performance_targets_total"
                elif "genel yönetim" in f:
                    key = "general_administration_total"
                elif "transfer" in f:
                    key = "transfers_total"
                elif "genel toplam" in f:
                    key = "total"
                else:
                    continue
                cols[key] = i
                out.econ_columns[key] = c
            note_page("econ", page)
            continue

        if mode == "departments":
            vals = _nonempty(cells)
            if not vals:
                continue
            is_total = fold(cells[cols.get("name", 0)]).startswith("genel toplam")
            get = lambda k: cells[cols[k]] if k in cols and cols[k] < len(cells) else ""  # noqa: E731
            out.departments.append(DepartmentRow(get("name"), get("ph"), get("act"), get("ind"), get("total"), page, is_total))
            if not is_total:
                known_units.add(fold(get("name")))
            note_page("departments", page)
            if is_total:
                mode = None
            continue

        if mode == "admin":
            vals = _nonempty(cells)
            if not vals:
                continue
            if "bütçe dışı" in joined or "bütçe içi" in joined:  # second header row
                continue
            note_page("admin", page)
            admin_pos += 1
            units = known_units | {fold(c.labels.get("unit", "")) for c in out.cards}
            u = next((i for i, c in enumerate(cells) if c and _is_unit_name(c, units)), None)
            if u is None:
                # subtotal or closing row: label, then the last four columns (off-budget, budget, total, share)
                label = vals[0]
                tail = cells[-4:]
                kind = "closing" if fold(label) in _CLOSING_ROWS else "subtotal"
                out.admin.append(AdminRow(kind, label, "", "", "", tail[0], tail[1], tail[2], tail[3], page, admin_pos))
                if fold(label) == fold("Genel Toplam"):
                    mode = None
                continue
            left = _nonempty(cells, 0, u)
            code = ""
            name_parts = []
            for c in left:
                cc, rest = split_code(c)
                if cc and not code:
                    code = cc
                    if rest:
                        name_parts.append(rest)
                else:
                    name_parts.append(c)
            right = cells[u + 1 :] + ["", "", "", ""]
            out.admin.append(AdminRow("activity", "", code, " ".join(name_parts), cells[u], right[0], right[1], right[2], right[3], page, admin_pos))
            continue

        if mode == "econ":
            m = _ECON_ROW.match(cells[0])
            if m:
                out.econ.append(EconRow("0" + m.group(1), m.group(2).strip(), {k: cells[i] for k, i in cols.items()}, page))
                note_page("econ", page)
            elif c0.startswith(fold("Toplam Kaynak İhtiyacı")) or c0.startswith("toplam"):
                out.econ.append(EconRow("", cells[0], {k: cells[i] for k, i in cols.items()}, page, is_total=True))
                mode = None
            continue

    close_card("end of document")
    for c in out.cards:
        out.warnings.extend(c.warnings)
    return out


_CLOSING_ROWS = {
    fold("Performans Hedefleri Maliyet Toplamı"),
    fold("Genel Yönetim Giderleri"),
    fold("Diğer İdarelere Transfer Edilecek Kaynaklar Toplamı"),
    fold("Genel Toplam"),
}
