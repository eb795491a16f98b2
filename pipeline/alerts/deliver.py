"""Sending the outbox: every delivery due is claimed, sent by e-mail (SMTP) or webhook (JSON POST) and
marked sent; a failure is retried later with a growing delay.

Exactly once per (event, user) and channel, as far as the sender can know: a delivery is marked sent in
its own transaction right after the server accepted it. A sender killed before the server accepted the
message leaves the delivery unsent, and the next run sends it. Messages carry a stable identity (the
e-mail's ``Message-ID``, the webhook's ``Idempotency-Key``) so a receiver can drop the one copy a crash
in the instant between acceptance and marking could cause.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from sqlalchemy.engine import Engine

from pipeline.clock import utcnow
from pipeline.errors import PressmonError
from pipeline.settings import AlertSettings
from pipeline.storage import alerts as store
from pipeline.storage.engine import transaction
from pipeline.text.vi_format import vi_datetime, vi_number

log = logging.getLogger(__name__)

# Headers unfolded (up to RFC 5322's 998 characters): Python's folding of a long Vietnamese subject
# into several encoded words loses the space at a word boundary ("bồi thường" → "bồithường").
_POLICY = policy.SMTP.clone(max_line_length=998)
_SCOPES = {"an-lao": "An Lão", "hai-phong": "Hải Phòng"}
_HEADINGS = {
    "flagged": "Tin cần xem xét phản hồi",
    "spreading": "Tin đang lan rộng",
    "deadline": "Quá hạn phản hồi",
    "case-edited": "Bài trong vụ việc đã bị sửa",
    "case-removed": "Bài trong vụ việc đã bị gỡ",
}


@dataclass(frozen=True)
class SendSummary:
    sent: int
    failed: int
    queued: int


def _when(value: str | None) -> str:
    return vi_datetime(datetime.fromisoformat(value)) if value else "không rõ"


def item_lines(kind: str, payload: dict[str, Any], reason_names: dict[str, str], link: str) -> list[str]:
    """One alert as Vietnamese lines: what happened, title, outlet, time, reasons, score, links."""
    lines = [f"{_HEADINGS.get(kind, kind)}: {payload.get('title', '')}"]
    if kind.startswith("case-"):
        lines.append(f"Vụ việc số {payload.get('case_id')}: {payload.get('case_title', '')}")
    lines.append(f"Cơ quan báo chí: {payload.get('outlet') or 'không rõ'}")
    lines.append(f"Đăng lúc: {_when(payload.get('published_at'))}")
    lines.append(f"Phạm vi: {_SCOPES.get(payload.get('scope', ''), payload.get('scope', ''))}")
    reasons = [reason_names.get(r, r) for r in payload.get("reasons", [])]
    lines.append(f"Lý do: {'; '.join(reasons) if reasons else 'không nêu'}")
    lines.append(f"Điểm cảnh báo: {vi_number(float(payload.get('score', 0.0)), 2)}")
    if kind == "spreading":
        lines.append(
            f"Số cơ quan đăng lại trong 24 giờ: {payload.get('outlets')} ({payload.get('items')} tin)"
        )
    if kind == "deadline":
        lines.append(f"Hạn phản hồi: {_when(payload.get('deadline'))}")
    if kind == "case-edited":
        lines.append(f"Phiên bản mới: {payload.get('revision')}")
    if kind == "case-removed":
        lines.append(f"Kiểm tra lại: {payload.get('detail') or 'không còn trên trang'}")
    lines.append(f"Bài gốc: {payload.get('url', '')}")
    lines.append(f"Mở trong pressmon: {link}")
    return lines


def _link(settings: AlertSettings, article_id: str | None) -> str:
    base = settings.dashboard_url.rstrip("/")
    return f"{base}/?id={article_id}" if article_id else base


def _email(
    settings: AlertSettings, to: str, batch: Sequence[store.Due], reason_names: dict[str, str]
) -> EmailMessage:
    msg = EmailMessage(policy=_POLICY)
    first = batch[0]
    if len(batch) == 1:
        subject = f"[pressmon] {_HEADINGS.get(first.kind, first.kind)}: {first.payload.get('title', '')}"
    else:
        subject = f"[pressmon] Tổng hợp {len(batch)} cảnh báo"
    msg["Subject"] = subject[:200]
    msg["From"] = settings.sender
    msg["To"] = to
    msg["Date"] = format_datetime(utcnow())
    # Stable per delivery: a receiver that sees the same id twice can drop the copy.
    msg["Message-ID"] = make_msgid(
        idstring=f"alert-{'-'.join(str(d.delivery_id) for d in batch)}", domain="pressmon"
    )
    blocks = [
        "\n".join(item_lines(d.kind, d.payload, reason_names, _link(settings, d.article_id))) for d in batch
    ]
    msg.set_content("\n\n".join(blocks) + "\n\n-- \npressmon, theo dõi báo chí\n")
    return msg


def send_email(settings: AlertSettings, message: EmailMessage) -> None:
    """Hand ``message`` to the configured SMTP server (STARTTLS and login when configured)."""
    if not settings.smtp_host:
        raise PressmonError("No SMTP server configured: set [alerts] smtp_host.")
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        smtp.send_message(message)


def post_webhook(settings: AlertSettings, url: str, body: dict[str, Any], key: str) -> None:
    """POST ``body`` as JSON to ``url``; anything but a 2xx answer is a failure."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key}
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=settings.timeout) as response:  # nosec B310
        if not 200 <= response.status < 300:
            raise PressmonError(f"webhook answered {response.status}")


