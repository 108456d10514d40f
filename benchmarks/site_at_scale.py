"""The site stage alone at N programs: page sizes and seconds, with synthetic programs made for the benchmark.

    .venv/bin/python benchmarks/site_at_scale.py 50 400 1400 [--workdir /tmp/site-at-scale] [--json out.json]

Turkey has about 1,400 municipalities, each publishing a program every year; the site must stay usable at that
size. Reading 1,400 documents and running 7,000 notebooks would take hours, so this benchmark makes the
site stage's inputs instead, in a temporary folder only (nothing in this checkout is written):

1. once, a base project in `<workdir>/base/` with the two shipped programs (read from their text editions by
   `tests/many.py`), built fully with `python -m analysis build`;
2. per N, a copy of it in `<workdir>/n<N>/` where programs 3..N are **synthetic**: each is a copy of one of the
   two shipped programs' extracted package, analysis tables and executed pages under a new id
   `sentetik-NNNN-<year>`, named `Sentetik NNNN` ("Sentetik Belediye NNNN (ölçüm için üretildi; ... verisinin
   kopyası)"), spread over Turkey's 81 provinces; they never look like a real municipality, and they exist
   only in the work folder. Their texts inside the pages are the shipped program's (same numbers);
3. the comparison tables for all N are computed (`write_comparison_tables`) and the comparison notebook is
   run over them (papermill, once), as the stages before the site would;
4. `python -m analysis site --force` runs and is timed: the site stage alone, as `make report` runs it
   (downloads, generated pages, province pages, crops, render, row pages, policy, search index, build record).

Not regenerated for the synthetic programs: `data/checked/` and `data/programs.duckdb` (the check stage's
output; they hold the two shipped programs), so the downloads' copies of them do not grow with N.

Reported: the site stage's wall-clock and CPU seconds and `uptime` (the machine is shared: load changes the
wall-clock seconds far more than the CPU seconds), the sizes of
the home page, the English page, the programs page, the comparison page (HTML alone, and the data files it
loads), the data page, the largest program page and province page, the largest program page of each kind (`index`,
`budget`, `indicators`, `checks`, `reading`, and `part` for the part pages long pages are split into,
`analysis.site.parts`), how many program pages are over 60 kB, the search index, and the whole `_site/`. Sizes and
seconds go into the issue's notes, never into an assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.many import make_project  # noqa: E402  (the project maker lives with the tests that use it too)

PROVINCES = [
    "Adana", "Adıyaman", "Afyonkarahisar", "Ağrı", "Amasya", "Ankara", "Antalya", "Artvin", "Aydın", "Balıkesir", "Bilecik", "Bingöl",
    "Bitlis", "Bolu", "Burdur", "Bursa", "Çanakkale", "Çankırı", "Çorum", "Denizli", "Diyarbakır", "Edirne", "Elazığ", "Erzincan",
    "Erzurum", "Eskişehir", "Gaziantep", "Giresun", "Gümüşhane", "Hakkari", "Hatay", "Isparta", "Mersin", "İstanbul", "İzmir", "Kars",
    "Kastamonu", "Kayseri", "Kırklareli", "Kırşehir", "Kocaeli", "Konya", "Kütahya", "Malatya", "Manisa", "Kahramanmaraş", "Mardin",
    "Muğla", "Muş", "Nevşehir", "Niğde", "Ordu", "Rize", "Sakarya", "Samsun", "Siirt", "Sinop", "Sivas", "Tekirdağ", "Tokat", "Trabzon",
    "Tunceli", "Şanlıurfa", "Uşak", "Van", "Yozgat", "Zonguldak", "Aksaray", "Bayburt", "Karaman", "Kırıkkale", "Batman", "Şırnak",
    "Bartın", "Ardahan", "Iğdır", "Yalova", "Karabük", "Kilis", "Osmaniye", "Düzce",
]  # fmt: skip
BASES = ["kocaeli-2021", "kucukcekmece-2021"]
PAGES = {"home": "index.html", "english": "en.html", "programs": "programs.html", "comparison": "report/comparison.html", "data": "data.html"}


def page_kind(f: Path) -> str:
    """A program page's kind: its name (`checks`), or `part` for the part pages of long pages (`checks.parca-2-1.html`)."""
    return "part" if ".parca-" in f.name else f.stem


def run(project: Path, *args: str) -> float:
    """Run `python -m analysis ARGS` in `project`; its seconds. Exits with the command's last lines when it fails."""
    return run_timed(project, *args)[0]


