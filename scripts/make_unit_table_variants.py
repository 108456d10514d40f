"""Typeset a made-up performance program in the "unit-table family" (birim tabloları), in the ways municipalities print it.

Takes:   tests/fixtures/unit-table-variants/truth.json (the made-up content: aims and goals, 5 units, 20 performance
         targets with their indicators and activities, the economic-code split, the two planted contradictions; --truth
         to use another) and the DejaVu fonts in tests/fixtures/fonts/ (embedded, so no installed font is needed).
Returns: for every named variant (all, or those given with --only), <out>/<name>.pdf and <out>/<name>.json. The PDF
         prints the truth's content with one combination of the family's axes: font (DejaVu Sans or DejaVu Serif),
         orientation, column order (indicators or activities first), aim and goal (codes only `A1 / H1.1`, codes with
         their texts in the first column, or separate Amaç and Hedef columns), header wording (`2021 Gerçekleşen` …
         `Bütçe İçi (TL)` or `2021 Yılı Gerçekleşme` … `Bütçe (TL)`, `Bütçe Dışı Kaynak`, `Toplam Kaynak İhtiyacı`,
         `Ölçü Birimi`, `Faaliyet / Proje`), header row repeated on every page or not, rules (full grid, horizontal
         rules only, or alternate block shading with thin horizontal rules), amounts with or without kuruş, `-` or a
         blank cell for an empty value (also beside a row's missing indicator or activity, or not), the plan year
         (2023, or 2025 with its texts re-dated by +2 years), a block broken across pages with its merged cells left
         empty (open at the break) or printed again, units each on a new page or running on, unit headings numbered
         or not, the closing row labelled TOPLAM or Birim Toplamı, a running header or none.
         Every variant keeps the section structure: cover; the page with the counts sentence and the list of aims
         and goals; one table per unit under its heading in capitals, closed by a TOPLAM row; the summary by unit
         (BİRİMLERE GÖRE KAYNAK DAĞILIMI) and the economic-code table. It plants the truth's two contradictions:
         one unit's TOPLAM row above the sum of its activity rows, one summary row with two digits swapped.
         The manifest <name>.json gives the axes and, for the test's information only, which blocks broke across
         pages. Output is deterministic (reportlab invariant mode): same bytes on every run.

Why: the reader of this family (src/analysis/extract/profiles/unit_tables.yml read by analysis.extract.core) must
read every such print exactly; tests/test_unit_table_variants.py checks it against the truth, which is written
independently of the reader.

Usage:   python scripts/make_unit_table_variants.py --out DIR [--only NAME ...] [--list] [--truth JSON]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TRUTH = ROOT / "tests/fixtures/unit-table-variants/truth.json"
FONT_DIR = ROOT / "tests/fixtures/fonts"
FONTS = {"sans": ("DejaVuSans", "DejaVuSans-Bold"), "serif": ("DejaVuSerif", "DejaVuSerif-Bold")}
MARGIN = 28.0
GREY = colors.Color(0.5, 0.5, 0.5)
HEAD_FILL = colors.Color(0.85, 0.85, 0.85)
ZEBRA = colors.Color(0.92, 0.94, 0.97)
PAD_X, PAD_Y = 2.5, 2.2
UNRULED_PAD_X = 4.0
"""Without vertical rules, columns are told apart by the white space between them: at least 8 pt here."""


@dataclass(frozen=True)
class Variant:
    """One way of printing the family: every axis the generator varies."""

    name: str
    description: str
    font: str = "sans"                    # sans (DejaVu Sans) | serif (DejaVu Serif)
    orientation: str = "landscape"        # landscape | portrait
    order: str = "indicators_first"       # indicators_first | activities_first
    aim_goal: str = "codes"               # codes (A1 / H1.1) | texts (A1 text / H1.1 text) | separate (Amaç | Hedef columns)
    wording: str = "short"                # short (2021 Gerçekleşen, Bütçe İçi (TL), Birim …) | long (2021 Yılı Gerçekleşme, Bütçe (TL), Ölçü Birimi …)
    repeat_header: bool = True            # the unit table's header row printed again on every page
    rules: str = "grid"                   # grid | horizontal (no verticals) | shading (alternate block fill, thin horizontal rules)
    kurus: bool = True                    # 1.234.567,00 | 1.234.567
    empty: str = ""                       # how an empty value cell is printed: "" (blank) | "-"
    plan_year: int = 2023                 # 2023 | 2025 (texts re-dated: every year 2020-2024 + 2)
    split: str = "open"                   # a block broken across pages: open (merged cells empty on the next page) | repeat
    unit_new_page: bool = False           # every unit's section starts on a new page (else right under the previous table)
    dash_rows: bool = False               # '-' also in the value cells of a row with no indicator / no activity
    toplam: str = "TOPLAM"                # the label of a unit table's closing row: TOPLAM | Birim Toplamı
    numbered: bool = False                # unit headings numbered as sub-sections: 3.2. FEN İŞLERİ MÜDÜRLÜĞÜ
    running_header: bool = False          # the municipality and the programme's title at the top of every page but the cover
    font_size: float = 7.5


VARIANTS = [
    Variant("grid-sans-landscape", "Close to the ortakent example: DejaVu Sans, landscape, full grid, repeated header, codes only, kuruş, blank cells, "
            "every unit on a new page.", unit_new_page=True),
    Variant("serif-portrait-long", "DejaVu Serif, portrait, long header wording (2021 Yılı Gerçekleşme, Bütçe (TL), Ölçü Birimi, Faaliyet / Proje …).",
            font="serif", orientation="portrait", wording="long", font_size=6.0),
    Variant("activities-first-dash", "Activities before indicators, '-' for every empty value, amounts without kuruş.",
            order="activities_first", empty="-", kurus=False),
    Variant("aim-goal-texts", "Aim and goal printed with their texts in the first column (A1 … / H1.1 …), header not repeated.",
            aim_goal="texts", repeat_header=False),
    Variant("separate-aim-goal-horizontal", "Separate Amaç and Hedef columns, horizontal rules only, merged cells printed again after a page break.",
            aim_goal="separate", rules="horizontal", split="repeat"),
    Variant("shading-no-repeat", "Alternate block shading with thin horizontal rules only, header not repeated, amounts without kuruş, "
            "a running header on top of every page.", rules="shading", repeat_header=False, kurus=False, running_header=True),
    Variant("redated-2025", "Plan year 2025 (columns 2023 | 2024 | 2025, texts re-dated), DejaVu Serif, long wording, '-' for empty values.",
            plan_year=2025, font="serif", wording="long", empty="-"),
    Variant("portrait-activities-first-repeat", "Portrait, activities first, separate Amaç and Hedef columns, merged cells printed again, header not repeated.",
            orientation="portrait", order="activities_first", aim_goal="separate", split="repeat", repeat_header=False, font_size=5.6),
    Variant("dash-every-empty-cell", "DejaVu Serif, '-' in every empty value cell, also beside a row's missing indicator or activity, "
            "header not repeated.", font="serif", empty="-", dash_rows=True, repeat_header=False),
    Variant("numbered-birim-toplami", "Unit headings numbered (3.1. ULAŞIM …), closing rows labelled 'Birim Toplamı', activities first, "
            "aim and goal texts in the first column, merged cells printed again.", numbered=True, toplam="Birim Toplamı", order="activities_first",
            aim_goal="texts", split="repeat"),
    Variant("horizontal-texts-long-nokurus", "Horizontal rules only, aim and goal texts in the first column, long wording, no kuruş, '-' for empty values.",
            rules="horizontal", aim_goal="texts", wording="long", kurus=False, empty="-"),
]

YEAR = re.compile(r"\b(20[12]\d)\b")


def register_fonts() -> None:
    for regular, bold in FONTS.values():
        if regular not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(regular, str(FONT_DIR / f"{regular}.ttf")))
            pdfmetrics.registerFont(TTFont(bold, str(FONT_DIR / f"{bold}.ttf")))


# ---------------------------------------------------------------------------------------------------------------
# How the truth's values are printed in a variant.


@dataclass
class Printer:
    variant: Variant
    base_year: int

    @property
    def shift(self) -> int:
        return self.variant.plan_year - self.base_year

    def text(self, s: str) -> str:
        """Free text re-dated with the plan year (years 2010-2029 only; amounts and codes have no 4-digit year)."""
        return YEAR.sub(lambda m: str(int(m.group(1)) + self.shift), s) if self.shift else s

    def amount(self, value: int, zero_blank: bool = False) -> str:
        if value == 0 and zero_blank:
            return self.variant.empty
        whole = f"{value:,}".replace(",", ".")
        return whole + ",00" if self.variant.kurus else whole

    def value(self, raw: str) -> str:
        return raw if raw else self.variant.empty


def swapped(value: int, positions: list[int]) -> int:
    digits = list(str(value))
    i, j = positions
    digits[i], digits[j] = digits[j], digits[i]
    return int("".join(digits))


# ---------------------------------------------------------------------------------------------------------------
# A sheet: the canvas, a cursor down the page, footers.


class Sheet:
    def __init__(self, path: Path, variant: Variant, title: str):
        size = A4 if variant.orientation == "portrait" else landscape(A4)
        self.c = canvas.Canvas(str(path), pagesize=size, invariant=1, pageCompression=1)
        self.c.setTitle(title)
        self.c.setAuthor("performans-analysis make_unit_table_variants.py")
        self.width, self.height = size
        self.variant, self.title = variant, title
        self.regular, self.bold = FONTS[variant.font]
        self.page = 1
        self.y = self.height - MARGIN
        self.bottom = MARGIN + 18

    def style(self, size: float, bold: bool = False, align: int = 0, leading: float = 1.22) -> ParagraphStyle:
        return ParagraphStyle("s", fontName=self.bold if bold else self.regular, fontSize=size, leading=size * leading, alignment=align, splitLongWords=0)

    def footer(self) -> None:
        self.c.setFont(self.regular, 7.5)
        self.c.setFillColor(colors.black)
        self.c.drawString(MARGIN, MARGIN, self.title)
        self.c.drawRightString(self.width - MARGIN, MARGIN, str(self.page))

    def new_page(self, footer: bool = True) -> None:
        if footer:
            self.footer()
        self.c.showPage()
        self.page += 1
        self.y = self.height - MARGIN
        if self.variant.running_header:
            self.c.setFont(self.regular, 7.5)
            self.c.setFillColor(colors.black)
            self.c.drawRightString(self.width - MARGIN, self.height - MARGIN + 6, self.title)
            self.y -= 8

    @property
    def room(self) -> float:
        return self.y - self.bottom

    def para(self, text: str, style: ParagraphStyle, space_after: float = 4.0) -> None:
        p = Paragraph(escape(text), style)
        _, h = p.wrap(self.width - 2 * MARGIN, self.height)
        if h > self.room:
            self.new_page()
        p.drawOn(self.c, MARGIN, self.y - h)
        self.y -= h + space_after

    def save(self) -> None:
        self.footer()
        self.c.save()


# ---------------------------------------------------------------------------------------------------------------
# A ruled table drawn on the sheet, its blocks of rows kept whole where they can be, with merged cells.


@dataclass
class TRow:
    cells: list[str]
    bold: bool = False
    label_span: int = 0
    """The first cell spans this many columns (a TOPLAM label)."""


@dataclass
class TBlock:
    rows: list[TRow]
    merged: dict[int, str] = field(default_factory=dict)
    """Column index → the text of a cell merged over all the block's rows."""


