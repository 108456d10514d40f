"""A page's text with its part pages' (`analysis.site.parts`): what a reader reaches from the page, in order.

A long page's long blocks live on part pages beside it, linked from the page and loaded into it when its fold
is opened; tests that count what a page shows count the page and its parts together.
"""

from __future__ import annotations

import re
from pathlib import Path

_PARTS = re.compile(r'class="page-part" data-parts="([^"]+)"')
_BODY = re.compile(r'<div class="page-part-body">(.*)</div><p class="page-part-nav">', re.S)


def part_pages(page: Path) -> list[Path]:
    """The part pages a page links (`analysis.site.parts`), in order; none for a page that was not split."""
    text = page.read_text(encoding="utf-8")
    return [page.parent / name for names in _PARTS.findall(text) for name in names.split()]


def with_parts(page: Path) -> str:
    """The page's HTML followed by the body of each of its part pages, in the order the page links them."""
    bodies = []
    for part in part_pages(page):
        body = _BODY.search(part.read_text(encoding="utf-8"))
        assert body, f"{page.parent.name}/{part.name}: a part page without its body"
        bodies.append(body.group(1))
    return page.read_text(encoding="utf-8") + "".join(bodies)
