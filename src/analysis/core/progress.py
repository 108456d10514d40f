"""What the user sees while work runs: one console on stderr, and progress bars for long work (PDF pages).

`console` is the rich console every stage prints its one-line reports to; `page_progress(label)` yields a
`ProgressCallback` (`progress(done, total, what)`) that layouts call while reading pages.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

ProgressCallback = Callable[[int, int, str], None]
"""`progress(done, total, what)`: layouts call it while reading pages so the CLI can draw a bar."""

console = Console(stderr=True, soft_wrap=True)


@contextmanager
def page_progress(label: str) -> Iterator[ProgressCallback]:
    """Yield a `progress(done, total, what)` callback that drives one rich progress bar.

    On a non-interactive stderr (CI logs, a test) nothing is drawn at all: the stage's own one-line report says
    what happened, and an error stays the only line.
    """
    if not sys.stderr.isatty():
        yield lambda done, total, what="": None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
        redirect_stdout=False,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int, what: str = "") -> None:
            bar.update(task, completed=done, total=total, description=f"{label} {what}".strip())

        yield update
