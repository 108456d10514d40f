"""A checked program as typed DataFrames: what every measure starts from.

`load_program(package_dir)` reads an extracted data package (`data/extracted/<id>/`) into a `ProgramData`:
money columns hold `decimal.Decimal` objects (exact sums), counts are nullable integers; shares and ratios
computed from them may be floats, since they are displayed, never added back into money.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from analysis.core.contract import TABLES
from analysis.core.package import read_package


def _decimal_or_none(text: str) -> Decimal | None:
    return Decimal(text) if text not in ("", None) else None


def typed(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Convert a string-typed contract table to typed columns (Decimal for numbers, Int64 for integers)."""
    out = df.copy()
    for col in TABLES[table]:
        if col.name not in out.columns:
            continue
        if col.type == "integer":
            out[col.name] = pd.array([int(v) if v != "" else None for v in out[col.name]], dtype="Int64")
        elif col.type == "number":
            out[col.name] = pd.Series([_decimal_or_none(v) for v in out[col.name]], index=out.index, dtype=object)
    return out


@dataclass
class ProgramData:
    """One program's contract tables, typed, plus its catalog entry and extraction metadata."""

    program: str
    performance_targets: pd.DataFrame
    indicators: pd.DataFrame
    indicator_values: pd.DataFrame
    activities: pd.DataFrame
    stated_totals: pd.DataFrame
    reconciliation: pd.DataFrame
    meta: dict = field(default_factory=dict)

    @property
    def total_resource_need(self) -> Decimal | None:
        """The document's own stated grand total of 2021 resource need."""
        st = self.stated_totals
        rows = st[(st["scope"] == "program") & (st["measure"] == "total_resource_need")]
        return rows["value"].iloc[0] if len(rows) else None

    @property
    def total_resource_need_page(self) -> int | None:
        st = self.stated_totals
        rows = st[(st["scope"] == "program") & (st["measure"] == "total_resource_need")]
        return int(rows["page"].iloc[0]) if len(rows) and pd.notna(rows["page"].iloc[0]) else None


def load_program(package_dir: Path, program: str | None = None) -> ProgramData:
    """Read an extracted package (data/extracted/<id>/) into typed DataFrames."""
    package_dir = Path(package_dir)
    raw = read_package(package_dir)
    meta = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    return ProgramData(
        program=program or meta.get("name", package_dir.name),
        meta=meta,
        **{name: typed(name, df) for name, df in raw.items()},
    )
