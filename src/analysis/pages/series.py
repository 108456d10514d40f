"""The series page of a municipality: what its programs promised, and what became of it (Turkish).

Takes the series tables (`data/analysis/_series/*.csv`, `analysis.analyse.series`), one series key and the
catalog's programs; returns the page as a Quarto document (`report/series/<key>.qmd`, written by the site
stage beside copies of the tables in `report/series/tables/`). Every number is cited from its table row
(`analysis.pages.format.cite`), so the browser tests compare the page with the tables. A municipality with
programs of one year only has no series and no page: nothing here is ever shown empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.core.escape import html_text, yaml_str
from analysis.pages.format import cite, fmt_number, fmt_pct, fmt_tl_short, pdf_link, read_csv, row_label

if TYPE_CHECKING:
    from analysis.core.catalog import Program

STATUS_TR = {
    "met": "gerçekleşti", "partly_met": "kısmen", "missed": "gerçekleşmedi", "not_reported": "raporlanmadı",
    "dropped": "programdan çıktı", "unresolved": "eşleşme belirsiz", "not_judged": "yönü yok", "no_target": "sayısal hedef yok",
    "pending": "henüz raporlanmadı",
}  # fmt: skip
ROLE_TR = {"estimate": "tahmin", "partial_actual": "kısmi gerçekleşme"}
ITEM_TR = {"indicator": "Göstergeler", "performance_target": "Performans hedefleri", "activity": "Faaliyetler"}
OUTCOME_TR = {"matched": "eşleşti", "ambiguous": "belirsiz", "unmatched_from": "sonraki programda yok", "unmatched_to": "yeni"}
TOP = 10


@dataclass
class SeriesPage:
    """One series' rows of every series table (with their row numbers in the whole table, for citing)."""

    key: str
    tables: dict[str, pd.DataFrame]
    programs: dict[str, Program]
    site_root: str = "../.."
    area_labels: dict[str, str] = field(default_factory=dict)
    """Policy area id -> its Turkish name (data/taxonomy.yml)."""

    @classmethod
    def load(cls, series_dir: Path, key: str, programs: list[Program], area_labels: dict[str, str] | None = None) -> SeriesPage:
        tables = {f.stem: read_csv(f) for f in sorted(series_dir.glob("series_*.csv"))}
        return cls(key, tables, {p.id: p for p in programs}, area_labels=area_labels or {})

    def rows(self, table: str) -> pd.DataFrame:
        df = self.tables.get(table, pd.DataFrame(columns=["series"]))
        return df[df["series"] == self.key]

    def cite(self, table: str, row: int, column: str, kind: str = "number") -> str:
        df = self.tables[table]
        value = df.at[row, column]
        shown = {"pct": fmt_pct, "tl": fmt_tl_short, "year": str}.get(kind, fmt_number)(value) if value != "" else "–"
        return cite(shown, href=f"tables/{table}.csv", table=table, column=column, row=row, value=value, label=self.label(table, row))

    def label(self, table: str, row: int) -> str:
        """What a row is called in a number's tooltip, in Turkish (a policy area by its name, a program by its title)."""
        df = self.tables[table]
        if table == "series_delivery_summary":
            group = str(df.at[row, "group"])
            return self.area_labels.get(group, group) if df.at[row, "dimension"] == "policy_area" else self.name(group)
        if table == "series_delivery":
            return str(df.at[row, "name"])[:80]
        if "program" in df.columns:
            return self.name(str(df.at[row, "program"]))
        return row_label(df, row)

    def name(self, program: str) -> str:
        p = self.programs.get(program)
        return f"{p.short_name} {p.year}" if p else program

    def link(self, program: str, year: bool = False) -> str:
        """A link to the program's overview, named by its title (or only its year, where the series is clear)."""
        p = self.programs.get(program)
        text = str(p.year) if year and p else self.name(program)
        return f'<a href="{self.site_root}/report/{html_text(program)}/index.html">{html_text(text)}</a>'

    def page_link(self, program: str, page: Any) -> str:
        prog = self.programs.get(program)
        return pdf_link(prog, page, self.site_root) if prog is not None and str(page).strip() else ""


