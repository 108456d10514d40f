"""OCR of scanned pages (`analysis.extract.ocr`), checked against the original PDFs' text layer.

The scanned set is made once per session by `scripts/make_scanned_set.py` into a temporary folder: chosen
pages of the two shipped PDFs rendered at 200 dpi, rotated under 1 degree, blurred, speckled and
JPEG-compressed, wrapped as image-only PDFs. Expected values come from the *original* PDF's text layer
and vector rules (pdfplumber), never from the OCR side. Needs Debian's tesseract-ocr + tesseract-ocr-tur
(`scripts/ensure-ocr.sh` installs them); without them the tests fail with what to install.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pdfplumber
import pytest

from analysis.extract import ocr

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SEED = 2021  # the seed of the `scan_set` fixture (tests/conftest.py)

# Original page → (kind, x where value columns start, x right of which a word with letters marks a
# header line). Value columns are right of the names (and, on the cards, of the unit column, whose
# words are letters); header lines (`2019 2020*`, `2021 Yılı`, `İLK 6 AY`, `03 Mal ve`) carry letters
# or `*` in the value area and are left out, so what is measured is amounts and indicator values.
KOCAELI_PAGES = {31: ("grid card", 290, 350), 32: ("grid card", 290, 350), 43: ("grid card", 290, 350),
                 74: ("grid card", 290, 350), 100: ("summary table", 248, 248), 114: ("summary table", 188, 188)}
KUCUKCEKMECE_PAGES = {57: ("card-layout card", 329, 376), 94: ("card-layout card", 329, 376),
                      95: ("card-layout card", 329, 376), 62: ("summary table", 212, 212),
                      272: ("summary table", 245, 245)}
NUMBER = re.compile(r"^(%?\d[\d.,]*|-)$")
LETTERS = re.compile(r"[A-Za-zÇĞİÖŞÜçğıöşü*]")


def scanned_pages(manifest: dict, name: str, wanted: dict) -> list[tuple[int, dict]]:
    """(index in the scanned PDF, manifest entry) of the pages listed in `wanted`."""
    return [(i, e) for i, e in enumerate(manifest["files"][name]["pages"]) if e["kind"] == "scan" and e["page"] in wanted]


def vector_rules(source: str, page: int) -> tuple[list[ocr.Segment], list[ocr.Segment]]:
    """The original page's ruling lines: thin filled rectangles (how both PDFs draw them), joined."""
    with pdfplumber.open(RAW / source) as pdf:
        pg = pdf.pages[page - 1]
        shapes = [*pg.rects, *pg.lines]
        h = [(s["x0"], s["top"], s["x1"], s["bottom"]) for s in shapes if s["bottom"] - s["top"] < 2 and s["x1"] - s["x0"] > 2]
        v = [(s["x0"], s["top"], s["x1"], s["bottom"]) for s in shapes if s["x1"] - s["x0"] < 2 and s["bottom"] - s["top"] > 2]
    keep = ocr.RULE_MIN_LENGTH  # shorter strokes are not looked for
    return ([s for s in ocr.merge_segments(h, True) if s[2] - s[0] >= keep],
            [s for s in ocr.merge_segments(v, False) if s[3] - s[1] >= keep])


def unmatched(expected: list[ocr.Segment], found: list[ocr.Segment], horizontal: bool, tol: float = 2.0) -> list:
    """Expected rules with no found rule at the same position and with the same ends (within `tol`)."""
    def pos(s):
        return (s[1] + s[3]) / 2 if horizontal else (s[0] + s[2]) / 2

    def ends(s):
        return (s[0], s[2]) if horizontal else (s[1], s[3])

    return [tuple(round(x, 1) for x in e) for e in expected
            if not any(abs(pos(f) - pos(e)) <= tol and all(abs(a - b) <= tol for a, b in zip(ends(f), ends(e))) for f in found)]


def value_words(source: str, page: int, xmin: float, xletters: float) -> list[dict]:
    """Amounts and indicator values as pdfplumber reads them from the original page."""
    with pdfplumber.open(RAW / source) as pdf:
        pg = pdf.pages[page - 1]
        words, height = pg.extract_words(), float(pg.height)
    out = []
    for w in words:
        if not NUMBER.match(w["text"]) or (w["x0"] + w["x1"]) / 2 < xmin or w["top"] > height - 60:
            continue
        line = [o for o in words if abs(o["top"] - w["top"]) < 3 and (o["x0"] + o["x1"]) / 2 >= xletters]
        if not any(LETTERS.search(o["text"]) for o in line):
            out.append(w)
    return out


