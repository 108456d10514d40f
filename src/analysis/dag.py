"""The pipeline's stages, declared once: what each reads, what it writes, and which code it runs.

This table is the single description of the data flow. The command line makes one command per stage from
it, `analysis.pipeline` runs the stages in this order, and the build cache (`analysis.core.cache`) takes
each stage's input files from `reads` and its code from `code`, following the imports of those modules
(and, for the notebooks, the imports in the notebooks themselves). `python -m analysis dag` draws it.

Path patterns are relative to the project root and may hold:
  {program}   the program being built (per-program stages)
  {each}      every program of the run (stages that combine programs)
  {primary}   the program's primary document, as listed in data/catalog.yml
A file that matches a stage's `writes` is never one of its inputs; dot-files never are.

`after` says which stages must have run before: for a per-program stage after another per-program stage,
only the same program's (so on a cluster, `analysis.cluster`, a program moves on while others are still
being read); for anything else, all of them. `part_after` splits a stage over all programs: its share of
work per program runs ahead, per program, and the stage merges.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

from analysis.core.catalog import Program
from analysis.core.paths import Paths


@dataclass(frozen=True)
class Stage:
    name: str
    help: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    code: tuple[str, ...]
    """Entry modules; everything they import within `analysis` counts as the stage's code."""
    per_program: bool
    after: tuple[str, ...] = ()
    code_from_notebooks: tuple[str, ...] = ()
    """Notebook patterns whose `analysis` imports are part of the stage's code too."""
    part_after: str = ""
    """For a stage over all programs: the per-program stage after which its share of work for one program can
    be done ahead (`analysis.pipeline.PARTS`). On a cluster that share is a task per program, run as soon as
    the program is that far, beside other programs' work; the stage itself is then a small merge."""


PROGRAM_NOTEBOOKS = "notebooks/[1-8]*.ipynb"
"""The per-program page templates (`10-…` to `80-…`). `notebooks/00-start-here.ipynb` is a guide for
JupyterLab (`make lab`), not a page: it is neither run per program nor an input of any stage."""

CONFIG = ("data/catalog.yml", "data/taxonomy.yml", "data/cofog_crosswalk.csv", "data/indicator_direction.yml")

STAGES: tuple[Stage, ...] = (
    Stage(
        "extract",
        "Read each program's primary document into a data package (tables + provenance + reconciliation).",
        reads=("{primary}", "data/profiles/*.yml"),
        writes=("data/extracted/{program}/",),
        code=("analysis.extract", "analysis.core.package"),
        per_program=True,
    ),
    Stage(
        "validate",
        "Validate each program's package (contract schemas, keys, links, money format).",
        reads=("data/extracted/{program}/*",),
        writes=(),
        code=("analysis.check",),
        per_program=True,
        after=("extract",),
    ),
    Stage(
        "check",
        "Combine the valid packages into Parquet and DuckDB (and keep every verdict).",
        reads=("data/extracted/{each}/*",),
        writes=("data/checked/", "data/programs.duckdb"),
        code=("analysis.check",),
        per_program=False,
        after=("validate",),
    ),
    Stage(
        "analyse",
        "Compute each program's analysis tables (budget, policy areas, ambition, quality).",
        reads=("data/extracted/{program}/*", *CONFIG),
        writes=("data/analysis/{program}/",),
        code=("analysis.analyse.tables",),
        per_program=True,
        after=("validate",),
    ),
    Stage(
        "series",
        "Read each municipality's programs as a series: indicators matched across years, promised vs reported.",
        reads=("data/analysis/{each}/indicator_ambition.csv", "data/extracted/{each}/performance_targets.csv",
               "data/extracted/{each}/activities.csv", "data/catalog.yml"),
        writes=("data/analysis/_series/",),
        code=("analysis.analyse.series",),
        per_program=False,
        after=("analyse",),
    ),
    Stage(
        "compare",
        "Put the programs' analysis tables side by side.",
        reads=("data/analysis/{each}/*", "data/analysis/_series/*", *CONFIG),
        writes=("data/analysis/_comparison/",),
        code=("analysis.analyse.tables",),
        per_program=False,
        after=("analyse", "series"),
    ),
    Stage(
        "notebooks",
        "Run each program's notebooks with papermill into report/<program>/ (the program's pages).",
        reads=(PROGRAM_NOTEBOOKS, "data/analysis/{program}/*", "data/extracted/{program}/*"),
        writes=("report/{program}/",),
        code=("analysis.report",),
        per_program=True,
        after=("analyse",),
        code_from_notebooks=(PROGRAM_NOTEBOOKS,),
    ),
    Stage(
        "comparison-notebook",
        "Run the comparison notebook into report/comparison.ipynb.",
        reads=("notebooks/9*.ipynb", "data/analysis/_comparison/*"),
        writes=("report/comparison.ipynb", "report/comparison-tables/"),
        code=("analysis.report",),
        per_program=False,
        after=("compare", "notebooks"),
        code_from_notebooks=("notebooks/9*.ipynb",),
    ),
    Stage(
        "site",
        "Write downloads and generated page parts, then render the website into _site/ (Quarto or smalldocs).",
        reads=("_quarto.yml", "*.qmd", "assets/**/*", "report/**/*", "data/catalog.yml", "data/checked/*",
               "data/extracted/{each}/*", "data/analysis/{each}/*", "data/analysis/_comparison/*", "data/analysis/_series/*"),
        writes=("_site/", "downloads/", "crops/", "report/_*", "report/series/", "report/iller/", "assets/js/vega-bundle.js"),
        code=("analysis.site",),
        per_program=False,
        after=("check", "notebooks", "comparison-notebook"),
        part_after="notebooks",
    ),
)  # fmt: skip

