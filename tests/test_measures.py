"""The analyse stage's entry points: every table of a program, the comparison tables, and both real programs.

The hand-made program goes through the real package writer and loader, so the measures see exactly the
types the pipeline gives them (Decimal money, Int64 pages)."""

from __future__ import annotations

from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest

from analysis.analyse.common import money_sum
from analysis.analyse.data import load_program
from analysis.analyse.measures import comparison_tables, program_tables
from analysis.analyse.tables import to_csv_text
from analysis.core.model import Activity, ExtractedProgram, Indicator, IndicatorValue, PerformanceTarget, ReconciliationResult, StatedTotal
from analysis.core.numbers import parse_number
from analysis.core.package import write_package

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "data"

EXPECTED_TABLES = {
    "activity_policy_areas", "budget_by_theme", "budget_by_aim", "budget_by_unit", "budget_by_econ", "budget_by_econ_class",
    "budget_by_policy_area", "policy_area_sensitivity", "budget_concentration", "top_activities", "zero_budget_activities",
    "budget_per_target", "taxonomy_unmapped", "indicator_ambition", "indicator_direction_summary", "ambition_summary",
    "ambition_by_unit", "ambition_by_theme", "ambition_by_policy_area", "indicator_quality", "indicator_type_mix",
    "budget_vs_ambition", "key_figures", "policy_area_rules",
}  # fmt: skip
MONEY_TABLES = {"budget_by_theme": "total", "budget_by_aim": "total", "budget_by_unit": "total", "budget_by_policy_area": "total",
                "budget_per_target": "total", "budget_by_econ_class": "amount", "activity_policy_areas": "total", "policy_area_rules": "total"}  # fmt: skip


def hand_made(program: str = "kocaeli-2021") -> ExtractedProgram:
    """Three cards of the Kocaeli kind (service areas, 2020 estimate), one activity in an unmapped unit and theme."""
    ep = ExtractedProgram(program, f"data/raw/{program}/{program}.pdf", "0" * 64, "pdf", "grid")
    cards = [
        ("KE/PH.1.1.1", "Ulaşım Dairesi Başkanlığı", "Ulaşım Hizmetleri", "Kentsel Dönüşüm", 30),
        ("TO/PH.4.1.1", "Sağlık ve Sosyal Hizmetler Dairesi Başkanlığı", "Sağlık ve Sosyal Hizmetler", "Toplumsal Dönüşüm", 71),
        ("XX/PH.9.9.9", "Uydurma Dairesi Başkanlığı", "Uydurma Hizmetler", "", 99),
    ]
    for n, (code, unit, theme, group, page) in enumerate(cards, 1):
        ep.performance_targets.append(PerformanceTarget(program, code, f"Hedef {n}", unit, code[:5], "Amaç", code[:7], "Hedef", theme, page, group, unit, code, n))
    inds = [
        (1, "Projesi yapılan kavşak sayısı", "Adet", ("55", "60", "30")),
        (1, "Müdahale süresi", "Dakika", ("12", "10", "8")),
        (1, "Yapılan yol uzunluğu", "Km", ("-", "18", "20")),
        (2, "Tarama yapılma oranı", "Yüzde", ("100", "100", "100")),
        (2, "Memnuniyet oranı", "Yüzde", ("0", "40", "70")),
    ]
    for i, (card, name, unit, vals) in enumerate(inds, 1):
        code, page = cards[card - 1][0], cards[card - 1][4]
        icode = f"{code}#{i}"
        ep.indicators.append(Indicator(program, code, icode, i, name, "", "", unit, page, icode, card))
        for (year, role), raw in zip([(2019, "actual"), (2020, "estimate"), (2021, "target")], vals, strict=True):
            ep.indicator_values.append(IndicatorValue(program, icode, year, role, raw, parse_number(raw), page))
    acts = [
        (1, 1, "Kavşak", D("640000.00"), {"03": D("640000.00"), "05": D("0.00"), "06": D("0.00")}),
        (1, 2, "Yol", D("172300000.00"), {"03": D("0.00"), "05": D("0.00"), "06": D("172300000.00")}),
        (1, 3, "Proje", D("0.00"), {"03": D("0.00"), "05": D("0.00"), "06": D("0.00")}),
        (2, 1, "Sağlık Tarama", D("5000000.55"), {"03": D("5000000.55"), "05": D("0.00"), "06": D("0.00")}),
        (3, 1, "Uydurma faaliyet", D("0.45"), {"03": D("0.45")}),
    ]
    for card, seq, name, total, econ in acts:
        code, unit, page = cards[card - 1][0], cards[card - 1][1], cards[card - 1][4]
        ep.activities.append(Activity(program, code, seq, name, unit, total, D("0.00"), total, econ, page, card, unit))
    ep.stated_totals += [
        StatedTotal(program, "economic_code_table", "program", "total_resource_need", D("400000000.00"), 114),
        StatedTotal(program, "economic_code_table", "06", "total", D("200000000.00"), 114),
        StatedTotal(program, "economic_code_table", "03", "total", D("200000000.00"), 114),
    ]
    ep.reconciliation.append(ReconciliationResult(program, "program_total", "program", D("400000000.00"), D("177940001.00"), "mismatch", "114"))
    return ep


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple:
    pkg = write_package(hand_made(), tmp_path_factory.mktemp("pkg") / "kocaeli-2021")
    data = load_program(pkg)
    return data, program_tables(data, CONFIG)


