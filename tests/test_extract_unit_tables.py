"""The unit-table family (birim tabloları), read from its profile by the core: the synthetic example ortakent-2023.

Expected values come from outside the reader:
- the counts, totals and the two planted contradictions are the ones the document's README states
  (tests/fixtures/ortakent-2023/README.md, read by hand) and its page 6 prints;
- every indicator value and activity amount is compared with pdfplumber's own table reading of pages 9-32
  (a separate method: its `lines` strategy, not the project's page reader), row by row, in print order.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from analysis.extract import extract_file

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "tests/fixtures/ortakent-2023/ortakent-2023.pdf"


@pytest.fixture(scope="module")
def ortakent():
    return extract_file(PDF, "ortakent-2023")


def _flat(text: str | None) -> str:
    """A cell's lines joined by one space; a line ending in a hyphen (`Etkinlik-` / `Faaliyet`) joins without one."""
    return " ".join(re.sub(r"(?<=\w)-\n", "-", text or "").split())


def _money(text: str) -> Decimal | None:
    text = _flat(text)
    return Decimal(text.replace(".", "").replace(",", ".")) if text else None


@pytest.fixture(scope="module")
def plumber_rows() -> list[dict]:
    """Every indicator and activity of the unit tables as pdfplumber reads them: (PH, kind, fields) in print order.

    A performance target's code is the `PH…` word printed in the second column beside the row (a merged cell
    left open at the foot of a page is not one of pdfplumber's cells, but its words are on the page)."""
    rows: list[dict] = []
    ph = ""
    with pdfplumber.open(PDF) as pdf:
        for page in pdf.pages[8:32]:
            words = page.extract_words()
            for table in page.find_tables():
                x0, x1 = table.rows[0].cells[1][0], table.rows[0].cells[1][2]  # the Performans Hedefi column
                for row, cells in zip(table.rows, table.extract(), strict=True):
                    cells = [_flat(c) for c in cells]
                    if cells[0].startswith("Amaç") or cells[0] == "TOPLAM":
                        continue
                    top, bottom = row.bbox[1], row.bbox[3]
                    codes = [w["text"] for w in words if x0 <= w["x0"] < x1 and top <= w["top"] < bottom and re.fullmatch(r"PH[\d.]+", w["text"])]
                    if codes:
                        ph = codes[0]
                    if cells[2]:
                        rows.append({"ph": ph, "kind": "indicator", "name": cells[2], "unit": cells[3], "values": tuple(cells[4:7]), "page": page.page_number})
                    if cells[7]:
                        rows.append({"ph": ph, "kind": "activity", "name": cells[7], "amounts": tuple(_money(c) for c in cells[8:11]), "page": page.page_number})
    return rows


def test_detected_as_the_unit_table_layout_with_the_stated_counts(ortakent):
    r = ortakent
    assert r.layout == "unit_tables"
    # page 6: "12 harcama birimimizin …, 16 stratejik amaç ve 52 stratejik hedefe bağlı 56 performans hedefi,
    # 173 performans göstergesi ve 145 faaliyet"
    assert len(r.performance_targets) == 56
    assert len(r.indicators) == 173
    assert len(r.activities) == 145
    assert len({a.unit for a in r.activities}) == 12
    assert len({p.aim_code for p in r.performance_targets}) == 16
    assert len({p.goal_code for p in r.performance_targets}) == 52
    # README: 79 blank value cells in 73 indicator rows; three values per indicator
    assert len(r.indicator_values) == 3 * 173
    assert sum(v.value_raw == "" for v in r.indicator_values) == 79
    assert len({v.indicator_code for v in r.indicator_values if v.value_raw == ""}) == 73
    # README: 8 activities have a non-zero Bütçe Dışı; totals of page 6
    assert sum(1 for a in r.activities if a.off_budget) == 8
    assert sum(a.budget for a in r.activities) == Decimal("330685376.00")
    assert sum(a.off_budget for a in r.activities) == Decimal("31407000.00")
    assert sum(a.total for a in r.activities) == Decimal("362092376.00")


def test_years_and_roles_come_from_the_header(ortakent):
    roles = Counter((v.year, v.role) for v in ortakent.indicator_values)
    assert roles == {(2021, "actual"): 173, (2022, "estimate"): 173, (2023, "target"): 173}


def test_every_value_and_amount_agrees_with_pdfplumber(ortakent, plumber_rows):
    r = ortakent
    values: dict[str, dict[int, str]] = {}
    for v in r.indicator_values:
        values.setdefault(v.indicator_code, {})[v.year] = v.value_raw
    ours = [{"ph": i.ph_code, "kind": "indicator", "name": i.name, "unit": i.measure_unit, "values": tuple(values[i.indicator_code][y] for y in (2021, 2022, 2023))}
            for i in r.indicators]
    ours += [{"ph": a.ph_code, "kind": "activity", "name": a.name, "amounts": (a.budget, a.off_budget or None, a.total)} for a in r.activities]
    theirs = [{k: v for k, v in row.items() if k != "page"} for row in plumber_rows]
    assert len(theirs) == 173 + 145
    key = lambda d: (d["ph"], d["kind"], d["name"])  # noqa: E731
    assert sorted(ours, key=key) == sorted(theirs, key=key)


