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
    def total_resource_need_box(self) -> str:
        """Where the grand total is printed on its page (`x0,top,x1,bottom`), empty when unknown."""
        from analysis.analyse.common import box_text

        st = self.stated_totals
        rows = st[(st["scope"] == "program") & (st["measure"] == "total_resource_need")]
        return box_text(rows.iloc[0].to_dict()) if len(rows) else ""

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


# ---------------------------------------------------------------------------------------------- exploring


def load(program_id: str, root: Path | None = None) -> ProgramData:
    """One program of the catalog by its id (`kocaeli-2021`), read from `data/extracted/<id>/`.

    The id must be in `data/catalog.yml` (so it never names a folder outside the project); the package must
    have been built (`make report` or `make extract`).
    """
    from analysis.core.catalog import get_program
    from analysis.core.paths import paths

    p = paths(root)
    program = get_program(program_id, p.root)
    folder = p.extracted / program.id
    if not (folder / "datapackage.json").exists():
        raise FileNotFoundError(f"{folder}: not built yet; run `make report` (or `make extract`) first")
    return load_program(folder, program.id)


def catalog_frame(root: Path | None = None) -> pd.DataFrame:
    """The catalog's programs, one row each: id, municipality, kind, province, year, layout."""
    from analysis.core.catalog import load_catalog

    rows = [{"program": p.id, "municipality": p.municipality, "kind": p.kind, "province": p.province, "year": p.year, "layout": p.layout}
            for p in load_catalog(root)]
    return pd.DataFrame(rows, columns=["program", "municipality", "kind", "province", "year", "layout"])


def analysis_tables(program_id: str, root: Path | None = None) -> dict[str, Path]:
    """The analysis tables of one program (`data/analysis/<id>/*.csv`) by name, e.g. `budget_by_unit`."""
    from analysis.core.catalog import get_program
    from analysis.core.paths import paths

    p = paths(root)
    program = get_program(program_id, p.root)
    return {f.stem: f for f in sorted((p.analysis / program.id).glob("*.csv"))}


def query(sql: str, params: list | None = None, root: Path | None = None) -> pd.DataFrame:
    """Run SQL on `data/programs.duckdb` (opened read-only) and return a DataFrame whose money stays exact.

    DuckDB's own `.df()` turns DECIMAL columns into floats; this goes through Arrow, so `DECIMAL(18,2)` sums
    arrive as `decimal.Decimal`. Pass values as `?` parameters, never pasted into the SQL text.
    """
    import duckdb

    from analysis.core.paths import paths

    db = paths(root).duckdb
    if not db.exists():
        raise FileNotFoundError(f"{db}: not built yet; run `make report` (or `make check-data`) first")
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).to_arrow_table().to_pandas()
