"""Runs the stages of `analysis.dag` in order, each one cached, atomic and isolated per program.

raw documents -> extracted packages -> checked tables -> analysis tables -> notebooks -> site.

Every stage reads only what the stage before it wrote and can run alone (`python -m analysis <stage>`).
Before a stage does any work it computes its build key (`analysis.core.cache`: its input files as
declared in the DAG, the code it imports, its parameters); an unchanged key, with every output file the
stage recorded still there with its recorded hash, means the output is up to date and nothing runs
(otherwise one line says why it runs again). Outputs are written to a temporary sibling and renamed into
place, and the build record is written last, so a failed or killed run leaves the previous output whole.
Every command holds the project's build lock (`exclusive`: one build at a time) and first sweeps the
temporary files a killed build left. One program failing never stops the others: its error is reported
in one line and the rest of the build goes on; the functions return the ids that failed.

The catalog is checked before any stage runs (`analysis.core.catalog.read_catalog`): a bad entry is
reported in one line naming the entry and its fields, is not built, and counts as a failure (the command
exits non-zero), while the other programs are built as usual.
"""

from __future__ import annotations

import functools
import json
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from analysis import dag
from analysis.core import cache
from analysis.core.catalog import (
    CatalogError,
    CatalogProblem,
    Program,
    read_catalog,
    verify_file,
)
from analysis.core.io import atomic_directory, remove_stale, sweep_temporary
from analysis.core.lock import project_lock
from analysis.core.paths import Paths, UnsafeProgramPath, paths, program_dir
from analysis.core.progress import fail, page_progress, say


@dataclass
class Build:
    """One run of the pipeline: where the project is, which programs, and whether to ignore the cache."""

    paths: Paths
    force: bool = False
    programs: list[Program] = field(default_factory=list)
    package_dir: Path = cache.PACKAGE_DIR
    """Where the stages' code is read from for the build keys (the installed package)."""
    problems: list[CatalogProblem] = field(default_factory=list)
    """Catalog entries that are not built, and why."""
    run: str = field(default_factory=lambda: uuid.uuid4().hex)
    """This run's own name (a dask worker keeps its warm notebook kernels for one run)."""

    @classmethod
    def open(cls, root: Path | None = None, force: bool = False) -> Build:
        p = paths(root)
        catalog = read_catalog(p.root)
        return cls(p, force, catalog.programs, problems=catalog.problems)

    def folder(self, base: Path, program: Program) -> Path:
        """A program's folder under one stage's folder (never outside it)."""
        return program_dir(base, program.id)

    def has(self, base: Path, program: Program, name: str) -> bool:
        """Whether the program's folder under `base` holds `name` (False for a folder that leads elsewhere)."""
        try:
            return (self.folder(base, program) / name).exists()
        except UnsafeProgramPath:
            return False

    def key(
        self, stage: dag.Stage, program: Program | None = None, programs: list[Program] | None = None, params: dict[str, Any] | None = None
    ) -> cache.Key:
        code = set(stage.code) | cache.notebook_modules(dag.notebook_files(stage, self.paths), self.package_dir)
        files = dag.inputs(stage, self.paths, program, programs)
        return cache.make_key(stage.name, inputs=files, base=self.paths.root, code=code, params=params, package_dir=self.package_dir)


@dataclass(frozen=True)
class Target:
    """One run of a stage as the cache sees it: its name in messages, its build record, its key, its outputs."""

    label: str
    record: Path
    key: cache.Key
    outputs: tuple[str, ...]
    required: tuple[str, ...] = ()
    """Output files that must exist whatever the record says (the pages of a program)."""

    def freshness(self, b: Build) -> cache.Freshness:
        return cache.check(self.record, self.key, b.paths.root, self.outputs, self.required, b.force)


