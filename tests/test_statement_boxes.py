"""Where the numbers of a sentence are printed (`analysis.extract.core.statement_boxes.number_boxes`).

Kocaeli 2021 (PDF edition) states its counts on page 29: *99 performans hedefi, … 291 faaliyet/proje ve 367
performans göstergesi*. Each box found is read back with pypdfium2 (another PDF library than the one the module
uses) and must hold exactly that number.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from analysis.extract.core.statement_boxes import number_boxes

ROOT = Path(__file__).resolve().parents[1]
KOCAELI_PDF = ROOT / "data" / "raw" / "kocaeli-2021" / "kocaeli-2021.pdf"
PAGE = 29


def text_in(box, page_no: int = PAGE) -> str:
    pdf = pdfium.PdfDocument(str(KOCAELI_PDF))
    try:
        page = pdf[page_no - 1]
        height = page.get_height()
        text = page.get_textpage().get_text_bounded(box.x0 - 0.5, height - box.bottom + 0.5, box.x1 + 0.5, height - box.top - 0.5)
    finally:
        pdf.close()
    return text.strip()


def test_each_stated_count_is_found_as_the_word_before_what_it_counts():
    boxes = number_boxes(KOCAELI_PDF, PAGE, ("99", "291", "367"), ("performans", "faaliyet", "performans"))
    assert all(b is not None for b in boxes)
    assert [text_in(b) for b in boxes] == ["99", "291", "367"]


def test_a_number_not_followed_by_its_word_has_no_box():
    # 291 is followed by "faaliyet/proje", not by "performans"; 12345 is not printed at all
    assert number_boxes(KOCAELI_PDF, PAGE, ("291", "12345"), ("performans", "faaliyet")) == [None, None]
