"""Where a number is printed: crops of the PDF page ("belgede gör") and the two sides of a contradiction.

Every row read from a PDF carries its box (`x0, top, x1, bottom`, PDF points from the page's top-left
corner). The pages show that place: a small image cut from the page around the box, the box highlighted.

A crop is named by what it shows, `crops/<program>/p<page>-<x0>-<top>-<x1>-<bottom>.png` (the box in whole
points), or `crops/<program>/p<page>-page.png` for a whole page when no box is known. The pages only
write these names; the site stage (`analysis.site.crops`) finds every name in the executed notebooks and
generated parts, renders each once with pypdfium2 (cached by the PDF's sha256, the name and the
rendering settings) and publishes them under `crops/`. So a page never renders, and the site holds
exactly the crops its pages show.

- `see_in_document`: a number followed by a "belgede gör" toggle (`<details>`, no script) that opens the
  crop and a link to the full PDF page;
- `side_by_side`: the two sides of a contradiction, as crops next to each other (`class="source-crop"`).

Everything written into the HTML (alt texts, captions) is escaped here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from analysis.core.catalog import Program
from analysis.core.model import Box, Region, parse_regions
from analysis.core.paths import is_program_id

CROP_DIR = "crops"
CROP_NAME = re.compile(r"p(\d{1,4})-(?:(\d{1,4})-(\d{1,4})-(\d{1,4})-(\d{1,4})|page)\.png")
CROP_REF = re.compile(r"crops/([a-z0-9][a-z0-9-]{0,80})/(p\d{1,4}-(?:\d{1,4}-\d{1,4}-\d{1,4}-\d{1,4}|page)\.png)")
"""A crop's path as the pages write it (the site stage looks for these)."""

MAX_CROPS_PER_SIDE = 3
"""A side printed on more pages (e.g. "all the cards") shows its first pages and says how many more."""


def box_from_text(text: Any) -> Box | None:
    """`56.69,120.30,538.58,135.80` (an analysis table's `box` column) → Box; None when empty."""
    if text is None or (isinstance(text, float) and text != text) or str(text).strip() == "":
        return None
    x0, top, x1, bottom = (float(v) for v in str(text).split(","))
    return Box(x0, top, x1, bottom)


def box_of(row: Any) -> Box | None:
    """The box of a contract row (a dict or pandas row with `x0, top, x1, bottom`); None when it has none."""
    vals = [row.get(k, "") if hasattr(row, "get") else getattr(row, k, "") for k in ("x0", "top", "x1", "bottom")]
    if any(v is None or str(v) in ("", "nan", "None", "<NA>") for v in vals):
        return None
    return Box(*(float(Decimal(str(v))) for v in vals))


def crop_name(page: int, box: Box | None) -> str:
    """The file name of the crop of `box` on `page` (the whole page when `box` is None)."""
    if box is None:
        return f"p{int(page)}-page.png"
    x0, top, x1, bottom = (max(0, int(round(v))) for v in box)
    return f"p{int(page)}-{x0}-{top}-{max(x1, x0 + 1)}-{max(bottom, top + 1)}.png"


def parse_crop_name(name: str) -> tuple[int, Box | None]:
    """The inverse of `crop_name`: (page, box or None for a whole page). ValueError for anything else."""
    m = CROP_NAME.fullmatch(name)
    if not m:
        raise ValueError(f"not a crop name: {name!r}")
    if m.group(2) is None:
        return int(m.group(1)), None
    return int(m.group(1)), Box(*(float(m.group(i)) for i in range(2, 6)))


def crop_src(program: str, page: int, box: Box | None, site_root: str | None) -> str:
    return f"{site_root or '.'}/{CROP_DIR}/{program}/{crop_name(page, box)}"


def pdf_page_href(program: str, page: int, site_root: str | None) -> str:
    return f"{site_root or '.'}/downloads/{program}.pdf#page={int(page)}"


def _figure(program: str, page: int, box: Box | None, site_root: str | None, alt: str, caption: str) -> str:
    src = html.escape(crop_src(program, page, box, site_root))
    href = html.escape(pdf_page_href(program, page, site_root))
    return (
        f'<figure class="source-crop-figure"><a href="{src}" title="Kesiti tam boyutta aç"><img class="source-crop" src="{src}" alt="{html.escape(alt)}" loading="lazy"></a>'
        f'<figcaption>{caption} · <a class="pdf-page" href="{href}">s. {int(page)}, tam sayfa</a></figcaption></figure>'
    )


def _pdf_program(program: Program | str) -> str | None:
    """The id whose PDF the crops are cut from; None when the program's rows were not read from its PDF."""
    if not isinstance(program, str):
        if not program.cites_pdf_pages:
            return None
        program = program.id
    if not is_program_id(program):
        raise ValueError(f"{program!r} is not a program id")
    return program


def see_in_document(program: Program | str, page: Any, box: Box | None, site_root: str | None, what: str, label: str = "belgede gör") -> str:
    """A "belgede gör" toggle that opens the crop of `box` on `page` (empty when there is no page).

    `what` says what the crop shows, in plain words (it becomes the image's alt text; escaped here). The
    toggle is a `<details>` element: it works without any script, but is a block, so it belongs in a table
    cell, a list item or right after the paragraph that cites the number, not inside a sentence.
    """
    pid = _pdf_program(program)
    if pid is None or page in (None, "") or (isinstance(page, float) and page != page):
        return ""
    n = int(float(page))
    alt = f"PDF sayfa {n}, kesit: {what}" + (" (hücre işaretli)" if box is not None else " (sayfanın tamamı)")
    return (
        f'<details class="doc-crop"><summary title="Belgedeki yerini göster">{html.escape(label)}</summary>'
        f"{_figure(pid, n, box, site_root, alt, html.escape(what))}</details>"
    )


def side_regions(text: str) -> list[Region]:
    """A reconciliation side (`boxes_a` / `boxes_b`) as regions."""
    try:
        return parse_regions(text or "")
    except ValueError:
        return []


def side_by_side(program: Program | str, sides: Iterable[tuple[str, list[Region], list[int]]], site_root: str | None) -> str:
    """The two sides of a contradiction as crops next to each other.

    `sides` = (what the side is, in words; its regions; pages to show whole when it has no region). A side
    printed on more than `MAX_CROPS_PER_SIDE` pages shows the first of them and says how many more.
    """
    pid = _pdf_program(program)
    if pid is None:
        return ""
    columns = []
    for what, regions, pages in sides:
        figures = []
        shown = regions[:MAX_CROPS_PER_SIDE] if regions else [(p, None) for p in pages[:1]]
        for page, box in shown:
            alt = f"{what}: PDF sayfa {page}" + (", ilgili hücre işaretli" if box is not None else ", sayfanın tamamı (hücresi bilinmiyor)")
            figures.append(_figure(pid, page, box, site_root, alt, html.escape(what)))
        more = len(regions) - len(shown)
        if more > 0:
            figures.append(f'<p class="small text-muted">ve {more} sayfada daha</p>')
        if figures:
            columns.append(f'<div class="crop-side">{"".join(figures)}</div>')
    return f'<div class="crop-pair">{"".join(columns)}</div>' if columns else ""


def crop_refs(text: str) -> set[tuple[str, str]]:
    """Every (program, crop name) a page's text refers to."""
    return set(CROP_REF.findall(text))
