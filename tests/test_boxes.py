"""Boxes: every extracted number carries its place on the PDF page (issue 14).

The model's box helpers are checked by hand-computed values; the boxes the extractors write are checked
against the PDF itself, read a second way (pdfplumber's words inside each box must spell the printed value).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from analysis.core.contract import TABLES, column_names
from analysis.core.model import Box, parse_regions, regions_str
from analysis.core.numbers import NotANumber, parse_number
from analysis.core.package import read_package

from .conftest import ROOT


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


# ------------------------------------------------------------------------------------ the boxes of both PDFs

SHARE_OF_BOXES_THAT_HOLD_THEIR_VALUE = 0.98


def _words_in(page, box) -> list[str]:
    """pdfplumber's words whose centre lies inside `box` (x0, top, x1, bottom), in reading order."""
    x0, top, x1, bottom = box
    words = [w for w in page.extract_words() if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]
    return [w["text"] for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"]))]


def _number_in(words: list[str]) -> Decimal | None:
    """The cell's words read as one Turkish number (`₺` and `%` dropped), None when they are not one."""
    text = "".join(w for w in words if w not in ("₺", "%")).replace("₺", "").replace("%", "")
    try:
        return parse_number(text)
    except NotANumber:
        return None


class _Pages:
    """The PDF's pages, each read once."""

    def __init__(self, path: Path):
        self.pdf = pdfplumber.open(str(path))
        self.pages: dict[int, object] = {}

    def __call__(self, n: int):
        if n not in self.pages:
            self.pages[n] = self.pdf.pages[n - 1]
        return self.pages[n]


def _box(row) -> tuple[float, float, float, float] | None:
    vals = [row[c] for c in ("x0", "top", "x1", "bottom")]
    return None if "" in vals else tuple(float(v) for v in vals)


def _check_package(out: Path, pdf_path: Path) -> tuple[Counter, Counter, list[str]]:
    """Every stated total, every activity and every third indicator value: do the words in its box say it?"""
    pages = _Pages(pdf_path)
    tables = read_package(out)
    checked, held, problems = Counter(), Counter(), []

    def record(kind: str, ok: bool, what: str) -> None:
        checked[kind] += 1
        held[kind] += ok
        if not ok:
            problems.append(f"{kind}: {what}")

    for r in tables["stated_totals"].to_dict("records"):
        box = _box(r)
        words = _words_in(pages(int(r["page"])), box) if box else []
        record(f"stated_totals/{r['table']}", box is not None and _number_in(words) == Decimal(r["value"]), f"{r['scope']} {r['measure']} {r['value']} p.{r['page']}: {words}")
    for r in tables["activities"].to_dict("records"):
        box = _box(r)
        words = _words_in(pages(int(r["page"])), box) if box else []
        names_ok = all(w in " ".join(words) for w in r["name"].split())
        total_ok = r["total"] == "" or any(_number_in([w]) == Decimal(r["total"]) for w in words)
        record("activities", box is not None and names_ok and total_ok, f"{r['ph_code']} #{r['seq']} p.{r['page']}: {words[:12]}")
    values = tables["indicator_values"]
    for r in values.iloc[::3].to_dict("records"):
        box = _box(r)
        words = _words_in(pages(int(r["page"])), box) if box else []
        record("indicator_values", box is not None and " ".join(words) == " ".join(r["value_raw"].split()), f"{r['indicator_code']} {r['year']} {r['value_raw']!r} p.{r['page']}: {words}")
    return checked, held, problems


@pytest.mark.slow
@pytest.mark.parametrize("run", ["kocaeli_pdf_run", "kucukcekmece_pdf_run"])
def test_the_words_inside_each_box_are_the_printed_value(run, request):
    """Read a second way (pdfplumber words, whatever tool found the cell), each box holds its row's value."""
    r = request.getfixturevalue(run)
    pdf_path = Path(r["program"].source_file)
    checked, held, problems = _check_package(r["out"], pdf_path if pdf_path.is_absolute() else ROOT / pdf_path)
    total, good = sum(checked.values()), sum(held.values())
    assert good / total >= SHARE_OF_BOXES_THAT_HOLD_THEIR_VALUE, f"{good}/{total} boxes hold their value; e.g.\n" + "\n".join(problems[:20])
    # the sample is broad: every kind of stated total of the layout, hundreds of values and activity rows, many pages
    kinds = {k.split("/")[1] for k in checked if k.startswith("stated_totals/")}
    expected = {"kocaeli_pdf_run": {"card", "department_summary", "admin_performance_table", "economic_code_table", "text_counts"},
                "kucukcekmece_pdf_run": {"economic_code_table", "unit_economic_summary", "unit_totals", "admin_activities"}}[run]
    assert kinds == expected
    assert checked["activities"] >= 150 and checked["indicator_values"] >= 300
    assert len(read_package(r["out"])["indicator_values"]["page"].unique()) >= 60
