"""The guide's standard forms (profile `guide_forms`), read by the layout-independent core.

1. The synthetic test document (tests/fixtures/kuzeykent-2022/kuzeykent-2022.pdf; no such municipality exists)
   against its hand-checked ground truth `expected.json` (derived with pdfplumber by a separate script and read
   against the page images, see EXPECTED.md): every Tablo 1 target, indicator and activity as printed, Tablo 2's
   economic codes and units, Tablo 3 and Tablo 4 as stated totals, the stated counts, and exactly the six
   contradictions C1-C6 with their amounts and pages.
2. The twelve re-typeset variants of scripts/make_form_variants.py (orientation, rules, repeated headers, header
   wordings, unit column, Tablo 2 placement, kuruş, empty codes, `%85`, re-dated years, and the designed Tablo 3
   of issue 21: coloured label cells, a two-line header, narrow wrapping names): the same rows as the example,
   field by field, compared by value through each variant's manifest (how it prints things differently); every
   Tablo 3 row read under its activity, none `missing`, and the contradiction printed in Tablo 3 found.
Nothing is written into the checkout.
"""

from __future__ import annotations

import functools
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from analysis.check import validate_package
from analysis.core.model import ExtractedProgram
from analysis.extract import ExtractionError, detect_layout, extract_file, open_document

from .conftest import cli_extract

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests/fixtures/kuzeykent-2022"
EXAMPLE = FIXTURE / "kuzeykent-2022.pdf"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
VARIANTS = ["grid-portrait", "grid-landscape-labelled", "thin-interleaved-lira", "horizontal-annex-nounit", "no-kurus-dash",
            "percent-thin-landscape", "redated-2025", "horizontal-landscape-lira", "grid-annex-percent-nokurus",
            "designed-horizontal-annex", "designed-split-landscape", "designed-split-thin"]
ROLES = {"actual": "2020", "estimate": "2021", "target": "2022"}  # expected.json's `years`, by hand from p. 8

pytestmark = pytest.mark.slow


def amount(raw: str) -> Decimal | None:
    """A printed amount read here, independently of the project's parser: `-` and blank are nothing."""
    raw = raw.strip().lstrip("%")
    if raw in ("", "-"):
        return None
    if "," in raw:
        return Decimal(raw.replace(".", "").replace(",", "."))
    return Decimal(raw.replace(".", "")) if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw) else Decimal(raw)


def same(a: Decimal | None, b: Decimal | None) -> bool:
    """Equal as amounts, where nothing (`-`, blank) and zero are the same."""
    return (a or Decimal(0)) == (b or Decimal(0))


@pytest.fixture(scope="module")
def example_run(tmp_path_factory) -> dict:
    """The example through the command line, as a user runs it (`python -m analysis extract … --out …`)."""
    return cli_extract(EXAMPLE, tmp_path_factory.mktemp("kuzeykent") / "kuzeykent-2022")


@pytest.fixture(scope="module")
def example(example_run) -> ExtractedProgram:
    return example_run["program"]


def stated(program: ExtractedProgram, table: str, scope: str, measure: str):
    found = [s for s in program.stated_totals if (s.table, s.scope, s.measure) == (table, scope, measure)]
    assert len(found) == 1, (table, scope, measure, found)
    return found[0]


# ---------------------------------------------------------------------------------------------- the example


def test_the_example_is_read_by_the_forms_profile_and_no_other_document_is(example):
    assert detect_layout(open_document(EXAMPLE)).name == "guide_forms" and example.layout == "guide_forms"
    for other in ("kocaeli-2021/kocaeli-2021.md", "kucukcekmece-2021/kucukcekmece-2021.txt"):
        assert detect_layout(open_document(ROOT / "data/raw" / other)).name != "guide_forms"


def test_counts_as_the_tables_contain_them_and_as_the_text_states_them(example):
    found = EXPECTED["found_counts"]
    assert (len(example.performance_targets), len(example.indicators), len(example.activities)) == (found["targets"], found["indicators"], found["activities"]) == (63, 227, 169)
    said = EXPECTED["stated_counts"]
    for measure, key in (("ph_count", "targets"), ("activities_count", "activities"), ("indicators_count", "indicators"), ("aims_count", "aims"), ("goals_count", "goals")):
        s = stated(example, "text_counts", "program", measure)
        assert (s.value, s.page) == (said[key], said["page"])
    assert len({t.aim_code for t in example.performance_targets}) == found["aims"] and len({t.goal_code for t in example.performance_targets}) == found["goals"]


