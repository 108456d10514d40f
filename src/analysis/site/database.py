"""The researchers' DuckDB file: the contract tables, the programs, and every analysis table, typed.

`data/programs.duckdb` (the check stage) holds the seven contract tables and `programs`; the analysis
tables are written later (the analyse and compare stages). The site stage publishes
`downloads/programs.duckdb` as that file plus every analysis table of every program stacked into one table
(`budget_by_policy_area`, `contradictions`, …; a `program` column says whose row it is) and the comparison
tables with a `comparison_` prefix (`comparison_program_summary`, …) and, when a municipality has programs of
several years, the series tables (`series_delivery`, `series_matches`, …), so the site's shares can be queried
in SQL. Column types are read from the CSV text itself: money (every value with exactly two decimals) as
`DECIMAL(18,2)`, whole numbers as `BIGINT`, other numbers as `DOUBLE`, anything else `VARCHAR`.
`analysis_tables` gives the same tables to the data dictionary (`analysis.site.generated`).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from analysis.core.contract import TABLES

if TYPE_CHECKING:
    from analysis.core.catalog import Program
    from analysis.core.paths import Paths

__all__ = ["analysis_tables", "column_type", "write_database"]

_MONEY = re.compile(r"-?\d+\.\d{2}")
_INT = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE]-?\d+)?")
COMPARISON_PREFIX = "comparison_"
BLOCK_SIZE = 16384


def column_type(values: pd.Series) -> str:
    """The SQL type of a column of CSV text: DECIMAL(18,2), BIGINT, DOUBLE or VARCHAR (empty cells ignored)."""
    cells = set(values.tolist())  # each distinct value once (a column repeats its values; iterating the series cell by cell was slow)
    cells.discard("")
    if not cells:
        return "VARCHAR"
    if all(_INT.fullmatch(v) for v in cells):
        return "BIGINT" if not any(len(v.lstrip("-")) > 1 and v.lstrip("-").startswith("0") for v in cells) else "VARCHAR"  # codes such as 01
    if all(_MONEY.fullmatch(v) or v == "0" for v in cells):  # an empty group's money is written 0
        return "DECIMAL(18,2)"
    if all(_NUMBER.fullmatch(v) for v in cells):
        return "DOUBLE"
    return "VARCHAR"


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


_LAST: list[tuple[tuple, dict[str, pd.DataFrame]]] = []
"""The last `analysis_tables` result and the files it was read from (path, size, modification time): the site stage
asks twice (the database, the data dictionary), and reading every table of 1,400 programs takes minutes."""


def _files_key(p: Paths, programs: list[Program]) -> tuple:
    folders = [p.analysis / prog.id for prog in programs] + [p.analysis / "_comparison"]
    return tuple((f.as_posix(), st.st_size, st.st_mtime_ns) for folder in folders for f in sorted(folder.glob("*.csv")) for st in [f.stat()])


def analysis_tables(p: Paths, programs: list[Program]) -> dict[str, pd.DataFrame]:
    """Every analysis table, all programs stacked (a `program` column first), and the comparison tables prefixed.

    The same files give the same tables without reading them again (the frames are shared: do not change them)."""
    key = (tuple(prog.id for prog in programs), _files_key(p, programs))
    if _LAST and _LAST[0][0] == key:
        return _LAST[0][1]
    out = _read_tables(p, programs)
    _LAST[:] = [(key, out)]
    return out


def _read_text(path: Path) -> tuple[list[str], list[list[str]]]:
    """A CSV as text: its header and its rows (blank lines skipped), as `pd.read_csv(dtype=str, keep_default_na=False)` reads it."""
    with open(path, encoding="utf-8", newline="") as f:
        records = [r for r in csv.reader(f) if r]
    return (records[0], records[1:]) if records else ([], [])


def _stacked(parts: list[tuple[list[str], list[list[str]]]]) -> pd.DataFrame:
    """One table from several CSVs' text: the union of their columns (first seen first), "" where a CSV lacks one."""
    columns = list(dict.fromkeys(c for header, _ in parts for c in header))
    data: dict[str, list[str]] = {c: [] for c in columns}
    for header, rows in parts:
        at = {c: i for i, c in enumerate(header)}
        for c in columns:
            i = at.get(c)
            data[c].extend((r[i] if i < len(r) else "") for r in rows) if i is not None else data[c].extend("" for _ in rows)
    return pd.DataFrame(data, columns=columns, dtype=object)  # text as Python strings: converting 1,400 programs' cells to arrow strings took seconds


def _read_tables(p: Paths, programs: list[Program]) -> dict[str, pd.DataFrame]:
    """Read with the csv module and stacked once per table: 1,400 programs' 47,000 small CSVs through pandas one by one took minutes."""
    found: dict[str, list[tuple[list[str], list[list[str]]]]] = {}
    for prog in programs:
        folder = p.analysis / prog.id
        for f in sorted(folder.glob("*.csv")) if folder.exists() else []:
            if f.stem in TABLES:  # reconciliation, stated_totals: the contract tables already hold them
                continue
            header, rows = _read_text(f)
            if "program" not in header:
                header, rows = ["program", *header], [[prog.id, *r] for r in rows]
            found.setdefault(f.stem, []).append((header, rows))
    out = {name: _stacked(parts) for name, parts in sorted(found.items())}
    comparison = p.analysis / "_comparison"
    for f in sorted(comparison.glob("*.csv")) if comparison.exists() else []:
        out[COMPARISON_PREFIX + f.stem] = _read(f)
    out.update(series_tables(p))
    return out


def series_tables(p: Paths) -> dict[str, pd.DataFrame]:
    """The series tables (`data/analysis/_series/series_*.csv`, named as they are), only when some municipality
    has programs of several years: no empty table is published."""
    folder = p.analysis / "_series"
    index = folder / "series_index.csv"
    if not index.exists() or _read(index).empty:
        return {}
    return {f.stem: _read(f) for f in sorted(folder.glob("series_*.csv"))}


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_database(p: Paths, programs: list[Program], target: Path) -> Path | None:
    """`target`: a copy of data/programs.duckdb with every analysis table added (written atomically)."""
    if not p.duckdb.exists():
        return None
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(":memory:")
    try:  # small blocks: some 50 small tables in the default 256 kB blocks would take 14 MB instead of 2
        con.execute("ATTACH ? AS checked (READ_ONLY)", [str(p.duckdb)])
        con.execute(f"ATTACH ? AS out (BLOCK_SIZE {BLOCK_SIZE})", [str(tmp)])
        con.execute("COPY FROM DATABASE checked TO out")
        con.execute("DETACH checked")
        for name, df in analysis_tables(p, programs).items():
            types = {c: column_type(df[c]) for c in df.columns}
            cols = ", ".join(f"{_quoted(c)} {t}" for c, t in types.items())
            con.execute(f"CREATE TABLE out.{_quoted(name)} ({cols})")
            casts = ", ".join(f"NULLIF({_quoted(c)}, '')::{t}" if t != "VARCHAR" else _quoted(c) for c, t in types.items())
            con.register("frame", df)
            con.execute(f"INSERT INTO out.{_quoted(name)} SELECT {casts} FROM frame")
            con.unregister("frame")
    finally:
        con.close()
    os.replace(tmp, target)
    return target
