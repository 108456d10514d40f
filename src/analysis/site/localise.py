"""The renderer's own words on Turkish pages: smalldocs writes a few interface strings in English only.

smalldocs (the pure-Python Quarto renderer) writes its search box, "Back to top" link and toggle buttons in
English whatever the page's `lang`. `localise(page)` replaces those exact strings on `lang="tr"` pages with
Turkish ones; the English page keeps them. Its previous / next links follow the sidebar, so the last page of
one program led to the first of the next one: `own_program_navigation` drops a link that leaves the program.
Takes and returns one page's HTML; `localise_site` rewrites every page of a rendered site (only those that
change). Quarto, where installed, localises the strings itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.core.io import atomic_write_text

__all__ = ["TURKISH", "localise", "localise_site", "own_program_navigation"]

TURKISH = {
    'placeholder="Search"': 'placeholder="Ara"',
    'aria-label="Search"': 'aria-label="Ara"',
    " Back to top</a>": " Başa dön</a>",
    'title="Toggle dark mode"': 'title="Koyu ya da açık görünüm"',
    'aria-label="Toggle navigation"': 'aria-label="Menüyü aç ya da kapat"',
    'aria-label="Toggle section"': 'aria-label="Bölümü aç ya da kapat"',
    'aria-label="Toggle sidebar navigation"': 'aria-label="Kenar menüsünü aç ya da kapat"',
}
_LANG = re.compile(r'<html[^>]*\blang="tr', re.I)
_NAV_TO_OTHER = re.compile(r'<div class="nav-page nav-page-(?:previous|next)"><a href="\.\./(?!\.\.)[^"/]+/[^"]*"[^>]*>.*?</a></div>', re.S)


def localise(page: str) -> str:
    """`page` with the renderer's English interface strings in Turkish, when the page is Turkish."""
    if not _LANG.search(page[:2000]):
        return page
    for english, turkish in TURKISH.items():
        page = page.replace(english, turkish)
    return page


def own_program_navigation(page: str) -> str:
    """A program page's previous / next links without the one that leads into another program (`../<other>/…`)."""
    return _NAV_TO_OTHER.sub("", page)


def localise_site(site: Path) -> int:
    """Localise every page of `site` (and keep program pages' previous / next links in their program); returns how many changed."""
    changed = 0
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        new = localise(text)
        if path.parent.parent.name == "report" and path.parent.parent.parent == site:
            new = own_program_navigation(new)
        if new != text:
            atomic_write_text(path, new)
            changed += 1
    return changed
