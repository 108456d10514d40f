"""Runs the build on a dask.distributed cluster: one task per program and stage, the cache deciding what runs.

`build(root, force, scheduler="tcp://host:8786")` uses a running cluster (started with dask's own
`dask scheduler` and `dask worker tcp://host:8786`); `build(root, force, workers=N)` starts a local one
(`distributed.LocalCluster`, N single-threaded worker processes) for the length of the build.

The task graph is the DAG's (`analysis.dag`): one task per program for each per-program stage, one task
for each stage over all programs; a task waits for the stages its stage comes `after` (the same program's
only, between two per-program stages). With today's stages, for every program p:

    extract(p) -> validate(p) -> analyse(p) -> notebooks(p) -> site-part(p)
    check (after every validate), compare (after every analyse),
    comparison-notebook (after compare and every notebooks), site (after check, the notebooks and every site-part)

A stage over all programs that the DAG splits (`part_after`: the site) first does its share of work per
program (`pipeline.PARTS`: the site renders a program's PDF crops into the crop cache) as a task of its own,
as soon as that program is far enough, beside other programs' work; the stage itself then finds that work
done and only merges (a warm build's parts find everything cached and write nothing). The notebooks
tasks run in a warm kernel the worker keeps for the whole build (`analysis.report.kernel`), shut at its end.

Each task calls the very function the serial build calls (`analysis.pipeline`), so it first computes its
build key from the files as they are on the shared disk and returns at once when its output is fresh;
results are therefore the same as a serial build's. Validating a package is its own per-program task
(its verdict kept in data/checked/.verdicts/ by the check stage, so an unchanged package is not
validated again); `analyse(p)` needs only p's own verdict, so a program moves on while others are still
being read.

Tasks read and write the project folder itself: every worker must see it at the same path (a shared
filesystem; the client passes the path it found, from the current folder or `$PERFORMANS_ROOT`). A task
never raises: whatever goes wrong is reported as that program's failure in that stage, so one broken
document fails only its own tasks. The client submits a task once its inputs have finished, handing it
their outcomes as plain values, so even a task lost with its worker fails only its own program. The lines a task reports travel back with its outcome and are printed as it finishes, above a
bar counting the tasks done; at the end, each worker's peak memory is reported.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.markup import escape

from analysis import dag, pipeline
from analysis.core.catalog import Program
from analysis.core.io import remove_stale
from analysis.core.paths import ProjectNotFound
from analysis.core.progress import collecting, console, fail, say
from analysis.report.kernel import worker_kernels_peak_mb


class ClusterError(Exception):
    """The scheduler cannot be reached, or the options ask for two clusters at once."""


@dataclass
class Outcome:
    """What a task hands back: its result, whether it worked, the lines it reported, and where it ran."""

    stage: str
    program: str | None
    value: Any = None
    ok: bool | None = None
    """True or False; None when the stage had nothing to do for this program (e.g. no package to validate)."""
    lines: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worker: str = ""
    peak_mb: float = 0.0
    """The worker process's peak resident memory so far (MB)."""
    children_peak_mb: float = 0.0
    """The largest peak among its child processes (finished ones, and the live warm notebook kernels), MB."""
    started: float = 0.0
    """When the task started and ended on its worker (seconds since the epoch), for the task log."""
    ended: float = 0.0
    cpu: float = 0.0
    """CPU seconds the task cost: its worker process's and its child processes' (the warm kernels too)."""


def _peak_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss  # kilobytes on Linux
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def _cpu_seconds() -> float:
    """CPU seconds used so far by this process, its finished children and its live ones (warm kernels)."""
    import psutil

    me = psutil.Process()
    t = me.cpu_times()
    total = t.user + t.system + t.children_user + t.children_system
    for child in me.children(recursive=True):
        try:
            c = child.cpu_times()
            total += c.user + c.system
        except psutil.Error:  # it ended meanwhile
            pass
    return total


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except ValueError:  # not on a worker (called directly)
        return f"{socket.gethostname()}:{os.getpid()}"


# --------------------------------------------------------------------------- the tasks (module level: workers import them)

Inputs = dict[str, Any]
"""A task's inputs: for each stage it comes after, that stage's Outcome (same program) or list of Outcomes (all)."""


def _ok_ids(outcomes: list[Outcome]) -> set[str]:
    return {o.program for o in outcomes if o.ok and o.program}


def _validate(b: pipeline.Build, program: Program, inputs: Inputs) -> tuple[Any, bool | None]:
    verdict = pipeline.validate_program(b, program)
    return verdict, None if verdict is None else not verdict.problems


