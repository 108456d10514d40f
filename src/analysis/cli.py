"""The command line: `python -m analysis --help`.

Each pipeline stage is one command and can run alone; `build` runs them all in order, skipping any stage
whose inputs have not changed since its last run.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from analysis import dag, pipeline
from analysis.core.catalog import CatalogError
from analysis.core.paths import ProjectNotFound
from analysis.extract.base import ExtractionError

app = typer.Typer(
    help="Turkish municipal performance programs: extract, check, analyse, publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 2) -> None:
    """One clear line on stderr, then exit."""
    console.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A program's PDF edition or text edition (.md/.txt).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the data package into (replaced atomically).")],
    program: Annotated[str | None, typer.Option(help="Program id, e.g. kocaeli-2021 (default: the file name's stem).")] = None,
) -> None:
    """Extract one program file into a data package (CSV tables + datapackage.json)."""
    from analysis.core.package import write_package
    from analysis.core.progress import page_progress

    started = time.perf_counter()
    try:
        with page_progress(f"reading {file.name}") as progress:
            result = extract_file_cli(file, program, progress)
    except ExtractionError as exc:
        fail(str(exc))
    elapsed = time.perf_counter() - started
    write_package(result, out, extra_meta={"seconds": round(elapsed, 2)})
    counts = result.reconciliation
    mism = sum(r.status == "mismatch" for r in counts)
    console.print(
        f"{result.program}: {len(result.performance_targets)} performance targets, {len(result.indicators)} indicators, "
        f"{len(result.activities)} activities; {len(counts)} checks, {mism} mismatches -> {out} ({elapsed:.1f} s, {result.layout} layout)",
        highlight=False,
    )


def extract_file_cli(file: Path, program: str | None, progress):  # small seam so tests can call the CLI path
    from analysis.extract import extract_file

    return extract_file(file, program, progress)


def _run(func: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return func(**kwargs)
    except (CatalogError, ProjectNotFound) as exc:
        fail(str(exc))


def _stage_command(command: str, func: Callable[..., list[str] | None]) -> None:
    """Register one command that runs some stages of the DAG; its help comes from the stages' own."""

    def run(force: Annotated[bool, typer.Option(help="Run even when nothing changed.")] = False) -> None:
        failed = _run(func, force=force)
        if failed:
            raise typer.Exit(1)

    stages = dag.COMMANDS[command]
    run.__doc__ = " ".join(dag.BY_NAME[s].help for s in stages)
    app.command(command)(run)


for _command, _func in (
    ("extract-all", pipeline.extract_all),
    ("check", pipeline.check_all),
    ("analyse", pipeline.analyse_all),
    ("notebooks", pipeline.notebooks_all),
    ("site", pipeline.site_all),
):
    _stage_command(_command, _func)


@app.command()
def verify() -> None:
    """Check the catalog and that every raw file still has the checksum recorded in data/catalog.yml."""
    if not _run(pipeline.verify):
        raise typer.Exit(1)


@app.command()
def build(force: Annotated[bool, typer.Option(help="Run every stage even when nothing changed.")] = False) -> None:
    """Run the whole pipeline: extract, check, analyse, notebooks, site (each skipped when up to date)."""
    if not _run(pipeline.build, force=force):
        raise typer.Exit(1)


@app.command("dag")
def show_dag() -> None:
    """Show the stages: what each reads, writes and runs (the build cache follows the same table)."""
    typer.echo(dag.draw(), nl=False)


@app.command("list")
def list_programs() -> None:
    """List the catalog's programs (bad entries are reported on stderr)."""
    from analysis.core.catalog import read_catalog

    catalog = _run(read_catalog)
    for p in catalog.programs:
        typer.echo(f"{p.id}\t{p.municipality}\t{p.kind}\t{p.year}\t{p.layout}")
    for problem in catalog.problems:
        pipeline.fail(str(problem))
    if catalog.problems:
        raise typer.Exit(1)


class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived: unwind (temporary outputs are removed on the way), then exit with one line."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, frame: Any) -> None:
    raise Interrupted(signum)


def main() -> None:
    """The command line, stopping cleanly on SIGTERM/SIGINT: no traceback, nothing half-written kept, exit 128+signal."""
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _interrupt)
    try:
        app(prog_name="python -m analysis")
    except Interrupted as exc:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal must not interrupt the message
        name = signal.Signals(exc.signum).name
        console.print(f"[bold red]interrupted[/] ({name}): stopped; nothing half-written was kept, run the command again to finish", highlight=False)
        sys.exit(128 + exc.signum)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