def up_to_date(b: Build, target: Target, quiet: bool = False) -> bool:
    """True (saying so unless `quiet`) when the target's outputs can be trusted as they are; otherwise False,
    saying in one line why an output that exists is not trusted ("…/budget_by_unit.csv missing -> re-run")."""
    found = target.freshness(b)
    if found.fresh:
        if not quiet:
            say(f"{target.label}: up to date")
        return True
    if found.built and not b.force:
        say(f"{target.label}: {found.why()} -> re-run")
    return False


def done(b: Build, target: Target) -> None:
    """Record the target's key and the hash of every output file (once they are all in place)."""
    cache.stamp(target.record, target.key, b.paths.root, target.outputs)


def _per_program_target(b: Build, name: str, base: Path, program: Program, params: dict[str, Any] | None = None) -> Target:
    stage = dag.BY_NAME[name]
    record = b.folder(base, program) / cache.KEY_FILE
    return Target(f"{name} {program.id}", record, b.key(stage, program, params=params), dag.outputs(stage, program))


def extract_target(b: Build, program: Program) -> Target:
    return _per_program_target(b, "extract", b.paths.extracted, program)


def analyse_target(b: Build, program: Program) -> Target:
    return _per_program_target(b, "analyse", b.paths.analysis, program)


def notebooks_target(b: Build, program: Program) -> Target:
    from analysis import report

    target = _per_program_target(b, "notebooks", b.paths.report, program, params={"program": catalog_entry(b, program)})
    pages = tuple(f"report/{program.id}/{name}" for _, name, _ in report.PROGRAM_NOTEBOOKS)
    return Target(target.label, target.record, target.key, target.outputs, pages)


def catalog_entry(b: Build, program: Program) -> dict[str, Any]:
    """A program's catalog entry as build parameters: paths relative to the project, so a copy keeps its keys."""
    entry = {k: v for k, v in program.__dict__.items() if k != "files"}
    entry["files"] = [(f.path.relative_to(b.paths.root).as_posix(), f.edition, f.sha256) for f in program.files]
    return entry


def report_catalog(b: Build) -> list[str]:
    """Say, one line each, which catalog entries are not built and why; their labels (for the exit status)."""
    for problem in b.problems:
        fail(str(problem))
    return [problem.label for problem in b.problems]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[-1] if text else type(exc).__name__


# --------------------------------------------------------------------------- per-program stages


def extract_program(b: Build, program: Program) -> bool:
    """Extract one program's primary edition into data/extracted/<id>/. False on failure (reported)."""
    from analysis.core.package import (
        write_package,  # lazy: camelot and pdf libraries load only when needed
    )
    from analysis.extract import LAYOUTS, PROJECT_PROFILES, ExtractionError, extract_file, layouts_for
    from analysis.extract.core.profile import ProfileError

    src, out = program.primary_file, b.folder(b.paths.extracted, program)
    try:
        for f in program.files:  # every edition: the site publishes the PDF even when the text edition is read
            verify_file(f)
    except CatalogError as exc:
        fail(f"extract {program.id}: {exc}")
        return False
    target = extract_target(b, program)
    if up_to_date(b, target):
        return True
    started = time.perf_counter()
    try:
        layouts = layouts_for(b.paths.root / PROJECT_PROFILES)  # the project's own profiles (data/profiles/) beside the shipped ones
        # a catalog entry naming one of the project's own profiles is read with it; shipped layouts are detected
        own_profile = program.layout if program.layout not in {layout.name for layout in LAYOUTS} else None
    except ProfileError as exc:
        fail(f"extract {program.id}: {exc}")
        return False
    try:
        with page_progress(f"extract {program.id}") as progress:
            result = extract_file(src.path, program.id, progress, layouts=layouts, prefer=own_profile)
    except ExtractionError as exc:
        fail(f"extract {program.id}: {exc}")
        return False
    seconds = round(time.perf_counter() - started, 2)
    result.source_file = src.path.relative_to(b.paths.root).as_posix()
    write_package(result, out, extra_meta={"seconds": seconds, "build_key": target.key.digest})
    done(b, target)
    mism = sum(r.status == "mismatch" for r in result.reconciliation)
    say(f"extract {program.id}: {len(result.performance_targets)} targets, {len(result.indicators)} indicators, "
        f"{len(result.activities)} activities, {mism} reconciliation mismatches ({seconds} s)")
    for line in result.lost_table_lines():
        say(f"extract {program.id}: warning: {line}")
    return True


