"""What every program page starts from: `ProgramPage` (a program's analysis tables) and shared page parts.

The notebooks stay thin: a parameters cell, `page = ProgramPage.load(program)`, and one call per section
into the modules of `analysis.pages` (`overview`, `budget`, `indicators`, `checks`, `comparison`). This
module adds the parts several pages share: a folded details table with PDF page links, and a bar chart.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.catalog import Program, get_program
from analysis.core.paths import program_dir, project_root
from analysis.pages import charts
from analysis.pages.charts import html_table
from analysis.pages.format import (
    as_float,
    cite,
    fmt_number,
    fmt_pct,
    fmt_tl,
    fmt_tl_short,
    pdf_link,
    pdf_pages_links,
    read_csv,
    row_label,
)


@dataclass
class ProgramPage:
    """A program's analysis tables as the notebooks see them."""

    program: Program
    tables_dir: Path
    href_prefix: str = "tables/"
    _read: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False, compare=False)
    """The tables read so far: a page cites many cells of one table, and reads it once."""

    @classmethod
    def load(cls, program_id: str, root: Path | None = None) -> ProgramPage:
        root = root or project_root()
        program = get_program(program_id, root)
        return cls(program, program_dir(root / "data" / "analysis", program.id))

    def table(self, name: str) -> pd.DataFrame:
        """One of the program's analysis tables (empty when the program has none of that name); a copy, so a
        caller changing it changes nothing for the next."""
        if name not in self._read:
            path = self.tables_dir / f"{name}.csv"
            self._read[name] = read_csv(path) if path.exists() else pd.DataFrame()
        return self._read[name].copy()


    def cite(self, table: str, column: str, row: int = 0, display: str | None = None, kind: str = "number") -> str:
        """Cite one cell of one of this program's tables."""
        df = self.table(table)
        value = df[column].iloc[row]
        if display is None:
            display = {"tl": fmt_tl, "tl_short": fmt_tl_short, "pct": fmt_pct}.get(kind, fmt_number)(value)
        return cite(display, href=f"{self.href_prefix}{table}.csv", table=table, column=column, row=row, value=value, label=row_label(df, row))


def details_table(
    page: ProgramPage, table: str, df: pd.DataFrame, summary: str, columns: dict[str, str], site_root: str | None, max_rows: int = 500, csv_note: str = "",
    raw: frozenset[str] = frozenset(),
) -> str:
    """A folded table of rows from one analysis table, with PDF page links and its CSV to download.

    A `page` column (one page) or `pages` column (`30; 31`) becomes a "Sayfa" column of links into the PDF.
    Columns named in `raw` hold HTML made by the pages themselves (e.g. "belgede gör") and are not escaped.
    """
    show = df.copy()
    cols = dict(columns)
    for source, links in (("page", lambda v: pdf_link(page.program, v, site_root or ".")), ("pages", lambda v: pdf_pages_links(page.program, v, site_root or "."))):
        if source in cols:
            show["Sayfa"] = [links(v) for v in show[source]]
            cols = {("Sayfa" if k == source else k): v for k, v in cols.items()}
    note = f" {html.escape(csv_note)}" if csv_note else ""
    return (
        f"<details><summary>{html.escape(summary)}</summary>"
        + html_table(show, cols, max_rows=max_rows, raw={"Sayfa", *raw})
        + f'<p><a href="{page.href_prefix}{table}.csv" download>{table}.csv</a>{note}</p></details>'
    )


def bar_chart(
    page: ProgramPage,
    site_root: str | None,
    table: str,
    category: str,
    value: str,
    *,
    title: str,
    alt_text: str,
    value_title: str,
    columns: dict[str, str],
    top: int | None = None,
    value_format: str = ",.0f",
    chart_id: str | None = None,
    tooltip_share: str | None = "share",
) -> Any:
    """A horizontal bar chart of one analysis table, largest first, with its data and text alternative."""
    import altair as alt

    df = page.table(table)
    if df.empty:
        return charts.note(f"{table} tablosu yok.")
    shown = df.head(top) if top else df
    plot = shown.copy()
    plot["_value"] = as_float(plot[value])
    plot[category] = [charts.wrap(v) for v in plot[category]]
    tooltip = [alt.Tooltip(f"{category}:N", title=columns.get(category, category)), alt.Tooltip("_value:Q", title=value_title, format=value_format)]
    if tooltip_share and tooltip_share in plot.columns:
        plot["_share"] = [fmt_pct(v) for v in plot[tooltip_share]]
        tooltip.append(alt.Tooltip("_share:N", title=columns.get(tooltip_share, "Pay")))
    if tooltip_share == "share" and "share_of_budget" in plot.columns and "share_of_budget" in columns:
        plot["_budget_share"] = [fmt_pct(v) for v in plot["share_of_budget"]]
        tooltip.append(alt.Tooltip("_budget_share:N", title=columns["share_of_budget"]))
    extra = [c for c in ("_share", "_budget_share") if c in plot]
    chart = (
        alt.Chart(plot[[category, "_value", *extra]])
        .mark_bar(color=charts.PALETTE[0])
        .encode(
            x=alt.X("_value:Q", title=value_title, axis=charts.money_axis() if value_title == "TL" else alt.Axis(format=value_format)),
            y=alt.Y(f"{category}:N", sort="-x", title=None, axis=alt.Axis(labelExpr=charts.WRAPPED_LABEL)),
            tooltip=tooltip,
        )
    )
    return charts.figure(
        charts.theme(chart, height=max(160, 18 * sum(v.count("\n") + 1 for v in plot[category]) + 8 * len(plot))),
        title=title,
        alt_text=alt_text,
        data=shown[list(columns)],
        columns=columns,
        csv=f"{page.href_prefix}{table}.csv",
        site_root=site_root,
        chart_id=chart_id,
    )
