"""The notebooks stage runs the pages in warm kernels, and the pages come out as with one kernel each.

The built project's pages (made by the build: one warm kernel per thread, for every program) are compared with the same
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


@pytest.mark.slow
def test_pages_made_after_another_program_in_the_same_warm_kernel_are_the_same(built_project, tmp_path):
    """A worker's kernel runs every page of many programs: Kocaeli's pages, made in one kernel right after
    Küçükçekmece's, are the build's pages (which the test above compares with one kernel per notebook)."""
    from analysis.core.paths import paths

    p = paths(built_project)
    with report.kernels_for(p) as kernels:
        for program in ("kucukcekmece-2021", "kocaeli-2021"):
            for template, name, _section in report.PROGRAM_NOTEBOOKS:
                report.execute(p.notebooks / template, tmp_path / program / name, {"program": program, "site_root": "../.."},
                               cwd=built_project, title="t", kernel=kernels.get())
        assert len(kernels._all) == 1, "one thread, one kernel for every page"
    for _template, name, _section in report.PROGRAM_NOTEBOOKS:
        again = nbformat.read(tmp_path / "kocaeli-2021" / name, as_version=4)
        built = nbformat.read(built_project / "report" / "kocaeli-2021" / name, as_version=4)
        assert _comparable(again) == _comparable(built), f"{name}: differs when made after another program in the same kernel"


def test_a_fresh_kernel_state_between_notebooks(tmp_path: Path):
    """What `SharedKernel.fresh` promises, seen from inside the kernel: no names, counter at 1, the project's
    modules as a new kernel imports them (a changed global back to its value in the source, a changed
    dict back to its contents), and a project module imported by the page forgotten."""
    import json

    probe = tmp_path / "probe.json"
    with report.SharedKernel(tmp_path, modules=["analysis.pages.charts", "analysis.core.escape"]) as kernel:
        kernel_run(kernel, "import analysis.pages.charts as c; c._embedded_bundle = True; x = 1\n"
                           "import analysis.core.escape as e; e._SCRIPT_JSON['<'] = 'changed'\n"
                           "import analysis.core.lock")
        kernel.fresh()
        code = (
            "import json, sys\n"
            "import analysis.pages.charts as c, analysis.core.escape as e\n"
            f"json.dump({{'x': 'x' in dir(), 'embedded': c._embedded_bundle, 'lt': e._SCRIPT_JSON['<'], 'lock': 'analysis.core.lock' in sys.modules}}, open({str(probe)!r}, 'w'))"
        )
        reply = kernel_run(kernel, code)
    assert reply["content"]["execution_count"] == 1, "the first cell after a reset must be In [1], as in a new kernel"
    seen = json.loads(probe.read_text())
    assert seen == {"x": False, "embedded": False, "lt": "\\u003c", "lock": False}


def test_each_thread_keeps_its_kernel_and_a_dead_kernel_is_replaced(tmp_path: Path):
    """`Kernels`: the same kernel for a thread's next notebook (reset), another thread its own, and a kernel
    that died (a page crashed it) replaced by a working one, so only the page that crashed it fails."""
    import os
    import signal
    import threading

    with report.Kernels(tmp_path) as kernels:
        first = kernels.get()
        pid = first.km.provisioner.pid
        assert kernels.get() is first
        other: list = []
        thread = threading.Thread(target=lambda: other.append(kernels.get()))
        thread.start()
        thread.join()
        assert other[0] is not first
        os.kill(pid, signal.SIGKILL)
        first.km.provisioner.process.wait()
        again = kernels.get()
        assert again is not first and again.km.provisioner.pid != pid
        assert kernel_run(again, "1 + 1")["content"]["status"] == "ok"
        processes = [again.km.provisioner.process, other[0].km.provisioner.process]
    assert all(proc.poll() is not None for proc in processes), "every kernel is shut when the block ends"


def kernel_run(kernel: report.SharedKernel, code: str) -> dict:
    from jupyter_core.utils import run_sync

    reply = run_sync(kernel.kc.execute_interactive)(code, timeout=60, output_hook=lambda msg: None)
    assert reply["content"]["status"] == "ok", reply["content"]
    return reply
