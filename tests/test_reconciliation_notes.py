"""Every reconciliation row says what it found in Turkish too, keeps both prints of a text difference, and
says where both of its sides are printed (issue 14).

The sides are checked against the PDF read a second way: the words pdfplumber finds inside the stated
side's box must be the stated value (or the first print, for a text difference).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pdfplumber
import pytest

from analysis.core.numbers import NotANumber, parse_number

pytestmark = pytest.mark.slow

ENGLISH = re.compile(r"\b(the|vs|differs|prints|stated|add up|rows have|has no|matches no|is not|which|agree)\b")
"""Words of the English notes that no Turkish note uses."""


@pytest.fixture(scope="module", params=["kocaeli_pdf_run", "kucukcekmece_pdf_run"])
def program(request):
    return request.getfixturevalue(request.param)["program"]


def test_every_note_has_a_turkish_text_without_english_in_it(program):
    rows = program.reconciliation
    missing = [f"{r.check} {r.scope}: {r.note}" for r in rows if r.note and not r.note_tr]
    assert not missing, missing[:5]
    english = [f"{r.check} {r.scope}: {r.note_tr}" for r in rows if ENGLISH.search(re.sub(r"‘[^’]*’|\([^)]*TABLOSU[^)]*\)", "", r.note_tr))]
    assert not english, english[:5]
    assert sum(bool(r.note_tr) for r in rows) == sum(bool(r.note) for r in rows) > 10


def test_a_text_difference_keeps_both_prints(program):
    text_rows = [r for r in program.reconciliation if r.text_a or r.text_b]
    assert text_rows if program.layout == "card" else True
    for r in text_rows:
        assert r.status == "mismatch" and r.stated is None and r.computed is None
        assert repr(r.text_a) in r.note and repr(r.text_b) in r.note
        assert f"‘{r.text_a}’" in r.note_tr and f"‘{r.text_b}’" in r.note_tr
        assert r.note_tr.split(" farklı: ")[0]  # the page shows this part as the diff's headline


def _words(pdf, page: int, box) -> list[str]:
    p = pdf.pages[page - 1]
    return [w["text"] for w in p.extract_words() if box.x0 - 1 <= (w["x0"] + w["x1"]) / 2 <= box.x1 + 1 and box.top - 1 <= (w["top"] + w["bottom"]) / 2 <= box.bottom + 1]


def _number(words: list[str]) -> Decimal | None:
    try:
        return parse_number("".join(w for w in words if w not in ("₺", "%")).replace("₺", ""))
    except NotANumber:
        return None


def test_every_contradiction_says_where_both_sides_are_printed(program):
    mism = [r for r in program.reconciliation if r.status == "mismatch"]
    assert mism
    assert all(r.boxes_a or r.boxes_b for r in mism)
    both = sum(bool(r.boxes_a and r.boxes_b) for r in mism)
    assert both / len(mism) >= 0.95, [f"{r.check} {r.scope}" for r in mism if not (r.boxes_a and r.boxes_b)]


def test_the_stated_side_box_holds_the_stated_value(program):
    """Read back with pdfplumber: the words in side a's cell are the stated number, or the first print's words."""
    checked, wrong = 0, []
    with pdfplumber.open(program.source_file) as pdf:
        for r in program.reconciliation:
            if r.status != "mismatch" or len(r.boxes_a) != 1:
                continue
            page, box = r.boxes_a[0]
            words = _words(pdf, page, box)
            if r.text_a:
                ok = all(w in " ".join(words) for w in r.text_a.split()[:6])
            elif r.stated is not None:
                ok = _number(words) == r.stated
            else:
                continue
            checked += 1
            if not ok:
                wrong.append(f"{r.check} {r.scope} p.{page}: {words[:10]}")
    assert checked >= 10
    assert not wrong, wrong[:10]
