"""The notebooks stage's entry: run the template notebooks with papermill, once per program, into report/.

A program's pages are the executed copies of the templates in `notebooks/` (see `PROGRAM_NOTEBOOKS`),
written to `report/<program>/`; the comparison notebook runs once into `report/comparison.ipynb`.
Before running, the program's analysis tables are copied to `report/<program>/tables/` so every chart
and number on the site links to the very CSV it was computed from. The renderer (Quarto or smalldocs)
never executes code: it only shows the outputs saved here. Whether a program's notebooks are up to date
is decided by the pipeline's cache (`analysis.dag`), from the notebooks' own imports.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from analysis.core.escape import md_text, yaml_str

if TYPE_CHECKING:
    import nbformat

    from analysis.core.catalog import Program
    from analysis.core.paths import Paths

console = Console(stderr=True, soft_wrap=True)

# template notebook -> (output name, page title suffix, order in the sidebar)
PROGRAM_NOTEBOOKS: list[tuple[str, str, str]] = [
    ("10-program-overview.ipynb", "index.ipynb", "Genel bakış"),
    ("20-budget.ipynb", "budget.ipynb", "Bütçe nereye gidiyor?"),
    ("30-indicators.ipynb", "indicators.ipynb", "Hedefler ne kadar iddialı?"),
    ("40-document-checks.ipynb", "checks.ipynb", "Belgenin kendi rakamları tutuyor mu?"),
    ("50-reading.ipynb", "reading.ipynb", "Belge nasıl okundu?"),
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
    """The page's YAML front matter. Titles hold catalog text and both renderers read them as Markdown:
    escaped for Markdown (`md_text`), then quoted for YAML (`yaml_str`)."""
    import nbformat  # lazy: the site stage reads PROGRAM_NOTEBOOKS without loading nbformat and jsonschema

    lines = ["---", f"title: {yaml_str(md_text(title))}"]
    if subtitle:
        lines.append(f"subtitle: {yaml_str(md_text(subtitle))}")
    if description:
        lines.append(f"description: {yaml_str(md_text(description))}")
    lines += ["lang: tr", "---"]
    return nbformat.v4.new_raw_cell("\n".join(lines))


def program_nav(current: str) -> str:
    """The line of links between a program's pages (the sidebar lists only the overview once there are many programs)."""
    links = [f"**{section}**" if name == current else f"[{section}]({name})" for _, name, section in PROGRAM_NOTEBOOKS]
    return '<nav class="program-pages" aria-label="Programın sayfaları">\n\n' + " · ".join(links) + "\n\n</nav>"


def execute(template: Path, output: Path, parameters: dict, cwd: Path, title: str, subtitle: str = "", nav: str = "") -> None:
    """Run one notebook with papermill, add its page front matter (and `nav`, a Markdown cell), and write it atomically."""
    import nbformat
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
        if nav:
            nb.cells.insert(1, nbformat.v4.new_markdown_cell(nav))
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


def copy_tables(source: Path, target: Path) -> None:
    """Replace `target` with a copy of the analysis tables in `source` (the CSVs the pages link to)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*"))


def run_program(p: Paths, program: Program) -> None:
    """Run every program notebook for one program into report/<id>/; raises NotebookError on a failing cell."""
    from analysis.core.paths import program_dir

    out = program_dir(p.report, program.id)
    copy_tables(program_dir(p.analysis, program.id), out / "tables")
    for template, name, section in PROGRAM_NOTEBOOKS:
        execute(
            p.notebooks / template,
            out / name,
            {"program": program.id, "site_root": "../.."},
            cwd=p.root,
            title=f"{program.short_name} {program.year}: {section}",
            subtitle=f"{program.municipality} · {program.title}",
            nav=program_nav(name),
        )


def run_comparison(p: Paths) -> None:
    """Run the comparison notebook into report/comparison.ipynb, over the comparison tables."""
    template, name, title = COMPARISON_NOTEBOOK
    copy_tables(p.analysis / "_comparison", p.report / "comparison-tables")
    execute(p.notebooks / template, p.report / name, {"site_root": ".."}, cwd=p.root, title=title, subtitle="Ortak politika alanlarına göre")
