"""Tables ruled only horizontally and label boxes (`analysis.extract.core.rule_tables`), on hand-made pages.

The pages are drawn here as pdfplumber would report them (words with boxes, rectangles): every expected cell
follows from the drawing (which rule segments end where, which word sits in which box).
"""

from __future__ import annotations

from analysis.extract.core.rule_tables import RuleTable, WordPool, merge_rules

WIDTH, HEIGHT = 600.0, 800.0


def w(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 5.0 * len(text), "top": top, "bottom": top + 8.0, "upright": True}


def rule(y: float, x0: float, x1: float) -> dict:
    """A thin filled rectangle: one rule segment."""
    return {"x0": x0, "x1": x1, "top": y, "bottom": y + 0.5, "non_stroking_color": (0, 0, 0)}


def fill(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "non_stroking_color": (0.8, 0.8, 0.8)}


def segments(y: float, bounds: list[float]) -> list[dict]:
    """A rule drawn one segment per column, as designed tables draw them."""
    return [rule(y, a, b) for a, b in zip(bounds, bounds[1:])]


def test_segment_ends_become_column_cuts():
    # three touching segments at y=100: cuts at 200 and 300; a lone segment elsewhere has none
    rules = merge_rules([(100.0, 100.0, 200.0), (100.2, 200.0, 300.0), (100.1, 300.0, 400.0), (150.0, 100.0, 400.0)])
    assert [(r.y, r.x0, r.x1, r.cuts) for r in rules] == [(100.0, 100.0, 400.0, [200.0, 300.0]), (150.0, 100.0, 400.0, [])]


def test_a_rule_drawn_twice_counts_its_cuts_once():
    # a header underline (two segments) over a row rule (the same two segments again)
    rules = merge_rules([(50.0, 10.0, 60.0), (50.0, 60.0, 110.0), (50.1, 10.0, 60.0), (50.1, 60.0, 110.0)])
    assert len(rules) == 1 and rules[0].cuts == [60.0]


def test_rows_between_rules_keep_empty_and_right_aligned_cells():
    bounds = [100.0, 300.0, 400.0, 500.0]
    words = [
        w("Name", 110, 80), w("Budget", 310, 80), w("Total", 410, 80),                  # header, underlined at 95
        w("Roads", 110, 100), w("1.000,00", 450, 100),                                  # no budget printed, total right-aligned
        w("Parks", 110, 120), w("and", 140, 120), w("gardens", 110, 130), w("5,00", 360, 125), w("5,00", 470, 125),
        w("stray", 20, 300),                                                            # outside the table
    ]
    rects = segments(95, bounds) + segments(112, bounds) + segments(142, bounds)
    pool = WordPool(words, rects, WIDTH, HEIGHT)
    underline = pool.header_rule(80, 110)
    assert underline is not None and underline.y == 95
    t = RuleTable(80, underline.y, [underline.x0, *underline.cuts, underline.x1])
    header = pool.read_table(t, HEIGHT)
    assert [x.text for x in header] == ["Name", "Budget", "Total"]
    assert t.header_cells == ["Name", "Budget", "Total"]
    assert t.rows == [["Roads", "", "1.000,00"], ["Parks and gardens", "5,00", "5,00"]]
    assert (t.boxes[1][0].top, t.boxes[1][0].bottom, t.boxes[1][2].x0) == (112, 142, 400)
    assert [x.text for x in pool.leftovers()] == ["stray"]


def test_label_band_and_title_bar():
    words = [
        w("BİRİM", 100, 20), w("KARTI", 140, 20),                                      # title bar over 400 points
        w("HEDEF", 60, 60), w("H1.2", 160, 60), w("Daha", 260, 60), w("yeşil", 290, 60), w("TEMA:", 460, 60),
    ]
    rects = [fill(50, 15, 550, 35), fill(50, 55, 150, 75), fill(150, 55, 250, 75), fill(250, 55, 450, 75), fill(450, 55, 550, 75)]
    pool = WordPool(words, rects, WIDTH, HEIGHT)
    read = [pool.read_band(top, band) for top, band in pool.bands()]
    assert read[0] == ("title", ("BİRİM KARTI",))
    kind, (label, code, text, extra, boxes) = read[1]
    assert (kind, label, code, text, extra) == ("label", "HEDEF", "H1.2", "Daha yeşil", "TEMA:")
    assert (boxes["code"].x0, boxes["text"].x1) == (150, 450)
    assert pool.leftovers() == []


def test_a_band_without_words_left_is_skipped():
    pool = WordPool([], [fill(50, 55, 150, 75), fill(150, 55, 250, 75), fill(250, 55, 450, 75)], WIDTH, HEIGHT)
    assert [pool.read_band(top, band) for top, band in pool.bands()] == [None]


def test_segments_group_by_height_inclusive_or_strict():
    from analysis.extract.core.page import same_line_groups

    segs = [(10.5, 0.0, 5.0), (10.0, 5.0, 9.0), (11.0, 0.0, 2.0), (20.0, 0.0, 1.0)]
    # 11.0 is exactly 1.0 above the group's first (10.0): inside when inclusive, a new group when strict
    assert same_line_groups(segs, 1.0) == [[(10.0, 5.0, 9.0), (10.5, 0.0, 5.0), (11.0, 0.0, 2.0)], [(20.0, 0.0, 1.0)]]
    assert same_line_groups(segs, 1.0, strict=True) == [[(10.0, 5.0, 9.0), (10.5, 0.0, 5.0)], [(11.0, 0.0, 2.0)], [(20.0, 0.0, 1.0)]]


def test_fills_keep_their_colour_as_rgb():
    grey = {"x0": 10.0, "x1": 60.0, "top": 10.0, "bottom": 30.0, "non_stroking_color": (0.2,)}
    cmyk = {"x0": 70.0, "x1": 90.0, "top": 10.0, "bottom": 30.0, "non_stroking_color": (0, 1, 1, 0)}  # pure red
    pool = WordPool([], [grey, cmyk], WIDTH, HEIGHT)
    assert [f.colour for f in pool.fills] == [(51, 51, 51), (255, 0, 0)]
    assert (pool.fills[0].x0, pool.fills[0].top, pool.fills[0].x1, pool.fills[0].bottom) == (10.0, 10.0, 60.0, 30.0)