def test_every_target_as_printed(example):
    got = example.performance_targets
    for t, exp in zip(got, EXPECTED["targets"], strict=True):
        assert (t.ph_code, t.ph_text, t.aim_code, t.aim_text, t.goal_code, t.goal_text, t.page) == \
            (exp["ph_code"], exp["ph_text"], exp["aim_code"], exp["aim_text"], exp["goal_code"], exp["goal_text"], exp["page"])
    units = {c["ph_code"]: c["unit"] for c in EXPECTED["activity_costs"]}
    assert [t.unit for t in got] == [units[t.ph_code] for t in got]


def test_every_indicator_and_value_with_the_years_and_roles_of_the_header(example):
    values = {(v.indicator_code, v.year): v for v in example.indicator_values}
    assert len(values) == len(example.indicator_values) == 3 * 227
    exp_inds = [(t["ph_code"], i) for t in EXPECTED["targets"] for i in t["indicators"]]
    for ind, (ph, exp) in zip(example.indicators, exp_inds, strict=True):
        assert (ind.ph_code, ind.seq, ind.name, ind.measure_unit, ind.page) == (ph, int(exp["seq"]), exp["name"], exp["unit"], exp["page"])
        for role, year in ROLES.items():
            v = values[(ind.indicator_code, int(year))]
            assert (v.role, v.value_raw, v.page) == (role, exp["values"][year], exp["page"])
            assert v.value == amount(exp["values"][year])
    assert sorted({(v.year, v.role) for v in example.indicator_values}) == [(2020, "actual"), (2021, "estimate"), (2022, "target")]
    assert [v.value_raw for v in example.indicator_values if v.value_raw == ""] == [""]  # PH15.1.1 #6, 2020 (p. 33)


def test_every_activity_with_its_tablo_2_unit_and_economic_codes(example):
    exp_acts = [(t["ph_code"], a) for t in EXPECTED["targets"] for a in t["activities"]]
    costs = EXPECTED["activity_costs"]
    for act, (ph, exp), cost in zip(example.activities, exp_acts, costs, strict=True):
        assert (act.ph_code, act.seq, act.name, act.page) == (ph, int(exp["seq"]), exp["name"], exp["page"])
        assert (act.budget, act.total) == (amount(exp["budget"]), amount(exp["total"]))
        assert act.off_budget == (amount(exp["off_budget"]) or Decimal("0.00"))
        assert (cost["ph_code"], cost["activity"]) == (ph, exp["name"])  # expected.json pairs them in order
        assert act.unit == cost["unit"]
        assert {c: act.econ[c] for c in cost["econ"]} == {c: amount(v) for c, v in cost["econ"].items()}  # `-` empty, `0,00` zero


def test_every_activity_s_economic_codes_add_up_to_its_budget(example):
    # the document contradicts itself nowhere here (EXPECTED.md: "all Tablo 2 econ sums ... hold")
    bad = [(a.ph_code, a.seq) for a in example.activities if sum((v or 0) for v in a.econ.values()) != a.budget]
    assert bad == []


def test_tablo_2_3_and_4_as_stated_totals(example):
    for cost, act in zip(EXPECTED["activity_costs"], example.activities, strict=True):
        key = f"{act.ph_code}#{act.seq}"
        assert stated(example, "activity_cost_table", key, "budget_total").value == amount(cost["budget_total"])
        assert stated(example, "activity_cost_table", key, "total").value == amount(cost["grand_total"])
        assert stated(example, "activity_cost_table", key, "budget_total").page == cost["page"]
        for k in ("doner_sermaye", "diger_yurt_ici", "yurt_disi"):
            assert same(stated(example, "activity_cost_table", key, f"off_budget_{k}").value, amount(cost["off_budget"][k]))
    for row, act in zip(EXPECTED["idare_performance"]["rows"], example.activities, strict=True):
        key = f"{act.ph_code}#{act.seq}"
        assert act.name == row["activity"]
        for measure in ("budget", "off_budget", "total", "share"):
            s = stated(example, "admin_performance_table", key, "share_pct" if measure == "share" else measure)
            assert same(s.value, amount(row[measure])) and s.page == row["page"]
    scopes = {"Performans Hedefleri Maliyet Toplamı": "performance_targets_total", "Genel Yönetim Giderleri": "general_administration_total",
              "Diğer İdarelere Transfer Edilecek Kaynaklar": "transfers_total", "Genel Toplam": "program"}
    for row in EXPECTED["idare_performance"]["closing"]:
        assert stated(example, "admin_performance_table", scopes[row["label"]], "total").value == amount(row["total"])
    rows = {r["label"]: r for r in EXPECTED["total_resources"]["rows"]}
    t4 = {"01 Personel Giderleri": "01", "06 Sermaye Giderleri": "06", "Bütçe Toplamı": "budget_total", "Döner Sermaye": "off_budget_doner_sermaye",
          "Bütçe Dışı Toplamı": "off_budget_total"}
    for label, scope in t4.items():
        for col in ("performance_targets", "general_administration", "transfers", "total"):
            s = stated(example, "economic_code_table", scope, f"{col}_total" if col != "total" else "total")
            assert (s.value, s.page) == (amount(rows[label][col]), 128)


