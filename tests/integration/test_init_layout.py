"""``pressmon init`` on a fresh install leaves what the README's crontab line needs: ``var/logs``."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.cli import CliRun


def test_init_creates_the_log_folder_the_crontab_redirects_to(cli: CliRun, tmp_path: Path) -> None:
    logs = tmp_path / "var" / "logs"
    cron_line = "true >> var/logs/cron.log 2>&1"  # the redirect of the README's crontab line
    before = subprocess.run(["/bin/sh", "-c", cron_line], cwd=tmp_path, capture_output=True, check=False)
    assert before.returncode != 0  # a fresh install: the shell cannot open the log
    done = cli("init")
    assert done.returncode == 0, done.stderr
    assert logs.is_dir() and f"logs in {logs}" in done.stdout.replace("\n", "")
    subprocess.run(["/bin/sh", "-c", cron_line], cwd=tmp_path, check=True)
    assert (logs / "cron.log").is_file()
    assert cli("init").returncode == 0  # again: the folder already there is fine