def analyse_program(b: Build, program: Program) -> bool:
    """Compute one program's analysis tables into data/analysis/<id>/."""
    from analysis.analyse.tables import write_program_tables

    out = b.folder(b.paths.analysis, program)
    target = analyse_target(b, program)
    if up_to_date(b, target):
        return True
    try:
        with atomic_directory(out) as tmp:
            written = write_program_tables(program, b.folder(b.paths.extracted, program), b.paths.config, tmp)
        done(b, target)
    except Exception as exc:  # one program's analysis failing must not stop the others
        fail(f"analyse {program.id}: {type(exc).__name__}: {exc}")
        return False
    say(f"analyse {program.id}: {len(written)} tables")
    return True


def notebooks_program(b: Build, program: Program, kernels: Any = None) -> bool:
    """Run one program's notebooks into report/<id>/ (in a warm kernel of `kernels`, `analysis.report.Kernels`)."""
    from analysis import report

    target = notebooks_target(b, program)
    if up_to_date(b, target):
        return True
    started = time.perf_counter()
    try:
        report.run_program(b.paths, program, kernels)
    except Exception as exc:  # papermill raises PapermillExecutionError with the cell's traceback
        fail(f"notebooks {program.id}: {_first_line(exc)}")
        return False
    done(b, target)
    say(f"notebooks {program.id}: {len(report.PROGRAM_NOTEBOOKS)} notebooks ({time.perf_counter() - started:.1f} s)")
    return True


def site_part(b: Build, program: Program) -> bool:
    """The site stage's share of work for one program, done ahead (`dag.Stage.part_after`): its zipped package
    (`.cache/zips/`) and the crops its pages show, rendered into the crop cache (`.cache/crops/`), both by
    content, where the site stage then finds them, so it only copies them. Writes nothing when they are all cached. False (reported) when one cannot
    be rendered; the site stage then meets the same error, as a serial build would."""
    from analysis.site.crops import cache_program_crops
    from analysis.site.downloads import cached_zip

    if not b.has(b.paths.report, program, cache.KEY_FILE):
        return True  # no pages yet (they failed): nothing to do ahead
    started = time.perf_counter()
    try:
        if (b.paths.extracted / program.id / "datapackage.json").exists():
            cached_zip(b.paths, program)  # its zipped package, by content, into .cache/zips/ (the site stage copies it)
        rendered = cache_program_crops(b.paths, program)
    except Exception as exc:  # a document that cannot be drawn: this program's share fails alone
        fail(f"site {program.id}: crops not rendered: {type(exc).__name__}: {_first_line(exc)}")
        return False
    if rendered:
        say(f"site {program.id}: {rendered} crop(s) rendered ahead ({time.perf_counter() - started:.1f} s)")
    return True


PARTS: dict[str, Callable[[Build, Program], bool]] = {"site": site_part}
"""Each split stage's share of work per program (`dag.Stage.part_after`), run ahead per program on a cluster."""


PER_PROGRAM: dict[str, Callable[[Build, Program], bool]] = {
    "extract": extract_program,
    "analyse": analyse_program,
    "notebooks": notebooks_program,
}


# --------------------------------------------------------------------------- stages over all programs


def extracted(b: Build) -> list[Program]:
    """The catalog programs that have an extracted package."""
    return [prog for prog in b.programs if b.has(b.paths.extracted, prog, "datapackage.json")]


