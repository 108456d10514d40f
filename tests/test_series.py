"""A municipality's programs read as a series (issue 27): matching across years, statuses, the stage, the catalog key.

The series is synthetic: scripts/make_series.py writes Güneykent 2021-2023 (no such municipality) from the
Kuzeykent test document with planned drift, and writes its truth from its own plan (which indicator became
which, and what each 2021 target must come to); the matcher never sees the truth. The same plan is printed
twice: in the grid layout (whole site built, `series_built`) and in three other layouts (`series_mixed`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.analyse.matching import Item, match
from analysis.analyse.series import groups, series_tables, status
from analysis.core.catalog import load_catalog, read_catalog

pytestmark = pytest.mark.slow

PAIRS = [("2021", "2022"), ("2022", "2023"), ("2021", "2023")]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _codes(root: Path, truth: dict) -> dict[tuple[str, str, int], str]:
    """(program, ph_code, seq) -> indicator_code as extracted: where the truth's printed positions landed."""
    out = {}
    for pid in truth["programs"]:
        ind = _read(root / "data" / "extracted" / pid / "indicators.csv")
        out.update({(pid, r.ph_code, int(r.seq)): r.indicator_code for r in ind.itertuples()})
    return out


def _true_pairs(truth: dict, kind: str, a: str, b: str, code: dict | None) -> set[tuple[str, str]]:
    """The pairs the plan says are one item in years a and b (codes as extracted for indicators)."""
    slug, out = truth["slug"], set()
    items = {"indicator": truth["indicators"], "performance_target": truth["performance_targets"], "activity": truth["activities"]}[kind]
    for t in items:
        pa, pb = t["printed"].get(a), t["printed"].get(b)
        if not pa or not pb:
            continue
        if kind == "indicator":
            out.add((code[(f"{slug}-{a}", pa["ph_code"], pa["seq"])], code[(f"{slug}-{b}", pb["ph_code"], pb["seq"])]))
        elif kind == "performance_target":
            out.add((pa["ph_code"], pb["ph_code"]))
        else:
            out.add((f"{pa['ph_code']}#{pa['seq']}", f"{pb['ph_code']}#{pb['seq']}"))
    return out


SERIES = {"grid": "series_built", "mixed": "series_mixed", "units": "series_units", "switch": "series_switch"}
"""The same plan printed four ways: guide forms (grid; three other form layouts), the unit-table family every year,
and a municipality that switches family (forms 2021, unit tables 2022, forms 2023). See tests/conftest.py."""


@pytest.fixture(scope="module", params=list(SERIES))
def series(request) -> tuple[Path, dict, str]:
    root, truth = request.getfixturevalue(SERIES[request.param])
    return root, truth, request.param


@pytest.mark.parametrize("kind", ["indicator", "performance_target", "activity"])
def test_items_are_matched_across_years(series, kind):
    """>= 95 % of the true pairs found, <= 2 % of the pairs found false, for every pair of programs compared."""
    root, truth, _ = series
    matches = _read(root / "data" / "analysis" / "_series" / "series_matches.csv")
    code = _codes(root, truth)
    slug = truth["slug"]
    for a, b in PAIRS:
        true = _true_pairs(truth, kind, a, b, code)
        m = matches[(matches["item"] == kind) & (matches["from_program"] == f"{slug}-{a}") & (matches["to_program"] == f"{slug}-{b}")]
        found = {(r.from_code, r.to_code) for r in m[m["outcome"] == "matched"].itertuples()}
        assert len(true) > 50
        assert len(found & true) / len(true) >= 0.95, f"{kind} {a}->{b}: {len(found & true)} of {len(true)} true pairs found"
        assert len(found - true) <= 0.02 * len(found), f"{kind} {a}->{b}: false pairs {sorted(found - true)[:5]}"
        assert set(m.loc[m["outcome"] == "matched", "method"]) <= {"code", "name"}
        assert m.loc[m["outcome"] == "matched", "score"].astype(float).between(0, 100).all()


