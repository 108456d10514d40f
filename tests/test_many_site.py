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
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .browsing import visit
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


def test_the_sidebar_groups_the_programs(many_site):
    page = (many_site / "report" / "comparison.html").read_text(encoding="utf-8")
    sidebar = page[page.index('id="quarto-sidebar"') :]
    sidebar = sidebar[: sidebar.index("</nav>")]
    assert sidebar.count('href="kocaeli-2021/index.html"') == 1
    assert 'href="kocaeli-2021/budget.html"' not in sidebar  # one link per program; its pages link to each other
    assert re.search(r"İstanbul \(\d+\)", sidebar) and re.search(r"Ankara \(\d+\)", sidebar)
    program = (many_site / "report" / "kocaeli-2021" / "index.html").read_text(encoding="utf-8")
    assert 'class="program-pages"' in program and 'href="budget.html"' in program


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
        charts = tab.locator(".vega-chart")
        for i in range(charts.count()):
            chart = charts.nth(i)
            chart.scroll_into_view_if_needed()
            chart.locator("svg").first.wait_for(state="attached", timeout=15_000)
            marks = chart.locator("svg path, svg rect, svg line, svg circle").count()
            assert marks > 3, f"{rel}: chart {i + 1} drew only {marks} marks"
            legend = chart.evaluate(LEGEND)
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