def test_aims_goals_and_units_as_printed(ortakent):
    pts = {p.ph_code: p for p in ortakent.performance_targets}
    # p. 9 (image): the first block, A1 / H1.1, PH1.1.1, Ulaşım ve Trafik Hizmetleri Müdürlüğü
    p = pts["PH1.1.1"]
    assert (p.aim_code, p.goal_code, p.unit) == ("A1", "H1.1", "Ulaşım ve Trafik Hizmetleri Müdürlüğü")
    assert p.ph_text.startswith("2023 yılında, hizmet kalitesini ve yolcu memnuniyetini artırarak")
    # the aim and goal texts come from the list on pages 6-8
    assert p.aim_text == "Güvenilir, kolay ve konforlu ulaşım ağı kurmak."
    assert p.goal_text.startswith("Hizmet kalitesini ve yolcu memnuniyetini artırarak, toplam trafik hareketliliğinde")
    # a unit owning PHs of two aims; a block continued on the next page keeps its PH (p. 9 → 10)
    assert pts["PH16.2.1"].unit == "Ulaşım ve Trafik Hizmetleri Müdürlüğü"
    assert [a.name for a in ortakent.activities if a.ph_code == "PH16.2.1"][-2:] == ["Ağır Vasıta Trafığının Yönetilmesi", "EDS Kurulması"]
    assert all(re.fullmatch(r"PH\d+\.\d+\.\d+", p) for p in pts)


def test_exactly_the_two_planted_contradictions(ortakent):
    bad = sorted((x.check, x.scope, x.stated, x.computed) for x in ortakent.reconciliation if x.status != "ok")
    yapi, mali = "Yapı Kontrol Müdürlüğü", "Mali Hizmetler Müdürlüğü"
    d = Decimal
    assert bad == sorted([
        # 1. p. 19, Yapı Kontrol TOPLAM prints 30.963.953,00; its rows add up to 30.873.953,00 (and p. 33 follows the rows)
        ("unit_total", yapi, d("30963953.00"), d("30873953.00")),
        ("unit_total", yapi, d("30963953.00"), d("30873953.00")),
        ("unit_summary_vs_unit_table", yapi, d("30873953.00"), d("30963953.00")),
        ("unit_summary_vs_unit_table", yapi, d("30873953.00"), d("30963953.00")),
        # 2. p. 33, Mali Hizmetler prints 2.892.342,00 against its TOPLAM 2.829.342,00; GENEL TOPLAM follows the detail
        ("unit_summary_vs_unit_table", mali, d("2892342.00"), d("2829342.00")),
        ("unit_summary_vs_unit_table", mali, d("2892342.00"), d("2829342.00")),
        ("unit_summary_total", "program", d("330685376.00"), d("330748376.00")),
        ("unit_summary_total", "program", d("362092376.00"), d("362155376.00")),  # GENEL TOPLAM Toplam = total_resource_need
    ])
    # everything the document states was compared: nothing came out `missing`
    assert not [x for x in ortakent.reconciliation if x.status == "missing"]
    checks = Counter(x.check for x in ortakent.reconciliation)
    assert checks["unit_total"] == 12 * 3 and checks["unit_summary_vs_unit_table"] == 12 * 3
    assert checks["text_counts_ph_count"] == checks["text_counts_units_count"] == 1
    assert checks["econ_total"] == 1 and checks["econ_vs_unit_summary"] == 1  # the economic-code table prints only Bütçe İçi


def test_the_planted_totals_are_cited_to_their_cells(ortakent):
    st = {(s.table, s.scope, s.measure): s for s in ortakent.stated_totals}
    yapi = st[("unit_table", "Yapı Kontrol Müdürlüğü", "budget")]
    assert (yapi.page, yapi.value) == (19, Decimal("30963953.00")) and yapi.bbox is not None
    # the document's grand total (the data contract's one total_resource_need): GENEL TOPLAM, p. 33, as page 6 states it
    grand = [s for s in ortakent.stated_totals if (s.scope, s.measure) == ("program", "total_resource_need")]
    assert [(g.table, g.page, g.value) for g in grand] == [("unit_summary_table", 33, Decimal("362092376.00"))]
    mali = st[("unit_summary_table", "Mali Hizmetler Müdürlüğü", "total")]
    assert (mali.page, mali.value) == (33, Decimal("2892342.00"))
    # rows 04, 08, 09 of the economic-code table are blank: stated as 0.00, their share not stated
    assert st[("economic_code_table", "04", "budget")].value == 0
    assert ("economic_code_table", "04", "share_pct") not in st
    assert st[("economic_code_table", "06", "share_pct")].value == Decimal("49.17")