def run_timed(project: Path, *args: str) -> tuple[float, float]:
    """Run `python -m analysis ARGS` in `project`; (wall-clock seconds, CPU seconds of the command and its children).

    The CPU seconds barely depend on what else the machine runs; the wall-clock seconds do (see `uptime`)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("PERFORMANS_ROOT", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{project}: `python -m analysis {' '.join(args)}` failed:\n{result.stderr[-3000:]}")
    return round(seconds, 1), round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 1)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def base_project(workdir: Path) -> Path:
    """The two shipped programs, fully built once (reused by every N)."""
    base = workdir / "base"
    if not (base / "_site" / "index.html").exists():
        if base.exists():
            shutil.rmtree(base)
        make_project(base, 2)
        print(f"base project: building the two shipped programs in {base} ({run(base, 'build')} s)", flush=True)
    return base


def _copy_replacing(source: Path, target: Path, swaps: list[tuple[str, str]]) -> None:
    """Copy a folder; in its text files (CSV, JSON, notebooks, Markdown) every `old` of `swaps` replaced by its `new`."""
    for f in source.rglob("*"):
        rel = f.relative_to(source)
        if f.is_dir() or rel.name == ".build-key" or any(part.startswith(".") for part in rel.parts):
            continue
        out = target / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        if f.suffix in (".csv", ".json", ".ipynb", ".md", ".txt", ".yml"):
            text = f.read_text(encoding="utf-8")
            for old, new in swaps:
                text = text.replace(old, new)
            out.write_text(text, encoding="utf-8")
        else:
            shutil.copy2(f, out)


def synthetic_entry(i: int, base: dict) -> dict:
    """The catalog entry of synthetic program number `i` (from 1), a copy of `base`'s data under a synthetic name."""
    number = f"{i:04d}"
    entry = {k: v for k, v in base.items() if k not in ("files", "source_note")}
    entry["id"] = f"sentetik-{number}-{base['year']}"
    entry["short_name"] = f"Sentetik {number}"
    entry["municipality"] = f"Sentetik Belediye {number} (ölçüm için üretildi; {base['short_name']} {base['year']} verisinin kopyası)"
    entry["province"] = PROVINCES[i % len(PROVINCES)]
    return entry


