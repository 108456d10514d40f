"""Derive the ground truth of the synthetic Kuzeykent 2022 program (Tablo 1-4 of the Rehber) from its PDF.

Takes:   the PDF (default tests/fixtures/kuzeykent-2022/kuzeykent-2022.pdf).
Returns: writes expected.json beside it (or --out): years, stated counts, Sunuş total, every Tablo 1 (labels,
         indicators, activities, Genel Toplam), every Tablo 2 (labels, economic codes 01-09, totals), Tablo 3 rows as
         printed (codes only where printed) and its closing rows, Tablo 4 (every row x four columns), and the
         contradictions found by checking every relation the forms imply (Decimal arithmetic, never float).

Method: pdfplumber's ruled-table finder (`find_tables`, lines strategy) on every page; each table is classed by the
"Tablo N –" title printed above it, a table with no title above it continues the previous one (only Tablo 3 does);
repeated header rows are dropped. Cell text keeps the printed strings; a cell's wrapped lines are joined with one
space, or with nothing after a line ending in a hyphen glued to a word (`e-` + `Belediye`). The result was then
checked by hand against page images (see EXPECTED.md); this script is kept so the method can be re-run and audited.
It imports nothing from the project.

Usage: python scripts/derive_kuzeykent_expected.py [--pdf PDF] [--out JSON]
"""

from __future__ import annotations

import argparse
import json
import re
from decimal import Decimal
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PDF = ROOT / "tests/fixtures/kuzeykent-2022/kuzeykent-2022.pdf"
TITLE = re.compile(r"^Tablo ([1-4]) – ")
ECON_CODES = ["01", "02", "03", "04", "05", "06", "07", "08", "09"]


def clean(cell: str | None) -> str | None:
    """Join a cell's wrapped lines as printed: one space, or nothing after a word-final hyphen."""
    if cell is None:
        return None
    lines = cell.split("\n")
    out = lines[0]
    for line in lines[1:]:
        out += line if re.search(r"\S-$", out) else " " + line
    return out


def amount(raw: str | None) -> Decimal:
    """A printed TL amount (`1.173.000`, `1.173.000,00`, `-`, `0,00`, blank) as Decimal; `-`/blank are zero."""
    raw = (raw or "").strip().replace("₺", "").replace("TL", "").strip()
    if raw in ("", "-"):
        return Decimal(0)
    return Decimal(raw.replace(".", "").replace(",", "."))


def split_code(text: str) -> tuple[str, str]:
    """`A1 Güvenilir …` -> (`A1`, `Güvenilir …`)."""
    code, _, rest = text.partition(" ")
    return code, rest


def collect_tables(pdf_path: Path) -> tuple[list[dict], dict[int, str]]:
    """Every ruled table of the forms, in order, with its kind (1-4), first page and rows (continuations merged)."""
    tables: list[dict] = []
    texts: dict[int, str] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            texts[number] = page.extract_text() or ""
            titles = [(line["top"], int(TITLE.match(line["text"]).group(1))) for line in page.extract_text_lines() if TITLE.match(line["text"])]
            for found in page.find_tables():
                rows = [[clean(c) for c in row] for row in found.extract()]
                above = [kind for top, kind in titles if top < found.bbox[1]]
                previous_bottom = max((t["bottom"] for t in tables if t["last_page"] == number), default=0)
                titled = [kind for top, kind in titles if previous_bottom < top < found.bbox[1]]
                if titled:
                    tables.append({"kind": titled[-1], "page": number, "last_page": number, "bottom": found.bbox[3], "rows": [(number, r) for r in rows]})
                elif tables and tables[-1]["kind"] and not above:
                    tables[-1]["rows"] += [(number, r) for r in rows]
                    tables[-1]["last_page"], tables[-1]["bottom"] = number, found.bbox[3]
                else:  # front-matter tables (distractors): kept with kind None
                    tables.append({"kind": None, "page": number, "last_page": number, "bottom": found.bbox[3], "rows": [(number, r) for r in rows]})
    return tables, texts


