"""A layout made of a profile: `ProfileLayout` reads a PDF with the core and the profile's description.

`detect` scores the document by the share of the profile's marker phrases its text contains (compared
Turkish-folded). `extract`:

1. reads every page once into rows of cells (`page.read_pages`, `cells.page_rows`; no rendering);
2. assembles the rows into the profile's tables (`assemble.assemble`);
3. lets the profile's own code (`analysis.extract.profiles.<code>.build`) turn them into contract rows;
4. adds the totals the running text states (the profile's `statements`, searched page by page);
5. evaluates the profile's `checks` (`rules.run_checks`).

The result is an `ExtractedProgram` like any other layout's; `method` records how each page kind was read.
Only PDF editions are read: a text edition has no cells to place.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from analysis.core.model import ExtractedProgram, StatedTotal
from analysis.core.numbers import NotANumber, parse_money, parse_number
from analysis.core.progress import ProgressCallback
from analysis.core.text import ascii_fold
from analysis.extract.base import Document, ExtractionError
from analysis.extract.core.assemble import Assembly, assemble, read_header
from analysis.extract.core.cells import Row, page_rows
from analysis.extract.core.lost import describe, lost_tables
from analysis.extract.core.page import read_pages
from analysis.extract.core.profile import PROFILE_DIR, Profile
from analysis.extract.core.rules import run_checks
from analysis.extract.core.statement_boxes import number_boxes
from analysis.extract.core.years import header_year

Builder = Callable[[Assembly, ExtractedProgram], None]


@lru_cache(maxsize=2)
def _folded(text: str) -> str:
    """A document's text folded once for every profile's markers."""
    return ascii_fold(text)


def statements(profile: Profile, doc: Document, result: ExtractedProgram) -> None:
    """Totals stated in running text (the profile's `statements`): the first match of each, with its page."""
    for st in profile.statements:
        for page, text in enumerate(doc.page_texts, start=1):
            m = st.pattern.search(re.sub(r"\s+", " ", text))
            if not m:
                continue
            boxes = number_boxes(doc.path, page, m.groups(), st.follows) if st.follows and doc.edition == "pdf" else [None] * len(st.measures)
            for measure, raw, box in zip(st.measures, m.groups(), boxes, strict=True):
                try:
                    value = parse_money(raw) if st.money else parse_number(raw)
                except NotANumber:
                    value = None
                if value is None:
                    result.warnings.append(f"page {page}: {st.table} {measure}: {raw!r} is not a number")
                    continue
                result.stated_totals.append(StatedTotal(result.program, st.table, "program", measure, value, page, f"printed in the text: {m.group(0)!r}", box))
            break
        else:
            result.warnings.append(f"no sentence stating {', '.join(st.measures)} was found ({st.table})")


def _header_on(doc: Document, pages: list[int], block) -> bool:
    """Whether one of these pages prints a header row of `block` (the pages read for this only)."""
    try:
        return any(read_header(row.cells, block) is not None for page in read_pages(doc.path, pages) for row in page_rows(page) if row.ruled)
    except Exception:  # a page the reader cannot open is no evidence either way
        return False


class ProfileLayout:
    """A `Layout` (see `analysis.extract.base`) driven by a profile and its builder."""

    def __init__(self, profile: Profile, build: Builder):
        self.profile = profile
        self.build = build
        self.name = profile.name
        self.description = profile.description

    def detect(self, doc: Document) -> float:
        """The larger of two scores: the share of the profile's marker phrases in the text, and the share of its
        data tables whose header row the core recognises on the pages that print their words (read for this:
        a few pages, no rendering). The second finds the family in documents that word their titles otherwise."""
        return max(self.markers(doc), self.structure(doc))

    def markers(self, doc: Document) -> float:
        """The share of the profile's marker phrases the text contains (0 when a `requires` phrase is missing)."""
        text = _folded(doc.text[:3_000_000])
        if not self.profile.markers or not all(ascii_fold(r) in text for r in self.profile.requires):
            return 0.0
        return sum(ascii_fold(m) in text for m in self.profile.markers) / len(self.profile.markers)

    def structure(self, doc: Document, pages_per_block: int = 3) -> float:
        """The share of the profile's data tables (blocks with `records` or `states`) whose header is recognised."""
        kinds = [k for k in self.profile.kinds if any(b.records or b.states for b in k.blocks)] or list(self.profile.kinds)
        if doc.edition != "pdf" or not kinds or not doc.page_texts:
            return 0.0
        texts = [" ".join(ascii_fold(t).split()) for t in doc.page_texts]
        found = 0
        for kind in kinds:
            for block in kind.blocks:
                needed = [words for role, words in block.columns.items() if role in block.required and words]
                shown = [(sum(any(w in t for w in words) for words in block.columns.values() if words), n) for n, t in enumerate(texts, 1)
                         if all(any(w in t for w in words) for words in needed)]
                pages = sorted(n for _, n in sorted(shown, key=lambda x: (-x[0], x[1]))[:pages_per_block])  # the pages printing most of its words
                if pages and _header_on(doc, pages, block):
                    found += 1
                    break
        return found / len(kinds)

    def read_rows(self, doc: Document, progress: ProgressCallback | None) -> list[Row]:
        rows: list[Row] = []
        total = len(doc.page_texts)
        for page in read_pages(doc.path):
            rows.extend(page_rows(page))
            if progress:
                progress(page.number, total, f"page {page.number}")
        return rows

    def extract(self, doc: Document, program: str, progress: ProgressCallback | None = None) -> ExtractedProgram:
        return self.read(doc, program, progress)[1]

    def read(self, doc: Document, program: str, progress: ProgressCallback | None = None, rows: list[Row] | None = None) -> tuple[Assembly, ExtractedProgram]:
        """The assembled tables and the extracted program (`profile check` shows both); `rows` if already read."""
        started = time.perf_counter()
        if doc.edition != "pdf":
            raise ExtractionError(f"{doc.path}: the {self.name} layout reads PDF editions only (its tables are read from the page geometry)")
        try:
            rows = rows if rows is not None else self.read_rows(doc, progress)
        except Exception as exc:  # pypdfium2 raises PdfiumError with a terse code
            raise ExtractionError(f"{doc.path}: the PDF's pages could not be read ({type(exc).__name__}: {exc})") from exc
        read_seconds = time.perf_counter() - started
        asm = assemble(rows, self.profile)
        if not asm.tables:
            raise ExtractionError(f"{doc.path}: none of the tables of the {self.name} layout was found")
        result = ExtractedProgram(program, str(doc.path), doc.sha256, doc.edition, self.name)
        result.warnings.extend(asm.warnings)
        self.build(asm, result)
        statements(self.profile, doc, result)
        result.reconciliation = run_checks(list(self.profile.checks), result)
        lost = lost_tables(self.profile, asm, result, doc.page_texts)
        result.warnings.extend(describe(item) for item in lost)
        kinds = Counter(t.kind.name for t in asm.tables)
        result.method.update(
            {
                "profile": (f"analysis/extract/profiles/{self.profile.source.name}" if self.profile.source.parent == PROFILE_DIR
                            else f"data/profiles/{self.profile.source.name} (the project's own)"),
                "pages": {
                    "tool": "pypdfium2 (words from the text layer, ruling lines from the page's paths; no rendering)",
                    "cells": "between the horizontal rules running over each word and the vertical rules beside it; without vertical rules, split at wide gaps (analysis.extract.core.cells)",
                    "read_seconds": round(read_seconds, 2),
                },
                "tables": {k.name: {"title": k.title, "found": kinds.get(k.name, 0)} for k in self.profile.kinds},
                "recognised_by": "header vocabulary of the profile (column words, years read by analysis.extract.core.years); label rows set the context",
                "indicator_years": sorted({f"{c.header.text} -> {c.year} {c.year_role}" for t in asm.tables for cols in t.headers.values() for c in cols if c.year}),
                "year_headers": {k.name: sorted({r.cells[0].text for t in asm.tables if t.kind is k for r in t.other_rows if len(r.cells) == 1 and header_year(r.cells[0].text)})
                                 for k in self.profile.kinds},
                "numbers": "analysis.core.numbers: dot thousands, comma decimals, '-' = nothing (0 in a stated total)",
                "lost_tables": lost,
                "seconds": round(time.perf_counter() - started, 2),
            }
        )
        return asm, result
