"""The command line as the operator runs it, for the tests and the benchmarks: ``python -m pressmon``
started as a real subprocess in a working folder, with a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

CliRun = Callable[..., subprocess.CompletedProcess[str]]


def cli_env(workdir: Path) -> dict[str, str]:
    """This environment without stray ``PRESSMON_*`` variables, with ``workdir/var`` as the var folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSMON_")}
    return {**env, "PRESSMON_VAR_DIR": str(workdir / "var"), "COLUMNS": "200", "NO_COLOR": "1"}


def make_cli(workdir: Path) -> CliRun:
    """Runs ``python -m pressmon ARGS`` as a real subprocess in ``workdir``, with a clean environment."""
    base_env = cli_env(workdir)

    def run(
        *args: str, env: dict[str, str] | None = None, stdin: str | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pressmon", *args],
            cwd=workdir,
            env={**base_env, **(env or {})},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


def init_with_subscriber(cli: CliRun, env: dict[str, str], name: str = "lan") -> None:
    """``init``, then an analyst ``name`` subscribed to alerts by e-mail (``name@example.org``)."""
    assert cli("init", env=env).returncode == 0
    added = cli(
        "users", "add", name, "--role", "analyst", "--password-stdin", stdin="mat-khau-dai-du\n", env=env
    )
    assert added.returncode == 0, added.stderr
    assert cli("alerts", "subscribe", name, "--email", f"{name}@example.org", env=env).returncode == 0
