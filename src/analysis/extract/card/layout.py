"""Card layout (Küçükçekmece 2021 and other designed brochures): PERFORMANS HEDEF KARTI pages.

One card per performance target (PH), grouped in one section per unit (Müdürlük): three label boxes
(AMAÇ, HEDEF, PERFORMANS HEDEFİ: code + text), an indicator table (code, name, TÜRÜ, ÖLÇÜ BİRİMİ, 2019
actual, 2020 first-six-months actual, 2021 target) and an activity table (FAALİYET VE PROJELER: BÜTÇE,
BÜTÇE DIŞI, TOPLAM). Each unit section also prints an İLİŞKİLENDİRİLMESİ table (aim / goal / PH /
activities) and a TOPLAM KAYNAK İHTİYACI VE FAALİYET MALİYETLERİ table (activities × first-level economic
codes). After the units come an aim-organised section re-printing every PH with its TEMA and indicators
(no activities), and three end tables.

Modules: `layout` (this: the registered layout and its conventions), `card.yml` (the layout's vocabulary:
detection markers, page kinds, a card page's title, footer, table anchors and label rules), `pdf` (PDF
edition reader), `text` (text edition reader), `model` (what both readers produce), `build` (rows, totals
and reconciliation from either edition, so both give the same rows). What is not specific to cards is in
`analysis.extract.core`: page kinds (`page_kinds`), tables ruled only horizontally and label boxes
(`rule_tables`, read page by page into events by `designed_page`), camelot's ruled tables as cells
(`ruled_cells`), end tables' body and total rows (`table_rows`), cards continued over pages
(`label_records`), inferred column codes (`column_codes`), unique indicator codes (`unique_codes`), name
pairing (`pairing`).

Conventions
-----------
**Units.** `unit` is the unit as printed in the title of its cards (`BİLGİ İŞLEM MÜDÜRLÜĞÜ`), the same
in both editions. `unit_canonical` is the unit's name in the MÜDÜRLÜKLERİN TOPLAM KAYNAK İHTİYACI table
(`Bilgi İşlem Müdürlüğü`), matched case-insensitively; every grouping uses it.

**Themes.** `theme` is the TEMA of the card's aim as printed in the aim-organised section (İDARENİN HEDEFİ
… TEMA), falling back to the TEMA / AMAÇ / HEDEF lists; `theme_group` stays empty (the document has no
broader level).

**Years.** The year and role of each indicator value column are read from the card's printed header
(`2019 YILI GERÇEKLEŞEN` → 2019 actual, `2020 YILI İLK 6 AY GERÇEKLEŞEN` → 2020 partial_actual, `2021 YILI
HEDEFLERİ` / `HEDEFLENEN` → 2021 target; `analysis.extract.core.years`): the PDF edition's header cells, the
text edition's header lines. A program of another year gets its own years; `method["indicator_years"]`
lists the headers read.

**Cards, activities, indicators.** `card_seq` is the card's position in the document (1 = first card),
`seq` the row's position in its card. `off_budget` is 0.00 where BÜTÇE DIŞI is `-` or empty (data
contract); `budget` and `total` stay empty where the card prints `-` or nothing (`- 0,00 -`, `- 0,00`, a
lone `0,00` under TOPLAM). An empty indicator cell (the two rows with only two values: 2019 is empty) is
kept as a value row with `value_raw` = `` and no value. `econ_01 … econ_09` of an activity come from its
row in the unit's summary table, matched by name (match keys: Turkish-lower-cased, punctuation and
spacing ignored; then the most similar unused name, ratio ≥ 0.85); unmatched rows are reported.

**Unique indicator codes** (`indicator_code`; the print stays in `indicator_code_raw`):
1. a truncated code (ending in `.`, e.g. `İG2.60.1.`) gets `#<seq>`, its position in the card:
   `İG2.60.1.#1`, `PG6.33.1.#1`, `PG6.33.1.#2`;
2. a code still printed more than once inside one card also gets `#<seq>`;
3. a code printed on more than one card (the PH code PH1.41.1 is used by two units, so `İG1.41.1.1`
   appears twice) gets `@<card_seq>` on every occurrence: `İG1.41.1.1@92`, `İG1.41.1.1@100`.
Every other code is kept exactly as printed.

**Stated totals** (`table` / `scope` / `measure`):
- `unit_economic_summary` / unit_canonical / `econ_01` … `econ_09`, `total`: the TOPLAM row of a unit's
  TOPLAM KAYNAK İHTİYACI VE FAALİYET MALİYETLERİ table (FAALİYETLERİN TOPLAM MALİYETİ = `total`).
- `unit_totals` / unit_canonical / `total`, `budget_share_pct`: MÜDÜRLÜKLERİN TOPLAM KAYNAK İHTİYACI
  TABLOSU; its TOPLAM row has scope `program`.
- `admin_activities` / `program` / `total`, `budget_share_pct`: TOPLAM of İDARENİN FAALİYETLERE GÖRE
  TOPLAM KAYNAK İHTİYACI TABLOSU (its activity rows are in the extra table `admin_activities`).
- `economic_code_table`: İDARENİN TOPLAM KAYNAK İHTİYACI TABLOSU, one row per printed cell:
  | row | scope | FAALİYET TOPLAMI | DİĞER İDARELERE TRANSFER | GENEL TOPLAM |
  |---|---|---|---|---|
  | 1 - Personel … 9 - Yedek Ödenek | `econ_01` … `econ_09` | `budget` | `transfers` | `total` |
  | Toplam Bütçe Kaynak İhtiyacı | `program` | `budget` | `budget_transfers` | `budget_total` |
  | Döner Sermaye, Diğer Yurt İçi, Yurt Dışı | `off_budget_doner_sermaye`, … | `off_budget` | `transfers` | `total` |
  | Toplam Bütçe Dışı Kaynak İhtiyacı | `program` | `off_budget` | `off_budget_transfers` | `off_budget_total` |
  | TOPLAM KAYNAK İHTİYACI | `program` | `activities_total` | `transfers` | **`total_resource_need`** |
  so `StatedTotal(table="economic_code_table", scope="program", measure="total_resource_need")`, the
  document's grand total of 2021 resource need, appears exactly once.

**Extra tables** (page on every row): `unit_economic_summary`, `relationship`, `aim_section_indicators`,
`admin_activities`, `unit_totals`, `economic_code_table`, `theme_list`.

**Economic-code columns of the unit summaries.** The PDF prints them as rotated headers
(`01.PERSONEL GİDERLERİ` …), read by camelot. The text edition prints no header (one summary's header is
shattered into letters and re-assembled); there the columns are inferred: they are economic codes in
ascending order, and the per-code sums of all units' TOPLAM rows must equal the economic-code table
exactly; the one assignment that does is used (`build.infer_summary_columns`). Where each unit's
columns came from is recorded in the method (`unit_summary_columns`).

**Reconciliation.** Money checks use `reconcile.compare` with no tolerance (BÜTÇE PAYI (%) shares, printed
to three decimals, with 0.0005); a card TOPLAM printed `-` is read as 0 in a comparison (noted). Names and
codes that differ between two tables (compared by match key, so re-casing and re-wrapping are not
differences) are `mismatch` rows with empty stated/computed and both strings in the note; an item present
in one table and absent from the other is `missing`. Indicator values of the aim-organised section are
compared with the card's: a dash, an empty cell and 0 all say "nothing" and are not reported against each
other; any other difference is (stated = aim section, computed = card). The aim-section entry of a card
is found by PH code and text, or by its indicators when the aim section re-numbered the target.
Checks: each card activity vs its unit-summary row, its all-activities-table row, its own BÜTÇE + BÜTÇE DIŞI;
each summary row and column vs its printed totals; each unit's cards vs its summary TOPLAM and its
unit-totals row; the unit-totals and all-activities tables vs their TOPLAM; every program total vs
TOPLAM KAYNAK İHTİYACI; each economic code vs the unit summaries and the activities; the economic-code
table's own sums; the İLİŞKİLENDİRİLMESİ tables vs the cards (codes, texts, activities); the
aim-organised section vs the cards (codes, texts, and every indicator's code, name, type, unit and values).
Declared in `card.yml` (`checks`) and evaluated by `analysis.extract.core.rules` for both editions (notes as
written there: `note: fixed`; `each` keeps the row-by-row order): each unit-totals row's share, cards and
summary; each unit's cards vs its summary TOPLAM; the unit-totals table's sum; the four program totals; each
economic code vs the summaries and the activities; the economic-code table's row and total sums. The rest
(rows and texts matched by name, values of rows that are not printed totals) are still the card's Python.
"""

