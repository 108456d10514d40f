"""The published site, read as a journalist would: every page there, every link working, every number true."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
import yaml

from analysis.core.numbers import parse_number

from .conftest import site_pages
from .parts_text import with_parts

pytestmark = pytest.mark.slow


class _Collector(HTMLParser):
    """Collect links, cited numbers and a few page facts from an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.cited: list[dict] = []
        self.images_without_alt = 0
        self.headings: list[str] = []
        self._in_cited: dict | None = None
        self.h1 = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "link") and (a.get("src") or a.get("href")):
            self.sources.append(a.get("src") or a.get("href"))
        if tag == "img" and not a.get("alt"):
            self.images_without_alt += 1
        if tag == "a" and "cited-number" in (a.get("class") or ""):
            self._in_cited = {**a, "text": ""}
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(tag)

    def handle_data(self, data):
        if self._in_cited is not None:
            self._in_cited["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._in_cited is not None:
            self.cited.append(self._in_cited)
            self._in_cited = None


def parse(page: Path) -> _Collector:
    c = _Collector()
    c.feed(page.read_text(encoding="utf-8"))
    return c


def catalog_ids(root: Path) -> list[str]:
    return [p["id"] for p in yaml.safe_load((root / "data/catalog.yml").read_text(encoding="utf-8"))["programs"]]


def test_every_catalog_program_has_its_pages(built_site, project_root):
    for program in catalog_ids(project_root):
        for page in ("index", "budget", "indicators", "checks", "reading"):
            assert (built_site / "report" / program / f"{page}.html").exists(), f"{program}/{page}.html missing"
    for page in ("index", "programs", "methodology", "data", "en", "report/comparison"):
        assert (built_site / f"{page}.html").exists(), f"{page}.html missing"


def test_no_broken_internal_link(built_site):
    broken = []
    for page in site_pages(built_site):
        for href in parse(page).links + parse(page).sources:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "mailto:", "//")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if not parts.path.startswith("/") else built_site / unquote(parts.path.lstrip("/"))
            if parts.path == "":
                continue
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)} -> {href}")
    assert not broken, "broken internal links:\n" + "\n".join(broken[:30])


def test_site_loads_nothing_from_the_internet(built_site):
    remote = []
    for page in site_pages(built_site):
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<(script|link|img|iframe)\b[^>]*\b(?:src|href)="(https?:)?//[^"]+"', text):
            remote.append(f"{page.relative_to(built_site)}: {m.group(0)[:120]}")
        if "fonts.googleapis" in text or "cdn.jsdelivr" in text:
            remote.append(f"{page.relative_to(built_site)}: CDN reference")
    css = list((built_site / "site_libs").rglob("*.css")) + list((built_site / "assets").rglob("*.css"))
    for f in css:
        if re.search(r"@import\s+url\(['\"]?https?:", f.read_text(encoding="utf-8", errors="ignore")):
            remote.append(f"{f.relative_to(built_site)}: remote @import")
    assert not remote, "\n".join(remote)


def _cited_value(cell: str) -> Decimal | None:
    return Decimal(cell) if cell not in ("", None) else None


def _display_number(text: str, lang: str = "tr") -> Decimal | None:
    """What a reader sees, as a number: `3,40 milyar TL` -> 3400000000, `%27,7` -> 0.277 (English page: `27.7%`, `3,400,000,000 TL`)."""
    t = text.strip()
    if lang == "en":
        t = t.replace("TL", "").replace(",", "").strip()
        percent = t.endswith("%")
        try:
            value = Decimal(t.rstrip("%"))
        except ArithmeticError:
            return None
        return value / 100 if percent else value
    factor = Decimal(1)
    if "milyar" in t:
        factor, t = Decimal("1e9"), t.replace("milyar", "")
    elif "milyon" in t:
        factor, t = Decimal("1e6"), t.replace("milyon", "")
    percent = t.startswith("%")
    value = parse_number(t.replace("TL", "").strip())
    if value is None:
        return None
    value *= factor
    return value / 100 if percent else value