def parse_tablo1(table: dict) -> dict:
    """One Performans Hedefi Tablosu: label rows, indicator block, activity block, Genel Toplam."""
    labels: dict[str, str] = {}
    entry: dict = {"page": table["page"], "indicators": [], "activities": []}
    block = "labels"
    for page, row in table["rows"]:
        head = row[0]
        if block == "labels" and head in ("İdare Adı", "Amaç", "Hedef", "Performans Hedefi", "Açıklamalar"):
            labels[head] = row[2] or ""
        elif head and head.startswith("Performans Göstergeleri"):
            block = "indicators"
            entry["indicator_header"] = [c for c in row if c is not None]
        elif head == "Faaliyetler":
            block = "activities"
            entry["activity_header"] = [c for c in row if c is not None]
        elif head is None and block == "activities":
            entry["activity_header"] += [c for c in row if c is not None]
        elif head == "Genel Toplam":
            entry["genel_toplam"] = {"budget": row[4], "off_budget": row[5], "total": row[6], "page": page}
        elif block == "indicators":
            entry["indicators"].append({"seq": row[0], "name": row[1], "unit": row[3], "values": {"2020": row[4], "2021": row[5], "2022": row[6]}, "page": page})
        elif block == "activities":
            entry["activities"].append({"seq": row[0], "name": row[1], "budget": row[4], "off_budget": row[5], "total": row[6], "page": page})
        else:
            raise ValueError(f"unexpected Tablo 1 row on p. {page}: {row}")
    entry["idare"] = labels["İdare Adı"]
    entry["aim_code"], entry["aim_text"] = split_code(labels["Amaç"])
    entry["goal_code"], entry["goal_text"] = split_code(labels["Hedef"])
    entry["ph_code"], entry["ph_text"] = split_code(labels["Performans Hedefi"])
    entry["aciklamalar"] = labels["Açıklamalar"]
    return entry


T2_LABELS = {"İdare Adı": "idare", "Amaç": "aim", "Hedef": "goal", "Performans Hedefi": "ph", "Faaliyet Adı": "activity",
             "Sorumlu Harcama Birimi veya Birimleri": "unit", "Açıklamalar": "aciklamalar"}
OFF_BUDGET = {"Döner Sermaye": "doner_sermaye", "Diğer Yurt İçi": "diger_yurt_ici", "Yurt Dışı": "yurt_disi", "Bütçe Dışı Kaynak İhtiyacı Toplamı": "total"}


def parse_tablo2(table: dict) -> dict:
    """One Faaliyet Maliyetleri Tablosu: label rows, econ codes 01-09, totals."""
    entry: dict = {"page": table["page"], "econ": {}, "off_budget": {}}
    for page, row in table["rows"]:
        head, item, value = row[0], row[1], row[-1]
        if head in T2_LABELS:
            entry[T2_LABELS[head]] = row[2] or ""
        elif head == "Ekonomik Kod":
            entry["amount_header"] = value
        elif item and item[:2] in ECON_CODES and item[2] == " ":
            entry["econ"][item[:2]] = value
            entry.setdefault("econ_labels", {})[item[:2]] = item
        elif item == "Bütçe Ödeneği Toplamı":
            entry["budget_total"] = value
        elif item in OFF_BUDGET:
            entry["off_budget"][OFF_BUDGET[item]] = value
        elif head == "Toplam Kaynak İhtiyacı":
            entry["grand_total"] = value
        else:
            raise ValueError(f"unexpected Tablo 2 row on p. {page}: {row}")
    entry["aim_code"], entry["aim_text"] = split_code(entry.pop("aim"))
    entry["goal_code"], entry["goal_text"] = split_code(entry.pop("goal"))
    entry["ph_code"], entry["ph_text"] = split_code(entry.pop("ph"))
    return entry


