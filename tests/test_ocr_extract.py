"""Scanned programs through the whole extraction, against the same pages of the text-layer PDF (issue 12).

The scanned set (`scan_set`, `scripts/make_scanned_set.py`) holds chosen pages of the two shipped PDFs as
degraded image-only pages. For each scanned PDF the *same pages* of the original PDF are copied into a
text-layer PDF, and both are extracted by `extract_file` (the same layout readers). The expected values
come from the text-layer reading (the PDF's own text, an independent reading), never from OCR output.
Rows are matched by what identifies them (indicator code, year and role; card and activity number;
stated-total table, scope and measure; summary-table row), and every amount and indicator value compared.

Acceptance: every card (performance target), indicator and summary table found; at least 95% of the
values exact per page kind; each other value reported as OCR-uncertain (`ocr_note`, `ocr_confidence`) or
by a reconciliation mismatch that the text reading does not have. Also: misreadings injected into the
cell reading of one scanned page are repaired and recorded where unambiguous, flagged where ambiguous,
and a wrong digit shows as a reconciliation mismatch; a scanned file without tesseract gets one line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from analysis.extract import extract_file, ocr, scan

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

# (source folder, original page) -> page kind, as the note reports them
KINDS = {
    **{("kocaeli-2021", p): "grid card pages" for p in (31, 32, 43, 74)},
    **{("kucukcekmece-2021", p): "card-layout card pages" for p in (57, 94, 95)},
    **{("kocaeli-2021", p): "summary tables" for p in (100, 114)},
    **{("kucukcekmece-2021", p): "summary tables" for p in (62, 272)},
    ("kucukcekmece-2021", 271): "section title page",
}
PROGRAMS = {"kocaeli-scan.pdf": "kocaeli-2021", "kucukcekmece-scan.pdf": "kucukcekmece-2021"}


def text_layer_copy(manifest_pages: list[dict], out: Path) -> Path:
    """The original PDF's pages listed in the manifest, in the same order, with their text layer."""
    doc = pdfium.PdfDocument.new()
    for entry in manifest_pages:
        src = pdfium.PdfDocument(str(RAW / entry["source"]))
        doc.import_pages(src, [entry["page"] - 1])
        src.close()
    doc.save(str(out))
    doc.close()
    return out


@pytest.fixture(scope="session")
def ocr_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(scope="session")
def both_readings(tesseract, scan_set, ocr_cache, tmp_path_factory) -> dict:
    """{scanned PDF name: (text-layer extraction, scanned extraction, manifest pages)}."""
    out, manifest = scan_set
    folder = tmp_path_factory.mktemp("text-layer")
    readings = {}
    for name, program in PROGRAMS.items():
        pages = manifest["files"][name]["pages"]
        text_pdf = text_layer_copy(pages, folder / name)
        readings[name] = (extract_file(text_pdf, program, ocr_cache=ocr_cache),
                          extract_file(out / name, program, ocr_cache=ocr_cache), pages)
    return readings


def values(result) -> dict[tuple, tuple[Decimal | str | None, int | None, object]]:
    """Every amount and indicator value of an extraction: {row key: (value, page, row)}."""
    out: dict[tuple, tuple] = {}
    for v in result.indicator_values:
        out[("indicator", v.indicator_code, v.year, v.role)] = (v.value if v.value is not None else v.value_raw, v.page, v)
    for a in result.activities:
        for field in ("budget", "off_budget", "total"):
            out[("activity", a.ph_code, a.card_seq, a.seq, field)] = (getattr(a, field), a.page, a)
        for code, amount in a.econ.items():
            out[("activity", a.ph_code, a.card_seq, a.seq, code)] = (amount, a.page, a)
    seen: Counter = Counter()
    for t in result.stated_totals:
        key = ("stated", t.table, t.scope, t.measure)
        seen[key] += 1
        out[(*key, seen[key])] = (t.value, t.page, t)
    for table, rows in result.extra_tables.items():
        amounts = {f for row in rows for f, value in row.items() if isinstance(value, Decimal)}  # empty cells count too
        for i, row in enumerate(rows):
            for field in sorted(amounts & set(row)):
                out[("table", table, i, field)] = (row[field], row.get("page"), None)
    return out


def flagged(row, scanned, text) -> bool:
    """A value read wrong is reported: its row says OCR-uncertain (note or low confidence), or a
    reconciliation check on its page is a mismatch in the scanned reading and not in the text reading."""
    if row is not None and ("OCR-uncertain" in (row.ocr_note or "") or
                            (row.ocr_confidence is not None and row.ocr_confidence < Decimal(str(scan.UNCERTAIN_BELOW)))):
        return True
    page = getattr(row, "page", None)
    ok_in_text = {(r.check, r.scope) for r in text.reconciliation if r.status == "ok"}
    return any(r.status == "mismatch" and (r.check, r.scope) in ok_in_text and (page is None or str(page) in r.pages.split("; "))
               for r in scanned.reconciliation)


