"""Files written safely: checksums, atomic folders and files, reproducible zips, copies that skip the unchanged.

Every stage writes through these, so an interrupted or failed run never leaves half an output behind:
a folder is built in a temporary sibling and renamed into place in one step; a file likewise. Every
temporary name is a dot-file named after its target (`.<name>.tmp-<random>`, `.<name>.old-<pid>`,
matched by `TEMP_NAME`), so a build killed with SIGKILL, which cleans nothing up, leaves only names that
the next build recognises as its own and removes (`sweep_temporary`), and that no stage reads (dot-files
are never a stage's input or output).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


TEMP_NAME = re.compile(r"^\.[^/]+\.(?:(?:tmp|old)-[A-Za-z0-9_]+(?:\.[A-Za-z0-9]+)?|tmp|[a-z0-9_]{8}(?:\.ipynb)?)$")
"""The temporary names this project writes: `.<name>.tmp-<random>[.<suffix>]`, `.<name>.old-<pid>`,
`.<name>.tmp`, and `.<name>.<8 random>[.ipynb]` of earlier versions."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


UMASK = _umask()
"""mkstemp/mkdtemp make private files (0600) and folders (0700); outputs get the usual modes instead, so a
web server running as another user can read the published site."""


def temp_name(target: Path) -> str:
    """The prefix of a temporary sibling of `target` (mkstemp/mkdtemp add the random part)."""
    return f".{Path(target).name}.tmp-"


def sweep_temporary(recursive: Iterable[Path], shallow: Iterable[Path]) -> list[Path]:
    """Remove the temporary files and folders a killed run left: anywhere below the `recursive` folders,
    directly inside the `shallow` ones; only names matching `TEMP_NAME`. Returns what was removed."""
    removed: list[Path] = []

    def visit(folder: Path, deep: bool) -> None:
        try:
            entries = sorted(folder.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            if TEMP_NAME.match(entry.name):
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() and not entry.is_symlink() else entry.unlink(missing_ok=True)
                removed.append(entry)
            elif deep and entry.is_dir() and not entry.is_symlink():
                visit(entry, deep)

    for folder in recursive:
        visit(Path(folder), True)
    for folder in shallow:
        visit(Path(folder), False)
    return removed


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a temporary folder; on success it replaces `target` in one rename, on failure it is removed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=temp_name(target), dir=target.parent))
    tmp.chmod(0o777 & ~UMASK)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Write a file through a temporary sibling and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_name(path), dir=path.parent)
    os.fchmod(fd, 0o666 & ~UMASK)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def zip_folder(folder: Path, target: Path, arc_prefix: str) -> None:
    """Zip a folder reproducibly (fixed timestamps, sorted names, dot-files left out) and atomically."""
    zip_folders([(folder, "")], target, arc_prefix)


def _visible_files(folder: Path) -> list[tuple[Path, Path]]:
    """(path relative to `folder`, path) of every file under `folder` with no dot-file or dot-folder on its way."""
    out = []
    for f in folder.rglob("*"):
        rel = f.relative_to(folder)
        if not any(part.startswith(".") for part in rel.parts) and f.is_file():
            out.append((rel, f))
    return out


def zip_folders(folders: list[tuple[Path, str]], target: Path, arc_prefix: str) -> None:
    """Zip folders as one tree (each `(folder, its place in the tree)`, "" for the top) reproducibly, as
    `zip_folder` zips a folder holding them: fixed timestamps, names sorted, dot-files left out; atomically.
    Nothing is copied first (the site stage zipped a copy of each program's folders)."""
    entries = sorted((Path(place) / rel, f) for folder, place in folders if folder.exists() for rel, f in _visible_files(folder))
    fd, tmp = tempfile.mkstemp(prefix=temp_name(target), dir=target.parent)
    os.fchmod(fd, 0o666 & ~UMASK)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for rel, f in entries:
                info = zipfile.ZipInfo(f"{arc_prefix}/{rel.as_posix()}", date_time=(2021, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, f.read_bytes())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_if_changed(src: Path, dest: Path) -> None:
    """Copy `src` to `dest` atomically, unless `dest` already holds the same bytes."""
    if dest.exists() and dest.stat().st_size == src.stat().st_size and dest.read_bytes() == src.read_bytes():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    shutil.copy2(src, tmp)
    os.replace(tmp, dest)


def remove_stale(folder: Path, keep: set[str]) -> None:
    """Remove sub-folders of `folder` that belong to programs no longer in the catalog."""
    if not folder.exists():
        return
    for child in folder.iterdir():
        if child.is_dir() and not child.name.startswith((".", "_")) and child.name not in keep:
            shutil.rmtree(child)
