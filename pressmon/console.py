"""The consoles the command line prints to (stdout for results, stderr for problems)."""

from __future__ import annotations

from rich.console import Console

console = Console()

err_console = Console(stderr=True)