def test_every_number_on_the_site_equals_its_table(built_site):
    """Each cited number links to a CSV; the cell it names holds the value, and the text shows that value."""
    checked = 0
    problems = []
    for page in site_pages(built_site):
        for c in parse(page).cited:
            href = urlsplit(c.get("data-csv") or c["href"]).path  # the number links to its row page; data-csv names the table it checks against
            csv_path = (page.parent / unquote(href)).resolve()
            if not csv_path.exists():
                problems.append(f"{page.name}: {href} missing")
                continue
            df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
            row = c["data-row"]
            if row.startswith("count:"):
                status = row.split(":", 1)[1]
                expected = len(df) if status == "all" else int((df[c["data-column"]] == status).sum())
                cell = str(expected)
            else:
                cell = df[c["data-column"]].iloc[int(row)]
            if cell != c["data-value"]:
                problems.append(f"{page.relative_to(built_site)}: {c['data-table']}.{c['data-column']}[{row}] is {cell!r}, page says {c['data-value']!r}")
                continue
            shown, stored = _display_number(c["text"], "en" if page.name == "en.html" else "tr"), _cited_value(cell)
            if stored is None:
                if shown is not None:
                    problems.append(f"{page.name}: {c['text']!r} shown for an empty cell")
                continue
            # the display may round (e.g. 3,40 milyar); it may never be wrong by more than its last digit
            last_digit = Decimal("1e7") if "milyar" in c["text"] else Decimal("1e5") if "milyon" in c["text"] else Decimal("0.006") if "%" in c["text"] else Decimal("1")
            if shown is None or abs(shown - stored) > last_digit:
                problems.append(f"{page.relative_to(built_site)}: shows {c['text']!r} for {stored}")
            checked += 1
    assert not problems, "\n".join(problems[:30])
    assert checked >= 20, f"only {checked} cited numbers found on the site"


def test_pages_have_one_title_and_accessible_images(built_site):
    for page in site_pages(built_site):
        c = parse(page)
        assert c.images_without_alt == 0, f"{page.name}: image without alt text"
        assert c.headings.count("h1") == 1, f"{page.relative_to(built_site)}: {c.headings.count('h1')} <h1>"