CLOSING = ("Performans Hedefleri Maliyet Toplamı", "Genel Yönetim Giderleri", "Diğer İdarelere Transfer Edilecek Kaynaklar", "Genel Toplam")


def parse_tablo3(table: dict) -> dict:
    """İdare Performans Tablosu: activity rows as printed (codes only where printed), then the closing rows."""
    rows, closing, idare = [], [], None
    for page, row in table["rows"]:
        if row[0] == "İdare Adı":
            idare = row[3]
            continue
        if row[0] == "Amaç" or (row[0] is None and row[4] == "Bütçe"):
            continue  # (repeated) header rows
        label = next((c for c in row if c), "")
        if row[0] and row[1] is None:  # a closing row: its label spans the four code/name columns
            closing.append({"label": label, "budget": row[4], "off_budget": row[5], "total": row[6], "share": row[7], "page": page})
            continue
        rows.append({"aim_code": row[0], "goal_code": row[1], "ph_code": row[2], "activity": row[3], "budget": row[4],
                     "off_budget": row[5], "total": row[6], "share": row[7], "page": page})
    return {"page": table["page"], "idare": idare, "rows": rows, "closing": closing}


T4_KEYS = ["performance_targets", "general_administration", "transfers", "total"]


def parse_tablo4(table: dict) -> dict:
    """Toplam Kaynak İhtiyacı Tablosu: every row (code, label) x the four amount columns."""
    out: dict = {"page": table["page"], "rows": []}
    group = None
    for page, row in table["rows"]:
        if row[0] == "İdare Adı":
            out["idare"] = row[2]
            continue
        if row[0] == "Kaynak İhtiyacı":
            out["year_header"] = row[2]
            continue
        if row[0] is None and row[1] is None:
            out["column_headers"] = row[2:]
            continue
        if row[0] in ("Bütçe", "Bütçe Dışı Kaynak"):
            group = row[0]
        label = row[1] if row[1] is not None else row[0]
        if row[1] is None:
            group = None
        code = label[:2] if re.match(r"^0\d ", label) else ""
        out["rows"].append({"group": group, "code": code, "label": label, **dict(zip(T4_KEYS, row[2:6])), "page": page})
    return out


# ---------------------------------------------------------------------------------------------------------------
# Contradictions: every relation the forms imply, checked with Decimal. Each finding names the check, its scope,
# the two printed values (raw, with what they are and their page) and the difference a - b in TL.


def finding(check: str, scope: str, a: tuple[str, str | None, int], b: tuple[str, str | Decimal, int | list[int]]) -> dict | None:
    """A finding if the printed value a differs from b (b: printed raw, or a sum computed from printed parts)."""
    a_what, a_raw, a_page = a
    b_what, b_val, b_pages = b
    b_dec = b_val if isinstance(b_val, Decimal) else amount(b_val)
    diff = amount(a_raw) - b_dec
    if diff == 0:
        return None
    b_raw = b_val if isinstance(b_val, str) else fmt(b_val)
    b_pages = b_pages if isinstance(b_pages, list) else [b_pages]
    return {"check": check, "scope": scope, "a": {"what": a_what, "printed": a_raw, "page": a_page},
            "b": {"what": b_what, "value": b_raw, "computed": not isinstance(b_val, str), "pages": b_pages},
            "difference_tl": fmt(diff), "pages": sorted({a_page, *b_pages})}


def fmt(value: Decimal) -> str:
    """Decimal -> `1.234.567,00` (sign kept)."""
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):.2f}".partition(".")
    return f"{sign}{int(whole):,}".replace(",", ".") + "," + frac


