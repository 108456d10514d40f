"""A project whose catalog holds one synthetic municipality's three consecutive programs (a series), for the tests.

`make_series_project(target, layouts)` writes the series with `scripts/make_series.py` (Güneykent 2021-2023, a
made-up municipality, labelled synthetic in its name and notes), copies the project's sources (no outputs, no
shipped programs: the catalog lists only the series; each entry's `layout` is the family its year is printed in,
`guide_forms` or `unit_tables`) and returns the generator's truth. Never in data/catalog.yml.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sys
from pathlib import Path

import yaml

from tests.many import _copy_sources

ROOT = Path(__file__).resolve().parents[1]
NAME = "Güneykent"
MUNICIPALITY = "Güneykent Belediyesi (sentetik test belgesi)"


def _generator():
    spec = importlib.util.spec_from_file_location("make_series", ROOT / "scripts" / "make_series.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_series", module)
    spec.loader.exec_module(module)
    return module


def make_series_project(target: Path, layouts: list[str], slug: str = "guneykent", extra: list[dict] | None = None) -> dict:
    """A project at `target` with the series' three programs in its catalog; returns the truth (truth.json)."""
    _copy_sources(target)
    (target / "data" / "raw").mkdir(parents=True, exist_ok=True)
    for old in (target / "data" / "raw").iterdir():
        if old.is_dir():
            shutil.rmtree(old)
    made = target.parent / f"{target.name}-made"
    generator = _generator()
    truth = generator.write_series(made, layouts, slug=slug, name=NAME)
    entries = []
    for pid, info in truth["programs"].items():
        folder = target / "data" / "raw" / pid
        folder.mkdir(parents=True)
        shutil.copyfile(made / f"{pid}.pdf", folder / f"{pid}.pdf")
        entries.append({
            "id": pid, "municipality": MUNICIPALITY, "short_name": f"{NAME} (sentetik)", "kind": "district", "province": "Sentetik",
            "year": info["year"], "title": f"{info['year']} Yılı Performans Programı (sentetik)", "layout": generator.family(info["layout"]),
            "source_note": f"Synthetic test document written by scripts/make_series.py ({info['layout']}); no such municipality exists.",
            "primary": "pdf",
            "files": [{"path": f"data/raw/{pid}/{pid}.pdf", "edition": "pdf",
                       "sha256": hashlib.sha256((folder / f"{pid}.pdf").read_bytes()).hexdigest()}],
        })  # fmt: skip
    (target / "data" / "catalog.yml").write_text(yaml.safe_dump({"programs": entries + (extra or [])}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return truth
