"""With many programs, a program's downloads and a municipality's series are listed on its province's page.

The data page then keeps only the all-program files (a bounded size: at 1,400 programs it listed 4,200 rows,
2.1 MB), and the sidebar, on every page, has no link per series. Expected values are written out by hand.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from analysis.core.catalog import Program, SourceFile
from analysis.core.paths import Paths
from analysis.site import provinces
from analysis.site.downloads import downloads_markdown
from analysis.site.generated import sidebar_yaml


def _program(i: int, province: str, year: int = 2021) -> Program:
    pid = f"sentetik-{i:04d}-{year}"
    return Program(id=pid, municipality=f"Sentetik Belediye {i:04d}", short_name=f"Sentetik {i:04d}", kind="district", province=province,
                   year=year, title=f"{year} Yılı Performans Programı", layout="card", source_url="", source_note="", primary="text",
                   files=(SourceFile(path=Path(f"/nowhere/{pid}.txt"), edition="text", sha256="0" * 64),))


def _project(tmp_path: Path, programs: list[Program]) -> Paths:
    p = Paths(tmp_path)
    (p.root / "downloads").mkdir(parents=True)
    for prog in programs:
        (p.analysis / prog.id).mkdir(parents=True)
        pd.DataFrame([{"program": prog.id, "total_resource_need": "1", "performance_targets": "1", "indicators": "1", "activities": "1",
                       "reconciliation_mismatches": "0"}]).to_csv(p.analysis / prog.id / "overview.csv", index=False)
        (p.root / "downloads" / f"{prog.id}.zip").write_bytes(b"x" * 2_000)
    return p


def test_many_programs_list_their_downloads_on_their_province_page_not_on_the_data_page(tmp_path):
    programs = [_program(i, ["Ankara", "Van"][i % 2]) for i in range(12)]
    p = _project(tmp_path, programs)
    data = downloads_markdown(p, programs, per_program=False)
    assert ".zip" not in data and "12 programın" in data and "[iller](programs.qmd)" in data
    few = downloads_markdown(p, programs, per_program=True)
    assert few.count(".zip](downloads/") == 12
    provinces.write_province_pages(p, programs)
    van = (p.report / "iller" / "van.qmd").read_text(encoding="utf-8")
    assert "## İndirilecek dosyalar" in van
    assert van.count(".zip](../../downloads/") == 6  # Van's six programs, each once
    assert "| [sentetik-0001-2021.zip](../../downloads/sentetik-0001-2021.zip) | Sentetik 0001 2021: veri paketi" in van
    assert "sentetik-0002-2021.zip" not in van  # an Ankara program


def test_many_programs_put_their_series_on_the_province_page_and_not_in_the_sidebar(tmp_path):
    programs = [_program(i, ["Ankara", "Van"][i % 2]) for i in range(10)] + [_program(1, "Van", year=2022)]
    p = _project(tmp_path, programs)
    series = p.report / "series"
    series.mkdir(parents=True)
    key = programs[1].series_key
    (series / f"{key}.qmd").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    provinces.write_province_pages(p, programs)
    van = (p.report / "iller" / "van.qmd").read_text(encoding="utf-8")
    assert f"- [Sentetik 0001: söz ve gerçekleşen](../series/{key}.qmd)" in van
    assert "## Seriler" not in (p.report / "iller" / "ankara.qmd").read_text(encoding="utf-8")
    sidebar = yaml.safe_load(sidebar_yaml(p, programs))["website"]["sidebar"]["contents"]
    assert not any(str(c.get("section", "")).startswith("Seriler") for c in sidebar)
    few = programs[:3] + [_program(1, "Van", year=2022)]
    sidebar_few = yaml.safe_load(sidebar_yaml(p, few))["website"]["sidebar"]["contents"]
    assert any(str(c.get("section", "")).startswith("Seriler") for c in sidebar_few)