def page_cells(image, scale: float, rules: ocr.Rules, kind: str) -> list[ocr.Segment]:
    """Cells found on the scan alone: ruled grids from their rules (plus the edges of dark header fills),
    the card layout's horizontally ruled tables from rules and white gutters."""
    if kind == "card-layout card":
        return ocr.unruled_cells(image, scale, rules)
    bh, bv = ocr.box_edges(ocr.detect_boxes(image, scale, angle=rules.angle))
    return ocr.table_cells(ocr.merge_segments([*rules.horizontal, *bh], True), ocr.merge_segments([*rules.vertical, *bv], False))


# ------------------------------------------------------------------------------------------ the set


def test_scanned_pdfs_have_no_text_layer(scan_set):
    out, manifest = scan_set
    for name in ("kocaeli-scan.pdf", "kucukcekmece-scan.pdf"):
        n = len(manifest["files"][name]["pages"])
        assert ocr.pages_without_text(out / name) == list(range(n)), name
    mixed = manifest["files"]["mixed.pdf"]["pages"]
    assert ocr.pages_without_text(out / "mixed.pdf") == [i for i, e in enumerate(mixed) if e["kind"] == "scan"]
    assert [ocr.page_has_text_layer(out / "mixed.pdf", i) for i in range(len(mixed))] == [e["kind"] == "text" for e in mixed]


def test_manifest_describes_every_page(scan_set):
    out, manifest = scan_set
    import pypdfium2 as pdfium

    for name, info in manifest["files"].items():
        pdf = pdfium.PdfDocument(str(out / name))
        assert len(pdf) == len(info["pages"]), name
        pdf.close()
        for e in info["pages"]:
            assert (RAW / e["source"]).exists() and e["page"] >= 1
            if e["kind"] == "scan":
                assert 0 < abs(e["rotation_deg"]) < 1 and e["dpi"] == manifest["dpi"]
                assert {"blur_sigma_px", "noise_sigma", "speckle_fraction", "jpeg_quality"} <= set(e["degradations"])
    pages = {(e["source"].split("/")[0], e["page"]) for info in manifest["files"].values() for e in info["pages"]}
    assert {("kocaeli-2021", 100), ("kocaeli-2021", 114), ("kucukcekmece-2021", 94), ("kucukcekmece-2021", 95),
            ("kucukcekmece-2021", 271), ("kucukcekmece-2021", 272)} <= pages


def test_same_seed_same_bytes_other_seed_other_images(scan_set, tmp_path):
    out, _ = scan_set
    for seed, folder in ((SEED, tmp_path / "same"), (SEED + 1, tmp_path / "other")):
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_scanned_set.py"), "--out", str(folder), "--seed", str(seed)],
                       check=True, capture_output=True)
    for name in ("kocaeli-scan.pdf", "kucukcekmece-scan.pdf", "mixed.pdf", "manifest.json"):
        assert (tmp_path / "same" / name).read_bytes() == (out / name).read_bytes(), name
        assert (tmp_path / "other" / name).read_bytes() != (out / name).read_bytes(), name


# ---------------------------------------------------------------------------------------- the rules


@pytest.mark.slow
@pytest.mark.parametrize("page", sorted(KOCAELI_PAGES))
def test_detect_rules_finds_the_grid(scan_set, page):
    out, manifest = scan_set
    [(index, entry)] = scanned_pages(manifest, "kocaeli-scan.pdf", {page: 0})
    image, scale = ocr.render_page(out / "kocaeli-scan.pdf", index)
    rules = ocr.detect_rules(image, scale)
    assert abs(rules.angle - entry["rotation_deg"]) < 0.05, (rules.angle, entry["rotation_deg"])
    want_h, want_v = vector_rules(entry["source"], page)
    assert want_h and want_v
    assert unmatched(want_h, rules.horizontal, True) == [] and unmatched(rules.horizontal, want_h, True) == []
    assert unmatched(want_v, rules.vertical, False) == [] and unmatched(rules.vertical, want_v, False) == []


@pytest.mark.slow
@pytest.mark.parametrize("page", [57, 94, 95])
def test_detect_rules_finds_the_cards_horizontal_rules(scan_set, page):
    out, manifest = scan_set
    [(index, entry)] = scanned_pages(manifest, "kucukcekmece-scan.pdf", {page: 0})
    image, scale = ocr.render_page(out / "kucukcekmece-scan.pdf", index)
    horizontal, vertical = ocr.detect_rules(image, scale)
    want_h, want_v = vector_rules(entry["source"], page)
    assert len(want_h) >= 10 and want_v == []
    assert unmatched(want_h, horizontal, True) == [] and unmatched(horizontal, want_h, True) == []
    assert vertical == []


def test_skew_of_a_page_without_rules_comes_from_its_text(scan_set):
    out, manifest = scan_set
    [(index, entry)] = scanned_pages(manifest, "kucukcekmece-scan.pdf", {271: 0})  # a section title page
    image, scale = ocr.render_page(out / "kucukcekmece-scan.pdf", index)
    rules = ocr.detect_rules(image, scale)
    assert rules.horizontal == [] and rules.vertical == []
    assert abs(rules.angle - entry["rotation_deg"]) < 0.15, (rules.angle, entry["rotation_deg"])


