"""Outputs you can trust: a missing, truncated, hand-edited or half-written output is re-made, never published.

Each test works in a copy of the session's built project (`built_project`, a clean build, exactly as
`make report` makes it), damages it as a user, a crash or a second user would, runs one plain
`python -m analysis build` (as a user would, in a subprocess), and compares every output file with the
clean build's, byte for byte. What is compared is independent of the cache: the files themselves.
Two things are not bytes: DuckDB files (a DuckDB file differs at every write; its tables are compared)
and, where a document was read again, the time the reading took (`datapackage.json`'s `seconds` and the
pages quoting it), which is masked. Files whose names start with a dot are the build's own bookkeeping
(build records, verdicts) and are not published; they are left out.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

OUTPUTS = ("data/extracted", "data/checked", "data/analysis", "data/programs.duckdb", "report", "_site", "downloads", "crops", "assets/js/vega-bundle.js")
"""Everything the stages write (README: the one-way data flow)."""

TIMING = [
    (re.compile(rb'"([a-z_]*seconds)": [0-9.]+'), rb'"\1": T'),  # datapackage.json: seconds, read_seconds
    (re.compile(rb"[0-9]+(?:[.,][0-9]+)? saniye"), b"T saniye"),  # the reading page
    (re.compile(rb", [0-9]+(?:\.[0-9]+)? s\)"), b", T s)"),  # the data dictionary
    (re.compile(rb"[0-9]+(?:,[0-9]+)? (?:kB|MB)"), b"N kB"),  # a zip's size moves with the digits of the time in it
]
TEMPORARY = re.compile(r"\.(tmp|old)\b|\.tmp-|^\.[^.]+\.[a-z0-9_]{8}(\.ipynb)?$")
"""Names of temporary files and folders (written independently of the code's own pattern)."""


def env() -> dict[str, str]:
    found = {**os.environ, "PYTHONWARNINGS": "ignore"}
    found.pop("PERFORMANS_ROOT", None)
    return found


def copy_built(built_project: Path, target: Path) -> Path:
    shutil.copytree(built_project, target, symlinks=True)
    return target


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "build", *args], cwd=root, capture_output=True, text=True, env=env())


def status(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "status"], cwd=root, capture_output=True, text=True, env=env())


def _masked(data: bytes) -> bytes:
    for pattern, replacement in TIMING:
        data = pattern.sub(replacement, data)
    return data


def _duckdb_tables(path: Path) -> dict[str, list]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [row[0] for row in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {name: sorted(map(repr, con.execute(f'SELECT * FROM "{name}"').fetchall())) for name in names}
    finally:
        con.close()


def content(path: Path, timing: bool) -> object:
    if path.suffix == ".duckdb":
        return _duckdb_tables(path)
    data = path.read_bytes()
    if not timing:
        return data
    if path.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return {name: _masked(zf.read(name)) for name in zf.namelist()}
    return _masked(data)


def snapshot(root: Path, timing: bool = False) -> dict[str, object]:
    """Every output file (dot-files aside) and its content; with `timing`, the reading time masked."""
    found: dict[str, object] = {}
    for place in OUTPUTS:
        path = root / place
        files = [path] if path.is_file() else sorted(f for f in path.rglob("*") if f.is_file())
        for f in files:
            rel = f.relative_to(root)
            if not any(part.startswith(".") for part in rel.parts):
                found[rel.as_posix()] = content(f, timing)
    return found


def assert_same(root: Path, built_project: Path, timing: bool = False) -> None:
    made, clean = snapshot(root, timing), snapshot(built_project, timing)
    assert sorted(made) == sorted(clean), f"missing: {sorted(set(clean) - set(made))[:5]}, extra: {sorted(set(made) - set(clean))[:5]}"
    differ = [rel for rel in clean if made[rel] != clean[rel]]
    assert not differ, f"{len(differ)} file(s) differ from a clean build's: {differ[:8]}"


def temporary_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if TEMPORARY.search(p.name))


def lines_of(stderr: str, prefix: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(prefix)]


# --------------------------------------------------------------------------- damaged outputs, one plain build