def checked(b: Build) -> list[Program]:
    """Extracted programs that passed the check stage."""
    failed_file = b.paths.checked / "failed.json"
    failed = set(json.loads(failed_file.read_text())) if failed_file.exists() else set()
    return [prog for prog in extracted(b) if prog.id not in failed]


VERDICTS = ".verdicts"
"""Folder inside data/checked/ keeping each program's validation result with the key it was made with."""


@dataclass(frozen=True)
class Verdict:
    """One program's validation: the problems found (none = valid) and the key of the package validated."""

    program: str
    key: str
    problems: tuple[str, ...]


def validate_program(b: Build, program: Program) -> Verdict | None:
    """Validate one extracted package (None when the program has none). A verdict already made for exactly
    this package and check code is read back from data/checked/.verdicts/ instead of validating again."""
    from analysis import check as checks

    package = b.folder(b.paths.extracted, program)
    if not (package / "datapackage.json").exists():
        return None
    key = b.key(dag.BY_NAME["validate"], program).digest
    stored = b.paths.checked / VERDICTS / f"{program.id}.json"
    verdict = None
    if not b.force and stored.exists():
        known = json.loads(stored.read_text(encoding="utf-8"))
        verdict = Verdict(program.id, key, tuple(known["problems"])) if known.get("key") == key else None
    verdict = verdict or Verdict(program.id, key, tuple(checks.validate_package(package)))
    if verdict.problems:
        fail(f"check {program.id}: {len(verdict.problems)} problem(s)")
        for line in verdict.problems[:20]:
            say(f"  - {line}")
    return verdict


def check_target(b: Build) -> Target:
    """The check stage over every extracted program: data/checked/ and data/programs.duckdb."""
    stage = dag.BY_NAME["check"]
    return Target("check", b.paths.checked / cache.KEY_FILE, b.key(stage, programs=extracted(b)), dag.outputs(stage))


def combine_checked(b: Build, verdicts: list[Verdict | None], target: Target | None = None) -> list[str]:
    """Publish the valid packages together into data/checked/ and data/programs.duckdb; the ids that failed.
    `target`: the stage's target when the caller has already found it out of date."""
    from analysis import check as checks

    p = b.paths
    found = [v for v in verdicts if v is not None]
    failed = [v.program for v in found if v.problems]
    if target is None:
        target = check_target(b)
        if up_to_date(b, target):
            return failed
    by_id = {prog.id: prog for prog in b.programs}
    valid = [by_id[v.program] for v in found if not v.problems]
    with atomic_directory(p.checked) as tmp:
        checks.combine(p, valid, b.programs, tmp)
        (tmp / "failed.json").write_text(json.dumps(failed) + "\n")
        (tmp / VERDICTS).mkdir()
        for v in found:
            record = json.dumps({"key": v.key, "problems": list(v.problems)}, ensure_ascii=False)
            (tmp / VERDICTS / f"{v.program}.json").write_text(record + "\n", encoding="utf-8")
    done(b, target)
    say(f"check: {len(valid)} program(s) valid, {len(failed)} failed -> {p.checked.relative_to(p.root)}, {p.duckdb.relative_to(p.root)}")
    return failed


def check(b: Build) -> list[str]:
    """Validate every extracted package; combine the valid ones into data/checked/ and data/programs.duckdb."""
    p = b.paths
    target = check_target(b)
    if up_to_date(b, target):
        return json.loads((p.checked / "failed.json").read_text()) if (p.checked / "failed.json").exists() else []
    lost = lambda prog, why: Verdict(prog.id, "", (f"not validated: {why}",))  # noqa: E731  (a process that died)
    return combine_checked(b, map_programs(b, validate_program, extracted(b), ANALYSE_PROCESSES, lost, "check"), target)


def compare_target(b: Build, programs: list[Program]) -> Target:
    stage = dag.BY_NAME["compare"]
    return Target("analyse comparison", b.paths.analysis / "_comparison" / cache.KEY_FILE, b.key(stage, programs=programs), dag.outputs(stage))


