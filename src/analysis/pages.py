"""What the notebooks show: headline numbers with their sources, prose built from tables, and charts.

The notebooks stay thin: a parameters cell and one call per section into this module. Every number
written into a page is wrapped by `cite`, which links it to the CSV it comes from and records the table,
column and row in `data-*` attributes, so a test can check that what the site shows equals the table,
and a reader can follow the link. Page references point into the PDF edition (`pdf_link`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from .catalog import Program, get_program, project_root
from .numbers import format_tr


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


def cite(display: str, *, href: str, table: str, column: str, row: int | str, value: Any) -> str:
    """A number on the page, linked to its table and machine-checkable against it."""
    return (
        f'<a class="cited-number" href="{html.escape(href)}" data-table="{html.escape(table)}" '
        f'data-column="{html.escape(column)}" data-row="{html.escape(str(row))}" data-value="{html.escape(str(value))}" '
        f'title="Kaynak: {html.escape(table)}.csv, sütun {html.escape(column)}">{html.escape(display)}</a>'
    )


def pdf_link(program: str, page: Any, site_root: str) -> str:
    """A link to a page of the program's PDF edition, as published on the site."""
    if page in (None, "") or (isinstance(page, float) and pd.isna(page)):
        return ""
    n = int(float(page))
    return f'<a class="pdf-page" href="{site_root}/downloads/{program}.pdf#page={n}" title="PDF sayfa {n}">s. {n}</a>'


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


def pdf_pages_links(program: str, pages: str, site_root: str) -> str:
    """`30; 31; 32; 100` -> `s. 30–32, s. 100`, each run linking to its first page in the PDF."""
    out = []
    for a, b in page_runs(pages):
        link = pdf_link(program, a, site_root)
        out.append(link if a == b else link.replace(f">s. {a}<", f">s. {a}–{b}<"))
    return ", ".join(out)