def test_pages_are_turkish_except_the_english_summary(built_site):
    for page in site_pages(built_site):
        lang = re.search(r'<html lang="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
        assert lang == ("en" if page.name == "en.html" else "tr"), f"{page.name}: lang={lang}"


def test_every_chart_has_downloadable_data_and_a_text_alternative(built_site):
    charts = 0
    for page in site_pages(built_site):
        text = page.read_text(encoding="utf-8")
        for fig in re.findall(r'<figure class="chart-figure".*?</figure>', text, flags=re.S):
            charts += 1
            assert "<details>" in fig and "<table" in fig, f"{page.name}: chart without a data table"
            csv = re.search(r'href="([^"]+\.csv)" download', fig)
            assert csv, f"{page.name}: chart without a CSV link"
            assert (page.parent / csv.group(1)).resolve().exists(), f"{page.name}: {csv.group(1)} missing"
            assert re.search(r"<figcaption[^>]*>.+</figcaption>", fig, flags=re.S)
    assert charts >= 4


def test_downloads_are_published(built_site, project_root):
    d = built_site / "downloads"
    for program in catalog_ids(project_root):
        assert (d / f"{program}.zip").stat().st_size > 1000
        assert (d / f"{program}.pdf").exists()
    assert (d / "programs.duckdb").exists()
    for table in ("performance_targets", "indicators", "indicator_values", "activities", "stated_totals", "reconciliation"):
        assert (d / "csv" / f"{table}.csv").exists()
        assert (d / "parquet" / f"{table}.parquet").exists()


def test_quarto_config_uses_only_options_smalldocs_reads(built_project):
    """`smalldocs check` may only report what we knowingly leave to real Quarto (execute.enabled)."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "smalldocs.cli", "check", "."], cwd=built_project, capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    unexpected = [line for line in lines if "execute.enabled is ignored" not in line]
    assert not unexpected, "\n".join(unexpected)


# ------------------------------------------------------------------------------------- see it in the document


_STRAIGHT_QUOTES = str.maketrans("‘’“”", "''\"\"")


def _plain(text: str) -> str:
    """Whitespace collapsed and quotes straightened (the renderer curls the straight quotes of Markdown text)."""
    return " ".join(text.translate(_STRAIGHT_QUOTES).split())


def _visible_text(page: Path) -> str:
    """The page's text as a reader sees it (tags removed, entities decoded, whitespace collapsed, quotes straight)."""
    import html as html_module

    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return _plain(html_module.unescape(re.sub(r"<[^>]+>", " ", text)))


def test_no_english_note_on_a_turkish_page(built_project, built_site):
    """Every reconciliation note has a Turkish text; the Turkish pages show it, never the English one."""
    notes, notes_tr = set(), set()
    for program in catalog_ids(built_project):
        rec = pd.read_csv(built_project / "data/extracted" / program / "reconciliation.csv", dtype=str, keep_default_na=False)
        notes |= {_plain(n) for n in rec["note"] if len(n) > 20}
        notes_tr |= {_plain(n) for n in rec["note_tr"] if len(n) > 20}
    english = notes - notes_tr
    assert len(english) > 100
    shown_tr, leaked = 0, []
    for page in site_pages(built_site):
        if '<html lang="tr"' not in page.read_text(encoding="utf-8")[:500]:
            continue
        text = _visible_text(page)
        leaked += [f"{page.relative_to(built_site)}: {n[:80]}" for n in english if n in text]
        leaked += [f"{page.relative_to(built_site)}: {m}" for m in re.findall(r"[^.]{0,40}\b(?:differs: the card prints|vs the sum of|the rows add up to|has no row in)\b[^.]{0,40}", text)]
        shown_tr += sum(1 for n in notes_tr if n in text)
    assert not leaked, "\n".join(leaked[:20])
    assert shown_tr >= 10, "the Turkish notes are not shown on the Turkish pages"


def test_the_english_page_uses_the_english_notes(built_project, built_site):
    def digits(t: str) -> str:  # the English page writes the note's amounts in English format (27,350,000 for 27.350.000)
        return re.sub(r"(?<=\d)[.,](?=\d)", "", t)

    text = _visible_text(built_site / "en.html")
    rec = pd.concat([pd.read_csv(built_project / "data/extracted" / p / "reconciliation.csv", dtype=str, keep_default_na=False) for p in catalog_ids(built_project)])
    shown = rec[[bool(n) and digits(_plain(n)) in digits(text) for n in rec["note"]]]
    assert len(shown) >= 1
    assert not any(_plain(n) in text for n in rec["note_tr"] if len(n) > 20)


def test_every_contradiction_shows_both_sides_as_crops(built_project, built_site):
    for program in catalog_ids(built_project):
        page = built_site / "report" / program / "checks.html"
        text = with_parts(page)  # the page and the parts its long lists moved to
        findings = re.findall(r'<li class="finding">.*?</li>', text, flags=re.S)
        rec = pd.read_csv(built_project / "data/extracted" / program / "reconciliation.csv", dtype=str, keep_default_na=False)
        assert len(findings) == (rec["status"] == "mismatch").sum() > 0, program
        two = 0
        for f in findings:
            imgs = re.findall(r'<img class="source-crop" src="([^"]+)" alt="([^"]+)"', f)
            assert imgs, f"{program}: a contradiction without a crop: {f[:200]}"
            assert all(alt.strip() and "PDF sayfa" in alt for _, alt in imgs)
            for src, _ in imgs:
                assert (page.parent / src).resolve().is_file(), src
            two += len(re.findall(r'<div class="crop-side">', f)) >= 2
        assert two / len(findings) >= 0.95, f"{program}: {two} of {len(findings)} contradictions show both sides"


def test_text_differences_are_shown_once_with_the_words_marked(built_site):
    text = with_parts(built_site / "report" / "kucukcekmece-2021" / "checks.html")
    diffs = re.findall(r'<div class="text-diff">.*?</div>', text, flags=re.S)
    assert len(diffs) >= 30
    assert all("<del>" in d or "<ins>" in d for d in diffs)
    kinds = set(re.findall(r'data-kind="(\w+)"', text))
    assert {"letters", "words"} <= kinds
    # the dijital / digital variant of H9.72 is called a spelling variant, shown as one text
    assert re.search(r"<del>dijital</del> <ins>digital</ins>", text)


def test_cited_document_numbers_open_their_crop(built_site):
    """Stated totals, activity amounts and indicator targets: each "belgede gör" shows an existing crop and links its page."""
    found = 0
    for rel in ("index", "budget", "indicators"):
        for program_page in sorted((built_site / "report").glob(f"*/{rel}.html")):
            for d in re.findall(r'<details class="doc-crop">.*?</details>', program_page.read_text(encoding="utf-8"), flags=re.S):
                src = re.search(r'<img class="source-crop" src="([^"]+)" alt="([^"]+)"', d)
                assert src and (program_page.parent / src.group(1)).resolve().is_file(), d[:200]
                assert re.search(r'href="[^"]+\.pdf#page=\d+"', d)
                found += 1
    assert found >= 20


def test_the_crops_are_small(built_site):
    crops = list((built_site / "crops").rglob("*.png"))
    assert len(crops) >= 100
    assert max(f.stat().st_size for f in crops) < 150_000
    assert sum(f.stat().st_size for f in crops) < 15_000_000


def test_the_reading_page_shows_the_page_map_thumbnails_and_counts(built_site, project_root):
    for program in catalog_ids(project_root):
        page = built_site / "report" / program / "reading.html"
        text = with_parts(page)
        assert '<div class="page-map"' in text and text.count('<img src="data:image/png;base64,') >= 3
        assert "Sayfa türüne göre okuma yöntemi" in text and "Okunan sayılar ve belgenin kendi söylediği sayılar" in text
    koc = _visible_text(built_site / "report" / "kocaeli-2021" / "reading.html")
    assert "performans hedefi kartları" in koc and "camelot" in koc