def comparison_target(b: Build, programs: list[Program]) -> Target:
    from analysis import report

    stage = dag.BY_NAME["comparison-notebook"]
    record = b.paths.report / f".{Path(report.COMPARISON_NOTEBOOK[1]).stem}{cache.KEY_FILE}"
    return Target("notebooks comparison", record, b.key(stage, params={"programs": [prog.id for prog in programs]}), dag.outputs(stage))


def site_target(b: Build) -> Target:
    stage = dag.BY_NAME["site"]
    key = b.key(stage, programs=b.programs, params={"vl-convert": version("vl-convert-python")})
    return Target("site", b.paths.site / cache.KEY_FILE, key, dag.outputs(stage))


def series_target(b: Build, programs: list[Program]) -> Target:
    stage = dag.BY_NAME["series"]
    params = {"series": sorted((prog.id, prog.series_key) for prog in programs)}
    return Target("series", b.paths.analysis / "_series" / cache.KEY_FILE, b.key(stage, programs=programs, params=params), dag.outputs(stage))


def series(b: Build, programs: list[Program]) -> list[str]:
    """Each municipality's programs read as a series (`analysis.analyse.series`) into data/analysis/_series/.
    A program or series that cannot be read is left out, in one line each (returned: they count as failures).
    No municipality with programs of two years: no folder at all (nothing downstream shows an empty series)."""
    import shutil

    from analysis.analyse.series import groups, series_tables
    from analysis.analyse.tables import write_table

    if not groups(programs):
        shutil.rmtree(b.paths.analysis / "_series", ignore_errors=True)
        return []
    target = series_target(b, programs)
    if up_to_date(b, target, quiet=True):
        return []
    with atomic_directory(b.paths.analysis / "_series") as tmp:
        tables, problems = series_tables(programs, b.paths.analysis, b.paths.extracted)
        for name, df in tables.items():
            write_table(df, tmp / f"{name}.csv")
    done(b, target)
    for line in problems:
        fail(line)
    count = len(tables["series_index"])
    if count:
        say(f"series: {count} municipalit{'y' if count == 1 else 'ies'} with programs of several years")
    return ["series"] if problems else []


def compare(b: Build, programs: list[Program]) -> None:
    """The comparison tables of the programs whose analysis succeeded."""
    from analysis.analyse.tables import write_comparison_tables

    out = b.paths.analysis / "_comparison"
    target = compare_target(b, programs)
    if up_to_date(b, target, quiet=True):
        return
    with atomic_directory(out) as tmp:
        write_comparison_tables(programs, b.paths.analysis, tmp)
    done(b, target)
    say(f"analyse: comparison of {len(programs)} program(s)")


def comparison_notebook(b: Build, programs: list[Program], kernels: Any = None) -> bool:
    from analysis import report

    target = comparison_target(b, programs)
    if up_to_date(b, target):
        return True
    try:
        report.run_comparison(b.paths, kernels)
    except Exception as exc:
        fail(f"notebooks comparison: failed: {_first_line(exc)}")
        return False
    done(b, target)
    say("notebooks comparison: done")
    return True


def site(b: Build) -> bool:
    """Write the generated pages and downloads, then render the website into _site/ (replaced atomically).

    False (reported in one line) when the site cannot be rendered; the previous _site/ stays whole.
    """
    from analysis import site as website

    p = b.paths
    started = time.perf_counter()
    target = site_target(b)
    if up_to_date(b, target):
        return True
    try:
        website.prepare(p, b.programs)
        with atomic_directory(p.site) as tmp:
            website.render_into(p, tmp, b.programs)
        done(b, target)
    except Exception as exc:  # a renderer's error: one line, the previous site kept
        fail(f"site: not rendered: {_first_line(exc)}")
        return False
    say(f"site: {p.site.relative_to(p.root)}/index.html ({time.perf_counter() - started:.1f} s)")
    return True


