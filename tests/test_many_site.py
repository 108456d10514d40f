"""The site with twelve programs (the shipped two and ten copies of their text editions), read and opened in chromium.

It must stay readable as programs are added: every chart drawn, no page scrolling sideways at phone width,
every legend complete (or replaced by direct labels), a program picked in the drop-down marked in the chart,
the table of programs sortable and filterable, the home page summarising instead of listing, the sidebar
grouped. The same page checks as for the two-program site run here too (numbers equal their tables, links work).
"""

from __future__ import annotations

import os
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from .browsing import charts_drawn, visit
from .conftest import MANY, site_pages
from .test_site import test_every_number_on_the_site_equals_its_table as check_numbers
from .test_site import test_no_broken_internal_link as check_links
from .test_site import test_site_loads_nothing_from_the_internet as check_offline

pytestmark = [pytest.mark.slow]

SCREENSHOTS = Path(os.environ.get("PERFORMANS_SCREENSHOTS") or Path(tempfile.gettempdir()) / "performans-screenshots") / "many"
"""Screenshots for a human to look at: outside the checkout (tests never write into it); set PERFORMANS_SCREENSHOTS to choose."""
MAIN = ["index.html", "en.html", "programs.html", "report/comparison.html"]


def test_every_program_has_its_pages_and_numbers_equal_their_tables(many_site):
    assert len(list((many_site / "report").glob("*/index.html"))) == MANY
    check_numbers(many_site)
    check_links(many_site)
    check_offline(many_site)


def test_the_home_page_summarises_instead_of_listing_every_program(many_site, built_site):
    """Its findings name at most three programs per question; they do not grow with the number of programs."""
    findings = (many_site.parent / "report" / "_home_findings.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\]\(report/([^/)]+)/", findings))
    assert 3 <= len(named) < MANY, named
    for section in findings.split("### ")[1:]:
        assert len(re.findall(r"^- ", section, flags=re.M)) <= 3, section
    two = (built_site.parent / "report" / "_home_findings.md").stat().st_size
    assert len(findings.encode("utf-8")) < 1.6 * two, (two, len(findings.encode("utf-8")))


def _sidebar(page: str) -> str:
    sidebar = page[page.index('id="quarto-sidebar"') :]
    return sidebar[: sidebar.index("</nav>")]


def test_the_sidebar_lists_provinces_and_each_province_page_its_programs(many_site):
    """The sidebar (on every page) names provinces, never programs; every program is two clicks from any page:
    its province in the sidebar, then its name on the province's page."""
    catalog = yaml.safe_load((many_site.parent / "data" / "catalog.yml").read_text(encoding="utf-8"))["programs"]
    provinces = {e["province"] for e in catalog}
    page = (many_site / "report" / "comparison.html").read_text(encoding="utf-8")
    sidebar = _sidebar(page)
    province_links = re.findall(r'href="(iller/[^"]+\.html)"', sidebar)
    assert len(province_links) == len(provinces)
    assert re.search(r"İstanbul \(\d+\)", sidebar) and re.search(r"Ankara \(\d+\)", sidebar)
    for e in catalog:
        assert f"{e['id']}/" not in sidebar  # no program in the sidebar
    reached = {}
    for link in province_links:
        html = (many_site / "report" / link).read_text(encoding="utf-8")
        title = re.search(r'<h1 class="title">(.*?)</h1>', html, flags=re.S).group(1).strip()
        assert title in provinces, title
        for pid in re.findall(r'href="\.\./([a-z0-9-]+-\d{4})/index\.html"', html):
            reached[pid] = title
    assert reached == {e["id"]: e["province"] for e in catalog}
    program = (many_site / "report" / "kocaeli-2021" / "index.html").read_text(encoding="utf-8")
    assert 'class="program-pages"' in program and 'href="budget.html"' in program
    assert len(re.findall(r'href="\.\./iller/[^"]+\.html"', _sidebar(program))) == len(provinces)


def test_the_pages_do_not_grow_with_the_programs(many_site, built_site):
    """At twelve programs the home page and a program's overview are about the size they are at two; the comparison
    page holds no row per program (its table is drawn from the CSV in the browser)."""
    for rel in ("index.html", "report/kocaeli-2021/index.html"):
        two, twelve = (built_site / rel).stat().st_size, (many_site / rel).stat().st_size
        assert twelve < 1.25 * two, (rel, two, twelve)
    for site in (built_site, many_site):
        page = (site / "report" / "comparison.html").read_text(encoding="utf-8")
        table = page[page.index('<div class="program-table"') :]
        table = table[: table.index("</table>")]
        assert "<tbody></tbody>" in table and "<tr data-kind" not in table
        assert len(table) < 4000, len(table)