def _analyse(b: pipeline.Build, program: Program, inputs: Inputs) -> tuple[Any, bool | None]:
    if not inputs["validate"].ok:
        return None, None  # no valid package: nothing to analyse (the check failure is reported already)
    return None, pipeline.analyse_program(b, program)


def _notebooks(b: pipeline.Build, program: Program, inputs: Inputs) -> tuple[Any, bool | None]:
    from analysis import report

    if not pipeline.has_analysis(b, program):
        return None, None
    return None, pipeline.notebooks_program(b, program, report.worker_kernels_for(b.paths, b.run))


def _check(b: pipeline.Build, inputs: Inputs) -> tuple[Any, bool | None]:
    return pipeline.combine_checked(b, [o.value for o in inputs["validate"]]), True


def _series(b: pipeline.Build, inputs: Inputs) -> tuple[Any, bool | None]:
    ids = _ok_ids(inputs["analyse"])
    return None, not pipeline.series(b, [prog for prog in b.programs if prog.id in ids])


def _compare(b: pipeline.Build, inputs: Inputs) -> tuple[Any, bool | None]:
    ids = _ok_ids(inputs["analyse"])
    pipeline.compare(b, [prog for prog in b.programs if prog.id in ids])
    return None, True


def _comparison_notebook(b: pipeline.Build, inputs: Inputs) -> tuple[Any, bool | None]:
    from analysis import report

    remove_stale(b.paths.report, {prog.id for prog in b.programs if pipeline.has_analysis(b, prog)} | {"comparison-tables", "series"})
    ids = _ok_ids(inputs["notebooks"])
    return None, pipeline.comparison_notebook(b, [prog for prog in b.programs if prog.id in ids], report.worker_kernels_for(b.paths, b.run))


def _site(b: pipeline.Build, inputs: Inputs) -> tuple[Any, bool | None]:
    return None, pipeline.site(b)


def _part(stage: str) -> Callable[[pipeline.Build, Program, Inputs], tuple[Any, bool | None]]:
    """The task doing a split stage's share of work for one program (nothing when the program did not get that far)."""

    def task(b: pipeline.Build, program: Program, inputs: Inputs) -> tuple[Any, bool | None]:
        if not inputs[dag.BY_NAME[stage].part_after].ok:
            return None, None
        return None, pipeline.PARTS[stage](b, program)

    return task


PART = "{}-part"
"""The name of a split stage's per-program tasks (`site-part`)."""

PER_PROGRAM: dict[str, Callable[[pipeline.Build, Program, Inputs], tuple[Any, bool | None]]] = {
    "extract": lambda b, program, inputs: (None, pipeline.extract_program(b, program)),
    "validate": _validate,
    "analyse": _analyse,
    "notebooks": _notebooks,
    **{PART.format(stage): _part(stage) for stage in pipeline.PARTS},
}
ALL_PROGRAMS: dict[str, Callable[[pipeline.Build, Inputs], tuple[Any, bool | None]]] = {
    "check": _check,
    "series": _series,
    "compare": _compare,
    "comparison-notebook": _comparison_notebook,
    "site": _site,
}
"""What each stage of the DAG does as a task: (value handed to the stages after it, ok). ok is None when the
stage had nothing to do for the program."""


def run_task(b: pipeline.Build, stage: str, program: Program | None, inputs: Inputs) -> Outcome:
    """One task on a worker: run the stage, catch its report lines, and turn any error into a failed outcome."""
    started, started_at, cpu = time.perf_counter(), time.time(), _cpu_seconds()
    label = f"{stage} {program.id}" if program else stage
    with collecting() as lines:
        try:
            if not b.paths.catalog.exists():
                raise ProjectNotFound(
                    f"{b.paths.catalog} is not visible on worker {socket.gethostname()}: every worker needs the project folder at the same path"
                )
            value, ok = PER_PROGRAM[stage](b, program, inputs) if program else ALL_PROGRAMS[stage](b, inputs)
        except Exception as exc:  # one program's failure, whatever it is, must not stop the others
            fail(f"{label}: {type(exc).__name__}: {pipeline._first_line(exc)}")
            value, ok = None, False
    return Outcome(
        stage, program.id if program else None, value, ok, lines, time.perf_counter() - started, _worker_name(),
        _peak_mb(resource.RUSAGE_SELF), max(_peak_mb(resource.RUSAGE_CHILDREN), worker_kernels_peak_mb()),
        started_at, time.time(), _cpu_seconds() - cpu,
    )  # fmt: skip