@dataclass
class TColumn:
    header: str
    width: float
    align: int = 0   # 0 left, 1 centre, 2 right


class TableDrawer:
    """Draws one table: header row (repeated on every page or not), blocks of rows, rules as the variant says."""

    def __init__(self, sheet: Sheet, columns: list[TColumn], repeat_header: bool = True, split: str = "open"):
        self.s, self.columns = sheet, columns
        self.repeat_header, self.split = repeat_header, split
        self.size = sheet.variant.font_size
        self.x = [MARGIN]
        for col in columns:
            self.x.append(self.x[-1] + col.width)
        self.rules = sheet.variant.rules
        self.pad = PAD_X if self.rules == "grid" else UNRULED_PAD_X
        self.split_blocks: list[int] = []
        self.zebra = 0

    def _para(self, text: str, width: float, bold: bool = False, align: int = 0) -> tuple[Paragraph, float]:
        style = self.s.style(self.size, bold, align)
        widest = max((pdfmetrics.stringWidth(w, style.fontName, self.size) for w in text.split()), default=0.0)
        if widest > width - 2 * self.pad:
            raise ValueError(f"{self.s.variant.name}: {text!r} does not fit a column {width:.1f} pt wide (words are never split)")
        p = Paragraph(escape(text), style)
        _, h = p.wrap(width - 2 * self.pad, 10_000)
        return p, (h + 2 * PAD_Y if text else self.size * 1.22 + 2 * PAD_Y)

    def _line(self, x0: float, x1: float, y: float, width: float | None = None) -> None:
        c = self.s.c
        thin = self.rules == "shading"
        c.setStrokeColor(colors.Color(0.6, 0.6, 0.6) if thin else GREY)
        c.setLineWidth(width or (0.3 if thin else 0.5))
        c.line(x0, y, x1, y)

    def _vline(self, x: float, y0: float, y1: float) -> None:
        if self.rules == "grid":
            c = self.s.c
            c.setStrokeColor(GREY)
            c.setLineWidth(0.5)
            c.line(x, y0, x, y1)

    def header(self) -> None:
        cells = [self._para(col.header, col.width, True, 1) for col in self.columns]
        h = max(hh for _, hh in cells)
        top = self.s.y
        if self.rules in ("grid", "shading"):
            self.s.c.setFillColor(HEAD_FILL)
            self.s.c.rect(self.x[0], top - h, self.x[-1] - self.x[0], h, stroke=0, fill=1)
        for i, (p, hh) in enumerate(cells):
            p.drawOn(self.s.c, self.x[i] + self.pad, top - PAD_Y - (hh - 2 * PAD_Y))
        self._line(self.x[0], self.x[-1], top)
        self._line(self.x[0], self.x[-1], top - h)
        for x in self.x:
            self._vline(x, top - h, top)
        self.s.y = top - h

    def _row_height(self, row: TRow) -> tuple[list[tuple[Paragraph, float] | None], float]:
        out: list[tuple[Paragraph, float] | None] = []
        i = 0
        while i < len(self.columns):
            span = row.label_span if i == 0 and row.label_span else 1
            width = self.x[i + span] - self.x[i]
            col = self.columns[i]
            out.append(self._para(row.cells[i], width, row.bold, 0 if span > 1 else col.align))
            out.extend([None] * (span - 1))
            i += span
        return out, max(h for cell in out if cell is not None for h in [cell[1]])

    def start(self, need: float) -> None:
        """Open the table: a new page when the header and the first rows cannot fit here."""
        probe = max(self._para(col.header, col.width, True, 1)[1] for col in self.columns)
        if self.s.room < probe + need:
            self.s.new_page()
        self.header()

    def block(self, block: TBlock, index: int) -> None:
        """The rows of one block: kept on one page when they fit; else broken between rows, the merged cells given
        room for their text on the first page (and on every page when they are printed again)."""
        heights = [self._row_height(r)[1] for r in block.rows]
        merged = {i: self._para(t, self.columns[i].width) for i, t in block.merged.items()}
        need_m = max((h for _, h in merged.values()), default=0.0)
        if sum(heights) < need_m:
            heights[-1] += need_m - sum(heights)
        if self.s.room < min(sum(heights), max(heights[0], need_m)):
            self._page_break(top_rule=True)
        fill = self.rules == "shading" and self.zebra % 2 == 1
        self.zebra += 1
        seg: list[int] = []
        y_top, first = self.s.y, True
        for k in range(len(heights)):
            if heights[k] > self.s.room and seg:
                deficit = need_m - sum(heights[j] for j in seg) if (first or self.split == "repeat") else 0.0
                if deficit > 0:
                    heights[seg[-1]] += deficit
                self._close_segment(block, merged, y_top, first, False, fill, heights, seg)
                self._page_break(top_rule=False, open_from=self.x[len(block.merged)] if self.split == "open" else self.x[0])
                if index not in self.split_blocks:
                    self.split_blocks.append(index)
                if self.split == "repeat" and sum(heights[k:]) < need_m:
                    heights[-1] += need_m - sum(heights[k:])
                seg, y_top, first = [], self.s.y, False
            seg.append(k)
            self.s.y -= heights[k]
        self._close_segment(block, merged, y_top, first, True, fill, heights, seg)

    def _page_break(self, top_rule: bool, open_from: float | None = None) -> None:
        """A new page: the header again, or only the table's top rule (from `open_from` when merged cells
        continue open under it)."""
        self.s.new_page()
        if self.repeat_header:
            self.header()
        else:
            self._line(self.x[0] if top_rule or open_from is None else open_from, self.x[-1], self.s.y)

    def _close_segment(self, block: TBlock, merged: dict, y_top: float, first: bool, last: bool, fill: bool, heights: list[float], seg: list[int]) -> None:
        """Fill, text and rules of the rows `seg` of `block`, printed from `y_top` down on this page."""
        c = self.s.c
        y_bottom = y_top - sum(heights[k] for k in seg)
        if fill:
            c.setFillColor(ZEBRA)
            c.rect(self.x[0], y_bottom, self.x[-1] - self.x[0], y_top - y_bottom, stroke=0, fill=1)
        c.setFillColor(colors.black)
        y = y_top
        mx = self.x[len(block.merged)]
        for k in seg:
            cells, _ = self._row_height(block.rows[k])
            for i, cell in enumerate(cells):
                if cell is None or i in block.merged:
                    continue
                p, hh = cell
                p.drawOn(c, self.x[i] + self.pad, y - PAD_Y - (hh - 2 * PAD_Y))
            y -= heights[k]
            end_of_block = k == len(block.rows) - 1
            self._line(self.x[0] if end_of_block else mx, self.x[-1], y)
        if merged and (first or self.split == "repeat"):
            for i, (p, hh) in merged.items():
                p.drawOn(c, self.x[i] + self.pad, y_top - PAD_Y - (hh - 2 * PAD_Y))
        if merged and not last and self.split == "repeat":
            self._line(self.x[0], mx, y_bottom)  # printed again on the next page: closed here
        self._verticals(block, seg, y_top, heights)

    def _verticals(self, block: TBlock, seg: list[int], y_top: float, heights: list[float]) -> None:
        if self.rules != "grid":
            return
        y = y_top
        for k in seg:
            span = block.rows[k].label_span
            for i, x in enumerate(self.x):
                if 0 < i < span:
                    continue
                self._vline(x, y - heights[k], y)
            y -= heights[k]


