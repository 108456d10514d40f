"""Programs never seen before: the shared policy-area rules map them with no entry of their own.

Each shipped program's text edition is extracted three ways: under its own id, as a copy under a new id (no
entry in data/taxonomy.yml), and as a copy whose units are re-named to other standard forms (`Dairesi Başkanlığı`
-> `Müdürlüğü`, the municipality's name added, `Hizmetleri` dropped, ...; see tests/many.py). The copies must map
at least 90 % of their money, and the renamed copy must land every lira in the same area as the plain copy. The
shipped programs get exactly the areas of their copies: one set of rules for every program (their agreement
with the hand-labelled evaluation set is tests/test_policy_area_eval.py).
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from analysis.analyse.common import money_sum
from analysis.analyse.data import load_program
from analysis.analyse.measures import program_tables
from analysis.analyse.taxonomy import load_taxonomy
from analysis.core.package import write_package
from analysis.extract import extract_file

from .many import RENAMES, ROOT, TEXT_EDITIONS, renamed_text

CONFIG = ROOT / "data"


def _tables(source: Path, program: str, folder: Path) -> tuple:
    pkg = write_package(extract_file(source, program), folder / program)
    data = load_program(pkg, program)
    return data, program_tables(data, CONFIG)


@pytest.fixture(scope="module", params=sorted(TEXT_EDITIONS))
def three(request, tmp_path_factory) -> dict:
    """One shipped program: as itself, as a copy under a new id, as a renamed copy under another id."""
    base = request.param
    folder = tmp_path_factory.mktemp(base)
    source = ROOT / TEXT_EDITIONS[base]
    renamed = folder / f"renamed{source.suffix}"
    renamed.write_text(renamed_text(source.read_text(encoding="utf-8"), RENAMES[base]), encoding="utf-8")
    return {
        "base": base,
        "shipped": _tables(source, base, folder),
        "copy": _tables(source, f"yeni-{base}", folder),
        "renamed": _tables(renamed, f"adlari-degismis-{base}", folder),
    }


def _mapped_share(t: dict) -> D:
    acts = t["activity_policy_areas"]
    return money_sum(acts.loc[acts["policy_area"] != "unmapped", "total"]) / money_sum(acts["total"])


def _area_totals(t: dict) -> dict[str, D]:
    return {r.policy_area: r.total for r in t["budget_by_policy_area"].itertuples() if r.total}


def test_a_copy_under_a_new_id_maps_at_least_90_percent_of_its_money(three):
    _, t = three["copy"]
    assert "yeni-" + three["base"] not in load_taxonomy(CONFIG / "taxonomy.yml").programs
    assert _mapped_share(t) >= D("0.9"), t["policy_area_rules"].to_string()
    rules = t["policy_area_rules"]
    assert set(rules["policy_area_source"]) <= {"shared", "unmapped"}  # nothing of the original's overrides


def test_a_copy_with_units_renamed_to_other_standard_forms_maps_the_same(three):
    data, t = three["renamed"]
    copy_data, copy_t = three["copy"]
    # the renamed document is read as fully as the original: same rows, same money, same contradictions
    assert len(data.activities) == len(copy_data.activities)
    assert money_sum(data.activities["total"]) == money_sum(copy_data.activities["total"])
    assert (data.reconciliation["status"] == "mismatch").sum() == (copy_data.reconciliation["status"] == "mismatch").sum()
    renamed_units = set(data.activities["unit_canonical"].where(data.activities["unit_canonical"] != "", data.activities["unit"]))
    assert any("Müdürlüğü" in u for u in renamed_units) and any("Başkanlığı" in u for u in renamed_units)
    assert _mapped_share(t) >= D("0.9")
    assert _area_totals(t) == _area_totals(copy_t)


def test_the_shipped_programs_get_the_areas_of_their_copies(three):
    """The same document under its own id and under a new one: the same area, basis and confidence for every activity."""
    _, t = three["shipped"]
    _, copy_t = three["copy"]
    cols = ["ph_code", "seq", "policy_area", "cofog", "policy_area_basis", "policy_area_confidence", "policy_area_rule"]
    assert t["activity_policy_areas"][cols].equals(copy_t["activity_policy_areas"][cols])
    assert t["taxonomy_unmapped"].empty, t["taxonomy_unmapped"].to_string()


def test_every_activity_says_how_its_area_was_decided(three):
    for key in ("shipped", "copy", "renamed"):
        data, t = three[key]
        acts = t["activity_policy_areas"]
        assert set(acts["policy_area_source"]) <= {"override", "shared", "unmapped"}
        rules = t["policy_area_rules"]
        assert money_sum(rules["total"]) == money_sum(data.activities["total"])
        assert rules["activities"].sum() == len(acts)
        k = t["key_figures"].set_index("measure")["value"]
        parts = [k[f"policy_area_{s}_share"] for s in ("shared", "override", "unmapped")]
        assert abs(sum(parts) - 1) < D("0.00001")