def test_every_indicator_without_a_partner_is_listed(series):
    """An indicator the plan drops (or adds) is listed as unmatched or ambiguous, never paired silently."""
    root, truth, _ = series
    matches = _read(root / "data" / "analysis" / "_series" / "series_matches.csv")
    code, slug = _codes(root, truth), truth["slug"]
    for a, b in PAIRS[:2]:
        m = matches[(matches["item"] == "indicator") & (matches["from_program"] == f"{slug}-{a}") & (matches["to_program"] == f"{slug}-{b}")]
        listed_from = set(m.loc[m["outcome"].isin(["unmatched_from", "ambiguous"]), "from_code"])
        listed_to = set(m.loc[m["outcome"].isin(["unmatched_to", "ambiguous"]), "to_code"])
        gone = {code[(f"{slug}-{a}", t["printed"][a]["ph_code"], t["printed"][a]["seq"])] for t in truth["indicators"] if a in t["printed"] and b not in t["printed"]}
        new = {code[(f"{slug}-{b}", t["printed"][b]["ph_code"], t["printed"][b]["seq"])] for t in truth["indicators"] if b in t["printed"] and a not in t["printed"]}
        assert gone and new
        assert gone <= listed_from, f"{a}->{b}: not listed {sorted(gone - listed_from)}"
        assert new <= listed_to, f"{a}->{b}: not listed {sorted(new - listed_to)}"


def _delivery_by_truth(root: Path, truth: dict) -> dict[str, dict]:
    """The 2021 program's delivery rows, by the truth's indicator id."""
    code, slug = _codes(root, truth), truth["slug"]
    d = _read(root / "data" / "analysis" / "_series" / "series_delivery.csv")
    rows = {(r["program"], r["indicator_code"]): r for r in d.to_dict("records")}
    out = {}
    for t in truth["indicators"]:
        if "2021" in t["printed"]:
            p = t["printed"]["2021"]
            out[t["id"]] = rows[(f"{slug}-2021", code[(f"{slug}-2021", p["ph_code"], p["seq"])])]
    return out


def test_statuses_are_exact(series):
    """Every 2021 target gets the status the plan gave it, with the printed target, first estimate and actual."""
    root, truth, _ = series
    rows = _delivery_by_truth(root, truth)
    wrong = []
    for t in truth["indicators"]:
        if t["id"] not in rows:
            continue
        r, want = rows[t["id"]], t["statuses"]["2021"]
        if r["status"] != want["status"]:
            wrong.append(f"{t['id']} {t['printed']['2021']['name']!r}: {r['status']} (plan: {want['status']})")
            continue
        assert r["target_raw"] == want["target_raw"]
        if want["status"] in ("met", "partly_met", "missed", "not_reported"):
            assert r["actual_raw"] == want["actual_raw"] and r["estimate_raw"] == want["estimate_raw"], t["id"]
    assert not wrong, "\n".join(wrong[:20])
    counts = pd.Series([r["status"] for r in rows.values()]).value_counts()
    assert {"met", "partly_met", "missed", "not_reported", "dropped"} <= set(counts.index)


def test_later_targets_are_pending_and_revisions_are_actual_minus_estimate(series):
    root, truth, _ = series
    d = _read(root / "data" / "analysis" / "_series" / "series_delivery.csv")
    slug = truth["slug"]
    later = d[d["program"] != f"{slug}-2021"]
    assert len(later) > 400 and set(later["status"]) == {"pending"}
    rows = _delivery_by_truth(root, truth)
    revised = 0
    for t in truth["indicators"]:
        r, want = rows.get(t["id"]), t["statuses"].get("2021", {})
        if r is None or want.get("status") not in ("met", "partly_met", "missed"):
            continue
        est, act = (Decimal(x.replace(".", "").replace(",", ".")) for x in (want["estimate_raw"], want["actual_raw"]))
        assert Decimal(r["revision"]) == act - est, t["id"]
        revised += est != act
    assert revised >= 10


def test_dropped_after_a_shortfall_are_the_dropped_ones_whose_estimate_fell_short(series):
    root, truth, _ = series
    rows = _delivery_by_truth(root, truth)
    flagged = {i for i, r in rows.items() if r["dropped_after_shortfall"] == "True"}
    plan = {t["id"]: t for t in truth["indicators"]}
    assert flagged
    for i in flagged:
        assert plan[i]["statuses"]["2021"]["status"] == "dropped" and plan[i]["statuses"]["2021"]["estimate_raw"] is not None


