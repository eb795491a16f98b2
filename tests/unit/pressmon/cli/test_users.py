"""pressmon.cli.users: the ``users`` commands manage accounts, with clear errors, as real subprocesses."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import AuditLog
from tests.support.accounts import PASSWORD, attempt
from tests.support.cli import CliRun
from tests.support.clock import SIGN_IN_NOW as T0


def test_users_commands_manage_accounts_with_clear_errors(cli: CliRun, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert cli("--db", db, "init").returncode == 0
    short = cli("--db", db, "users", "add", "mai", "--role", "analyst", "--password-stdin", stdin="ngan\n")
    assert short.returncode == 2 and "at least" in short.stderr and "Traceback" not in short.stderr
    assert (
        cli(
            "--db", db, "users", "add", "mai", "--role", "analyst", "--password-stdin", stdin=PASSWORD
        ).returncode
        == 0
    )
    bad_role = cli("--db", db, "users", "set-role", "mai", "boss")
    assert bad_role.returncode == 2 and "Unknown role" in bad_role.stderr
    assert cli("--db", db, "users", "set-role", "mai", "admin").returncode == 0
    assert cli("--db", db, "users", "disable", "mai").returncode == 0
    listed = cli("--db", db, "users", "list")
    assert "mai" in listed.stdout and "admin" in listed.stdout and "disabled" in listed.stdout
    engine = make_engine(db)
    assert attempt(engine, "mai", PASSWORD, T0) == (None, "invalid")
    assert cli("--db", db, "users", "disable", "mai", "--enable").returncode == 0
    assert (
        cli("--db", db, "users", "passwd", "mai", "--password-stdin", stdin="mat-khau-moi-456\n").returncode
        == 0
    )
    assert attempt(engine, "mai", PASSWORD, T0)[1] == "invalid"
    identity, _ = attempt(engine, "mai", "mat-khau-moi-456", T0)
    assert identity is not None and identity.role == "admin"
    missing = cli("--db", db, "users", "disable", "khong-co")
    assert missing.returncode == 2 and "No user" in missing.stderr
    with transaction(engine) as session:
        actions = session.scalars(select(AuditLog.action).where(AuditLog.object_type == "user")).all()
    assert actions == ["created", "role", "disabled", "disabled", "password"]
