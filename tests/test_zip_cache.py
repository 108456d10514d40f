"""Each program's zipped package is made once per content (`.cache/zips/`) and holds exactly its files.

Expected values are written out by hand: the files put into a temporary project, and their bytes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from analysis.core.catalog import Program, SourceFile
from analysis.core.paths import Paths
from analysis.site.downloads import cached_zip


def _project(tmp_path: Path) -> tuple[Paths, Program]:
    p = Paths(tmp_path)
    prog = Program(id="sentetik-0001-2021", municipality="Sentetik Belediye 0001", short_name="Sentetik 0001", kind="district", province="Van",
                   year=2021, title="2021 Yılı Performans Programı", layout="card", source_url="", source_note="", primary="text",
                   files=(SourceFile(path=Path("/nowhere/x.txt"), edition="text", sha256="0" * 64),))
    (p.extracted / prog.id).mkdir(parents=True)
    (p.extracted / prog.id / "activities.csv").write_text("name,total\nYol,1.00\n", encoding="utf-8")
    (p.extracted / prog.id / "datapackage.json").write_text("{}", encoding="utf-8")
    (p.extracted / prog.id / ".build-key").write_text("not published", encoding="utf-8")
    (p.analysis / prog.id).mkdir(parents=True)
    (p.analysis / prog.id / "overview.csv").write_text("program\nsentetik-0001-2021\n", encoding="utf-8")
    return p, prog


def test_the_zip_holds_the_package_and_its_analysis_tables_and_is_made_once_per_content(tmp_path):
    p, prog = _project(tmp_path)
    first = cached_zip(p, prog)
    with zipfile.ZipFile(first) as zf:
        assert zf.namelist() == ["sentetik-0001-2021/activities.csv", "sentetik-0001-2021/analysis/overview.csv", "sentetik-0001-2021/datapackage.json"]
        assert zf.read("sentetik-0001-2021/activities.csv") == b"name,total\nYol,1.00\n"
    made = first.stat().st_mtime_ns
    assert cached_zip(p, prog) == first and first.stat().st_mtime_ns == made  # unchanged files: the same zip, not made again
    (p.analysis / prog.id / "overview.csv").write_text("program\nsentetik-0001-2021\nx\n", encoding="utf-8")
    second = cached_zip(p, prog)
    assert second != first and not first.exists()  # a changed file: a new zip, the old one removed
    with zipfile.ZipFile(second) as zf:
        assert zf.read("sentetik-0001-2021/analysis/overview.csv") == b"program\nsentetik-0001-2021\nx\n"
