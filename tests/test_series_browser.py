"""The series page in a real browser (Debian's chromium via Playwright), and its numbers against its tables.

The series is Güneykent 2021-2023, a made-up municipality (scripts/make_series.py); the page must say it is
synthetic. With the shipped catalog (two programs of two municipalities) no series page, section, table or
column may appear.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

from tests.conftest import serve, site_pages
from tests.pagelint import lint_page
from tests.parts_text import part_pages, with_parts
from tests.test_site import _cited_value, _display_number, parse

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGE = "report/series/guneykent.html"


@pytest.fixture(scope="module")
def series_site(series_built) -> Path:
    return series_built[0] / "_site"


@pytest.fixture(scope="module")
def series_url(series_site: Path):
    with serve(series_site) as url:
        yield url


def _check_cited(site: Path, rel: str) -> int:
    """Every cited number of the page and of its part pages: the CSV cell it names holds its value, and the text
    shows that value."""
    page = site / rel
    checked = 0
    for c in (c for shown in [page, *part_pages(page)] for c in parse(shown).cited):
        csv = (page.parent / unquote(urlsplit(c["data-csv"]).path)).resolve()
        cell = pd.read_csv(csv, dtype=str, keep_default_na=False)[c["data-column"]].iloc[int(c["data-row"])]
        assert cell == c["data-value"], f"{rel}: {c['data-table']}.{c['data-column']}[{c['data-row']}]"
        stored, shown = _cited_value(cell), _display_number(c["text"], "tr")
        if stored is None:
            assert c["text"] == "–"
            continue
        # the display may round (3,40 milyar); it may never be wrong by more than its last digit (as tests/test_site.py)
        last_digit = Decimal("1e7") if "milyar" in c["text"] else Decimal("1e5") if "milyon" in c["text"] else Decimal("0.006") if "%" in c["text"] else Decimal("1")
        assert shown is not None and abs(shown - stored) <= last_digit, f"{rel}: shows {c['text']!r} for {stored}"
        checked += 1
    return checked


def test_the_numbers_on_the_series_page_equal_the_tables(series_site, series_built):
    assert _check_cited(series_site, PAGE) > 200
    # the headline counts, read back from the series tables the page cites
    root, truth = series_built
    table = pd.read_csv(series_site / "report/series/tables/series_delivery_summary.csv", dtype=str, keep_default_na=False)
    row = table[(table["dimension"] == "program") & (table["group"] == "guneykent-2021")].index[0]
    text = with_parts(series_site / PAGE)
    plan_met = sum(t["statuses"]["2021"]["status"] == "met" for t in truth["indicators"] if "2021" in t["printed"])
    assert f'data-column="met" data-row="{row}" data-value="{plan_met}"' in text


def test_the_series_page_in_the_browser(page, series_url, series_site):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{series_url}/{PAGE}", wait_until="networkidle")
        h1 = page.locator("h1").first.inner_text()
        assert "Güneykent" in h1 and "sentetik" in h1
        headings = page.locator("h2").all_inner_texts()
        for heading in ("Seri", "Hedefler ne oldu?", "En büyük ıskalar", "Iskalanan hedeften sonra programdan çıkan göstergeler",
                        "Faaliyetlerin bütçeleri", "Eşleştirme"):
            assert any(h.strip().startswith(heading) for h in headings), (heading, headings)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1 or page.locator(".table-responsive").count() > 0
    assert not errors, errors
    # a number opens its row; a PDF page link points into the published PDF
    link = page.locator('a.cited-number[data-column="delivery_rate"]').first
    href = link.get_attribute("href")
    assert href.startswith("tables/series_delivery_summary.html#satir-")
    page.goto(f"{series_url}/report/series/{href}", wait_until="load")
    assert page.locator("tr:target").count() == 1
    # the first PDF page link, on the page or on the first of its part pages that has one (the same folder)
    shown = next(p for p in [series_site / PAGE, *part_pages(series_site / PAGE)] if "pdf-page" in p.read_text(encoding="utf-8"))
    page.goto(f"{series_url}/report/series/{shown.name}", wait_until="load")
    pdf = page.locator("a.pdf-page").first.get_attribute("href")
    assert (series_site / "report/series" / pdf.split("#")[0]).resolve().is_file()
    # the sidebar leads to the page; the comparison shows the delivery rate of the program whose targets are reported
    page.goto(f"{series_url}/report/comparison.html", wait_until="load")
    assert page.locator("th", has_text="Tutturulan hedef").count() == 1
    assert page.locator('a[href$="series/guneykent.html"]').count() >= 1


def test_the_series_page_reads_as_finished_turkish(series_site):
    problems = lint_page((series_site / PAGE).read_text(encoding="utf-8"))
    assert not problems, problems[:10]
    assert _check_cited(series_site, "report/comparison.html") > 0


def test_series_tables_are_downloads_and_in_the_database(series_site):
    import duckdb

    for name in ("series_delivery", "series_matches", "series_delivery_summary", "series_activity_budgets", "series_index", "series_programs"):
        assert (series_site / "downloads/csv" / f"{name}.csv").is_file()
    with duckdb.connect(str(series_site / "downloads/programs.duckdb"), read_only=True) as con:
        counts = dict(con.execute("SELECT status, count(*) FROM series_delivery WHERE program = 'guneykent-2021' GROUP BY status").fetchall())
        rate = con.execute("SELECT delivery_rate FROM series_delivery_summary WHERE dimension = 'program' AND \"group\" = 'guneykent-2021'").fetchone()[0]
    assert counts["met"] > 50
    assert rate == pytest.approx(counts["met"] / (counts["met"] + counts["partly_met"] + counts["missed"]))
    assert "series_delivery" in (series_site / "data.html").read_text(encoding="utf-8")


def test_no_series_anywhere_with_the_shipped_catalog(built_site):
    """Two programs of two municipalities: no series page, no sidebar section, no empty table or column."""
    assert not (built_site / "report/series").exists()
    for page in site_pages(built_site):
        text = page.read_text(encoding="utf-8")
        assert "Seriler (" not in text and "series/" not in text.replace("time-series", ""), page.name
    assert not list((built_site / "downloads/csv").glob("series_*.csv"))
    assert "Tutturulan hedef" not in (built_site / "report/comparison.html").read_text(encoding="utf-8")