# --------------------------------------------------------------------------- the commands


def verify(root: Path | None = None) -> bool:
    """Check every raw file's checksum; raise CatalogError at the first that differs. False if the catalog has bad entries."""
    b = Build.open(root)
    bad = report_catalog(b)
    for prog in b.programs:
        for f in prog.files:
            verify_file(f)
    say(f"verify: {sum(len(p.files) for p in b.programs)} raw files match their checksums")
    return not bad


def _step(b: Build, prog: Program, stage: str) -> bool:
    try:
        return PER_PROGRAM[stage](b, prog)
    except UnsafeProgramPath as exc:  # e.g. data/extracted/<id> is a symbolic link to elsewhere
        fail(f"{stage} {prog.id}: {exc}")
        return False


def run_per_program(b: Build, stage: str, programs: list[Program], processes: int = 1) -> list[str]:
    """Run one per-program stage over `programs`, in up to `processes` forked processes at once; the ids that failed."""
    ok = map_programs(b, functools.partial(_step, stage=stage), programs, processes, lambda prog, why: False, stage)
    return [prog.id for prog, good in zip(programs, ok, strict=True) if not good]


def map_programs(b: Build, step: Callable[[Build, Program], Any], programs: list[Program], processes: int,
                 lost: Callable[[Program, str], Any], label: str) -> list[Any]:
    """`step(b, program)` for each program, in up to `processes` forked processes at once (they start at once,
    with the libraries loaded); in this process when one is asked for or forking is not possible. A step's
    error is caught in the step (its program fails alone); a process that dies outright (a crash in a
    library) breaks the pool, and the programs it had not finished are reported (`label`) and get `lost`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if processes <= 1 or len(programs) <= 1 or multiprocessing.current_process().daemon or "fork" not in multiprocessing.get_all_start_methods():
        return [step(b, prog) for prog in programs]
    results = []
    with ProcessPoolExecutor(min(processes, len(programs)), mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(step, b, prog) for prog in programs]
        for prog, future in zip(programs, futures, strict=True):
            try:
                results.append(future.result())
            except Exception as exc:  # the process died, or the result could not come back
                fail(f"{label} {prog.id}: {type(exc).__name__}: {_first_line(exc)}")
                results.append(lost(prog, _first_line(exc)))
    return results


ANALYSE_PROCESSES = 2
"""Programs validated and analysed at once by the stage commands and `build` (one process per
core of a 2-core machine)."""


def run_extract(b: Build) -> list[str]:
    return run_per_program(b, "extract", b.programs)  # one at a time: a forked extraction outlived SIGTERM (test_bad_input)


def run_analyse(b: Build) -> list[str]:
    programs = checked(b)
    failed = run_per_program(b, "analyse", programs, ANALYSE_PROCESSES)
    analysed = [prog for prog in programs if prog.id not in failed]
    failed += series(b, analysed)
    compare(b, analysed)
    return failed


def has_analysis(b: Build, program: Program) -> bool:
    """Whether the program has finished analysis tables (the notebooks stage's input)."""
    return b.has(b.paths.analysis, program, cache.KEY_FILE)


def run_notebooks(b: Build) -> list[str]:
    """Every program's notebooks (two programs at a time, in two warm kernels used for every program), then the comparison."""
    from concurrent.futures import ThreadPoolExecutor

    from analysis import report

    programs = [prog for prog in b.programs if has_analysis(b, prog)]
    remove_stale(b.paths.report, {prog.id for prog in programs} | {"comparison-tables", "series"})  # series/: the site stage's
    with report.kernels_for(b.paths) as kernels, ThreadPoolExecutor(max_workers=NOTEBOOK_WORKERS) as pool:
        ok = list(pool.map(lambda prog: notebooks_program(b, prog, kernels), programs))
        failed = [prog.id for prog, good in zip(programs, ok, strict=True) if not good]
        # in a pool thread too, so in a kernel that is warm already
        if not pool.submit(comparison_notebook, b, [prog for prog in programs if prog.id not in failed], kernels).result():
            failed.append("comparison")
    return failed


NOTEBOOK_WORKERS = 2
"""Programs whose notebooks run at once (each thread keeps its own warm kernel); two fit a 2-core machine."""


def sweep(p: Paths) -> list[Path]:
    """Remove the temporary files a killed build left in the stages' output folders (only our own names)."""
    deep, shallow = dag.output_places()
    removed = sweep_temporary([p.root / d for d in deep] + [p.root / ".cache" / "crops"], [p.root / d for d in shallow])
    if removed:
        names = ", ".join(f.relative_to(p.root).as_posix() for f in removed[:3]) + (f" (+{len(removed) - 3} more)" if len(removed) > 3 else "")
        say(f"build: removed {len(removed)} temporary file(s) left by an interrupted build: {names}")
    return removed


@contextmanager
def exclusive(root: Path | None = None, wait: bool = True) -> Iterator[Paths]:
    """One build at a time: hold the project's lock (`analysis.core.lock`; waiting for another build, or
    BuildLocked when `wait` is off), then sweep what a killed build left, then run the block."""
    p = paths(root)
    with project_lock(p.root, wait, on_wait=say) as outermost:
        if outermost:
            sweep(p)
        yield p


StageCommand = Callable[..., list[str]]
"""A stage command: (root=None, force=False, wait=True) -> the ids (or names) that failed."""


def stage_command(run: Callable[[Build], list[str]], doc: str) -> StageCommand:
    """A stage command (`python -m analysis <command>`): take the project's lock, open the catalog, report its
    bad entries (they count as failures), then `run` the stage(s) on the build."""

    def command(root: Path | None = None, force: bool = False, wait: bool = True) -> list[str]:
        with exclusive(root, wait) as p:
            b = Build.open(p.root, force)
            return report_catalog(b) + run(b)

    command.__doc__ = doc
    return command


extract_all = stage_command(run_extract, "Extract every program's primary document.")
check_all = stage_command(check, "Validate every package and combine the valid ones.")
analyse_all = stage_command(run_analyse, "Every program's analysis tables, the series and the comparison.")
notebooks_all = stage_command(run_notebooks, "Every program's notebooks, then the comparison notebook.")
site_all = stage_command(lambda b: [] if site(b) else ["site"], "Render the website.")


def build(root: Path | None = None, force: bool = False, wait: bool = True) -> bool:
    """Every stage in order. Returns False when a catalog entry is bad or any program failed somewhere (the site is still built)."""
    with exclusive(root, wait) as p:
        return _build(p.root, force)


def _build(root: Path, force: bool) -> bool:
    started = time.perf_counter()
    b = Build.open(root, force)
    p = b.paths
    failures = {"catalog": report_catalog(b)}
    failures["extract"] = run_extract(b)
    failures["check"] = check(b)
    failures["analyse"] = run_analyse(b)
    failures["notebooks"] = run_notebooks(b)
    failures["site"] = [] if site(b) else ["the website"]
    return summarise(p, failures, time.perf_counter() - started)


def summarise(p: Paths, failures: dict[str, list[str]], elapsed: float) -> bool:
    """The build's last lines: what was not built, which programs failed in which stage. True when nothing failed."""
    if any(failures.values()):
        for stage, ids in failures.items():
            if ids:
                fail(f"build: {stage} failed for {', '.join(ids)}" if stage != "catalog" else f"build: not built: {', '.join(ids)}")
        say(f"build: site written to {p.site.relative_to(p.root)}/ without the failed programs ({elapsed:.1f} s)")
        return False
    say(f"build: done in {elapsed:.1f} s -> {p.site.relative_to(p.root)}/index.html")
    return True