def test_two_layouts_give_the_same_series(series_built, series_mixed):
    """The same plan printed in other layouts (one without the unit column) gives the same statuses."""
    grid = {i: r["status"] for i, r in _delivery_by_truth(*series_built).items()}
    mixed = {i: r["status"] for i, r in _delivery_by_truth(*series_mixed).items()}
    assert grid == mixed
    a = _read(series_built[0] / "data/analysis/_series/series_delivery_summary.csv")
    b = _read(series_mixed[0] / "data/analysis/_series/series_delivery_summary.csv")
    cols = ["dimension", "group", "met", "partly_met", "missed", "dropped", "delivery_rate"]
    assert a[a["dimension"] == "program"][cols].reset_index(drop=True).equals(b[b["dimension"] == "program"][cols].reset_index(drop=True))


@pytest.mark.parametrize("other", ["series_units", "series_switch"])
def test_two_layout_families_give_the_same_series(series_built, other, request):
    """The same plan printed in the unit-table family (every year, or only 2022 between two forms years) gives the
    same statuses, summary and catalog layouts as the forms. The unit tables carry everything the series compares
    (PH codes and texts, indicator names, units and the three values, activities and their money); they print no
    indicator or activity numbers, so the reader numbers them in printed order, which is what the plan's `seq` is."""
    root, truth = request.getfixturevalue(other)
    grid = {i: r["status"] for i, r in _delivery_by_truth(*series_built).items()}
    assert grid == {i: r["status"] for i, r in _delivery_by_truth(root, truth).items()}
    a = _read(series_built[0] / "data/analysis/_series/series_delivery_summary.csv")
    b = _read(root / "data/analysis/_series/series_delivery_summary.csv")
    cols = ["dimension", "group", "met", "partly_met", "missed", "dropped", "delivery_rate"]
    assert a[a["dimension"] == "program"][cols].reset_index(drop=True).equals(b[b["dimension"] == "program"][cols].reset_index(drop=True))
    layouts = {p.id: p.layout for p in load_catalog(root)}
    want = {pid: "unit_tables" if info["layout"].startswith("units:") else "guide_forms" for pid, info in truth["programs"].items()}
    assert layouts == want and "unit_tables" in want.values()


def test_delivery_summary_adds_up_and_reaches_the_comparison(series_built):
    root, truth = series_built
    s = _read(root / "data/analysis/_series/series_delivery_summary.csv")
    first = s[(s["dimension"] == "program") & (s["group"] == "guneykent-2021")].iloc[0]
    plan = pd.Series([t["statuses"]["2021"]["status"] for t in truth["indicators"] if "2021" in t["printed"]]).value_counts()
    for st in ("met", "partly_met", "missed", "not_reported", "dropped"):
        assert int(first[st]) == int(plan.get(st, 0)), st
    judged = plan.get("met", 0) + plan.get("partly_met", 0) + plan.get("missed", 0)
    assert float(first["delivery_rate"]) == pytest.approx(plan["met"] / judged, abs=1e-6)
    for dim in ("policy_area", "unit"):
        part = s[s["dimension"] == dim]
        for st in ("met", "missed", "dropped", "pending"):
            assert part[st].astype(int).sum() == s[s["dimension"] == "series"][st].astype(int).iloc[0], (dim, st)
    summary = _read(root / "data/analysis/_comparison/program_summary.csv").set_index("program")
    assert float(summary.loc["guneykent-2021", "delivery_rate"]) == pytest.approx(float(first["delivery_rate"]))
    assert summary.loc["guneykent-2022", "delivery_rate"] == ""  # its targets are reported in 2024: not yet in the series


def test_the_series_stage_is_cached_and_a_broken_program_stops_no_other(series_mixed, tmp_path):
    from tests.conftest import _run_stages

    root, truth = series_mixed
    again = _run_stages(root, "analyse")
    assert "series" not in again  # nothing changed: the stage is up to date (quietly)
    env = {k: v for k, v in os.environ.items() if k != "PERFORMANS_ROOT"}
    status = subprocess.run([sys.executable, "-m", "analysis", "status"], cwd=root, capture_output=True, text=True, env=env).stdout
    assert any(line.startswith("series") and "fresh" in line for line in status.splitlines()), status
    # one program's analysis unreadable: the series goes on with the two others (2021 -> 2023 matched directly)
    analysis, extracted = tmp_path / "analysis", root / "data" / "extracted"
    shutil.copytree(root / "data" / "analysis", analysis)
    (analysis / "guneykent-2022" / "indicator_ambition.csv").unlink()
    programs = load_catalog(root)
    tables, problems = series_tables(programs, analysis, extracted)
    assert len(problems) == 1 and "guneykent-2022" in problems[0]
    d = tables["series_delivery"]
    first = d[d["program"] == "guneykent-2021"]
    assert set(first["estimate_program"]) == {None} and (first["status"] == "met").sum() >= 100


