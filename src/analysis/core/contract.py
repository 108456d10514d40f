"""The published tables: names, columns and types (see docs/data-contract.md).

Users build on these names, so they are stable: columns may be added, never renamed or dropped.
The schemas are Frictionless Table Schemas; `datapackage.json` is generated from them, and the
check stage validates every CSV against them.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.core.model import ECON_CODES, INDICATOR_ROLES


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless type: string, integer, number
    description: str
    required: bool = False
    money: bool = False


def _money(name: str, description: str, required: bool = False) -> Column:
    return Column(name, "number", description, required=required, money=True)


PAGE = Column("page", "integer", "Page of the source PDF (1-based); empty for text editions.")


def _method(what: str) -> list[Column]:
    """How `what` was read: `method`, `ocr_confidence`, `ocr_note` (see the data contract's *Method* section)."""
    return [
        Column("method", "string", f"How {what} was read: `text` (the PDF's text layer, or a text edition) or `ocr` (a scanned page read by OCR)."),
        Column("ocr_confidence", "number", f"For `ocr`: tesseract's confidence (0-100) in {what}, the lowest of its words; empty where the reading could not be located."),
        Column("ocr_note", "string", f"For `ocr`: what an OCR repair changed in {what} (with what was read), or why the reading is uncertain (`OCR-uncertain: ...`)."),
    ]


def _bbox(what: str) -> list[Column]:
    """`x0, top, x1, bottom` of `what` on `page`: PDF points from the page's top-left corner, as pdfplumber measures."""
    where = f"{what} on `page`, in PDF points from the page's top-left corner (as pdfplumber measures); empty for text editions."
    return [
        Column("x0", "number", f"Left edge of {where}"),
        Column("top", "number", f"Top edge of {where}"),
        Column("x1", "number", f"Right edge of {where}"),
        Column("bottom", "number", f"Bottom edge of {where}"),
    ]


BBOX_COLUMNS = ("x0", "top", "x1", "bottom")
REGIONS = "`page:x0,top,x1,bottom` (PDF points, top-left origin), several separated by `; `; empty for text editions"
PROGRAM = Column("program", "string", "Program id, `<municipality-slug>-<year>`.", required=True)

TABLES: dict[str, list[Column]] = {
    "performance_targets": [
        PROGRAM,
        Column("ph_code", "string", "Performance target code as printed, normalised (`KE/PH.1.1.1`, `PH9.62.1`).", True),
        Column("ph_text", "string", "The performance target's text."),
        Column("unit", "string", "Responsible unit (Müdürlük / Daire Başkanlığı), as printed.", True),
        Column("aim_code", "string", "Strategic aim (Amaç) code."),
        Column("aim_text", "string", "Strategic aim text."),
        Column("goal_code", "string", "Strategic target (Hedef) code."),
        Column("goal_text", "string", "Strategic target text."),
        Column("theme", "string", "The document's own theme / service area."),
        PAGE,
        Column("theme_group", "string", "The broader grouping above `theme` where the document has one (Kocaeli: `Kentsel Dönüşüm`)."),
        Column("unit_canonical", "string", "`unit` with spelling variants of the same unit merged, for grouping."),
        Column("ph_code_raw", "string", "The code exactly as printed, before normalisation."),
        Column("card_seq", "integer", "Position of the card in the document, from 1."),
        Column("note", "string", "What the extractor noticed about this card (e.g. aim cell holds a target)."),
    ],
    "indicators": [
        PROGRAM,
        Column("ph_code", "string", "The card it belongs to.", True),
        Column("indicator_code", "string", "As printed (`PG9.62.1.1`); `<ph_code>#<n>` where the layout has only a row number.", True),
        Column("seq", "integer", "Position within the card, from 1.", True),
        Column("name", "string", "Indicator name.", True),
        Column("kind", "string", "`performance` (PG) or `monitoring` (İG); empty where the layout does not say."),
        Column("indicator_type", "string", "Çıktı, Sonuç, Kalite, Verimlilik, ... as printed; empty where absent."),
        Column("measure_unit", "string", "Ölçü birimi as printed."),
        PAGE,
        Column("indicator_code_raw", "string", "The code exactly as printed (may be truncated in the document)."),
        Column("card_seq", "integer", "Position of the card in the document, from 1."),
    ],
    "indicator_values": [
        PROGRAM,
        Column("indicator_code", "string", "Which indicator.", True),
        Column("year", "integer", "Year of the column (2019, 2020, 2021).", True),
        Column("role", "string", "`actual`, `partial_actual`, `estimate` or `target`.", True),
        Column("value_raw", "string", "The cell as printed."),
        Column("value", "number", "Parsed number; empty if the print is not a number."),
        PAGE,
        *_bbox("the value's cell"),
        *_method("the value"),
    ],
    "activities": [
        PROGRAM,
        Column("ph_code", "string", "The card it belongs to.", True),
        Column("seq", "integer", "Position within the card, from 1.", True),
        Column("name", "string", "Activity / project name.", True),
        Column("unit", "string", "Responsible unit."),
        _money("budget", "In-budget amount (Bütçe / Bütçe İçi), TL."),
        _money("off_budget", "Off-budget amount (Bütçe Dışı), TL; 0.00 where the document has none."),
        _money("total", "Total as printed, TL."),
        *[_money(f"econ_{c}", f"Amount under first-level economic code {c}, TL, where the document gives it.") for c in ECON_CODES],
        PAGE,
        *_bbox("the activity's row"),
        Column("card_seq", "integer", "Position of the card in the document, from 1."),
        Column("unit_canonical", "string", "`unit` with spelling variants of the same unit merged, for grouping."),
        *_method("the activity's amounts"),
    ],
    "stated_totals": [
        PROGRAM,
        Column("table", "string", "Which of the document's tables states the total.", True),
        Column("scope", "string", "What the total is about: a PH code, a unit, a theme, an economic code, `program`.", True),
        Column("measure", "string", "`total`, `budget`, `econ_06`, `activities_count`, ...", True),
        Column("value", "number", "The stated value (TL for money measures, a count for `*_count`).", True),
        PAGE,
        *_bbox("the printed total's cell (empty too where the total is stated in running text)"),
        Column("note", "string", "What was read, where it helps a reader find it."),
        *_method("the stated value"),
    ],
    "reconciliation": [
        PROGRAM,
        Column("check", "string", "Which comparison.", True),
        Column("scope", "string", "What is compared (a PH code, a unit, a theme, `program`).", True),
        Column("stated", "number", "What the document states."),
        Column("computed", "number", "What the extracted rows add up to."),
        Column("difference", "number", "computed − stated."),
        Column("status", "string", "`ok`, `mismatch` or `missing`.", True),
        Column("pages", "string", "Pages of the PDF involved, e.g. `30; 100`."),
        Column("note", "string", "Plain-language explanation."),
        Column("note_tr", "string", "`note` in Turkish (used on the Turkish pages)."),
        Column("text_a", "string", "Checks of printed text (names, codes): the first table's string, as printed."),
        Column("text_b", "string", "Checks of printed text: the other table's string, as printed."),
        Column("boxes_a", "string", f"Where side a (the stated value, or `text_a`) is printed: {REGIONS}."),
        Column("boxes_b", "string", f"Where side b (what it is compared with: another printed value, `text_b`, or the rows added up) is printed: {REGIONS}."),
    ],
}

RECONCILIATION_STATUSES = ("ok", "mismatch", "missing")


def column_names(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def table_schema(table: str) -> dict:
    """The Frictionless Table Schema of one contract table."""
    fields = []
    for col in TABLES[table]:
        f: dict = {"name": col.name, "type": col.type, "description": col.description}
        if col.required:
            f["constraints"] = {"required": True}
        if col.name == "status" and table == "reconciliation":
            f["constraints"] = {"required": True, "enum": list(RECONCILIATION_STATUSES)}
        if col.name == "role" and table == "indicator_values":
            f["constraints"] = {"required": True, "enum": list(INDICATOR_ROLES)}
        if col.money:
            f["x-money"] = "TL, exact: plain decimal with two decimals"
        fields.append(f)
    return {"fields": fields, "missingValues": [""]}
