"""The one build cache: a stage's output is up to date when its key is unchanged *and* its outputs are as made.

A key is the hash of three things:
- **inputs**: the names and contents of the files the stage reads;
- **code**: the source of the modules the stage runs, found by following `analysis` imports from the
  stage's entry modules through the code itself (AST), so a module added or edited anywhere below an
  entry re-runs the stage without anyone keeping a list; the YAML files of an imported package (the
  layout profiles of `analysis.extract.profiles`) count as its code;
- **parameters**: anything else the output depends on (a catalog entry, a library version).

A stage run's **build record** (`.build-key` in its output folder, or `.<name>.build-key` beside an output
file; JSON) holds the key, the sha256 of each input, and the name and sha256 of **every file it wrote**
(its declared outputs, `analysis.dag`). `check` says a stage is fresh only when the key matches, every
recorded output exists with its recorded hash, and no file the stage did not make sits in a folder it
replaces whole; otherwise it says why, in words ("data/analysis/x/budget_by_unit.csv missing"). `stamp`
writes the record once the outputs are in place. A missing, truncated or hand-edited output therefore
re-runs its stage, never reaches the site. Hashing every output costs about 0.1 s per 50 MB.
Nothing here decides *what* a stage reads or writes: `analysis.dag` declares it.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.core.io import atomic_write_text, sha256_file

KEY_FILE = ".build-key"
PACKAGE = "analysis"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- code: modules and their imports


def module_file(name: str, package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The source file of module `analysis.x.y` (a package's `__init__.py`), or None if there is none."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = package_dir.joinpath(*parts[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The absolute name a (possibly relative) `from … import` refers to."""
    if not node.level:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - node.level + 1]
    return ".".join(parts + ([node.module] if node.module else []))


def imported_modules(name: str, source: str, is_package: bool = False, package_dir: Path = PACKAGE_DIR) -> set[str]:
    """The `analysis` modules that `source` (the code of module `name`) imports, wherever the import sits."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, node, is_package)
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for target in targets:
            if target.split(".")[0] == PACKAGE and module_file(target, package_dir):
                found.add(target)
    return found


def _parents(name: str) -> list[str]:
    """`analysis.a.b` -> [`analysis`, `analysis.a`]: importing a module runs its packages' `__init__` too."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def module_closure(entries: Iterable[str], package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Every `analysis` module the entry modules import, transitively, with its source file."""
    seen: dict[str, Path] = {}
    todo = list(entries)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_file(name, package_dir)
        if path is None:
            raise ValueError(f"no module {name} in {package_dir}")
        seen[name] = path
        todo.extend(_parents(name))
        todo.extend(imported_modules(name, path.read_text(encoding="utf-8"), path.name == "__init__.py", package_dir))
    return seen


def notebook_modules(notebooks: Iterable[Path], package_dir: Path = PACKAGE_DIR) -> set[str]:
    """The `analysis` modules imported by the code cells of these notebooks."""
    found: set[str] = set()
    for nb in notebooks:
        cells = json.loads(Path(nb).read_text(encoding="utf-8")).get("cells", [])
        source = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        found |= imported_modules("__notebook__", "\n".join(lines), package_dir=package_dir)
    return found


DATA_SUFFIXES = (".yml", ".yaml")
"""Files beside a package's modules that are code too: a layout profile (`extract/profiles/*.yml`) is read
at run time, so a change to it must re-run the stage like a change to a module."""


@lru_cache(maxsize=64)
def _code_fingerprint(entries: tuple[str, ...], package_dir: Path, stamp: tuple[int, ...]) -> str:
    h = hashlib.sha256()
    for name, path in sorted(module_closure(entries, package_dir).items()):
        h.update(name.encode())
        h.update(path.read_bytes())
        if path.name == "__init__.py":
            for data in sorted(p for p in path.parent.iterdir() if p.suffix in DATA_SUFFIXES):
                h.update(data.name.encode())
                h.update(data.read_bytes())
    return h.hexdigest()