def test_status_rules_by_hand():
    assert status("higher", Decimal(10), Decimal(10)) == "met"
    assert status("higher", Decimal(10), Decimal(5)) == "partly_met"
    assert status("higher", Decimal(10), Decimal("4.9")) == "missed"
    assert status("lower", Decimal(10), Decimal(10)) == "met"
    assert status("lower", Decimal(10), Decimal(15)) == "partly_met"
    assert status("lower", Decimal(10), Decimal("15.1")) == "missed"
    assert status("lower", Decimal(0), Decimal(1)) == "missed"


def test_matching_never_pairs_by_code_alone_and_lists_what_is_unclear():
    a = [Item("PH1#1", "Yapılan park sayısı", "Adet"), Item("PH1#2", "Ağaçlandırılan alan", "Hektar"), Item("PH2#1", "Kreş sayısı", "Adet")]
    b = [Item("PH1#1", "Düzenlenen festival sayısı", "Adet"), Item("PH3#1", "Yapılan park sayısı", "Adet"),
         Item("PH9#1", "Kreş sayısı", "Adet"), Item("PH9#2", "Kreş sayısı", "Adet")]  # fmt: skip
    m = match(a, b)
    pairs = {(p.a, p.b, p.method) for p in m.pairs}
    assert pairs == {(0, 1, "name")}  # same code PH1#1 names another indicator: not a pair
    assert 2 in m.ambiguous_a and {k for k, _ in m.ambiguous_a[2]} == {2, 3}  # two identical candidates: listed, not guessed
    assert 1 in m.unmatched_a and 0 in m.unmatched_b


def test_series_key_in_the_catalog(tmp_path):
    raw = tmp_path / "data" / "raw"
    entries = []
    for pid, extra in (("akcay-2021", {}), ("akcay-2022", {}), ("akcay-merkez-2022", {"series": "akcay"}), ("bad-2022", {"series": "Akçay!"})):
        (raw / pid).mkdir(parents=True)
        (raw / pid / "a.pdf").write_bytes(b"%PDF-1.4")
        entries.append({"id": pid, "municipality": "Akçay Belediyesi", "kind": "district", "province": "Sentetik", "year": int(pid[-4:]),
                        "layout": "grid", "files": [{"path": f"data/raw/{pid}/a.pdf", "edition": "pdf", "sha256": "0" * 64}], **extra})
    (tmp_path / "data" / "catalog.yml").write_text(yaml.safe_dump({"programs": entries}), encoding="utf-8")
    catalog = read_catalog(tmp_path)
    assert [p.label for p in catalog.problems] == ["catalog entry #4 (bad-2022)"] and "series" in str(catalog.problems[0])
    keys = {p.id: p.series_key for p in catalog.programs}
    assert keys == {"akcay-2021": "akcay", "akcay-2022": "akcay", "akcay-merkez-2022": "akcay"}
    assert {k: [p.id for p in v] for k, v in groups(catalog.programs).items()} == {"akcay": ["akcay-2021", "akcay-2022"]}  # one program per year


def test_the_shipped_catalog_has_no_series(project_root):
    assert groups(load_catalog(project_root)) == {}


def test_adding_a_second_year_joins_the_series(tmp_path):
    """`add` of another year of a municipality in the catalog: it says so, and the catalog then holds a series."""
    from tests.test_add import ROOT, run_add, small_project

    root = small_project(tmp_path)
    doc = ROOT / "tests/fixtures/kuzeykent-2022/kuzeykent-2022.pdf"  # synthetic: stands in for Kocaeli's next program here
    result = run_add(root, str(doc), "--municipality", "Kocaeli Büyükşehir Belediyesi", "--year", "2022", "--province", "Kocaeli")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "series: joins kocaeli (2021, 2022)" in result.stdout
    found = groups(load_catalog(root))
    assert {k: [p.id for p in v] for k, v in found.items()} == {"kocaeli": ["kocaeli-2021", "kocaeli-2022"]}
