"""Publication dates as Vietnamese outlets write them, turned into timezone-aware datetimes.

Handles ISO-8601 and RFC-822 (metadata and feeds), numeric Vietnamese dates with or without weekday,
time and "(GMT+7)" ("Thứ Hai, 12/5/2025, 14:30 (GMT+7)", "22/10/2025 19:25"), long forms
("ngày 22 tháng 10 năm 2025"), and relative ones ("2 giờ trước", "Hôm qua") against a given clock.
A date without an offset is Vietnam time (UTC+07:00).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

from pipeline.clock import local_zone
from pipeline.text.normalise import fold

_TIME = r"(?P<hour>\d{1,2})\s*(?::|h|giờ)\s*(?P<minute>\d{1,2})?(?::(?P<second>\d{2}))?"
_NUMERIC = re.compile(r"(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>\d{4})")
_LONG = re.compile(r"ngay\s+(?P<day>\d{1,2})\s+thang\s+(?P<month>\d{1,2})\s*(?:,?\s*nam\s+(?P<year>\d{4}))?")
_TIME_RE = re.compile(_TIME.replace("giờ", "gio"))
_RELATIVE = re.compile(r"(?P<n>\d+)\s*(?P<unit>giay|phut|gio|ngay|tuan|thang)\s*truoc")
_UNITS = {"giay": "seconds", "phut": "minutes", "gio": "hours", "ngay": "days", "tuan": "weeks"}
_OFFSET = re.compile(r"gmt\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})")


def parse_iso(value: str) -> datetime | None:
    """Parse ISO-8601 (date or date-time); a missing offset means Vietnam time."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=local_zone())


def parse_rfc822(value: str) -> datetime | None:
    """Parse an RFC-822 feed date ("Tue, 14 Oct 2026 08:30:00 +0700")."""
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=local_zone())


def _time_after(text: str, start: int) -> tuple[int, int, int] | None:
    """The time of day written shortly after ``start``, or None when there is none."""
    match = _TIME_RE.search(text, start)
    if not match or match.start() - start > 16:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    second = int(match["second"] or 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute, second


def _tz_of(text: str) -> tzinfo:
    match = _OFFSET.search(text)
    if not match:
        return local_zone()
    hours = int(match["hours"]) * (1 if match["sign"] == "+" else -1)
    return timezone(timedelta(hours=hours))


def _absolute(text: str) -> datetime | None:
    match = _NUMERIC.search(text) or _LONG.search(text)
    if not match or not match["year"]:
        return None
    hour, minute, second = _time_after(text, match.end()) or (0, 0, 0)
    try:
        return datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            hour,
            minute,
            second,
            tzinfo=_tz_of(text),
        )
    except ValueError:
        return None


def _relative(text: str, now: datetime) -> datetime | None:
    match = _RELATIVE.search(text)
    if match:
        unit, n = match["unit"], int(match["n"])
        delta = timedelta(days=30 * n) if unit == "thang" else timedelta(**{_UNITS[unit]: n})
        return (now - delta).astimezone(local_zone())
    for word, days in (("hom qua", 1), ("hom nay", 0)):
        if word in text:
            day = (now.astimezone(local_zone()) - timedelta(days=days)).replace(second=0, microsecond=0)
            clock = _time_after(text, text.index(word) + len(word))
            return day.replace(hour=clock[0], minute=clock[1]) if clock else day
    return None


def parse_vietnamese_date(text: str, now: datetime | None = None) -> datetime | None:
    """The first date in ``text`` as a timezone-aware datetime, or None.

    Args:
        text: a visible or metadata date string, e.g. "Thứ tư, 22/10/2025, 19:25 (GMT+7)".
        now: the crawl time that relative dates ("2 giờ trước") count back from.
    """
    if not text or not text.strip():
        return None
    parsed = parse_iso(text) or parse_rfc822(text)
    if parsed:
        return parsed
    folded = fold(text)
    found = _absolute(folded)
    if found is None and now is not None:
        found = _relative(folded, now)
    return found
