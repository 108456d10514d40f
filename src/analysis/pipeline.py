"""The pipeline: raw documents -> extracted packages -> checked tables -> analysis tables -> notebooks -> site.

Each stage reads only what the previous one wrote, can run alone (`python -m analysis <stage>`), and is
cached by content: a stage's output folder holds a `.build-key`, the hash of everything it was made from
(input files and the code of the stage). When the key is unchanged the stage is skipped. Outputs are
written to a temporary sibling and renamed into place, so a failed run leaves the previous output whole.
One program failing never stops the others: its error is reported and the rest of the build goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from .catalog import CatalogError, Program, load_catalog, project_root, verify_catalog, verify_file
from .package import atomic_directory, sha256_file, write_package

console = Console(stderr=True, soft_wrap=True)
log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
KEY_FILE = ".build-key"

# The code each stage depends on: a change there re-runs the stage (and, by content, what follows).
STAGE_CODE = {
    "extract": ["extract", "numbers.py", "model.py", "contract.py", "package.py", "reconcile.py"],
    "check": ["checks.py", "contract.py", "package.py"],
    "analyse": ["measures.py", "budget.py", "ambition.py", "taxonomy.py", "tables.py", "numbers.py", "contract.py"],
    "notebooks": ["report.py", "pages.py", "charts.py", "numbers.py", "catalog.py"],
    "site": ["site.py", "findings.py", "pages.py", "charts.py", "numbers.py", "contract.py"],
}


@dataclass(frozen=True)
class Paths:
    """Where every stage reads and writes, relative to the project root."""

    root: Path

    @property
    def extracted(self) -> Path:
        return self.root / "data" / "extracted"

    @property
    def checked(self) -> Path:
        return self.root / "data" / "checked"

    @property
    def duckdb(self) -> Path:
        return self.root / "data" / "programs.duckdb"

    @property
    def analysis(self) -> Path:
        return self.root / "data" / "analysis"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def report(self) -> Path:
        return self.root / "report"

    @property
    def site(self) -> Path:
        return self.root / "_site"

    @property
    def config(self) -> Path:
        return self.root / "data"


def paths(root: Path | None = None) -> Paths:
    return Paths(root or project_root())


# --------------------------------------------------------------------------- content keys


def code_fingerprint(stage: str) -> str:
    """Hash of the source files a stage depends on."""
    h = hashlib.sha256()
    for name in STAGE_CODE[stage]:
        target = PACKAGE_DIR / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for f in files:
            if f.exists():
                h.update(f.relative_to(PACKAGE_DIR).as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()


def files_fingerprint(files: Iterable[Path], base: Path) -> str:
    """Hash of files' names (relative to `base`) and contents, in a stable order."""
    h = hashlib.sha256()
    for f in sorted(set(files)):
        if f.is_file() and f.name != KEY_FILE:
            h.update(f.relative_to(base).as_posix().encode())
            h.update(sha256_file(f).encode())
    return h.hexdigest()


