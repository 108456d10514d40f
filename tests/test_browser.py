"""Open every page of the built site in a real browser (Debian's chromium via Playwright), offline.

Fails on any console error, any request leaving 127.0.0.1, or a chart that does not draw. Screenshots of
the main pages are written to $TMPDIR/performans-screenshots/ (or $PERFORMANS_SCREENSHOTS) for a human to look at.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .browsing import charts_drawn, visit
from .conftest import site_pages
from .parts_text import part_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SCREENSHOTS = Path(os.environ.get("PERFORMANS_SCREENSHOTS") or Path(tempfile.gettempdir()) / "performans-screenshots")
"""Screenshots for a human to look at: outside the checkout (tests never write into it); set PERFORMANS_SCREENSHOTS to choose."""
MAIN_PAGES = ["index.html", "programs.html", "report/comparison.html", "methodology.html", "data.html", "en.html"]


def test_every_page_loads_offline_without_errors_and_draws_its_charts(page, site_url, built_site):
    errors: dict = {}  # tab -> its errors
    seen: dict = {}  # tab -> how many of them were already reported
    outside: list[str] = []

    def setup(tab) -> None:
        found = errors[tab] = []
        seen[tab] = 0
        tab.on("console", lambda m: found.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        tab.on("pageerror", lambda e: found.append(f"pageerror: {e}"))
        tab.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith(("data:", "blob:")) else None)
        # a request the browser itself aborts when the test moves on (e.g. a late favicon) is not a page error
        tab.on("requestfailed", lambda r: found.append(f"request failed: {r.url} ({r.failure})") if "ERR_ABORTED" not in (r.failure or "") else None)

    drawn = 0

    def check(tab, url: str, response) -> None:
        nonlocal drawn
        rel = url.removeprefix(f"{site_url}/")
        assert response is not None and response.ok, f"{rel}: HTTP {response.status if response else '?'}"
        for i, chart in enumerate(charts_drawn(tab, "svg, canvas")):  # every chart drawn, then all read in one call
            assert chart["marks"] > 3, f"{rel}: chart {i + 1} drew only {chart['marks']} marks"
            drawn += 1
        assert len(errors[tab]) == seen[tab], f"{rel}: {errors[tab][seen[tab]:]}"
        seen[tab] = len(errors[tab])

    visit(page, [f"{site_url}/{html_file.relative_to(built_site).as_posix()}" for html_file in site_pages(built_site)], check, setup)
    assert not outside, f"requests leaving 127.0.0.1: {sorted(set(outside))[:10]}"
    assert drawn >= 4, f"only {drawn} charts drawn on the whole site"


@pytest.mark.parametrize("width", [1280, 390])
def test_main_pages_screenshots_and_layout(page, site_url, built_site, width):
    """Screenshots for review; at phone width the page must not scroll sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    programs = sorted(p.parent.name for p in (built_site / "report").glob("*/index.html"))
    targets = MAIN_PAGES + [f"report/{p}/{name}.html" for p in programs for name in ("index", "budget", "indicators", "checks", "reading")]
    for rel in targets:
        page.goto(f"{site_url}/{rel}", wait_until="load")
        page.wait_for_timeout(300)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 2, f"{rel} at {width}px scrolls sideways by {overflow}px"
        page.screenshot(path=str(SCREENSHOTS / f"{rel.replace('/', '_').removesuffix('.html')}-{width}.png"), full_page=True)


def test_site_search_finds_a_program(page, site_url, built_site):
    page.goto(f"{site_url}/index.html", wait_until="load")
    index = page.evaluate("fetch('search.json').then(r => r.json())")
    titles = " ".join(str(e.get("title", "")) + " " + str(e.get("text", "")) for e in index)
    assert "Kocaeli" in titles and "Küçükçekmece" in titles


def _errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url} ({r.failure})") if "ERR_ABORTED" not in (r.failure or "") else None)
    return errors


