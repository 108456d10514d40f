"""Column codes inferred from totals printed elsewhere (`analysis.extract.core.column_codes`), on hand-made tables.

Every expected assignment is worked out by hand in the comments: which codes the columns must take so that
the per-code sums equal the printed totals.
"""

from __future__ import annotations

from decimal import Decimal as D

from analysis.extract.core.column_codes import infer_column_codes, printed_column_codes, unique_column_codes


def test_a_unique_assignment_is_found():
    # codes 01, 02, 03 print totals 10, 7, 5. Table a has two columns (10, 5): 01 and 03 (not 01 02: 02's 7
    # would then need b's 7, leaving 03 with nothing). Table b has one column (7): 02.
    found = unique_column_codes({"a": [D("10"), D("5")], "b": [D("7")]}, {"01": D("10"), "02": D("7"), "03": D("5")}, ["01", "02", "03"])
    assert found == {"a": ["01", "03"], "b": ["02"]}


def test_columns_keep_their_order():
    # one table, three columns, three codes: the only ascending assignment, even with equal amounts
    assert unique_column_codes({0: [D("4"), D("4"), D("4")]}, {"01": D("4"), "02": D("4"), "03": D("4")}, ["01", "02", "03"]) == {0: ["01", "02", "03"]}


def test_two_tables_sharing_one_code_add_up():
    # 01 prints 9 = 4 (table x) + 5 (table y); 02 prints 3, table x's second column
    found = unique_column_codes({"x": [D("4"), D("3")], "y": [D("5")]}, {"01": D("9"), "02": D("3")}, ["01", "02"])
    assert found == {"x": ["01", "02"], "y": ["01"]}


def test_ambiguity_is_reported_not_guessed():
    # two one-column tables of 6 under codes 01 and 02, both printing 6: {x: 01, y: 02} and {x: 02, y: 01}
    # both add up, so no assignment is unique
    totals = {"x": [D("6")], "y": [D("6")]}
    found = infer_column_codes(totals, {"01": D("6"), "02": D("6")}, ["01", "02"])
    assert len(found) == 2
    assert unique_column_codes(totals, {"01": D("6"), "02": D("6")}, ["01", "02"]) is None


def test_no_assignment_when_the_sums_cannot_match():
    assert infer_column_codes({"a": [D("10")]}, {"01": D("11")}, ["01"]) == []
    assert unique_column_codes({"a": [D("10")]}, {"01": D("11")}, ["01"]) is None


def test_more_columns_than_codes_has_no_solution():
    assert infer_column_codes({"a": [D("1"), D("2"), D("3")]}, {"01": D("1"), "02": D("5")}, ["01", "02"]) == []


def test_a_zero_column_takes_the_lowest_code_left():
    # table a prints (0,00, 8) under codes 01..03 totalling 0, 0, 8: the 8 must be 03; the zero column is
    # never picked for a code, it is forced onto a code only when a has as many columns left as codes, so
    # it passes 02 (one column, two codes left) and lands on 01
    found = unique_column_codes({"a": [D("0.00"), D("8")]}, {"01": D("0"), "02": D("0"), "03": D("8")}, ["01", "02", "03"])
    assert found == {"a": ["01", "03"]}


def test_printed_codes_are_read_from_the_last_header_row():
    import re

    code = re.compile(r"^(0\d)\s*\.\s*[A-ZÇĞİÖŞÜ]")
    rows = [["FAALİYETLER", "EKONOMİK KODLAR", "", ""], ["", "01.PERSONEL", "03. MAL VE HİZMET", "TOPLAM"], ["Yol", "1,00", "2,00", "3,00"]]
    assert printed_column_codes(rows, code) == (["01", "03"], 2)
    assert printed_column_codes(rows[2:], code) == (None, 0)  # no header printed: to be inferred
    assert printed_column_codes([["x"], ["x"], ["x"], ["", "01.PERSONEL"]], code) == (None, 0)  # only the first three rows count
