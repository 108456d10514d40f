"""`python -m analysis add`: ids, refusals that write nothing, and a new program through to the site.

Run as a user runs it (`python -m analysis add …` in a subprocess, in a temporary copy of the project).
Expected values come from the documents and the issue, not from the code: `Çankaya Belediyesi`, 2022 →
`cankaya-2022` (the issue's example); the re-dated Kocaeli copy prints its indicator years two later than
the original's `2019 | 2020* | 2021 Yılı Hedefi` header (read on its p. 30) and its text states 99 targets,
367 indicators and 291 activities (p. 29); the sha256 of the copy is computed here with hashlib.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis.intake.add import derive_id, short_name_of

from .conftest import ROOT, copy_built
from .intake_docs import grid_like_without_indicator_header, image_only_pdf, plain_text_pdf

KUZEYKENT = ROOT / "tests/fixtures/kuzeykent-2022/kuzeykent-2022.pdf"


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("Çankaya Belediyesi", 2022, "cankaya-2022"),
        ("Kocaeli Büyükşehir Belediyesi", 2023, "kocaeli-2023"),
        ("KÜÇÜKÇEKMECE BELEDİYESİ", 2021, "kucukcekmece-2021"),
        ("Ağrı Doğubayazıt Belediyesi", 2024, "agri-dogubayazit-2024"),
        ("Şile  Belediyesi", 2022, "sile-2022"),
        ("İstanbul Büyükşehir Belediye Başkanlığı", 2022, "istanbul-2022"),
        ("Iğdır Belediyesi", 2022, "igdir-2022"),
    ],
)
def test_ids_are_ascii_slugs_of_the_name_and_the_year(name, year, expected):
    assert derive_id(name, year) == expected


def test_short_name_drops_only_the_word_belediyesi():
    assert short_name_of("Kocaeli Büyükşehir Belediyesi") == "Kocaeli"
    assert short_name_of("Çankaya Belediyesi") == "Çankaya"
    assert short_name_of("Çankaya") == "Çankaya"


# ------------------------------------------------------------------------------------------------ refusals


def small_project(tmp_path: Path) -> Path:
    """The catalog, taxonomy and raw files of the project (enough for `add` to check ids and duplicates)."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    for name in ("catalog.yml", "taxonomy.yml", "indicator_direction.yml"):
        shutil.copy2(ROOT / "data" / name, root / "data" / name)
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()} | {
        p.relative_to(root).as_posix() + "/": "" for p in root.rglob("*") if p.is_dir()}


