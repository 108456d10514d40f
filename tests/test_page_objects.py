"""Pages read with pdfium (`analysis.extract.page_objects`) give exactly what camelot and pdfplumber give.

The expected values are camelot's and pdfplumber's own readings of the same pages (`camelot.read_pdf`,
`pdfplumber`'s `extract_words` and `rects`): an independent reader of the PDF (playa / pdfminer.six
interpreting the content stream in Python), not this module's output. Sample pages of both shipped PDFs:
Kocaeli's ruled cards and summary tables (page 23 and 55 end a cell's line with a hyphen, which pdfium
reports as U+0002), Küçükçekmece's relationship, card, aim-section and end tables, and its unit summaries
whose column headings are form XObjects (read by playa inside the page read by pdfium). tests/test_pages.py compares whole documents drawn by another producer
(reportlab); `benchmarks/same_packages.py` compares the extracted packages of both PDFs byte for byte.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from analysis.extract import page_objects

ROOT = Path(__file__).resolve().parents[1]

KOCAELI = ROOT / "data/raw/kocaeli-2021/kocaeli-2021.pdf"
KUCUKCEKMECE = ROOT / "data/raw/kucukcekmece-2021/kucukcekmece-2021.pdf"
SETTINGS = {"flavor": "lattice", "engine": "vector"}
TABLE_PAGES = [(KOCAELI, [23, 30, 55, 62, 105, 106, 112]), (KUCUKCEKMECE, [54, 66, 258, 266, 269, 272])]
NO_TABLE_PAGES = [(KOCAELI, [4, 5, 20]), (KUCUKCEKMECE, [57, 221])]
CARD_PAGES = [57, 60, 100, 221, 230]


def _table(t) -> tuple:
    """Everything of a camelot table the extraction reads: page, cell texts, cell geometry and edges."""
    cells = [[(c.x1, c.y1, c.x2, c.y2, c.left, c.right, c.top, c.bottom) for c in row] for row in t.cells]
    return int(t.page), t.df.values.tolist(), cells, t.rows, t.cols


@pytest.mark.parametrize(("pdf", "pages"), TABLE_PAGES, ids=["kocaeli", "kucukcekmece"])
def test_tables_equal_camelots_own(pdf: Path, pages: list[int]):
    import camelot

    for page in page_objects.read_pages(str(pdf), pages):
        assert not page.needs_miner, page.number
        got = [_table(t) for t in page_objects.lattice_tables(page, str(pdf), SETTINGS)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = [_table(t) for t in camelot.read_pdf(str(pdf), pages=str(page.number), **SETTINGS)]
        assert expected, f"page {page.number} has a ruled table"
        assert got == expected, f"page {page.number}"


@pytest.mark.parametrize(("pdf", "pages"), NO_TABLE_PAGES, ids=["kocaeli", "kucukcekmece"])
def test_no_table_where_camelot_finds_none(pdf: Path, pages: list[int]):
    import camelot

    for page in page_objects.read_pages(str(pdf), pages):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert camelot.read_pdf(str(pdf), pages=str(page.number), **SETTINGS).n == 0
        assert page_objects.lattice_tables(page, str(pdf), SETTINGS) == []


def test_card_words_and_rules_equal_pdfplumbers_own():
    import pdfplumber

    with pdfplumber.open(str(KUCUKCEKMECE)) as pdf:
        for page in page_objects.read_pages(str(KUCUKCEKMECE), CARD_PAGES):
            theirs = pdf.pages[page.number - 1]
            got, expected = page_objects.plumber_words(page), theirs.extract_words(extra_attrs=["upright"])
            assert [(w["text"], w["upright"]) for w in got] == [(w["text"], w["upright"]) for w in expected], page.number
            for a, b in zip(got, expected, strict=True):  # pdfium's glyph widths and descents differ from the PDF's /W a little
                assert all(abs(a[k] - b[k]) < 0.5 for k in ("x0", "x1", "top", "bottom")), (page.number, a, b)
            rect = ("x0", "x1", "top", "bottom")
            assert [tuple(r[k] for k in rect) for r in page_objects.plumber_rects(page)] == [tuple(r[k] for k in rect) for r in theirs.rects]


def test_hyphen_at_a_line_end_stays_a_hyphen():
    page = page_objects.read_pages(str(KOCAELI), [55])[0]
    texts = [t.get_text() for t in page_objects.text_lines(page.chars)[0]]
    assert any(t.endswith("bakım-\n") for t in texts)
    assert not any("\x02" in t for t in texts)


FORM_PAGES = [62, 145, 206]
"""Küçükçekmece's unit summaries whose sideways economic-code headings are form XObjects (6, 7 and 4 of them)."""


