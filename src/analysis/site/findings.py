"""Key findings across programs, in plain words, for the home page (Turkish) and the English summary.

They summarise across all programs instead of listing each one, so the home page stays the same size
whether the site holds 2 programs or 200: the largest programs, how much goes to transport in each peer
group (district, metropolitan), the programs with the least ambitious targets, and the documents that
contradict themselves most often, each with a link to its page. Every number is a cell of the comparison
tables (`report/comparison-tables/program_summary.csv`, `peer_group_summary.csv`) and is cited to it
(`pages.format.cite`), so the home page is checked against the tables like every other page.

`programs_markdown` is the full list of programs (the Programlar page), grouped by province or kind once
there are many.
"""

from __future__ import annotations

import csv
import functools
import re
from typing import TYPE_CHECKING

import pandas as pd

from analysis.core.escape import md_text
from analysis.pages.format import cite, fmt_for, fmt_pct, read_csv, row_label, to_decimal
from analysis.pages.labels import note_with_labels

if TYPE_CHECKING:
    from analysis.core.catalog import Program
    from analysis.core.paths import Paths

TOP = 3
"""How many programs each finding names (the largest, the least ambitious, the most contradictory)."""
MIN_COMPARABLE = 20
"""A program's ambition is ranked only with at least this many comparable indicators."""
MIN_UNIT_COMPARABLE = 5
"""A unit's ambition is ranked only with at least this many comparable indicators."""
GROUP_AT = 8
"""With more programs than this, program lists are grouped (by province, else by kind)."""
SUMMARY_CSV = "report/comparison-tables/{table}.csv"

