"""Key findings across programs, in plain words, for the home page (Turkish) and the English summary.

They answer, for every program, the three questions a reader comes with: how much goes to transport
(and to the largest policy area), which units set the least ambitious targets, and which of the
document's own totals do not add up. Every number is taken from an analysis table and linked to it
(`pages.cite`), so the home page is checked against the tables like every other page.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from analysis.core.escape import md_code, md_text
from analysis.pages.base import ProgramPage
from analysis.pages.format import (
    cite,
    fmt_money,
    fmt_number,
    fmt_pct,
    fmt_tl,
    fmt_tl_short,
    pdf_pages_links,
    read_csv,
    to_decimal,
)
from analysis.pages.labels import check_label, mismatch_sentence

if TYPE_CHECKING:
    from analysis.core.catalog import Program
    from analysis.core.paths import Paths

MIN_COMPARABLE = 5
INLINE_MISMATCHES = 5

TEXT = {
    "tr": {
        "none": "_Henüz yayımlanacak program yok: `make report` çalıştırın._",
        "programs_head": "| Program | Tür | Toplam kaynak ihtiyacı | Performans hedefi | Gösterge | Faaliyet | Belgedeki tutarsızlık |\n|---|---|---|---|---|---|---|",
        "kind": {"metropolitan": "büyükşehir", "district": "ilçe"},
        "details": "ayrıntı",
        "intro": "Bu sitede {n} performans programı var. Altı noktalı çizgili her sayı, tıklandığında geldiği tabloyu (CSV) açar; tablolar da PDF'in sayfasını gösterir.",
        "transport_h": "### Ulaşıma ne kadar ayrılıyor?",
        "transport": "- **{name}**: {amount} (faaliyetlere bağlanan bütçe içindeki payı {share}). En büyük politika alanı: {top} (payı {top_share}).",
        "transport_none": "- **{name}**: ulaşım alanına bağlanan faaliyet yok.",
        "transport_note": "Paylar, belgenin faaliyetlere bağladığı para içindedir.{partial} Karşılaştırma: [programlar yan yana](report/comparison.ipynb).",
        "transport_partial": " {names}: faaliyetler belgenin toplamının yalnızca bir kısmını kapsıyor; kalan kısım (personel, genel yönetim giderleri, transferler) hiçbir faaliyete bağlanmamış.",
        "ambition_h": "### En az iddialı hedefleri hangi birimler koyuyor?",
        "ambition_intro": "2021 hedefini bir başlangıç değeriyle (önce 2019 gerçekleşmesi) karşılaştırdık; en az {n} karşılaştırılabilir göstergesi olan birimler arasında hedefi başlangıçtan iyi olan göstergelerin payı en düşük olanlar:",
        "ambition_program": "- **{name}** (tüm programda hedefi iyileşen göstergelerin payı {overall}): {units}. [Bütün birimler]({href})",
        "ambition_unit": "{unit} ({share}, {n} gösterge)",
        "checks_h": "### Belgelerin hangi toplamları tutmuyor?",
        "checks_program": "**{name}**: belgenin tablolarını birbiriyle ve kendi satırlarıyla karşılaştıran {checks} denetimden {mismatches} tanesinde belge kendi içinde çelişiyor ([tümü ve açıklamaları]({href})). Farkı en büyük olanlar:",
        "checks_none": "**{name}**: belgenin bütün toplamları satırlarıyla tutuyor ({checks} denetim).",
        "mismatch": "- {label} ({scope}): {sentence}{pages}",
        "more": "<details><summary>Diğer {n} tutarsızlık</summary>\n\n{items}\n\n</details>",
        "programs_h": "### Programlar",
    },
    "en": {
        "none": "_No program published yet: run `make report`._",
        "programs_head": "| Program | Kind | Total resource need | Performance targets | Indicators | Activities | Internal inconsistencies |\n|---|---|---|---|---|---|---|",
        "kind": {"metropolitan": "metropolitan", "district": "district"},
        "details": "details",
        "intro": "This site covers {n} performance programs. Every number with a dotted underline opens the table (CSV) it comes from; the tables cite the page of the PDF.",
        "transport_h": "### How much goes to transport?",
        "transport": "- **{name}**: {amount} ({share} of the budget tied to activities). Largest policy area: {top} ({top_share}).",
        "transport_none": "- **{name}**: no activity is mapped to transport.",
        "transport_note": "Shares are of the money the document ties to activities.{partial} Side by side: [comparison](report/comparison.ipynb).",
        "transport_partial": " {names}: the activities cover only part of the document's total; the rest (staff, general administration, transfers) is tied to no activity.",
        "ambition_h": "### Which units set the least ambitious targets?",
        "ambition_intro": "Each 2021 target was compared with a baseline (the 2019 actual first); among units with at least {n} comparable indicators, those with the lowest share of targets that improve on the baseline:",
        "ambition_program": "- **{name}** (share of improving targets in the whole program: {overall}): {units}. [All units]({href})",
        "ambition_unit": "{unit} ({share}, {n} indicators)",
        "checks_h": "### Which totals in the documents do not add up?",
        "checks_program": "**{name}**: of {checks} checks comparing the document's tables with each other and with its own rows, {mismatches} show the document contradicting itself ([all, with explanations]({href})). The largest differences:",
        "checks_none": "**{name}**: every total in the document matches its rows ({checks} checks).",
        "mismatch": "- {label} ({scope}): {sentence}{pages}",
        "more": "<details><summary>{n} more inconsistencies</summary>\n\n{items}\n\n</details>",
        "programs_h": "### Programs",
    },
}

POLICY_LABEL_COLUMN = {"tr": "label_tr", "en": "label_en"}


def _page(prog: Program, p: Paths) -> ProgramPage:
    return ProgramPage(prog, p.analysis / prog.id, href_prefix=f"report/{prog.id}/tables/")


def _program_rows(p: Paths, programs: list[Program], lang: str, prefix: str = "") -> list[str]:
    t = TEXT[lang]
    rows = []
    for prog in programs:
        ov = read_csv(p.analysis / prog.id / "overview.csv")
        href = f"{prefix}report/{prog.id}/tables/overview.csv"

        def c(col: str, display: str) -> str:
            return cite(display, href=href, table="overview", column=col, row=0, value=ov[col].iloc[0])

        rows.append(
            f"| [{md_text(f'{prog.short_name} {prog.year}')}]({prefix}report/{prog.id}/index.ipynb) | {t['kind'].get(prog.kind) or md_text(prog.kind)} "
            f"| {c('total_resource_need', fmt_tl_short(ov['total_resource_need'].iloc[0]) if lang == 'tr' else fmt_tl(ov['total_resource_need'].iloc[0]))} "
            f"| {c('performance_targets', fmt_number(ov['performance_targets'].iloc[0]))} "
            f"| {c('indicators', fmt_number(ov['indicators'].iloc[0]))} "
            f"| {c('activities', fmt_number(ov['activities'].iloc[0]))} "
            f"| {c('reconciliation_mismatches', fmt_number(ov['reconciliation_mismatches'].iloc[0]))} ([{t['details']}]({prefix}report/{prog.id}/checks.ipynb)) |"
        )
    return rows


def programs_markdown(p: Paths, programs: list[Program], lang: str = "tr") -> str:
    t = TEXT[lang]
    if not programs:
        return t["none"] + "\n"
    return "\n".join([t["programs_head"], *_program_rows(p, programs, lang)]) + "\n"


def transport_lines(p: Paths, programs: list[Program], lang: str) -> list[str]:
    t = TEXT[lang]
    lines = [t["transport_h"], ""]
    for prog in programs:
        page = _page(prog, p)
        df = page.table("budget_by_policy_area")
        name = md_text(f"{prog.short_name} {prog.year}")
        if df.empty:
            continue
        label = POLICY_LABEL_COLUMN[lang]
        top = md_text(df[label].iloc[0]) if label in df else md_text(df["policy_area"].iloc[0])
        rows = df.index[df["policy_area"] == "transport"].tolist()
        if not rows:
            lines.append(t["transport_none"].format(name=name))
            continue
        i = rows[0]
        lines.append(
            t["transport"].format(
                name=name,
                amount=page.cite("budget_by_policy_area", "total", i, kind="tl"),
                share=page.cite("budget_by_policy_area", "share", i, kind="pct"),
                top=top,
                top_share=page.cite("budget_by_policy_area", "share", 0, kind="pct"),
            )
        )
    partial = [f"{prog.short_name} {prog.year}" for prog in programs if _covers_part(p, prog)]
    lines += ["", t["transport_note"].format(partial=t["transport_partial"].format(names=", ".join(partial)) if partial else ""), ""]
    return lines


def _covers_part(p: Paths, prog: Program) -> bool:
    """Do the program's activities add up to less than the document's own total (so some money is tied to none)?"""
    ov = read_csv(p.analysis / prog.id / "overview.csv")
    stated, acts = to_decimal(ov["total_resource_need"].iloc[0]), to_decimal(ov["activities_total"].iloc[0])
    return stated is not None and acts is not None and acts < stated


def ambition_lines(p: Paths, programs: list[Program], lang: str, n_units: int = 3) -> list[str]:
    t = TEXT[lang]
    lines = [t["ambition_h"], "", t["ambition_intro"].format(n=MIN_COMPARABLE), ""]
    for prog in programs:
        page = _page(prog, p)
        units = page.table("ambition_by_unit")
        summary = page.table("ambition_summary")
        if units.empty or summary.empty:
            continue
        units = units.reset_index().rename(columns={"index": "_row"})
        units = units[[int(v) >= MIN_COMPARABLE for v in units["comparable"]]]
        units = units.assign(_s=[float(to_decimal(v) or 0) for v in units["share_improves"]]).sort_values(["_s", "unit"]).head(n_units)
        parts = [
            t["ambition_unit"].format(
                unit=md_text(r["unit"]),
                share=page.cite("ambition_by_unit", "share_improves", int(r["_row"]), kind="pct"),
                n=page.cite("ambition_by_unit", "comparable", int(r["_row"])),
            )
            for _, r in units.iterrows()
        ]
        lines.append(
            t["ambition_program"].format(
                name=md_text(f"{prog.short_name} {prog.year}"),
                overall=page.cite("ambition_summary", "share_improves", 0, kind="pct"),
                units="; ".join(parts),
                href=f"report/{prog.id}/indicators.ipynb",
            )
        )
    lines.append("")
    return lines


def _mismatch_line(page: ProgramPage, row: int, r: dict, lang: str) -> str:
    t = TEXT[lang]
    href = f"{page.href_prefix}reconciliation.csv"

    def c(col: str) -> str:
        return cite(fmt_money(r[col]), href=href, table="reconciliation", column=col, row=row, value=r[col])

    pages = pdf_pages_links(page.program, r["pages"], ".")
    if r["stated"] == "" or r["computed"] == "":
        # the note in the page's language: a Turkish page never shows the English note
        note = md_text((r.get("note_tr") or "") if lang == "tr" else (r.get("note") or ""))
        return f"- {md_text(check_label(r['check'], lang))} ({md_code(r['scope'])}): {note} {pages}"
    sentence = mismatch_sentence(r["check"], c("stated"), c("computed"), c("difference"), lang)
    return t["mismatch"].format(label=md_text(check_label(r["check"], lang)), scope=md_code(r["scope"]), sentence=sentence, pages=f"; {pages}" if pages else "")


def checks_lines(p: Paths, programs: list[Program], lang: str) -> list[str]:
    t = TEXT[lang]
    lines = [t["checks_h"], ""]
    for prog in programs:
        page = _page(prog, p)
        rec = page.table("reconciliation")
        if rec.empty:
            continue
        name = md_text(f"{prog.short_name} {prog.year}")
        href = f"{page.href_prefix}reconciliation.csv"
        n_checks = cite(fmt_number(len(rec)), href=href, table="reconciliation", column="status", row="count:all", value=len(rec))
        mism = rec[rec["status"] == "mismatch"]
        if mism.empty:
            lines += [t["checks_none"].format(name=name, checks=n_checks), ""]
            continue
        n_mism = cite(fmt_number(len(mism)), href=href, table="reconciliation", column="status", row="count:mismatch", value=len(mism))
        size = [abs(to_decimal(v)) if to_decimal(v) is not None else Decimal(-1) for v in mism["difference"]]
        order = [i for _, i in sorted(zip(size, mism.index, strict=True), key=lambda x: (-x[0], x[1]))]
        items = [_mismatch_line(page, i, rec.loc[i].to_dict(), lang) for i in order]
        lines += [t["checks_program"].format(name=name, checks=n_checks, mismatches=n_mism, href=f"report/{prog.id}/checks.ipynb"), ""]
        lines += items[:INLINE_MISMATCHES]
        if len(items) > INLINE_MISMATCHES:
            lines += ["", t["more"].format(n=len(items) - INLINE_MISMATCHES, items="\n".join(items[INLINE_MISMATCHES:]))]
        lines.append("")
    return lines


def home_markdown(p: Paths, programs: list[Program], lang: str = "tr") -> str:
    """The home page's findings (and, with lang='en', the English summary's)."""
    t = TEXT[lang]
    if not programs:
        return t["none"] + "\n"
    parts = [t["intro"].format(n=len(programs)), ""]
    parts += transport_lines(p, programs, lang)
    parts += ambition_lines(p, programs, lang)
    parts += checks_lines(p, programs, lang)
    parts += [t["programs_h"], "", t["programs_head"], *_program_rows(p, programs, lang), ""]
    return "\n".join(parts) + "\n"


__all__ = ["home_markdown", "programs_markdown", "fmt_pct"]
