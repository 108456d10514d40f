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
from analysis.core.lock import BuildLocked
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
    for line in result.lost_table_lines():
        console.print(f"[bold yellow]warning:[/] {escape(line)}", highlight=False)


def extract_file_cli(file: Path, program: str | None, progress):  # small seam so tests can call the CLI path
    from analysis.extract import extract_file

    return extract_file(file, program, progress)


def _run(func: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return func(**kwargs)
    except (CatalogError, ProjectNotFound) as exc:
        fail(str(exc))
    except BuildLocked as exc:  # --no-wait and another build holds the project
        fail(str(exc), code=2)


NoWait = Annotated[
    bool, typer.Option("--no-wait", help="When another build is running in this project, say so and exit 2 (default: wait for it).")
]


def _stage_command(command: str, func: Callable[..., list[str] | None]) -> None:
    """Register one command that runs some stages of the DAG; its help comes from the stages' own."""

    def run(force: Annotated[bool, typer.Option(help="Run even when nothing changed.")] = False, no_wait: NoWait = False) -> None:
        failed = _run(func, force=force, wait=not no_wait)
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
    """Check the catalog and that every raw file still has the checksum recorded in data/catalog.yml (the outputs: `status`)."""
    if not _run(pipeline.verify):
        raise typer.Exit(1)


@app.command()
def status() -> None:
    """List, per stage and program, what is fresh, stale or missing and why, without building (exit 1 if not all fresh)."""
    from analysis.status import status as listing

    text, fresh = _run(listing)
    typer.echo(text, nl=False)
    if not fresh:
        raise typer.Exit(1)


@app.command()
def build(
    force: Annotated[bool, typer.Option(help="Run every stage even when nothing changed.")] = False,
    scheduler: Annotated[
        str | None, typer.Option(help="Run the work on a running dask cluster, e.g. tcp://10.0.0.5:8786 (see README: several machines).")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="Start a local dask cluster of N worker processes for this build.")] = None,
    no_wait: NoWait = False,
) -> None:
    """Run the whole pipeline: extract, check, analyse, notebooks, site (each skipped when up to date).

    Without --scheduler or --workers the stages run here, one after the other; with either, every
    program's stages run as separate tasks on a dask cluster (one task per program and stage).
    A stage is skipped only when its build record holds the same key and every output it wrote is still
    there with the same sha256; one build runs at a time per project (a second one waits).
    """
    if scheduler is None and workers is None:
        ok = _run(pipeline.build, force=force, wait=not no_wait)
    else:
        from analysis import cluster

        try:
            ok = _run(cluster.build, force=force, scheduler=scheduler, workers=workers, wait=not no_wait)
        except cluster.ClusterError as exc:
            fail(str(exc))
    if not ok:
        raise typer.Exit(1)


@app.command()
def add(
    file: Annotated[Path, typer.Argument(help="The program's PDF (it is copied, never changed).")],
    municipality: Annotated[str, typer.Option(help="The municipality's name as on the cover, e.g. 'Çankaya Belediyesi'.")],
    year: Annotated[int, typer.Option(help="The program's budget year, e.g. 2022.")],
    kind: Annotated[str | None, typer.Option(help="district | metropolitan | province | city | town (default: from the name).")] = None,
    province: Annotated[str | None, typer.Option(help="The province (il).")] = None,
    program_id: Annotated[str | None, typer.Option("--id", help="The program id (default: <slug>-<year> from the name).")] = None,
    short_name: Annotated[str | None, typer.Option(help="Short name for the site (default: the name without Belediyesi).")] = None,
    title: Annotated[str | None, typer.Option(help="The document's title (default: '<year> Yılı Performans Programı').")] = None,
    source_url: Annotated[str | None, typer.Option(help="Where the municipality publishes it (http or https).")] = None,
    dry_run: Annotated[bool, typer.Option(help="Check and extract, print the report, write nothing.")] = False,
) -> None:
    """Add a program: copy the PDF into data/raw/<id>/, add its catalog entry, extract it, print the gap report."""
    from analysis.core.paths import paths
    from analysis.core.progress import page_progress
    from analysis.intake.add import AddError, AddRequest, add_program
    from analysis.intake.gaps import gap_report, used_pages
    from analysis.intake.scan import scan_pdf

    req = AddRequest(file, municipality, year, kind, province, program_id, short_name, title, source_url)
    try:
        p = paths()
        with page_progress(f"reading {file.name}") as progress:
            added = add_program(req, p, progress, dry_run=dry_run)
        try:
            with page_progress("looking for tables") as progress:
                scans = scan_pdf(file, progress, skip=used_pages(added.result))  # only the pages no reader used
        except Exception:  # the report says the scan could not be made; the program is added either way
            scans = None
    except (AddError, ProjectNotFound) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or file}: {exc.strerror or exc}; nothing was added")
    if dry_run:
        nxt = ["run the same command without --dry-run to add it"]
    else:
        nxt = [f"make report        # the site with {added.program_id}: _site/report/{added.program_id}/index.html"]
    report = gap_report(added.result, added.scores, scans, p.config / "taxonomy.yml", year, nxt)
    if report.suggestions and not dry_run:
        nxt.insert(0, "paste the taxonomy block above into data/taxonomy.yml (check every suggested area)")
    head = "would add" if dry_run else "added"
    typer.echo(f"{head} {added.program_id}: {added.raw_path.relative_to(p.root)} ({added.result.layout} layout, extracted in {added.seconds:.1f} s)")
    for name, how in added.guessed.items():
        typer.echo(f"  {name}: {added.entry.get(name)!r} ({how})")
    if added.series:
        years = ", ".join(str(y) for y in sorted([year, *(y for _, y in added.series)]))
        typer.echo(f"  series: {'would join' if dry_run else 'joins'} {added.program_id.rsplit('-', 1)[0]} ({years}): the series page lines up "
                   "what each program promised and what the later ones report")
    typer.echo("")
    typer.echo(report.text(), nl=False)