TEXT = {
    "tr": {
        "none": "_Henüz yayımlanacak program yok: `make report` çalıştırın._",
        "kind": {"metropolitan": "büyükşehir", "district": "ilçe", "province": "il özel idaresi"},
        "group": {"metropolitan": "Büyükşehir belediyeleri", "district": "İlçe belediyeleri", "province": "İl özel idareleri"},
        "intro": "Bu sitede {n} performans programı var ({groups}; {provinces} ilden). Altı noktalı çizgili her sayı, tıklandığında geldiği tabloyu (CSV) açar; tablolar da PDF'in sayfasını gösterir. Tüm programlar yan yana: [karşılaştırma](report/comparison.ipynb); liste: [Programlar](programs.qmd).",
        "count": "{n} {kind}",
        "largest_h": "### En büyük programlar",
        "largest": "- {name} ({kind}, {province}): toplam kaynak ihtiyacı {total}.",
        "transport_h": "### Ulaşıma ne kadar ayrılıyor?",
        "transport": "- **{group}** ({n} program): ulaşımın bütçe içindeki ortanca payı {median}; en büyük pay {high_name} (bütçe içinde {high}; faaliyetlere bağlanan para içinde {high_act}), en küçük {low_name} (bütçe içinde {low}; faaliyetlere bağlanan para içinde {low_act}).",
        "transport_one": "- **{group}** (1 program): {name}, bütçe içinde {share} (faaliyetlere bağlanan para içinde {share_act}).",
        "transport_note": "Programları karşılaştırırken payın paydası her zaman **bütçenin tamamıdır** (belgenin yazdığı toplam kaynak ihtiyacı): belgelerin bir kısmı personel ve genel yönetim giderlerini hiçbir faaliyete bağlamaz, bu yüzden “faaliyetlere bağlanan para” içindeki paylar programdan programa farklı bir bütünün payıdır. Her program her alanda: [karşılaştırma](report/comparison.ipynb).",
        "ambition_h": "### Hedefleri en az iddialı programlar",
        "ambition_h_all": "### Hedeflerin iddiası",
        "ambition_intro": "2021 hedefini bir başlangıç değeriyle (önce 2019 gerçekleşmesi) karşılaştırdık. Başlangıcı zaten olabilecek en iyi değerde olan göstergeler (%100'de duran bir oran, 1 günlük bir süre) hedefi aynı kalsa da iddiasız sayılmaz: **tavandadır** ve paydan çıkarılır. Payın paydası, daha iyileşebilecek göstergelerdir; en az {n} böyle göstergesi olan programlar arasında, hedefi başlangıçtan iyi olanların payı en düşük olanlar:",
        "ambition_intro_all": "2021 hedefini bir başlangıç değeriyle (önce 2019 gerçekleşmesi) karşılaştırdık. Başlangıcı zaten olabilecek en iyi değerde olan göstergeler (%100'de duran bir oran, 1 günlük bir süre) hedefi aynı kalsa da iddiasız sayılmaz: **tavandadır** ve paydan çıkarılır. Payın paydası, daha iyileşebilecek göstergelerdir (en az {n} böyle göstergesi olan programlar):",
        "ambition": "- {name}: daha iyileşebilecek {open} göstergenin {share} kadarında hedef başlangıçtan iyi; {held} gösterge zaten tavanda. [Birim birim]({href})",
        "units_h": "### Hedefleri en az iddialı birimler",
        "units_intro": "Tüm programların birimleri arasında (daha iyileşebilecek en az {n} göstergesi olanlar; tavandaki göstergeler sayılmaz) hedefi başlangıçtan iyi olanların payının en düşük olduğu birimler:",
        "unit": "- {unit} ({name}): daha iyileşebilecek {n} göstergenin {share} kadarında hedef başlangıçtan iyi; {held} gösterge zaten tavanda. [Göstergeler]({href})",
        "checks_h": "### Kendi içinde en sık çelişen belgeler",
        "checks_intro": "Her belgenin tablolarını birbiriyle ve kendi satırlarıyla karşılaştırdık. Çelişkilerin türü ayrı ayrı sayıldı: yalnızca **para toplamları** “tutmayan toplam”dır; öteki türler sayılar, gösterge değerleri, kodlar ve adlar, metin farkları ve eksik satırlardır. Belgenin kendi içinde en çok çeliştiği programlar:",
        "checks": "- {name}: {checks} denetimden {mismatches} tanesinde çelişki; {kinds}. [Türleri ve açıklamaları]({href})",
        "checks_money": "tutmayan para toplamı {n} ({causes} ayrı nedenden{misprints})",
        "checks_misprints": "; {n} tanesi yazım hatası",
        "checks_no_money": "para toplamlarının hepsi tutuyor",
        "checks_kind": "{n} {label}",
        "kind_words": {"count": "sayı", "indicator_value": "gösterge değeri", "code_name": "kod ya da ad", "text": "metin farkı"},
        "checks_none": "Hiçbir belgede çelişki bulunmadı.",
        "checks_example": "  En büyük para farkı: {note}",
        "checks_example_cause": " Aynı fark {n} denetimde görünüyor: tek bir farkın yansımaları.",
        "programs_head": "| Program | Tür | İl | Toplam kaynak ihtiyacı | Performans hedefi | Gösterge | Faaliyet | Belgedeki tutarsızlık |\n|---|---|---|---|---|---|---|---|",
        "details": "ayrıntı",
    },
    "en": {
        "none": "_No program published yet: run `make report`._",
        "kind": {"metropolitan": "metropolitan", "district": "district", "province": "provincial administration"},
        "group": {"metropolitan": "Metropolitan municipalities", "district": "District municipalities", "province": "Provincial administrations"},
        "intro": "This site covers {n} performance programs ({groups}; from {provinces} provinces). Every number with a dotted underline opens the table (CSV) it comes from; the tables cite the page of the PDF. All programs side by side: [comparison](report/comparison.ipynb); the list: [programs](programs.qmd).",
        "count": "{n} {kind}",
        "largest_h": "### The largest programs",
        "largest": "- {name} ({kind}, {province}): total resource need {total}.",
        "transport_h": "### How much goes to transport?",
        "transport": "- **{group}** ({n} programs): median share of the whole budget {median}; largest {high_name} ({high} of its budget; {high_act} of the money it ties to activities), smallest {low_name} ({low} of its budget; {low_act} of the money it ties to activities).",
        "transport_one": "- **{group}** (1 program): {name}, {share} of its budget ({share_act} of the money it ties to activities).",
        "transport_note": "Across programs a share is always of the **whole budget** (the total resource need the document states): some documents tie staff and general administration to no activity, so shares of the money tied to activities are shares of a different whole in each program. Every program in every area: [comparison](report/comparison.ipynb).",
        "ambition_h": "### The least ambitious targets",
        "ambition_h_all": "### How ambitious are the targets?",
        "ambition_intro": "Each 2021 target was compared with a baseline (the 2019 actual first). Indicators whose baseline already stands at the best possible value (a rate at 100 %, a duration of 1 day) are not unambitious when their target stays: they are **at their ceiling** and left out. The share is of the indicators that can still improve; among programs with at least {n} of them, those with the lowest share of targets that improve on the baseline:",
        "ambition_intro_all": "Each 2021 target was compared with a baseline (the 2019 actual first). Indicators whose baseline already stands at the best possible value (a rate at 100 %, a duration of 1 day) are not unambitious when their target stays: they are **at their ceiling** and left out. The share is of the indicators that can still improve (programs with at least {n} of them):",
        "ambition": "- {name}: {share} of the {open} indicators that can still improve have a target better than the baseline; {held} are already at their ceiling. [Unit by unit]({href})",
        "units_h": "### The units with the least ambitious targets",
        "units_intro": "Among the units of all programs (with at least {n} indicators that can still improve; indicators at their ceiling left out), those with the lowest share of improving targets:",
        "unit": "- {unit} ({name}): {share} of {n} indicators that can still improve; {held} already at their ceiling. [Indicators]({href})",
        "checks_h": "### The documents that contradict themselves most often",
        "checks_intro": "Each document's tables were compared with each other and with its own rows, and each contradiction's kind counted: only **money totals** are \"totals that do not add up\"; the other kinds are counts, indicator values, codes and names, text differences and missing rows. The programs whose document contradicts itself most often:",
        "checks": "- {name}: {mismatches} of {checks} checks show a contradiction; {kinds}. [Kinds and explanations]({href})",
        "checks_money": "{n} money totals do not add up ({causes} separate causes{misprints})",
        "checks_misprints": "; {n} of them misprints",
        "checks_no_money": "every money total adds up",
        "checks_kind": "{n} {label}",
        "kind_words": {"count": "counts", "indicator_value": "indicator values", "code_name": "codes or names", "text": "text differences"},
        "checks_none": "No document contradicts itself.",
        "checks_example": "  The largest money gap: {note}",
        "checks_example_cause": " The same gap shows in {n} checks: one gap, seen several times.",
        "programs_head": "| Program | Kind | Province | Total resource need | Performance targets | Indicators | Activities | Internal inconsistencies |\n|---|---|---|---|---|---|---|---|",
        "details": "details",
    },
}


