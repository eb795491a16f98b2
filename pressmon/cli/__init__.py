"""The ``pressmon`` command line: one Typer app whose commands live in this package, one module per
group, each loaded only when one of its commands runs (or ``--help`` lists them all).

Loading a group costs what it imports: the crawler (Scrapy) for ``crawl``, the models (scikit-learn)
for ``process``, ``tag``, ``train`` and ``evaluate``, the report's renderers for ``report``; so
``pressmon init``, ``import``, ``export`` or ``users`` start in a fraction of the time.

Expected problems (:class:`pipeline.errors.PressmonError`) end with one sentence on stderr and an exit
code (:mod:`pressmon.cli.exits`), never a traceback: 0 all well, 2 bad input or configuration, 3 some
sources failed while the rest landed, 75 another run holds the lock, 130 interrupted.

The commands are thin: they parse options, call a job (:mod:`pressmon.jobs`) or a pipeline function,
and print the outcome.
"""

from __future__ import annotations

import importlib
import logging
import sqlite3
import sys
from typing import TYPE_CHECKING

import typer
from sqlalchemy.exc import DBAPIError
from typer.core import TyperGroup
from typer.main import get_command_from_info

from pipeline.errors import PressmonError
from pipeline.storage.engine import database_failure
from pressmon.cli import alerts, users
from pressmon.cli.exits import EXIT_DATABASE, EXIT_INTERRUPTED, error_exit, error_message
from pressmon.cli.options import main_options
from pressmon.console import err_console

if TYPE_CHECKING:  # Typer vendors its own click; these are the types its groups are written against.
    from typer._click.core import Command, Context

log = logging.getLogger(__name__)

# Each command and the module of ``pressmon.cli`` that defines it, in the order ``--help`` lists them.
COMMANDS = {
    "init": "data",
    "crawl": "crawl",
    "import": "data",
    "process": "understand",
    "tag": "understand",
    "export": "data",
    "report": "report",
    "weekly": "operate",
    "poll": "operate",
    "recheck": "operate",
    "dashboard": "operate",
    "demo": "operate",
    "train": "models",
    "evaluate": "models",
    "build-representation": "models",
    "backup": "data",
    "restore": "data",
    "copy-db": "data",
}


class LazyCommands(TyperGroup):
    """The root group: a command's module is imported when the command is asked for."""

    def list_commands(self, ctx: Context) -> list[str]:
        return [*COMMANDS, *super().list_commands(ctx)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        group: typer.Typer = importlib.import_module(f"pressmon.cli.{COMMANDS[cmd_name]}").app
        for info in group.registered_commands:
            name = info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
            if name == cmd_name:
                return get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
        return None


app = typer.Typer(
    cls=LazyCommands,
    help="pressmon: media monitoring for the Hải Phòng / An Lão information office.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.callback()(main_options)
app.add_typer(users.app, name="users")
app.add_typer(alerts.app, name="alerts")


def main() -> None:
    """Console entry point: run the app, turning expected errors into one line and an exit code."""
    try:
        app()
    except PressmonError as exc:
        err_console.print(f"[bold red]Error:[/] {error_message(exc)}", highlight=False, soft_wrap=True)
        sys.exit(error_exit(exc))
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        message = database_failure(exc)
        if message is None:
            raise  # a fault in pressmon itself: its traceback is what a developer needs
        # The statement and its parameters (article text) stay out of the terminal; -v logs them.
        log.debug("database failure", exc_info=True)
        err_console.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_DATABASE)
    except KeyboardInterrupt:
        err_console.print("Interrupted.")
        sys.exit(EXIT_INTERRUPTED)
