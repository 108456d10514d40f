"""Policy areas: one set of rules for every program, judged against a hand-labelled evaluation set.

- Agreement with tests/fixtures/policy_areas/<program>.csv (every activity of the two shipped programs labelled
  by hand with an area and a reason, independent of the rules): >= 95 % of money and >= 90 % of activities.
- The same document under another id gets identical shares (the id changes nothing).
- Robustness variants made by scripts/make_policy_area_variants.py on the extracted tables: units renamed to
  other standard forms, themes removed, themes renamed, unit names missing: every area's share within
  3 points of the original.
- data/taxonomy.yml's per-program sections hold only logged corrections; the COFOG crosswalk covers every area.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.analyse import budget as bud
from analysis.analyse.data import load_program
from analysis.analyse.taxonomy import TaxonomyError, assign_policy_areas, load_taxonomy, parse_taxonomy
from analysis.core.package import write_package
from analysis.extract import extract_file

from .many import ROOT, TEXT_EDITIONS
from .policy_eval import SHIPPED, agreement, load_labels

CONFIG = ROOT / "data"
SCRIPT = ROOT / "scripts" / "make_policy_area_variants.py"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(CONFIG / "taxonomy.yml")


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    """Each shipped program extracted from its text edition into a tmp folder (the checkout is never written)."""
    folder = tmp_path_factory.mktemp("policy")
    return {p: write_package(extract_file(ROOT / TEXT_EDITIONS[p], p), folder / p) for p in SHIPPED}


def _classify(package: Path, program: str, taxonomy) -> pd.DataFrame:
    data = load_program(package, program)
    return assign_policy_areas(bud.activity_frame(data.activities, data.performance_targets), taxonomy, program)


def _shares(frame: pd.DataFrame) -> dict[str, float]:
    """Percentage of the activities' money per area (computed here, apart from the analysis tables)."""
    money = [v if isinstance(v, Decimal) else Decimal(0) for v in frame["total"]]
    grand = sum(money, Decimal(0))
    out: dict[str, Decimal] = {}
    for area, v in zip(frame["policy_area"], money, strict=True):
        out[area] = out.get(area, Decimal(0)) + v
    return {a: float(v / grand * 100) for a, v in out.items()}


def _worst(a: dict[str, float], b: dict[str, float]) -> tuple[str, float]:
    return max(((k, abs(a.get(k, 0.0) - b.get(k, 0.0))) for k in set(a) | set(b)), key=lambda kv: kv[1])


# --------------------------------------------------------------------------- the evaluation set


def test_the_evaluation_set_labels_at_least_400_activities_with_a_known_area_and_a_reason(taxonomy, packages):
    total = 0
    for program in SHIPPED:
        labels = load_labels(program)
        acts = load_program(packages[program], program).activities
        keys = set(zip(acts["ph_code"], acts["seq"].map(lambda v: str(int(v))), strict=True))
        assert set(zip(labels["ph_code"], labels["seq"], strict=True)) <= keys, program  # every label is a real activity
        assert not labels.duplicated(["ph_code", "seq"]).any()
        assert set(labels["area"]) <= set(taxonomy.area_ids), set(labels["area"]) - set(taxonomy.area_ids)
        assert labels["reason"].str.strip().str.len().gt(5).all()
        total += len(labels)
    assert total >= 400


@pytest.mark.parametrize("program", SHIPPED)
def test_the_rules_agree_with_the_hand_labels_on_95_percent_of_money_and_90_percent_of_activities(program, taxonomy, packages):
    result = agreement(_classify(packages[program], program, taxonomy), load_labels(program))
    report = "\n".join(result.lines())
    print(f"\n{program}: {report}")  # the full list of disagreements, shown with -s
    assert result.activities == len(load_labels(program))
    assert result.agree_money >= 0.95, report
    assert result.agree_count >= 0.90, report