def test_every_table_is_returned_with_program_first(made):
    _, t = made
    assert EXPECTED_TABLES <= set(t)
    for name, df in t.items():
        assert name.isidentifier() and name == name.lower(), name
        assert list(df.columns)[0] == "program", name
        assert set(df["program"]) <= {"kocaeli-2021"}, name


def test_money_tables_sum_exactly_to_the_activities(made):
    data, t = made
    total = money_sum(data.activities["total"])
    assert total == D("177940001.00")
    for name, col in MONEY_TABLES.items():
        assert all(isinstance(v, D) for v in t[name][col]), name
        assert money_sum(t[name][col]) == total, name
    sens = t["policy_area_sensitivity"]
    for col in ("by_theme_mapping", "by_unit_mapping", "assigned"):
        assert money_sum(sens[col]) == total, col


def test_unmapped_money_stays_visible(made):
    _, t = made
    pa = t["budget_by_policy_area"].set_index("policy_area")
    assert pa.loc["unmapped", "total"] == D("0.45") and pa.loc["unmapped", "label_tr"] == "Eşleştirilmemiş"
    assert pa.loc["health", "total"] == D("5000000.55")  # by the activity's name, inside the theme Sağlık ve Sosyal Hizmetler
    assert pa.loc["rural", "total"] == D("0") and pa.loc["rural", "activities"] == 0  # every area listed
    u = t["taxonomy_unmapped"]
    assert ("activity", "Uydurma faaliyet", "no_policy_area") in set(zip(u["item_type"], u["name"], u["issue"], strict=True))
    assert {"Uydurma Hizmetler", "Uydurma Dairesi Başkanlığı"} <= set(u["name"])


def test_indicator_tables_trace_back_to_pages(made):
    _, t = made
    a = t["indicator_ambition"]
    assert len(a) == 5 and a["page"].notna().all()
    assert list(a["policy_area"]) == ["transport"] * 3 + ["health"] * 2
    assert list(a["target_vs_baseline"]) == ["worse", "improves", "improves", "equal", "improves"]
    s = t["ambition_summary"].iloc[0]
    assert (s["baseline_zero"], s["baseline_dash"], s["gap_closure_at_bound"], s["worse_than_reached"]) == (1, 1, 1, 1)
    assert t["top_activities"]["page"].notna().all() and t["zero_budget_activities"]["page"].tolist() == [30]


def test_key_figures_are_the_numbers_of_the_tables(made):
    _, t = made
    k = t["key_figures"].set_index("measure")
    assert k.loc["total_resource_need", "value"] == D("400000000.00")
    assert k.loc["activities_total", "value"] == D("177940001.00")
    assert k.loc["activities_coverage", "value"] == D(format(177940001 / 400000000, ".6g"))
    assert k.loc["zero_budget_activities", "value"] == 1
    assert k.loc["reconciliation_mismatches", "value"] == 1
    assert k.loc["policy_area_1", "label"].endswith("Ulaşım")
    top = t["budget_concentration"].iloc[0]
    assert k.loc["top10_share", "value"] == D(format(top["top10_share"], ".6g")) == D(1)
    assert k.loc["capital_share", "value"] == D(format(172300000 / 177940001, ".6g"))
    assert k.loc["capital_share_whole_budget", "value"] == D("0.5")
    assert set(k["source_table"]) - {"stated_totals", "reconciliation"} <= set(t)  # every figure names a table we publish
    assert k["value"].map(lambda v: v is None or isinstance(v, D)).all()


def test_budget_vs_ambition_puts_money_next_to_targets(made):
    _, t = made
    b = t["budget_vs_ambition"]
    units = b[b["dimension"] == "unit"].set_index("name")
    assert units.loc["Ulaşım Dairesi Başkanlığı", "total"] == D("172940000.00")
    assert units.loc["Ulaşım Dairesi Başkanlığı", "indicators"] == 3
    assert units.loc["Ulaşım Dairesi Başkanlığı", "share_improves"] == pytest.approx(2 / 3)
    assert money_sum(units["total"]) == D("177940001.00")


def test_csv_round_trip_keeps_money_exact(made):
    _, t = made
    back = pd.read_csv(StringIO(to_csv_text(t["budget_by_unit"])), dtype=str)
    assert sum(D(v) for v in back["total"]) == D("177940001.00")
    assert "0.45" in set(back["total"])


