"""The card layout's intermediate model: what was printed, before it becomes contract rows.

Both readers of the card layout (`pdf` for the PDF edition, `text` for the text edition) fill the
same `RawDocument`: cells as printed strings (whitespace collapsed, nothing else changed), in document
order, with the PDF page where there is one, and there the boxes of what was read (`Box`, top-left origin). `build` turns a `RawDocument` into the rows of the data
contract, so whatever the two readers agree on comes out identical.

Also here: the layout's vocabulary (`SPEC`, from `card.yml` beside this module; its page kinds as
`PAGE_KINDS`) and the few string helpers both readers need (Turkish casing, whitespace, code patterns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis.core.model import Box, Region
from analysis.core.text import letter_key
from analysis.extract.core.page_kinds import load_page_kinds

SPEC: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("card.yml").read_text(encoding="utf-8"))
"""The card layout's vocabulary (`card.yml`): detection markers, page kinds, a card page's words."""
PAGE_KINDS = load_page_kinds(SPEC["page_kinds"], "card.yml: page_kinds")
CARDS: dict[str, Any] = SPEC["cards"]


# --------------------------------------------------------------------------------------------- strings


# Codes as printed. Indicator codes may be truncated (`İG2.60.1.`), so the last group is optional.
CODES: dict[str, Any] = SPEC["codes"]
GOAL_CODE = re.compile(rf"^{CODES['goal']}$")
INDICATOR_TYPES = tuple(CODES["indicator_types"])

# A printed amount or indicator value: `1.936.384,62`, `277261`, `99,45`, `-`.
VALUE_TOKEN = re.compile(r"^(-|\d[\d.]*(,\d+)?)$")
MONEY_TOKEN = re.compile(r"^(-|\d{1,3}(\.\d{3})*,\d{2})$")


# ------------------------------------------------------------------------------------------------ model


@dataclass
class RawIndicator:
    code: str
    """As printed (possibly truncated, e.g. `PG6.33.1.`)."""
    name: str
    type: str
    unit: str
    values: tuple[str, str, str]
    """The three value cells as printed (`''` for an empty cell), in the order of the card's
    `value_headers` (Küçükçekmece 2021: 2019 actual, 2020 first-six-months actual, 2021 target)."""
    page: int | None = None
    value_boxes: tuple[Box | None, ...] = ()
    """PDF: the three value cells."""
    box: Box | None = None
    """PDF: the whole row."""


@dataclass
class RawActivity:
    name: str
    budget: str
    off_budget: str
    total: str
    """The three amount cells as printed (`''` for an empty cell, `-` kept)."""
    page: int | None = None
    box: Box | None = None
    """PDF: the whole row."""


@dataclass
class RawCard:
    unit: str
    """The unit as printed in the title of its first card page (`BİLGİ İŞLEM MÜDÜRLÜĞÜ`)."""
    aim_code: str
    aim_text: str
    goal_code: str
    goal_text: str
    ph_code: str
    ph_text: str
    indicators: list[RawIndicator] = field(default_factory=list)
    activities: list[RawActivity] = field(default_factory=list)
    page: int | None = None
    pages: set[int] = field(default_factory=set)
    value_headers: list[str] = field(default_factory=list)
    """The printed headers of the indicator table's value columns (`2019 YILI GERÇEKLEŞEN`, …): years and
    roles are read from these (`analysis.extract.core.years`)."""
    boxes: dict[str, Region] = field(default_factory=dict)
    """PDF: where the label boxes print each field (`aim_code`, `aim_text`, `goal_code`, ... `ph_text`)."""


@dataclass
class RawSummaryRow:
    name: str
    values: list[str]
    """One cell per economic-code column and then the activity total, as printed (`''` = empty cell)."""
    page: int | None = None
    boxes: list[Box | None] = field(default_factory=list)
    """PDF: the cells of `values`."""
    box: Box | None = None
    """PDF: the whole row."""


@dataclass
class RawSummary:
    """A unit's TOPLAM KAYNAK İHTİYACI VE FAALİYET MALİYETLERİ table."""

    unit: str
    columns: list[str] | None
    """Economic codes (`01`, `02`, ...) of the value columns before the total, as read from the header;
    None when the edition prints no header (the text edition): then `build` infers them."""
    rows: list[RawSummaryRow] = field(default_factory=list)
    total: RawSummaryRow | None = None
    pages: set[int] = field(default_factory=set)


