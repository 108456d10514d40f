"""Grid layout: the performance-target cards (and two summary tables), read by the core's assembly from grid.yml → `tables.Card`s.

`read_cards(rows)` gives the row stream of either edition to `analysis.extract.core.assemble` as the core reads
a page (a PDF row's empty grid cells are no cells; a text edition's come from `core.tab_text`); grid.yml's
`card` kind makes one table per card: its label rows (a label's text on the next row where it is printed
alone), the indicator block under its header (years and their roles from the header, a header printed one
label per line included), the activity block with the economic-code columns named under *Ekonomik Kod*, and
the *Genel Toplam (TL)* row that closes it. The same pass reads the per-department and economic-code tables
(their kinds in grid.yml), handed back as the core's tables for `tables.read_summaries`. What stays the grid's own: the theme headings above each card
(numbered headings of the running text), and the boxes of the cells the card prints, taken from the full
grid row (an empty value cell keeps its box).
"""

from __future__ import annotations

import dataclasses

from analysis.core.model import Box
from analysis.extract.common import parse_numbered_heading
from analysis.extract.core.assemble import Column, Record, Table, assemble
from analysis.extract.core.cells import Row
from analysis.extract.core.tab_text import NO_PAGE
from analysis.extract.grid.tables import PROFILE, ActivityRow, Card, IndicatorRow, cell_box, row_box

READ = dataclasses.replace(PROFILE, kinds=tuple(k for k in PROFILE.kinds if k.name in ("card", "department_summary", "economic_code_table")))
"""grid.yml's kinds read by the core's assembly: the cards and two summary tables (`tables.read_summaries`); the
İdare Performans Tablosu and section B are read by `tables.parse_stream`."""


def _page(page: int) -> int | None:
    return None if page == NO_PAGE else page


class _Stream:
    """The grid's rows as the core's page rows, each mapped back to its full grid row, and the theme above it."""

    def __init__(self, rows: list[Row]):
        self.rows: list[Row] = []
        self.full: dict[int, Row] = {}
        self.theme: dict[int, tuple[str, str]] = {}
        self.index = {id(c): i for r in rows if r.ruled for i, c in enumerate(r.cells)}
        """Each cell's grid column (its index in its full row)."""
        group = theme = ""
        first = next((i for i, r in enumerate(rows) if r.ruled and r.cells and PROFILE.label_of(r.cells[0].text) in PROFILE.starts), len(rows))
        for r in rows[:first]:  # the front matter: only its headings matter
            h = parse_numbered_heading(r.cells[0].text) if not r.ruled else None
            if h:
                group, theme = (h[1], "") if len(h[0]) == 1 else (group, h[1])
        for r in rows[first:]:  # from the first card on
            if not r.ruled:
                h = parse_numbered_heading(r.cells[0].text)
                if h:
                    group, theme = (h[1], "") if len(h[0]) == 1 else (group, h[1])
                self.rows.append(r)
                continue
            core = Row([c for c in r.cells if c.text], r.page, r.top, r.bottom, r.ruled)
            if core.cells:
                self.rows.append(core)
                self.full[id(core)], self.theme[id(core)] = r, (group, theme)

    def box(self, record: Record, column: Column | None) -> Box | None:
        """The box of the full row's cell in the grid column of `column`'s header cell (None for a text edition)."""
        i = self.index.get(id(column.header)) if column is not None else None
        return cell_box(self.full[id(record.row)], i)


def _columns(t: Table, block: str) -> dict[str, Column]:
    return {c.key: c for c in t.headers.get(block, [])}


def _card(seq: int, t: Table, s: _Stream) -> Card:
    records = t.records.get("indicators", []) + t.records.get("activities", []) + list(t.named.values())
    group, theme = s.theme[id(records[0].row)] if records else ("", "")
    card = Card(card_seq=seq, theme=theme, theme_group=group, labels={k: v.text for k, v in t.labels.items()},
                label_pages={k: _page(p) for k, p in t.label_pages.items()}, pages=[p for p in t.pages if p != NO_PAGE])
    ind, act = _columns(t, "indicators"), _columns(t, "activities")
    years = [c for c in ind.values() if c.year is not None]
    card.indicator_header = [c.header.text for c in t.headers.get("indicators", [])]
    if len({c.header.top for c in t.headers.get("indicators", [])}) > 1:
        card.warnings.append(f"card {seq}: indicator header printed one label per line; columns taken in printed order")
    for r in t.records.get("indicators", []):
        card.indicators.append(IndicatorRow(r.seq, r.text("name"), r.text("measure_unit"), [(c.year, c.year_role or "actual", r.text(c.key)) for c in years],
                                            _page(r.page), [s.box(r, c) for c in years]))
    econ = {k[5:]: c for k, c in act.items() if k.startswith("econ_")}
    card.econ_header = {code: c.header.text for code, c in econ.items()}
    for r in t.records.get("activities", []):
        card.activities.append(ActivityRow(r.seq, r.text("name"), {code: r.text(f"econ_{code}") for code in econ}, r.text("total"), _page(r.page),
                                           row_box(s.full[id(r.row)])))
    total = t.named.get("genel_toplam")
    if total is None:
        card.warnings.append(f"card {seq} ({card.labels.get('ph', '')[:30]}) has no Genel Toplam row")
    else:
        card.total_econ_raw = {code: total.text(f"econ_{code}") for code in econ}
        card.total_raw = total.text("total") if "total" in act else None
        card.total_page, card.total_box = _page(total.page), s.box(total, act.get("total"))
        card.total_econ_box = {code: s.box(total, c) for code, c in econ.items()}
    return card


def read_cards(rows: list[Row]) -> tuple[list[Card], dict[str, str], list[Table]]:
    """The cards of the stream, in print order, the role read from each indicator value header (as printed), and
    the summary tables the core's assembly read (`READ`)."""
    s = _Stream(rows)
    found = assemble(s.rows, READ).tables
    tables = [t for t in found if t.kind.name == "card"]
    roles: dict[str, str] = {}
    for t in tables:
        for c in t.headers.get("indicators", []):
            if c.year is not None:
                roles.setdefault(c.header.text, c.year_role or "actual")
    return [_card(i, t, s) for i, t in enumerate(tables, start=1)], roles, [t for t in found if t.kind.name != "card"]
