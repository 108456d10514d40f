"""The program indicators page (`notebooks/30-indicators.ipynb`): how ambitious the targets are, and how good
the indicators are, from the analysis tables (definitions on the methodology page)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.core.escape import md_text
from analysis.pages import charts
from analysis.pages.base import ProgramPage, details_table
from analysis.pages.budget import key_figure
from analysis.pages.format import as_float, fmt_number, fmt_pct, to_decimal
from analysis.pages.sources import box_from_text, see_in_document

MIN_COMPARABLE = 5
"""A unit or theme is ranked only when at least this many of its indicators can be compared."""


def summary(page: ProgramPage) -> str:
    a = page.table("ambition_summary")
    if a.empty:
        return "_Gösterge tablosu yok._"
    c = lambda col, kind="number": page.cite("ambition_summary", col, kind=kind)  # noqa: E731
    comparable = int(to_decimal(a["comparable"].iloc[0]) or 0)
    if comparable == 0:
        return (
            f"Programdaki {c('indicators')} göstergenin hiçbirinin 2021 hedefi bir başlangıç değeriyle karşılaştırılamıyor "
            f"(karşılaştırılabilen: {c('comparable')}): belgede geçmiş yılların değerleri sayı olarak yazılmamış. "
            f"Bu yüzden hedeflerin ne kadar iddialı olduğu bu belgeden söylenemiyor."
        )
    worse_than_reached = int(to_decimal(a["worse_than_reached"].iloc[0]) or 0)
    behind = (
        f"{c('worse_than_reached')} göstergede (daha önce ulaşılmış bir düzeyle karşılaştırılabilenler içinde payı {c('share_worse_than_reached', 'pct')}) "
        f"2021 hedefi, **belediyenin zaten ulaştığı düzeyin gerisinde**."
        if worse_than_reached
        else f"Hiçbir göstergede 2021 hedefi belediyenin daha önce ulaştığı düzeyin gerisinde değil ({c('worse_than_reached')} gösterge)."
    )
    baseline_note = (
        "2020 sütunu yalnızca ilk 6 ayın gerçekleşmesi olduğu için akış göstergelerinde (yıllık toplanan sayılar) başlangıç değeri olarak 2019 kullanıldı"
        if (page.table("indicator_ambition")["interim_role"] == "partial_actual").any()
        else "2020 sütunu bir tahmin olduğu (ve pandemi yılı olduğu) için başlangıç değeri olarak önce 2019 gerçekleşmesi kullanıldı"
    )
    return (
        f"Programdaki {c('indicators')} göstergenin {c('comparable')} tanesinin 2021 hedefi, bir başlangıç değeriyle karşılaştırılabiliyor "
        f"({baseline_note}). Bunlar arasında **hedefi başlangıçtan daha iyi olanların payı {c('share_improves', 'pct')}**; "
        f"aynı kalanların payı {c('share_equal', 'pct')}, daha kötü olanların payı {c('share_worse', 'pct')}. "
        f"Son yazılan değerle aynı olan hedeflerin payı: {c('share_equals_last', 'pct')}. "
        f"{ceiling_sentence(page)}{behind}"
    )


def ceiling_sentence(page: ProgramPage) -> str:
    """Ceilings told apart from flat targets: equal targets whose baseline is already at the best possible value."""
    a = page.table("ambition_summary")
    if a.empty or "held_at_best" not in a.columns:
        return ""
    c = lambda col, kind="number": page.cite("ambition_summary", col, kind=kind)  # noqa: E731
    return (
        f"Aynı kalan hedeflerin {c('held_at_best')} tanesi **tavanda**: başlangıç değeri zaten olabilecek en iyi değerde "
        f"(%100'de duran bir oran, 0 ya da 1 günlük bir süre), bu yüzden iddiasızlık sayılmaz. Bunlar çıkarılınca daha iyileşebilecek "
        f"{c('open_comparable')} göstergenin {c('share_improves_open', 'pct')} kadarında hedef başlangıçtan iyi; {c('flat')} tanesinde "
        f"hedef, iyileşebilecekken başlangıçla aynı (**yerinde sayan hedef**). "
    )


def baselines(page: ProgramPage) -> str:
    return (
        f"Başlangıç değerleri her zaman yazılmamış: 2019 hücresi {key_figure(page, 'baseline_dash')} göstergede '-', "
        f"{key_figure(page, 'baseline_empty')} göstergede boş, {key_figure(page, 'baseline_zero')} göstergede 0 ve "
        f"{key_figure(page, 'baseline_non_numeric')} göstergede sayı değil. Bu göstergeler sayılır ama uydurma bir "
        f"başlangıç değeri verilmez; karşılaştırılamayanlar paylardan çıkarılır."
    )


def ranked(page: ProgramPage, table: str, label: str) -> pd.DataFrame:
    """Rows with enough comparable indicators, least ambitious (lowest share improving) first."""
    df = page.table(table)
    if df.empty:
        return df
    df = df.reset_index().rename(columns={"index": "_row"})
    open_ = "open_comparable" in df.columns
    df = df[[int(v or 0) >= MIN_COMPARABLE for v in df["open_comparable" if open_ else "comparable"]]].copy()
    df["_improves"] = as_float(df["share_improves_open" if open_ else "share_improves"])
    return df.sort_values(["_improves", label]).reset_index(drop=True)


def least_ambitious(page: ProgramPage, n: int = 3) -> str:
    df = ranked(page, "ambition_by_unit", "unit")
    if df.empty:
        return ""
    items = []
    for _, r in df.head(n).iterrows():
        row = int(r["_row"])
        items.append(
            f"- **{md_text(r['unit'])}**: daha iyileşebilecek {page.cite('ambition_by_unit', 'open_comparable', row)} göstergenin "
            f"{page.cite('ambition_by_unit', 'share_improves_open', row, kind='pct')} kadarında hedef başlangıçtan iyi, "
            f"{page.cite('ambition_by_unit', 'share_flat_open', row, kind='pct')} kadarında yerinde sayıyor; "
            f"{page.cite('ambition_by_unit', 'held_at_best', row)} gösterge zaten tavanda."
        )
    return (f"En az iddialı hedefleri koyan birimler (daha iyileşebilecek en az {MIN_COMPARABLE} göstergesi olanlar arasında; tavandaki "
            f"göstergeler iddiasız sayılmaz):\n\n" + "\n".join(items))


def chart_ambition(page: ProgramPage, site_root: str | None, table: str = "ambition_by_unit", label: str = "unit", label_title: str = "Birim") -> Any:
    """Stacked bars: share of each unit's (or theme's) targets that improve, stay equal, or get worse."""
    import altair as alt

    from analysis.pages import charts

    df = ranked(page, table, label)
    if df.empty:
        return charts.note("Yeterli karşılaştırılabilir gösterge yok.")
    long = []
    order = {"İyileşiyor": 0, "Tavanda (zaten en iyi değerde)": 1, "Yerinde sayıyor": 2, "Kötüleşiyor": 3}
    for _, r in df.iterrows():
        n = int(r["comparable"])
        counts = {"İyileşiyor": r["improves"], "Tavanda (zaten en iyi değerde)": r.get("held_at_best", 0), "Kötüleşiyor": r["worse"]}
        counts["Yerinde sayıyor"] = r.get("flat", r["equal"])
        for name, count in counts.items():
            share = (to_decimal(count) or 0) / n if n else 0
            long.append({label: charts.wrap(r[label]), "durum": name, "sira": order[name], "pay": float(share), "pay_metin": fmt_pct(share), "n": n})
    plot = pd.DataFrame(long)
    chart = (
        alt.Chart(plot)
        .mark_bar()
        .encode(
            x=alt.X("pay:Q", title=["Karşılaştırılabilir", "göstergelerin payı"], axis=alt.Axis(labelExpr=charts.TR_PERCENT_LABEL), scale=alt.Scale(domain=[0, 1])),
            y=alt.Y(f"{label}:N", sort=[charts.wrap(v) for v in df[label]], title=None, axis=alt.Axis(labelExpr=charts.WRAPPED_LABEL)),
            color=alt.Color("durum:N", title="2021 hedefi başlangıca göre", scale=alt.Scale(domain=list(order), range=["#1b7837", "#56b4e9", "#8c8c8c", "#b22222"]),
                            legend=alt.Legend(orient="bottom")),
            order=alt.Order("sira:Q"),
            tooltip=[alt.Tooltip(f"{label}:N", title=label_title), alt.Tooltip("durum:N", title="Durum"), alt.Tooltip("pay_metin:N", title="Karşılaştırılabilir göstergeler içindeki pay"), alt.Tooltip("n:Q", title="Karşılaştırılabilir gösterge")],
        )
    )
    worst = df.iloc[0]
    what = "birim" if label == "unit" else "tema"
    return charts.figure(
        charts.theme(chart, height=max(160, 18 * sum(charts.wrap(v).count("\n") + 1 for v in df[label]) + 8 * len(df))),
        title=f"Hangi {what} ne kadar iddialı hedef koyuyor?",
        alt_text=(
            f"Yığılmış çubuk grafik: her {what} için 2021 hedefi başlangıç değerinden iyi olan, zaten tavanda duran, yerinde sayan ya da kötüleşen "
            f"göstergelerin payı; en az iddialı olan {worst[label]} (daha iyileşebilecek göstergelerde iyileşen payı "
            f"{fmt_pct(worst.get('share_improves_open', worst['share_improves']))})."
        ),
        data=df[[c for c in (label, "comparable", "held_at_best", "open_comparable", "share_improves_open", "share_flat_open", "share_worse", "share_worse_than_reached") if c in df]],
        columns={k: v for k, v in {label: label_title, "comparable": "Karşılaştırılabilir", "held_at_best": "Tavanda", "open_comparable": "Daha iyileşebilecek",
                                   "share_improves_open": "İyileşen (iyileşebilecekler içinde)", "share_flat_open": "Yerinde sayan (iyileşebilecekler içinde)",
                                   "share_worse": "Kötüleşen (karşılaştırılabilirler içinde)", "share_worse_than_reached": "Ulaşılanın gerisinde"}.items() if k in df},
        csv=f"{page.href_prefix}{table}.csv",
        site_root=site_root,
        chart_id=f"chart-{table.replace('_', '-')}",
    )


def quality(page: ProgramPage) -> str:
    q = page.table("indicator_quality")
    if q.empty:
        return ""
    c = lambda col, kind="number": page.cite("indicator_quality", col, kind=kind)  # noqa: E731
    text = (
        f"Her performans hedefine ortalama {c('indicators_per_target_mean')} gösterge bağlanmış (en az {c('indicators_per_target_min')}, "
        f"en çok {c('indicators_per_target_max')}). 2019 gerçekleşmesi yazılı göstergelerin payı {c('share_with_actual', 'pct')}; "
        f"en az bir geçmiş değeri olanların payı {c('share_with_baseline', 'pct')}."
    )
    if int(q["type_stated"].iloc[0] or 0) > 0:
        text += (
            f" Belge göstergelerin türünü de veriyor: çıktı göstergelerinin payı {c('share_output', 'pct')}, sonuç göstergelerinin payı yalnızca {c('share_outcome', 'pct')} "
            f"(çıktı: yapılan iş; sonuç: vatandaşa etkisi)."
        )
    else:
        text += " Belge göstergelerin türünü (çıktı, sonuç, kalite…) belirtmiyor."
    return text


def chart_type_mix(page: ProgramPage, site_root: str | None) -> Any:
    df = page.table("indicator_type_mix")
    if df.empty or (len(df) == 1 and df["type_group"].iloc[0] == "not_stated"):
        return charts.note("Bu belgede gösterge türü yazılmamış; tür dağılımı grafiği yok.")
    from analysis.pages.base import bar_chart

    first = df.iloc[0]
    return bar_chart(
        page, site_root, "indicator_type_mix", "indicator_type", "indicators",
        title="Gösterge türleri",
        alt_text=f"Yatay çubuk grafik: belgenin yazdığı gösterge türlerine göre gösterge sayısı; en çok {first['indicator_type']} ({first['indicators']} gösterge).",
        value_title="Gösterge sayısı", value_format=",.0f",
        columns={"indicator_type": "Tür", "indicators": "Gösterge", "share": "Pay"},
        chart_id="chart-type-mix",
    )  # fmt: skip


def chart_budget_vs_ambition(page: ProgramPage, site_root: str | None) -> Any:
    """Scatter: each unit's share of the budget against the share of its targets that improve."""
    import altair as alt

    from analysis.pages import charts

    df = page.table("budget_vs_ambition")
    if df.empty:
        return ""
    df = df[(df["dimension"] == "unit") & (df["comparable"].map(lambda v: int(v or 0)) >= MIN_COMPARABLE)].copy()
    if df.empty:
        return ""
    plot = df[["name"]].copy()
    plot["butce"] = as_float(df["share"])
    plot["iyilesen"] = as_float(df["share_improves"])
    plot["n"] = [int(v) for v in df["comparable"]]
    plot["butce_metin"] = [fmt_pct(v) for v in df["share"]]
    plot["iyilesen_metin"] = [fmt_pct(v) for v in df["share_improves"]]
    chart = (
        alt.Chart(plot)
        .mark_circle(opacity=0.8, color=charts.PALETTE[1])
        .encode(
            x=alt.X("butce:Q", title=["Faaliyetlere bağlanan", "para içindeki pay"], axis=alt.Axis(labelExpr=charts.TR_PERCENT_LABEL, tickCount=5),
                    scale=alt.Scale(domainMin=0, padding=14)),
            y=alt.Y("iyilesen:Q", title=["Hedefi iyileşen", "göstergelerin payı"], axis=alt.Axis(labelExpr=charts.TR_PERCENT_LABEL), scale=alt.Scale(domain=[0, 1], padding=14)),
            size=alt.Size("n:Q", title="Gösterge sayısı", legend=alt.Legend(orient="bottom", symbolFillColor=charts.PALETTE[1])),
            tooltip=[alt.Tooltip("name:N", title="Birim"), alt.Tooltip("butce_metin:N", title="Faaliyetlere bağlanan para içindeki pay"),
                     alt.Tooltip("iyilesen_metin:N", title="Hedefi iyileşen göstergelerin payı"), alt.Tooltip("n:Q", title="Karşılaştırılabilir gösterge")],
        )
    )
    rho = page.table("key_figures")
    rho_row = rho[rho["measure"] == "spearman_budget_vs_improves"]
    rho_text = f" Sıra korelasyonu (Spearman) {fmt_number(rho_row['value'].iloc[0], 2)}." if len(rho_row) and rho_row["value"].iloc[0] else ""
    return charts.figure(
        charts.theme(chart, height=320),
        title="Büyük bütçe, iddialı hedef mi?",
        alt_text=(f"Dağılım grafiği: her nokta bir birim; yatay eksen birimin faaliyetlere bağlanan para içindeki payı, dikey eksen hedefi iyileşen "
                  f"göstergelerin payı, noktanın büyüklüğü karşılaştırılabilir gösterge sayısı.{rho_text}"),
        data=df[["name", "total", "share", "comparable", "share_improves", "share_worse_than_reached"]],
        columns={"name": "Birim", "total": "Tutar (TL)", "share": "Pay (faaliyetlere bağlanan para içinde)", "comparable": "Karşılaştırılabilir gösterge", "share_improves": "İyileşen", "share_worse_than_reached": "Ulaşılanın gerisinde"},
        csv=f"{page.href_prefix}budget_vs_ambition.csv",
        site_root=site_root,
        chart_id="chart-budget-vs-ambition",
    )


