"""A private, throw-away PostgreSQL cluster for the tests: initdb in a temporary folder, a free port.

Uses the server binaries of Debian's ``postgresql`` package (``.ci/run`` installs it). PostgreSQL
refuses to run as root, so as root the cluster runs as the ``postgres`` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg


def find_bin_dir() -> Path | None:
    """The newest PostgreSQL server bin folder on this machine, or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _run(program: Path, *args: str) -> None:
    subprocess.run(_as_server_user([str(program), *args]), check=True, capture_output=True)


@contextmanager
def running_cluster() -> Iterator[str]:
    """Start a cluster with trust authentication on 127.0.0.1; yields the admin URL (psycopg form)."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server binaries not found (Debian package postgresql)")
    root = Path(tempfile.mkdtemp(prefix="pressmon-pg-"))
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        for path in (root, data):
            os.chown(path, user.pw_uid, user.pw_gid)
    port = _free_port()
    _run(
        bin_dir / "initdb",
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run(bin_dir / "pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new empty database on the cluster; yields its SQLAlchemy URL and drops it afterwards."""
    name = f"pressmon_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
