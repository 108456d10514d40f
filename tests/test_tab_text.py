"""The core's page source for text editions with TAB-separated tables (`analysis.extract.core.tab_text`).

Hand-made texts (expected rows written out by hand), the same profile assembly as a PDF page's rows
(test_extract_core.py's profile shape), and Kocaeli's real text edition, whose TAB lines and tables are
counted here with plain string operations, independently of the module.
"""

from __future__ import annotations

from pathlib import Path

from analysis.extract.core.assemble import assemble
from analysis.extract.core.profile import Block, NamedRow, Profile, TableKind, match_key
from analysis.extract.core.tab_text import NO_PAGE, UNIT, text_rows

ROOT = Path(__file__).resolve().parents[1]
KOCAELI_MD = ROOT / "data" / "raw" / "kocaeli-2021" / "kocaeli-2021.md"


def test_tab_lines_are_ruled_rows_and_other_lines_text_rows():
    rows = text_rows(keep_empty=True, text="## 1.1. Ulaşım\n\nSıra\tFaaliyet\tToplam\n1\tYol yapımı\t\n\nGenel Toplam\t\t5.000\n")
    assert [(r.ruled, r.texts) for r in rows] == [
        (False, ["## 1.1. Ulaşım"]),
        (True, ["Sıra", "Faaliyet", "Toplam"]),
        (True, ["1", "Yol yapımı", ""]),  # the empty grid cell is kept
        (True, ["Genel Toplam", "", "5.000"]),
    ]
    assert {r.page for r in rows} == {NO_PAGE}
    # as on a page, an empty grid cell is no cell unless kept: its neighbours keep their columns
    assert [[(c.text, c.x0) for c in r.cells] for r in text_rows("1\tYol\t\n\t\t\n\t\t5.000")] == [[("1", 0.0), ("Yol", UNIT)], [("5.000", 2 * UNIT)]]


def test_a_cell_lies_under_the_header_cell_of_its_column_and_rows_keep_their_order():
    header, data = text_rows("A\tB\tC\nx\ty\tz")
    assert [(c.x0 / UNIT, c.x1 / UNIT) for c in header.cells] == [(0.0, 1.0), (1.0, 2.0), (2.0, 3.0)]
    assert [c.xc for c in data.cells] == [c.xc for c in header.cells]
    assert header.bottom <= data.top


def tables(rows):
    """Consecutive ruled rows (no gap in `top`: no blank or text line between them)."""
    found, last = [], None
    for row in rows:
        if row.ruled and row.top == last:
            found[-1].append(row)
        elif row.ruled:
            found.append([row])
        last = row.bottom if row.ruled else None
    return found


def test_a_blank_or_text_line_ends_a_table():
    rows = text_rows("A\tB\n1\t2\n\nA\tB\nBaşlık\nC\tD\n")
    assert [[r.texts for r in t] for t in tables(rows)] == [[["A", "B"], ["1", "2"]], [["A", "B"]], [["C", "D"]]]


def test_cells_are_cleaned_by_the_given_function():
    (row,) = text_rows("<b>Sıra</b>\tM <sup>2</sup>", clean=lambda s: s.replace("<b>", "").replace("</b>", "").upper())
    assert row.texts == ["SIRA", "M <SUP>2</SUP>"]


PROFILE = Profile(
    name="test", description="", code="test", markers=(),
    labels={"idare": frozenset({match_key("İdare Adı")})}, starts=frozenset({"idare"}),
    kinds=(TableKind("t", "Test", (Block("acts", {"name": frozenset({"faaliyetler"}), "total": frozenset({"toplam"})}, ("name", "total"), seq=True,
                                         rows=(NamedRow("genel", frozenset({"genel toplam"})),), closes="genel"),)),),
)


def test_the_profile_assembly_reads_text_rows_as_it_reads_page_rows():
    text = "İdare Adı\tX BELEDİYESİ\t\nSıra\tFaaliyetler\tToplam\n1\tBirinci\t5.000\n2\tİkinci\t\nGenel Toplam\t\t5.000\n1\tafter the table\t\n"
    (t,) = assemble(text_rows(text), PROFILE).tables
    assert {k: v.text for k, v in t.labels.items()} == {"idare": "X BELEDİYESİ"}
    assert [(r.seq, r.text("name"), r.text("total")) for r in t.records["acts"]] == [("1", "Birinci", "5.000"), ("2", "İkinci", "")]
    assert t.closed and t.named["genel"].text("total") == "5.000"


def test_kocaeli_text_edition_every_tab_line_is_one_row_and_tables_split_at_blank_lines():
    text = KOCAELI_MD.read_text(encoding="utf-8")
    lines = text.splitlines()
    tab_lines = [ln for ln in lines if "\t" in ln]
    starts = sum(1 for i, ln in enumerate(lines) if "\t" in ln and (i == 0 or "\t" not in lines[i - 1]))
    rows = text_rows(text, keep_empty=True)
    ruled = [r for r in rows if r.ruled]
    assert [len(r.cells) for r in ruled] == [ln.count("\t") + 1 for ln in tab_lines]
    assert len(tables(rows)) == starts
    assert len(rows) - len(ruled) == sum(1 for ln in lines if ln.strip() and "\t" not in ln)
