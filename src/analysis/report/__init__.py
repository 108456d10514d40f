"""The notebooks stage's entry: run the template notebooks with papermill, once per program, into report/.

A program's pages are the executed copies of the templates in `notebooks/` (see `PROGRAM_NOTEBOOKS`),
written to `report/<program>/`; the comparison notebook runs once into `report/comparison.ipynb`.
Before running, the program's analysis tables are copied to `report/<program>/tables/` so every chart
and number on the site links to the very CSV it was computed from. The renderer (Quarto or smalldocs)
never executes code: it only shows the outputs saved here. Whether a program's notebooks are up to date
is decided by the pipeline's cache (`analysis.dag`), from the notebooks' own imports.

The pages run in warm kernels (`analysis.report.kernel`): one per thread of the notebooks stage, or per
dask worker, reused for every page of every program it runs and reset between two pages to the state of a
new kernel, since starting a kernel, importing pandas, altair and the project and drawing a first chart
cost several times more than running a page. The executed notebooks are the same as with one kernel per
notebook (tests/test_report.py compares them). papermill keeps each executed notebook in memory; it is
finished here (front matter, fixed ids, no timestamps) and written once, aside, then renamed into place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.core.escape import md_text, yaml_str
from analysis.core.io import UMASK, atomic_directory, temp_name
from analysis.report.kernel import KERNEL, Kernels, SharedKernel, close_worker_kernels, engine, quiet_kernel_manager, worker_kernels

__all__ = ["KERNEL", "Kernels", "SharedKernel", "execute", "kernels_for", "run_comparison", "run_program", "template_modules", "worker_kernels", "worker_kernels_for", "close_worker_kernels"]

if TYPE_CHECKING:
    import nbformat

    from analysis.core.catalog import Program
    from analysis.core.paths import Paths


# template notebook -> (output name, page title suffix, order in the sidebar)
PROGRAM_NOTEBOOKS: list[tuple[str, str, str]] = [
    ("10-program-overview.ipynb", "index.ipynb", "Genel bakış"),
    ("20-budget.ipynb", "budget.ipynb", "Bütçe nereye gidiyor?"),
    ("30-indicators.ipynb", "indicators.ipynb", "Hedefler ne kadar iddialı?"),
    ("40-document-checks.ipynb", "checks.ipynb", "Belgenin kendi rakamları tutuyor mu?"),
    ("50-reading.ipynb", "reading.ipynb", "Belge nasıl okundu?"),
]
COMPARISON_NOTEBOOK = ("90-comparison.ipynb", "comparison.ipynb", "Programların karşılaştırması")

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


def execute(
    template: Path,
    output: Path,
    parameters: dict,
    cwd: Path,
    title: str,
    subtitle: str = "",
    nav: str = "",
    kernel: SharedKernel | None = None,
    published_as: Path | None = None,
) -> None:
    """Run one notebook with papermill, add its page front matter (and `nav`, a Markdown cell), and write it atomically.

    With `kernel`, the notebook runs in that (already started) kernel; otherwise papermill starts one.
    papermill records where the notebook came from and went to: these are written relative to `cwd` (the
    project), and `published_as` is the output's final place when `output` lies in a temporary folder, so
    the executed notebook is the same bytes wherever and whenever it was made.
    """
    import nbformat
    import papermill as pm

    started_by = {"engine_name": engine(), "shared_kernel": kernel} if kernel else {"kernel_manager_class": quiet_kernel_manager()}
    # papermill keeps the executed notebook in memory (no output path, no save after every cell): it is
    # finished here and written once, aside, then renamed into place
    nb = pm.execute_notebook(
        str(template),
        None,
        parameters=parameters,
        cwd=str(cwd),
        kernel_name=KERNEL,
        progress_bar=False,
        log_output=False,
        report_mode=False,
        request_save_on_cell_execute=False,
        **started_by,
    )
    nb.cells.insert(0, _front_matter_cell(title, subtitle))
    if nav:
        nb.cells.insert(1, nbformat.v4.new_markdown_cell(nav))
    _fixed_ids(nb)
    for cell in nb.cells:  # execution metadata carries timestamps: drop it so outputs are reproducible
        cell.get("metadata", {}).pop("execution", None)
        cell.get("metadata", {}).get("papermill", {}).clear()
    for key in ("start_time", "end_time", "duration"):
        nb.metadata.get("papermill", {}).pop(key, None)
    if "papermill" in nb.metadata:
        nb.metadata.papermill["input_path"] = _relative(template, cwd)
        nb.metadata.papermill["output_path"] = _relative(published_as or output, cwd)
    _write(nb, output)


def _write(nb: nbformat.NotebookNode, output: Path) -> None:
    """Write the notebook aside and rename it into place."""
    import nbformat

    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=temp_name(output), suffix=".ipynb", dir=output.parent)
    os.fchmod(fd, 0o666 & ~UMASK)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        nbformat.write(nb, tmp)
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fixed_ids(nb: nbformat.NotebookNode) -> None:
    """Cells added here and by papermill get random ids; give them fixed ones, so a page is the same bytes every run."""
    cells = nb.cells
    cells[0]["id"] = "front-matter"
    for cell in cells[1:]:
        if cell.cell_type == "markdown" and cell.source.startswith('<nav class="program-pages"'):
            cell["id"] = "program-nav"
        elif "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"


def _relative(path: Path, base: Path) -> str:
    path, base = Path(path).absolute(), Path(base).absolute()
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)


def copy_tables(source: Path, target: Path) -> None:
    """Replace `target`, whole (`atomic_directory`), with a copy of the analysis tables in `source` (the CSVs the pages link to)."""
    with atomic_directory(target) as tmp:
        shutil.copytree(source, tmp, ignore=shutil.ignore_patterns(".*"), dirs_exist_ok=True)


def template_modules(p: Paths) -> set[str]:
    """The project modules the page templates import (a warm kernel imports them once)."""
    from analysis.core.cache import notebook_modules

    return notebook_modules(sorted(p.notebooks.glob("[1-9]*.ipynb")))


def kernels_for(p: Paths) -> Kernels:
    """Warm kernels for running the page templates of the project at `p` (one per thread, see `Kernels`)."""
    return Kernels(p.root, template_modules(p))


def worker_kernels_for(p: Paths, run: str) -> Kernels:
    """This process's warm kernels for the build `run` of the project at `p` (a dask worker keeps them between tasks)."""
    return worker_kernels(p.root, run, template_modules(p))