CHECK_LABELS = {
    # check id prefix -> (Turkish, English); the longest matching prefix wins
    # grid layout (Kocaeli)
    "card_total": ("Kartın Genel Toplam satırı, faaliyet satırlarının toplamıyla", "A card's Genel Toplam row vs the sum of its activity rows"),
    "card_econ": ("Kartın Genel Toplam satırında bir ekonomik kod sütunu, faaliyet satırlarıyla", "One economic-code column of a card's Genel Toplam vs its activity rows"),
    "activity_total": ("Bir faaliyetin toplamı, ekonomik kod kırılımıyla", "An activity's total vs its economic-code parts"),
    "department_vs_cards": ("Daire tablosunun Genel Toplam satırı, kartlarla", "The department table's Genel Toplam vs the cards"),
    "department": ("Daire tablosundaki bir birimin satırı, o birimin kartlarıyla", "A department's row in the department table vs its cards"),
    "admin_activity_vs_card": ("İdare düzeyindeki faaliyet tablosunun bir satırı, kartındaki faaliyetle", "A row of the administration-level activity table vs the card's activity"),
    "admin_vs_cards": ("İdare Performans Tablosunun toplamı, kartlarla", "The İdare Performans Tablosu's total vs the cards"),
    "admin_activities_share": ("Faaliyetler tablosunda yazan pay, tutarlardan hesaplanan payla", "A share printed in the activities table vs the share computed from the amounts"),
    "admin_genel_toplam": ("İdare Performans Tablosunun Genel Toplam satırı, kapanış satırlarıyla", "The İdare Performans Tablosu's Genel Toplam vs its closing rows"),
    "admin_performance_targets_total": ("Performans Hedefleri Maliyet Toplamı, satırlarıyla", "Performans Hedefleri Maliyet Toplamı vs its rows"),
    "admin_row_total": ("İdare Performans Tablosunda bir satırın bütçe içi + bütçe dışı, toplamıyla", "A row's in-budget + off-budget vs its total in the İdare Performans Tablosu"),
    "admin_subtotal_share": ("İdare Performans Tablosunda bir ara toplamın yazılı payı", "A subtotal's printed share in the İdare Performans Tablosu"),
    "admin_subtotal": ("İdare Performans Tablosunda tema / hizmet alanı ara toplamı, satırlarıyla", "A theme / service-area subtotal vs its rows in the İdare Performans Tablosu"),
    "admin_table_sum": ("Faaliyetler tablosunun TOPLAM satırı, satırlarıyla", "The activities table's TOPLAM row vs its rows"),
    "econ_table": ("Toplam Kaynak İhtiyacı Tablosu, kartlarla", "The economic-code table vs the cards"),
    "text_counts": ("Metinde yazan sayı, tablolardaki satırlarla", "A count stated in the text vs the rows"),
    # card layout (Küçükçekmece)
    "activity_row_sum": ("Kart faaliyetinde bütçe + bütçe dışı, toplamla", "A card activity's budget + off-budget vs its total"),
    "activity_vs_unit_summary": ("Kart faaliyeti, birimin kaynak ihtiyacı tablosundaki satırla", "A card activity vs its row in the unit's resource table"),
    "activity_name_vs_unit_summary": ("Faaliyet adı, birimin kaynak ihtiyacı tablosundaki adla", "An activity's name vs its name in the unit's resource table"),
    "activity_name_vs_admin_table": ("Faaliyet adı, idarenin faaliyetler tablosundaki adla", "An activity's name vs its name in the administration's activity table"),
    "unit_summary_row_sum": ("Birim kaynak tablosunda bir satırın ekonomik kodları, satır toplamıyla", "A row's economic codes in a unit resource table vs the row total"),
    "unit_summary_column_sum": ("Birim kaynak tablosunun TOPLAM satırı, sütun toplamıyla", "A unit resource table's TOPLAM row vs its column"),
    "unit_summary_vs_unit_totals_table": ("Birim kaynak tablosu, müdürlüklerin toplam tablosuyla", "A unit resource table vs the units' totals table"),
    "unit_cards_vs_unit_totals_table": ("Birimin kartları, müdürlüklerin toplam tablosuyla", "A unit's cards vs the units' totals table"),
    "unit_cards_vs_unit_summary_total": ("Birimin kartları, birim kaynak tablosunun TOPLAM satırıyla", "A unit's cards vs its resource table's TOPLAM"),
    "unit_totals_share": ("Müdürlüklerin toplam tablosunda yazan pay, tutarlardan hesaplananla", "A share in the units' totals table vs the amounts"),
    "unit_totals_table_sum": ("Müdürlüklerin toplam tablosunun TOPLAM satırı, satırlarıyla", "The units' totals table's TOPLAM vs its rows"),
    "economic_code_table": ("Ekonomik kod tablosunun kendi toplamları", "The economic-code table's own sums"),
    "economic_code_vs_unit_summaries": ("Ekonomik kod tablosu, birim kaynak tablolarıyla", "The economic-code table vs the unit resource tables"),
    "economic_code_vs_activities": ("Ekonomik kod tablosu, faaliyetlerin kod tutarlarıyla", "The economic-code table vs the activities' code amounts"),
    "program_total": ("Belgenin toplam kaynak ihtiyacı, başka bir tablodaki toplamla", "The document's total resource need vs another table's total"),
    "relationship_vs_card": ("Amaç-hedef ilişkilendirme tablosu, kartla", "The aim-target relationship table vs the card"),
    "aim_section_vs_card": ("Amaçlara göre bölümdeki hedef, kartla", "A target in the aim-organised section vs the card"),
    "aim_section_indicator_value": ("Amaçlara göre bölümdeki gösterge değeri, karttaki değerle", "An indicator value in the aim-organised section vs the card"),
    "aim_section_indicator_code": ("Amaçlara göre bölümdeki gösterge kodu, karttaki kodla", "An indicator code in the aim-organised section vs the card"),
    "aim_section_indicator_text": ("Amaçlara göre bölümdeki gösterge adı, karttaki adla", "An indicator name in the aim-organised section vs the card"),
    "theme_list_vs_card": ("Tema, amaç ve hedef listesi, kartla", "The theme/aim/target list vs the card"),
}


# Checks whose two sides are both printed values (not a printed total against a sum of rows):
# how to name each side in a sentence.
CHECK_SIDES = {
    "aim_section_indicator_value": (("amaçlara göre bölümde", "kartta"), ("the aim-organised section prints", "the card prints")),
    "admin_activity_vs_card": (("idare düzeyindeki tabloda", "kartta"), ("the administration-level table prints", "the card prints")),
    "activity_vs_unit_summary": (("birimin kaynak tablosunda", "kartta"), ("the unit's resource table prints", "the card prints")),
}


