"""Open many pages of a site in a few browser tabs at once, so that the waits for a quiet network overlap.

A page counts as loaded, as with `page.goto(url, wait_until="networkidle")`, once no request has been made
for 500 ms. Opening the pages of a whole site one after another spends most of the check in those waits
(the two-program site has about 100 pages, the twelve-program site about 500). `visit` opens up to `TABS`
pages at once in tabs of the test's own browser context, waits for each to be loaded the same way, and calls
`check(tab, url, response)` for each page in the order of `urls`. The checks themselves are unchanged: a test
attaches its listeners (console errors, requests, dialogs) to every tab with `setup(tab)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

TABS = 4
"""Tabs open at once: enough to overlap most of the network-idle waits, few enough that a loaded machine still draws each chart within its 15 s."""


def visit(page: Any, urls: Sequence[str], check: Callable[[Any, str, Any], None], setup: Callable[[Any], None] | None = None, tabs: int = TABS) -> None:
    """Open every URL (in tabs of `page`'s context, `page` the first) and call `check(tab, url, response)` once it is loaded."""
    pages = [page] + [page.context.new_page() for _ in range(min(tabs, len(urls)) - 1)]
    for tab in pages:
        if page.viewport_size:
            tab.set_viewport_size(page.viewport_size)
        if setup is not None:
            setup(tab)
    try:
        for start in range(0, len(urls), len(pages)):
            batch = list(zip(pages, urls[start : start + len(pages)]))
            responses = [tab.goto(url, wait_until="commit") for tab, url in batch]
            for (tab, url), response in zip(batch, responses, strict=True):
                tab.wait_for_load_state("networkidle")
                check(tab, url, response)
    finally:
        for tab in pages[1:]:
            tab.close()



def charts_drawn(tab: Any, drawn: str = "svg", facts: str | None = None, timeout_per_chart: int = 15_000) -> list[dict]:
    """Wait until every chart of the loaded page has drawn (`drawn`, a CSS selector inside `.vega-chart`), then read
    every chart in one call: `[{"id", "marks", **facts(el)}]` in page order (`marks`: its SVG paths, rects, lines and
    circles; `facts`, a JavaScript function of the chart's element returning an object, adds what a test reads).

    One wait and one evaluate per page, where a wait and three calls per chart cost the same check a round trip to
    the browser each. The wait allows every chart `timeout_per_chart`, as a wait per chart did.
    """
    count = tab.locator(".vega-chart").count()
    if count:
        tab.wait_for_function("sel => [...document.querySelectorAll('.vega-chart')].every(c => c.querySelector(sel))",
                              arg=drawn, timeout=timeout_per_chart * count, polling=100)
    extra = f"Object.assign(out, ({facts})(el));" if facts else ""
    return tab.evaluate(
        "() => [...document.querySelectorAll('.vega-chart')].map(el => {"
        " const out = {id: el.id, marks: el.querySelectorAll('svg path, svg rect, svg line, svg circle').length};"
        f" {extra} return out; }})"
    )
