"""The ``pressmon`` command line: one Typer app, its commands grouped by concern in this package.

Expected problems (:class:`pipeline.errors.PressmonError`) end with one sentence on stderr and an exit
code (:mod:`pressmon.cli.exits`), never a traceback: 0 all well, 2 bad input or configuration, 3 some
sources failed while the rest landed, 75 another run holds the lock, 130 interrupted.

The commands are thin: they parse options, call a job (:mod:`pressmon.jobs`) or a pipeline function,
and print the outcome.
"""

from __future__ import annotations

import sys

import typer

from pipeline.errors import PressmonError
from pressmon.cli import collect, models, operate, report, understand, users
from pressmon.cli.exits import EXIT_INTERRUPTED, error_exit, error_message
from pressmon.cli.options import main_options
from pressmon.console import err_console

app = typer.Typer(
    help="pressmon: media monitoring for the Hải Phòng / An Lão information office.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.callback()(main_options)
collect.register(app)
understand.register(app)
report.register(app)
operate.register_jobs(app)
models.register(app)
operate.register_storage(app)
app.add_typer(users.app, name="users")


def main() -> None:
    """Console entry point: run the app, turning expected errors into one line and an exit code."""
    try:
        app()
    except PressmonError as exc:
        err_console.print(f"[bold red]Error:[/] {error_message(exc)}", highlight=False, soft_wrap=True)
        sys.exit(error_exit(exc))
    except KeyboardInterrupt:
        err_console.print("Interrupted.")
        sys.exit(EXIT_INTERRUPTED)
