"""Programs side by side and within their peer group: one row per program, medians per group, ranks in group.

Three hand-made programs (two districts, one metropolitan) written as the analysis CSVs the compare stage
reads; every expected value below is worked out by hand from those few numbers.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest

from analysis.analyse.measures import comparison_tables

PROGRAMS = {
    # id: (kind, province, total need, mismatches, {area: (total, share)}, share_improves, comparable, unmapped share)
    "a-2021": ("district", "İstanbul", "100.00", 3, {"transport": ("10.00", 0.1), "culture": ("90.00", 0.9)}, 0.5, 10, 0.0),
    "b-2021": ("district", "Ankara", "300.00", 7, {"transport": ("30.00", 0.3), "administration": ("70.00", 0.7)}, 0.25, 8, 0.1),
    "c-2021": ("metropolitan", "İzmir", "1000.00", 0, {"transport": ("500.00", 0.5), "environment": ("500.00", 0.5)}, None, 0, 0.0),
}
LABELS = {"transport": "Ulaşım", "culture": "Kültür", "administration": "Yönetim", "environment": "Çevre"}


def _write(folder: Path, name: str, rows: list[dict]) -> None:
    pd.DataFrame(rows).to_csv(folder / f"{name}.csv", index=False)


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    dirs = {}
    for prog, (kind, province, total, mism, areas, improves, comparable, unmapped) in PROGRAMS.items():
        folder = tmp_path_factory.mktemp(prog)
        _write(folder, "overview", [{"program": prog, "municipality": f"{prog} Belediyesi", "short_name": prog[0].upper(), "kind": kind, "province": province,
                                     "year": 2021, "total_resource_need": total, "activities_total": "100.00", "activities": 2, "indicators": 3,
                                     "reconciliation_checks": 10, "reconciliation_mismatches": mism}])
        _write(folder, "budget_by_policy_area", [{"program": prog, "policy_area": a, "label_tr": LABELS[a], "label_en": a, "activities": 1, "total": t, "share": s, "rank": i + 1}
                                                 for i, (a, (t, s)) in enumerate(sorted(areas.items(), key=lambda kv: -kv[1][1]))])
        _write(folder, "ambition_summary", [{"program": prog, "indicators": 3, "comparable": comparable, "share_improves": "" if improves is None else improves,
                                             "share_worse_than_reached": ""}])
        _write(folder, "key_figures", [{"program": prog, "measure": "policy_area_unmapped_share", "value": unmapped},
                                       {"program": prog, "measure": "policy_area_shared_share", "value": 1 - unmapped}])
        dirs[prog] = folder
    return comparison_tables(dirs)


def test_one_row_per_program_with_its_headline_measures(tables):
    s = tables["program_summary"].set_index("program")
    assert list(s.index) == ["a-2021", "b-2021", "c-2021"]
    assert s.loc["b-2021", "total_resource_need"] == D("300.00") and s.loc["b-2021", "transport_total"] == D("30.00")
    assert s.loc["b-2021", "transport_share"] == pytest.approx(0.3)  # of the money tied to activities (as the program's table says)
    assert s.loc["b-2021", "transport_share_of_budget"] == pytest.approx(0.1)  # 30 of the whole budget of 300
    assert s.loc["c-2021", "transport_share_of_budget"] == pytest.approx(0.5)  # 500 of 1000
    assert (s.loc["a-2021", "largest_area"], s.loc["a-2021", "largest_area_label"]) == ("culture", "Kültür")
    assert s.loc["b-2021", "mapped_share"] == pytest.approx(0.9)
    assert s.loc["c-2021", "reconciliation_mismatches"] == 0 and pd.isna(s.loc["c-2021", "share_improves"])


def test_ranks_are_within_the_peer_group(tables):
    s = tables["program_summary"].set_index("program")
    assert list(s["peers"]) == [2, 2, 1]
    # among the two districts b is bigger, spends a larger share on transport, improves fewer targets, contradicts itself more
    assert list(s["total_rank_in_group"]) == [2, 1, 1]
    # ranked on the whole budget: a 10 of 100 and b 30 of 300 are both 10 %, so they share the first rank
    assert list(s["transport_rank_in_group"]) == [1, 1, 1]
    assert list(s["improves_rank_in_group"].iloc[:2]) == [1, 2] and pd.isna(s.loc["c-2021", "improves_rank_in_group"])
    assert list(s["mismatches_rank_in_group"]) == [2, 1, 1]


def test_peer_groups_give_medians_and_extremes_per_area(tables):
    g = tables["peer_groups"].set_index(["peer_group", "policy_area"])
    # shares of the whole budget: a transport 10/100, administration 0; b transport 30/300, administration 70/300
    t = g.loc[("district", "transport")]
    assert (t["programs"], t["median_share_of_budget"], t["lowest_program"], t["highest_program"]) == (2, pytest.approx(0.1), "a-2021", "a-2021")
    a = g.loc[("district", "administration")]
    assert (a["median_share_of_budget"], a["lowest_program"], a["highest_share_of_budget"], a["highest_program"]) == (pytest.approx(0.7 / 6), "a-2021", pytest.approx(0.7 / 3), "b-2021")
    c = g.loc[("district", "culture")]  # b has no culture at all: 0 %
    assert (c["median_share_of_budget"], c["lowest_share_of_budget"], c["lowest_program"], c["highest_share_of_budget"]) == (pytest.approx(0.45), 0.0, "b-2021", pytest.approx(0.9))
    assert g.loc[("metropolitan", "culture"), "median_share_of_budget"] == 0.0
    assert tables["budget_by_policy_area"].set_index(["program", "policy_area"]).loc[("b-2021", "administration"), "share_of_budget"] == pytest.approx(0.7 / 3)
    summary = tables["peer_group_summary"].set_index("peer_group")
    assert summary.loc["district", "median_total_resource_need"] == D("200.00")
    assert summary.loc["district", "median_share_improves"] == pytest.approx(0.375)
    assert summary.loc["district", "median_transport_share_of_budget"] == pytest.approx(0.1)
    assert summary.loc["district", "median_reconciliation_mismatches"] == 5
    assert pd.isna(summary.loc["metropolitan", "median_share_improves"])


def test_nothing_to_compare_gives_empty_tables():
    t = comparison_tables({})
    assert t["program_summary"].empty and t["peer_groups"].empty and t["peer_group_summary"].empty
