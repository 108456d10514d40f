"""The "does the document add up?" page: every check of the document's own totals, in plain language."""

from __future__ import annotations

from analysis.core.escape import md_code, md_text
from analysis.pages.base import ProgramPage, details_table
from analysis.pages.format import (
    cite,
    fmt_money,
    fmt_number,
    pdf_pages_links,
    to_decimal,
)
from analysis.pages.labels import STATUS_TR, check_label, mismatch_sentence


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

def findings(page: ProgramPage, site_root: str | None) -> str:
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
        pages = pdf_pages_links(page.program, r["pages"], root)
        if r["stated"] != "" and r["computed"] != "":
            nums = mismatch_sentence(
                r["check"],
                cite(fmt_money(r["stated"]), href=href, table="reconciliation", column="stated", row=idx, value=r["stated"]),
                cite(fmt_money(r["computed"]), href=href, table="reconciliation", column="computed", row=idx, value=r["computed"]),
                cite(fmt_money(r["difference"]), href=href, table="reconciliation", column="difference", row=idx, value=r["difference"]),
            )
        else:
            nums = "iki tablo farklı şey söylüyor"
        note = f' <span class="small text-muted">Not: {md_text(r["note"])}</span>' if r["note"] else ""
        lines.append(f"- **{md_text(check_label(r['check']))}** ({md_code(r['scope'])}): {nums}{f' ({pages})' if pages else ''}.{note}")
    return "\n".join(lines)

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