BY_NAME = {s.name: s for s in STAGES}

COMMANDS: dict[str, tuple[str, ...]] = {
    "extract-all": ("extract",),
    "check": ("validate", "check"),
    "analyse": ("analyse", "series", "compare"),
    "notebooks": ("notebooks", "comparison-notebook"),
    "site": ("site",),
}
"""The command line's stage commands (`python -m analysis <command>`) and the stages each runs."""


def _expand(pattern: str, program: Program | None, programs: list[Program], p: Paths) -> list[str]:
    if "{primary}" in pattern:
        return [program.primary_file.path.relative_to(p.root).as_posix()] if program else []
    if "{each}" in pattern:
        return [pattern.replace("{each}", prog.id) for prog in programs]
    if "{program}" in pattern:
        return [pattern.replace("{program}", program.id)] if program else []
    return [pattern]


def _written(stage: Stage, rel: str, program: Program | None) -> bool:
    for w in stage.writes:
        w = w.replace("{program}", program.id) if program else w
        if rel == w.rstrip("/") or rel.startswith(w if w.endswith("/") else w + "/") or fnmatch.fnmatch(rel, w):
            return True
    return False


def inputs(stage: Stage, p: Paths, program: Program | None = None, programs: list[Program] | None = None) -> list[Path]:
    """The files `stage` reads in this run (for one program, or for all `programs`), in a stable order."""
    found: set[Path] = set()
    for pattern in stage.reads:
        for rel in _expand(pattern, program, programs or [], p):
            for f in p.root.glob(rel):
                r = f.relative_to(p.root).as_posix()
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p.root).parts) and not _written(stage, r, program):
                    found.add(f)
    return sorted(found)


def outputs(stage: Stage, program: Program | None = None) -> tuple[str, ...]:
    """The stage's declared outputs for one program (or for all programs), as patterns relative to the project."""
    return tuple(w.replace("{program}", program.id) if program else w for w in stage.writes if program or "{program}" not in w)


def output_places() -> tuple[list[str], list[str]]:
    """Where the stages write, for sweeping leftovers: (folders written below, folders written directly into).

    A folder output (`data/extracted/{program}/`) is written below its stable part (`data/extracted/`) and
    renamed into its parent; a file or glob output (`report/_*`) is written directly into its folder.
    """
    deep: set[str] = set()
    shallow: set[str] = set()
    for stage in STAGES:
        for w in stage.writes:
            stable = w[: min((w.index(c) for c in "{*?[" if c in w), default=len(w))]
            if stable.endswith("/"):
                deep.add(stable.rstrip("/"))
            shallow.add(Path(stable.rstrip("/")).parent.as_posix())
    return sorted(deep), sorted(shallow - deep)


def notebook_files(stage: Stage, p: Paths) -> list[Path]:
    return sorted(f for pattern in stage.code_from_notebooks for f in p.root.glob(pattern))


def order() -> list[Stage]:
    """The stages in an order where every stage comes after the ones it needs (as declared)."""
    done: list[Stage] = []
    pending = list(STAGES)
    while pending:
        ready = [s for s in pending if all(a in {d.name for d in done} for a in s.after)]
        if not ready:
            raise ValueError("the stage graph has a cycle: " + ", ".join(s.name for s in pending))
        done.append(ready[0])
        pending.remove(ready[0])
    return done


def draw() -> str:
    """The DAG as text, for the README and `python -m analysis dag`."""
    lines = []
    for s in order():
        scope = "per program" if s.per_program else "all programs"
        lines.append(f"{s.name}  ({scope}; after: {', '.join(s.after) or '-'})")
        if s.part_after:
            lines.append(f"    per program first, on a cluster: its share of work for a program, after that program's {s.part_after}")
        lines.append(f"    reads:  {', '.join(s.reads)}")
        lines.append(f"    writes: {', '.join(s.writes) or '- (its result goes to the stages after it)'}")
        code = ", ".join(s.code + tuple(f"imports of {n}" for n in s.code_from_notebooks))
        lines.append(f"    code:   {code}")
    return "\n".join(lines) + "\n"
