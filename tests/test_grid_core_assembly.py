"""The core's assembly (`analysis.extract.core.assemble`) reads Kocaeli's performance-target cards from grid.yml
as the grid layout's own parser does: the bridge to reading the grid through the core (issue 25).

For every card: its four label rows, every indicator (name, unit, the value under each year column) and every
activity (name, the 03 / 05 / 06 cells, the total), and the Genel Toplam row, compared field by field with the
cards of `grid.tables.parse_stream` (whose output the package tests check against the document). The PDF edition's
rows are given to the core as a page's rows are (no empty cells); the text edition's by the core's text page
source. The text edition's card 36 prints its labels and their texts on two lines and its indicator header one
label per line (grid.yml's `labels_value_below` and `stacked`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.extract import open_document
from analysis.extract.core.assemble import assemble
from analysis.extract.core.cells import Row
from analysis.extract.core.tab_text import text_rows
from analysis.extract.grid.pdf import read_pdf
from analysis.extract.grid.tables import PROFILE, cell_text, parse_stream
from analysis.extract.grid.text import read_text

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw" / "kocaeli-2021"


def differing_cards(core_rows: list[Row], grid_rows: list[Row]) -> tuple[int, int, list[int]]:
    cards = [t for t in assemble(core_rows, PROFILE).tables if t.kind.name == "card"]
    parsed = parse_stream(grid_rows).cards
    differ = []
    for t, c in zip(cards, parsed, strict=True):
        inds, acts, total = t.records.get("indicators", []), t.records.get("activities", []), t.named.get("genel_toplam")
        same = (
            {k: v.text for k, v in t.labels.items()} == c.labels
            and [(r.text("name"), r.text("measure_unit"), [r.text(f"year_{y}") for y, _, _ in i.values]) for r, i in zip(inds, c.indicators)]
            == [(i.name, i.measure_unit, [v for _, _, v in i.values]) for i in c.indicators]
            and [(r.seq, r.text("name"), {k: r.text(f"econ_{k}") for k in a.econ_raw}, r.text("total")) for r, a in zip(acts, c.activities)]
            == [(a.seq_raw, a.name, a.econ_raw, a.total_raw) for a in c.activities]
            and total is not None and total.text("total") == c.total_raw
            and {k: total.text(f"econ_{k}") for k in c.total_econ_raw} == c.total_econ_raw
        )
        if not same:
            differ.append(c.card_seq)
    return len(cards), len(parsed), differ


@pytest.mark.parametrize("edition", ["pdf", "text"])
def test_the_core_reads_the_grid_cards_as_the_grid_parser(edition):
    if edition == "pdf":
        path = RAW / "kocaeli-2021.pdf"
        grid_rows = read_pdf(path, len(open_document(path).page_texts))[0]
        core_rows = [Row([c for c in r.cells if c.text], r.page, r.top, r.bottom, r.ruled) for r in grid_rows]
        core_rows = [r for r in core_rows if r.cells]
    else:
        text = (RAW / "kocaeli-2021.md").read_text(encoding="utf-8")
        core_rows, grid_rows = text_rows(text, cell_text), read_text(text)
    n_core, n_grid, differ = differing_cards(core_rows, grid_rows)
    assert n_core == n_grid == 99  # the document's 99 performance targets
    assert differ == []
