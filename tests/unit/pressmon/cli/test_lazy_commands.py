"""pressmon.cli: every command is reachable through the lazy root group, and a command loads only its
own group (``init`` never imports the crawler, the models or the report's renderers)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import typer

from pressmon.cli import COMMANDS, app
from tests.support.cli import cli_env

HEAVY = ("scrapy", "sklearn", "matplotlib", "docx")


def test_the_table_names_every_command_of_every_group_once() -> None:
    defined: dict[str, str] = {}
    for module in sorted(set(COMMANDS.values())):
        group: typer.Typer = importlib.import_module(f"pressmon.cli.{module}").app
        for info in group.registered_commands:
            assert info.callback is not None
            name = info.name or info.callback.__name__.replace("_", "-")
            assert name not in defined, f"{name} defined in {defined.get(name)} and {module}"
            defined[name] = module
    assert defined == COMMANDS


def test_every_command_resolves_to_its_own_function() -> None:
    root = typer.main.get_command(app)
    ctx = typer.Context(root)
    for name in COMMANDS:
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        assert command is not None and command.name == name
    assert root.get_command(ctx, "users") is not None  # type: ignore[attr-defined]
    assert root.get_command(ctx, "no-such-command") is None  # type: ignore[attr-defined]


def test_init_loads_neither_the_crawler_nor_the_models(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pressmon.cli import app\n"
        "try:\n"
        f"    app(['--db', 'sqlite:///{tmp_path / 'p.db'}', 'init'])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        f"print('loaded:', ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=cli_env(tmp_path), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "loaded:"
