"""Grid layout (Kocaeli 2021 and other Word exports): fully ruled performance-target tables.

One performance target = one ruled table ("card"): label rows *Sorumlu Birim Adı*, *Stratejik Amaç*,
*Stratejik Hedef*, *Performans Hedefi*; an indicator block (*Sıra | Performans Göstergeleri | Ölçü Birimi |
2019 | 2020\\* | 2021 Yılı Hedefi*); an activity block (*Sıra | Faaliyet ve Projeler | 03 | 05 | 06 |
2021 Yılı Kaynak İhtiyacı (TL)*) closed by a *Genel Toplam (TL)* row. Cards sit under numbered theme
headings (`1. Kentsel Dönüşüm`, `1.1. Ulaşım Hizmetleri`). After the cards come three summary tables:
*Dairelere Göre Faaliyet Sayısı ve 2021 Yılı Kaynak İhtiyacı* (per department), *İdare Performans Tablosu ve
Sorumlu Birimler* (per activity, with theme / service-area subtotals and closing rows) and *Toplam Kaynak
İhtiyacı Tablosu* (by economic code).

Modules: `pdf` (PDF edition → the core's rows of cells, camelot lattice) and `text` (text edition → the
same rows, `core.tab_text`); `cards` (the cards and two summary tables, by the core's assembly from grid.yml) and `tables` (the other summary
tables and headings), both edition-independent; this module builds the contract rows and `reconcile` checks
every stated total.

Conventions of the rows this layout writes
------------------------------------------
- `ph_code` is normalised (`TO/Ph.5.4.1` → `TO/PH.5.4.1`); `ph_code_raw` keeps the print.
- `theme` = the service-area heading the card sits under (`Ulaşım Hizmetleri`); `theme_group` = the top
  theme (`Kentsel Dönüşüm`).
- `aim_code`/`aim_text` are the strategic aim. Where the *Stratejik Amaç* cell holds a target instead
  (`KE.1.7 …`, a code with as many parts as the goal code), the aim is derived from the goal code
  (`KE.1.7` → `KE.1`) and its text taken from another card that prints that aim (else from the section-B
  plan table); the printed cell is kept in `PerformanceTarget.note`.
- `unit` is the department as printed; `unit_canonical` merges spelling variants onto the spelling of
  the department table (variants listed in `method["unit_variants"]`).
- `indicator_code` = `<ph_code>#<n>` (the layout prints only row numbers; `indicator_code_raw` keeps the
  printed *Sıra*, e.g. `1`); `kind` and `indicator_type` are
  empty (the layout does not print them). Values: year and role read from each card's header
  (`analysis.extract.core.years`): `2019` → role `actual`, `2020*` → `estimate` (the document's
  footnote), `2021 Yılı Hedefi` → `target`; `value_raw` as printed, `value` parsed with
  `analysis.core.numbers.parse_number` (`-` and empty cells → no value).
- `measure_unit`: square metres are written `M²` in both editions (PDF: raised 2; text: `<sup>2</sup>`).
- Activities: `seq` = *Sıra* in the card; `econ` = the 03 / 05 / 06 columns; `total` as printed;
  `budget` = `total` and `off_budget` = 0.00 (the cards have no off-budget column; the İdare Performans
  Tablosu prints *Bütçe Dışı* `-` for every activity).
- `page` = 1-based page of the PDF edition; None for the text edition.

Stated totals (`StatedTotal.table` / `scope` / `measure`)
---------------------------------------------------------
- `card` / `<ph_code>` / `total`, `econ_03`, `econ_05`, `econ_06`: the card's *Genel Toplam (TL)* row.
- `department_summary` / `<department as printed>` / `ph_count`, `activities_count`, `indicators_count`,
  `total`; its *Genel Toplam* row has scope `program`.
- `admin_performance_table` / `<subtotal label as printed>` (e.g. `ULAŞIM HİZMETLERİ`) / `budget`, `total`,
  `share_pct`; the closing rows have scope `program` and measures `performance_targets_total`,
  `general_administration_total`, `transfers_total`, `total` (each also `<measure>_share_pct`).
- `economic_code_table` / `01`…`09` / `performance_targets_total`, `general_administration_total`,
  `transfers_total`, `total`; the closing *Toplam Kaynak İhtiyacı* row has scope `program` and the same
  measures except that its *Genel Toplam* is `total_resource_need` (exactly one per program: the
  document's grand total of 2021 resource need).
- `text_counts` / `program` / `ph_count`, `activities_count`, `indicators_count`: the counts stated in
  the text (*99 performans hedefi … 291 faaliyet/proje ve 367 performans göstergesi*).

Reconciliation check names are listed in `reconcile`.
"""

