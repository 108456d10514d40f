"""Key findings across programs, in plain words, for the home page (Turkish) and the English summary.

Every number is taken from an analysis table and linked to it (`pages.cite`), so the home page can be
checked against the tables exactly like the program pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .pages import cite, fmt_number, fmt_tl_short, read_csv

if TYPE_CHECKING:
    from .catalog import Program
    from .pipeline import Paths

TEXT = {
    "tr": {
        "none": "_Henüz yayımlanacak program yok: `make report` çalıştırın._",
        "programs_head": "| Program | Tür | Toplam kaynak ihtiyacı | Performans hedefi | Gösterge | Faaliyet | Belgedeki tutarsızlık |\n|---|---|---|---|---|---|---|",
        "kind": {"metropolitan": "büyükşehir", "district": "ilçe"},
        "details": "ayrıntı",
        "intro": "Bu sitede {n} performans programı var. Her sayı, tıklandığında geldiği tabloya götürür; tablolar da PDF'in sayfasına.",
    },
    "en": {
        "none": "_No program published yet: run `make report`._",
        "programs_head": "| Program | Kind | Total resource need | Performance targets | Indicators | Activities | Internal inconsistencies |\n|---|---|---|---|---|---|---|",
        "kind": {"metropolitan": "metropolitan", "district": "district"},
        "details": "details",
        "intro": "This site covers {n} performance programs. Every number links to the table it comes from; the tables cite the page of the PDF.",
    },
}


def _program_rows(p: Paths, programs: list[Program], lang: str, prefix: str = "") -> list[str]:
    t = TEXT[lang]
    rows = []
    for prog in programs:
        ov = read_csv(p.analysis / prog.id / "overview.csv")
        href = f"{prefix}report/{prog.id}/tables/overview.csv"

        def c(col: str, display: str) -> str:
            return cite(display, href=href, table=f"{prog.id}/overview", column=col, row=0, value=ov[col].iloc[0])

        rows.append(
            f"| [{prog.short_name} {prog.year}]({prefix}report/{prog.id}/index.ipynb) | {t['kind'].get(prog.kind, prog.kind)} "
            f"| {c('total_resource_need', fmt_tl_short(ov['total_resource_need'].iloc[0]))} "
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


def home_markdown(p: Paths, programs: list[Program], lang: str = "tr") -> str:
    t = TEXT[lang]
    if not programs:
        return t["none"] + "\n"
    parts = [t["intro"].format(n=len(programs)), "", t["programs_head"], *_program_rows(p, programs, lang)]
    return "\n".join(parts) + "\n"
