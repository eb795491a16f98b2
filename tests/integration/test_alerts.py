"""Alerts end to end: `pressmon process` stores a flagged item's alert with its assessment and sends it to a
real SMTP server and a webhook on loopback, once; a sender killed mid-send loses and doubles nothing."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.storage.engine import make_engine
from pipeline.storage.schema import AlertDelivery
from tests.support.cli import CliRun, cli_env
from tests.support.paths import FIXTURES
from tests.support.sinks import smtp_sink, webhook_sink

pytestmark = pytest.mark.slow


def _prepare(cli: CliRun, webhook: str = "") -> None:
    assert cli("init").returncode == 0
    added = cli("users", "add", "lan", "--role", "analyst", "--password-stdin", stdin="mat-khau-dai-du\n")
    assert added.returncode == 0, added.stderr
    hook = ["--webhook", webhook] if webhook else []
    subscribed = cli("alerts", "subscribe", "lan", "--email", "lan@example.org", *hook, "--scope", "an-lao")
    assert subscribed.returncode == 0, subscribed.stderr
    assert cli("import", str(FIXTURES / "items.jsonl")).returncode == 0


def _smtp(port: int, **more: str) -> dict[str, str]:
    return {"PRESSMON_ALERTS__SMTP_HOST": "127.0.0.1", "PRESSMON_ALERTS__SMTP_PORT": str(port), **more}


def test_a_flagged_item_reaches_mail_and_webhook_once(cli: CliRun) -> None:
    with smtp_sink() as (mail, port), webhook_sink() as (posts, hook):
        _prepare(cli, hook)
        env = _smtp(port, PRESSMON_ALERTS__DASHBOARD_URL="https://pressmon.anlao.example")
        done = cli("process", env=env)
        assert done.returncode == 0, done.stderr
        # Lan follows An Lão: of the items flagged, only the An Lão complaint is hers.
        assert re.search(r"\b[1-9]\d* flagged", done.stdout), done.stdout
        again = cli("alerts", "send", env=env)
        assert again.returncode == 0 and "0 sent" in again.stdout
        listed = cli("alerts", "list")

    (message,) = mail.messages
    body = message.get_content()
    assert message["To"] == "lan@example.org"
    assert message["Subject"].startswith("[pressmon] Tin cần xem xét phản hồi:")
    for line in ("Cơ quan báo chí:", "Đăng lúc:", "Phạm vi: An Lão", "Lý do:", "Điểm cảnh báo: 0,"):
        assert line in body
    assert "Mở trong pressmon: https://pressmon.anlao.example/?id=" in body
    ((headers, payload),) = posts
    assert headers["Idempotency-Key"].startswith("pressmon-alert-")
    (alert,) = payload["alerts"]
    assert alert["kind"] == "flagged" and alert["scope"] == "an-lao"
    assert alert["link"].startswith("https://pressmon.anlao.example/?id=")
    assert "lan@example.org" in listed.stdout


def test_a_sender_killed_mid_send_loses_and_doubles_nothing(cli: CliRun, tmp_path: Path) -> None:
    with smtp_sink() as (mail, port):
        _prepare(cli)
        env = {**cli_env(tmp_path), **_smtp(port, PRESSMON_ALERTS__CLAIM_SECONDS="1")}
        mail.hold = True
        sender = subprocess.Popen(
            [sys.executable, "-m", "pressmon", "process"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert mail.entered.wait(120), "process never reached the SMTP server"
            sender.send_signal(signal.SIGKILL)
            sender.wait(30)
        finally:
            if sender.poll() is None:
                sender.kill()
        mail.release.set()
        assert mail.messages == []  # the message was never accepted
        mail.hold = False
        time.sleep(1.5)  # the dead sender's claim lapses
        for _ in range(2):
            resent = cli("alerts", "send", env=_smtp(port, PRESSMON_ALERTS__CLAIM_SECONDS="1"))
            assert resent.returncode == 0, resent.stderr
        assert len(mail.messages) == 1
        assert "Tin cần xem xét phản hồi" in mail.messages[0]["Subject"]


def test_an_unreachable_mail_server_is_retried_not_lost(cli: CliRun, tmp_path: Path) -> None:
    with smtp_sink() as (_, port):
        _prepare(cli)
    quick = {"PRESSMON_ALERTS__RETRY_SECONDS": "0.01"}
    # The sink has stopped: nothing listens on its port any more.
    failed = cli("process", env=_smtp(port, **quick))
    assert failed.returncode == 0, failed.stderr
    engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'pressmon.db'}")
    with engine.connect() as conn:
        (delivery,) = conn.execute(select(AlertDelivery)).all()
    assert delivery.attempts == 1 and delivery.sent_at is None and delivery.last_error
    time.sleep(0.1)
    with smtp_sink() as (mail, port2):
        sent = cli("alerts", "send", env=_smtp(port2, **quick))
        assert "1 sent" in sent.stdout, sent.stdout
    assert len(mail.messages) == 1
    with engine.connect() as conn:
        assert conn.execute(select(AlertDelivery.sent_at)).scalar_one() is not None
    engine.dispose()
