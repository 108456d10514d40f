"""One build at a time per project, and a killed build's leftovers are swept by the next.

The lock is tried from separate processes, as two users' builds would: a holder process takes it; a second
process is refused (`--no-wait`) or waits; a holder killed with SIGKILL (which runs no clean-up at all)
frees the project at once, even when a child it forked is still running. All in temporary folders.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analysis import pipeline
from analysis.core.lock import BuildLocked, project_lock

HOLD = textwrap.dedent(
    """
    import os, sys, time
    from analysis.core.lock import project_lock
    with project_lock(sys.argv[1]):
        if sys.argv[2] == "fork" and os.fork() == 0:  # a child that outlives its parent, like a page reader
            time.sleep(60)
            os._exit(0)
        print("held", flush=True)
        time.sleep(60)
    """
)


def hold(root: Path, mode: str = "plain") -> subprocess.Popen:
    """A process holding the project's lock (until killed); returns once it holds it."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(root), mode], stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "catalog.yml").write_text("programs: []\n", encoding="utf-8")
    return tmp_path


def test_a_second_build_that_may_not_wait_is_told_who_holds_the_project(tmp_path):
    root = project(tmp_path)
    holder = hold(root)
    try:
        with pytest.raises(BuildLocked, match=f"another build is running in this project \\(pid {holder.pid}"):
            with project_lock(root, wait=False):
                pass
        env = {**os.environ, "PERFORMANS_ROOT": str(root)}
        result = subprocess.run([sys.executable, "-m", "analysis", "build", "--no-wait"], capture_output=True, text=True, env=env)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.returncode == 2 and len(lines) == 1 and f"pid {holder.pid}" in lines[0], result.stderr
        assert "Traceback" not in result.stderr
    finally:
        kill_group(holder)


def test_a_killed_builds_lock_is_taken_over_at_once_even_while_its_child_runs(tmp_path):
    root = project(tmp_path)
    holder = hold(root, "fork")
    os.kill(holder.pid, signal.SIGKILL)  # only the parent: its forked child lives on
    holder.wait()
    children = subprocess.run(["pgrep", "-s", str(holder.pid)], capture_output=True, text=True).stdout.split()
    try:
        assert children, "the forked child should still be running"
        with project_lock(root, wait=False):
            lock_text = (root / ".cache" / "build.lock").read_text(encoding="utf-8")
            assert lock_text.startswith(f"pid {os.getpid()}:"), lock_text
    finally:
        for pid in children:
            os.kill(int(pid), signal.SIGKILL)


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    root = project(tmp_path)
    holder = hold(root)
    env = {**os.environ, "PERFORMANS_ROOT": str(root)}
    waiter = subprocess.Popen([sys.executable, "-m", "analysis", "extract-all"], stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        first = waiter.stderr.readline()
        assert "another build is running in this project" in first and "waiting" in first, first
        assert waiter.poll() is None, "it must wait while the first build runs"
    finally:
        kill_group(holder)
    out, err = waiter.communicate(timeout=120)
    assert waiter.returncode == 0, first + err


def test_the_lock_is_re_entrant_within_one_process(tmp_path):
    root = project(tmp_path)
    probe = "import sys\nfrom analysis.core.lock import project_lock\ntry:\n    with project_lock(sys.argv[1], wait=False): print('free')\nexcept Exception: print('held')"

    def seen_from_outside() -> str:
        return subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True).stdout.strip()

    with project_lock(root):
        with project_lock(root):
            assert seen_from_outside() == "held"
        assert seen_from_outside() == "held", "leaving the inner block must not release the outer one"
    assert seen_from_outside() == "free"


def test_the_next_build_sweeps_exactly_the_temporary_files_a_killed_build_left(tmp_path):
    root = project(tmp_path)
    leftovers = {  # file a killed build left -> what the sweep removes (the whole temporary folder, if in one)
        "report/.index.17daxy9i.ipynb": "report/.index.17daxy9i.ipynb",  # papermill's output of an earlier version (the example)
        "report/.kocaeli-2021.tmp-ab12cd34/index.ipynb": "report/.kocaeli-2021.tmp-ab12cd34",
        "report/kocaeli-2021/.budget.tmp-k2j3h4g5.ipynb": "report/kocaeli-2021/.budget.tmp-k2j3h4g5.ipynb",
        "._site.tmp-x1y2z3w4/index.html": "._site.tmp-x1y2z3w4",
        "._site.old-4242/index.html": "._site.old-4242",
        "data/.programs.duckdb.tmp-4242": "data/.programs.duckdb.tmp-4242",
        "data/.programs.duckdb.tmp-4242.wal": "data/.programs.duckdb.tmp-4242.wal",
        "data/extracted/.kucukcekmece-2021.tmp-qwer1234/activities.csv": "data/extracted/.kucukcekmece-2021.tmp-qwer1234",
        "data/analysis/_comparison/.x.csv.tmp-zz99": "data/analysis/_comparison/.x.csv.tmp-zz99",
        "crops/kocaeli-2021/.p3-1-2-3-4.png.tmp": "crops/kocaeli-2021/.p3-1-2-3-4.png.tmp",
        "downloads/.kocaeli-2021.zip.tmp-abcd": "downloads/.kocaeli-2021.zip.tmp-abcd",
        ".downloads.tmp-5k6l7m8n/kocaeli-2021/activities.csv": ".downloads.tmp-5k6l7m8n",
        "assets/js/.vega-bundle.js.tmp-9f8e7d6c": "assets/js/.vega-bundle.js.tmp-9f8e7d6c",
        ".cache/crops/0123456789abcdef/.k.png.tmp": ".cache/crops/0123456789abcdef/.k.png.tmp",
    }
    kept = [
        "report/README.md",
        "report/.comparison.build-key",
        "report/kocaeli-2021/.build-key",
        "report/kocaeli-2021/index.ipynb",
        "data/checked/.verdicts/kocaeli-2021.json",
        "data/catalog.yml",
        "assets/js/.vega-bundle.js.made-by",
        "assets/js/charts.js",
        "_site/.build-key",
        "notebooks/.scratch.tmp-mine.ipynb",  # not an output folder: never touched
        ".cache/build.lock",
    ]
    for rel in [*leftovers, *kept]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        if not (root / rel).exists():
            (root / rel).write_text("x", encoding="utf-8")
    removed = pipeline.sweep(pipeline.paths(root))
    assert sorted(p.relative_to(root).as_posix() for p in removed) == sorted(set(leftovers.values()))
    for rel in leftovers:
        assert not (root / rel).exists(), rel
    for rel in kept:
        assert (root / rel).exists(), rel