def code_fingerprint(entries: Iterable[str], package_dir: Path = PACKAGE_DIR) -> str:
    """Hash of the source of the entry modules and of everything they import (within `analysis`)."""
    files = sorted(f for suffix in ("*.py", *(f"*{s}" for s in DATA_SUFFIXES)) for f in package_dir.rglob(suffix))
    stamp = tuple(f.stat().st_mtime_ns for f in files)  # a source edited in this process is read again
    return _code_fingerprint(tuple(sorted(set(entries))), package_dir, stamp)


# --------------------------------------------------------------------------- inputs and keys


def files_hashes(files: Iterable[Path], base: Path) -> dict[str, str]:
    """Each file's name (relative to `base`) and sha256, in a stable order; key files are left out."""
    return {f.relative_to(base).as_posix(): sha256_file(f) for f in sorted(set(files)) if f.is_file() and f.name != KEY_FILE}


def files_fingerprint(files: Iterable[Path], base: Path) -> str:
    """Hash of files' names (relative to `base`) and contents, in a stable order; key files are left out."""
    return _fingerprint(files_hashes(files, base))


def _fingerprint(hashes: Mapping[str, str]) -> str:
    h = hashlib.sha256()
    for name, digest in hashes.items():
        h.update(name.encode())
        h.update(digest.encode())
    return h.hexdigest()


@dataclass(frozen=True)
class Key:
    """The build key of one run of a stage, and what it was made of (kept in the record, to say what changed)."""

    digest: str
    inputs: dict[str, str]
    """Input file (relative to the project) -> sha256."""
    code: str
    params: str


def make_key(
    stage: str, *, inputs: Iterable[Path], base: Path, code: Iterable[str], params: Mapping[str, Any] | None = None, package_dir: Path = PACKAGE_DIR
) -> Key:
    """The build key of one run of `stage`: its input files, its code (read from `package_dir`), and its parameters."""
    hashes = files_hashes(inputs, base)
    code_hash = code_fingerprint(code, package_dir)
    params_text = json.dumps(params or {}, sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256("\n".join([stage, _fingerprint(hashes), code_hash, params_text]).encode()).hexdigest()
    return Key(digest, hashes, code_hash, params_text)


# --------------------------------------------------------------------------- outputs and records

RECORD_VERSION = 2
"""Version 1 records held only the key (plain text); they are never trusted (the stage runs once more)."""

GLOB_CHARS = ("*", "?", "[")


def _below(folder: Path) -> Iterator[Path]:
    """Every file under `folder` whose path below it has no dot-file or dot-folder (keys, temporary files)."""
    for f in folder.rglob("*"):
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts):
            yield f


def output_files(root: Path, patterns: Iterable[str]) -> dict[str, Path]:
    """The files a stage's declared outputs hold now: `pattern/` is a folder (everything below it), a pattern
    with `*` a glob, anything else one file; dot-files are never outputs (keys, temporary files, caches)."""
    found: dict[str, Path] = {}
    for pattern in patterns:
        if pattern.endswith("/"):
            folder = root / pattern
            files = list(_below(folder)) if folder.is_dir() else []
        elif any(c in pattern for c in GLOB_CHARS):
            files = []
            for match in root.glob(pattern):
                if not match.name.startswith("."):
                    files.extend([match] if match.is_file() else _below(match))
        else:
            files = [root / pattern] if (root / pattern).is_file() else []
        found.update((f.relative_to(root).as_posix(), f) for f in files)
    return dict(sorted(found.items()))


def _owned(rel: str, patterns: Iterable[str]) -> bool:
    """Whether `rel` lies in an output the stage replaces whole (a folder or a named file, not a glob):
    a file there that the stage did not make is a change too."""
    return any(rel.startswith(p) if p.endswith("/") else rel == p for p in patterns if not any(c in p for c in GLOB_CHARS))


