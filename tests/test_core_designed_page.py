"""A designed page read into events (`analysis.extract.core.designed_page`), and ruled rows' boxes
(`analysis.extract.core.ruled_cells.row_box`), on hand-made pages.

The page is drawn here as pdfplumber would report it (words with boxes, rectangles): a title bar, a label row
of three filled boxes, a table whose header is underlined one segment per column, its rows each closed by a
rule, a running footer and one stray word. Every expected event follows from the drawing.
"""

from __future__ import annotations

from analysis.core.model import Box
from analysis.extract.core.designed_page import AnchoredTable, DesignedPage
from analysis.extract.core.ruled_cells import row_box

WIDTH, HEIGHT = 600.0, 800.0
SPEC = {
    "footer": {"word": "PROGRAMI", "below": 0.93},
    "tables": {"items": {"all": ["KALEM", "TUTAR"]}, "notes": {"starts": "NOTLAR"}},
    "mark": "HEDEFLENEN",
}


def w(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 5.0 * len(text), "top": top, "bottom": top + 8.0, "upright": True}


def box(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "non_stroking_color": (0.8,)}


def segments(y: float, bounds: list[float]) -> list[dict]:
    return [{"x0": a, "x1": b, "top": y, "bottom": y + 0.5, "non_stroking_color": (0,)} for a, b in zip(bounds, bounds[1:])]


def page(header_words: list[dict], extra: list[dict] | None = None) -> DesignedPage:
    bounds = [50.0, 300.0, 450.0]
    words = [
        w("PARKLAR", 60, 22), w("KARTI", 110, 22),                        # title bar 20-36
        w("AMAÇ", 60, 62), w("A1", 160, 62), w("Yeşil", 260, 62), w("alan", 300, 62),  # label row 60-76
        *header_words,                                                   # header at 100, underlined at 112
        w("Fidan", 60, 118), w("1.000,00", 400, 118),                    # row 115-130
        w("2021", 60, 770), w("PERFORMANS", 90, 770), w("PROGRAMI", 150, 770), w("57", 200, 770),  # footer
        *(extra or []),
    ]
    rects = [box(50, 20, 560, 36), box(50, 60, 150, 76), box(150, 60, 250, 76), box(250, 60, 560, 76),
             *segments(112, bounds), *segments(130, bounds)]
    return DesignedPage(words, rects, WIDTH, HEIGHT, 57, SPEC)


def test_title_label_and_table_in_reading_order():
    dp = page([w("KALEM", 60, 100), w("TUTAR", 310, 100)])
    events = dp.events()
    assert [kind for _, kind, _ in events] == ["title", "label", "header"]
    assert events[0][2] == "PARKLAR KARTI"
    label, code, text, extra, boxes = events[1][2]
    assert (label, code, text, extra) == ("AMAÇ", "A1", "Yeşil alan", "")
    assert boxes["code"] == Box(150, 60, 250, 76) and boxes["text"] == Box(250, 60, 560, 76)
    t = events[2][2]
    assert isinstance(t, AnchoredTable) and t.kind == "items" and not t.marked
    assert t.header_cells == ["KALEM", "TUTAR"] and t.rows == [["Fidan", "1.000,00"]]
    assert t.boxes == [[Box(50, 112, 300, 130), Box(300, 112, 450, 130)]]
    assert dp.warnings == []  # the footer is read, every other word lands in an element


def test_header_kind_by_start_mark_and_stray_words():
    dp = page([w("NOTLAR", 60, 100), w("HEDEFLENEN", 310, 100)], extra=[w("stray", 480, 300)])
    t = next(p for _, kind, p in dp.events() if kind == "header")
    assert t.kind == "notes" and t.marked
    assert dp.warnings == ["page 57: words outside every card element: 'stray'"]


def test_a_header_line_that_opens_no_table_is_left_over():
    dp = page([w("KALEM", 60, 100), w("ADET", 310, 100)])  # neither every phrase of `items` nor `notes`'s start
    assert [kind for _, kind, _ in dp.events()] == ["title", "label"]
    assert "KALEM ADET" in dp.warnings[0]


def test_row_box_spans_the_cells_that_have_one():
    assert row_box([None, Box(10, 5, 20, 9), Box(20, 4, 40, 8)]) == Box(10, 4, 40, 9)
    assert row_box([None, None]) is None
