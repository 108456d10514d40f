"""What the user sees while work runs: one console on stderr, and progress bars for long work (PDF pages).

`say(message)` / `fail(message)` / `warn(message)` print a stage's one-line reports (plain text) to `console`, the rich
console on stderr. Work running as a task on another process or machine (`analysis.cluster`) cannot
print to the user's terminal: there `collecting()` catches the lines instead, and the task hands them
back to the client, which prints them as the task finishes. `page_progress(label)` yields a
`ProgressCallback` (`progress(done, total, what)`) that layouts call while reading pages; while
collecting, it draws nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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

_collected: ContextVar[list[str] | None] = ContextVar("collected_lines", default=None)


def show(markup: str) -> None:
    """One line of rich markup, on the console or into the lines being collected."""
    lines = _collected.get()
    if lines is None:
        console.print(markup, highlight=False)
    else:
        lines.append(markup)


def say(message: str) -> None:
    """One line of a stage's report (plain text: never read as markup)."""
    from rich.markup import escape

    show(escape(message))


def fail(message: str) -> None:
    """One line reporting a failure, in red (plain text)."""
    from rich.markup import escape

    show(f"[red]{escape(message)}[/]")


def warn(message: str) -> None:
    """One line of warning, in yellow (plain text)."""
    from rich.markup import escape

    show(f"[yellow]{escape(message)}[/]")


@contextmanager
def collecting() -> Iterator[list[str]]:
    """Catch what `say` and `fail` report in this context (and its threads' own contexts) into a list."""
    lines: list[str] = []
    token = _collected.set(lines)
    try:
        yield lines
    finally:
        _collected.reset(token)


def _no_progress(done: int, total: int, what: str = "") -> None:
    return None


@contextmanager
def page_progress(label: str) -> Iterator[ProgressCallback]:
    """Yield a `progress(done, total, what)` callback that drives one rich progress bar.

    On a non-interactive stderr (CI logs, a test) nothing is drawn at all: the stage's own one-line report says
    what happened, and an error stays the only line. While collecting (a task on a cluster worker) neither.
    """
    if not sys.stderr.isatty() or _collected.get() is not None:
        yield _no_progress
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
