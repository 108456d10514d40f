"""Test material for a reader of the Rehber's standard forms (Tablo 1-4), independent of any extractor.

1. The synthetic example (tests/fixtures/kuzeykent-2022/kuzeykent-2022.pdf): facts read off its page images by hand,
   written here as literals, are re-derived from the PDF with pdfplumber and must agree with expected.json.
2. The layout variants of scripts/make_form_variants.py (generated once per session into a tmp folder): pdfplumber's
   text of each PDF contains every activity name, PH code and printed amount of expected.json, as printed in that
   variant (the printed form is derived here from the variant's axes, not taken from the generator); orientation,
   rules, header repetition, header wording, unit column and Tablo 2 placement are what the variant says; the
   manifest's mappings agree; the generator is deterministic (a second run gives the same sha256).
3. The designed Tablo 3 (issue 21): on every page of Tablo 3, the İdare Adı label row above the header, *Performans*
   and *Hedefi* on two lines, codes on the first row of their group only, most names wrapped over 2-3 lines,
   coloured label cells, the rules the variant says (none under the label row; one across the split header); the
   contradiction printed in Tablo 3 (the manifest's, checked against expected.json) is printed there.
Nothing is written into the checkout.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests/fixtures/kuzeykent-2022"
EXAMPLE = FIXTURE / "kuzeykent-2022.pdf"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
SCRIPT = ROOT / "scripts/make_form_variants.py"
VARIANTS = ["grid-portrait", "grid-landscape-labelled", "thin-interleaved-lira", "horizontal-annex-nounit", "no-kurus-dash",
            "percent-thin-landscape", "redated-2025", "horizontal-landscape-lira", "grid-annex-percent-nokurus",
            "designed-horizontal-annex", "designed-split-landscape", "designed-split-thin"]
DESIGNED = ["designed-horizontal-annex", "designed-split-landscape", "designed-split-thin"]  # Tablo 3 as issue 21 describes it


def amount(raw: str) -> Decimal:
    raw = raw.strip()
    return Decimal(0) if raw in ("", "-") else Decimal(raw.replace(".", "").replace(",", "."))


# ---------------------------------------------------------------------------------------------------------------
# 1. The example itself: literal facts read off the page images.


@pytest.fixture(scope="module")
def example_pages() -> dict[int, str]:
    wanted = (3, 8, 21, 37, 38, 125, 128)
    with pdfplumber.open(EXAMPLE) as pdf:
        assert len(pdf.pages) == 128
        return {n: pdf.pages[n - 1].extract_text() for n in wanted}


def test_example_hand_read_facts(example_pages):
    # p. 8 (image): the first Tablo 1 is PH1.1.1, its Genel Toplam row reads 887.000 | - | 887.000
    assert "Performans Hedefi PH1.1.1 2022 yılında" in example_pages[8]
    assert "Genel Toplam 887.000 - 887.000" in example_pages[8]
    # p. 37 (image): the last Tablo 1 is PH17.3.1, Genel Toplam 1.197.000
    assert "PH17.3.1 Akıllı Şehir teknolojileri" in example_pages[37]
    assert "Genel Toplam 1.197.000 - 1.197.000" in example_pages[37]
    # p. 38 (image): first Tablo 2 (Hemzemin Kavşak Düzenleme Projeleri Yapımı): 06 Sermaye Giderleri 4.000,00
    assert re.search(r"Hemzemin Kavşak Düzenleme Projeleri Yapımı.*?06 Sermaye Giderleri 4\.000,00", example_pages[38], re.S)
    # p. 128 (image): Tablo 4 Bütçe Toplamı 510.274.000,00 | 273.303.000,00 | 9.542.000,00 | 793.119.000,00
    assert "Bütçe Toplamı 510.274.000,00 273.303.000,00 9.542.000,00 793.119.000,00" in example_pages[128]
    # p. 3 (image): the Sunuş states 796.485.000,00 TL
    assert "toplam kaynak ihtiyacı 796.485.000,00 TL" in example_pages[3]
    # p. 21 (image): PH7.1.1 rows 194.000 + 144.000 + 132.000 + 447.000 + 216.000, Genel Toplam printed 1.173.000
    assert "Genel Toplam 1.173.000 - 1.173.000" in example_pages[21]
    # p. 125 (image): Tablo 3 prints 5.332.000 for Meslek Edindirme Kursu Faaliyetlerinin Yürütülmesi
    assert "Meslek Edindirme Kursu Faaliyetlerinin Yürütülmesi 5.332.000 - 5.332.000 0,67" in example_pages[125]


def test_expected_json_agrees_with_hand_read_facts():
    first, last = EXPECTED["targets"][0], EXPECTED["targets"][-1]
    assert (first["ph_code"], first["page"]) == ("PH1.1.1", 8)
    assert (last["ph_code"], last["page"]) == ("PH17.3.1", 37)
    assert EXPECTED["activity_costs"][0]["econ"]["06"] == "4.000,00" and EXPECTED["activity_costs"][0]["page"] == 38
    t4 = {r["label"]: r for r in EXPECTED["total_resources"]["rows"]}
    assert [t4["Bütçe Toplamı"][k] for k in ("performance_targets", "general_administration", "transfers", "total")] == \
        ["510.274.000,00", "273.303.000,00", "9.542.000,00", "793.119.000,00"]
    assert EXPECTED["sunus_total"] == {"amount": "796.485.000,00", "page": 3}
    assert EXPECTED["years"] == {"actual": 2020, "estimate": 2021, "target": 2022}
    ph711 = next(t for t in EXPECTED["targets"] if t["ph_code"] == "PH7.1.1")
    assert [a["budget"] for a in ph711["activities"]] == ["194.000", "144.000", "132.000", "447.000", "216.000"]
    assert ph711["genel_toplam"]["budget"] == "1.173.000"


def test_counts_and_contradictions():
    stated = EXPECTED["stated_counts"]
    assert (stated["targets"], stated["activities"], stated["indicators"], stated["page"]) == (63, 169, 227, 8)
    targets = EXPECTED["targets"]
    assert len(targets) == 63
    assert sum(len(t["indicators"]) for t in targets) == 227
    assert sum(len(t["activities"]) for t in targets) == 169 == len(EXPECTED["activity_costs"]) == len(EXPECTED["idare_performance"]["rows"])
    # recomputed here with Decimal: PH7.1.1's rows add up to 1.133.000, 40.000 less than its Genel Toplam
    ph711 = next(t for t in targets if t["ph_code"] == "PH7.1.1")
    assert amount(ph711["genel_toplam"]["budget"]) - sum(amount(a["budget"]) for a in ph711["activities"]) == Decimal(40000)
    found = {(c["check"], c["scope"].split(" /")[0], c["difference_tl"]) for c in EXPECTED["contradictions"]}
    assert found == {
        ("T1 Genel Toplam (Bütçe) = sum of activity rows", "PH7.1.1", "40.000,00"),
        ("T1 Genel Toplam (Toplam) = sum of activity rows", "PH7.1.1", "40.000,00"),
        ("T3 row Bütçe = T1 activity Bütçe", "PH9.1.1", "1.800.000,00"),
        ("T3 row Toplam = T1 activity Toplam", "PH9.1.1", "1.800.000,00"),
        ("T3 Performans Hedefleri Maliyet Toplamı (Bütçe) = sum of activity rows", "Tablo 3", "-1.800.000,00"),
        ("T3 Performans Hedefleri Maliyet Toplamı (Toplam) = sum of activity rows", "Tablo 3", "-1.800.000,00"),
    }


# ---------------------------------------------------------------------------------------------------------------
# 2. The variants. How expected.json's strings must be printed, from the variant's axes (the spec, not the generator).

YEARS = re.compile(r"\b(2019|2020|2021|2022|2023|2024)\b")


def shift_text(s: str, shift: int) -> str:
    return YEARS.sub(lambda m: str(int(m.group(1)) + shift), s) if shift else s


def kurus(raw: str, mode: str) -> str:
    if mode == "no_kurus" and re.fullmatch(r"\d{1,3}(\.\d{3})*,00", raw):
        return raw[:-3]
    if mode == "all_kurus" and re.fullmatch(r"\d{1,3}(\.\d{3})*", raw):
        return raw + ",00"
    return raw


def zero_cell(raw: str, axes: dict) -> str:
    if axes["empty_econ"] != "as_printed" and raw in ("-", "0,00", ""):
        return axes["empty_econ"]
    return kurus(raw, axes["amounts"])


def printed_values(axes: dict) -> Counter:
    """Every amount (and Pay %) expected.json says is printed, as the variant must print it, with multiplicity."""
    mode, out = axes["amounts"], Counter()
    for t in EXPECTED["targets"]:
        for row in t["activities"] + [t["genel_toplam"]]:
            out.update(kurus(row[k], mode) for k in ("budget", "off_budget", "total"))
    for c in EXPECTED["activity_costs"]:
        out.update(zero_cell(v, axes) for v in list(c["econ"].values()) + list(c["off_budget"].values()))
        out.update(kurus(c[k], mode) for k in ("budget_total", "grand_total"))
    t3 = EXPECTED["idare_performance"]
    for row in t3["rows"] + t3["closing"]:
        out.update(kurus(row[k], mode) for k in ("budget", "off_budget", "total"))
        out[row["share"]] += 1
    for row in EXPECTED["total_resources"]["rows"]:
        out.update(kurus(row[k], mode) for k in ("performance_targets", "general_administration", "transfers", "total"))
    out[kurus(EXPECTED["sunus_total"]["amount"], mode)] += 1
    out.pop("", None)  # blank cells cannot be found in text
    return out


# `variants_dir` (the variants, generated once per session) is a fixture of tests/conftest.py, shared with
# tests/test_extract_forms.py.


@pytest.fixture(scope="session")
def scan(variants_dir):
    """pdfplumber reading of one variant (done once per variant per session): page texts, sizes, rule counts."""

    @functools.cache
    def read(name: str) -> dict:
        pages = []
        with pdfplumber.open(variants_dir / f"{name}.pdf") as pdf:
            for page in pdf.pages:
                vertical = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.5 and ln["height"] > 1]
                vertical += [r for r in page.rects if r["width"] < 1.5 and r["height"] > 1]
                pages.append({"text": page.extract_text(use_text_flow=True) or "", "width": page.width, "height": page.height,
                              "vertical": len(vertical), "horizontal": sum(1 for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5)})
        manifest = json.loads((variants_dir / f"{name}.json").read_text(encoding="utf-8"))
        flat = re.sub(r"\s+", " ", " ".join(p["text"] for p in pages))
        return {"pages": pages, "manifest": manifest, "flat": flat, "tokens": Counter(flat.split())}

    return read


def test_generator_help_and_list():
    result = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "--out" in result.stdout and "--only" in result.stdout
    listed = subprocess.run([sys.executable, str(SCRIPT), "--list"], capture_output=True, text=True, cwd=ROOT).stdout
    assert [line.split(":")[0] for line in listed.splitlines()] == VARIANTS


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_prints_every_name_code_and_amount(scan, name):
    v = scan(name)
    axes, flat, tokens = v["manifest"]["axes"], v["flat"], v["tokens"]
    assert v["manifest"]["name"] == name and v["manifest"]["synthetic"] is True
    shift = axes["year_shift"]
    names = {shift_text(a["name"], shift) for t in EXPECTED["targets"] for a in t["activities"]}
    names |= {shift_text(c["activity"], shift) for c in EXPECTED["activity_costs"]}
    assert [n for n in sorted(names) if n not in flat] == []
    ph_texts = [f"{t['ph_code']} {shift_text(t['ph_text'], shift)}" for t in EXPECTED["targets"]]
    assert [p for p in ph_texts if p not in flat] == []
    for t in EXPECTED["targets"]:  # T1 once, T2 once per activity, T3 once
        assert tokens[t["ph_code"]] >= 2 + len(t["activities"]), t["ph_code"]
    missing = {value: (count, tokens[value]) for value, count in printed_values(axes).items() if tokens[value] < count}
    assert missing == {}
    assert flat.count("Tablo 1 – Performans Hedefi Tablosu") == 63
    assert flat.count("Tablo 2 – Faaliyet Maliyetleri Tablosu") == 169


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_keeps_the_contradictions_and_front_matter(scan, name):
    v = scan(name)
    axes, flat = v["manifest"]["axes"], v["flat"]
    mode, shift = axes["amounts"], axes["year_shift"]
    ph711 = "Genel Toplam {0} - {0}".format(kurus("1.173.000", mode))  # p. 21: rows add up to 1.133.000
    assert ph711 in flat
    assert "Meslek Edindirme Kursu Faaliyetlerinin Yürütülmesi {0} - {0} 0,67".format(kurus("5.332.000", mode)) in flat  # T3, p. 125
    target = 2022 + shift
    assert f"{target} Yılı Performans Programında, Stratejik Planımızda yer alan 17 stratejik amaç ve 56 hedef kapsamında 63 performans hedefi, 169 faaliyet ve 227 performans göstergesi yer almaktadır." in flat
    assert f"toplam kaynak ihtiyacı {kurus('796.485.000,00', mode)} TL" in flat
    assert "Stratejik Amaç ve Hedefler" in flat and "H17.3 Akıllı Şehir teknolojileri" in flat and "Çöp Kamyonu" in flat
    pages = v["pages"]
    assert all(str(n) in p["text"].split() for n, p in enumerate(pages, 1) if n > 1), "every page after the cover carries its number"
    assert all("Kuzeykent Belediyesi" in p["text"] for p in pages[1:])


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_layout_axes(scan, name):
    v = scan(name)
    axes, flat, pages = v["manifest"]["axes"], v["flat"], v["pages"]
    landscape = axes["orientation"] == "landscape"
    assert all((p["width"] > p["height"]) == landscape for p in pages)
    if axes["rules"] == "horizontal":
        assert sum(p["vertical"] for p in pages) == 0
        assert sum(p["horizontal"] for p in pages) > 1000
    else:
        assert sum(p["vertical"] for p in pages) > 1000
    shift = axes["year_shift"]
    y = [2020 + shift, 2021 + shift, 2022 + shift]
    if axes["year_labels"] == "labelled":
        assert f"Önceki Yıl ({y[0]}) Cari Yıl ({y[1]}) Plan Yılı ({y[2]})" in flat
    else:
        assert f" {y[0]} {y[1]} {y[2]} " in flat and "Önceki Yıl" not in flat
    heading = axes["indicator_heading"]
    assert flat.count(heading) >= 63
    if heading == "Performans Göstergesi":
        assert "Performans Göstergeleri" not in flat
    money = "₺" if axes["currency"] == "₺" else "TL"
    assert flat.count(f"Kaynak İhtiyacı ({money})") >= 64 and flat.count(f"Bütçe Ödeneği ({money})") == 169
    if money == "₺":
        assert "(TL)" not in flat
    assert ("Ölçü Birimi" in flat) == axes["unit_column"]
    if not axes["unit_column"]:
        assert " Yüzde/Yıl " not in flat and " Adet/Yıl " not in flat
    if shift:
        assert "2020" not in flat.split() and f"{y[2]} Yılı Tutar" in flat


def first_page(pages: list[dict], needle: str) -> int:
    return next(i for i, p in enumerate(pages) if needle in re.sub(r"\s+", " ", p["text"]))


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_order_and_repeated_headers(scan, name):
    v = scan(name)
    axes, pages = v["manifest"]["axes"], v["pages"]
    t1_pages = [i for i, p in enumerate(pages) if "Tablo 1 – Performans Hedefi Tablosu" in p["text"]]
    t2_first = first_page(pages, "Tablo 2 – Faaliyet Maliyetleri Tablosu")
    t3_first, t4 = first_page(pages, "Tablo 3 – İdare Performans Tablosu"), first_page(pages, "Tablo 4 – Toplam Kaynak İhtiyacı Tablosu")
    placement = axes["tablo2_placement"]
    if placement == "after":
        assert t1_pages[-1] <= t2_first < t3_first
    elif placement == "interleaved":
        assert t2_first <= t1_pages[1] and "EK: Faaliyet" not in v["flat"]
    else:
        assert t4 < t2_first and first_page(pages, "EK: Faaliyet Maliyetleri Tabloları") <= t2_first
    t3_last = first_page(pages, "Performans Hedefleri Maliyet Toplamı")
    headed = sum("Pay (%)" in p["text"] for p in pages[t3_first:t3_last + 1])
    assert t3_last > t3_first
    assert headed == ((t3_last - t3_first + 1) if axes["repeat_headers"] else 1)


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_manifest_mappings(scan, name):
    v = scan(name)
    axes, maps, tokens = v["manifest"]["axes"], v["manifest"]["mappings"], v["tokens"]
    for raw, printed in maps["amounts"].items():
        assert printed == kurus(raw, axes["amounts"]) != raw
        assert amount(printed) == amount(raw)
    for raw, printed in maps["zero_cells"].items():
        assert printed == axes["empty_econ"] and amount(raw) == 0
    if axes["amounts"] == "as_printed":
        assert maps["amounts"] == {}
    percent = [(t["ph_code"], i["seq"], y, raw) for t in EXPECTED["targets"] for i in t["indicators"] if i["unit"].startswith("Yüzde")
               for y, raw in i["values"].items() if re.fullmatch(r"\d[\d.,]*", raw)]
    if axes["percent_sign"]:
        assert sorted((m["ph_code"], m["seq"], m["year"], m["expected"]) for m in maps["indicator_values"]) == sorted(percent)
        assert all(m["printed"] == "%" + m["expected"] for m in maps["indicator_values"])
        needed = Counter("%" + raw for *_, raw in percent)
        assert {k: n for k, n in needed.items() if tokens[k] < n} == {}
    else:
        in_texts = set(re.findall(r"%\d[\d.,]*", json.dumps(EXPECTED, ensure_ascii=False)))  # e.g. "en az %95 oranında"
        assert maps["indicator_values"] == [] and {t for t in tokens if re.fullmatch(r"%\d[\d.,]*", t)} <= in_texts
    printed = Counter()
    for t in EXPECTED["targets"]:
        for ind in t["indicators"]:
            percent_unit = axes["percent_sign"] and ind["unit"].startswith("Yüzde")
            printed.update(("%" + raw if percent_unit and re.fullmatch(r"\d[\d.,]*", raw) else raw) for raw in ind["values"].values() if raw)
    assert {k: n for k, n in printed.items() if tokens[k] < n} == {}
    for raw, printed in maps["texts"].items():
        assert printed == shift_text(raw, axes["year_shift"]) != raw


def test_generator_is_deterministic(variants_dir, tmp_path):
    again = ["grid-portrait", "percent-thin-landscape", "redated-2025", "horizontal-annex-nounit"]  # a second run of four (~15 s)
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path), "--only", *again], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    for name in again:
        for ext in ("pdf", "json"):
            first = hashlib.sha256((variants_dir / f"{name}.{ext}").read_bytes()).hexdigest()
            second = hashlib.sha256((tmp_path / f"{name}.{ext}").read_bytes()).hexdigest()
            assert first == second, f"{name}.{ext} differs between two runs"


# ---------------------------------------------------------------------------------------------------------------
# 3. The designed Tablo 3 (issue 21), read with pdfplumber's words, lines and rectangles.


@pytest.fixture(scope="session")
def tablo3_pages(variants_dir):
    """Per variant: each page of Tablo 3 (from its title to the Performans Hedefleri Maliyet Toplamı row) as text
    lines (words grouped by their top, left to right), horizontal rules (y, x0, x1) and fill colours."""

    @functools.cache
    def read(name: str) -> list[dict]:
        out = []
        with pdfplumber.open(variants_dir / f"{name}.pdf") as pdf:
            inside = False
            for page in pdf.pages:
                text = page.extract_text() or ""
                inside = inside or "Tablo 3 – İdare Performans Tablosu" in text
                if not inside:
                    continue
                lines: dict[float, list] = {}
                for w in page.extract_words():
                    key = next((k for k in lines if abs(k - w["top"]) < 2), w["top"])
                    lines.setdefault(key, []).append(w)
                rules = [(ln["top"], ln["x0"], ln["x1"]) for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5]
                rules += [(r["top"], r["x0"], r["x1"]) for r in page.rects if r["height"] < 1.5 and r["width"] > 5]
                fills = {tuple(round(c, 2) for c in r["non_stroking_color"]) for r in page.rects if r["fill"] and r["height"] > 5 and r["non_stroking_color"]}
                out.append({"lines": [(top, [w for w in sorted(ws, key=lambda w: w["x0"])]) for top, ws in sorted(lines.items())],
                            "rules": rules, "fills": fills, "text": text, "height": page.height})
                if "Performans Hedefleri Maliyet Toplamı" in text:
                    break
        return out

    return read


def _line_text(words: list[dict]) -> str:
    return " ".join(w["text"] for w in words)


@pytest.mark.parametrize("name", DESIGNED)
def test_designed_tablo_3_label_row_and_two_line_header_on_every_page(scan, tablo3_pages, name):
    axes = scan(name)["manifest"]["axes"]
    assert axes["tablo3"] == "designed" and axes["colour_labels"] and axes["tablo2_placement"] == "annex" and axes["repeat_headers"]
    broken = axes["font_size"] > 8  # "Performans" no longer fits its cell: printed "Performa" over "ns"
    heads = [t for p in tablo3_pages(name) for t in map(_line_text, (ws for _, ws in p["lines"])) if t.startswith("Amaç Hedef")]
    assert heads and all(("Performa" in t.split()) == broken for t in heads)
    pages = tablo3_pages(name)
    assert len(pages) >= 4
    for page in pages:
        texts = [_line_text(ws) for _, ws in page["lines"]]
        label = next(i for i, t in enumerate(texts) if t.startswith("İdare Adı"))
        head = next(i for i, t in enumerate(texts) if t.startswith("Amaç Hedef Perform"))  # 8.5 pt: "Performa" / "ns"
        assert label < head and "Performans Hedefi" not in texts[head]
        assert any(" Hedefi " in f" {t} " for t in texts[head + 1:head + 4])  # the header's second (or third) line
        label_top, head_top = page["lines"][label][0], page["lines"][head][0]
        between = [r for r in page["rules"] if label_top + 2 < r[0] < head_top - 1]
        if axes["rules"] == "horizontal" and not axes["label_rule"]:
            assert between == [], "no rule under the İdare Adı row"
        else:
            assert between
        hedefi = next(page["lines"][i][0] for i in range(head + 1, head + 4) if " Hedefi " in f" {texts[i]} ")
        across = [r for r in page["rules"] if head_top < r[0] < hedefi and r[2] - r[1] > 300]
        assert bool(across) == (axes["tablo3_header"] == "split"), "a rule across the header's two rows only when split"
        assert any(c not in ((0,), (1,), (0.85,), (0.94,)) and len(set(c)) > 1 for c in page["fills"]), "coloured cells"


@pytest.mark.parametrize("name", DESIGNED)
def test_designed_tablo_3_codes_once_per_group_and_names_wrapped(scan, tablo3_pages, name):
    pages = tablo3_pages(name)
    lines = [_line_text(ws) for p in pages for _, ws in p["lines"]]
    rows = EXPECTED["idare_performance"]["rows"]
    codes = Counter(t for line in lines for t in line.split() if re.fullmatch(r"PH\d+\.\d+\.\d+", t))
    assert codes == Counter(r["ph_code"] for r in rows if r["ph_code"])  # printed on the first row of the group only
    assert all(r["ph_code"] or not (r["aim_code"] or r["goal_code"]) for r in rows)
    shift = scan(name)["manifest"]["axes"]["year_shift"]
    names = [shift_text(r["activity"], shift) for r in rows]
    column = []  # the words of the name column, page by page, top to bottom: right of the codes, left of every amount
    for p in pages:
        words = [w for _, ws in p["lines"] for w in ws]
        top = min(w["bottom"] for w in words if w["text"] == "Bütçe")  # the header's last line
        end = min([w["top"] for w in words if w["text"] == "Hedefleri"] + [p["height"] - 36])  # Performans Hedefleri Maliyet Toplamı; the footer
        left = max(w["x1"] for w in words if re.fullmatch(r"PH\d+\.\d+\.\d+", w["text"]))
        words = [w for w in words if top < w["top"] < end]
        right = min(w["x0"] for w in words if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d\d)?", w["text"]))
        column += [w["text"] for w in words if left < w["x0"] < right]
    assert " ".join(names) in " ".join(column)  # every name, in order, wrapped within its column
    one_line = [n for n in names if any(n in line for line in lines)]
    assert len(one_line) < len(names) / 2, "most names wrap over two or three lines"


@pytest.mark.parametrize("name", DESIGNED)
def test_designed_tablo_3_prints_the_planted_contradiction(scan, tablo3_pages, name):
    manifest = scan(name)["manifest"]
    mode = manifest["axes"]["amounts"]
    planted = manifest["tablo3_contradictions"]
    want = [c for c in EXPECTED["contradictions"] if c["check"].startswith("T3 row")]
    assert [(p["id"], p["ph_code"], p["tablo3_printed"], p["tablo1_printed"]) for p in planted] == \
        [(c["id"], c["scope"].split(" / ")[0], kurus(c["a"]["printed"], mode), kurus(c["b"]["value"], mode)) for c in want]
    assert {p["measure"] for p in planted} == {"budget", "total"}
    flat = re.sub(r"\s+", " ", " ".join(p["text"] for p in tablo3_pages(name)))
    for p in planted:
        assert amount(p["tablo3_printed"]) != amount(p["tablo1_printed"])
        first = p["activity"].split()[0]
        assert re.search(re.escape(first) + r".{0,120}?" + re.escape(p["tablo3_printed"]), flat), p
        row = next(r for r in EXPECTED["idare_performance"]["rows"] if r["activity"] == p["activity"])
        assert kurus(row["budget" if p["measure"] == "budget" else "total"], mode) == p["tablo3_printed"]