from __future__ import annotations

import re
import time
from decimal import Decimal
from typing import Any

from analysis.core.model import (
    Activity,
    Box,
    ExtractedProgram,
    Indicator,
    IndicatorValue,
    PerformanceTarget,
    StatedTotal,
)
from analysis.core.progress import ProgressCallback
from analysis.core.text import clean_cell
from analysis.extract.base import Document, ExtractionError
from analysis.extract.common import merge_variants, normalise_code
from analysis.extract.core.rows import money, number
from analysis.extract.core.statement_boxes import number_boxes
from analysis.extract.grid.cards import read_cards
from analysis.extract.grid.reconcile import reconcile
from analysis.extract.grid.tables import COUNTS, PROFILE, Card, Parsed, parse_stream, split_code


def _count(raw: str, warnings: list[str], where: str) -> Decimal | None:
    v = number(raw, warnings, where)
    return None if v is None else Decimal(int(v))


def _seq(raw: str, fallback: int) -> int:
    try:
        return int(raw)
    except ValueError:
        return fallback


def _parent(code: str) -> str:
    return ".".join(code.split(".")[:-1])


class GridLayout:
    name = PROFILE.name
    description = PROFILE.description

    def detect(self, doc: Document) -> float:
        """The share of grid.yml's `detect.markers` the document's text contains (as printed: not folded)."""
        return sum(m in doc.text for m in PROFILE.markers) / len(PROFILE.markers)

    # ------------------------------------------------------------------------------------------------------
    def extract(self, doc: Document, program: str, progress: ProgressCallback | None = None) -> ExtractedProgram:
        started = time.perf_counter()
        if doc.edition == "pdf":
            from analysis.extract.grid.pdf import read_pdf

            items, read_method = read_pdf(doc.path, len(doc.page_texts), progress)
        else:
            from analysis.extract.grid.text import read_text

            items = read_text(doc.text)
            read_method = {
                "table_tool": {
                    "tool": "analysis.extract.grid.text",
                    "rows": "one TAB-separated line per table row; a blank line ends a table (the text edition splits tables at the original's page breaks)",
                    "markup": "<b>, ** removed; <sup>2</sup> → ² (M <sup>2</sup> → M²)",
                },
                "running_text": {"tool": "analysis.extract.grid.text", "use": "non-table lines: headings and the paragraph stating the counts"},
            }
            if progress:
                progress(1, 1, "text edition")
        parsed = parse_stream(items, *read_cards(items))
        cards = [c for c in parsed.cards if c.labels.get("ph")]
        if not cards:
            raise ExtractionError(f"{doc.path}: no performance-target tables found (no 'Sorumlu Birim Adı … Genel Toplam (TL)' cards); not a grid-layout program")
        result = ExtractedProgram(program, str(doc.path), doc.sha256, doc.edition, self.name)
        result.warnings.extend(parsed.warnings)
        result.warnings.extend(f"card {c.card_seq}: no Performans Hedefi row; card skipped" for c in parsed.cards if not c.labels.get("ph"))
        build_rows(result, parsed, cards)
        add_stated_totals(result, parsed, doc)
        tool = read_method["table_tool"]
        kind_tool = {k: v for k, v in tool.items() if k in ("tool", "version", "flavor", "engine")}
        result.method = {
            **read_method,
            "performance_cards": {
                **kind_tool,
                "pages": _pages(parsed.pages.get("cards")),
                "recognised_by": "label rows 'Sorumlu Birim Adı' (opens a card) … 'Genel Toplam (TL)' (closes it); columns mapped from each card's own header rows",
            },
            "department_summary": {**kind_tool, "pages": _pages(parsed.pages.get("departments")), "recognised_by": "header row 'Daire Adı … Faaliyet Sayısı'"},
            "admin_performance_table": {
                **kind_tool,
                "pages": _pages(parsed.pages.get("admin")),
                "recognised_by": "header row 'Performans Hedef Kodu | Faaliyet Adı …', continued over pages (repeated headers skipped)",
                "row_reading": "the department cell anchors each activity row; the cells after it are Bütçe Dışı, Bütçe İçi, Toplam, Payı (tolerates rows shifted by a column and a missing share)",
                "matching_to_cards": "rows matched to card activities in document order by name (common.align); the printed Performans Hedef Kodu is NOT used for grouping because the original's vertically merged cell prints it once per group and not always on the group's first row",
                "share_column": "subtotal and closing rows print a percentage of the budget (27,71); activity rows print a fraction (0,10). Only subtotal/closing shares are checked (±0.01 rounding).",
            },
            "economic_code_table": {**kind_tool, "pages": _pages(parsed.pages.get("econ")), "recognised_by": "header row 'Ekonomik Kod … Genel Toplam'"},
            "headings_and_counts": read_method["running_text"],
            "off_budget": "the cards have no off-budget column: off_budget = 0.00 and budget = total for every activity",
            "indicator_roles": {
                "read_from": "each card's indicator header (analysis.extract.core.years): a year with '*' = estimate (the document's footnote), 'Yılı Hedefi' = target, a bare year before the plan year = actual",
                "headers": dict(parsed.value_roles),
            },
            "unit_variants": result.method.get("unit_variants", {}),
            "aims": result.method.get("aims", {}),
            "numbers": "analysis.core.numbers.parse_number / parse_money: dot thousands, comma decimals, one stray dot decimal (70.2) kept as 70.2",
            "front_matter": "tables of other kinds (personnel, real estate, vehicles, hardware, software, applications, policy references, section-B aim/target tables) match no card or summary header and are not counted",
        }
        reconcile(result, parsed)
        result.method["seconds"] = round(time.perf_counter() - started, 2)
        return result