def test_the_grand_total_is_stated_once_and_the_foreword_agrees(example):
    need = [s for s in example.stated_totals if s.scope == "program" and s.measure == "total_resource_need"]
    assert [(s.value, s.page) for s in need] == [(Decimal("796485000.00"), 128)]
    sunus = stated(example, "sunus", "program", "total_resource_need_stated")
    assert (sunus.value, sunus.page) == (amount(EXPECTED["sunus_total"]["amount"]), EXPECTED["sunus_total"]["page"])


# The six contradictions of expected.json (C1-C6), as the checks of the profile name them.
CONTRADICTIONS = {
    "C1": "t1_genel_toplam_budget", "C2": "t1_genel_toplam_total", "C3": "t3_row_vs_t1_budget", "C4": "t3_row_vs_t1_total",
    "C5": "t3_performance_targets_total_budget", "C6": "t3_performance_targets_total_total",
}


def contradictions(program: ExtractedProgram) -> dict[str, tuple]:
    """Each mismatch as (check, scope's PH code, |difference|) → (stated, computed, pages)."""
    out = {}
    for r in program.reconciliation:
        if r.status == "mismatch":
            out[(r.check, r.scope.split("#")[0], abs(r.difference))] = (r.stated, r.computed, r.pages)
    return out


def expected_contradictions() -> dict[tuple, tuple]:
    out = {}
    for c in EXPECTED["contradictions"]:
        scope = c["scope"].split(" /")[0]
        scope = "performance_targets_total" if scope == "Tablo 3" else scope
        printed, other = amount(c["a"]["printed"]), amount(c["b"]["value"])
        out[(CONTRADICTIONS[c["id"]], scope, abs(amount(c["difference_tl"])))] = (printed, other, "; ".join(map(str, c["pages"])))
    return out


def test_each_contradiction_with_amounts_and_pages_and_nothing_else(example):
    assert contradictions(example) == expected_contradictions()
    assert [r for r in example.reconciliation if r.status == "missing"] == []
    c5 = next(r for r in example.reconciliation if r.check == "t3_performance_targets_total_budget")
    assert "510.274.000" in c5.note and "512.074.000" in c5.note and "t3_row_vs_t1_budget PH9.1.1#" in c5.note  # C5 explained by C3
    c1 = next(r for r in example.reconciliation if r.check == "t1_genel_toplam_budget" and r.status == "mismatch")
    assert "1.173.000" in c1.note and "1.133.000" in c1.note and "40.000" in c1.note


def test_every_relation_the_forms_imply_is_checked(example):
    checks = {r.check for r in example.reconciliation}
    for name in ("t1_genel_toplam_total", "t2_econ_vs_budget_total", "t2_vs_t1_total", "t3_row_vs_t1_total", "t3_performance_targets_total_total",
                 "t3_genel_toplam", "t4_budget_total", "t4_vs_t2_econ", "t4_vs_t3", "text_counts_ph_count", "sunus_total"):
        assert name in checks
    per_activity = [r for r in example.reconciliation if r.check == "t2_econ_vs_budget_total"]
    assert len(per_activity) == 169 and all(r.status == "ok" for r in per_activity)
    assert len([r for r in example.reconciliation if r.check == "t4_vs_t2_econ"]) == 9


def test_the_written_package_is_a_valid_contract_package_read_page_by_page(example_run):
    assert validate_package(example_run["out"]) == []
    assert [done for done, _total in example_run["progress"]] == list(range(1, 129))
    method = json.loads((example_run["out"] / "datapackage.json").read_text(encoding="utf-8"))["x-extraction"]["method"]
    assert method["tables"]["performance_target"]["found"] == 63 and method["profile"].endswith("guide_forms.yml")