def check_tablo1(targets: list[dict]) -> list[dict]:
    out = []
    for t in targets:
        ph = t["ph_code"]
        for act in t["activities"]:
            scope = f"{ph} / {act['seq']} {act['name']}"
            out.append(finding("T1 activity row: Bütçe + Bütçe Dışı = Toplam", scope, ("Toplam", act["total"], act["page"]),
                               ("Bütçe + Bütçe Dışı", amount(act["budget"]) + amount(act["off_budget"]), act["page"])))
        g = t["genel_toplam"]
        out.append(finding("T1 Genel Toplam row: Bütçe + Bütçe Dışı = Toplam", ph, ("Genel Toplam Toplam", g["total"], g["page"]),
                           ("Genel Toplam Bütçe + Bütçe Dışı", amount(g["budget"]) + amount(g["off_budget"]), g["page"])))
        pages = sorted({a["page"] for a in t["activities"]})
        for col, label in (("budget", "Bütçe"), ("off_budget", "Bütçe Dışı"), ("total", "Toplam")):
            out.append(finding(f"T1 Genel Toplam ({label}) = sum of activity rows", ph, (f"Genel Toplam {label}", g[col], g["page"]),
                               (f"sum of {len(t['activities'])} activity rows", sum((amount(a[col]) for a in t["activities"]), Decimal(0)), pages)))
    return out


def check_tablo2(targets: list[dict], costs: list[dict]) -> list[dict]:
    out = []
    activities = [(t, a) for t in targets for a in t["activities"]]
    for (t, act), c in zip(activities, costs, strict=True):
        scope = f"{c['ph_code']} / {c['activity']}"
        page = c["page"]
        econ_sum = sum((amount(v) for v in c["econ"].values()), Decimal(0))
        out.append(finding("T2 Bütçe Ödeneği Toplamı = sum of economic codes 01-09", scope, ("Bütçe Ödeneği Toplamı", c["budget_total"], page), ("sum of 01-09", econ_sum, page)))
        ob = c["off_budget"]
        ob_sum = amount(ob["doner_sermaye"]) + amount(ob["diger_yurt_ici"]) + amount(ob["yurt_disi"])
        out.append(finding("T2 Bütçe Dışı Kaynak İhtiyacı Toplamı = Döner Sermaye + Diğer Yurt İçi + Yurt Dışı", scope, ("Bütçe Dışı Kaynak İhtiyacı Toplamı", ob["total"], page), ("sum of off-budget rows", ob_sum, page)))
        out.append(finding("T2 Toplam Kaynak İhtiyacı = Bütçe Ödeneği Toplamı + Bütçe Dışı Toplamı", scope, ("Toplam Kaynak İhtiyacı", c["grand_total"], page), ("Bütçe Ödeneği Toplamı + Bütçe Dışı Toplamı", amount(c["budget_total"]) + amount(ob["total"]), page)))
        out.append(finding("T2 Bütçe Ödeneği Toplamı = T1 activity Bütçe", scope, ("T2 Bütçe Ödeneği Toplamı", c["budget_total"], page), ("T1 Bütçe", act["budget"], act["page"])))
        out.append(finding("T2 Bütçe Dışı Toplamı = T1 activity Bütçe Dışı", scope, ("T2 Bütçe Dışı Kaynak İhtiyacı Toplamı", ob["total"], page), ("T1 Bütçe Dışı", act["off_budget"], act["page"])))
        out.append(finding("T2 Toplam Kaynak İhtiyacı = T1 activity Toplam", scope, ("T2 Toplam Kaynak İhtiyacı", c["grand_total"], page), ("T1 Toplam", act["total"], act["page"])))
    return out


