"""Long pages split into part pages (`analysis.site.parts`): every page under the size bound, nothing lost.

The expected values come from the inputs, never from the splitter: the rows written into a synthetic page,
the rows of the built programs' own CSV files (`reconciliation.csv`, the "all checks" table), and the bound
the issue sets (60 kB per page).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import lxml.html
import pytest

from analysis.site.parts import split_page

LIMIT = 60_000
"""The issue's bound for every program page, in bytes."""
HOSTILE = '</td></table><script>alert("x")</script><img src=x onerror=alert(1)>'


def _page(body: str) -> str:
    return (f'<!doctype html><html lang="tr"><head><title>Deneme</title></head><body><nav>menü</nav>'
            f'<main class="content"><h1 class="title">Deneme sayfası</h1>{body}</main></body></html>')


def _rows(n: int) -> list[list[str]]:
    return [[f"satır {i}", f"{i * 1000}", HOSTILE if i % 97 == 0 else f"birim {i % 7}"] for i in range(n)]


def _table(rows: list[list[str]]) -> str:
    import html

    cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return (f'<details><summary>Bütün satırlar (tablo)</summary><div class="table-responsive"><table><thead><tr><th>Ad</th><th>Tutar</th>'
            f"<th>Birim</th></tr></thead><tbody>{cells}</tbody></table></div><p>x.csv</p></details>")


def _cells(page: str) -> list[list[str]]:
    doc = lxml.html.document_fromstring(page)
    return [[td.text_content() for td in tr.findall("td")] for tr in doc.iter("tr") if tr.findall("td")]


def test_a_long_table_is_cut_into_parts_under_the_bound_and_every_row_is_on_exactly_one_part_in_order():
    rows = _rows(6000)
    page = _page("<p>Giriş.</p>" + _table(rows) + "<p>Son.</p>")
    assert len(page.encode()) > 5 * LIMIT
    out, parts = split_page(page, "checks.html")
    assert len(out.encode()) <= LIMIT
    assert len(parts) >= 6
    assert all(len(p.encode()) <= LIMIT for p in parts.values())
    assert "<p>Giriş.</p>" in out and "<p>Son.</p>" in out and "Bütün satırlar (tablo)" in out
    for name in parts:  # the page links every part (readable without any script)
        assert f'href="{name}"' in out
    shown = [cell for name in sorted(parts, key=lambda n: int(n.rsplit("-", 1)[1].split(".")[0])) for cell in _cells(parts[name])]
    assert shown == rows  # every row, once, in order, the hostile text as text
    for p in [out, *parts.values()]:
        assert "<script>alert" not in p and "<img src=x" not in p


def test_a_long_list_keeps_its_first_items_in_place_and_its_numbering_across_parts():
    items = "".join(f"<li>bulgu {i} " + "ayrıntı " * 60 + "</li>" for i in range(1, 401))
    out, parts = split_page(_page(f'<h3>Para toplamları</h3><ol class="findings">{items}</ol>'), "checks.html")
    assert len(out.encode()) <= LIMIT and all(len(p.encode()) <= LIMIT for p in parts.values())
    assert len(parts) >= 3
    seen = []
    pages = [out] + [parts[n] for n in sorted(parts, key=lambda n: int(n.rsplit("-", 1)[1].split(".")[0]))]
    for text in pages:
        ol = lxml.html.document_fromstring(text).find(".//ol")
        start = int(ol.get("start", "1"))
        texts = [li.text_content().split()[1] for li in ol.findall("li")]
        assert texts[0] == str(start)  # each part's first item is shown with its own number
        seen += texts
    assert seen[0] == "1"  # the page itself still opens the list
    assert seen == [str(i) for i in range(1, 401)]


def test_a_short_page_is_left_as_it_is():
    page = _page(_table(_rows(20)))
    assert split_page(page, "budget.html") == (page, {})


def _csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_real_programs_pages_are_under_60_kb(built_site):
    pages = [f for f in (built_site / "report").glob("*/*.html") if f.parent.name != "comparison-tables"]
    assert len(pages) > 10
    over = {f.relative_to(built_site).as_posix(): f.stat().st_size for f in pages if f.stat().st_size > LIMIT}
    assert not over


@pytest.mark.parametrize("program", ["kocaeli-2021", "kucukcekmece-2021"])
def test_every_check_of_the_csv_is_in_the_all_checks_table_across_its_parts(built_site, program):
    folder = built_site / "report" / program
    expected = _csv_rows(folder / "tables" / "reconciliation.csv")
    page = (folder / "checks.html").read_text(encoding="utf-8")
    fold = re.search(r'<details><summary>Bütün denetimler \(tablo\)</summary>.*?data-parts="([^"]+)"', page, re.S)
    assert fold, "the all-checks table is folded on the page with its parts"
    rows = []
    for name in fold.group(1).split():
        part = lxml.html.document_fromstring((folder / name).read_text(encoding="utf-8"))
        rows += [tr for tr in part.find_class("page-part-body")[0].iter("tr") if tr.findall("td")]
    assert len(rows) == len(expected)
    for tr, row in zip(rows, expected, strict=True):  # the first PDF page each row links to is the CSV's first page
        first = sorted(int(float(p)) for p in row["pages"].replace(",", ";").split(";") if p.strip())
        links = [a.text_content() for a in tr.find_class("pdf-page")]
        if first and links:
            assert links[0].startswith(f"s. {first[0]}")


@pytest.mark.slow
@pytest.mark.browser
def test_opening_the_all_checks_fold_loads_every_row_and_the_moved_charts_draw(page, site_url, built_site):
    folder = built_site / "report" / "kucukcekmece-2021"
    expected = _csv_rows(folder / "tables" / "reconciliation.csv")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{site_url}/report/kucukcekmece-2021/checks.html", wait_until="networkidle")
    fold = page.locator("details", has=page.locator("summary", has_text="Bütün denetimler (tablo)"))
    fold.locator("summary").click()
    box = fold.locator(".page-part")
    box.and_(page.locator("[data-state=loaded]")).wait_for(timeout=20_000)
    rows = box.locator("tbody tr")
    assert rows.count() == len(expected)
    last = expected[-1]
    first_page = sorted(int(float(p)) for p in last["pages"].replace(",", ";").split(";") if p.strip())
    if first_page:
        assert rows.nth(len(expected) - 1).locator("a.pdf-page").first.inner_text().startswith(f"s. {first_page[0]}")
    page.goto(f"{site_url}/report/kucukcekmece-2021/indicators.html", wait_until="networkidle")
    moved = page.locator("script.vega-spec[data-src]")
    assert moved.count() >= 1  # the largest chart's specification lies beside the page and is still drawn
    chart = page.locator(f"#{moved.first.get_attribute('data-for')}")
    chart.locator("svg").first.wait_for(state="attached", timeout=15_000)
    assert chart.locator("svg path, svg rect").count() > 3
    assert not errors