@app.command()
def diagnose(
    file: Annotated[Path, typer.Argument(help="A PDF that no layout reads.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for report.html, report.md and page thumbnails (default: diagnosis-<file name>).")] = None,
) -> None:
    """Show what each page of a PDF holds and which layout came closest to reading it, and what it missed."""
    import re as _re

    from analysis.core.progress import page_progress
    from analysis.intake.diagnose import diagnose as run_diagnosis
    from analysis.intake.report import write_report

    target = out or Path(f"diagnosis-{_re.sub(r'[^A-Za-z0-9_.-]+', '-', file.stem).strip('.-') or 'document'}")
    try:
        with page_progress(f"reading {file.name}") as progress:
            d = run_diagnosis(file, progress)
        written = write_report(d, target)
    except ExtractionError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or file}: {exc.strerror or exc}")
    typer.echo(d.summary())
    typer.echo(f"report: {written} (and report.md beside it)")


profile_app = typer.Typer(help="Write and debug a layout profile (YAML): see docs/new-layout.md.", no_args_is_help=True)
app.add_typer(profile_app, name="profile")


@profile_app.command("check")
def profile_check(
    profile: Annotated[Path, typer.Argument(help="The profile to try (e.g. data/profiles/my_layout.yml).")],
    file: Annotated[Path, typer.Argument(help="A PDF of the layout the profile describes.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for report.html with the recognised cells drawn on the pages.")] = None,
) -> None:
    """Page by page, what a profile yields on a PDF: tables, header cells matched to columns, records, rows left over, checks."""
    from analysis.core.progress import page_progress
    from analysis.extract.core.profile import ProfileError
    from analysis.intake.profile_check import check_profile, write_html

    try:
        with page_progress(f"reading {file.name}") as progress:
            report = check_profile(profile, file, progress)
        written = write_html(report, out) if out is not None else None
    except (ProfileError, ExtractionError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or file}: {exc.strerror or exc}")
    typer.echo("\n".join(report.lines()))
    if written is not None:
        typer.echo(f"report: {written}")


@profile_app.command("new")
def profile_new(
    file: Annotated[Path, typer.Argument(help="A PDF of the new layout.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Where to write the draft (default: print it).")] = None,
    name: Annotated[str | None, typer.Option(help="The new layout's name (default: from the file name).")] = None,
) -> None:
    """A draft profile from the closest shipped one, with the header rows found in the PDF as comments."""
    from analysis.intake.profile_new import draft_profile

    try:
        text, base = draft_profile(file, name)
    except ExtractionError as exc:
        fail(str(exc))
    if out is None:
        typer.echo(text, nl=False)
        return
    if out.exists():
        fail(f"{out}: already exists; choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    typer.echo(f"{out}: draft from the shipped profile {base.name}; next: python -m analysis profile check {out} {file}")


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