def check_tablo3(targets: list[dict], t3: dict) -> list[dict]:
    out = []
    activities = [(t, a) for t in targets for a in t["activities"]]
    closing = {row["label"]: row for row in t3["closing"]}
    grand = amount(closing["Genel Toplam"]["total"])
    for (t, act), row in zip(activities, t3["rows"], strict=True):
        scope = f"{t['ph_code']} / {row['activity']}"
        out.append(finding("T3 row: Bütçe + Bütçe Dışı = Toplam", scope, ("T3 Toplam", row["total"], row["page"]), ("T3 Bütçe + Bütçe Dışı", amount(row["budget"]) + amount(row["off_budget"]), row["page"])))
        for col, label in (("budget", "Bütçe"), ("off_budget", "Bütçe Dışı"), ("total", "Toplam")):
            out.append(finding(f"T3 row {label} = T1 activity {label}", scope, (f"T3 {label}", row[col], row["page"]), (f"T1 {label}", act[col], act["page"])))
        share = (amount(row["total"]) * 100 / grand).quantize(Decimal("0.01"))
        if amount(row["share"]) != share:
            out.append({"check": "T3 Pay (%) = Toplam / Genel Toplam x 100 (2 decimals)", "scope": scope, "a": {"what": "Pay (%)", "printed": row["share"], "page": row["page"]},
                        "b": {"what": "computed share", "value": str(share).replace(".", ","), "computed": True, "pages": [closing["Genel Toplam"]["page"]]}, "difference_tl": None, "pages": [row["page"]]})
    rows_pages = sorted({r["page"] for r in t3["rows"]})
    for col, label in (("budget", "Bütçe"), ("off_budget", "Bütçe Dışı"), ("total", "Toplam")):
        pm = closing["Performans Hedefleri Maliyet Toplamı"]
        out.append(finding(f"T3 Performans Hedefleri Maliyet Toplamı ({label}) = sum of activity rows", "Tablo 3", ("Performans Hedefleri Maliyet Toplamı", pm[col], pm["page"]),
                           ("sum of T3 activity rows", sum((amount(r[col]) for r in t3["rows"]), Decimal(0)), rows_pages)))
        parts = [closing[k] for k in ("Performans Hedefleri Maliyet Toplamı", "Genel Yönetim Giderleri", "Diğer İdarelere Transfer Edilecek Kaynaklar")]
        gt = closing["Genel Toplam"]
        out.append(finding(f"T3 Genel Toplam ({label}) = PH Maliyet Toplamı + Genel Yönetim + Transfer", "Tablo 3", ("Genel Toplam", gt[col], gt["page"]),
                           ("sum of the three closing rows", sum((amount(p[col]) for p in parts), Decimal(0)), gt["page"])))
    for row in t3["closing"]:
        out.append(finding("T3 closing row: Bütçe + Bütçe Dışı = Toplam", row["label"], ("Toplam", row["total"], row["page"]), ("Bütçe + Bütçe Dışı", amount(row["budget"]) + amount(row["off_budget"]), row["page"])))
    return out