def mismatch_sentence(check: str, stated: str, computed: str, difference: str, lang: str = "tr") -> str:
    """`belge X diyor, satırlar Y ediyor (fark Z)`, or for two printed values `A'da X, B'de Y yazıyor`."""
    sides = next((v for k, v in CHECK_SIDES.items() if check.startswith(k)), None)
    if sides:
        a, b = sides[0 if lang == "tr" else 1]
        if lang == "tr":
            return f"{a} {stated}, {b} {computed} yazıyor (fark {difference})"
        return f"{a} {stated}, {b} {computed} (difference {difference})"
    if lang == "tr":
        return f"belge {stated} diyor, satırlar {computed} ediyor (fark {difference})"
    return f"the document says {stated}, its rows add up to {computed} (difference {difference})"


def check_label(check: str, lang: str = "tr") -> str:
    """A plain-language name for a reconciliation check id (the id itself when unknown)."""
    best = max((k for k in CHECK_LABELS if check.startswith(k)), key=len, default=None)
    return CHECK_LABELS[best][0 if lang == "tr" else 1] if best else check


@dataclass
class ProgramPage:
    """A program's analysis tables as the notebooks see them."""

    program: Program
    tables_dir: Path
    href_prefix: str = "tables/"

    @classmethod
    def load(cls, program_id: str, root: Path | None = None) -> ProgramPage:
        root = root or project_root()
        return cls(get_program(program_id, root), root / "data" / "analysis" / program_id)

    def table(self, name: str) -> pd.DataFrame:
        path = self.tables_dir / f"{name}.csv"
        if not path.exists():
            return pd.DataFrame()
        return read_csv(path)

    def has(self, name: str) -> bool:
        return (self.tables_dir / f"{name}.csv").exists()

    def cite(self, table: str, column: str, row: int = 0, display: str | None = None, kind: str = "number") -> str:
        """Cite one cell of one of this program's tables."""
        df = self.table(table)
        value = df[column].iloc[row]
        if display is None:
            display = {"tl": fmt_tl, "tl_short": fmt_tl_short, "pct": fmt_pct}.get(kind, fmt_number)(value)
        return cite(display, href=f"{self.href_prefix}{table}.csv", table=table, column=column, row=row, value=value)


# --------------------------------------------------------------------------- overview page


def overview_summary(page: ProgramPage, site_root: str | None) -> str:
    """The headline paragraph of a program page: who, how much, how many, with sources."""
    prog = page.program
    ov = page.table("overview")
    if ov.empty:
        return "_Bu program için henüz çıkarılmış veri yok._"
    root = site_root or "."
    total = page.cite("overview", "total_resource_need", kind="tl")
    total_short = fmt_tl_short(ov["total_resource_need"].iloc[0])
    pdf = pdf_link(prog.id, ov["total_resource_need_page"].iloc[0], root)
    n_ph = page.cite("overview", "performance_targets")
    n_ind = page.cite("overview", "indicators")
    n_act = page.cite("overview", "activities")
    n_units = page.cite("overview", "units")
    mism = page.cite("overview", "reconciliation_mismatches")
    return (
        f"**{html.escape(prog.municipality)}** ({html.escape(prog.province)}, "
        f"{'büyükşehir belediyesi' if prog.kind == 'metropolitan' else 'ilçe belediyesi' if prog.kind == 'district' else html.escape(prog.kind)}) "
        f"{prog.year} yılı için toplam **{total}** ({total_short}) kaynak ihtiyacı öngörüyor"
        f"{f' ({pdf})' if pdf else ''}.\n\n"
        f"Programda {n_units} birimin sorumluluğunda **{n_ph} performans hedefi**, bunlara bağlı "
        f"**{n_ind} performans göstergesi** ve **{n_act} faaliyet/proje** var. "
        f"Belgenin kendi toplamlarını satırlarıyla karşılaştırdık: {mism} tutarsızlık bulundu "
        f"([ayrıntılar](checks.html)).\n\n"
        f"Kaynak belge: [{html.escape(prog.title)} (PDF)]({root}/downloads/{prog.id}.pdf) · "
        f"[veri paketi (zip)]({root}/downloads/{prog.id}.zip) · yayımlayan: <{prog.source_url}>"
    )


