"""Progress bars for long work (reading PDF pages, running notebooks), drawn on stderr with rich."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .extract.base import ProgressCallback


@contextmanager
def page_progress(label: str) -> Iterator[ProgressCallback]:
    """Yield a `progress(done, total, what)` callback that drives one rich progress bar.

    On a non-interactive stderr (CI logs) rich draws nothing per step; the final state is still printed.
    """
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=not sys.stderr.isatty(),
        redirect_stdout=False,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int, what: str = "") -> None:
            bar.update(task, completed=done, total=total, description=f"{label} {what}".strip())

        yield update
