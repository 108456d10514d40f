"""The site search's index, bounded: a program's page adds one short entry, not its whole text.

Takes the rendered site folder; rewrites its `search.json` (written by the renderer: one entry per section of
every page, with the section's full text) so that each program page (`report/<program>/*.html`) keeps one
entry: its title (program and page), its section titles, and the first `PROGRAM_TEXT` characters of its text.
The site's own pages (home, methodology, data, comparison, province pages) keep their entries as written.
Why: the renderer's index held every word of every page, so it grew by ~60 kB per program (80 MB at 1,400
programs) and a browser loads it whole when a reader starts a search; a reader searches for a municipality,
a province or a page, which the bounded entries still find. Returns the number of entries before and after.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.core.io import atomic_write_text

__all__ = ["PROGRAM_TEXT", "bound_index", "bound_search_index"]

PROGRAM_TEXT = 200
"""Characters of a program page's text kept in its one search entry."""


def _program_page(href: str) -> str | None:
    """The page (without its section anchor) when `href` is a program page (`report/<program>/<page>.html`), else None."""
    page = href.split("#", 1)[0]
    parts = page.split("/")
    if len(parts) == 3 and parts[0] == "report" and parts[1] not in ("iller", "comparison-tables"):
        return page
    return None


def bound_index(entries: list[dict]) -> list[dict]:
    """The entries with each program page's sections folded into one entry (title, section titles, the start of its text)."""
    out: list[dict] = []
    pages: dict[str, dict] = {}
    for e in entries:
        page = _program_page(str(e.get("href", "")))
        if page is None:
            out.append(e)
            continue
        one = pages.get(page)
        if one is None:
            one = pages[page] = {"objectID": page, "href": page, "title": e.get("title", ""), "section": "", "text": "", "_sections": []}
            out.append(one)
        if e.get("section"):
            one["_sections"].append(str(e["section"]))
        if len(one["text"]) < PROGRAM_TEXT:
            one["text"] = (one["text"] + " " + " ".join(str(e.get("text", "")).split())).strip()[:PROGRAM_TEXT]
    for one in pages.values():
        sections = one.pop("_sections")
        one["section"] = " · ".join(dict.fromkeys(sections))
    return out


def bound_search_index(site: Path) -> tuple[int, int]:
    """Rewrite `site/search.json` bounded (see the module); (entries before, entries after). Nothing when there is no index."""
    path = site / "search.json"
    if not path.exists():
        return (0, 0)
    entries = json.loads(path.read_text(encoding="utf-8"))
    bounded = bound_index(entries)
    atomic_write_text(path, json.dumps(bounded, ensure_ascii=False))
    return (len(entries), len(bounded))
