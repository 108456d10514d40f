"""The site stage's share of work per program (`pipeline.site_part`, run ahead on a cluster) gives the crops the
serial site stage gives, renders each crop once however many programs print the same document, and leaves
the site stage only copying.

The expected crops are the ones the serial build of the shipped project made (`built_project`), byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from analysis.core.catalog import read_catalog
from analysis.core.paths import paths
from analysis.pages.sources import crop_refs
from analysis.site.crops import cache_program_crops, write_crops

PROGRAM = "kocaeli-2021"


def _small_project(built: Path, root: Path) -> str:
    """A project with Kocaeli's PDF under two ids and, for each, the one built page that shows the fewest crops."""
    pages = sorted((built / "report" / PROGRAM).glob("*.ipynb"), key=lambda f: len(crop_refs(f.read_text(encoding="utf-8"))) or 10**9)
    page = pages[0]
    assert crop_refs(page.read_text(encoding="utf-8")), "a built page must show crops"
    (root / "data").mkdir(parents=True)
    shutil.copytree(built / "data/raw" / PROGRAM, root / "data/raw" / PROGRAM)
    catalog = yaml.safe_load((built / "data/catalog.yml").read_text(encoding="utf-8"))
    entry = next(e for e in catalog["programs"] if e["id"] == PROGRAM)
    pdf = next(f for f in entry["files"] if f["edition"] == "pdf")
    twin_pdf = root / "data/raw/kocaeli-twin-2021/kocaeli-twin-2021.pdf"
    twin_pdf.parent.mkdir(parents=True)
    shutil.copy(root / pdf["path"], twin_pdf)
    twin = dict(entry, id="kocaeli-twin-2021", short_name="İkiz", primary="pdf", files=[dict(pdf, path=twin_pdf.relative_to(root).as_posix())])
    catalog["programs"] = [entry, twin]
    (root / "data/catalog.yml").write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for program in (PROGRAM, twin["id"]):
        (root / "report" / program).mkdir(parents=True)
        text = page.read_text(encoding="utf-8").replace(f"crops/{PROGRAM}/", f"crops/{program}/")
        (root / "report" / program / page.name).write_text(text, encoding="utf-8")
    (root / "report" / PROGRAM / ".build-key").write_text("{}")
    (root / "report" / twin["id"] / ".build-key").write_text("{}")
    return page.name


def test_crops_rendered_ahead_per_program_are_the_serial_builds_and_rendered_once(built_project, tmp_path):
    root = tmp_path / "project"
    page = _small_project(built_project, root)
    p = paths(root)
    programs = read_catalog(root).programs
    wanted = crop_refs((root / "report" / PROGRAM / page).read_text(encoding="utf-8"))
    first = cache_program_crops(p, programs[0])
    assert first == len(wanted) > 0
    assert cache_program_crops(p, programs[1]) == 0, "the same PDF printed by another program: its crops are cached already"
    assert cache_program_crops(p, programs[0]) == 0
    made = write_crops(p, programs)
    assert made["rendered"] == 0, "the site stage only copies what was rendered ahead"
    assert made["crops"] == 2 * len(wanted)
    for program in (PROGRAM, programs[1].id):
        for _, name in wanted:
            got = (root / "crops" / program / name).read_bytes()
            assert got == (built_project / "crops" / PROGRAM / name).read_bytes(), f"{program}/{name} differs from the serial build's"


def test_the_site_stage_alone_renders_a_crop_once_for_two_programs_printing_the_same_document(built_project, tmp_path):
    root = tmp_path / "project"
    page = _small_project(built_project, root)
    wanted = crop_refs((root / "report" / PROGRAM / page).read_text(encoding="utf-8"))
    made = write_crops(paths(root), read_catalog(root).programs)
    assert made == {"crops": 2 * len(wanted), "rendered": len(wanted), "bytes": made["bytes"]}
    assert not [f for f in (root / ".cache").rglob(".*") if f.is_file()], "no temporary file is left in the cache"