def read_record(record: Path) -> dict[str, Any] | None:
    """A stage's build record (None when there is none); a record of an older format reads as {}."""
    try:
        text = record.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) and data.get("version") == RECORD_VERSION else {}


def stamp(record: Path, key: Key, root: Path, outputs: Iterable[str]) -> None:
    """Record that the outputs were made with `key`, with every output file's sha256 (call once they are in place)."""
    made = {rel: sha256_file(f) for rel, f in output_files(root, outputs).items()}
    data = {"version": RECORD_VERSION, "key": key.digest, "code": key.code, "params": key.params, "inputs": key.inputs, "outputs": made}
    atomic_write_text(record, json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n")


def forget(record: Path) -> None:
    """Remove a build record, so an interrupted rebuild is never mistaken for a finished one."""
    record.unlink(missing_ok=True)


def _names(paths: list[str], limit: int = 2) -> str:
    shown = ", ".join(paths[:limit])
    return shown + (f" (+{len(paths) - limit} more)" if len(paths) > limit else "")


def _key_changes(data: Mapping[str, Any], key: Key) -> list[str]:
    """Why a recorded key differs from this one: which inputs, the code, the parameters."""
    before: dict[str, str] = data.get("inputs") or {}
    changed = sorted(n for n in key.inputs.keys() & before.keys() if key.inputs[n] != before[n])
    added = sorted(key.inputs.keys() - before.keys())
    removed = sorted(before.keys() - key.inputs.keys())
    reasons = [f"{what}: {_names(names)}" for what, names in (("input changed", changed), ("new input", added), ("input gone", removed)) if names]
    if data.get("code") != key.code:
        reasons.append("its code changed")
    if data.get("params") != key.params:
        reasons.append("its parameters changed")
    return reasons or ["its key changed"]


def _output_changes(data: Mapping[str, Any], root: Path, outputs: tuple[str, ...], required: Iterable[str]) -> list[str]:
    """Recorded outputs that are missing or differ, files in the outputs the stage did not make, required files missing."""
    made: dict[str, str] = data.get("outputs") or {}
    now = output_files(root, outputs)
    missing = sorted(set(made) - set(now))
    changed = sorted(rel for rel in made.keys() & now.keys() if sha256_file(now[rel]) != made[rel])
    extra = sorted(rel for rel in set(now) - set(made) if _owned(rel, outputs))
    absent = sorted(rel for rel in required if rel not in now and rel not in missing)
    reasons = [f"{_names(missing)} missing"] if missing else []
    reasons += [f"{_names(changed)} changed since it was made"] if changed else []
    reasons += [f"{_names(extra)} not made by the build"] if extra else []
    reasons += [f"{_names(absent)} never made"] if absent else []
    return reasons


@dataclass(frozen=True)
class Freshness:
    """Whether a stage's outputs can be trusted as they are, and if not, why (one reason per kind of problem)."""

    fresh: bool
    reasons: tuple[str, ...] = ()
    built: bool = False
    """Whether anything of the outputs exists (a record or files): False before the first build."""

    def why(self) -> str:
        return "; ".join(self.reasons)


def check(record: Path, key: Key, root: Path, outputs: Iterable[str], required: Iterable[str] = (), force: bool = False) -> Freshness:
    """Fresh when the record holds `key` *and* every recorded output is there with its recorded sha256,
    nothing else sits in the outputs the stage replaces whole, and every `required` file exists."""
    outputs = tuple(outputs)
    data = read_record(record)
    if data is None:
        built = bool(output_files(root, outputs))
        return Freshness(False, ("outputs without a build record",) if built else ("never built",), built)
    if not data:
        return Freshness(False, ("build record of an older version",), True)
    if force:
        return Freshness(False, ("--force",), True)
    if data.get("key") != key.digest:
        return Freshness(False, tuple(_key_changes(data, key)), True)
    reasons = _output_changes(data, root, outputs, required)
    return Freshness(not reasons, tuple(reasons), True)