class _Summary:
    """The comparison's program_summary and peer_group_summary, cited from the home page."""

    def __init__(self, p: Paths, prefix: str = "", lang: str = "tr") -> None:
        self.lang = lang
        folder = p.analysis / "_comparison"
        self.programs = read_csv(folder / "program_summary.csv") if (folder / "program_summary.csv").exists() else pd.DataFrame()
        self.groups = read_csv(folder / "peer_group_summary.csv") if (folder / "peer_group_summary.csv").exists() else pd.DataFrame()
        self.prefix = prefix

    def cite(self, table: str, column: str, row: int, kind: str = "number") -> str:
        """Cite a cell; `row` is the row's label, which is its row number in the CSV."""
        df = self.programs if table == "program_summary" else self.groups
        value = df[column].loc[row]
        display = fmt_for(kind, self.lang)(value)
        return cite(display, href=self.prefix + SUMMARY_CSV.format(table=table), table=table, column=column, row=row, value=value, label=row_label(df, row), lang=self.lang)

    def name(self, row: int, page: str = "index") -> str:
        r = self.programs.loc[row]
        return f"[{md_text(r['short_name'])} {md_text(r['year'])}]({self.prefix}report/{r['program']}/{page}.ipynb)"


def _order(df: pd.DataFrame, column: str, descending: bool, where: pd.Series | None = None) -> list[int]:
    """Row numbers of `df` ordered by a numeric column (missing values left out; ties in table order)."""
    rows = [(to_decimal(v), i) for i, v in zip(df.index, df[column], strict=True) if v != "" and (where is None or where[i])]
    return [i for _, i in sorted(rows, key=lambda t: ((-t[0] if descending else t[0]), t[1]))]


def _intro(s: _Summary, lang: str) -> list[str]:
    t = TEXT[lang]
    counts = s.programs["kind"].value_counts()
    groups = ", ".join(t["count"].format(n=n, kind=t["kind"].get(k, md_text(k))) for k, n in counts.items())
    return [t["intro"].format(n=len(s.programs), groups=groups, provinces=s.programs["province"].nunique()), ""]


