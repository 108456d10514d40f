"""No silent loss: a table the document prints but the reader cannot use is said in one line, recorded in the
package and shown on the reading page ("Belge nasıl okundu").

The losses are made on purpose, so the expected pages are known from the documents themselves:
- ortakent-2023 prints its economic-code table on page 33 (README); a profile whose header words for that
  table no longer match leaves it unrecognised;
- kuzeykent-2022 prints its Tablo 3 (İdare Performans Tablosu) rows for every activity; with the pairing of
  Tablo 3 rows to their Tablo 1 activities switched off, its row checks come out `missing`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from ruamel.yaml import YAML

from analysis.core.package import write_package
from analysis.extract import open_document
from analysis.extract.core import build as core_build
from analysis.extract.core import lost
from analysis.extract.core.build import build as generic_build
from analysis.extract.core.layout import ProfileLayout
from analysis.extract.core.profile import PROFILE_DIR, load_profile, shipped_profiles

ROOT = Path(__file__).resolve().parents[1]
ORTAKENT = ROOT / "tests/fixtures/ortakent-2023/ortakent-2023.pdf"
KUZEYKENT = ROOT / "tests/fixtures/kuzeykent-2022/kuzeykent-2022.pdf"


@pytest.fixture(scope="module")
def ortakent_without_econ(tmp_path_factory):
    """ortakent-2023 read with a profile whose economic-code header words were changed (YAML only)."""
    yaml = YAML()
    spec = yaml.load((PROFILE_DIR / "unit_tables.yml").read_text(encoding="utf-8"))
    spec["tables"]["economic_codes"]["blocks"]["rows"]["columns"]["label"] = ["Gider Kalemi"]
    path = tmp_path_factory.mktemp("profile") / "unit_tables_broken.yml"
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(spec, f)
    layout = ProfileLayout(load_profile(path), generic_build)
    return layout.extract(open_document(ORTAKENT), "ortakent-2023")


def test_an_unrecognised_table_is_one_warning_line_naming_it_and_its_page(ortakent_without_econ):
    lines = ortakent_without_econ.lost_table_lines()
    assert lines == ["lost table: Ekonomik Sınıflandırmaya Göre Kaynak İhtiyacı (pages 33): printed, but no table of this kind was recognised"]
    record = ortakent_without_econ.method["lost_tables"]
    assert [(r["table"], r["pages"]) for r in record] == [("economic_codes", [33])]


def test_the_package_records_the_lost_table(ortakent_without_econ, tmp_path):
    out = write_package(ortakent_without_econ, tmp_path / "pkg")
    extraction = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["x-extraction"]
    assert [r["pages"] for r in extraction["method"]["lost_tables"]] == [[33]]
    assert any(w.startswith("lost table: Ekonomik") for w in extraction["warnings"])


def test_the_reading_page_shows_the_lost_table_with_its_page(ortakent_without_econ, monkeypatch):
    from analysis.pages import reading

    method = json.loads(json.dumps(ortakent_without_econ.method, default=str))
    monkeypatch.setattr(reading, "Reading", lambda page: SimpleNamespace(method=method, extraction={"layout": "unit_tables"}))
    page = SimpleNamespace(program=SimpleNamespace(id="ortakent-2023", cites_pdf_pages=True))
    html = reading.lost_tables(page, "..")
    assert "1 tablo belgede basılı ama okunamadı" in html
    assert "Ekonomik Sınıflandırmaya Göre Kaynak İhtiyacı" in html
    assert 'href="../downloads/ortakent-2023.pdf#page=33"' in html
    assert "hiçbir tablo tanınmadı" in html


def test_a_complete_reading_records_no_loss():
    r = ProfileLayout(next(p for p in shipped_profiles() if p.name == "unit_tables"), generic_build).extract(open_document(ORTAKENT), "ortakent-2023")
    assert r.method["lost_tables"] == [] and r.lost_table_lines() == []


def test_rows_read_but_not_matched_are_a_lost_table(monkeypatch):
    # Tablo 3 rows that find no Tablo 1 activity: every activity's Tablo 3 check is `missing`
    real = core_build.match_in_order
    calls = {"n": 0}

    def no_pairs_for_tablo_3(left, right, threshold=0.8):
        calls["n"] += 1
        return {} if calls["n"] > 1 else real(left, right, threshold)  # the first call pairs the Tablo 2s

    monkeypatch.setattr(core_build, "match_in_order", no_pairs_for_tablo_3)
    profile = next(p for p in shipped_profiles() if p.name == "guide_forms")
    r = ProfileLayout(profile, generic_build).extract(open_document(KUZEYKENT), "kuzeykent-2022")
    lines = r.lost_table_lines()
    assert any(re.match(r"lost table: t3_row_vs_t1_total \(pages [\d, …()a-z]+\): check t3_row_vs_t1_total: \d+ of \d+ values came out missing", ln) for ln in lines), lines
    assert not any("t2_" in ln for ln in lines)  # Tablo 2 was still paired
    rec = next(x for x in r.method["lost_tables"] if x["title"] == "t3_row_vs_t1_total")
    assert rec["table"] == "admin_performance_table" and rec["pages"]


def test_the_rule_needs_most_values_missing():
    profile = next(p for p in shipped_profiles() if p.name == "unit_tables")
    missing = [SimpleNamespace(check="unit_total", status="missing", pages="9") for _ in range(2)]
    ok = [SimpleNamespace(check="unit_total", status="ok", pages="9") for _ in range(3)]
    result = SimpleNamespace(reconciliation=missing + ok)
    assert lost.lost_tables(profile, SimpleNamespace(tables=[]), result, []) == []
    result = SimpleNamespace(reconciliation=missing * 2 + ok)
    assert [x["title"] for x in lost.lost_tables(profile, SimpleNamespace(tables=[]), result, [])] == ["unit_total"]
