"""The one build cache: a stage's output is up to date when its key is unchanged.

A key is the hash of three things:
- **inputs**: the names and contents of the files the stage reads;
- **code**: the source of the modules the stage runs, found by following `analysis` imports from the
  stage's entry modules through the code itself (AST), so a module added or edited anywhere below an
  entry re-runs the stage without anyone keeping a list; the YAML files of an imported package (the
  layout profiles of `analysis.extract.profiles`) count as its code;
- **parameters**: anything else the output depends on (a catalog entry, a library version).

The key is stored as `.build-key` in the output folder (or a named key file beside an output file);
`is_fresh` compares, `stamp` writes. Nothing here decides *what* a stage reads: `analysis.dag` declares it.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.core.io import sha256_file

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


def files_fingerprint(files: Iterable[Path], base: Path) -> str:
    """Hash of files' names (relative to `base`) and contents, in a stable order; key files are left out."""
    h = hashlib.sha256()
    for f in sorted(set(files)):
        if f.is_file() and f.name != KEY_FILE:
            h.update(f.relative_to(base).as_posix().encode())
            h.update(sha256_file(f).encode())
    return h.hexdigest()


def make_key(
    stage: str, *, inputs: Iterable[Path], base: Path, code: Iterable[str], params: Mapping[str, Any] | None = None, package_dir: Path = PACKAGE_DIR
) -> str:
    """The build key of one run of `stage`: its input files, its code (read from `package_dir`), and its parameters."""
    parts = [
        stage,
        files_fingerprint(inputs, base),
        code_fingerprint(code, package_dir),
        json.dumps(params or {}, sort_keys=True, default=str, ensure_ascii=False),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def read_key(key_file: Path) -> str | None:
    return key_file.read_text().strip() if key_file.exists() else None


def key_file_for(output: Path) -> Path:
    """Where the key of an output lives: inside a folder, or beside a file (`.<name>.build-key`)."""
    return output / KEY_FILE if output.is_dir() else output.with_name(f".{output.stem}{KEY_FILE}")


def is_fresh(output: Path, key: str, force: bool = False) -> bool:
    """True when `output` exists and was made with exactly this key (and `force` is off)."""
    return not force and output.exists() and read_key(key_file_for(output)) == key


def stamp(output: Path, key: str) -> None:
    """Record that `output` was made with `key` (call only once the output is complete)."""
    key_file_for(output).write_text(key + "\n")


def forget(output: Path) -> None:
    """Remove an output's key, so an interrupted rebuild is never mistaken for a finished one."""
    key_file_for(output).unlink(missing_ok=True)
