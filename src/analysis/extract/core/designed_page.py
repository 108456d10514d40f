"""A designed page (cards, brochures) read into events: title bars, label rows and tables ruled only horizontally.

Takes a PDF and page numbers, and the layout's description of such a page (a dict, as a layout's YAML gives it):

    footer: {word: PERFORMANS, below: 0.93}      # a line in the page's last 7 % holding this word is the running footer
    tables:                                      # header lines that open a table, by kind, first match wins:
      indicators: {all: [PERFORMANS GÖSTERGESİ, TÜRÜ]}   #   every phrase in the line
      activities: {starts: FAALİYET VE PROJELER}         #   the line starts so
    mark: HEDEFLENEN                             # optional: a table whose header holds this phrase is `marked`

Gives, per page, its events in reading order (top to bottom): `(top, "header", table)` for a table (an
`AnchoredTable`: its kind, header cells, rows and cell boxes, `core.rule_tables`), `(top, "label", (label,
code, text, extra, boxes))` for a label row of filled boxes and `(top, "title", text)` for a title bar; and
its warnings (words that land in no element). What the events mean (which record a label opens, which
table belongs where) is the layout's business. Phrases are compared upper-cased with İ and I merged.

Pages are read on all cores (`analysis.extract.pages.map_pages`): each page's words and rectangles are
pdfplumber's, computed from pdfium's reading of the page (`analysis.extract.page_objects`); a page that
reading cannot take (form XObjects, rotation) is opened with pdfplumber itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.core.text import dotless_key
from analysis.extract.core.rule_tables import RuleTable, WordPool, text_lines, words_text

Event = tuple[float, str, Any]


@dataclass
class AnchoredTable(RuleTable):
    kind: str = ""
    """The kind of the header line that opened it (a key of the spec's `tables`)."""
    marked: bool = False
    """Whether its header holds the spec's `mark` phrase."""


def _opens(spec: dict[str, Any], key: str) -> bool:
    if "all" in spec:
        return all(dotless_key(p) in key for p in spec["all"])
    return key.startswith(dotless_key(spec["starts"]))


class DesignedPage:
    """One page's words, rules and filled boxes (`WordPool`), read into events by the layout's `spec`."""

    def __init__(self, words: list[dict], rects: list[dict], width: float, height: float, number: int, spec: dict[str, Any]):
        """`words` as pdfplumber's `page.extract_words(extra_attrs=["upright"])`, `rects` as its `page.rects`."""
        self.number = number
        self.spec = spec
        self.pool = WordPool(words, rects, width, height)
        self.warnings: list[str] = []

    def _footer(self) -> None:
        """Mark the running footer as read."""
        footer = self.spec["footer"]
        for line in text_lines([w for w in self.pool.words if w.top > self.pool.height * footer["below"]]):
            if footer["word"] in " ".join(w.text for w in line).upper():
                for w in line:
                    w.used = True

    def events(self) -> list[Event]:
        self._footer()
        events: list[Event] = []
        # 1. tables first: their header words and cells are taken box by box from the rules.
        for t in self._tables():
            events.append((t.header_top, "header", t))
        # 2. filled boxes with words left: the page title bar (one wide box) and label bands (3-4 boxes).
        for top, band in self.pool.bands():
            read = self.pool.read_band(top, band)
            if read is not None:
                events.append((top, read[0], read[1] if read[0] == "label" else read[1][0]))
        events.sort(key=lambda e: e[0])
        leftovers = self.pool.leftovers()
        if leftovers:
            self.warnings.append(f"page {self.number}: words outside every card element: {words_text(leftovers)[:120]!r}")
        return events

    def _tables(self) -> list[AnchoredTable]:
        anchors: list[tuple[float, float, str]] = []
        for line in self.pool.free_lines():
            key = dotless_key(" ".join(w.text for w in line))
            kind = next((k for k, opens in self.spec["tables"].items() if _opens(opens, key)), None)
            if kind is not None:
                anchors.append((line[0].top, line[0].x0, kind))
        tables: list[AnchoredTable] = []
        for top, left, kind in anchors:
            rule = self.pool.header_rule(top, left)
            if rule is not None:
                tables.append(AnchoredTable(top, rule.y, [rule.x0, *rule.cuts, rule.x1], kind=kind))
        tables.sort(key=lambda t: t.header_top)
        mark = dotless_key(self.spec.get("mark", "")) or None
        for i, t in enumerate(tables):
            below = tables[i + 1].header_bottom if i + 1 < len(tables) else self.pool.height
            header = dotless_key(words_text(self.pool.read_table(t, below)))
            t.marked = mark is not None and mark in header
        return tables


@dataclass
class DesignedPages:
    """`designed_page_events` with the spec bound, picklable for the page pool."""

    spec: dict[str, Any]

    def __call__(self, path: Path, pages: list[int]) -> list[tuple[int, list[Event], list[str]]]:
        return designed_page_events(path, pages, self.spec)


def designed_page_events(path: Path, pages: list[int], spec: dict[str, Any]) -> list[tuple[int, list[Event], list[str]]]:
    """(page, its events in reading order, its warnings) for each of `pages`, in page order; pages are read
    independently."""
    import pdfplumber

    from analysis.extract.page_objects import plumber_rects, plumber_words, read_pages

    out = []
    by_miner = []
    for objs in read_pages(str(path), pages):
        if objs.needs_miner:
            by_miner.append(objs.number)
            continue
        dp = DesignedPage(plumber_words(objs), plumber_rects(objs), objs.width, objs.height, objs.number, spec)
        out.append((objs.number, dp.events(), dp.warnings))
    if by_miner:
        with pdfplumber.open(str(path)) as pdf:
            for number in by_miner:
                page = pdf.pages[number - 1]
                dp = DesignedPage(page.extract_words(extra_attrs=["upright"]), page.rects, page.width, page.height, number, spec)
                out.append((number, dp.events(), dp.warnings))
                page.close()
    return sorted(out, key=lambda item: item[0])


def read_designed_pages(path: Path, pages: list[int], spec: dict[str, Any]) -> list[tuple[int, list[Event], list[str]]]:
    """`designed_page_events` of `pages`, read on all cores, in page order."""
    from analysis.extract.pages import map_pages

    return map_pages(DesignedPages(spec), path, pages)


__all__ = ["AnchoredTable", "DesignedPage", "DesignedPages", "designed_page_events", "read_designed_pages"]