# --------------------------------------------------------------------------- the client


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A `distributed.Client` on the scheduler at `scheduler`, or on a local cluster of `workers` processes."""
    from distributed import Client, LocalCluster

    if scheduler and workers:
        raise ClusterError("give either --scheduler (a running cluster) or --workers (a local one), not both")
    if workers:
        if workers < 1:
            raise ClusterError(f"--workers must be at least 1, not {workers}")
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR) as cluster:
            with Client(cluster) as client:
                yield client
        return
    import dask

    try:
        client = Client(scheduler, timeout=dask.config.get("distributed.comm.timeouts.connect"))
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the dask scheduler at {scheduler} ({pipeline._first_line(exc)})") from exc
    with client:
        yield client


def _longest_first(programs: list[Program]) -> list[Program]:
    """The programs, the largest primary document first: among tasks of one stage the cluster starts them in
    this order, so the longest extraction does not start last and leave the other worker idle at the end."""

    def size(prog: Program) -> int:
        try:
            return prog.primary_file.path.stat().st_size
        except OSError:  # missing: its extract task fails at once
            return 0

    return sorted(programs, key=size, reverse=True)


Node = tuple[str, str | None]
"""One task of the graph: (stage, program id), program None for a stage over all programs."""


class _Run:
    """The client's side of one build: the task graph from the DAG, each task submitted once its inputs finished."""

    def __init__(self, client: Any, b: pipeline.Build):
        from distributed import as_completed

        self.client, self.b = client, b
        self.by_id = {prog.id: prog for prog in b.programs}
        self.shared = client.scatter(b, broadcast=True, hash=False)
        self.needs: dict[Node, set[Node]] = {}
        self.rank: dict[str, int] = {}
        self.after: dict[str, tuple[str, ...]] = {}
        self.per_program: dict[str, bool] = {}
        for rank, stage in enumerate(dag.order()):
            if stage.part_after:  # a split stage: its share per program first, then the stage itself after them all
                self._add(PART.format(stage.name), rank, (stage.part_after,), per_program=True)
            self._add(stage.name, rank, stage.after + ((PART.format(stage.name),) if stage.part_after else ()), stage.per_program)
        self.outcomes: dict[Node, Outcome] = {}
        self.submitted: dict[str, Node] = {}
        self.queue = as_completed()

    def _add(self, stage: str, rank: int, after: tuple[str, ...], per_program: bool) -> None:
        """Add a stage's tasks (one per program, or one) waiting for the tasks of the stages in `after`."""
        self.rank[stage], self.after[stage], self.per_program[stage] = rank, after, per_program
        for program in [prog.id for prog in _longest_first(self.b.programs)] if per_program else [None]:
            self.needs[(stage, program)] = {dep for before in after for dep in self._nodes(before, program)}

    def _nodes(self, stage: str, program: str | None) -> list[Node]:
        """The tasks of `stage` that a task for `program` (None: all programs) waits for."""
        if not self.per_program[stage]:
            return [(stage, None)]
        return [(stage, program)] if program else [(stage, prog.id) for prog in self.b.programs]

    def _inputs(self, node: Node) -> Inputs:
        stage, program = node
        inputs: Inputs = {}
        for before in self.after[stage]:
            nodes = self._nodes(before, program)
            done = [self.outcomes[n] for n in nodes]
            inputs[before] = done[0] if (program or not self.per_program[before]) else done
        return inputs

    def submit_ready(self) -> None:
        """Submit every task whose inputs have all finished (later stages first, so programs finish early)."""
        started = set(self.submitted.values())
        for node, needs in self.needs.items():
            if node not in started and needs <= self.outcomes.keys():
                stage, program = node
                future = self.client.submit(
                    run_task, self.shared, stage, self.by_id[program] if program else None, self._inputs(node),
                    pure=False, priority=self.rank[stage], key=f"{stage}-{program or 'all'}-{len(self.submitted)}",
                )  # fmt: skip
                self.submitted[future.key] = node
                self.queue.add(future)

    def outcome_of(self, future: Any) -> Outcome:
        stage, program = self.submitted[future.key]
        try:
            return future.result()
        except Exception as exc:  # the task was lost with its worker, or could not be sent
            label = f"{stage} {program}" if program else stage
            return Outcome(stage, program, ok=False, lines=[f"[red]{escape(f'{label}: lost on the cluster ({type(exc).__name__}: {pipeline._first_line(exc)})')}[/]"])

    def ok(self, stage: str, program: str | None = None) -> bool | None:
        found = self.outcomes.get((stage, program))
        return found.ok if found else False

    def failures(self) -> dict[str, list[str]]:
        """Which programs failed in which stage, named as the serial build names them."""

        def failed(stage: str) -> list[str]:
            return [prog.id for prog in self.b.programs if self.ok(stage, prog.id) is False]

        failures = {
            "extract": failed("extract"),
            "check": failed("validate") + ([] if self.ok("check") else ["(publishing the valid ones)"]),
            "analyse": failed("analyse") + ([] if self.ok("series") else ["series"]) + ([] if self.ok("compare") else ["comparison"]),
            "notebooks": failed("notebooks") + ([] if self.ok("comparison-notebook") else ["comparison"]),
        }
        site = [prog.id for prog in self.b.programs if self.ok(PART.format("site"), prog.id) is False]
        if site or not self.ok("site"):
            failures["site"] = site + ([] if self.ok("site") else ["the website"])
        return failures


