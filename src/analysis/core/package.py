"""Write (and read back) one program's data package: the contract's CSVs plus `datapackage.json`.

Writes are atomic: everything goes into a temporary sibling folder which replaces the target only once
every file is complete, so an interrupted or failed run never leaves half a package behind.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import __version__
from analysis.core.contract import TABLES, table_schema
from analysis.core.io import atomic_directory
from analysis.core.model import ECON_CODES, Box, ExtractedProgram, regions_str
from analysis.core.numbers import money_str

if TYPE_CHECKING:
    import pandas as pd

CONTRACT_TABLES = tuple(TABLES)


def _cell(value: Any, money: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return money_str(value) if money else f"{value:f}"
    if isinstance(value, float):  # never expected: money is Decimal; kept explicit so it is visible
        raise TypeError(f"float in a data-contract table: {value!r}")
    return str(value)


def _with_bbox(d: dict[str, Any]) -> dict[str, Any]:
    """A row dict with its `bbox` spread into the contract's `x0, top, x1, bottom` columns (two decimals)."""
    box = d.pop("bbox", None)
    for name, v in zip(("x0", "top", "x1", "bottom"), box or (None,) * 4, strict=True):
        d[name] = None if v is None else f"{v:.2f}"
    return d


def program_rows(program: ExtractedProgram) -> dict[str, list[dict[str, Any]]]:
    """The contract tables of a program as lists of dicts keyed by column name."""
    rows: dict[str, list[dict[str, Any]]] = {}
    rows["performance_targets"] = [asdict(t) for t in program.performance_targets]
    rows["indicators"] = [asdict(i) for i in program.indicators]
    rows["indicator_values"] = [_with_bbox(asdict(v)) for v in program.indicator_values]
    acts = []
    for a in program.activities:
        d = _with_bbox(asdict(a))
        econ = d.pop("econ") or {}
        for code in ECON_CODES:
            d[f"econ_{code}"] = econ.get(code)
        acts.append(d)
    rows["activities"] = acts
    rows["stated_totals"] = [_with_bbox(asdict(s)) for s in program.stated_totals]
    rec = []
    for r in program.reconciliation:
        d = asdict(r)
        d["difference"] = r.difference
        d["boxes_a"] = regions_str([(p, Box(*b)) for p, b in r.boxes_a])
        d["boxes_b"] = regions_str([(p, Box(*b)) for p, b in r.boxes_b])
        rec.append(d)
    rows["reconciliation"] = rec
    return rows


def write_csv(path: Path, table: str, rows: Iterable[dict[str, Any]]) -> None:
    cols = TABLES[table]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([c.name for c in cols])
        for row in rows:
            writer.writerow([_cell(row.get(c.name), c.money) for c in cols])


def write_extra_csv(path: Path, rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        for k in row:
            if k not in columns:
                columns.append(k)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c), isinstance(row.get(c), Decimal)) for c in columns])
    return columns


def write_package(program: ExtractedProgram, out_dir: Path, extra_meta: dict[str, Any] | None = None) -> Path:
    """Write `program` as a Frictionless data package into `out_dir` (atomically)."""
    out_dir = Path(out_dir)
    rows = program_rows(program)
    with atomic_directory(out_dir) as tmp:
        resources = []
        for table in CONTRACT_TABLES:
            path = tmp / f"{table}.csv"
            write_csv(path, table, rows[table])
            resources.append(
                {
                    "name": table,
                    "path": f"{table}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": table_schema(table),
                    "x-rows": len(rows[table]),
                }
            )
        for name, extra_rows in sorted(program.extra_tables.items()):
            path = tmp / f"{name}.csv"
            cols = write_extra_csv(path, extra_rows)
            resources.append(
                {
                    "name": name,
                    "path": f"{name}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": {"fields": [{"name": c, "type": "any"} for c in cols], "missingValues": [""]},
                    "x-rows": len(extra_rows),
                    "description": "Layout-specific table beyond the data contract.",
                }
            )
        descriptor = {
            "profile": "tabular-data-package",
            "name": program.program,
            "title": f"Performance program {program.program}",
            "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}],
            "sources": [
                {
                    "title": Path(program.source_file).name,
                    "path": program.source_file,
                    "x-sha256": program.source_sha256,
                    "x-edition": program.edition,
                }
            ],
            "x-extraction": {
                "tool": f"performans-analysis {__version__}",
                "layout": program.layout,
                "edition": program.edition,
                "method": program.method,
                "warnings": program.warnings,
                **(extra_meta or {}),
            },
            "resources": resources,
        }
        (tmp / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return out_dir


def read_table(package_dir: Path, table: str) -> "pd.DataFrame":
    """Read one table of a written package with every column as a string (exactness first)."""
    import pandas as pd

    df = pd.read_csv(Path(package_dir) / f"{table}.csv", dtype=str, keep_default_na=False)
    return df


def read_package(package_dir: Path) -> "dict[str, pd.DataFrame]":
    """Read every contract table of a package as string-typed DataFrames."""
    return {t: read_table(package_dir, t) for t in CONTRACT_TABLES}