@pytest.mark.slow
def test_every_card_indicator_and_table_is_found(both_readings):
    for name, (text, scanned, _pages) in both_readings.items():
        assert text.performance_targets, name  # the pages do hold cards
        assert sorted(t.ph_code for t in scanned.performance_targets) == sorted(t.ph_code for t in text.performance_targets), name
        assert sorted(i.indicator_code for i in scanned.indicators) == sorted(i.indicator_code for i in text.indicators), name
        assert sorted((a.ph_code, a.seq) for a in scanned.activities) == sorted((a.ph_code, a.seq) for a in text.activities), name
        assert {k: len(v) for k, v in scanned.extra_tables.items()} == {k: len(v) for k, v in text.extra_tables.items()}, name
        assert Counter(t.table for t in scanned.stated_totals) == Counter(t.table for t in text.stated_totals), name


@pytest.mark.slow
def test_amounts_and_indicator_values_are_exact_or_reported(both_readings, capsys):
    shares: dict[str, list[int]] = {}
    unreported = []
    for name, (text, scanned, pages) in both_readings.items():
        want, got = values(text), values(scanned)
        for key, (value, page, _row) in want.items():
            entry = pages[page - 1]
            kind = KINDS[(entry["source"].split("/")[0], entry["page"])]
            tally = shares.setdefault(kind, [0, 0])
            tally[1] += 1
            read, _, row = got.get(key, (None, None, None))
            if key in got and read == value:
                tally[0] += 1
            elif not flagged(row, scanned, text):
                unreported.append((name, entry["page"], key, value, read))
        # every value of a scanned page says it was read by OCR, with a confidence
        rows = [*scanned.indicator_values, *scanned.activities, *scanned.stated_totals]
        assert rows and all(r.method == "ocr" and r.ocr_confidence is not None for r in rows), name
        assert scanned.method["ocr"]["pages"] == list(range(1, len(pages) + 1)), name
    with capsys.disabled():
        for kind, (ok, n) in sorted(shares.items()):
            print(f"\n  {kind}: {ok}/{n} = {ok / n:.1%} exact")
    assert set(shares) == {"grid card pages", "card-layout card pages", "summary tables"}
    for kind, (ok, n) in shares.items():
        assert n >= 100 and ok / n >= 0.95, (kind, ok, n)
    assert unreported == [], "values read wrong with no OCR-uncertain mark and no reconciliation mismatch"


@pytest.mark.slow
def test_reconciliation_of_the_scanned_pages_matches_the_text_layer(both_readings):
    """Reconciliation reads the same on both: OCR added no mismatch and hid none."""
    for name, (text, scanned, _pages) in both_readings.items():
        assert Counter((r.check, r.scope, r.status) for r in scanned.reconciliation) == \
               Counter((r.check, r.scope, r.status) for r in text.reconciliation), name


# ------------------------------------------------------------------------------ misreadings injected


@pytest.mark.slow
def test_misreadings_are_repaired_flagged_or_mismatched(tesseract, scan_set, tmp_path, monkeypatch):
    """Page 32 of Kocaeli (scanned in mixed.pdf, between text pages): three cell readings are replaced by
    what tesseract gets wrong. A doubled thousands dot is repaired and recorded; an ambiguous reading
    (an indicator's `2,5` read `2.5`: `25` or `2,5`) stays as read and is flagged OCR-uncertain; a wrong digit (`426.000` for
    `425.000`) is a valid number that nothing can repair: reconciliation shows it."""
    out, _ = scan_set
    misread = {"11.210.000": "11..210.000", "2,5": "2.5", "425.000": "426.000"}
    real = ocr.ocr_cells

    def misreading(image, scale, cells, numeric, **kwargs):
        readings = real(image, scale, cells, numeric, **kwargs)
        if numeric is not True:
            return readings
        done, result = set(), []
        for r in readings:
            if r.text in misread and r.text not in done:  # the first cell printing it
                done.add(r.text)
                r = ocr.OcrWord(misread[r.text], r.x0, r.top, r.x1, r.bottom, r.conf)
            result.append(r)
        return result

    clean = extract_file(out / "mixed.pdf", "kocaeli-2021", ocr_cache=tmp_path / "clean")
    monkeypatch.setattr(ocr, "ocr_cells", misreading)
    doctored = extract_file(out / "mixed.pdf", "kocaeli-2021", ocr_cache=tmp_path / "doctored")

    def activity(result, amount):
        [a] = [a for a in result.activities if a.page == 2 and amount in (a.budget, a.total, *a.econ.values())]
        return a

    repaired = activity(doctored, Decimal("11210000"))
    assert repaired.method == "ocr"
    assert "OCR read '11..210.000', repaired to '11.210.000'" in repaired.ocr_note
    assert (repaired.budget, repaired.econ, repaired.total) == next((a.budget, a.econ, a.total) for a in clean.activities if a.page == 2 and a.seq == repaired.seq and a.ph_code == repaired.ph_code)

    [uncertain] = [v for v in doctored.indicator_values if v.page == 2 and "'2.5'" in v.ocr_note]
    assert "OCR-uncertain" in uncertain.ocr_note and "not a number" in uncertain.ocr_note
    assert doctored.method["ocr"]["numbers_uncertain"] > clean.method["ocr"]["numbers_uncertain"]

    wrong = activity(doctored, Decimal("426000"))
    new_mismatches = {(r.check, r.scope) for r in doctored.reconciliation if r.status == "mismatch"} - \
                     {(r.check, r.scope) for r in clean.reconciliation if r.status == "mismatch"}
    assert any(scope.startswith(wrong.ph_code) for _check, scope in new_mismatches), new_mismatches
    # the text pages around it are read from their text layer, untouched
    assert {a.method for a in doctored.activities if a.page != 2} == {"text"}


