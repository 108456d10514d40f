"""A block's `subheader` (`analysis.extract.core.assemble`): columns named by the row right under the header,
e.g. the economic codes `03 | 05 | 06` printed under a spanning *Ekonomik Kod* header (the grid layout's cards).

Hand-made rows (expected records written out by hand): a text edition's TAB rows and a PDF page's ruled cells
with the spanning header over three narrow ones.
"""

from __future__ import annotations

import re

from analysis.extract.core.assemble import assemble
from analysis.extract.core.cells import Cell, Row
from analysis.extract.core.profile import Block, NamedRow, Profile, TableKind, match_key
from analysis.extract.core.tab_text import text_rows

BLOCK = Block("acts", {"seq": frozenset({"sira"}), "name": frozenset({"faaliyet"}), "total": frozenset({match_key("Kaynak İhtiyacı")})},
              ("seq", "name"), seq=True, rows=(NamedRow("genel", frozenset({"genel toplam"})),), closes="genel",
              subheader={"econ": re.compile(r"^(0\d)\b")}, partial=("total",))
PROFILE = Profile(name="t", description="", code="t", markers=(), labels={}, starts=frozenset(), kinds=(TableKind("card", "Kart", (BLOCK,)),))


def cells_of(record) -> dict[str, str]:
    return {k: c.text for k, c in record.cells.items()}


def test_the_codes_under_a_spanning_header_are_columns_of_their_own_text_edition():
    text = ("Sıra\tFaaliyet\tEkonomik Kod\t\t\t2021 Yılı Kaynak İhtiyacı (TL)\n"
            "\t\t03 Mal ve Hizmet\t05 Cari Transferler\t06 Sermaye\t\n"
            "1\tYol\t10\t0\t5\t15\n"
            "Genel Toplam\t\t10\t0\t5\t15\n")
    (t,) = assemble(text_rows(text), PROFILE).tables
    assert [c.key for c in t.headers["acts"]] == ["seq", "name", "total", "econ_03", "econ_05", "econ_06"]
    (rec,) = t.records["acts"]
    assert rec.seq == "1" and cells_of(rec) == {"name": "Yol", "econ_03": "10", "econ_05": "0", "econ_06": "5", "total": "15"}
    assert cells_of(t.named["genel"]) == {"seq": "Genel Toplam", "econ_03": "10", "econ_05": "0", "econ_06": "5", "total": "15"}


def ruled_row(texts_and_x: list[tuple[str, float, float]], top: float) -> Row:
    return Row([Cell(t, x0, top, x1, top + 10, ruled=True) for t, x0, x1 in texts_and_x], 1, top, top + 10)


def test_the_codes_under_a_spanning_header_are_columns_of_their_own_pdf_page():
    rows = [ruled_row([("Sıra", 0, 20), ("Faaliyet", 20, 100), ("Ekonomik Kod", 100, 250), ("Kaynak İhtiyacı", 250, 300)], 0),
            ruled_row([("03", 100, 150), ("05", 150, 200), ("06", 200, 250)], 10),
            ruled_row([("1", 0, 20), ("Yol", 20, 100), ("10", 100, 150), ("5", 200, 250), ("15", 250, 300)], 20)]
    (t,) = assemble(rows, PROFILE).tables
    (rec,) = t.records["acts"]
    assert cells_of(rec) == {"name": "Yol", "econ_03": "10", "econ_06": "5", "total": "15"}  # 05 printed empty


def test_without_a_matching_row_under_the_header_the_columns_are_the_header_s():
    text = "Sıra\tFaaliyet\tKaynak İhtiyacı\n1\tYol\t15\n"
    (t,) = assemble(text_rows(text), PROFILE).tables
    assert [c.key for c in t.headers["acts"]] == ["seq", "name", "total"]
    assert [cells_of(r) for r in t.records["acts"]] == [{"name": "Yol", "total": "15"}]
