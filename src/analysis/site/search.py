"""The site search's index, bounded: a program's page adds one short entry, not its whole text.

Takes the rendered site folder; rewrites its `search.json` (written by the renderer: one entry per section of
every page, with the section's full text) so that each program page (`report/<program>/*.html`) keeps one
entry: its title (program and page), its section titles, and the first `PROGRAM_TEXT` characters of its text.
The site's own pages (home, methodology, data, comparison, province pages) keep their entries as written.
Why: the renderer's index held every word of every page, so it grew by ~60 kB per program (80 MB at 1,400
programs) and a browser loads it whole when a reader starts a search; a reader searches for a municipality,
a province or a page, which the bounded entries still find. With many programs (more than `MANY`, as the
sidebar's provinces) a program keeps one entry in all, its overview's, naming its pages (one per page was
5.1 MB at 1,400 programs; one per program is a fifth of it), and no entry keeps more than `SITE_TEXT` characters
(the data page's sections list every program). Returns the number of entries before and after.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.core.io import atomic_write_text

__all__ = ["MANY", "PROGRAM_TEXT", "SITE_TEXT", "bound_index", "bound_search_index", "per_program"]

PROGRAM_TEXT = 200
"""Characters of a program page's text kept in its one search entry."""
MANY = 8
"""More programs than this: one entry per program (as `analysis.site.findings.GROUP_AT`, when the sidebar lists provinces)."""
SITE_TEXT = 5_000
"""Characters of any other page's section kept in its entry, with many programs."""


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


def per_program(entries: list[dict]) -> list[dict]:
    """Bounded entries (`bound_index`) folded further: one per program (its overview's href and title, its pages' titles
    as the section, the start of its overview's text); every other entry's text cut at `SITE_TEXT` characters."""
    out: list[dict] = []
    programs: dict[str, dict] = {}
    for e in entries:
        page = _program_page(str(e.get("href", "")))
        if page is None:
            out.append({**e, "text": str(e.get("text", ""))[:SITE_TEXT]})
            continue
        folder = page.rsplit("/", 1)[0]
        one = programs.get(folder)
        if one is None:
            one = programs[folder] = {"objectID": f"{folder}/index.html", "href": f"{folder}/index.html", "title": "", "section": "", "text": "", "_pages": []}
            out.append(one)
        title = str(e.get("title", ""))
        one["_pages"].append(title.split(": ", 1)[-1])
        if page.endswith("/index.html"):  # the overview names the program and starts its text
            one["title"], one["text"] = title, str(e.get("text", ""))[:PROGRAM_TEXT]
        elif not one["title"]:
            one["title"], one["text"] = title.split(": ", 1)[0], str(e.get("text", ""))[:PROGRAM_TEXT]
    for one in programs.values():
        one["section"] = " · ".join(dict.fromkeys(one.pop("_pages")))
    return out


def bound_search_index(site: Path) -> tuple[int, int]:
    """Rewrite `site/search.json` bounded (see the module); (entries before, entries after). Nothing when there is no index."""
    path = site / "search.json"
    if not path.exists():
        return (0, 0)
    entries = json.loads(path.read_text(encoding="utf-8"))
    bounded = bound_index(entries)
    if len({_program_page(str(e.get("href", ""))).rsplit("/", 1)[0] for e in bounded if _program_page(str(e.get("href", "")))}) > MANY:
        bounded = per_program(bounded)
    atomic_write_text(path, json.dumps(bounded, ensure_ascii=False))
    return (len(entries), len(bounded))