@dataclass
class RawRelationship:
    """One activity line of a unit's AMAÇ, HEDEF VE PERFORMANS HEDEFLERİNİN İLİŞKİLENDİRİLMESİ table."""

    unit: str
    aim_code: str
    aim_text: str
    goal_code: str
    goal_text: str
    ph_code: str
    ph_text: str
    activity: str
    page: int | None = None
    boxes: dict[str, Box] = field(default_factory=dict)
    """PDF: the cells of this line (`aim_code`, ... `activity`)."""


@dataclass
class RawAimEntry:
    """One performance target as re-printed in the aim-organised section (İDARENİN HEDEFİ ...)."""

    aim_code: str
    aim_text: str
    theme: str
    goal_code: str
    goal_text: str
    ph_code: str
    ph_text: str
    indicators: list[RawIndicator] = field(default_factory=list)
    page: int | None = None
    value_headers: list[str] = field(default_factory=list)
    """As `RawCard.value_headers` (`2021 YILI HEDEFLENEN` …)."""
    boxes: dict[str, Region] = field(default_factory=dict)
    """PDF: where the label boxes print each field, as for `RawCard`."""


@dataclass
class RawTableRow:
    """A row of one of the end tables: label cells and value cells as printed."""

    cells: list[str]
    page: int | None = None
    merged_label: str = ""
    """The label cell as printed, when it ran together with the performance-target cell and was split."""
    boxes: list[Box | None] = field(default_factory=list)
    """PDF: the box of each cell of `cells`."""


@dataclass
class RawTheme:
    """One aim of the TEMA / AMAÇ / HEDEF lists: its theme and its goals."""

    theme: str
    aim_code: str
    aim_text: str
    goals: list[tuple[str, str, int | None]] = field(default_factory=list)
    """(goal code, goal text, page of the goal's row)."""
    page: int | None = None


@dataclass
class RawDocument:
    edition: str
    cards: list[RawCard] = field(default_factory=list)
    summaries: list[RawSummary] = field(default_factory=list)
    relationships: list[RawRelationship] = field(default_factory=list)
    aim_entries: list[RawAimEntry] = field(default_factory=list)
    admin_activities: list[RawTableRow] = field(default_factory=list)
    """İDARENİN FAALİYETLERE GÖRE TOPLAM KAYNAK İHTİYACI: [ph_text, activity, amount, share]."""
    admin_total: RawTableRow | None = None
    unit_totals: list[RawTableRow] = field(default_factory=list)
    """MÜDÜRLÜKLERİN TOPLAM KAYNAK İHTİYACI: [unit, amount, share]."""
    unit_totals_total: RawTableRow | None = None
    economic_codes: list[RawTableRow] = field(default_factory=list)
    """İDARENİN TOPLAM KAYNAK İHTİYACI: [section, label, activities total, transfers, general total]."""
    themes: list[RawTheme] = field(default_factory=list)
    page_kinds: dict[str, list[int]] = field(default_factory=dict)
    """PDF only: which pages were read as which kind (recorded in the method)."""
    warnings: list[str] = field(default_factory=list)


def known_target_keys(raw: RawDocument) -> set[str]:
    """Match keys of every performance-target and goal text the document prints (cards, aim section,
    relationship tables): what the end table's PERFORMANS HEDEFİ column may quote."""
    texts: list[str] = []
    for c in raw.cards:
        texts += [c.ph_text, c.goal_text]
    for e in raw.aim_entries:
        texts += [e.ph_text, e.goal_text]
    for r in raw.relationships:
        texts += [r.ph_text, r.goal_text]
    keys = {letter_key(t) for t in texts}
    keys.discard("")
    return keys


def split_known_prefix(text: str, known: set[str]) -> tuple[str, str] | None:
    """Split `text` after its longest word-prefix whose match key is in `known` (None when there is none)."""
    words = text.split()
    for k in range(len(words) - 1, 0, -1):
        if letter_key(" ".join(words[:k])) in known:
            return " ".join(words[:k]), " ".join(words[k:])
    return None