def check_tablo4(costs: list[dict], t3: dict, t4: dict) -> list[dict]:
    out = []
    rows = {r["label"]: r for r in t4["rows"]}
    page = t4["page"]
    cols = {"performance_targets": "PH Maliyet Toplamı", "general_administration": "Genel Yönetim Giderleri", "transfers": "Diğer İdarelere Transfer", "total": "Toplam"}
    econ_rows = [r for r in t4["rows"] if r["code"]]
    off_rows = [rows[k] for k in ("Döner Sermaye", "Diğer Yurt İçi", "Yurt Dışı")]
    for col, name in cols.items():
        out.append(finding(f"T4 Bütçe Toplamı = sum of 01-09 ({name} column)", name, ("Bütçe Toplamı", rows["Bütçe Toplamı"][col], page), ("sum of 01-09", sum((amount(r[col]) for r in econ_rows), Decimal(0)), page)))
        out.append(finding(f"T4 Bütçe Dışı Toplamı = sum of off-budget rows ({name} column)", name, ("Bütçe Dışı Toplamı", rows["Bütçe Dışı Toplamı"][col], page), ("sum of off-budget rows", sum((amount(r[col]) for r in off_rows), Decimal(0)), page)))
        out.append(finding(f"T4 Toplam Kaynak İhtiyacı = Bütçe Toplamı + Bütçe Dışı Toplamı ({name} column)", name, ("Toplam Kaynak İhtiyacı", rows["Toplam Kaynak İhtiyacı"][col], page),
                           ("Bütçe Toplamı + Bütçe Dışı Toplamı", amount(rows["Bütçe Toplamı"][col]) + amount(rows["Bütçe Dışı Toplamı"][col]), page)))
    for r in t4["rows"]:
        out.append(finding("T4 row: Toplam = PH Maliyet + Genel Yönetim + Transfer", r["label"], ("Toplam", r["total"], page),
                           ("sum of the three columns", amount(r["performance_targets"]) + amount(r["general_administration"]) + amount(r["transfers"]), page)))
    cost_pages = sorted({c["page"] for c in costs})
    for r in econ_rows:
        summed = sum((amount(c["econ"][r["code"]]) for c in costs), Decimal(0))
        out.append(finding("T4 PH Maliyet Toplamı column = T2 summed by economic code", r["label"], ("T4 " + r["label"], r["performance_targets"], page), (f"sum of {len(costs)} T2 '{r['code']}' rows", summed, [cost_pages[0], cost_pages[-1]])))
    for label, key in (("Döner Sermaye", "doner_sermaye"), ("Diğer Yurt İçi", "diger_yurt_ici"), ("Yurt Dışı", "yurt_disi")):
        summed = sum((amount(c["off_budget"][key]) for c in costs), Decimal(0))
        out.append(finding("T4 PH Maliyet Toplamı column = T2 summed (off-budget)", label, ("T4 " + label, rows[label]["performance_targets"], page), (f"sum of T2 {label}", summed, [cost_pages[0], cost_pages[-1]])))
    summed = sum((amount(c["budget_total"]) for c in costs), Decimal(0))
    out.append(finding("T4 PH Maliyet Toplamı column = T2 summed (Bütçe Ödeneği Toplamı)", "Bütçe Toplamı", ("T4 Bütçe Toplamı", rows["Bütçe Toplamı"]["performance_targets"], page), ("sum of T2 Bütçe Ödeneği Toplamı", summed, [cost_pages[0], cost_pages[-1]])))
    closing = {row["label"]: row for row in t3["closing"]}
    pairs = [("Performans Hedefleri Maliyet Toplamı", "performance_targets"), ("Genel Yönetim Giderleri", "general_administration"), ("Diğer İdarelere Transfer Edilecek Kaynaklar", "transfers"), ("Genel Toplam", "total")]
    for label, col in pairs:
        c3 = closing[label]
        out.append(finding("T4 Bütçe Toplamı = T3 closing row Bütçe", label, ("T4 Bütçe Toplamı " + cols[col], rows["Bütçe Toplamı"][col], page), ("T3 " + label + " Bütçe", c3["budget"], c3["page"])))
        out.append(finding("T4 Bütçe Dışı Toplamı = T3 closing row Bütçe Dışı", label, ("T4 Bütçe Dışı Toplamı " + cols[col], rows["Bütçe Dışı Toplamı"][col], page), ("T3 " + label + " Bütçe Dışı", c3["off_budget"], c3["page"])))
        out.append(finding("T4 Toplam Kaynak İhtiyacı = T3 closing row Toplam", label, ("T4 Toplam Kaynak İhtiyacı " + cols[col], rows["Toplam Kaynak İhtiyacı"][col], page), ("T3 " + label + " Toplam", c3["total"], c3["page"])))
    return out


