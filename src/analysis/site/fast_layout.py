"""Two lookups of smalldocs 0.5.4 made constant-time while it lays out the pages, so a site of thousands of pages
renders in time proportional to its pages (not to their square).

smalldocs (the pure-Python renderer `make report` uses) does, for every link of every page's navigation:
- `Layout.href`: builds the set of every page's output path to ask whether the link is a page: with 7,000
  pages and ~100 navigation links per page, 5 billion set insertions at 1,400 programs;
- `config.glob_match`: turns the glob into a regular expression again (pure Python) for each sidebar entry
  of each page.
- `Layout.sidebar_html`: lays out the whole sidebar again for every page, though every program page shows the
  same one (none of them is in it, and links from sibling folders read the same).
`linear_layout()` is a context manager that, only for the smalldocs version it was written against, replaces
`Layout.href` by the same logic with the set built once per site, memoises `glob_regex` (a pure function of
its pattern) and makes the sidebar once for the pages that share it; it also keeps the Markdown parser made for
the first page (`make_parser`, a pure function of its Pandoc extensions: each render parses with a fresh state)
instead of making one for every page and every footer; all are restored on exit. With another smalldocs version it changes nothing (the render is
then only slower). Takes nothing, returns nothing; the rendered pages are the same bytes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import Any

__all__ = ["SMALLDOCS_VERSION", "linear_layout"]

SMALLDOCS_VERSION = "0.5.4"
"""The smalldocs version whose `Layout.href` is reproduced here (see requirements.lock)."""
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#")


def _href(self: Any, item_href: str) -> str:
    """smalldocs 0.5.4's `Layout.href`, with the set of page outputs made once per site (kept on the site object)."""
    from smalldocs.site import rel

    if not item_href or _SCHEME.match(item_href):
        return item_href
    site = self.site
    outs = getattr(site, "_analysis_page_outs", None)
    if outs is None or outs[0] != len(site.pages):
        outs = (len(site.pages), frozenset(p.out for p in site.pages.values()))
        site._analysis_page_outs = outs
    if (site.out / item_href).suffix == ".html" and PurePosixPath(item_href) in outs[1]:
        return rel(PurePosixPath(item_href), self.page)
    return site.resolve(self.root_rel(item_href), self.page)


def _shareable_folders(site: Any, sidebar: dict) -> frozenset | None:
    """The folders holding a page the sidebar links to; None when the sidebar has a link that is not a page of the site."""
    found = getattr(site, "_analysis_sidebar_folders", None)
    if found is not None and found[0] is sidebar:
        return found[1]
    folders: set | None = set()

    def walk(items: list) -> None:
        nonlocal folders
        for it in items:
            if folders is None:
                return
            if it.href and it.page is None and not it.section:
                folders = None
                return
            if it.page is not None:
                folders.add(PurePosixPath(it.page.out).parent)
            walk(it.children)

    walk(sidebar.get("items", []))
    result = frozenset(folders) if folders is not None else None
    site._analysis_sidebar_folders = (sidebar, result)
    return result


def _sidebar_html(original: Any) -> Any:
    """`Layout.sidebar_html`, made once for all pages in sibling folders (`report/*/`) that the sidebar does not link to and whose
    folder holds no page it links to (a program's pages, at 1,400 programs: 7,000 pages share one sidebar)."""

    def sidebar_html(self: Any, toc: list | None = None) -> list:
        sb = self.sidebar
        if toc or not sb:
            return original(self, toc)
        folders = _shareable_folders(self.site, sb)
        folder = PurePosixPath(self.page.out).parent
        if folders is None or folder in folders or any(it.contains(self.page) for it in sb.get("items", [])):
            return original(self, toc)
        cache = self.site.__dict__.setdefault("_analysis_sidebars", {})
        key = (id(sb), folder.parent)
        if key not in cache:
            cache[key] = (sb, original(self, toc))
        return cache[key][1]

    return sidebar_html


@contextmanager
def linear_layout() -> Iterator[bool]:
    """While the block runs, smalldocs' link and glob lookups are constant-time (yields whether they were replaced)."""
    import smalldocs
    from smalldocs import config, layout, markdown

    if getattr(smalldocs, "__version__", "") != SMALLDOCS_VERSION:
        yield False
        return
    original_regex, original_href, original_sidebar = config.glob_regex, layout.Layout.href, layout.Layout.sidebar_html
    original_parser = markdown.make_parser
    config.glob_regex = functools.lru_cache(maxsize=4096)(original_regex)
    markdown.make_parser = functools.lru_cache(maxsize=16)(original_parser)  # a parser per page and per footer: 11 ms each
    layout.Layout.href = _href
    layout.Layout.sidebar_html = _sidebar_html(original_sidebar)
    try:
        yield True
    finally:
        config.glob_regex, layout.Layout.href, layout.Layout.sidebar_html = original_regex, original_href, original_sidebar
        markdown.make_parser = original_parser
