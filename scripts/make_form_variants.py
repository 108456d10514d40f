"""Re-typeset the synthetic Kuzeykent 2022 program (the Rehber's Tablo 1-4) in the ways other municipalities print them.

Takes:   tests/fixtures/kuzeykent-2022/expected.json (the hand-checked ground truth; --expected to use another) and
         the DejaVu Sans fonts in tests/fixtures/fonts/ (embedded, so no installed font is needed).
Returns: for every named variant (all, or those given with --only), <out>/<name>.pdf and <out>/<name>.json.
         The PDF prints the SAME content as the example (same strings, rows, order of targets and activities, and so
         the same internal contradictions) with another layout: orientation, rules (full black grid / thin grey /
         horizontal only), header rows repeated across page breaks or not, header wording (bare years or
         "Önceki Yıl (2020)…", "Performans Göstergesi/Göstergeleri", "(TL)"/"(₺)"), with or without the Ölçü Birimi
         column, Tablo 2 placement (after all Tablo 1 / interleaved / annex after Tablo 3-4), amounts with or without
         kuruş, empty economic codes as "-", "0,00" or blank, "%85" percentages, and a re-dated edition (+3 years).
         Front matter kept: cover, Sunuş stating the total, distractor tables (buildings, vehicles, personnel), the
         "Stratejik Amaç ve Hedefler" table (same codes), the page stating the counts; running header and page footer.
         The manifest <name>.json gives the axes and, wherever the printed form differs from expected.json, the
         mapping (amounts, zero cells, indicator values, texts with shifted years) so a test can compare by value.
         Output is deterministic (reportlab invariant mode): same bytes on every run. Prints seconds per variant.

Usage:   python scripts/make_form_variants.py --out DIR [--only NAME ...] [--list] [--expected JSON]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXPECTED = ROOT / "tests/fixtures/kuzeykent-2022/expected.json"
FONT_DIR = ROOT / "tests/fixtures/fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
SHADE = colors.Color(0.85, 0.85, 0.85)
LABEL_SHADE = colors.Color(0.94, 0.94, 0.94)
COLOUR_SHADE = colors.Color(0.78, 0.87, 0.95)        # colour_labels: header rows (light blue)
COLOUR_LABEL = colors.Color(0.99, 0.90, 0.75)        # colour_labels: label cells (light orange)


@dataclass(frozen=True)
class Variant:
    """One way of printing the forms: every axis the generator varies."""

    name: str
    description: str
    orientation: str = "portrait"            # portrait | landscape
    rules: str = "grid"                      # grid (black 0.5 pt) | thin (0.25 pt, grey 0.6) | horizontal (no verticals)
    repeat_headers: bool = True              # Tablo 3 header rows (and long Tablo 1 label rows) repeated on each page
    year_labels: str = "bare"                # bare: 2020 | 2021 | 2022; labelled: Önceki Yıl (2020) | Cari Yıl … | Plan Yılı …
    indicator_heading: str = "Performans Göstergeleri"  # or "Performans Göstergesi"
    currency: str = "TL"                     # TL | ₺ (in the amount headers)
    unit_column: bool = True                 # print Ölçü Birimi (without: the unit is not printed at all)
    tablo2_placement: str = "after"          # after (all Tablo 1, then all Tablo 2) | interleaved | annex
    amounts: str = "as_printed"              # as_printed | no_kurus (drop ,00 everywhere) | all_kurus (add ,00 to Tablo 1/3)
    empty_econ: str = "as_printed"           # as_printed | "-" | "0,00" | "" : Tablo 2 zero cells (econ codes, off-budget)
    percent_sign: bool = False               # indicator values of Yüzde… units printed as %85
    year_shift: int = 0                      # +3: every year 2019-2024 in headers and text (codes, amounts stay)
    font_size: float = 7.5
    colour_labels: bool = False              # label cells and header rows filled with colour, even with horizontal rules
    tablo3: str = "standard"                 # standard | designed: narrow name column (names wrap over 2-3 lines),
                                             # "Performans / Hedefi" header on two lines, İdare Adı label row repeated
    tablo3_header: str = "spanned"           # spanned: Amaç … Faaliyetler, Pay merged over the header's two rows |
                                             # split: two header rows with a rule across, "Performans" over "Hedefi"
    label_rule: bool = True                  # a rule under Tablo 3's İdare Adı row (False: colour bands alone part it)


VARIANTS = [
    Variant("grid-portrait", "Close to the example: A4 portrait, black grid, repeated headers, bare years."),
    Variant("grid-landscape-labelled", "A4 landscape, black grid, 'Önceki Yıl (2020) | Cari Yıl (2021) | Plan Yılı (2022)', all amounts with kuruş, zero codes as 0,00.",
            orientation="landscape", year_labels="labelled", amounts="all_kurus", empty_econ="0,00"),
    Variant("thin-interleaved-lira", "Thin grey rules, Tablo 2s right after their Tablo 1, '(₺)' headers, 'Performans Göstergesi'.",
            rules="thin", tablo2_placement="interleaved", currency="₺", indicator_heading="Performans Göstergesi"),
    Variant("horizontal-annex-nounit", "Horizontal rules only (no vertical lines, no shading), no Ölçü Birimi column, Tablo 2s in an annex, blank zero codes, headers not repeated.",
            rules="horizontal", tablo2_placement="annex", unit_column=False, empty_econ="", repeat_headers=False),
    Variant("no-kurus-dash", "Amounts without kuruş (only ,00 values exist), zero codes as '-', headers not repeated.",
            amounts="no_kurus", empty_econ="-", repeat_headers=False),
    Variant("percent-thin-landscape", "Landscape, thin grey rules, Yüzde indicator values printed as %85, labelled years.",
            orientation="landscape", rules="thin", percent_sign=True, year_labels="labelled"),
    Variant("redated-2025", "Every year +3 (2023 | 2024 | 2025 in headers and text; codes and amounts unchanged), interleaved, labelled years.",
            year_shift=3, year_labels="labelled", tablo2_placement="interleaved"),
    Variant("horizontal-landscape-lira", "Landscape, horizontal rules only, '(₺)', no Ölçü Birimi, headers not repeated, Tablo 2 after Tablo 1.",
            orientation="landscape", rules="horizontal", currency="₺", unit_column=False, repeat_headers=False),
    Variant("grid-annex-percent-nokurus", "Black grid, annex, %85 percentages, amounts without kuruş, blank zero codes, 'Performans Göstergesi'.",
            tablo2_placement="annex", percent_sign=True, amounts="no_kurus", empty_econ="", indicator_heading="Performans Göstergesi"),
    Variant("designed-horizontal-annex", "A designed look: coloured label cells and header rows, horizontal rules only, no Ölçü Birimi, Tablo 2s in an annex; "
            "Tablo 3 with its İdare Adı row and header on every page, 'Performans / Hedefi' on two lines, names wrapping over 2-3 lines.",
            rules="horizontal", colour_labels=True, unit_column=False, tablo2_placement="annex", tablo3="designed", label_rule=False),
    Variant("designed-split-landscape", "The designed look in landscape: coloured label cells, horizontal rules only, no Ölçü Birimi, Tablo 2s in an annex; "
            "Tablo 3's header in two rows with a rule across ('Performans' over 'Hedefi'), İdare Adı row and header on every page, wrapping names.",
            orientation="landscape", rules="horizontal", colour_labels=True, unit_column=False, tablo2_placement="annex", tablo3="designed",
            tablo3_header="split"),
    Variant("designed-split-thin", "The designed Tablo 3 in a thin grey grid, landscape, 8.5 pt: header in two unmerged rows ('Performans' over "
            "'Hedefi', 'Performans' itself broken as 'Performa / ns' in its narrow cell), narrow wrapping names, coloured label cells, Tablo 2s in "
            "an annex, amounts with kuruş.",
            orientation="landscape", rules="thin", colour_labels=True, tablo2_placement="annex", tablo3="designed", tablo3_header="split",
            amounts="all_kurus", font_size=8.5),
]


NOTES = {
    "content": "Same strings, rows and order as expected.json (so the same contradictions); only the printed form changes as mapped.",
    "amounts": "mappings.amounts: printed form of every amount whose form changed (value unchanged; kuruş only dropped when ,00).",
    "zero_cells": "mappings.zero_cells: how Tablo 2 zero cells (economic codes 01-09 and off-budget rows) are printed.",
    "indicator_values": "mappings.indicator_values: indicator cells printed with a % sign (ph_code, seq, year as in expected.json).",
    "texts": "mappings.texts: texts whose years 2019-2024 were shifted (year_shift); codes, amounts, indicator values, 2035 and 1957 unchanged.",
    "tablo3_contradictions": "The ground truth's contradictions printed in Tablo 3's activity rows (same in every variant), both sides as printed here.",
}


def register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


# ---------------------------------------------------------------------------------------------------------------
# How a value of expected.json is printed in a variant (and the record of every change, for the manifest).

WHOLE = re.compile(r"^\d{1,3}(\.\d{3})*$")
KURUS = re.compile(r"^\d{1,3}(\.\d{3})*,\d\d$")
YEAR = re.compile(r"\b(2019|2020|2021|2022|2023|2024)\b")


@dataclass
class Printer:
    variant: Variant
    years: dict
    changes: dict = field(default_factory=lambda: {"amounts": {}, "zero_cells": {}, "indicator_values": [], "texts": {}})

    def text(self, s: str | None) -> str:
        """Free text: years shifted in a re-dated variant (codes such as PH1.1.1 and amounts are not years)."""
        s = s or ""
        if not self.variant.year_shift:
            return s
        out = YEAR.sub(lambda m: str(int(m.group(1)) + self.variant.year_shift), s)
        if out != s:
            self.changes["texts"][s] = out
        return out

    def year(self, key: str) -> int:
        return self.years[key] + self.variant.year_shift

    def amount(self, raw: str | None) -> str:
        """A TL amount (any table): kuruş added or dropped per the variant, only ever for ,00 values."""
        raw = raw or ""
        out = raw
        if self.variant.amounts == "no_kurus" and KURUS.match(raw) and raw.endswith(",00"):
            out = raw[:-3]
        elif self.variant.amounts == "all_kurus" and WHOLE.match(raw):
            out = raw + ",00"
        if out != raw:
            self.changes["amounts"][raw] = out
        return out

    def econ(self, raw: str | None) -> str:
        """A Tablo 2 cell (economic code or off-budget row): zero cells printed in the variant's style."""
        raw = raw or ""
        if raw in ("-", "0,00", "") and self.variant.empty_econ != "as_printed":
            if raw != self.variant.empty_econ:
                self.changes["zero_cells"][raw] = self.variant.empty_econ
            return self.variant.empty_econ
        return self.amount(raw)

    def indicator(self, raw: str | None, unit: str, where: dict) -> str:
        raw = raw or ""
        if self.variant.percent_sign and unit.startswith("Yüzde") and re.match(r"^\d[\d.,]*$", raw):
            self.changes["indicator_values"].append({**where, "expected": raw, "printed": "%" + raw})
            return "%" + raw
        return raw

    def year_headers(self) -> list[str]:
        y = [self.year("actual"), self.year("estimate"), self.year("target")]
        if self.variant.year_labels == "labelled":
            return [f"Önceki Yıl ({y[0]})", f"Cari Yıl ({y[1]})", f"Plan Yılı ({y[2]})"]
        return [str(v) for v in y]

    def money_header(self, prefix: str) -> str:
        return f"{prefix} ({self.variant.currency})"