def make_scaled(base: Path, project: Path, n: int) -> list[str]:
    """`project`: the base project with programs 3..n synthetic (see the module); their ids."""
    shutil.copytree(base, project, ignore=shutil.ignore_patterns("_site", ".*.old-*"), symlinks=True)
    for name in ("_quarto.yml", *(f.name for f in ROOT.glob("*.qmd"))):  # the site's sources as they are in this checkout now
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "assets", project / "assets", dirs_exist_ok=True)
    catalog = yaml.safe_load((project / "data/catalog.yml").read_text(encoding="utf-8"))
    shipped = {e["id"]: e for e in catalog["programs"]}
    entries = list(catalog["programs"])
    for i in range(1, n - 1):
        b = shipped[BASES[i % 2]]
        e = synthetic_entry(i, b)
        text = project / b["files"][0]["path"]
        raw = project / "data" / "raw" / e["id"]
        raw.mkdir(parents=True, exist_ok=True)
        os.link(text, raw / f"{e['id']}{text.suffix}")
        e["files"] = [{**b["files"][0], "path": f"data/raw/{e['id']}/{e['id']}{text.suffix}"}]
        swaps = [(b["id"], e["id"]), (b["municipality"], e["municipality"]), (f"{b['short_name']} {b['year']}", f"{e['short_name']} {e['year']}")]
        for folder in ("data/extracted", "data/analysis", "report"):
            _copy_replacing(project / folder / b["id"], project / folder / e["id"], swaps)
        entries.append(e)
    header = "# Generated by benchmarks/site_at_scale.py: the two shipped programs and SYNTHETIC copies (sentetik-NNNN-<year>) for a benchmark.\n"
    (project / "data/catalog.yml").write_text(header + yaml.safe_dump({"programs": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return [e["id"] for e in entries]


def comparison(project: Path) -> float:
    """The comparison tables over all programs and the comparison notebook, as the stages before the site make them; seconds."""
    code = (
        "from analysis.core.catalog import load_catalog\nfrom analysis.core.paths import paths\n"
        "from analysis.analyse.tables import write_comparison_tables\nfrom analysis.report import run_comparison\n"
        "p = paths(None)\nwrite_comparison_tables(load_catalog(p.root), p.analysis, p.analysis / '_comparison')\nrun_comparison(p)\n"
    )
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("PERFORMANS_ROOT", None)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{project}: the comparison failed:\n{result.stderr[-3000:]}")
    return round(time.perf_counter() - started, 1)


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def measure(site: Path) -> dict:
    """Sizes (bytes) of the pages the acceptance names, the largest program and province pages, the search index, the site."""
    program_pages = [f for f in (site / "report").glob("*/*.html") if f.parent.name not in ("iller", "comparison-tables")]
    province_pages = list((site / "report" / "iller").glob("*.html"))
    largest = max(program_pages, key=_size)
    kinds: dict[str, int] = {}
    for f in program_pages:
        kinds[page_kind(f)] = max(kinds.get(page_kind(f), 0), _size(f))
    files = [f for f in site.rglob("*") if f.is_file()]
    return {
        **{name: _size(site / rel) for name, rel in PAGES.items()},
        "comparison_data": sum(_size(site / "report" / "comparison-tables" / f) for f in ("program_summary.csv", "policy_area_points.json", "ambition_points.json")),
        "program_pages": len(program_pages),
        "largest_program_page": _size(largest),
        "largest_program_page_name": largest.relative_to(site).as_posix(),
        "largest_by_kind": dict(sorted(kinds.items())),
        "program_pages_over_60kB": sum(1 for f in program_pages if _size(f) > 60_000),
        "province_pages": len(province_pages),
        "largest_province_page": max((_size(f) for f in province_pages), default=0),
        "search_index": _size(site / "search.json"),
        "site_files": len(files),
        "site_bytes": sum(f.stat().st_size for f in files),
    }


def bench(workdir: Path, base: Path, n: int) -> dict:
    project = workdir / f"n{n}"
    if project.exists():
        shutil.rmtree(project)
    started = time.perf_counter()
    ids = make_scaled(base, project, n)
    made = round(time.perf_counter() - started, 1)
    compared = comparison(project)
    load_before = uptime()
    seconds, cpu = run_timed(project, "site", "--force")
    result = {"programs": len(ids), "site_seconds": seconds, "site_cpu_seconds": cpu, "uptime_before": load_before, "uptime_after": uptime(),
              "made_seconds": made, "comparison_seconds": compared, "sizes": measure(project / "_site"), "project": str(project)}
    print(report(result), flush=True)
    return result


def report(r: dict) -> str:
    s, kb = r["sizes"], 1000
    return "\n".join([
        f"{r['programs']} programs: site stage {r['site_seconds']} s wall-clock, {r['site_cpu_seconds']} s CPU  (uptime before: {r['uptime_before']}; after: {r['uptime_after']})",
        f"  home {s['home'] / kb:.0f} kB, English {s['english'] / kb:.0f} kB, programs {s['programs'] / kb:.0f} kB, "
        f"comparison {s['comparison'] / kb:.0f} kB (+ its data files {s['comparison_data'] / kb:.0f} kB, loaded by the browser)",
        f"  program pages {s['program_pages']}, largest {s['largest_program_page'] / kb:.0f} kB ({s['largest_program_page_name']}); "
        f"province pages {s['province_pages']}, largest {s['largest_province_page'] / kb:.0f} kB",
        "  largest program page by kind: " + ", ".join(f"{k} {v / kb:.0f} kB" for k, v in s["largest_by_kind"].items())
        + f"; program pages over 60 kB: {s['program_pages_over_60kB']}",
        f"  search index {s['search_index'] / kb:.0f} kB; data page {s['data'] / kb:.0f} kB; _site {s['site_files']} files, {s['site_bytes'] / 1e6:.0f} MB",
        f"  (making the inputs {r['made_seconds']} s, comparison tables + notebook {r['comparison_seconds']} s; not part of the site stage)",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("counts", nargs="+", type=int, help="numbers of programs, e.g. 50 400 1400 (at least 3)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/site-at-scale"))
    parser.add_argument("--keep", action="store_true", help="keep each n<N>/ project (default: removed after measuring; the base is kept)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    if min(args.counts) < 3:
        parser.error("N must be at least 3 (the two shipped programs and at least one synthetic one)")
    args.workdir.mkdir(parents=True, exist_ok=True)
    base = base_project(args.workdir)
    results = []
    for n in args.counts:
        results.append(bench(args.workdir, base, n))
        if not args.keep:
            shutil.rmtree(args.workdir / f"n{n}", ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