# --------------------------------------------------------------------------- in the browser


def _open(page, url: str, errors: list[str]) -> None:
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


LEGEND = """el => {
    const svg = el.querySelector('svg'), box = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('.role-legend-label text')];
    const fills = new Set([...svg.querySelectorAll('.role-mark path, .role-mark circle')]
        .filter(m => !m.closest('.role-legend') && !m.closest('.role-axis'))
        .map(m => m.getAttribute('fill')).filter(f => f && f !== 'none' && f !== 'transparent' && f !== '#111111'));
    const cut = labels.filter(t => { const r = t.getBoundingClientRect();
        return r.right > box.right + 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 || t.textContent.endsWith('…'); });
    return {labels: labels.length, colours: fills.size, cut: cut.map(t => t.textContent)};
}"""


@pytest.mark.browser
def test_every_chart_is_drawn_with_a_complete_legend(page, many_site_url, many_site):
    errors: dict = {}  # tab -> its errors
    seen: dict = {}  # tab -> how many of them were already reported
    outside: list[str] = []

    def setup(tab) -> None:
        found = errors[tab] = []
        seen[tab] = 0
        tab.on("console", lambda m: found.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        tab.on("pageerror", lambda e: found.append(f"pageerror: {e}"))
        tab.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith(("data:", "blob:")) else None)

    drawn = 0

    def check(tab, url: str, response) -> None:
        nonlocal drawn
        rel = url.removeprefix(f"{many_site_url}/")
        assert response is not None and response.ok, url
        for i, chart in enumerate(charts_drawn(tab, "svg", LEGEND)):  # every chart drawn, then all read in one call
            marks, legend = chart["marks"], chart
            assert marks > 3, f"{rel}: chart {i + 1} drew only {marks} marks"
            assert not legend["cut"], f"{rel}: chart {i + 1}: legend labels cut off: {legend['cut']}"
            if legend["labels"]:
                assert legend["labels"] >= legend["colours"], f"{rel}: chart {i + 1}: {legend['colours']} colours, {legend['labels']} legend entries"
            drawn += 1
        assert len(errors[tab]) == seen[tab], f"{rel}: {errors[tab][seen[tab]:]}"
        seen[tab] = len(errors[tab])

    visit(page, [f"{many_site_url}/{html_file.relative_to(many_site).as_posix()}" for html_file in site_pages(many_site)], check, setup)
    assert not outside, f"requests leaving 127.0.0.1: {sorted(set(outside))[:10]}"
    assert drawn >= 4 * MANY


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_scrolls_sideways(page, many_site_url, many_site, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    targets = MAIN + [f"report/kopya02-kocaeli-2021/{name}.html" for name in ("index", "budget", "indicators", "checks")]
    for rel in targets:
        page.goto(f"{many_site_url}/{rel}", wait_until="networkidle")
        page.wait_for_timeout(300)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 2, f"{rel} at {width}px scrolls sideways by {overflow}px"
        page.screenshot(path=str(SCREENSHOTS / f"{rel.replace('/', '_').removesuffix('.html')}-{width}.png"), full_page=True)


@pytest.mark.browser
def test_a_program_picked_in_the_drop_down_is_marked_in_the_chart(page, many_site_url):
    errors: list[str] = []
    _open(page, f"{many_site_url}/report/comparison.html", errors)
    chart = page.locator("#chart-compare-policy-areas")
    chart.scroll_into_view_if_needed()
    select = chart.locator(".vega-bindings select")
    select.wait_for(timeout=15_000)
    options = select.locator("option").all_text_contents()
    assert len(options) == MANY and "Küçükçekmece 2021" in options

    def marked() -> list[str]:
        page.wait_for_timeout(300)
        return chart.locator("svg .role-mark text").all_text_contents()

    first = marked()
    select.select_option("Küçükçekmece 2021")
    second = marked()
    # one label per policy area for the marked program, and they are Küçükçekmece's shares of its whole budget, written the
    # Turkish way (e.g. %53,9 administration: Küçükçekmece ties its whole budget to activities, so both shares agree)
    assert len(first) == len(second) >= 10 and first != second
    assert any(t == "%53,9" for t in second), second
    assert not errors, errors


@pytest.mark.browser
def test_the_program_table_sorts_and_filters(page, many_site_url):
    errors: list[str] = []
    _open(page, f"{many_site_url}/report/comparison.html", errors)
    page.wait_for_selector(".program-table[data-drawn]")
    table = page.locator(".program-table table")
    rows = table.locator("tbody tr")
    assert rows.count() == MANY
    table.locator("button.sort-button", has_text="Toplam kaynak ihtiyacı").click()
    totals = [float(v) for v in table.locator("tbody tr td:nth-child(5)").evaluate_all("cells => cells.map(c => c.dataset.sort)")]
    assert totals == sorted(totals, reverse=True)
    page.locator(".program-table .filter-kind").select_option("district")
    visible = table.locator("tbody tr:not([hidden])")
    assert 0 < visible.count() < MANY
    assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.kind)")) == {"district"}
    page.locator(".program-table .filter-text").fill("Küçükçekmece")
    assert visible.count() == 1
    assert not errors, errors


