"""The page parts generated from the tables: home findings, program list, downloads, data dictionary, sidebar, COFOG crosswalk.

They are Markdown (and one YAML) files under `report/`, included by the `.qmd` pages; never typed in.
Catalog text in them is escaped for Markdown (`analysis.core.escape.md_text`): Quarto reads the sidebar's
labels as Markdown and raw HTML too. (smalldocs shows sidebar labels as plain text, so a label holding a
character Markdown would read, such as `<` or `&`, shows its character reference there: these files must
stay safe for a `quarto render` run on them later, which matters more than that cosmetic.)
"""

from __future__ import annotations

import json
import shutil

import yaml

from analysis.core.catalog import Program
from analysis.core.contract import TABLES
from analysis.core.escape import html_text, md_text
from analysis.core.io import atomic_directory, atomic_write_text
from analysis.core.paths import Paths
from analysis.pages.edition import editions_markdown
from analysis.pages.format import fmt_number
from analysis.report import COMPARISON_NOTEBOOK, PROGRAM_NOTEBOOKS
from analysis.site import findings, provinces
from analysis.site.dictionary import analysis_dictionary_markdown, contract_description, licence_markdown, programs_table_markdown
from analysis.site.downloads import downloads_markdown

PER_PACKAGE = ("{n} programın her biri için bu bilgi, paketinin `datapackage.json` dosyasındadır (paketler il sayfalarında "
               "indirilir: [iller](programs.qmd)).\n")
"""With many programs, the data page's per-program lists (extra tables, extraction records) point to the packages instead."""


def data_dictionary_markdown(p: Paths, programs: list[Program]) -> str:
    """The data dictionary: the contract tables from the packages' own datapackage.json, then the `programs` table,
    every analysis table (`analysis.site.dictionary`) and the licence."""
    descriptors = []
    for prog in programs:
        dp = p.extracted / prog.id / "datapackage.json"
        if dp.exists():
            descriptors.append((prog, json.loads(dp.read_text(encoding="utf-8"))))
    if not descriptors:
        return "_Henüz veri paketi yok._\n"
    parts = []
    first = descriptors[0][1]
    for res in first["resources"]:
        if res["name"] not in TABLES:
            continue
        parts.append(f"### `{res['name']}`\n")
        parts.append("| Sütun | Tür | Açıklama | Zorunlu |\n|---|---|---|---|")
        for f in res["schema"]["fields"]:
            required = "evet" if f.get("constraints", {}).get("required") else ""
            typ = "para (TL, kesin)" if f.get("x-money") else {"string": "metin", "integer": "tam sayı", "number": "sayı", "boolean": "mantıksal"}.get(f["type"], f["type"])
            allowed = f.get("constraints", {}).get("enum")
            desc = contract_description(res["name"], f["name"], f.get("description", "")).replace("|", "/") + (f" Değerler: {', '.join(f'`{v}`' for v in allowed)}." if allowed else "")
            parts.append(f"| `{f['name']}` | {typ} | {desc} | {required} |")
        parts.append("")
    parts.append("### Programlara özgü ek tablolar\n")
    parts.append("Sözleşmenin dışındaki tablolar (düzene özgü özet tablolar), her paketin `datapackage.json` dosyasında sütunlarıyla listelenir:\n")
    each = descriptors if not provinces.many([prog for prog, _ in descriptors]) else []  # many: a bounded page, the packages say it
    if not each:
        parts.append(PER_PACKAGE.format(n=len(descriptors)))
    for prog, meta in each:
        extra = [r for r in meta["resources"] if r["name"] not in TABLES]
        if extra:
            listed = ", ".join(f"`{r['name']}` ({r.get('x-rows', '?')} satır)" for r in extra)
            parts.append(f"- **{md_text(f'{prog.short_name} {prog.year}')}**: {listed}")
    parts.append("")
    parts.append("### Çıkarım kayıtları\n")
    parts.append("Her paketin `datapackage.json` dosyası kaynak dosyanın sha256 özetini ve hangi sayfa türünün hangi yöntemle okunduğunu (`x-extraction.method`) kaydeder.\n")
    parts.append("Taranmış (metin katmanı olmayan) sayfalar OCR ile okunur: `indicator_values`, `activities` ve `stated_totals` satırlarında "
                 "`method` = `ocr`, `ocr_confidence` tesseract'ın güveni (0-100), `ocr_note` yapılan onarım ya da okumanın neden belirsiz "
                 "olduğu (`OCR-uncertain: ...`); OCR ayarları `x-extraction.method.ocr` altında. Sitede bu değerler `OCR` işaretiyle "
                 "(belirsizse `OCR?`) gösterilir.\n")
    if not each:
        parts.append(PER_PACKAGE.format(n=len(descriptors)))
    for prog, meta in each:
        ext = meta.get("x-extraction", {})
        counts = ", ".join(f"`{r['name']}`: {fmt_number(r.get('x-rows', ''))}" for r in meta["resources"] if r["name"] in TABLES)
        parts.append(
            f"- **{md_text(f'{prog.short_name} {prog.year}')}** ({md_text(ext.get('layout', '?'))} düzeni, { {'pdf': 'PDF', 'text': 'metin'}.get(ext.get('edition', ''), md_text(ext.get('edition', '?')))} baskısından, "
            f"{fmt_number(ext.get('seconds', ''))} saniye): {counts}"
        )
    parts += ["", programs_table_markdown(), analysis_dictionary_markdown(p, [prog for prog, _ in descriptors]), licence_markdown(p, [prog for prog, _ in descriptors])]
    return "\n".join(parts) + "\n"


