"""The comparison page (`notebooks/90-comparison.ipynb`): all programs on the common policy-area taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.catalog import load_catalog, project_root
from analysis.core.escape import md_text
from analysis.pages.charts import html_table
from analysis.pages.format import (
    as_float,
    cite,
    fmt_number,
    fmt_pct,
    fmt_tl,
    fmt_tl_short,
    read_csv,
    to_decimal,
)


@dataclass
class ComparisonPage:
    tables_dir: Path
    names: dict[str, str]
    href_prefix: str = "comparison-tables/"

    @classmethod
    def load(cls, root: Path | None = None) -> ComparisonPage:
        root = root or project_root()
        names = {p.id: f"{p.short_name} {p.year}" for p in load_catalog(root)}
        return cls(root / "data" / "analysis" / "_comparison", names)

    def table(self, name: str) -> pd.DataFrame:
        path = self.tables_dir / f"{name}.csv"
        return read_csv(path) if path.exists() else pd.DataFrame()

    def cite(self, table: str, column: str, row: int, kind: str = "number") -> str:
        value = self.table(table)[column].iloc[row]
        display = {"tl": fmt_tl, "tl_short": fmt_tl_short, "pct": fmt_pct}.get(kind, fmt_number)(value)
        return cite(display, href=f"{self.href_prefix}{table}.csv", table=table, column=column, row=row, value=value)


def programs_table(page: ComparisonPage) -> str:
    df = page.table("programs")
    if df.empty:
        return "_Henüz program yok._"
    lines = ["| Program | Toplam kaynak ihtiyacı | Faaliyetlere bağlanan | Performans hedefi | Gösterge | Faaliyet | Birim |", "|---|---|---|---|---|---|---|"]
    for i, r in df.iterrows():
        lines.append(
            f"| [{md_text(page.names.get(r['program'], r['program']))}]({r['program']}/index.ipynb) "
            f"| {page.cite('programs', 'total_resource_need', i, 'tl_short')} | {page.cite('programs', 'activities_total', i, 'tl_short')} "
            f"| {page.cite('programs', 'performance_targets', i)} | {page.cite('programs', 'indicators', i)} "
            f"| {page.cite('programs', 'activities', i)} | {page.cite('programs', 'units', i)} |"
        )
    return "\n".join(lines)


def area_sentences(page: ComparisonPage, area: str = "transport") -> str:
    """How much each program plans for one policy area (default: transport), in plain words."""
    df = page.table("budget_by_policy_area")
    if df.empty:
        return ""
    rows = df.reset_index()
    rows = rows[rows["policy_area"] == area]
    label = rows["label_tr"].iloc[0] if len(rows) else area
    items = []
    for _, r in rows.iterrows():
        i = int(r["index"])
        items.append(
            f"- **{md_text(page.names.get(r['program'], r['program']))}**: {page.cite('budget_by_policy_area', 'total', i, 'tl')} "
            f"(faaliyet bütçesindeki payı {page.cite('budget_by_policy_area', 'share', i, 'pct')}; bu alanda {page.cite('budget_by_policy_area', 'activities', i)} faaliyet)"
        )
    missing = [n for pid, n in page.names.items() if pid in set(page.table("programs")["program"]) and pid not in set(rows["program"])]
    items += [f"- **{md_text(n)}**: bu alana bağlanan faaliyet yok" for n in missing]
    return f"**{md_text(label)}** alanına ayrılan para:\n\n" + "\n".join(items)


def chart_policy_areas(page: ComparisonPage, site_root: str | None) -> Any:
    import altair as alt

    from analysis.pages import charts

    df = page.table("budget_by_policy_area")
    if df.empty:
        return ""
    plot = df[["program", "label_tr"]].copy()
    plot["program"] = plot["program"].map(lambda p: page.names.get(p, p))
    plot["pay"] = as_float(df["share"])
    plot["tutar"] = as_float(df["total"])
    order = list(df.groupby("label_tr")["share"].apply(lambda s: -sum(as_float(s))).sort_values().index)
    chart = (
        alt.Chart(plot)
        .mark_bar()
        .encode(
            x=alt.X("pay:Q", title="Faaliyet bütçesi içindeki pay", axis=alt.Axis(format=".0%")),
            y=alt.Y("label_tr:N", sort=order, title=None),
            yOffset=alt.YOffset("program:N"),
            color=alt.Color("program:N", title="Program", legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("program:N", title="Program"), alt.Tooltip("label_tr:N", title="Alan"), alt.Tooltip("pay:Q", title="Pay", format=".1%"), alt.Tooltip("tutar:Q", title="TL", format=",.0f")],
        )
    )
    return charts.figure(
        charts.theme(chart, height=34 * len(order) + 40),
        title="Politika alanlarına göre bütçe payları",
        alt_text="Gruplanmış yatay çubuk grafik: her ortak politika alanının her programın faaliyet bütçesindeki payı.",
        data=df[["program", "label_tr", "total", "share", "activities"]],
        columns={"program": "Program", "label_tr": "Politika alanı", "total": "Tutar (TL)", "share": "Pay", "activities": "Faaliyet"},
        csv=f"{page.href_prefix}budget_by_policy_area.csv",
        site_root=site_root,
        chart_id="chart-compare-policy-areas",
    )


def chart_ambition(page: ComparisonPage, site_root: str | None) -> Any:
    import altair as alt

    from analysis.pages import charts

    df = page.table("ambition_summary")
    if df.empty:
        return ""
    rows = []
    order = {"İyileşiyor": 0, "Aynı": 1, "Kötüleşiyor": 2}
    for _, r in df.iterrows():
        for col, name in (("share_improves", "İyileşiyor"), ("share_equal", "Aynı"), ("share_worse", "Kötüleşiyor")):
            rows.append({"program": page.names.get(r["program"], r["program"]), "durum": name, "sira": order[name], "pay": float(to_decimal(r[col]) or 0)})
    chart = (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            x=alt.X("pay:Q", title="Karşılaştırılabilir göstergelerin payı", axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("program:N", title=None),
            color=alt.Color("durum:N", title="2021 hedefi başlangıca göre", scale=alt.Scale(domain=list(order), range=["#1b7837", "#8c8c8c", "#b22222"]), legend=alt.Legend(orient="bottom")),
            order=alt.Order("sira:Q"),
            tooltip=[alt.Tooltip("program:N"), alt.Tooltip("durum:N"), alt.Tooltip("pay:Q", format=".1%")],
        )
    )
    return charts.figure(
        charts.theme(chart, height=50 * len(df) + 20),
        title="Hedefler ne kadar iddialı?",
        alt_text="Yığılmış çubuk grafik: her programda 2021 hedefi başlangıç değerinden iyi, aynı ya da kötü olan göstergelerin payı.",
        data=df[["program", "indicators", "comparable", "share_improves", "share_equal", "share_worse", "share_worse_than_reached", "share_equals_last"]],
        columns={"program": "Program", "indicators": "Gösterge", "comparable": "Karşılaştırılabilir", "share_improves": "İyileşen", "share_equal": "Aynı", "share_worse": "Kötüleşen", "share_worse_than_reached": "Ulaşılanın gerisinde", "share_equals_last": "Son değere eşit"},
        csv=f"{page.href_prefix}ambition_summary.csv",
        site_root=site_root,
        chart_id="chart-compare-ambition",
    )


def ambition_sentences(page: ComparisonPage) -> str:
    df = page.table("ambition_summary")
    items = []
    for i, r in df.iterrows():
        items.append(
            f"- **{md_text(page.names.get(r['program'], r['program']))}**: başlangıçtan iyi olan hedeflerin payı {page.cite('ambition_summary', 'share_improves', i, 'pct')}, "
            f"daha önce ulaşılmış düzeyin gerisinde kalanların payı {page.cite('ambition_summary', 'share_worse_than_reached', i, 'pct')}."
        )
    return "\n".join(items)


def quality_table(page: ComparisonPage) -> str:
    df = page.table("indicator_quality")
    if df.empty:
        return ""
    show = df.copy()
    show["program"] = show["program"].map(lambda p: page.names.get(p, p))
    for c in ("share_with_actual", "share_with_baseline", "share_equals_last", "share_output", "share_outcome"):
        show[c] = [fmt_pct(v) if v != "" else "belirtilmemiş" for v in show[c]]
    show["indicators_per_target_mean"] = [to_decimal(v) for v in show["indicators_per_target_mean"]]
    return html_table(
        show,
        {"program": "Program", "indicators_per_target_mean": "Hedef başına gösterge", "share_with_actual": "2019 değeri olan", "share_with_baseline": "Geçmiş değeri olan", "share_equals_last": "Hedefi son değere eşit", "share_output": "Çıktı göstergesi", "share_outcome": "Sonuç göstergesi"},
        caption="Gösterge kalitesi",
    ) + f'<p><a href="{page.href_prefix}indicator_quality.csv" download>indicator_quality.csv</a></p>'