def _table(head: list[str], rows: list[list[str]], caption: str, numeric_from: int = 1) -> str:
    th = "".join(f'<th scope="col">{html_text(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f'<td class="{"num" if k >= numeric_from else "txt"}">{c}</td>' for k, c in enumerate(r)) + "</tr>" for r in rows)
    return (f'<div class="table-responsive"><table class="table table-sm data-table"><caption>{html_text(caption)}</caption>'
            f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>")


def programs_section(page: SeriesPage) -> str:
    df = page.rows("series_programs")
    rows = []
    for i, r in df.iterrows():
        role = ROLE_TR.get(r["interim_role"], r["interim_role"])
        rows.append([page.link(r["program"]), page.cite("series_programs", i, "actual_year", "year"),
                     f'{page.cite("series_programs", i, "interim_year", "year")} ({html_text(role)})',
                     page.cite("series_programs", i, "target_year", "year"), page.cite("series_programs", i, "indicators")])
    return ("## Seri\n\n<p>Her program, her gösterge için iki yıl önceki gerçekleşmeyi, bir önceki yılın tahminini ve plan yılının hedefini "
            "basar. Böylece N yılında konan hedefin ilk tahmini N+1 programında, gerçekleşmesi N+2 programında okunur. Yıllar ve "
            "sütunların rolü her programın kendi başlıklarından okunmuştur.</p>\n\n"
            + _table(["Program", "Gerçekleşme yılı", "Tahmin yılı", "Hedef yılı", "Gösterge"], rows, "Serinin programları ve sütunlarının yılları") + "\n")


SUMMARY_HEAD = ["Hedef yılı", "Gösterge", "Gerçekleşti", "Kısmen", "Gerçekleşmedi", "Raporlanmadı", "Programdan çıktı", "Belirsiz", "Bekliyor", "Tutturma oranı"]
SUMMARY_COLS = ["indicators", "met", "partly_met", "missed", "not_reported", "dropped", "unresolved", "pending"]


def _summary_rows(page: SeriesPage, dimension: str, label: Any) -> list[list[str]]:
    df = page.rows("series_delivery_summary")
    df = df[df["dimension"] == dimension]
    return [[label(r["group"])] + [page.cite("series_delivery_summary", i, c) for c in SUMMARY_COLS]
            + [page.cite("series_delivery_summary", i, "delivery_rate", "pct")] for i, r in df.iterrows()]


def delivery_section(page: SeriesPage) -> str:
    years = {r["program"]: r["target_year"] for _, r in page.rows("series_programs").iterrows()}
    rows = _summary_rows(page, "program", lambda p: f"{html_text(years.get(p, ''))} ({page.link(p)})")
    out = ["## Hedefler ne oldu?\n",
           "<p><strong>Gerçekleşti</strong>: daha yüksek olması iyi olan bir göstergede gerçekleşen hedefe ulaştı (daha düşük olması iyi olanda "
           "hedefin altında kaldı); <strong>kısmen</strong>: hedefin en az yarısına ulaştı (düşük olması iyi olanda hedefin 1,5 katını aşmadı); "
           "<strong>programdan çıktı</strong>: gösterge sonraki programda yok; <strong>bekliyor</strong>: gerçekleşmeyi basacak program henüz "
           "seride değil. Tutturma oranı = gerçekleşen / (gerçekleşen + kısmen + gerçekleşmeyen).</p>\n",
           _table(SUMMARY_HEAD, rows, "Programların hedefleri, durumlarına göre") + "\n"]
    for dimension, title, head in (("policy_area", "Politika alanına göre", "Politika alanı"), ("unit", "Sorumlu birime göre", "Sorumlu birim")):
        sub = _summary_rows(page, dimension, lambda g: html_text(page.area_labels.get(g, g) or "belirtilmemiş"))
        if sub:
            out.append(f"### {title}\n\n" + _table([head, *SUMMARY_HEAD[1:]], sub, f"Hedefler, {title.lower()}") + "\n")
    return "\n".join(out)


def _indicator_cells(page: SeriesPage, i: int, r: pd.Series) -> list[str]:
    t = page.tables["series_delivery"]
    target = page.cite("series_delivery", i, "target_value") + " " + page.page_link(r["program"], r["target_page"])
    estimate = (page.cite("series_delivery", i, "estimate_value") + " " + page.page_link(r["estimate_program"], r["estimate_page"])) if r["estimate_program"] else "–"
    actual = (page.cite("series_delivery", i, "actual_value") + " " + page.page_link(r["actual_program"], r["actual_page"])) if r["actual_program"] else "–"
    gap = page.cite("series_delivery", i, "gap", "pct") if t.at[i, "gap"] != "" else "–"
    return [f'{html_text(r["name"])} <span class="small">({html_text(r["measure_unit"])}, {html_text(r["unit"])})</span>', target, estimate, actual, gap]


def misses_section(page: SeriesPage) -> str:
    df = page.rows("series_delivery")
    misses = df[df["status"].isin(["missed", "partly_met"]) & (df["gap"] != "")].copy()
    dropped = df[df["dropped_after_shortfall"] == "True"].copy()
    out = []
    if len(misses):
        misses["g"] = misses["gap"].astype(float)
        rows = [_indicator_cells(page, i, r) for i, r in misses.sort_values("g").head(TOP).iterrows()]
        out.append("## En büyük ıskalar\n\n<p>Hedefle gerçekleşen arasındaki fark hedefe oranla en büyük olanlar; her değerin yanında "
                   "basıldığı programın PDF sayfası.</p>\n\n" + _table(["Gösterge", "Hedef", "İlk tahmin", "Gerçekleşen", "Fark"], rows, "Hedefin en çok altında kalan göstergeler") + "\n")
    if len(dropped):
        dropped["g"] = dropped["gap"].replace("", "0").astype(float)
        rows = [_indicator_cells(page, i, r)[:3] + [f"{page.link(r['dropped_in'], year=True)} programında yok"] for i, r in dropped.sort_values("g").iterrows()]
        out.append("## Iskalanan hedeften sonra programdan çıkan göstergeler\n\n<p>İlk tahmini hedefin altında kalan ve gerçekleşmesinin "
                   "basılacağı programda artık bulunmayan göstergeler.</p>\n\n" + _table(["Gösterge", "Hedef", "İlk tahmin", "Nerede çıktı"], rows, "Tahmini hedefin altında kalıp programdan çıkan göstergeler") + "\n")
    return "\n".join(out)


def budgets_section(page: SeriesPage) -> str:
    df = page.rows("series_activity_budgets")
    if df.empty:
        return ""
    rows = []
    for (a, b), sub in df.groupby(["from_program", "to_program"], sort=False):
        planned = sum(pd.to_numeric(sub["planned"].replace("", "0")).tolist())
        again = sum(pd.to_numeric(sub["planned_again"].replace("", "0")).tolist())
        changed = int((sub["change"].replace("", "0").astype(float) != 0).sum())
        rows.append([f"{page.link(a)} → {page.link(b)}", fmt_number(len(sub)), html_text(fmt_tl_short(planned)), html_text(fmt_tl_short(again)), fmt_number(changed)])
    return ("## Faaliyetlerin bütçeleri\n\n<p>İki ardışık programda eşleşen faaliyetler: N programında planlanan ve N+1 programında "
            "yeniden planlanan tutar (toplam). Satır satır tutarlar <code>series_activity_budgets</code> tablosunda.</p>\n\n"
            + _table(["Programlar", "Eşleşen faaliyet", "N'de planlanan", "N+1'de planlanan", "Tutarı değişen"], rows, "Eşleşen faaliyetlerin bütçeleri") + "\n")


def matches_section(page: SeriesPage) -> str:
    df = page.rows("series_matches")
    rows = []
    for (a, b, item), sub in df.groupby(["from_program", "to_program", "item"], sort=False):
        counts = sub["outcome"].value_counts()
        by = sub[sub["outcome"] == "matched"]["method"].value_counts()
        rows.append([f"{page.link(a)} → {page.link(b)}", html_text(ITEM_TR.get(item, item)), fmt_number(int(by.get("code", 0))), fmt_number(int(by.get("name", 0))),
                     fmt_number(int(counts.get("ambiguous", 0))), fmt_number(int(counts.get("unmatched_from", 0))), fmt_number(int(counts.get("unmatched_to", 0)))])
    return ("## Eşleştirme\n\n<p>Göstergeler, hedefler ve faaliyetler yıllar arasında önce koduyla (adı da benzer olmalı), sonra adı, ölçü "
            "birimi ve bağlı olduğu hedefin metniyle eşleştirildi. Belirsiz olanlar ve karşılığı bulunmayanlar tahmin edilmeden listelenir: "
            'tamamı <a href="tables/series_matches.csv" download>series_matches.csv</a> tablosunda.</p>\n\n'
            + _table(["Programlar", "Ne", "Kodla", "Adla", "Belirsiz", "Sonrakinde yok", "Yeni"], rows, "Eşleştirmenin sonuçları", numeric_from=2) + "\n")


def page_text(page: SeriesPage) -> str:
    """The whole page (front matter and body); empty when the series has no rows."""
    index = page.rows("series_index")
    if index.empty:
        return ""
    municipality = index.iloc[0]["municipality"]
    years = index.iloc[0]["years"].split()
    title = f"{municipality}: verilen söz ve gerçekleşen ({years[0]}–{years[-1]})"
    head = f"---\ntitle: {yaml_str(title)}\nlang: tr\n---\n\n"
    parts = [programs_section(page), delivery_section(page), misses_section(page), budgets_section(page), matches_section(page)]
    downloads = ", ".join(f'<a href="tables/{t}.csv" download>{t}.csv</a>' for t in sorted(page.tables))
    return head + "\n".join(p for p in parts if p) + f"\n## Tablolar\n\n<p>Bu sayfanın bütün sayıları şu tablolardan: {downloads}.</p>\n"


def series_keys(series_dir: Path) -> list[str]:
    """The series that have a page: those in `series_index.csv` (none when no municipality has two years)."""
    index = series_dir / "series_index.csv"
    return sorted(set(read_csv(index)["series"])) if index.exists() else []
