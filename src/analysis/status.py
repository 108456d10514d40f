"""`python -m analysis status`: what a build would do, per stage and program, without building.

Takes the project (its catalog and the outputs on disk); returns one `Row` per stage and program, in the
DAG's order: **fresh** (the build record holds this key and every recorded output is there with its
hash), **stale** (something changed: the row says what, in the words the build uses when it re-runs a
stage), or **missing** (never built, or its outputs are gone). The stage functions of `analysis.pipeline`
build their targets the same way, so this listing and a build always agree. Nothing is written and the
build lock is not held (a running build is named in the first line, since it may change what follows).

A row computed from inputs that are themselves stale says so ("after extract"): its own verdict holds
for the files as they are now, and the stage before it will run first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from analysis import dag, pipeline
from analysis.core.catalog import Program, series_groups
from analysis.core.lock import running_build


@dataclass(frozen=True)
class Row:
    """One stage run: its stage, its program ('' for the stages over all programs), its state and why."""

    stage: str
    program: str
    state: str
    why: str = ""


def _row(b: pipeline.Build, stage: str, program: Program | None, target: pipeline.Target) -> Row:
    found = target.freshness(b)
    if found.fresh:
        state = "fresh"
    elif not found.built or any("missing" in reason for reason in found.reasons):
        state = "missing"
    else:
        state = "stale"
    return Row(stage, program.id if program else "", state, found.why())


def _verdict(b: pipeline.Build, program: Program) -> Row:
    """The validate stage keeps verdicts, not outputs: is there one for this very package, and what did it say?"""
    key = b.key(dag.BY_NAME["validate"], program)
    stored = b.paths.checked / pipeline.VERDICTS / f"{program.id}.json"
    known = json.loads(stored.read_text(encoding="utf-8")) if stored.exists() else {}
    if known.get("key") != key.digest:
        return Row("validate", program.id, "stale" if known else "missing", "no verdict for this package yet")
    problems = known.get("problems") or []
    return Row("validate", program.id, "fresh", f"{len(problems)} problem(s): the check stage leaves it out" if problems else "valid")


def rows(b: pipeline.Build) -> list[Row]:
    """Every stage run of a build, as it stands now."""
    extracted = pipeline.extracted(b)
    checked = pipeline.checked(b)
    analysed = [prog for prog in b.programs if pipeline.has_analysis(b, prog)]
    out = [_row(b, "extract", prog, pipeline.extract_target(b, prog)) for prog in b.programs]
    out += [_verdict(b, prog) for prog in extracted]
    out.append(_row(b, "check", None, pipeline.check_target(b)))
    out += [_row(b, "analyse", prog, pipeline.analyse_target(b, prog)) for prog in checked]
    with_analysis = [prog for prog in checked if prog in analysed]
    if series_groups(with_analysis):  # a municipality with programs of two years: the series stage has work
        out.append(_row(b, "series", None, pipeline.series_target(b, with_analysis)))
    out.append(_row(b, "compare", None, pipeline.compare_target(b, [prog for prog in checked if prog in analysed])))
    out += [_row(b, "notebooks", prog, pipeline.notebooks_target(b, prog)) for prog in analysed]
    out.append(_row(b, "comparison-notebook", None, pipeline.comparison_target(b, analysed)))
    out.append(_row(b, "site", None, pipeline.site_target(b)))
    return _mark_waiting(out)


def _mark_waiting(found: list[Row]) -> list[Row]:
    """A fresh row whose stage comes after a row that will run says so: that run may change its inputs."""
    pending = [r for r in found if r.state != "fresh"]
    marked = []
    for r in found:
        before = dag.BY_NAME[r.stage].after
        waits = sorted({p.stage for p in pending if p.stage in before and (not r.program or not p.program or p.program == r.program)})
        if r.state == "fresh" and waits:
            r = Row(r.stage, r.program, r.state, f"for now; after {', '.join(waits)} it may run again")
        marked.append(r)
    return marked


def render(found: list[Row]) -> str:
    """The rows as aligned text, one line each."""
    width_stage = max((len(r.stage) for r in found), default=0)
    width_program = max((len(r.program) for r in found), default=0)
    lines = [f"{r.stage:<{width_stage}}  {r.program or '(all)':<{max(width_program, 5)}}  {r.state:<7}  {r.why}".rstrip() for r in found]
    return "\n".join(lines) + "\n"


def status(root: Path | None = None) -> tuple[str, bool]:
    """The listing (with a first line naming a running build, if any) and whether everything is fresh."""
    b = pipeline.Build.open(root)
    pipeline.report_catalog(b)
    found = rows(b)
    head = ""
    who = running_build(b.paths.root)
    if who:
        head = f"a build is running in this project ({who}): what follows may change as it goes\n"
    fresh = sum(r.state == "fresh" for r in found)
    summary = f"{fresh} of {len(found)} stage runs fresh; `python -m analysis build` runs the others\n" if fresh < len(found) else "everything is fresh\n"
    return head + render(found) + summary, fresh == len(found) and not b.problems
