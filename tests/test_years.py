"""Years and column roles come from the printed headers, in every layout (`analysis.extract.core.years`).

1. The header reader on the headers the documents print (literal expectations, read off the pages).
2. Re-dated copies of the two real programs (scripts/make_redated.py, +2 years, made once per session: see
   conftest `redated`): every indicator value of the card layout (PDF and text edition) and of the grid layout
   (text edition) comes out with the shifted year, the same role and the same print as in the original. The
   original's years are the ones read by hand (Küçükçekmece: 2019 YILI GERÇEKLEŞEN, 2020 YILI İLK 6 AY
   GERÇEKLEŞEN, 2021 YILI HEDEFLERİ; Kocaeli: 2019, 2020*, 2021 Yılı Hedefi).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.core.model import ExtractedProgram
from analysis.extract import extract_file
from analysis.extract.core.years import header_roles, header_year, split_year_cells

ROOT = Path(__file__).resolve().parents[1]
SHIFT = 2  # conftest.REDATE_SHIFT


@pytest.mark.parametrize(
    "header, expected",
    [
        ("2019", (2019, None)),
        ("2020*", (2020, "estimate")),
        ("2021 Yılı Hedefi", (2021, "target")),
        ("2019 YILI GERÇEKLEŞEN", (2019, "actual")),
        ("2020 YILI İLK 6 AY GERÇEKLEŞEN", (2020, "partial_actual")),
        ("2020 YILI ILK 6 AY GERÇEKLEŞEN", (2020, "partial_actual")),  # the text edition's dotless I
        ("2020 YILI İLK GAY GERÇEKLEŞEN", (2020, "partial_actual")),  # as tesseract reads a scan of it (6 AY joined)
        ("2022 Yılı İlk 9 Ay Gerçekleşen", (2022, "partial_actual")),
        ("2022 Yılı İlk altı ay", (2022, "partial_actual")),
        ("2021 Yılı İlk Hedefi", (2021, "target")),  # "ilk" alone says no months
        ("2021 YILI HEDEFLERİ", (2021, "target")),
        ("2021 YILI HEDEFLERI", (2021, "target")),
        ("2021 YILI HEDEFLENEN", (2021, "target")),
        ("Önceki Yıl (2020)", (2020, "actual")),
        ("Cari Yıl (2021)", (2021, "estimate")),
        ("Plan Yılı (2022)", (2022, "target")),
        ("2022 Yılı Kaynak İhtiyacı", (2022, "target")),
        ("Ölçü Birimi", None),
        ("Performans Göstergeleri", None),
        ("1.250", None),
    ],
)
def test_one_header_cell(header, expected):
    assert header_year(header) == expected


def test_a_row_of_bare_years_follows_the_guide_previous_current_plan():
    assert header_roles(["2023", "2024", "2025"]) == [(2023, "actual"), (2024, "estimate"), (2025, "target")]
    assert header_roles(["Sıra", "2019", "2020*", "2021 Yılı Hedefi"]) == [None, (2019, "actual"), (2020, "estimate"), (2021, "target")]
    assert header_roles(["2018", "2019", "2020 YILI İLK 6 AY GERÇEKLEŞEN", "2021 YILI HEDEFLERİ"])[:2] == [(2018, "actual"), (2019, "actual")]


def test_a_header_printed_one_line_per_word_is_rejoined_by_year():
    lines = ["ÖLÇÜ", "BİRİMİ", "2022 YILI", "GERÇEKLEŞEN", "2023 YILI", "İLK 6 AY", "GERÇEKLEŞEN", "2024 YILI", "HEDEFLENEN"]
    cells = split_year_cells(lines)
    assert cells == ["2022 YILI GERÇEKLEŞEN", "2023 YILI İLK 6 AY GERÇEKLEŞEN", "2024 YILI HEDEFLENEN"]
    assert header_roles(cells) == [(2022, "actual"), (2023, "partial_actual"), (2024, "target")]


# ------------------------------------------------------------------------------------------- re-dated programs


def _values(program: ExtractedProgram) -> dict[tuple[str, int], tuple[int, str, str]]:
    """(indicator code, position of the value in its row) → (year, role, print)."""
    out = {}
    for v in program.indicator_values:
        out[(v.indicator_code, len([k for k in out if k[0] == v.indicator_code]))] = (v.year, v.role, v.value_raw)
    return out


def _shifted_as_original(original: ExtractedProgram, redated: ExtractedProgram) -> None:
    a, b = _values(original), _values(redated)
    assert a.keys() == b.keys() and len(a) > 0
    wrong = [(k, a[k], b[k]) for k in a if b[k] != (a[k][0] + SHIFT, a[k][1], a[k][2])]
    assert wrong == []


@pytest.fixture(scope="module")
def card_text() -> ExtractedProgram:
    return extract_file(ROOT / "data/raw/kucukcekmece-2021/kucukcekmece-2021.txt")


def test_card_text_edition_of_another_year(card_text, redated):
    copy = extract_file(redated["kucuk_txt"], "kucukcekmece-2023")
    assert sorted({(v.year, v.role) for v in card_text.indicator_values}) == [(2019, "actual"), (2020, "partial_actual"), (2021, "target")]
    assert sorted({(v.year, v.role) for v in copy.indicator_values}) == [(2021, "actual"), (2022, "partial_actual"), (2023, "target")]
    _shifted_as_original(card_text, copy)


@pytest.mark.slow
def test_card_pdf_edition_of_another_year(kucukcekmece_pdf_run, redated):
    original = kucukcekmece_pdf_run["program"]
    copy = extract_file(redated["kucuk_pdf"], "kucukcekmece-2023")
    assert sorted({(v.year, v.role) for v in copy.indicator_values}) == [(2021, "actual"), (2022, "partial_actual"), (2023, "target")]
    _shifted_as_original(original, copy)
    columns = [k for row in copy.extra_tables["aim_section_indicators"][:1] for k in row if re.fullmatch(r"[a-z_]+_\d{4}_raw", k)]
    assert columns == ["actual_2021_raw", "partial_actual_2022_raw", "target_2023_raw"]


def test_grid_text_edition_of_another_year(redated):
    original = extract_file(ROOT / "data/raw/kocaeli-2021/kocaeli-2021.md")
    copy = extract_file(redated["kocaeli_md"], "kocaeli-2023")
    assert sorted({(v.year, v.role) for v in original.indicator_values}) == [(2019, "actual"), (2020, "estimate"), (2021, "target")]
    assert sorted({(v.year, v.role) for v in copy.indicator_values}) == [(2021, "actual"), (2022, "estimate"), (2023, "target")]
    _shifted_as_original(original, copy)