def test_a_program_without_rows_still_gives_every_table(tmp_path):
    pkg = write_package(ExtractedProgram("bos-2021", "x.pdf", "0" * 64, "pdf", "grid"), tmp_path / "bos-2021")
    t = program_tables(load_program(pkg), CONFIG)
    assert EXPECTED_TABLES <= set(t)
    assert t["ambition_summary"].iloc[0]["indicators"] == 0
    assert t["taxonomy_unmapped"].empty  # a program with no entry of its own is normal: the shared rules apply
    assert t["policy_area_rules"].empty


def _write(tables: dict[str, pd.DataFrame], folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, df in tables.items():
        (folder / f"{name}.csv").write_text(to_csv_text(df), encoding="utf-8")
    return folder


def test_comparison_tables_side_by_side_and_robust_to_a_missing_table(made, tmp_path):
    data, t = made
    a = _write(t, tmp_path / "kocaeli-2021")
    other = hand_made("kucukcekmece-2021")
    pkg = write_package(other, tmp_path / "pkg-b")
    tb = program_tables(load_program(pkg), CONFIG)
    b = _write(tb, tmp_path / "kucukcekmece-2021")
    (b / "indicator_quality.csv").unlink()
    (b / "budget_by_policy_area.csv").unlink()
    c = comparison_tables({"kocaeli-2021": a, "kucukcekmece-2021": b, "yok-2021": tmp_path / "missing"})
    pa = c["budget_by_policy_area"]
    assert set(pa["program"]) == {"kocaeli-2021"}
    assert money_sum(pa["total"]) == D("177940001.00")
    assert list(c["indicator_quality"]["program"]) == ["kocaeli-2021"]
    assert set(c["ambition_summary"]["program"]) == {"kocaeli-2021", "kucukcekmece-2021"}
    s = c["budget_summary"].set_index("program")
    assert s.loc["kocaeli-2021", "activities_total"] == D("177940001.00")
    assert "kocaeli-2021" in c["policy_area_shares"].columns
    assert set(c["key_figures"]["program"]) == {"kocaeli-2021", "kucukcekmece-2021"}


def test_comparison_of_nothing_is_empty_not_an_error():
    c = comparison_tables({})
    assert c["budget_by_policy_area"].empty and c["budget_summary"].empty


# --------------------------------------------------------------------------- the two real programs


REAL = {
    "kocaeli-2021": ROOT / "data" / "raw" / "kocaeli-2021" / "kocaeli-2021.pdf",
    "kucukcekmece-2021": ROOT / "data" / "raw" / "kucukcekmece-2021" / "kucukcekmece-2021.pdf",
}


@pytest.fixture(scope="module", params=sorted(REAL))
def real(request) -> tuple:
    """One shipped PDF, extracted through the command line into a package (once per session, see conftest)."""
    program = request.param
    run = request.getfixturevalue({"kocaeli-2021": "kocaeli_pdf_run", "kucukcekmece-2021": "kucukcekmece_pdf_run"}[program])
    data = load_program(run["out"], program)
    return data, program_tables(data, CONFIG)


def test_real_program_has_rows_and_every_table(real):
    data, t = real
    assert len(data.activities) > 100 and len(data.indicators) > 300, data.program
    assert EXPECTED_TABLES <= set(t)
    assert len(t["indicator_ambition"]) == len(data.indicators)


def test_real_budget_tables_sum_exactly_to_the_activity_totals(real):
    data, t = real
    total = money_sum(data.activities["total"])
    assert total > 0
    for name, col in MONEY_TABLES.items():
        assert money_sum(t[name][col]) == total, name
    units = t["budget_vs_ambition"][t["budget_vs_ambition"]["dimension"] == "unit"]
    assert money_sum(units["total"]) == total


def test_real_program_is_mapped_completely(real):
    data, t = real
    u = t["taxonomy_unmapped"]
    assert u.empty, u.to_string()
    assert set(t["activity_policy_areas"]["policy_area"]) <= set(t["budget_by_policy_area"]["policy_area"]) - {"unmapped"}


def test_real_indicators_each_have_a_direction_a_rule_and_a_page(real):
    _, t = real
    a = t["indicator_ambition"]
    assert a["direction"].isin(["higher", "lower", "neutral"]).all()
    assert (a["direction_rule"] != "").all() and (a["nature_rule"] != "").all()
    assert a["page"].notna().all()
    s = t["ambition_summary"].iloc[0]
    assert s["direction_lower"] > 10  # durations exist in both documents
    assert s["comparable"] > len(a) / 3


def test_real_activities_trace_back_to_pages(real):
    _, t = real
    assert t["activity_policy_areas"]["page"].notna().all()
    assert t["top_activities"]["page"].notna().all()
