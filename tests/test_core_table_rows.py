"""A ruled table's body and total rows as declared in YAML (`analysis.extract.core.table_rows`).

The rows are written here as a ruled-table reader gives them (cells as printed, one box per cell); the
expected rows follow from the declaration: short rows and header rows left out, the total row told apart.
"""

from __future__ import annotations

import pytest

from analysis.core.model import Box
from analysis.extract.core.table_rows import load_table_rows

SPEC = {
    "units": {"cells": 3, "skip": ["MÜDÜRLÜK ADI"], "total": {"label": "TOPLAM"}},
    "shares": {"cells": 4, "skip": ["PERFORMANS HEDEFİ"], "total": {"label": "Toplam", "cells": [0, None, -2, -1]}},
    "codes": {"cells": 2, "skip": ["İDARE ADI", "EKONOMİK KOD"]},
}


def boxes(row: list[str]) -> list[Box]:
    return [Box(10.0 * i, 0, 10.0 * i + 10, 5) for i in range(len(row))]


def read(kind: str, rows: list[list[str]]) -> list[tuple[bool, list[str], list]]:
    return list(load_table_rows(SPEC, "t.yml")[kind].read(rows, [boxes(r) for r in rows]))


def test_headers_short_rows_and_the_total_row():
    rows = [["Müdürlük Adı", "Tutar", "Pay", ""], ["Bir sayfa başlığı"], ["Fen İşleri", "1.000,00", "50,000", "x"], ["TOPLAM", "2.000,00", "100,000"]]
    got = read("units", rows)
    assert [(t, c) for t, c, _ in got] == [(False, ["Fen İşleri", "1.000,00", "50,000"]), (True, ["TOPLAM", "2.000,00", "100,000"])]
    assert got[0][2] == boxes(rows[2])[:3]


def test_a_total_spanning_columns_keeps_the_declared_cells():
    rows = [["Performans Hedefi", "Faaliyet", "Tutar", "Pay"], ["PH metni", "Faaliyet", "5,00", "1,000"], ["TOPLAM", "", "", "9,00", "100,000"]]
    got = read("shares", rows)
    assert got[0] == (False, ["PH metni", "Faaliyet", "5,00", "1,000"], boxes(rows[1]))
    b = boxes(rows[2])
    assert got[1] == (True, ["TOPLAM", "", "9,00", "100,000"], [b[0], None, b[3], b[4]])


def test_without_a_total_label_every_row_is_body_and_dotted_i_is_merged():
    rows = [["IDARE ADI", "x"], ["Ekonomik Kod", "y"], ["TOPLAM", "3"]]
    assert [(t, c) for t, c, _ in read("codes", rows)] == [(False, ["TOPLAM", "3"])]


@pytest.mark.parametrize("bad", [{"k": {"skip": []}}, {"k": {"cells": 2, "total": {"cells": [0]}}}, {"k": {"cells": 2, "total": {"label": "T", "cells": "0"}}}, ["k"]])
def test_bad_declarations_are_one_line_errors(bad):
    with pytest.raises(ValueError, match=r"^t\.yml"):
        load_table_rows(bad, "t.yml")
