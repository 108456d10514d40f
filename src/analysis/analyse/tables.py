"""The analyse stage's entry: write every analysis table of a program, and the tables comparing programs.

`write_program_tables` reads one extracted package (`analysis.analyse.data`), computes the measures
(`analysis.analyse.measures`) and writes each table as CSV: Decimals exactly (`1234.50`), floats with six
significant digits and never in exponent form. `write_comparison_tables` puts programs side by side.
For a scanned program, `ocr_values` lists every value read by OCR (confidence, repair or doubt) and the
overview counts them (`ocr_values`, `ocr_repaired`, `ocr_uncertain`, `ocr_pages`; 0 for text programs).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.analyse import contradictions, measures
from analysis.analyse.data import ProgramData, load_program
from analysis.analyse.delivery import with_delivery
from analysis.core.io import atomic_write_text

if TYPE_CHECKING:
    from analysis.core.catalog import Program


# --------------------------------------------------------------------------- writing


def _float_text(v: float) -> str:
    """A float for CSV, never in exponent form: six significant digits below 1 (`0.0000805009`), six decimals at most above."""
    import numpy as np

    if pd.isna(v):
        return ""
    if v == 0:
        return "0"
    if abs(v) >= 1:  # six decimals at most, all integer digits kept
        return np.format_float_positional(v, precision=6, unique=True, fractional=True, trim="-")
    return np.format_float_positional(v, precision=6, unique=False, fractional=False, trim="-")


def to_csv_text(df: pd.DataFrame) -> str:
    """CSV with Decimals written exactly (`1234.50`) and floats with six significant digits, no exponents."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = [f"{v:f}" if isinstance(v, Decimal) else _float_text(v) if isinstance(v, float) else ("" if v is None else v) for v in out[c]]
        elif pd.api.types.is_float_dtype(out[c]):
            out[c] = [_float_text(v) for v in out[c]]
    return out.to_csv(index=False, lineterminator="\n")


def write_table(df: pd.DataFrame, path: Path) -> None:
    atomic_write_text(path, to_csv_text(df))


def overview_table(prog: Program, data: ProgramData) -> pd.DataFrame:
    """One row: who, when, how much, how many: the headline numbers of a program page."""
    return pd.DataFrame(
        [
            {
                "program": prog.id,
                "municipality": prog.municipality,
                "short_name": prog.short_name,
                "kind": prog.kind,
                "province": prog.province,
                "year": prog.year,
                "total_resource_need": data.total_resource_need,
                "total_resource_need_page": data.total_resource_need_page,
                "total_resource_need_box": data.total_resource_need_box,
                "activities_total": sum((v for v in data.activities["total"] if v is not None), Decimal("0.00")),
                "performance_targets": len(data.performance_targets),
                "indicators": len(data.indicators),
                "activities": len(data.activities),
                "units": data.performance_targets["unit_canonical"].replace("", pd.NA).fillna(data.performance_targets["unit"]).nunique(),
                "reconciliation_checks": len(data.reconciliation),
                "reconciliation_mismatches": int((data.reconciliation["status"] == "mismatch").sum()),
                **ocr_counts(data),
            }
        ]
    )


OCR_SOURCES = (("indicator_values", "indicator_code"), ("activities", "ph_code"), ("stated_totals", "scope"))
"""The package tables whose rows say how they were read (`method`, `ocr_confidence`, `ocr_note`), and the
column that names a row."""

OCR_VALUE_COLUMNS = ["table", "row", "name", "year", "value", "page", "method", "ocr_confidence", "ocr_note", "ocr_status"]


def _ocr_status(method: str, note: str) -> str:
    """`uncertain` (OCR-uncertain: low confidence or no number), `repaired` (an unambiguous repair), `read`."""
    if method != "ocr":
        return ""
    return "uncertain" if "OCR-uncertain" in note else "repaired" if "repaired to" in note else "read"