def test_pages_with_forms_give_camelots_own_tables():
    import camelot

    for page in page_objects.read_pages(str(KUCUKCEKMECE), FORM_PAGES, only_drawn=True, with_forms=True):
        assert not page.needs_miner and page.figures, page.number
        got = [_table(t) for t in page_objects.lattice_tables(page, str(KUCUKCEKMECE), SETTINGS)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = [_table(t) for t in camelot.read_pdf(str(KUCUKCEKMECE), pages=str(page.number), **SETTINGS)]
        assert expected and any("PERSONEL" in cell for row in expected[0][1] for cell in row), page.number  # the headings are in
        assert got == expected, f"page {page.number}"


def test_pages_with_forms_are_left_to_pdfplumber_without_with_forms(monkeypatch):
    assert page_objects.read_pages(str(KUCUKCEKMECE), [62])[0].needs_miner  # pdfplumber's words: its own reading
    monkeypatch.setenv("PERFORMANS_PAGE_READER", "miner")
    assert page_objects.read_pages(str(KOCAELI), [30])[0].needs_miner
    assert page_objects.read_pages(str(KUCUKCEKMECE), [62], with_forms=True)[0].needs_miner


def test_a_form_inheriting_the_pages_text_state_is_left_to_camelot():
    """A `Tc` set on the page would hold inside the form too: playa would not see it from a fresh state."""
    import playa
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(KUCUKCEKMECE))
    try:
        with playa.open(str(KUCUKCEKMECE), space="page") as doc:
            page = doc.pages[61]
            content = b"\n".join(s.buffer for s in page.streams)
            forms = page_objects._form_reader(page)
            assert not page_objects.read_page(pdf, 61, content, tuple(page.mediabox), forms=forms).needs_miner
            assert page_objects.read_page(pdf, 61, b"0.5 Tc\n" + content, tuple(page.mediabox), forms=forms).needs_miner
    finally:
        pdf.close()


def test_strings_never_pass_for_path_operators():
    stream = b"q 1 0 0 1 10 20 cm BT (0 0 m 5 5 l S) Tj <0014> Tj ET 0 0 m 100 0 l S 10 10 50 5 re f Q"
    paths = page_objects._painted_paths(stream)
    assert [(ctm, stroke, fill) for ctm, _, stroke, fill in paths] == [((1.0, 0.0, 0.0, 1.0, 10.0, 20.0), True, False)] * 1 + [((1.0, 0.0, 0.0, 1.0, 10.0, 20.0), False, True)]
    shapes = [s for ctm, segs, st, fi in paths for s in page_objects._path_shapes(ctm, segs, st, fi)]
    assert [(s.kind, s.x0, s.y0, s.x1, s.y1) for s in shapes] == [("line", 10.0, 20.0, 110.0, 20.0), ("rect", 20.0, 30.0, 70.0, 35.0)]
    assert page_objects._painted_paths(b"q BI /W 1 /H 1 ID \x00 EI Q") is None
    drawn: list = []
    page_objects._painted_paths(b"q 2 0 0 2 5 5 cm /X1 Do Q /X2 Do", drawn)
    assert drawn == [("X1", (2.0, 0.0, 0.0, 2.0, 5.0, 5.0)), ("X2", (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))]


def test_pages_kept_from_the_text_pass_read_the_same_and_are_handed_over_once():
    numbers = [23, 30, 55]
    fresh = page_objects.read_pages(str(KOCAELI), numbers, with_lines=True)
    page_objects._close_open()
    texts = page_objects.page_texts(str(KOCAELI), numbers, keep=True)
    assert sorted(page_objects._OPEN["kept"]) == [n - 1 for n in numbers]
    kept = page_objects.read_pages(str(KOCAELI), numbers, with_lines=True)
    assert page_objects._OPEN["kept"] == {}
    assert [(p.chars, p.shapes, p.lines) for p in kept] == [(p.chars, p.shapes, p.lines) for p in fresh]
    assert [" ".join(t.split()) for _top, t in kept[0].lines][:3] == [" ".join(line.split()) for line in texts[0].splitlines() if line.strip()][:3]