def _webhook_body(
    settings: AlertSettings, batch: Sequence[store.Due], reason_names: dict[str, str]
) -> dict[str, Any]:
    alerts = []
    for due in batch:
        link = _link(settings, due.article_id)
        text = "\n".join(item_lines(due.kind, due.payload, reason_names, link))
        alerts.append({"id": due.alert_id, "kind": due.kind, "text": text, "link": link, **due.payload})
    return {"user": batch[0].username, "alerts": alerts, "text": "\n\n".join(a["text"] for a in alerts)}


Sender = Callable[[str, Sequence[store.Due]], None]


def _groups(claimed: Sequence[store.Due]) -> list[list[store.Due]]:
    """Immediate deliveries one by one; a user's digest deliveries on one channel together."""
    groups: dict[tuple[str, str], list[store.Due]] = {}
    singles = []
    for due in claimed:
        if due.digest:
            groups.setdefault((due.username, due.channel), []).append(due)
        else:
            singles.append([due])
    return singles + list(groups.values())


def send_due(
    engine: Engine, settings: AlertSettings, reason_names: dict[str, str], now: datetime | None = None
) -> SendSummary:
    """Queue the overdue-review alerts, then send every delivery due; returns what was sent and failed."""
    now = now or utcnow()
    with transaction(engine) as session:
        queued = store.queue_deadline_alerts(session, now, settings)
    sent = failed = 0
    while True:
        with transaction(engine) as session:
            claimed = store.claim_due(session, now, timedelta(seconds=settings.claim_seconds))
        if not claimed:
            break
        for batch in _groups(claimed):
            ids = [d.delivery_id for d in batch]
            try:
                if batch[0].channel == "email":
                    send_email(settings, _email(settings, batch[0].address, batch, reason_names))
                else:
                    key = f"pressmon-alert-{'-'.join(str(i) for i in ids)}"
                    post_webhook(
                        settings, batch[0].address, _webhook_body(settings, batch, reason_names), key
                    )
            except (OSError, smtplib.SMTPException, urllib.error.URLError, PressmonError) as exc:
                log.warning("alert delivery %s to %s failed: %s", ids, batch[0].username, exc)
                with transaction(engine) as session:
                    store.mark_failed(session, ids, str(exc), utcnow(), settings)
                failed += len(ids)
                continue
            with transaction(engine) as session:
                store.mark_sent(session, ids, utcnow())
            sent += len(ids)
    return SendSummary(sent, failed, queued)
