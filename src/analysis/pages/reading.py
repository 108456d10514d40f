"""The "how the document was read" page (`notebooks/50-reading.ipynb`): what the extractor did, page by page.

A researcher opens it to see how the tables came out of the PDF, and to judge whether to trust them:

- `page_map`: every page of the PDF coloured by what was read from it (performance cards, summary
  tables, ...), from the package's own record (`datapackage.json` → `x-extraction.method`) and the pages
  the extracted rows cite;
- `methods`: the tool and settings used for each kind of page, and how that kind was recognised;
- `thumbnails`: a sample page of each kind, rendered small (pypdfium2) with what was read drawn on it
  (PIL): indicator value cells, activity rows, stated totals, and the cells the checks compared;
- `lost_tables`: the tables the document prints that the reader could not use (recorded by the core's
  lost-table check, `analysis.extract.core.lost`), each with its pages and why;
- `counts`: the numbers of targets, indicators and activities read, against the numbers the document
  states about itself, each stated number with its place in the PDF.

Everything here reads the extracted package (`data/extracted/<program>/`) and the catalog's PDF; nothing
is computed that the extract stage did not record. Document strings are escaped before they reach HTML.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.model import Box
from analysis.core.package import read_table
from analysis.core.paths import paths
from analysis.pages.base import ProgramPage
from analysis.pages.charts import html_table
from analysis.pages.format import cite, fmt_number, page_runs, pdf_link
from analysis.pages.sources import box_of, see_in_document, side_regions

KIND_TR = {
    "card": "performans hedefi kartları",
    "performance_cards": "performans hedefi kartları",
    "aim_section": "amaçlara göre düzenlenmiş bölüm (kartların tekrarı)",
    "relationship": "amaç-hedef ilişkilendirme tabloları",
    "unit_summary": "birimlerin kaynak ihtiyacı tabloları",
    "admin_activities": "idarenin faaliyetlere göre kaynak tablosu",
    "unit_totals": "müdürlüklerin toplam kaynak tablosu",
    "economic_codes": "ekonomik kodlara göre kaynak tablosu",
    "economic_code_table": "ekonomik kodlara göre kaynak tablosu (Toplam Kaynak İhtiyacı)",
    "department_summary": "dairelere göre özet tablo",
    "admin_performance_table": "İdare Performans Tablosu",
    "theme_list": "tema, amaç ve hedef listeleri",
    "headings_and_counts": "başlıklar ve metindeki sayılar",
    "text_counts": "metinde yazan sayılar",
    "aim_section_indicators": "amaçlara göre bölümdeki göstergeler",
    "unit_economic_summary": "birimlerin ekonomik kod özetleri",
    "other": "performans verisi olmayan sayfalar",
}
"""Turkish names of the page kinds the layouts record; an unknown kind is shown by its own name."""

COLOURS = ["#0b5394", "#38761d", "#b45f06", "#741b47", "#134f5c", "#7f6000", "#990000", "#351c75", "#45818e", "#a64d79"]
OTHER_COLOUR = "#e9ecef"
DRAW = {"indicator_values": ("#1b7837", "gösterge değeri hücreleri"), "activities": ("#0b5394", "faaliyet satırları"), "stated_totals": ("#b22222", "belgede yazan toplamlar"), "checks": ("#e69138", "denetimlerin karşılaştırdığı hücreler")}
"""What the thumbnails draw, in which colour (the legend says it in words too)."""
MAX_THUMBNAILS = 6
THUMBNAIL_SCALE = 0.6


def kind_name(kind: str) -> str:
    return KIND_TR.get(kind, kind.replace("_", " "))


def parse_pages(value: Any) -> list[int]:
    """`30-99,101` / `[30, 31]` / `30; 31` → the page numbers."""
    if isinstance(value, (list, tuple)):
        return sorted({int(v) for v in value})
    out: set[int] = set()
    for part in re.split(r"[,;]", str(value or "")):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+))?\s*", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2) or m.group(1))
            out.update(range(a, b + 1))
    return sorted(out)


class Reading:
    """One program's extracted package as the reading page sees it: descriptor, method, page kinds, rows."""

    def __init__(self, page: ProgramPage):
        self.page = page
        root = page.tables_dir.parents[2]
        self.package_dir = paths(root).extracted / page.program.id
        self.descriptor = json.loads((self.package_dir / "datapackage.json").read_text(encoding="utf-8")) if (self.package_dir / "datapackage.json").exists() else {}
        self.extraction = self.descriptor.get("x-extraction", {})
        self.method: dict[str, Any] = self.extraction.get("method", {}) or {}
        pdf = next((f for f in page.program.files if f.edition == "pdf"), None)
        self.pdf_path: Path | None = pdf.path if pdf is not None and pdf.path.exists() else None

    def table(self, name: str) -> pd.DataFrame:
        try:
            return read_table(self.package_dir, name)
        except FileNotFoundError:
            return pd.DataFrame()

    def kinds(self) -> dict[str, dict[str, Any]]:
        """Page kind → {pages, tool, recognised_by}, from whichever form the layout recorded."""
        found: dict[str, dict[str, Any]] = {}
        listed = self.method.get("pages")
        described = self.method.get("page_kinds", {}) if isinstance(self.method.get("page_kinds"), dict) else {}
        if isinstance(listed, dict):
            for kind, pages in listed.items():
                info = described.get(kind, {}) if isinstance(described.get(kind), dict) else {}
                found[kind] = {"pages": parse_pages(pages), **info}
        for kind, info in self.method.items():
            if isinstance(info, dict) and "pages" in info and kind not in found and not isinstance(info.get("pages"), dict):
                found[kind] = {**info, "pages": parse_pages(info["pages"])}
        return {k: v for k, v in found.items() if v["pages"]}

    def n_pages(self) -> int:
        if self.pdf_path is not None:
            import pypdfium2 as pdfium

            doc = pdfium.PdfDocument(str(self.pdf_path))
            try:
                return len(doc)
            finally:
                doc.close()
        return max([p for info in self.kinds().values() for p in info["pages"]] or [0])

    def page_of_kind(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for kind, info in self.kinds().items():
            for p in info["pages"]:
                out.setdefault(p, kind)
        return out


def summary(page: ProgramPage) -> str:
    """One paragraph: which edition, which layout, how long it took, how many pages were read as what."""
    r = Reading(page)
    if not r.descriptor:
        return "_Bu program için çıkarılmış veri paketi yok._"
    kinds = r.kinds()
    read_pages = len({p for info in kinds.values() for p in info["pages"]})
    n = r.n_pages()
    seconds = r.extraction.get("seconds", r.method.get("seconds", r.method.get("read_seconds", "")))
    edition = "PDF" if r.extraction.get("edition") == "pdf" else "metin"
    return (
        f"Bu sayfa, {html.escape(page.program.short_name)} {page.program.year} belgesinin nasıl okunduğunu gösteriyor. "
        f"Belgenin {edition} baskısı **{html.escape(str(r.extraction.get('layout', '?')))}** düzeninin okuyucusuyla okundu"
        f"{f' ({fmt_number(seconds)} saniye)' if seconds not in ('', None) else ''}: {fmt_number(n)} sayfanın {fmt_number(read_pages)} tanesinden "
        f"tablo okundu, geri kalanı (kapak, sunuş, kurum bilgileri, ara sayfalar) performans verisi taşımıyor. "
        f"Her okunan satır, sayfasını ve sayfadaki kutusunu (`x0, top, x1, bottom`) taşır; bu sayfadaki küçük resimler bu kutulardan çizildi. "
        f"Kaynak: paketin `datapackage.json` dosyasındaki `x-extraction` kaydı."
    )


def lost_tables(page: ProgramPage, site_root: str | None) -> str:
    """The tables printed in the document but not read (or not matched), each with its pages and the reason."""
    r = Reading(page)
    if "lost_tables" not in r.method:
        return (f"<p>Bu belgenin okuyucusu (<b>{html.escape(str(r.extraction.get('layout', '?')))}</b> düzeni) okunamayan tabloları ayrıca kaydetmiyor; "
                "okunan satır sayılarının belgenin kendi sayılarıyla karşılaştırması aşağıdadır.</p>")
    lost = r.method.get("lost_tables") or []
    if not lost:
        return "<p>Düzenin tanımladığı ve belgede basılı olan her tablo okundu: okunamayan ya da eşleştirilemeyen tablo yok.</p>"
    root = site_root or "."
    rows = [{"table": str(item.get("title", item.get("table", ""))), "pages": ", ".join(pdf_link(page.program, n, root) for n in item.get("pages", [])[:20]),
             "reason": str(item.get("reason_tr") or item.get("reason", ""))} for item in lost]
    intro = (f'<p class="lost-tables"><b>{fmt_number(len(lost))} tablo belgede basılı ama okunamadı ya da satırları eşleştirilemedi.</b> '
             "Bu tabloların rakamları verilerde ve denetimlerde eksik: aşağıdaki sayfalara bakın.</p>")
    return intro + html_table(pd.DataFrame(rows), {"table": "Tablo", "pages": "Sayfalar", "reason": "Neden"}, caption="Okunamayan tablolar", raw={"pages"})


def page_map(page: ProgramPage, site_root: str | None) -> str:
    """Every page of the PDF as a small coloured box (its kind), with a legend and a table of page ranges."""
    r = Reading(page)
    kinds = r.kinds()
    if not kinds:
        return "<p><em>Bu paket sayfa türlerini kaydetmemiş.</em></p>"
    colour = {k: COLOURS[i % len(COLOURS)] for i, k in enumerate(kinds)}
    of = r.page_of_kind()
    root = site_root or "."
    boxes = []
    for p in range(1, r.n_pages() + 1):
        kind = of.get(p)
        label = f"s. {p}: {kind_name(kind) if kind else 'tablo okunmadı'}"
        boxes.append(f'<span style="background:{colour.get(kind, OTHER_COLOUR)}" title="{html.escape(label)}" aria-hidden="true"></span>')
    legend = " · ".join(f'<span style="color:{colour[k]}">■</span> {html.escape(kind_name(k))}' for k in kinds) + ' · <span style="color:#adb5bd">■</span> tablo okunmadı'
    rows = []
    for k, info in kinds.items():
        runs = ", ".join(pdf_link(page.program, a, root) if a == b else pdf_link(page.program, a, root).replace(f">s. {a}<", f">s. {a}–{b}<") for a, b in page_runs("; ".join(map(str, info["pages"]))))
        rows.append({"Tür": kind_name(k), "Sayfa sayısı": len(info["pages"]), "Sayfalar": runs})
    table = html_table(pd.DataFrame(rows), {"Tür": "Sayfa türü", "Sayfa sayısı": "Sayfa sayısı", "Sayfalar": "Sayfalar"}, caption="Hangi sayfada ne okundu", raw={"Sayfalar"})
    return (
        f'<div class="page-map" role="img" aria-label="{html.escape(f"Belgenin {r.n_pages()} sayfası, okunan tablo türüne göre renkli")}">{"".join(boxes)}</div>'
        f'<p class="small">{legend}</p>{table}'
    )


TOOLS_TR = (
    ("camelot", "camelot, çizgili tablo okuyucusu (lattice)"),
    ("pdfplumber", "pdfplumber kelime konumları ve tablonun kendi yatay çizgileri"),
    ("pypdfium2", "pypdfium2 metin katmanı, satır satır"),
    ("same as", "kartlarla aynı yöntem"),
    ("none", "okunmadı (kapak, sunuş, ara sayfalar: performans verisi yok)"),
    ("tesseract", "OCR (tesseract)"),
)
"""The tool of a page kind in Turkish, by the start of the package's record (`camelot`, `pdfplumber 0.11 …`)."""


def tool_tr(info: dict[str, Any]) -> str:
    tool = str(info.get("tool", ""))
    return next((tr for key, tr in TOOLS_TR if tool.startswith(key)), "paketteki kayda bakın")


def methods(page: ProgramPage) -> str:
    """The tool of each page kind (in Turkish), and the package's own record of it, quoted as written (English)."""
    kinds = Reading(page).kinds()
    if not kinds:
        return ""
    rows = [{"kind": kind_name(k), "tool": tool_tr(info)} for k, info in kinds.items()]
    record = {k: {key: v for key, v in info.items() if key != "pages"} for k, info in kinds.items()}
    return (
        "<p>Her sayfa türü içeriğiyle tanındı: başlıkları, etiket kutuları ve sütun başlıkları (sayfa numarasına bakılmadı).</p>"
        + html_table(pd.DataFrame(rows), {"kind": "Sayfa türü", "tool": "Araç"}, caption="Sayfa türüne göre okuma yöntemi")
        + '<details><summary>Paketteki kayıt, olduğu gibi (İngilizce)</summary><pre lang="en">'
        + html.escape(json.dumps(record, ensure_ascii=False, indent=1, default=str)) + "</pre></details>"
    )


def _regions_on(r: Reading, page_no: int) -> dict[str, list[Box]]:
    """What was read on one page: boxes of values, activity rows, stated totals, and compared cells."""
    out: dict[str, list[Box]] = defaultdict(list)
    for name in ("indicator_values", "activities", "stated_totals"):
        df = r.table(name)
        if df.empty or "x0" not in df:
            continue
        for row in df[df["page"] == str(page_no)].to_dict("records"):
            box = box_of(row)
            if box is not None:
                out[name].append(box)
    rec = r.table("reconciliation")
    if not rec.empty and "boxes_a" in rec:
        for side in ("boxes_a", "boxes_b"):
            for text in rec[side]:
                out["checks"] += [b for p, b in side_regions(text) if p == page_no]
    return out


def thumbnail(pdf_path: Path, page_no: int, drawn: dict[str, list[Box]], scale: float = THUMBNAIL_SCALE) -> bytes:
    """A small PNG of one page with the boxes drawn on it (outlines, one colour per kind)."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        pg = doc[page_no - 1]
        try:
            image = pg.render(scale=scale).to_pil().convert("RGB")
        finally:
            pg.close()
    finally:
        doc.close()
    draw = ImageDraw.Draw(image)
    for name in ("checks", "stated_totals", "activities", "indicator_values"):
        colour = DRAW[name][0]
        for b in set(drawn.get(name, [])):
            draw.rectangle([b.x0 * scale, b.top * scale, b.x1 * scale, b.bottom * scale], outline=colour, width=2 if name != "checks" else 1)
    buf = io.BytesIO()
    image.quantize(colors=64).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def sample_pages(r: Reading) -> list[tuple[int, str]]:
    """The first page of each kind (at most `MAX_THUMBNAILS`), in page order."""
    firsts = [(info["pages"][0], kind) for kind, info in r.kinds().items() if info["pages"]]
    return sorted(firsts)[:MAX_THUMBNAILS]


def thumbnails(page: ProgramPage, site_root: str | None) -> str:
    """A sample page of each kind with what was read drawn on it."""
    r = Reading(page)
    if r.pdf_path is None:
        return "<p><em>Bu programın PDF baskısı yok: küçük resim çizilemez.</em></p>"
    root = site_root or "."
    figures = []
    for page_no, kind in sample_pages(r):
        drawn = _regions_on(r, page_no)
        counts = Counter({k: len(set(v)) for k, v in drawn.items() if v})
        png = base64.b64encode(thumbnail(r.pdf_path, page_no, drawn)).decode("ascii")
        said = ", ".join(f"{n} {DRAW[k][1]}" for k, n in counts.items()) or "kutu çizilmedi (bu sayfanın satırları sözleşme tablolarına girmiyor)"
        alt = f"PDF sayfa {page_no} ({kind_name(kind)}), küçük resim; üzerinde çizili: {said}"
        figures.append(
            f'<figure><img src="data:image/png;base64,{png}" alt="{html.escape(alt)}" loading="lazy">'
            f"<figcaption>{pdf_link(page.program, page_no, root)}: {html.escape(kind_name(kind))}. {html.escape(said)}.</figcaption></figure>"
        )
    legend = " · ".join(f'<span style="color:{c}">□</span> {html.escape(label)}' for c, label in DRAW.values())
    return f'<p class="small">{legend}</p><div class="reading-thumbs">{"".join(figures)}</div>'


COUNTED = (("ph_count", "performance_targets", "performans hedefi"), ("indicators_count", "indicators", "performans göstergesi"), ("activities_count", "activities", "faaliyet / proje"))


def counts(page: ProgramPage, site_root: str | None) -> str:
    """How many targets, indicators and activities were read, against the numbers the document states."""
    r = Reading(page)
    if not r.descriptor:
        return ""
    st = r.table("stated_totals")
    rows_read = {res["name"]: res.get("x-rows") for res in r.descriptor.get("resources", [])}
    href = f"{page.href_prefix}stated_totals.csv"
    analysed = page.table("stated_totals")
    lines = []
    for measure, table, label in COUNTED:
        read = rows_read.get(table)
        stated = st[(st["scope"] == "program") & (st["measure"] == measure)] if not st.empty else st
        if stated.empty:
            lines.append({"what": label, "read": fmt_number(read), "stated": "belgede yazılmamış", "where": "", "crop": ""})
            continue
        for i, s in stated.iterrows():
            row = analysed.index[(analysed["table"] == s["table"]) & (analysed["measure"] == measure) & (analysed["scope"] == "program")].tolist() if not analysed.empty else []
            value = cite(fmt_number(s["value"]), href=href, table="stated_totals", column="value", row=row[0], value=analysed["value"].iloc[row[0]]) if row else html.escape(fmt_number(s["value"]))
            agrees = "tutuyor" if read is not None and str(int(float(s["value"]))) == str(read) else "tutmuyor"
            crop = see_in_document(page.program, s["page"], box_of(s), site_root, f"belgede yazan {label} sayısı, {fmt_number(s['value'])}")
            lines.append({"what": label, "read": fmt_number(read), "stated": f"{value} ({html.escape(kind_name(s['table']))}; {agrees})", "where": pdf_link(page.program, s["page"], site_root or "."), "crop": crop})
    df = pd.DataFrame(lines)
    return html_table(df, {"what": "Ne", "read": "Okunan satır", "stated": "Belgede yazan", "where": "Sayfa", "crop": "Belgede"}, caption="Okunan sayılar ve belgenin kendi söylediği sayılar", raw={"stated", "where", "crop"})


def resources(page: ProgramPage) -> str:
    """Every table of the package and its number of rows (the contract tables first)."""
    r = Reading(page)
    rows = [
        {"name": f"<code>{html.escape(res['name'])}</code>", "rows": res.get("x-rows", ""), "what": "veri sözleşmesinin tablosu" if "description" not in res else f"düzene özgü ek tablo ({kind_name(res['name'])})"}
        for res in r.descriptor.get("resources", [])
    ]
    if not rows:
        return ""
    return html_table(pd.DataFrame(rows), {"name": "Tablo", "rows": "Satır", "what": "Açıklama"}, caption="Veri paketindeki tablolar", raw={"name"})


__all__ = ["summary", "lost_tables", "page_map", "methods", "thumbnails", "counts", "resources", "parse_pages", "kind_name"]
