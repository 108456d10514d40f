"""Card layout: from a `RawDocument` (either edition) to the rows of the data contract, with reconciliation.

Everything here is edition-blind: the PDF reader and the text reader fill the same `RawDocument`, and this
module alone decides how printed cells become rows, so both editions give identical rows (pages aside).
The conventions (unit names, unique indicator codes, table / scope / measure names, the economic-code
column inference and the checks) are documented in `analysis.extract.card`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from analysis.core.model import (
    ECON_CODES,
    ECON_NAMES,
    Activity,
    Box,
    ExtractedProgram,
    Indicator,
    IndicatorValue,
    PerformanceTarget,
    ReconciliationResult,
    Region,
    StatedTotal,
)
from analysis.core.numbers import NotANumber, parse_money, parse_number
from analysis.core.text import dotless_key, letter_key, norm, slug, tr_lower, tr_upper
from analysis.extract.base import ExtractionError
from analysis.extract.card.model import SPEC, RawAimEntry, RawCard, RawDocument, RawSummary
from analysis.extract.core.column_codes import infer_column_codes
from analysis.extract.core.pairing import FUZZY, align, similarity
from analysis.extract.core.rules import run_checks
from analysis.extract.core.unique_codes import unique_codes
from analysis.extract.core.years import header_roles
from analysis.extract.reconcile import compare, pages_str, per_page, regions, text_difference

ZERO = Decimal("0.00")
Years = tuple[tuple[int, str], ...]
"""(year, role) of the three value columns of an indicator table, read from its printed header
(Küçükçekmece 2021: 2019 YILI GERÇEKLEŞEN, 2020 YILI İLK 6 AY GERÇEKLEŞEN, 2021 YILI HEDEFLERİ)."""


# ---------------------------------------------------------------------------------------- helpers


def _money(text: str, warnings: list[str], where: str) -> Decimal | None:
    try:
        return parse_money(text)
    except NotANumber:
        warnings.append(f"{where}: amount {text!r} is not a number")
        return None


def _number(text: str, warnings: list[str], where: str) -> Decimal | None:
    try:
        return parse_number(text)
    except NotANumber:
        warnings.append(f"{where}: value {text!r} is not a number")
        return None


def tr_title(text: str) -> str:
    """`BİLGİ İŞLEM MÜDÜRLÜĞÜ` → `Bilgi İşlem Müdürlüğü` (Turkish dotted/dotless i kept right)."""
    words = []
    for w in norm(text).split(" "):
        low = tr_lower(w)
        words.append(tr_upper(low[:1]) + low[1:] if low and low not in ("ve",) else low)
    return " ".join(words)


_ECON_LABEL = re.compile(r"^\s*(\d)\s*-")


def _cell(boxes: Sequence[Box | None], i: int) -> Box | None:
    """The box of cell `i` of a PDF row (None for the text edition, which has no boxes)."""
    return boxes[i] if 0 <= i < len(boxes) else None


def _shown(printed: str) -> str:
    """A printed cell for a Turkish note: `‘291’`, `(boş)` for an empty cell."""
    return f"‘{printed}’" if printed else "(boş)"


def _num_str(value: Decimal | None) -> str | None:
    """A non-money number for an extra table, as a plain string (the writer would round a Decimal to kuruş)."""
    return None if value is None else f"{value:f}"


SHARE_TOLERANCE = Decimal("0.0005")
"""BÜTÇE PAYI (%) is printed with up to three decimals: half a unit of the third decimal."""

ALL_ACTIVITIES = "İDARENİN FAALİYETLERE GÖRE TOPLAM KAYNAK İHTİYACI TABLOSU"
UNIT_TOTALS = "MÜDÜRLÜKLERİN TOPLAM KAYNAK İHTİYACI TABLOSU"
UNIT_SUMMARY = "TOPLAM KAYNAK İHTİYACI VE FAALİYET MALİYETLERİ"

WHERE = {
    "card": ("the card", "kartta"),
    "unit_summary": ("the unit summary", "birimin kaynak ihtiyacı tablosunda"),
    "all_activities": (ALL_ACTIVITIES, f"{ALL_ACTIVITIES}NDA"),
    "all_activities_merged": (
        f"{ALL_ACTIVITIES} (its PERFORMANS HEDEFİ cell is empty; the target's text is printed in the activity cell)",
        f"{ALL_ACTIVITIES}NDA (PERFORMANS HEDEFİ hücresi boş; hedefin metni faaliyet hücresine yazılmış)",
    ),
    "relationship": ("the İLİŞKİLENDİRİLMESİ table", "İLİŞKİLENDİRİLMESİ tablosunda"),
    "theme_lists": ("the TEMA / AMAÇ / HEDEF lists", "TEMA / AMAÇ / HEDEF listelerinde"),
    "theme_list": ("TEMA/AMAÇ/HEDEF list", "TEMA/AMAÇ/HEDEF listesinde"),
    "aim_section": ("the aim-organised section", "amaçlara göre düzenlenmiş bölümde"),
    "aim_section_short": ("aim-organised section", "amaçlara göre düzenlenmiş bölümde"),
}
"""Where a string is printed, for the notes of text differences: (English, Turkish locative)."""

FIELDS = {
    "aim_code": ("AMAÇ code", "AMAÇ kodu"),
    "goal_code": ("HEDEF code", "HEDEF kodu"),
    "ph_code": ("PERFORMANS HEDEFİ code", "PERFORMANS HEDEFİ kodu"),
    "goal_text": ("HEDEF text", "HEDEF metni"),
    "ph_text": ("PERFORMANS HEDEFİ text", "PERFORMANS HEDEFİ metni"),
    "activity": ("activity name", "faaliyet adı"),
    "indicator_name": ("indicator name", "gösterge adı"),
    "indicator_type": ("TÜRÜ", "TÜRÜ"),
    "indicator_unit": ("ÖLÇÜ BİRİMİ", "ÖLÇÜ BİRİMİ"),
}
"""What differs, for the notes of text differences: (English, Turkish)."""
ROLE_TR = {"actual": "gerçekleşen", "partial_actual": "ilk 6 ay gerçekleşen", "estimate": "tahmin", "target": "hedef"}


# ------------------------------------------------------------------------------- column inference


def infer_summary_columns(summaries: list[RawSummary], econ_totals: dict[str, Decimal], warnings: list[str]) -> dict[int, list[str]]:
    """Economic codes of the summary tables printed without a readable header (the text edition).

    The value columns are first-level economic codes in ascending order, and the per-code sums of all units'
    TOPLAM rows must equal the İDARENİN TOPLAM KAYNAK İHTİYACI table (its FAALİYET TOPLAMI column): the
    core's `column_codes` finds the one assignment that does. Summaries whose header could be read keep it
    and are subtracted first. Returns {summary index: codes}; empty when there is no unique exact solution
    (then the caller falls back and warns).
    """
    unknown = [i for i, s in enumerate(summaries) if not s.columns and s.total is not None]
    if not unknown:
        return {}
    remaining = {c: econ_totals.get(c, ZERO) for c in ECON_CODES}
    for s in summaries:
        if s.columns and s.total is not None:
            for c, v in zip(s.columns, s.total.values):
                remaining[c] -= parse_money(v) or ZERO
    codes = [c for c in ECON_CODES if econ_totals.get(c, ZERO) != ZERO]
    totals = {i: [parse_money(v) or ZERO for v in summaries[i].total.values[:-1]] for i in unknown}  # type: ignore[union-attr]
    solutions = infer_column_codes(totals, remaining, codes)
    if len(solutions) != 1:
        warnings.append(f"economic-code columns of {len(unknown)} unit summaries: {'no' if not solutions else 'more than one'} exact assignment against the economic-code table")
        return {}
    return solutions[0]


def pair_cards_with_entries(cards: Sequence[RawCard], entries: Sequence[RawAimEntry]) -> dict[int, int]:
    """Which aim-section entry re-prints which card: {card_seq: entry index}.

    A pair scores 2 for the same PH code, plus the similarity of the PH texts, plus the share of the card's
    indicator names found among the entry's. Pairs are taken best first; a pair needs the same code and a
    similar text (or the same indicators), or, across codes, at least half of the indicators in common, so
    a target re-numbered in the aim section is still compared (and its code difference reported).
    """
    def overlap(c: RawCard, e: RawAimEntry) -> float:
        if not c.indicators:
            return 0.0
        names = [letter_key(i.name) for i in e.indicators]
        hits = sum(1 for i in c.indicators if any(n == letter_key(i.name) or similarity(n, i.name) >= FUZZY for n in names))
        return hits / len(c.indicators)

    scored = []
    for ci, c in enumerate(cards, 1):
        for k, e in enumerate(entries):
            if c.ph_code != e.ph_code and c.goal_code != e.goal_code:
                continue  # a re-numbered target stays under its goal
            same = c.ph_code == e.ph_code
            text = similarity(c.ph_text, e.ph_text)
            if not same and text < FUZZY and letter_key(c.ph_code[2:]) != letter_key(e.ph_code[2:]):
                ov = overlap(c, e)
                if ov < 0.5:
                    continue
            else:
                ov = overlap(c, e)
            if same and (text >= FUZZY or ov >= 0.5 or not c.indicators):
                score = 2 + text + ov
            elif ov >= 0.5 or text >= FUZZY:
                score = text + ov
            else:
                continue
            scored.append((-score, ci, k))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, ci, k in sorted(scored):
        if ci not in pairs and k not in used:
            pairs[ci] = k
            used.add(k)
    return pairs


def fallback_columns(width: int) -> list[str]:
    """The most common header for a given number of value columns (used only when inference fails)."""
    common = {3: ["01", "02", "03"], 4: ["01", "02", "03", "05"], 5: ["01", "02", "03", "05", "06"]}
    return common.get(width, list(ECON_CODES[:width]))


# ------------------------------------------------------------------------------------------- build


class _Builder:
    def __init__(self, raw: RawDocument, out: ExtractedProgram):
        self.raw = raw
        self.out = out
        self.program = out.program
        self.w = out.warnings
        self.rec: list[ReconciliationResult] = []
        self.headers_seen: Counter[Years] = Counter()
        for table in [*raw.cards, *raw.aim_entries]:
            read = self.read_years(table.value_headers)
            if read is not None:
                self.headers_seen[read] += 1

    @staticmethod
    def read_years(headers: Sequence[str]) -> Years | None:
        """The (year, role) of three printed value headers; None unless all three name a year."""
        read = header_roles(list(headers))
        if len(read) != 3 or any(r is None for r in read):
            return None
        return tuple(r for r in read if r is not None)

    def years_of(self, table: RawCard | RawAimEntry, where: str) -> Years:
        """Years and roles of a card's (or aim-section entry's) value columns, from its own header; a header
        that could not be read takes the document's most common one (reported)."""
        read = self.read_years(table.value_headers)
        if read is not None:
            return read
        if not self.headers_seen:
            raise ExtractionError(f"{where}: no indicator table header names its years (expected e.g. '2019 YILI GERÇEKLEŞEN')")
        common = self.headers_seen.most_common(1)[0][0]
        self.w.append(f"{where}: indicator header {table.value_headers!r} names no three years; the document's usual header is used ({common})")
        return common

    # -- units, themes --------------------------------------------------------------------------

    def units(self) -> None:
        titles: list[str] = []
        for c in self.raw.cards:
            if c.unit not in titles:
                titles.append(c.unit)
        by_key = {letter_key(r.cells[0]): r for r in self.raw.unit_totals}
        self.canonical: dict[str, str] = {}
        self.unit_total_row: dict[str, Any] = {}
        for t in titles:
            row = by_key.get(letter_key(t))
            if row is None:
                # a variant spelling: the most similar name of the unit-totals table
                best = max(self.raw.unit_totals, key=lambda r: similarity(r.cells[0], t), default=None)
                if best is not None and similarity(best.cells[0], t) >= FUZZY:
                    row = best
            self.canonical[t] = norm(row.cells[0]) if row is not None else tr_title(t)
            if row is not None:
                self.unit_total_row[t] = row
        self.titles = titles

    def themes(self) -> None:
        self.theme_of: dict[str, str] = {}
        self.theme_page: dict[str, int | None] = {}
        for e in self.raw.aim_entries:
            if e.aim_code and e.theme and e.aim_code not in self.theme_of:
                self.theme_of[e.aim_code] = e.theme
                self.theme_page[e.aim_code] = e.page
        listed: dict[str, tuple[str, int | None]] = {}
        for t in self.raw.themes:
            if t.aim_code and t.theme:
                listed.setdefault(t.aim_code, (t.theme, t.page))
        for code, (theme, page) in listed.items():
            if code not in self.theme_of:
                self.theme_of[code] = theme
                self.theme_page[code] = page
            elif letter_key(theme) != letter_key(self.theme_of[code]):
                self.text_mismatch("theme_list_vs_aim_section", code, listed[code][0], self.theme_of[code], pages_str(page, self.theme_page[code]), ("TEMA of the aim", "amacın TEMA’sı"), WHERE["theme_list"], WHERE["aim_section_short"])
        self.theme_list = listed

    # -- reconciliation helpers -----------------------------------------------------------------

    # Every note is written twice: `note` in English, `tr` in Turkish (`note_tr`). `at` = (where the stated
    # value is printed, where what it is compared with is printed): lists of (page, box), empty for text editions.

    def check(self, check: str, scope: str, stated: Decimal | None, computed: Decimal | None, pages: Iterable[int | None] | str, note: str = "", *, tr: str = "", at: tuple = ((), ())) -> None:
        ps = pages if isinstance(pages, str) else pages_str(list(pages))
        self.rec.append(compare(self.program, check, scope, stated, computed, ps, note, note_tr=tr, boxes_a=at[0], boxes_b=at[1]))

    def missing(self, check: str, scope: str, pages: Iterable[int | None] | str, note: str, stated: Decimal | None = None, computed: Decimal | None = None, *, tr: str = "", at: tuple = ((), ())) -> None:
        ps = pages if isinstance(pages, str) else pages_str(list(pages))
        self.rec.append(ReconciliationResult(self.program, check, scope, stated, computed, "missing", ps, note, tr, boxes_a=list(at[0]), boxes_b=list(at[1])))

    def text_mismatch(self, check: str, scope: str, a: str, b: str, pages: Iterable[int | None] | str, what: tuple[str, str], where_a: tuple[str, str], where_b: tuple[str, str], at: tuple = ((), ())) -> None:
        ps = pages if isinstance(pages, str) else pages_str(list(pages))
        self.rec.append(text_difference(self.program, check, scope, a, b, ps, what, where_a, where_b, at[0], at[1]))

    def ok(self, check: str, scope: str, pages: Iterable[int | None] | str, note: str, *, tr: str = "", at: tuple = ((), ())) -> None:
        ps = pages if isinstance(pages, str) else pages_str(list(pages))
        self.rec.append(ReconciliationResult(self.program, check, scope, None, None, "ok", ps, note, tr, boxes_a=list(at[0]), boxes_b=list(at[1])))

    def share_check(self, check: str, scope: str, share: Decimal | None, amount: Decimal | None, page: int | None, table: str, at: tuple = ((), ())) -> None:
        """A printed BÜTÇE PAYI (%) vs the row's amount as a share of the program's total resource need.

        `at` = (the share's cell, the amount's cell); the total resource need's cell is added to side b."""
        need = self.total_need.value if self.total_need is not None else None
        if share is None or amount is None or not need:
            return
        computed = (amount / need * 100).quantize(Decimal("0.0001"))
        self.rec.append(
            compare(self.program, check, scope, share, computed, pages_str(page, self.total_need.page if self.total_need else None), f"BÜTÇE PAYI (%) in {table} vs amount / TOPLAM KAYNAK İHTİYACI × 100 (printed to 3 decimals: tolerance {SHARE_TOLERANCE})", SHARE_TOLERANCE,
                    note_tr=f"{table} içindeki BÜTÇE PAYI (%) ile tutar / TOPLAM KAYNAK İHTİYACI × 100 (üç ondalıkla yazılmış: tolerans {SHARE_TOLERANCE})",
                    boxes_a=at[0], boxes_b=[*at[1], *self.need_at()])
        )

    def need_at(self) -> list[Region]:
        """Where the program's TOPLAM KAYNAK İHTİYACI is printed."""
        return regions([(self.total_need.page, self.total_need.bbox)]) if self.total_need is not None else []

    @staticmethod
    def rows_at(rows: Iterable[Any]) -> list[Region]:
        """Rows with a page and a bbox (activities), one box per page."""
        return per_page(regions((r.page, r.bbox) for r in rows))

    # -- cards ----------------------------------------------------------------------------------

    def cards(self) -> None:
        raw, out = self.raw, self.out
        ph_count = Counter(c.ph_code for c in raw.cards)
        ph_units: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for i, c in enumerate(raw.cards, 1):
            ph_units[c.ph_code].append((i, c.unit))
        self.shared_ph = {k for k, v in ph_count.items() if v > 1}

        # unique indicator codes (see the rule in `analysis.extract.card`)
        self.unique = unique = unique_codes([[ind.code for ind in c.indicators] for c in raw.cards])

        self.card_rows: list[PerformanceTarget] = []
        self.act_rows: list[list[Activity]] = []
        for ci, c in enumerate(raw.cards, 1):
            notes = []
            if c.ph_code in self.shared_ph:
                others = [f"{u} (card {i})" for i, u in ph_units[c.ph_code] if i != ci]
                notes.append(f"PH code {c.ph_code} is also printed on the card of {', '.join(others)}")
            if not c.activities:
                notes.append("the card prints no FAALİYET VE PROJELER table")
            pt = PerformanceTarget(
                program=self.program,
                ph_code=tr_upper(norm(c.ph_code)),
                ph_text=c.ph_text,
                unit=c.unit,
                aim_code=c.aim_code,
                aim_text=c.aim_text,
                goal_code=c.goal_code,
                goal_text=c.goal_text,
                theme=self.theme_of.get(c.aim_code, ""),
                page=c.page,
                theme_group="",
                unit_canonical=self.canonical.get(c.unit, c.unit),
                ph_code_raw=c.ph_code,
                card_seq=ci,
                note="; ".join(notes),
            )
            out.performance_targets.append(pt)
            self.card_rows.append(pt)
            if not pt.theme:
                self.w.append(f"card {ci} ({c.ph_code}): no TEMA found for aim {c.aim_code}")
            years = self.years_of(c, f"card {ci} ({c.ph_code})") if c.indicators else ()
            for k, ind in enumerate(c.indicators, 1):
                code = unique[(ci, k)]
                prefix = dotless_key(ind.code)[:2]
                out.indicators.append(
                    Indicator(
                        program=self.program,
                        ph_code=pt.ph_code,
                        indicator_code=code,
                        seq=k,
                        name=ind.name,
                        kind={"PG": "performance", "IG": "monitoring"}.get(prefix, ""),
                        indicator_type=ind.type,
                        measure_unit=ind.unit,
                        page=ind.page,
                        indicator_code_raw=ind.code,
                        card_seq=ci,
                    )
                )
                for k, ((year, role), value) in enumerate(zip(years, ind.values, strict=True)):
                    out.indicator_values.append(
                        IndicatorValue(self.program, code, year, role, value, _number(value, self.w, f"{code} {year}"), ind.page, _cell(ind.value_boxes, k))
                    )
            acts = []
            for k, a in enumerate(c.activities, 1):
                where_ = f"{c.ph_code} activity {k}"
                off = _money(a.off_budget, self.w, where_)
                act = Activity(
                    program=self.program,
                    ph_code=pt.ph_code,
                    seq=k,
                    name=a.name,
                    unit=c.unit,
                    budget=_money(a.budget, self.w, where_),
                    off_budget=off if off is not None else ZERO,
                    total=_money(a.total, self.w, where_),
                    econ={},
                    page=a.page,
                    card_seq=ci,
                    unit_canonical=pt.unit_canonical,
                    bbox=a.box,
                )
                acts.append(act)
                out.activities.append(act)
            self.act_rows.append(acts)

    def total_for_check(self, act: Activity) -> tuple[Decimal | None, str, str]:
        """The card's TOPLAM for a comparison: a printed `-` says "nothing" and counts as 0 (noted, in English and Turkish)."""
        if act.total is not None:
            return act.total, "", ""
        raw_total = self.raw.cards[act.card_seq - 1].activities[act.seq - 1].total
        if norm(raw_total) == "-":
            return ZERO, " (the card prints '-' as TOPLAM, read as 0)", " (kartta TOPLAM ‘-’ yazıyor, 0 okundu)"
        return None, " (the card prints no TOPLAM)", " (kartta TOPLAM yazmıyor)"

    def act_scope(self, act: Activity) -> str:
        s = f"{act.ph_code} #{act.seq}"
        return f"{s} (card {act.card_seq})" if act.ph_code in self.shared_ph else s

    # -- economic-code table ----------------------------------------------------------------------

    def economic_codes(self) -> None:
        rows = []
        self.econ_stated: dict[tuple[str, str], StatedTotal] = {}
        self.econ_activity_totals: dict[str, Decimal] = {}
        table = "economic_code_table"
        for r in self.raw.economic_codes:
            section, label = r.cells[0], r.cells[1]
            vals = [_money(v, self.w, f"{table} {label}") for v in r.cells[2:5]]
            m = _ECON_LABEL.match(label)
            key = dotless_key(label)
            if m:
                code = f"0{m.group(1)}"
                scope, row_key, name, measures = f"econ_{code}", f"econ_{code}", f"{m.group(1)} - {ECON_NAMES.get(code, '')}", ("budget", "transfers", "total")
                self.econ_activity_totals[code] = vals[0] or ZERO
            elif key.startswith("TOPLAM BÜTÇE DIŞI"):
                scope, row_key, name, measures = "program", "off_budget_total", "Toplam Bütçe Dışı Kaynak İhtiyacı", ("off_budget", "off_budget_transfers", "off_budget_total")
            elif key.startswith("TOPLAM BÜTÇE"):
                scope, row_key, name, measures = "program", "budget_total", "Toplam Bütçe Kaynak İhtiyacı", ("budget", "budget_transfers", "budget_total")
            elif key.startswith("TOPLAM KAYNAK"):
                scope, row_key, name, measures = "program", "total", "TOPLAM KAYNAK İHTİYACI", ("activities_total", "transfers", "total_resource_need")
            else:
                scope = row_key = f"off_budget_{slug(label)}"
                name, measures = f"Bütçe dışı: {label}", ("off_budget", "transfers", "total")
            rows.append(
                {
                    "section": section,
                    "label": label,
                    "row_key": row_key,
                    "scope": scope,
                    "activities_total": vals[0],
                    "transfers_to_other_administrations": vals[1],
                    "general_total": vals[2],
                    "page": r.page,
                    "name": name,
                }
            )
            columns = ("FAALİYET TOPLAMI", "DİĞER İDARELERE TRANSFER EDİLECEK KAYNAKLAR TOPLAMI", "GENEL TOPLAM")
            for k, (measure, v, column) in enumerate(zip(measures, vals, columns)):
                if v is None:
                    continue
                st = StatedTotal(self.program, table, scope, measure, v, r.page, note=f"{name} ({column})", bbox=_cell(r.boxes, 2 + k))
                self.out.stated_totals.append(st)
                self.econ_stated[(scope, measure)] = st
        self.out.extra_tables["economic_code_table"] = rows
        self.total_need = self.econ_stated.get(("program", "total_resource_need"))
        if self.total_need is None:
            self.w.append("İDARENİN TOPLAM KAYNAK İHTİYACI TABLOSU: no TOPLAM KAYNAK İHTİYACI row found")

    # -- unit summaries -------------------------------------------------------------------------

    def summaries(self) -> None:
        """Each unit's TOPLAM KAYNAK İHTİYACI VE FAALİYET MALİYETLERİ table: rows, totals, and the cards against it."""
        self.assign_summary_columns()
        raw = self.raw
        summaries = raw.summaries
        source = self.summary_source
        table = "unit_economic_summary"
        extra: list[dict[str, Any]] = []
        unit_acts: dict[str, list[Activity]] = defaultdict(list)
        for acts in self.act_rows:
            for a in acts:
                unit_acts[a.unit].append(a)
        self.summary_match: dict[int, dict[int, Activity]] = {}
        for si, s in enumerate(summaries):
            cols = self.summary_columns[si]
            canonical = self.canonical.get(s.unit, s.unit)
            acts = unit_acts.get(s.unit, [])
            pairs = align([a.name for a in acts], [r.name for r in s.rows])
            by_row = {j: acts[i] for i, j in pairs.items()}
            self.summary_match[si] = by_row
            for j, r in enumerate(s.rows):
                vals = [_money(v, self.w, f"{table} {s.unit} {r.name}") for v in r.values]
                econ = dict(zip(cols, vals[:-1]))
                act = by_row.get(j)
                row = {"unit": s.unit, "unit_canonical": canonical, "row": j + 1, "name": r.name}
                for c in ECON_CODES:
                    row[f"econ_{c}"] = econ.get(c)
                row["total"] = vals[-1] if vals else None
                row["card_seq"] = act.card_seq if act else None
                row["activity_seq"] = act.seq if act else None
                row["columns_from"] = source[si]
                row["page"] = r.page
                extra.append(row)
                if act is not None:
                    act.econ = {c: econ.get(c) for c in cols}
                # the summary's own arithmetic: economic codes add up to the row's total
                self.check(
                    "unit_summary_row_sum",
                    f"{canonical}: {r.name[:60]}",
                    vals[-1] if vals else None,
                    sum((v for v in vals[:-1] if v is not None), ZERO),
                    [r.page],
                    f"TOPLAM KAYNAK İHTİYACI VE FAALİYET MALİYETLERİ of {canonical}: the economic-code cells of the row vs its FAALİYETLERİN TOPLAM MALİYETİ",
                    tr=f"{canonical} için {UNIT_SUMMARY} tablosu: satırın ekonomik kod hücreleri ile FAALİYETLERİN TOPLAM MALİYETİ",
                    at=(regions([(r.page, _cell(r.boxes, len(r.boxes) - 1))]), per_page(regions((r.page, b) for b in r.boxes[:-1]))),
                )
            if s.total is not None:
                tvals = [_money(v, self.w, f"{table} {s.unit} TOPLAM") for v in s.total.values]
                for k, (c, v) in enumerate(zip([*cols, "total"], tvals)):
                    if v is None:
                        continue
                    measure = f"econ_{c}" if c != "total" else "total"
                    self.out.stated_totals.append(StatedTotal(self.program, table, canonical, measure, v, s.total.page, note="TOPLAM row", bbox=_cell(s.total.boxes, k)))
                    col = cols.index(c) if c != "total" else len(cols)
                    computed = sum((parse_money(r.values[col]) or ZERO for r in s.rows if col < len(r.values)), ZERO)
                    self.check(
                        "unit_summary_column_sum",
                        f"{canonical} {measure}",
                        v,
                        computed,
                        [s.total.page, *(r.page for r in s.rows)],
                        f"TOPLAM row of the unit summary vs the sum of its {len(s.rows)} activity rows ({'economic code ' + c if c != 'total' else 'FAALİYETLERİN TOPLAM MALİYETİ'})",
                        tr=f"Birim kaynak tablosunun TOPLAM satırı ile {len(s.rows)} faaliyet satırının toplamı ({'ekonomik kod ' + c if c != 'total' else 'FAALİYETLERİN TOPLAM MALİYETİ'})",
                        at=(regions([(s.total.page, _cell(s.total.boxes, k))]), per_page(regions((r.page, _cell(r.boxes, col)) for r in s.rows))),
                    )
            self.summary_vs_cards(s, acts, pairs, canonical)
        self.out.extra_tables[table] = extra
        summarized = {s.unit for s in summaries}
        for t in self.titles:
            if t not in summarized:
                self.missing("unit_cards_vs_unit_summary_total", self.canonical[t], [], f"{self.canonical[t]} has cards but no TOPLAM KAYNAK İHTİYACI VE FAALİYET MALİYETLERİ table",
                             tr=f"{self.canonical[t]} biriminin kartları var ama {UNIT_SUMMARY} tablosu yok")


    def assign_summary_columns(self) -> None:
        """The economic code of each column of each unit summary: printed header, else inferred, else assumed."""
        summaries = self.raw.summaries
        self.summary_columns: dict[int, list[str]] = {}
        source: dict[int, str] = {}
        for i, s in enumerate(summaries):
            if s.columns:
                self.summary_columns[i] = list(s.columns)
                source[i] = "header"
        inferred = infer_summary_columns(summaries, self.econ_activity_totals, self.w)
        for i, cols in inferred.items():
            self.summary_columns[i] = cols
            source[i] = "inferred"
        for i, s in enumerate(summaries):
            if i not in self.summary_columns:
                width = len(s.total.values) - 1 if s.total else max((len(r.values) - 1 for r in s.rows), default=0)
                self.summary_columns[i] = fallback_columns(width)
                source[i] = "fallback"
                self.w.append(f"unit summary of {s.unit}: economic codes of its columns assumed {self.summary_columns[i]}")
        self.summary_source = source


    def summary_vs_cards(self, s: RawSummary, acts: list[Activity], pairs: dict[int, int], canonical: str) -> None:
        """The unit's card activities against its summary, row by row, and the cards' sum against the TOPLAM."""
        for i, a in enumerate(acts):
            j = pairs.get(i)
            if j is None:
                self.missing(
                    "activity_vs_unit_summary",
                    self.act_scope(a),
                    [a.page, *s.pages],
                    f"card activity {a.name!r} ({canonical}) has no row in the unit's TOPLAM KAYNAK İHTİYACI VE FAALİYET MALİYETLERİ table",
                    computed=a.total,
                    tr=f"kart faaliyeti ‘{a.name}’ ({canonical}) birimin {UNIT_SUMMARY} tablosunda yok",
                    at=((), self.rows_at([a])),
                )
                continue
            r = s.rows[j]
            stated = parse_money(r.values[-1]) if r.values else None
            total, extra_note, extra_tr = self.total_for_check(a)
            note = f"card total vs the unit summary's FAALİYETLERİN TOPLAM MALİYETİ for {a.name!r}{extra_note}"
            row_at = regions([(r.page, r.box)])
            if letter_key(r.name) != letter_key(a.name):
                self.text_mismatch("activity_name_vs_unit_summary", self.act_scope(a), a.name, r.name, [a.page, r.page], FIELDS["activity"], WHERE["card"], WHERE["unit_summary"], at=(self.rows_at([a]), row_at))
            self.check("activity_vs_unit_summary", self.act_scope(a), stated, total, [a.page, r.page], note,
                       tr=f"‘{a.name}’ için kart toplamı ile birim kaynak tablosundaki FAALİYETLERİN TOPLAM MALİYETİ{extra_tr}",
                       at=(regions([(r.page, _cell(r.boxes, len(r.boxes) - 1))]), self.rows_at([a])))
        matched = set(pairs.values())
        for j, r in enumerate(s.rows):
            if j not in matched:
                self.missing(
                    "activity_vs_unit_summary",
                    f"{canonical}: {r.name[:60]}",
                    [r.page],
                    f"unit summary row {r.name!r} ({canonical}) matches no activity on the unit's cards",
                    stated=parse_money(r.values[-1]) if r.values else None,
                    tr=f"birim kaynak tablosundaki ‘{r.name}’ satırı ({canonical}) birimin kartlarındaki hiçbir faaliyetle eşleşmiyor",
                    at=(regions([(r.page, r.box)]), ()),
                )
        if s.total is not None:  # the cards' sum vs the summary's TOPLAM, declared in card.yml, run for this unit
            group = SPEC["checks"]["unit_summary"][0]
            self.rec += run_checks([{**group, "each": {**group["each"], "scope": canonical}}], self.out)

    # -- unit totals table ----------------------------------------------------------------------

    def unit_totals(self) -> None:
        table = "unit_totals"
        extra = []
        by_unit_cards: dict[str, list[Activity]] = defaultdict(list)
        for acts in self.act_rows:
            for a in acts:
                by_unit_cards[a.unit].append(a)
        row_unit = {id(r): t for t, r in self.unit_total_row.items()}
        for k, r in enumerate(self.raw.unit_totals, 1):
            amount = _money(r.cells[1], self.w, f"{table} {r.cells[0]}")
            share = _number(r.cells[2], self.w, f"{table} {r.cells[0]}")
            title = row_unit.get(id(r))
            canonical = self.canonical.get(title, norm(r.cells[0])) if title else norm(r.cells[0])
            extra.append({"row": k, "unit": r.cells[0], "unit_canonical": canonical, "amount": amount, "budget_share_pct": _num_str(share), "page": r.page})
            if amount is not None:
                self.out.stated_totals.append(StatedTotal(self.program, table, canonical, "total", amount, r.page, note="MALİ KAYNAK İHTİYACI", bbox=_cell(r.boxes, 1)))
            if share is not None:
                self.out.stated_totals.append(StatedTotal(self.program, table, canonical, "budget_share_pct", share, r.page, note="BÜTÇE PAYI (%)", bbox=_cell(r.boxes, 2)))
        self.rec += run_checks(list(SPEC["checks"]["unit_rows"]), self.out)  # each row: its share, its cards, its unit summary
        for t in self.titles:
            if t not in self.unit_total_row:
                acts = by_unit_cards.get(t, [])
                self.missing("unit_cards_vs_unit_totals_table", self.canonical[t], [a.page for a in acts], f"{t} has cards but no row in MÜDÜRLÜKLERİN TOPLAM KAYNAK İHTİYACI TABLOSU", computed=sum((a.total or ZERO for a in acts), ZERO),
                             tr=f"{t} biriminin kartları var ama {UNIT_TOTALS} içinde satırı yok", at=((), self.rows_at(acts)))
        self.out.extra_tables[table] = extra
        tot = self.raw.unit_totals_total
        if tot is not None:
            amount_col = 1
            amount = _money(tot.cells[1], self.w, f"{table} TOPLAM")
            share = _number(tot.cells[2], self.w, f"{table} TOPLAM")
            if amount is not None:
                self.out.stated_totals.append(StatedTotal(self.program, table, "program", "total", amount, tot.page, note="TOPLAM", bbox=_cell(tot.boxes, amount_col)))
                self.rec += run_checks(list(SPEC["checks"]["unit_totals"]), self.out)
            if share is not None:
                self.out.stated_totals.append(StatedTotal(self.program, table, "program", "budget_share_pct", share, tot.page, note="TOPLAM BÜTÇE PAYI (%)", bbox=_cell(tot.boxes, amount_col + 1)))

    # -- all-activities table -------------------------------------------------------------------

    def admin_activities(self) -> None:
        table = "admin_activities"
        rows = self.raw.admin_activities
        all_acts = [(ci, a) for ci, acts in enumerate(self.act_rows, 1) for a in acts]
        cards = self.raw.cards

        def target_keys(ci: int) -> set[str]:
            c = cards[ci - 1]
            return {letter_key(c.ph_text), letter_key(c.goal_text)}

        def allowed(i: int, j: int) -> bool:
            ph = rows[i].cells[0]
            ci = all_acts[j][0]
            return letter_key(ph) in target_keys(ci) or any(similarity(ph, t) >= FUZZY for t in (cards[ci - 1].ph_text, cards[ci - 1].goal_text))

        # exact activity name + target first, then exact name alone, then similar names under the same target
        pairs = align([r.cells[1] for r in rows], [a.name for _, a in all_acts], allowed)
        rest = [i for i in range(len(rows)) if i not in pairs]
        if rest:
            used = set(pairs.values())
            sub = align([rows[i].cells[1] for i in rest], [a.name if j not in used else "\x00" for j, (_, a) in enumerate(all_acts)], lambda i, j: letter_key(rows[rest[i]].cells[1]) == letter_key(all_acts[j][1].name))
            for i, j in sub.items():
                pairs[rest[i]] = j
        extra = []
        for i, r in enumerate(rows):
            amount = _money(r.cells[2], self.w, f"{table} row {i + 1}")
            share = _number(r.cells[3], self.w, f"{table} row {i + 1}")
            j = pairs.get(i)
            act = all_acts[j][1] if j is not None else None
            extra.append(
                {
                    "row": i + 1,
                    "ph_text": r.cells[0],
                    "activity": r.cells[1],
                    "amount": amount,
                    "budget_share_pct": _num_str(share),
                    "card_seq": act.card_seq if act else None,
                    "ph_code": act.ph_code if act else None,
                    "activity_seq": act.seq if act else None,
                    "unit_canonical": act.unit_canonical if act else None,
                    "page": r.page,
                }
            )
            amount_at = regions([(r.page, _cell(r.boxes, 2))])
            self.share_check("admin_activities_share", f"row {i + 1}: {r.cells[1][:60]}", share, amount, r.page, ALL_ACTIVITIES, at=(regions([(r.page, _cell(r.boxes, 3))]), amount_at))
            if act is None:
                self.missing("admin_activity_vs_card", f"row {i + 1}: {r.cells[1][:60]}", [r.page], f"İDARENİN FAALİYETLERE GÖRE TOPLAM KAYNAK İHTİYACI TABLOSU row {r.cells[1]!r} (performance target {r.cells[0][:60]!r}) matches no card activity", stated=amount,
                             tr=f"{ALL_ACTIVITIES} içindeki ‘{r.cells[1]}’ satırı (performans hedefi ‘{r.cells[0][:60]}’) hiçbir kart faaliyetiyle eşleşmiyor", at=(amount_at, ()))
                continue
            name_at = per_page(regions([(r.page, _cell(r.boxes, 0)), (r.page, _cell(r.boxes, 1))] if r.merged_label else [(r.page, _cell(r.boxes, 1))]))
            if r.merged_label:  # the table prints the target's text in the activity cell: report it as printed
                self.text_mismatch("activity_name_vs_admin_table", self.act_scope(act), act.name, r.merged_label, [act.page, r.page], FIELDS["activity"], WHERE["card"], WHERE["all_activities_merged"],
                                   at=(self.rows_at([act]), name_at))
            elif letter_key(r.cells[1]) != letter_key(act.name):
                self.text_mismatch("activity_name_vs_admin_table", self.act_scope(act), act.name, r.cells[1], [act.page, r.page], FIELDS["activity"], WHERE["card"], WHERE["all_activities"],
                                   at=(self.rows_at([act]), name_at))
            total, extra_note, extra_tr = self.total_for_check(act)
            self.check("admin_activity_vs_card", self.act_scope(act), amount, total, [act.page, r.page], f"card total vs MALİ KAYNAK İHTİYACI in İDARENİN FAALİYETLERE GÖRE TOPLAM KAYNAK İHTİYACI TABLOSU for {act.name!r}{extra_note}",
                       tr=f"‘{act.name}’ için kart toplamı ile {ALL_ACTIVITIES} içindeki MALİ KAYNAK İHTİYACI{extra_tr}", at=(amount_at, self.rows_at([act])))
        matched = {pairs[i] for i in pairs}
        for j, (ci, a) in enumerate(all_acts):
            if j not in matched:
                self.missing("admin_activity_vs_card", self.act_scope(a), [a.page], f"card activity {a.name!r} has no row in İDARENİN FAALİYETLERE GÖRE TOPLAM KAYNAK İHTİYACI TABLOSU", computed=a.total,
                             tr=f"kart faaliyeti ‘{a.name}’ {ALL_ACTIVITIES} içinde yok", at=((), self.rows_at([a])))
        self.out.extra_tables[table] = extra
        tot = self.raw.admin_total
        if tot is not None:
            amount_col = 2
            amount = _money(tot.cells[2], self.w, f"{table} TOPLAM")
            share = _number(tot.cells[3], self.w, f"{table} TOPLAM")
            if amount is not None:
                self.out.stated_totals.append(StatedTotal(self.program, table, "program", "total", amount, tot.page, note="TOPLAM", bbox=_cell(tot.boxes, amount_col)))
                self.check("admin_table_sum", "program", amount, sum((x["amount"] or ZERO for x in extra), ZERO), [tot.page, *(x["page"] for x in extra)], "TOPLAM of İDARENİN FAALİYETLERE GÖRE TOPLAM KAYNAK İHTİYACI TABLOSU vs the sum of its rows",
                           tr=f"{ALL_ACTIVITIES} tablosunun TOPLAM satırı ile satırlarının toplamı",
                           at=(regions([(tot.page, _cell(tot.boxes, amount_col))]), per_page(regions((r.page, _cell(r.boxes, 2)) for r in rows))))
            if share is not None:
                self.out.stated_totals.append(StatedTotal(self.program, table, "program", "budget_share_pct", share, tot.page, note="TOPLAM BÜTÇE PAYI (%)", bbox=_cell(tot.boxes, amount_col + 1)))

    # -- relationship tables --------------------------------------------------------------------

    def relationships(self) -> None:
        table = "relationship"
        rels = self.raw.relationships
        extra = []
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for k, r in enumerate(rels):
            groups[(r.unit, r.ph_code)].append(k)
        card_groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for ci, c in enumerate(self.raw.cards, 1):
            card_groups[(c.unit, c.ph_code)].append(ci)
        match_of: dict[int, Activity] = {}
        for key in sorted(set(groups) | set(card_groups), key=lambda k: (self.titles.index(k[0]) if k[0] in self.titles else 99, k[1])):
            idx = groups.get(key, [])
            cis = card_groups.get(key, [])
            canonical = self.canonical.get(key[0], key[0])
            acts = [a for ci in cis for a in self.act_rows[ci - 1]]
            scope = f"{key[1]} ({canonical})"
            rel_at = per_page(regions((rels[k].page, b) for k in idx for b in rels[k].boxes.values()))
            if not cis:
                self.missing("relationship_vs_card", scope, [rels[k].page for k in idx], f"the İLİŞKİLENDİRİLMESİ table of {canonical} lists {key[1]}, which has no card of that unit",
                             tr=f"{canonical} biriminin İLİŞKİLENDİRİLMESİ tablosu {key[1]} hedefini listeliyor, ama birimin bu hedefte kartı yok", at=(rel_at, ()))
                continue
            pages_cards = [c for ci in cis for c in sorted(self.raw.cards[ci - 1].pages or {self.raw.cards[ci - 1].page})]
            if not idx:
                none = " (the card has no activities)" if not acts else ""
                none_tr = " (kartın faaliyeti yok)" if not acts else ""
                self.missing("relationship_vs_card", scope, pages_cards, f"{key[1]} has a card of {canonical}{none} but is not in the unit's İLİŞKİLENDİRİLMESİ table",
                             tr=f"{key[1]} hedefinin {canonical} biriminde kartı var{none_tr} ama birimin İLİŞKİLENDİRİLMESİ tablosunda yok",
                             at=((), per_page(b for ci in cis for b in self.raw.cards[ci - 1].boxes.values())))
                continue
            first = rels[idx[0]]
            card = self.raw.cards[cis[0] - 1]
            problems = 0
            rel_pages = [rels[k].page for k in idx]
            def sides(field: str) -> tuple[list[Region], list[Region]]:
                return [card.boxes[field]] if field in card.boxes else [], regions([(first.page, first.boxes.get(field))])

            for field in ("aim_code", "goal_code"):
                if getattr(first, field) != getattr(card, field):
                    problems += 1
                    self.text_mismatch("relationship_vs_card", scope, getattr(card, field), getattr(first, field), [card.page, *rel_pages], FIELDS[field], WHERE["card"], WHERE["relationship"], at=sides(field))
            for field in ("goal_text", "ph_text"):
                if getattr(first, field) and letter_key(getattr(first, field)) != letter_key(getattr(card, field)):
                    problems += 1
                    self.text_mismatch("relationship_vs_card", scope, getattr(card, field), getattr(first, field), [card.page, *rel_pages], FIELDS[field], WHERE["card"], WHERE["relationship"], at=sides(field))
            names = [rels[k].activity for k in idx]
            pairs = align([a.name for a in acts], names)
            for i, a in enumerate(acts):
                j = pairs.get(i)
                if j is None:
                    problems += 1
                    self.missing("relationship_vs_card", self.act_scope(a), [a.page, *rel_pages], f"card activity {a.name!r} is not listed under {key[1]} in the İLİŞKİLENDİRİLMESİ table of {canonical}",
                                 tr=f"kart faaliyeti ‘{a.name}’ {canonical} biriminin İLİŞKİLENDİRİLMESİ tablosunda {key[1]} altında listelenmemiş", at=(self.rows_at([a]), rel_at))
                    continue
                match_of[idx[j]] = a
                if letter_key(names[j]) != letter_key(a.name):
                    problems += 1
                    rel = rels[idx[j]]
                    self.text_mismatch("relationship_vs_card", self.act_scope(a), a.name, names[j], [a.page, rel.page], FIELDS["activity"], WHERE["card"], WHERE["relationship"],
                                       at=(self.rows_at([a]), regions([(rel.page, rel.boxes.get("activity"))])))
            for j, k in enumerate(idx):
                if j not in pairs.values():
                    problems += 1
                    self.missing("relationship_vs_card", scope, [rels[k].page, *pages_cards], f"the İLİŞKİLENDİRİLMESİ table of {canonical} lists activity {rels[k].activity!r} under {key[1]}, but the card has no such activity",
                                 tr=f"{canonical} biriminin İLİŞKİLENDİRİLMESİ tablosu {key[1]} altında ‘{rels[k].activity}’ faaliyetini listeliyor, ama kartta böyle bir faaliyet yok",
                                 at=(regions([(rels[k].page, rels[k].boxes.get("activity"))]), ()))
            if not problems:
                self.ok("relationship_vs_card", scope, [*rel_pages, *pages_cards], f"codes, texts and the {len(acts)} activities agree", tr=f"kodlar, metinler ve {len(acts)} faaliyet tutuyor")
        for k, r in enumerate(rels):
            a = match_of.get(k)
            extra.append(
                {
                    "unit": r.unit,
                    "unit_canonical": self.canonical.get(r.unit, r.unit),
                    "aim_code": r.aim_code,
                    "aim_text": r.aim_text,
                    "goal_code": r.goal_code,
                    "goal_text": r.goal_text,
                    "ph_code": r.ph_code,
                    "ph_text": r.ph_text,
                    "activity": r.activity,
                    "card_seq": a.card_seq if a else None,
                    "activity_seq": a.seq if a else None,
                    "page": r.page,
                }
            )
        self.out.extra_tables[table] = extra

    # -- TEMA / AMAÇ / HEDEF lists vs the cards ---------------------------------------------------

    def theme_list_vs_cards(self) -> None:
        if not self.raw.themes:
            return
        goals: dict[str, tuple[str, str, int | None]] = {}
        for t in self.raw.themes:
            for g, gt, page in t.goals:
                goals.setdefault(g, (t.aim_code, gt, page if page is not None else t.page))
        seen: set[str] = set()
        for ci, c in enumerate(self.raw.cards, 1):
            if c.goal_code in seen:
                continue
            seen.add(c.goal_code)
            listed = goals.get(c.goal_code)
            if listed is None:
                self.missing("theme_list_vs_card", c.goal_code, [c.page], f"goal {c.goal_code} of card {c.ph_code} is not in the TEMA / AMAÇ / HEDEF lists",
                             tr=f"{c.ph_code} kartının {c.goal_code} hedefi TEMA / AMAÇ / HEDEF listelerinde yok", at=([c.boxes[f] for f in ("goal_code",) if f in c.boxes], ()))
                continue
            aim, text, page = listed
            bad = False
            if aim != c.aim_code:
                bad = True
                self.text_mismatch("theme_list_vs_card", c.goal_code, c.aim_code, aim, [c.page, page], (f"AMAÇ of goal {c.goal_code}", f"{c.goal_code} hedefinin AMAÇ’ı"), WHERE["card"], WHERE["theme_lists"],
                                   at=([c.boxes[f] for f in ("aim_code",) if f in c.boxes], ()))
            if letter_key(text) != letter_key(c.goal_text):
                bad = True
                self.text_mismatch("theme_list_vs_card", c.goal_code, c.goal_text, text, [c.page, page], FIELDS["goal_text"], WHERE["card"], WHERE["theme_lists"],
                                   at=([c.boxes[f] for f in ("goal_text",) if f in c.boxes], ()))
            if not bad:
                self.ok("theme_list_vs_card", c.goal_code, [c.page, page], f"goal listed under {aim} with the same text", tr=f"hedef aynı metinle {aim} altında listelenmiş")

    # -- aim-organised section ------------------------------------------------------------------

    def aim_section(self) -> None:
        entries = self.raw.aim_entries
        cards = self.raw.cards
        entry_of = pair_cards_with_entries(cards, entries)
        extra = []
        card_of_entry = {k: ci for ci, k in entry_of.items()}
        for k, e in enumerate(entries):
            ci = card_of_entry.get(k)
            years = self.years_of(e, f"aim section {e.ph_code}") if e.indicators else ()
            for n, ind in enumerate(e.indicators, 1):
                row = {
                    "aim_code": e.aim_code,
                    "aim_text": e.aim_text,
                    "theme": e.theme,
                    "goal_code": e.goal_code,
                    "goal_text": e.goal_text,
                    "ph_code": e.ph_code,
                    "ph_text": e.ph_text,
                    "seq": n,
                    "indicator_code_raw": ind.code,
                    "name": ind.name,
                    "indicator_type": ind.type,
                    "measure_unit": ind.unit,
                }
                for (year, role), v in zip(years, ind.values, strict=True):
                    row[f"{role}_{year}_raw"] = v
                    row[f"{role}_{year}"] = _num_str(_number(v, self.w, f"aim section {ind.code} {year}"))
                row["card_seq"] = ci
                row["page"] = ind.page
                extra.append(row)
            if ci is None:
                self.missing("aim_section_vs_card", e.ph_code, [e.page], f"the aim-organised section prints {e.ph_code} ({e.ph_text[:60]!r}), which matches no card",
                             tr=f"amaçlara göre düzenlenmiş bölüm {e.ph_code} hedefini (‘{e.ph_text[:60]}’) yazıyor, ama bu hiçbir kartla eşleşmiyor", at=(per_page(e.boxes.values()), ()))
        self.out.extra_tables["aim_section_indicators"] = extra

        for ci, c in enumerate(cards, 1):
            pt = self.card_rows[ci - 1]
            scope = f"{pt.ph_code} (card {ci})" if pt.ph_code in self.shared_ph else pt.ph_code
            k = entry_of.get(ci)
            if k is None:
                self.missing("aim_section_vs_card", scope, [c.page], f"card {c.ph_code} of {pt.unit_canonical} is not re-printed in the aim-organised section",
                             tr=f"{pt.unit_canonical} biriminin {c.ph_code} kartı amaçlara göre düzenlenmiş bölümde yeniden yazılmamış", at=((), per_page(c.boxes.values())))
                continue
            e = entries[k]
            n_before = len(self.rec)
            for field, both in (("ph_code", False), ("aim_code", False), ("goal_code", False), ("ph_text", False), ("goal_text", True)):
                a, b = getattr(c, field), getattr(e, field)
                if both and not (a and b):
                    continue
                if letter_key(a) != letter_key(b):
                    self.text_mismatch("aim_section_vs_card", scope, a, b, [c.page, e.page], FIELDS[field], WHERE["card"], WHERE["aim_section"],
                                       at=([c.boxes[field]] if field in c.boxes else [], [e.boxes[field]] if field in e.boxes else []))
            self.compare_indicators(ci, c, e, scope)
            if len(self.rec) == n_before:
                self.ok("aim_section_vs_card", scope, [c.page, e.page, *(i.page for i in c.indicators), *(i.page for i in e.indicators)], f"codes, texts and the {len(c.indicators)} indicators (names, types, units, values) agree",
                        tr=f"kodlar, metinler ve {len(c.indicators)} gösterge (adları, türleri, birimleri, değerleri) tutuyor")

    def compare_indicators(self, ci: int, c: RawCard, e: RawAimEntry, scope: str) -> None:
        ci_inds, e_inds = c.indicators, e.indicators
        years = self.years_of(c, f"card {ci} ({c.ph_code})") if ci_inds else ()
        # pair by position when both list the same number of indicators, else by code then by name
        if len(ci_inds) == len(e_inds):
            pairs = {i: i for i in range(len(ci_inds))}
        else:
            pairs = {}
            usedj: set[int] = set()
            for i, a in enumerate(ci_inds):
                for j, b in enumerate(e_inds):
                    if j not in usedj and norm(a.code) == norm(b.code) and not a.code.endswith("."):
                        pairs[i] = j
                        usedj.add(j)
                        break
            rest = align([a.name for i, a in enumerate(ci_inds)], [b.name if j not in usedj else "\x00" for j, b in enumerate(e_inds)], lambda i, j: i not in pairs)
            for i, j in rest.items():
                pairs[i] = j
        for i, a in enumerate(ci_inds):
            code = self.unique[(ci, i + 1)]
            j = pairs.get(i)
            if j is None:
                self.missing("aim_section_indicator", code, [a.page, e.page], f"indicator {a.code} {a.name!r} of card {c.ph_code} is not in the aim-organised section",
                             tr=f"{c.ph_code} kartının {a.code} göstergesi (‘{a.name}’) amaçlara göre düzenlenmiş bölümde yok", at=((), regions([(a.page, a.box)])))
                continue
            b = e_inds[j]
            pages = [a.page, b.page]
            rows_at = (regions([(a.page, a.box)]), regions([(b.page, b.box)]))
            if norm(a.code) != norm(b.code):
                self.text_mismatch("aim_section_indicator_code", code, a.code, b.code, pages, (f"indicator code (position {i + 1} of {c.ph_code})", f"gösterge kodu ({c.ph_code} içinde {i + 1}. sıra)"),
                                   WHERE["card"], WHERE["aim_section"], at=rows_at)
            for field, x, y in (("indicator_name", a.name, b.name), ("indicator_type", a.type, b.type), ("indicator_unit", a.unit, b.unit)):
                if letter_key(x) != letter_key(y):
                    self.text_mismatch("aim_section_indicator_text", code, x, y, pages, FIELDS[field], WHERE["card"], WHERE["aim_section"], at=rows_at)
            for k, ((year, role), x, y) in enumerate(zip(years, a.values, b.values, strict=True)):
                vx, vy = _number(x, [], ""), _number(y, [], "")
                # a dash, an empty cell and 0 all say "nothing": only a different amount is a difference
                if (vx if vx is not None else ZERO) == (vy if vy is not None else ZERO):
                    continue
                note = f"{role} {year}: the card prints {x or '(empty)'!r}, the aim-organised section prints {y or '(empty)'!r}"
                note_tr = f"{year} {ROLE_TR.get(role, role)}: kartta {_shown(x)}, amaçlara göre düzenlenmiş bölümde {_shown(y)} yazıyor"
                at = (regions([(b.page, _cell(b.value_boxes, k))]), regions([(a.page, _cell(a.value_boxes, k))]))
                if vx is not None and vy is not None:
                    self.check("aim_section_indicator_value", f"{code} {year}", vy, vx, pages, note, tr=note_tr, at=at)
                else:
                    self.rec.append(ReconciliationResult(self.program, "aim_section_indicator_value", f"{code} {year}", vy, vx, "mismatch", pages_str(pages), note, note_tr, boxes_a=at[0], boxes_b=at[1]))
        for j, b in enumerate(e_inds):
            if j not in pairs.values():
                self.missing("aim_section_indicator", f"{scope} {b.code}", [b.page, c.page], f"the aim-organised section prints indicator {b.code} {b.name!r} under {e.ph_code}, which the card does not have",
                             tr=f"amaçlara göre düzenlenmiş bölüm {e.ph_code} altında {b.code} göstergesini (‘{b.name}’) yazıyor, ama kartta bu gösterge yok", at=(regions([(b.page, b.box)]), ()))

    # -- program totals and the economic-code table ---------------------------------------------

    def program_checks(self) -> None:
        acts = [a for acts in self.act_rows for a in acts]
        self.rec += run_checks(list(SPEC["checks"]["program"]), self.out)  # the program totals and the economic codes, declared in card.yml
        self.rec += run_checks(list(SPEC["checks"]["economic_code_table"]), self.out)  # the economic-code table's own sums, declared in card.yml
        # each activity row: BÜTÇE + BÜTÇE DIŞI = TOPLAM
        for a in acts:
            total, extra_note, extra_tr = self.total_for_check(a)
            computed = (a.budget or ZERO) + (a.off_budget or ZERO)
            row = self.rows_at([a])
            if total is None:
                self.missing("activity_row_sum", self.act_scope(a), [a.page], f"{a.name!r}: BÜTÇE + BÜTÇE DIŞI vs TOPLAM on the card{extra_note}", computed=computed,
                             tr=f"‘{a.name}’: kartta BÜTÇE + BÜTÇE DIŞI ile TOPLAM{extra_tr}", at=(row, row))
                continue
            self.check("activity_row_sum", self.act_scope(a), total, computed, [a.page], f"{a.name!r}: BÜTÇE + BÜTÇE DIŞI vs TOPLAM on the card{extra_note}",
                       tr=f"‘{a.name}’: kartta BÜTÇE + BÜTÇE DIŞI ile TOPLAM{extra_tr}", at=(row, row))

    # -- driver ---------------------------------------------------------------------------------

    def run(self) -> None:
        self.units()
        self.themes()
        self.cards()
        self.economic_codes()
        self.summaries()
        self.unit_totals()
        self.admin_activities()
        self.relationships()
        self.theme_list_vs_cards()
        self.aim_section()
        self.program_checks()
        self.out.extra_tables["theme_list"] = [
            {"theme": t.theme, "aim_code": t.aim_code, "aim_text": t.aim_text, "goal_code": g, "goal_text": gt, "page": gp if gp is not None else t.page} for t in self.raw.themes for g, gt, gp in t.goals
        ]
        self.out.reconciliation = self.rec


def build(raw: RawDocument, out: ExtractedProgram) -> ExtractedProgram:
    """Fill `out` (program, source and method already set) from `raw`."""
    b = _Builder(raw, out)
    b.run()
    out.method.setdefault("unit_summary_columns", {})
    out.method["unit_summary_columns"] = {
        raw.summaries[i].unit: {"codes": cols, "from": b.summary_source[i]} for i, cols in b.summary_columns.items()
    }
    headers = {" | ".join(t.value_headers): ", ".join(f"{y} {r}" for y, r in years) for t in [*raw.cards, *raw.aim_entries] if (years := b.read_years(t.value_headers))}
    out.method["indicator_years"] = {"read_from": "each card's printed indicator header (analysis.extract.core.years)", "headers": headers}
    out.warnings.extend(raw.warnings)
    return out


__all__ = ["build", "infer_summary_columns", "tr_title"]