def largest_lines(s: _Summary, lang: str) -> list[str]:
    t = TEXT[lang]
    lines = [t["largest_h"], ""]
    for i in _order(s.programs, "total_resource_need", descending=True)[:TOP]:
        r = s.programs.loc[i]
        lines.append(t["largest"].format(name=s.name(i), kind=t["kind"].get(r["kind"], md_text(r["kind"])), province=md_text(r["province"]),
                                         total=s.cite("program_summary", "total_resource_need", i, "tl_short" if lang == "tr" else "tl")))
    return [*lines, ""]


def transport_lines(s: _Summary, lang: str) -> list[str]:
    t = TEXT[lang]
    lines = [t["transport_h"], ""]
    for g, grow in s.groups.iterrows():
        group = grow["peer_group"]
        where = s.programs["kind"] == group
        order = _order(s.programs, "transport_share_of_budget", descending=True, where=where)
        if not order:
            continue
        title = t["group"].get(group, md_text(group))

        def both(i: int) -> dict[str, str]:
            return {"budget": s.cite("program_summary", "transport_share_of_budget", i, "pct"), "act": s.cite("program_summary", "transport_share", i, "pct")}

        if len(order) == 1:
            one = both(order[0])
            lines.append(t["transport_one"].format(group=title, name=s.name(order[0]), share=one["budget"], share_act=one["act"]))
            continue
        high, low = both(order[0]), both(order[-1])
        lines.append(t["transport"].format(group=title, n=int(where.sum()), median=s.cite("peer_group_summary", "median_transport_share_of_budget", int(g), "pct"),
                                           high_name=s.name(order[0]), high=high["budget"], high_act=high["act"],
                                           low_name=s.name(order[-1]), low=low["budget"], low_act=low["act"]))
    return [*lines, "", t["transport_note"], ""]


def ambition_lines(s: _Summary, lang: str) -> list[str]:
    """Programs by the share of improving targets among the indicators that can still improve (ceilings left out).

    Ranked as "least ambitious" only when there are more programs than it names; otherwise every program is
    listed under a neutral heading (with two programs, "the least ambitious" would name both)."""
    t = TEXT[lang]
    column, count = ("share_improves_open", "open_comparable") if "share_improves_open" in s.programs else ("share_improves", "comparable")
    enough = s.programs[count].map(lambda v: (to_decimal(v) or 0) >= MIN_COMPARABLE)
    order = _order(s.programs, column, descending=False, where=enough)
    if not order:
        return []
    ranked = len(order) > TOP
    lines = [t["ambition_h"] if ranked else t["ambition_h_all"], "", (t["ambition_intro"] if ranked else t["ambition_intro_all"]).format(n=MIN_COMPARABLE), ""]
    for i in order[:TOP]:
        held = s.cite("program_summary", "held_at_best", i) if "held_at_best" in s.programs else "–"
        lines.append(t["ambition"].format(name=s.name(i), share=s.cite("program_summary", column, i, "pct"), open=s.cite("program_summary", count, i),
                                          held=held, href=f"{s.prefix}report/{s.programs['program'].loc[i]}/indicators.ipynb"))
    return [*lines, ""]