def check_labels(targets: list[dict], costs: list[dict], t3: dict) -> list[dict]:
    """Non-monetary relations: the same activity/PH printed with the same name and codes in T1, T2, T3."""
    out = []
    activities = [(t, a) for t in targets for a in t["activities"]]
    current = {"aim_code": "", "goal_code": "", "ph_code": ""}
    for (t, act), c, row in zip(activities, costs, t3["rows"], strict=True):
        for key in current:
            if row[key]:
                current[key] = row[key]
        pairs = [("T2 Faaliyet Adı = T1 activity name", c["activity"], c["page"], act["name"]),
                 ("T3 Faaliyetler = T1 activity name", row["activity"], row["page"], act["name"]),
                 ("T2 Performans Hedefi code = T1", c["ph_code"], c["page"], t["ph_code"]),
                 ("T2 Performans Hedefi text = T1", c["ph_text"], c["page"], t["ph_text"]),
                 ("T2 Amaç = T1", c["aim_code"] + " " + c["aim_text"], c["page"], t["aim_code"] + " " + t["aim_text"]),
                 ("T2 Hedef = T1", c["goal_code"] + " " + c["goal_text"], c["page"], t["goal_code"] + " " + t["goal_text"]),
                 ("T3 PH code (carried down) = T1", current["ph_code"], row["page"], t["ph_code"]),
                 ("T3 Hedef code (carried down) = T1", current["goal_code"], row["page"], t["goal_code"]),
                 ("T3 Amaç code (carried down) = T1", current["aim_code"], row["page"], t["aim_code"])]
        for check, printed, page, t1_value in pairs:
            if printed != t1_value:
                out.append({"check": check, "scope": f"{t['ph_code']} / {act['seq']} {act['name']}", "a": {"what": check.split(" =")[0], "printed": printed, "page": page},
                            "b": {"what": "T1", "value": t1_value, "computed": False, "pages": [act["page"]]}, "difference_tl": None, "pages": sorted({page, act["page"]})})
    return out


def check_counts(expected: dict) -> list[dict]:
    """The counts stated on p. 8 against the forms; the Sunuş total against Tablo 4."""
    out = []
    stated, found = expected["stated_counts"], expected["found_counts"]
    for key in ("aims", "goals", "targets", "activities", "indicators"):
        if stated[key] != found[key]:
            out.append({"check": f"stated count of {key} = count in the forms", "scope": key, "a": {"what": "stated", "printed": str(stated[key]), "page": stated["page"]},
                        "b": {"what": "found in the forms", "value": str(found[key]), "computed": True, "pages": []}, "difference_tl": None, "pages": [stated["page"]]})
    codes = [t["ph_code"] for t in expected["targets"]]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        out.append({"check": "PH code printed on more than one Tablo 1", "scope": code, "a": {"what": "PH code", "printed": code, "page": None},
                    "b": {"what": "pages", "value": "", "computed": True, "pages": [t["page"] for t in expected["targets"] if t["ph_code"] == code]}, "difference_tl": None, "pages": []})
    t4 = {r["label"]: r for r in expected["total_resources"]["rows"]}["Toplam Kaynak İhtiyacı"]
    s = expected["sunus_total"]
    out.append(finding("Sunuş total = T4 Toplam Kaynak İhtiyacı", "document", ("Sunuş", s["amount"], s["page"]), ("T4 Toplam Kaynak İhtiyacı (Toplam)", t4["total"], t4["page"])))
    return out


def find_contradictions(expected: dict) -> list[dict]:
    targets, costs = expected["targets"], expected["activity_costs"]
    t3, t4 = expected["idare_performance"], expected["total_resources"]
    found = check_tablo1(targets) + check_tablo2(targets, costs) + check_tablo3(targets, t3) + check_tablo4(costs, t3, t4) + check_labels(targets, costs, t3) + check_counts(expected)
    found = [f for f in found if f]
    for number, f in enumerate(found, 1):
        f["id"] = f"C{number}"
    link_consequences(found)
    return found


def link_consequences(found: list[dict]) -> None:
    """Mark a total's finding as explained by row findings of the same column whose differences cancel it."""
    for total in found:
        if not total["check"].startswith("T3 Performans Hedefleri Maliyet Toplamı"):
            continue
        column = total["check"].split("(")[1].split(")")[0]
        rows = [f for f in found if f["check"] == f"T3 row {column} = T1 activity {column}"]
        if rows and sum((amount(f["difference_tl"]) for f in rows), Decimal(0)) == -amount(total["difference_tl"]):
            total["explained_by"] = [f["id"] for f in rows]


