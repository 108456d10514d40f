"""Boxes: every extracted number carries its place on the PDF page (issue 14).

The model's box helpers are checked by hand-computed values; the boxes the extractors write are checked
against the PDF itself, read a second way (pdfplumber's words inside each box must spell the printed value).
"""

from __future__ import annotations

from analysis.core.contract import TABLES, column_names
from analysis.core.model import Box, parse_regions, regions_str


def test_a_bottom_left_box_is_measured_from_the_top():
    # an A4 page is 841.89 pt high: a cell from y=700 to y=720 (PDF) lies 121.89..141.89 pt from the top
    box = Box.from_bottom_left(56.7, 700, 300.25, 720, 841.89)
    assert box == Box(56.7, 841.89 - 720, 300.25, 841.89 - 700)
    assert box.top < box.bottom
    assert box.text() == "56.70,121.89,300.25,141.89"


def test_regions_round_trip_through_their_text():
    regions = [(66, Box(56.69, 120.3, 538.58, 135.8)), (107, Box(1, 2, 3, 4))]
    text = regions_str(regions)
    assert text == "66:56.69,120.30,538.58,135.80; 107:1.00,2.00,3.00,4.00"
    assert parse_regions(text) == regions
    assert parse_regions("") == []


def test_the_box_columns_sit_beside_page_in_the_contract():
    for table in ("indicator_values", "activities", "stated_totals"):
        names = column_names(table)
        i = names.index("page")
        assert names[i + 1 : i + 5] == ["x0", "top", "x1", "bottom"], table
        assert all(c.type == "number" for c in TABLES[table] if c.name in ("x0", "top", "x1", "bottom"))
    assert {"note_tr", "text_a", "text_b", "boxes_a", "boxes_b"} <= set(column_names("reconciliation"))