def test_every_box_holds_what_was_read_there(example):
    """The boxes, read back with pdfplumber (a second reader): the words inside spell the printed value."""
    import pdfplumber

    def inside(page, box) -> str:
        x0, top, x1, bottom = box
        return re.sub(r"\s+", "", page.within_bbox((x0 - 1, top - 1, x1 + 1, bottom + 1)).extract_text() or "")

    checked = 0
    with pdfplumber.open(EXAMPLE) as pdf:
        for v in example.indicator_values:
            assert (v.bbox is None) == (v.value_raw == ""), v
            if v.bbox is not None:
                assert inside(pdf.pages[v.page - 1], v.bbox) == v.value_raw.replace(" ", ""), v
                checked += 1
        for a in example.activities:
            row = inside(pdf.pages[a.page - 1], a.bbox)  # a wrapped name's second line comes after the amounts
            assert row.startswith(str(a.seq)) and all(w in row for w in a.name.split()) and f"{a.total:,.0f}".replace(",", ".") in row, (a, row)
            checked += 1
        for s in example.stated_totals:
            if s.table in ("performance_target_table", "economic_code_table", "admin_performance_table"):
                printed = re.search(r"printed '([^']*)'", s.note).group(1)
                assert inside(pdf.pages[s.page - 1], s.bbox) == printed, s
                checked += 1
    assert checked > 226 * 3 + 169 + 63 * 3 + 15 * 4


def test_a_contradiction_shows_where_both_sides_are_printed(example):
    c3 = next(r for r in example.reconciliation if r.check == "t3_row_vs_t1_budget" and r.status == "mismatch")
    assert [p for p, _ in c3.boxes_a] == [125] and [p for p, _ in c3.boxes_b] == [24]
    c1 = next(r for r in example.reconciliation if r.check == "t1_genel_toplam_budget" and r.status == "mismatch")
    assert [p for p, _ in c1.boxes_a] == [21] and len(c1.boxes_b) == 5  # the Genel Toplam cell; its five activity rows
    assert "belgede 1.173.000 TL yazıyor (s. 21)" in c1.note_tr and "fark −40.000 TL" in c1.note_tr


def test_a_text_edition_is_refused_with_one_line(tmp_path):
    text = tmp_path / "forms.txt"
    text.write_text(" ".join(["Performans Hedefi Tablosu Faaliyet Maliyetleri Tablosu İdare Performans Tablosu Toplam Kaynak İhtiyacı Tablosu",
                              "Sorumlu Harcama Birimi Bütçe Ödeneği Toplamı Bütçe Dışı Kaynak İhtiyacı Toplamı Ekonomik Kod"]), encoding="utf-8")
    with pytest.raises(ExtractionError, match="PDF editions only"):
        extract_file(text)


def test_every_profile_layout_has_at_most_50_lines_of_its_own_python():
    """The guide's forms and the unit tables are YAML plus general core code: a profile's own module (its
    `code`, in analysis/extract/profiles/) is counted, and none may pass 50 lines."""
    from analysis.extract.core.profile import shipped_profiles

    folder = ROOT / "src/analysis/extract/profiles"
    own = {p.name: folder / f"{p.code}.py" for p in shipped_profiles()}
    assert {"guide_forms", "unit_tables"} <= set(own)
    lines = {name: len(path.read_text(encoding="utf-8").splitlines()) if path.name != ".py" and path.exists() else 0 for name, path in own.items()}
    assert all(n <= 50 for n in lines.values()), lines
    modules = sorted(p.name for p in folder.glob("*.py") if p.name != "__init__.py")
    assert sum(len((folder / m).read_text(encoding="utf-8").splitlines()) for m in modules) <= 50 * len(own), modules


# --------------------------------------------------------------------------------------------- the variants


@pytest.fixture(scope="session")
def variant(variants_dir):
    @functools.cache
    def read(name: str) -> tuple[ExtractedProgram, dict]:
        manifest = json.loads((variants_dir / f"{name}.json").read_text(encoding="utf-8"))
        return extract_file(variants_dir / f"{name}.pdf"), manifest

    return read


