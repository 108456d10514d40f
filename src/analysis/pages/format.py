"""How numbers look on a page, and where they point: Turkish formats, citations, links into the PDF.

Every number written into a page goes through `cite`, which links it to the CSV it comes from and records
the table, column and row in `data-*` attributes, so a test can check that what the site shows equals the
table and a reader can follow the link. `pdf_link` / `pdf_pages_links` point into the PDF edition, and only
when the program's rows were read from it (`Program.cites_pdf_pages`): a program read from its text edition
gets no page links, since its page numbers are not those of any published PDF.
"""

from __future__ import annotations

import html
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.core.numbers import format_tr
from analysis.core.paths import is_program_id

if TYPE_CHECKING:
    from analysis.core.catalog import Program


def read_csv(path: Path) -> pd.DataFrame:
    """Analysis tables as strings (exact), with empty cells as ''."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)

def to_decimal(text: Any) -> Decimal | None:
    if text is None or text == "" or (isinstance(text, float) and pd.isna(text)):
        return None
    return Decimal(str(text))

def fmt_number(value: Any, decimals: int | None = None) -> str:
    """Turkish display of a number; integers without decimals, others with up to two."""
    d = to_decimal(value)
    if d is None:
        return "–"
    if decimals is None:
        decimals = 0 if d == d.to_integral_value() else (1 if abs(d) >= 10 else 2)
    return format_tr(d, decimals)

def fmt_money(value: Any) -> str:
    """Money without unit: whole lira when the kuruş are zero, else two decimals (`177.940.000,50`)."""
    d = to_decimal(value)
    if d is None:
        return "–"
    return format_tr(d, 0 if d == d.to_integral_value() else 2)

def fmt_tl(value: Any) -> str:
    """Money for prose: `3.403.000.000 TL`."""
    d = to_decimal(value)
    return "–" if d is None else f"{format_tr(d, 0)} TL"

def fmt_tl_short(value: Any) -> str:
    """Money in words-ish units for headlines: `3,40 milyar TL`, `765,0 milyon TL`."""
    d = to_decimal(value)
    if d is None:
        return "–"
    if abs(d) >= Decimal("1e9"):
        return f"{format_tr(d / Decimal('1e9'), 2)} milyar TL"
    if abs(d) >= Decimal("1e6"):
        return f"{format_tr(d / Decimal('1e6'), 1)} milyon TL"
    return f"{format_tr(d, 0)} TL"

def fmt_pct(share: Any, decimals: int = 1) -> str:
    """A share in 0..1 as a Turkish percentage: `%27,7`."""
    d = to_decimal(share)
    return "–" if d is None else f"%{format_tr(d * 100, decimals)}"

LABEL_COLUMNS = ("label", "name", "theme", "unit", "label_tr", "theme_group", "aim_code", "econ_code", "policy_area", "measure", "kind", "indicator_code",
                 "dimension", "peer_group", "ph_code", "program")
"""The columns that name a row, in order of preference (the first non-empty one names it in a tooltip)."""


def row_label(df: pd.DataFrame, row: int) -> str:
    """What a row is called, for a tooltip: its check and scope, or its first naming column (`Ulaşım Hizmetleri`)."""
    r = df.iloc[row]
    if "check" in df.columns and "scope" in df.columns:
        return f"“{r['check']}” {r['scope']}".strip()
    for c in LABEL_COLUMNS:
        if c in df.columns and str(r[c]).strip():
            return str(r[c]).strip()[:80]
    return ""


def row_href(csv_href: str, row: int | str) -> str:
    """The stable address of one row of a table: its row page (`tables/x.html#satir-3`, written by `analysis.site.rows`)."""
    page = csv_href[: -len(".csv")] + ".html" if csv_href.endswith(".csv") else csv_href
    return f"{page}#satir-{int(row) + 1}" if isinstance(row, int) or str(row).isdigit() else page


def cite(display: str, *, href: str, table: str, column: str, row: int | str, value: Any, label: str = "", lang: str = "tr") -> str:
    """A number on the page, linked to its row (the table's row page) and machine-checkable against the table (`data-csv`).

    Its tooltip names the table, the row (its number from 1 and what it is called) and the column."""
    words = ("Kaynak", "satır", "sütun") if lang == "tr" else ("Source", "row", "column")
    where = f"{words[1]} {int(row) + 1}" + (f" ({label})" if label else "") + ", " if isinstance(row, int) or str(row).isdigit() else ""
    return (
        f'<a class="cited-number" href="{html.escape(row_href(href, row))}" data-csv="{html.escape(href)}" data-table="{html.escape(table)}" '
        f'data-column="{html.escape(column)}" data-row="{html.escape(str(row))}" data-value="{html.escape(str(value))}" '
        f'title="{words[0]}: {html.escape(table)}.csv, {html.escape(where)}{words[2]} “{html.escape(column)}”">{html.escape(display)}</a>'
    )


def fmt_en(value: Any, kind: str = "number") -> str:
    """English display for the English page: `3,400,000,000 TL`, `27.7%`, `1,425`, `12.5`."""
    d = to_decimal(value)
    if d is None:
        return "–"
    if kind in ("tl", "tl_short"):
        return f"{d:,.0f} TL"
    if kind == "pct":
        return f"{d * 100:,.1f}%"
    return f"{d:,.0f}" if d == d.to_integral_value() else f"{d:,.{1 if abs(d) >= 10 else 2}f}"


def fmt_for(kind: str, lang: str = "tr") -> Any:
    """The display function for a kind of number (`tl`, `tl_short`, `pct`, `number`) in a page's language."""
    if lang != "tr":
        return lambda v: fmt_en(v, kind)
    return {"tl": fmt_tl, "tl_short": fmt_tl_short, "pct": fmt_pct}.get(kind, fmt_number)

def pdf_link(program: Program | str, page: Any, site_root: str) -> str:
    """A link to a page of the program's PDF edition, as published on the site ("" when the rows were not read from the PDF)."""
    if page in (None, "") or (isinstance(page, float) and pd.isna(page)):
        return ""
    if not isinstance(program, str):
        if not program.cites_pdf_pages:
            return ""
        program = program.id
    if not is_program_id(program):
        raise ValueError(f"{program!r} is not a program id")
    n = int(float(page))
    return f'<a class="pdf-page" href="{html.escape(site_root)}/downloads/{program}.pdf#page={n}" title="PDF sayfa {n}">s. {n}</a>'

def page_runs(pages: str) -> list[tuple[int, int]]:
    """`30; 31; 32; 100` -> [(30, 32), (100, 100)]: consecutive pages as runs."""
    nums = sorted({int(float(p)) for p in str(pages or "").replace(",", ";").split(";") if p.strip()})
    runs: list[tuple[int, int]] = []
    for n in nums:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs

def pdf_pages_links(program: Program | str, pages: str, site_root: str) -> str:
    """`30; 31; 32; 100` -> `s. 30–32, s. 100`, each run linking to its first page in the PDF."""
    out = []
    for a, b in page_runs(pages):
        link = pdf_link(program, a, site_root)
        if link:
            out.append(link if a == b else link.replace(f">s. {a}<", f">s. {a}–{b}<"))
    return ", ".join(out)

def as_float(values: Any) -> list[float | None]:
    """Chart values: Decimal/str -> float (charts only draw; exact numbers stay in the tables)."""
    out = []
    for v in values:
        d = to_decimal(v)
        out.append(None if d is None else float(d))
    return out
