"""The notebooks stage runs a program's notebooks in one kernel, and the pages come out as with one kernel each.

The built project's pages (made by the build: one shared kernel per program) are compared with the same
templates run here the plain way, by papermill with a new kernel per notebook: same cells, same
execution counts, same outputs. Only what differs between any two runs is left out: cell ids, execution
metadata and the memory addresses in an object's plain-text repr.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from analysis import report

ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _comparable(nb: nbformat.NotebookNode) -> list[tuple]:
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "raw" and cell.source.startswith("---"):
            continue  # the page's front matter, added by the build after running
        if cell.cell_type == "markdown" and cell.source.startswith('<nav class="program-pages"'):
            continue  # the line of links between a program's pages, also added after running
        outputs = []
        for out in cell.get("outputs", []):
            out = {k: v for k, v in out.items() if k != "metadata"}
            if "data" in out:
                out["data"] = {mime: ADDRESS.sub(" at 0x…", v) if isinstance(v, str) else v for mime, v in out["data"].items()}
            outputs.append(out)
        cells.append((cell.cell_type, cell.source, cell.get("execution_count"), outputs))
    return cells


@pytest.mark.slow
def test_one_kernel_per_program_gives_the_pages_of_one_kernel_per_notebook(built_project, tmp_path):
    import papermill as pm

    program = "kocaeli-2021"
    for template, name, _section in report.PROGRAM_NOTEBOOKS:
        plain = tmp_path / name
        pm.execute_notebook(
            str(built_project / "notebooks" / template),
            str(plain),
            parameters={"program": program, "site_root": "../.."},
            cwd=str(built_project),
            kernel_name="python3",
            progress_bar=False,
        )
        shared = nbformat.read(built_project / "report" / program / name, as_version=4)
        expected = _comparable(nbformat.read(plain, as_version=4))
        assert sum(len(c[3]) for c in expected) >= 2, f"{template}: too few outputs to compare"
        assert _comparable(shared) == expected, f"{template}: the page differs from a run in its own kernel"


def test_a_fresh_kernel_state_between_notebooks(tmp_path: Path):
    """What `SharedKernel.fresh` promises, seen from inside the kernel: no names, counter at 1, project modules gone."""
    import json

    probe = tmp_path / "probe.json"
    with report.SharedKernel(tmp_path) as kernel:
        kernel_run(kernel, "import analysis.pages.charts as c; c._embedded_bundle = True; x = 1")
        kernel.fresh()
        code = (
            "import json, sys\n"
            f"json.dump({{'x': 'x' in dir(), 'modules': [m for m in sys.modules if m.startswith('analysis')]}}, open({str(probe)!r}, 'w'))"
        )
        reply = kernel_run(kernel, code)
    assert reply["content"]["execution_count"] == 1, "the first cell after a reset must be In [1], as in a new kernel"
    seen = json.loads(probe.read_text())
    assert seen == {"x": False, "modules": []}


def kernel_run(kernel: report.SharedKernel, code: str) -> dict:
    from jupyter_core.utils import run_sync

    reply = run_sync(kernel.kc.execute_interactive)(code, timeout=60, output_hook=lambda msg: None)
    assert reply["content"]["status"] == "ok", reply["content"]
    return reply