def _csv_rows(site: Path) -> list[dict]:
    import csv

    with open(site / "report" / "comparison-tables" / "program_summary.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _tr_pct(value: str) -> str:
    """A share as the Turkish pages write it (`0.0971137` -> `%9,7`), done here independently of the site's code."""
    return "%" + f"{Decimal(value) * 100:.1f}".replace(".", ",")


@pytest.mark.browser
def test_the_drawn_program_table_shows_every_row_of_its_csv(page, many_site_url, many_site):
    """The table is drawn in the browser from program_summary.csv: one row per CSV row, each program linked to its
    overview, its shares written the Turkish way and linked to their CSV row; Kocaeli's total is the 3,4 billion TL
    its document states."""
    errors: list[str] = []
    _open(page, f"{many_site_url}/report/comparison.html", errors)
    page.wait_for_selector(".program-table[data-drawn]")
    drawn = page.locator(".program-table tbody tr").evaluate_all(
        """rows => rows.map(r => ({name: r.cells[0].textContent, href: r.cells[0].querySelector('a').getAttribute('href'),
                                   province: r.cells[2].textContent, total: r.cells[4].textContent, transport: r.cells[5].textContent,
                                   transportHref: (r.cells[5].querySelector('a') || {getAttribute: () => ''}).getAttribute('href')}))"""
    )
    csv_rows = _csv_rows(many_site)
    assert len(drawn) == len(csv_rows) == MANY
    for n, (row, rec) in enumerate(zip(drawn, csv_rows, strict=True)):
        assert row["name"] == f"{rec['short_name']} {rec['year']}" and row["href"] == f"{rec['program']}/index.html"
        assert row["province"] == rec["province"]
        assert row["transport"] == _tr_pct(rec["transport_share_of_budget"])
        assert row["transportHref"] == f"comparison-tables/program_summary.html#satir-{n + 1}"
    kocaeli = next(r for r in drawn if r["name"] == "Kocaeli 2021")
    assert kocaeli["total"] == "3,40 milyar TL"
    link = page.locator(".program-table tbody tr").first.locator("a.cited-number").first
    link.click()
    page.wait_for_load_state("load")
    assert "program_summary.html#satir-" in page.url
    assert not errors, errors


@pytest.mark.browser
def test_the_program_table_is_shown_a_page_at_a_time(page, many_site_url):
    """With more programs than a page of the table holds, the pager moves through them (the page is served with 5 rows a page)."""
    def fewer_rows(route):
        body = route.fetch().text().replace('data-rows-per-page="50"', 'data-rows-per-page="5"')
        route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})

    page.route("**/report/comparison.html", fewer_rows)
    errors: list[str] = []
    _open(page, f"{many_site_url}/report/comparison.html", errors)
    page.wait_for_selector(".program-table[data-drawn]")
    visible = page.locator(".program-table tbody tr:not([hidden])")
    pager = page.locator(".program-table-pages")
    assert visible.count() == 5 and pager.is_visible()
    assert page.locator(".page-where").inner_text() == f"1–5 / {MANY}"
    first = visible.first.inner_text()
    page.locator(".page-next").click()
    assert visible.count() == 5 and visible.first.inner_text() != first
    page.locator(".page-next").click()
    assert visible.count() == MANY - 10 and page.locator(".page-next").is_disabled()
    assert page.locator(".page-where").inner_text() == f"11–{MANY} / {MANY}"
    page.locator(".program-table .filter-kind").select_option("metropolitan")  # a filter starts again at the first page
    assert page.locator(".page-where").inner_text().startswith("1–")
    assert not errors, errors


@pytest.mark.browser
def test_without_script_the_comparison_page_offers_its_csv(browser, many_site_url):
    """Scripts off: no table rows are drawn, and the page says where the table is: a download link to the CSV."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{many_site_url}/report/comparison.html", wait_until="load")
    status = page.locator(".program-table-status")
    assert "program_summary.csv" in status.inner_text()
    href = status.locator("a[download]").get_attribute("href")
    assert href == "comparison-tables/program_summary.csv"
    assert page.request.get(f"{many_site_url}/report/{href}").text().startswith("program,")
    assert page.locator(".program-table tbody tr").count() == 0
    context.close()
