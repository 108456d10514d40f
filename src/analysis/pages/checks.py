"""The "does the document add up?" page: every check of the document's own totals, in plain language.

Each contradiction is shown with both of its sides as crops of the PDF (`analysis.pages.sources`); where
two tables print different text, the two prints are shown once with the differing words marked
(`analysis.pages.textdiff`). Turkish pages use the Turkish notes (`note_tr`), never the English ones.
"""

from __future__ import annotations

from typing import Any

from analysis.analyse.contradictions import KINDS
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
from analysis.pages.labels import STATUS_TR, check_label, mismatch_sentence, note_with_labels, scope_text, side_names
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
        f"{n('missing')} tanesinin karşılaştırılacak karşılığı yok. Her çelişki belgede olduğu gibi "
        f"raporlanır: satırları toplamlara uydurmak için hiçbir sayı değiştirilmedi.{kinds_sentence(page)}"
    )


def kinds_sentence(page: ProgramPage) -> str:
    """` Türlerine göre: 47 gösterge değeri, …; para toplamlarında çelişki yok.`, every count cited to contradiction_kinds."""
    kinds = page.table("contradiction_kinds")
    if kinds.empty:
        return ""
    parts, money = [], ""
    for i, r in kinds.iterrows():
        n = int(r["rows"] or 0)
        if r["kind"] == "money_total":
            money = (f" **Tutmayan para toplamı: {page.cite('contradiction_kinds', 'rows', int(i))}** "
                     f"({page.cite('contradiction_kinds', 'causes', int(i))} ayrı nedenden"
                     + (f"; {page.cite('contradiction_kinds', 'misprints', int(i))} tanesi yazım hatası" if int(r["misprints"] or 0) else "") + ")."
                     if n else " **Para toplamlarının hepsi tutuyor**: çelişkilerin hiçbiri bir para toplamı değil.")
        elif n:
            parts.append(f"{page.cite('contradiction_kinds', 'rows', int(i))} {KIND_WORDS.get(r['kind'], r['label_tr'])}")
    listed = f" Türlerine göre: {', '.join(parts)}." if parts else ""
    return money + listed + " Ayrıntılar aşağıda, türlerine göre."


KIND_WORDS = {"count": "sayı (faaliyet, gösterge ya da hedef sayısı)", "indicator_value": "gösterge değeri", "code_name": "kod ya da ad",
              "text": "metin farkı", "missing_row": "eksik satır (bir tabloda olup ötekinde olmayan)"}

def note_text(r: dict, lang: str = "tr") -> str:
    """A reconciliation row's note in the page's language: `note_tr` on Turkish pages, `note` on English ones.

    A Turkish page never falls back to the English note: a row without a Turkish note shows none.
    """
    return note_with_labels(r.get("note_tr") or "", "tr") if lang == "tr" else (r.get("note") or "")


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


def finding(page: ProgramPage, idx: int, r: dict, site_root: str | None, misprint: bool = False) -> str:
    """One contradiction: what disagrees, by how much or in which words, where, and the two printed sides."""
    root = site_root or "."
    href = f"{page.href_prefix}reconciliation.csv"
    pages = pdf_pages_links(page.program, r["pages"], root)
    slip = '<span class="misprint">Yazım hatası</span> ' if misprint else ""
    head = f'{slip}<strong>{html_text(check_label(r["check"]))}</strong> (<code>{html_text(scope_text(r["scope"]))}</code>){f" ({pages})" if pages else ""}'
    if r.get("status") == "missing":
        return f'<li class="finding missing-row"><p>{head}: {html_text(note_text(r))}.</p>{crops(page, r, site_root)}</li>'
    if r.get("text_a") or r.get("text_b"):
        return f'<li class="finding"><p>{head}:</p>{text_difference(r)}{crops(page, r, site_root)}</li>'
    if r["stated"] != "" and r["computed"] != "":
        body = mismatch_sentence(
            r["check"],
            cite(fmt_money(r["stated"]), href=href, table="reconciliation", column="stated", row=idx, value=r["stated"], label=f"“{r['check']}” {r['scope']}"),
            cite(fmt_money(r["computed"]), href=href, table="reconciliation", column="computed", row=idx, value=r["computed"], label=f"“{r['check']}” {r['scope']}"),
            cite(fmt_money(r["difference"]), href=href, table="reconciliation", column="difference", row=idx, value=r["difference"], label=f"“{r['check']}” {r['scope']}"),
        )
    else:
        body = "iki tablo farklı şey söylüyor"
    note = note_text(r)
    if misprint:
        note = "iki sayı yalnızca basamak kaydırması ya da basamak sırasıyla ayrılıyor: bir tutar yanlış yazılmış, para eksik ya da fazla değil. " + note
    note_html = f' <span class="small text-muted">Not: {html_text(note)}</span>' if note else ""
    return f'<li class="finding"><p>{head}: {body}.{note_html}</p>{crops(page, r, site_root)}</li>'