def run_add(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "COLUMNS": "80"}
    env.pop("PERFORMANS_ROOT", None)
    return subprocess.run([sys.executable, "-m", "analysis", "add", *args], cwd=root, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("docs")
    text = d / "notes.txt"
    text.write_text("not a PDF\n", encoding="utf-8")
    fake = d / "fake.pdf"
    fake.write_bytes(b"<html><body>a web page saved as .pdf</body></html>")
    return {
        "grid_like": grid_like_without_indicator_header(d / "gridlike.pdf"),
        "plain": plain_text_pdf(d / "plain.pdf"),
        "scan": image_only_pdf(d / "scan.pdf"),
        "text": text,
        "fake": fake,
        "folder": d,
    }


REFUSALS = [
    ("bad id: capitals", ["--id", "Cankaya-2022"], "plain", "is not <slug>-<year>"),
    ("bad id: underscore", ["--id", "cankaya_2022"], "plain", "is not <slug>-<year>"),
    ("bad id: two-digit year", ["--id", "cankaya-22"], "plain", "is not <slug>-<year>"),
    ("bad id: Turkish letter", ["--id", "çankaya-2022"], "plain", "is not <slug>-<year>"),
    ("bad id: trailing newline", ["--id", "cankaya-2022\n"], "plain", "is not <slug>-<year>"),
    ("bad id: another year", ["--id", "cankaya-2021"], "plain", "does not end in the program's year 2022"),
    ("path outside the project: ../", ["--id", "../../outside/evil-2022"], "plain", "is not <slug>-<year>"),
    ("path outside the project: absolute", ["--id", "/tmp/evil-2022"], "plain", "is not <slug>-<year>"),
    ("duplicate id given", ["--id", "kocaeli-2021", "--year", "2021"], "plain", "already in data/catalog.yml"),
    ("duplicate id derived", ["--municipality", "Kocaeli Büyükşehir Belediyesi", "--year", "2021"], "plain", "already in data/catalog.yml"),
    ("missing file", [], "missing", "no such file"),
    ("a folder", [], "folder", "not a file"),
    ("non-PDF: text file", [], "text", "not a PDF file"),
    ("non-PDF: web page named .pdf", [], "fake", "not a PDF file"),
    ("scan without OCR", [], "scan", "text layer"),
    ("no known layout", [], "plain", "not a performance program in a known layout"),
    ("bad year", ["--year", "22"], "plain", "outside 1990"),
    ("bad kind", ["--kind", "village"], "plain", "is not one of"),
    ("bad source url", ["--source-url", "javascript:alert(1)"], "plain", "not an http(s) address"),
]


@pytest.mark.parametrize(("case", "extra", "doc", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refused_add_is_one_line_and_writes_nothing(tmp_path, docs, case, extra, doc, message):
    root = small_project(tmp_path)
    before = snapshot(root)
    path = docs["folder"] / "missing.pdf" if doc == "missing" else docs[doc]
    args = [str(path), "--municipality", "Çankaya Belediyesi", "--year", "2022"]
    if "--municipality" in extra:
        args = [str(path)]
    if "--year" in extra and "--municipality" not in extra:
        args = [str(path), "--municipality", "Çankaya Belediyesi"]
    result = run_add(root, *args, *extra)
    assert result.returncode != 0, result.stdout
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:") and message in lines[0], lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(root) == before, f"{case}: something was written"
    assert not (tmp_path / "outside").exists() and not Path("/tmp/evil-2022").exists()


def test_dry_run_reports_and_writes_nothing(tmp_path):
    root = small_project(tmp_path)
    before = snapshot(root)
    result = run_add(root, str(KUZEYKENT), "--municipality", "Kuzeykent Belediyesi", "--year", "2022", "--dry-run")
    assert snapshot(root) == before
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------------------------------------ acceptance


@pytest.fixture(scope="module")
def redated_kocaeli(redated) -> Path:
    """Kocaeli's PDF re-dated by two years (`scripts/make_redated.py --shift 2`, made once per run in conftest)."""
    return redated["kocaeli_pdf"]


def test_add_two_programs_then_build_the_site(tmp_path, redated_kocaeli, built_project):
    root = copy_built(built_project, tmp_path / "project")  # the shipped two already built: the build adds the new ones
    catalog_before = (root / "data/catalog.yml").read_text(encoding="utf-8")

    # the grid layout with other years
    result = run_add(root, str(redated_kocaeli), "--municipality", "Kocaeli Büyükşehir Belediyesi", "--year", "2023")
    assert result.returncode == 0, result.stderr[-3000:]
    report = result.stdout
    assert "added kocaeli-2023" in report
    assert "layout: grid" in report
    assert "2021 actual" in report and "2022 estimate" in report and "2023 target" in report
    assert "291 in text counts (p. 29)" in report and "367 in text counts (p. 29)" in report and "99 in text counts (p. 29)" in report
    assert "reconciliation: mismatch" in report
    # the same document in another year: the shared rules map every theme and unit, nothing to paste
    assert "taxonomy: every theme and unit is mapped" in report and "make report" in report
    copy = root / "data/raw/kocaeli-2023/kocaeli-2023.pdf"
    assert copy.read_bytes() == redated_kocaeli.read_bytes()

    # the guide's standard forms: until the forms profile is on main, no layout reads them, and nothing is written
    before = snapshot(root)
    result = run_add(root, str(KUZEYKENT), "--municipality", "Kuzeykent Belediyesi", "--year", "2022")
    forms_layout = result.returncode == 0
    if not forms_layout:
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and "nothing was added" in lines[0] and "diagnose" in lines[0], result.stderr
        assert snapshot(root) == before

    # the catalog: still parses, every earlier line (comments included) unchanged, the new entries complete
    text = (root / "data/catalog.yml").read_text(encoding="utf-8")
    assert text.startswith(catalog_before.rstrip("\n") + "\n")
    assert [ln for ln in catalog_before.splitlines() if ln.startswith("#")] == [ln for ln in text.splitlines() if ln.startswith("#")]
    entries = {e["id"]: e for e in yaml.safe_load(text)["programs"]}
    entry = entries["kocaeli-2023"]
    assert entry["files"] == [{"path": "data/raw/kocaeli-2023/kocaeli-2023.pdf", "edition": "pdf", "sha256": hashlib.sha256(redated_kocaeli.read_bytes()).hexdigest()}]
    assert (entry["year"], entry["layout"], entry["kind"], entry["province"], entry["short_name"]) == (2023, "grid", "metropolitan", "Kocaeli", "Kocaeli")
    from analysis.core.catalog import load_catalog

    assert "kocaeli-2023" in {p.id for p in load_catalog(root)}

    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("PERFORMANS_ROOT", None)
    build = subprocess.run([sys.executable, "-m", "analysis", "build"], cwd=root, capture_output=True, text=True, env=env)
    assert build.returncode == 0, build.stderr[-4000:]
    assert "extract kocaeli-2023: up to date" in build.stderr + build.stdout, "add's package should carry the extract stage's build key"
    site = root / "_site"
    for page in ("index", "budget", "indicators", "checks"):
        assert (site / "report/kocaeli-2023" / f"{page}.html").exists(), page
    if forms_layout:
        assert (site / "report/kuzeykent-2022/index.html").exists()
    assert "kocaeli-2023" in (site / "index.html").read_text(encoding="utf-8")
