"""The build on a dask cluster gives exactly what the serial build gives, and keeps failures per program.

A small project (the two shipped text editions under new ids, and one broken PDF) is built twice from the
same starting state: once serially (`python -m analysis build`), once through `--scheduler` on a
`distributed.LocalCluster` of two worker processes started here. Every table both builds wrote is
compared byte for byte (the data packages' descriptors apart from their timings; the DuckDB file by its
rows, since the file itself is not byte-stable).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from analysis.core.io import sha256_file

from .conftest import ROOT, copy_project

BROKEN = b"%PDF-1.7\nthis is not really a pdf"
GENERATED = ("data/extracted", "data/checked", "data/analysis", "data/programs.duckdb", "report", "_site", "downloads")


def small_project(target: Path) -> Path:
    """A copy of the project whose catalog holds the two text editions under new ids and one broken PDF."""
    copy_project(target)
    for rel in GENERATED:
        path = target / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    catalog = yaml.safe_load((target / "data/catalog.yml").read_text(encoding="utf-8"))
    entries = []
    sources = [(prog, next(f for f in prog["files"] if f["edition"] == "text")) for prog in catalog["programs"]]
    sources.append((dict(catalog["programs"][0], short_name="Bozuk", municipality="Bozuk Belediyesi"), None))
    for n, (prog, text) in enumerate(sources):
        new_id = f"{'broken' if text is None else 'copy' + str(n)}-2021"
        folder = target / "data/raw" / new_id
        folder.mkdir(parents=True)
        if text is None:
            dest = folder / f"{new_id}.pdf"
            dest.write_bytes(BROKEN)
        else:
            dest = folder / f"{new_id}{Path(text['path']).suffix}"
            shutil.copy(ROOT / text["path"], dest)
        edition = "text" if text else "pdf"
        file = {"path": dest.relative_to(target).as_posix(), "edition": edition, "sha256": sha256_file(dest)}
        entries.append(dict(prog, id=new_id, short_name=f"{prog['short_name']} {n}", primary=edition, files=[file]))
    catalog["programs"] = entries
    (target / "data/catalog.yml").write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def build(root: Path, *options: str, task_log: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("PERFORMANS_ROOT", None)
    env.pop("PERFORMANS_TASK_LOG", None)
    if task_log:
        env["PERFORMANS_TASK_LOG"] = str(task_log)
    return subprocess.run([sys.executable, "-m", "analysis", "build", *options], cwd=root, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def scheduler() -> str:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, scheduler) -> dict:
    start = small_project(tmp_path_factory.mktemp("cluster") / "serial")
    distributed = tmp_path_factory.mktemp("cluster") / "distributed"
    shutil.copytree(start, distributed, symlinks=True)
    return {
        "serial": (start, build(start)),
        "distributed": (distributed, build(distributed, "--scheduler", scheduler, task_log=distributed.parent / "tasks.json")),
    }


def _tables(root: Path) -> dict[str, bytes]:
    """Every file the data stages wrote, by path; descriptors without their timings; no key files."""
    found = {}
    for folder in ("data/extracted", "data/checked", "data/analysis"):
        for f in sorted((root / folder).rglob("*")):
            rel = f.relative_to(root).as_posix()
            if not f.is_file() or any(part.startswith(".") for part in f.relative_to(root).parts):
                continue
            data = f.read_bytes()
            if f.name == "datapackage.json":  # the same apart from how long extraction took
                data = json.dumps(_without_seconds(json.loads(data)), sort_keys=True, ensure_ascii=False).encode()
            found[rel] = data
    return found


def _without_seconds(value):
    if isinstance(value, dict):
        return {k: _without_seconds(v) for k, v in value.items() if not k.endswith("seconds")}
    if isinstance(value, list):
        return [_without_seconds(v) for v in value]
    return value


def _duckdb_rows(root: Path) -> dict[str, list]:
    con = duckdb.connect(str(root / "data/programs.duckdb"), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall() for n in names}
    finally:
        con.close()


@pytest.mark.slow
def test_a_build_on_the_cluster_gives_the_serial_builds_tables(two_builds):
    serial_root, serial = two_builds["serial"]
    dist_root, dist = two_builds["distributed"]
    assert "on 2 worker(s)" in dist.stderr, dist.stderr[-3000:]
    serial_tables, dist_tables = _tables(serial_root), _tables(dist_root)
    assert len(serial_tables) > 60, sorted(serial_tables)
    assert sorted(dist_tables) == sorted(serial_tables)
    differ = [rel for rel in serial_tables if serial_tables[rel] != dist_tables[rel]]
    assert differ == [], differ
    assert _duckdb_rows(dist_root) == _duckdb_rows(serial_root)
    for root in (serial_root, dist_root):
        assert sorted(p.name for p in (root / "report").iterdir() if p.is_dir()) == ["comparison-tables", "copy0-2021", "copy1-2021"]
        assert (root / "_site/index.html").exists()


SECONDS = re.compile(r"\d+(?:,\d+)? saniye|\"seconds\": [0-9.]+")
"""How long reading a document took: on the pages (data page, "how the document was read") and in the records."""


def _site_files(root: Path) -> dict[str, bytes]:
    """Every file of the rendered site, by path, with reading times blanked; not the build record, the zipped
    packages (whose descriptors carry the reading time) or the DuckDB file (not byte-stable)."""
    found = {}
    for f in sorted((root / "_site").rglob("*")):
        if f.is_file() and f.name != ".build-key" and f.suffix not in (".zip", ".duckdb"):
            data = f.read_bytes()
            if f.suffix in (".html", ".md", ".json", ".txt", ".xml"):
                data = SECONDS.sub("<seconds>", data.decode("utf-8")).encode("utf-8")
            found[f.relative_to(root).as_posix()] = data
    return found


@pytest.mark.slow
def test_the_site_split_per_program_on_the_cluster_is_the_serial_builds_site(two_builds):
    serial, dist = _site_files(two_builds["serial"][0]), _site_files(two_builds["distributed"][0])
    assert len(serial) > 100 and any(rel.endswith("/checks.html") for rel in serial)
    assert sorted(dist) == sorted(serial)
    assert [rel for rel in serial if serial[rel] != dist[rel]] == []


@pytest.mark.slow
def test_one_broken_document_fails_only_its_own_tasks(two_builds):
    for name in ("serial", "distributed"):
        root, result = two_builds[name]
        assert result.returncode == 1, result.stderr[-3000:]
        failed = [line for line in result.stderr.splitlines() if line.startswith("build:") and "failed for" in line]
        assert failed == ["build: extract failed for broken-2021"], (name, result.stderr[-3000:])
        assert "extract broken-2021: " in result.stderr and "broken-2021.pdf" in result.stderr  # its one-line reason
        assert not (root / "data/extracted/broken-2021").exists()
        for good in ("copy0-2021", "copy1-2021"):
            assert (root / "data/analysis" / good / ".build-key").exists()
            assert (root / "report" / good / "index.ipynb").exists()


@pytest.mark.slow
def test_the_task_log_names_every_task_with_its_worker_times_and_inputs(two_builds):
    root, _ = two_builds["distributed"]
    tasks = {t["task"]: t for t in json.loads((root.parent / "tasks.json").read_text(encoding="utf-8"))["tasks"]}
    programs = ("copy0-2021", "copy1-2021", "broken-2021")
    per_program = [f"{stage} {p}" for stage in ("extract", "validate", "analyse", "notebooks", "site-part") for p in programs]
    assert sorted(tasks) == sorted([*per_program, "check", "series", "compare", "comparison-notebook", "site"])
    assert tasks["extract broken-2021"]["ok"] is False and tasks["extract copy0-2021"]["ok"] is True
    assert tasks["analyse copy1-2021"]["needs"] == ["validate copy1-2021"]
    assert tasks["check"]["needs"] == sorted(f"validate {p}" for p in programs)
    for t in tasks.values():
        assert t["worker"].startswith("tcp://") and 0 <= t["start"] <= t["end"] and t["cpu"] >= 0, t
        assert all(tasks[n]["end"] <= t["start"] for n in t["needs"]), t  # a task starts after its inputs ended
    assert max(tasks.values(), key=lambda t: t["end"])["task"] == "site"


@pytest.mark.slow
def test_the_cache_decides_what_runs_on_the_cluster_too(two_builds, scheduler):
    root, _ = two_builds["distributed"]
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    again = build(root, "--scheduler", scheduler)
    assert again.returncode == 1, again.stderr[-3000:]
    for stage in ("extract copy0-2021", "extract copy1-2021", "check", "analyse copy0-2021", "notebooks copy1-2021", "notebooks comparison", "site"):
        assert f"{stage}: up to date" in again.stderr, f"{stage} ran again:\n{again.stderr[-3000:]}"
    changed = [p for p, t in before.items() if p.exists() and p.stat().st_mtime_ns != t]
    assert changed == [root / ".cache" / "build.lock"], changed[:10]  # the build lock names its holder, nothing else is written


def test_scheduler_and_workers_together_is_one_clear_error(tmp_path):
    result = build(ROOT, "--scheduler", "tcp://127.0.0.1:1", "--workers", "2")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: give either --scheduler (a running cluster) or --workers (a local one), not both"]


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path):
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    result = subprocess.run([sys.executable, "-m", "analysis", "build", "--scheduler", "tcp://127.0.0.1:1"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach the dask scheduler at tcp://127.0.0.1:1"), result.stderr