# ---------------------------------------------------------------------------------------------------------------
# The document.


def width_of(sheet: Sheet, texts: list[str], bold: bool = False) -> float:
    font = sheet.bold if bold else sheet.regular
    pad = PAD_X if sheet.variant.rules == "grid" else UNRULED_PAD_X
    return max((pdfmetrics.stringWidth(t, font, sheet.variant.font_size) for t in texts), default=0.0) + 2 * pad + 1


def header_words(sheet: Sheet, header: str) -> float:
    return width_of(sheet, header.split(), bold=True)


def upper_tr(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


ECON_LABELS = {"01": "Personel Giderleri", "02": "Sosyal Güvenlik Kurumlarına Devlet Primi Giderleri", "03": "Mal ve Hizmet Alım Giderleri",
               "04": "Faiz Giderleri", "05": "Cari Transferler", "06": "Sermaye Giderleri", "07": "Sermaye Transferleri", "08": "Borç Verme",
               "09": "Yedek Ödenekler"}


def headers(variant: Variant) -> dict[str, str]:
    """The unit table's header text of every role, in the variant's wording."""
    y = [variant.plan_year - 2, variant.plan_year - 1, variant.plan_year]
    if variant.wording == "long":
        out = {"indicator": "Performans Göstergesi", "measure_unit": "Ölçü Birimi", "y0": f"{y[0]} Yılı Gerçekleşme", "y1": f"{y[1]} Yılı Tahmin",
               "y2": f"{y[2]} Yılı Hedef", "activity": "Faaliyet / Proje", "budget": "Bütçe (TL)", "off_budget": "Bütçe Dışı Kaynak",
               "total": "Toplam Kaynak İhtiyacı"}
    else:
        out = {"indicator": "Gösterge", "measure_unit": "Birim", "y0": f"{y[0]} Gerçekleşen", "y1": f"{y[1]} Tahmini", "y2": f"{y[2]} Hedefi",
               "activity": "Faaliyet ve Projeler", "budget": "Bütçe İçi (TL)", "off_budget": "Bütçe Dışı (TL)", "total": "Toplam (TL)"}
    return {"aim_goal": "Amaç / Hedef", "aim": "Amaç", "goal": "Hedef", "ph": "Performans Hedefi", **out}


def roles(variant: Variant) -> list[str]:
    lead = ["aim", "goal"] if variant.aim_goal == "separate" else ["aim_goal"]
    ind, act = ["indicator", "measure_unit", "y0", "y1", "y2"], ["activity", "budget", "off_budget", "total"]
    return lead + ["ph"] + (ind + act if variant.order == "indicators_first" else act + ind)


@dataclass
class Doc:
    """The truth and how this variant prints it."""

    truth: dict
    variant: Variant
    printer: Printer

    @property
    def units(self) -> list[dict]:
        return self.truth["units"]

    def texts(self) -> dict[str, str]:
        return {g["code"]: g["text"] for a in self.truth["aims"] for g in [a, *a["goals"]]}

    def unit_sums(self, unit: dict) -> tuple[int, int]:
        acts = [a for t in unit["targets"] for a in t["activities"]]
        return sum(a["budget"] for a in acts), sum(a["off_budget"] for a in acts)

    def merged(self, t: dict, role: str) -> str:
        texts = self.texts()
        if role == "aim_goal" and self.variant.aim_goal == "texts":
            return f"{t['aim']} {texts[t['aim']]} / {t['goal']} {texts[t['goal']]}"
        return {"aim_goal": f"{t['aim']} / {t['goal']}", "aim": t["aim"], "goal": t["goal"], "ph": f"{t['ph_code']} {self.printer.text(t['text'])}"}[role]

    def cell(self, role: str, ind: dict | None, act: dict | None) -> str:
        p = self.printer
        dash = self.variant.empty if self.variant.dash_rows else ""
        if role in ("indicator", "measure_unit", "y0", "y1", "y2"):
            if ind is None:
                return dash if role in ("y0", "y1", "y2") else ""
            key = {"y0": "actual", "y1": "estimate", "y2": "target"}.get(role)
            return p.value(ind["values"][key]) if key else (p.text(ind["name"]) if role == "indicator" else ind["unit"])
        if act is None:
            return dash if role in ("budget", "off_budget", "total") else ""
        return {"activity": p.text(act["name"]), "budget": p.amount(act["budget"]), "off_budget": p.amount(act["off_budget"], zero_blank=True),
                "total": p.amount(act["budget"] + act["off_budget"])}[role]

    def blocks(self, unit: dict, order: list[str]) -> list[TBlock]:
        lead = [r for r in order if r in ("aim_goal", "aim", "goal", "ph")]
        out = []
        for t in unit["targets"]:
            n = max(len(t["indicators"]), len(t["activities"]))
            rows = []
            for i in range(n):
                ind = t["indicators"][i] if i < len(t["indicators"]) else None
                act = t["activities"][i] if i < len(t["activities"]) else None
                rows.append(TRow(["" if r in lead else self.cell(r, ind, act) for r in order]))
            out.append(TBlock(rows, {order.index(r): self.merged(t, r) for r in lead}))
        budget, off = self.unit_sums(unit)
        planted = self.truth["planted"]["unit_total_excess"]
        budget += planted["amount"] if unit["name"] == planted["unit"] else 0
        values = {"budget": self.printer.amount(budget), "off_budget": self.printer.amount(off, zero_blank=True), "total": self.printer.amount(budget + off)}
        span = order.index("budget")
        cells = [self.variant.toplam] + [""] * (span - 1) + [values.get(r, "") for r in order[span:]]
        out.append(TBlock([TRow(cells, bold=True, label_span=span)]))
        return out


def unit_columns(sheet: Sheet, doc: Doc, order: list[str]) -> list[TColumn]:
    """Column widths: numbers and codes as wide as their widest printed text, the text columns share the rest."""
    head = headers(doc.variant)
    printed: dict[str, list[str]] = {r: [] for r in order}
    for unit in doc.units:
        for b in doc.blocks(unit, order):
            for row in b.rows:
                for r, text in zip(order, row.cells, strict=True):
                    printed[r].append(text)
            for i, text in b.merged.items():
                printed[order[i]].append(text)
    weights = {"aim_goal": 1.1 if doc.variant.aim_goal == "texts" else 0, "ph": 1.5, "indicator": 1.5, "activity": 1.4}
    fixed = {r: max(header_words(sheet, head[r]), width_of(sheet, printed[r] + ["A1 /", "H1.1"] * (r in ("aim_goal", "aim", "goal")), bold=True))
             for r in order if not weights.get(r)}
    least = {r: width_of(sheet, [w for t in printed[r] + [head[r]] for w in t.split()], bold=True) for r in order if r not in fixed}
    free = sheet.width - 2 * MARGIN - sum(fixed.values()) - sum(least.values())
    if free < 0:
        raise ValueError(f"{doc.variant.name}: the unit table is {-free:.0f} pt too wide for the page")
    total_weight = sum(weights.get(r, 0) for r in order)
    align = {"y0": 2, "y1": 2, "y2": 2, "budget": 2, "off_budget": 2, "total": 2, "measure_unit": 1, "aim": 1, "goal": 1}
    return [TColumn(head[r], fixed[r] if r in fixed else least[r] + free * weights[r] / total_weight, align.get(r, 0)) for r in order]


def front_matter(sheet: Sheet, doc: Doc) -> None:
    """Cover, the counts sentence and the list of aims and goals (the only place their texts are printed)."""
    t, p, year = doc.truth, doc.printer, doc.variant.plan_year
    sheet.y = sheet.height * 0.62
    sheet.para(t["municipality"], sheet.style(22, True, 1), 10)
    sheet.para(f"{year} Yılı Performans Programı", sheet.style(18, True, 1), 10)
    sheet.para("Sentetik test belgesi: gerçek bir belediyeye ait değildir.", sheet.style(10, False, 1))
    sheet.new_page(footer=False)
    body, h1, h2 = sheet.style(9, leading=1.35), sheet.style(13, True), sheet.style(10.5, True)
    sheet.para("2. PERFORMANS BİLGİLERİ", h1, 6)
    sheet.para("2.2. Programın Yapısı ve Kaynak İhtiyacı", h2, 4)
    targets = [x for u in doc.units for x in u["targets"]]
    budget = sum(doc.unit_sums(u)[0] for u in doc.units)
    off = sum(doc.unit_sums(u)[1] for u in doc.units)
    counts = (f"{year} yılı için {len(doc.units)} harcama birimimizin sorumluluğunda, {len({x['aim'] for x in targets})} stratejik amaç ve "
              f"{len({x['goal'] for x in targets})} stratejik hedefe bağlı {len(targets)} performans hedefi, "
              f"{sum(len(x['indicators']) for x in targets)} performans göstergesi ve {sum(len(x['activities']) for x in targets)} faaliyet belirlenmiştir. "
              f"Bu faaliyetlerin toplam kaynak ihtiyacı {p.amount(budget + off)} TL olup bunun {p.amount(budget)} TL'si belediye bütçesinden "
              f"(bütçe içi), {p.amount(off)} TL'si ise hibe ve bakanlık destekleri gibi bütçe dışı kaynaklardan karşılanacaktır.")
    sheet.para(counts, body)
    sheet.para(f"Göstergelerde {year - 2} değerleri gerçekleşmeyi, {year - 1} değerleri yıl sonu tahminini, {year} değerleri hedefi gösterir.", body)
    sheet.para("2.3. Stratejik Amaçlar ve Hedefler", h2, 4)
    size = sheet.variant.font_size
    code_w = width_of(sheet, ["Kod", "H1.10"], bold=True)
    table = TableDrawer(sheet, [TColumn("Kod", code_w), TColumn("Stratejik Amaç / Stratejik Hedef", sheet.width - 2 * MARGIN - code_w)])
    table.start(3 * size)
    for i, (code, text) in enumerate(doc.texts().items()):
        table.block(TBlock([TRow([code, text], bold=code.startswith("A"))]), i)


def unit_section(sheet: Sheet, doc: Doc, unit: dict, order: list[str], columns: list[TColumn], lead: float) -> list[str]:
    """One unit (on a new page, or under the previous table): heading in capitals, its manager, its table closed by
    TOPLAM, `lead` points lower than it could start. Returns the PH codes whose block broke across pages."""
    if sheet.variant.unit_new_page or sheet.room < 120:
        sheet.new_page()
    else:
        sheet.y -= 14
    sheet.y -= lead
    number = f"3.{[u['name'] for u in doc.units].index(unit['name']) + 1}. " if doc.variant.numbered else ""
    sheet.para(number + upper_tr(unit["name"]), sheet.style(11, True), 3)
    sheet.para(f"Birim Müdürü: {unit['manager']} · Başlıca görevleri: birimin performans hedeflerine ilişkin faaliyet ve projeleri yürütmek.",
               sheet.style(8, leading=1.3), 4)
    sheet.para("Performans Hedefleri ve Faaliyetler Tablosu", sheet.style(9, True), 4)
    table = TableDrawer(sheet, columns, repeat_header=doc.variant.repeat_header, split=doc.variant.split)
    blocks = doc.blocks(unit, order)
    table.start(3 * sheet.variant.font_size)
    for i, b in enumerate(blocks):
        table.block(b, i)
    return [unit["targets"][i]["ph_code"] for i in table.split_blocks]


def resources(sheet: Sheet, doc: Doc) -> None:
    """The summary by unit (one row with two digits swapped) and the economic-code table."""
    p, v = doc.printer, doc.variant
    sheet.new_page()
    sheet.para("4. KAYNAK İHTİYACI", sheet.style(13, True), 6)
    sheet.para("4.1. BİRİMLERE GÖRE KAYNAK DAĞILIMI", sheet.style(10.5, True), 4)
    swap = doc.truth["planted"]["summary_swapped_digits"]
    rows, tb, to = [], 0, 0
    for i, unit in enumerate(doc.units, 1):
        budget, off = doc.unit_sums(unit)
        tb, to = tb + budget, to + off
        shown = swapped(budget, swap["positions"]) if unit["name"] == swap["unit"] else budget
        rows.append(TRow([str(i), unit["name"], p.amount(shown), p.amount(off, zero_blank=True), p.amount(shown + off)]))
    rows.append(TRow(["GENEL TOPLAM", "", p.amount(tb), p.amount(to, zero_blank=True), p.amount(tb + to)], bold=True, label_span=2))
    money = [r.cells[k] for r in rows for k in (2, 3, 4)]
    mw = max(width_of(sheet, money, bold=True), 60)
    budget_head = "Bütçe (TL)" if v.wording == "long" else "Bütçe İçi (TL)"
    cols = [TColumn("S.No", 30, 1), TColumn("Harcama Birimi", 220), TColumn(budget_head, mw, 2), TColumn("Bütçe Dışı (TL)", mw, 2), TColumn("Toplam (TL)", mw, 2)]
    table = TableDrawer(sheet, cols)
    table.start(3 * v.font_size)
    for i, r in enumerate(rows):
        table.block(TBlock([r]), i)
    sheet.y -= 12
    sheet.para("4.2. EKONOMİK SINIFLANDIRMAYA GÖRE KAYNAK İHTİYACI", sheet.style(10.5, True), 4)
    econ = doc.truth["economic_codes"]
    whole = sum(econ.values())
    assert whole == tb, "the economic codes must add up to the budget of the activity rows"
    rows = []
    for code, label in ECON_LABELS.items():
        amount = econ.get(code, 0)
        share = (Decimal(amount) / Decimal(whole) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        rows.append(TRow([code, label, p.amount(amount, zero_blank=True), (f"{share}".replace(".", ",") if amount else v.empty)]))
    rows.append(TRow(["Toplam", "", p.amount(whole), "100,00"], bold=True, label_span=2))
    cols = [TColumn("Kod", 30, 1), TColumn("Ekonomik Sınıflandırma (I. Düzey)", 250), TColumn(budget_head, mw, 2), TColumn("Oran (%)", 50, 2)]
    table = TableDrawer(sheet, cols)
    table.start(3 * v.font_size)
    for i, r in enumerate(rows):
        table.block(TBlock([r]), i)


def build(variant: Variant, truth: dict, out: Path, lead: float = 0.0) -> dict:
    """Write <out>/<name>.pdf and return its manifest; `lead`: extra space above the first unit's heading (above every
    unit's with unit_new_page)."""
    register_fonts()
    printer = Printer(variant, truth["plan_year"])
    doc = Doc(truth, variant, printer)
    title = f"{truth['municipality']} · {variant.plan_year} Yılı Performans Programı"
    sheet = Sheet(out / f"{variant.name}.pdf", variant, title)
    front_matter(sheet, doc)
    sheet.new_page()
    sheet.para("3. BİRİM PERFORMANS TABLOLARI", sheet.style(13, True), 6)
    sheet.para("Her harcama biriminin tablosu yeni bir sayfada başlar.", sheet.style(9))
    order = roles(variant)
    columns = unit_columns(sheet, doc, order)
    split = []
    for i, unit in enumerate(doc.units):
        split += unit_section(sheet, doc, unit, order, columns, lead if i == 0 or variant.unit_new_page else 0.0)
    resources(sheet, doc)
    pages = sheet.page
    sheet.save()
    return {"name": variant.name, "synthetic": True, "description": variant.description, "axes": {k: v for k, v in asdict(variant).items() if k not in ("name", "description")},
            "pages": pages, "lead": lead, "blocks_broken_across_pages": split,
            "note": "Content: tests/fixtures/unit-table-variants/truth.json, texts re-dated by plan_year - 2023 years; amounts and values as in the truth."}


def build_with_a_break(variant: Variant, truth: dict, out: Path) -> dict:
    """The variant with at least one block broken across pages: the first unit is moved down (0, 15, 30 … points)
    until one is. Deterministic: the same search gives the same document on every run."""
    for lead in range(0, 450, 15):
        manifest = build(variant, truth, out, float(lead))
        if manifest["blocks_broken_across_pages"]:
            return manifest
    raise SystemExit(f"{variant.name}: no block breaks across pages")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="output folder")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="only these variants")
    ap.add_argument("--list", action="store_true", help="list the variants and exit")
    ap.add_argument("--truth", type=Path, default=DEFAULT_TRUTH)
    args = ap.parse_args(argv)
    if args.list:
        for v in VARIANTS:
            print(f"{v.name}: {v.description}")
        return 0
    if args.out is None:
        ap.error("--out is required")
    names = {v.name for v in VARIANTS}
    unknown = [n for n in args.only or [] if n not in names]
    if unknown:
        ap.error(f"unknown variants: {', '.join(unknown)}")
    truth = json.loads(args.truth.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    for v in VARIANTS:
        if args.only and v.name not in args.only:
            continue
        started = time.perf_counter()
        manifest = build_with_a_break(v, truth, args.out)
        (args.out / f"{v.name}.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{v.name}: {manifest['pages']} pages, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