def test_the_agreement_report_lists_every_disagreement():
    labels = pd.DataFrame({"ph_code": ["A", "B"], "seq": ["1", "1"], "name": ["x", "y"], "area": ["transport", "health"], "reason": ["r", "r"]})
    frame = pd.DataFrame({"ph_code": ["A", "B"], "seq": [1, 1], "total": [Decimal("30"), Decimal("10")], "policy_area": ["transport", "culture"],
                          "policy_area_basis": ["name", "unit"], "policy_area_rule": ["r1", "r2"], "policy_area_evidence": ["e1", "e2"]})
    result = agreement(frame, labels)
    assert (result.agree_money, result.agree_count) == (0.75, 0.5)
    assert list(result.disagreements["ph_code"]) == ["B"] and "labelled health, assigned culture" in result.lines()[1]


# --------------------------------------------------------------------------- the same rules under any name


def _variant_shares(program: str, packages: dict[str, Path], taxonomy, tmp_path: Path) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    out = tmp_path / "variants"
    run = subprocess.run([sys.executable, str(SCRIPT), str(packages[program]), "--out", str(out)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    base = _shares(_classify(packages[program], program, taxonomy))
    variants = {}
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        frame = _classify(folder, f"{folder.name}-{program}", taxonomy)
        assert len(frame) == len(_classify(packages[program], program, taxonomy))  # same rows, only names changed
        variants[folder.name] = _shares(frame)
    return base, variants


@pytest.mark.parametrize("program", SHIPPED)
def test_a_copy_under_a_new_id_and_renamed_or_missing_names_keep_every_share(program, packages, taxonomy, tmp_path):
    base, variants = _variant_shares(program, packages, taxonomy, tmp_path)
    assert set(variants) == {"copy", "units-renamed", "no-themes", "themes-renamed", "no-units"}
    assert variants["copy"] == base  # identical, so within 0.5 points
    for name in ("units-renamed", "no-themes", "themes-renamed", "no-units"):
        area, diff = _worst(variants[name], base)
        assert diff <= 3.0, f"{program} {name}: {area} moved {diff:.2f} points"
    assert base.get("unmapped", 0.0) == 0.0


def test_the_variant_script_renames_units_to_other_standard_forms(packages, tmp_path):
    run = subprocess.run([sys.executable, str(SCRIPT), str(packages["kocaeli-2021"]), "--out", str(tmp_path), "--only", "units-renamed", "no-themes"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    acts = pd.read_csv(tmp_path / "units-renamed" / "activities.csv", dtype=str, keep_default_na=False)
    assert "Altyapı ve Yol Hizmetleri Müdürlüğü" in set(acts["unit"]) and "Fen İşleri Dairesi Başkanlığı" not in set(acts["unit"])
    assert set(acts["program"]) == {"units-renamed-kocaeli-2021"}
    cards = pd.read_csv(tmp_path / "no-themes" / "performance_targets.csv", dtype=str, keep_default_na=False)
    assert set(cards["theme"]) == {""}
    bad = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "nowhere"), "--out", str(tmp_path / "x")], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_the_unit_keyword_no_longer_overrides_the_name_and_the_theme(taxonomy):
    """The issue's case: Fen İşleri printed as "Altyapı ve Yol Hizmetleri" (unit keyword `altyapı`), a road activity."""
    frame = pd.DataFrame({"ph_code": ["KE/PH.1.1.2"], "seq": [1], "name": ["Yol Köprü ve Kavşak İmalatlarının Yapımı"],
                          "ph_text": ["Yayaların erişim ve hareketliliğini merkeze alan karayolu altyapısı oluşturmak."],
                          "theme": ["Ulaşım Hizmetleri"], "unit_key": ["Kent Planlama ve Altyapı Dairesi Başkanlığı"], "total": [Decimal("5")]})
    for program in ("kocaeli-2021", "a-program-never-seen"):
        out = assign_policy_areas(frame, taxonomy, program).iloc[0]
        assert (out["policy_area"], out["policy_area_basis"], out["cofog"]) == ("transport", "name", "04.5")
        assert out["policy_area_confidence"] in ("high", "medium") and "unit=urban_planning" in out["policy_area_evidence"]


# --------------------------------------------------------------------------- the file


def test_per_program_sections_hold_only_logged_corrections(taxonomy):
    for prog in taxonomy.programs.values():
        assert not (prog.basis or prog.themes or prog.units or prog.ph_overrides), prog.program
        assert all(str(o.get("note", "")).strip() for o in prog.activity_overrides), prog.program
    areas = [{"id": "transport"}, {"id": "culture"}]
    for section in ({"units": {"Fen İşleri Müdürlüğü": "culture"}}, {"basis": "theme"}, {"themes": {"X": "culture"}},
                    {"corrections": [{"ph_code": "A", "seq": 1, "area": "culture"}]}):  # a correction needs its note
        with pytest.raises(TaxonomyError):
            parse_taxonomy({"policy_areas": areas, "programs": {"p": section}})
    ok = parse_taxonomy({"policy_areas": areas, "programs": {"p": {"corrections": [{"ph_code": "A", "seq": 1, "area": "culture", "note": "misprinted code"}]}}})
    frame = pd.DataFrame({"ph_code": ["A", "A"], "seq": [1, 2], "name": ["Yol", "Yol"], "theme": ["", ""], "unit_key": ["", ""], "total": [Decimal("1")] * 2})
    out = assign_policy_areas(frame, ok, "p")
    assert list(out["policy_area"]) == ["culture", "unmapped"] and list(out["policy_area_basis"]) == ["correction", "none"]


def test_every_area_names_its_cofog_division_or_group_in_turkish_and_english(taxonomy):
    cw = taxonomy.crosswalk_table()
    assert set(cw.loc[cw["role"] == "primary", "policy_area"]) == set(taxonomy.area_ids)
    expected = {"transport": "04.5", "environment": "05", "urban_planning": "06", "social_support": "10", "administration": "01", "health": "07"}
    assert {a: taxonomy.cofog(a) for a in expected} == expected  # the UN COFOG codes the issue names
    assert cw["cofog_tr"].str.len().gt(3).all() and cw["cofog_en"].str.len().gt(3).all()


def test_a_broken_crosswalk_fails_with_one_line_naming_the_file(tmp_path):
    (tmp_path / "taxonomy.yml").write_text("policy_areas: [{id: transport}, {id: culture}]\n", encoding="utf-8")
    (tmp_path / "cofog_crosswalk.csv").write_text("policy_area,cofog,level,role,cofog_tr,cofog_en,note\ntransport,4.5,group,primary,a,b,\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(tmp_path / "taxonomy.yml")
    msg = str(err.value)
    assert "cofog_crosswalk.csv" in msg and "4.5" in msg and "culture" in msg and "\n" not in msg


def test_the_gap_report_suggests_shared_rules_that_parse_and_apply_to_every_program():
    from analysis.intake.suggest import Suggestion, taxonomy_block

    block = taxonomy_block("yeni-2023", [Suggestion("Yeni Yollar Müdürlüğü", "unit", "transport", "keyword rule: 'yol'"),
                                         Suggestion("Yaşayan Şehir", "theme", "environment", "nearest known name"),
                                         Suggestion("Garip Birim", "unit", None, "no rule applies")])
    lines = block.splitlines()
    units = [ln for ln in lines if "names:" in ln and not ln.lstrip().startswith("#")]
    words = [ln for ln in lines if "words:" in ln and not ln.lstrip().startswith("#")]
    assert len(units) == 1 and len(words) == 1 and any("Garip Birim" in ln and ln.lstrip().startswith("#") for ln in lines)
    yaml_doc = "policy_areas: [{id: transport}, {id: environment}]\nshared:\n  unit_suffixes: [Müdürlüğü]\n  units:\n" + units[0] + "\n  keywords:\n" + words[0] + "\n"
    tax = parse_taxonomy(yaml.safe_load(yaml_doc))  # pasted under `shared:`, the groups are valid rules
    assert tax.shared.unit_rule("Yeni Yollar Müdürlüğü").area == "transport" and tax.theme_rule("any-program", "Yaşayan Şehir").area == "environment"
