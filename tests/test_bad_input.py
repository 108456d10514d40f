"""Bad input, tried as a user would. Every case ends as a user expects (an extraction, or one line naming the
file and saying what is wrong), with no traceback, no partial output folder, and the other program of the
catalog still built.

Each case is a small project: a good program (Kocaeli's text edition, extracted once per session and copied
in with its build key, so a later run finds it up to date) beside the bad one, and `python -m analysis
extract-all` run in it as a user runs it. The files are made here, at test time: truncated, corrupt and
encrypted PDFs with pikepdf from pages of the real Kocaeli PDF, an image-only PDF with Pillow from pages
rendered by pypdfium2, text editions re-encoded with Python's own codecs, 110 MB of junk as a sparse file.
"""

from __future__ import annotations

import codecs
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from analysis.core.io import sha256_file

ROOT = Path(__file__).resolve().parents[1]
KOCAELI_TEXT = ROOT / "data/raw/kocaeli-2021/kocaeli-2021.md"
KOCAELI_PDF = ROOT / "data/raw/kocaeli-2021/kocaeli-2021.pdf"
GOOD = "good-2021"
BAD = "bad-2021"
JUNK_BYTES = 110 * 2**20


def entry(pid: str, files: list[tuple[str, str, str]], primary: str, **fields) -> dict:
    """A catalog entry; `files` are (path, edition, sha256)."""
    return {
        "id": pid, "municipality": f"{pid} Belediyesi", "short_name": pid, "kind": "district", "province": "Kocaeli",
        "year": int(pid[-4:]) if pid[-4:].isdigit() else 2021, "title": "2021 Performans Programı", "layout": "grid",
        "source_url": "https://www.example.bel.tr/", "primary": primary,
        "files": [{"path": p, "edition": e, "sha256": s} for p, e, s in files], **fields,
    }  # fmt: skip