def stated_counts(texts: dict[int, str]) -> dict:
    """The counts sentence of section C (`… 17 stratejik amaç ve 56 hedef kapsamında 63 performans hedefi, …`)."""
    pattern = re.compile(r"(\d+)\s+stratejik\s+amaç\s+ve\s+(\d+)\s+hedef\s+kapsamında\s+(\d+)\s+performans\s+hedefi,\s+(\d+)\s+faaliyet\s+ve\s+(\d+)\s+performans\s+göstergesi")
    for page, text in texts.items():
        found = pattern.search(re.sub(r"\s+", " ", text))
        if found:
            aims, goals, targets, activities, indicators = map(int, found.groups())
            return {"aims": aims, "goals": goals, "targets": targets, "activities": activities, "indicators": indicators,
                    "page": page, "sentence": re.sub(r"\s+", " ", found.group(0))}
    raise ValueError("counts sentence not found")


def sunus_total(texts: dict[int, str]) -> dict:
    """The Sunuş sentence stating the year's total resource need."""
    for page, text in texts.items():
        found = re.search(r"toplam kaynak ihtiyacı\s+([\d.]+,\d\d)\s*TL", re.sub(r"\s+", " ", text))
        if found and "SUNUŞ" in text:
            return {"amount": found.group(1), "page": page}
    raise ValueError("Sunuş total not found")


def front_matter(tables: list[dict]) -> dict:
    """The front-matter tables (distractors), rows as printed, with their first page."""
    out = []
    for table in tables:
        if table["kind"] is None:
            out.append({"page": table["page"], "rows": [row for _, row in table["rows"]]})
    return {"tables": out}


def derive(pdf_path: Path) -> dict:
    tables, texts = collect_tables(pdf_path)
    # Tables that continue over a page break are merged; front-matter tables that do so are merged by the same rule
    targets = [parse_tablo1(t) for t in tables if t["kind"] == 1]
    costs = [parse_tablo2(t) for t in tables if t["kind"] == 2]
    tablo3 = [parse_tablo3(t) for t in tables if t["kind"] == 3]
    tablo4 = [parse_tablo4(t) for t in tables if t["kind"] == 4]
    assert len(tablo3) == 1 and len(tablo4) == 1
    header = targets[0]["indicator_header"]
    years = {"actual": int(header[-3]), "estimate": int(header[-2]), "target": int(header[-1])}
    expected = {
        "document": "kuzeykent-2022.pdf — SYNTHETIC test document (no such municipality exists)",
        "pages": max(texts),
        "years": years,
        "stated_counts": stated_counts(texts),
        "sunus_total": sunus_total(texts),
        "targets": targets,
        "activity_costs": costs,
        "idare_performance": tablo3[0],
        "total_resources": tablo4[0],
        "front_matter": front_matter(tables),
    }
    expected["found_counts"] = {
        "targets": len(targets),
        "indicators": sum(len(t["indicators"]) for t in targets),
        "activities": sum(len(t["activities"]) for t in targets),
        "activity_costs": len(costs),
        "idare_performance_rows": len(tablo3[0]["rows"]),
        "aims": len({t["aim_code"] for t in targets}),
        "goals": len({t["goal_code"] for t in targets}),
    }
    expected["contradictions"] = find_contradictions(expected)
    return expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--out", type=Path, default=None, help="default: expected.json beside the PDF")
    args = parser.parse_args()
    expected = derive(args.pdf)
    out = args.out or args.pdf.with_name("expected.json")
    out.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}: {expected['found_counts']}; {len(expected['contradictions'])} contradictions")


if __name__ == "__main__":
    main()
