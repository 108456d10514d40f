"""The check stage: validate each extracted package, then publish all programs together.

Validation = the Frictionless Table Schemas of the contract (types, required cells, allowed values) plus
what a schema cannot say: unique keys, links between tables, money written with exactly two decimals,
and exactly one stated total resource need per program. A package that fails is reported and left out
of the combined tables; the others are still published.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from analysis.core.contract import TABLES
from analysis.core.package import read_package

if TYPE_CHECKING:
    from analysis.core.catalog import Program
    from analysis.core.paths import Paths

MONEY = re.compile(r"^-?\d+\.\d{2}$")

# Columns that identify a row, per table (program is implied: one package = one program).
KEYS = {
    "performance_targets": ("card_seq",),
    "indicators": ("indicator_code",),
    "indicator_values": ("indicator_code", "year", "role"),
    "activities": ("card_seq", "seq"),
}


def frictionless_problems(package_dir: Path) -> list[str]:
    """Errors Frictionless finds when validating the package against its own descriptor."""
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(package_dir / "datapackage.json")).validate()
    problems = []
    for task in report.tasks:
        for err in task.errors[:20]:
            problems.append(f"{task.name}: {err.message}")
    for err in report.errors:
        problems.append(err.message)
    return problems


def contract_problems(package_dir: Path) -> list[str]:
    """Checks beyond the schema: headers, keys, links, money format, the program's stated total."""
    problems: list[str] = []
    try:
        tables = read_package(package_dir)
    except FileNotFoundError as exc:
        return [f"missing table: {exc.filename}"]
    for table, cols in TABLES.items():
        header = list(tables[table].columns)
        expected = [c.name for c in cols]
        if header[: len(expected)] != expected:
            problems.append(f"{table}: columns {header} differ from the contract {expected}")
            continue
        for col in cols:
            if col.money:
                bad = [v for v in tables[table][col.name] if v != "" and not MONEY.match(v)]
                if bad:
                    problems.append(f"{table}.{col.name}: {len(bad)} value(s) not written as plain decimals with two digits, e.g. {bad[0]!r}")
    if problems:
        return problems
    for table, key in KEYS.items():
        df = tables[table]
        dup = df[df.duplicated(list(key), keep=False)]
        if len(dup):
            problems.append(f"{table}: {len(dup)} rows share a key {key}, e.g. {dup.iloc[0][list(key)].tolist()}")
    ph_codes = set(tables["performance_targets"]["ph_code"])
    ind_codes = set(tables["indicators"]["indicator_code"])
    for table in ("indicators", "activities"):
        orphans = set(tables[table]["ph_code"]) - ph_codes
        if orphans:
            problems.append(f"{table}: ph_code(s) with no performance target: {sorted(orphans)[:5]}")
    orphans = set(tables["indicator_values"]["indicator_code"]) - ind_codes
    if orphans:
        problems.append(f"indicator_values: indicator_code(s) with no indicator: {sorted(orphans)[:5]}")
    st = tables["stated_totals"]
    n = ((st["scope"] == "program") & (st["measure"] == "total_resource_need")).sum()
    if n != 1:
        problems.append(f"stated_totals: expected exactly one program total_resource_need, found {n}")
    if len(tables["performance_targets"]) == 0:
        problems.append("performance_targets: no rows")
    return problems


def validate_package(package_dir: Path) -> list[str]:
    """Every problem with one extracted package; empty when it may be published."""
    if not (package_dir / "datapackage.json").exists():
        return [f"{package_dir}: no datapackage.json"]
    return contract_problems(package_dir) or frictionless_problems(package_dir)


def duckdb_type(table: str, column: str) -> str:
    col = next(c for c in TABLES[table] if c.name == column)
    if col.money:
        return "DECIMAL(18,2)"
    return {"integer": "INTEGER", "number": "DECIMAL(38,10)"}.get(col.type, "VARCHAR")


def combine(p: Paths, programs: list[Program], catalog: list[Program], out_dir: Path) -> None:
    """All programs' tables in one DuckDB file (data/programs.duckdb) and one Parquet file per table."""
    tmp_db = p.duckdb.with_name(f".{p.duckdb.name}.tmp-{os.getpid()}")
    tmp_db.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp_db))
    try:
        con.execute(
            "CREATE TABLE programs (program VARCHAR PRIMARY KEY, municipality VARCHAR, kind VARCHAR, province VARCHAR, "
            "year INTEGER, layout VARCHAR, source_url VARCHAR, extracted BOOLEAN)"
        )
        extracted = {prog.id for prog in programs}
        for prog in catalog:
            con.execute(
                "INSERT INTO programs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [prog.id, prog.municipality, prog.kind, prog.province, prog.year, prog.layout, prog.source_url, prog.id in extracted],
            )
        for table, cols in TABLES.items():
            col_sql = ", ".join(f'"{c.name}" {duckdb_type(table, c.name)}' for c in cols)
            con.execute(f"CREATE TABLE {table} ({col_sql})")
            names = ", ".join(f'"{c.name}"' for c in cols)
            for prog in programs:
                csv_path = (p.extracted / prog.id / f"{table}.csv").as_posix()
                types = json.dumps({c.name: "VARCHAR" for c in cols})
                casts = ", ".join(
                    f"NULLIF(\"{c.name}\", '')::{duckdb_type(table, c.name)}" if duckdb_type(table, c.name) != "VARCHAR" else f'coalesce("{c.name}", \'\')'
                    for c in cols
                )
                con.execute(
                    f"INSERT INTO {table} ({names}) SELECT {casts} FROM read_csv(?, header=true, columns={types}, "
                    "all_varchar=true, quote='\"', escape='\"', strict_mode=true)",
                    [csv_path],
                )
            con.execute(f"COPY {table} TO '{(out_dir / (table + '.parquet')).as_posix()}' (FORMAT parquet)")
        con.execute(f"COPY programs TO '{(out_dir / 'programs.parquet').as_posix()}' (FORMAT parquet)")
    finally:
        con.close()
    os.replace(tmp_db, p.duckdb)