def test_to_scan_points_lands_on_the_skewed_rule(scan_set):
    """A rule found in the deskewed frame, mapped back with the angle, is ink on the raw scan."""
    out, manifest = scan_set
    [(index, entry)] = scanned_pages(manifest, "kocaeli-scan.pdf", {32: 0})
    image, scale = ocr.render_page(out / "kocaeli-scan.pdf", index)
    rules = ocr.detect_rules(image, scale)
    raw = np.asarray(image)
    w_pt, h_pt = raw.shape[1] / scale, raw.shape[0] / scale
    longest = max(rules.horizontal, key=lambda s: s[2] - s[0])
    y = (longest[1] + longest[3]) / 2
    for x in (longest[0] + 3, longest[2] - 3):
        sx, sy = ocr.to_scan_points(x, y, rules.angle, w_pt, h_pt)
        px, py = int(sx * scale), int(sy * scale)
        assert raw[py - 2:py + 3, px - 2:px + 3].min() < 110, (x, y, sx, sy)
        assert raw[int(y * scale) - 1:int(y * scale) + 2, int(x * scale)].min() > 150 or abs(rules.angle) < 0.2


# ---------------------------------------------------------------------------------------- the cells


def measure(scan_set, name: str, wanted: dict) -> dict[str, list[int]]:
    """{page kind: [values read exactly, values]} over the scanned pages of one PDF, with the misses."""
    out, manifest = scan_set
    shares: dict[str, list] = {}
    for index, entry in scanned_pages(manifest, name, wanted):
        kind, xmin, xletters = wanted[entry["page"]]
        image, scale = ocr.render_page(out / name, index)
        rules = ocr.detect_rules(image, scale)
        cells = page_cells(image, scale, rules, kind)
        expected: dict[ocr.Segment | None, list[str]] = {}
        for w in value_words(entry["source"], entry["page"], xmin, xletters):
            cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
            hits = [c for c in cells if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]]
            cell = min(hits, key=lambda c: (c[2] - c[0]) * (c[3] - c[1])) if hits else None
            expected.setdefault(cell, []).append(w["text"])
        boxes = [c for c in expected if c is not None]
        read = ocr.ocr_cells(image, scale, boxes, True, angle=rules.angle)
        tally = shares.setdefault(kind, [0, 0, []])
        for box, word in zip(boxes, read):
            want = " ".join(expected[box])
            tally[0] += len(expected[box]) if word.text == want else 0
            if word.text != want:
                tally[2].append((entry["page"], want, word.text))
        tally[1] += sum(len(v) for v in expected.values())
        tally[2] += [(entry["page"], v, "no cell") for v in expected.get(None, [])]
    return shares


@pytest.mark.slow
@pytest.mark.parametrize("name,wanted", [("kocaeli-scan.pdf", KOCAELI_PAGES), ("kucukcekmece-scan.pdf", KUCUKCEKMECE_PAGES)])
def test_ocr_cells_reads_amounts_and_indicator_values(tesseract, scan_set, name, wanted, capsys):
    shares = measure(scan_set, name, wanted)
    with capsys.disabled():
        for kind, (ok, n, misses) in shares.items():
            print(f"\n  {name} {kind}: {ok}/{n} = {ok / n:.1%} exact  misses: {misses[:6]}")
    assert set(shares) == {v[0] for v in wanted.values()}
    for kind, (ok, n, misses) in shares.items():
        assert n >= 80, (kind, n)  # enough values to measure
        assert ok / n >= 0.95, (kind, ok, n, misses)


# -------------------------------------------------------------------------------------- the numbers


@pytest.mark.parametrize("text,grouped,repaired", [
    ("13.243.82", None, "13.243,82"),       # a comma read as a dot, the thousands dot proves the format
    ("1..234", None, "1.234"),              # a doubled thousands dot
    ("1.234.", None, "1.234"),              # a speck read as a trailing dot
    ("12.345678.901", None, "12.345.678.901"),  # a lost thousands dot between two kept ones
    ("1234", True, "1.234"),                # a lost thousands dot where the column groups thousands
    ("4,089.180,00", None, "4.089.180,00"),
    ("1O0", None, "100"),
    ("l.234", None, "1.234"),
    ("|2", None, "12"),
    ("S00", None, "500"),
    ("1.2B4,5O", None, "1.284,50"),
    ("13.243, 82", None, "13.243,82"),
    ("—", None, "-"),
])
def test_repair_number_repairs_what_is_unambiguous(text, grouped, repaired):
    fixed, note = ocr.repair_number(text, grouped=grouped)
    assert (fixed, bool(note)) == (repaired, True), (text, fixed, note)
    assert ocr.is_turkish_number(fixed, grouped)


