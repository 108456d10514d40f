"""The program budget page (`notebooks/20-budget.ipynb`): where the money goes, from the analysis tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from analysis.core.escape import md_text
from analysis.pages import charts
from analysis.pages.base import ProgramPage, bar_chart, details_table
from analysis.pages.charts import html_table
from analysis.pages.format import fmt_money, fmt_pct, fmt_tl, pdf_link, to_decimal
from analysis.pages.sources import box_from_text, see_in_document


def key_figure(page: ProgramPage, measure: str, kind: str = "number") -> str:
    """Cite one row of key_figures by its measure name."""
    kf = page.table("key_figures")
    rows = kf.index[kf["measure"] == measure].tolist()
    if not rows:
        return "–"
    return page.cite("key_figures", "value", row=rows[0], kind=kind)


def coverage_sentence(stated: Decimal | None, activities_total: Decimal | None, share_cited: str) -> str:
    """What part of the document's total the activities cover, chosen by the numbers themselves.

    All of it (exactly equal), a part (less), more than the total (more), or nothing to compare with.
    """
    if stated is None or activities_total is None or stated == 0:
        return ": belgenin kendi toplamıyla karşılaştırılamıyor (belgede toplam kaynak ihtiyacı yazılmamış)."
    if activities_total == stated:
        return (
            f": belgedeki toplamın tamamı (oranı: {share_cited}). Belge bütün kaynak ihtiyacını (personel giderleri dahil) "
            f"faaliyetlere bağlamış; bu sayfadaki paylar bütün bütçe içindeki paylardır."
        )
    if activities_total > stated:
        return (
            f": belgedeki toplamdan fazla (oranı: {share_cited}). Faaliyetlerin tutarları belgenin kendi toplamını aşıyor; "
            f"bu bir tutarsızlıktır ([belgenin rakamları](checks.html)). Bu sayfada her pay neyin payı olduğunu söyler: **faaliyetlere bağlanan para** içinde ya da **bütçe** (belgenin toplam kaynak ihtiyacı) içinde."
        )
    return (
        f": belgedeki toplamın yalnızca bir kısmı (oranı: {share_cited}). Geri kalanı (personel, genel yönetim giderleri, "
        f"başka idarelere transferler, yedek ödenek gibi) belgede hiçbir faaliyete bağlanmamış. Bu yüzden bu sayfada her pay neyin payı "
        f"olduğunu söyler: **faaliyetlere bağlanan para** içinde ya da **bütçe** (belgenin toplam kaynak ihtiyacı) içinde; belge bir payı "
        f"kendisi yazıyorsa, belgenin yazdığı pay da yanında verilir."
    )


def stated_total_crop(page: ProgramPage, site_root: str | None) -> str:
    """"belgede gör" for the document's grand total (the overview row's page and box): a block of its own,
    to be placed right after the paragraph that cites the total."""
    ov = page.table("overview")
    if ov.empty or "total_resource_need_box" not in ov:
        return ""
    r = ov.iloc[0]
    what = f"belgede yazan toplam kaynak ihtiyacı, {fmt_money(r['total_resource_need'])} TL"
    return see_in_document(page.program, r["total_resource_need_page"], box_from_text(r["total_resource_need_box"]), site_root, what,
                           label=f"belgede gör: toplam kaynak ihtiyacı {fmt_money(r['total_resource_need'])} TL")


def summary(page: ProgramPage, site_root: str | None) -> str:
    """The stated total, what the activities add up to, and what is left outside any activity."""
    ov = page.table("overview")
    if ov.empty:
        return "_Veri yok._"
    root = site_root or "."
    stated_pdf = pdf_link(page.program, ov["total_resource_need_page"].iloc[0], root)
    coverage = coverage_sentence(to_decimal(ov["total_resource_need"].iloc[0]), to_decimal(ov["activities_total"].iloc[0]), key_figure(page, "activities_coverage", "pct"))
    top_theme = theme_shares_sentence(page, site_root)
    return (
        f"Belge, {page.program.year} için toplam kaynak ihtiyacını {page.cite('overview', 'total_resource_need', kind='tl')} olarak veriyor"
        f"{f' ({stated_pdf})' if stated_pdf else ''}. Performans hedeflerine bağlanan "
        f"{page.cite('overview', 'activities')} faaliyetin tutarları toplandığında {page.cite('overview', 'activities_total', kind='tl')} ediyor"
        f"{coverage}{top_theme}\n\n{stated_total_crop(page, site_root)}"
    )


SHARE_WORDS = {
    "share": "Pay (faaliyetlere bağlanan para içinde)",
    "share_of_budget": "Pay (bütçe içinde)",
    "stated_share": "Belgenin yazdığı pay (bütçe içinde)",
    "stated_share_page": "Belgenin payı: sayfa",
}
"""Every share column says of what: the money tied to activities, the whole budget, or as the document prints it."""


def shares_phrase(page: ProgramPage, table: str, row: int, site_root: str | None) -> str:
    """`faaliyetlere bağlanan para içinde %42,1; bütçe içinde %27,7; belgenin yazdığı %27,71 (s. 101)` for one row."""
    df = page.table(table)
    r = df.iloc[row]
    parts = [f"faaliyetlere bağlanan para içinde {page.cite(table, 'share', row, kind='pct')}"]
    if "share_of_budget" in df and r["share_of_budget"] != "":
        parts.append(f"bütçe içinde {page.cite(table, 'share_of_budget', row, kind='pct')}")
    if "stated_share" in df and r["stated_share"] != "":
        printed = page.cite(table, "stated_share", row, display=fmt_pct(r["stated_share"], 2))
        where = pdf_link(page.program, r["stated_share_page"], site_root or ".")
        parts.append(f"belgenin kendi yazdığı pay {printed}{f' ({where})' if where else ''}")
    return "; ".join(parts)


def theme_shares_sentence(page: ProgramPage, site_root: str | None) -> str:
    """The largest theme with its share named twice (of the activities' money, of the whole budget) and as printed."""
    theme = page.table("budget_by_theme")
    if theme.empty:
        return ""
    return (f" En çok kaynak ayrılan tema **{md_text(theme['theme'].iloc[0])}**: {page.cite('budget_by_theme', 'total', 0, kind='tl')} "
            f"({shares_phrase(page, 'budget_by_theme', 0, site_root)}).")


def chart_themes(page: ProgramPage, site_root: str | None) -> Any:
    df = page.table("budget_by_theme")
    first = f"{df['theme'].iloc[0]} (faaliyetlere bağlanan para içinde {fmt_pct(df['share'].iloc[0])})" if not df.empty else ""
    return bar_chart(
        page, site_root, "budget_by_theme", "theme", "total",
        title="Belgenin kendi temalarına göre faaliyet bütçesi",
        alt_text=f"Yatay çubuk grafik: temalara göre faaliyetlerin toplam kaynak ihtiyacı; en büyüğü {first}.",
        value_title="TL",
        columns={"theme": "Tema / hizmet alanı", "activities": "Faaliyet", "targets": "Performans hedefi", "total": "Toplam (TL)",
                 **{k: v for k, v in SHARE_WORDS.items() if k in df}, "pages": "Sayfalar"},
        chart_id="chart-themes",
    )  # fmt: skip


def chart_policy_areas(page: ProgramPage, site_root: str | None) -> Any:
    df = page.table("budget_by_policy_area")
    first = f"{df['label_tr'].iloc[0]} (faaliyetlere bağlanan para içinde {fmt_pct(df['share'].iloc[0])})" if not df.empty else ""
    return bar_chart(
        page, site_root, "budget_by_policy_area", "label_tr", "total",
        title="Ortak politika alanlarına göre faaliyet bütçesi",
        alt_text=f"Yatay çubuk grafik: programlar arası karşılaştırma için kullanılan ortak politika alanlarına göre tutarlar; en büyüğü {first}.",
        value_title="TL",
        columns={"label_tr": "Politika alanı", "activities": "Faaliyet", "targets": "Performans hedefi", "total": "Toplam (TL)",
                 **{k: v for k, v in SHARE_WORDS.items() if k in df and k in ("share", "share_of_budget")}},
        chart_id="chart-policy-areas",
    )  # fmt: skip


RULE_KINDS = {
    "purpose_name": "Faaliyet adında amaç ifadesi",
    "purpose_target": "Performans hedefi metninde amaç ifadesi",
    "correction": "Belgenin hatasına kayıtlı düzeltme",
    "shared_unit": "Standart birim adı",
    "shared_unit_keyword": "Birim adında anahtar kelime",
    "shared_theme_keyword": "Tema adında anahtar kelime",
    "unmapped": "Eşleştirilmemiş",
}
SOURCES = {"override": "Kayıtlı düzeltme", "shared": "Ortak kural", "unmapped": "Eşleştirilmemiş"}
BASES = {"name": "faaliyetin adı", "target": "performans hedefinin metni", "theme": "tema", "unit": "yalnız birim", "correction": "kayıtlı düzeltme"}


def rule_text(rule: str) -> str:
    """`purpose_name:kavşak` -> `Faaliyet adında amaç ifadesi: kavşak`."""
    kind, _, key = rule.partition(":")
    kind = kind.removesuffix(" (fallback)")
    return RULE_KINDS.get(kind, kind) + (f": {key}" if key else "")


def crosswalk_link(site_root: str | None) -> str:
    return f"[politika alanı – COFOG eşleştirmesi]({site_root or '.'}/methodology.html#cofog)"


def how_areas_are_decided(page: ProgramPage, site_root: str | None) -> str:
    """How each share was decided: purpose first (name, target text, theme, unit), with the money each basis decided."""
    kf = page.table("key_figures")
    parts = [f"{words} {key_figure(page, f'policy_area_basis_{basis}_share', 'pct')}" for basis, words in BASES.items()
             if (kf["measure"] == f"policy_area_basis_{basis}_share").any()]
    text = (
        "**Paylar nasıl belirlendi.** Her faaliyet, parasının ne için harcandığına göre tek bir politika alanına girer "
        "(BM'nin devlet fonksiyonları sınıflandırması COFOG'daki gibi; Türkiye bütçesinin fonksiyonel sınıflandırması da ona dayanır). "
        "Kanıt sırası her program için aynıdır: önce faaliyetin adı, sonra performans hedefinin metni, sonra tema, en son harcamayı "
        "yapan birim. Her alanın COFOG karşılığı: " + crosswalk_link(site_root) + "."
    )
    if parts:
        text += " Bu programda alanı belirleyen kanıt, paraya göre: " + "; ".join(parts) + "."
    return text


def low_confidence(page: ProgramPage, site_root: str | None) -> str:
    """The activities whose area was decided with low confidence, listed for review (largest money first)."""
    df = page.table("policy_area_review")
    kf = page.table("key_figures")
    if not (kf["measure"] == "policy_area_low_confidence_count").any():
        return ""
    head = (f"**Gözden geçirilecek kararlar.** {key_figure(page, 'policy_area_low_confidence_count')} faaliyetin alanı düşük güvenle "
            f"belirlendi (paranın payı: {key_figure(page, 'policy_area_low_confidence_share', 'pct')}): karar veren kanıtla öteki kanıtların "
            "hepsi çelişiyor ya da alanı yalnız birimin adı söylüyor.")
    if df.empty:
        return head
    labels = dict(zip(page.table("budget_by_policy_area").get("policy_area", []), page.table("budget_by_policy_area").get("label_tr", []), strict=True))
    show = df.assign(alan=[labels.get(v, v) for v in df["policy_area"]], karar=[BASES.get(v, v) for v in df["policy_area_basis"]],
                     kanit=[_evidence_tr(v, labels) for v in df["policy_area_evidence"]], total=[to_decimal(v) for v in df["total"]])
    columns = {"name": "Faaliyet", "unit": "Birim", "alan": "Atanan alan", "cofog": "COFOG", "karar": "Karar veren", "kanit": "Kanıtlar",
               "total": "Tutar (TL)", "page": "Sayfa"}
    return head + "\n\n" + details_table(page, "policy_area_review", show, f"Düşük güvenli {len(df)} karar (tablo)", columns, site_root)


_SOURCES_TR = {"name": "ad", "target": "hedef", "theme": "tema", "unit": "birim"}


def _evidence_tr(text: object, labels: dict) -> str:
    """`name=transport; unit=urban_planning` -> `ad: Ulaşım; birim: İmar, şehircilik ve yapı`."""
    out = []
    for part in str(text or "").split(";"):
        source, _, area = part.strip().partition("=")
        if source:
            out.append(f"{_SOURCES_TR.get(source, source)}: {labels.get(area, area)}")
    return "; ".join(out)


def policy_area_rules(page: ProgramPage, site_root: str | None) -> str:
    """How each activity's policy area was decided: the order of evidence, the rules with their money, and the low-confidence list."""
    df = page.table("policy_area_rules")
    if df.empty:
        return ""
    labels = dict(zip(page.table("budget_by_policy_area").get("policy_area", []), page.table("budget_by_policy_area").get("label_tr", []), strict=True))
    show = df.assign(
        kaynak=[SOURCES.get(v, v) for v in df["policy_area_source"]],
        kural=[rule_text(v) for v in df["policy_area_rule"]],
        alan=[labels.get(v, v) for v in df["policy_area"]],
        total=[to_decimal(v) for v in df["total"]],
        share=[fmt_pct(v) for v in df["share"]],
    )
    columns = {"kaynak": "Kaynak", "kural": "Kural", "alan": "Politika alanı", "activities": "Faaliyet", "total": "Tutar (TL)", "share": SHARE_WORDS["share"], "note": "Gerekçe"}
    parts = [how_areas_are_decided(page, site_root),
             details_table(page, "policy_area_rules", show, f"Alanları belirleyen {len(df)} kural (tablo)", columns, site_root),
             low_confidence(page, site_root)]
    return "\n\n".join(p for p in parts if p)


def chart_units(page: ProgramPage, site_root: str | None, top: int = 15) -> Any:
    df = page.table("budget_by_unit")
    first = f"{df['unit'].iloc[0]} (faaliyetlere bağlanan para içinde {fmt_pct(df['share'].iloc[0])})" if not df.empty else ""
    return bar_chart(
        page, site_root, "budget_by_unit", "unit", "total", top=top,
        title=f"Faaliyet bütçesi en büyük {min(top, len(df))} birim",
        alt_text=f"Yatay çubuk grafik: birimlere göre faaliyetlerin toplam kaynak ihtiyacı; en büyüğü {first}.",
        value_title="TL",
        columns={"unit": "Birim", "activities": "Faaliyet", "targets": "Performans hedefi", "total": "Toplam (TL)",
                 **{k: v for k, v in SHARE_WORDS.items() if k in df and k in ("share", "share_of_budget")}, "zero_total_activities": "0 TL faaliyet"},
        chart_id="chart-budget-units",
    )  # fmt: skip


def _activities_vs_document_chart(
    page: ProgramPage, site_root: str | None, df: Any, table: str, label: str, *, title: str, alt_text: str, columns: dict[str, str], chart_id: str
) -> Any:
    """Grouped bars: each row's amount in the activity rows and, where the document states it, in its own table.

    `df` is the analysis table `table` (its CSV is the chart's download), possibly with a label column added.
    """
    import altair as alt
    import pandas as pd

    from analysis.pages import charts

    rows = []
    for _, r in df.iterrows():
        if to_decimal(r["amount"]):
            rows.append({"label": charts.wrap(r[label]), "kaynak": "Faaliyetler", "tutar": float(Decimal(r["amount"])), "tutar_metin": fmt_tl(r["amount"])})
        if to_decimal(r.get("stated_amount", "")):
            rows.append({"label": charts.wrap(r[label]), "kaynak": "Belgenin tablosu (tüm bütçe)", "tutar": float(Decimal(r["stated_amount"])),
                         "tutar_metin": fmt_tl(r["stated_amount"])})
    plot = pd.DataFrame(rows)
    if plot.empty:
        return charts.note("Tutar yok.")
    chart = (
        alt.Chart(plot)
        .mark_bar()
        .encode(
            x=alt.X("tutar:Q", axis=charts.money_axis()),
            y=alt.Y("label:N", title=None, sort=list(dict.fromkeys(plot["label"])), axis=alt.Axis(labelExpr=charts.WRAPPED_LABEL)),
            yOffset=alt.YOffset("kaynak:N"),
            color=alt.Color("kaynak:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("label:N", title="Kalem"), alt.Tooltip("kaynak:N", title="Kaynak"), alt.Tooltip("tutar_metin:N", title="Tutar")],
        )
    )
    return charts.figure(
        charts.theme(chart, height=max(120, 44 * plot["label"].nunique())),
        title=title,
        alt_text=alt_text,
        data=df,
        columns=columns,
        csv=f"{page.href_prefix}{table}.csv",
        site_root=site_root,
        chart_id=chart_id,
    )


def chart_econ_class(page: ProgramPage, site_root: str | None) -> Any:
    """Current vs capital spending: in the activity rows and, where stated, in the whole budget."""
    df = page.table("budget_by_econ_class")
    if df.empty:
        return charts.note("Ekonomik sınıflandırma tablosu yok.")
    alt_text = "Yatay çubuk grafik: cari ve sermaye giderleri"
    cap = df[df["econ_class"] == "capital"]
    if not cap.empty:
        alt_text += f"; sermaye giderlerinin faaliyetler içindeki payı {fmt_pct(cap['share'].iloc[0])}"
        if to_decimal(cap["stated_share"].iloc[0]) is not None:
            alt_text += f", tüm bütçedeki payı {fmt_pct(cap['stated_share'].iloc[0])}"
    return _activities_vs_document_chart(
        page, site_root, df, "budget_by_econ_class", "label",
        title="Cari ve sermaye giderleri",
        alt_text=alt_text + ".",
        columns={"label": "Sınıf", "amount": "Faaliyetlerde (TL)", "share": "Pay (faaliyetler)", "stated_amount": "Tüm bütçede (TL)", "stated_share": "Pay (tüm bütçe)"},
        chart_id="chart-econ-class",
    )  # fmt: skip


def chart_econ_codes(page: ProgramPage, site_root: str | None) -> Any:
    """Every first-level economic code (01 Personel … 09 Yedek Ödenekler): activities vs the document's table."""
    df = page.table("budget_by_econ")
    if df.empty:
        return charts.note("Ekonomik kod tablosu yok.")
    df = df.assign(kod=[f"{c} {n}" for c, n in zip(df["econ_code"], df["econ_name"], strict=True)])
    biggest = df.assign(_v=[to_decimal(v) or 0 for v in df["stated_amount"]]).sort_values("_v").iloc[-1]
    return _activities_vs_document_chart(
        page, site_root, df, "budget_by_econ", "kod",
        title="Ekonomik kodlara göre",
        alt_text=f"Yatay çubuk grafik: birinci düzey ekonomik kodlara göre tutarlar; belgenin tablosunda en büyük kalem {biggest['kod']} ({fmt_tl(biggest['stated_amount'])}).",
        columns={"econ_code": "Kod", "econ_name": "Ad", "amount": "Faaliyetlerde (TL)", "stated_amount": "Belgenin tablosunda (TL)", "stated_share": "Pay (tüm bütçe)", "stated_page": "Sayfa"},
        chart_id="chart-econ-codes",
    )  # fmt: skip


def concentration(page: ProgramPage) -> str:
    bc = page.table("budget_concentration")
    if bc.empty:
        return ""
    zero = int(to_decimal(bc["zero_total_activities"].iloc[0]) or 0)
    missing = int(to_decimal(bc["missing_total_activities"].iloc[0]) or 0) if "missing_total_activities" in bc else 0
    zero_sentence = (
        "Kaynak ihtiyacı **0 TL** yazılan faaliyet yok."
        if zero == 0
        else f"{page.cite('budget_concentration', 'zero_total_activities')} faaliyetin kaynak ihtiyacı **0 TL** yazılmış."
    ) + (f" {page.cite('budget_concentration', 'missing_total_activities')} faaliyetin ise tutarı hiç yazılmamış." if missing else "")
    return (
        f"Faaliyetlere bağlanan paranın yarısı {page.cite('budget_concentration', 'activities_for_half')} faaliyete gidiyor. En büyük 10 faaliyetin "
        f"faaliyetlere bağlanan para içindeki payı: {page.cite('budget_concentration', 'top10_share', kind='pct')}. Faaliyetler arası yoğunlaşma "
        f"(Herfindahl-Hirschman endeksi) {page.cite('budget_concentration', 'hhi_points')} puan (0–10.000): bu, paranın "
        f"eşit paylaşıldığı {page.cite('budget_concentration', 'effective_number')} faaliyete denk bir dağılım demek. "
        f"{zero_sentence}"
    )


def top_activities(page: ProgramPage, site_root: str | None) -> str:
    df = page.table("top_activities")
    if df.empty:
        return ""
    root = site_root or "."
    show = df.copy()
    show["Sayfa"] = [pdf_link(page.program, p, root) for p in show["page"]]
    show["Belgede"] = activity_crops(page, df, site_root)
    show["total"] = [to_decimal(v) for v in show["total"]]
    show["share"] = [fmt_pct(v) for v in show["share"]]
    columns = {"rank": "Sıra", "name": "Faaliyet", "unit": "Birim", "total": "Tutar (TL)", "share": SHARE_WORDS["share"], "Sayfa": "Sayfa", "Belgede": "Belgede"}
    table = html_table(show, columns, caption=f"En büyük {len(df)} faaliyet", raw={"Sayfa", "Belgede"})
    return table + f'<p><a href="{page.href_prefix}top_activities.csv" download>top_activities.csv</a></p>'


def activity_crops(page: ProgramPage, df: Any, site_root: str | None) -> list[str]:
    """"belgede gör" for each activity row of an analysis table (its `page` and `box`): the row on the card."""
    out = []
    for _, r in df.iterrows():
        total = to_decimal(r.get("total", ""))
        amount = f"{fmt_money(total)} TL" if total is not None else "tutar yazılmamış"
        out.append(see_in_document(page.program, r.get("page"), box_from_text(r.get("box", "")), site_root, f"faaliyet ‘{r['name']}’, {amount}"))
    return out


def zero_budget(page: ProgramPage, site_root: str | None) -> str:
    df = page.table("zero_budget_activities")
    if df.empty:
        return "Kaynak ihtiyacı 0 TL yazılan faaliyet yok."
    df = df.assign(Belgede=activity_crops(page, df, site_root), durum=[ZERO_REASONS.get(v, v) for v in df.get("reason", [""] * len(df))])
    columns = {"name": "Faaliyet", "unit": "Birim", "theme": "Tema", "durum": "Tutar", "page": "Sayfa", "Belgede": "Belgede"}
    zero = sum(1 for v in df["reason"] if v == "zero") if "reason" in df else len(df)
    parts = [f"0 TL yazılan {zero}" if zero else "", f"tutarı yazılmayan {len(df) - zero}" if len(df) - zero else ""]
    title = f"Kaynak ihtiyacı {' ve '.join(p for p in parts if p)} faaliyet"
    return details_table(page, "zero_budget_activities", df, title, columns, site_root, raw=frozenset({"Belgede"}))


ZERO_REASONS = {"zero": "0 TL yazılmış", "missing_total": "tutar yazılmamış"}


def per_target(page: ProgramPage, site_root: str | None) -> str:
    df = page.table("budget_per_target")
    if df.empty:
        return ""
    show = df.copy()
    for c in ("total", "budget_per_indicator"):
        show[c] = [to_decimal(v) for v in show[c]]
    show["share"] = [fmt_pct(v) for v in show["share"]]
    columns = {"ph_code": "Kod", "unit": "Birim", "activities": "Faaliyet", "total": "Tutar (TL)", "share": SHARE_WORDS["share"], "indicators": "Gösterge", "budget_per_indicator": "Gösterge başına (TL)", "page": "Sayfa"}
    return (
        f"Performans hedefi başına ortanca tutar {key_figure(page, 'median_budget_per_target', 'tl')}, gösterge başına ortalama "
        f"{key_figure(page, 'budget_per_indicator', 'tl')}.\n\n"
        + details_table(page, "budget_per_target", show, "Performans hedefi başına bütçe (tablo)", columns, site_root)
    )


__all__ = ["summary", "chart_themes", "chart_policy_areas", "policy_area_rules", "chart_units", "chart_econ_class", "chart_econ_codes", "concentration", "top_activities", "zero_budget", "per_target", "fmt_money", "fmt_tl"]
