"""`make lab` and the notebook it opens on (`notebooks/00-start-here.ipynb`).

- `make lab` starts JupyterLab even for root (it refuses "Running as root is not recommended" without
  `--allow-root`), on 127.0.0.1, opening on the start-here notebook; the test starts it in a temporary copy
  of the project and stops it once it serves.
- The start-here notebook runs from top to bottom against a built project (papermill, into tmp), and what it
  shows agrees with the package's CSVs read here with the csv module and with the count the Kocaeli
  document states in its text (291 activities).
- It is not a page: no stage reads it, the notebooks stage does not run it per program, the site has no page
  for it.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest

from analysis import dag
from analysis.core.paths import Paths
from analysis.report import COMPARISON_NOTEBOOK, PROGRAM_NOTEBOOKS

from .conftest import ROOT, copy_project

START_HERE = "00-start-here.ipynb"


def test_start_here_is_not_a_page_nor_a_stage_input(tmp_path):
    p = Paths(ROOT)
    stage = dag.BY_NAME["notebooks"]
    assert (ROOT / "notebooks" / START_HERE).exists()
    assert ROOT / "notebooks" / START_HERE not in dag.inputs(stage, p, program=None)
    assert ROOT / "notebooks" / START_HERE not in dag.notebook_files(stage, p)
    for s in dag.STAGES:
        assert ROOT / "notebooks" / START_HERE not in dag.notebook_files(s, p)
    templates = {t for t, _, _ in PROGRAM_NOTEBOOKS} | {COMPARISON_NOTEBOOK[0]}
    assert START_HERE not in templates
    # every page template is still an input of its stage
    for template, _, _ in PROGRAM_NOTEBOOKS:
        assert ROOT / "notebooks" / template in dag.notebook_files(stage, p)
    quarto = (ROOT / "_quarto.yml").read_text(encoding="utf-8")
    assert "notebooks/" not in quarto.split("render:")[1].split("resources:")[0]


def test_the_site_has_no_page_for_start_here(built_site):
    assert not any("start-here" in p.name for p in built_site.rglob("*"))


def test_start_here_runs_against_a_built_project(built_project, tmp_path):
    import papermill as pm

    out = tmp_path / "start-here.ipynb"
    env_root = os.environ.pop("PERFORMANS_ROOT", None)
    try:
        pm.execute_notebook(
            str(built_project / "notebooks" / START_HERE),
            str(out),
            parameters={"program": "kocaeli-2021"},
            cwd=str(built_project / "notebooks"),
            kernel_name="python3",
            progress_bar=False,
        )
    finally:
        if env_root is not None:
            os.environ["PERFORMANS_ROOT"] = env_root
    nb = json.loads(out.read_text(encoding="utf-8"))
    text = "\n".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
        for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
    )
    assert not any(o.get("output_type") == "error" for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []))
    # the counts cell: 291 activities is what the document says in its text (p. 11 of the Kocaeli PDF);
    # the extracted count is read here from the package with the csv module
    with (built_project / "data/extracted/kocaeli-2021/activities.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert f"'activities': {len(rows)}" in text
    # the SQL cell: one line per program with its activity count and total (money summed here as Decimal)
    for program in ("kocaeli-2021", "kucukcekmece-2021"):
        with (built_project / f"data/extracted/{program}/activities.csv").open(encoding="utf-8") as fh:
            acts = list(csv.DictReader(fh))
        total = sum((Decimal(r["total"]) for r in acts if r["total"]), Decimal(0))
        line = next(ln for ln in text.splitlines() if program in ln and re.search(rf"{program}\s+\d+\s+\d", ln))
        assert re.search(rf"{program}\s+{len(acts)}\s+{re.escape(str(total))}", line), line


def _wait_for_url(proc: subprocess.Popen, log: Path, seconds: float) -> str:
    """Poll the log every half second, at most `seconds / 0.5` times (a patience limit, not a speed check)."""
    for _ in range(int(seconds / 0.5)):
        text = log.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"http://127\.0\.0\.1:\d+/\S+", text)
        if m:
            return m.group(0)
        if proc.poll() is not None:
            pytest.fail(f"`make lab` exited ({proc.returncode}):\n{text[-3000:]}")
        time.sleep(0.5)
    pytest.fail(f"`make lab` did not serve within {seconds:.0f} s:\n{log.read_text(encoding='utf-8', errors='replace')[-3000:]}")


def test_make_lab_starts_for_this_user_and_opens_on_start_here(tmp_path):
    project = copy_project(tmp_path / "project")
    venv = ROOT / ".venv"
    log = tmp_path / "lab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data"), "BROWSER": "true"}
    env.pop("PERFORMANS_ROOT", None)
    cmd = ["make", "-s", "-C", str(project), "lab", f"VENV={venv}", "-o", f"{venv}/.installed",
           "LAB_ARGS=--no-browser --ServerApp.port=0"]
    with log.open("w", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        url = _wait_for_url(proc, log, 120)
        assert "/lab/tree/00-start-here.ipynb" in url
        base, token = url.split("/lab/")[0], url.split("token=")[1]
        with urllib.request.urlopen(f"{base}/api/contents/{START_HERE}?content=0&token={token}", timeout=10) as resp:
            assert json.load(resp)["type"] == "notebook"
        if os.getuid() == 0:
            assert "--allow-root" in subprocess.run(["make", "-n", "-s", "-C", str(project), "lab", f"VENV={venv}", "-o", f"{venv}/.installed"],
                                                    capture_output=True, text=True, check=True).stdout
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert "Running as root is not recommended" not in log.read_text(encoding="utf-8", errors="replace")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
