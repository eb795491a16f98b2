"""The progress displays of long jobs (transient: they vanish when the job ends)."""

from __future__ import annotations

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from pressmon.console import console


def bar(label: str) -> Progress:
    """A bar counting items done out of a total."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, console=console, transient=True)


def page_counter() -> Progress:
    """A spinner per source counting the pages it stored (a crawl's total is unknown)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} pages"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
