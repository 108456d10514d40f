"""The notebooks stage's entry: run the template notebooks with papermill, once per program, into report/.

A program's pages are the executed copies of the templates in `notebooks/` (see `PROGRAM_NOTEBOOKS`),
written to `report/<program>/`; the comparison notebook runs once into `report/comparison.ipynb`.
Before running, the program's analysis tables are copied to `report/<program>/tables/` so every chart
and number on the site links to the very CSV it was computed from. The renderer (Quarto or smalldocs)
never executes code: it only shows the outputs saved here. Whether a program's notebooks are up to date
is decided by the pipeline's cache (`analysis.dag`), from the notebooks' own imports.

A program's notebooks share one kernel (`SharedKernel`): starting a kernel and importing pandas, altair
and the project costs several seconds, more than running a page. Between two notebooks the kernel is
brought back to the state of a fresh one: the user namespace and execution counter are reset and the
project's own modules are forgotten, so module-level state (such as "the chart library was already
embedded on this page") starts over exactly as in a new kernel. The executed notebooks are the same as
with one kernel per notebook (tests/test_report.py compares them).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rich.console import Console

from analysis.core.escape import md_text, yaml_str
from analysis.core.io import UMASK, atomic_directory, temp_name

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


FRESH_NAMESPACE = """\
import sys as _sys
for _name in [_m for _m in _sys.modules if _m == "analysis" or _m.startswith("analysis.")]:
    del _sys.modules[_name]
get_ipython().reset(new_session=True, aggressive=False)
"""
"""Run silently between two notebooks: the project's modules are imported afresh by the next notebook, and the
namespace, history and execution counter start over (so the next notebook's first cell is In [1] again)."""


class SharedKernel:
    """One kernel for a sequence of notebooks (a context manager); `fresh()` resets it between notebooks."""

    def __init__(self, cwd: Path, kernel_name: str = KERNEL, startup_timeout: int = 60):
        self.cwd, self.kernel_name, self.startup_timeout = cwd, kernel_name, startup_timeout
        self.km: Any = None
        self.kc: Any = None

    def __enter__(self) -> SharedKernel:
        from jupyter_core.utils import run_sync

        self.km = _quiet_kernel_manager()(kernel_name=self.kernel_name)
        # the same options nbclient gives a kernel it starts itself (no history file on disk)
        run_sync(self.km.start_kernel)(cwd=str(self.cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"])
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.allow_stdin = False
        try:
            run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def fresh(self) -> None:
        """Bring the kernel back to the state of a newly started one (see FRESH_NAMESPACE)."""
        from jupyter_core.utils import run_sync

        reply = run_sync(self.kc.execute_interactive)(
            FRESH_NAMESPACE, silent=True, store_history=False, timeout=self.startup_timeout, output_hook=lambda msg: None
        )
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"could not reset the kernel: {reply['content'].get('evalue', reply['content']['status'])}")

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None:
            try:
                if run_sync(self.km.is_alive)():
                    run_sync(self.km.shutdown_kernel)(now=False)
            finally:
                run_sync(self.km.cleanup_resources)()


def _shared_kernel_engine() -> str:
    """Register (once) and name a papermill engine that runs a notebook in a `SharedKernel`.

    It is papermill's own nbclient engine, except that the notebook client is handed the shared kernel's
    manager *and client*: nbclient then neither starts nor stops a kernel, and opens no connection of
    its own (which it would leave open for the kernel's lifetime, taking over its replies).
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    name = "analysis-shared-kernel"
    if name in papermill_engines._engines:
        return name

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs
        ):
            kernel: SharedKernel = kwargs.pop("shared_kernel")
            kwargs.pop("input_path", None)
            client = PapermillNotebookClient(
                nb_man, km=kernel.km, kernel_name=kernel_name, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
                startup_timeout=start_timeout, timeout=execution_timeout, **kwargs,
            )  # fmt: skip
            client.kc = kernel.kc
            return client.execute()

    papermill_engines.register(name, SharedKernelEngine)
    return name


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

    started_by = {"engine_name": _shared_kernel_engine(), "shared_kernel": kernel} if kernel else {"kernel_manager_class": _quiet_kernel_manager()}

    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=temp_name(output), suffix=".ipynb", dir=output.parent)
    os.fchmod(fd, 0o666 & ~UMASK)
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
            **started_by,
        )
        nb = nbformat.read(tmp, as_version=4)
        nb.cells.insert(0, _front_matter_cell(title, subtitle))
        if nav:
            nb.cells.insert(1, nbformat.v4.new_markdown_cell(nav))
        _fixed_ids(nb)
        for cell in nb.cells:  # execution metadata carries timestamps: drop it so outputs are reproducible
            cell.get("metadata", {}).pop("execution", None)
            cell.get("metadata", {}).get("papermill", {}).clear()
        nb.metadata.get("papermill", {}).pop("start_time", None)
        nb.metadata.get("papermill", {}).pop("end_time", None)
        nb.metadata.get("papermill", {}).pop("duration", None)
        if "papermill" in nb.metadata:
            nb.metadata.papermill["input_path"] = _relative(template, cwd)
            nb.metadata.papermill["output_path"] = _relative(published_as or output, cwd)
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


def run_program(p: Paths, program: Program) -> None:
    """Run every program notebook for one program, in one kernel, into report/<id>/; raises on a failing cell.

    The folder is made aside and replaced whole once every page ran: a killed or failed run leaves the
    previous pages as they were."""
    from analysis.core.paths import program_dir

    final = program_dir(p.report, program.id)
    with atomic_directory(final) as out:
        shutil.copytree(program_dir(p.analysis, program.id), out / "tables", ignore=shutil.ignore_patterns(".*"))
        with SharedKernel(p.root) as kernel:
            for n, (template, name, section) in enumerate(PROGRAM_NOTEBOOKS):
                if n:
                    kernel.fresh()
                execute(
                    p.notebooks / template,
                    out / name,
                    {"program": program.id, "site_root": "../.."},
                    cwd=p.root,
                    title=f"{program.short_name} {program.year}: {section}",
                    subtitle=f"{program.municipality} · {program.title}",
                    nav=program_nav(name),
                    kernel=kernel,
                    published_as=final / name,
                )


def run_comparison(p: Paths) -> None:
    """Run the comparison notebook into report/comparison.ipynb, over the comparison tables."""
    template, name, title = COMPARISON_NOTEBOOK
    from analysis.pages.comparison import ComparisonPage, write_chart_data

    copy_tables(p.analysis / "_comparison", p.report / "comparison-tables")
    write_chart_data(ComparisonPage.load(p.root), p.report / "comparison-tables")
    execute(p.notebooks / template, p.report / name, {"site_root": ".."}, cwd=p.root, title=title, subtitle="Ortak politika alanlarına göre")