from __future__ import annotations

import time

from analysis.core.model import ExtractedProgram
from analysis.core.progress import ProgressCallback
from analysis.core.text import dotless_key
from analysis.extract.base import Document, ExtractionError
from analysis.extract.card.build import build
from analysis.extract.card.model import SPEC


class CardLayout:
    name = "card"
    description = "Designed cards per unit (PERFORMANS HEDEF KARTI): AMAÇ / HEDEF / PERFORMANS HEDEFİ boxes, indicator and activity tables ruled only horizontally."

    def detect(self, doc: Document) -> float:
        text = dotless_key(doc.text[:2_000_000])
        markers = [dotless_key(m) for m in SPEC["detect"]["markers"]]
        return sum(m in text for m in markers) / len(markers)

    def extract(self, doc: Document, program: str, progress: ProgressCallback | None = None) -> ExtractedProgram:
        started = time.perf_counter()
        if doc.edition == "pdf":
            from analysis.extract.card.pdf import PAGE_KINDS, read_pdf
            from analysis.extract.core.ruled_cells import CAMELOT_SETTINGS
            from analysis.extract.page_objects import PAGE_READER

            raw = read_pdf(doc, progress)
            described = {
                "card": {"tool": "pdfplumber 0.11 words + the tables' own horizontal rules", "why": "rows and columns are taken from the rule segments (one per column, one rule under every row): exact for right-aligned numbers and empty cells, no rendering; camelot stream has to guess both", "label_boxes": "filled rectangles: label | code | text (| TEMA)"},
                "aim_section": {"tool": "same as card"},
                "relationship": {"tool": "camelot", **CAMELOT_SETTINGS, "copy_text": ["v"], "note": "merged aim / goal / PH cells copied down; carried over a page break"},
                "unit_summary": {"tool": "camelot", **CAMELOT_SETTINGS, "note": "rotated economic-code headers read from the header row"},
                "admin_activities": {"tool": "camelot", **CAMELOT_SETTINGS},
                "unit_totals": {"tool": "camelot", **CAMELOT_SETTINGS},
                "economic_codes": {"tool": "camelot", **CAMELOT_SETTINGS},
                "theme_list": {"tool": "pypdfium2 text layer, line by line"},
                "other": {"tool": "none (front matter, title pages: no performance data)"},
            }
            method = {
                "edition": "pdf",
                "page_reader": PAGE_READER,
                "page_kinds": described,
                # listed in the order they are described above, not the order card.yml tries them in
                "pages": {k: raw.page_kinds.get(k, []) for k in described if k in PAGE_KINDS},
                "page_classification": "by content: titles, label boxes and column headers (analysis.extract.card.pdf.classify_page)",
            }
        else:
            from analysis.extract.card.text import read_text

            if progress:
                progress(0, 1, "text edition")
            raw = read_text(doc)
            if progress:
                progress(1, 1, "text edition")
            method = {
                "edition": "text",
                "reader": "line-by-line state machine over the pdftotext-style text (analysis.extract.card.text)",
                "artefacts": [
                    "page footers removed, also when glued to a line (`2021 PERFORMANS PROGRAMI62`)",
                    "fixed labels compared with I and İ merged (`HEDEFI`, `BIRIMI`)",
                    "İLİŞKİLENDİRİLMESİ and unit-summary tables spliced into a card are read as blocks; the card resumes after them",
                    "shattered vertical headers skipped (re-assembled where complete)",
                    "rows with fewer values than columns: values fill the rightmost cells (right-aligned numbers; checked against the PDF)",
                ],
            }
        if not raw.cards:
            raise ExtractionError(f"{doc.path}: no PERFORMANS HEDEF KARTI cards found; not a card-layout performance program")
        out = ExtractedProgram(program, str(doc.path), doc.sha256, doc.edition, self.name)
        out.method = method
        build(raw, out)
        out.method["indicator_code_rule"] = "truncated code (ending in '.') + '#<position in card>'; repeated inside a card + '#<position>'; printed on several cards + '@<card_seq>' on every occurrence"
        out.method["activity_matching"] = "summary / all-activities / relationship rows matched to card activities by Turkish-folded name key, then the most similar unused name (difflib ratio >= 0.85)"
        out.method["read_seconds"] = round(time.perf_counter() - started, 2)
        return out


CARD = CardLayout()
