"""Re-dated and rotated copies of the two real programs (scripts/make_redated.py, scripts/make_rotated.py).

These tests check the copies themselves with pdfplumber, camelot and plain text comparison; they do not use the
project's extractors (those are wired to the copies elsewhere). Every expected value is read from the ORIGINAL
document (then shifted by two years where it is a year); nothing is taken from the scripts' own output except
where a test checks the sidecar against the documents. The copies are written once per test session into a
temporary folder, never into the checkout.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
KOCAELI_PDF = RAW / "kocaeli-2021" / "kocaeli-2021.pdf"
KOCAELI_MD = RAW / "kocaeli-2021" / "kocaeli-2021.md"
KUCUK_PDF = RAW / "kucukcekmece-2021" / "kucukcekmece-2021.pdf"
KUCUK_TXT = RAW / "kucukcekmece-2021" / "kucukcekmece-2021.txt"
SHIFT = 2
YEAR_MIN, YEAR_MAX = 2015, 2030

YEAR_WORD = re.compile(r"^(20(?:1[5-9]|2\d|30))(\*?)$")
DATE = re.compile(r"(?<!\d)\d{1,2}[./]\d{1,2}[./]\d{4}(?!\d)")  # a date's year is a year wherever it stands
# words that mark a printed row as a header, title, running header/footer or running text about the year
HEADER_WORDS = {
    "Sıra", "Göstergeleri", "Birimi", "Hedefi", "Yılı", "YILI", "GERÇEKLEŞEN", "HEDEFLERİ", "İhtiyacı",
    "PROGRAMI", "Programı", "Programı'nda", "Mali", "yılında", "yılında,", "yılı", "Performans",
}


def shifted(word: str) -> str:
    m = YEAR_WORD.match(word)
    assert m, word
    return f"{int(m.group(1)) + SHIFT}{m.group(2)}"


# `redated` (the copies, made once per session) is a fixture of tests/conftest.py, shared with the extractor tests.


def sidecar(path: Path) -> dict:
    return json.loads(Path(str(path) + ".redate.json").read_text(encoding="utf-8"))


_OPEN: dict[Path, pdfplumber.PDF] = {}
_WORDS: dict[tuple[Path, int], list[dict]] = {}


@pytest.fixture(scope="session", autouse=True)
def _close_pdfs():
    yield
    for pdf in _OPEN.values():
        pdf.close()
    _OPEN.clear()
    _WORDS.clear()


def plumber(pdf_path: Path) -> pdfplumber.PDF:
    """One open pdfplumber document per file and session (opening a 273-page PDF costs seconds)."""
    if pdf_path not in _OPEN:
        _OPEN[pdf_path] = pdfplumber.open(pdf_path)
    return _OPEN[pdf_path]


def words(pdf_path: Path, page_no: int) -> list[dict]:
    key = (pdf_path, page_no)
    if key not in _WORDS:
        page = plumber(pdf_path).pages[page_no - 1]
        _WORDS[key] = page.extract_words(keep_blank_chars=False, use_text_flow=False)
        page.flush_cache()
    return _WORDS[key]


def rows(ws: list[dict], tol: float = 2.0) -> list[list[dict]]:
    out: list[list[dict]] = []
    for w in sorted(ws, key=lambda w: (w["top"], w["x0"])):
        if out and abs(out[-1][0]["top"] - w["top"]) <= tol:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def header_word_ids(ws: list[dict]) -> set[int]:
    """Indexes (in ``ws``) of the words that sit in a header/title/footer row of the ORIGINAL page."""
    ids = set()
    index = {id(w): i for i, w in enumerate(ws)}
    for row in rows(ws):
        if any(w["text"] in HEADER_WORDS for w in row):
            ids.update(index[id(w)] for w in row)
    return ids


def same_place(a: dict, b: dict, tol: float = 1.0) -> bool:
    return abs(a["x0"] - b["x0"]) <= tol and abs(a["top"] - b["top"]) <= tol and abs(a["bottom"] - b["bottom"]) <= tol


def first_page_with(pdf_path: Path, word: str, start: int = 1) -> int:
    for i in range(start, len(plumber(pdf_path).pages) + 1):
        if any(w["text"] == word for w in words(pdf_path, i)):
            return i
    raise AssertionError(f"no page with {word!r}")


# ---------------------------------------------------------------------------------------------- the PDFs


@pytest.mark.slow
@pytest.mark.parametrize("original,key", [(KOCAELI_PDF, "kocaeli_pdf"), (KUCUK_PDF, "kucuk_pdf")])
def test_same_pages_and_sidecar(redated, original, key):
    with pdfplumber.open(original) as a, pdfplumber.open(redated[key]) as b:
        assert len(a.pages) == len(b.pages)
        assert [(p.width, p.height) for p in a.pages] == [(p.width, p.height) for p in b.pages]
    side = sidecar(redated[key])
    assert side["count"] == len(side["replacements"]) > 0
    for r in side["replacements"]:
        assert int(r["new"]) == int(r["old"]) + SHIFT
        assert set(r) >= {"page", "old", "new", "bbox"}


@pytest.mark.slow
def test_kocaeli_indicator_header_reads_shifted_years(redated):
    page = first_page_with(KOCAELI_PDF, "Göstergeleri", start=29)
    assert page == 30  # the first performance-target table (PDF page 30, index 29)
    orig, copy = words(KOCAELI_PDF, page), words(redated["kocaeli_pdf"], page)
    label = next(w for w in orig if w["text"] == "Göstergeleri")
    band = [w for w in orig if label["top"] - 12 <= w["top"] <= label["bottom"] + 12 and YEAR_WORD.match(w["text"])]
    band.sort(key=lambda w: w["x0"])
    assert [w["text"] for w in band] == ["2019", "2020*", "2021"]  # as printed in the original
    found = [next(c for c in copy if same_place(c, w)) for w in band]
    assert [c["text"] for c in found] == [shifted(w["text"]) for w in band] == ["2021", "2022*", "2023"]
    # the words after the years ("Yılı Hedefi", "Yılı Kaynak İhtiyacı (TL)") are untouched
    after = [w for w in orig if w["text"] in ("Yılı", "Hedefi", "Kaynak", "İhtiyacı")]
    assert after and all(any(c["text"] == w["text"] and same_place(c, w, 0.01) for c in copy) for w in after)


@pytest.mark.slow
def test_kucukcekmece_card_header_reads_shifted_years(redated):
    page = first_page_with(KUCUK_PDF, "GÖSTERGESİ", start=54)
    orig, copy = words(KUCUK_PDF, page), words(redated["kucuk_pdf"], page)
    label = next(w for w in orig if w["text"] == "GÖSTERGESİ")
    band = [w for w in orig if label["top"] - 30 <= w["top"] <= label["bottom"] + 2]
    years = sorted((w for w in band if YEAR_WORD.match(w["text"])), key=lambda w: w["x0"])
    assert [w["text"] for w in years] == ["2019", "2020", "2021"]
    # each year is followed by YILI in the original, and the copy keeps the words around it
    for w in years:
        assert any(v["text"] == "YILI" and abs(v["top"] - w["top"]) < 1 and v["x0"] > w["x0"] for v in band)
    found = [next(c for c in copy if same_place(c, w)) for w in years]
    assert [c["text"] for c in found] == ["2021", "2022", "2023"]
    for text in ("GERÇEKLEŞEN", "HEDEFLERİ", "İLK", "AY"):
        assert [same_place(c, w, 0.01) for w in band if w["text"] == text for c in copy if c["text"] == text].count(True) >= 1


# sample pages with tables (cards, summary and distractor tables): values compared word by word
KOCAELI_TABLE_PAGES = [13, 30, 31, 60, 98, 100, 101, 114]
KUCUK_TABLE_PAGES = [12, 56, 57, 58, 183, 222, 223, 239, 258, 272]
# title and running-text pages: the cover, foreword, strategic-plan text, personnel tables' titles, closing page
KOCAELI_TEXT_PAGES = [1, 3, 22, 24, 29]
KUCUK_TEXT_PAGES = [1, 2, 6, 9, 10, 27, 273]
# a word that is (or holds) a year in running text or a title: 2021, 2020*, (2020), 2020-2024, 2019-, 2021'in
YEARISH = re.compile(r"^\(?(\d{4})(?:\*|[-–]\d{4}|[-–])?\)?[.,;:']?\w*$")


def _year_only_change(page: int, a: str, b: str) -> None:
    """``b`` is ``a`` with one or more four-digit years moved by SHIFT, nothing else."""
    pa, pb = re.split(r"(\d{4})", a), re.split(r"(\d{4})", b)
    assert len(pa) == len(pb), (page, a, b)
    for x, y in zip(pa, pb):
        if x != y:
            assert x.isdigit() and int(y) == int(x) + SHIFT, (page, a, b)


def _compare_page(original: Path, copy: Path, page: int, running_text: bool = False) -> int:
    """Word-by-word comparison of one page; returns how many words changed.

    Table pages (``running_text=False``): outside the header/title/footer rows of the original every word is
    identical (dates excepted: a date's year moves); in those rows a word is identical or a year moved by SHIFT,
    and no year-shaped header word is left unmoved. Text pages: a changed word must be a year-shaped word of
    the original whose year moved. Everywhere: the same words in the same places (within 1 pt).
    """
    orig, new = words(original, page), words(copy, page)
    assert len(orig) == len(new), f"page {page}: {len(orig)} words before, {len(new)} after"
    headers = header_word_ids(orig)
    moved = 0
    for i, (a, b) in enumerate(zip(orig, new)):
        assert same_place(a, b), f"page {page}: {a['text']!r} moved to {b['x0']:.1f},{b['top']:.1f}"
        if running_text:
            if a["text"] != b["text"]:
                assert YEARISH.match(a["text"]) or DATE.search(a["text"]), (page, a["text"], b["text"])
                _year_only_change(page, a["text"], b["text"])
                moved += 1
            continue
        if i not in headers and not DATE.search(a["text"]):
            assert a["text"] == b["text"], f"page {page}: value {a['text']!r} became {b['text']!r} outside header rows"
            continue
        if a["text"] != b["text"]:
            _year_only_change(page, a["text"], b["text"])
            moved += 1
        elif YEAR_WORD.match(a["text"]):
            raise AssertionError(f"page {page}: header year {a['text']!r} was not moved")
    return moved


@pytest.mark.slow
@pytest.mark.parametrize("page", KOCAELI_TABLE_PAGES)
def test_kocaeli_table_pages_values_unchanged_header_years_moved(redated, page):
    moved = _compare_page(KOCAELI_PDF, redated["kocaeli_pdf"], page)
    assert moved >= 1  # at least the running header "2021 Mali Yılı Performans Programı"


@pytest.mark.slow
@pytest.mark.parametrize("page", KUCUK_TABLE_PAGES)
def test_kucukcekmece_table_pages_values_unchanged_header_years_moved(redated, page):
    moved = _compare_page(KUCUK_PDF, redated["kucuk_pdf"], page)
    assert moved >= 1  # at least the running footer "2021 PERFORMANS PROGRAMI"


@pytest.mark.slow
@pytest.mark.parametrize("original,key,page", [(KOCAELI_PDF, "kocaeli_pdf", p) for p in KOCAELI_TEXT_PAGES]
                         + [(KUCUK_PDF, "kucuk_pdf", p) for p in KUCUK_TEXT_PAGES])
def test_text_pages_only_years_move(redated, original, key, page):
    orig = words(original, page)
    expected = 0
    for row in rows(orig):
        texts = [w["text"] for w in row]
        for k, t in enumerate(texts):
            if not YEARISH.match(t):
                continue
            years = [int(y) for y in re.findall(r"\d{4}", t)]
            # a range printed as three words ("2014 - 2019") moves as a whole, even an end outside the window
            partner = [int(texts[j]) for j in (k - 2, k + 2) if 0 <= j < len(texts) and texts[j].isdigit()
                       and len(texts[j]) == 4 and texts[(k + j) // 2] in ("-", "–")]
            if any(YEAR_MIN <= y <= YEAR_MAX for y in years + partner):
                expected += 1
    moved = _compare_page(original, redated[key], page, running_text=True)
    assert moved >= 1
    # every year-shaped word of these pages is a year (the documents print no year-shaped value there)
    assert moved == expected


@pytest.mark.slow
def test_year_shaped_values_are_not_years(redated):
    """The document's own year-shaped values: 2024 library members (cards, twice), law number 2022."""
    cases = [(183, "2024", "1625"), (239, "2024", "1625"), (12, "2022", "15642")]
    for page, value, neighbour in cases:
        orig, new = words(KUCUK_PDF, page), words(redated["kucuk_pdf"], page)
        targets = [w for w in orig if w["text"] == value]
        assert targets, (page, value)
        for w in targets:
            row = [v["text"] for v in orig if abs(v["top"] - w["top"]) < 2]
            assert neighbour in row  # it is a value in a data row of the original
            assert any(c["text"] == value and same_place(c, w, 0.01) for c in new), (page, value)
    excluded = {(e["page"], e["old"]) for e in sidecar(redated["kucuk_pdf"])["excluded"]}
    assert {(183, "2024"), (239, "2024"), (12, "2022")} <= excluded


@pytest.mark.slow
def test_every_year_shaped_word_of_the_indicator_headers_moves(redated):
    """Across all of Kocaeli's performance-target pages: each indicator header's years, from the original."""
    headers = 0
    for page in range(29, 100):
        wa = words(KOCAELI_PDF, page)
        labels = [w for w in wa if w["text"] == "Göstergeleri"]
        if not labels:
            continue
        wb = words(redated["kocaeli_pdf"], page)
        for label in labels:
            band = sorted((w for w in wa if label["top"] - 12 <= w["top"] <= label["bottom"] + 12
                           and YEAR_WORD.match(w["text"])), key=lambda w: w["x0"])
            assert len(band) == 3, (page, [w["text"] for w in band])
            got = [next(c["text"] for c in wb if same_place(c, w)) for w in band]
            assert got == [shifted(w["text"]) for w in band], (page, got)
            headers += 1
    assert headers >= 99  # 99 performance-target tables, some headers repeated after a page break


@pytest.mark.slow
@pytest.mark.parametrize("original,key,page", [(KOCAELI_PDF, "kocaeli_pdf", 30), (KOCAELI_PDF, "kocaeli_pdf", 100),
                                               (KOCAELI_PDF, "kocaeli_pdf", 114), (KUCUK_PDF, "kucuk_pdf", 12),
                                               (KUCUK_PDF, "kucuk_pdf", 56), (KUCUK_PDF, "kucuk_pdf", 272)])
def test_ruled_tables_keep_their_grid(redated, original, key, page):
    """pdfplumber's table finder and camelot lattice (vector engine) find the same tables and cells."""
    import camelot

    ta = plumber(original).pages[page - 1].find_tables()
    tb = plumber(redated[key]).pages[page - 1].find_tables()
    assert len(ta) == len(tb) >= 1
    for x, y in zip(ta, tb):
        assert len(x.cells) == len(y.cells)
        for ca, cb in zip(sorted(x.cells), sorted(y.cells)):
            assert all(abs(p - q) < 0.5 for p, q in zip(ca, cb))
    ca = camelot.read_pdf(str(original), pages=str(page), flavor="lattice", engine="vector", suppress_stdout=True)
    cb = camelot.read_pdf(str(redated[key]), pages=str(page), flavor="lattice", engine="vector", suppress_stdout=True)
    assert ca.n == cb.n >= 1
    for x, y in zip(ca, cb):
        assert x.df.shape == y.df.shape
        for va, vb in zip(x.df.to_numpy().ravel(), y.df.to_numpy().ravel()):
            # cell text identical except for moved years
            assert re.sub(r"\d{4}", "#", va) == re.sub(r"\d{4}", "#", vb), (va, vb)


@pytest.mark.slow
@pytest.mark.parametrize("original,key,pages", [(KOCAELI_PDF, "kocaeli_pdf", [1, 30, 100, 114]),
                                                (KUCUK_PDF, "kucuk_pdf", [1, 12, 57, 183, 273])])
def test_rendered_pages_change_only_where_a_year_was_moved(redated, original, key, pages):
    """Rendered with pdfium: outside the replaced years' boxes the pages are pixel-identical (rules, fills, text)."""
    import pypdfium2 as pdfium
    from PIL import ImageChops, ImageDraw

    scale = 2
    boxes: dict[int, list] = {}
    for r in sidecar(redated[key])["replacements"]:
        boxes.setdefault(r["page"], []).append(r["bbox"])
    a, b = pdfium.PdfDocument(str(original)), pdfium.PdfDocument(str(redated[key]))
    try:
        for page in pages:
            ia = a[page - 1].render(scale=scale).to_pil().convert("RGB")
            ib = b[page - 1].render(scale=scale).to_pil().convert("RGB")
            diff = ImageChops.difference(ia, ib)
            assert diff.getbbox() is not None  # something changed (the page's years)
            draw = ImageDraw.Draw(diff)
            for x0, top, x1, bottom in boxes.get(page, []):
                draw.rectangle([x0 * scale - 2, top * scale - 2, x1 * scale + 2, bottom * scale + 2], fill=(0, 0, 0))
            assert diff.getbbox() is None, f"page {page}: pixels changed outside the re-dated years at {diff.getbbox()}"
    finally:
        a.close()
        b.close()


# ---------------------------------------------------------------------------------------------- text editions

_FOUR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _changed_tokens(original: str, copy: str) -> list[tuple[int, str, str]]:
    lines_a, lines_b = original.split("\n"), copy.split("\n")
    assert len(lines_a) == len(lines_b)
    changes = []
    for n, (a, b) in enumerate(zip(lines_a, lines_b), 1):
        if a == b:
            continue
        # the line differs only in four-digit tokens
        assert _FOUR.sub("#", a) == _FOUR.sub("#", b), (n, a, b)
        for x, y in zip(_FOUR.findall(a), _FOUR.findall(b)):
            if x != y:
                assert int(y) == int(x) + SHIFT, (n, a, b)
                changes.append((n, x, y))
    return changes


@pytest.mark.slow
def test_kocaeli_text_edition(redated):
    a = KOCAELI_MD.read_text(encoding="utf-8")
    b = redated["kocaeli_md"].read_text(encoding="utf-8")
    changes = _changed_tokens(a, b)
    assert len(changes) == sidecar(redated["kocaeli_md"])["count"]
    # the indicator header, as printed in the original (tab-separated, sometimes bold)
    header = re.compile(r"(?:<b>)?2019(?:</b>)?\t(?:<b>)?2020\*(?:</b>)?\t(?:<b>)?2021 Yılı Hedefi")
    n = len(header.findall(a))
    assert n >= 90
    assert len(re.findall(r"(?:<b>)?2021(?:</b>)?\t(?:<b>)?2022\*(?:</b>)?\t(?:<b>)?2023 Yılı Hedefi", b)) == n
    assert not header.findall(b)
    # every "2021 Yılı Kaynak İhtiyacı" became 2023, and no "2021 yılında" is left
    assert a.count("2021 Yılı Kaynak İhtiyacı") == b.count("2023 Yılı Kaynak İhtiyacı") > 0
    assert "2021 yılında" in a and "2021 yılında" not in b
    # nothing else changed: the same text once every year token is masked
    assert _FOUR.sub("#", a) == _FOUR.sub("#", b)


@pytest.mark.slow
def test_kucukcekmece_text_edition(redated):
    a = KUCUK_TXT.read_text(encoding="utf-8")
    b = redated["kucuk_txt"].read_text(encoding="utf-8")
    changes = _changed_tokens(a, b)
    assert len(changes) == sidecar(redated["kucuk_txt"])["count"]
    la, lb = a.split("\n"), b.split("\n")
    # the card headers: "2019 YILI" / "2020 YILI" / "2021 YILI" lines of the original, all moved
    for year in (2019, 2020, 2021):
        idx = [i for i, line in enumerate(la) if re.search(rf"(?<!\d){year} YILI", line)]
        assert len(idx) >= 200
        assert all(re.search(rf"(?<!\d){year + SHIFT} YILI", lb[i]) for i in idx)
    # year-shaped values stay: the 2024 library members, the law number 2022 (alone on its line)
    for i, line in enumerate(la):
        if "1625 2024" in line or line.strip() == "2022":
            assert lb[i] == line, (i + 1, line)
    assert sum(1 for line in la if "1625 2024" in line) == 2
    # running footer
    assert "2021 PERFORMANS PROGRAMI" in a and "2021 PERFORMANS PROGRAMI" not in b
    assert _FOUR.sub("#", a) == _FOUR.sub("#", b)


# ---------------------------------------------------------------------------------------------- rotated pages


@pytest.fixture(scope="session")
def rotated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rotated")
    for src, pages, rot in ((KOCAELI_PDF, "30,100", "90"), (KUCUK_PDF, "57", "270")):
        cmd = [sys.executable, str(ROOT / "scripts" / "make_rotated.py"), "--pages", pages, "--rotate", rot,
               "--only-chosen", "--out", str(out), str(src)]
        result = subprocess.run(cmd, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.mark.parametrize("src,pages,rot", [(KOCAELI_PDF, [30, 100], 90), (KUCUK_PDF, [57], 270)])
def test_rotated_variants(rotated, src, pages, rot):
    import pikepdf

    upright = rotated / f"{src.stem}-rot{rot}-stored-sideways.pdf"
    sideways = rotated / f"{src.stem}-rot{rot}-flagged.pdf"
    with pdfplumber.open(src) as o, pdfplumber.open(upright) as u, pdfplumber.open(sideways) as s:
        assert len(u.pages) == len(s.pages) == len(pages)
        for k, p in enumerate(pages):
            po, pu, ps = o.pages[p - 1], u.pages[k], s.pages[k]
            wo, wu = po.extract_words(), pu.extract_words()
            # (a) stored sideways, /Rotate turns it back: the same words in the same places
            assert (pu.width, pu.height) == (po.width, po.height)
            assert [w["text"] for w in wo] == [w["text"] for w in wu]
            assert all(same_place(a, b) for a, b in zip(wo, wu))
            # (b) only flagged: displayed sideways, every character runs vertically
            assert (ps.width, ps.height) == (po.height, po.width)
            assert ps.chars and not any(c["upright"] for c in ps.chars)
            assert sorted(c["text"] for c in ps.chars) == sorted(c["text"] for c in po.chars)
    with pikepdf.open(upright) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
            assert x1 - x0 > y1 - y0  # stored landscape
            assert int(page.Rotate) == rot
