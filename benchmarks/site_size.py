"""The size of the built website: total, crops (count and bytes), pages; and the same for an older commit.

    .venv/bin/python benchmarks/site_size.py measure [PROJECT]           # a project already built (default: this checkout)
    .venv/bin/python benchmarks/site_size.py build COMMIT [COMMIT ...] [--workdir /tmp/site-size] [--json out.json]

`measure` reads `PROJECT/_site/` only. `build` makes, for each commit, a temporary clone of this repository
at that commit (`<workdir>/<commit>/`), creates its own venv from its own lock (`make .venv/.installed`),
runs `python -m analysis build` there exactly as `make report` does, and measures its `_site/`. Nothing in
this checkout is written. Builds are heavy: run one at a time.

Reported: total bytes of `_site/` (everything a host serves), the same without `site_libs/` (the
renderer's shared scripts and styles), the number and bytes of crops (`_site/crops/**/*.png`), of the PDFs
offered for download (`_site/downloads/*.pdf`), HTML pages and their bytes, and the home and comparison
pages' bytes. Sizes depend on the documents and the renderer, never go into an assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bytes(files: list[Path]) -> int:
    return sum(f.stat().st_size for f in files if f.is_file())


def measure(project: Path) -> dict:
    site = project / "_site"
    if not (site / "index.html").exists():
        raise SystemExit(f"{site}: no built site (run `make report` there first)")
    files = [f for f in site.rglob("*") if f.is_file()]
    crops = [f for f in files if "crops" in f.relative_to(site).parts and f.suffix == ".png"]
    pdfs = [f for f in files if f.relative_to(site).parts[0] == "downloads" and f.suffix == ".pdf"]
    html = [f for f in files if f.suffix == ".html" and "site_libs" not in f.parts]
    libs = [f for f in files if "site_libs" in f.relative_to(site).parts]
    pages = {name: (site / rel).stat().st_size for name, rel in {"home": "index.html", "comparison": "report/comparison.html"}.items() if (site / rel).exists()}
    return {
        "project": str(project),
        "site_bytes": _bytes(files),
        "site_bytes_without_site_libs": _bytes(files) - _bytes(libs),
        "files": len(files),
        "crops": len(crops),
        "crop_bytes": _bytes(crops),
        "crops_per_program": {d.name: len(list(d.glob("*.png"))) for d in sorted((site / "crops").glob("*")) if d.is_dir()},
        "pdf_bytes": _bytes(pdfs),
        "html_pages": len(html),
        "html_bytes": _bytes(html),
        "page_bytes": pages,
    }


def build_commit(commit: str, workdir: Path) -> dict:
    clone = workdir / commit
    if clone.exists():
        raise SystemExit(f"{clone} exists; remove it or pass another --workdir")
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", commit], check=True)
    subprocess.run(["make", "-C", str(clone), ".venv/.installed"], check=True, capture_output=True)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("PERFORMANS_ROOT", None)
    started = time.perf_counter()
    result = subprocess.run([str(clone / ".venv/bin/python"), "-m", "analysis", "build"], cwd=clone, env=env, capture_output=True, text=True)
    seconds = round(time.perf_counter() - started, 1)
    if result.returncode != 0:
        raise SystemExit(f"{clone}: `python -m analysis build` failed:\n{result.stderr[-3000:]}")
    return {"commit": commit, "build_seconds": seconds, **measure(clone)}


def report(r: dict) -> str:
    mb = 1_000_000
    head = f"commit {r['commit']} (build {r['build_seconds']} s)" if "commit" in r else r["project"]
    return "\n".join([
        head,
        f"  site total        {r['site_bytes'] / mb:8.2f} MB in {r['files']} files ({r['site_bytes_without_site_libs'] / mb:.2f} MB without site_libs/)",
        f"  crops             {r['crops']:8d} PNG, {r['crop_bytes'] / mb:.2f} MB  {r['crops_per_program']}",
        f"  PDFs (downloads)  {r['pdf_bytes'] / mb:8.2f} MB",
        f"  HTML pages        {r['html_pages']:8d}, {r['html_bytes'] / mb:.2f} MB; home {r['page_bytes'].get('home', 0) / 1000:.0f} kB, comparison {r['page_bytes'].get('comparison', 0) / 1000:.0f} kB",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    m = sub.add_parser("measure", help="measure a built project")
    m.add_argument("project", nargs="?", type=Path, default=ROOT)
    b = sub.add_parser("build", help="build commits in temporary clones and measure them")
    b.add_argument("commits", nargs="+")
    b.add_argument("--workdir", type=Path, default=Path("/tmp/site-size"))
    for p in (m, b):
        p.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    results = [measure(args.project.resolve())] if args.what == "measure" else [build_commit(c, args.workdir) for c in args.commits]
    for r in results:
        print(report(r), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