def run_program(p: Paths, program: Program, kernels: Kernels | None = None) -> None:
    """Run every program notebook for one program into report/<id>/; raises on a failing cell.

    Every page runs in this thread's warm kernel of `kernels` (reset between pages); without `kernels`, in
    one started for this program. The folder is made aside and replaced whole once every page ran: a
    killed or failed run leaves the previous pages as they were."""
    from analysis.core.paths import program_dir

    if kernels is None:
        with kernels_for(p) as own:
            return run_program(p, program, own)
    final = program_dir(p.report, program.id)
    with atomic_directory(final) as out:
        shutil.copytree(program_dir(p.analysis, program.id), out / "tables", ignore=shutil.ignore_patterns(".*"))
        for template, name, section in PROGRAM_NOTEBOOKS:
            execute(
                p.notebooks / template,
                out / name,
                {"program": program.id, "site_root": "../.."},
                cwd=p.root,
                title=f"{program.short_name} {program.year}: {section}",
                subtitle=f"{program.municipality} · {program.title}",
                nav=program_nav(name),
                kernel=kernels.get(),
                published_as=final / name,
            )


def run_comparison(p: Paths, kernels: Kernels | None = None) -> None:
    """Run the comparison notebook into report/comparison.ipynb, over the comparison tables (in a kernel of
    `kernels`, or a new one)."""
    template, name, title = COMPARISON_NOTEBOOK
    from analysis.pages.comparison import ComparisonPage, write_chart_data

    copy_tables(p.analysis / "_comparison", p.report / "comparison-tables")
    write_chart_data(ComparisonPage.load(p.root), p.report / "comparison-tables")
    execute(p.notebooks / template, p.report / name, {"site_root": ".."}, cwd=p.root, title=title, subtitle="Ortak politika alanlarına göre",
            kernel=kernels.get() if kernels else None)