# ---------------------------------------------------------------------------------------------------------------
# Cells, rules and the four forms.


class Look:
    """Paragraph styles and table rules of a variant."""

    def __init__(self, variant: Variant):
        size = variant.font_size
        self.variant = variant
        self.cell = ParagraphStyle("cell", fontName=FONT, fontSize=size, leading=size * 1.22)
        self.bold = ParagraphStyle("bold", parent=self.cell, fontName=BOLD)
        self.head = ParagraphStyle("head", parent=self.bold, alignment=1)
        self.right = ParagraphStyle("right", parent=self.cell, alignment=2)
        self.body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=6, alignment=4)
        self.h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=14, leading=18, spaceBefore=6, spaceAfter=8)
        self.h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=6)
        self.title = ParagraphStyle("title", fontName=BOLD, fontSize=9.5, leading=12, spaceBefore=8, spaceAfter=3)

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text), style or self.cell)

    def style(self, n_rows: int, shaded_rows=(), label_cells=(), spans=(), right_cols=(), bold_rows=(), header_rows=()) -> TableStyle:
        """Rules, shading, spans and alignment; horizontal variants draw no vertical line and no shading (unless
        `colour_labels`: then header rows and label cells are filled with colour whatever the rules)."""
        v = self.variant
        cmds = [("FONT", (0, 0), (-1, -1), FONT, v.font_size), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        if v.rules == "grid":
            cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        elif v.rules == "thin":
            cmds.append(("GRID", (0, 0), (-1, -1), 0.25, colors.Color(0.6, 0.6, 0.6)))
        else:
            cmds += [("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black), ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.black)]
        for col in right_cols:
            cmds.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
        for row in list(bold_rows) + list(header_rows):
            cmds.append(("FONT", (0, row), (-1, row), BOLD, v.font_size))
        for row in header_rows:
            cmds.append(("ALIGN", (0, row), (-1, row), "CENTER"))
        if v.colour_labels:
            cmds += [("BACKGROUND", (0, r), (-1, r), COLOUR_SHADE) for r in shaded_rows]
            cmds += [("BACKGROUND", a, b, COLOUR_LABEL) for a, b in label_cells]
        elif v.rules != "horizontal":
            cmds += [("BACKGROUND", (0, r), (-1, r), SHADE) for r in shaded_rows]
            cmds += [("BACKGROUND", a, b, LABEL_SHADE) for a, b in label_cells]
        cmds += [("SPAN", a, b) for a, b in spans]
        return TableStyle(cmds)


def tablo1(t: dict, pr: Printer, look: Look, width: float) -> list:
    """Tablo 1 – Performans Hedefi Tablosu: labels, indicators, activities, Genel Toplam (one table)."""
    v = pr.variant
    landscape_ = v.orientation == "landscape"
    widest = max(pdfmetrics.stringWidth(pr.amount(a[k]), BOLD, v.font_size) for a in t["activities"] + [t["genel_toplam"]] for k in ("budget", "off_budget", "total"))
    num = max(95 if landscape_ else 66, widest + 9)
    unit_w = (80 if landscape_ else 56) if v.unit_column else 0
    seq_w, label_w = 20, (150 if landscape_ else 105)
    name_w = width - seq_w - label_w - unit_w - 3 * num
    cols = [seq_w, label_w, name_w] + ([unit_w] if v.unit_column else []) + [num, num, num]
    last, first_num = len(cols) - 1, len(cols) - 3
    rows, spans, label_cells = [], [], []
    labels = [("İdare Adı", t["idare"]), ("Amaç", f"{t['aim_code']} {t['aim_text']}"), ("Hedef", f"{t['goal_code']} {t['goal_text']}"),
              ("Performans Hedefi", f"{t['ph_code']} {t['ph_text']}"), ("Açıklamalar", t["aciklamalar"])]
    for label, value in labels:
        r = len(rows)
        rows.append([look.p(label, look.bold), ""] + [look.p(pr.text(value))] + [""] * (last - 2))
        spans += [((0, r), (1, r)), ((2, r), (last, r))]
        label_cells.append(((0, r), (1, r)))
    header = len(rows)
    rows.append([look.p(v.indicator_heading, look.head), "", ""] + ([look.p("Ölçü Birimi", look.head)] if v.unit_column else []) + [look.p(h, look.head) for h in pr.year_headers()])
    spans.append(((0, header), (2, header)))
    for ind in t["indicators"]:
        r = len(rows)
        where = {"ph_code": t["ph_code"], "seq": ind["seq"]}
        values = [pr.indicator(ind["values"][str(pr.years[k])], ind["unit"] or "", {**where, "year": str(pr.years[k])}) for k in ("actual", "estimate", "target")]
        rows.append([ind["seq"], look.p(pr.text(ind["name"])), ""] + ([ind["unit"]] if v.unit_column else []) + values)
        spans.append(((1, r), (2, r)))
    act_head = len(rows)
    rows.append([look.p("Faaliyetler", look.head)] + [""] * (first_num - 1) + [look.p(pr.money_header("Kaynak İhtiyacı"), look.head), "", ""])
    rows.append([""] * first_num + [look.p(h, look.head) for h in ("Bütçe", "Bütçe Dışı", "Toplam")])
    spans += [((0, act_head), (first_num - 1, act_head + 1)), ((first_num, act_head), (last, act_head))]
    for act in t["activities"]:
        r = len(rows)
        rows.append([act["seq"], look.p(pr.text(act["name"]))] + [""] * (first_num - 2) + [pr.amount(act[k]) for k in ("budget", "off_budget", "total")])
        spans.append(((1, r), (first_num - 1, r)))
    g, r = t["genel_toplam"], len(rows)
    rows.append([look.p("Genel Toplam", look.bold)] + [""] * (first_num - 1) + [pr.amount(g[k]) for k in ("budget", "off_budget", "total")])
    spans.append(((0, r), (first_num - 1, r)))
    style = look.style(len(rows), shaded_rows=[header, act_head, act_head + 1, r], label_cells=label_cells, spans=spans, bold_rows=[r])
    style.add("ALIGN", (first_num, header + 1), (last, act_head - 1), "CENTER")
    style.add("ALIGN", (first_num, act_head + 2), (last, r), "RIGHT")
    style.add("ALIGN", (0, header + 1), (0, r - 1), "CENTER")
    if v.unit_column:
        style.add("ALIGN", (3, header + 1), (3, act_head - 1), "CENTER")
    table = Table(rows, colWidths=cols, repeatRows=5 if v.repeat_headers else 0, style=style)
    return [KeepTogether([look.p("Tablo 1 – Performans Hedefi Tablosu", look.title), table])]


ECON_NAMES = ["01 Personel Giderleri", "02 Sosyal Güvenlik Kurumlarına Devlet Primi Giderleri", "03 Mal ve Hizmet Alım Giderleri",
              "04 Faiz Giderleri", "05 Cari Transferler", "06 Sermaye Giderleri", "07 Sermaye Transferleri", "08 Borç Verme",
              "09 Yedek Ödenekler"]


def tablo2(c: dict, pr: Printer, look: Look, width: float) -> list:
    """Tablo 2 – Faaliyet Maliyetleri Tablosu: label rows, economic codes 01-09, off-budget rows, totals."""
    amount_w = 150 if pr.variant.orientation == "landscape" else 110
    cols = [78, 50, width - 128 - amount_w, amount_w]
    rows, spans, label_cells = [], [], []
    labels = [("İdare Adı", c["idare"]), ("Amaç", f"{c['aim_code']} {c['aim_text']}"), ("Hedef", f"{c['goal_code']} {c['goal_text']}"),
              ("Performans Hedefi", f"{c['ph_code']} {c['ph_text']}"), ("Faaliyet Adı", c["activity"]),
              ("Sorumlu Harcama Birimi veya Birimleri", c["unit"]), ("Açıklamalar", c["aciklamalar"])]
    for label, value in labels:
        r = len(rows)
        rows.append([look.p(label, look.bold), "", look.p(pr.text(value)), ""])
        spans += [((0, r), (1, r)), ((2, r), (3, r))]
        label_cells.append(((0, r), (1, r)))
    head = len(rows)
    rows.append([look.p("Ekonomik Kod", look.head), "", "", look.p(pr.money_header("Bütçe Ödeneği"), look.head)])
    spans.append(((0, head), (2, head)))
    econ_labels = c.get("econ_labels") or {}
    for i, code in enumerate(sorted(c["econ"])):
        rows.append([look.p("Bütçe", look.bold) if i == 0 else "", look.p(econ_labels.get(code, ECON_NAMES[i])), "", pr.econ(c["econ"][code])])
    rows.append(["", look.p("Bütçe Ödeneği Toplamı", look.bold), "", pr.amount(c["budget_total"])])
    spans.append(((0, head + 1), (0, len(rows) - 1)))
    off_start = len(rows)
    off = c["off_budget"]
    for label, key in (("Döner Sermaye", "doner_sermaye"), ("Diğer Yurt İçi", "diger_yurt_ici"), ("Yurt Dışı", "yurt_disi")):
        rows.append([look.p("Bütçe Dışı Kaynak İhtiyacı", look.bold) if key == "doner_sermaye" else "", look.p(label), "", pr.econ(off[key])])
    rows.append(["", look.p("Bütçe Dışı Kaynak İhtiyacı Toplamı", look.bold), "", pr.econ(off["total"])])
    spans.append(((0, off_start), (0, len(rows) - 1)))
    spans += [((1, r), (2, r)) for r in range(head + 1, len(rows))]
    total = len(rows)
    rows.append([look.p("Toplam Kaynak İhtiyacı", look.bold), "", "", pr.amount(c["grand_total"])])
    spans.append(((0, total), (2, total)))
    style = look.style(len(rows), shaded_rows=[head, total], label_cells=label_cells + [((0, head + 1), (0, total - 1))], spans=spans,
                       right_cols=[3], bold_rows=[off_start - 1, total - 1, total])
    style.add("ALIGN", (3, head), (3, head), "CENTER")
    return [KeepTogether([look.p("Tablo 2 – Faaliyet Maliyetleri Tablosu", look.title), Table(rows, colWidths=cols, style=style)])]


def tablo3(t3: dict, pr: Printer, look: Look, width: float) -> list:
    """Tablo 3 – İdare Performans Tablosu: one row per activity (codes on a group's first row only), closing rows.

    `tablo3="designed"`: a narrow activity column (most names wrap over two or three lines, the amounts take the
    room), the *Performans Hedefi* header on two lines, the İdare Adı label cell coloured like the forms' label
    cells; the İdare Adı row and the two header rows are repeated on every page (`repeat_headers`).
    `tablo3_header="split"`: the header's two rows are not merged: a rule runs across under the first one, which
    prints *Performans* while the second prints *Hedefi*. `label_rule=False`: no rule under the İdare Adı row."""
    v = pr.variant
    designed, split = v.tablo3 == "designed", v.tablo3_header == "split"
    widest = max(pdfmetrics.stringWidth(pr.amount(r[k]), BOLD, v.font_size) for r in t3["rows"] + t3["closing"] for k in ("budget", "total"))
    num = max(70 if v.orientation == "landscape" else 58, widest + 9)
    if designed:
        name_w = 150 if v.orientation == "landscape" else 110
        codes = [34, 40, 56]  # at 8.5 pt "Performans" no longer fits: reportlab breaks it as Word does ("Performa" / "ns")
        share = max(40, pdfmetrics.stringWidth("Pay (%)", BOLD, v.font_size) + 8)
        num = max((width - sum(codes) - name_w - share) / 3, widest + 14)  # the widest amount keeps clear of the next one
        name_w = width - sum(codes) - share - 3 * num
        cols = codes + [name_w, num, num, num, share]
    else:
        cols = [32, 40, 62, width - 134 - 3 * num - 40, num, num, num, 40]
    ph_head = Paragraph("Performans<br/>Hedefi", look.head) if designed and not split else look.p("Performans" if split else "Performans Hedefi", look.head)
    rows = [[look.p("İdare Adı", look.bold), "", "", look.p(t3["idare"], look.bold), "", "", "", ""],
            [look.p(h, look.head) for h in ("Amaç", "Hedef")] + [ph_head, look.p("Faaliyetler", look.head)]
            + [look.p(pr.money_header("Kaynak İhtiyacı"), look.head), "", "", look.p("Pay (%)", look.head)],
            ["", "", look.p("Hedefi", look.head) if split else "", "", look.p("Bütçe", look.head), look.p("Bütçe Dışı", look.head), look.p("Toplam", look.head), ""]]
    spans = [((0, 0), (2, 0)), ((3, 0), (7, 0)), ((4, 1), (6, 1))]
    if not split:
        spans += [((7, 1), (7, 2))] + [((c, 1), (c, 2)) for c in range(4)]
    for row in t3["rows"]:
        rows.append([row["aim_code"], row["goal_code"], row["ph_code"], look.p(pr.text(row["activity"])),
                     pr.amount(row["budget"]), pr.amount(row["off_budget"]), pr.amount(row["total"]), row["share"]])
    first_closing = len(rows)
    for row in t3["closing"]:
        r = len(rows)
        rows.append([look.p(row["label"], look.bold), "", "", "", pr.amount(row["budget"]), pr.amount(row["off_budget"]), pr.amount(row["total"]), row["share"]])
        spans.append(((0, r), (3, r)))
    style = look.style(len(rows), shaded_rows=([1, 2] if designed else [0, 1, 2]) + [len(rows) - 1], label_cells=[((0, 0), (2, 0))] if designed else (),
                       spans=spans, right_cols=[4, 5, 6, 7], bold_rows=list(range(first_closing, len(rows))), header_rows=[1, 2])
    if v.rules == "horizontal":
        style = TableStyle([c for c in style.getCommands() if c[0] not in ("LINEABOVE", "LINEBELOW")])
        style.add("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black)
        if v.label_rule:
            style.add("LINEBELOW", (0, 0), (-1, 0), 0.4, colors.black)
        style.add("LINEBELOW", (0, 1) if split else (4, 1), (-1, 1) if split else (6, 1), 0.4, colors.black)
        style.add("LINEBELOW", (0, 2), (-1, -1), 0.4, colors.black)
    style.add("ALIGN", (0, 3), (2, first_closing - 1), "CENTER")
    table = Table(rows, colWidths=cols, repeatRows=3 if v.repeat_headers else 0, style=style)
    return [CondPageBreak(120), look.p("Tablo 3 – İdare Performans Tablosu", look.title), table]


def tablo4(t4: dict, pr: Printer, look: Look, width: float) -> list:
    """Tablo 4 – Toplam Kaynak İhtiyacı Tablosu: every row (code, label) x four amount columns."""
    num = 110 if pr.variant.orientation == "landscape" else 82
    cols = [62, width - 62 - 4 * num] + [num] * 4
    heads = ["Performans Hedefleri Maliyet Toplamı", "Genel Yönetim Giderleri", "Diğer İdarelere Transfer Edilecek Kaynaklar", "Toplam"]
    rows = [[look.p("İdare Adı", look.bold), "", look.p(t4.get("idare") or "", look.cell), "", "", ""],
            [look.p("Kaynak İhtiyacı", look.head), "", look.p(pr.money_header(f"{pr.year('target')} Yılı Tutar"), look.head), "", "", ""],
            ["", ""] + [look.p(h, look.head) for h in heads]]
    spans = [((0, 0), (1, 0)), ((2, 0), (5, 0)), ((0, 1), (1, 2)), ((2, 1), (5, 1))]
    bold, group_start = [], {}
    for row in t4["rows"]:
        r = len(rows)
        if row["group"] is None:
            rows.append([look.p(row["label"], look.bold), ""] + [pr.amount(row[k]) for k in ("performance_targets", "general_administration", "transfers", "total")])
            spans.append(((0, r), (1, r)))
            bold.append(r)
            continue
        first = row["group"] not in group_start
        group_start.setdefault(row["group"], r)
        is_total = row["label"] in ("Bütçe Toplamı", "Bütçe Dışı Toplamı")
        rows.append([look.p(row["group"], look.bold) if first else "", look.p(row["label"], look.bold if is_total else look.cell)]
                    + [pr.amount(row[k]) for k in ("performance_targets", "general_administration", "transfers", "total")])
        if is_total:
            bold.append(r)
    ends = sorted(group_start.values()) + [len(rows) - 1]
    spans += [((0, a), (0, b - 1)) for a, b in zip(ends, ends[1:])]
    style = look.style(len(rows), shaded_rows=[1, 2, len(rows) - 1], label_cells=[((0, 0), (1, 0))], spans=spans, right_cols=[2, 3, 4, 5], bold_rows=bold)
    return [CondPageBreak(260), look.p("Tablo 4 – Toplam Kaynak İhtiyacı Tablosu", look.title), Table(rows, colWidths=cols, style=style)]


# ---------------------------------------------------------------------------------------------------------------
# Front matter and the document.


def simple_table(rows: list[list[str]], look: Look, widths: list[float], pr: Printer) -> Table:
    """A front-matter table (distractor): first row is the header, first column text, other columns right-aligned."""
    data = [[look.p(pr.text(c or ""), look.head if r == 0 else look.cell) for c in row] for r, row in enumerate(rows)]
    style = look.style(len(rows), shaded_rows=[0], header_rows=[0])
    for r in range(1, len(rows)):
        for c in range(1, len(rows[0])):
            data[r][c].style = look.right
    return Table(data, colWidths=widths, repeatRows=1 if pr.variant.repeat_headers else 0, style=style)


def front_matter(e: dict, pr: Printer, look: Look, width: float) -> list:
    """Cover, Sunuş (stating the total), Genel Bilgiler with distractor tables, Stratejik Amaç ve Hedefler, counts page."""
    y = pr.year("target")
    total = pr.amount(e["sunus_total"]["amount"])
    cover = ParagraphStyle("cover", parent=look.h1, fontSize=22, leading=30, alignment=1)
    name = e.get("municipality_name", "Kuzeykent")  # a made-up town: the series generator (make_series.py) names its own
    story = [Spacer(1, 150), Paragraph(f"T.C.<br/>{name.replace('i', 'İ').upper()} BELEDİYESİ", cover), Paragraph(f"{y} YILI<br/>PERFORMANS PROGRAMI", cover), Spacer(1, 40),
             Paragraph("SENTETİK TEST BELGESİ — gerçek bir belediye değildir (synthetic test document)", ParagraphStyle("note", parent=look.body, alignment=1)),
             Paragraph(pr.text("Strateji Geliştirme Müdürlüğü — Ekim 2021"), ParagraphStyle("sub", parent=look.body, alignment=1)),
             NextPageTemplate("body"), PageBreak()]
    story += [Paragraph("SUNUŞ", look.h1), Paragraph(f"Değerli {name}liler,", look.body),
              Paragraph(pr.text("2022 Yılı Performans Programımız, 2020–2024 Stratejik Planımız esas alınarak ve Performans Programı Hazırlama Rehberi'nde yer alan standart tablolar kullanılarak hazırlanmıştır."), look.body),
              Paragraph(pr.text(f"Belediyemizin 2022 yılı toplam kaynak ihtiyacı {total} TL olarak öngörülmüştür."), look.body),
              Paragraph(f"{name} Belediye Başkanı", look.body), PageBreak()]
    tables = e["front_matter"]["tables"]
    story += [Paragraph("I- GENEL BİLGİLER", look.h1), Paragraph("Belediyemiz hizmetlerini aşağıdaki bina ve tesislerde yürütmektedir.", look.body),
              simple_table(tables[0]["rows"], look, [width * 0.5, width * 0.2, width * 0.3], pr), Spacer(1, 8),
              Paragraph("Hizmetlerde kullanılan taşıt ve iş makinelerinin dağılımı aşağıda verilmiştir.", look.body),
              simple_table(tables[1]["rows"] + tables[2]["rows"][1:], look, [width * 0.46] + [width * 0.18] * 3, pr), Spacer(1, 8),
              Paragraph("Belediyemiz personelinin eğitim durumuna göre dağılımı aşağıdaki tabloda gösterilmiştir.", look.body),
              simple_table(tables[3]["rows"], look, [width * 0.23] + [width * 0.11] * 7, pr), PageBreak()]
    story += [Paragraph("II- PERFORMANS BİLGİLERİ", look.h1), Paragraph("B- Amaç ve Hedefler", look.h2),
              Paragraph("Stratejik Amaç ve Hedefler", look.title), simple_table(tables[4]["rows"] + tables[5]["rows"][1:], look, [45, width - 45], pr), PageBreak()]
    s = e["stated_counts"]
    story += [Paragraph("C- Performans Hedef ve Göstergeleri ile Faaliyetler", look.h2),
              Paragraph(pr.text(f"2022 Yılı Performans Programında, Stratejik Planımızda yer alan {s['aims']} stratejik amaç ve {s['goals']} hedef kapsamında "
                                f"{s['targets']} performans hedefi, {s['activities']} faaliyet ve {s['indicators']} performans göstergesi yer almaktadır."), look.body),
              Paragraph(pr.text("Göstergelerde 2020 yılı değerleri gerçekleşmeyi, 2021 yılı değerleri yıl sonu tahminini, 2022 yılı değerleri ise hedefi ifade etmektedir."), look.body)]
    return story


def forms(e: dict, pr: Printer, look: Look, width: float) -> list:
    """Tablo 1s, Tablo 2s (after / interleaved / annex), Tablo 3 and Tablo 4, in the variant's order."""
    placement = pr.variant.tablo2_placement
    costs = iter(e["activity_costs"])
    story = [Paragraph("Performans Hedefi Tabloları (Tablo 1)", look.h2)]
    for t in e["targets"]:
        story += tablo1(t, pr, look, width)
        if placement == "interleaved":
            for _ in t["activities"]:
                story += tablo2(next(costs), pr, look, width)
    all_t2 = [f for c in e["activity_costs"] for f in tablo2(c, pr, look, width)] if placement != "interleaved" else []
    if placement == "after":
        story += [PageBreak(), Paragraph("Faaliyet Maliyetleri Tabloları (Tablo 2)", look.h2)] + all_t2
    story += [PageBreak(), Paragraph("D- İdarenin Toplam Kaynak İhtiyacı", look.h1)]
    story += tablo3(e["idare_performance"], pr, look, width) + tablo4(e["total_resources"], pr, look, width)
    story += [Paragraph("III- DİĞER HUSUSLAR", look.h1),
              Paragraph(pr.text("Sonuçlar 2022 Yılı Faaliyet Raporunda kamuoyuyla paylaşılacaktır."), look.body)]
    if placement == "annex":
        story += [PageBreak(), Paragraph("EK: Faaliyet Maliyetleri Tabloları", look.h1)] + all_t2
    return story


def tablo3_contradictions(e: dict, pr: Printer) -> list[dict]:
    """The contradictions of the ground truth printed in Tablo 3's activity rows (a row's amount that differs from
    its Tablo 1 activity), as this variant prints both sides: what a reader must find in Tablo 3."""
    out = []
    for c in e["contradictions"]:
        if c["check"].startswith("T3 row"):
            ph_code, activity = (s.strip() for s in c["scope"].split(" / ", 1))
            measure = {"Bütçe": "budget", "Bütçe Dışı": "off_budget", "Toplam": "total"}[c["check"].split(" = ")[0].removeprefix("T3 row ")]
            out.append({"id": c["id"], "ph_code": ph_code, "activity": pr.text(activity), "measure": measure,
                        "tablo3_printed": pr.amount(c["a"]["printed"]), "tablo1_printed": pr.amount(c["b"]["value"])})
    return out


def build(e: dict, variant: Variant, out_dir: Path) -> dict:
    """Write <out>/<name>.pdf and <out>/<name>.json; return the manifest."""
    register_fonts()
    page = landscape(A4) if variant.orientation == "landscape" else A4
    margin = 40
    width = page[0] - 2 * margin
    pr = Printer(variant, e["years"])
    look = Look(variant)
    header = pr.text(f"{e['years']['target']} Yılı Performans Programı")
    name = e.get("municipality_name", "Kuzeykent")

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.Color(0.4, 0.4, 0.4))
        canvas.drawString(margin, page[1] - 26, f"{name} Belediyesi")
        canvas.drawRightString(page[0] - margin, page[1] - 26, header)
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(page[0] / 2, 22, str(doc.page))
        canvas.restoreState()

    pdf_path = out_dir / f"{variant.name}.pdf"
    doc = BaseDocTemplate(str(pdf_path), pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin,
                          title=f"{name} Belediyesi {pr.year('target')} Yılı Performans Programı (sentetik test belgesi, {variant.name})",
                          author="performans-analysis make_form_variants.py", invariant=1)
    frame = Frame(margin, margin, width, page[1] - 2 * margin, id="main", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("cover", [frame]), PageTemplate("body", [frame], onPage=decorate)])
    doc.build(front_matter(e, pr, look, width) + forms(e, pr, look, width))
    manifest = {"name": variant.name, "pdf": pdf_path.name, "synthetic": True, "axes": asdict(variant),
                "printed_years": {k: pr.year(k) for k in ("actual", "estimate", "target")},
                "headers": {"years": pr.year_headers(), "indicators": variant.indicator_heading,
                            "money": pr.money_header("Kaynak İhtiyacı"), "unit_column": variant.unit_column},
                "mappings": pr.changes, "pages": doc.page, "notes": NOTES, "tablo3_contradictions": tablo3_contradictions(e, pr)}
    (out_dir / f"{variant.name}.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Variants: " + ", ".join(v.name for v in VARIANTS))
    parser.add_argument("--out", type=Path, help="output folder (created if missing)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="build only these variants")
    parser.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED, help="ground truth (default: %(default)s)")
    parser.add_argument("--list", action="store_true", help="list the variants and their axes, then stop")
    args = parser.parse_args(argv)
    if args.list:
        for v in VARIANTS:
            print(f"{v.name}: {v.description}")
        return 0
    if not args.out:
        parser.error("--out is required")
    known = {v.name: v for v in VARIANTS}
    unknown = [n for n in args.only or [] if n not in known]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}; known: {', '.join(known)}")
    expected = json.loads(args.expected.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    for v in [known[n] for n in args.only] if args.only else VARIANTS:
        started = time.perf_counter()
        manifest = build(expected, v, args.out)
        print(f"{v.name}: {manifest['pages']} pages, {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