@functools.lru_cache(maxsize=4096)
def _rows(path: str, mtime_ns: int) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    """A table's header and rows as text (read once for both languages' home pages; pandas took seconds per 100 files)."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = tuple({k: v or "" for k, v in r.items()} for r in reader)  # a short row's missing cells empty, as pandas reads them
        return tuple(reader.fieldnames or ()), rows


def unit_lines(p: Paths, s: _Summary, lang: str) -> list[str]:
    """The units, across all programs, with the lowest share of improving targets among those that can still improve."""
    t = TEXT[lang]
    found = []
    for prog in s.programs["program"]:
        path = p.analysis / prog / "ambition_by_unit.csv"
        if not path.exists():
            continue
        header, units = _rows(path.as_posix(), path.stat().st_mtime_ns)
        column, count = ("share_improves_open", "open_comparable") if "share_improves_open" in header else ("share_improves", "comparable")
        for i, r in enumerate(units):
            share = to_decimal(r[column])
            if share is not None and (to_decimal(r[count]) or 0) >= MIN_UNIT_COMPARABLE:
                found.append((share, -int(r[count]), prog, int(i), r, column, count))
    if not found:
        return []
    lines = [t["units_h"], "", t["units_intro"].format(n=MIN_UNIT_COMPARABLE), ""]
    for _, _, prog, i, r, column, count in sorted(found, key=lambda f: f[:4])[:TOP]:
        href = f"{s.prefix}report/{prog}/tables/ambition_by_unit.csv"
        row = s.programs.index[s.programs["program"] == prog][0]

        def c(col: str, kind: str, r=r, i=i, href=href) -> str:
            return cite(fmt_for(kind, s.lang)(r[col]), href=href, table="ambition_by_unit", column=col, row=i, value=r[col], label=str(r["unit"]), lang=s.lang)

        lines.append(t["unit"].format(unit=md_text(r["unit"]), name=s.name(row), share=c(column, "pct"), n=c(count, "number"),
                                      held=c("held_at_best", "number") if "held_at_best" in r else "–", href=f"{s.prefix}report/{prog}/indicators.ipynb"))
    return [*lines, ""]


def largest_contradiction(p: Paths, program: str, lang: str) -> str:
    """The note of the program's largest money gap that is not a misprint (Turkish `note_tr`, English `note`),
    with how many checks show the same gap; "" when no money total fails."""
    path = p.analysis / program / "contradictions.csv"
    if not path.exists():
        return ""
    con = read_csv(path)
    column = "note_tr" if lang == "tr" else "note"
    found = [(to_decimal(r["abs_difference"]) or 0, -i, r[column], int(r["cause_rows"] or 1)) for i, r in con.iterrows()
             if r["kind"] == "money_total" and r["misprint"] != "True" and r.get(column, "")]
    if not found:
        return ""
    _, _, note, rows = max(found)
    note = note_with_labels(note, lang) if lang == "tr" else english_numbers(note)
    return md_text(note) + (TEXT[lang]["checks_example_cause"].format(n=rows) if rows > 1 else "")


_TR_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.,]\d)")


def english_numbers(text: str) -> str:
    """Turkish-formatted amounts in an (English) extraction note in English format: `27.350.000` -> `27,350,000`."""
    return _TR_NUMBER.sub(lambda m: m.group(0).replace(".", "\x00").replace(",", ".").replace("\x00", ","), text)


def kinds_phrase(p: Paths, s: _Summary, program: str, lang: str) -> str:
    """`tutmayan para toplamı 9 (2 ayrı nedenden; 1 tanesi yazım hatası), 6 sayı`, each number cited to contradiction_kinds."""
    t = TEXT[lang]
    path = p.analysis / program / "contradiction_kinds.csv"
    if not path.exists():
        return ""
    kinds = read_csv(path)
    href = f"{s.prefix}report/{program}/tables/contradiction_kinds.csv"

    def c(i: int, col: str) -> str:
        return cite(fmt_for("number", lang)(kinds[col].loc[i]), href=href, table="contradiction_kinds", column=col, row=i, value=kinds[col].loc[i],
                    label=str(kinds["label_tr" if lang == "tr" else "label_en"].loc[i]), lang=lang)

    parts = []
    for i, r in kinds.iterrows():
        if r["kind"] == "money_total":
            misprints = t["checks_misprints"].format(n=c(int(i), "misprints")) if int(r["misprints"] or 0) else ""
            parts.insert(0, t["checks_money"].format(n=c(int(i), "rows"), causes=c(int(i), "causes"), misprints=misprints) if int(r["rows"] or 0) else t["checks_no_money"])
        elif r["kind"] in t["kind_words"] and int(r["rows"] or 0):
            parts.append(t["checks_kind"].format(n=c(int(i), "rows"), label=t["kind_words"][r["kind"]]))
    return ", ".join(parts)


def checks_lines(s: _Summary, lang: str, p: Paths | None = None) -> list[str]:
    """The documents with the most contradictions, each with its kinds and its largest money gap in the page's language (when `p` is given)."""
    t = TEXT[lang]
    has = s.programs["reconciliation_mismatches"].map(lambda v: (to_decimal(v) or 0) > 0)
    order = _order(s.programs, "reconciliation_mismatches", descending=True, where=has)[:TOP]
    lines = [t["checks_h"], ""]
    if not order:
        return [*lines, t["checks_none"], ""]
    lines += [t["checks_intro"], ""]
    for i in order:
        program = s.programs["program"].loc[i]
        lines.append(t["checks"].format(name=s.name(i), checks=s.cite("program_summary", "reconciliation_checks", i),
                                        mismatches=s.cite("program_summary", "reconciliation_mismatches", i), href=f"{s.prefix}report/{program}/checks.ipynb",
                                        kinds=kinds_phrase(p, s, program, lang) if p is not None else ""))
        note = largest_contradiction(p, program, lang) if p is not None else ""
        if note:
            lines.append(t["checks_example"].format(note=note))
    return [*lines, ""]