def chart_units(page: ProgramPage, site_root: str | None, top: int = 15) -> Any:
    """Bar chart: the units with the largest activity budgets."""
    import altair as alt

    from . import charts

    units = page.table("units")
    if units.empty:
        return "_Birim tablosu yok._"
    df = units.head(top).copy()
    df["tutar"] = [float(Decimal(v)) for v in df["activities_total"]]
    chart = (
        alt.Chart(df)
        .mark_bar(color=charts.PALETTE[0])
        .encode(
            x=alt.X("tutar:Q", title="Faaliyetlerin toplam kaynak ihtiyacı (TL)", axis=alt.Axis(format=",.0f")),
            y=alt.Y("unit:N", sort="-x", title=None),
            tooltip=[alt.Tooltip("unit:N", title="Birim"), alt.Tooltip("tutar:Q", title="TL", format=",.0f"), alt.Tooltip("activities:Q", title="Faaliyet sayısı")],
        )
    )
    return charts.figure(
        charts.theme(chart, height=max(200, 24 * len(df))),
        title=f"En büyük bütçeli {len(df)} birim",
        alt_text=f"Yatay çubuk grafik: {page.program.short_name} programında faaliyet bütçesi en büyük {len(df)} birim; en büyüğü {df['unit'].iloc[0]} ({fmt_tl(df['activities_total'].iloc[0])}).",
        data=units.head(top)[["unit", "performance_targets", "indicators", "activities", "activities_total"]],
        columns={"unit": "Birim", "performance_targets": "Performans hedefi", "indicators": "Gösterge", "activities": "Faaliyet", "activities_total": "Toplam (TL)"},
        csv=f"{page.href_prefix}units.csv",
        site_root=site_root,
        chart_id="chart-units",
    )


# --------------------------------------------------------------------------- document checks page

STATUS_TR = {"ok": "tutuyor", "mismatch": "tutmuyor", "missing": "karşılığı yok"}


def checks_summary(page: ProgramPage) -> str:
    """How many of the document's own totals add up, in one paragraph."""
    rec = page.table("reconciliation")
    if rec.empty:
        return "_Bu program için denetim sonucu yok._"
    counts = rec["status"].value_counts()
    href = f"{page.href_prefix}reconciliation.csv"

    def n(status: str) -> str:
        value = int(counts.get(status, 0))
        return cite(fmt_number(value), href=href, table="reconciliation", column="status", row=f"count:{status}", value=value)

    return (
        f"Belgenin kendisi hakkında söylediği {cite(fmt_number(len(rec)), href=href, table='reconciliation', column='status', row='count:all', value=len(rec))} "
        f"toplamı ve sayıyı (kart toplamları, birim tabloları, tema satırları, ekonomik kod tablosu, metindeki sayılar) "
        f"çıkardığımız satırlarla karşılaştırdık: **{n('ok')} tanesi tutuyor, {n('mismatch')} tanesi tutmuyor**, "
        f"{n('missing')} tanesinin karşılaştırılacak karşılığı yok. Tutmayan her toplam, belgede olduğu gibi "
        f"raporlanır: satırları toplamlara uydurmak için hiçbir sayı değiştirilmedi."
    )


def checks_findings(page: ProgramPage, site_root: str | None) -> str:
    """Every mismatch as a sentence: what the document says, what its rows add up to, where."""
    rec = page.table("reconciliation")
    if rec.empty:
        return ""
    root = site_root or "."
    href = f"{page.href_prefix}reconciliation.csv"
    lines = []
    mism = rec[rec["status"] == "mismatch"]
    if mism.empty:
        return "Belgenin bütün toplamları satırlarıyla tutuyor."
    for idx, r in mism.iterrows():
        pages = pdf_pages_links(page.program.id, r["pages"], root)
        if r["stated"] != "" and r["computed"] != "":
            nums = mismatch_sentence(
                r["check"],
                cite(fmt_money(r["stated"]), href=href, table="reconciliation", column="stated", row=idx, value=r["stated"]),
                cite(fmt_money(r["computed"]), href=href, table="reconciliation", column="computed", row=idx, value=r["computed"]),
                cite(fmt_money(r["difference"]), href=href, table="reconciliation", column="difference", row=idx, value=r["difference"]),
            )
        else:
            nums = "iki tablo farklı şey söylüyor"
        note = f' <span class="small text-muted">Not: {html.escape(r["note"])}</span>' if r["note"] else ""
        lines.append(f"- **{html.escape(check_label(r['check']))}** (`{html.escape(r['scope'])}`): {nums}{f' ({pages})' if pages else ''}.{note}")
    return "\n".join(lines)


