"""The program overview page: who, how much, how many, and the largest units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from analysis.core.escape import link, md_text
from analysis.pages import charts
from analysis.pages.base import ProgramPage, details_table
from analysis.pages.budget import stated_total_crop
from analysis.pages.edition import edition_sentence
from analysis.pages.format import fmt_tl, fmt_tl_short, pdf_link


def summary(page: ProgramPage, site_root: str | None) -> str:
    """The headline paragraph of a program page: who, how much, how many, with sources."""
    prog = page.program
    ov = page.table("overview")
    if ov.empty:
        return "_Bu program için henüz çıkarılmış veri yok._"
    root = site_root or "."
    total = page.cite("overview", "total_resource_need", kind="tl")
    total_short = fmt_tl_short(ov["total_resource_need"].iloc[0])
    pdf = pdf_link(prog, ov["total_resource_need_page"].iloc[0], root)
    n_ph = page.cite("overview", "performance_targets")
    n_ind = page.cite("overview", "indicators")
    n_act = page.cite("overview", "activities")
    n_units = page.cite("overview", "units")
    mism = page.cite("overview", "reconciliation_mismatches")
    n_mism = int(ov["reconciliation_mismatches"].iloc[0] or 0)
    checks_sentence = (
        f"Belgenin kendi toplamlarını satırlarıyla karşılaştırdık: hepsi tutuyor ({mism} tutarsızlık; [ayrıntılar](checks.html))."
        if n_mism == 0
        else f"Belgenin kendi toplamlarını satırlarıyla karşılaştırdık: {mism} tutarsızlık bulundu ([ayrıntılar](checks.html))."
    )
    return (
        f"**{md_text(prog.municipality)}** ({md_text(prog.province)}, "
        f"{'büyükşehir belediyesi' if prog.kind == 'metropolitan' else 'ilçe belediyesi' if prog.kind == 'district' else md_text(prog.kind)}) "
        f"{prog.year} yılı için toplam **{total}** ({total_short}) kaynak ihtiyacı öngörüyor"
        f"{f' ({pdf})' if pdf else ''}.\n\n{stated_total_crop(page, site_root)}\n\n"
        f"Programda {n_units} birimin sorumluluğunda **{n_ph} performans hedefi**, bunlara bağlı "
        f"**{n_ind} performans göstergesi** ve **{n_act} faaliyet/proje** var. "
        f"{checks_sentence}{ocr_sentence(page)}\n\n"
        + (f"{ocr_values_table(page, site_root)}\n\n" if ocr_sentence(page) else "")
        + f"{edition_sentence(prog, root)}\n\n"
        + f"Kaynak belge: {source_links(page, root)} · "
        f"[veri paketi (zip)]({root}/downloads/{prog.id}.zip)"
        + (f" · yayımlayan: {link(prog.source_url, prog.source_url)}" if prog.source_url else "")
    )


def ocr_sentence(page: ProgramPage) -> str:
    """For a scanned program: how many values were read by OCR, repaired and uncertain (empty otherwise)."""
    ov = page.table("overview")
    if "ocr_values" not in ov.columns or not int(ov["ocr_values"].iloc[0] or 0):
        return ""
    n = page.cite("overview", "ocr_values")
    pages = page.cite("overview", "ocr_pages")
    uncertain, repaired = int(ov["ocr_uncertain"].iloc[0] or 0), int(ov["ocr_repaired"].iloc[0] or 0)
    doubts = []
    if uncertain:
        doubts.append(f"{page.cite('overview', 'ocr_uncertain')} tanesi OCR'a göre belirsiz")
    if repaired:
        doubts.append(f"{page.cite('overview', 'ocr_repaired')} tanesinde OCR'ın sayı hatası onarıldı")
    return (f" **Bu belge taranmış; {n} değer OCR ile okundu** ({pages} sayfadan"
            + (f"; {' ve '.join(doubts)}" if doubts else "") + "). Tablolarda OCR ile okunan değerler "
            '<span class="ocr-mark">OCR</span> işaretiyle gösterilir; okuma notları aşağıda ve veri paketinin '
            "`method`, `ocr_confidence`, `ocr_note` sütunlarında.")


def ocr_values_table(page: ProgramPage, site_root: str | None) -> str:
    """The OCR-read values that carry a note (a repair or a doubt), folded, with their pages; empty when none."""
    df = page.table("ocr_values")
    if df.empty or "ocr_status" not in df.columns:
        return ""
    noted = df[df["ocr_status"] != "read"]
    if noted.empty:
        return ""
    columns = {"table": "Tablo", "name": "Satır", "year": "Yıl", "value": "Değer", "ocr_confidence": "OCR güveni",
               "ocr_note": "OCR notu", "page": "Sayfa"}
    return details_table(page, "ocr_values", noted, f"OCR notu olan {len(noted)} değer (onarılan ya da belirsiz)", columns, site_root,
                         csv_note="(OCR ile okunan bütün değerler)")


def source_links(page: ProgramPage, root: str) -> str:
    """Links to the program's documents on the site: the PDF, and the text edition when the data was read from it."""
    prog = page.program
    title = md_text(prog.title or "belge")
    links = []
    for f, name in prog.published_files:
        if f.edition == "pdf":
            links.append(f"[{title} (PDF)]({root}/downloads/{name})")
        elif not prog.cites_pdf_pages:  # the data comes from the text edition: offer it too
            links.append(f"[{title} (metin baskısı; veriler bundan okundu)]({root}/downloads/{name})")
    return " · ".join(links) or title

def chart_units(page: ProgramPage, site_root: str | None, top: int = 15) -> Any:
    """Bar chart: the units with the largest activity budgets."""
    import altair as alt

    units = page.table("units")
    if units.empty:
        return charts.note("Birim tablosu yok.")
    df = units.head(top).copy()
    df["tutar"] = [float(Decimal(v)) for v in df["activities_total"]]
    df["birim"] = [charts.wrap(v) for v in df["unit"]]
    chart = (
        alt.Chart(df)
        .mark_bar(color=charts.PALETTE[0])
        .encode(
            x=alt.X("tutar:Q", axis=charts.money_axis("Faaliyetlerin tutarı (milyon TL)")),
            y=alt.Y("birim:N", sort="-x", title=None, axis=alt.Axis(labelExpr=charts.WRAPPED_LABEL)),
            tooltip=[alt.Tooltip("unit:N", title="Birim"), alt.Tooltip("tutar:Q", title="TL", format=",.0f"), alt.Tooltip("activities:Q", title="Faaliyet sayısı")],
        )
    )
    return charts.figure(
        charts.theme(chart, height=max(200, 18 * sum(v.count("\n") + 1 for v in df["birim"]) + 8 * len(df))),
        title=f"En büyük bütçeli {len(df)} birim",
        alt_text=f"Yatay çubuk grafik: {page.program.short_name} programında faaliyet bütçesi en büyük {len(df)} birim; en büyüğü {df['unit'].iloc[0]} ({fmt_tl(df['activities_total'].iloc[0])}).",
        data=units.head(top)[["unit", "performance_targets", "indicators", "activities", "activities_total"]],
        columns={"unit": "Birim", "performance_targets": "Performans hedefi", "indicators": "Gösterge", "activities": "Faaliyet", "activities_total": "Toplam (TL)"},
        csv=f"{page.href_prefix}units.csv",
        site_root=site_root,
        chart_id="chart-units",
    )