TASK_LOG = "PERFORMANS_TASK_LOG"
"""An environment variable naming a file: the client writes there, at the end of a build, every task's
stage, program, worker, start and end (seconds from the build's start), CPU seconds and the tasks it
waited for (JSON; `benchmarks/scale.py` reads it into a timeline: critical path, each worker's idle time)."""


def write_task_log(target: Path, run: _Run, started: float) -> None:
    """The task log of one build (see `TASK_LOG`), one entry per task that finished."""

    def name(node: Node) -> str:
        return f"{node[0]} {node[1]}" if node[1] else node[0]

    tasks = [
        {"task": name(node), "worker": o.worker, "start": round(o.started - started, 3), "end": round(o.ended - started, 3),
         "cpu": round(o.cpu, 3), "ok": o.ok, "needs": sorted(name(n) for n in run.needs[node])}
        for node, o in run.outcomes.items() if o.worker
    ]  # fmt: skip
    target.write_text(json.dumps({"programs": len(run.b.programs), "tasks": tasks}, indent=1) + "\n", encoding="utf-8")


def _progress_bar() -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=not sys.stderr.isatty())


def _close_kernels(client: Any) -> None:
    """Shut the warm notebook kernels every worker kept for this build (a worker lost meanwhile took its own with it)."""
    from analysis.report.kernel import close_worker_kernels

    try:
        client.run(close_worker_kernels)
    except Exception as exc:  # noqa: BLE001  the build's result stands; the kernels end with their workers anyway
        say(f"build: could not shut the workers' notebook kernels ({type(exc).__name__}: {pipeline._first_line(exc)})")


def run_build(client: Any, root: Path | None = None, force: bool = False) -> bool:
    """Build every stage on the cluster behind `client`. False when any program failed somewhere."""
    started, started_at = time.perf_counter(), time.time()
    b = pipeline.Build.open(root, force)
    p = b.paths
    not_built = pipeline.report_catalog(b)  # bad catalog entries: one line each, not built
    run = _Run(client, b)
    peaks: dict[str, tuple[float, float]] = {}
    say(f"build: {len(b.programs)} program(s) on {len(client.scheduler_info()['workers'])} worker(s) at {client.scheduler_info()['address']}")
    try:
        with _progress_bar() as bar:
            task = bar.add_task("build", total=len(run.needs))
            run.submit_ready()
            for future in run.queue:
                outcome = run.outcome_of(future)
                run.outcomes[(outcome.stage, outcome.program)] = outcome
                for line in outcome.lines:
                    bar.console.print(line, highlight=False)
                if outcome.worker:
                    old = peaks.get(outcome.worker, (0.0, 0.0))
                    peaks[outcome.worker] = (max(old[0], outcome.peak_mb), max(old[1], outcome.children_peak_mb))
                bar.advance(task)
                run.submit_ready()
    finally:
        _close_kernels(client)
    if os.environ.get(TASK_LOG):
        write_task_log(Path(os.environ[TASK_LOG]), run, started_at)
    for worker, (own, children) in sorted(peaks.items()):
        say(f"worker {worker}: peak memory {own:.0f} MB (largest notebook kernel {children:.0f} MB)")
    return pipeline.summarise(p, {"catalog": not_built, **run.failures()}, time.perf_counter() - started)


def build(root: Path | None = None, force: bool = False, scheduler: str | None = None, workers: int | None = None, wait: bool = True) -> bool:
    """`python -m analysis build --scheduler …` / `--workers N`: the whole build on a dask cluster.

    The client holds the project's build lock for the whole build (`pipeline.exclusive`), as a serial build
    does; it takes it once connected, so options or a scheduler that fail touch nothing in the project."""
    with connect(scheduler, workers) as client, pipeline.exclusive(root, wait) as p:
        return run_build(client, p.root, force)
