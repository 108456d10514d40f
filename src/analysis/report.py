"""The notebooks stage: run the template notebooks with papermill, once per program, into report/.

A program's pages are the executed copies of the templates in `notebooks/` (see `PROGRAM_NOTEBOOKS`),
written to `report/<program>/`; the comparison notebook runs once into `report/comparison.ipynb`.
Before running, the program's analysis tables are copied to `report/<program>/tables/` so every chart
and number on the site links to the very CSV it was computed from. The renderer (Quarto or smalldocs)
never executes code: it only shows the outputs saved here.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
from rich.console import Console

if TYPE_CHECKING:
    from .catalog import Program
    from .pipeline import Paths

console = Console(stderr=True, soft_wrap=True)

# template notebook -> (output name, page title suffix, order in the sidebar)
PROGRAM_NOTEBOOKS: list[tuple[str, str, str]] = [
    ("10-program-overview.ipynb", "index.ipynb", "Genel bakış"),
    ("20-budget.ipynb", "budget.ipynb", "Bütçe nereye gidiyor?"),
    ("30-indicators.ipynb", "indicators.ipynb", "Hedefler ne kadar iddialı?"),
    ("40-document-checks.ipynb", "checks.ipynb", "Belgenin kendi rakamları tutuyor mu?"),
]
COMPARISON_NOTEBOOK = ("90-comparison.ipynb", "comparison.ipynb", "Programların karşılaştırması")
KERNEL = "python3"


def _quiet_kernel_manager() -> type:
    """A kernel manager that keeps the kernel's own log lines off our terminal.

    The kernel's stderr only carries start-up and shutdown chatter (transport warnings, the interrupt at
    shutdown); an error in a cell is still reported by papermill with its traceback, and saved in the notebook.
    """
    import subprocess

    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            kw.setdefault("stderr", subprocess.DEVNULL)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return QuietKernelManager


def _front_matter_cell(title: str, subtitle: str = "", description: str = "") -> nbformat.NotebookNode:
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if subtitle:
        lines.append(f"subtitle: {json.dumps(subtitle, ensure_ascii=False)}")
    if description:
        lines.append(f"description: {json.dumps(description, ensure_ascii=False)}")
    lines += ["lang: tr", "---"]
    return nbformat.v4.new_raw_cell("\n".join(lines))


def execute(template: Path, output: Path, parameters: dict, cwd: Path, title: str, subtitle: str = "") -> None:
    """Run one notebook with papermill, add its page front matter, and write it atomically."""
    import papermill as pm

    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.stem}.", suffix=".ipynb", dir=output.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        pm.execute_notebook(
            str(template),
            str(tmp),
            parameters=parameters,
            cwd=str(cwd),
            kernel_name=KERNEL,
            progress_bar=False,
            log_output=False,
            report_mode=False,
            kernel_manager_class=_quiet_kernel_manager(),
        )
        nb = nbformat.read(tmp, as_version=4)
        nb.cells.insert(0, _front_matter_cell(title, subtitle))
        for cell in nb.cells:  # execution metadata carries timestamps: drop it so outputs are reproducible
            cell.get("metadata", {}).pop("execution", None)
            cell.get("metadata", {}).get("papermill", {}).clear()
        nb.metadata.get("papermill", {}).pop("start_time", None)
        nb.metadata.get("papermill", {}).pop("end_time", None)
        nb.metadata.get("papermill", {}).pop("duration", None)
        nbformat.write(nb, tmp)
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _program_key(p: Paths, program: Program) -> str:
    from .pipeline import code_fingerprint, files_fingerprint, make_key

    templates = [p.notebooks / t for t, _, _ in PROGRAM_NOTEBOOKS]
    inputs = list((p.analysis / program.id).iterdir()) + list((p.extracted / program.id).iterdir())
    return make_key(
        "notebooks",
        files_fingerprint(templates, p.root),
        files_fingerprint(inputs, p.root),
        code_fingerprint("notebooks"),
        json.dumps(program.__dict__, default=str, sort_keys=True),
    )


def run_program(p: Paths, program: Program, force: bool = False) -> bool:
    """Run every program notebook for one program into report/<id>/."""
    from .pipeline import KEY_FILE, up_to_date

    out = p.report / program.id
    key = _program_key(p, program)
    if up_to_date(out, key, force) and all((out / name).exists() for _, name, _ in PROGRAM_NOTEBOOKS):
        console.print(f"notebooks {program.id}: up to date", highlight=False)
        return True
    (out / KEY_FILE).unlink(missing_ok=True)
    tables = out / "tables"
    if tables.exists():
        shutil.rmtree(tables)
    shutil.copytree(p.analysis / program.id, tables, ignore=shutil.ignore_patterns(".*"))
    started = time.perf_counter()
    for template, name, section in PROGRAM_NOTEBOOKS:
        try:
            execute(
                p.notebooks / template,
                out / name,
                {"program": program.id, "site_root": "../.."},
                cwd=p.root,
                title=f"{program.short_name} {program.year}: {section}",
                subtitle=f"{program.municipality} · {program.title}",
            )
        except Exception as exc:  # papermill raises PapermillExecutionError with the cell's traceback
            console.print(f"[red]notebooks {program.id}: {template} failed: {str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__}[/]", highlight=False)
            return False
    (out / KEY_FILE).write_text(key + "\n")
    console.print(f"notebooks {program.id}: {len(PROGRAM_NOTEBOOKS)} notebooks ({time.perf_counter() - started:.1f} s)", highlight=False)
    return True


def run_comparison(p: Paths, programs: list[Program], force: bool = False) -> bool:
    from .pipeline import code_fingerprint, files_fingerprint, make_key

    template, name, title = COMPARISON_NOTEBOOK
    out = p.report / name
    stamp = p.report / ".comparison.build-key"
    comp = p.analysis / "_comparison"
    key = make_key(
        "comparison",
        files_fingerprint([p.notebooks / template], p.root),
        files_fingerprint(list(comp.iterdir()) if comp.exists() else [], p.root),
        code_fingerprint("notebooks"),
        ",".join(prog.id for prog in programs),
    )
    if not force and out.exists() and stamp.exists() and stamp.read_text().strip() == key:
        console.print("notebooks comparison: up to date", highlight=False)
        return True
    tables = p.report / "comparison-tables"
    if tables.exists():
        shutil.rmtree(tables)
    shutil.copytree(comp, tables, ignore=shutil.ignore_patterns(".*"))
    try:
        execute(p.notebooks / template, out, {"site_root": ".."}, cwd=p.root, title=title, subtitle="Ortak politika alanlarına göre")
    except Exception as exc:
        console.print(f"[red]notebooks comparison: failed: {type(exc).__name__}[/]", highlight=False)
        return False
    stamp.write_text(key + "\n")
    console.print("notebooks comparison: done", highlight=False)
    return True


WORKERS = min(2, os.cpu_count() or 1)
"""Programs run in parallel (each notebook is its own kernel process); two fit a 2-core machine."""


def run_all(p: Paths, programs: list[Program], force: bool = False) -> list[str]:
    """Run every program's notebooks and the comparison; returns the ids that failed."""
    from concurrent.futures import ThreadPoolExecutor

    from .pipeline import remove_stale

    remove_stale(p.report, {prog.id for prog in programs} | {"comparison-tables"})
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        ok = list(pool.map(lambda prog: run_program(p, prog, force), programs))
    failed = [prog.id for prog, good in zip(programs, ok, strict=True) if not good]
    done = [prog for prog in programs if prog.id not in failed]
    if not run_comparison(p, done, force):
        failed.append("comparison")
    return failed