def make_key(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def read_key(folder: Path) -> str | None:
    f = folder / KEY_FILE
    return f.read_text().strip() if f.exists() else None


def up_to_date(folder: Path, key: str, force: bool) -> bool:
    return not force and folder.exists() and read_key(folder) == key


# --------------------------------------------------------------------------- stages


def verify(root: Path | None = None) -> list[Program]:
    """Raise CatalogError if any raw file's checksum differs from data/catalog.yml."""
    programs = load_catalog(root)
    verify_catalog(programs)
    console.print(f"verify: {sum(len(p.files) for p in programs)} raw files match their checksums", highlight=False)
    return programs


def extract_program(program: Program, p: Paths, force: bool = False) -> bool:
    """Extract one program's primary edition into data/extracted/<id>/. Returns False on failure."""
    from .extract import ExtractionError, extract_file
    from .progress import page_progress

    src = program.primary_file
    out = p.extracted / program.id
    try:
        verify_file(src)
    except CatalogError as exc:
        console.print(f"[red]extract {program.id}: {exc}[/]", highlight=False)
        return False
    key = make_key("extract", src.sha256, code_fingerprint("extract"))
    if up_to_date(out, key, force):
        console.print(f"extract {program.id}: up to date", highlight=False)
        return True
    started = time.perf_counter()
    try:
        with page_progress(f"extract {program.id}") as progress:
            result = extract_file(src.path, program.id, progress)
    except ExtractionError as exc:
        console.print(f"[red]extract {program.id}: {exc}[/]", highlight=False)
        return False
    seconds = round(time.perf_counter() - started, 2)
    result.source_file = src.path.relative_to(p.root).as_posix()
    write_package(result, out, extra_meta={"seconds": seconds, "build_key": key})
    (out / KEY_FILE).write_text(key + "\n")
    mism = sum(r.status == "mismatch" for r in result.reconciliation)
    console.print(
        f"extract {program.id}: {len(result.performance_targets)} targets, {len(result.indicators)} indicators, "
        f"{len(result.activities)} activities, {mism} reconciliation mismatches ({seconds} s)",
        highlight=False,
    )
    return True


def extract_all(root: Path | None = None, force: bool = False) -> list[str]:
    """Extract every catalog program; returns the ids that failed (the others are still written)."""
    p = paths(root)
    programs = load_catalog(p.root)
    return [prog.id for prog in programs if not extract_program(prog, p, force)]


def extracted_programs(p: Paths, programs: list[Program]) -> list[Program]:
    """The catalog programs that have an extracted package."""
    return [prog for prog in programs if (p.extracted / prog.id / "datapackage.json").exists()]


def check(root: Path | None = None, force: bool = False) -> list[str]:
    """Validate every extracted package; combine the valid ones into data/checked/ and data/programs.duckdb."""
    from . import checks

    p = paths(root)
    programs = extracted_programs(p, load_catalog(p.root))
    inputs = [f for prog in programs for f in (p.extracted / prog.id).iterdir()]
    key = make_key("check", files_fingerprint(inputs, p.root), code_fingerprint("check"))
    if up_to_date(p.checked, key, force) and p.duckdb.exists():
        console.print("check: up to date", highlight=False)
        return json.loads((p.checked / "failed.json").read_text()) if (p.checked / "failed.json").exists() else []
    valid, failed = [], []
    for prog in programs:
        problems = checks.validate_package(p.extracted / prog.id)
        if problems:
            failed.append(prog.id)
            console.print(f"[red]check {prog.id}: {len(problems)} problem(s)[/]", highlight=False)
            for line in problems[:20]:
                console.print(f"  - {line}", highlight=False)
        else:
            valid.append(prog)
    with atomic_directory(p.checked) as tmp:
        checks.combine(p, valid, load_catalog(p.root), tmp)
        (tmp / "failed.json").write_text(json.dumps(failed) + "\n")
        (tmp / KEY_FILE).write_text(key + "\n")
    console.print(f"check: {len(valid)} program(s) valid, {len(failed)} failed -> {p.checked.relative_to(p.root)}, {p.duckdb.relative_to(p.root)}", highlight=False)
    return failed


def analyse(root: Path | None = None, force: bool = False) -> list[str]:
    """Compute every program's analysis tables into data/analysis/<id>/, and the comparison tables."""
    from . import tables

    p = paths(root)
    catalog = load_catalog(p.root)
    failed_checks = set(json.loads((p.checked / "failed.json").read_text())) if (p.checked / "failed.json").exists() else set()
    programs = [prog for prog in extracted_programs(p, catalog) if prog.id not in failed_checks]
    config_files = [p.config / n for n in ("taxonomy.yml", "indicator_direction.yml", "catalog.yml") if (p.config / n).exists()]
    failed = []
    for prog in programs:
        pkg = p.extracted / prog.id
        out = p.analysis / prog.id
        key = make_key("analyse", files_fingerprint(pkg.iterdir(), p.root), files_fingerprint(config_files, p.root), code_fingerprint("analyse"))
        if up_to_date(out, key, force):
            console.print(f"analyse {prog.id}: up to date", highlight=False)
            continue
        try:
            with atomic_directory(out) as tmp:
                written = tables.write_program_tables(prog, pkg, p.config, tmp)
                (tmp / KEY_FILE).write_text(key + "\n")
        except Exception as exc:  # one program's analysis failing must not stop the others
            failed.append(prog.id)
            console.print(f"[red]analyse {prog.id}: {type(exc).__name__}: {exc}[/]", highlight=False)
            continue
        console.print(f"analyse {prog.id}: {len(written)} tables", highlight=False)
    done = [prog for prog in programs if prog.id not in failed]
    out = p.analysis / "_comparison"
    inputs = [f for prog in done for f in (p.analysis / prog.id).iterdir()]
    key = make_key("compare", files_fingerprint(inputs, p.root), files_fingerprint(config_files, p.root), code_fingerprint("analyse"))
    if not up_to_date(out, key, force):
        with atomic_directory(out) as tmp:
            tables.write_comparison_tables(done, p.analysis, tmp)
            (tmp / KEY_FILE).write_text(key + "\n")
        console.print(f"analyse: comparison of {len(done)} program(s)", highlight=False)
    return failed


def run_notebooks(root: Path | None = None, force: bool = False) -> list[str]:
    """Execute the notebooks with papermill into report/ (one set per program, plus the comparison)."""
    from . import report

    p = paths(root)
    catalog = load_catalog(p.root)
    programs = [prog for prog in catalog if (p.analysis / prog.id / KEY_FILE).exists()]
    return report.run_all(p, programs, force=force)


def render_site(root: Path | None = None, force: bool = False) -> None:
    """Write the generated pages and downloads, then render the website into _site/."""
    from . import site

    p = paths(root)
    site.render(p, load_catalog(p.root), force=force)


def build(root: Path | None = None, force: bool = False) -> bool:
    """Every stage in order. Returns False when any program failed somewhere (the site is still built)."""
    started = time.perf_counter()
    p = paths(root)
    load_catalog(p.root)
    failed_extract = extract_all(p.root, force)
    failed_check = check(p.root, force)
    failed_analyse = analyse(p.root, force)
    failed_notebooks = run_notebooks(p.root, force)
    render_site(p.root, force)
    failures = {"extract": failed_extract, "check": failed_check, "analyse": failed_analyse, "notebooks": failed_notebooks}
    elapsed = time.perf_counter() - started
    if any(failures.values()):
        for stage, ids in failures.items():
            if ids:
                console.print(f"[red]build: {stage} failed for {', '.join(ids)}[/]", highlight=False)
        console.print(f"build: site written to {p.site.relative_to(p.root)}/ without the failed programs ({elapsed:.1f} s)", highlight=False)
        return False
    console.print(f"build: done in {elapsed:.1f} s -> {p.site.relative_to(p.root)}/index.html", highlight=False)
    return True


def remove_stale(folder: Path, keep: set[str]) -> None:
    """Remove sub-folders of `folder` that belong to programs no longer in the catalog."""
    if not folder.exists():
        return
    for child in folder.iterdir():
        if child.is_dir() and not child.name.startswith((".", "_")) and child.name not in keep:
            shutil.rmtree(child)