# ------------------------------------------------------------------------------ no tesseract


def test_scanned_file_without_tesseract_says_what_to_install(scan_set, tmp_path):
    """`python -m analysis extract` on a scanned PDF, with a PATH where no tesseract can be found: one
    line naming the file and what to install, exit code not 0, no traceback, nothing written."""
    out, _ = scan_set
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("env", "sh"):  # a PATH with nothing of the machine's own tools but these
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    env = {**os.environ, "PATH": str(bin_dir), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    target = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "analysis", "extract", str(out / "kocaeli-scan.pdf"), "--out", str(target)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "kocaeli-scan.pdf" in lines[0] and "tesseract-ocr" in lines[0] and "tesseract-ocr-tur" in lines[0], lines[0]
    assert not target.exists() or not any(target.iterdir())


# ------------------------------------------------------------------------------ the site


def page_of(result, folder: Path):
    """The analysis tables of an extraction, as a program page of the site sees them."""
    import dataclasses

    from analysis.analyse.tables import write_program_tables
    from analysis.core.catalog import get_program
    from analysis.core.package import write_package
    from analysis.core.paths import paths
    from analysis.pages.base import ProgramPage

    program = get_program(result.program, ROOT)
    write_package(result, folder / "extracted")
    write_program_tables(program, folder / "extracted", paths(ROOT).config, folder / "analysis")
    return ProgramPage(dataclasses.replace(program), folder / "analysis")


@pytest.mark.slow
def test_site_marks_ocr_read_programs_and_values(both_readings, tmp_path):
    """The overview says the document was scanned and how many values OCR read (counted independently
    here from the extraction's rows); numbers read by OCR carry an `OCR` mark in the page tables, whose
    title (tesseract's confidence and note) is escaped; a text-layer program gets neither."""
    import copy

    from analysis.pages import overview
    from analysis.pages.charts import html_table

    text, scanned, _pages = both_readings["kocaeli-scan.pdf"]
    scanned = copy.deepcopy(scanned)
    hostile = scanned.stated_totals[0]
    hostile.ocr_note = 'OCR-uncertain: read "<script>alert(1)</script>" & more'
    n_ocr = sum(r.method == "ocr" for r in [*scanned.indicator_values, *scanned.activities, *scanned.stated_totals])
    n_uncertain = sum("OCR-uncertain" in r.ocr_note for r in [*scanned.indicator_values, *scanned.activities, *scanned.stated_totals])
    assert n_ocr > 200 and n_uncertain >= 1

    page = page_of(scanned, tmp_path / "scan")
    summary = overview.summary(page, ".")
    assert "Bu belge taranmış; " in summary and f'data-column="ocr_values" data-row="0" data-value="{n_ocr}"' in summary
    assert f'data-value="{n_uncertain}"' in summary and "OCR'a göre belirsiz" in summary
    assert "<details>" in summary and "ocr_values.csv" in summary  # the values with a note, folded
    assert "<script>" not in summary and "&lt;script&gt;" in summary

    stated = page.table("stated_totals")
    table = html_table(stated, {"scope": "Kapsam", "value": "Tutar"})
    assert table.count('<tr class="ocr-read">') == len(stated) and table.count('class="ocr-mark') >= len(stated)  # codes like 01 too
    assert "<script>" not in table and "read &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; more" in table
    assert "ocr-mark ocr-uncertain" in table

    text_page = page_of(text, tmp_path / "text")
    assert "taranmış" not in overview.summary(text_page, ".")
    assert 'class="ocr-mark' not in html_table(text_page.table("stated_totals"), {"scope": "Kapsam", "value": "Tutar"})
