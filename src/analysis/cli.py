"""The command line: `python -m analysis --help`.

Each pipeline stage is one command and can run alone; `build` runs them all in order, skipping any stage
whose inputs have not changed since its last run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .catalog import CatalogError
from .extract import ExtractionError

app = typer.Typer(
    help="Turkish municipal performance programs: extract, check, analyse, publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 2) -> None:
    """One clear line on stderr, then exit."""
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A program's PDF edition or text edition (.md/.txt).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the data package into (replaced atomically).")],
    program: Annotated[str | None, typer.Option(help="Program id, e.g. kocaeli-2021 (default: the file name's stem).")] = None,
) -> None:
    """Extract one program file into a data package (CSV tables + datapackage.json)."""
    from .package import write_package
    from .progress import page_progress

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
    from .extract import extract_file

    return extract_file(file, program, progress)


def _run_stage(name: str, func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except (CatalogError, ExtractionError) as exc:
        fail(str(exc))


@app.command("extract-all")
def extract_all(
    force: Annotated[bool, typer.Option(help="Re-extract even when nothing changed.")] = False,
) -> None:
    """Extract every catalog program (primary edition) into data/extracted/<program>/."""
    from . import pipeline

    failed = _run_stage("extract", pipeline.extract_all, force=force)
    if failed:
        raise typer.Exit(1)


@app.command()
def verify() -> None:
    """Check that every raw file still has the checksum recorded in data/catalog.yml."""
    from . import pipeline

    _run_stage("verify", pipeline.verify)


@app.command()
def check(force: Annotated[bool, typer.Option(help="Rebuild even when nothing changed.")] = False) -> None:
    """Validate the extracted packages and combine them into data/checked/ and data/programs.duckdb."""
    from . import pipeline

    _run_stage("check", pipeline.check, force=force)


@app.command()
def analyse(force: Annotated[bool, typer.Option(help="Recompute even when nothing changed.")] = False) -> None:
    """Compute the analysis tables into data/analysis/<program>/."""
    from . import pipeline

    _run_stage("analyse", pipeline.analyse, force=force)


@app.command()
def notebooks(force: Annotated[bool, typer.Option(help="Re-run even when nothing changed.")] = False) -> None:
    """Run the notebooks with papermill, one per catalog program, into report/."""
    from . import pipeline

    _run_stage("notebooks", pipeline.run_notebooks, force=force)


@app.command()
def site(force: Annotated[bool, typer.Option(help="Re-render even when nothing changed.")] = False) -> None:
    """Render the website into _site/ (quarto if installed, else smalldocs)."""
    from . import pipeline

    _run_stage("site", pipeline.render_site, force=force)


@app.command()
def build(force: Annotated[bool, typer.Option(help="Run every stage even when nothing changed.")] = False) -> None:
    """Run the whole pipeline: verify, extract, check, analyse, notebooks, site."""
    from . import pipeline

    ok = _run_stage("build", pipeline.build, force=force)
    if not ok:
        raise typer.Exit(1)


@app.command("list")
def list_programs() -> None:
    """List the catalog's programs."""
    from .catalog import load_catalog

    try:
        for p in load_catalog():
            typer.echo(f"{p.id}\t{p.municipality}\t{p.kind}\t{p.year}\t{p.layout}")
    except CatalogError as exc:
        fail(str(exc))


def main() -> None:
    app(prog_name="python -m analysis")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
