"""Card layout (Küçükçekmece 2021): what a sceptical journalist would check before trusting the tables.

Each edition is extracted once per module (the PDF through the real command line, as a user runs it). The
counts asserted here were made independently of the extractor, with plain regular expressions over the
text edition (`_independent_counts`), and agree with what the document prints:

- 25 units: 25 `… MÜDÜRLÜĞÜ PERFORMANS HEDEF KARTI` titles, 25 rows in MÜDÜRLÜKLERİN TOPLAM KAYNAK İHTİYACI;
- 100 performance-target cards: 100 `AMAÇ A…` label lines in the unit sections;
- 476 indicators: 249 `PG…` (performance) and 227 `İG…` (monitoring) code lines in the unit sections;
  three value cells each: 1.428 values;
- 175 activities: 173 lines ending in three amounts (BÜTÇE, BÜTÇE DIŞI, TOPLAM) that are not unit-summary
  rows (those end in four or more), plus the two rows that print fewer cells (`… - 0,00`, `… 0,00`);
- 9 cards without any activity (the README says nine);
- the aim-organised section re-prints the 100 targets and their 476 indicators: they must not be counted
  twice.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

import pytest

from analysis.core.model import ExtractedProgram
from analysis.core.package import program_rows, read_table
from analysis.extract import ExtractionError, extract_file
from analysis.extract.card import CARD

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw" / "kucukcekmece-2021"
PDF = RAW / "kucukcekmece-2021.pdf"
TEXT = RAW / "kucukcekmece-2021.txt"
EXPECTED_FINDINGS = Path(__file__).resolve().parent / "card_expected_findings.csv"

UNITS, CARDS, PG, IG, ACTIVITIES, NO_ACTIVITY_CARDS = 25, 100, 249, 227, 175, 9
TOTAL_NEED = Decimal("765000000.00")

pytestmark = pytest.mark.slow


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def pdf_run(kucukcekmece_pdf_run) -> dict:
    """The PDF edition through the command line, as a user runs it (extracted once per session, see conftest)."""
    return kucukcekmece_pdf_run


@pytest.fixture(scope="module")
def pdf(pdf_run) -> ExtractedProgram:
    return pdf_run["program"]


@pytest.fixture(scope="module")
def text() -> ExtractedProgram:
    return extract_file(TEXT)


@pytest.fixture(scope="module", params=["pdf", "text"])
def program(request, pdf, text) -> ExtractedProgram:
    return pdf if request.param == "pdf" else text


def _independent_counts() -> dict[str, int]:
    """Counted from the text edition with regular expressions only, no extractor code."""
    lines = TEXT.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if "HEDEFLERİNİN İLİŞKİLENDİRİLMESİ" in line)  # first unit section
    end = next(i for i, line in enumerate(lines) if re.match(r"^\s*[iİ]DAREN[iİ]N HEDEF", line))  # aim-organised section
    region = lines[start:end]
    amount = r"(?:\d{1,3}(?:\.\d{3})*,\d{2}|-)"
    three = re.compile(rf"(?<![\d,]){amount} +{amount} +{amount} *$")
    four = re.compile(rf"{amount} +{amount} +{amount} +{amount} *$")
    partial = re.compile(r"[a-zçğıöşü)] +(?:- +0,00|0,00) *$")
    return {
        "units": sum("PERFORMANS HEDEF KARTI" in line for line in lines),
        "cards": sum(bool(re.match(r"^\s*AMAÇ A\d", line)) for line in region),
        "pg": sum(bool(re.match(r"^\s*PG\d", line)) for line in region),
        "ig": sum(bool(re.match(r"^\s*İG\d", line)) for line in region),
        "activities": sum(bool(three.search(line)) and not four.search(line) for line in region) + sum(bool(partial.search(line)) for line in region),
    }


def _rows(program: ExtractedProgram, table: str) -> list[dict]:
    return program_rows(program)[table]


PROVENANCE = ("page", "pages", "x0", "top", "x1", "bottom", "boxes_a", "boxes_b")
"""Where a row is printed: only the PDF edition has pages and boxes."""


def _without_page(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in PROVENANCE} for r in rows]


# ------------------------------------------------------------------------------------------------ counts


def test_independent_count_of_the_text_edition_matches_the_stated_numbers():
    counts = _independent_counts()
    assert counts == {"units": UNITS, "cards": CARDS, "pg": PG, "ig": IG, "activities": ACTIVITIES}


def test_counts_of_units_cards_indicators_and_activities(program):
    assert len({t.unit for t in program.performance_targets}) == UNITS
    assert len(program.performance_targets) == CARDS
    kinds = Counter(i.kind for i in program.indicators)
    assert kinds == {"performance": PG, "monitoring": IG}
    assert Counter(i.indicator_code_raw[:2] for i in program.indicators) == {"PG": PG, "İG": IG}
    assert len(program.indicator_values) == 3 * (PG + IG)
    assert len(program.activities) == ACTIVITIES
    with_acts = {a.card_seq for a in program.activities}
    assert CARDS - len(with_acts) == NO_ACTIVITY_CARDS


def test_every_unit_of_the_unit_totals_table_has_cards_and_one_canonical_name(program):
    units = {t.unit: t.unit_canonical for t in program.performance_targets}
    table = {r["unit_canonical"] for r in program.extra_tables["unit_totals"]}
    assert len(set(units.values())) == UNITS
    assert set(units.values()) == table
    assert units["BİLGİ İŞLEM MÜDÜRLÜĞÜ"] == "Bilgi İşlem Müdürlüğü"
    for a in program.activities:
        assert a.unit_canonical == units[a.unit]


def test_the_aim_organised_section_is_not_counted_twice(program):
    aim_rows = program.extra_tables["aim_section_indicators"]
    assert len(aim_rows) == PG + IG  # it re-prints every indicator ...
    assert len(program.indicators) == PG + IG  # ... but they are not extracted as cards again
    assert len({(t.ph_code, t.card_seq) for t in program.performance_targets}) == CARDS
    if program.edition == "pdf":
        first_aim_page = min(r["page"] for r in aim_rows)
        assert all(t.page < first_aim_page for t in program.performance_targets)
        assert all(i.page < first_aim_page for i in program.indicators)


def test_front_matter_tables_are_not_performance_data(pdf):
    # pages are classified by what they print; nothing of the front matter (buildings, vehicles, staff,
    # legal basis, TEMA lists) may turn into a card, an indicator or an activity
    first_card_page = min(t.page for t in pdf.performance_targets)
    assert pdf.method["pages"]["card"][0] == first_card_page
    other = set(pdf.method["pages"]["card"]) | set(pdf.method["pages"]["aim_section"])
    assert not other & set(range(1, 41))


# --------------------------------------------------------------------------------------------- editions


def test_pdf_and_text_edition_give_the_same_rows_field_by_field(pdf, text):
    for table in ("performance_targets", "indicators", "indicator_values", "activities", "stated_totals", "reconciliation"):
        a, b = _without_page(_rows(pdf, table)), _without_page(_rows(text, table))
        if table == "reconciliation":  # findings only the PDF's cell boundaries can show (see PDF_ONLY)
            a = [r for r in a if (r["check"], r["scope"]) not in PDF_ONLY or r["status"] == "ok"]
            b = [r for r in b if (r["check"], r["scope"]) not in PDF_ONLY or r["status"] == "ok"]
        assert len(a) == len(b), table
        for i, (x, y) in enumerate(zip(a, b)):
            assert x == y, f"{table} row {i + 1}: {x} != {y}"


def test_the_end_tables_and_the_relationship_tables_agree_between_editions(pdf, text):
    for table in ("relationship", "admin_activities", "unit_totals"):
        assert _without_page(pdf.extra_tables[table]) == _without_page(text.extra_tables[table]), table
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("page", "label", "columns_from")} for r in rows]  # noqa: E731
    assert strip(pdf.extra_tables["economic_code_table"]) == strip(text.extra_tables["economic_code_table"])
    assert strip(pdf.extra_tables["unit_economic_summary"]) == strip(text.extra_tables["unit_economic_summary"])


def test_text_edition_infers_the_summary_columns_the_pdf_prints(pdf, text):
    printed = pdf.method["unit_summary_columns"]
    inferred = text.method["unit_summary_columns"]
    assert set(printed) == set(inferred) and len(printed) == UNITS
    assert {v["from"] for v in printed.values()} == {"header"}
    assert Counter(v["from"] for v in inferred.values()) == {"inferred": UNITS - 1, "header": 1}  # Fen İşleri: shattered header re-assembled
    for unit, v in printed.items():
        assert inferred[unit]["codes"] == v["codes"], unit
    assert printed["MALİ HİZMETLER MÜDÜRLÜĞÜ"]["codes"] == ["01", "02", "03", "04", "05", "09"]
    assert printed["FEN İŞLERİ MÜDÜRLÜĞÜ"]["codes"] == ["01", "02", "03", "05", "06", "07"]
    assert printed["YAPI KONTROL MÜDÜRLÜĞÜ"]["codes"] == ["01", "02", "03"]


def test_every_pdf_row_has_a_page_and_no_text_row_has_one(pdf, text):
    for table in ("performance_targets", "indicators", "indicator_values", "activities", "stated_totals"):
        assert all(r["page"] for r in _rows(pdf, table)), table
        assert all(r["page"] is None for r in _rows(text, table)), table
    for table in ("indicator_values", "activities", "stated_totals"):  # and where on the page (tests/test_boxes.py)
        assert all(r["x0"] and r["bottom"] for r in _rows(pdf, table)), table
        assert all(r["x0"] is None and r["bottom"] is None for r in _rows(text, table)), table
    for name, rows in pdf.extra_tables.items():
        assert rows and all(r["page"] for r in rows), name
    assert all(r.pages for r in pdf.reconciliation)
    # a card that runs over a page break keeps both pages
    long_card = next(t for t in pdf.performance_targets if t.ph_code == "PH6.12.1")
    inds = [i for i in pdf.indicators if i.card_seq == long_card.card_seq]
    assert len(inds) == 24 and {i.page for i in inds} == {94, 95}


def test_pdf_extraction_reports_progress_page_by_page(pdf_run):
    calls = pdf_run["progress"]
    assert calls and calls[-1] == (273, 273)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


# ------------------------------------------------------------------------------------- money and totals


def test_total_resource_need_is_stated_exactly_once(program):
    need = [s for s in program.stated_totals if s.scope == "program" and s.measure == "total_resource_need"]
    assert len(need) == 1
    assert need[0].table == "economic_code_table" and need[0].value == TOTAL_NEED
    if program.edition == "pdf":
        assert need[0].page == 272


def test_total_resource_need_reconciles_wherever_the_document_states_it(program):
    assert sum((a.total or Decimal(0) for a in program.activities), Decimal(0)) == TOTAL_NEED
    stated = {(s.table, s.scope, s.measure): s.value for s in program.stated_totals}
    assert stated[("unit_totals", "program", "total")] == TOTAL_NEED
    assert stated[("admin_activities", "program", "total")] == TOTAL_NEED
    assert stated[("economic_code_table", "program", "budget_total")] == TOTAL_NEED
    assert sum(v for (t, _, m), v in stated.items() if t == "unit_economic_summary" and m == "total") == TOTAL_NEED
    checks = {r.check: r for r in program.reconciliation if r.check.startswith("program_total")}
    assert set(checks) == {"program_total_vs_cards", "program_total_vs_unit_totals_table", "program_total_vs_admin_table", "program_total_vs_unit_summaries"}
    assert all(r.status == "ok" and r.stated == TOTAL_NEED and r.computed == TOTAL_NEED for r in checks.values())


def test_every_money_check_agrees_to_the_kurus(program):
    money = [r for r in program.reconciliation if r.stated is not None and r.computed is not None and not r.check.startswith("aim_section")]
    assert len(money) > 1000
    assert [r for r in money if r.status != "ok"] == []


def test_economic_codes_of_the_activities_add_up_to_the_economic_code_table(program):
    by_code: Counter = Counter()
    for a in program.activities:
        assert a.econ, f"{a.ph_code} #{a.seq} {a.name} has no economic-code amounts"
        assert sum((v or Decimal(0) for v in a.econ.values()), Decimal(0)) == (a.total or Decimal(0))
        for c, v in a.econ.items():
            by_code[c] += v or Decimal(0)
    stated = {s.scope[-2:]: s.value for s in program.stated_totals if s.table == "economic_code_table" and s.scope.startswith("econ_") and s.measure == "budget"}
    assert {c: v for c, v in stated.items() if v} == {c: v for c, v in by_code.items() if v}
    assert stated["09"] == Decimal("38250000.00") and by_code["04"] == Decimal("7500000.00")


def test_dash_amounts_and_rows_with_missing_cells(program):
    acts = {a.name: a for a in program.activities}
    v = acts["Vatandaş ziyaretleri"]  # printed `- 0,00 -`
    assert (v.budget, v.off_budget, v.total) == (None, Decimal("0.00"), None)
    s = acts["Semt Konağı Sanat eğitimlerinin gerçekleştirilmesi"]  # printed `- 0,00`: BÜTÇE empty
    assert (s.budget, s.off_budget, s.total) == (None, Decimal("0.00"), Decimal("0.00"))
    h = acts["Halkla İlişkiler ve İletişim (ilişkili müdürlükler)"]  # printed `0,00` under TOPLAM only
    assert (h.budget, h.off_budget, h.total) == (None, Decimal("0.00"), Decimal("0.00"))
    assert acts["İmar Uygulama İşlemleri"].total == Decimal("1936384.62")


def test_fractional_counts_and_decimal_values_are_exact(program):
    values = {(v.indicator_code, v.year): v for v in program.indicator_values}
    assert values[("İG5.24.1.2", 2020)].value_raw == "1502,5" and values[("İG5.24.1.2", 2020)].value == Decimal("1502.5")
    assert values[("PG9.74.1.1", 2020)].value == Decimal("99.45")
    assert values[("PG2.76.1.2", 2019)].value == Decimal("277261")
    assert values[("PG7.59.2.1", 2020)].value == Decimal("50.115")
    assert all(not isinstance(v.value, float) for v in program.indicator_values)


def test_two_value_rows_leave_2019_empty(program):
    values = {(v.indicator_code, v.year): v.value_raw for v in program.indicator_values}
    assert [values[("PG7.53.1.1", y)] for y in (2019, 2020, 2021)] == ["", "-", "99"]
    assert [values[("İG6.13.1.10", y)] for y in (2019, 2020, 2021)] == ["", "1", "3"]
    assert sum(1 for v in program.indicator_values if v.value_raw == "") == 2
    roles = Counter((v.year, v.role) for v in program.indicator_values)
    assert roles == {(2019, "actual"): PG + IG, (2020, "partial_actual"): PG + IG, (2021, "target"): PG + IG}


# ------------------------------------------------------------------------------------------- codes, keys


def test_truncated_and_repeated_codes_get_unique_keys_and_keep_the_print(program):
    codes = [i.indicator_code for i in program.indicators]
    assert len(codes) == len(set(codes))
    raw = {i.indicator_code: i.indicator_code_raw for i in program.indicators}
    assert raw["İG2.60.1.#1"] == "İG2.60.1."
    assert raw["PG6.33.1.#1"] == raw["PG6.33.1.#2"] == "PG6.33.1."
    assert raw["İG1.41.1.1@92"] == raw["İG1.41.1.1@100"] == "İG1.41.1.1"
    assert sum(1 for c in codes if c != raw[c]) == 5  # every other code is kept exactly as printed
    assert {v.indicator_code for v in program.indicator_values} == set(codes)


def test_a_ph_code_used_by_two_units_gives_two_cards(program):
    cards = [t for t in program.performance_targets if t.ph_code == "PH1.41.1"]
    assert [(t.unit, t.card_seq) for t in cards] == [("YAPI KONTROL MÜDÜRLÜĞÜ", 92), ("ZABITA MÜDÜRLÜĞÜ", 100)]
    assert cards[0].ph_text != cards[1].ph_text
    assert all("also printed" in t.note for t in cards)
    assert [t.card_seq for t in program.performance_targets] == list(range(1, CARDS + 1))


def test_cards_without_activities(program):
    empty = [t for t in program.performance_targets if t.card_seq not in {a.card_seq for a in program.activities}]
    assert [t.ph_code for t in empty] == ["PH8.32.9", "PH8.32.8", "PH8.32.1", "PH8.32.6", "PH9.78.1", "PH8.32.5", "PH8.32.7", "PH8.32.3", "PH1.41.1"]
    assert all("no FAALİYET VE PROJELER" in t.note for t in empty)
    # and activity numbering restarts at 1 on every card
    for seq in {a.card_seq for a in program.activities}:
        assert sorted(a.seq for a in program.activities if a.card_seq == seq)[0] == 1


def test_labels_themes_and_types_as_printed(program):
    pts = {t.ph_code: t for t in program.performance_targets}
    t = pts["PH9.62.1"]
    assert (t.aim_code, t.goal_code, t.unit, t.theme, t.theme_group) == ("A9", "H9.62", "BİLGİ İŞLEM MÜDÜRLÜĞÜ", "Kurumsal Gelişim ve Kapasite Yönetimi", "")
    assert t.ph_text.startswith("Bilgi güvenliğinin sağlanması")
    assert all(t.theme and t.aim_text and t.goal_text and t.ph_text for t in program.performance_targets)
    assert pts["PH4.48.1"].theme == "İlçe ve Toplum Düzeni"
    types = Counter(i.indicator_type for i in program.indicators)
    assert set(types) == {"Kalite", "Çıktı", "Performans", "Verimlilik", "Sonuç", "Girdi", "Etkinlik"} and types["Etkinlik"] == 1
    units = {i.measure_unit for i in program.indicators}
    assert {"Litre (lt)", "m²", "Binde", "Adet/Yıl"} <= units


def test_no_page_footer_or_fixed_label_leaks_into_a_cell(program):
    texts = [t.ph_text for t in program.performance_targets] + [i.name for i in program.indicators] + [a.name for a in program.activities]
    texts += [i.measure_unit for i in program.indicators]
    for s in texts:
        assert "PERFORMANS PROGRAMI" not in s and "HEDEFI" not in s and "BIRIMI" not in s and "FAALIYET VE" not in s, s
    # the spliced summary in the middle of the Çevre Koruma card did not cut the card short
    inds = [i.indicator_code for i in program.indicators if i.ph_code == "PH2.76.1"]
    assert inds == [f"PG2.76.1.{n}" for n in range(1, 6)]


# ------------------------------------------------------------------------------------------ reconciliation


def test_known_contradictions_are_reported_with_amounts_and_pages(pdf):
    rec = {(r.check, r.scope): r for r in pdf.reconciliation}
    r = rec[("aim_section_indicator_value", "PG1.40.1.1 2020")]  # Emlak: 291 on the card, 213 in the aim section
    assert (r.status, r.stated, r.computed, r.difference, r.pages) == ("mismatch", Decimal("213"), Decimal("291"), Decimal("78"), "80; 223")
    r = rec[("aim_section_indicator_value", "İG9.61.3.4 2020")]
    assert (r.stated, r.computed, r.pages) == (Decimal("65565"), Decimal("66101"), "195; 251")
    r = rec[("aim_section_indicator_value", "İG8.32.9.1 2019")]  # a number on the card, a dash in the aim section
    assert (r.status, r.stated, r.computed) == ("mismatch", None, Decimal("12033"))
    r = rec[("relationship_vs_card", "PH7.63.1 (Emlak ve İstimlak Müdürlüğü)")]
    assert r.status == "mismatch" and "'A7'" in r.note and "'A1'" in r.note and r.pages == "79; 81"
    r = rec[("aim_section_indicator_code", "İG5.20.1.2")]  # the aim section truncates the code and shifts the rest
    assert "'İG5.20.1.'" in r.note and r.stated is None and r.computed is None
    r = rec[("activity_vs_unit_summary", "Plan ve Proje Müdürlüğü: Kurumsal yazışmalar (İlişkili)")]
    assert (r.status, r.stated, r.pages) == ("missing", Decimal("0.00"), "165")
    card92 = [r for r in pdf.reconciliation if r.scope == "PH1.41.1 (card 92)"]
    assert any("'PH1.41.3'" in r.note for r in card92)  # the aim section re-numbers Yapı Kontrol's PH1.41.1


# Findings only the PDF edition can show. On p. 260 the PERFORMANS HEDEFİ cell of PH2.77.1's row is empty and
# the FAALİYET / PROJE cell prints the target's text before the activity's name; the text edition runs all
# cells of a row together, so there the two cannot be told apart from an ordinary row.
PDF_ONLY = {("activity_name_vs_admin_table", "PH2.77.1 #1")}


def test_nothing_else_mismatches(program):
    with EXPECTED_FINDINGS.open(encoding="utf-8") as fh:
        expected = [tuple(row.values()) for row in csv.DictReader(fh)]
    pdf_edition = program.edition == "pdf"
    found = []
    for r in program.reconciliation:
        if r.status == "ok":
            continue
        fmt = lambda v: "" if v is None else f"{v:f}"  # noqa: E731  (as reconciliation.csv writes it)
        row = (r.check, r.scope, r.status, fmt(r.stated), fmt(r.computed), fmt(r.difference), r.pages)
        found.append(row if pdf_edition else row[:-1])
    if not pdf_edition:  # the text edition has no pages, and no cell boundaries: see PDF_ONLY
        expected = [e[:-1] for e in expected if (e[0], e[1]) not in PDF_ONLY]
    assert sorted(found) == sorted(expected)
    # the expected findings are derived independently (tests/independent/card_findings.py): 89 mismatches in the PDF
    assert Counter(r.status for r in program.reconciliation)["mismatch"] == sum(1 for e in expected if e[2] == "mismatch") == (89 if pdf_edition else 88)
    assert {r.status for r in program.reconciliation} == {"ok", "mismatch", "missing"}


def test_name_differences_carry_both_strings(program):
    names = [r for r in program.reconciliation if r.status == "mismatch" and r.stated is None and r.computed is None and "differs" in r.note]
    assert names
    for r in names:
        assert r.note.count("'") >= 4, r.note


# ------------------------------------------------------------------------------------------------- errors


def test_a_file_that_is_not_a_program_gives_one_line_and_no_output(tmp_path):
    fake = tmp_path / "notes.txt"
    fake.write_text("PERFORMANS HEDEF KARTI\nFAALİYET VE PROJELER\nTOPLAM KAYNAK\nPERFORMANS GÖSTERGESİ\nbu bir program değil\n", encoding="utf-8")
    out = tmp_path / "pkg"
    result = subprocess.run([sys.executable, "-m", "analysis", "extract", str(fake), "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and str(fake) in lines[0] and "PERFORMANS HEDEF KARTI" in lines[0]
    assert not out.exists()
    with pytest.raises(ExtractionError, match="notes.txt"):
        extract_file(fake)


def test_a_pdf_without_cards_is_refused_by_the_card_layout(tmp_path):
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(PDF))
    front = pdfium.PdfDocument.new()
    front.import_pages(src, [18, 19, 24])  # buildings and vehicles: tables, but no performance data
    path = tmp_path / "front-matter.pdf"
    front.save(str(path))
    from analysis.extract import open_document

    doc = open_document(path)
    with pytest.raises(ExtractionError, match="front-matter.pdf"):
        CARD.extract(doc, "front-matter")


def test_the_written_package_has_the_contract_tables_and_the_method(pdf_run):
    import json

    out = pdf_run["out"]
    meta = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    method = meta["x-extraction"]["method"]
    assert method["page_kinds"]["unit_summary"]["engine"] == "vector"
    assert "pdfplumber" in method["page_kinds"]["card"]["tool"]
    names = {r["name"] for r in meta["resources"]}
    assert {"unit_economic_summary", "relationship", "aim_section_indicators", "admin_activities", "unit_totals", "economic_code_table"} <= names
    acts = read_table(out, "activities")
    assert len(acts) == ACTIVITIES and acts["econ_03"].str.len().gt(0).all()
    assert asdict(pdf_run["program"].performance_targets[0])["page"] == 57


def test_both_editions_run_every_check_declared_in_card_yml_and_only_build_writes_checks(program):
    """The text edition hands its rows to the same build and the same declared checks as the PDF edition: every
    check of card.yml gives rows in both, and no reader module (pdf, text, layout, model) compares anything."""
    import ast

    import yaml

    card = Path(__file__).resolve().parents[1] / "src" / "analysis" / "extract" / "card"
    spec = yaml.safe_load((card / "card.yml").read_text(encoding="utf-8"))
    declared = {c["check"] for point in spec["checks"].values() for group in point for c in group.get("checks", [group])}
    assert len(declared) == 13
    assert declared <= {r.check for r in program.reconciliation}
    for name in ("pdf.py", "text.py", "layout.py", "model.py"):
        tree = ast.parse((card / name).read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        assert not imported & {"run_checks", "compare", "text_difference", "ReconciliationResult"}, name