def test_a_deleted_or_truncated_analysis_table_notebook_or_comparison_table_is_remade(tmp_path, built_project):
    root = copy_built(built_project, tmp_path / "project")
    kucuk_table = sorted((root / "data/analysis/kucukcekmece-2021").glob("*.csv"))[0]
    (root / "data/analysis/kocaeli-2021/budget_by_unit.csv").unlink()
    kucuk_table.write_bytes(kucuk_table.read_bytes()[: kucuk_table.stat().st_size // 2])
    (root / "report/kocaeli-2021/checks.ipynb").unlink()
    shutil.rmtree(root / "report/comparison-tables")

    result = build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    err = result.stderr
    assert "analyse kocaeli-2021: data/analysis/kocaeli-2021/budget_by_unit.csv missing -> re-run" in err, err
    assert f"analyse kucukcekmece-2021: data/analysis/kucukcekmece-2021/{kucuk_table.name} changed since it was made -> re-run" in err, err
    assert "notebooks kocaeli-2021: report/kocaeli-2021/checks.ipynb missing -> re-run" in err, err
    assert any(line.endswith("missing -> re-run") and "report/comparison-tables/" in line for line in lines_of(err, "notebooks comparison:")), err
    for fresh in ("extract kocaeli-2021", "extract kucukcekmece-2021", "check", "notebooks kucukcekmece-2021"):
        assert f"{fresh}: up to date" in err, err
    assert_same(root, built_project)


def test_a_deleted_page_truncated_crop_or_edited_download_re_runs_the_site(tmp_path, built_project):
    root = copy_built(built_project, tmp_path / "project")
    (root / "_site/report/kocaeli-2021/checks.html").unlink()
    crop = sorted((root / "crops/kocaeli-2021").glob("*.png"))[0]
    crop.write_bytes(crop.read_bytes()[:100])
    table = root / "downloads/csv/activities.csv"
    data = table.read_bytes()
    at = data.index(b"\n") + 1 + re.search(rb"[0-8]", data[data.index(b"\n") + 1 :]).start()
    table.write_bytes(data[:at] + bytes([data[at] + 1]) + data[at + 1 :])  # one digit more, same size
    (root / "report/_sidebar.yml").unlink()

    listed = status(root)
    assert listed.returncode == 1, listed.stderr
    site_row = next(line for line in listed.stdout.splitlines() if line.startswith("site "))
    assert site_row.split()[:3] == ["site", "(all)", "missing"] and "_site/report/kocaeli-2021/checks.html" in site_row, listed.stdout
    assert {tuple(line.split()[:3]) for line in listed.stdout.splitlines() if line.startswith("notebooks ")} == {
        ("notebooks", "kocaeli-2021", "fresh"), ("notebooks", "kucukcekmece-2021", "fresh")}, listed.stdout  # fmt: skip
    assert not (root / "_site/report/kocaeli-2021/checks.html").exists(), "status builds nothing"

    result = build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    after = status(root)
    assert (after.returncode, after.stdout.splitlines()[-1]) == (0, "everything is fresh"), after.stdout
    why = lines_of(result.stderr, "site: ")[0]
    assert why.endswith("-> re-run") and "_site/report/kocaeli-2021/checks.html" in why and "changed since it was made" in why, why
    assert "notebooks kocaeli-2021: up to date" in result.stderr
    assert_same(root, built_project)


# --------------------------------------------------------------------------- builds killed with SIGKILL


def killed_build(root: Path, started: str, temporary: str | None) -> str:
    """Start a build, wait for the stderr line that starts with `started` (the stage runs), then for a file
    matching the glob `temporary` (its first output being written; at most a few seconds), then SIGKILL the
    build and every process it started. Returns what it printed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "build"], cwd=root, env=env(), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, start_new_session=True
    )
    printed: list[str] = []
    running = threading.Event()

    def read() -> None:
        for line in proc.stderr:
            printed.append(line)
            if line.startswith(started):
                running.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    while not running.wait(0.01) and proc.poll() is None:
        pass
    for _ in range(400):
        if proc.poll() is not None or (temporary and any(root.glob(temporary))):
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(timeout=10)
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed:\n" + "".join(printed)
    return "".join(printed)


def test_a_deleted_or_truncated_extracted_table_is_read_again_even_after_a_build_killed_while_reading(tmp_path, built_project):
    """The issue's first case: without activities.csv, Küçükçekmece failed the check and the site went out
    without it. Here, too, the build that starts re-reading it is killed halfway through the reading."""
    root = copy_built(built_project, tmp_path / "project")
    (root / "data/extracted/kucukcekmece-2021/activities.csv").unlink()
    indicators = root / "data/extracted/kocaeli-2021/indicators.csv"
    indicators.write_bytes(indicators.read_bytes()[:1000])

    printed = killed_build(root, "extract kucukcekmece-2021: ", "data/extracted/.kucukcekmece-2021.tmp-*")
    assert "extract kocaeli-2021: data/extracted/kocaeli-2021/indicators.csv changed since it was made -> re-run" in printed, printed
    result = build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "extract kucukcekmece-2021: data/extracted/kucukcekmece-2021/activities.csv missing -> re-run" in result.stderr, result.stderr
    assert "extract kocaeli-2021: up to date" in result.stderr, "the package read before the kill is whole and recorded"
    assert (root / "_site/report/kucukcekmece-2021/index.html").exists()
    assert temporary_files(root) == []
    assert_same(root, built_project, timing=True)


MOMENTS = {
    # stage: (output removed so that the stage runs, the line saying it runs, its temporary output)
    "analysis": ("data/analysis/kocaeli-2021/budget_by_unit.csv", "analyse kocaeli-2021: ", "data/analysis/.kocaeli-2021.tmp-*/*.csv"),
    "notebooks": ("report/kocaeli-2021/checks.ipynb", "notebooks kocaeli-2021: ", "report/.kocaeli-2021.tmp-*/*.ipynb"),
    "site": ("_site/report/kocaeli-2021/checks.html", "site: ", "._site.tmp-*/*.html"),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_build_killed_during_a_stage_is_finished_by_one_plain_build(tmp_path, built_project, moment):
    root = copy_built(built_project, tmp_path / "project")
    removed, started, temporary = MOMENTS[moment]
    (root / removed).unlink()
    killed_build(root, started, temporary)
    left = temporary_files(root)

    result = build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    if left:
        assert "temporary file(s) left by an interrupted build" in lines_of(result.stderr, "build: removed ")[0], (left, result.stderr)
    assert temporary_files(root) == []
    assert_same(root, built_project)


def test_two_builds_started_at_once_take_turns_and_make_what_a_clean_build_makes(tmp_path, built_project):
    root = copy_built(built_project, tmp_path / "project")
    (root / "report/kocaeli-2021/checks.ipynb").unlink()
    (root / "_site/report/kucukcekmece-2021/checks.html").unlink()
    command = [sys.executable, "-m", "analysis", "build"]
    both = [subprocess.Popen(command, cwd=root, env=env(), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True) for _ in range(2)]
    errs = [proc.communicate(timeout=600)[1] for proc in both]
    assert [proc.returncode for proc in both] == [0, 0], errs
    waited = [err for err in errs if "another build is running in this project" in err]
    assert len(waited) == 1, errs
    second = waited[0]
    assert "notebooks kocaeli-2021: up to date" in second and "site: up to date" in second, second
    assert temporary_files(root) == []
    assert_same(root, built_project)