def home_markdown(p: Paths, programs: list[Program], lang: str = "tr") -> str:
    """The home page's findings (and, with lang='en', the English summary's): summaries, never one block per program."""
    t = TEXT[lang]
    s = _Summary(p, lang=lang)
    if not programs or s.programs.empty:
        return t["none"] + "\n"
    ids = {prog.id for prog in programs}
    s.programs = s.programs[s.programs["program"].isin(ids)]
    parts = _intro(s, lang) + largest_lines(s, lang) + transport_lines(s, lang) + ambition_lines(s, lang) + unit_lines(p, s, lang) + checks_lines(s, lang, p)
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- the list of programs (Programlar page)


def program_rows(p: Paths, programs: list[Program], lang: str, prefix: str = "") -> list[str]:
    t = TEXT[lang]
    rows = []
    for prog in programs:
        ov = read_csv(p.analysis / prog.id / "overview.csv")
        href = f"{prefix}report/{prog.id}/tables/overview.csv"

        def c(col: str, kind: str, ov: pd.DataFrame = ov, href: str = href) -> str:
            return cite(fmt_for(kind, lang)(ov[col].iloc[0]), href=href, table="overview", column=col, row=0, value=ov[col].iloc[0], label=str(ov["program"].iloc[0]), lang=lang)

        rows.append(
            f"| [{md_text(prog.short_name)} {prog.year}]({prefix}report/{prog.id}/index.ipynb) | {t['kind'].get(prog.kind, md_text(prog.kind))} "
            f"| {md_text(prog.province)} "
            f"| {c('total_resource_need', 'tl_short' if lang == 'tr' else 'tl')} "
            f"| {c('performance_targets', 'number')} "
            f"| {c('indicators', 'number')} "
            f"| {c('activities', 'number')} "
            f"| {c('reconciliation_mismatches', 'number')} ([{t['details']}]({prefix}report/{prog.id}/checks.ipynb)) |"
        )
    return rows


_TR_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"


def tr_sort_key(text: str) -> tuple:
    """Sort key in Turkish alphabetical order (`Ankara` < `Çorum` < `İstanbul` < `İzmir` < `Şanlıurfa`)."""
    lowered = text.replace("I", "ı").replace("İ", "i").lower()
    return tuple((_TR_ALPHABET.index(ch) if ch in _TR_ALPHABET else 100 + ord(ch)) for ch in lowered)


def program_groups(programs: list[Program]) -> list[tuple[str, list[Program]]]:
    """The programs in groups for long lists: by province when there are several, else by kind; one group when few."""
    if len(programs) <= GROUP_AT:
        return [("", programs)]
    key = (lambda prog: prog.province) if len({prog.province for prog in programs}) > 1 else (lambda prog: prog.kind)
    groups: dict[str, list[Program]] = {}
    for prog in sorted(programs, key=lambda prog: (tr_sort_key(key(prog)), tr_sort_key(prog.short_name), prog.year)):
        groups.setdefault(key(prog), []).append(prog)
    return list(groups.items())


def programs_markdown(p: Paths, programs: list[Program], lang: str = "tr") -> str:
    t = TEXT[lang]
    if not programs:
        return t["none"] + "\n"
    parts = []
    for title, members in program_groups(programs):
        if title:
            parts += [f"### {md_text(t['kind'].get(title, title))} ({len(members)})", ""]
        parts += [t["programs_head"], *program_rows(p, members, lang), ""]
    return "\n".join(parts) + "\n"


__all__ = ["home_markdown", "program_groups", "program_rows", "programs_markdown", "tr_sort_key", "fmt_pct"]