def findings(page: ProgramPage, site_root: str | None) -> str:
    """Every failed check, by kind (money totals, counts, indicator values, codes and names, text, missing rows),
    the checks one gap explains grouped under it, misprints called misprints, both sides as printed."""
    rec = page.table("reconciliation")
    if rec.empty:
        return ""
    con = page.table("contradictions")
    if (rec["status"] == "mismatch").sum() == 0:
        return "<p>Belgenin bütün toplamları satırlarıyla tutuyor: karşılaştırılan hiçbir toplamda çelişki yok.</p>" + kind_section(page, rec, con, "missing_row", site_root)
    return "".join(kind_section(page, rec, con, kind, site_root) for kind in KINDS)


def kind_section(page: ProgramPage, rec: Any, con: Any, kind: str, site_root: str | None) -> str:
    """One kind's heading, its count and causes, and its findings, grouped by cause."""
    sub = con[con["kind"] == kind] if not con.empty else con
    if sub.empty:
        return ""
    causes = sub["cause"].nunique()
    head = f'<h3 id="tur-{kind}">{html_text(KINDS[kind][0])} ({fmt_number(len(sub))})</h3>'
    intro = f"<p>{fmt_number(len(sub))} bulgu, {fmt_number(causes)} ayrı nedenden{' (aynı farkı gösteren denetimler birlikte)' if causes < len(sub) else ''}.</p>"
    items = []
    size = {c: max((to_decimal(v) or 0 for v in g["abs_difference"]), default=0) for c, g in sub.groupby("cause", sort=False)}
    misprint = {c: (g["misprint"] == "True").all() for c, g in sub.groupby("cause", sort=False)}
    order = sorted(size, key=lambda c: (misprint[c], -size[c]))  # the largest real gap first, misprints last
    for _, grp in sorted(sub.groupby("cause", sort=False), key=lambda cg: order.index(cg[0])):
        inner = [finding(page, int(r["row"]), rec.iloc[int(r["row"])].to_dict(), site_root, misprint=r["misprint"] == "True") for _, r in grp.iterrows()]
        if len(grp) == 1:
            items.append(inner[0])
            continue
        first = grp.iloc[0]
        diff = to_decimal(first["abs_difference"])
        what = (f"Aynı {fmt_money(diff)} TL fark" if kind == "money_total" and diff is not None else
                f"Aynı {fmt_number(diff)} eksik/fazla satır" if kind == "count" and diff is not None else "Aynı iki tablo arasında")
        items.append(f'<li class="cause"><p><strong>{html_text(what)}, {fmt_number(len(grp))} denetimde</strong>: tek bir farkın yansımaları.</p>'
                     f'<ol class="findings">{"".join(inner)}</ol></li>')
    return f'{head}{intro}<ol class="findings">{"".join(items)}</ol>'

def table(page: ProgramPage, site_root: str | None = None) -> str:
    """All checks, for readers who want every line."""
    rec = page.table("reconciliation")
    if rec.empty:
        return ""
    df = rec.copy()
    df["durum"] = df["status"].map(STATUS_TR).fillna(df["status"])
    df["denetim"] = [check_label(c) for c in df["check"]]
    df["scope"] = [scope_text(v) for v in df["scope"]]
    for c in ("stated", "computed", "difference"):
        df[c] = [to_decimal(v) for v in df[c]]
    columns = {"denetim": "Denetim", "scope": "Kapsam", "stated": "Belgede", "computed": "Satırlardan", "difference": "Fark", "durum": "Durum", "pages": "Sayfa"}
    return details_table(page, "reconciliation", df, "Bütün denetimler (tablo)", columns, site_root, max_rows=2000)
