"""The pipeline's promises: raw files are never trusted blindly, one bad file stops nothing else, outputs
are never half-written, and a second run with nothing changed does (almost) nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis import pipeline
from analysis.core.catalog import CatalogError, load_catalog, verify_catalog
from analysis.core.io import sha256_file
from analysis.core.package import write_package

from .fakes import fake_program

ROOT = Path(__file__).resolve().parents[1]
KOCAELI_TEXT = ROOT / "data/raw/kocaeli-2021/kocaeli-2021.md"


def make_project(tmp_path: Path, programs: list[dict]) -> Path:
    """A minimal project folder: a catalog and raw files, nothing else."""
    (tmp_path / "data").mkdir()
    entries = []
    for prog in programs:
        raw = tmp_path / "data" / "raw" / prog["id"]
        raw.mkdir(parents=True)
        dest = raw / prog["file"].name if isinstance(prog["file"], Path) else raw / prog["name"]
        if isinstance(prog["file"], Path):
            shutil.copy(prog["file"], dest)
        else:
            dest.write_bytes(prog["file"])
        entries.append(
            {
                "id": prog["id"], "municipality": prog["id"], "kind": "district", "province": "X", "year": 2021,
                "layout": "grid", "primary": prog.get("edition", "text"),
                "files": [{"path": dest.relative_to(tmp_path).as_posix(), "edition": prog.get("edition", "text"), "sha256": prog.get("sha256") or sha256_file(dest)}],
            }
        )  # fmt: skip
    (tmp_path / "data" / "catalog.yml").write_text(yaml.safe_dump({"programs": entries}, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_a_changed_raw_file_is_an_error_not_a_silent_rerun(tmp_path):
    root = make_project(tmp_path, [{"id": "x-2021", "file": KOCAELI_TEXT, "sha256": "0" * 64}])
    with pytest.raises(CatalogError, match="checksum"):
        verify_catalog(load_catalog(root))
    assert pipeline.extract_all(root) == ["x-2021"]
    assert not (root / "data/extracted/x-2021").exists()


def test_one_broken_pdf_never_stops_the_others_and_leaves_no_partial_output(tmp_path):
    root = make_project(
        tmp_path,
        [
            {"id": "broken-2021", "file": b"%PDF-1.7\nthis is not really a pdf", "name": "broken-2021.pdf", "edition": "pdf"},
            {"id": "kocaeli-2021", "file": KOCAELI_TEXT},
        ],
    )
    failed = pipeline.extract_all(root)
    assert failed == ["broken-2021"]
    assert not (root / "data/extracted/broken-2021").exists()
    leftovers = [p.name for p in (root / "data/extracted").iterdir() if p.name.startswith(".")]
    assert leftovers == [], leftovers
    assert (root / "data/extracted/kocaeli-2021/activities.csv").exists()


def test_extraction_is_cached_by_content(tmp_path):
    root = make_project(tmp_path, [{"id": "kocaeli-2021", "file": KOCAELI_TEXT}])
    assert pipeline.extract_all(root) == []
    pkg = root / "data/extracted/kocaeli-2021"
    stamp = (pkg / "activities.csv").stat().st_mtime_ns
    assert pipeline.extract_all(root) == []
    assert (pkg / "activities.csv").stat().st_mtime_ns == stamp, "an up-to-date extraction must not rewrite its package"
    assert pipeline.extract_all(root, force=True) == []
    assert (pkg / "activities.csv").stat().st_mtime_ns != stamp


def test_a_failing_write_keeps_the_previous_package_whole(tmp_path, monkeypatch):
    out = tmp_path / "pkg"
    write_package(fake_program(), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    import analysis.core.package as package

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(package, "write_extra_csv", explode)
    broken = fake_program()
    broken.extra_tables = {"x": [{"a": 1}]}
    with pytest.raises(OSError):
        write_package(broken, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"], "temporary folders must be cleaned up"


def test_check_stage_rejects_a_package_that_breaks_the_contract(tmp_path):
    from analysis.check import validate_package

    good = tmp_path / "good"
    write_package(fake_program(), good)
    assert validate_package(good) == []
    bad_program = fake_program()
    bad_program.activities[0].page = None
    bad_program.indicator_values[0].indicator_code = "NOT/A/CODE#1"
    bad = tmp_path / "bad"
    write_package(bad_program, bad)
    problems = validate_package(bad)
    assert any("no indicator" in p for p in problems), problems


def test_a_second_build_with_nothing_changed_does_almost_nothing(built_project):
    result = subprocess.run([sys.executable, "-m", "analysis", "build"], cwd=built_project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    for stage in ("extract kocaeli-2021", "extract kucukcekmece-2021", "check", "analyse kocaeli-2021", "notebooks kocaeli-2021", "site"):
        assert f"{stage}: up to date" in result.stderr, f"{stage} ran again:\n{result.stderr[-3000:]}"
    assert "smalldocs wrote" not in result.stderr and "papermill" not in result.stderr.lower()
