"""One row per program, and programs compared within their peer group (district, metropolitan, ...).

Reads each program's analysis CSVs back (`overview`, `budget_by_policy_area`, `ambition_summary`,
`key_figures`) and returns:

- `program_summary`: per program who it is (kind, province, year), how big (the document's total resource
  need), how much goes to transport (`transport_share` of the money tied to activities,
  `transport_share_of_budget` of the whole budget: the one ranked) and to its largest policy area, how ambitious its targets are (share of
  comparable indicators whose target improves on the baseline), how many of its own checks fail (and how many of those are money totals, in how many causes, and misprints),
  how much of its money the taxonomy maps, and its rank within its peer group on each of these;
- `peer_groups`: per peer group and policy area, how many programs, the median share, and the lowest and
  highest share with the program that has it;
- `peer_group_summary`: per peer group, the medians of the headline measures.

A peer group is the catalog's `kind`: a district's budget cannot be read against a metropolitan one's.
Money stays Decimal; shares are floats; medians of shares are floats (displayed, never added back).
Every page and the home page cite these tables, so their size grows by one row per program, not more.
"""

from __future__ import annotations

import statistics
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["peer_tables", "program_summary"]

TRANSPORT = "transport"
UNMAPPED = "unmapped"

SUMMARY_COLUMNS = [
    "program", "municipality", "short_name", "kind", "province", "year", "total_resource_need", "activities_total",
    "activities", "indicators", "transport_total", "transport_share", "transport_share_of_budget", "largest_area", "largest_area_label", "largest_area_share",
    "comparable", "share_improves", "share_worse_than_reached", "held_at_best", "open_comparable", "share_improves_open", "reconciliation_checks", "reconciliation_mismatches",
    "money_mismatches", "money_causes", "misprints", "mapped_share", "shared_rule_share", "peer_group", "peers", "total_rank_in_group", "transport_rank_in_group",
    "improves_rank_in_group", "mismatches_rank_in_group",
]  # fmt: skip


def _read(folder: Path, name: str) -> pd.DataFrame:
    f = Path(folder) / f"{name}.csv"
    return pd.read_csv(f, dtype=str, keep_default_na=False) if f.exists() else pd.DataFrame()


def _dec(text: Any) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def _flt(text: Any) -> float | None:
    d = _dec(text)
    return float(d) if d is not None else None


def _int(text: Any) -> int | None:
    d = _dec(text)
    return int(d) if d is not None else None


def _one_program(program: str, folder: Path) -> dict[str, Any] | None:
    ov = _read(folder, "overview")
    if ov.empty:
        return None
    o = ov.iloc[0]
    row: dict[str, Any] = {c: None for c in SUMMARY_COLUMNS}
    row.update({"program": program, "municipality": o.get("municipality", ""), "short_name": o.get("short_name", ""), "kind": o.get("kind", ""),
                "province": o.get("province", ""), "year": _int(o.get("year")), "total_resource_need": _dec(o.get("total_resource_need")),
                "activities_total": _dec(o.get("activities_total")), "activities": _int(o.get("activities")), "indicators": _int(o.get("indicators")),
                "reconciliation_checks": _int(o.get("reconciliation_checks")), "reconciliation_mismatches": _int(o.get("reconciliation_mismatches"))})
    pa = _read(folder, "budget_by_policy_area")
    if not pa.empty:
        t = pa[pa["policy_area"] == TRANSPORT]
        row["transport_total"] = _dec(t["total"].iloc[0]) if len(t) else Decimal("0")
        row["transport_share"] = _flt(t["share"].iloc[0]) if len(t) else None
        whole = row["total_resource_need"]
        row["transport_share_of_budget"] = float(row["transport_total"] / whole) if whole else None
        known = pa[(pa["policy_area"] != UNMAPPED) & (pa["total"].map(lambda v: (_dec(v) or 0) > 0))]
        if len(known):
            row.update({"largest_area": known["policy_area"].iloc[0], "largest_area_label": known["label_tr"].iloc[0], "largest_area_share": _flt(known["share"].iloc[0])})
    amb = _read(folder, "ambition_summary")
    if not amb.empty:
        row.update({"comparable": _int(amb["comparable"].iloc[0]), "share_improves": _flt(amb["share_improves"].iloc[0]),
                    "share_worse_than_reached": _flt(amb["share_worse_than_reached"].iloc[0])})
        if "open_comparable" in amb.columns:  # ceilings told apart: indicators already at their best value are not "unambitious"
            row.update({"held_at_best": _int(amb["held_at_best"].iloc[0]), "open_comparable": _int(amb["open_comparable"].iloc[0]),
                        "share_improves_open": _flt(amb["share_improves_open"].iloc[0])})
    kinds = _read(folder, "contradiction_kinds")
    if not kinds.empty:
        money = kinds[kinds["kind"] == "money_total"]
        row.update({"money_mismatches": _int(money["rows"].iloc[0]) if len(money) else 0, "money_causes": _int(money["causes"].iloc[0]) if len(money) else 0,
                    "misprints": sum(_int(v) or 0 for v in kinds["misprints"])})
    kf = _read(folder, "key_figures")
    if not kf.empty:
        values = dict(zip(kf["measure"], kf["value"], strict=False))
        unmapped = _flt(values.get("policy_area_unmapped_share"))
        row["mapped_share"] = (1 - unmapped) if unmapped is not None else None
        row["shared_rule_share"] = _flt(values.get("policy_area_shared_share"))
    return row