COFOG_COLUMNS = {"label_tr": "Politika alanı", "label_en": "İngilizce adı", "cofog": "COFOG", "role": "Bağ", "cofog_tr": "COFOG adı (Türkçe)",
                 "cofog_en": "COFOG adı (İngilizce)", "note": "Kapsam"}
ENGLISH_COLUMNS = ("label_en", "cofog_en")
"""Columns holding English names, marked as English (`lang="en"`) on the Turkish page."""


def cofog_markdown(p: Paths) -> str:
    """The crosswalk of policy areas and COFOG codes (data/cofog_crosswalk.csv with the areas' labels) as a Markdown table."""
    from analysis.analyse.taxonomy import load_taxonomy

    table = load_taxonomy(p.config / "taxonomy.yml").crosswalk_table()
    if table.empty:
        return "Eşleştirme dosyası (`data/cofog_crosswalk.csv`) yok.\n"
    roles = {"primary": "ana", "also": "ayrıca"}
    lines = ["| " + " | ".join(COFOG_COLUMNS.values()) + " |", "|" + "---|" * len(COFOG_COLUMNS)]
    for r in table.itertuples(index=False):
        values = [roles.get(str(getattr(r, c)), str(getattr(r, c))) if c == "role" else str(getattr(r, c)) for c in COFOG_COLUMNS]
        cells = [f'<span lang="en">{html_text(v)}</span>' if c in ENGLISH_COLUMNS else md_text(v) for c, v in zip(COFOG_COLUMNS, values, strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


EDITIONS_ELSEWHERE = ("{n} programın her birinin hangi baskısının okunduğu ve sitedeki sayfa numaralarının neyi gösterdiği, programın "
                      "genel bakış sayfasında yazar (programlara [iller](programs.qmd) üzerinden ulaşılır).\n")
"""The data page's editions section with many programs: each overview says it (the list grew by ~700 bytes per program)."""


def write_generated(p: Paths, programs: list[Program]) -> None:
    """Write the generated Markdown parts that the .qmd pages include."""
    available = [prog for prog in programs if (p.analysis / prog.id / "overview.csv").exists()]
    atomic_write_text(p.report / "_home_findings.md", findings.home_markdown(p, available, lang="tr"))
    atomic_write_text(p.report / "_home_findings_en.md", findings.home_markdown(p, available, lang="en"))
    atomic_write_text(p.report / "_downloads.md", downloads_markdown(p, available, per_program=not provinces.many(available)))
    atomic_write_text(p.report / "_cofog.md", cofog_markdown(p))
    editions = EDITIONS_ELSEWHERE.format(n=len(available)) if provinces.many(available) else editions_markdown(available)  # many: a bounded data page
    atomic_write_text(p.report / "_editions.md", editions or "_Henüz program yok._\n")
    atomic_write_text(p.report / "_data_dictionary.md", data_dictionary_markdown(p, available))
    listing = provinces.provinces_markdown(available) if provinces.many(available) else findings.programs_markdown(p, available)
    atomic_write_text(p.report / "_programs.md", listing)
    write_series_pages(p, programs)
    provinces.write_province_pages(p, available)  # after the series pages: with many programs a province page links its series
    atomic_write_text(p.report / "_sidebar.yml", sidebar_yaml(p, available))


SERIES_FOLDER = "series"
"""report/series/: one page per municipality with programs of several years, and the series tables beside them."""


def write_series_pages(p: Paths, programs: list[Program]) -> list[str]:
    """report/series/<key>.qmd for every series (`analysis.pages.series`), the tables in report/series/tables/;
    no folder at all when no municipality has programs of two years. Returns the keys."""
    from analysis.analyse.taxonomy import load_taxonomy
    from analysis.pages.series import SeriesPage, page_text, series_keys

    source, out = p.analysis / "_series", p.report / SERIES_FOLDER
    keys = series_keys(source)
    if not keys:
        shutil.rmtree(out, ignore_errors=True)
        return []
    labels = load_taxonomy(p.config / "taxonomy.yml").labels()
    area_labels = dict(zip(labels["policy_area"], labels["label_tr"], strict=True))
    with atomic_directory(out) as tmp:
        (tmp / "tables").mkdir()
        for f in sorted(source.glob("series_*.csv")):
            shutil.copyfile(f, tmp / "tables" / f.name)
        for key in keys:
            atomic_write_text(tmp / f"{key}.qmd", page_text(SeriesPage.load(source, key, programs, area_labels)))
    return keys


def sidebar_yaml(p: Paths, programs: list[Program]) -> str:
    """The site's sidebar, merged by Quarto via metadata-files; then the comparison.

    Up to `findings.GROUP_AT` programs: one section per program with its pages. More: the provinces, each a
    link to its page listing its programs (`analysis.site.provinces`), so the sidebar, which is on every page,
    has a bounded size whatever the number of programs (Turkey has 81 provinces).
    """
    contents: list = []
    if provinces.many(programs):
        contents += provinces.sidebar_entries(programs)
    else:
        for prog in programs:
            pages = [{"href": f"report/{prog.id}/{name}", "text": md_text(section)} for _, name, section in PROGRAM_NOTEBOOKS if (p.report / prog.id / name).exists()]
            if pages:
                contents.append({"section": md_text(f"{prog.short_name} {prog.year}"), "contents": pages})
    if (p.report / COMPARISON_NOTEBOOK[1]).exists():
        contents.append({"href": f"report/{COMPARISON_NOTEBOOK[1]}", "text": "Karşılaştırma"})
    series = sorted((p.report / SERIES_FOLDER).glob("*.qmd"))
    if series and not provinces.many(programs):  # municipalities with programs of several years (many: on their province's page)
        names = {prog.series_key: prog.short_name for prog in programs}
        contents.append({"section": f"Seriler ({len(series)})", "contents": [
            {"href": f"report/{SERIES_FOLDER}/{f.name}", "text": md_text(f"{names.get(f.stem, f.stem)}: söz ve gerçekleşen")} for f in series]})
    sidebar = {"style": "docked", "title": "Programlar", "contents": contents}
    if provinces.many(programs):
        sidebar["collapse-level"] = 1
    doc = {"website": {"sidebar": sidebar}}
    header = "# Generated by `python -m analysis site` from data/catalog.yml; do not edit.\n"
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
