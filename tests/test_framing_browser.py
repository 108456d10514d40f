"""What is drawn, not how the page scrolls: chart labels that overlap or leave the chart, cut legends, row links, crops.

Chromium (Playwright, offline) at phone width (390 px) and desktop width (1280 px), on the shipped site and
on the twelve-program site. The geometry is read from the drawn SVG: every axis and legend label's box must
lie inside its chart, no two labels of one axis or legend may overlap, and no label may be cut ("…").
"""

from __future__ import annotations

import pytest

from .browsing import charts_drawn, visit

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHART_PAGES = ["index.html", "report/comparison.html"] + [f"report/{p}/{n}.html" for p in ("kocaeli-2021", "kucukcekmece-2021")
                                                          for n in ("index", "budget", "indicators")]

GEOMETRY = """() => {
  const out = [];
  const visible = t => t.textContent && t.getAttribute('opacity') !== '0' && getComputedStyle(t).opacity !== '0' && getComputedStyle(t).visibility !== 'hidden';
  document.querySelectorAll('.vega-chart').forEach(div => {
    const svg = div.querySelector('svg');
    if (!svg) { out.push(`${div.id}: not drawn`); return; }
    const sb = svg.getBoundingClientRect();
    if (sb.right > window.innerWidth + 1) out.push(`${div.id}: wider than the window (${Math.round(sb.right)} > ${window.innerWidth})`);
    for (const [kind, sel, owner] of [['axis label', 'g.role-axis-label text', 'g.role-axis'], ['legend label', 'g.role-legend-label text', 'g.role-legend'],
                                      ['axis title', 'g.role-axis-title text', 'g.role-axis'], ['legend title', 'g.role-legend-title text', 'g.role-legend']]) {
      const groups = new Map();
      svg.querySelectorAll(sel).forEach(t => { if (!visible(t)) return; const g = t.closest(owner) || svg; if (!groups.has(g)) groups.set(g, []); groups.get(g).push(t); });
      for (const texts of groups.values()) {
        const boxes = texts.map(t => ({t: t.textContent, b: t.getBoundingClientRect()}));
        for (const {t, b} of boxes) {
          if (b.left < sb.left - 1 || b.right > sb.right + 1 || b.top < sb.top - 1 || b.bottom > sb.bottom + 1) out.push(`${div.id}: ${kind} "${t}" outside the chart`);
          if (t.endsWith('…')) out.push(`${div.id}: ${kind} "${t}" cut`);
        }
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].b, c = boxes[j].b;
          if (Math.min(a.right, c.right) - Math.max(a.left, c.left) > 1 && Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top) > 1)
            out.push(`${div.id}: ${kind}s "${boxes[i].t}" and "${boxes[j].t}" overlap`);
        }
      }
    }
  });
  return out;
}"""


def _chart_problems(page, url: str, pages: list[str], width: int) -> list[str]:
    page.set_viewport_size({"width": width, "height": 900})
    problems = []

    def check(tab, address: str, response) -> None:
        charts_drawn(tab, "svg")  # every chart drawn
        tab.wait_for_timeout(200)
        problems.extend(f"{address.removeprefix(url + '/')} at {width}px: {p}" for p in tab.evaluate(GEOMETRY))

    visit(page, [f"{url}/{rel}" for rel in pages], check)
    return problems


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_neither_overlap_nor_leave_the_chart(page, site_url, width):
    problems = _chart_problems(page, site_url, CHART_PAGES, width)
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_on_the_twelve_program_site(page, many_site_url, many_site, width):
    programs = sorted(p.parent.name for p in (many_site / "report").glob("*/index.html"))[:3]
    pages = ["index.html", "report/comparison.html"] + [f"report/{p}/{n}.html" for p in programs for n in ("index", "budget", "indicators")]
    problems = _chart_problems(page, many_site_url, pages, width)
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("width", [390, 1280])
def test_a_cited_number_opens_its_row_highlighted(page, site_url, width):
    """Home page: the transport share of Kocaeli's whole budget links to its row of program_summary, which opens marked."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site_url}/index.html", wait_until="load")
    link = page.locator('a.cited-number[data-column="transport_share_of_budget"]').first
    assert "satır" in link.get_attribute("title") and "sütun “transport_share_of_budget”" in link.get_attribute("title")
    link.click()
    page.wait_for_load_state("load")
    assert "#satir-" in page.url
    row = page.locator("tr:target")
    assert row.count() == 1
    assert row.evaluate("r => getComputedStyle(r).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert row.locator("td").first.inner_text() in ("kocaeli-2021", "kucukcekmece-2021")
    box = row.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "the marked row is scrolled into view"


@pytest.mark.parametrize("width", [390, 1280])
def test_a_crop_opens_on_screen_and_readable(page, site_url, width):
    """The top-10 table's "belgede gör" at phone and desktop width: the crop opens inside the window, at least 280 px wide."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site_url}/report/kocaeli-2021/budget.html", wait_until="load")
    for selector in ("table details.doc-crop", "details.doc-crop"):
        crop = page.locator(selector).first
        crop.locator("summary").click()
        img = crop.locator("img.source-crop")
        img.wait_for(state="visible")
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
        box = img.bounding_box()
        assert box is not None and box["width"] >= min(280, width - 40), (selector, box)
        assert box["x"] >= -1 and box["x"] + box["width"] <= width + 1 or page.evaluate("document.querySelector('.table-responsive') !== null"), (selector, box)
        crop.locator("summary").click()