def _ranks(df: pd.DataFrame, column: str, ascending: bool) -> pd.Series:
    """Rank within the peer group (1 = first), ties share the best rank; empty where the value is missing."""
    values = pd.to_numeric(df[column].map(lambda v: None if v is None else float(v)), errors="coerce")
    ranks = values.groupby(df["peer_group"]).rank(method="min", ascending=ascending)
    return pd.array([None if pd.isna(r) else int(r) for r in ranks], dtype="Int64")


def program_summary(analysis_dirs: dict[str, Path]) -> pd.DataFrame:
    """One row per program with the headline measures and its ranks within its peer group (kind)."""
    rows = [r for prog, folder in analysis_dirs.items() if (r := _one_program(prog, folder)) is not None]
    df = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    if df.empty:
        return df
    df["peer_group"] = df["kind"]
    df["peers"] = df.groupby("peer_group")["program"].transform("count").astype(int)
    df["total_rank_in_group"] = _ranks(df, "total_resource_need", ascending=False)
    df["transport_rank_in_group"] = _ranks(df, "transport_share_of_budget", ascending=False)
    df["improves_rank_in_group"] = _ranks(df, "share_improves", ascending=False)
    df["mismatches_rank_in_group"] = _ranks(df, "reconciliation_mismatches", ascending=False)
    for col in ("year", "activities", "indicators", "comparable", "reconciliation_checks", "reconciliation_mismatches", "money_mismatches", "money_causes", "misprints",
                "held_at_best", "open_comparable"):
        df[col] = pd.array(df[col].tolist(), dtype="Int64")
    return df


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def peer_tables(summary: pd.DataFrame, shares: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """`peer_groups` (group x policy area: median, lowest, highest share of the whole budget) and `peer_group_summary` (group medians).

    `shares` is the comparison's `budget_by_policy_area` (program x area, with `share_of_budget`); `summary`
    is `program_summary`. A program without a row for an area counts as 0 % there (its activities hold none).
    Programs are compared on their whole budget, never on the money tied to activities: one program ties
    all of its budget to activities, another two thirds, so shares of that money have different denominators.
    """
    area_cols = ["peer_group", "policy_area", "label_tr", "programs", "median_share_of_budget", "lowest_share_of_budget", "lowest_program",
                 "highest_share_of_budget", "highest_program"]
    group_cols = ["peer_group", "programs", "median_total_resource_need", "median_transport_share", "median_transport_share_of_budget", "median_share_improves", "median_reconciliation_mismatches"]
    if summary.empty:
        return {"peer_groups": pd.DataFrame(columns=area_cols), "peer_group_summary": pd.DataFrame(columns=group_cols)}
    group_of = dict(zip(summary["program"], summary["peer_group"], strict=True))
    area_rows = []
    known = shares[shares["policy_area"] != UNMAPPED] if len(shares) else shares
    areas = list(dict.fromkeys(known["policy_area"])) if len(known) else []
    labels = dict(zip(known["policy_area"], known["label_tr"], strict=False)) if len(known) else {}
    for group, members in summary.groupby("peer_group", sort=True):
        progs = list(members["program"])
        for area in areas:
            sub = known[(known["policy_area"] == area) & known["program"].isin(progs)]
            by_prog = {p: 0.0 for p in progs} | {r.program: float(r.share_of_budget or 0.0) for r in sub.itertuples() if group_of.get(r.program) == group}
            low = min(by_prog.items(), key=lambda kv: (kv[1], kv[0]))
            high = min(by_prog.items(), key=lambda kv: (-kv[1], kv[0]))
            area_rows.append({"peer_group": group, "policy_area": area, "label_tr": labels.get(area, area), "programs": len(progs),
                              "median_share_of_budget": _median(list(by_prog.values())), "lowest_share_of_budget": low[1], "lowest_program": low[0],
                              "highest_share_of_budget": high[1], "highest_program": high[0]})
    group_rows = []
    for group, members in summary.groupby("peer_group", sort=True):

        def med(col: str, members: pd.DataFrame = members) -> float | None:
            return _median([float(v) for v in members[col] if v is not None and not pd.isna(v)])

        totals = [v for v in members["total_resource_need"] if isinstance(v, Decimal)]
        group_rows.append({"peer_group": group, "programs": len(members),
                           "median_total_resource_need": statistics.median(totals).quantize(Decimal("0.01")) if totals else None,
                           "median_transport_share": med("transport_share"), "median_transport_share_of_budget": med("transport_share_of_budget"),
                           "median_share_improves": med("share_improves"),
                           "median_reconciliation_mismatches": med("reconciliation_mismatches")})
    return {"peer_groups": pd.DataFrame(area_rows, columns=area_cols), "peer_group_summary": pd.DataFrame(group_rows, columns=group_cols)}
