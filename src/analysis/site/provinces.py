"""Province pages: with many programs, the sidebar and the programs list name provinces, not programs.

Takes the catalog's programs (those with analysis tables); writes, when there are more than
`findings.GROUP_AT` of them, one page per province (`report/iller/<slug>.qmd`, rendered like every other
page) listing that province's programs with their key figures, and returns the sidebar's entries (one link
per province) and the programs page's index of provinces. Why: the sidebar is on every page, so a sidebar
that listed programs grew every page by one link per program (~400 kB per page at 1,400 programs); Turkey
has 81 provinces, so these lists have a bounded size whatever the number of programs. A reader reaches any
program in two clicks: a province in the sidebar, then the program on the province's page. For the same reason a
province's page, not the sidebar or the data page, lists its programs' downloads and its municipalities' series.

Each page is built by `province_page(p, province, members)` alone, so pages can be written apart (per
province) by a scheduler. Catalog text is escaped for Markdown (`md_text`) and, in the front matter,
quoted for YAML (`yaml_str`); a page's file name is an ASCII slug of the province (never catalog text).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from typing import TYPE_CHECKING

from analysis.core.escape import md_text, yaml_str
from analysis.core.io import atomic_directory
from analysis.site import findings
from analysis.site.downloads import program_download_rows

if TYPE_CHECKING:
    from analysis.core.catalog import Program
    from analysis.core.paths import Paths

SERIES_FOLDER = "series"
"""report/series/<key>.qmd: a municipality's programs of several years (written before the province pages)."""
FOLDER = "iller"
"""Province pages live in `report/iller/` (the sidebar links `report/iller/<slug>.qmd`)."""
_ASCII = str.maketrans({"ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u", "â": "a", "î": "i", "û": "u"})


def slug(province: str) -> str:
    """An ASCII file name for a province: `İstanbul` -> `istanbul`, `Şanlıurfa` -> `sanliurfa`; other text -> a hash."""
    lowered = province.replace("I", "ı").replace("İ", "i").lower().translate(_ASCII)
    words = re.findall(r"[a-z0-9]+", lowered)
    text = "-".join(words)[:40]
    if not text or text == "index":
        text = "il-" + hashlib.sha256(province.encode("utf-8")).hexdigest()[:10]
    return text


def many(programs: list[Program]) -> bool:
    """Whether the site lists provinces instead of programs (more programs than `findings.GROUP_AT`)."""
    return len(programs) > findings.GROUP_AT


def by_province(programs: list[Program]) -> list[tuple[str, str, list[Program]]]:
    """(province, slug, its programs) in Turkish alphabetical order; two provinces never share a slug."""
    groups: dict[str, list[Program]] = {}
    for prog in sorted(programs, key=lambda prog: (findings.tr_sort_key(prog.province), findings.tr_sort_key(prog.short_name), prog.year)):
        groups.setdefault(prog.province, []).append(prog)
    out, used = [], set()
    for province, members in groups.items():
        s = slug(province)
        if s in used:
            s = f"{s}-{hashlib.sha256(province.encode('utf-8')).hexdigest()[:8]}"
        used.add(s)
        out.append((province, s, members))
    return out


def _kinds(members: list[Program]) -> str:
    counts: dict[str, int] = {}
    for prog in members:
        counts[prog.kind] = counts.get(prog.kind, 0) + 1
    words = findings.TEXT["tr"]["kind"]
    order = list(words)  # metropolitan, district, province; then any other kind
    return ", ".join(f"{n} {words.get(k, md_text(k))}" for k, n in sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0])))


def province_page(p: Paths, province: str, members: list[Program]) -> str:
    """One province's page (a `.qmd` in `report/iller/`): its programs in a table, each linked to its overview."""
    head = ["---", f"title: {yaml_str(md_text(province))}", f"subtitle: {yaml_str(md_text(f'{len(members)} performans programı'))}", "lang: tr", "---", ""]
    body = [
        f"Bu ildeki programlar: {_kinds(members)}. Program adına tıklayınca genel bakış sayfası açılır; oradan bütçe, hedefler, "
        "belgenin denetimi ve okunuşu sayfalarına geçilir. Tüm iller: [Programlar](../../programs.qmd); tüm programlar tek, "
        "aranabilir tabloda: [karşılaştırma](../comparison.ipynb).",
        "",
        findings.TEXT["tr"]["programs_head"],
        *findings.program_rows(p, members, "tr", prefix="../../"),
        "",
        *_series_lines(p, members),
        "## İndirilecek dosyalar",
        "",
        "Her programın veri paketi (CSV tabloları, `datapackage.json` ve analiz tabloları) ve kaynak belgesi. Tüm programların "
        "tabloları bir arada: [veri sayfası](../../data.qmd).",
        "",
        "| Dosya | İçerik | Boyut |",
        "|---|---|---|",
        *(row for prog in members for row in program_download_rows(p, prog, prefix="../../")),
        "",
    ]
    return "\n".join(head + body)


def _series_lines(p: Paths, members: list[Program]) -> list[str]:
    """The province's municipalities with programs of several years, each linked to its series page (none: no lines)."""
    keys = dict.fromkeys(prog.series_key for prog in members)
    names = {prog.series_key: prog.short_name for prog in members}
    found = [k for k in keys if (p.report / SERIES_FOLDER / f"{k}.qmd").exists()]
    if not found:
        return []
    return ["## Seriler", "", "Birden çok yılın programı olan belediyeler: söz verilen ve gerçekleşen, yıl yıl.", "",
            *(f"- [{md_text(names[k])}: söz ve gerçekleşen](../{SERIES_FOLDER}/{k}.qmd)" for k in found), ""]


def write_province_pages(p: Paths, programs: list[Program]) -> int:
    """Replace `report/iller/` whole with one page per province (no folder with few programs); the number written."""
    target = p.report / FOLDER
    if not many(programs):  # no folder at all (as report/series/): nothing empty is left behind
        shutil.rmtree(target, ignore_errors=True)
        return 0
    with atomic_directory(target) as tmp:
        groups = by_province(programs)
        for province, s, members in groups:
            (tmp / f"{s}.qmd").write_text(province_page(p, province, members), encoding="utf-8")
    return len(groups)


def sidebar_entries(programs: list[Program]) -> list[dict]:
    """The sidebar's part for many programs: one folded section of provinces, each a link to its page."""
    groups = by_province(programs)
    links = [{"href": f"report/{FOLDER}/{s}.qmd", "text": f"{md_text(province)} ({len(members)})"} for province, s, members in groups]
    return [{"href": "programs.qmd", "text": f"Tüm iller ({len(groups)})"}, {"section": f"İller ({len(groups)})", "contents": links}]


def provinces_markdown(programs: list[Program]) -> str:
    """The programs page's index with many programs: one row per province (how many programs of each kind), linked to its page."""
    lines = [
        f"Sitede {len(programs)} program var. İl adına tıklayınca o ildeki programların listesi açılır. Bir programı adıyla aramak, "
        "programları sıralamak ya da türe göre süzmek için: [karşılaştırma sayfasındaki tablo](report/comparison.ipynb).",
        "",
        "| İl | Program | Türleri |",
        "|---|---|---|",
    ]
    for province, s, members in by_province(programs):
        lines.append(f"| [{md_text(province)}](report/{FOLDER}/{s}.qmd) | {len(members)} | {_kinds(members)} |")
    return "\n".join(lines) + "\n"