@pytest.mark.parametrize("text,grouped", [
    ("1.25", None),          # 1,25 or 125
    ("1.25", True),          # still: 1,25 or 125
    ("70.2", None),          # as printed once in Kocaeli: 70,2 or 702
    ("1234.567", None),      # 1.234.567 or 1234567
    ("1.234567", True),      # 1.234.567 or 1,234567
    ("39,743,96", None),     # 39.743,96 or 39743,96
    ("39,743,96", True),     # 39.743,96 or 39,74396
    ("B", None),             # no digit at all: not a number
    ("SOB", None),
    ("0004", None),          # leading zeros: not a value; nothing to repair with one slip
    ("Adet", None),
    ("12 345", None),        # two numbers or one? not said
])
def test_repair_number_leaves_ambiguous_text_and_flags_it(text, grouped):
    fixed, note = ocr.repair_number(text, grouped=grouped)
    assert (fixed, note) == (text, None)
    assert not ocr.is_turkish_number(fixed, grouped)  # the caller flags it


@pytest.mark.parametrize("text", ["-", "0", "0,00", "99,45", "63,5", "277261", "1.936.384,62", "%4", "%99,5",
                                  "2.236.009.100,00", "125.000.000", "12,17"])
def test_valid_numbers_are_left_alone(text):
    assert ocr.is_turkish_number(text)
    assert ocr.repair_number(text) == (text, None)


def test_grouping_rules():
    assert ocr.is_turkish_number("277261", grouped=None) and ocr.is_turkish_number("277261", grouped=False)
    assert not ocr.is_turkish_number("277261", grouped=True)
    assert not ocr.is_turkish_number("1.234", grouped=False)
    assert not ocr.is_turkish_number("1.23") and not ocr.is_turkish_number("1.2345") and not ocr.is_turkish_number("")


# --------------------------------------------------------------------------------- cache and pages


def test_tesseract_available_says_what_to_install(monkeypatch, tesseract):
    assert ocr.tesseract_available() is None
    monkeypatch.setattr(ocr, "TESSERACT", "/nonexistent/tesseract")
    message = ocr.tesseract_available()
    assert message and "tesseract-ocr-tur" in message and message.endswith(".")


@pytest.mark.slow
def test_mixed_document_is_read_page_by_page_and_cached(tesseract, scan_set, tmp_path, monkeypatch):
    out, manifest = scan_set
    mixed = out / "mixed.pdf"
    calls = {"tesseract": 0, "render": 0}
    real_run, real_render = ocr.run_tesseract, ocr.render_page

    def counting_run(*args, **kwargs):
        calls["tesseract"] += 1
        return real_run(*args, **kwargs)

    def counting_render(*args, **kwargs):
        calls["render"] += 1
        return real_render(*args, **kwargs)

    monkeypatch.setattr(ocr, "run_tesseract", counting_run)
    monkeypatch.setattr(ocr, "render_page", counting_render)
    seen: list[tuple[int, int]] = []
    first = ocr.read_document(mixed, cache_dir=tmp_path, progress=lambda done, total: seen.append((done, total)))
    scans = [i for i, e in enumerate(manifest["files"]["mixed.pdf"]["pages"]) if e["kind"] == "scan"]
    assert sorted(first) == scans and seen == [(1, len(scans)), (2, len(scans))]
    cells = [(w.x0 - 2, w.top - 2, w.x1 + 2, w.bottom + 2) for w in first[scans[0]].words[:5]]
    first_cells = ocr.read_cells(mixed, scans[0], cells, False, cache_dir=tmp_path)
    assert calls["tesseract"] > 0 and calls["render"] > 0

    calls.update(tesseract=0, render=0)
    again = ocr.read_document(mixed, cache_dir=tmp_path)
    again_cells = ocr.read_cells(mixed, scans[0], cells, False, cache_dir=tmp_path)
    assert again == first and again_cells == first_cells
    assert calls == {"tesseract": 0, "render": 0}, "a second run must render nothing and run no tesseract"
    assert len(list(tmp_path.glob("*.json"))) == len(scans)

    # the words are where the original page prints them (same frame as the rules, in PDF points)
    entry = manifest["files"]["mixed.pdf"]["pages"][scans[0]]
    with pdfplumber.open(RAW / entry["source"]) as pdf:
        truth = [w for w in pdf.pages[entry["page"] - 1].extract_words() if len(w["text"]) >= 4 and w["text"].isalpha()]
    got = first[scans[0]].words
    placed = [w for w in truth if any(o.text == w["text"] and abs(o.x0 - w["x0"]) < 3 and abs(o.top - w["top"]) < 3 for o in got)]
    assert len(placed) / len(truth) >= 0.8, (len(placed), len(truth))
    assert all(0 <= o.conf <= 100 for o in got)
