"""The delivery rate beside each program in the comparison, where its targets can be followed in a series.

Takes the comparison's `program_summary` and the series tables' folder (`data/analysis/_series/`, written by
`analysis.analyse.series`); returns the summary with three more columns, or unchanged when no program has a
series. A module of its own so that the per-program analysis does not depend on the series code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def with_delivery(program_summary: pd.DataFrame, series_dir: Path) -> pd.DataFrame:
    """The comparison's `program_summary` with, where a program's targets can be followed in its series, its
    `series`, `delivery_judged` (targets with a reported actual: met, partly met or missed) and `delivery_rate`
    (met / judged). Unchanged when no program has a series (no empty columns)."""
    path = series_dir / "series_delivery_summary.csv"
    if program_summary.empty or not path.exists():
        return program_summary
    s = pd.read_csv(path, dtype=str, keep_default_na=False)
    s = s[(s["dimension"] == "program") & ~s["judged"].isin(["", "0"])]
    if s.empty:
        return program_summary
    by = {r["group"]: r for r in s.to_dict("records")}
    out = program_summary.copy()
    out["series"] = [by[p]["series"] if p in by else "" for p in out["program"]]
    out["delivery_judged"] = pd.array([int(by[p]["judged"]) if p in by else None for p in out["program"]], dtype="Int64")
    out["delivery_rate"] = [float(by[p]["delivery_rate"]) if p in by and by[p]["delivery_rate"] != "" else None for p in out["program"]]
    return out
