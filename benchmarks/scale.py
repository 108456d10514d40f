"""How many programs a minute the build manages with 1 and with 2 dask workers (run by hand).

    .venv/bin/python benchmarks/scale.py 8                  # 8 programs: copies of the shipped PDF editions
    .venv/bin/python benchmarks/scale.py 8 --edition text   # copies of the text editions (fast to read)

It makes a temporary project whose catalog holds N programs, copies of the shipped documents under new
ids (alternating the two layouts), and builds it from scratch, once with `build --workers 1` and once
with `build --workers 2` (each in a fresh copy, so nothing is cached). It prints each build's wall-clock
time, programs per minute, the speed-up of two workers over one, each worker's peak memory as the
build reports it (the worker process, and its largest notebook kernel), and the summary of each build's
task log (`benchmarks/timeline.py`: each worker's idle share, the critical path as it ran, CPU seconds per
stage, and the span simulated on idle workers from the measured CPU seconds). Every build must succeed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import timeline  # noqa: E402  (benchmarks/timeline.py: the task log's summary)
from tests.conftest import copy_project  # noqa: E402  (the tests' own copy of a project)

GENERATED = ("data/extracted", "data/checked", "data/analysis", "data/programs.duckdb", "report", "_site", "downloads")


def make_project(target: Path, n: int, edition: str) -> Path:
    from analysis.core.io import sha256_file

    copy_project(target)
    for rel in GENERATED:
        path = target / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    catalog = yaml.safe_load((target / "data/catalog.yml").read_text(encoding="utf-8"))
    shipped = catalog["programs"]
    entries = []
    for i in range(n):
        prog = shipped[i % len(shipped)]
        source = next(f for f in prog["files"] if f["edition"] == edition)
        new_id = f"{prog['id'].rsplit('-', 1)[0]}-copy{i}-{prog['year']}"
        folder = target / "data/raw" / new_id
        folder.mkdir(parents=True)
        dest = folder / f"{new_id}{Path(source['path']).suffix}"
        shutil.copy(ROOT / source["path"], dest)
        file = {"path": dest.relative_to(target).as_posix(), "edition": edition, "sha256": sha256_file(dest)}
        entries.append(dict(prog, id=new_id, short_name=f"{prog['short_name']} {i}", primary=edition, files=[file]))
    catalog["programs"] = entries
    (target / "data/catalog.yml").write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def build(project: Path, workers: int, log: Path) -> tuple[float, list[str]]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "PERFORMANS_TASK_LOG": str(log)}
    env.pop("PERFORMANS_ROOT", None)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "analysis", "build", "--workers", str(workers)], cwd=project, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    log.with_suffix(".stderr.txt").write_text(result.stderr, encoding="utf-8")
    if result.returncode:
        raise SystemExit(f"build --workers {workers} failed:\n{result.stderr[-3000:]}")
    peaks = [line for line in result.stderr.splitlines() if re.match(r"worker \S+: peak memory", line)]
    return seconds, peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many programs")
    parser.add_argument("--edition", choices=("pdf", "text"), default="pdf")
    parser.add_argument("--keep-logs", type=Path, help="copy each build's task log (tasks-w1.json, tasks-w2.json) into this folder")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores", flush=True)
    times = {}
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        for workers in (1, 2):
            project = make_project(Path(tmp) / f"w{workers}", args.n, args.edition)
            log = Path(tmp) / f"tasks-w{workers}.json"
            seconds, peaks = build(project, workers, log)
            times[workers] = seconds
            print(f"\n{args.n} programs ({args.edition} editions), --workers {workers}: {seconds:.1f} s, {args.n / seconds * 60:.2f} programs per minute")
            for line in peaks:
                print(f"  {line}")
            print(timeline.summary(log))
            if args.keep_logs:
                shutil.copy(log, args.keep_logs / log.name)
            shutil.rmtree(project)
    print(f"\nspeed-up of 2 workers over 1: {times[1] / times[2]:.2f}x")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
