"""`python -m analysis diagnose PATH`: why no layout reads a document, and which came closest.

Takes a PDF; gives a `Diagnosis`: per page whether it is text or a scan, its tables (ruled and unruled,
from `analysis.intake.scan`) with their header rows, and per layout what it recognised:

- the layout's detection score and which of its marker phrases the text holds;
- its **table kinds** (`Vocabulary`: for each kind the header words of each column role and the roles a
  header row must show), found in any row of any table: a row that shows every required role recognises the
  kind on its page; otherwise the row showing the most roles is the *closest header row*;
- for the card layout also its own page classifier (`analysis.extract.card.pdf.classify_page`).

The layout recognising most (detection score + share of its kinds found) is the closest; for it, and for
every layout, `missed` says in a sentence what is missing, e.g. "no indicator header (needs: Performans
Göstergeleri; a year column); the closest header row is on p. 3: Sıra | Ölçüt | 2021 | 2022 (lacks:
Performans Göstergeleri)". A student then knows what to put in a new layout profile.

The vocabularies of the two programmed layouts are written out below from their readers' docstrings; a
layout that carries a declarative profile (`layout.profile`, the layout-independent core) is described
from the profile itself (`profile_vocabulary`), so a new profile is diagnosed without code here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.core.progress import ProgressCallback
from analysis.core.text import ascii_fold
from analysis.intake.scan import PageScan, scan_pdf

YEAR_ROLE = "year"
_YEAR = re.compile(r"(?<!\d)(19[9]\d|20\d\d|2100)(?!\d)")


def fold(text: str) -> str:
    return re.sub(r"[^a-z0-9%]+", " ", ascii_fold(text)).strip()


@dataclass(frozen=True)
class TableKind:
    name: str
    """What a reader calls it: `indicator header`, `performance-target labels`."""
    roles: dict[str, tuple[str, ...]]
    """Column role → header words (any one marks the role); the role `year` has none: a cell printing a year."""
    required: tuple[str, ...]
    labels: bool = False
    """Label rows (the words are in the first cells of several rows) rather than one header row."""

    def needs(self) -> str:
        return "; ".join("a year column" if r == YEAR_ROLE else " / ".join(self.roles[r]) for r in self.required)


@dataclass(frozen=True)
class Vocabulary:
    layout: str
    markers: tuple[str, ...]
    kinds: tuple[TableKind, ...]
    page_classifier: Callable[[str], str] | None = None


def _kind(name: str, required: tuple[str, ...], labels: bool = False, **roles: tuple[str, ...]) -> TableKind:
    return TableKind(name, {r: tuple(w) for r, w in roles.items()}, required, labels)


GRID = Vocabulary(
    "grid",
    ("Sorumlu Birim Adı", "Performans Hedefi", "Genel Toplam (TL)", "Performans Göstergeleri"),
    (
        _kind("performance-target labels", ("unit", "target"), labels=True, unit=("Sorumlu Birim Adı",), aim=("Stratejik Amaç",),
              goal=("Stratejik Hedef",), target=("Performans Hedefi",)),
        _kind("indicator header", ("indicator", YEAR_ROLE), indicator=("Performans Göstergeleri", "Performans Göstergesi"),
              unit=("Ölçü Birimi",), year=()),
        _kind("activity header", ("activity", "amount"), activity=("Faaliyet ve Projeler",), amount=("Kaynak İhtiyacı",)),
        _kind("department summary", ("department", "count"), department=("Daire Adı",), count=("Faaliyet Sayısı",)),
        _kind("administration performance table", ("code", "activity"), code=("Performans Hedef Kodu",), activity=("Faaliyet Adı",)),
        _kind("economic code table", ("code", "total"), code=("Ekonomik Kod",), total=("Genel Toplam",)),
    ),
)

CARD = Vocabulary(
    "card",
    ("PERFORMANS HEDEF KARTI", "FAALİYET VE PROJELER", "TOPLAM KAYNAK", "PERFORMANS GÖSTERGESİ"),
    (
        _kind("indicator header", ("indicator", "kind", "actual"), indicator=("Performans Göstergesi", "Performans Göstergeleri"),
              kind=("Türü",), actual=("Gerçekleşen",), target=("Hedeflenen", "Hedef")),
        _kind("activity header", ("activity", "off_budget"), activity=("Faaliyet ve Projeler",), off_budget=("Bütçe Dışı",),
              budget=("Bütçe",)),
        _kind("unit totals", ("unit", "money"), unit=("Müdürlük Adı",), money=("Mali Kaynak",)),
        _kind("economic codes", ("code", "total"), code=("Ekonomik Kod", "İdare Adı"), total=("Genel Toplam",)),
    ),
)


def profile_vocabulary(profile: Any) -> Vocabulary:
    """A layout-independent-core profile (its table kinds' blocks, label rows and markers) as a Vocabulary."""
    kinds = []
    labels = getattr(profile, "labels", {}) or {}
    if labels:
        kinds.append(TableKind("label rows", {k: tuple(sorted(v)) for k, v in labels.items()}, tuple(sorted(getattr(profile, "starts", ()) or labels)[:2]), True))
    for kind in profile.kinds:
        for block in kind.blocks:
            roles = {r: (() if getattr(block, "years", False) and not words else tuple(sorted(words))) for r, words in block.columns.items()}
            kinds.append(TableKind(f"{kind.title}: {block.name} header", roles, tuple(block.required)))
    return Vocabulary(profile.name, tuple(profile.markers), tuple(kinds))


def vocabularies() -> list[tuple[Any, Vocabulary]]:
    """Every registered layout with its vocabulary (layouts without one are scored by detection only)."""
    from analysis.extract import LAYOUTS

    out = []
    for layout in LAYOUTS:
        if getattr(layout, "profile", None) is not None:
            out.append((layout, profile_vocabulary(layout.profile)))
        elif layout.name == "grid":
            out.append((layout, GRID))
        elif layout.name == "card":
            from analysis.extract.card.pdf import classify_page

            out.append((layout, Vocabulary(CARD.layout, CARD.markers, CARD.kinds, classify_page)))
        else:
            out.append((layout, Vocabulary(layout.name, (), ())))
    return out


# ------------------------------------------------------------------------------------------------ matching


def _roles_in(cells: list[str], kind: TableKind) -> dict[str, str]:
    """Role → the cell showing it, for one row."""
    found: dict[str, str] = {}
    keys = [(c, fold(c)) for c in cells if c]
    for role, words in kind.roles.items():
        for cell, key in keys:
            if (not words and _YEAR.search(cell)) or any(w and fold(w) and fold(w) in key for w in words):
                found[role] = cell
                break
    return found


@dataclass
class KindResult:
    kind: TableKind
    pages: list[int] = field(default_factory=list)
    closest: tuple[int, list[str], dict[str, str]] | None = None
    """(page, the row's cells, role → cell) of the row showing the most required roles, when none shows all."""

    @property
    def found(self) -> bool:
        return bool(self.pages)

    def missed(self) -> str:
        k = self.kind
        if self.found:
            return ""
        text = f"no {k.name} (needs: {k.needs()})"
        if self.closest:
            page, cells, roles = self.closest
            row = " | ".join(c for c in cells if c)
            row = row if len(row) <= 120 else row[:119] + "…"
            lacks = "; ".join("a year column" if r == YEAR_ROLE else " / ".join(k.roles[r]) for r in k.required if r not in roles)
            text += f"; the closest {'label rows are' if k.labels else 'header row is'} on p. {page}: {row} (lacks: {lacks})"
        else:
            text += "; no row of any table shows any of its words"
        return text


def match_kind(kind: TableKind, scans: list[PageScan]) -> KindResult:
    res = KindResult(kind)
    best = (0, 0)
    for scan in scans:
        for table in scan.tables:
            rows = table.rows
            if kind.labels:  # label words in the first cells of the table's rows, taken together
                roles = _roles_in([c for r in rows for c in r[:2]], kind)
                candidates = [(rows[0] if rows else [], roles)]
            else:
                candidates = [(r, _roles_in(r, kind)) for r in rows]
            for cells, roles in candidates:
                have = sum(r in roles for r in kind.required)
                if have == len(kind.required):
                    if scan.page not in res.pages:
                        res.pages.append(scan.page)
                elif (have, len(roles)) > best:
                    best = (have, len(roles))
                    res.closest = (scan.page, [c for c in (cells if not kind.labels else [c for r in rows[:6] for c in r[:1]])], roles)
    return res


@dataclass
class LayoutResult:
    layout: str
    score: float
    markers_found: list[str]
    markers_missing: list[str]
    kinds: list[KindResult]
    page_kinds: dict[str, list[int]] = field(default_factory=dict)

    @property
    def closeness(self) -> float:
        share = sum(k.found for k in self.kinds) / len(self.kinds) if self.kinds else 0.0
        return self.score + share

    def missed(self) -> list[str]:
        out = [k.missed() for k in self.kinds if not k.found]
        if self.markers_missing:
            out.append("the text lacks " + ", ".join(repr(m) for m in self.markers_missing))
        return out


@dataclass
class Diagnosis:
    path: Path
    scans: list[PageScan]
    layouts: list[LayoutResult]
    readable: str | None = None
    """The layout that would read the document (detection score above the threshold), if any."""

    @property
    def closest(self) -> LayoutResult | None:
        return max(self.layouts, key=lambda r: r.closeness, default=None)

    def summary(self) -> str:
        c = self.closest
        pages = len(self.scans)
        scans = sum(s.kind == "scan" for s in self.scans)
        tables = sum(len(s.tables) for s in self.scans)
        head = f"{self.path.name}: {pages} pages ({scans} without text), {tables} tables"
        if self.readable:
            head += f"; detection picks the {self.readable} layout (if extraction still fails, the table kinds below say why)"
        if c is None:
            return head
        lines = [head, f"closest layout: {c.layout} (detection {c.score:.2f}, {sum(k.found for k in c.kinds)} of {len(c.kinds)} table kinds found)"]
        lines += [f"  - {m}" for m in c.missed()] or ["  - nothing missing"]
        return "\n".join(lines)


def diagnose(path: Path | str, progress: ProgressCallback | None = None) -> Diagnosis:
    """Read every page of `path` and score every layout's vocabulary on it (see the module docstring)."""
    from analysis.extract import MIN_DETECTION_SCORE, ExtractionError, open_document

    path = Path(path)
    if not path.exists():
        raise ExtractionError(f"{path}: no such file")
    if not path.is_file():
        raise ExtractionError(f"{path}: not a file")
    with path.open("rb") as fh:
        if not fh.read(5).startswith(b"%PDF"):
            raise ExtractionError(f"{path}: not a PDF file (diagnose reads PDFs: a text edition has no pages and tables)")
    try:
        doc = open_document(path)
    except ExtractionError:
        doc = None  # a scan without OCR, say: the page scan still shows what each page holds
    scans = scan_pdf(path, progress)
    text = ascii_fold(doc.text) if doc else ""
    results = []
    readable = None
    for layout, vocab in vocabularies():
        score = float(layout.detect(doc)) if doc else 0.0
        if score >= MIN_DETECTION_SCORE and readable is None:
            readable = layout.name
        found = [m for m in vocab.markers if ascii_fold(m) in text]
        r = LayoutResult(vocab.layout, score, found, [m for m in vocab.markers if m not in found], [match_kind(k, scans) for k in vocab.kinds])
        for k in r.kinds:
            if k.pages:
                r.page_kinds[k.kind.name] = k.pages
        if vocab.page_classifier and doc:
            for n, page_text in enumerate(doc.page_texts, 1):
                kind = vocab.page_classifier(page_text)
                if kind != "other":
                    r.page_kinds.setdefault(f"page: {kind}", []).append(n)
        results.append(r)
    return Diagnosis(path, scans, sorted(results, key=lambda r: -r.closeness), readable)