def _pages(pages: set[int] | None) -> str:
    if not pages:
        return ""
    ps = sorted(pages)
    runs = []
    start = prev = ps[0]
    for p in ps[1:]:
        if p == prev + 1:
            prev = p
            continue
        runs.append(f"{start}-{prev}" if start != prev else str(start))
        start = prev = p
    runs.append(f"{start}-{prev}" if start != prev else str(start))
    return ",".join(runs)


# ----------------------------------------------------------------------------------------------------------


def build_rows(result: ExtractedProgram, parsed: Parsed, cards: list[Card]) -> None:
    """Contract rows (targets, indicators, values, activities) from the parsed cards."""
    program = result.program
    w = result.warnings
    reference = [d.name for d in parsed.departments if not d.is_total]
    all_units = [c.labels.get("unit", "") for c in cards] + [a.unit for a in parsed.admin if a.kind == "activity"]
    canon = merge_variants(all_units, reference)
    variants: dict[str, list[str]] = {}
    for printed, c in canon.items():
        if printed != c:
            variants.setdefault(c, []).append(printed)
    result.method["unit_variants"] = {k: sorted(v) for k, v in variants.items()}

    # aims printed on cards (code -> text), for cards whose aim cell holds a target
    card_aims: dict[str, str] = {}
    for c in cards:
        code, text = split_code(c.labels.get("aim", ""))
        goal, _ = split_code(c.labels.get("goal", ""))
        if code and goal and code == _parent(goal):
            card_aims.setdefault(code, text)

    seen_codes: dict[str, int] = {}
    aims_note: dict[str, Any] = {}
    for c in cards:
        ph_raw, ph_text = split_code(c.labels.get("ph", ""))
        if not ph_raw:
            w.append(f"card {c.card_seq}: Performans Hedefi cell does not start with a code: {c.labels.get('ph', '')[:60]!r}")
        ph_code = normalise_code(ph_raw) if ph_raw else f"card-{c.card_seq}"
        if ph_code in seen_codes:
            w.append(f"card {c.card_seq}: PH code {ph_code} already used by card {seen_codes[ph_code]}")
        seen_codes.setdefault(ph_code, c.card_seq)
        goal_code, goal_text = split_code(c.labels.get("goal", ""))
        aim_cell = c.labels.get("aim", "")
        aim_code, aim_text = split_code(aim_cell)
        note = ""
        if goal_code and aim_code and aim_code != _parent(goal_code) and aim_code.count(".") >= goal_code.count("."):
            derived = _parent(goal_code)
            text = card_aims.get(derived)
            source = "the aim printed on other cards"
            if text is None:
                text = parsed.plan_aims.get(derived, "")
                source = "the section-B aim table" if text else "nowhere (aim text unknown)"
            note = (
                f"Stratejik Amaç cell holds a target, not an aim: {clean_cell(aim_cell)!r}. "
                f"aim_code {derived} derived from the goal code {goal_code}; aim_text from {source}."
            )
            aims_note[ph_code] = {"printed": aim_cell, "aim_code": derived, "aim_text_from": source}
            aim_code, aim_text = derived, text
        unit = c.labels.get("unit", "")
        result.performance_targets.append(
            PerformanceTarget(
                program=program,
                ph_code=ph_code,
                ph_text=ph_text,
                unit=unit,
                aim_code=aim_code,
                aim_text=aim_text,
                goal_code=goal_code,
                goal_text=goal_text,
                theme=c.theme,
                page=c.page,
                theme_group=c.theme_group,
                unit_canonical=canon.get(unit, unit),
                ph_code_raw=ph_raw,
                card_seq=c.card_seq,
                note=note,
            )
        )
        for n, ind in enumerate(c.indicators, start=1):
            seq = _seq(ind.seq_raw, n)
            if seq != n:
                w.append(f"{ph_code}: indicator row {n} is numbered {ind.seq_raw!r}")
            code = f"{ph_code}#{seq}"
            result.indicators.append(
                Indicator(program, ph_code, code, seq, ind.name, "", "", ind.measure_unit, ind.page, ind.seq_raw, c.card_seq)
            )
            for k, (year, role, raw) in enumerate(ind.values):
                box = ind.boxes[k] if k < len(ind.boxes) else None
                result.indicator_values.append(IndicatorValue(program, code, year, role, raw, number(raw, w, f"{code} {year}"), ind.page, box))
        for n, a in enumerate(c.activities, start=1):
            seq = _seq(a.seq_raw, n)
            if seq != n:
                w.append(f"{ph_code}: activity row {n} is numbered {a.seq_raw!r}")
            total = money(a.total_raw, w, f"{ph_code} activity {seq}")
            econ = {code: money(raw, w, f"{ph_code} activity {seq} econ {code}") for code, raw in a.econ_raw.items()}
            result.activities.append(
                Activity(program, ph_code, seq, a.name, unit, total, Decimal("0.00"), total, econ, a.page, c.card_seq, canon.get(unit, unit), a.box)
            )
    result.method["aims"] = {"aim cell holds a target (aim derived from goal code)": aims_note}