def write_catalog(root: Path, entries: list) -> None:
    (root / "data" / "catalog.yml").write_text(yaml.safe_dump({"programs": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def good_entry() -> dict:
    return entry(GOOD, [(f"data/raw/{GOOD}/{GOOD}.md", "text", sha256_file(KOCAELI_TEXT))], "text")


def run(root: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PERFORMANS_ROOT"}
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=root, capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """A project holding the good program only, already extracted (its package and build key)."""
    root = tmp_path_factory.mktemp("bad-input-template")
    raw = root / "data" / "raw" / GOOD
    raw.mkdir(parents=True)
    shutil.copy(KOCAELI_TEXT, raw / f"{GOOD}.md")
    write_catalog(root, [good_entry()])
    result = run(root, "extract-all")
    assert result.returncode == 0, result.stderr
    assert (root / "data" / "extracted" / GOOD / "datapackage.json").exists()
    return root


def project(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(template, root, symlinks=True)
    return root


def leftovers(root: Path) -> list[str]:
    """Temporary or partial folders the run left in the output folders."""
    found = []
    for folder in (root / "data" / "extracted", root / "data"):
        if folder.exists():
            found += [p.name for p in folder.iterdir() if p.name.startswith(".") and (".tmp" in p.name or ".old" in p.name)]
    return found


def assert_refused(result: subprocess.CompletedProcess, root: Path, *, names: str, says: str, marker: str = BAD) -> None:
    """One line about the bad program (the lines holding `marker`) naming `names` and saying `says`; the good
    program still there; nothing partial."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if marker in line and not line.startswith("build:")]
    assert len(lines) == 1, result.stderr
    assert names in lines[0] and says in lines[0], lines[0]
    assert not (root / "data" / "extracted" / BAD).exists(), "a partial output folder was left"
    assert leftovers(root) == []
    assert f"extract {GOOD}: up to date" in result.stderr
    assert (root / "data" / "extracted" / GOOD / "activities.csv").exists()


# --------------------------------------------------------------------------- the files


def pdf_pages(first: int, last: int | None = None) -> bytes:
    """A valid PDF made of pages `first`..`last` (1-based) of the real Kocaeli PDF."""
    import pikepdf

    with pikepdf.open(KOCAELI_PDF) as pdf:
        keep = list(range(first - 1, last or len(pdf.pages)))
        out = pikepdf.new()
        for i in keep:
            out.pages.append(pdf.pages[i])
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()


def encrypted(data: bytes, user: str, *, extract: bool = False) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        buf = io.BytesIO()
        pdf.save(buf, encryption=pikepdf.Encryption(owner="owner-secret", user=user, R=6, allow=pikepdf.Permissions(extract=extract, modify_other=False)))
        return buf.getvalue()


def image_only_pdf() -> bytes:
    """Pages 30-31 of the Kocaeli PDF as pictures only: what a scanner produces."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(KOCAELI_PDF))
    images = [pdf[i].render(scale=1).to_pil().convert("RGB") for i in (29, 30)]
    pdf.close()
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return buf.getvalue()


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{BAD}.pdf", "not here")
    return buf.getvalue()


HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Sayfa bulunamadi</h1></body></html>\n"
UNRELATED_TURKISH = ("Bugün hava çok güzel. İstanbul'da yağmur yağıyor; öğrenciler okula gidiyor, çarşı kalabalık.\n" * 40).encode("utf-8")


def kocaeli_text() -> str:
    return KOCAELI_TEXT.read_text(encoding="utf-8")


def mostly_utf8() -> bytes:
    data = kocaeli_text().encode("utf-8")
    return data[:50_000] + "Çankaya".encode("cp1254") + data[50_000:]


def junk(path: Path) -> None:
    """110 MB: 1 MB of random bytes, then a hole (a sparse file: it takes no disk space and no time to write)."""
    with path.open("wb") as fh:
        fh.write(random.Random(16).randbytes(2**20))
        fh.truncate(JUNK_BYTES)


@dataclass
class FileCase:
    name: str
    filename: str
    edition: str
    make: Callable[[Path], None]
    says: str


def writes(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data() if callable(data) else data)


REFUSED = [
    FileCase("empty PDF", f"{BAD}.pdf", "pdf", writes(b""), "empty file"),
    FileCase("empty text edition", f"{BAD}.txt", "text", writes(b""), "empty file"),
    FileCase("truncated PDF", f"{BAD}.pdf", "pdf", writes(lambda: pdf_pages(1, 8)[: len(pdf_pages(1, 8)) * 6 // 10]), "truncated"),
    FileCase("corrupt PDF", f"{BAD}.pdf", "pdf", writes(b"%PDF-1.7\n" + random.Random(1).randbytes(20_000) + b"\n%%EOF\n"), "not a readable PDF"),
    FileCase("PDF with a user password", f"{BAD}.pdf", "pdf", writes(lambda: encrypted(pdf_pages(1, 8), user="kullanici")), "protected by a password"),
    # scanned pages are read by OCR (issue 12); two pages of a program are not a program, and the line says OCR read them
    FileCase("image-only PDF", f"{BAD}.pdf", "pdf", writes(image_only_pdf), "read by OCR"),
    FileCase("a folder", f"{BAD}.pdf", "pdf", lambda path: path.mkdir(), "not a file"),
    FileCase("a missing file", f"{BAD}.pdf", "pdf", lambda path: None, "missing"),
    FileCase("110 MB of junk as .pdf", f"{BAD}.pdf", "pdf", junk, "not a PDF"),
    FileCase("110 MB of junk as .txt", f"{BAD}.txt", "text", junk, "too large for a text edition"),
    FileCase("a ZIP archive renamed .pdf", f"{BAD}.pdf", "pdf", writes(zip_bytes), "is a ZIP archive"),
    FileCase("a ZIP archive renamed .txt", f"{BAD}.txt", "text", writes(zip_bytes), "is a ZIP archive"),
    FileCase("an HTML page renamed .pdf", f"{BAD}.pdf", "pdf", writes(HTML_PAGE), "is an HTML page"),
    FileCase("an HTML page renamed .txt", f"{BAD}.txt", "text", writes(HTML_PAGE), "is an HTML page"),
    FileCase("binary data as .txt", f"{BAD}.txt", "text", writes(random.Random(2).randbytes(50_000)), "binary data"),
    FileCase("high bytes in no known encoding", f"{BAD}.txt", "text", writes(bytes(b for b in random.Random(3).randbytes(40_000) if b >= 0x80)), "cannot tell its encoding"),
    FileCase("UTF-8 with a stray Windows-1254 word", f"{BAD}.md", "text", writes(mostly_utf8), "cannot tell its encoding"),
    FileCase("unrelated Turkish text", f"{BAD}.txt", "text", writes(UNRELATED_TURKISH), "not a performance program"),
    FileCase("the first 8 pages of a program", f"{BAD}.pdf", "pdf", writes(lambda: pdf_pages(1, 8)), "not a performance program"),
    FileCase("a Word file", f"{BAD}.docx", "text", writes(zip_bytes), "unsupported file type .docx"),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_a_bad_file_is_one_line_naming_it_and_the_other_program_is_built(template, tmp_path, case):
    root = project(template, tmp_path)
    raw = root / "data" / "raw" / BAD
    raw.mkdir(parents=True)
    path = raw / case.filename
    case.make(path)
    sha = sha256_file(path) if path.is_file() else "0" * 64
    write_catalog(root, [good_entry(), entry(BAD, [(f"data/raw/{BAD}/{case.filename}", case.edition, sha)], case.edition)])
    if case.make is junk:  # measure the memory the run needs: the 110 MB must never be read in
        # VmHWM: the peak resident memory of this process image only (ru_maxrss would include the test process it was forked from)
        peak = "[l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]"
        code = f"import atexit,sys;atexit.register(lambda:sys.stderr.write('peak_kb='+{peak}+chr(10)));sys.argv=['analysis','extract-all'];from analysis.cli import main;main()"
        result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=600)
        peak_bytes = int(result.stderr.rsplit("peak_kb=", 1)[1].split()[0]) * 1024
        assert peak_bytes < JUNK_BYTES, f"the run held {peak_bytes / 2**20:.0f} MB: it read the junk in"
        result = subprocess.CompletedProcess(result.args, result.returncode, result.stdout, result.stderr.rsplit("peak_kb=", 1)[0])
    else:
        result = run(root, "extract-all")
    assert_refused(result, root, names=case.filename, says=case.says)


# --------------------------------------------------------------------------- files that must be read


def reencoded(encoding: str, bom: bytes = b"") -> Callable[[Path], str]:
    """Write Kocaeli's text edition in `encoding` (characters it lacks replaced, as an editor saving it would); the text it holds."""

    def make(path: Path) -> str:
        text = kocaeli_text().encode(encoding, "replace").decode(encoding)
        path.write_bytes(bom + text.encode(encoding))
        return text

    return make


ENCODINGS = {
    "UTF-8 with a byte-order mark": reencoded("utf-8", codecs.BOM_UTF8),
    "UTF-16 LE with a byte-order mark": reencoded("utf-16-le", codecs.BOM_UTF16_LE),
    "UTF-16 BE with a byte-order mark": reencoded("utf-16-be", codecs.BOM_UTF16_BE),
    "Windows-1254": reencoded("cp1254"),
    "ISO-8859-9": reencoded("iso8859_9"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_a_text_edition_in_any_accepted_encoding_reads_as_its_utf8_twin(template, tmp_path, encoding):
    """The extraction of a re-encoded file equals the extraction of the same characters saved as UTF-8."""
    root = project(template, tmp_path)
    raw = root / "data" / "raw"
    (raw / BAD).mkdir()
    (raw / "twin-2021").mkdir()
    text = ENCODINGS[encoding](raw / BAD / f"{BAD}.md")
    (raw / "twin-2021" / "twin-2021.md").write_text(text, encoding="utf-8")
    write_catalog(root, [good_entry()] + [entry(pid, [(f"data/raw/{pid}/{pid}.md", "text", sha256_file(raw / pid / f"{pid}.md"))], "text") for pid in (BAD, "twin-2021")])
    result = run(root, "extract-all")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    ours, twin = root / "data/extracted" / BAD, root / "data/extracted/twin-2021"
    for table in ("performance_targets", "indicators", "indicator_values", "activities", "stated_totals", "reconciliation"):
        a = (ours / f"{table}.csv").read_text(encoding="utf-8").replace(BAD, "twin-2021")
        assert a == (twin / f"{table}.csv").read_text(encoding="utf-8"), f"{encoding}: {table}.csv differs from the UTF-8 twin's"
    assert (ours / "activities.csv").read_text(encoding="utf-8").count("\n") == 291  # 290 activities (README) + the header


def test_a_pdf_with_an_owner_password_only_is_read_like_the_original(template, tmp_path, kocaeli_pdf_run):
    """Copying forbidden by an owner password: pdfium, pdfplumber and camelot (through a temporary copy) all read it."""
    root = project(template, tmp_path)
    raw = root / "data" / "raw" / "kocaeli-2021"
    raw.mkdir(parents=True)
    path = raw / "kocaeli-2021.pdf"
    path.write_bytes(encrypted(KOCAELI_PDF.read_bytes(), user=""))
    write_catalog(root, [good_entry(), entry("kocaeli-2021", [("data/raw/kocaeli-2021/kocaeli-2021.pdf", "pdf", sha256_file(path))], "pdf")])
    result = run(root, "extract-all")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    original = kocaeli_pdf_run["out"]
    for csv in sorted(original.glob("*.csv")):
        assert (root / "data/extracted/kocaeli-2021" / csv.name).read_bytes() == csv.read_bytes(), f"{csv.name} differs from the unencrypted PDF's"
    assert not list(root.rglob("*performans-pdf-*")), "the temporary decrypted copy must not stay"


def test_a_valid_pdf_of_only_the_first_pages_is_extracted_and_its_missing_rest_reported(template, tmp_path):
    """The first 40 of Kocaeli's 115 pages: what is there is read, and the document's own counts say the rest is missing."""
    import csv

    root = project(template, tmp_path)
    raw = root / "data" / "raw" / BAD
    raw.mkdir(parents=True)
    (raw / f"{BAD}.pdf").write_bytes(pdf_pages(1, 40))
    write_catalog(root, [good_entry(), entry(BAD, [(f"data/raw/{BAD}/{BAD}.pdf", "pdf", sha256_file(raw / f"{BAD}.pdf"))], "pdf")])
    result = run(root, "extract-all")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    rec = {r["check"]: r for r in csv.DictReader((root / f"data/extracted/{BAD}/reconciliation.csv").open(encoding="utf-8"))}
    targets = rec["text_counts_ph_count"]
    assert targets["status"] == "mismatch" and targets["stated"] == "99", targets  # the text states 99 targets (README)
    assert 0 < int(targets["computed"]) < 99


# --------------------------------------------------------------------------- the catalog


def bad_text_entry(root: Path, **fields) -> dict:
    raw = root / "data" / "raw" / BAD
    raw.mkdir(parents=True, exist_ok=True)
    shutil.copy(KOCAELI_TEXT, raw / f"{BAD}.md")
    return entry(BAD, [(f"data/raw/{BAD}/{BAD}.md", "text", sha256_file(raw / f"{BAD}.md"))], "text", **fields)


CATALOG_CASES = {
    "source_url javascript:": (lambda root: bad_text_entry(root, source_url="javascript:alert(1)"), "source_url: 'javascript:alert(1)' is not an http(s) address"),
    "year out of range": (lambda root: {**bad_text_entry(root), "year": 1800}, "year: 1800 is outside 1990–2100"),
    "unknown field": (lambda root: bad_text_entry(root, primery="pdf"), "unknown field 'primery'"),
    "path with ..": (lambda root: {**bad_text_entry(root), "files": [{"path": f"data/raw/{BAD}/../{GOOD}/{GOOD}.md", "edition": "text", "sha256": "a" * 64}]}, "files[1].path"),
    "absolute path": (lambda root: {**bad_text_entry(root), "files": [{"path": "/etc/passwd", "edition": "text", "sha256": "a" * 64}]}, "not a relative path inside"),
    "id that is not slug-year": (lambda root: {**bad_text_entry(root), "id": "Bad 2021"}, "is not <slug>-<year>"),
    "changed checksum": (lambda root: {**bad_text_entry(root), "files": [{"path": f"data/raw/{BAD}/{BAD}.md", "edition": "text", "sha256": "0" * 64}]}, "differs from the catalog's"),
}


@pytest.mark.parametrize("case", list(CATALOG_CASES))
def test_a_bad_catalog_entry_is_one_line_and_the_other_program_is_built(template, tmp_path, case):
    root = project(template, tmp_path)
    make, says = CATALOG_CASES[case]
    write_catalog(root, [good_entry(), make(root)])
    result = run(root, "extract-all")
    if case == "changed checksum":  # found when the file is read: the line names the file
        assert_refused(result, root, names=f"{BAD}.md", says=says)
    else:  # a catalog line names the entry by its position (its id may be what is wrong) and the field
        assert_refused(result, root, names="data/catalog.yml: program #2", says=says, marker="program #2")


def test_an_id_that_points_outside_the_project_writes_nothing_there(template, tmp_path):
    root = project(template, tmp_path)
    hostile = "../../outside/evil-2021"
    write_catalog(root, [good_entry(), entry(hostile, [(f"data/raw/{hostile}/evil.md", "text", "a" * 64)], "text")])
    for stage in ("extract-all", "check", "analyse"):  # the stages that write per-program folders (the site test builds them all)
        result = run(root, stage)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        lines = [line for line in result.stderr.splitlines() if "outside/evil" in line]
        assert len(lines) == 1 and "program #2" in lines[0] and "id: " in lines[0], result.stderr
    assert not (tmp_path / "outside").exists() and not (root.parent / "outside").exists()
    assert sorted(p.name for p in (root / "data" / "analysis").iterdir() if not p.name.startswith(".")) == ["_comparison", GOOD]


def test_an_output_folder_that_is_a_link_elsewhere_is_never_written_through(template, tmp_path):
    root = project(template, tmp_path)
    write_catalog(root, [good_entry(), bad_text_entry(root)])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "data" / "extracted" / BAD).symlink_to(elsewhere, target_is_directory=True)
    result = run(root, "extract-all")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if BAD in line and not line.startswith("build:")]
    assert len(lines) == 1 and "leads outside" in lines[0], result.stderr
    assert list(elsewhere.iterdir()) == []
    assert f"extract {GOOD}: up to date" in result.stderr


def test_a_duplicate_id_keeps_the_first_entry(template, tmp_path):
    root = project(template, tmp_path)
    second = {**good_entry(), "municipality": "Başka Belediyesi"}
    write_catalog(root, [good_entry(), second])
    result = run(root, "extract-all")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "program #2" in line]
    assert len(lines) == 1 and f"'{GOOD}' is already used by program #1" in lines[0], result.stderr
    assert f"extract {GOOD}: up to date" in result.stderr


def test_a_hostile_display_field_is_accepted_as_text(template, tmp_path):
    """Names are text: `<script>` in a short name is not a reason to refuse a program (the site escapes it, see test_hostile_site)."""
    root = project(template, tmp_path)
    write_catalog(root, [good_entry(), bad_text_entry(root, short_name="<script>alert(1)</script>", municipality="\"'><img src=x onerror=alert(1)>")])
    result = run(root, "extract-all")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert (root / "data" / "extracted" / BAD / "activities.csv").exists()


@pytest.mark.parametrize("text", ["programs:\n  - id: good-2021\n    files: [unclosed\n", "programs:\n- id: a\n  id: : :\n\tbad: tab\n"])
def test_an_invalid_catalog_is_one_line_and_touches_nothing(template, tmp_path, text):
    root = project(template, tmp_path)
    before = {p.name: p.read_bytes() for p in (root / "data" / "extracted" / GOOD).iterdir()}
    (root / "data" / "catalog.yml").write_text(text, encoding="utf-8")
    result = run(root, "extract-all")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "catalog.yml: not valid YAML at line" in lines[0], result.stderr
    assert {p.name: p.read_bytes() for p in (root / "data" / "extracted" / GOOD).iterdir()} == before


# --------------------------------------------------------------------------- an interrupted run


def _family(pid: int) -> list[int]:
    """`pid` and every process it started, and theirs (the page readers of the extraction's pool)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return found


def _reader_has_open(pid: int, path: Path) -> bool:
    """Whether a process `pid` started (a page reader of the extraction's pool) holds `path` open.

    The reading process itself opens the PDF earlier, to check its sha256 against the catalog; only a page
    reader holding it is a sure sign that the extraction is under way.
    """
    for p in _family(pid)[1:]:
        try:
            if any(os.readlink(f"/proc/{p}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{p}/fd")):
                return True
        except OSError:
            continue
    return False


def test_a_run_stopped_by_sigterm_leaves_nothing_half_written_and_the_next_run_completes(template, tmp_path):
    root = project(template, tmp_path)
    raw = root / "data" / "raw" / "kocaeli-2021"
    raw.mkdir(parents=True)
    shutil.copy(KOCAELI_PDF, raw / "kocaeli-2021.pdf")
    write_catalog(root, [good_entry(), entry("kocaeli-2021", [("data/raw/kocaeli-2021/kocaeli-2021.pdf", "pdf", sha256_file(KOCAELI_PDF))], "pdf")])
    # two page readers whatever the machine, so that there are readers to wait for
    env = {**{k: v for k, v in os.environ.items() if k != "PERFORMANS_ROOT"}, "PERFORMANS_PAGE_WORKERS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "extract-all"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    pdf = (raw / "kocaeli-2021.pdf").resolve()
    for _ in range(15_000):  # wait until the page readers read the PDF (a bound only for a broken extraction, no clock read)
        if _reader_has_open(proc.pid, pdf) or proc.poll() is not None:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the extraction ended before it could be interrupted"
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr, stderr
    said = [line for line in stderr.splitlines() if line.strip() and line != f"extract {GOOD}: up to date"]
    assert len(said) == 1 and said[0].startswith("interrupted (SIGTERM)"), stderr
    assert not (root / "data" / "extracted" / "kocaeli-2021").exists()
    assert leftovers(root) == []
    result = run(root, "extract-all")
    assert result.returncode == 0, result.stderr
    assert (root / "data" / "extracted" / "kocaeli-2021" / "activities.csv").read_text(encoding="utf-8").count("\n") == 291