def _texts(manifest: dict):
    """A text of expected.json as the variant prints it (its manifest maps whole cells, e.g. `PH1.1.1 2022 yılında …`)."""
    mapping = manifest["mappings"]["texts"]

    def printed(s: str, code: str = "") -> str:
        if code:
            return mapping.get(f"{code} {s}", f"{code} {s}")[len(code) + 1:]
        return mapping.get(s, s)

    return printed


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_targets_and_indicators_field_by_field(variant, name):
    program, manifest = variant(name)
    axes, text = manifest["axes"], _texts(manifest)
    assert program.layout == "guide_forms"
    for t, exp in zip(program.performance_targets, EXPECTED["targets"], strict=True):
        assert (t.ph_code, t.ph_text, t.aim_code, t.aim_text, t.goal_code, t.goal_text) == \
            (exp["ph_code"], text(exp["ph_text"], exp["ph_code"]), exp["aim_code"], text(exp["aim_text"], exp["aim_code"]), exp["goal_code"], text(exp["goal_text"], exp["goal_code"]))
    percent = {(m["ph_code"], m["seq"], m["year"]): m["printed"] for m in manifest["mappings"]["indicator_values"]}
    shift = axes["year_shift"]
    values = {(v.indicator_code, v.year): v for v in program.indicator_values}
    exp_inds = [(t["ph_code"], i) for t in EXPECTED["targets"] for i in t["indicators"]]
    for ind, (ph, exp) in zip(program.indicators, exp_inds, strict=True):
        assert (ind.ph_code, ind.seq, ind.name) == (ph, int(exp["seq"]), text(exp["name"]))
        assert ind.measure_unit == (exp["unit"] if axes["unit_column"] else "")
        for role, year in ROLES.items():
            v = values[(ind.indicator_code, int(year) + shift)]
            raw = exp["values"][year]
            assert v.role == role
            assert v.value_raw == percent.get((ph, exp["seq"], year), raw)
            assert v.value == amount(raw)


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_activities_field_by_field(variant, name):
    program, manifest = variant(name)
    text = _texts(manifest)
    exp_acts = [(t["ph_code"], a) for t in EXPECTED["targets"] for a in t["activities"]]
    for act, (ph, exp), cost in zip(program.activities, exp_acts, EXPECTED["activity_costs"], strict=True):
        assert (act.ph_code, act.seq, act.name, act.unit) == (ph, int(exp["seq"]), text(exp["name"]), cost["unit"])
        assert same(act.budget, amount(exp["budget"])) and same(act.off_budget, amount(exp["off_budget"])) and same(act.total, amount(exp["total"]))
        assert all(same(act.econ[c], amount(v)) for c, v in cost["econ"].items())


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_reports_the_same_contradictions_and_nothing_else(variant, name):
    program, _ = variant(name)
    found = {k: v[:2] for k, v in contradictions(program).items()}
    assert found == {k: v[:2] for k, v in expected_contradictions().items()}
    assert [r for r in program.reconciliation if r.status == "missing"] == []
    assert len({(s.table, s.scope, s.measure) for s in program.stated_totals}) == len(program.stated_totals)
    need = [s.value for s in program.stated_totals if s.scope == "program" and s.measure == "total_resource_need"]
    assert need == [Decimal("796485000.00")]


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_tablo_3_row_by_row_and_its_planted_contradiction(variant, name):
    program, manifest = variant(name)
    keys = [f"{t['ph_code']}#{a['seq']}" for t in EXPECTED["targets"] for a in t["activities"]]
    rows = EXPECTED["idare_performance"]["rows"]
    assert len(keys) == len(rows) == 169
    for key, row in zip(keys, rows, strict=True):  # expected.json's Tablo 3 rows follow its Tablo 1 activities
        for measure in ("budget", "off_budget", "total", "share"):
            s = stated(program, "admin_performance_table", key, "share_pct" if measure == "share" else measure)
            assert same(s.value, amount(row[measure])), (key, measure, s.value, row[measure])
    scopes = {"Performans Hedefleri Maliyet Toplamı": "performance_targets_total", "Genel Yönetim Giderleri": "general_administration_total",
              "Diğer İdarelere Transfer Edilecek Kaynaklar": "transfers_total", "Genel Toplam": "program"}
    for row in EXPECTED["idare_performance"]["closing"]:
        for measure in ("budget", "off_budget", "total"):
            assert same(stated(program, "admin_performance_table", scopes[row["label"]], measure).value, amount(row[measure]))
    assert program.method["lost_tables"] == []
    per_row = [r for r in program.reconciliation if r.check == "t3_row_vs_t1_total"]
    assert len(per_row) == 169 and [r.scope for r in per_row if r.status == "missing"] == []
    planted = manifest["tablo3_contradictions"]
    assert planted, "every variant prints a contradiction in Tablo 3"
    for c in planted:
        found = [r for r in program.reconciliation if r.check == f"t3_row_vs_t1_{c['measure']}" and r.status == "mismatch"]
        assert [(r.scope.split("#")[0], r.stated, r.computed) for r in found] == [(c["ph_code"], amount(c["tablo3_printed"]), amount(c["tablo1_printed"]))]


def test_a_broken_profile_is_named_with_its_place(tmp_path):
    from analysis.extract.core.profile import ProfileError, load_profile

    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\ncode: x\nlabels: {a: [A]}\ntables:\n  t:\n    blocks:\n      b:\n        required: [nothing]\n        columns: {name: [Ad]}\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad\.yml: tables\.t\.blocks\.b\.required"):
        load_profile(bad)
    bad.write_text("name: x\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="missing 'tables'"):
        load_profile(bad)
