"""Grid layout (Kocaeli 2021): what a sceptical reader would check before trusting the extracted tables.

Each edition is extracted once per module (the PDF through the real command line). The numbers asserted
here were counted independently of the extractor, from the text edition's TAB-separated rows (see
`_count_in_text_edition`): 99 performance-target cards, 366 indicators (3 values each: 1.098), 290
activities. The document itself claims 99 / 291 / 367 (p. 29 and the department table p. 100); the
difference is one of its contradictions and must be reported, not "fixed".
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

import pytest

from analysis.core.model import ExtractedProgram
from analysis.core.numbers import format_tr
from analysis.core.package import read_table
from analysis.extract import ExtractionError, extract_file
from analysis.extract.grid import GRID

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw" / "kocaeli-2021"
PDF = RAW / "kocaeli-2021.pdf"
TEXT = RAW / "kocaeli-2021.md"

CARDS, INDICATORS, ACTIVITIES = 99, 366, 290



# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def pdf_run(kocaeli_pdf_run) -> dict:
    """The PDF edition through the command line, as a user runs it (extracted once per session, see conftest)."""
    return kocaeli_pdf_run


@pytest.fixture(scope="module")
def pdf(pdf_run) -> ExtractedProgram:
    return pdf_run["program"]


@pytest.fixture(scope="module")
def text() -> ExtractedProgram:
    return extract_file(TEXT)


@pytest.fixture(scope="module", params=["pdf", "text"])
def edition(request, pdf, text) -> ExtractedProgram:
    return pdf if request.param == "pdf" else text


def by(rows, *keys):
    return {tuple(getattr(r, k) for k in keys) if len(keys) > 1 else getattr(r, keys[0]): r for r in rows}


def values(prog: ExtractedProgram, code: str) -> dict[int, tuple[str, Decimal | None, str]]:
    return {v.year: (v.value_raw, v.value, v.role) for v in prog.indicator_values if v.indicator_code == code}


def _count_in_text_edition() -> tuple[int, int, int]:
    """Count cards, indicator rows and activity rows with nothing but regular expressions.

    Between the heading *C- Performans Hedefleri* and *C- İdarenin Toplam Kaynak İhtiyacı*: a card is a
    *Sorumlu Birim Adı* line; a table row is a TAB line of 6 cells starting with a row number and a name;
    an activity row has amounts in its last four cells, an indicator row has a unit of measure there.
    """
    t = TEXT.read_text(encoding="utf-8")
    section = t[t.index("# C- Performans Hedefleri") : t.index("## C- İdarenin Toplam")]
    cards = len(re.findall(r"^(?:<b>)?Sorumlu Birim Adı", section, re.M))
    ind = act = 0
    for line in section.splitlines():
        c = [re.sub(r"<[^>]+>", "", x).strip() for x in line.split("\t")]
        if len(c) == 6 and re.fullmatch(r"\d+", c[0]) and c[1]:
            if all(re.fullmatch(r"[\d.]+", x) for x in c[2:]):
                act += 1
            else:
                ind += 1
    return cards, ind, act


# ---------------------------------------------------------------------------------------------- counts


def test_independent_count_of_the_text_edition():
    assert _count_in_text_edition() == (CARDS, INDICATORS, ACTIVITIES)


def test_pdf_text_layer_has_one_card_per_label():
    import pypdfium2 as pdfium

    pdf_doc = pdfium.PdfDocument(str(PDF))
    try:
        n = sum(pdf_doc[i].get_textpage().get_text_range().count("Sorumlu Birim Adı") for i in range(len(pdf_doc)))
    finally:
        pdf_doc.close()
    assert n == CARDS


def test_counts_equal_what_the_tables_contain(edition):
    assert len(edition.performance_targets) == CARDS
    assert len(edition.indicators) == INDICATORS
    assert len(edition.indicator_values) == 3 * INDICATORS
    assert len(edition.activities) == ACTIVITIES
    assert [t.card_seq for t in edition.performance_targets] == list(range(1, CARDS + 1))
    assert len({t.ph_code for t in edition.performance_targets}) == CARDS


def test_the_documents_own_counts_are_kept_as_stated_not_copied(edition):
    stated = {s.measure: s for s in edition.stated_totals if s.table == "text_counts"}
    assert {m: s.value for m, s in stated.items()} == {"ph_count": 99, "activities_count": 291, "indicators_count": 367}
    if edition.edition == "pdf":
        assert {s.page for s in stated.values()} == {29}
    rec = by([r for r in edition.reconciliation if r.check.startswith("text_counts_")], "check")
    assert rec["text_counts_ph_count"].status == "ok"
    assert (rec["text_counts_activities_count"].status, rec["text_counts_activities_count"].computed) == ("mismatch", 290)
    assert (rec["text_counts_indicators_count"].status, rec["text_counts_indicators_count"].computed) == ("mismatch", 366)


def test_front_matter_tables_are_not_counted(edition):
    names = {i.name for i in edition.indicators} | {a.name for a in edition.activities}
    for distractor in ("Memur", "Yolcu Gemisi", "Bilgisayar Kasaları", "Hizmet Binaları", "Fiziksel Sunucu", "Elektronik Belge Yönetim Sistemi (EBYS)"):
        assert distractor not in names
    assert all(re.fullmatch(r"(KE|TO|KU)/PH\.\d+\.\d+\.\d+", t.ph_code) for t in edition.performance_targets)
    # section B repeats the aims and targets with numbered labels ("Stratejik Amaç 1"): never a card
    assert not any(t.unit.startswith(("KE.", "TO.", "KU.")) for t in edition.performance_targets)
    if edition.edition == "pdf":
        assert min(t.page for t in edition.performance_targets) >= 29  # pp. 5-28 are front matter


# ---------------------------------------------------------------------------------------------- editions agree


def _comparable(rows, drop=("page", "pages", "bbox", "boxes_a", "boxes_b")):
    """Rows as dicts without where they are printed (only the PDF edition has pages and boxes)."""
    return [{k: v for k, v in asdict(r).items() if k not in drop} for r in rows]


@pytest.mark.parametrize("table", ["performance_targets", "indicators", "indicator_values", "activities", "stated_totals", "reconciliation"])
def test_pdf_and_text_edition_give_the_same_rows(pdf, text, table):
    a, b = _comparable(getattr(pdf, table)), _comparable(getattr(text, table))
    assert len(a) == len(b)
    diffs = [(i, k, x[k], y[k]) for i, (x, y) in enumerate(zip(a, b, strict=True)) for k in x if x[k] != y[k]]
    assert diffs == []


def test_a_card_split_over_two_pages_reads_the_same(text, tmp_path):
    """Cards break across pages in other documents: once with the header repeated, once without."""
    lines = TEXT.read_text(encoding="utf-8").splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.startswith("4\tDeniz Ulaşım İşletmeciliği"))
    header = [ln for ln in lines[i - 6 : i] if "Faaliyet ve Projeler" in ln or "03 Mal ve" in ln]
    assert len(header) == 2
    lines[i:i] = ["", "", *header]  # page break inside the activities, header repeated
    j = next(k for k, ln in enumerate(lines) if ln.startswith("3\tProjesi yapılan tramvay"))
    lines[j:j] = ["", "", ""]  # page break inside the indicators, header not repeated
    split = tmp_path / "kocaeli-2021.md"
    split.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = extract_file(split)
    for table in ("performance_targets", "indicators", "indicator_values", "activities", "stated_totals", "reconciliation"):
        assert _comparable(getattr(again, table)) == _comparable(getattr(text, table)), table


def test_every_amount_and_value_of_the_pdf_equals_the_text_edition(pdf, text):
    pa = {(a.ph_code, a.seq): (a.total, a.econ) for a in pdf.activities}
    ta = {(a.ph_code, a.seq): (a.total, a.econ) for a in text.activities}
    assert pa == ta
    pv = {(v.indicator_code, v.year): (v.value_raw, v.value) for v in pdf.indicator_values}
    tv = {(v.indicator_code, v.year): (v.value_raw, v.value) for v in text.indicator_values}
    assert pv == tv
    assert sum(a.total for a in pdf.activities) == Decimal("2235999100.00")


def test_summary_tables_agree_between_editions(pdf, text):
    assert set(pdf.extra_tables) == set(text.extra_tables) == {"department_summary", "admin_performance_table", "economic_code_table"}
    for name in pdf.extra_tables:
        strip = lambda rows: [{k: v for k, v in r.items() if k != "page"} for r in rows]  # noqa: E731
        assert strip(pdf.extra_tables[name]) == strip(text.extra_tables[name]), name


# ---------------------------------------------------------------------------------------------- provenance


def test_every_pdf_row_has_a_page_and_text_rows_none(pdf, text):
    for table in ("performance_targets", "indicators", "indicator_values", "activities", "stated_totals"):
        assert all(isinstance(r.page, int) and 1 <= r.page <= 115 for r in getattr(pdf, table)), table
        assert all(r.page is None for r in getattr(text, table)), table
    for table in ("indicator_values", "activities", "stated_totals"):  # and where on the page (tests/test_boxes.py)
        assert all(r.bbox is not None for r in getattr(pdf, table)), table
        assert all(r.bbox is None for r in getattr(text, table)), table
    for name, rows in pdf.extra_tables.items():
        assert all(isinstance(r["page"], int) for r in rows), name
    assert all(r.pages for r in pdf.reconciliation)


def test_pages_point_at_the_right_pdf_page(pdf):
    t = by(pdf.performance_targets, "ph_code")
    assert t["KE/PH.1.1.1"].page == 30
    assert t["TO/PH.2.1.1"].page == 66
    st = {(s.table, s.scope, s.measure): s.page for s in pdf.stated_totals}
    assert st[("department_summary", "Ulaşım Dairesi Başkanlığı", "total")] == 100
    assert st[("economic_code_table", "program", "total_resource_need")] == 114
    admin_pages = {r["page"] for r in pdf.extra_tables["admin_performance_table"]}
    assert admin_pages == set(range(101, 114))


def test_method_is_recorded(pdf, pdf_run):
    m = pdf.method
    for kind in ("performance_cards", "department_summary", "admin_performance_table", "economic_code_table"):
        assert (m[kind]["tool"], m[kind]["flavor"], m[kind]["engine"]) == ("camelot-py", "lattice", "vector"), kind
    assert m["performance_cards"]["pages"] == "30-99"
    assert m["department_summary"]["pages"] == "100" and m["admin_performance_table"]["pages"] == "101-113" and m["economic_code_table"]["pages"] == "114"
    assert "off_budget" in m and "0.00" in m["off_budget"]
    import json

    descriptor = json.loads((pdf_run["out"] / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["x-extraction"]["method"]["performance_cards"]["engine"] == "vector"


# ---------------------------------------------------------------------------------------------- quirks


def test_lowercase_h_codes_are_normalised_and_kept_as_printed(edition):
    t = by(edition.performance_targets, "ph_code")
    assert t["TO/PH.5.4.1"].ph_code_raw == "TO/Ph.5.4.1"
    assert t["KU/PH.2.1.1"].ph_code_raw == "KU/Ph.2.1.1"
    assert t["KE/PH.1.1.1"].ph_code_raw == "KE/PH.1.1.1"
    assert "KU/PH.2.1.1#1" in {i.indicator_code for i in edition.indicators}
    assert not any("Ph." in a.ph_code for a in edition.activities)


def test_stray_dot_decimal_70_2(edition):
    assert values(edition, "KU/PH.2.1.1#1")[2019] == ("70.2", Decimal("70.2"), "actual")


def test_the_one_empty_cell_stays_empty(edition):
    empty = [(v.indicator_code, v.year) for v in edition.indicator_values if v.value_raw == ""]
    assert empty == [("KU/PH.4.1.1#6", 2019)]
    assert values(edition, "KU/PH.4.1.1#6")[2019] == ("", None, "actual")
    assert values(edition, "KU/PH.4.1.1#6")[2020][0] == "100"


def test_dashes_have_no_value_and_keep_their_print(edition):
    dashes = [v for v in edition.indicator_values if v.value_raw == "-"]
    assert len(dashes) == 170
    assert all(v.value is None for v in dashes)
    assert values(edition, "KE/PH.1.1.1#2")[2019] == ("-", None, "actual")


def test_turkish_number_formats(edition):
    assert values(edition, "KE/PH.1.2.1#1")[2019][1] == Decimal("125000000")
    assert values(edition, "KE/PH.1.2.1#3")[2020][:2] == ("2,5", Decimal("2.5"))
    assert values(edition, "KE/PH.2.6.1#1")[2019][:2] == ("12,17", Decimal("12.17"))
    a = by(edition.activities, "ph_code", "seq")[("KE/PH.1.2.1", 2)]
    assert a.econ == {"03": Decimal("0.00"), "05": Decimal("30000000.00"), "06": Decimal("300000000.00")}
    assert a.total == a.budget == Decimal("330000000.00") and a.off_budget == Decimal("0.00")


def test_roles_of_the_value_columns(edition):
    roles = Counter((v.year, v.role) for v in edition.indicator_values)
    assert roles == {(2019, "actual"): INDICATORS, (2020, "estimate"): INDICATORS, (2021, "target"): INDICATORS}


def test_square_metres_are_written_the_same_in_both_editions(edition):
    i = by(edition.indicators, "indicator_code")
    assert i["KE/PH.1.4.1#3"].measure_unit == "M²"
    assert i["KE/PH.2.6.1#1"].measure_unit == "M²"
    assert "0,4 m² artırmak" in by(edition.performance_targets, "ph_code")["KE/PH.2.6.1"].ph_text
    assert not any(x.measure_unit in ("M2", "M 2") or "<sup>" in x.measure_unit for x in edition.indicators)


def test_multi_line_cells_are_joined(edition):
    i = by(edition.indicators, "indicator_code")
    assert i["KE/PH.1.2.1#4"].name == "Düzenlenen toplu taşıma ve trafik içerikli program sayısı"
    t = by(edition.performance_targets, "ph_code")["KE/PH.1.1.1"]
    assert t.ph_text == "2021 yılında yayaların erişim ve hareketliliğini merkeze alan karayolu altyapısı kurmak için 34 adet proje hazırlamak."


def test_labels_and_values_on_separate_lines(edition):
    """In the text edition card KE/PH.3.7.1 prints each label and its value on separate lines."""
    t = by(edition.performance_targets, "ph_code")["KE/PH.3.7.1"]
    assert (t.aim_code, t.goal_code, t.unit) == ("KE.3", "KE.3.7", "İmar ve Şehircilik Dairesi Başkanlığı")
    assert t.ph_text.startswith("Hafriyatın yeniden değerlendirilmesi")
    assert [i.measure_unit for i in edition.indicators if i.ph_code == "KE/PH.3.7.1"][:3] == ["Yüzde/Yıl", "Adet", "İş Günü/Yıl"]
    assert values(edition, "KE/PH.3.7.1#2")[2021][:2] == ("16", Decimal("16"))


def test_aim_cell_holding_a_target(edition):
    t = by(edition.performance_targets, "ph_code")
    odd = {code for code, x in t.items() if x.note}
    assert odd == {"KE/PH.1.7.2", "KE/PH.1.7.3", "KE/PH.1.10.1"}
    for code in odd:
        assert (t[code].aim_code, t[code].aim_text) == ("KE.1", "Güvenilir, kolay ve konforlu ulaşım ağı kurmak.")
        assert "holds a target" in t[code].note
    assert "KE.1.7 Kent genelinde" in t["KE/PH.1.7.2"].note
    assert t["KE/PH.1.10.1"].goal_code == "KE.1.10"


def test_unit_spelling_variants_are_merged_but_kept(edition):
    t = by(edition.performance_targets, "ph_code")
    printed = {x.unit for x in t.values()}
    assert {"Kent Tarihi ve Tanıtım Dairesi Başkanlığı", "Kent Tarihi ve Tanıtımı Dairesi Başkanlığı"} <= printed
    assert {x.unit_canonical for x in t.values() if x.unit.startswith("Kent Tarihi")} == {"Kent Tarihi ve Tanıtımı Dairesi Başkanlığı"}
    assert edition.method["unit_variants"] == {"Kent Tarihi ve Tanıtımı Dairesi Başkanlığı": ["Kent Tarihi ve Tanıtım Dairesi Başkanlığı"]}
    assert len({x.unit_canonical for x in t.values()}) == 21  # the department table lists 21 departments


def test_misprinted_d_with_stroke_is_kept_as_printed(edition):
    names = {a.name for a in edition.activities}
    assert "Defin ve Yapım İşİ İle İlgili Ekipman Desteđi" in names


def test_themes_from_inconsistent_headings(edition):
    t = by(edition.performance_targets, "ph_code")
    assert (t["KE/PH.1.1.1"].theme, t["KE/PH.1.1.1"].theme_group) == ("Ulaşım Hizmetleri", "Kentsel Dönüşüm")
    assert t["KE/PH.2.1.1"].theme == "Sürdürülebilir Çevre Hizmetleri"  # printed "1.2.Sürdürülebilir"
    assert (t["TO/PH.4.1.1"].theme, t["TO/PH.4.1.1"].theme_group) == ("Sağlık ve Sosyal Hizmetler", "Toplumsal Dönüşüm")  # "2.3 Sağlık"
    assert (t["KU/PH.6.5.1"].theme, t["KU/PH.6.5.1"].theme_group) == ("Akıllı Şehir Hizmetleri", "Kurumsal Dönüşüm")
    assert Counter(x.theme_group for x in t.values()) == {"Kentsel Dönüşüm": 49, "Toplumsal Dönüşüm": 17, "Kurumsal Dönüşüm": 33}
    assert len({x.theme for x in t.values()}) == 11
    assert all(x.theme and x.theme_group for x in t.values())


def test_indicator_codes_are_unique_and_link_values(edition):
    codes = [i.indicator_code for i in edition.indicators]
    assert len(codes) == len(set(codes))
    assert {v.indicator_code for v in edition.indicator_values} == set(codes)
    assert all(i.indicator_code == f"{i.ph_code}#{i.seq}" for i in edition.indicators)
    assert all(i.kind == "" and i.indicator_type == "" for i in edition.indicators)


def test_activity_rows(edition):
    assert all(a.budget == a.total and a.off_budget == Decimal("0.00") for a in edition.activities)
    assert all(set(a.econ) == {"03", "05", "06"} for a in edition.activities)
    for t in edition.performance_targets:
        seqs = [a.seq for a in edition.activities if a.card_seq == t.card_seq]
        assert seqs == list(range(1, len(seqs) + 1)), t.ph_code


# ---------------------------------------------------------------------------------------------- stated totals


def test_stated_totals_follow_the_conventions(edition):
    st = edition.stated_totals
    trn = [s for s in st if s.scope == "program" and s.measure == "total_resource_need"]
    assert len(trn) == 1 and trn[0].table == "economic_code_table" and trn[0].value == Decimal("3400000000.00")
    dept = {s.scope for s in st if s.table == "department_summary" and s.scope != "program"}
    assert len(dept) == 21 and "Kent Tarihi ve Tanıtımı Dairesi Başkanlığı" in dept
    cards = [s for s in st if s.table == "card"]
    assert len(cards) == 4 * CARDS
    assert {s.measure for s in cards} == {"total", "econ_03", "econ_05", "econ_06"}
    assert {s.table for s in st} == {"card", "department_summary", "admin_performance_table", "economic_code_table", "text_counts"}
    admin = {(s.scope, s.measure): s.value for s in st if s.table == "admin_performance_table"}
    assert admin[("ULAŞIM HİZMETLERİ", "total")] == Decimal("942089700.00")
    assert admin[("program", "general_administration_total")] == Decimal("1163979900.00")


def test_summary_tables_read_completely(edition):
    dept = edition.extra_tables["department_summary"]
    assert len(dept) == 22 and dept[-1]["is_total"]
    admin = edition.extra_tables["admin_performance_table"]
    assert Counter(r["kind"] for r in admin) == {"activity": 291, "subtotal": 14, "closing": 4}
    assert sum(1 for r in admin if r["kind"] == "activity" and r["matched_ph_code"]) == ACTIVITIES
    econ = edition.extra_tables["economic_code_table"]
    assert [r["economic_code"] for r in econ] == ["01", "02", "03", "04", "05", "06", "07", "08", "09", ""]


# ---------------------------------------------------------------------------------------------- reconciliation

# (check, scope, stated, computed, pages in the PDF edition)
KNOWN_CONTRADICTIONS = {
    ("card_total", "TO/PH.2.1.1", "27350000.00", "27340000.00", "66"),
    ("card_econ_06", "TO/PH.2.1.1", "4710000.00", "4700000.00", "66"),
    ("card_econ_06", "TO/PH.4.2.1", "200.00", "200000.00", "72"),
    ("admin_activity_vs_card", "TO/PH.2.1.1#6", "100000.00", "90000.00", "66; 107"),
    ("department_total", "Gençlik ve Spor Hizmetleri Dairesi Başkanlığı", "67441700.00", "67431700.00", None),
    ("department_activities_count", "İnsan Kaynakları ve Eğitim Dairesi Başkanlığı", "6", "5", None),
    ("department_indicators_count", "Fen İşleri Dairesi Başkanlığı", "17", "16", None),
    ("department_vs_cards_total", "program", "2236009100.00", "2235999100.00", None),
    ("department_vs_cards_activities_count", "program", "291", "290", None),
    ("department_vs_cards_indicators_count", "program", "367", "366", None),
    ("admin_vs_cards_total", "program", "2236009100.00", "2235999100.00", None),
    ("econ_table_vs_cards", "06", "1199556000.00", "1199546000.00", None),
    ("econ_table_vs_cards_total", "program", "2236009100.00", "2235999100.00", None),
    ("text_counts_activities_count", "program", "291", "290", "29"),
    ("text_counts_indicators_count", "program", "367", "366", "29"),
}


def _money_or_count(d: Decimal | None) -> str:
    return "" if d is None else f"{d:f}"


def test_known_contradictions_are_reported_with_amounts_and_pages(pdf):
    found = {(r.check, r.scope, _money_or_count(r.stated), _money_or_count(r.computed)): r for r in pdf.reconciliation if r.status == "mismatch"}
    for check, scope, st, comp, pages in KNOWN_CONTRADICTIONS:
        r = found.get((check, scope, st, comp))
        assert r is not None, (check, scope)
        assert r.difference == Decimal(comp) - Decimal(st)
        if pages:
            assert r.pages == pages
        # the plain-language note quotes both amounts the way the document prints them
        assert format_tr(Decimal(st)) in r.note and format_tr(Decimal(comp)) in r.note, r.note


def test_nothing_else_mismatches(edition):
    mism = {(r.check, r.scope, _money_or_count(r.stated), _money_or_count(r.computed)) for r in edition.reconciliation if r.status == "mismatch"}
    assert mism == {k[:4] for k in KNOWN_CONTRADICTIONS}


def test_the_activity_missing_from_its_card_is_reported_as_missing(edition):
    missing = [r for r in edition.reconciliation if r.status == "missing"]
    assert len(missing) == 1
    r = missing[0]
    assert (r.check, r.scope, r.stated, r.computed) == ("admin_activity_vs_card", "KU/PH.3.2.1", Decimal("0.00"), None)
    assert "Pozisyonlarının İş Analizi" in r.note
    if edition.edition == "pdf":
        assert r.pages == "111"


def test_aggregate_mismatches_point_to_their_cause(edition):
    r = by([x for x in edition.reconciliation if x.scope == "program"], "check")
    assert "card_total TO/PH.2.1.1" in r["econ_table_vs_cards_total"].note
    assert "admin_activity_vs_card KU/PH.3.2.1" in r["text_counts_activities_count"].note


def test_what_reconciles(edition):
    ok = Counter(r.check for r in edition.reconciliation if r.status == "ok")
    assert ok["activity_total_vs_econ"] == ACTIVITIES  # every activity row adds up
    assert ok["card_total"] == CARDS - 1
    assert ok["admin_activity_vs_card"] == ACTIVITIES - 1
    assert ok["admin_row_total"] == 291
    assert ok["admin_subtotal"] == 14 and ok["admin_subtotal_share"] == 18
    assert ok["admin_performance_targets_total"] == ok["admin_genel_toplam"] == 1
    assert ok["econ_table_row_total"] == 9 and ok["econ_table_column_total"] == 4 and ok["econ_table_vs_admin"] == 4
    assert ok["department_table_sum_total"] == ok["department_table_sum_activities_count"] == 1
    assert ok["text_counts_ph_count"] == 1
    statuses = Counter(r.status for r in edition.reconciliation)
    assert statuses["mismatch"] == len(KNOWN_CONTRADICTIONS) and statuses["missing"] == 1


def test_rows_are_never_adjusted_to_hide_a_contradiction(edition):
    a = by(edition.activities, "ph_code", "seq")[("TO/PH.2.1.1", 6)]
    assert a.name == "Çocuk ve Gençlik Meclisinin Kurulması" and a.total == Decimal("90000.00")
    total = next(s for s in edition.stated_totals if (s.table, s.scope, s.measure) == ("card", "TO/PH.2.1.1", "total"))
    assert total.value == Decimal("27350000.00")
    econ = next(s for s in edition.stated_totals if (s.table, s.scope, s.measure) == ("card", "TO/PH.4.2.1", "econ_06"))
    assert econ.value == Decimal("200.00") and "printed '200.00'" in econ.note  # printed "200.00", not "200.000"
    r = next(r for r in edition.reconciliation if (r.check, r.scope) == ("card_econ_06", "TO/PH.4.2.1"))
    assert "printed '200.00'" in r.note


# ---------------------------------------------------------------------------------------------- packages and errors


def test_pdf_package_passes_the_check_stage(pdf_run):
    from analysis.check import contract_problems

    out = pdf_run["out"]
    assert contract_problems(out) == []
    acts = read_table(out, "activities")
    assert len(acts) == ACTIVITIES and set(acts["off_budget"]) == {"0.00"}
    assert (out / "admin_performance_table.csv").exists()


def test_text_edition_through_the_command_line(tmp_path):
    out = tmp_path / "k"
    proc = subprocess.run([sys.executable, "-m", "analysis", "extract", str(TEXT), "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "99 performance targets, 366 indicators, 290 activities" in proc.stderr + proc.stdout
    pt = read_table(out, "performance_targets")
    assert len(pt) == CARDS and set(pt["page"]) == {""}


def _cli_error(path: Path, out: Path) -> str:
    proc = subprocess.run([sys.executable, "-m", "analysis", "extract", str(path), "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode != 0
    assert not out.exists()
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_a_grid_looking_file_without_cards_gives_one_line_and_no_output(tmp_path):
    fake = tmp_path / "not-a-program.md"
    fake.write_text("Sorumlu Birim Adı, Performans Hedefi, Genel Toplam (TL) and Performans Göstergeleri, in prose only.\n", encoding="utf-8")
    line = _cli_error(fake, tmp_path / "out")
    assert "not-a-program.md" in line and "no performance-target tables" in line


def test_a_document_that_is_no_program_gives_one_line_and_no_output(tmp_path):
    other = tmp_path / "minutes.md"
    other.write_text("# Meclis toplantısı\n\nGündem\tKarar\nBütçe\tKabul\n", encoding="utf-8")
    line = _cli_error(other, tmp_path / "out")
    assert "minutes.md" in line


def test_a_broken_pdf_gives_one_line_and_no_output(tmp_path):
    broken = tmp_path / "kocaeli-kirik.pdf"
    broken.write_bytes(PDF.read_bytes()[:2000])
    line = _cli_error(broken, tmp_path / "out")
    assert "kocaeli-kirik.pdf" in line


def test_layout_raises_extraction_error_naming_the_file(tmp_path):
    from analysis.extract import open_document

    fake = tmp_path / "bos.md"
    fake.write_text("Sorumlu Birim Adı\tPerformans Hedefi\n", encoding="utf-8")
    with pytest.raises(ExtractionError, match="bos.md"):
        GRID.extract(open_document(fake), "bos")
