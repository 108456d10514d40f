"""Cost per added program: build a project with N programs and report time per stage and page sizes.

    .venv/bin/python benchmarks/many_programs.py 2 12 50 [--workdir /tmp/bench] [--json results.json]

For each N, a fresh project is made in `<workdir>/n<N>/` by `tests/many.py`: the two shipped programs and
copies of their text editions under new ids (every third copy with its units renamed to other standard forms),
all read from the text edition (1–5 s each). Then each stage command runs cold, as `make report` would run it,
and is timed: `extract-all`, `check`, `analyse` (+ compare), `notebooks` (+ the comparison notebook), `site`.
Finally `site --force` measures the site stage alone once more (downloads already written).

Reported sizes (bytes) of the rendered pages: the home page, the English summary, the comparison page, the
programs list, and one program page (it carries the sidebar, which lists the programs).

Timings depend on the machine; they go into the notes of the issue, never into an assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.many import make_project  # noqa: E402  (the project maker lives with the tests that use it too)

STAGES = ["extract-all", "check", "analyse", "notebooks", "site"]
PAGES = {
    "home": "index.html",
    "english": "en.html",
    "comparison": "report/comparison.html",
    "programs": "programs.html",
    "program_page": "report/kocaeli-2021/index.html",
}


def run_stage(project: Path, stage: str, *extra: str) -> float:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("PERFORMANS_ROOT", None)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "analysis", stage, *extra], cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{project}: `python -m analysis {stage}` failed:\n{result.stderr[-3000:]}")
    return round(seconds, 1)


def measure(workdir: Path, n: int) -> dict:
    project = workdir / f"n{n}"
    if project.exists():
        raise SystemExit(f"{project} exists; remove it or pass another --workdir")
    make_project(project, n)
    times = {stage: run_stage(project, stage) for stage in STAGES}
    times["site_again"] = run_stage(project, "site", "--force")  # the site stage alone, everything upstream done
    site = project / "_site"
    sizes = {name: (site / rel).stat().st_size for name, rel in PAGES.items() if (site / rel).exists()}
    pages = sum(1 for p in site.rglob("*.html") if "site_libs" not in p.parts)
    return {"programs": n, "seconds": times, "total_seconds": round(sum(v for k, v in times.items() if k != "site_again"), 1),
            "page_bytes": sizes, "html_pages": pages, "project": str(project)}


def table(results: list[dict]) -> str:
    head = ["programs", *STAGES, "site_again", "total", *PAGES]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        cells = [str(r["programs"]), *(f"{r['seconds'][s]:.1f} s" for s in [*STAGES, "site_again"]), f"{r['total_seconds']:.0f} s"]
        cells += [f"{r['page_bytes'].get(p, 0) / 1000:.0f} kB" for p in PAGES]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("counts", nargs="+", type=int, help="numbers of programs, e.g. 2 12 50")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/performans-bench"))
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.counts:
        results.append(measure(args.workdir, n))
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
