"""The "does the document add up?" page: every check of the document's own totals, in plain language.

Each contradiction is shown with both of its sides as crops of the PDF (`analysis.pages.sources`); where
two tables print different text, the two prints are shown once with the differing words marked
(`analysis.pages.textdiff`). Turkish pages use the Turkish notes (`note_tr`), never the English ones.
"""

from __future__ import annotations

from analysis.core.escape import html_text
from analysis.pages.base import ProgramPage, details_table
from analysis.pages.format import (
    cite,
    fmt_money,
    fmt_number,
    page_runs,
    pdf_pages_links,
    to_decimal,
)
from analysis.pages.labels import STATUS_TR, check_label, mismatch_sentence, side_names
from analysis.pages.sources import side_by_side, side_regions
from analysis.pages.textdiff import diff_html, kind, kind_label


def summary(page: ProgramPage) -> str:
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

def note_text(r: dict, lang: str = "tr") -> str:
    """A reconciliation row's note in the page's language: `note_tr` on Turkish pages, `note` on English ones.

    A Turkish page never falls back to the English note: a row without a Turkish note shows none.
    """
    return (r.get("note_tr") or "") if lang == "tr" else (r.get("note") or "")


def text_difference(r: dict, lang: str = "tr") -> str:
    """Two prints of the same text, shown once: the differing words marked, the kind of difference said."""
    a, b = r.get("text_a") or "", r.get("text_b") or ""
    side_a, side_b = side_names(r["check"], lang, capital=False)
    note = note_text(r, lang)
    marker = " farklı: " if lang == "tr" else " differs: "
    what = note.split(marker, 1)[0] if marker in note else (check_label(r["check"], lang))
    legend = (
        f"<del>üstü çizili</del>: yalnızca {html_text(side_a)}; <ins>altı çizili</ins>: yalnızca {html_text(side_b)}"
        if lang == "tr"
        else f"<del>struck through</del>: only in {html_text(side_a)}; <ins>underlined</ins>: only in {html_text(side_b)}"
    )
    return (
        f'<div class="text-diff"><p><span class="diff-what">{html_text(what)}</span>: '
        f'<span class="diff-text">{diff_html(a, b)}</span></p>'
        f'<p class="small text-muted">{legend}. <span class="diff-kind" data-kind="{kind(a, b)}">{html_text(kind_label(a, b, lang))}</span>.</p></div>'
    )


def _fallback_pages(pages: str, other: list) -> list[int]:
    """Pages of the check not shown on the other side: shown whole for a side whose cell is not known."""
    others = {p for p, _ in other}
    return [a for a, b in page_runs(pages) for a in range(a, b + 1) if a not in others][:1]


def crops(page: ProgramPage, r: dict, site_root: str | None) -> str:
    """Both sides of a contradiction as crops of the PDF, side by side (none for a text edition)."""
    a, b = side_regions(r.get("boxes_a", "")), side_regions(r.get("boxes_b", ""))
    if not a and not b:
        return ""
    name_a, name_b = side_names(r["check"])
    return side_by_side(page.program, [(name_a, a, _fallback_pages(r["pages"], b)), (name_b, b, _fallback_pages(r["pages"], a))], site_root)


def finding(page: ProgramPage, idx: int, r: dict, site_root: str | None) -> str:
    """One contradiction: what disagrees, by how much or in which words, where, and the two printed sides."""
    root = site_root or "."
    href = f"{page.href_prefix}reconciliation.csv"
    pages = pdf_pages_links(page.program, r["pages"], root)
    head = f'<strong>{html_text(check_label(r["check"]))}</strong> (<code>{html_text(r["scope"])}</code>){f" ({pages})" if pages else ""}'
    if r.get("text_a") or r.get("text_b"):
        return f'<li class="finding"><p>{head}:</p>{text_difference(r)}{crops(page, r, site_root)}</li>'
    if r["stated"] != "" and r["computed"] != "":
        body = mismatch_sentence(
            r["check"],
            cite(fmt_money(r["stated"]), href=href, table="reconciliation", column="stated", row=idx, value=r["stated"]),
            cite(fmt_money(r["computed"]), href=href, table="reconciliation", column="computed", row=idx, value=r["computed"]),
            cite(fmt_money(r["difference"]), href=href, table="reconciliation", column="difference", row=idx, value=r["difference"]),
        )
    else:
        body = "iki tablo farklı şey söylüyor"
    note = note_text(r)
    note_html = f' <span class="small text-muted">Not: {html_text(note)}</span>' if note else ""
    return f'<li class="finding"><p>{head}: {body}.{note_html}</p>{crops(page, r, site_root)}</li>'


def findings(page: ProgramPage, site_root: str | None) -> str:
    """Every mismatch: what the document says, what it is compared with, where, and both sides as printed."""
    rec = page.table("reconciliation")
    if rec.empty:
        return ""
    mism = rec[rec["status"] == "mismatch"]
    if mism.empty:
        return "<p>Belgenin bütün toplamları satırlarıyla tutuyor: karşılaştırılan hiçbir toplamda çelişki yok.</p>"
    items = [finding(page, idx, r.to_dict(), site_root) for idx, r in mism.iterrows()]
    return f'<ol class="findings">{"".join(items)}</ol>'

def table(page: ProgramPage, site_root: str | None = None) -> str:
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