def test_the_crops_of_every_contradiction_load(page, site_url, built_site):
    """Every crop on the checks pages loads as an image (its natural size is known), with no console error."""
    errors = _errors(page)
    loaded = 0
    checks_pages = sorted((built_site / "report").glob("*/checks.html"))
    for shown in [p for checks in checks_pages for p in (checks, *part_pages(checks))]:  # a long page's parts too
        page.goto(f"{site_url}/report/{shown.parent.name}/{shown.name}", wait_until="load")
        result = page.evaluate(
            """() => Promise.all([...document.querySelectorAll('img.source-crop')].map(img => new Promise(done => {
                   const probe = new Image();
                   probe.onload = () => done(probe.naturalWidth > 20 && probe.naturalHeight > 10 ? 'ok' : 'tiny ' + img.src);
                   probe.onerror = () => done('failed ' + img.src);
                   probe.src = img.src;
               })))"""
        )
        bad = [r for r in result if r != "ok"]
        assert not bad, bad[:5]
        loaded += len(result)
        if shown.name != "checks.html":
            continue
        first = page.locator("li.finding img.source-crop").first
        first.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first.element_handle(), timeout=10_000)
        assert first.is_visible()
    assert loaded >= 100
    assert not errors, errors[:5]


def test_the_crop_view_opens_from_a_number(page, site_url, built_site):
    """On the budget page, "belgede gör" next to an activity's amount opens its crop and a link to the full PDF page."""
    errors = _errors(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for program in sorted(p.parent.name for p in (built_site / "report").glob("*/budget.html")):
        page.goto(f"{site_url}/report/{program}/budget.html", wait_until="load")
        toggle = page.locator("table details.doc-crop").first
        crop = toggle.locator("img.source-crop")
        assert not crop.is_visible()
        toggle.locator("summary").click()
        crop.wait_for(state="visible", timeout=5_000)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=crop.element_handle(), timeout=10_000)
        assert toggle.evaluate("d => d.open")
        link = toggle.locator("a.pdf-page")
        assert link.is_visible() and f"downloads/{program}.pdf#page=" in link.get_attribute("href")
        assert crop.get_attribute("alt").startswith("PDF sayfa")
        toggle.screenshot(path=str(SCREENSHOTS / f"crop-view-{program}.png"))
        toggle.locator("summary").click()
        assert not crop.is_visible()
    assert not errors, errors[:5]


def test_budget_and_comparison_pages_say_how_shares_were_decided_and_link_the_crosswalk(page, site_url, built_site):
    """Each share says how it was decided (purpose first, same rules for all) and links the policy area – COFOG crosswalk."""
    errors = _errors(page)
    programs = sorted(p.parent.name for p in (built_site / "report").glob("*/budget.html"))
    assert programs
    for prog in programs:
        page.goto(f"{site_url}/report/{prog}/budget.html", wait_until="load")
        how = page.locator("p", has_text="Paylar nasıl belirlendi").first
        assert "önce faaliyetin adı" in how.inner_text() and "COFOG" in how.inner_text()
        review = page.locator("p", has_text="Gözden geçirilecek kararlar").first
        assert "düşük güvenle" in review.inner_text(), prog
        link = how.locator("a[href$='methodology.html#cofog']")
        assert link.count() == 1, prog
    link.click()  # the last program's link leads to the crosswalk on the methodology page
    page.wait_for_load_state("load")
    assert page.url.endswith("methodology.html#cofog")
    table = page.locator("#cofog table").first  # the heading's section holds the crosswalk
    assert table.is_visible()
    text = table.inner_text()
    assert "04.5" in text and "Ulaştırma hizmetleri" in text and "Transport" in text and "Sosyal güvenlik ve sosyal yardım hizmetleri" in text
    page.goto(f"{site_url}/report/comparison.html", wait_until="load")
    how = page.locator("p", has_text="Paylar nasıl belirlendi").first
    assert "aynı kurallarla" in how.inner_text() and "düşük güvenle" in how.inner_text()  # each program's share decided with low confidence
    assert how.locator("a.cited-number").count() == 2 * len(programs)
    assert how.locator("a[href$='methodology.html#cofog']").count() == 1
    csv_href = how.locator("a[href$='cofog_crosswalk.csv']").get_attribute("href")
    body = page.evaluate("href => fetch(href).then(r => r.ok ? r.text() : 'HTTP ' + r.status)", csv_href)
    assert body.startswith("policy_area,cofog,") and "transport,04.5" in body
    assert not errors, errors