def details_table(
    page: ProgramPage, table: str, df: pd.DataFrame, summary: str, columns: dict[str, str], site_root: str | None, max_rows: int = 500, csv_note: str = ""
) -> str:
    """A folded table of rows from one analysis table, with PDF page links and its CSV to download.

    A `page` column (one page) or `pages` column (`30; 31`) becomes a "Sayfa" column of links into the PDF.
    """
    from .charts import html_table

    show = df.copy()
    cols = dict(columns)
    for source, links in (("page", lambda v: pdf_link(page.program.id, v, site_root or ".")), ("pages", lambda v: pdf_pages_links(page.program.id, v, site_root or "."))):
        if source in cols:
            show["Sayfa"] = [links(v) for v in show[source]]
            cols = {("Sayfa" if k == source else k): v for k, v in cols.items()}
    note = f" {html.escape(csv_note)}" if csv_note else ""
    return (
        f"<details><summary>{html.escape(summary)}</summary>"
        + html_table(show, cols, max_rows=max_rows, raw={"Sayfa"})
        + f'<p><a href="{page.href_prefix}{table}.csv" download>{table}.csv</a>{note}</p></details>'
    )


def checks_table(page: ProgramPage, site_root: str | None = None) -> str:
    """All checks, for readers who want every line."""
    rec = page.table("reconciliation")
    if rec.empty:
        return ""
    df = rec.copy()
    df["durum"] = df["status"].map(STATUS_TR).fillna(df["status"])
    df["denetim"] = [check_label(c) for c in df["check"]]
    for c in ("stated", "computed", "difference"):
        df[c] = [to_decimal(v) for v in df[c]]
    columns = {"denetim": "Denetim", "scope": "Kapsam", "stated": "Belgede", "computed": "Satırlardan", "difference": "Fark", "durum": "Durum", "pages": "Sayfa"}
    return details_table(page, "reconciliation", df, "Bütün denetimler (tablo)", columns, site_root, max_rows=2000)


# --------------------------------------------------------------------------- shared chart helpers


def as_float(values: Any) -> list[float | None]:
    """Chart values: Decimal/str -> float (charts only draw; exact numbers stay in the tables)."""
    out = []
    for v in values:
        d = to_decimal(v)
        out.append(None if d is None else float(d))
    return out


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

    from . import charts

    df = page.table(table)
    if df.empty:
        return f"_{table} tablosu yok._"
    shown = df.head(top) if top else df
    plot = shown.copy()
    plot["_value"] = as_float(plot[value])
    tooltip = [alt.Tooltip(f"{category}:N", title=columns.get(category, category)), alt.Tooltip("_value:Q", title=value_title, format=value_format)]
    if tooltip_share and tooltip_share in plot.columns:
        plot["_share"] = as_float(plot[tooltip_share])
        tooltip.append(alt.Tooltip("_share:Q", title="Pay", format=".1%"))
    chart = (
        alt.Chart(plot[[category, "_value", *(["_share"] if "_share" in plot else [])]])
        .mark_bar(color=charts.PALETTE[0])
        .encode(
            x=alt.X("_value:Q", title=value_title, axis=alt.Axis(format=value_format)),
            y=alt.Y(f"{category}:N", sort="-x", title=None),
            tooltip=tooltip,
        )
    )
    return charts.figure(
        charts.theme(chart, height=max(160, 26 * len(plot))),
        title=title,
        alt_text=alt_text,
        data=shown[list(columns)],
        columns=columns,
        csv=f"{page.href_prefix}{table}.csv",
        site_root=site_root,
        chart_id=chart_id,
    )