def add_stated_totals(result: ExtractedProgram, parsed: Parsed, doc: Document) -> None:
    """Every total and count the document states about itself, plus the summary tables as extra tables."""
    program = result.program
    w = result.warnings
    st = result.stated_totals

    def add(table: str, scope: str, measure: str, value: Decimal | None, page: int | None, note: str = "", raw: str | None = None, box: Box | None = None) -> None:
        if value is not None:
            if raw is not None:
                note = f"{note}; printed {raw!r}" if note else f"printed {raw!r}"
            st.append(StatedTotal(program, table, scope, measure, value, page, note, box))

    pts = {t.card_seq: t for t in result.performance_targets}
    for c in parsed.cards:
        t = pts.get(c.card_seq)
        if t is None or c.total_raw is None:
            continue
        add("card", t.ph_code, "total", money(c.total_raw, w, f"{t.ph_code} Genel Toplam"), c.total_page, "Genel Toplam (TL)", c.total_raw, c.total_box)
        for code, raw in c.total_econ_raw.items():
            add("card", t.ph_code, f"econ_{code}", money(raw, w, f"{t.ph_code} Genel Toplam {code}"), c.total_page, f"Genel Toplam (TL), {c.econ_header.get(code, code)}", raw, c.total_econ_box.get(code))

    dept_rows = []
    for d in parsed.departments:
        scope = "program" if d.is_total else d.name
        note = "Genel Toplam row" if d.is_total else ""
        raws = {"ph_count": d.ph_count_raw, "activities_count": d.activities_count_raw, "indicators_count": d.indicators_count_raw, "total": d.total_raw}
        vals = {m: (money(r, w, f"department {d.name}") if m == "total" else _count(r, w, f"department {d.name}")) for m, r in raws.items()}
        cell = {"ph_count": "ph", "activities_count": "act", "indicators_count": "ind", "total": "total"}
        for m, v in vals.items():
            add("department_summary", scope, m, v, d.page, note, raws[m], d.boxes.get(cell[m]))
        counts = {m: (int(v) if v is not None else None) for m, v in vals.items() if m != "total"}
        dept_rows.append({"department": d.name, "is_total": d.is_total, **counts, "total": vals["total"], "total_raw": d.total_raw, "page": d.page})
    if dept_rows:
        result.extra_tables["department_summary"] = dept_rows

    admin_rows = []
    for a in parsed.admin:
        total = money(a.total_raw, w, f"admin row {a.position}")
        budget = money(a.budget_raw, w, f"admin row {a.position}")
        share = number(a.share_raw, w, f"admin row {a.position} share")
        box = a.boxes.get
        if a.kind == "subtotal":
            add("admin_performance_table", a.label, "budget", budget, a.page, "Bütçe İçi", a.budget_raw, box("budget"))
            add("admin_performance_table", a.label, "total", total, a.page, "Toplam", a.total_raw, box("total"))
            add("admin_performance_table", a.label, "share_pct", share, a.page, "Bütçe İçindeki Payı (%)", a.share_raw, box("share"))
        elif a.kind == "closing":
            key = a.key
            add("admin_performance_table", "program", key, total, a.page, a.label, a.total_raw, box("total"))
            add("admin_performance_table", "program", f"{key}_share_pct", share, a.page, f"{a.label}, Bütçe İçindeki Payı (%)", a.share_raw, box("share"))
        if a.kind == "activity" and not a.share_raw:
            w.append(f"İdare Performans Tablosu row {a.position} '{a.name}': no share (Bütçe İçindeki Payı) printed")
        admin_rows.append(
            {
                "position": a.position,
                "kind": a.kind,
                "label": a.label,
                "ph_code_printed": a.code_raw,
                "activity": a.name,
                "unit": a.unit,
                "off_budget_raw": a.off_budget_raw,
                "budget": budget,
                "total": total,
                "share_raw": a.share_raw,
                "page": a.page,
            }
        )
    if admin_rows:
        result.extra_tables["admin_performance_table"] = admin_rows

    econ_rows = []
    for e in parsed.econ:
        scope = "program" if e.is_total else e.code
        vals = {k: money(v, w, f"economic code {e.code or e.label}") for k, v in e.values_raw.items()}
        for k, v in vals.items():
            measure = "total_resource_need" if (e.is_total and k == "total") else k
            add("economic_code_table", scope, measure, v, e.page, f"{e.label}; {parsed.econ_columns.get(k, k)}", e.values_raw.get(k), e.boxes.get(k))
        econ_rows.append({"economic_code": e.code, "label": e.label, "is_total": e.is_total, **vals, "page": e.page})
    if econ_rows:
        result.extra_tables["economic_code_table"] = econ_rows

    # counts stated in the running text
    texts = list(enumerate(doc.page_texts, start=1)) if doc.edition == "pdf" else [(None, doc.text)]
    for page, text in texts:
        m = COUNTS.pattern.search(re.sub(r"\s+", " ", text))
        if m:
            note = clean_cell(m.group(0))
            boxes = number_boxes(doc.path, page, m.groups(), COUNTS.follows) if page is not None else [None] * 3
            for measure, raw, box in zip(COUNTS.measures, m.groups(), boxes, strict=True):
                add("text_counts", "program", measure, _count(raw, w, "stated counts"), page, note, box=box)
            break
    else:
        w.append("the paragraph stating the numbers of performance targets, activities and indicators was not found")


GRID = GridLayout()