def ocr_values(data: ProgramData) -> pd.DataFrame:
    """Every value read by OCR from a scanned page: which table and row, the value, its page, tesseract's
    confidence, the repair or doubt (`ocr_note`) and `ocr_status` (`read` / `repaired` / `uncertain`).
    Empty for a program read from a text layer."""
    rows = []
    for table, name_col in OCR_SOURCES:
        df = getattr(data, table)
        if "method" not in df.columns:
            continue
        for i, r in enumerate(df.to_dict("records")):
            if r.get("method") != "ocr":
                continue
            value = r.get("value_raw") if table == "indicator_values" else r.get("value", r.get("total"))
            note = str(r.get("ocr_note") or "")
            name = r.get(name_col) if table != "activities" else f"{r.get('ph_code', '')} #{r.get('seq', '')}"
            rows.append({"table": table, "row": i, "name": name, "year": r.get("year") if table == "indicator_values" else None,
                         "value": value, "page": r.get("page"), "method": "ocr", "ocr_confidence": r.get("ocr_confidence"),
                         "ocr_note": note, "ocr_status": _ocr_status("ocr", note)})
    out = pd.DataFrame(rows, columns=OCR_VALUE_COLUMNS)
    for col in ("page", "year"):
        out[col] = pd.array([None if pd.isna(v) else int(v) for v in out[col]], dtype="Int64")
    return out


def ocr_counts(data: ProgramData) -> dict[str, int]:
    """How many values were read by OCR, how many of them were repaired and how many are uncertain."""
    df = ocr_values(data)
    return {"ocr_values": len(df), "ocr_repaired": int((df["ocr_status"] == "repaired").sum()),
            "ocr_uncertain": int((df["ocr_status"] == "uncertain").sum()), "ocr_pages": int(df["page"].dropna().nunique())}


def units_table(data: ProgramData) -> pd.DataFrame:
    """Per responsible unit: how many targets, indicators and activities, and the activities' total (TL)."""
    pt = data.performance_targets.copy()
    pt["unit_key"] = [c or u for c, u in zip(pt["unit_canonical"], pt["unit"], strict=True)]
    acts = data.activities.copy()
    acts["unit_key"] = [c or u for c, u in zip(acts["unit_canonical"], acts["unit"], strict=True)]
    ind = data.indicators.merge(pt[["card_seq", "unit_key"]], on="card_seq", how="left")
    rows = []
    for unit in sorted(set(pt["unit_key"]) | set(acts["unit_key"])):
        a = acts[acts["unit_key"] == unit]
        pages = sorted({int(x) for x in pt.loc[pt["unit_key"] == unit, "page"].dropna()})
        rows.append(
            {
                "program": data.program,
                "unit": unit,
                "performance_targets": int((pt["unit_key"] == unit).sum()),
                "indicators": int((ind["unit_key"] == unit).sum()),
                "activities": len(a),
                "activities_total": sum((v for v in a["total"] if v is not None), Decimal("0.00")),
                "first_page": pages[0] if pages else None,
            }
        )
    rows.sort(key=lambda r: (-r["activities_total"], r["unit"]))
    return pd.DataFrame(rows)


def write_program_tables(prog: Program, package_dir: Path, config_dir: Path, out_dir: Path) -> list[str]:
    """Compute and write every analysis table of one program; returns the table names written."""
    data = load_program(package_dir, prog.id)
    tables: dict[str, pd.DataFrame] = {
        "overview": overview_table(prog, data),
        "units": units_table(data),
        "reconciliation": data.reconciliation,
        "contradictions": (classified := contradictions.classify(data.reconciliation)).assign(program=prog.id)[["program", *classified.columns]],
        "contradiction_kinds": (kinds := contradictions.contradiction_kinds(classified)).assign(program=prog.id)[["program", *kinds.columns]],
        "stated_totals": data.stated_totals,
        "ocr_values": ocr_values(data),
    }
    tables.update(measures.program_tables(data, config_dir))
    for name, df in tables.items():
        write_table(df, out_dir / f"{name}.csv")
    return list(tables)


def write_comparison_tables(programs: list[Program], analysis_dir: Path, out_dir: Path) -> list[str]:
    """Tables across programs (one row per program, or per program and policy area)."""
    overview = pd.concat([pd.read_csv(analysis_dir / p.id / "overview.csv", dtype=str, keep_default_na=False) for p in programs], ignore_index=True) if programs else pd.DataFrame()
    tables = {"programs": overview}
    if programs:
        tables.update(measures.comparison_tables({p.id: analysis_dir / p.id for p in programs}))
        tables["program_summary"] = with_delivery(tables["program_summary"], analysis_dir / "_series")
    for name, df in tables.items():
        write_table(df, out_dir / f"{name}.csv")
    return list(tables)