def budget_vs_ambition_text(page: ProgramPage) -> str:
    kf = page.table("key_figures")
    known = [m for m in ("share_improves_top_units", "share_improves_rest_units") if not kf.empty and (kf.loc[kf["measure"] == m, "value"] != "").any()]
    if len(known) < 2:
        return "Bütçesi büyük birimlerle diğerlerinin hedefleri karşılaştırılamıyor: iki grupta da karşılaştırılabilir gösterge yok."
    return (
        f"Bütçesi en büyük 5 birimde hedefi iyileşen göstergelerin payı {key_figure(page, 'share_improves_top_units', 'pct')}, "
        f"diğer birimlerde {key_figure(page, 'share_improves_rest_units', 'pct')}."
    )


def below_reached(page: ProgramPage, site_root: str | None) -> str:
    df = page.table("indicator_ambition")
    if df.empty:
        return ""
    df = df[df["target_worse_than_reached"] == "True"].copy()
    if df.empty:
        return "Hiçbir göstergenin hedefi daha önce ulaşılmış düzeyin gerisinde değil."
    df["yon"] = df["direction"].map({"higher": "yüksek iyi", "lower": "düşük iyi"}).fillna(df["direction"])
    df["Belgede"] = [
        see_in_document(page.program, r["page"], box_from_text(r.get("target_box", "")), site_root, f"gösterge ‘{r['name']}’, 2021 hedefi {r['target_raw']}")
        for _, r in df.iterrows()
    ]
    columns = {"name": "Gösterge", "unit": "Birim", "measure_unit": "Ölçü", "yon": "Yön", "actual_raw": "2019", "interim_raw": "2020", "target_raw": "2021 hedefi", "page": "Sayfa", "Belgede": "Belgede"}
    summary = f"Hedefi daha önce ulaşılan düzeyin gerisinde kalan {len(df)} gösterge"
    return details_table(page, "indicator_ambition", df, summary, columns, site_root, max_rows=1000, csv_note="(tüm göstergeler, bütün ara değerlerle)", raw=frozenset({"Belgede"}))
